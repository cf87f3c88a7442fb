import { html, nothing, type TemplateResult } from 'lit';
import { TaskStatus } from '@lit/task';
import { formatDateRange, formatDateTime } from '../../format/date.js';
import { registerEnglish } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { ChartLoader, chartLoaderStyles } from '../../ui/usage-chart/chart-loader.js';
import { renderUsageChart } from '../../ui/usage-chart/usage-chart-view.js';
import { focusedRow, isEmptyUsage } from '../../usage/rows.js';
import { usageCardStyles } from '../usage-card.styles.js';
import { UsageSeriesSection } from '../usage-series-section.js';

registerEnglish(usage);

/**
 * @summary The Usage tab's usage over the picked range, per feature, as a chart with its data table (not the Overview's trend).
 * @tag cp-usage-chart-section
 *
 * Follows the panel's range and an invoice's focus (that feature's line alone,
 * with a note saying so and a way back to every line). Its request is the
 * breakdown's (one per range).
 *
 * @csspart card - The card.
 * @csspart trend-card - The card (in addition to `card`).
 * @csspart chart - The chart.
 * @csspart state - Loading, empty and error states.
 */
export class UsageChartSection extends UsageSeriesSection {
  static override styles = [hostStyles, componentStyles, stateStyles, chartLoaderStyles, usageCardStyles];

  /** Imports `cp-usage-chart` (with chart.js) when this section first connects; a skeleton stands in meanwhile. */
  private readonly chartLoader = new ChartLoader(this, 'usage', () => this.backend?.capabilities.usageSeries !== null);

  constructor() {
    super(1);
  }

  override render(): TemplateResult {
    const { t, env, view } = this;
    const task = this.seriesTask;
    const range = view.planner.range;
    const result = this.result;
    const rows = result && range && env ? this.rowsCache.rows(result, range, env.config.featureFilter) : null;
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, this.retry);
    else if (!env || !rows || !range || !result) body = renderLoading(t, undefined, 6);
    else if (rows.length === 0 || isEmptyUsage(rows)) body = renderEmpty(t('usage.trend.empty'), t('usage.trend.emptyHint'));
    else {
      const label = t('usage.trend.chartLabel', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
      const focused = focusedRow(rows, view.focusMeter);
      const note = view.focusNote;
      body = html`${note
          ? html`<p class="focus-note" role="status">
              ${t('usage.focus.note', {
                item: focused?.name ?? note.name,
                period: formatDateRange(note.start, note.end, env.locale, env.timeZone),
              })}
              <button type="button" class="link" @click=${() => view.clearFocus()}>${t('usage.focus.clear')}</button>
            </p>`
          : nothing}
        ${renderUsageChart(this.chartLoader, rows, range, env, t, label, result.series.asOf, focused?.key ?? null)}`;
    }
    const asOf = result && env && task.status !== TaskStatus.ERROR
      ? html`<p class="as-of muted">${t('usage.asOf', { time: formatDateTime(result.series.asOf, env.locale, env.timeZone) })}</p>`
      : nothing;
    return this.renderCard('card trend-card', 'trend-title', t('usage.trend.title'), asOf, body);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-chart-section': UsageChartSection;
  }
}
