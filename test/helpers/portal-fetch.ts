/**
 * Stubs `window.fetch` at the network edge with the reference portal handler
 * (demo/server/portal-api.mjs), for component tests in the browser:
 *
 *   const stub = await portalFetchStub({ customer: 'cus-typical' });
 *   el.apiBase = stub.apiBase; el.token = stub.token;
 *   stub.api.setFaults({ status: 503, statusCount: 1 });
 *   …
 *   stub.restore();   // in afterEach
 *
 * Requests under `apiBase`'s origin get real `Response` objects from the
 * handler; the request's AbortSignal is honoured (rejects with a DOMException
 * `AbortError`); the `offline` fault rejects with `TypeError('Failed to fetch')`.
 * Other URLs go to the real fetch. Every routed request is recorded in `calls`
 * (headers lower-cased; the session token is recorded as sent, tests may assert it).
 */
import { createPortalApi } from '../../demo/server/portal-api.mjs';
import type { PortalApi } from '../../demo/server/portal-api.mjs';
import { handlerFetch, type HandlerFetchCall, type SeededStubOptions } from './handler-fetch.js';

export type { PortalApi, PortalFaults, SeededCustomer } from '../../demo/server/portal-api.mjs';

export type PortalFetchCall = HandlerFetchCall;

/** Customer `cus-typical`, a token of 3600 s and `https://portal.test/v1` unless told otherwise. */
export type PortalFetchStubOptions = SeededStubOptions;

export interface PortalFetchStub {
  token: string;
  /** `expires_at` of the minted session. */
  expiresAt: string;
  apiBase: string;
  /** The handler instance: setFaults, patchCustomer, mintToken, customer, reset. */
  api: PortalApi;
  /** Same object as `api`. */
  server: PortalApi;
  /** The installed fetch (also usable directly as an injected fetch). */
  fetch: typeof fetch;
  calls: PortalFetchCall[];
  /** Mints another token for the same (or another) customer. */
  mint(opts?: { ttlSeconds?: number; expired?: boolean; customer?: string }): Promise<string>;
  restore(): void;
}

export async function portalFetchStub(options: PortalFetchStubOptions = {}): Promise<PortalFetchStub> {
  const customer = options.customer ?? 'cus-typical';
  const apiBase = options.apiBase ?? 'https://portal.test/v1';
  const origin = new URL(apiBase).origin;
  const api = createPortalApi({
    ...(options.now ? { now: options.now } : {}),
    publicBaseUrl: origin,
  });
  const session = await api.mintToken(customer, { ttlSeconds: options.ttlSeconds, expired: options.expired });
  const original = window.fetch;
  const { fetch: stubFetch, calls } = handlerFetch({
    origin,
    handle: (req) => api.handle(req),
    latencyMs: options.latencyMs ?? 0,
    fallback: (input, init) => original.call(window, input, init),
  });

  window.fetch = stubFetch as typeof fetch;
  let restored = false;
  return {
    token: session.token,
    expiresAt: session.expires_at,
    apiBase,
    api,
    server: api,
    fetch: stubFetch as typeof fetch,
    calls,
    async mint(opts = {}) {
      const s = await api.mintToken(opts.customer ?? customer, { ttlSeconds: opts.ttlSeconds, expired: opts.expired });
      return s.token;
    },
    restore() {
      if (restored) return;
      restored = true;
      if (window.fetch === (stubFetch as typeof fetch)) window.fetch = original;
    },
  };
}
