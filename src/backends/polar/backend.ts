/**
 * `PolarBackend`: the Polar adapter behind `PortalBackend`. It calls
 * `PolarClient` (GET routes only) and maps the answers with mapping.ts.
 *
 * What Polar can and cannot supply (`capabilities`): no wallet transactions
 * (Polar has no such endpoint), no usage time series for customer tokens (no
 * chart, no ranges), invoice-number search on the client (Polar's `query`
 * matches product names only), no due dates (never overdue), wallet balances
 * as listed (no real-time variant). `walletTransactions` and `usageSeries`
 * reject with `ApiError` code `unsupported`.
 *
 * Paging: `{offset, limit}` → Polar's 1-based `page` and `limit` ≤ 100
 * (paging.ts); whole lists (wallets, active subscriptions, customer meters)
 * are read page by page up to `max_page`.
 *
 * One instance serves one session token. `customer()`, `wallets()`, the
 * active subscriptions and the customer meters are memoized per instance (one
 * shared request, abort-safe, forgotten when it fails).
 *
 * Member sessions (`polar_mst_`) without a billing role get 403 `NotPermitted`
 * on orders and wallets: those sections show that error, the rest works.
 */
import type { BackendActions } from '../../api/actions.js';
import type { BackendCapabilities, BackendLimits, PageRequest, PortalBackend } from '../../api/backend.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import { ApiError } from '../../api/errors.js';
import { abortedError, defaultTimers, type Timers } from '../../api/http.js';
import { SharedRequest } from '../../api/memo.js';
import type { Customer, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSummary, Wallet, WalletTransaction } from '../../api/model.js';
import type { PolarClient } from './client.js';
import { loadMapping, mappedAnswer, type Mapping } from './load-mapping.js';
import { POLAR_MAX_LIMIT, fetchAll, slice, type PolarPage } from './paging.js';

export const POLAR_CAPABILITIES: BackendCapabilities = Object.freeze({
  transactions: false,
  usageSeries: null,
  usageSummary: true,
  invoiceSearch: 'client',
  invoiceDueDates: false,
  realTimeWalletBalance: false,
});

/** Polar's page size cap; there are no transactions, so their page size only bounds a call that is never made. */
export const POLAR_LIMITS: BackendLimits = Object.freeze({
  transactionsPageSize: POLAR_MAX_LIMIT,
  invoicesPageSize: POLAR_MAX_LIMIT,
  subscriptionsPageSize: POLAR_MAX_LIMIT,
});


export interface PolarBackendOptions {
  /** Timers of the receipt polling (tests use a fake clock). */
  timers?: Timers;
}

function unsupported(what: string): ApiError {
  return new ApiError({ kind: 'http', status: 0, code: 'unsupported', message: `Polar has no ${what} for customer sessions.` });
}

export class PolarBackend implements PortalBackend {
  readonly capabilities = POLAR_CAPABILITIES;
  readonly limits = POLAR_LIMITS;
  private readonly timers: Timers;
  private readonly customerMemo: SharedRequest<Customer>;
  private readonly walletsMemo: SharedRequest<Wallet[]>;
  private readonly activeSubscriptionsMemo: SharedRequest<unknown[]>;
  private readonly metersMemo: SharedRequest<unknown[]>;
  /** What the lists already told about each order's documents, so a PDF click costs no detail request. */
  private readonly documents = new Map<string, { invoice: boolean; receipt: boolean }>();

  constructor(
    readonly client: PolarClient,
    options: PolarBackendOptions = {},
  ) {
    this.timers = options.timers ?? defaultTimers;
    this.customerMemo = new SharedRequest((signal) => mappedAnswer(client.getCustomer(signal), (m, raw) => m.mapCustomer(raw)));
    this.walletsMemo = new SharedRequest((signal) =>
      fetchAll((page, s) => mappedAnswer(client.listWallets(page, s), (m, raw) => m.mapList(raw, 'wallets', m.mapWallet)), signal),
    );
    this.activeSubscriptionsMemo = new SharedRequest((signal) =>
      fetchAll((page, s) => mappedAnswer(client.listSubscriptions({ ...page, active: true }, s), (m, raw) => rawPage(m, raw, 'subscriptions')), signal),
    );
    this.metersMemo = new SharedRequest((signal) => fetchAll((page, s) => mappedAnswer(client.listMeters(page, s), (m, raw) => rawPage(m, raw, 'meters')), signal));
  }

  customer(signal: AbortSignal): Promise<Customer> {
    return this.customerMemo.get(signal);
  }

  /** Polar has no portal config: every section, no extra presets. */
  config(signal: AbortSignal): Promise<PortalConfig> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    return Promise.resolve(defaultPortalConfig());
  }

  async wallets(signal: AbortSignal): Promise<Wallet[]> {
    return [...(await this.walletsMemo.get(signal))];
  }

  async wallet(id: string, signal: AbortSignal): Promise<Wallet> {
    return mappedAnswer(this.client.getWallet(id, signal), (m, raw) => m.mapWallet(raw));
  }

  walletTransactions(_id: string, _page: PageRequest, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    return Promise.reject(unsupported('wallet transaction history'));
  }

  /** The active (and trialing) subscriptions: what the Overview shows, with their meters. */
  async subscriptions(page: PageRequest, signal: AbortSignal): Promise<Page<Subscription>> {
    const all = await this.activeSubscriptionsMemo.get(signal);
    const { mapSubscription } = await loadMapping();
    const items = all.slice(page.offset, page.offset + page.limit).map((raw, i) => mapSubscription(raw, `subscriptions[${page.offset + i}]`));
    return { items, total: all.length };
  }

  async invoices(page: PageRequest, signal: AbortSignal): Promise<Page<Invoice>> {
    return slice(
      (q, s) =>
        mappedAnswer(this.client.listOrders(q, s), (m, raw) =>
          m.mapList(raw, 'orders', (value, path) => {
            const order = m.mapOrder(value, path);
            this.documents.set(order.id, m.orderDocuments(value, path));
            return order;
          }),
        ),
      page.offset,
      page.limit,
      signal,
    );
  }

  async invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail> {
    return mappedAnswer(this.client.getOrder(id, signal), (m, raw) => {
      const detail = m.mapOrderDetail(raw);
      this.documents.set(detail.id, m.orderDocuments(raw));
      return detail;
    });
  }

  /**
   * The PDF of an order: its generated invoice, else its receipt (polled while
   * Polar renders it), else an `ApiError` 404 `no_document`. Never asks Polar
   * to generate an invoice (that POST is permanent).
   */
  async invoicePdfUrl(id: string, signal: AbortSignal): Promise<string> {
    // The document logic (invoice, else the receipt polled while it renders) lives with the mappings: only the Invoices tab needs it.
    return (await loadMapping()).orderPdfUrl({ client: this.client, documents: this.documents, timers: this.timers }, id, signal);
  }

  async usageSummary(signal: AbortSignal): Promise<UsageSummary> {
    const [meters, subscriptions] = await Promise.all([this.metersMemo.get(signal), this.activeSubscriptionsMemo.get(signal)]);
    return (await loadMapping()).mapUsage(meters, subscriptions);
  }

  usageSeries(_query: unknown, signal: AbortSignal): Promise<UsageSeries> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    return Promise.reject(unsupported('usage time series'));
  }

  /** The writes (billing details, cards, cancel / resume, payment retry, invoice generation): their own chunk, loaded only when the host lists actions. */
  loadActions(): Promise<BackendActions> {
    return import('./actions.js').then((m) => m.createActions(this.client));
  }
}

/** A Polar list as raw items plus its paging (the items are mapped by the caller). */
function rawPage(m: Mapping, raw: unknown, path: string): PolarPage<unknown> {
  return m.mapList(raw, path, (value) => value);
}
