/**
 * A `fetch` answered by a reference server's pure handler (demo/server/*):
 * the shared core of the test stubs (portal-fetch.ts for Flexprice,
 * polar-fetch.ts for Polar). Requests under `origin` get real `Response`
 * objects from `handle`; the request's AbortSignal is honoured (rejects with a
 * DOMException `AbortError`); a `networkError` answer rejects with
 * `TypeError('Failed to fetch')`. Other URLs go to `fallback`. Every routed
 * request is recorded in `calls` (headers lower-cased).
 */
import type { PortalRequest, PortalResponse } from '../../demo/server/portal-api.mjs';

export interface HandlerFetchCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Set once the caller aborted the request (before or after its answer). */
  aborted: boolean;
}

/** What the seeded stubs over a handler take (portal-fetch.ts, polar-fetch.ts; each names its defaults). */
export interface SeededStubOptions {
  /** Seeded customer. */
  customer?: string;
  /** Lifetime of the minted session, in seconds. */
  ttlSeconds?: number;
  /** Mint an already-expired session. */
  expired?: boolean;
  /** Delay of every routed response, in ms (abortable). */
  latencyMs?: number;
  /** Clock of the handler (token iat/exp, data anchor, verification). */
  now?: () => Date;
  /** Where the stub answers. */
  apiBase?: string;
}

export interface HandlerFetchOptions {
  /** Origin whose requests the handler answers. */
  origin: string;
  handle: (req: PortalRequest) => Promise<PortalResponse>;
  /** Delay of every routed response, in ms (abortable). */
  latencyMs?: number;
  /** Where other URLs go (default: the real fetch at call time). */
  fallback?: typeof fetch;
  /**
   * Browser CORS in front of the handler: the request headers a preflight
   * would refuse reject like a blocked request, and the `Response` carries
   * only what JS may read (safelisted headers plus `exposeHeaders`).
   * `headers` of `calls` record what was sent, before any refusal.
   */
  cors?: { pageOrigin: string; allowHeaders: readonly string[]; exposeHeaders: readonly string[] };
}

/** CORS-safelisted response headers (always readable). */
const SAFELISTED_RESPONSE = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];
/** Request headers that never need a preflight (their values are simple here). */
const SAFELISTED_REQUEST = ['accept', 'accept-language', 'content-language'];

function abortError(signal: AbortSignal | null | undefined): unknown {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

export function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

export function handlerFetch(options: HandlerFetchOptions): { fetch: typeof fetch; calls: HandlerFetchCall[] } {
  const calls: HandlerFetchCall[] = [];
  const latencyMs = options.latencyMs ?? 0;
  const stub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input), window.location.href);
    if (url.origin !== options.origin) return (options.fallback ?? window.fetch.bind(window))(input, init);
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
    const call: HandlerFetchCall = { method, url: url.href, headers: { ...headers }, body, aborted: signal?.aborted ?? false };
    calls.push(call);
    signal?.addEventListener('abort', () => (call.aborted = true), { once: true });
    if (signal?.aborted) throw abortError(signal);

    const cors = options.cors;
    if (cors) {
      const allowed = cors.allowHeaders.map((h) => h.toLowerCase());
      const needsPreflight = Object.keys(headers).some((h) => !SAFELISTED_REQUEST.includes(h) && !(h === 'content-type' && method === 'GET'));
      if (needsPreflight && Object.keys(headers).some((h) => !allowed.includes(h) && !SAFELISTED_REQUEST.includes(h))) {
        throw new TypeError('Failed to fetch (CORS preflight refused a request header)');
      }
      headers.origin = cors.pageOrigin;
    }

    const work = (async () => {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      return options.handle({ method, url: url.pathname + url.search, headers, body });
    })();
    const result = await new Promise<PortalResponse>((resolve, reject) => {
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
    let responseHeaders = result.headers;
    if (cors) {
      // No Access-Control-Allow-Origin: the browser hides the answer entirely.
      if (result.headers['access-control-allow-origin'] === undefined) throw new TypeError('Failed to fetch (no CORS headers)');
      const readable = [...SAFELISTED_RESPONSE, ...cors.exposeHeaders.map((h) => h.toLowerCase())];
      responseHeaders = Object.fromEntries(Object.entries(result.headers).filter(([k]) => readable.includes(k.toLowerCase())));
    }
    const isPdf = result.headers['content-type'] === 'application/pdf';
    const payload = isPdf ? Uint8Array.from(result.body, (ch) => ch.charCodeAt(0) & 0xff) : result.body;
    const nullBody = method === 'HEAD' || [204, 205, 304].includes(result.status) || (result.status === 202 && result.body === '');
    return new Response(nullBody ? null : payload, { status: result.status, headers: responseHeaders });
  };
  return { fetch: stub as typeof fetch, calls };
}
