/**
 * A `fetch` answered by the Polar reference handler (demo/server/polar/api.mjs)
 * behind browser CORS as Polar configures it: a request header other than
 * `Authorization`, `Polar-Version` or the safelisted ones fails like a refused
 * preflight, and responses show JS only the safelisted headers and
 * `Polar-Version` (so `Retry-After` is unreadable, as on api.polar.sh).
 *
 *   const polar = polarFetch({ customer: 'polar-typical' });
 *   const client = new PolarClient({ baseUrl: polar.apiBase, getToken: () => polar.token, fetch: polar.fetch });
 *   polar.api.setFaults({ status: 429, statusCount: 1 });
 *   polar.calls;  polar.api.mutations;
 *
 * As an injected fetch it needs no restore; `install()` also puts it on
 * `window.fetch` (for element tests) and returns the restore function.
 */
import { createPolarApi, type PolarApi, type PolarCustomerSession } from '../../demo/server/polar/api.mjs';
import { handlerFetch, type HandlerFetchCall, type SeededStubOptions } from './handler-fetch.js';

export type { PolarApi, PolarCustomerSession } from '../../demo/server/polar/api.mjs';

/** Customer `polar-typical` and `https://polar-api.test` unless told otherwise. */
export interface PolarFetchOptions extends SeededStubOptions {
  /** How many times a rendering receipt answers 202 (default 1). */
  receiptRenderPolls?: number;
}

export interface PolarFetch {
  api: PolarApi;
  apiBase: string;
  session: PolarCustomerSession;
  token: string;
  fetch: typeof fetch;
  calls: HandlerFetchCall[];
  /** Installs the stub as `window.fetch`; returns the restore function. */
  install(): () => void;
}

export const PAGE_ORIGIN = 'https://shop.example';

export function polarFetch(options: PolarFetchOptions = {}): PolarFetch {
  const apiBase = options.apiBase ?? 'https://polar-api.test';
  const origin = new URL(apiBase).origin;
  const api = createPolarApi({
    ...(options.now ? { now: options.now } : {}),
    publicBaseUrl: origin,
    ...(options.receiptRenderPolls !== undefined ? { receiptRenderPolls: options.receiptRenderPolls } : {}),
  });
  const session = api.mintSession(options.customer ?? 'polar-typical', { ttlSeconds: options.ttlSeconds, expired: options.expired });
  const { fetch, calls } = handlerFetch({
    origin,
    handle: (req) => api.handle(req),
    latencyMs: options.latencyMs ?? 0,
    cors: { pageOrigin: PAGE_ORIGIN, allowHeaders: ['Authorization', 'Polar-Version', 'Content-Type', 'Accept'], exposeHeaders: ['Polar-Version'] },
  });
  return {
    api,
    apiBase,
    session,
    token: session.token,
    fetch,
    calls,
    install() {
      const original = window.fetch;
      window.fetch = fetch;
      return () => {
        if (window.fetch === fetch) window.fetch = original;
      };
    },
  };
}
