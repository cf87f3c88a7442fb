import type {
  Customer,
  Invoice,
  InvoiceDetail,
  Page,
  PortalConfig,
  Subscription,
  UsageSeries,
  UsageSeriesQuery,
  UsageSummary,
  Wallet,
  WalletTransaction,
} from './model.js';

/**
 * What the element needs from a billing backend, in view-model terms. The
 * Flexprice adapter implements it over `FlexpriceClient`; every method takes
 * the caller's `AbortSignal` and rejects with `ApiError`.
 *
 * One instance serves one session token: its caches are per instance, so two
 * elements (or two tokens) never share data.
 */
export interface PortalBackend {
  customer(signal: AbortSignal): Promise<Customer>;
  /** The tenant's portal config; resolves to defaults when the backend has none. */
  config(signal: AbortSignal): Promise<PortalConfig>;
  wallets(signal: AbortSignal): Promise<Wallet[]>;
  /** One wallet with real-time balance when the backend offers it. */
  wallet(id: string, signal: AbortSignal): Promise<Wallet>;
  walletTransactions(id: string, page: { limit: number; offset: number }, signal: AbortSignal): Promise<Page<WalletTransaction>>;
  /** 1-based `page`. */
  subscriptions(page: { page: number; limit: number }, signal: AbortSignal): Promise<Page<Subscription>>;
  /** 1-based `page`. */
  invoices(page: { page: number; limit: number }, signal: AbortSignal): Promise<Page<Invoice>>;
  invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail>;
  /** A URL the PDF can be opened at (not behind the session token). */
  invoicePdfUrl(id: string, signal: AbortSignal): Promise<string>;
  usageSummary(signal: AbortSignal): Promise<UsageSummary>;
  usageSeries(query: UsageSeriesQuery, signal: AbortSignal): Promise<UsageSeries>;
}
