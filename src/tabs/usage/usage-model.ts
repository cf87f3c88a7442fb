/**
 * Usage data as the Overview trend and the Usage tab show it: which query to
 * send for a range (reusing data already fetched when it still fits), the
 * feature filter, per-feature rows with exact totals over the range's
 * buckets, and the chart's series. No Lit here.
 */
import type { Decimal, PortalConfig, RangePreset, UsageSeries, UsageSeriesItem, UsageSeriesQuery } from '../../api/model.js';
import type { PortalBackend } from '../../api/backend.js';
import type { PortalEnv } from '../../context.js';
import { compare, sum, toNumber } from '../../format/decimal.js';
import { formatQuantity } from '../../format/money.js';
import {
  bucketPoints,
  canReuseQuery,
  planUsageQuery,
  resolveRange,
  type BucketTotal,
  type CustomDates,
  type ResolvedRange,
} from '../../format/ranges.js';
import type { ChartSeries } from '../../ui/usage-chart/usage-chart.js';

/** What a usage task resolves to: the query it answered and the answer. */
export interface UsageResult {
  query: UsageSeriesQuery;
  series: UsageSeries;
}

/**
 * Keeps the display range and the backend query of a usage view in step with
 * the env: the range follows the preset and display zone; the query changes
 * only when the data fetched so far cannot fill the range (so the zone
 * settling to the one the provisional DAY query assumed costs no request).
 */
export class UsageRangePlanner {
  range: ResolvedRange | null = null;
  query: UsageSeriesQuery | null = null;
  private key = '';
  private backend: PortalBackend | null = null;

  /** Re-plans when an input changed; returns true when range or query changed. */
  update(env: PortalEnv, preset: RangePreset, custom: CustomDates | null): boolean {
    // No usable token: keep what is on screen, fetch nothing.
    if (!env.backend) return false;
    const backendZone = env.customer ? (env.customer.timeZone ?? 'UTC') : null;
    const key = [preset, custom?.start ?? '', custom?.end ?? '', env.timeZone, backendZone ?? '?'].join('|');
    const backendChanged = env.backend !== this.backend;
    if (key === this.key && !backendChanged && this.range) return false;
    this.key = key;
    this.backend = env.backend;
    const range = resolveRange(preset, { now: env.now(), timeZone: env.timeZone, custom });
    const plan = planUsageQuery(range, backendZone);
    this.range = range;
    if (backendChanged || !this.query || !canReuseQuery(this.query, plan)) this.query = plan.query;
    return true;
  }

  /** Forces a fresh query for the same range (retry, or new data wanted). */
  refresh(env: PortalEnv, preset: RangePreset, custom: CustomDates | null): void {
    this.key = '';
    this.query = null;
    this.update(env, preset, custom);
  }
}

/** True when `result` can be drawn for `query` (same windows, covers its start). */
export function resultFits(result: UsageResult | undefined, query: UsageSeriesQuery | null): result is UsageResult {
  return !!result && !!query && result.query.window === query.window && result.query.start.getTime() <= query.start.getTime();
}

/** The tenant's feature filter applied to usage items (an empty include list shows everything). */
export function applyFeatureFilter<T extends { featureId: string }>(items: T[], filter: PortalConfig['featureFilter']): T[] {
  if (filter.mode === 'include' && filter.featureIds.length) return items.filter((i) => filter.featureIds.includes(i.featureId));
  if (filter.mode === 'exclude') return items.filter((i) => !filter.featureIds.includes(i.featureId));
  return items;
}

/** One feature over the range: exact sums of its points inside the range's buckets. */
export interface FeatureRow {
  key: string;
  featureId: string;
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
