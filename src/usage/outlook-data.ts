/**
 * Loads what the forecast and the runway are computed from (outlook.ts):
 * the billing period (usage summary), daily usage from the period's first
 * day, or 7 days before today if earlier, up to now, in the display zone, and
 * the backend's totals from the period's exact start to now; and, where the
 * backend has wallet transactions, each wallet's transactions of the last 7
 * complete days (the runway's "balance grows" rule). All of it after the
 * tab's first paint (the tasks in outlook-view.ts wait for it): none of these
 * requests joins the first wave.
 *
 * One load per backend, zone and day, shared by the Overview, Credits and
 * Usage tabs (a WeakMap keyed on the backend instance, so a new token or
 * customer never sees another's data). No Lit here.
 */
import type { PortalBackend } from '../api/backend.js';
import { isAbortError } from '../api/errors.js';
import { SharedRequest } from '../api/memo.js';
import type { WalletTransaction } from '../api/model.js';
import type { PortalEnv } from '../env.js';
import { addDays, formatIsoDate, planUsageQuery, resolveRange, zonedDate } from './ranges.js';
import { FORECAST_DAYS, type OutlookInput } from './outlook.js';
import { featureRows } from './rows.js';
import { nextTask } from '../api/next-task.js';

/** History asked for at most (a long period still gets its first day counted, up to this many days back). */
const MAX_HISTORY_DAYS = 62;
/**
 * Transactions read back per wallet for the "balance grows" rule: pages of
 * FLOW_PAGE_SIZE (most wallets have a handful a week: one small request), at
 * most MAX_FLOW_PAGES; a wallet with more in 7 days skips the rule.
 */
export const FLOW_PAGE_SIZE = 250;
const MAX_FLOW_PAGES = 4;
const DAY_MS = 86_400_000;

/**
 * The wallet's transactions since `since`, newest first as the backends list
 * them: pages until one reaches back past `since` or the list ends; null
 * when MAX_FLOW_PAGES pages do not reach back that far, or the request fails
 * (then the runway goes by the usage cost alone, as without transactions).
 */
async function transactionsSince(backend: PortalBackend, walletId: string, since: Date, signal: AbortSignal): Promise<WalletTransaction[] | null> {
  const limit = Math.min(FLOW_PAGE_SIZE, backend.limits.transactionsPageSize);
  const out: WalletTransaction[] = [];
  try {
    for (let page = 0; page < MAX_FLOW_PAGES; page++) {
      const { items, total } = await backend.walletTransactions(walletId, { offset: page * limit, limit }, signal);
      out.push(...items);
      if (items.length === 0 || out.length >= total || items.some((x) => x.createdAt.getTime() < since.getTime())) return out;
    }
    return null;
  } catch (error) {
    if (isAbortError(error)) throw error;
    return null;
  }
}

/** Every wallet's transactions since `since` (wallet id → list or null); undefined where the backend has no transactions. */
async function walletFlows(backend: PortalBackend, since: Date, signal: AbortSignal): Promise<Map<string, WalletTransaction[] | null> | undefined> {
  if (!backend.capabilities.transactions) return undefined;
  // wallets() is the backend's memoized list: the tab already asked for it, so this costs no request.
  const wallets = await backend.wallets(signal);
  const lists = await Promise.all(wallets.map((w) => transactionsSince(backend, w.id, since, signal)));
  return new Map(wallets.map((w, i) => [w.id, lists[i]!]));
}

/**
 * Whether the backend has a usage history to project from: a usage time
 * series and a current period (the usage summary). Backends without them
 * (Polar, Lago: `capabilities.usageSeries` is null) get no forecast and no
 * runway; nothing is invented.
 */
export function hasUsageHistory(backend: PortalBackend): boolean {
  return backend.capabilities.usageSeries !== null && backend.capabilities.usageSummary;
}

const cache = new WeakMap<PortalBackend, Map<string, SharedRequest<OutlookInput | null>>>();

async function load(backend: PortalBackend, env: PortalEnv, signal: AbortSignal): Promise<OutlookInput | null> {
  const summary = await backend.usageSummary(signal);
  // The history's requests start in a task of their own, not in the render that asked for the forecast.
  await nextTask();
  signal.throwIfAborted();
  const period = summary.periodStart && summary.periodEnd ? { start: summary.periodStart, end: summary.periodEnd } : null;
  const now = env.now();
  const today = zonedDate(now, env.timeZone);
  // The basis needs 7 complete days before today; "so far" needs the period's first day.
  let first = addDays(today, -FORECAST_DAYS);
  if (period) {
    const periodDay = zonedDate(period.start, env.timeZone);
    const earliest = addDays(today, -MAX_HISTORY_DAYS);
    const d = formatIsoDate(periodDay) < formatIsoDate(earliest) ? earliest : periodDay;
    if (formatIsoDate(d) < formatIsoDate(first)) first = d;
  }
  const range = resolveRange('custom', { now, timeZone: env.timeZone, custom: { start: formatIsoDate(first), end: formatIsoDate(today) } });
  const backendZone = env.customer ? (env.customer.timeZone ?? 'UTC') : null;
  const { query } = planUsageQuery(range, backendZone);
  // The period so far, totalled by the backend from the period's exact start (as the current-usage card counts it).
  // The basis' first day starts after now − 8 days in any zone (DST included); 9 days back covers it.
  const flowSince = new Date(now.getTime() - (FORECAST_DAYS + 2) * DAY_MS);
  const [series, soFar, walletTransactions] = await Promise.all([
    backend.usageSeries(query, signal),
    period && period.start.getTime() < now.getTime() ? backend.usageSeries({ start: period.start, end: now, window: 'DAY' }, signal) : null,
    walletFlows(backend, flowSince, signal),
  ]);
  const rows = featureRows(series, range, env.config.featureFilter);
  const soFarOf = new Map(soFar?.items.map((i) => [i.key, { usage: i.totalUsage, cost: i.totalCost }]) ?? []);
  return {
    days: range.buckets.map((b) => ({ start: b.start, end: b.end, partial: b.partial })),
    features: rows.map((r) => ({
      key: r.key,
      featureId: r.featureId,
      name: r.name,
      unitSingular: r.unitSingular,
      unitPlural: r.unitPlural,
      currency: r.currency,
      days: r.buckets,
      soFar: soFar ? (soFarOf.get(r.key) ?? { usage: '0', cost: '0' }) : null,
    })),
    period,
    now,
    ...(walletTransactions ? { walletTransactions } : {}),
  };
}

/**
 * The forecast's and runway's input for the env's customer, or null when the
 * backend has no usage history. Rejects like the backend does (`ApiError`).
 */
export function loadOutlook(env: PortalEnv, signal: AbortSignal): Promise<OutlookInput | null> {
  const backend = env.backend;
  if (!backend || !hasUsageHistory(backend)) return Promise.resolve(null);
  const now = env.now();
  const key = [env.timeZone, formatIsoDate(zonedDate(now, env.timeZone)), env.customer?.timeZone ?? '?', JSON.stringify(env.config.featureFilter)].join('|');
  let perBackend = cache.get(backend);
  if (!perBackend) {
    perBackend = new Map();
    cache.set(backend, perBackend);
  }
  let shared = perBackend.get(key);
  if (!shared) {
    shared = new SharedRequest((s) => load(backend, env, s));
    perBackend.set(key, shared);
  }
  const request = shared;
  return request.get(signal).catch((error: unknown) => {
    // A failed load is not kept (SharedRequest forgets it); drop the entry too so a retry starts afresh.
    if (perBackend.get(key) === request) perBackend.delete(key);
    throw error;
  });
}
