/**
 * The usage chart as both the Overview trend and the Usage tab show it: one
 * line per feature over the range's buckets, in the display zone, loaded
 * through the tab's ChartLoader (skeleton until the chart module arrives).
 */
import { html, type TemplateResult } from 'lit';
import type { PortalEnv } from '../../context.js';
import type { ResolvedRange } from '../../usage/ranges.js';
import type { Translate } from '../../i18n/index.js';
import type { ChartLoader } from '../../ui/usage-chart/chart-loader.js';
import { chartSeriesOf, type FeatureRow } from '../../usage/rows.js';

export function renderUsageChart(
  loader: ChartLoader,
  rows: FeatureRow[],
  range: ResolvedRange,
  env: PortalEnv,
  t: Translate,
  label: string,
  asOf: Date | null = null,
  focusKey: string | null = null,
): TemplateResult {
  return loader.render(
    () => html`<cp-usage-chart
      exportparts="chart, legend, data-table"
      .series=${chartSeriesOf(rows, range, env.locale)}
      .buckets=${range.buckets.map((b) => b.start)}
      .partialFrom=${range.partialFrom}
      .asOf=${asOf}
      .focusKey=${focusKey}
      .t=${t}
      window=${range.unit}
      locale=${env.locale}
      time-zone=${env.timeZone}
      label=${label}
    ></cp-usage-chart>`,
    t,
  );
}
