/**
 * Usage data as the Overview trend and the Usage tab show it: which query to
 * send for a range (planner.ts, re-exported here), the feature filter,
 * per-feature rows with exact totals over the range's buckets, and the chart's
 * series. No Lit here.
 */
import type { Decimal, PortalConfig, UsageSeries, UsageSeriesItem } from '../api/model.js';
import { compare, sum, toNumber } from '../format/decimal.js';
import { formatQuantity } from '../format/money.js';
import { formatIsoDate, zonedDate, type CustomDates, type ResolvedRange } from './ranges.js';
import { bucketPoints, type BucketTotal } from './buckets.js';
import type { UsageFocus } from '../events.js';
import type { ChartSeries } from './chart-series.js';

export { UsageRangePlanner, resultFits, type UsageResult } from './planner.js';

export function applyFeatureFilter<T extends { featureId: string }>(items: T[], filter: PortalConfig['featureFilter']): T[] {
  if (filter.mode === 'include' && filter.featureIds.length) return items.filter((i) => filter.featureIds.includes(i.featureId));
  if (filter.mode === 'exclude') return items.filter((i) => !filter.featureIds.includes(i.featureId));
  return items;
}

/** One feature over the range: exact sums of its points inside the range's buckets. */
export interface FeatureRow {
  key: string;
  featureId: string;
  /** The feature's meter ('' when unknown). */
  meterId: string;
  name: string;
  unitSingular: string;
  unitPlural: string;
  group: { id: string; name: string } | null;
  usage: Decimal;
  events: number;
  cost: Decimal;
  currency: string;
  buckets: BucketTotal[];
}

export function featureRows(series: UsageSeries, range: ResolvedRange, filter: PortalConfig['featureFilter']): FeatureRow[] {
  return applyFeatureFilter(series.items, filter).map((item: UsageSeriesItem) => {
    const buckets = bucketPoints(range.buckets, item.points);
    return {
      key: item.key,
      featureId: item.featureId,
      meterId: item.meterId ?? '',
      name: item.name,
      unitSingular: item.unitSingular,
      unitPlural: item.unitPlural,
      group: item.group,
      usage: sum(buckets.map((b) => b.usage)),
      events: buckets.reduce((n, b) => n + b.events, 0),
      cost: sum(buckets.map((b) => b.cost)),
      currency: item.currency || series.currency,
      buckets,
    };
  });
}

/** Chart lines of the rows, with "1,250 calls" totals for the legend. */
export function chartSeriesOf(rows: FeatureRow[], range: ResolvedRange, locale: string): ChartSeries[] {
  return rows.map((row) => ({
    key: row.key,
    label: row.name,
    unitSingular: row.unitSingular,
    unitPlural: row.unitPlural,
    total: formatQuantity(row.usage, row.unitSingular, row.unitPlural, locale),
    points: range.buckets.map((b, i) => ({ time: b.start, value: toNumber(row.buckets[i]?.usage ?? '0') })),
  }));
}

/** True when every row has no usage and no events in the range. */
export function isEmptyUsage(rows: FeatureRow[]): boolean {
  return rows.every((r) => r.events === 0 && compare(r.usage, 0) === 0);
}

/**
 * The Usage tab's custom range for an invoice period: the calendar dates, in
 * the display zone, of its first and last instant (the end is exclusive).
 */
export function focusRange(focus: Pick<UsageFocus, 'start' | 'end'>, timeZone: string): CustomDates {
  const last = new Date(Math.max(focus.start.getTime(), focus.end.getTime() - 1));
  return { start: formatIsoDate(zonedDate(focus.start, timeZone)), end: formatIsoDate(zonedDate(last, timeZone)) };
}

/** The row of the feature an invoice line item's meter counts (null when none of the rows is it). */
export function focusedRow(rows: FeatureRow[], meterId: string | null): FeatureRow | null {
  if (!meterId) return null;
  return rows.find((r) => r.meterId === meterId) ?? null;
}
