// The reference Lago customer-portal API as a pure request handler
// (contract/lago-customer-portal-api.md), quirks included:
// - one `POST /graphql`; every GraphQL outcome is HTTP 200, errors in
//   `errors[].extensions.code` (`unauthorized` per root field with Lago's null
//   propagation, `not_found`, `no_active_subscription`, `is_draft`,
//   `query_is_too_large`); only crashes (and injected faults) are 5xx;
// - tokens are signed, unencrypted Rails messages:
//   `base64(JSON {"_rails":{"data":<customer uuid>,"exp":<ISO ms>}})--<hex HMAC-SHA1>`,
//   12 hours by default, expired and invalid indistinguishable;
// - `…Cents` amounts and counts as strings, uppercase currencies, lowercase enums;
// - CORS only for one configured "front" origin, so a browser on any other
//   origin cannot call it (the reason the package ships a proxy);
// - the token also allows the portal mutations (the proxy must refuse them).
//
// No Node-only APIs (WebCrypto HMAC): runs in Node (demo/server/main.mjs) and in
// the browser (test helpers answer `window.fetch` with it). The GraphQL reader
// is injected (`graphql`: the package's own server/lago-proxy/graphql.ts, loaded
// by esbuild in Node and by the test runner in the browser).
//
//   const api = createLagoApi({ graphql, now, secret, apiKeys, frontOrigin, filesBaseUrl, delay });
//   await api.handle({ method: 'POST', url: '/graphql', headers: { 'customer-portal-token': t }, body });
//   await api.mintToken('lago-typical', { ttlSeconds, expired });   // { token, portal_url, expires_at }
//   api.setFaults({ latencyMs, jitterMs, status, statusCount, offline, truncate, expireAll, graphqlError, writesOnly, dropAfterWrite });
//   api.writes;   // every mutation request: { operation, fields, status, applied, at }  (QA: GET /__qa/writes)
//
// The three customer-portal mutations behave as contract/portal-actions.md §3 says:
// `createCustomerPortalWalletTransaction` validates (`paidCredits` decimal, > 0, not rounding to
// zero, within the wallet's paidTopUpMin/MaxAmountCents; errors as HTTP 200 `errors[]` with
// `extensions {status: 422, code: "unprocessable_entity", details}`), creates a PENDING purchased
// transaction at once, and `settleDelayMs` later (default 1000, 0 = at once) the background job
// issues the credit invoice, charges it and settles the transaction (credits land); a customer
// without a payment method (`c.noPaymentMethod`) keeps the invoice pending and the transaction
// pending. No idempotency: a retry is a second top-up. `updateCustomerPortalCustomer` writes the
// keys present (a country outside CountryCode fails coercion as a request-level error; e-mail
// format checked → 422 `value_is_invalid`).
//   api.patchCustomer('lago-typical', (c) => { c.user.name = '…'; });
//   api.reset();
import { LAGO_CUSTOMER_IDS, buildLagoCustomer, lagoCustomerSummaries } from './lago-seed.mjs';

export { LAGO_CUSTOMER_IDS, lagoCustomerSummaries };

const JSON_TYPE = 'application/json; charset=utf-8';
const TWELVE_HOURS = 12 * 3600;
const DEFAULT_FAULTS = Object.freeze({
  latencyMs: 0, jitterMs: 0, status: 0, statusCount: null, paths: null, offline: false, truncate: false, expireAll: false, graphqlError: null,
  // `writesOnly` narrows the faults to mutation requests; `dropAfterWrite` applies a mutation, then drops the connection.
  writesOnly: false, dropAfterWrite: false,
});
const unprocessable = (details) => new GraphQLFieldError('Unprocessable Entity', { status: 422, code: 'unprocessable_entity', details });
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CUSTOMER_INPUT = ['customerType', 'name', 'firstname', 'lastname', 'legalName', 'email', 'taxIdentificationNumber', 'addressLine1', 'addressLine2', 'city', 'state', 'zipcode', 'country'];
/** Root fields whose type is non-null: an error there nulls the whole `data`. */
const NON_NULL_ROOTS = new Set([
  'customerPortalSubscriptions', 'customerPortalCustomerUsage', 'customerPortalCustomerProjectedUsage', 'customerPortalInvoices',
  'customerPortalInvoiceCollections', 'customerPortalOverdueBalances', 'customerPortalWallets',
]);
const MAX_QUERY_LENGTH = 15_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const encoder = new TextEncoder();

class GraphQLFieldError extends Error {
  constructor(message, extensions) {
    super(message);
    this.extensions = extensions;
  }
}
const notFound = (resource) => new GraphQLFieldError('Resource not found', { status: 404, code: 'not_found', details: { [resource]: ['not_found'] } });

async function hmacSha1Hex(secret, text) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Strict base64 of an ASCII/UTF-8 string (Ruby's `Base64.strict_encode64`). */
function base64(text) {
  let binary = '';
  for (const b of encoder.encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function createLagoApi(options = {}) {
  const graphql = options.graphql;
  if (!graphql || typeof graphql.parseDocument !== 'function') throw new TypeError('createLagoApi needs { graphql } (server/lago-proxy/graphql.ts)');
  const secret = options.secret ?? 'lago_secret_key_base_demo';
  const apiKeys = options.apiKeys ?? ['lago_api_key_demo'];
  const now = options.now ?? (() => new Date());
  const tokenTtlSeconds = options.tokenTtlSeconds ?? TWELVE_HOURS;
  let frontOrigin = options.frontOrigin ?? 'http://lago-front.localhost';
  let filesBaseUrl = options.filesBaseUrl ?? 'https://lago-api.test';
  const nowMs = () => now().getTime();
  /** How injected latency waits (tests pass one they release themselves). */
  const delay = options.delay ?? sleep;

  let customers = new Map();
  let patches = [];
  let faults = { ...DEFAULT_FAULTS };
  let failuresLeft = Infinity;
  const generatedPdfs = new Set();
  let settleDelayMs = options.settleDelayMs ?? 1000;
  /** Every mutation request (refused ones too): { operation, fields, status, applied, at }. */
  let writes = [];
  let serial = 0;

  function customer(externalId) {
    if (!customers.has(externalId)) {
      const c = buildLagoCustomer(externalId, nowMs(), filesBaseUrl);
      if (c) for (const p of patches) if (p.externalId === externalId) p.fn(c);
      customers.set(externalId, c);
    }
    return customers.get(externalId);
  }
  function customerById(id) {
    for (const ext of LAGO_CUSTOMER_IDS) {
      const c = customer(ext);
      if (c && c.id === id) return c;
    }
    return null;
  }

  // ------------------------------------------------------------ HTTP helpers

  function cors(headers) {
    const origin = headers.origin;
    return origin && origin === frontOrigin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD', 'access-control-expose-headers': 'x-lago-token', vary: 'Origin' }
      : { vary: 'Origin' };
  }
  const json = (status, value, extra = {}) => ({ status, headers: { 'content-type': JSON_TYPE, ...extra }, body: JSON.stringify(value) });

  // ------------------------------------------------------------ tokens

  async function mintToken(externalId, opts = {}) {
    const c = customer(externalId);
    if (!c) throw new Error(`unknown Lago customer ${externalId}`);
    const ttl = opts.ttlSeconds ?? tokenTtlSeconds;
    const expMs = opts.expired ? nowMs() - 60_000 : nowMs() + ttl * 1000;
    const payload = base64(JSON.stringify({ _rails: { data: c.id, exp: new Date(expMs).toISOString() } }));
    const token = `${payload}--${await hmacSha1Hex(secret, payload)}`;
    return { token, portal_url: `${frontOrigin}/customer-portal/${token}`, expires_at: new Date(expMs).toISOString() };
  }

  /** Rails `MessageVerifier#verified`: the customer, or null (bad signature, malformed and expired alike). */
  async function verify(token) {
    if (typeof token !== 'string' || faults.expireAll) return null;
    const at = token.lastIndexOf('--');
    if (at <= 0) return null;
    const data = token.slice(0, at);
    const digest = token.slice(at + 2);
    if (!/^[0-9a-f]{40}$/.test(digest) || (await hmacSha1Hex(secret, data)) !== digest) return null;
    let message;
    try {
      message = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0))));
    } catch {
      return null;
    }
    const rails = message && message._rails;
    if (!rails || typeof rails.data !== 'string') return null;
    if (rails.exp !== null && rails.exp !== undefined && !(Date.parse(rails.exp) > nowMs())) return null;
    return customerById(rails.data);
  }

  // ------------------------------------------------------------ GraphQL execution

  function valueOf(node, variables) {
    switch (node.kind) {
      case 'variable':
        return variables[node.name] ?? null;
      case 'int':
        return Number.parseInt(node.value, 10);
      case 'float':
        return Number(node.value);
      case 'null':
        return null;
      case 'list':
        return node.values.map((v) => valueOf(v, variables));
      case 'object':
        return Object.fromEntries(node.fields.map((f) => [f.name, valueOf(f.value, variables)]));
      default:
        return node.value;
    }
  }

  /** Picks the selected fields out of a resolved value (aliases honoured); unknown fields throw. */
  function project(value, selections, path) {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((v, i) => project(v, selections, [...path, i]));
    if (!selections.length) return value;
    const out = {};
    for (const field of selections) {
      const key = field.alias ?? field.name;
      if (field.name === '__typename') {
        out[key] = value.__typename ?? 'Object';
        continue;
      }
      if (!Object.hasOwn(value, field.name)) {
        const error = new Error(`Field '${field.name}' doesn't exist on type '${value.__typename ?? 'Object'}'`);
        error.validation = { code: 'undefinedField', typeName: value.__typename ?? 'Object', fieldName: field.name };
        throw error;
      }
      out[key] = project(value[field.name], field.selections, [...path, key]);
    }
    return out;
  }

  /** graphql-pagination's `<Type>.collection_type`: `__typename` is `<Type>Collection` (`InvoiceCollection`, …). */
  function paginate(typename, list, args) {
    const page = Math.max(1, args.page ?? 1);
    const limit = Math.max(1, args.limit ?? 25);
    return {
      __typename: typename,
      collection: list.slice((page - 1) * limit, page * limit),
      metadata: { __typename: 'CollectionMetadata', currentPage: page, limitValue: limit, totalCount: list.length, totalPages: Math.ceil(list.length / limit) },
    };
  }

  const queries = {
    customerPortalUser: (c) => c.user,
    customerPortalOrganization: (c) => c.organization,
    customerPortalSubscriptions: (c, a) => {
      let list = c.subscriptions;
      if (Array.isArray(a.status) && a.status.length) list = list.filter((s) => a.status.includes(s.status));
      if (a.planCode) list = list.filter((s) => s.plan.code === a.planCode);
      return paginate('SubscriptionCollection', list, a);
    },
    customerPortalSubscription: (c, a) => c.subscriptions.find((s) => s.id === a.id) ?? (() => { throw notFound('subscription'); })(),
    customerPortalCustomerUsage: (c, a) => {
      const sub = c.subscriptions.find((s) => s.id === a.subscriptionId);
      if (!sub) throw notFound('subscription');
      if (sub.status !== 'active' || !c.usage.has(sub.id)) throw new GraphQLFieldError('Method Not Allowed', { status: 405, code: 'no_active_subscription' });
      return c.usage.get(sub.id);
    },
    customerPortalInvoices: (c, a) => {
      let list = c.invoices;
      if (Array.isArray(a.status) && a.status.length) list = list.filter((i) => a.status.includes(i.status));
      if (typeof a.searchTerm === 'string' && a.searchTerm !== '') {
        const term = a.searchTerm.toLowerCase();
        list = list.filter((i) => i.id === a.searchTerm || i.number.toLowerCase().includes(term));
      }
      return paginate('InvoiceCollection', list, a);
    },
    customerPortalInvoiceCollections: (c) => ({ __typename: 'FinalizedInvoiceCollectionCollection', collection: c.invoiceCollections }),
    customerPortalOverdueBalances: (c) => ({ __typename: 'OverdueBalanceCollection', collection: c.overdueBalances }),
    customerPortalWallets: (c, a) => paginate('CustomerPortalWalletCollection', c.wallets.filter((w) => w.status === (a.status ?? 'active')), a),
    customerPortalWallet: (c, a) => c.wallets.find((w) => w.id === a.id) ?? (() => { throw notFound('wallet'); })(),
  };
  const mutations = {
    downloadCustomerPortalInvoice: (c, a) => {
      const input = a.input ?? {};
      const inv = c.invoices.find((i) => i.id === input.id);
      if (!inv) throw notFound('invoice');
      if (inv.status === 'draft') throw new GraphQLFieldError('Method Not Allowed', { status: 405, code: 'is_draft' });
      generatedPdfs.add(inv.id);
      return { __typename: 'Invoice', id: inv.id, fileUrl: inv.fileUrl };
    },
    updateCustomerPortalCustomer: (c, a) => {
      const input = a.input ?? {};
      const next = {};
      for (const key of CUSTOMER_INPUT) if (Object.hasOwn(input, key)) next[key] = input[key] === '' ? null : input[key];
      // CountryCode is an enum: a value outside it fails input coercion (a request-level error, no data).
      for (const [where, value] of [['country', next.country], ['shippingAddress.country', input.shippingAddress?.country]]) {
        if (value !== undefined && value !== null && !/^[A-Z]{2}$/.test(value)) {
          const error = new Error(`Variable $input of type UpdateCustomerPortalCustomerInput! was provided invalid value for ${where} (Expected "${String(value).slice(0, 40)}" to be one of the CountryCode values)`);
          error.validation = { value: null, problems: [{ path: where.split('.'), explanation: `Expected "${String(value).slice(0, 40)}" to be one of the CountryCode values` }] };
          throw error;
        }
      }
      if (next.email && !EMAIL.test(next.email)) throw unprocessable({ email: ['value_is_invalid'] });
      if (next.customerType !== undefined && next.customerType !== null && !['company', 'individual'].includes(next.customerType)) {
        throw unprocessable({ customerType: ['value_is_invalid'] });
      }
      if (Object.hasOwn(input, 'shippingAddress')) {
        const sa = input.shippingAddress ?? {};
        c.user.shippingAddress = { __typename: 'CustomerAddress', ...Object.fromEntries(['addressLine1', 'addressLine2', 'city', 'state', 'zipcode', 'country'].map((k) => [k, sa[k] ?? null])) };
      }
      Object.assign(c.user, next);
      if (Object.hasOwn(next, 'name')) c.user.displayName = next.name ?? '';
      return c.user;
    },
    createCustomerPortalWalletTransaction: (c, a) => topUp(c, a.input ?? {}),
  };

  /** Lago's paid top-up from the portal (WalletTransactions::CreateFromParamsService + ValidateService). */
  function topUp(c, input) {
    const wallet = c.wallets.find((w) => w.id === input.walletId);
    if (!wallet) throw unprocessable({ walletId: ['wallet_not_found'] });
    if (wallet.status !== 'active') throw unprocessable({ walletId: ['wallet_is_terminated'] });
    const collection = { __typename: 'CustomerPortalWalletTransactionCollection', collection: [] };
    if (input.paidCredits === undefined || input.paidCredits === null) return collection;
    const raw = String(input.paidCredits);
    if (!/^\d+(\.\d+)?$/.test(raw) || raw.replace('.', '').length > 25) throw unprocessable({ paidCredits: ['invalid_paid_credits', 'invalid_amount'] });
    // Credits floored to 5 decimals; the charge in the currency's minor units.
    const credits = Math.floor(Number(raw) * 1e5) / 1e5;
    if (!(credits > 0)) throw unprocessable({ paidCredits: ['invalid_amount'] });
    const digits = wallet.currency === 'JPY' ? 0 : 2;
    const cents = Math.round(credits * wallet.rateAmount * 10 ** digits);
    if (cents < 1) throw unprocessable({ paidCredits: ['amount_rounds_to_zero'] });
    if (wallet.paidTopUpMinAmountCents !== null && cents < Number(wallet.paidTopUpMinAmountCents)) throw unprocessable({ paidCredits: ['amount_below_minimum'] });
    if (wallet.paidTopUpMaxAmountCents !== null && cents > Number(wallet.paidTopUpMaxAmountCents)) throw unprocessable({ paidCredits: ['amount_above_maximum'] });
    serial += 1;
    const at = new Date(nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const tx = {
      __typename: 'CustomerPortalWalletTransaction', id: `${wallet.id.slice(0, 24)}${String(serial).padStart(12, '0')}`,
      amount: (cents / 10 ** digits).toFixed(digits), creditAmount: credits.toFixed(5).replace(/\.?0+$/, ''),
      status: 'pending', transactionStatus: 'purchased', transactionType: 'inbound', createdAt: at, updatedAt: at, settledAt: null,
    };
    (c.walletTransactions ??= []).unshift(tx);
    const settle = () => settleTopUp(c, wallet, tx, cents);
    if (settleDelayMs) setTimeout(settle, settleDelayMs);
    else settle();
    return { ...collection, collection: [tx] };
  }

  /** The background jobs: the credit invoice, the charge, the credits (or an unpaid invoice without a payment method). */
  function settleTopUp(c, wallet, tx, cents) {
    const at = new Date(nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const paid = !c.noPaymentMethod;
    serial += 1;
    const number = `${c.invoices[0]?.number?.replace(/-\d+$/, '') ?? 'CREDIT'}-C${String(serial).padStart(3, '0')}`;
    c.invoices.unshift({
      __typename: 'Invoice', id: `${tx.id.slice(0, 24)}${String(serial).padStart(12, '0')}`, number, status: 'finalized', paymentStatus: paid ? 'succeeded' : 'pending',
      paymentOverdue: false, paymentDisputeLostAt: null, invoiceType: 'credit', currency: wallet.currency, issuingDate: at.slice(0, 10),
      paymentDueDate: at.slice(0, 10), createdAt: at, updatedAt: at,
      totalAmountCents: String(cents), totalDueAmountCents: String(paid ? 0 : cents), totalPaidAmountCents: String(paid ? cents : 0),
      subTotalExcludingTaxesAmountCents: String(cents), subTotalIncludingTaxesAmountCents: String(cents), taxesAmountCents: '0',
      couponsAmountCents: '0', creditNotesAmountCents: '0', prepaidCreditAmountCents: '0',
      fileUrl: `${filesBaseUrl}/rails/active_storage/blobs/redirect/credit/${encodeURIComponent(number)}.pdf`, fees: [], invoiceSubscriptions: [],
    });
    if (!paid) return;
    Object.assign(tx, { status: 'settled', settledAt: at, updatedAt: at });
    const add = (key, cents2) => String(Number(wallet[key]) + cents2);
    wallet.balanceCents = add('balanceCents', cents);
    wallet.ongoingBalanceCents = add('ongoingBalanceCents', cents);
    wallet.creditsBalance += Number(tx.creditAmount);
    wallet.creditsOngoingBalance += Number(tx.creditAmount);
  }

  async function graphqlResponse(headers, rawBody) {
    let body;
    try {
      body = JSON.parse(rawBody ?? '');
    } catch {
      return json(200, { errors: [{ message: 'Unexpected end of document' }] });
    }
    const query = typeof body?.query === 'string' ? body.query : '';
    if (query.length > MAX_QUERY_LENGTH) {
      return json(200, { data: {}, errors: [{ message: `Max query length is ${MAX_QUERY_LENGTH}, your query is ${query.length}`, extensions: { status: 413, code: 'query_is_too_large' } }] });
    }
    let variables = body?.variables ?? {};
    if (typeof variables === 'string') {
      try {
        variables = variables ? JSON.parse(variables) : {};
      } catch {
        variables = {};
      }
    }
    let operations;
    try {
      operations = graphql.parseDocument(query, { maxDepth: 15 });
    } catch (error) {
      return json(200, { errors: [{ message: String(error.message), locations: [{ line: 1, column: 1 }] }] });
    }
    const op = body.operationName ? operations.find((o) => o.name === body.operationName) : operations.length === 1 ? operations[0] : null;
    if (!op) return json(200, { errors: [{ message: 'An operation name is required' }] });
    if (faults.graphqlError) {
      return json(200, { data: null, errors: [{ message: 'Internal error', extensions: { status: 500, code: String(faults.graphqlError) } }] });
    }
    const defaults = Object.fromEntries(op.variables.filter((v) => v.defaultValue).map((v) => [v.name, valueOf(v.defaultValue, {})]));
    const vars = { ...defaults, ...(variables && typeof variables === 'object' ? variables : {}) };
    const resolvers = op.operation === 'mutation' ? mutations : op.operation === 'query' ? queries : {};
    // Validation first (like graphql-ruby): unknown root fields fail the whole request.
    for (const field of op.selections) {
      if (field.name !== '__typename' && !Object.hasOwn(resolvers, field.name)) {
        const type = op.operation === 'mutation' ? 'Mutation' : op.operation === 'query' ? 'Query' : 'Subscription';
        return json(200, { errors: [{ message: `Field '${field.name}' doesn't exist on type '${type}'`, locations: [{ line: 1, column: 1 }], path: [op.operation, field.name], extensions: { code: 'undefinedField', typeName: type, fieldName: field.name } }] });
      }
    }
    const user = await verify(headers['customer-portal-token']);
    const data = {};
    const errors = [];
    let nullData = false;
    for (const field of op.selections) {
      const key = field.alias ?? field.name;
      if (field.name === '__typename') {
        data[key] = op.operation === 'mutation' ? 'Mutation' : 'Query';
        continue;
      }
      const args = Object.fromEntries(field.arguments.map((a) => [a.name, valueOf(a.value, vars)]));
      try {
        if (!user) throw new GraphQLFieldError('unauthorized', { status: 'unauthorized', code: 'unauthorized' });
        data[key] = project(resolvers[field.name](user, args), field.selections, [key]);
      } catch (error) {
        if (error.validation) return json(200, { errors: [{ message: error.message, locations: [{ line: 1, column: 1 }], extensions: error.validation }] });
        if (!(error instanceof GraphQLFieldError)) throw error;
        errors.push({ message: error.message, locations: [{ line: 1, column: 1 }], path: [key], extensions: error.extensions });
        data[key] = null;
        if (NON_NULL_ROOTS.has(field.name)) nullData = true;
      }
    }
    return json(200, errors.length ? { data: nullData ? null : data, errors } : { data });
  }

  // ------------------------------------------------------------ PDFs

  function pdf(number) {
    const ascii = (s) => String(s).replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
    const text = `BT /F1 18 Tf 56 740 Td (${ascii(`Invoice ${number}`)}) Tj ET\nBT /F1 9 Tf 56 712 Td (Reference Lago server, demo data.) Tj ET`;
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    let out = '%PDF-1.4\n';
    const offsets = [];
    objects.forEach((o, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    return `${out}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  }

  // ------------------------------------------------------------ handle

  async function handle(req) {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url, 'http://lago.local');
    const path = url.pathname;
    const headers = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const corsHeaders = cors(headers);
    const withCors = (res) => ({ ...res, headers: { ...corsHeaders, ...res.headers } });

    if (method === 'OPTIONS') return { status: 200, headers: { ...corsHeaders, ...(corsHeaders['access-control-allow-origin'] ? { 'access-control-allow-headers': headers['access-control-request-headers'] ?? '*' } : {}) }, body: '' };

    if (path.startsWith('/__qa/')) return qaAnswer(method, path);
    const pdfMatch = method === 'GET' && /^\/rails\/active_storage\/blobs\/redirect\/([^/]+)\/([^/]+)\.pdf$/.exec(path);
    if (pdfMatch) {
      return { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'inline' }, body: pdf(decodeURIComponent(pdfMatch[2])) };
    }
    const mint = /^\/api\/v1\/customers\/([^/]+)\/portal_url$/.exec(path);
    const isGraphql = path === '/graphql' && method === 'POST';
    if (!mint && !isGraphql) return withCors(json(404, { status: 404, error: 'Not Found' }));

    const target = path + url.search;
    const mutation = isGraphql ? mutationOf(req.body) : null;
    const logged = (res) => {
      if (mutation) {
        let applied = false;
        try {
          applied = res.status === 200 && !JSON.parse(res.body).errors;
        } catch {
          applied = false;
        }
        writes.push({ operation: 'mutation', fields: mutation, status: res.status, applied, at: new Date(nowMs()).toISOString() });
      }
      return res;
    };
    const applies = isGraphql && (!faults.writesOnly || mutation !== null) && (!faults.paths || !faults.paths.length || faults.paths.some((p) => target.includes(p) || String(req.body ?? '').includes(p)));
    if (applies) {
      const wait = (faults.latencyMs || 0) + (faults.jitterMs ? Math.random() * faults.jitterMs : 0);
      if (wait > 0) await delay(wait);
      if (faults.offline) return logged({ status: 0, networkError: true, headers: {}, body: '' });
      if (faults.status && failuresLeft > 0) {
        failuresLeft -= 1;
        if (faults.status === 502 || faults.status === 504) {
          const title = faults.status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
          return logged(withCors({ status: faults.status, headers: { 'content-type': 'text/html' }, body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>` }));
        }
        return logged(withCors(json(faults.status, { status: faults.status, error: faults.status === 429 ? 'Too Many Requests' : 'Internal Server Error' })));
      }
    }

    let res;
    if (mint) {
      const auth = headers.authorization ?? '';
      const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!apiKeys.includes(key)) return withCors(json(401, { status: 401, error: 'Unauthorized' }));
      const ext = decodeURIComponent(mint[1]);
      if (!customer(ext)) return withCors(json(404, { status: 404, error: 'Not Found', code: 'customer_not_found' }));
      const ttlParam = url.searchParams.get('ttl_seconds');
      const minted = await mintToken(ext, {
        ttlSeconds: ttlParam && /^\d+$/.test(ttlParam) ? Math.max(1, Number(ttlParam)) : undefined,
        expired: url.searchParams.get('expired') === 'true',
      });
      // Lago answers only the portal URL; `token` and `expires_at` are reference-server conveniences for QA.
      res = json(200, { customer: { portal_url: minted.portal_url }, token: minted.token, expires_at: minted.expires_at });
    } else {
      try {
        res = await graphqlResponse(headers, req.body);
      } catch (error) {
        res = json(500, { status: 500, error: 'Internal Server Error' }, { 'x-reference-server-error': String(error && error.message).slice(0, 200) });
      }
    }
    logged(res);
    if (mutation && faults.dropAfterWrite) return { status: 0, networkError: true, headers: {}, body: '' };
    if (applies && faults.truncate && res.status === 200) res.body = res.body.slice(0, Math.floor(res.body.length / 2));
    return withCors(res);
  }

  /** The root fields of a request's mutation, or null when it carries none (a read, or no parseable document). */
  function mutationOf(rawBody) {
    try {
      const body = JSON.parse(rawBody ?? '');
      const ops = graphql.parseDocument(String(body?.query ?? ''), { maxDepth: 15 });
      const op = body.operationName ? ops.find((o) => o.name === body.operationName) : ops.length === 1 ? ops[0] : null;
      return op && op.operation === 'mutation' ? op.selections.map((f) => f.name) : null;
    } catch {
      return null;
    }
  }

  /** QA (no auth, loopback tooling): `GET /__qa/writes` → the mutation log; `POST /__qa/writes/reset` clears it. */
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
    mintToken,
    verify,
    setFaults(f = {}) {
      faults = { ...DEFAULT_FAULTS, ...f };
      failuresLeft = f.statusCount === undefined || f.statusCount === null ? Infinity : f.statusCount;
      return { ...faults };
    },
    getFaults() {
      return { ...faults, failuresLeft: Number.isFinite(failuresLeft) ? failuresLeft : null };
    },
    patchCustomer(externalId, fn) {
      if (!LAGO_CUSTOMER_IDS.includes(externalId)) throw new Error(`unknown Lago customer ${externalId}`);
      patches.push({ externalId, fn });
      const c = customers.get(externalId);
      if (c) fn(c);
    },
    customer,
    customers: lagoCustomerSummaries,
    /** PDFs generated through the `downloadCustomerPortalInvoice` mutation (a proxy must keep this empty). */
    generatedPdfs,
    /** Every mutation request since the last reset (what `GET /__qa/writes` answers). */
    get writes() {
      return writes;
    },
    /** How long after a top-up its background jobs run (ms; 0 = at once). */
    setSettleDelay(ms) {
      settleDelayMs = ms;
    },
    reset() {
      customers = new Map();
      patches = [];
      faults = { ...DEFAULT_FAULTS };
      failuresLeft = Infinity;
      generatedPdfs.clear();
      writes = [];
    },
    setPublicUrls({ filesBaseUrl: files, frontOrigin: front } = {}) {
      if (files) {
        filesBaseUrl = files;
        customers = new Map();
      }
      if (front) frontOrigin = front;
    },
  };
}
