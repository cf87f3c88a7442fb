/**
 * `BackendAdapter`: what one billing system plugs into the element. The
 * registry (`src/backends/registry.ts`) maps each `backend` attribute value
 * to a lazy loader of one of these; everything the element knows about a
 * vendor goes through it:
 *
 * - `defaultApiBase`: the `api-base` used when the host sets none;
 * - `readToken`: what a session token says about itself (expiry, identity),
 *   read the adapter's way (a JWT's claims, the host's `expires-at`, an
 *   introspection request): the session module never parses a token;
 * - `createBackend`: the `PortalBackend` of one session (client, wire types,
 *   mapping, paging, limits, capabilities).
 *
 * DOM-free; no element code imports an adapter's folder directly.
 */
import type { PortalBackend } from './backend.js';
import type { HttpClientOptions, RetryOptions, Timers } from './http.js';

/** The `backend` attribute values the element knows. */
export type BackendId = 'flexprice' | 'polar' | 'lago' | 'hosted';

/**
 * Whose data a token opens, as far as the token tells: named identity parts
 * (e.g. `customer_id`, `tenant_id`). `customer` keys name the customer; the
 * `scope` keys name where it lives. Two readings are the same customer when
 * they share at least one `customer` key and no key present in both differs.
 */
export interface TokenIdentity {
  customer: Readonly<Record<string, string>>;
  scope: Readonly<Record<string, string>>;
}

/** What an adapter read from a token. */
export interface TokenReading {
  /**
   * When the session ends, as the token (or the adapter's introspection)
   * says; null when it is not known (the element then learns of the end from
   * the first 401). The element combines it with the host's `expires-at`:
   * the earlier counts.
   */
  expiresAt: Date | null;
  issuedAt?: Date | null;
  /** Null when the token names no customer (another token is then treated as another customer). */
  identity: TokenIdentity | null;
}

/** What `readToken` may use besides the token. */
export interface TokenReadContext {
  /** The host's `expires-at`, when set and valid. */
  expiresAt: Date | null;
  apiBase: string;
  /** Aborted when the token is replaced before the reading finished. */
  signal: AbortSignal;
}

/**
 * The verdict on a token: its reading, `malformed` (not a token of this
 * backend: the "Invalid session" state), or `unauthorized` (the backend
 * refused it while reading, e.g. an introspection 401: `token-expired`).
 */
export type TokenVerdict = { ok: true; reading: TokenReading } | { ok: false; reason: 'malformed' | 'unauthorized' };

/** Test seams and tuning for an adapter's HTTP client (never set in production code). */
export interface ClientTuning {
  retry?: Partial<RetryOptions> | false;
  timeoutMs?: number;
  timers?: Timers;
  random?: () => number;
}

/** What the element hands an adapter to build the backend of one session. */
export interface BackendSession {
  apiBase: string;
  /** The token to send now, or null when there is no usable one. Read before every attempt. */
  getToken(): string | null;
  /** A request was refused with 401: resolves the token to retry once with, or null. */
  onUnauthorized(failedToken: string): Promise<string | null>;
  /** The clock (overdue invoices, "as of" times). */
  now(): Date;
  /** The backend's own config request failed (it then answers defaults); the element reports it once. */
  onConfigError?(error: unknown): void;
  client?: ClientTuning;
}

/** An adapter's HTTP client options for a session: its tuning, its API base, its token (read before every attempt) and its 401 hook. */
export function sessionClientOptions(session: BackendSession): HttpClientOptions {
  return {
    ...session.client,
    baseUrl: session.apiBase,
    getToken: () => session.getToken(),
    onUnauthorized: (failed) => session.onUnauthorized(failed),
  };
}

export interface BackendAdapter {
  readonly id: BackendId;
  /** `api-base` when the host sets none; null when the host must set it (e.g. a Lago proxy route). */
  readonly defaultApiBase: string | null;
  /**
   * Where the session credential comes from: the `token` attribute (default), or
   * `portal-url` for a link-out backend (`hosted`), whose link is the session.
   */
  readonly credential?: 'token' | 'portal-url';
  /** Reads a token; synchronous where the token itself carries everything (a JWT), a promise where a request is needed. */
  readToken(token: string, context: TokenReadContext): TokenVerdict | Promise<TokenVerdict>;
  /**
   * The backend of one session, or null for a vendor with no customer-token
   * read API (`hosted`): the element then shows the link-out card of
   * `portal-url` instead of the tabs.
   */
  createBackend(session: BackendSession): PortalBackend | null;
  /**
   * Optional: loads the adapter's code only the lazily loaded tabs need (its
   * own chunk). The element loads it together with a tab's module, so a tab
   * that opened has all its code even if the connection drops afterwards.
   */
  loadTabCode?(): Promise<unknown>;
}
