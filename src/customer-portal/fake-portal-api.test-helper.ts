/**
 * A small, fully controllable portal API for the root element's tests: it
 * replaces only `window.fetch`, answers with real `Response` objects in the
 * Flexprice wire format, logs every request (path and which token sent it),
 * and can refuse tokens, fail routes, or hold one token's answers back.
 * (Wide data coverage lives in the reference server; this one is for timing.)
 */

type Json = unknown;

export interface LoggedRequest {
  method: string;
  /** Path after `/v1`, without the query, e.g. `/customer/portal/info`. */
  path: string;
  token: string | null;
  /** True once the caller aborted it before its answer. */
  aborted: boolean;
}

export interface Answer {
  status: number;
  body: Json;
}

type Route = (request: LoggedRequest) => Answer | undefined;

const b64url = (value: string) => btoa(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An HS256-shaped portal token (the browser never checks the signature). */
export function makeToken(expiresInSeconds: number, customer = 'cus-typical', nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      customer_id: `cust_${customer}`,
      external_customer_id: customer,
      tenant_id: 'tenant_1',
      environment_id: 'env_1',
      iat,
      exp: iat + expiresInSeconds,
      nonce: Math.random().toString(36).slice(2),
    }),
  );
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

export const wire = {
  info: (name = 'Acme Inc', timezone = 'America/New_York') => ({
    id: 'cust_1',
    external_id: 'cus-typical',
    name,
    email: 'billing@acme.test',
    timezone,
  }),
  config: (opts: { disabled?: string[]; theme?: Record<string, string> } = {}) => ({
    id: 'setting_1',
    key: 'customer_portal_config',
    value: {
      version: '1.0',
      theme: { primary_color: '', secondary_color: '', tertiary_color: '', ...opts.theme },
      // Deliberately in a different order than the tabs are shown.
      sections: ['usage', 'credits', 'invoices', 'overview'].map((id, i) => ({
        id,
        label: id,
        enabled: !(opts.disabled ?? []).includes(id),
        order: i + 1,
        tabs: [],
      })),
    },
  }),
  wallet: (id = 'wal_1') => ({
    id,
    name: 'Prepaid credits',
    currency: 'usd',
    wallet_status: 'active',
    wallet_type: 'PRE_PAID',
    credit_balance: '1200',
    balance: '120',
    conversion_rate: '0.1',
  }),
  page: (items: Json[] = [], limit = 10) => ({ items, pagination: { total: items.length, limit, offset: 0 } }),
  usage: () => ({ features: [] }),
  analytics: () => ({ currency: 'usd', total_cost: '0', items: [] }),
};

export interface FakePortalApi {
  apiBase: string;
  requests: LoggedRequest[];
  /** Requests sent with `token`, optionally only for paths containing `fragment`. */
  sent(token: string | null, fragment?: string): LoggedRequest[];
  /** Overrides one route: `'GET /customer/portal/config'` → answer (or undefined to fall through). */
  route(key: string, handler: Route): void;
  /** Tokens the server answers 401 for. */
  refuse(token: string): void;
  /** Holds every answer to `token` until `release(token)`. */
  hold(token: string): void;
  release(token: string): void;
  restore(): void;
}

export function installFakePortalApi(): FakePortalApi {
  const apiBase = 'https://portal.test/v1';
  const original = window.fetch;
  const requests: LoggedRequest[] = [];
  const routes = new Map<string, Route>();
  const refused = new Set<string>();
  const held = new Map<string, { promise: Promise<void>; release: () => void }>();

  const defaults: Record<string, () => Json> = {
    'GET /customer/portal/info': () => wire.info(),
    'GET /customer/portal/config': () => wire.config(),
    'POST /customer/portal/wallets': () => [wire.wallet()],
    'POST /customer/portal/subscriptions': () => wire.page(),
    'POST /customer/portal/invoices': () => wire.page(),
    'GET /customer/portal/usage': () => wire.usage(),
    'POST /customer/portal/analytics/revenue': () => wire.analytics(),
  };

  const answer = (req: LoggedRequest): Answer => {
    const key = `${req.method} ${req.path}`;
    const custom = routes.get(key)?.(req);
    if (custom) return custom;
    if (!req.token) return { status: 401, body: { error: 'Session token required' } };
    if (refused.has(req.token)) return { status: 401, body: { error: 'Invalid or expired session token' } };
    const fixed = defaults[key];
    if (fixed) return { status: 200, body: fixed() };
    if (/^GET \/customer\/portal\/wallets\/[^/]+$/.test(key)) return { status: 200, body: { ...wire.wallet(), real_time_balance: '120', real_time_credit_balance: '1200' } };
    if (/^GET \/customer\/portal\/wallets\/[^/]+\/transactions$/.test(key)) return { status: 200, body: wire.page() };
    return { status: 404, body: { code: 'not_found', message: 'No such route', http_status_code: 404 } };
  };

  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.startsWith('/v1') ? url.pathname.slice(3) : url.pathname;
    const entry: LoggedRequest = { method: request.method, path, token: request.headers.get('X-Session-Token'), aborted: false };
    requests.push(entry);
    const signal = init?.signal ?? request.signal;
    const abortable = <T>(promise: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const abort = () => {
          entry.aborted = true;
          reject(new DOMException('Aborted', 'AbortError'));
        };
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        promise.then(resolve, reject);
      });
    const gate = entry.token ? held.get(entry.token) : undefined;
    await abortable(gate ? gate.promise : Promise.resolve());
    const { status, body } = answer(entry);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  window.fetch = fake as typeof window.fetch;

  return {
    apiBase,
    requests,
    sent: (token, fragment) => requests.filter((r) => r.token === token && (!fragment || r.path.includes(fragment))),
    route: (key, handler) => routes.set(key, handler),
    refuse: (token) => refused.add(token),
    hold: (token) => {
      let release = () => {};
      const promise = new Promise<void>((resolve) => (release = resolve));
      held.set(token, { promise, release });
    },
    release: (token) => {
      held.get(token)?.release();
      held.delete(token);
    },
    restore: () => {
      window.fetch = original;
      for (const gate of held.values()) gate.release();
    },
  };
}
