/**
 * `FlexpriceClient`: the typed, DOM-free HTTP client of the Flexprice
 * customer-portal API (`/v1/customer/portal/*`), on the shared `HttpClient`
 * machinery (retries, timeouts, one `ApiError`, the 401 replay).
 *
 * The session token travels only in the `X-Session-Token` header. Answers
 * are typed with the wire types but NOT validated here; `FlexpriceBackend`
 * checks every field it reads.
 */
import { HttpClient, type HttpClientOptions } from '../../api/http.js';
import { parseErrorBody } from '../../api/error-body.js';
import type {
  CustomerResponse,
  CustomerUsageSummaryResponse,
  GetUsageAnalyticsResponse,
  InvoicePdfResponse,
  InvoiceResponse,
  ListInvoicesResponse,
  ListSubscriptionsResponse,
  ListWalletTransactionsResponse,
  ListWalletsResponse,
  PageRequest,
  PortalAnalyticsRequest,
  SettingResponse,
  SubscriptionResponse,
  UsageQuery,
  WalletBalanceResponse,
  WalletTransactionsQuery,
} from './types.js';

export { abortedError, parseRetryAfter, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from '../../api/http.js';
export { parseErrorBody };
export type { RetryOptions, Timers } from '../../api/http.js';

/** Options of `FlexpriceClient`; `baseUrl` includes `/v1`, e.g. `https://api.cloud.flexprice.io/v1`. */
export type FlexpriceClientOptions = HttpClientOptions;

export class FlexpriceClient extends HttpClient {
  constructor(options: FlexpriceClientOptions) {
    super(options, { authHeaders: (token) => ({ 'X-Session-Token': token }), parseError: parseErrorBody });
  }

  /** `GET /customer/portal/info`. */
  getInfo(signal: AbortSignal): Promise<CustomerResponse> {
    return this.request({ method: 'GET', path: '/customer/portal/info', idempotent: true }, signal);
  }

  /** `GET /customer/portal/usage` (arrays repeat the query key). */
  getUsage(query: UsageQuery, signal: AbortSignal): Promise<CustomerUsageSummaryResponse> {
    return this.request(
      {
        method: 'GET',
        path: '/customer/portal/usage',
        query: {
          feature_ids: query.feature_ids,
          feature_lookup_keys: query.feature_lookup_keys,
          subscription_ids: query.subscription_ids,
        },
        idempotent: true,
      },
      signal,
    );
  }

  /** `POST /customer/portal/subscriptions` with `{page, limit}` (1-based page). */
  listSubscriptions(page: PageRequest, signal: AbortSignal): Promise<ListSubscriptionsResponse> {
    return this.request({ method: 'POST', path: '/customer/portal/subscriptions', body: pageBody(page), idempotent: true }, signal);
  }

  /** `GET /customer/portal/subscriptions/{id}`. */
  getSubscription(id: string, signal: AbortSignal): Promise<SubscriptionResponse> {
    return this.request({ method: 'GET', path: `/customer/portal/subscriptions/${encodeURIComponent(id)}`, idempotent: true }, signal);
  }

  /** `POST /customer/portal/invoices` with `{page, limit}` (1-based page). */
  listInvoices(page: PageRequest, signal: AbortSignal): Promise<ListInvoicesResponse> {
    return this.request({ method: 'POST', path: '/customer/portal/invoices', body: pageBody(page), idempotent: true }, signal);
  }

  /** `GET /customer/portal/invoices/{id}` (with `line_items`). */
  getInvoice(id: string, signal: AbortSignal): Promise<InvoiceResponse> {
    return this.request({ method: 'GET', path: `/customer/portal/invoices/${encodeURIComponent(id)}`, idempotent: true }, signal);
  }

  /** `GET /customer/portal/invoices/{id}/pdf` → `{presigned_url}`. */
  getInvoicePdf(id: string, signal: AbortSignal): Promise<InvoicePdfResponse> {
    return this.request({ method: 'GET', path: `/customer/portal/invoices/${encodeURIComponent(id)}/pdf`, idempotent: true }, signal);
  }

  /** `POST /customer/portal/wallets` with `{}` → a bare array. */
  listWallets(signal: AbortSignal): Promise<ListWalletsResponse> {
    return this.request({ method: 'POST', path: '/customer/portal/wallets', body: {}, idempotent: true }, signal);
  }

  /** `GET /customer/portal/wallets/{id}` (with real-time balance). */
  getWallet(id: string, signal: AbortSignal): Promise<WalletBalanceResponse> {
    return this.request({ method: 'GET', path: `/customer/portal/wallets/${encodeURIComponent(id)}`, idempotent: true }, signal);
  }

  /** `GET /customer/portal/wallets/{id}/transactions?limit=&offset=…`. */
  listWalletTransactions(id: string, query: WalletTransactionsQuery, signal: AbortSignal): Promise<ListWalletTransactionsResponse> {
    return this.request(
      {
        method: 'GET',
        path: `/customer/portal/wallets/${encodeURIComponent(id)}/transactions`,
        query: { ...query },
        idempotent: true,
      },
      signal,
    );
  }

  /** `GET /customer/portal/config` (setting `customer_portal_config`). */
  getConfig(signal: AbortSignal): Promise<SettingResponse> {
    return this.request({ method: 'GET', path: '/customer/portal/config', idempotent: true }, signal);
  }

  /** `POST /customer/portal/analytics/revenue` (usage series and what the customer is charged). */
  getUsageAnalytics(body: PortalAnalyticsRequest, signal: AbortSignal): Promise<GetUsageAnalyticsResponse> {
    return this.request({ method: 'POST', path: '/customer/portal/analytics/revenue', body, idempotent: true }, signal);
  }
}

function pageBody(page: PageRequest): PageRequest {
  const body: PageRequest = {};
  if (page.page !== undefined) body.page = page.page;
  if (page.limit !== undefined) body.limit = page.limit;
  return body;
}
