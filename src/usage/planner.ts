/**
 * Which usage query a view sends for its range (reusing data already fetched
 * when it still fits). Apart from rows.ts (which re-exports it) so the
 * Overview can plan its trend's request in the first chunk while the rows and
 * chart series code loads with the views. No Lit here.
 */
import type { RangePreset, UsageSeries, UsageSeriesQuery } from '../api/model.js';
import type { PortalBackend } from '../api/backend.js';
import type { PortalEnv } from '../env.js';
import { canReuseQuery, planUsageQuery, resolveRange, type CustomDates, type ResolvedRange, type UsageQueryPlan } from './ranges.js';

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
  private plan: UsageQueryPlan | null = null;

  /** Re-plans when an input changed; returns true when range or query changed. */
  update(env: PortalEnv, preset: RangePreset, custom: CustomDates | null): boolean {
    // No usable token: keep what is on screen, fetch nothing.
    if (!env.backend) return false;
    const series = env.backend.capabilities.usageSeries;
    if (!series) {
      // The backend has no usage over time: no range, no query.
      const changed = this.range !== null || this.query !== null;
      this.backend = env.backend;
      this.range = null;
      this.query = null;
      this.key = '';
      return changed;
    }
    // The zone the backend cuts its days in (unknown until the customer answered, when that is the customer's).
    const backendZone = series.dayBuckets.zone === 'fixed' ? series.dayBuckets.timeZone : env.customer ? (env.customer.timeZone ?? 'UTC') : null;
    const key = [preset, custom?.start ?? '', custom?.end ?? '', env.timeZone, backendZone ?? '?'].join('|');
    const backendChanged = env.backend !== this.backend;
    if (key === this.key && !backendChanged && this.range) return false;
    this.key = key;
    this.backend = env.backend;
    const range = resolveRange(preset, { now: env.now(), timeZone: env.timeZone, custom });
    const plan = planUsageQuery(range, backendZone);
    this.plan = plan;
    this.range = range;
    if (backendChanged || !this.query || !canReuseQuery(this.query, plan)) this.query = plan.query;
    return true;
  }

  /** Takes `query` (one already sent, e.g. by the first paint's prefetch) when it can fill the range; true if taken. */
  adopt(query: UsageSeriesQuery): boolean {
    if (!this.plan || !canReuseQuery(query, this.plan)) return false;
    this.query = query;
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
