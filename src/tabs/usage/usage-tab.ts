import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { RangePreset, UsageSeriesQuery, UsageSummary } from '../../api/model.js';
import { isAbortError } from '../../api/errors.js';
import { portalContext, type PortalEnv } from '../../context.js';
import { SectionErrorEvent, SectionReadyEvent, type UsageFocus } from '../../events.js';
import { compare, sum } from '../../format/decimal.js';
import { formatDateRange, formatDateTime } from '../../format/date.js';
import { formatMoney, formatNumber, formatQuantity } from '../../format/money.js';
import { downloadCsv, toCsv } from '../../format/csv.js';
import { parseIsoDate, rangeDates, resolveRange, type CustomDates, type ResolvedRange } from '../../usage/ranges.js';
import { createTranslate, registerEnglish, type MessageKey, type Translate } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { PortalElement } from '../../ui/portal-element.js';
import { ChartLoader, chartLoaderStyles } from '../../ui/usage-chart/chart-loader.js';
import {
  UsageRangePlanner,
  applyFeatureFilter,
  featureRows,
  focusRange,
  focusedRow,
  isEmptyUsage,
  resultFits,
  type FeatureRow,
  type UsageResult,
} from '../../usage/rows.js';
import { usageTabStyles } from './usage-tab.styles.js';
import { renderUsageChart } from '../../ui/usage-chart/usage-chart-view.js';
import { createOutlookTask, forecastOf, outlookStyles, renderForecastDetail } from '../../ui/outlook/outlook-view.js';
import { nextTask } from '../../api/next-task.js';
import { usageSummaryFirst } from '../../sections/first-paint.js';

// This tab's English strings travel with its (lazily loaded) module.
registerEnglish(usage);

export type BreakdownSort = 'feature' | 'usage' | 'events' | 'cost';
type SortDir = 'ascending' | 'descending';

const BASE_PRESETS: RangePreset[] = ['1d', '7d', '30d'];
const fallbackT = createTranslate();

interface RowGroup {
  id: string;
  name: string;
  rows: FeatureRow[];
}

/** The presets the Usage tab offers for `config`: 1d / 7d / 30d, the tenant's extras, and custom when allowed. */
export function usagePresets(config: PortalEnv['config']): RangePreset[] {
  const out = [...BASE_PRESETS];
  for (const p of config.usagePresets) if (p !== 'custom' && !out.includes(p)) out.push(p);
  if (config.allowCustomRange) out.push('custom');
  return out;
}

/** Exact total of one quantity over rows, with the unit when every row shares it (else just the number). */
function sameUnit(rows: FeatureRow[]): { singular: string; plural: string } | null {
  const first = rows[0];
  if (!first) return null;
  return rows.every((r) => r.unitPlural === first.unitPlural && r.unitSingular === first.unitSingular)
    ? { singular: first.unitSingular, plural: first.unitPlural }
    : null;
}

/**
 * @summary The Usage tab: usage per feature over a range (chart), a forecast, and a breakdown table
 * grouped by feature group, with CSV export (current usage against limits is the `usage-limits`
 * section, placed beside it by the layout).
 * @tag cp-usage-tab
 *
 * @csspart card - Each section (trend, forecast, breakdown).
 * @csspart chart - The usage chart.
 * @csspart table - The breakdown table.
 * @csspart state - Loading, empty and error states.
 * @fires cp-section-ready - Internal: the usage data is on screen.
 * @fires cp-section-error - Internal: a section failed to load.
 */
export class UsageTab extends PortalElement {
  static override styles = [hostStyles, componentStyles, stateStyles, chartLoaderStyles, outlookStyles, usageTabStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The range the user picked (null: the tenant's default). View state, kept across tokens. */
  @state() private preset: RangePreset | null = null;
  /** Custom dates as typed. */
  @state() private customDraft: CustomDates | null = null;
  /** Custom dates in use (valid). */
  @state() private custom: CustomDates | null = null;
  @state() private sortBy: BreakdownSort = 'cost';
  @state() private sortDir: SortDir = 'descending';

  /** Where an invoice's line item asked this tab to look (its period and meter); set by the root. */
  @property({ attribute: false }) usageFocus: UsageFocus | null = null;
  /** The meter of the feature in focus, until the user clears it. */
  @state() private focusMeter: string | null = null;
  /** The focus' name and period, for the note saying what is shown. */
  @state() private focusNote: UsageFocus | null = null;

  private readonly planner = new UsageRangePlanner();
  /**
   * The series result the breakdown table shows. It follows the chart's by a task: the chart, forecast
   * and limits render in one task and the table's rows (20 features with their subtotals) in the next,
   * rather than one task of 40–90 ms on a slow core. The table shows its loading state meanwhile.
   */
  @state() private breakdownResult: UsageResult | null = null;
  private breakdownNext: UsageResult | null = null;
  /** Imports `cp-usage-chart` (with chart.js) when this tab first connects; a skeleton stands in meanwhile. */
  private readonly chartLoader = new ChartLoader(this, 'usage', () => this.env?.backend?.capabilities.usageSeries !== null);
  private settledSeries = false;
  private settledSummary = false;
  private succeeded = false;
  private readyDispatched = false;
  private failureSettled = false;
  private rowsCache: { result: UsageResult; range: ResolvedRange; filter: unknown; rows: FeatureRow[] } | null = null;

  private get backend(): PortalBackend | null {
    return this.env?.backend ?? null;
  }

  private get t(): Translate {
    return this.env?.t ?? fallbackT;
  }

  private readonly seriesTask = new Task<[PortalBackend | null, UsageSeriesQuery | null], UsageResult>(this, {
    args: () => [this.backend, this.planner.query],
    task: async ([backend, query], { signal }) => {
      if (!backend || !query) return initialState;
      // The requests start a task after the render that asked for them (a tab's first render is task enough).
      await nextTask();
      signal.throwIfAborted();
      if (!backend.capabilities.usageSeries) {
        // No usage over time (Lago, Polar): the tab shows the current period's totals only.
        this.settledSeries = true;
        return initialState;
      }
      const series = await backend.usageSeries(query, signal);
      // Reading and checking 20 features' series, and rendering them, take a task each (neither a long task).
      await nextTask();
      signal.throwIfAborted();
      return { query, series };
    },
    onComplete: () => {
      this.settledSeries = true;
      this.succeeded = true;
    },
    onError: (error) => this.handleError(error, 'series'),
  });

  /**
   * The current period's totals, where the backend has no usage over time (the period table, or the
   * line above the limits section). The same request as the limits section's (one per backend).
   */
  private readonly summaryTask = new Task<[PortalBackend | null], UsageSummary>(this, {
    args: () => [this.backend && !this.hasSeries ? this.backend : null],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      await nextTask();
      signal.throwIfAborted();
      return usageSummaryFirst(backend);
    },
    onComplete: () => {
      this.settledSummary = true;
      this.succeeded = true;
    },
    onError: (error) => this.handleError(error, 'summary'),
  });

  /**
   * The forecast's input (period and daily history); loaded once the display zone is final and the tab's
   * first paint settled (with data or not), shared with the other tabs.
   */
  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.readyDispatched || this.failureSettled);

  private handleError(error: unknown, which: 'series' | 'summary'): void {
    if (isAbortError(error)) return;
    if (which === 'series') this.settledSeries = true;
    else this.settledSummary = true;
    this.dispatchEvent(new SectionErrorEvent('usage', error));
  }

  /** The preset in effect: the user's pick, else the tenant's default when offered, else 7d. */
  private get activePreset(): RangePreset {
    // An invoice's period is a custom range even where the tenant offers no custom picker.
    if (this.preset === 'custom' && this.focusNote && this.custom) return 'custom';
    const offered = this.env ? usagePresets(this.env.config) : BASE_PRESETS;
    if (this.preset && offered.includes(this.preset)) return this.preset;
    const def = this.env?.config.usageDefaultPreset;
    return def && offered.includes(def) && def !== 'custom' ? def : '7d';
  }

  /** Whether the backend has usage over time (chart, ranges, breakdown); without it only the current period shows. */
  private get hasSeries(): boolean {
    return !this.backend || this.backend.capabilities.usageSeries !== null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('usageFocus') && this.usageFocus && this.env) {
      // An invoice's period, as calendar dates in the display zone, with its feature in focus.
      const range = focusRange(this.usageFocus, this.env.timeZone);
      this.custom = range;
      this.customDraft = { ...range };
      this.preset = 'custom';
      this.focusMeter = this.usageFocus.meterId;
      this.focusNote = this.usageFocus;
    }
    if (this.env) this.planner.update(this.env, this.activePreset, this.activePreset === 'custom' ? this.custom : null);
    // No usage over time from this backend: no series to wait for; with it, no summary (the limits section asks it).
    if (this.backend) {
      if (this.hasSeries) this.settledSummary = true;
      else this.settledSeries = true;
    }
  }

  protected override updated(): void {
    const result = this.currentResult;
    if (result && result !== this.breakdownResult && result !== this.breakdownNext) {
      this.breakdownNext = result;
      void nextTask().then(() => {
        if (this.breakdownNext !== result) return;
        this.breakdownNext = null;
        this.breakdownResult = result;
      });
    }
    // Ready once everything is on screen, the breakdown included.
    const breakdownShown = !result || result === this.breakdownResult;
    if (!this.readyDispatched && this.succeeded && this.settledSeries && this.settledSummary && breakdownShown) {
      this.readyDispatched = true;
      this.dispatchEvent(new SectionReadyEvent('usage'));
      // The forecast's task waits for this (ready is not reactive state): let it see the change.
      queueMicrotask(() => this.requestUpdate());
    } else if (!this.failureSettled && !this.succeeded && this.settledSeries && this.settledSummary) {
      // Settled without data: the panel counts this tab as settled, and is ready once another section (the limits) has data.
      this.failureSettled = true;
      this.dispatchEvent(new SectionReadyEvent('usage', false));
      queueMicrotask(() => this.requestUpdate());
    }
  }

  // ------------------------------------------------------------- handlers

  private handleClearFocus(): void {
    this.focusMeter = null;
    this.focusNote = null;
  }

  private handlePreset(preset: RangePreset): void {
    if (preset === 'custom' && !this.custom && this.env) {
      const { from, to } = rangeDates(resolveRange('7d', { now: this.env.now(), timeZone: this.env.timeZone }));
      this.custom = { start: from, end: to };
      this.customDraft = { ...this.custom };
    }
    this.preset = preset;
  }

  private handleCustomInput(which: 'start' | 'end', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    const draft = { ...(this.customDraft ?? this.custom ?? { start: '', end: '' }), [which]: value };
    this.customDraft = draft;
    const start = parseIsoDate(draft.start);
    const end = parseIsoDate(draft.end);
    if (start && end && draft.start <= draft.end) this.custom = draft;
  }

  private handleSort(column: BreakdownSort): void {
    if (this.sortBy === column) this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortBy = column;
      this.sortDir = column === 'feature' ? 'ascending' : 'descending';
    }
  }

  private handleSeriesRetry(): void {
    if (this.env) this.planner.refresh(this.env, this.activePreset, this.activePreset === 'custom' ? this.custom : null);
    void this.seriesTask.run();
  }

  private handleExport(rows: FeatureRow[], range: ResolvedRange): void {
    const t = this.t;
    const { from, to } = rangeDates(range);
    const csv = toCsv(
      [t('usage.csv.feature'), t('usage.csv.group'), t('usage.csv.usage'), t('usage.csv.unit'), t('usage.csv.events'), t('usage.csv.cost'), t('usage.csv.currency'), t('usage.csv.from'), t('usage.csv.to')],
      this.sorted(rows).map((r) => [r.name, r.group?.name ?? '', r.usage, r.unitPlural, r.events, r.cost, r.currency.toUpperCase(), from, to]),
    );
    downloadCsv(csv, `usage-${from}-${to}.csv`, this);
  }

  // ------------------------------------------------------------- data

  private rows(result: UsageResult, range: ResolvedRange): FeatureRow[] {
    const filter = this.env!.config.featureFilter;
    const c = this.rowsCache;
    if (c && c.result === result && c.range === range && c.filter === filter) return c.rows;
    const rows = featureRows(result.series, range, filter);
    this.rowsCache = { result, range, filter, rows };
    return rows;
  }

  private sorted(rows: FeatureRow[]): FeatureRow[] {
    const dir = this.sortDir === 'ascending' ? 1 : -1;
    const locale = this.env?.locale ?? 'en';
    const byName = (a: FeatureRow, b: FeatureRow) => a.name.localeCompare(b.name, locale);
    const cmp = (a: FeatureRow, b: FeatureRow): number => {
      switch (this.sortBy) {
        case 'usage':
          return compare(a.usage, b.usage);
        case 'events':
          return a.events - b.events;
        case 'cost':
          return compare(a.cost, b.cost);
        default:
          return byName(a, b);
      }
    };
    return [...rows].sort((a, b) => cmp(a, b) * dir || byName(a, b));
  }

  private groups(rows: FeatureRow[]): RowGroup[] | null {
    if (!rows.some((r) => r.group)) return null;
    const map = new Map<string, RowGroup>();
    for (const r of rows) {
      const id = r.group?.id ?? '';
      let g = map.get(id);
      if (!g) {
        g = { id, name: r.group?.name || this.t('usage.breakdown.other'), rows: [] };
        map.set(id, g);
      }
      g.rows.push(r);
    }
    const locale = this.env?.locale ?? 'en';
    return [...map.values()].sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : a.name.localeCompare(b.name, locale)));
  }

  // ------------------------------------------------------------- render

  private renderPicker(): TemplateResult {
    const t = this.t;
    const presets = this.env ? usagePresets(this.env.config) : BASE_PRESETS;
    const active = this.activePreset;
    const draft = this.customDraft ?? this.custom;
    const invalid = !!draft && (!parseIsoDate(draft.start) || !parseIsoDate(draft.end) || draft.start > draft.end);
    const today = this.env ? rangeDates(resolveRange('today', { now: this.env.now(), timeZone: this.env.timeZone })).from : '';
    return html`<div class="toolbar">
      <div class="segmented" role="group" aria-label=${t('usage.range.label')}>
        ${presets.map((p) => {
          const long = p === '1d' || p === '7d' || p === '30d' ? t(`usage.range.${p}.long` as MessageKey) : nothing;
          return html`<button type="button" aria-pressed=${active === p ? 'true' : 'false'} title=${long} @click=${() => this.handlePreset(p)}>
            ${t(`usage.range.${p}` as MessageKey)}
          </button>`;
        })}
      </div>
      ${active === 'custom'
        ? html`<div class="custom">
            <label
              >${t('usage.custom.from')}
              <input type="date" .value=${draft?.start ?? ''} max=${today} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'custom-error' : nothing} @change=${(e: Event) => this.handleCustomInput('start', e)}
            /></label>
            <label
              >${t('usage.custom.to')}
              <input type="date" .value=${draft?.end ?? ''} max=${today} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'custom-error' : nothing} @change=${(e: Event) => this.handleCustomInput('end', e)}
            /></label>
            ${invalid ? html`<p class="invalid" id="custom-error" role="alert">${t('usage.custom.invalid')}</p>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private renderTrend(rows: FeatureRow[] | null, range: ResolvedRange | null, result: UsageResult | null): TemplateResult {
    const t = this.t;
    const env = this.env;
    const task = this.seriesTask;
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => this.handleSeriesRetry());
    else if (!env || !rows || !range || !result) body = renderLoading(t, undefined, 6);
    else if (rows.length === 0 || isEmptyUsage(rows)) body = renderEmpty(t('usage.trend.empty'), t('usage.trend.emptyHint'));
    else {
      const label = t('usage.trend.chartLabel', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
      const focused = focusedRow(rows, this.focusMeter);
      body = html`${this.focusNote && env
          ? html`<p class="focus-note" role="status">
              ${t('usage.focus.note', {
                item: focused?.name ?? this.focusNote.name,
                period: formatDateRange(this.focusNote.start, this.focusNote.end, env.locale, env.timeZone),
              })}
              <button type="button" class="link" @click=${this.handleClearFocus}>${t('usage.focus.clear')}</button>
            </p>`
          : nothing}
        ${renderUsageChart(this.chartLoader, rows, range, env, t, label, result.series.asOf, focused?.key ?? null)}`;
    }
    return html`<section class="card" part="card trend-card" aria-labelledby="trend-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="card-head">
        <h2 id="trend-title">${t('usage.trend.title')}</h2>
        ${result && env && task.status !== TaskStatus.ERROR
          ? html`<p class="as-of muted">${t('usage.asOf', { time: formatDateTime(result.series.asOf, env.locale, env.timeZone) })}</p>`
          : nothing}
      </div>
      ${body}
    </section>`;
  }

  /** The forecast card: absent where the backend has no usage history or no billing period is known. */
  private renderForecast(): TemplateResult | typeof nothing {
    const env = this.env;
    const task = this.outlookTask;
    // A failed forecast is no error state of its own: the trend and breakdown above say what failed.
    if (!env || task.status === TaskStatus.ERROR) return nothing;
    const input = task.value;
    const forecast = forecastOf(input);
    if (input === undefined) {
      return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title" aria-busy="true">
        <h2 id="forecast-title">${this.t('outlook.forecast.title')}</h2>
        ${renderLoading(this.t)}
      </section>`;
    }
    if (!forecast || (forecast.kind === 'none' && forecast.reason !== 'too-little-history')) return nothing;
    return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title" aria-busy="false">
      <div class="card-head">
        <h2 id="forecast-title">${this.t('outlook.forecast.title')}</h2>
        ${forecast.kind === 'forecast'
          ? html`<p class="as-of muted">${formatDateRange(forecast.periodStart, forecast.periodEnd, env.locale, env.timeZone)}</p>`
          : nothing}
      </div>
      ${renderForecastDetail(forecast, env, this.t)}
    </section>`;
  }

  private renderSortHeader(column: BreakdownSort, label: string, numeric: boolean): TemplateResult {
    const active = this.sortBy === column;
    const arrow = active ? (this.sortDir === 'ascending' ? '▲' : '▼') : '';
    return html`<th scope="col" class=${numeric ? 'num' : ''} aria-sort=${active ? this.sortDir : 'none'}>
      <button type="button" class="sort" @click=${() => this.handleSort(column)}>
        ${label}<span class="arrow" aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  private renderTotalsCells(rows: FeatureRow[], currency: string): TemplateResult {
    const locale = this.env?.locale ?? 'en';
    const unit = sameUnit(rows);
    const usage = sum(rows.map((r) => r.usage));
    const t = this.t;
    return html`<td class="num" data-label=${t('usage.breakdown.usage')}>${unit ? formatQuantity(usage, unit.singular, unit.plural, locale) : t('common.none')}</td>
      <td class="num" data-label=${t('usage.breakdown.events')}>${formatNumber(rows.reduce((n, r) => n + r.events, 0), locale)}</td>
      <td class="num" data-label=${t('usage.breakdown.cost')}>${formatMoney(sum(rows.map((r) => r.cost)), currency, locale)}</td>`;
  }

  private renderRow(r: FeatureRow): TemplateResult {
    const locale = this.env?.locale ?? 'en';
    const t = this.t;
    const focused = !!this.focusMeter && r.meterId === this.focusMeter;
    return html`<tr class=${focused ? 'focus' : ''} aria-current=${focused ? 'true' : nothing}>
      <th scope="row">${r.name}</th>
      <td class="num" data-label=${t('usage.breakdown.usage')}>${formatQuantity(r.usage, r.unitSingular, r.unitPlural, locale)}</td>
      <td class="num" data-label=${t('usage.breakdown.events')}>${formatNumber(r.events, locale)}</td>
      <td class="num" data-label=${t('usage.breakdown.cost')}>${formatMoney(r.cost, r.currency, locale)}</td>
    </tr>`;
  }

  private renderBreakdown(rows: FeatureRow[] | null, range: ResolvedRange | null, result: UsageResult | null): TemplateResult {
    const t = this.t;
    const env = this.env;
    const task = this.seriesTask;
    let body: TemplateResult;
    const hasData = !!rows && rows.length > 0 && !isEmptyUsage(rows);
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => this.handleSeriesRetry());
    else if (!env || !rows || !range || !result) body = renderLoading(t, undefined, 4);
    else if (!hasData) body = renderEmpty(t('usage.breakdown.empty'));
    else {
      const currency = result.series.currency || rows[0]?.currency || '';
      const groups = this.groups(rows);
      const caption = t('usage.breakdown.caption', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
      body = html`<div class="table-scroll">
        <table part="table">
          <caption class="visually-hidden">${caption}</caption>
          <thead>
            <tr>
              ${this.renderSortHeader('feature', t('usage.breakdown.feature'), false)} ${this.renderSortHeader('usage', t('usage.breakdown.usage'), true)}
              ${this.renderSortHeader('events', t('usage.breakdown.events'), true)} ${this.renderSortHeader('cost', t('usage.breakdown.cost'), true)}
            </tr>
          </thead>
          ${groups
            ? groups.map(
                (g) => html`<tbody>
                  <tr class="group-row">
                    <th scope="rowgroup" colspan="4">${g.name}</th>
                  </tr>
                  ${this.sorted(g.rows).map((r) => this.renderRow(r))}
                  <tr class="subtotal">
                    <th scope="row">${t('usage.breakdown.subtotal', { group: g.name })}</th>
                    ${this.renderTotalsCells(g.rows, currency)}
                  </tr>
                </tbody>`,
              )
            : html`<tbody>
                ${this.sorted(rows).map((r) => this.renderRow(r))}
              </tbody>`}
          <tfoot>
            <tr>
              <th scope="row">${t('usage.breakdown.total')}</th>
              ${this.renderTotalsCells(rows, currency)}
            </tr>
          </tfoot>
        </table>
      </div>`;
    }
    return html`<section class="card" part="card breakdown-card" aria-labelledby="breakdown-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="card-head">
        <h2 id="breakdown-title">${t('usage.breakdown.title')}</h2>
        ${hasData && rows && range
          ? html`<button type="button" class="btn" @click=${() => this.handleExport(rows, range)}>${t('common.exportCsv')}</button>`
          : nothing}
      </div>
      ${body}
    </section>`;
  }

  /** Where the backend has no usage series: the current billing period per metric (usage, events, cost), no chart, no ranges. */
  private renderPeriodUsage(env: PortalEnv): TemplateResult {
    const t = this.t;
    const task = this.summaryTask;
    const summary = task.value;
    const features = summary ? applyFeatureFilter(summary.features, env.config.featureFilter) : [];
    const hasEvents = features.some((f) => f.eventCount !== undefined);
    const currencies = [...new Set(features.filter((f) => f.cost !== undefined).map((f) => f.currency ?? ''))];
    const hasCost = currencies.length > 0;
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => void task.run());
    else if (!summary) body = renderLoading(t, undefined, 4);
    else if (features.length === 0) body = renderEmpty(t('usage.quota.empty'));
    else {
      const range = summary.periodStart && summary.periodEnd ? formatDateRange(summary.periodStart, summary.periodEnd, env.locale, env.timeZone) : '';
      body = html`<table part="table breakdown-table">
        <caption class="visually-hidden">${t('usage.breakdown.caption', { range })}</caption>
        <thead>
          <tr>
            <th scope="col">${t('usage.breakdown.feature')}</th>
            <th scope="col" class="num">${t('usage.breakdown.usage')}</th>
            ${hasEvents ? html`<th scope="col" class="num">${t('usage.breakdown.events')}</th>` : nothing}
            ${hasCost ? html`<th scope="col" class="num">${t('usage.breakdown.cost')}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${features.map(
            (f) => html`<tr>
              <th scope="row">${f.name}</th>
              <td class="num">${formatQuantity(f.usage, f.unitSingular, f.unitPlural, env.locale)}</td>
              ${hasEvents ? html`<td class="num">${f.eventCount === undefined ? t('common.none') : formatNumber(f.eventCount, env.locale)}</td>` : nothing}
              ${hasCost ? html`<td class="num">${f.cost === undefined ? t('common.none') : formatMoney(f.cost, f.currency ?? '', env.locale)}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
        ${hasCost && currencies.length === 1
          ? html`<tfoot>
              <tr>
                <th scope="row">${t('usage.breakdown.total')}</th>
                <td></td>
                ${hasEvents ? html`<td></td>` : nothing}
                <td class="num">${formatMoney(sum(features.map((f) => f.cost ?? '0')), currencies[0]!, env.locale)}</td>
              </tr>
            </tfoot>`
          : nothing}
      </table>`;
    }
    return html`<section class="card" part="card breakdown-card" aria-labelledby="period-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="card-head">
        <h2 id="period-title">${t('usage.period.title')}</h2>
        ${summary?.periodStart && summary.periodEnd
          ? html`<p class="as-of muted">${t('usage.quota.period', { range: formatDateRange(summary.periodStart, summary.periodEnd, env.locale, env.timeZone) })}</p>`
          : nothing}
      </div>
      <p class="muted" part="unavailable">${t('usage.period.note')}</p>
      ${body}
    </section>`;
  }

  /** The series result for the range in effect (null while it loads, or when it failed). */
  private get currentResult(): UsageResult | null {
    const value = this.seriesTask.value;
    return resultFits(value, this.planner.query) ? (value ?? null) : null;
  }

  override render(): TemplateResult {
    // No usage over time and no limits or credits to show against (Lago): the period's totals as a table.
    const features = this.summaryTask.value?.features;
    if (this.env && !this.hasSeries && !features?.some((f) => f.limit !== null || f.credited !== undefined)) {
      return html`<div class="stack">${this.renderPeriodUsage(this.env)}</div>`;
    }
    const range = this.planner.range;
    const result = this.currentResult;
    const rows = result && range && this.env ? this.rows(result, range) : null;
    const shown = result !== null && result === this.breakdownResult;
    if (!this.hasSeries) {
      // The backend has no usage over time: one line where the chart and ranges would be, then this period's usage.
      return html`<div class="stack">
        <p class="muted unavailable">${this.t('usage.series.unavailable')}</p>
      </div>`;
    }
    return html`<div class="stack">
      ${this.renderPicker()} ${this.renderTrend(rows, range, result)} ${this.renderForecast()}
      ${this.renderBreakdown(shown ? rows : null, range, shown ? result : null)}
    </div>`;
  }
}
