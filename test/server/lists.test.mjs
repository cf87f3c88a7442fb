import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, decSum, DECIMAL, RFC3339 } from './_helpers.mjs';

let s;
let typical;
before(async () => {
  s = await start();
  typical = (await s.mint('cus-typical')).token;
});
after(() => s.close());

const BIND = { code: 'validation_error', message: 'An unexpected error occurred', http_status_code: 400 };

test('list POSTs require a JSON body (missing, invalid, non-object → 400 bind error)', async () => {
  for (const path of ['/invoices', '/subscriptions', '/analytics/revenue']) {
    for (const body of [undefined, '', 'not json', '[]', 'null', '{"page":']) {
      const r = await s.portal(typical, 'POST', path, body);
      assert.equal(r.status, 400, `${path} ${body}`);
      assert.deepEqual(r.json, BIND);
    }
    assert.equal((await s.portal(typical, 'POST', path, {})).status, 200, path);
  }
  // Wallets ignore the body.
  assert.equal((await s.portal(typical, 'POST', '/wallets')).status, 200);
  // Bad types are bind errors too.
  assert.equal((await s.portal(typical, 'POST', '/invoices', { page: 'two' })).status, 400);
  assert.equal((await s.portal(typical, 'POST', '/invoices', { limit: 1001 })).status, 400);
});

test('invoices page with {page, limit}, 1-based; offset is the request offset (ignores body offset)', async () => {
  const { token } = await s.mint('cus-many-invoices');
  const first = await s.portal(token, 'POST', '/invoices', { page: 1, limit: 20 });
  assert.deepEqual(first.json.pagination, { total: 2000, limit: 20, offset: 0 });
  const third = await s.portal(token, 'POST', '/invoices', { page: 3, limit: 20, offset: 999 });
  assert.deepEqual(third.json.pagination, { total: 2000, limit: 20, offset: 40 });
  assert.equal(third.json.items.length, 20);
  const all = await s.portal(token, 'POST', '/invoices', { page: 1, limit: 60 });
  assert.deepEqual(third.json.items.map((i) => i.id), all.json.items.slice(40, 60).map((i) => i.id));
  // Default limit 50; last page is short.
  assert.equal((await s.portal(token, 'POST', '/invoices', {})).json.items.length, 50);
  const last = await s.portal(token, 'POST', '/invoices', { page: 100, limit: 20 });
  assert.equal(last.json.items.length, 20);
  assert.equal((await s.portal(token, 'POST', '/invoices', { page: 101, limit: 20 })).json.items.length, 0);
  // Unique ids across pages; a page deep in the list is the matching slice of the whole
  // (how fast it answers is measured by `npm run bench`, not asserted here).
  const listed = [];
  for (let page = 1; page <= 2; page++) listed.push(...(await s.portal(token, 'POST', '/invoices', { page, limit: 1000 })).json.items);
  assert.equal(new Set(listed.map((i) => i.id)).size, 2000);
  const deep = (await s.portal(token, 'POST', '/invoices', { page: 57, limit: 25 })).json.items;
  assert.deepEqual(deep.map((i) => i.id), listed.slice(56 * 25, 57 * 25).map((i) => i.id));
});

test('subscriptions and wallet transactions return offset = request offset + limit', async () => {
  const subs = await s.portal(typical, 'POST', '/subscriptions', { page: 1, limit: 2 });
  assert.deepEqual(subs.json.pagination, { total: 3, limit: 2, offset: 2 });
  const subs2 = await s.portal(typical, 'POST', '/subscriptions', { page: 2, limit: 2 });
  assert.deepEqual(subs2.json.pagination, { total: 3, limit: 2, offset: 4 });
  assert.equal(subs2.json.items.length, 1);
  const { token } = await s.mint('cus-many-transactions');
  const [wallet] = (await s.portal(token, 'POST', '/wallets', {})).json;
  const page = await s.portal(token, 'GET', `/wallets/${wallet.id}/transactions?limit=10&offset=30`);
  assert.deepEqual(page.json.pagination, { total: 5000, limit: 10, offset: 40 });
  assert.equal(page.json.items.length, 10);
  const dflt = await s.portal(token, 'GET', `/wallets/${wallet.id}/transactions`);
  assert.deepEqual(dflt.json.pagination, { total: 5000, limit: 50, offset: 50 });
  assert.equal((await s.portal(token, 'GET', `/wallets/${wallet.id}/transactions?limit=1001`)).status, 400);
  assert.equal((await s.portal(token, 'GET', `/wallets/${wallet.id}/transactions?limit=abc`)).status, 400);
  // Newest first; the newest balance_after is the wallet's balance.
  const newest = (await s.portal(token, 'GET', `/wallets/${wallet.id}/transactions?limit=1`)).json.items[0];
  assert.equal(newest.credit_balance_after, wallet.credit_balance);
  const times = dflt.json.items.map((t) => Date.parse(t.created_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
});

test('wallets: bare array without real-time fields; GET by id adds them', async () => {
  const list = await s.portal(typical, 'POST', '/wallets', {});
  assert.ok(Array.isArray(list.json));
  assert.equal(list.json.length, 1);
  const w = list.json[0];
  for (const k of ['real_time_balance', 'real_time_credit_balance', 'balance_updated_at', 'current_period_usage']) assert.ok(!(k in w), k);
  assert.equal(w.currency, 'usd');
  assert.equal(w.wallet_type, 'PRE_PAID');
  assert.equal(w.conversion_rate, '0.1');
  assert.equal(w.is_cached_fallback, false);
  const one = await s.portal(typical, 'GET', `/wallets/${w.id}`);
  assert.equal(one.json.real_time_credit_balance, '434.2');
  assert.equal(one.json.real_time_balance, '43.42');
  assert.match(one.json.balance_updated_at, RFC3339);
  assert.deepEqual(Object.keys(one.json.credits_available_breakdown).sort(), ['free', 'purchased']);
  assert.equal(decSum([w.credit_balance]), '452.7');
  assert.equal(w.balance, '45.27');
  const empty = await s.mint('cus-empty');
  const none = await s.portal(empty.token, 'POST', '/wallets', {});
  assert.equal(none.text, '[]');
  // Several currencies, one frozen with zero real-time values.
  const multi = await s.mint('cus-multi-wallet');
  const wallets = (await s.portal(multi.token, 'POST', '/wallets')).json;
  assert.deepEqual(wallets.map((x) => x.currency).sort(), ['jpy', 'kwd', 'usd']);
  const frozen = wallets.find((x) => x.wallet_status === 'frozen');
  const frozenOne = (await s.portal(multi.token, 'GET', `/wallets/${frozen.id}`)).json;
  assert.equal(frozenOne.real_time_balance, '0');
  assert.equal(frozenOne.real_time_credit_balance, '0');
});

function walk(value, visit, path = '') {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) {
    visit(k, v, `${path}.${k}`);
    walk(v, visit, `${path}.${k}`);
  }
}

const DECIMAL_KEYS = /^(amount|amount_due|amount_paid|amount_remaining|subtotal|total|total_discount|total_tax|adjustment_amount|refunded_amount|total_prepaid_credits_applied|balance|credit_balance|credit_amount|credit_balance_before|credit_balance_after|credits_available|conversion_rate|topup_conversion_rate|quantity|line_item_discount|invoice_level_discount|prepaid_credits_applied|current_usage|usage_percent|total_usage|total_cost|usage|cost|discount|real_time_balance|real_time_credit_balance|current_period_usage|unpaid_invoices_amount|threshold|overpaid_amount)$/;
const INT_KEYS = /^(event_count|priority|billing_sequence|display_order|order|billing_period_count|version|total_limit|usage_limit|total|limit|offset|quantity)$/;
const TIME_KEYS = /(_at|_date|_time|^timestamp|period_start|period_end|trial_start|trial_end|cancel_at|billing_anchor)$/;

test('encoding: decimals are strings, integers numbers, currencies lowercase, times RFC 3339', async () => {
  const inv = (await s.portal(typical, 'POST', '/invoices', { page: 1, limit: 50 })).json;
  const detail = (await s.portal(typical, 'GET', `/invoices/${inv.items[3].id}`)).json;
  const [wallet] = (await s.portal(typical, 'POST', '/wallets', {})).json;
  const bodies = [
    inv,
    detail,
    (await s.portal(typical, 'POST', '/subscriptions', {})).json,
    (await s.portal(typical, 'GET', `/wallets/${wallet.id}`)).json,
    (await s.portal(typical, 'GET', `/wallets/${wallet.id}/transactions?limit=100`)).json,
    (await s.portal(typical, 'GET', '/usage')).json,
  ];
  let decimals = 0;
  for (const body of bodies) {
    walk(body, (k, v, path) => {
      if (k === 'currency') assert.match(v, /^[a-z]{3}$/, path);
      if (typeof v === 'number') assert.ok(Number.isInteger(v) && INT_KEYS.test(k), `number at ${path}`);
      if (DECIMAL_KEYS.test(k) && !(k === 'total' && typeof v === 'number') && !(k === 'quantity' && typeof v === 'number')) {
        if (v !== null && typeof v !== 'object') {
          assert.equal(typeof v, 'string', path);
          assert.match(v, DECIMAL, `${path} = ${v}`);
          decimals++;
        }
      }
      if (TIME_KEYS.test(k) && typeof v === 'string') assert.match(v, RFC3339, `${path} = ${v}`);
    });
  }
  assert.ok(decimals > 500);
});

test('invoices: mixed statuses, draft without number, totals that add up', async () => {
  const items = (await s.portal(typical, 'POST', '/invoices', { page: 1, limit: 100 })).json.items;
  assert.ok(items.length >= 24);
  const statuses = new Set(items.map((i) => `${i.invoice_status}/${i.payment_status}`));
  for (const st of ['DRAFT/PENDING', 'FINALIZED/SUCCEEDED', 'FINALIZED/PENDING', 'VOIDED/VOIDED', 'FINALIZED/REFUNDED', 'FINALIZED/PARTIALLY_REFUNDED', 'FINALIZED/FAILED', 'FINALIZED/OVERPAID']) {
    assert.ok(statuses.has(st), st);
  }
  const draft = items.find((i) => i.invoice_status === 'DRAFT');
  assert.equal(draft.invoice_number, null);
  assert.ok(!('due_date' in draft) && !('finalized_at' in draft), 'omitempty fields are omitted');
  const now = s.clock.ms;
  const overdue = items.filter((i) => i.invoice_status === 'FINALIZED' && ['PENDING', 'FAILED'].includes(i.payment_status) && Date.parse(i.due_date) < now);
  const pending = items.filter((i) => i.invoice_status === 'FINALIZED' && i.payment_status === 'PENDING' && Date.parse(i.due_date) > now);
  assert.ok(overdue.length >= 1 && pending.length >= 1);
  for (const i of items) assert.ok('customer' in i && i.customer.external_id === 'cus-typical');
  // Detail: line items with periods and quantities, sums exact.
  for (const i of items.slice(0, 12)) {
    const d = (await s.portal(typical, 'GET', `/invoices/${i.id}`)).json;
    assert.ok(d.line_items.length >= 1);
    assert.equal(decSum(d.line_items.map((l) => l.amount)), d.subtotal, i.id);
    assert.equal(decSum(d.line_items.map((l) => l.prepaid_credits_applied)), d.total_prepaid_credits_applied);
    assert.equal(decSum([d.subtotal, `-${d.total_discount}`, d.total_tax].map((x) => x.replace('--', ''))), d.total);
    assert.equal(decSum([d.total, `-${d.total_prepaid_credits_applied}`].map((x) => x.replace('--', ''))), d.amount_due);
  }
  const withDiscount = [];
  for (const i of items) {
    const d = (await s.portal(typical, 'GET', `/invoices/${i.id}`)).json;
    if (d.total_discount !== '0') withDiscount.push(d);
    if (d.taxes) assert.equal(d.taxes[0].tax_amount, d.total_tax);
  }
  assert.ok(withDiscount.length >= 1);
  const pdf = await s.portal(typical, 'GET', `/invoices/${items[2].id}/pdf?url=true`);
  assert.match(pdf.json.presigned_url, /^http:\/\/127\.0\.0\.1:\d+\/__files\/invoices\/inv_.+\.pdf\?X-Amz-/);
  const file = await fetch(pdf.json.presigned_url);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(await file.text(), /^%PDF-1\.4/);
});

test("another customer's records answer 404 'does not belong to this customer'", async () => {
  const eur = (await s.mint('cus-eur')).token;
  const inv = (await s.portal(eur, 'POST', '/invoices', {})).json.items[0];
  const [wallet] = (await s.portal(eur, 'POST', '/wallets', {})).json;
  const sub = (await s.portal(eur, 'POST', '/subscriptions', {})).json.items[0];
  for (const [path, label] of [
    [`/invoices/${inv.id}`, 'Invoice'],
    [`/invoices/${inv.id}/pdf`, 'Invoice'],
    [`/wallets/${wallet.id}`, 'Wallet'],
    [`/wallets/${wallet.id}/transactions`, 'Wallet'],
    [`/subscriptions/${sub.id}`, 'Subscription'],
  ]) {
    const r = await s.portal(typical, 'GET', path);
    assert.equal(r.status, 404, path);
    assert.deepEqual(r.json, { code: 'not_found', message: `${label} does not belong to this customer`, http_status_code: 404 });
  }
  const unknown = await s.portal(typical, 'GET', '/invoices/inv_doesnotexist');
  assert.equal(unknown.json.message, 'Invoice not found');
  // Own records are served.
  assert.equal((await s.portal(eur, 'GET', `/subscriptions/${sub.id}`)).json.id, sub.id);
});

test('error envelope: flat by default, legacy on request', async () => {
  const flat = await s.portal(typical, 'GET', '/invoices/inv_nope');
  assert.deepEqual(flat.json, { code: 'not_found', message: 'Invoice not found', http_status_code: 404 });
  await s.admin('faults', { envelope: 'legacy' });
  try {
    const legacy = await s.portal(typical, 'GET', '/invoices/inv_nope');
    assert.equal(legacy.status, 404);
    assert.equal(legacy.json.success, false);
    assert.equal(legacy.json.error.message, 'Invoice not found');
    const bind = await s.portal(typical, 'POST', '/invoices');
    assert.equal(bind.json.error.message, 'An unexpected error occurred');
    // 401 bodies are the middleware's, whatever the envelope.
    assert.deepEqual((await s.portal(null, 'GET', '/info')).json, { error: 'Session token required' });
  } finally {
    await s.admin('faults', {});
  }
});

test('subscriptions: plan attached, customer null, trialing add-on with trial_end', async () => {
  const items = (await s.portal(typical, 'POST', '/subscriptions', {})).json.items;
  const active = items.find((x) => x.subscription_status === 'active');
  const trial = items.find((x) => x.subscription_status === 'trialing');
  assert.equal(active.plan.name, 'Pro');
  assert.equal(active.billing_period, 'MONTHLY');
  assert.equal(active.customer, null);
  assert.ok(Date.parse(trial.trial_end) > s.clock.ms);
  assert.ok('cancel_at' in active && active.cancel_at === null);
  assert.ok(!('end_date' in active));
});

test('info and config: customer fields; default config and the Tokyo tenant config', async () => {
  const info = (await s.portal(typical, 'GET', '/info')).json;
  assert.equal(info.name, 'Acme Inc');
  assert.equal(info.timezone, 'America/New_York');
  const config = (await s.portal(typical, 'GET', '/config')).json;
  assert.equal(config.key, 'customer_portal_config');
  assert.equal(config.value.version, '1.0');
  assert.deepEqual(config.value.sections.map((x) => x.id), ['usage', 'credits', 'invoices', 'overview']);
  assert.deepEqual(config.value.sections[0].tabs[1].usage_graph.date_presets, ['today', 'last_7_days', 'last_30_days', 'current_month', 'last_month']);
  const tokyo = (await s.mint('cus-tokyo')).token;
  const tc = (await s.portal(tokyo, 'GET', '/config')).json;
  assert.match(tc.value.theme.primary_color, /^#[0-9a-f]{6}$/);
  assert.deepEqual(tc.value.sections[0].tabs[1].usage_graph.date_presets, ['today', 'current_month', 'last_month']);
  assert.equal(tc.value.sections[0].tabs[1].usage_graph.allow_custom_date_range, true);
  assert.equal((await s.portal(tokyo, 'GET', '/info')).json.timezone, 'Asia/Tokyo');
});
