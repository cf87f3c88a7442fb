/**
 * `FlexpriceBackend`: the Flexprice adapter behind `PortalBackend`. It calls
 * `FlexpriceClient` and maps the wire answers into the backend-neutral view
 * model, validating at runtime every field the UI reads: a truncated or
 * schema-violating answer rejects with `ApiError` kind `schema`; unknown enum
 * values map to `unknown` / `other_*`; a missing or garbage optional date is
 * null.
 *
 * One instance serves one session token. `customer()`, `config()` and
 * `wallets()` are memoized per instance (one shared request, abort-safe,
 * forgotten when it fails); everything else is fetched on every call.
 */
import type { PortalBackend } from './backend.js';
import type { FlexpriceClient } from './client.js';
import { ApiError, isAbortError } from './errors.js';
import { SharedRequest } from './memo.js';
import type {
  Customer,
  Invoice,
  InvoiceDetail,
  Page,
  PortalConfig,
  RangePreset,
  SectionId,
  Subscription,
  UsagePoint,
  UsageSeries,
  UsageSeriesItem,
  UsageSeriesQuery,
  UsageSummary,
  Wallet,
  WalletTransaction,
} from './model.js';
import { isTimeZone } from '../format/zone.js';
import {
  asArray,
  asObject,
  decimalOr,
  enumOr,
  isObject,
  optBoolean,
  optDate,
  optDecimal,
  optInteger,
  optString,
  reqDate,
  reqDecimal,
  reqId,
  reqInteger,
  reqString,
  schemaError,
} from './validate.js';

export interface FlexpriceBackendOptions {
  /** The clock (overdue invoices, `asOf`); defaults to the real one. */
  now?: () => Date;
}

const SECTION_IDS: readonly SectionId[] = ['overview', 'credits', 'invoices', 'usage'];

const PRESETS: Record<string, RangePreset> = {
  today: 'today',
  last_7_days: '7d',
  last_30_days: '30d',
  current_month: 'current_month',
  last_month: 'last_month',
};

/** The config used when the backend has none or `/config` fails: everything on, no extra presets. */
export function defaultPortalConfig(): PortalConfig {
  return {
    sections: { overview: true, credits: true, invoices: true, usage: true },
    usagePresets: [],
    usageDefaultPreset: null,
    allowCustomRange: false,
    featureFilter: { mode: 'all', featureIds: [] },
    theme: {},
  };
}

/** @internal (shared with flexprice-tab-mapping.ts) */
export function upper(currency: string): string {
  return currency.trim().toUpperCase();
}

/** Drops the sign of a decimal string (amounts carry their sign in `direction`). @internal */
export function magnitude(value: string): string {
  return value.startsWith('-') ? value.slice(1) : value;
}

function cssSupports(property: string, value: string): boolean {
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') return CSS.supports(property, value);
  return false;
}

/** Runs a mapper, turning any stray runtime error into a schema `ApiError`. @internal */
export function mapped<T>(path: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw schemaError(path, 'a well-formed answer', error);
  }
}

// ------------------------------------------------------------------ mappers

export function mapCustomer(raw: unknown): Customer {
  return mapped('info', () => {
    const o = asObject(raw, 'info');
    const zone = optString(o, 'timezone', 'info');
    return {
      id: reqId(o, 'id', 'info'),
      externalId: optString(o, 'external_id', 'info'),
      name: optString(o, 'name', 'info'),
      email: optString(o, 'email', 'info'),
      timeZone: isTimeZone(zone) ? zone : null,
    };
  });
}

function safeColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 100) return undefined;
  return cssSupports('color', v) ? v : undefined;
}

function safeFont(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 200 || /[;{}<>\\]/.test(v)) return undefined;
  return cssSupports('font-family', v) ? v : undefined;
}

/**
 * Maps the `customer_portal_config` setting. Lenient by design: a malformed
 * entry is ignored (its default applies) rather than failing the whole
 * config, since the element works fine on defaults.
 */
export function mapConfig(raw: unknown): PortalConfig {
  return mapped('config', () => mapConfigFields(raw));
}

function mapConfigFields(raw: unknown): PortalConfig {
  const config = defaultPortalConfig();
  const setting = asObject(raw, 'config');
  const value = setting.value;
  if (!isObject(value)) return config;

  const sections = Array.isArray(value.sections) ? value.sections.filter(isObject) : [];
  for (const section of sections) {
    const id = section.id;
    if (typeof id === 'string' && (SECTION_IDS as readonly string[]).includes(id) && typeof section.enabled === 'boolean') {
      config.sections[id as SectionId] = section.enabled;
    }
  }

  const usage = sections.find((s) => s.id === 'usage');
  if (usage && usage.enabled !== false && Array.isArray(usage.tabs)) {
    const tab = usage.tabs.filter(isObject).find((t) => t.type === 'usage_graph' && t.enabled !== false);
    const graph = tab && isObject(tab.usage_graph) ? tab.usage_graph : null;
    if (graph) {
      const presets: RangePreset[] = [];
      for (const p of Array.isArray(graph.date_presets) ? graph.date_presets : []) {
        const preset = typeof p === 'string' && Object.hasOwn(PRESETS, p) ? PRESETS[p] : undefined;
        if (preset && !presets.includes(preset)) presets.push(preset);
      }
      config.usagePresets = presets;
      const def = graph.default_preset;
      config.usageDefaultPreset = typeof def === 'string' && Object.hasOwn(PRESETS, def) ? (PRESETS[def] ?? null) : null;
      config.allowCustomRange = graph.allow_custom_date_range === true;
      const ids = Array.isArray(graph.feature_ids) ? graph.feature_ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
      // The built-in default says "inc" with no ids: an empty list filters nothing.
      if (ids.length > 0 && (graph.feature_filter_mode === 'inc' || graph.feature_filter_mode === 'exc')) {
        config.featureFilter = { mode: graph.feature_filter_mode === 'inc' ? 'include' : 'exclude', featureIds: [...new Set(ids)] };
      }
    }
  }

  if (isObject(value.theme)) {
    const t = value.theme;
    const theme: PortalConfig['theme'] = {};
    const primary = safeColor(t.primary_color);
    const secondary = safeColor(t.secondary_color);
    const tertiary = safeColor(t.tertiary_color);
    const background = safeColor(t.background_color);
    const fontFamily = safeFont(t.font_family);
    if (primary) theme.primary = primary;
    if (secondary) theme.secondary = secondary;
    if (tertiary) theme.tertiary = tertiary;
    if (background) theme.background = background;
    if (fontFamily) theme.fontFamily = fontFamily;
    config.theme = theme;
  }
  return config;
}

export function mapWallet(raw: unknown, path = 'wallet'): Wallet {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const realCredits = optDecimal(o, 'real_time_credit_balance', path, null);
    const realBalance = optDecimal(o, 'real_time_balance', path, null);
    return {
      id: reqId(o, 'id', path),
      name: optString(o, 'name', path),
      currency: upper(reqString(o, 'currency', path)),
      status: enumOr(o.wallet_status, ['active', 'frozen', 'closed'] as const, 'unknown'),
      prepaid: o.wallet_type !== 'POST_PAID',
      creditBalance: realCredits ?? reqDecimal(o, 'credit_balance', path),
      balance: realBalance ?? reqDecimal(o, 'balance', path),
      conversionRate: reqDecimal(o, 'conversion_rate', path),
      realTime: realCredits !== null || realBalance !== null,
      balanceUpdatedAt: optDate(o, 'balance_updated_at'),
    };
  });
}

export function mapSubscription(raw: unknown, path = 'subscription'): Subscription {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const plan = isObject(o.plan) ? o.plan : null;
    return {
      id: reqId(o, 'id', path),
      planName: plan ? optString(plan, 'name', `${path}.plan`) : '',
      planDescription: plan ? optString(plan, 'description', `${path}.plan`) : '',
      status: enumOr(o.subscription_status, ['active', 'trialing', 'paused', 'cancelled', 'incomplete', 'draft'] as const, 'unknown'),
      currency: upper(reqString(o, 'currency', path)),
      billingPeriod: optString(o, 'billing_period', path).toLowerCase(),
      currentPeriodStart: optDate(o, 'current_period_start'),
      currentPeriodEnd: optDate(o, 'current_period_end'),
      trialEnd: optDate(o, 'trial_end'),
      cancelAt: optDate(o, 'cancel_at'),
      cancelAtPeriodEnd: optBoolean(o, 'cancel_at_period_end', path),
    };
  });
}

function mapPage<T>(raw: unknown, path: string, item: (value: unknown, path: string) => T): Page<T> {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const items = asArray(o.items, `${path}.items`).map((v, i) => item(v, `${path}.items[${i}]`));
    const pagination = asObject(o.pagination, `${path}.pagination`);
    const total = reqInteger(pagination, 'total', `${path}.pagination`);
    return { items, total: Math.max(total, items.length) };
  });
}

function mapPoint(raw: unknown, path: string): UsagePoint {
  const o = asObject(raw, path);
  return {
    time: reqDate(o, 'timestamp', path),
    usage: reqDecimal(o, 'usage', path),
    cost: decimalOr(o, 'cost', path, '0'),
    eventCount: optInteger(o, 'event_count', path) ?? 0,
  };
}

function mapGroup(raw: unknown, path: string): { id: string; name: string } | null {
  if (!isObject(raw)) return null;
  const id = optString(raw, 'id', path);
  if (id === '') return null;
  return { id, name: optString(raw, 'name', path) || id };
}

export function mapUsageSeries(raw: unknown, asOf: Date): UsageSeries {
  return mapped('analytics', () => {
    const o = asObject(raw, 'analytics');
    const currency = upper(optString(o, 'currency', 'analytics'));
    const rawItems = o.items === null || o.items === undefined ? [] : asArray(o.items, 'analytics.items');
    const seen = new Map<string, number>();
    const items = rawItems.map((entry, i): UsageSeriesItem => {
      const path = `analytics.items[${i}]`;
      const it = asObject(entry, path);
      const feature = isObject(it.feature) ? it.feature : null;
      const fp = `${path}.feature`;
      const featureId = optString(it, 'feature_id', path);
      const baseKey = featureId || optString(it, 'meter_id', path) || optString(it, 'source', path) || `item-${i}`;
      const n = (seen.get(baseKey) ?? 0) + 1;
      seen.set(baseKey, n);
      const unitSingular = optString(it, 'unit', path) || (feature ? optString(feature, 'unit_singular', fp) : '');
      const unitPlural = optString(it, 'unit_plural', path) || (feature ? optString(feature, 'unit_plural', fp) : '') || unitSingular;
      const rawPoints = it.points === null || it.points === undefined ? [] : asArray(it.points, `${path}.points`);
      const points = rawPoints.map((p, j) => mapPoint(p, `${path}.points[${j}]`)).sort((a, b) => a.time.getTime() - b.time.getTime());
      return {
        key: n === 1 ? baseKey : `${baseKey}#${n}`,
        featureId: featureId || (feature ? optString(feature, 'id', fp) : ''),
        meterId: optString(it, 'meter_id', path),
        name: optString(it, 'name', path) || (feature ? optString(feature, 'name', fp) : '') || optString(it, 'event_name', path),
        unitSingular,
        unitPlural,
        group: mapGroup(it.group, `${path}.group`) ?? (feature ? mapGroup(feature.group, `${fp}.group`) : null),
        totalUsage: reqDecimal(it, 'total_usage', path),
        eventCount: optInteger(it, 'event_count', path) ?? 0,
        totalCost: decimalOr(it, 'total_cost', path, '0'),
        currency: upper(optString(it, 'currency', path)) || currency,
        points,
      };
    });
    return {
      currency,
      totalCost: decimalOr(o, 'total_cost', 'analytics', '0'),
      items,
      asOf,
    };
  });
}

// The mappings only the lazily loaded tabs need (transactions, invoices, PDF links, usage
// against limits) live in their own module, loaded on first use, so the CDN first chunk does
// not carry them; re-exported here for callers and tests.
export {
  invoiceDisplayStatus,
  isSafeDocumentUrl,
  mapInvoice,
  mapInvoiceDetail,
  mapPdfUrl,
  mapTransaction,
  mapUsageSummary,
  transactionKind,
} from './flexprice-tab-mapping.js';

type TabMapping = typeof import('./flexprice-tab-mapping.js');
let tabMappingLoad: Promise<TabMapping> | null = null;

/** The tab-only mappings, imported once (a failed import is forgotten and reads as a network error). */
function tabMapping(): Promise<TabMapping> {
  tabMappingLoad ??= import('./flexprice-tab-mapping.js').catch((cause: unknown) => {
    tabMappingLoad = null;
    throw new ApiError({ kind: 'network', code: 'chunk_load_failed', message: 'The billing code could not be loaded.', cause });
  });
  const load = tabMappingLoad;
  // Started alongside the request; if the request fails first, this rejection is not left unhandled.
  load.catch(() => undefined);
  return load;
}

// ------------------------------------------------------------------ backend

export class FlexpriceBackend implements PortalBackend {
  private readonly now: () => Date;
  private readonly customerMemo: SharedRequest<Customer>;
  private readonly configMemo: SharedRequest<PortalConfig>;
  private readonly walletsMemo: SharedRequest<Wallet[]>;

  constructor(
    readonly client: FlexpriceClient,
    options: FlexpriceBackendOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.customerMemo = new SharedRequest(async (signal) => mapCustomer(await client.getInfo(signal)));
    this.configMemo = new SharedRequest(async (signal) => mapConfig(await client.getConfig(signal)));
    this.walletsMemo = new SharedRequest(async (signal) => {
      const raw = await client.listWallets(signal);
      return mapped('wallets', () => asArray(raw, 'wallets').map((w, i) => mapWallet(w, `wallets[${i}]`)));
    });
  }

  customer(signal: AbortSignal): Promise<Customer> {
    return this.customerMemo.get(signal);
  }

  /** Resolves to `defaultPortalConfig()` on any failure but a 401 or an abort (and then retries on the next call). */
  async config(signal: AbortSignal): Promise<PortalConfig> {
    try {
      return await this.configMemo.get(signal);
    } catch (error) {
      if (isAbortError(error) || (error instanceof ApiError && error.unauthorized)) throw error;
      return defaultPortalConfig();
    }
  }

  async wallets(signal: AbortSignal): Promise<Wallet[]> {
    return [...(await this.walletsMemo.get(signal))];
  }

  async wallet(id: string, signal: AbortSignal): Promise<Wallet> {
    return mapWallet(await this.client.getWallet(id, signal));
  }

  async walletTransactions(id: string, page: { limit: number; offset: number }, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    const mapping = tabMapping();
    const raw = await this.client.listWalletTransactions(id, { limit: page.limit, offset: page.offset }, signal);
    return mapPage(raw, 'transactions', (await mapping).mapTransaction);
  }

  async subscriptions(page: { page: number; limit: number }, signal: AbortSignal): Promise<Page<Subscription>> {
    const raw = await this.client.listSubscriptions({ page: page.page, limit: page.limit }, signal);
    return mapPage(raw, 'subscriptions', mapSubscription);
  }

  async invoices(page: { page: number; limit: number }, signal: AbortSignal): Promise<Page<Invoice>> {
    const mapping = tabMapping();
    const raw = await this.client.listInvoices({ page: page.page, limit: page.limit }, signal);
    const { mapInvoice } = await mapping;
    const now = this.now();
    return mapPage(raw, 'invoices', (v, path) => mapInvoice(v, now, path));
  }

  async invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail> {
    const mapping = tabMapping();
    const raw = await this.client.getInvoice(id, signal);
    return (await mapping).mapInvoiceDetail(raw, this.now());
  }

  async invoicePdfUrl(id: string, signal: AbortSignal): Promise<string> {
    const mapping = tabMapping();
    const raw = await this.client.getInvoicePdf(id, signal);
    return (await mapping).mapPdfUrl(raw);
  }

  async usageSummary(signal: AbortSignal): Promise<UsageSummary> {
    const mapping = tabMapping();
    const raw = await this.client.getUsage({}, signal);
    return (await mapping).mapUsageSummary(raw);
  }

  async usageSeries(query: UsageSeriesQuery, signal: AbortSignal): Promise<UsageSeries> {
    const raw = await this.client.getUsageAnalytics(
      {
        window_size: query.window,
        start_time: query.start.toISOString(),
        end_time: query.end.toISOString(),
        expand: ['price'],
      },
      signal,
    );
    return mapUsageSeries(raw, this.now());
  }
}
