/**
 * The requests of the sections' first paint, shared by the registry (which
 * starts them in the first chunk, see prefetch.ts) and the sections that take
 * them, so both ask exactly the same thing.
 */
import type { PortalBackend } from '../api/backend.js';
import type { BillingHistory, Page, Subscription, UsageSeries, UsageSeriesQuery, UsageSummary } from '../api/model.js';
import type { PortalEnv } from '../env.js';
import { UsageRangePlanner } from '../usage/planner.js';
import { fetchFirst, prefetch } from './prefetch.js';

/** Subscriptions shown on the Overview (page 1). */
export const OVERVIEW_SUBSCRIPTIONS = 10;

/** The Overview trend's ranges, and the one it opens on. */
export type TrendPreset = '1d' | '7d' | '30d';
export const TREND_PRESETS: readonly TrendPreset[] = ['1d', '7d', '30d'];
export const DEFAULT_TREND: TrendPreset = '7d';

/** Never aborted: a prefetched request is aborted only with its backend's scope (token switch, expiry). */
const unbounded = new AbortController().signal;
const trendQueries = new WeakMap<PortalBackend, UsageSeriesQuery>();

export function subscriptionsFirst(backend: PortalBackend, signal: AbortSignal = unbounded): Promise<Page<Subscription>> {
  return fetchFirst(backend, 'subscriptions', () =>
    backend.subscriptions({ offset: 0, limit: Math.min(OVERVIEW_SUBSCRIPTIONS, backend.limits.subscriptionsPageSize) }, signal),
  );
}

export function billingHistoryFirst(backend: PortalBackend, signal: AbortSignal = unbounded): Promise<BillingHistory | null> {
  return fetchFirst(backend, 'billing-history', async () => (backend.billingHistory ? backend.billingHistory(signal) : null));
}

export function usageSeriesFirst(backend: PortalBackend, query: UsageSeriesQuery, signal: AbortSignal = unbounded): Promise<UsageSeries> {
  return fetchFirst(backend, `usage:${JSON.stringify(query)}`, () => backend.usageSeries(query, signal));
}

const summaries = new WeakMap<PortalBackend, Promise<UsageSummary>>();

/**
 * The current period's usage summary: one request per backend, shared by every element that shows it
 * (the limits section and the Usage tab's period table ask it on the same first paint). A failed one
 * is forgotten, so a retry asks again.
 */
export function usageSummaryFirst(backend: PortalBackend): Promise<UsageSummary> {
  let summary = summaries.get(backend);
  if (!summary) {
    const request = backend.usageSummary(unbounded);
    summaries.set(backend, (summary = request));
    request.catch(() => {
      if (summaries.get(backend) === request) summaries.delete(backend);
    });
  }
  return summary;
}

/** The trend query the first paint sent for `backend` (a trend planner adopts it when it fits). */
export function firstTrendQuery(backend: PortalBackend): UsageSeriesQuery | undefined {
  return trendQueries.get(backend);
}

export function prefetchSubscriptions(env: PortalEnv): void {
  const backend = env.backend;
  if (backend) prefetch(backend, 'subscriptions', () => subscriptionsFirst(backend));
}

export function prefetchBillingHistory(env: PortalEnv): void {
  const backend = env.backend;
  if (backend) prefetch(backend, 'billing-history', () => billingHistoryFirst(backend));
}

export function prefetchTrend(env: PortalEnv): void {
  const backend = env.backend;
  if (!backend || trendQueries.has(backend)) return;
  const planner = new UsageRangePlanner();
  planner.update(env, DEFAULT_TREND, null);
  const query = planner.query;
  if (!query) return;
  trendQueries.set(backend, query);
  prefetch(backend, `usage:${JSON.stringify(query)}`, () => usageSeriesFirst(backend, query));
}

export function prefetchUsageSummary(env: PortalEnv): void {
  if (env.backend) void usageSummaryFirst(env.backend).catch(() => undefined);
}
