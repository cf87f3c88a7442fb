// The reference Flexprice customer-portal API as a pure request handler.
//
// No Node-only APIs: it runs in Node (demo/server/main.mjs wraps it in
// node:http) and in the browser (test/helpers/portal-fetch.ts answers
// `window.fetch` with it). It implements /work/shared/contract/flexprice-portal-api.md,
// quirks included: HS256 session tokens, exact 401 bodies, required JSON bodies,
// the `offset` quirks of the list envelopes, bare-array wallets, decimal
// strings, lowercase currencies, both error envelopes, CORS like Flexprice.
//
//   const api = createPortalApi({ secret, apiKeys, now, tokenTtlSeconds, publicBaseUrl, portalUrl });
//   const res = await api.handle({ method, url: '/v1/customer/portal/info', headers: {'x-session-token': t}, body: null });
//   // res = { status, headers: {lower-case: value}, body: string }  (status 0 + networkError = drop the connection)
//   api.setFaults({ latencyMs, jitterMs, status, statusCount, retryAfter, paths, truncate, envelope, expireAll, offline });
//   await api.mintToken('cus-typical', { ttlSeconds: 15 });           // { url, token, expires_at }
//   api.patchCustomer('cus-typical', (c) => { c.info.name = '<img src=x onerror=alert(1)>'; });
//   api.reset();                                                      // fresh data, no faults, no patches
//   const gate = api.hold(/\/wallets\/[^/]+$/);  // matching requests wait until gate.release()
//   gate.waiting;                                  // how many are held now (for tests that order answers)
//
// `patchCustomer(externalId, fn)` hands `fn` the customer's built data, which is
// exactly what the endpoints serve: `c.info` (CustomerResponse), `c.subscriptions`,
// `c.invoices` (list items, newest first), `c.invoiceLines` (Map id → {lines, taxes}),
// `c.wallets`, `c.walletRealtime` (Map id → real-time fields), `c.transactions`
// (Map walletId → newest first), `c.features` (metered: name, unit, units, group…),
// `c.booleanFeatures`, `c.config` (SettingResponse). Mutate in place.

import { signJwt, verifyJwt } from './jwt.mjs';
import { CUSTOMER_IDS, buildCustomer, customerSummaries } from './seed.mjs';
import { costAnalytics, featureObject, featureUsage, revenue } from './analytics.mjs';
import { DAY, HOUR, WINDOWS, dec, divString, fmt, hash32, parseRfc3339, rfc3339, rfc3339Nano } from './util.mjs';
import { createFaultSwitch } from './faults.mjs';
import { simplePdf } from './pdf.mjs';
import { createFlexpriceActions } from './flexprice-actions.mjs';

export { CUSTOMER_IDS, customerSummaries };

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
};
const JSON_TYPE = 'application/json; charset=utf-8';
const STATUS_CODES = {
  400: 'validation_error', 401: 'permission_denied', 403: 'permission_denied', 404: 'not_found', 409: 'already_exists',
  429: 'too_many_requests', 500: 'internal_error', 501: 'not_implemented', 503: 'service_unavailable',
};
const BIND_ERROR = 'An unexpected error occurred';

class HttpError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
const notFound = (message) => new HttpError(404, 'not_found', message);
const badRequest = (message = BIND_ERROR, details) => new HttpError(400, 'validation_error', message, details);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPortalApi(options = {}) {
  const secret = options.secret ?? 'super_secret';
  const apiKeys = options.apiKeys ?? ['sk_test_demo'];
  const now = options.now ?? (() => new Date());
  // How injected latency waits (tests pass one they release themselves instead of a wall-clock wait).
  const delay = options.delay ?? sleep;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  let publicBaseUrl = options.publicBaseUrl ?? 'https://files.portal.test';
  let portalUrl = options.portalUrl ?? 'http://localhost:3000';
  const nowMs = () => now().getTime();

  let customers = new Map();
  let patches = [];
  // Shared switch (demo/server/faults.mjs) plus Flexprice's own `envelope` and the write switches:
  // `writesOnly` narrows every fault to the write routes, `dropAfterWrite` applies a write and then
  // drops the connection (the answer is lost), `notDeployed` answers gin's 404 on every payment
  // route (§1.0: "not deployed"), `paymentMethodsError` answers each provider with its `error`.
  const faultSwitch = createFaultSwitch(
    { envelope: 'flat', writesOnly: false, dropAfterWrite: false, notDeployed: false, paymentMethodsError: false },
    { delay },
  );
  // The webhook that lands a completed checkout's money comes this long after the completion.
  let settleDelayMs = options.settleDelayMs ?? 1000;
  /** Every request to a write route: { method, path, status, applied, at } (QA: GET /__qa/writes). */
  let writes = [];
  let nanoCounter = 0;

  function customer(externalId) {
    let c = customers.get(externalId);
    if (c === undefined) {
      c = buildCustomer(externalId, nowMs());
      if (c) {
        indexCustomer(c);
        for (const p of patches) if (p.externalId === externalId) p.fn(c);
      }
      customers.set(externalId, c);
    }
    return c;
  }

  function indexCustomer(c) {
    c.index = {
      invoices: new Map(c.invoices.map((i) => [i.id, i])),
      subscriptions: new Map(c.subscriptions.map((s) => [s.id, s])),
      wallets: new Map(c.wallets.map((w) => [w.id, w])),
    };
  }

  /** Finds a record of this customer, or 404 — "does not belong" when another customer of the tenant owns it. */
  function owned(c, kind, id, label) {
    const own = c.index[kind].get(id) ?? c[kind].find((x) => x.id === id);
    if (own) return own;
    for (const ext of CUSTOMER_IDS) {
      if (ext === c.externalId) continue;
      const other = customer(ext);
      if (other && other.tenantId === c.tenantId && other.index[kind].has(id)) {
        throw notFound(`${label} does not belong to this customer`);
      }
    }
    throw notFound(`${label} not found`);
  }

  // ---------------------------------------------------------------- responses

  function json(status, value, extra = {}) {
    return { status, headers: { ...CORS, 'content-type': JSON_TYPE, ...extra }, body: JSON.stringify(value) };
  }

  function errorResponse(err) {
    if (faultSwitch.current.envelope === 'legacy') {
      const error = { message: err.message, internal_error: err.internal ?? err.message };
      if (err.details && Object.keys(err.details).length) error.details = err.details;
      return json(err.status, { success: false, error });
    }
    const body = { code: err.code, message: err.message, http_status_code: err.status };
    if (err.details && Object.keys(err.details).length) body.details = err.details;
    return json(err.status, body);
  }

  function textNotFound() {
    return { status: 404, headers: { ...CORS, 'content-type': 'text/plain' }, body: '404 page not found' };
  }

  function injectedFailure(status, retryAfter) {
    if (status === 502 || status === 504) {
      const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
      return {
        status,
        headers: { ...CORS, 'content-type': 'text/html' },
        body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      };
    }
    const messages = {
      429: 'Rate limit exceeded, please retry later',
      500: BIND_ERROR,
      503: 'Service temporarily unavailable',
    };
    const err = new HttpError(status, STATUS_CODES[status] ?? 'internal_error', messages[status] ?? BIND_ERROR);
    const res = errorResponse(err);
    if (status === 429 || status === 503) res.headers['retry-after'] = String(retryAfter);
    return res;
  }

  // ---------------------------------------------------------------- tokens

  async function mintToken(externalId, opts = {}) {
    const c = customer(externalId);
    if (!c) throw notFound('Customer not found with the provided external_customer_id');
    const ttl = opts.ttlSeconds ?? tokenTtlSeconds;
    const issued = nowMs();
    const expiresMs = opts.expired ? issued - 60_000 : issued + ttl * 1000;
    const iat = Math.floor((opts.expired ? expiresMs - ttl * 1000 : issued) / 1000);
    const exp = Math.floor(expiresMs / 1000);
    const token = await signJwt(
      { customer_id: c.id, environment_id: c.environmentId, exp, external_customer_id: c.externalId, iat, tenant_id: c.tenantId },
      secret,
    );
    nanoCounter = (nanoCounter + 1) % 1000;
    const extra = (hash32(token) % 1000) * 1000 + nanoCounter;
    return { url: `${portalUrl}?token=${token}`, token, expires_at: rfc3339Nano(expiresMs, extra) };
  }

  async function sessionCustomer(headers) {
    const token = headers['x-session-token'];
    if (!token) return { error: json(401, { error: 'Session token required' }) };
    const invalid = { error: json(401, { error: 'Invalid or expired session token' }) };
    if (faultSwitch.current.expireAll) return invalid;
    const claims = await verifyJwt(token, secret, nowMs());
    if (!claims) return invalid;
    const c = customer(claims.external_customer_id);
    if (!c || c.id !== claims.customer_id || c.tenantId !== claims.tenant_id) {
      throw notFound('Customer not found');
    }
    return { customer: c };
  }

  // ---------------------------------------------------------------- request parsing

  function jsonBody(req, { required }) {
    const raw = req.body;
    if (raw === null || raw === undefined || raw === '') {
      if (required) throw badRequest();
      return {};
    }
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      if (required) throw badRequest();
      return {};
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (required) throw badRequest();
      return {};
    }
    return value;
  }

  function intField(value, { min = 0, max = Infinity } = {}) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest();
    if (value < min || value > max) throw badRequest(BIND_ERROR, { field: 'must be between ' + min + ' and ' + max });
    return value;
  }

  function pageOf(body) {
    const limit = intField(body.limit, { min: 0, max: 1000 }) || 50;
    const page = intField(body.page, { min: 0 }) || 1;
    intField(body.offset, { min: 0 });
    return { limit, page, offset: (page - 1) * limit };
  }

  function timeField(body, key) {
    if (!(key in body) || body[key] === null) return undefined;
    const ms = parseRfc3339(body[key]);
    if (Number.isNaN(ms)) throw badRequest();
    return ms;
  }

  function stringList(value) {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest();
    return value.length ? value : null;
  }

  function queryInt(params, key, { min, max, fallback }) {
    const raw = params.get(key);
    if (raw === null || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) throw badRequest();
    const n = Number(raw);
    if (n < min || n > max) throw badRequest();
    return n;
  }

  // ---------------------------------------------------------------- endpoints

  function walletView(c, wallet) {
    const { is_cached_fallback, ...rest } = wallet;
    return { ...rest, ...(c.walletRealtime.get(wallet.id) ?? {}), is_cached_fallback };
  }

  const actions = createFlexpriceActions({
    customer,
    owned,
    json,
    fail: (status, code, message = BIND_ERROR, details) => new HttpError(status, code, message, details),
    jsonBody,
    // Write answers carry Flexprice's WalletResponse (the stored wallet), not the real-time balance view.
    walletView: (c, wallet) => {
      const { is_cached_fallback, ...rest } = wallet;
      return rest;
    },
    nowMs,
    publicBaseUrl: () => publicBaseUrl,
    settleDelayMs: () => settleDelayMs,
    faults: () => faultSwitch.current,
  });

  const routes = [
    ['GET', /^\/v1\/customer\/portal\/info$/, (c) => json(200, c.info)],
    ['PUT', /^\/v1\/customer\/portal\/info$/, () => {
      throw new HttpError(403, 'permission_denied', 'insufficient permissions: customer write access is not allowed for this session');
    }, { write: true }],
    ['GET', /^\/v1\/customer\/portal\/usage$/, (c, req, m, params) => json(200, usageSummary(c, params))],
    ['POST', /^\/v1\/customer\/portal\/subscriptions$/, (c, req) => {
      const body = jsonBody(req, { required: true });
      const { limit, offset } = pageOf(body);
      const statuses = stringList(body.subscription_status);
      const all = statuses ? c.subscriptions.filter((s) => statuses.includes(s.subscription_status)) : c.subscriptions;
      return json(200, { items: all.slice(offset, offset + limit), pagination: { total: all.length, limit, offset: offset + limit } });
    }],
    ['GET', /^\/v1\/customer\/portal\/subscriptions\/([^/]+)$/, (c, req, m) => json(200, owned(c, 'subscriptions', m[1], 'Subscription'))],
    ['POST', /^\/v1\/customer\/portal\/invoices$/, (c, req) => {
      const body = jsonBody(req, { required: true });
      const { limit, offset } = pageOf(body);
      const inv = stringList(body.invoice_status);
      const pay = stringList(body.payment_status);
      const all = inv || pay
        ? c.invoices.filter((i) => (!inv || inv.includes(i.invoice_status)) && (!pay || pay.includes(i.payment_status)))
        : c.invoices;
      return json(200, { items: all.slice(offset, offset + limit), pagination: { total: all.length, limit, offset } });
    }],
    ['GET', /^\/v1\/customer\/portal\/invoices\/([^/]+)\/pdf$/, (c, req, m) => {
      const invoice = owned(c, 'invoices', m[1], 'Invoice');
      const sig = hash32(secret, invoice.id).toString(16).padStart(8, '0');
      const at = new Date(nowMs()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
      return json(200, {
        presigned_url: `${publicBaseUrl}/__files/invoices/${invoice.id}.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${at}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`,
      });
    }],
    ['GET', /^\/v1\/customer\/portal\/invoices\/([^/]+)$/, (c, req, m) => {
      const invoice = owned(c, 'invoices', m[1], 'Invoice');
      const extra = c.invoiceLines.get(invoice.id) ?? { lines: [], taxes: [] };
      return json(200, { ...invoice, line_items: extra.lines, ...(extra.taxes.length ? { taxes: extra.taxes } : {}) });
    }],
    ['POST', /^\/v1\/customer\/portal\/wallets$/, (c) => json(200, c.wallets)],
    ['GET', /^\/v1\/customer\/portal\/wallets\/([^/]+)\/transactions$/, (c, req, m, params) => {
      const wallet = owned(c, 'wallets', m[1], 'Wallet');
      return json(200, transactions(c, wallet, params));
    }],
    ['GET', /^\/v1\/customer\/portal\/wallets\/([^/]+)$/, (c, req, m) => json(200, walletView(c, owned(c, 'wallets', m[1], 'Wallet')))],
    ['GET', /^\/v1\/customer\/portal\/config$/, (c) => json(200, c.config)],
    ['POST', /^\/v1\/customer\/portal\/analytics\/revenue$/, (c, req) => json(200, revenue(c, analyticsRequest(req, false), nowMs()))],
    ['POST', /^\/v1\/customer\/portal\/analytics\/cost$/, (c, req) => json(200, costAnalytics(c, analyticsRequest(req, true), nowMs()))],
    // The write actions (flexprice-actions.mjs); `PUT /info` above is a write route too (always 403).
    ...actions.routes,
  ];

  function analyticsRequest(req, cost) {
    const body = jsonBody(req, { required: true });
    let endMs = timeField(body, 'end_time');
    let startMs = timeField(body, 'start_time');
    if (cost && (startMs === undefined || endMs === undefined)) throw badRequest();
    endMs ??= nowMs();
    startMs ??= endMs - 6 * HOUR;
    if (startMs > endMs) throw badRequest('start_time must be before end_time');
    let window = null;
    if (body.window_size !== undefined && body.window_size !== null && body.window_size !== '') {
      if (!WINDOWS.includes(body.window_size)) throw badRequest('invalid window_size');
      window = body.window_size;
    }
    const expand = stringList(body.expand) ?? [];
    const allowed = cost ? ['meter', 'price'] : ['price', 'meter', 'feature', 'subscription_line_item', 'plan', 'addon'];
    if (expand.some((e) => !allowed.includes(e))) throw badRequest(`invalid expand value`);
    const groupBy = stringList(body.group_by) ?? [];
    if (groupBy.some((g) => !['feature_id', 'meter_id', 'source'].includes(g) && !g.startsWith('properties.'))) {
      throw badRequest('invalid group_by value');
    }
    return { startMs, endMs, window, featureIds: stringList(body.feature_ids), sources: stringList(body.sources), expand: new Set(expand) };
  }

  function usageSummary(c, params) {
    const period = c.usagePeriod;
    if (!period || !c.features.length) return { customer_id: c.id, features: [], period: null };
    const featureIds = params.getAll('feature_ids');
    const lookupKeys = params.getAll('feature_lookup_keys');
    const wanted = (f) => (!featureIds.length || featureIds.includes(f.id)) && (!lookupKeys.length || lookupKeys.includes(f.key));
    const sub = c.mainSubscription.sub;
    const n = nowMs();
    const source = (f, limit) => ({
      subscription_id: sub.id,
      entity_id: sub.plan_id,
      entity_type: 'plan',
      quantity: 1,
      entity_name: sub.plan.name,
      entitlement_id: `ent_${f.id.slice(5)}`,
      is_enabled: true,
      ...(limit !== null ? { usage_limit: limit } : {}),
      usage_reset_period: period.period,
    });
    const features = [];
    for (const f of c.features) {
      if (!wanted(f)) continue;
      const used = featureUsage(c, f, period.start, period.end, n).nanos;
      if (f.limitFixed === undefined) {
        // Limits sit at a believable distance from the usage when the data was built:
        // a month's usage over a fill ratio, and soft limits already slightly exceeded.
        const whole = (x) => Number(x / 1_000_000_000n);
        let limit;
        if (f.unlimited) limit = null;
        else if (f.soft) limit = niceCeil(Math.max(whole(featureUsage(c, f, period.start, period.end, c.anchor).nanos) / 1.12, 1));
        else {
          const month = whole(featureUsage(c, f, c.anchor - 30 * DAY, c.anchor, c.anchor).nanos);
          limit = niceCeil(Math.max(month / (f.fill ?? 0.55 + (hash32(c.seed, f.key) % 40) / 100), 10));
        }
        f.limitFixed = limit;
      }
      const limit = f.limitFixed;
      features.push({
        feature: featureObject(c, f),
        total_limit: limit,
        is_unlimited: limit === null,
        current_usage: fmt(used),
        usage_percent: limit === null ? '0' : divString(used * 100n, dec(limit)),
        is_enabled: true,
        is_soft_limit: Boolean(f.soft),
        next_usage_reset_at: rfc3339(period.end),
        sources: [source(f, limit)],
      });
    }
    for (const f of c.booleanFeatures) {
      if (featureIds.length && !featureIds.includes(f.id)) continue;
      if (lookupKeys.length && !lookupKeys.includes(f.key)) continue;
      features.push({
        feature: featureObject(c, { ...f, meterId: null }),
        total_limit: null,
        is_unlimited: false,
        current_usage: '0',
        usage_percent: '0',
        is_enabled: true,
        is_soft_limit: false,
        sources: [{ ...source(f, null) }],
      });
    }
    return {
      customer_id: c.id,
      features,
      period: { start_time: rfc3339(period.start), end_time: rfc3339(period.end), period: period.period.toLowerCase() },
    };
  }

  function transactions(c, wallet, params) {
    const limit = queryInt(params, 'limit', { min: 0, max: 1000, fallback: 50 }) || 50;
    const offset = queryInt(params, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
    let list = c.transactions.get(wallet.id) ?? [];
    const eq = (key, field = key) => {
      const v = params.get(key);
      if (v) list = list.filter((t) => String(t[field]) === v);
    };
    eq('type');
    eq('transaction_status');
    eq('transaction_reason');
    eq('reference_type');
    eq('reference_id');
    eq('priority');
    const time = (key) => {
      const v = params.get(key);
      if (!v) return null;
      const ms = parseRfc3339(v);
      if (Number.isNaN(ms)) throw badRequest();
      return ms;
    };
    const start = time('start_time');
    const end = time('end_time');
    if (start !== null) list = list.filter((t) => Date.parse(t.created_at) >= start);
    if (end !== null) list = list.filter((t) => Date.parse(t.created_at) <= end);
    const before = time('expiry_date_before');
    const after = time('expiry_date_after');
    if (before !== null) list = list.filter((t) => t.expiry_date && Date.parse(t.expiry_date) < before);
    if (after !== null) list = list.filter((t) => t.expiry_date && Date.parse(t.expiry_date) > after);
    const gt = params.get('credits_available_gt');
    if (gt) list = list.filter((t) => dec(t.credits_available) > dec(gt));
    const sort = params.get('sort');
    const order = params.get('order');
    if (sort === 'amount' || sort === 'credit_amount') {
      list = [...list].sort((a, b) => (dec(a.credit_amount) < dec(b.credit_amount) ? -1 : 1));
      if (order !== 'asc') list.reverse();
    } else if (order === 'asc') list = [...list].reverse();
    return { items: list.slice(offset, offset + limit), pagination: { total: list.length, limit, offset: offset + limit } };
  }

  function invoicePdf(id) {
    for (const ext of CUSTOMER_IDS) {
      const c = customer(ext);
      const invoice = c?.index.invoices.get(id);
      if (invoice) return pdfDocument(c, invoice);
    }
    return null;
  }

  // ---------------------------------------------------------------- handle

  async function handle(req) {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url, 'http://portal.local');
    const path = url.pathname;
    const headers = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;

    if (method === 'OPTIONS') return { status: 200, headers: { ...CORS }, body: '' };

    // The provider's hosted pages (checkout, payment link, card capture), served on this origin.
    if (path.startsWith('/__checkout/')) return actions.hostedPage(method, path) ?? textNotFound();
    if (path.startsWith('/__qa/')) return qaAnswer(method, path, req.body);

    const pdfMatch = method === 'GET' && /^\/__files\/invoices\/([^/]+)\.pdf$/.exec(path);
    if (pdfMatch) {
      const pdf = invoicePdf(pdfMatch[1]);
      if (!pdf) return textNotFound();
      return {
        status: 200,
        headers: { ...CORS, 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${pdf.name}.pdf"` },
        body: pdf.body,
      };
    }

    const mint = /^\/v1\/customers\/portal\/([^/]+)$/.exec(path);
    let route = null;
    let match = null;
    if (!mint) {
      for (const r of routes) {
        const m = r[0] === method && r[1].exec(path);
        if (m) {
          route = r;
          match = m;
          break;
        }
      }
      if (!route) return textNotFound();
      if (route[3]?.action && faultSwitch.current.notDeployed) return textNotFound();
    } else if (method !== 'GET') return textNotFound();
    const isWrite = Boolean(route?.[3]?.write);
    const logged = (res) => {
      if (isWrite) writes.push({ method, path, status: res.status, applied: res.status >= 200 && res.status < 300, at: rfc3339(nowMs()) });
      return res;
    };

    // Held requests (tests that need an answer to come strictly after an event) wait here.
    await faultSwitch.pass(path);

    // Injected faults (portal routes by default; `paths` narrows or widens by substring).
    const applies = faultSwitch.applies(path + url.search, path.startsWith('/v1/customer/portal/')) && (!faultSwitch.current.writesOnly || isWrite);
    const injected = await faultSwitch.before(applies, injectedFailure);
    if (injected) return logged(injected);

    let res;
    try {
      if (mint) {
        const key = headers['x-api-key'];
        if (!key || !apiKeys.includes(key)) return json(401, { error: 'Unauthorized' });
        const ttlParam = url.searchParams.get('ttl_seconds');
        const ttlSeconds = ttlParam && /^\d+$/.test(ttlParam) ? Math.max(1, Number(ttlParam)) : undefined;
        // Reference-server extensions for QA: ?ttl_seconds=15, ?expired=true (already expired).
        const expired = url.searchParams.get('expired') === 'true';
        res = json(200, await mintToken(decodeURIComponent(mint[1]), { ttlSeconds, expired }));
      } else {
        const session = await sessionCustomer(headers);
        if (session.error) return logged(session.error);
        res = route[2](session.customer, req, match, url.searchParams);
      }
    } catch (err) {
      if (err instanceof HttpError) res = errorResponse(err);
      else {
        res = errorResponse(new HttpError(500, 'internal_error', BIND_ERROR));
        res.headers['x-reference-server-error'] = String(err && err.message).slice(0, 200);
      }
    }
    logged(res);
    if (isWrite && faultSwitch.current.dropAfterWrite) return { status: 0, networkError: true, headers: {}, body: '' };
    return faultSwitch.after(res, applies, (r) => r.headers['content-type'] === JSON_TYPE);
  }

  /**
   * QA endpoints (CORS like the API, no auth: loopback test tooling):
   *   GET  /__qa/writes                    → [{ method, path, status, applied, at }] every write-route request
   *   POST /__qa/writes/reset              → clears that log
   *   GET  /__qa/checkout                  → hosted sessions [{ id, kind, status, customer_id }]
   *   POST /__qa/checkout/{id}/complete    → as if the customer paid on the hosted page
   *   POST /__qa/checkout/{id}/fail        ← optional {"reason"}: the provider declined
   */
  function qaAnswer(method, path, body) {
    const out = (status, value) => ({ status, headers: { ...CORS, 'content-type': JSON_TYPE }, body: JSON.stringify(value) });
    if (path === '/__qa/writes' && method === 'GET') return out(200, writes);
    if (path === '/__qa/writes/reset' && method === 'POST') {
      writes = [];
      return out(200, { ok: true });
    }
    if (path === '/__qa/checkout' && method === 'GET') return out(200, actions.sessions());
    const m = method === 'POST' && /^\/__qa\/checkout\/([^/]+)\/(complete|fail)$/.exec(path);
    if (m) {
      let reason;
      try {
        reason = body ? JSON.parse(body).reason : undefined;
      } catch {
        reason = undefined;
      }
      return out(...actions.qa(m[2], decodeURIComponent(m[1]), typeof reason === 'string' ? reason : undefined));
    }
    return out(404, { error: 'unknown QA endpoint' });
  }

  return {
    handle,
    mintToken,
    setFaults: faultSwitch.set,
    getFaults: faultSwitch.get,
    /**
     * Holds every request whose path matches `pattern` (RegExp, or substring)
     * until `release()`; `waiting` counts the requests held now. Lets a test
     * order an answer after an event instead of racing the CPU.
     */
    hold: faultSwitch.hold,
    patchCustomer(externalId, fn) {
      if (!CUSTOMER_IDS.includes(externalId)) throw new Error(`unknown customer ${externalId}`);
      patches.push({ externalId, fn });
      const c = customers.get(externalId);
      if (c) {
        fn(c);
        indexCustomer(c);
      }
    },
    /** The built data of one customer (built on first use). */
    customer(externalId) {
      return customer(externalId);
    },
    customers: customerSummaries,
    /** Forgets built data, patches and faults; data is rebuilt at `now()` on next use. */
    reset() {
      customers = new Map();
      patches = [];
      faultSwitch.set({});
      faultSwitch.releaseAll();
      writes = [];
      actions.reset();
    },
    /** Every request to a write route since the last reset (what `GET /__qa/writes` answers). */
    get writes() {
      return writes;
    },
    /** How long after a hosted checkout completes its money lands (ms; 0 = at once). */
    setSettleDelay(ms) {
      settleDelayMs = ms;
    },
    /** Sets where presigned PDF links and session URLs point (the server's own address). */
    setPublicUrls({ filesBaseUrl, portalUrl: p } = {}) {
      if (filesBaseUrl) publicBaseUrl = filesBaseUrl;
      if (p) portalUrl = p;
    },
  };
}

function niceCeil(n) {
  if (n <= 10) return Math.max(1, Math.ceil(n));
  const mag = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / mag) * mag;
}

// A small one-page PDF describing an invoice (demo/server/pdf.mjs draws it).
function pdfDocument(c, invoice) {
  return simplePdf(invoice.invoice_number ?? invoice.id, [
    [24, `Invoice ${invoice.invoice_number ?? '(draft)'}`],
    [12, `Customer: ${c.info.name}`],
    [12, `Period: ${(invoice.period_start ?? '').slice(0, 10)} - ${(invoice.period_end ?? '').slice(0, 10)}`],
    [12, `Status: ${invoice.invoice_status} / ${invoice.payment_status}`],
    [12, `Total: ${invoice.total} ${invoice.currency.toUpperCase()}`],
    [12, `Amount due: ${invoice.amount_due} ${invoice.currency.toUpperCase()}`],
    [9, 'Generated by the reference portal server (demo data).'],
  ]);
}

export const DEFAULTS = { secret: 'super_secret', apiKey: 'sk_test_demo', tokenTtlSeconds: 3600 };
