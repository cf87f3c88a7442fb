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

export type { PortalApi, PortalFaults, SeededCustomer } from '../../demo/server/portal-api.mjs';

export interface PortalFetchCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface PortalFetchStubOptions {
  /** Seeded customer external id; default `cus-typical`. */
  customer?: string;
  /** Lifetime of the minted token; default 3600. */
  ttlSeconds?: number;
  /** Mint an already-expired token. */
  expired?: boolean;
  /** Delay of every routed response, in ms (abortable). */
  latencyMs?: number;
  /** Clock of the handler (token iat/exp, data anchor, verification). */
  now?: () => Date;
  /** Default `https://portal.test/v1`. */
  apiBase?: string;
}

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

function abortError(signal: AbortSignal | null | undefined): unknown {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
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
  const calls: PortalFetchCall[] = [];
  const original = window.fetch;
  const latencyMs = options.latencyMs ?? 0;

  const stubFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input), window.location.href);
    if (url.origin !== origin) return original.call(window, input, init);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = { ...(request ? headersOf(request.headers) : {}), ...headersOf(init?.headers) };
    const signal = init?.signal ?? request?.signal ?? null;
    let body: string | null = null;
    if (init?.body !== undefined && init.body !== null) {
      body = typeof init.body === 'string' ? init.body : await new Response(init.body).text();
    } else if (request && method !== 'GET' && method !== 'HEAD') {
      body = await request.clone().text();
      if (body === '') body = null;
    }
    calls.push({ method, url: url.href, headers, body });
    if (signal?.aborted) throw abortError(signal);

    const work = (async () => {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      return api.handle({ method, url: url.pathname + url.search, headers, body });
    })();
    const result = await new Promise<Awaited<typeof work>>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      work.then(
        (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        (e: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
    if (signal?.aborted) throw abortError(signal);
    if (result.networkError || result.status === 0) throw new TypeError('Failed to fetch');
    const isPdf = result.headers['content-type'] === 'application/pdf';
    const payload = isPdf ? Uint8Array.from(result.body, (ch) => ch.charCodeAt(0) & 0xff) : result.body;
    const nullBody = method === 'HEAD' || result.status === 204 || result.status === 304;
    return new Response(nullBody ? null : payload, { status: result.status, headers: result.headers });
  };

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
