/**
 * `LagoBackend`: Lago's customer-portal GraphQL behind `PortalBackend`.
 *
 * What Lago can supply to a customer token (contract §6, §8), and so the
 * capabilities: wallets with a real-time ("ongoing") balance but no
 * transaction history; subscriptions; invoices searched on the server
 * (`searchTerm`: number substring or exact id) with due dates, PDFs at
 * `fileUrl`; usage of the current billing period per metric (units, events,
 * cost) but no time series. `walletTransactions` and `usageSeries` reject
 * with `ApiError` code `unsupported`; the tabs do not call them.
 *
 * One instance serves one session token; `customer()` and `wallets()` are
 * memoized (shared, abort-safe, forgotten on failure).
 */
import type { BackendActions } from '../../api/actions.js';
import type { BackendCapabilities, BackendLimits, InvoiceQuery, PageRequest, PortalBackend } from '../../api/backend.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import { ApiError } from '../../api/errors.js';
import { SharedRequest } from '../../api/memo.js';
import type { BillingHistory, Customer, FeatureQuota, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSummary, Wallet, WalletTransaction } from '../../api/model.js';
import { asArray, asObject, optDate, optString, reqDecimal, reqId } from '../../api/validate.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import { isDecimal, sum } from '../../format/decimal-core.js';
import type { LagoClient } from './client.js';
import * as Q from './documents.js';
import { centsToDecimal, lagoCollection, mapCustomer, mapInvoice, mapInvoiceDetail, mapSubscription, mapWallet } from './mapping.js';

export const LAGO_CAPABILITIES: BackendCapabilities = {
  transactions: false,
  usageSeries: null,
  usageSummary: true,
  invoiceSearch: 'server',
  invoiceDueDates: true,
  realTimeWalletBalance: false,
};

/** Lago has no server maximum for `limit`; these keep each answer small. */
export const LAGO_LIMITS: BackendLimits = {
  transactionsPageSize: 0,
  invoicesPageSize: 100,
  subscriptionsPageSize: 100,
};

function unsupported(what: string): ApiError {
  return new ApiError({ kind: 'http', status: 0, code: 'unsupported', message: `Lago has no ${what} for customer-portal tokens.` });
}

/** `{offset, limit}` → Lago's 1-based `page`/`limit` (callers keep offset a multiple of limit). */
function pageOf(page: PageRequest, max: number): { page: number; limit: number } {
  const limit = Math.max(1, Math.min(max, Math.floor(page.limit)));
  return { page: Math.floor(Math.max(0, page.offset) / limit) + 1, limit };
}

export interface LagoBackendOptions {
  now?: () => Date;
}

export class LagoBackend implements PortalBackend {
  readonly capabilities = LAGO_CAPABILITIES;
  readonly limits = LAGO_LIMITS;
  private readonly now: () => Date;
  private readonly customerMemo: SharedRequest<Customer & { currency: string }>;
  private readonly walletsMemo: SharedRequest<Wallet[]>;

  constructor(
    readonly client: LagoClient,
    options: LagoBackendOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.customerMemo = new SharedRequest(async (signal) => {
      const data = await this.client.query('LagoPortalCustomer', Q.CUSTOMER_QUERY, {}, signal);
      const user = asObject(data.customerPortalUser, 'data.customerPortalUser');
      const currency = typeof user.currency === 'string' && /^[A-Za-z]{3}$/.test(user.currency) ? user.currency.toUpperCase() : 'USD';
      return { ...mapCustomer(data), currency };
    });
    this.walletsMemo = new SharedRequest(async (signal) => {
      const data = await this.client.query('LagoPortalWallets', Q.WALLETS_QUERY, { page: 1, limit: 100 }, signal);
      return lagoCollection(data, 'customerPortalWallets').items.map((w, i) => mapWallet(w, `data.customerPortalWallets.collection[${i}]`));
    });
  }

  async customer(signal: AbortSignal): Promise<Customer> {
    const { currency: _currency, ...customer } = await this.customerMemo.get(signal);
    return customer;
  }

  /** Lago has no portal config: every section on, the default presets. */
  config(_signal: AbortSignal): Promise<PortalConfig> {
    return Promise.resolve(defaultPortalConfig());
  }

  wallets(signal: AbortSignal): Promise<Wallet[]> {
    return this.walletsMemo.get(signal);
  }

  async wallet(id: string, signal: AbortSignal): Promise<Wallet> {
    const wallet = (await this.wallets(signal)).find((w) => w.id === id);
    if (!wallet) throw new ApiError({ kind: 'http', status: 404, code: 'not_found', message: 'Wallet not found.' });
    return wallet;
  }

  walletTransactions(_id: string, _page: PageRequest, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    signal.throwIfAborted();
    return Promise.reject(unsupported('wallet transaction history'));
  }

  async subscriptions(page: PageRequest, signal: AbortSignal): Promise<Page<Subscription>> {
    const data = await this.client.query('LagoPortalSubscriptions', Q.SUBSCRIPTIONS_QUERY, pageOf(page, this.limits.subscriptionsPageSize), signal);
    const { items, total } = lagoCollection(data, 'customerPortalSubscriptions');
    return { items: items.map((s, i) => mapSubscription(s, `data.customerPortalSubscriptions.collection[${i}]`)), total };
  }

  async invoices(page: PageRequest, signal: AbortSignal, query: InvoiceQuery = {}): Promise<Page<Invoice>> {
    const [customer, data] = await Promise.all([
      this.customerMemo.get(signal),
      this.client.query('LagoPortalInvoices', Q.INVOICES_QUERY, { ...pageOf(page, this.limits.invoicesPageSize), searchTerm: query.search?.trim() || null }, signal),
    ]);
    const { items, total } = lagoCollection(data, 'customerPortalInvoices');
    const now = this.now();
    return { items: items.map((inv, i) => mapInvoice(inv, `data.customerPortalInvoices.collection[${i}]`, now, customer.currency)), total };
  }

  private async invoiceWire(id: string, signal: AbortSignal): Promise<{ raw: unknown; currency: string }> {
    const [customer, data] = await Promise.all([this.customerMemo.get(signal), this.client.query('LagoPortalInvoice', Q.INVOICE_DETAIL_QUERY, { searchTerm: id }, signal)]);
    const raw = lagoCollection(data, 'customerPortalInvoices').items.find((inv) => asObject(inv, 'invoice').id === id);
    if (raw === undefined) throw new ApiError({ kind: 'http', status: 404, code: 'not_found', message: 'Invoice not found.' });
    return { raw, currency: customer.currency };
  }

  async invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail> {
    const { raw, currency } = await this.invoiceWire(id, signal);
    return mapInvoiceDetail(raw, 'data.customerPortalInvoices.collection[0]', this.now(), currency);
  }

  /** `fileUrl` (a plain link to storage, no token); none for drafts, unrendered PDFs or a link that is not http(s). */
  async invoicePdfUrl(id: string, signal: AbortSignal): Promise<string> {
    const { raw } = await this.invoiceWire(id, signal);
    const url = asObject(raw, 'invoice').fileUrl;
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) {
      throw new ApiError({ kind: 'http', status: 404, code: 'no_document', message: 'This invoice has no PDF yet.' });
    }
    return url;
  }

  /** Current billing period of every active subscription, one line per billable metric (units, events, cost). */
  async usageSummary(signal: AbortSignal): Promise<UsageSummary> {
    const subs = lagoCollection(await this.client.query('LagoPortalActiveSubscriptions', Q.ACTIVE_SUBSCRIPTION_IDS_QUERY, {}, signal), 'customerPortalSubscriptions');
    const ids = subs.items.map((s, i) => reqId(asObject(s, `subscriptions[${i}]`), 'id', `subscriptions[${i}]`));
    const usages = await Promise.all(
      ids.map(async (subscriptionId) => {
        try {
          return asObject((await this.client.query('LagoPortalUsage', Q.USAGE_QUERY, { subscriptionId }, signal)).customerPortalCustomerUsage, 'data.customerPortalCustomerUsage');
        } catch (error) {
          // A subscription that ended between the two requests has no current usage.
          if (error instanceof ApiError && error.code === 'no_active_subscription') return null;
          throw error;
        }
      }),
    );
    const byMetric = new Map<string, FeatureQuota & { units: string[]; costs: string[]; events: number }>();
    let periodStart: Date | null = null;
    let periodEnd: Date | null = null;
    for (const usage of usages) {
      if (!usage) continue;
      const path = 'data.customerPortalCustomerUsage';
      const currency = optString(usage, 'currency', path).toUpperCase() || 'USD';
      const from = optDate(usage, 'fromDatetime');
      const to = optDate(usage, 'toDatetime');
      if (from && (!periodStart || from < periodStart)) periodStart = from;
      if (to && (!periodEnd || to > periodEnd)) periodEnd = to;
      asArray(usage.chargesUsage, `${path}.chargesUsage`).forEach((charge, i) => {
        const cp = `${path}.chargesUsage[${i}]`;
        const c = asObject(charge, cp);
        const metric = asObject(c.billableMetric, `${cp}.billableMetric`);
        const key = `${optString(metric, 'code', `${cp}.billableMetric`) || reqId(metric, 'id', `${cp}.billableMetric`)}:${currency}`;
        const name = optString(metric, 'name', `${cp}.billableMetric`) || optString(metric, 'code', `${cp}.billableMetric`);
        const entry =
          byMetric.get(key) ??
          ({ featureId: key, name, unitSingular: '', unitPlural: '', usage: '0', limit: null, unlimited: true, softLimit: false, nextResetAt: to, currency, units: [], costs: [], events: 0 } as FeatureQuota & { units: string[]; costs: string[]; events: number });
        entry.units.push(reqDecimal(c, 'units', cp));
        entry.costs.push(centsToDecimal(c.amountCents, currency, `${cp}.amountCents`));
        entry.events += typeof c.eventsCount === 'number' && Number.isFinite(c.eventsCount) ? c.eventsCount : 0;
        byMetric.set(key, entry);
      });
    }
    const features: FeatureQuota[] = [...byMetric.values()].map(({ units, costs, events, ...f }) => ({ ...f, usage: sum(units), cost: sum(costs), eventCount: events }));
    return { features, periodStart, periodEnd };
  }

  /**
   * `customerPortalInvoiceCollections` (finalized invoices per month and payment
   * status, in the customer's currency) summed per month, and the overdue
   * balance from `customerPortalOverdueBalances`.
   */
  async billingHistory(signal: AbortSignal): Promise<BillingHistory> {
    const [customer, data] = await Promise.all([this.customerMemo.get(signal), this.client.query('LagoPortalBillingHistory', Q.BILLING_HISTORY_QUERY, {}, signal)]);
    const currency = customer.currency;
    const months = new Map<number, { month: Date; amounts: string[]; invoiceCount: number }>();
    lagoCollection(data, 'customerPortalInvoiceCollections').items.forEach((row, i) => {
      const path = `data.customerPortalInvoiceCollections.collection[${i}]`;
      const o = asObject(row, path);
      const month = optDate(o, 'month');
      if (!month) return;
      const entry = months.get(month.getTime()) ?? { month, amounts: [], invoiceCount: 0 };
      // Rows in another currency than the customer's would not add up; Lago reports the customer's.
      if (o.currency === null || o.currency === undefined || (typeof o.currency === 'string' && o.currency.toUpperCase() === currency)) {
        entry.amounts.push(centsToDecimal(o.amountCents, currency, `${path}.amountCents`));
        const count = typeof o.invoicesCount === 'string' && isDecimal(o.invoicesCount) ? Number(o.invoicesCount) : 0;
        entry.invoiceCount += Number.isSafeInteger(count) ? count : 0;
      }
      months.set(month.getTime(), entry);
    });
    const overdue: string[] = [];
    let overdueInvoiceCount = 0;
    lagoCollection(data, 'customerPortalOverdueBalances').items.forEach((row, i) => {
      const path = `data.customerPortalOverdueBalances.collection[${i}]`;
      const o = asObject(row, path);
      overdue.push(centsToDecimal(o.amountCents, currency, `${path}.amountCents`));
      overdueInvoiceCount += Array.isArray(o.lagoInvoiceIds) ? o.lagoInvoiceIds.length : 0;
    });
    return {
      currency,
      months: [...months.values()].sort((a, b) => a.month.getTime() - b.month.getTime()).map(({ month, amounts, invoiceCount }) => ({ month, amount: sum(amounts), invoiceCount })),
      overdue: sum(overdue),
      overdueInvoiceCount,
    };
  }

  usageSeries(_query: unknown, signal: AbortSignal): Promise<UsageSeries> {
    signal.throwIfAborted();
    return Promise.reject(unsupported('usage time series'));
  }

  /** The writes (top-up, billing details, invoice documents): their own chunk, loaded only when the host lists actions. */
  loadActions(): Promise<BackendActions> {
    return import('./actions.js').then((m) => m.createActions(this.client, centsToDecimal));
  }
}
