/**
 * `PolarClient`: the typed, DOM-free HTTP client of Polar's customer-portal
 * API (`{api-base}/v1/customer-portal/*`), on the shared `HttpClient`
 * machinery (per-attempt timeout, one `ApiError`, caller `AbortSignal`, one
 * replay with a fresh token after a 401, backoff with full jitter).
 *
 * Polar specifics:
 * - The token travels only in `Authorization: Bearer …`; besides it only
 *   `Accept` (CORS-safelisted) is sent, and `Content-Type` never (GETs only).
 *   Polar's CORS allows `Authorization` and `Polar-Version` and nothing else
 *   non-safelisted; `Polar-Version` is not sent (the default version is the
 *   one the adapter reads, and an unsupported value fails as a CORS error).
 * - A 429 arrives with an empty body and a `Retry-After` the browser cannot
 *   read (Polar exposes only `Polar-Version`): the machinery then backs off
 *   blindly (exponential, full jitter), as for a 503.
 * - Error bodies: `{error, detail}` (detail a string, or 422's list of
 *   `{loc, msg, type}`) and OAuth2's `{error, error_description}`; `error`
 *   becomes the `ApiError` code (`invalid_token`, `NotPermitted`, …).
 * - Exact trailing-slash paths (a slash-less list path would be a 307).
 * - A receipt that is still rendering answers `202` with no body, a DELETE `204`: `null`.
 * - Only GET routes exist here (the writes, opt-in, are in actions.ts): the token could change billing details,
 *   cancel subscriptions or generate invoices, and this client cannot.
 *
 * Answers are typed with the wire types but NOT validated; mapping.ts checks
 * every field the element reads.
 */
import { HttpClient, type HttpClientOptions } from '../../api/http.js';
import type {
  PolarCustomer,
  PolarCustomerMeter,
  PolarDocumentUrl,
  PolarIntrospection,
  PolarList,
  PolarOrder,
  PolarPageQuery,
  PolarSubscription,
  PolarWallet,
} from './types.js';

/** Options of `PolarClient`; `baseUrl` is the API origin, e.g. `https://api.polar.sh` (a trailing slash is fine). */
export type PolarClientOptions = HttpClientOptions;

const PORTAL = '/v1/customer-portal';

export class PolarClient extends HttpClient {
  constructor(options: PolarClientOptions) {
    super(options, {
      authHeaders: (token) => ({ Authorization: `Bearer ${token}` }),
      // Polar's error bodies are read by a lazily loaded module (errors.ts): a page whose requests all
      // succeed never loads it. Should it fail to load, the error keeps its status with a generic code.
      parseError: (status, statusText, text) =>
        import('./errors.js').then(
          (m) => m.parsePolarError(status, statusText, text),
          () => ({ code: 'http_error', message: `HTTP ${status}`, details: undefined }),
        ),
      emptyOk: [202, 204],
    });
  }

  private get<T>(path: string, signal: AbortSignal, query?: Record<string, string | number | boolean | readonly string[] | undefined>): Promise<T> {
    return this.request<T>({ method: 'GET', path: `${PORTAL}${path}`, ...(query ? { query } : {}), idempotent: true }, signal);
  }

  /** `GET /customer-session/introspect` → `{expires_at, return_url}`. */
  introspect(signal: AbortSignal): Promise<PolarIntrospection> {
    return this.get('/customer-session/introspect', signal);
  }

  /** `GET /customers/me`. */
  getCustomer(signal: AbortSignal): Promise<PolarCustomer> {
    return this.get('/customers/me', signal);
  }

  /** `GET /subscriptions/?page&limit[&active=true]` (active: status active or trialing). */
  listSubscriptions(page: PolarPageQuery & { active?: boolean }, signal: AbortSignal): Promise<PolarList<PolarSubscription>> {
    return this.get('/subscriptions/', signal, { page: page.page, limit: page.limit, active: page.active });
  }

  /** `GET /orders/?page&limit` (newest first; drafts and voids included). */
  listOrders(page: PolarPageQuery, signal: AbortSignal): Promise<PolarList<PolarOrder>> {
    return this.get('/orders/', signal, { page: page.page, limit: page.limit });
  }

  /** `GET /orders/{id}` (with `items[]`). */
  getOrder(id: string, signal: AbortSignal): Promise<PolarOrder> {
    return this.get(`/orders/${encodeURIComponent(id)}`, signal);
  }

  /** `GET /orders/{id}/invoice` → `{url}`; 404 `InvoiceDoesNotExist` unless generated. Never the POST that generates one. */
  getOrderInvoice(id: string, signal: AbortSignal): Promise<PolarDocumentUrl> {
    return this.get(`/orders/${encodeURIComponent(id)}/invoice`, signal);
  }

  /** `GET /orders/{id}/receipt` → `{url}`, or null (202) while it renders; 404 `ReceiptNotAllocated`. */
  getOrderReceipt(id: string, signal: AbortSignal): Promise<PolarDocumentUrl | null> {
    return this.get(`/orders/${encodeURIComponent(id)}/receipt`, signal);
  }

  /** `GET /wallets/?page&limit`. */
  listWallets(page: PolarPageQuery, signal: AbortSignal): Promise<PolarList<PolarWallet>> {
    return this.get('/wallets/', signal, { page: page.page, limit: page.limit });
  }

  /** `GET /wallets/{id}`. */
  getWallet(id: string, signal: AbortSignal): Promise<PolarWallet> {
    return this.get(`/wallets/${encodeURIComponent(id)}`, signal);
  }

  /** `GET /meters/?page&limit` (customer meters). */
  listMeters(page: PolarPageQuery, signal: AbortSignal): Promise<PolarList<PolarCustomerMeter>> {
    return this.get('/meters/', signal, { page: page.page, limit: page.limit });
  }
}
