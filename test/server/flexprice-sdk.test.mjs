// Contract test: the Flexprice reference server (demo/server) against
// Flexprice's own published schemas.
//
// Artifact: @flexprice/sdk 2.0.1 (npm), Flexprice's Speakeasy-generated
// TypeScript SDK; its zod/v4-mini inbound schemas (`Dto…$inboundSchema`,
// package entry '@flexprice/sdk/sdk/models'). Written 2026-12-07.
//
// The real HTTP server is started (test/server/_helpers.mjs), a session is
// minted for every seeded customer, and the answers of every route the
// element's Flexprice adapter calls (src/backends/flexprice/client.ts:
// info, usage, subscriptions list and detail, invoices list, detail and PDF
// link, wallets list and detail, wallet transactions, config, usage
// analytics) plus the cost analytics route the server also serves, every
// page of every list (in detail: every invoice, but for cus-many-invoices'
// 2,000 only the newest and oldest 100, which hold every status pair), are
// read twice with the SDK's schema:
//   1. `schema.safeParse(json)` must succeed (the SDK would not throw);
//   2. `strictIssues` (_sdk-strict.mjs) must find nothing the SDK accepted
//      only through its lenient fallbacks: an enum value outside its set
//      (open enums accept any string), a coerced type, a missing required
//      field, a field its model does not have.
// A difference fails unless DELIBERATE below lists it (model field, kind
// and, for enums and types, the exact values) with its reason and source;
// an entry that no answer needs any more fails too, so the list stays true.
//
// The mint answer, the config (SettingResponse) and the PDF link have no
// schema in the SDK (the portal routes are not in Flexprice's OpenAPI
// document, which the SDK is generated from): they are checked here against
// the Go DTOs, key by key.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@flexprice/sdk/sdk/models';
import { start, RFC3339 } from './_helpers.mjs';
import { CUSTOMER_IDS } from '../../demo/server/portal-api.mjs';
import { modelNames, strictIssues, jsonType } from './_sdk-strict.mjs';

const GO_SWAGGER = 'docs/swagger/swagger.json of flexprice/flexprice (swag output of the Go structs and their doc comments; copy in /work/shared/contract/flexprice-swagger.json)';

/**
 * Differences kept on purpose: Flexprice's Go source is newer than SDK 2.0.1
 * and the reference server follows the Go source. `at` is `SdkModel.field`;
 * `values` (enums) or `pattern` (types) narrow what is allowed.
 */
const DELIBERATE = [
  {
    at: 'DtoCustomerResponse.contact', kind: 'unknown-field',
    reason: 'Customer contact number; SDK 2.0.1 lacks the field',
    source: 'Go internal/domain/customer/model.go: Contact *string `json:"contact,omitempty"`',
  },
  {
    at: 'DtoCustomerResponse.timezone', kind: 'unknown-field',
    reason: "Customer's IANA time zone; SDK 2.0.1 lacks the field",
    source: 'Go internal/domain/customer/model.go: Timezone string `json:"timezone"`',
  },
  {
    at: 'DtoSubscriptionResponse.timezone', kind: 'unknown-field',
    reason: 'Go renamed customer_timezone to timezone (DB column `timezone`); SDK 2.0.1 still has customer_timezone',
    source: `Go ent/schema/subscription.go field "timezone"; ${GO_SWAGGER}: SubscriptionResponse.timezone`,
  },
  {
    at: 'DtoSubscriptionResponse.subscription_type', kind: 'unknown-field',
    reason: 'Subscription type within a customer hierarchy; SDK 2.0.1 lacks the field',
    source: `Go ent/schema/subscription.go field "subscription_type" (types.SubscriptionType, default "standalone"); ${GO_SWAGGER}: SubscriptionResponse.subscription_type`,
  },
  {
    at: 'DtoInvoiceResponse.issue_date', kind: 'unknown-field',
    reason: 'User-facing invoice date; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: InvoiceResponse.issue_date`,
  },
  {
    at: 'DtoInvoiceResponse.is_manually_edited', kind: 'unknown-field',
    reason: 'Draft edited by hand; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: InvoiceResponse.is_manually_edited`,
  },
  {
    at: 'DtoInvoiceResponse.payment_status', kind: 'enum', values: ['VOIDED'],
    reason: 'Payment status of a voided invoice; SDK 2.0.1 enum stops at PARTIALLY_REFUNDED',
    source: 'Go internal/types/payment.go: PaymentStatusVoided PaymentStatus = "VOIDED"',
  },
  {
    at: 'DtoInvoiceLineItemResponse.subscription_line_item_id', kind: 'unknown-field',
    reason: 'Links the line to its subscription line item; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: InvoiceLineItemResponse.subscription_line_item_id`,
  },
  {
    at: 'DtoWalletBalanceResponse.is_cached_fallback', kind: 'unknown-field',
    reason: 'Whether the balance came from cache; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: WalletBalanceResponse.is_cached_fallback`,
  },
  {
    at: 'AutoTopup.threshold', kind: 'type', pattern: /^\d+(\.\d+)?$/,
    reason: 'shopspring decimal.Decimal marshals as a JSON string; SDK 2.0.1 declares a number (from the swagger, which omits swaggertype:"string" here)',
    source: 'Go internal/types/wallet.go: AutoTopup.Threshold *decimal.Decimal `json:"threshold"`',
  },
  {
    at: 'AutoTopup.amount', kind: 'type', pattern: /^\d+(\.\d+)?$/,
    reason: 'shopspring decimal.Decimal marshals as a JSON string; SDK 2.0.1 declares a number',
    source: 'Go internal/types/wallet.go: AutoTopup.Amount *decimal.Decimal `json:"amount"`',
  },
  {
    at: 'DtoWalletTransactionResponse.transaction_reason', kind: 'enum', values: ['INVOICE_VOID_REFUND', 'PURCHASED_CREDIT_BONUS'],
    reason: 'Transaction reasons newer than SDK 2.0.1',
    source: 'Go internal/types/wallet.go: TransactionReasonInvoiceVoidRefund, TransactionReasonPurchasedCreditBonus',
  },
  {
    at: 'DtoFeatureResponse.group_id', kind: 'unknown-field',
    reason: 'Feature group of a usage-summary feature; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: FeatureResponse.group_id`,
  },
  {
    at: 'GithubComFlexpriceFlexpriceInternalDomainFeatureFeature.group_id', kind: 'unknown-field',
    reason: 'Feature group of an expanded analytics feature; SDK 2.0.1 lacks the field',
    source: `${GO_SWAGGER}: Feature.group_id`,
  },
  ...['subtotal', 'total_discount'].map((field) => ({
    at: `DtoGetUsageAnalyticsResponse.${field}`, kind: 'unknown-field',
    reason: 'Analytics totals before discount; SDK 2.0.1 has total_cost only',
    source: `Go internal/api/dto/events.go: GetUsageAnalyticsResponse.${field === 'subtotal' ? 'Subtotal' : 'TotalDiscount'} \`json:"${field}"\``,
  })),
  ...[['total_usage_display', 'TotalUsageDisplay'], ['subtotal', 'Subtotal'], ['total_discount', 'TotalDiscount'], ['group', 'Group']].map(([field, go]) => ({
    at: `DtoUsageAnalyticItem.${field}`, kind: 'unknown-field',
    reason: 'Analytics item field newer than SDK 2.0.1',
    source: `Go internal/api/dto/events.go: UsageAnalyticItem.${go} \`json:"${field}${field === 'group' ? ',omitempty' : ''}"\``,
  })),
  ...[['subtotal', 'Subtotal'], ['discount', 'Discount']].map(([field, go]) => ({
    at: `DtoUsageAnalyticPoint.${field}`, kind: 'unknown-field',
    reason: 'Analytics point field newer than SDK 2.0.1',
    source: `Go internal/api/dto/events.go: UsageAnalyticPoint.${go} \`json:"${field}"\``,
  })),
];

const names = modelNames(sdk);
const used = new Set();

function allowed(issue) {
  const entry = DELIBERATE.find((e) => e.at === issue.at && e.kind === issue.kind);
  if (!entry) return null;
  if (entry.values && !entry.values.includes(issue.got)) return null;
  if (entry.pattern && !(typeof issue.got === 'string' && entry.pattern.test(issue.got))) return null;
  return entry;
}

/**
 * Reads answers with the SDK: `check(route, schema, json)` records what the
 * SDK rejects or reads only leniently; `assertClean()` fails with one line
 * per difference outside DELIBERATE (count, route, path, example values).
 */
function collector() {
  const found = new Map();
  let answers = 0;
  const note = (key, route, issue) => {
    let f = found.get(key);
    if (!f) found.set(key, (f = { ...issue, route, count: 0, examples: new Set() }));
    f.count++;
    if (f.examples.size < 4 && issue.got !== undefined) f.examples.add(JSON.stringify(issue.got).slice(0, 60));
  };
  return {
    check(route, schema, json) {
      answers++;
      const parsed = schema.safeParse(json);
      if (!parsed.success) note(`sdk-parse ${route}`, route, { at: names.get(schema), path: '', kind: 'sdk-parse', got: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
      for (const issue of strictIssues(schema, json, { names })) {
        const entry = allowed(issue);
        if (entry) used.add(entry);
        else note(`${issue.kind} ${issue.at}`, route, issue);
      }
    },
    get answers() {
      return answers;
    },
    assertClean() {
      const lines = [...found.values()].map(
        (f) => `${f.kind} ${f.at} ×${f.count} (e.g. ${f.route} ${f.path}${f.expected ? `; SDK: ${f.expected}` : ''}${f.examples.size ? `; got ${[...f.examples].join(', ')}` : ''})`,
      );
      assert.deepEqual(lines, [], `differences from @flexprice/sdk 2.0.1 not in DELIBERATE:\n${lines.join('\n')}`);
    },
  };
}

let s;
const tokens = new Map();
before(async () => {
  s = await start();
  for (const id of CUSTOMER_IDS) tokens.set(id, (await s.mint(id)).token);
});
after(() => s.close());

async function get(id, method, path, body) {
  const r = await s.portal(tokens.get(id), method, path, body);
  assert.equal(r.status, 200, `${id} ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
  return r.json;
}

/** Runs `fn` over `items` with a few requests in flight. */
async function inBatches(items, fn, width = 8) {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

test('the strict reading catches what safeParse lets through (self-check)', () => {
  const sub = { id: 'subs_1', payment_terms: 'NET_14', billing_period_count: '1', brand_new: true };
  assert.equal(sdk.DtoSubscriptionResponse$inboundSchema.safeParse(sub).success, true, 'the SDK alone accepts it');
  const issues = strictIssues(sdk.DtoSubscriptionResponse$inboundSchema, sub, { names }).map((i) => `${i.kind} ${i.at}`);
  assert.deepEqual(issues.sort(), [
    'enum DtoSubscriptionResponse.payment_terms',
    'type DtoSubscriptionResponse.billing_period_count',
    'unknown-field DtoSubscriptionResponse.brand_new',
  ]);
  const clean = { id: 'subs_1', payment_terms: '30 NET', billing_period_count: 1, cancel_at: null, plan: { id: 'plan_1', metadata: {} } };
  assert.deepEqual(strictIssues(sdk.DtoSubscriptionResponse$inboundSchema, clean, { names }), []);
  // A required field (pagination inside a list) missing is reported too.
  const missing = strictIssues(sdk.DtoListInvoicesResponse$inboundSchema, { items: [{ id: 'inv_1', total: 5 }] }, { names });
  assert.deepEqual(missing.map((i) => `${i.kind} ${i.at}`).sort(), ['type DtoInvoiceResponse.total']);
});

test('mint answer (no SDK schema; Go dto.PortalSessionResponse): url, token, expires_at', async () => {
  for (const id of CUSTOMER_IDS) {
    const body = await s.mint(id);
    assert.deepEqual(Object.keys(body).sort(), ['expires_at', 'token', 'url'], id);
    assert.equal(typeof body.token, 'string');
    assert.equal(body.url.endsWith(`?token=${body.token}`), true, id);
    assert.match(body.expires_at, RFC3339);
  }
});

test('GET /info, /usage and /config, for every customer', async () => {
  const c = collector();
  const SETTING = ['created_at', 'created_by', 'environment_id', 'id', 'key', 'status', 'tenant_id', 'updated_at', 'updated_by', 'value'];
  for (const id of CUSTOMER_IDS) {
    c.check('GET /info', sdk.DtoCustomerResponse$inboundSchema, await get(id, 'GET', '/info'));
    c.check('GET /usage', sdk.DtoCustomerUsageSummaryResponse$inboundSchema, await get(id, 'GET', '/usage'));
    // No SDK schema: Go dto.SettingResponse (internal/api/dto/settings.go), `value` a map.
    const config = await get(id, 'GET', '/config');
    assert.deepEqual(Object.keys(config).filter((k) => !SETTING.includes(k)), [], `${id} config keys`);
    for (const k of ['id', 'key', 'environment_id', 'tenant_id', 'status']) assert.equal(typeof config[k], 'string', `${id} config.${k}`);
    for (const k of ['created_at', 'updated_at']) assert.match(config[k], RFC3339, `${id} config.${k}`);
    assert.equal(config.key, 'customer_portal_config');
    assert.equal(jsonType(config.value), 'object');
  }
  c.assertClean();
});

test('subscriptions: every page, and each one by id', async () => {
  const c = collector();
  for (const id of CUSTOMER_IDS) {
    const limit = 2;
    let seen = 0;
    for (let page = 1; ; page++) {
      const body = await get(id, 'POST', '/subscriptions', { page, limit });
      c.check('POST /subscriptions', sdk.DtoListSubscriptionsResponse$inboundSchema, body);
      for (const sub of body.items) c.check('GET /subscriptions/{id}', sdk.DtoSubscriptionResponse$inboundSchema, await get(id, 'GET', `/subscriptions/${sub.id}`));
      seen += body.items.length;
      if (page * limit >= body.pagination.total) break;
    }
    assert.equal(seen, (await get(id, 'POST', '/subscriptions', {})).pagination.total, id);
  }
  c.assertClean();
});

test('invoices: every page, each invoice in detail, PDF links', async () => {
  const c = collector();
  let listed = 0;
  let detailed = 0;
  for (const id of CUSTOMER_IDS) {
    const limit = 100;
    const all = [];
    for (let page = 1; ; page++) {
      const body = await get(id, 'POST', '/invoices', { page, limit });
      c.check('POST /invoices', sdk.DtoListInvoicesResponse$inboundSchema, body);
      all.push(...body.items);
      if (page * limit >= body.pagination.total) break;
    }
    listed += all.length;
    // cus-many-invoices: its 2,000 invoices come from one generator; the newest and
    // oldest 100 are read in detail (the list pages above hold all of them), and they
    // hold every status pair the whole list has.
    const detail = all.length > 300 ? [...all.slice(0, 100), ...all.slice(-100)] : all;
    const pairs = (list) => [...new Set(list.map((i) => `${i.invoice_type} ${i.invoice_status} ${i.payment_status}`))].sort();
    assert.deepEqual(pairs(detail), pairs(all), `${id}: invoices read in detail cover every kind`);
    await inBatches(detail, async (inv) => {
      c.check('GET /invoices/{id}', sdk.DtoInvoiceResponse$inboundSchema, await get(id, 'GET', `/invoices/${inv.id}`));
    });
    // No SDK schema (the SDK's getInvoicePdf streams bytes from the private API): Go answers
    // {presigned_url}, the same for any invoice, so a few per customer.
    for (const inv of all.slice(0, 3)) {
      const pdf = await get(id, 'GET', `/invoices/${inv.id}/pdf`);
      assert.deepEqual(Object.keys(pdf), ['presigned_url']);
      assert.match(pdf.presigned_url, /^https?:\/\//);
    }
    detailed += detail.length;
  }
  assert.ok(listed > 2000 && detailed > 250, `${listed} listed, ${detailed} in detail`);
  c.assertClean();
});

test('wallets: the list, each wallet, every page of its transactions', async () => {
  const c = collector();
  let transactions = 0;
  for (const id of CUSTOMER_IDS) {
    const wallets = await get(id, 'POST', '/wallets', {});
    assert.ok(Array.isArray(wallets), `${id}: the wallet list is a bare array`);
    for (const w of wallets) c.check('POST /wallets', sdk.DtoWalletBalanceResponse$inboundSchema, w);
    for (const w of wallets) {
      c.check('GET /wallets/{id}', sdk.DtoWalletBalanceResponse$inboundSchema, await get(id, 'GET', `/wallets/${w.id}`));
      const limit = 500;
      for (let offset = 0; ; offset += limit) {
        const body = await get(id, 'GET', `/wallets/${w.id}/transactions?limit=${limit}&offset=${offset}`);
        c.check('GET /wallets/{id}/transactions', sdk.DtoListWalletTransactionsResponse$inboundSchema, body);
        transactions += body.items.length;
        if (offset + limit >= body.pagination.total) break;
      }
    }
  }
  assert.ok(transactions > 5000, `${transactions} transactions`);
  c.assertClean();
});

test('usage analytics (the windows the adapter asks for) and cost analytics', async () => {
  const c = collector();
  const end = s.clock.ms;
  const HOUR = 3_600_000;
  const windows = [['DAY', 30 * 24 * HOUR], ['HOUR', 2 * 24 * HOUR], ['30MIN', 24 * HOUR], ['15MIN', 12 * HOUR]];
  for (const id of CUSTOMER_IDS) {
    for (const [window, span] of windows) {
      const body = { window_size: window, start_time: new Date(end - span).toISOString(), end_time: new Date(end).toISOString(), expand: ['price'] };
      c.check('POST /analytics/revenue', sdk.DtoGetUsageAnalyticsResponse$inboundSchema, await get(id, 'POST', '/analytics/revenue', body));
    }
    // Every expansion, no window (no points).
    const expanded = { start_time: new Date(end - 7 * 24 * HOUR).toISOString(), end_time: new Date(end).toISOString(), expand: ['price', 'meter', 'feature', 'plan'] };
    c.check('POST /analytics/revenue', sdk.DtoGetUsageAnalyticsResponse$inboundSchema, await get(id, 'POST', '/analytics/revenue', expanded));
    c.check('POST /analytics/cost', sdk.DtoGetDetailedCostAnalyticsResponse$inboundSchema, await get(id, 'POST', '/analytics/cost', { ...expanded, expand: ['meter', 'price'] }));
  }
  c.assertClean();
});

test('every deliberate difference is still needed', () => {
  const stale = DELIBERATE.filter((e) => !used.has(e)).map((e) => `${e.kind} ${e.at}`);
  assert.deepEqual(stale, [], 'DELIBERATE entries no answer needs any more: remove them');
  for (const e of DELIBERATE) assert.ok(e.reason && e.source, `${e.at}: reason and source`);
});
