import type { BackendActions } from './actions.js';
import type { BillingHistory, Customer, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSeriesQuery, UsageSummary, UsageWindow, Wallet, WalletTransaction } from './model.js';

/**
 * A slice of a list: skip `offset` items, take at most `limit`. The one paging
 * shape of the seam; each adapter turns it into its API's own (page numbers,
 * cursors, …). Callers keep `offset` a multiple of `limit` and `limit` within
 * the adapter's `limits`.
 */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** How a backend's usage time series is cut (the Usage chart and ranges, the Overview trend). */
export interface UsageSeriesCapability {
  /** Bucket widths the backend can answer, finest first. */
  windows: readonly UsageWindow[];
  /**
   * The zone the backend cuts `DAY` buckets in: the customer's own zone
   * (`Customer.timeZone`, UTC when unset), or one fixed zone. The tabs ask
   * for finer windows and regroup them when the display zone differs.
   */
  dayBuckets: { zone: 'customer' } | { zone: 'fixed'; timeZone: string };
}

/**
 * What a backend can and cannot supply. Tabs ask these, never a backend's
 * name; where something is missing the tab says so in one line where the user
 * would look (no empty chart, fake zero or dead control).
 */
export interface BackendCapabilities {
  /** A wallet's transaction history (the Credits table and its CSV export). */
  transactions: boolean;
  /** Usage over time; null when the backend has none (no chart, no ranges). */
  usageSeries: UsageSeriesCapability | null;
  /** Usage against limits of the current period (`usageSummary`). */
  usageSummary: boolean;
  /**
   * Where invoices are searched: the tab filters the whole list on number, date, amount and status
   * (`client`), or asks `invoices(…, {search})` once typing pauses, a page of matches per request
   * (`server`: the backend matches invoice numbers, as Lago's `searchTerm` does, and the search box says so).
   */
  invoiceSearch: 'client' | 'server';
  /** Invoices carry a due date (and so can be overdue). */
  invoiceDueDates: boolean;
  /** `wallet(id)` answers a fresher (real-time) balance than `wallets()`. */
  realTimeWalletBalance: boolean;
}

/** Page sizes the adapter serves; callers never ask for more. */
export interface BackendLimits {
  /** Largest `limit` of `walletTransactions` (CSV export pages). */
  transactionsPageSize: number;
  /** Largest `limit` of `invoices` (the Invoices tab loads the list in pages this big). */
  invoicesPageSize: number;
  /** Largest `limit` of `subscriptions`. */
  subscriptionsPageSize: number;
}

/** Filters of `invoices()`; only honoured when `capabilities.invoiceSearch` is `server`. */
export interface InvoiceQuery {
  /** Free text (invoice number, …) as the backend searches it. */
  search?: string;
}

/**
 * What the element needs from a billing backend, in view-model terms. Each
 * adapter (`src/backends/<name>/`) implements it over its own client; every
 * method takes the caller's `AbortSignal` and rejects with `ApiError`. A
 * method whose capability is off may reject with an `ApiError` (code
 * `unsupported`); the tabs do not call it.
 *
 * One instance serves one session token: its caches are per instance, so two
 * elements (or two tokens) never share data.
 */
export interface PortalBackend {
  readonly capabilities: BackendCapabilities;
  readonly limits: BackendLimits;
  customer(signal: AbortSignal): Promise<Customer>;
  /** The tenant's portal config; resolves to `defaultPortalConfig()` when the backend has none. */
  config(signal: AbortSignal): Promise<PortalConfig>;
  wallets(signal: AbortSignal): Promise<Wallet[]>;
  /** One wallet, with a real-time balance where `capabilities.realTimeWalletBalance`. */
  wallet(id: string, signal: AbortSignal): Promise<Wallet>;
  walletTransactions(id: string, page: PageRequest, signal: AbortSignal): Promise<Page<WalletTransaction>>;
  subscriptions(page: PageRequest, signal: AbortSignal): Promise<Page<Subscription>>;
  invoices(page: PageRequest, signal: AbortSignal, query?: InvoiceQuery): Promise<Page<Invoice>>;
  invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail>;
  /**
   * A URL the PDF can be opened at (not behind the session token). Rejects
   * with an `ApiError` when the invoice has no document; the tabs offer the
   * button unless `Invoice.hasDocument` is false.
   */
  invoicePdfUrl(id: string, signal: AbortSignal): Promise<string>;
  usageSummary(signal: AbortSignal): Promise<UsageSummary>;
  usageSeries(query: UsageSeriesQuery, signal: AbortSignal): Promise<UsageSeries>;
  /**
   * Invoiced totals per month and the overdue balance, where the backend has
   * them; the Overview shows them in place of the usage trend when
   * `capabilities.usageSeries` is null.
   */
  billingHistory?(signal: AbortSignal): Promise<BillingHistory>;
  /**
   * The backend's writes (opt-in actions), a lazily loaded chunk: called only when the host lists `actions`,
   * so a read-only page loads no write code. Absent: the backend offers no action.
   */
  loadActions?(): Promise<BackendActions>;
}
