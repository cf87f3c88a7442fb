/**
 * Lago for component tests in the browser, over the real path a merchant
 * deploys: `window.fetch` → the package's Lago proxy (`createLagoProxy`, its
 * `fetch` face) → the reference Lago handler (demo/server/lago/lago-api.mjs).
 *
 *   const stub = await lagoFetchStub({ customer: 'lago-typical' });
 *   el.backend = 'lago'; el.apiBase = stub.apiBase; el.token = stub.token;
 *   stub.api.setFaults({ status: 503, statusCount: 1 });
 *   stub.restore();   // in afterEach
 *
 * Requests to `apiBase` (the proxy's route on the merchant's origin) go through
 * the proxy; `calls` records what the browser sent, `upstream` what reached Lago.
 * The request's AbortSignal is honoured; the `offline` fault rejects with
 * `TypeError('Failed to fetch')` at the proxy's upstream (the proxy answers 502).
 */
import { createLagoApi } from '../../demo/server/lago/lago-api.mjs';
import type { LagoApi } from '../../demo/server/lago/lago-api.mjs';
import * as graphql from '../../server/lago-proxy/graphql.js';
import { createLagoProxy, type LagoProxyAction } from '../../server/lago-proxy/index.js';

export type { LagoApi, LagoFaults, LagoSeededCustomer } from '../../demo/server/lago/lago-api.mjs';

export interface LagoFetchCall {
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface LagoFetchStubOptions {
  customer?: string;
  ttlSeconds?: number;
  expired?: boolean;
  now?: () => Date;
  /** The proxy's route; default `https://merchant.test/billing/lago`. */
  apiBase?: string;
  /** Upstream time limit of the proxy (default 10 s). */
  proxyTimeoutMs?: number;
  /** The write actions the proxy forwards (default none: read-only, as a merchant's default). */
  actions?: readonly LagoProxyAction[];
}

export interface LagoFetchStub {
  token: string;
  expiresAt: string;
  portalUrl: string;
  apiBase: string;
  api: LagoApi;
  calls: LagoFetchCall[];
  upstream: LagoFetchCall[];
  mint(opts?: { ttlSeconds?: number; expired?: boolean; customer?: string }): Promise<string>;
  restore(): void;
}

const LAGO_ORIGIN = 'https://lago-api.test';

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

export async function lagoFetchStub(options: LagoFetchStubOptions = {}): Promise<LagoFetchStub> {
  const apiBase = options.apiBase ?? 'https://merchant.test/billing/lago';
  const api = createLagoApi({ graphql, filesBaseUrl: LAGO_ORIGIN, ...(options.now ? { now: options.now } : {}) });
  const session = await api.mintToken(options.customer ?? 'lago-typical', { ttlSeconds: options.ttlSeconds, expired: options.expired });
  const calls: LagoFetchCall[] = [];
  const upstream: LagoFetchCall[] = [];

  // Lago itself, as the proxy's upstream fetch.
  const lagoFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = headersOf(init?.headers);
    const body = typeof init?.body === 'string' ? init.body : null;
    upstream.push({ url: url.href, headers, body });
    const signal = init?.signal ?? null;
    const result = await new Promise<Awaited<ReturnType<LagoApi['handle']>>>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      signal?.addEventListener('abort', () => reject(abortError()), { once: true });
      api.handle({ method: init?.method ?? 'GET', url: url.pathname + url.search, headers, body }).then(resolve, reject);
    });
    if (result.networkError || result.status === 0) throw new TypeError('Failed to fetch');
    return new Response(result.body, { status: result.status, headers: result.headers });
  };
  const proxy = createLagoProxy({
    apiUrl: LAGO_ORIGIN,
    fetch: lagoFetch as typeof fetch,
    ...(options.proxyTimeoutMs ? { timeoutMs: options.proxyTimeoutMs } : {}),
    ...(options.actions ? { actions: options.actions } : {}),
  });

  const original = window.fetch;
  const stubFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.url !== new URL(apiBase).href) return original.call(window, input, init);
    const body = request.method === 'POST' ? await request.clone().text() : null;
    calls.push({ url: request.url, headers: headersOf(request.headers), body });
    if (request.signal.aborted) throw abortError();
    const response = await new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(abortError()), { once: true });
      proxy.fetch(request).then(resolve, reject);
    });
    return response;
  };
  window.fetch = stubFetch as typeof fetch;
  let restored = false;
  return {
    token: session.token,
    expiresAt: session.expires_at,
    portalUrl: session.portal_url,
    apiBase,
    api,
    calls,
    upstream,
    async mint(opts = {}) {
      return (await api.mintToken(opts.customer ?? options.customer ?? 'lago-typical', { ttlSeconds: opts.ttlSeconds, expired: opts.expired })).token;
    },
    restore() {
      if (restored) return;
      restored = true;
      if (window.fetch === (stubFetch as typeof fetch)) window.fetch = original;
    },
  };
}
