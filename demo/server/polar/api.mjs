// The reference Polar customer-portal API as a pure request handler.
//
// No Node-only APIs: it runs in Node (demo/server/main.mjs serves it under
// `/polar`) and in the browser (a fetch stub can answer `window.fetch` with it).
// It implements /work/shared/contract/polar-customer-portal-api.md, quirks
// included: opaque `polar_cst_` / `polar_mst_` bearer tokens with a 1-hour
// lifetime minted at `POST /v1/customer-sessions/` with an organization access
// token; trailing-slash list routes (307 otherwise); `page`/`limit` lists with
// `{items, pagination:{total_count, max_page}}` and `limit` clamped to 100;
// integer minor units; Polar's exact error bodies (401 Unauthorized /
// invalid_token, 403 NotPermitted for member sessions on billing routes, 404
// ResourceNotFound / InvoiceDoesNotExist / ReceiptNotAllocated, 422
// RequestValidationError); 429 with an empty body; CORS as Polar configures it
// (request headers Authorization, Polar-Version and the safelisted ones; only
// Polar-Version exposed, so Retry-After is unreadable cross-origin).
//
//   const api = createPolarApi({ now, organizationTokens, tokenTtlSeconds, publicBaseUrl });
//   const res = await api.handle({ method: 'GET', url: '/v1/customer-portal/orders/?limit=100', headers: { authorization: `Bearer ${token}` } });
//   await api.mintSession('polar-typical', { ttlSeconds, expired });   // the CustomerSession body
//   api.setFaults({ latencyMs, status: 429, statusCount: 1, paths, truncate, expireAll, offline });
//   api.mutations;                              // every mutating call that reached the server
//   api.patchCustomer('polar-typical', (c) => { c.info.name = '…'; });
//
// Reference-server extensions (not Polar's): `?ttl_seconds=` and `?expired=true`
// on the mint route, the `/__files/…` PDFs behind the presigned links, and the
// `/__portal/…` page behind `customer_portal_url`.

import { createFaultSwitch } from '../faults.mjs';
import { simplePdf } from '../pdf.mjs';
import { hash32 } from '../util.mjs';
import { createPolarActions } from './actions.mjs';
import { DOCS, POLAR_CUSTOMER_IDS, buildPolarCustomer, minorFactor, organizationOf, polarCustomerSummaries, polarTime, sessionCustomer, uuid } from './seed.mjs';

export { DOCS, HOSTILE, POLAR_CUSTOMER_IDS, polarCustomerSummaries } from './seed.mjs';

export const POLAR_DEFAULTS = Object.freeze({
  organizationToken: 'polar_oat_reference_demo_token_0123456789abcdef',
  tokenTtlSeconds: 3600,
  apiVersion: '2026-04',
});

const JSON_TYPE = 'application/json';
/** `Polar-Version` values served: those the official SDK (@polar-sh/sdk 1.x) is typed for and sends. */
const API_VERSIONS = ['2026-04', '2026-10', '2027-01'];
/** Starlette's preflight answer: the CORS-safelisted headers plus Polar's `Authorization`, `Polar-Version`. */
const ALLOWED_HEADERS = ['Accept', 'Accept-Language', 'Authorization', 'Content-Language', 'Content-Type', 'Polar-Version'];
const PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
  'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
  'access-control-max-age': '600',
  vary: 'Origin',
};
const INVALID_TOKEN_DESCRIPTION = 'The access token provided is expired, revoked, malformed, or invalid for other reasons.';
const PORTAL = '/v1/customer-portal';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

class PolarHttpError extends Error {
  constructor(status, body, headers = {}) {
    super(typeof body === 'object' && body ? String(body.detail ?? body.error) : 'error');
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

const notFound = () => new PolarHttpError(404, { error: 'ResourceNotFound', detail: 'Not found' });
const validation = (detail, error = 'RequestValidationError') => new PolarHttpError(422, { error, detail });
const invalidToken = () =>
  new PolarHttpError(401, { error: 'invalid_token', error_description: INVALID_TOKEN_DESCRIPTION }, {
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'www-authenticate': `Bearer realm="polar", error="invalid_token", error_description="${INVALID_TOKEN_DESCRIPTION}"`,
  });
const unauthorized = () =>
  new PolarHttpError(401, { error: 'Unauthorized', detail: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="polar"' });
const notPermitted = () =>
  new PolarHttpError(403, { error: 'NotPermitted', detail: 'Only owners and billing managers can access billing features.' });

// CRC32 (IEEE), for the token checksum Polar appends (kit/crypto.py).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(text) {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function base62(n, width) {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/** Parses a query integer like Pydantic: 422 `int_parsing` / `greater_than`. */
function queryInt(params, key, fallback) {
  const raw = params.get(key);
  if (raw === null) return fallback;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw validation([{ type: 'int_parsing', loc: ['query', key], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw }]);
  }
  const n = Number(raw);
  if (n <= 0) throw validation([{ type: 'greater_than', loc: ['query', key], msg: 'Input should be greater than 0', input: raw, ctx: { gt: 0 } }]);
  return n;
}

function queryBool(params, key) {
  const raw = params.get(key);
  if (raw === null || raw === '') return null;
  const v = raw.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
  throw validation([{ type: 'bool_parsing', loc: ['query', key], msg: 'Input should be a valid boolean, unable to interpret input', input: raw }]);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
function pathUuid(value, name = 'id') {
  if (!UUID.test(value)) {
    throw validation([{ type: 'uuid_parsing', loc: ['path', name], msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `' + (value.replace(/[0-9a-f-]/gi, '')[0] ?? '?') + '` at 1', input: value }]);
  }
  return value.toLowerCase();
}

/** `sorting=prop` / `sorting=-prop`, repeatable; unknown → 422 PolarRequestValidationError. */
function sorter(params, allowed, fallback) {
  const raw = params.getAll('sorting');
  const criteria = (raw.length ? raw : [fallback]).map((value) => {
    const desc = value.startsWith('-');
    const prop = desc ? value.slice(1) : value;
    if (!Object.hasOwn(allowed, prop)) {
      throw validation([{ loc: ['query', 'sorting'], msg: 'Invalid sorting criterion.', type: 'enum', input: value }], 'PolarRequestValidationError');
    }
    return { key: allowed[prop], desc };
  });
  return (list) =>
    [...list].sort((a, b) => {
      for (const { key, desc } of criteria) {
        const x = key(a);
        const y = key(b);
        if (x < y) return desc ? 1 : -1;
        if (x > y) return desc ? -1 : 1;
      }
      return 0;
    });
}

/** One page of a list the Polar way: `limit` clamped to 100, `max_page` 0 when empty. */
function paginate(list, params) {
  const page = queryInt(params, 'page', 1);
  const limit = Math.min(queryInt(params, 'limit', 10), 100);
  return {
    items: list.slice((page - 1) * limit, page * limit),
    pagination: { total_count: list.length, max_page: Math.ceil(list.length / limit) },
  };
}

export function createPolarApi(options = {}) {
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const organizationTokens = options.organizationTokens ?? [POLAR_DEFAULTS.organizationToken];
  const tokenTtlSeconds = options.tokenTtlSeconds ?? POLAR_DEFAULTS.tokenTtlSeconds;
  let publicBaseUrl = options.publicBaseUrl ?? 'https://polar-files.test';
  let portalBaseUrl = options.portalBaseUrl ?? 'https://polar.test';
  /** Receipts answer 202 (rendering) this many times before their URL. */
  const receiptRenderPolls = options.receiptRenderPolls ?? 1;

  let customers = new Map();
  let patches = [];
  /** token → { externalId, expiresMs, member, returnUrl } */
  const sessions = new Map();
  let tokenCounter = 0;
  const mutations = [];
  /** Every request to a write route: { method, path, status, applied, at } (QA: GET /polar/__qa/writes). */
  let writes = [];
  /** Generated invoices answer 404 InvoiceDoesNotExist to this many polls before their URL. */
  const invoiceRenderPolls = options.invoiceRenderPolls ?? 1;
  // `writesOnly` narrows every fault to the write routes; `dropAfterWrite` applies a write, then drops the connection.
  const faults = createFaultSwitch({ writesOnly: false, dropAfterWrite: false }, options.delay ? { delay: options.delay } : {});

  function customer(ext) {
    let c = customers.get(ext);
    if (c === undefined) {
      c = buildPolarCustomer(ext, nowMs());
      if (c) for (const p of patches) if (p.externalId === ext) p.fn(c);
      customers.set(ext, c);
    }
    return c;
  }

  function customerById(id) {
    for (const ext of POLAR_CUSTOMER_IDS) {
      const c = customer(ext);
      if (c && c.id === id) return c;
    }
    return null;
  }

  // ---------------------------------------------------------------- responses

  function json(status, value, extra = {}) {
    return { status, headers: { 'content-type': JSON_TYPE, ...extra }, body: JSON.stringify(value) };
  }
  const empty = (status, extra = {}) => ({ status, headers: { ...extra }, body: '' });

  function injectedFailure(status, retryAfter) {
    // asgi-ratelimit's default: empty body, `retry-after` (CORS hides it from the browser).
    if (status === 429) return empty(429, { 'retry-after': String(retryAfter) });
    if (status === 502 || status === 504) {
      return { status, headers: { 'content-type': 'text/html' }, body: `<html><head><title>${status}</title></head><body><h1>${status === 502 ? 'Bad Gateway' : 'Gateway Time-out'}</h1></body></html>` };
    }
    if (status === 500) return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' };
    return json(status, { error: status === 503 ? 'ServiceUnavailable' : 'HTTPException', detail: status === 503 ? 'Service Unavailable' : `HTTP ${status}` });
  }

  // ---------------------------------------------------------------- tokens

  function newToken(prefix) {
    tokenCounter += 1;
    let random = '';
    let h = hash32('polar-token', prefix, tokenCounter, nowMs());
    for (let i = 0; i < 37; i++) {
      h = hash32(h, i);
      random += ALNUM[h % ALNUM.length];
    }
    return `${prefix}${random}${base62(crc32(random), 6)}`;
  }

  /** Mints a session for a seeded customer: the `CustomerSession` body of `POST /v1/customer-sessions/`. */
  function mintSession(ext, opts = {}) {
    const c = customer(ext);
    if (!c) throw new Error(`unknown Polar customer ${ext}`);
    const member = Boolean(c.member);
    const token = newToken(member ? 'polar_mst_' : 'polar_cst_');
    const ttl = opts.ttlSeconds ?? tokenTtlSeconds;
    const created = nowMs();
    const expiresMs = opts.expired ? created - 60_000 : created + ttl * 1000;
    sessions.set(token, { externalId: ext, expiresMs, member, returnUrl: opts.returnUrl ?? null });
    const org = organizationOf(c);
    const query = new URLSearchParams({ customer_session_token: token });
    if (c.info.email) query.set('email', c.info.email);
    return {
      created_at: polarTime(created, token), modified_at: null, id: uuid('session', token),
      token, expires_at: polarTime(expiresMs, token),
      return_url: opts.returnUrl ?? null,
      customer_portal_url: `${portalBaseUrl}/${org.slug}/portal?${query}`,
      customer_id: c.id,
      // The endpoint's response model is `CustomerSession` for member sessions too: no member fields.
      customer: sessionCustomer(c),
    };
  }

  /** The session behind `Authorization`, or the exact 401 Polar sends. */
  function session(headers) {
    const auth = headers.authorization;
    const m = typeof auth === 'string' ? /^bearer\s+(\S+)\s*$/i.exec(auth) : null;
    if (!m || /[^\x20-\x7e]/.test(m[1])) throw unauthorized();
    const token = m[1];
    if (faults.current.expireAll) throw invalidToken();
    const s = sessions.get(token);
    if (!s || s.expiresMs <= nowMs()) throw invalidToken();
    const c = customer(s.externalId);
    if (!c) throw invalidToken();
    return { ...s, token, customer: c };
  }

  /** Billing routes (orders, wallets): owners and billing managers only. */
  function billing(s) {
    if (s.member && s.customer.member && !['owner', 'billing_manager'].includes(s.customer.member.role)) throw notPermitted();
  }

  const find = (list, id) => list.find((x) => x.id === id) ?? null;

  function ownOrder(s, id) {
    billing(s);
    const order = find(s.customer.orders, pathUuid(id));
    if (!order) throw notFound();
    return order;
  }

  function signedUrl(kind, orderId) {
    const sig = hash32('polar-s3', kind, orderId, Math.floor(nowMs() / 1000)).toString(16).padStart(8, '0');
    const at = new Date(nowMs()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    return `${publicBaseUrl}/__files/${kind}/${orderId}.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${at}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`;
  }

  // ---------------------------------------------------------------- routes

  const subscriptionSort = {
    started_at: (s) => s.started_at, amount: (s) => s.amount, status: (s) => s.status,
    organization: (s) => s.product.organization.name, product: (s) => s.product.name,
  };
  const orderSort = {
    created_at: (o) => o.created_at, amount: (o) => o.amount, net_amount: (o) => o.net_amount,
    product: (o) => o.product?.name ?? '', subscription: (o) => o.subscription_id ?? '',
  };
  const meterSort = {
    created_at: (m) => m.created_at, modified_at: (m) => m.modified_at, meter_id: (m) => m.meter_id, meter_name: (m) => m.meter.name,
    consumed_units: (m) => m.consumed_units, credited_units: (m) => m.credited_units, balance: (m) => m.balance,
  };

  // [method, pattern, handler(session, match, params, req)]; patterns are exact, trailing slash included.
  const routes = [
    ['GET', /^\/v1\/customer-portal\/customer-session\/introspect$/, (s) => json(200, { expires_at: polarTime(s.expiresMs, s.token), return_url: s.returnUrl })],
    ['GET', /^\/v1\/customer-portal\/customers\/me$/, (s) => json(200, s.customer.info)],
    ['GET', /^\/v1\/customer-portal\/subscriptions\/$/, (s, m, params) => {
      const sort = sorter(params, subscriptionSort, '-started_at');
      const active = queryBool(params, 'active');
      const query = (params.get('query') ?? '').toLowerCase();
      const products = params.getAll('product_id');
      let list = s.customer.subscriptions;
      if (active === true) list = list.filter((x) => x.status === 'active' || x.status === 'trialing');
      if (active === false) list = list.filter((x) => x.status === 'canceled' || x.status === 'unpaid');
      if (query) list = list.filter((x) => x.product.name.toLowerCase().includes(query));
      if (products.length) list = list.filter((x) => products.includes(x.product_id));
      return json(200, paginate(sort(list), params));
    }],
    ['GET', /^\/v1\/customer-portal\/subscriptions\/([^/]+)$/, (s, m) => {
      const sub = find(s.customer.subscriptions, pathUuid(m[1]));
      if (!sub) throw notFound();
      return json(200, sub);
    }],
    ['GET', /^\/v1\/customer-portal\/orders\/$/, (s, m, params) => {
      billing(s);
      const sort = sorter(params, orderSort, '-created_at');
      const query = (params.get('query') ?? '').toLowerCase();
      const products = params.getAll('product_id');
      const subscriptions = params.getAll('subscription_id');
      let list = s.customer.orders;
      // `query` matches the product name only, never the invoice number (contract §6).
      if (query) list = list.filter((o) => (o.product?.name ?? '').toLowerCase().includes(query));
      if (products.length) list = list.filter((o) => products.includes(o.product_id));
      if (subscriptions.length) list = list.filter((o) => subscriptions.includes(o.subscription_id));
      return json(200, paginate(sort(list), params));
    }],
    ['GET', /^\/v1\/customer-portal\/orders\/([^/]+)$/, (s, m) => json(200, ownOrder(s, m[1]))],
    ['GET', /^\/v1\/customer-portal\/orders\/([^/]+)\/invoice$/, (s, m) => {
      const order = ownOrder(s, m[1]);
      const docs = order[DOCS] ?? {};
      if (!order.is_invoice_generated || docs.invoicePolls > 0) {
        if (docs.invoicePolls > 0) docs.invoicePolls -= 1;
        throw new PolarHttpError(404, { error: 'InvoiceDoesNotExist', detail: `No invoice exists for order ${order.id}.` });
      }
      return json(200, { url: order[DOCS]?.invoiceUrl ?? signedUrl('invoices', order.id) });
    }],
    ['GET', /^\/v1\/customer-portal\/orders\/([^/]+)\/receipt$/, (s, m) => {
      const order = ownOrder(s, m[1]);
      const docs = order[DOCS] ?? {};
      if (!order.receipt_number) throw new PolarHttpError(404, { error: 'ReceiptNotAllocated', detail: `No receipt allocated for order ${order.id}.` });
      if (docs.receipt === 'rendering' && (docs.polls ?? 0) < receiptRenderPolls) {
        docs.polls = (docs.polls ?? 0) + 1;
        return empty(202);
      }
      return json(200, { url: docs.receiptUrl ?? signedUrl('receipts', order.id) });
    }],
    ['GET', /^\/v1\/customer-portal\/orders\/([^/]+)\/payment-status$/, (s, m) => {
      const order = ownOrder(s, m[1]);
      const status = order.status === 'pending' ? 'failed' : order.paid ? 'succeeded' : 'no_payment';
      return json(200, { status, error: order.status === 'pending' ? 'Your card was declined.' : null });
    }],
    ['GET', /^\/v1\/customer-portal\/wallets\/$/, (s, m, params) => {
      billing(s);
      const sort = sorter(params, { created_at: (w) => w.created_at, balance: (w) => w.balance }, '-created_at');
      return json(200, paginate(sort(s.customer.wallets), params));
    }],
    ['GET', /^\/v1\/customer-portal\/wallets\/([^/]+)$/, (s, m) => {
      billing(s);
      const wallet = find(s.customer.wallets, pathUuid(m[1]));
      if (!wallet) throw notFound();
      return json(200, wallet);
    }],
    ['GET', /^\/v1\/customer-portal\/meters\/$/, (s, m, params) => {
      const sort = sorter(params, meterSort, '-modified_at');
      const ids = params.getAll('meter_id');
      const query = (params.get('query') ?? '').toLowerCase();
      let list = s.customer.meters;
      if (ids.length) list = list.filter((x) => ids.includes(x.meter_id));
      if (query) list = list.filter((x) => x.meter.name.toLowerCase().includes(query));
      return json(200, paginate(sort(list), params));
    }],
    ['GET', /^\/v1\/customer-portal\/meters\/([^/]+)$/, (s, m) => {
      const meter = find(s.customer.meters, pathUuid(m[1]));
      if (!meter) throw notFound();
      return json(200, meter);
    }],

    // Writes (contract/portal-actions.md §2, ./actions.mjs), each recorded in `mutations` and the write log.
    ...createPolarActions({
      json, empty, validation, notFound, pathUuid, find, billing, ownOrder, nowMs, paginate,
      fail: (status, body) => new PolarHttpError(status, body), docs: DOCS, invoiceRenderPolls,
    }),
    // Writes the element does not offer: they answer like Polar and are recorded, nothing more.
    ['POST', /^\/v1\/customer-portal\/customers\/me\/payment-methods$/, () => json(201, { status: 'requires_action', client_secret: 'seti_reference_secret' }), { write: true }],
    ['PATCH', /^\/v1\/customer-portal\/orders\/([^/]+)$/, (s, m) => json(200, ownOrder(s, m[1])), { write: true }],
  ];

  function matchRoute(method, path) {
    for (const r of routes) {
      if (r[0] !== method && !(method === 'HEAD' && r[0] === 'GET')) continue;
      const m = r[1].exec(path);
      if (m) return { route: r, match: m };
    }
    return null;
  }

  // ---------------------------------------------------------------- mint

  function mintRoute(headers, body, params) {
    const auth = headers.authorization;
    const m = typeof auth === 'string' ? /^bearer\s+(\S+)\s*$/i.exec(auth) : null;
    if (!m) throw unauthorized();
    if (!organizationTokens.includes(m[1])) throw invalidToken();
    let input;
    try {
      input = body ? JSON.parse(body) : undefined;
    } catch {
      throw validation([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]);
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw validation([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: input ?? null }]);
    }
    let c = null;
    if (typeof input.customer_id === 'string') {
      c = customerById(input.customer_id);
      if (!c) throw validation([{ type: 'value_error', loc: ['body', 'customer_id'], msg: 'Customer does not exist.', input: input.customer_id }], 'PolarRequestValidationError');
    } else if (typeof input.external_customer_id === 'string') {
      c = POLAR_CUSTOMER_IDS.includes(input.external_customer_id) ? customer(input.external_customer_id) : null;
      if (!c) throw validation([{ type: 'value_error', loc: ['body', 'external_customer_id'], msg: 'Customer does not exist.', input: input.external_customer_id }], 'PolarRequestValidationError');
    } else {
      throw validation([{ type: 'missing', loc: ['body', 'customer_id'], msg: 'Field required', input }]);
    }
    const ttlParam = params.get('ttl_seconds');
    const ttlSeconds = ttlParam && /^\d+$/.test(ttlParam) ? Math.max(1, Number(ttlParam)) : undefined;
    const expired = params.get('expired') === 'true';
    const returnUrl = typeof input.return_url === 'string' ? input.return_url : null;
    return json(201, mintSession(c.externalId, { ttlSeconds, expired, returnUrl }));
  }

  // ---------------------------------------------------------------- files

  function file(path) {
    const m = /^\/__files\/(invoices|receipts)\/([^/]+)\.pdf$/.exec(path);
    if (!m) return null;
    for (const ext of POLAR_CUSTOMER_IDS) {
      const c = customer(ext);
      const order = c && find(c.orders, m[2]);
      if (!order) continue;
      const kind = m[1] === 'invoices' ? 'Invoice' : 'Receipt';
      const number = kind === 'Invoice' ? order.invoice_number : order.receipt_number;
      const money = (v) => `${(v / minorFactor(order.currency)).toFixed(minorFactor(order.currency) === 1 ? 0 : 2)} ${order.currency.toUpperCase()}`;
      const pdf = simplePdf(number ?? order.id, [
        [24, `${kind} ${number ?? ''}`],
        [12, `Billed to: ${order.billing_name ?? c.info.name}`],
        [12, `Date: ${order.created_at.slice(0, 10)}`],
        ...order.items.map((i) => [12, `${i.label}: ${money(i.amount)}`]),
        [12, `Total: ${money(order.total_amount)}`],
        [9, 'Generated by the Polar reference server (demo data).'],
      ]);
      return {
        status: 200,
        headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${pdf.name}.pdf"` },
        body: pdf.body,
      };
    }
    return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>' };
  }

  // ---------------------------------------------------------------- handle

  async function handle(req) {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url, 'http://polar.local');
    const path = url.pathname;
    const headers = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;

    if (path.startsWith('/__files/')) return file(path) ?? empty(404);
    if (path.startsWith('/__qa/')) return qaAnswer(method, path);
    if (path.startsWith('/__portal/')) {
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Polar customer portal (reference)</title><p>The hosted Polar customer portal would open here.</p>' };
    }

    // APIVersionMiddleware sits outside CORS: a bad Polar-Version is a 404 with no CORS headers.
    const version = headers['polar-version'];
    if (version !== undefined && !API_VERSIONS.includes(version.trim())) return json(404, { detail: 'Not Found' });

    const origin = headers.origin;
    const isPreflight = method === 'OPTIONS' && origin !== undefined && headers['access-control-request-method'] !== undefined;
    if (isPreflight) {
      const requested = (headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
      const allowed = ALLOWED_HEADERS.map((h) => h.toLowerCase());
      if (requested.some((h) => !allowed.includes(h))) {
        return { status: 400, headers: { ...PREFLIGHT, 'content-type': 'text/plain; charset=utf-8' }, body: 'Disallowed CORS headers' };
      }
      return { status: 200, headers: { ...PREFLIGHT, 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' };
    }

    const res = await answer(method, url, path, headers, req.body ?? null);
    res.headers['polar-version'] = (version ?? POLAR_DEFAULTS.apiVersion).trim();
    // Starlette adds CORS headers to actual responses only when the request has an Origin; an
    // unhandled 500 escapes the CORS middleware, so a browser sees it as a network failure.
    if (origin !== undefined && res.status !== 500) {
      res.headers['access-control-allow-origin'] = '*';
      res.headers['access-control-expose-headers'] = 'Polar-Version';
    }
    return res;
  }

  async function answer(method, url, path, headers, body) {
    const isMint = path === '/v1/customer-sessions/';
    const found = isMint ? null : matchRoute(method, path);
    const inScope = path.startsWith(`${PORTAL}/`);
    const applies = faults.applies(path + url.search, inScope);
    if (!isMint && !found) {
      // FastAPI's redirect_slashes: the other form of a known route answers 307.
      const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      if (path !== '/' && (other === '/v1/customer-sessions/' || matchRoute(method, other))) {
        return { status: 307, headers: { location: `${other}${url.search}` }, body: '' };
      }
      const known = routes.some((r) => r[1].test(path));
      return json(known ? 405 : 404, { detail: known ? 'Method Not Allowed' : 'Not Found' });
    }
    if (isMint && method !== 'POST') return json(405, { detail: 'Method Not Allowed' });

    const isWrite = Boolean(found?.route[3]?.write);
    const logged = (r) => {
      if (isWrite) writes.push({ method, path, status: r.status, applied: r.status >= 200 && r.status < 300, at: new Date(nowMs()).toISOString() });
      return r;
    };
    await faults.pass(path);
    const injected = await faults.before(applies && (!faults.current.writesOnly || isWrite), injectedFailure);
    if (injected) return logged(injected);
    let res;
    try {
      if (isMint) res = mintRoute(headers, body, url.searchParams);
      else {
        const s = session(headers);
        if (isWrite) mutations.push({ method, path });
        res = found.route[2](s, found.match, url.searchParams, { path, body });
      }
    } catch (err) {
      if (err instanceof PolarHttpError) res = json(err.status, err.body, err.headers);
      else res = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-reference-server-error': String(err && err.message).slice(0, 200) }, body: 'Internal Server Error' };
    }
    if (method === 'HEAD') res.body = '';
    logged(res);
    if (isWrite && faults.current.dropAfterWrite) return { status: 0, networkError: true, headers: {}, body: '' };
    return faults.after(res, applies, (r) => r.headers['content-type'] === JSON_TYPE);
  }

  /** QA (no auth, loopback tooling): `GET /__qa/writes` → the write log; `POST /__qa/writes/reset` clears it. */
  function qaAnswer(method, path) {
    const cors = { 'access-control-allow-origin': '*' };
    if (path === '/__qa/writes' && method === 'GET') return json(200, writes, cors);
    if (path === '/__qa/writes/reset' && method === 'POST') {
      writes = [];
      return json(200, { ok: true }, cors);
    }
    return json(404, { error: 'unknown QA endpoint' }, cors);
  }

  return {
    handle,
    mintSession,
    /** Every request to a write route since the last reset: `{ method, path, status, applied, at }`. */
    get writes() {
      return writes;
    },
    /** Every mutating call that reached the server, in order: `{ method, path }`. */
    mutations,
    setFaults: faults.set,
    getFaults: faults.get,
    /** Holds requests whose path matches until `release()` (see ../faults.mjs). */
    hold: faults.hold,
    patchCustomer(ext, fn) {
      if (!POLAR_CUSTOMER_IDS.includes(ext)) throw new Error(`unknown Polar customer ${ext}`);
      patches.push({ externalId: ext, fn });
      const c = customers.get(ext);
      if (c) fn(c);
    },
    customer,
    customers: polarCustomerSummaries,
    /** Forgets built data, patches, faults and recorded mutations (minted sessions stay valid). */
    reset() {
      customers = new Map();
      patches = [];
      mutations.length = 0;
      writes = [];
      faults.set({});
      faults.releaseAll();
    },
    /** Where presigned document links and `customer_portal_url` point (the server's own address). */
    setPublicUrls({ filesBaseUrl, portalUrl } = {}) {
      if (filesBaseUrl) publicBaseUrl = filesBaseUrl;
      if (portalUrl) portalBaseUrl = portalUrl;
    },
  };
}
