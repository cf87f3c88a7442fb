import { html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { UsageSeriesQuery } from '../../api/model.js';
import { formatDateRange } from '../../format/date.js';
import { registerEnglish, type MessageKey } from '../../i18n/index.js';
import { overview } from '../../i18n/en/overview.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { ChartLoader, chartLoaderStyles } from '../../ui/usage-chart/chart-loader.js';
import { renderUsageChart } from '../../ui/usage-chart/usage-chart-view.js';
import { featureRows, isEmptyUsage, resultFits, UsageRangePlanner, type UsageResult } from '../../usage/rows.js';
import { cardStyles } from '../card.styles.js';
import { DEFAULT_TREND, firstTrendQuery, TREND_PRESETS, usageSeriesFirst, type TrendPreset } from '../first-paint.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';

registerEnglish(overview);

/**
 * @summary Usage over the last day, 7 or 30 days, per feature, as a chart with its data table.
 * @tag cp-usage-trend-section
 *
 * Asks for DAY windows from a day early before the customer's zone is known and
 * keeps them once it is (or asks again by the hour when the display zone differs
 * from the customer's); the first request is the one the panel sent with the
 * section's code.
 *
 * @csspart card - The card.
 * @csspart trend-card - The card (in addition to `card`).
 * @csspart chart - The chart.
 * @csspart state - Loading, empty and error states.
 */
export class UsageTrendSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, chartLoaderStyles, cardStyles];

  /** The range; view state, kept across token changes. */
  @state() private preset: TrendPreset = DEFAULT_TREND;

  private readonly planner = new UsageRangePlanner();
  private plannedFor: PortalBackend | null = null;
  /** Imports `cp-usage-chart` (with chart.js) when the section connects; a skeleton stands in meanwhile. */
  private readonly chartLoader = new ChartLoader(this, 'overview', () => this.backend?.capabilities.usageSeries !== null);

  private readonly trendTask = new Task<[PortalBackend | null, UsageSeriesQuery | null], UsageResult>(this, {
    args: () => [this.backend, this.planner.query],
    task: async ([backend, query], { signal }) => {
      if (!backend || !query) return initialState;
      return { query, series: await usageSeriesFirst(backend, query, signal) };
    },
  });

  private readonly section = new SectionController(this, 'overview', () => [this.trendTask]);

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const env = this.env;
    if (!env?.backend) return;
    this.planner.update(env, this.preset, null);
    if (this.plannedFor !== env.backend) {
      // A new backend: take the query its first paint already sent, when it fits the range.
      this.plannedFor = env.backend;
      const sent = firstTrendQuery(env.backend);
      if (sent) this.planner.adopt(sent);
    }
  }

  private readonly retry = (): void => {
    if (this.env) this.planner.refresh(this.env, this.preset, null);
    void this.trendTask.run();
  };

  override render(): TemplateResult {
    const { t, env } = this;
    const range = this.planner.range;
    return html`<section class="card wide" part="card trend-card" aria-labelledby="trend-title" aria-busy=${busy(this.trendTask)}>
      <div class="card-head">
        <h2 id="trend-title">${t('overview.trend.title')}</h2>
        <div class="segmented" role="group" aria-label=${t('usage.range.label')}>
          ${TREND_PRESETS.map(
            (p) => html`<button
              type="button"
              aria-pressed=${this.preset === p ? 'true' : 'false'}
              title=${t(`usage.range.${p}.long` as MessageKey)}
              @click=${() => (this.preset = p)}
            >
              ${t(`usage.range.${p}` as MessageKey)}
            </button>`,
          )}
        </div>
      </div>
      ${this.section.render(
        this.trendTask,
        (result) => {
          if (!env || !range || !resultFits(result, this.planner.query)) return this.section.loading(5);
          const rows = featureRows(result.series, range, env.config.featureFilter);
          if (rows.length === 0 || isEmptyUsage(rows)) return renderEmpty(t('overview.trend.empty'));
          const label = t('overview.trend.chartLabel', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
          return renderUsageChart(this.chartLoader, rows, range, env, t, label, result.series.asOf);
        },
        { lines: 5, retry: this.retry },
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-trend-section': UsageTrendSection;
  }
}
