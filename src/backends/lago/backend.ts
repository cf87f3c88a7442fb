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
 * memoized (shared, abort-safe, forgotten on failure). What reads the answers
 * (wire.ts) is a chunk of its own, imported alongside the first request.
 */
import type { BackendActions } from '../../api/actions.js';
import type { BackendCapabilities, BackendLimits, InvoiceQuery, PageRequest, PortalBackend } from '../../api/backend.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import { ApiError } from '../../api/errors.js';
import { SharedRequest } from '../../api/memo.js';
import type { BillingHistory, Customer, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSummary, Wallet, WalletTransaction } from '../../api/model.js';
import { chunkLoadError, loadOnce } from '../../api/load-once.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import type { LagoClient } from './client.js';
import * as Q from './documents.js';

type Wire = typeof import('./wire.js');

/** The answers' readers, imported once (a failed import is forgotten and reads as a network error). */
const loadWire = loadOnce<Wire>(() => import('./wire.js'), chunkLoadError('The billing code'));

/** Starts the readers' import alongside a request, so the two travel in the same wave. */
function wire(): Promise<Wire> {
  const load = loadWire();
  // Started alongside the request; if the request fails first, this rejection is not left unhandled.
  load.catch(() => undefined);
  return load;
}

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
      const w = wire();
      const data = await this.client.query('LagoPortalCustomer', Q.CUSTOMER_QUERY, {}, signal);
      return (await w).customerWithCurrency(data);
    });
    this.walletsMemo = new SharedRequest(async (signal) => {
      const w = wire();
      const data = await this.client.query('LagoPortalWallets', Q.WALLETS_QUERY, { page: 1, limit: 100 }, signal);
      return (await w).wallets(data);
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

  /**
   * A fresh read of the list: no section asks for it (no real-time balance here), only an action
   * following a top-up, which must see the credits land, not the memo of the first paint.
   */
  async wallet(id: string, signal: AbortSignal): Promise<Wallet> {
    this.walletsMemo.clear();
    const wallet = (await this.wallets(signal)).find((w) => w.id === id);
    if (!wallet) throw new ApiError({ kind: 'http', status: 404, code: 'not_found', message: 'Wallet not found.' });
    return wallet;
  }

  walletTransactions(_id: string, _page: PageRequest, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    signal.throwIfAborted();
    return Promise.reject(unsupported('wallet transaction history'));
  }

  async subscriptions(page: PageRequest, signal: AbortSignal): Promise<Page<Subscription>> {
    const w = wire();
    const data = await this.client.query('LagoPortalSubscriptions', Q.SUBSCRIPTIONS_QUERY, pageOf(page, this.limits.subscriptionsPageSize), signal);
    return (await w).subscriptions(data);
  }

  async invoices(page: PageRequest, signal: AbortSignal, query: InvoiceQuery = {}): Promise<Page<Invoice>> {
    const w = wire();
    const [customer, data] = await Promise.all([
      this.customerMemo.get(signal),
      this.client.query('LagoPortalInvoices', Q.INVOICES_QUERY, { ...pageOf(page, this.limits.invoicesPageSize), searchTerm: query.search?.trim() || null }, signal),
    ]);
    return (await w).invoices(data, this.now(), customer.currency);
  }

  private async invoiceWire(id: string, signal: AbortSignal): Promise<{ raw: unknown; currency: string }> {
    const w = wire();
    const [customer, data] = await Promise.all([this.customerMemo.get(signal), this.client.query('LagoPortalInvoice', Q.INVOICE_DETAIL_QUERY, { searchTerm: id }, signal)]);
    const raw = (await w).invoiceWire(data, id);
    if (raw === undefined) throw new ApiError({ kind: 'http', status: 404, code: 'not_found', message: 'Invoice not found.' });
    return { raw, currency: customer.currency };
  }

  async invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail> {
    const { raw, currency } = await this.invoiceWire(id, signal);
    return (await wire()).invoiceDetail(raw, this.now(), currency);
  }

  /** `fileUrl` (a plain link to storage, no token); none for drafts, unrendered PDFs or a link that is not http(s). */
  async invoicePdfUrl(id: string, signal: AbortSignal): Promise<string> {
    const { raw } = await this.invoiceWire(id, signal);
    const url = (await wire()).invoiceFileUrl(raw);
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) {
      throw new ApiError({ kind: 'http', status: 404, code: 'no_document', message: 'This invoice has no PDF yet.' });
    }
    return url;
  }

  /** Current billing period of every active subscription, one line per billable metric (units, events, cost). */
  async usageSummary(signal: AbortSignal): Promise<UsageSummary> {
    const w = wire();
    const subs = await this.client.query('LagoPortalActiveSubscriptions', Q.ACTIVE_SUBSCRIPTION_IDS_QUERY, {}, signal);
    const read = await w;
    const usages = await Promise.all(
      read.subscriptionIds(subs).map(async (subscriptionId) => {
        try {
          return read.customerUsage(await this.client.query('LagoPortalUsage', Q.USAGE_QUERY, { subscriptionId }, signal));
        } catch (error) {
          // A subscription that ended between the two requests has no current usage.
          if (error instanceof ApiError && error.code === 'no_active_subscription') return null;
          throw error;
        }
      }),
    );
    return read.usageSummary(usages);
  }

  /** Finalized invoices summed per month, and the overdue balance (wire.ts `billingHistory`). */
  async billingHistory(signal: AbortSignal): Promise<BillingHistory> {
    const w = wire();
    const [customer, data] = await Promise.all([this.customerMemo.get(signal), this.client.query('LagoPortalBillingHistory', Q.BILLING_HISTORY_QUERY, {}, signal)]);
    return (await w).billingHistory(data, customer.currency);
  }

  usageSeries(_query: unknown, signal: AbortSignal): Promise<UsageSeries> {
    signal.throwIfAborted();
    return Promise.reject(unsupported('usage time series'));
  }

  /** The writes (top-up, billing details, invoice documents): their own chunk, loaded only when the host lists actions. */
  loadActions(): Promise<BackendActions> {
    return import('./actions.js').then((m) => m.createActions(this.client));
  }
}
