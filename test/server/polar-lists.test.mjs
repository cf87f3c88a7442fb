// Polar reference server: trailing-slash routes, page/limit pagination, shapes, orders, documents, meters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPolar, UUID, POLAR_TIME } from './_polar-helpers.mjs';
import { HOSTILE } from '../../demo/server/polar/api.mjs';

let s;
const tokens = {};
before(async () => {
  s = await startPolar();
  for (const c of ['polar-typical', 'polar-empty', 'polar-many-orders', 'polar-jpy', 'polar-hostile']) tokens[c] = (await s.mint(c)).token;
});
after(() => s.close());

const MONEY_FIELDS = ['subtotal_amount', 'discount_amount', 'net_amount', 'tax_amount', 'total_amount', 'applied_balance_amount', 'due_amount', 'refunded_amount', 'refunded_tax_amount'];

test('list routes need the trailing slash (307 otherwise); detail routes have none', async () => {
  const t = tokens['polar-typical'];
  for (const list of ['orders', 'wallets', 'subscriptions', 'meters']) {
    const r = await s.portal(t, `/${list}?limit=5`);
    assert.equal(r.status, 307, list);
    assert.equal(r.headers.get('location'), `/v1/customer-portal/${list}/?limit=5`);
    assert.equal((await s.portal(t, `/${list}/`)).status, 200, list);
  }
  const order = (await s.portal(t, '/orders/?limit=1')).json.items[0];
  assert.equal((await s.portal(t, `/orders/${order.id}/`)).status, 307);
  assert.equal((await s.portal(t, `/orders/${order.id}`)).status, 200);
  assert.equal((await s.portal(t, '/customers/me/')).status, 307);
  assert.equal((await s.portal(t, '/nothing/')).status, 404);
});

test('pagination: default limit 10, limit clamped to 100, max_page = ceil(total/limit), 0 when empty', async () => {
  const t = tokens['polar-many-orders'];
  const first = await s.portal(t, '/orders/');
  assert.equal(first.json.items.length, 10);
  assert.deepEqual(first.json.pagination, { total_count: 250, max_page: 25 });
  const clamped = await s.portal(t, '/orders/?limit=500');
  assert.equal(clamped.json.items.length, 100);
  assert.deepEqual(clamped.json.pagination, { total_count: 250, max_page: 3 });
  const last = await s.portal(t, '/orders/?limit=100&page=3');
  assert.equal(last.json.items.length, 50);
  assert.deepEqual((await s.portal(t, '/orders/?limit=100&page=4')).json.items, []);
  const all = await s.all(t, '/orders/');
  assert.equal(all.length, 250);
  assert.equal(new Set(all.map((o) => o.id)).size, 250);
  // Newest first by default.
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].created_at >= all[i].created_at);
  const emptyList = await s.portal(tokens['polar-empty'], '/orders/');
  assert.deepEqual(emptyList.json, { items: [], pagination: { total_count: 0, max_page: 0 } });
});

test('422 RequestValidationError for page/limit ≤ 0 or non-integers, bad ids; PolarRequestValidationError for bad sorting', async () => {
  const t = tokens['polar-typical'];
  const zero = await s.portal(t, '/orders/?page=0');
  assert.equal(zero.status, 422);
  assert.equal(zero.json.error, 'RequestValidationError');
  assert.deepEqual(zero.json.detail[0].loc, ['query', 'page']);
  assert.equal(zero.json.detail[0].type, 'greater_than');
  const text = await s.portal(t, '/wallets/?limit=ten');
  assert.equal(text.status, 422);
  assert.equal(text.json.detail[0].type, 'int_parsing');
  assert.deepEqual(text.json.detail[0].loc, ['query', 'limit']);
  const id = await s.portal(t, '/orders/not-a-uuid');
  assert.equal(id.status, 422);
  assert.deepEqual(id.json.detail[0].loc, ['path', 'id']);
  const sort = await s.portal(t, '/orders/?sorting=invoice_number');
  assert.equal(sort.status, 422);
  assert.deepEqual(sort.json, { error: 'PolarRequestValidationError', detail: [{ loc: ['query', 'sorting'], msg: 'Invalid sorting criterion.', type: 'enum', input: 'invoice_number' }] });
  const asc = await s.portal(t, '/orders/?sorting=created_at&limit=100');
  const desc = await s.portal(t, '/orders/?limit=100');
  assert.deepEqual(asc.json.items.map((o) => o.id), desc.json.items.map((o) => o.id).reverse());
});

test('orders: drafts and voids listed, integer minor units that add up, lowercase currency, Polar datetimes, no due date', async () => {
  const orders = await s.all(tokens['polar-typical'], '/orders/');
  const statuses = new Set(orders.map((o) => o.status));
  for (const st of ['draft', 'pending', 'paid', 'refunded', 'partially_refunded', 'void']) assert.ok(statuses.has(st), st);
  for (const o of orders) {
    assert.match(o.id, UUID);
    assert.match(o.created_at, POLAR_TIME);
    assert.equal(o.currency, 'usd');
    for (const f of MONEY_FIELDS) assert.ok(Number.isSafeInteger(o[f]), `${f} is an integer`);
    assert.equal(o.net_amount, o.subtotal_amount - o.discount_amount);
    assert.equal(o.total_amount, o.net_amount + o.tax_amount);
    assert.equal(o.items.reduce((sum, i) => sum + i.amount, 0), o.subtotal_amount);
    assert.equal(o.items.reduce((sum, i) => sum + i.tax_amount, 0), o.tax_amount);
    assert.equal('due_date' in o, false);
    if (o.status === 'draft') assert.equal(o.invoice_number, null);
    else assert.match(o.invoice_number, /^ACME-\d{4}$/);
  }
  const refunded = orders.find((o) => o.status === 'refunded');
  assert.equal(refunded.refunded_amount, refunded.net_amount);
  const partial = orders.find((o) => o.status === 'partially_refunded');
  assert.ok(partial.refunded_amount > 0 && partial.refunded_amount < partial.net_amount);
  const pending = orders.find((o) => o.status === 'pending');
  assert.equal(pending.paid, false);
  assert.ok(pending.due_amount > 0);
  assert.match(pending.next_payment_attempt_at, POLAR_TIME);
  // `query` matches product names only, never invoice numbers.
  const number = orders.find((o) => o.invoice_number).invoice_number;
  assert.equal((await s.portal(tokens['polar-typical'], `/orders/?query=${number}`)).json.pagination.total_count, 0);
  assert.equal((await s.portal(tokens['polar-typical'], '/orders/?query=pro&limit=100')).json.pagination.total_count, orders.length);
});

test('order detail with line items; another customer\'s order is 404 ResourceNotFound', async () => {
  const [order] = (await s.portal(tokens['polar-typical'], '/orders/?limit=1&page=3')).json.items;
  const detail = await s.portal(tokens['polar-typical'], `/orders/${order.id}`);
  assert.equal(detail.status, 200);
  assert.deepEqual(detail.json, order);
  assert.ok(detail.json.items.length >= 2);
  for (const item of detail.json.items) {
    assert.deepEqual(Object.keys(item).sort(), [
      'amount', 'created_at', 'end_timestamp', 'id', 'label', 'modified_at', 'product_price_id', 'proration', 'start_timestamp', 'tax_amount',
    ]);
    // The period the line covers: the plan ahead, metered usage for the period just ended.
    assert.match(item.start_timestamp, POLAR_TIME);
    assert.ok(item.start_timestamp < item.end_timestamp);
  }
  const foreign = await s.portal(tokens['polar-jpy'], `/orders/${order.id}`);
  assert.equal(foreign.status, 404);
  assert.deepEqual(foreign.json, { error: 'ResourceNotFound', detail: 'Not found' });
});

test('invoice and receipt documents: presigned URL, 404 InvoiceDoesNotExist / ReceiptNotAllocated, 202 while a receipt renders', async () => {
  const t = tokens['polar-typical'];
  const orders = await s.all(t, '/orders/');
  const generated = orders.find((o) => o.is_invoice_generated);
  const inv = await s.portal(t, `/orders/${generated.id}/invoice`);
  assert.equal(inv.status, 200);
  assert.deepEqual(Object.keys(inv.json), ['url']);
  const pdf = await fetch(inv.json.url);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(Buffer.from(await pdf.arrayBuffer()).toString('latin1'), /^%PDF-1\.4[\s\S]*%%EOF\n$/);
  const notGenerated = orders.find((o) => !o.is_invoice_generated && o.status === 'paid');
  const missing = await s.portal(t, `/orders/${notGenerated.id}/invoice`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json, { error: 'InvoiceDoesNotExist', detail: `No invoice exists for order ${notGenerated.id}.` });
  const noReceipt = orders.find((o) => o.receipt_number === null && o.status !== 'draft');
  const r404 = await s.portal(t, `/orders/${noReceipt.id}/receipt`);
  assert.equal(r404.status, 404);
  assert.deepEqual(r404.json, { error: 'ReceiptNotAllocated', detail: `No receipt allocated for order ${noReceipt.id}.` });
  // The seeded "rendering" receipt answers 202 with an empty body once, then its URL.
  const withReceipt = orders.filter((o) => o.receipt_number && !o.is_invoice_generated);
  const answers = [];
  for (const o of withReceipt) answers.push((await s.portal(t, `/orders/${o.id}/receipt`)).status);
  assert.ok(answers.includes(202), 'one receipt is still rendering');
  const rendering = withReceipt[answers.indexOf(202)];
  const again = await s.portal(t, `/orders/${rendering.id}/receipt`);
  assert.equal(again.status, 200);
  assert.equal((await fetch(again.json.url)).headers.get('content-type'), 'application/pdf');
});

test('wallets, active subscriptions with meters, customer meters: consistent units and costs', async () => {
  const t = tokens['polar-typical'];
  const wallets = (await s.portal(t, '/wallets/')).json;
  assert.equal(wallets.items.length, 1);
  assert.deepEqual(Object.keys(wallets.items[0]).sort(), ['balance', 'created_at', 'currency', 'customer_id', 'id', 'modified_at']);
  assert.ok(Number.isSafeInteger(wallets.items[0].balance));
  const wallet = await s.portal(t, `/wallets/${wallets.items[0].id}`);
  assert.deepEqual(wallet.json, wallets.items[0]);
  const all = (await s.portal(t, '/subscriptions/')).json.items;
  assert.deepEqual(all.map((x) => x.status).sort(), ['active', 'canceled', 'trialing']);
  const active = (await s.portal(t, '/subscriptions/?active=true')).json.items;
  assert.deepEqual(active.map((x) => x.status).sort(), ['active', 'trialing']);
  const pro = active.find((x) => x.status === 'active');
  assert.equal(pro.product.name, 'Pro');
  assert.equal(pro.meters.length, 3);
  const meters = (await s.portal(t, '/meters/')).json.items;
  assert.equal(meters.length, 3);
  for (const m of meters) {
    assert.equal(m.balance, m.credited_units - m.consumed_units);
    const sm = pro.meters.find((x) => x.meter_id === m.meter_id);
    assert.equal(sm.consumed_units, m.consumed_units);
    const price = pro.prices.find((p) => p.meter_id === m.meter_id);
    assert.equal(typeof price.unit_amount, 'string', 'metered unit prices are Decimal strings');
    assert.equal(sm.amount, Math.max(0, Math.round((m.consumed_units - m.credited_units) * Number(price.unit_amount))));
  }
  assert.ok(pro.meters.some((m) => m.amount > 0), 'some usage costs money');
  const one = await s.portal(t, `/meters/${meters[0].id}`);
  assert.deepEqual(one.json, meters[0]);
  const sub = await s.portal(t, `/subscriptions/${pro.id}`);
  assert.deepEqual(sub.json, pro);
  const empty = tokens['polar-empty'];
  for (const path of ['/wallets/', '/subscriptions/', '/meters/', '/orders/']) {
    assert.deepEqual((await s.portal(empty, path)).json, { items: [], pagination: { total_count: 0, max_page: 0 } }, path);
  }
});

test('zero-decimal currency: JPY amounts in whole yen, lowercase jpy everywhere', async () => {
  const t = tokens['polar-jpy'];
  const orders = await s.all(t, '/orders/');
  assert.equal(orders.length, 6);
  for (const o of orders) {
    assert.equal(o.currency, 'jpy');
    for (const f of MONEY_FIELDS) assert.ok(Number.isSafeInteger(o[f]));
  }
  const paid = orders.find((o) => o.status === 'paid');
  assert.equal(paid.items[0].amount, 3000, '¥3,000 is 3000, not 300000');
  assert.equal((await s.portal(t, '/wallets/')).json.items[0].currency, 'jpy');
  assert.equal((await s.portal(t, '/wallets/')).json.items[0].balance, 1200);
});

test('hostile strings arrive verbatim in every user-visible field; unsafe document URLs are served as-is', async () => {
  const t = tokens['polar-hostile'];
  const me = (await s.portal(t, '/customers/me')).json;
  assert.equal(me.name, HOSTILE.html);
  assert.equal(me.email, `${HOSTILE.script}@x.example`);
  assert.equal(me.billing_name, HOSTILE.template);
  assert.equal(me.billing_address.line2, HOSTILE.rtl);
  const orders = (await s.portal(t, '/orders/?limit=100')).json.items;
  assert.ok(orders.some((o) => o.invoice_number === HOSTILE.rtl));
  assert.ok(orders.every((o) => o.items.every((i) => i.label.startsWith(HOSTILE.script))));
  const sub = (await s.portal(t, '/subscriptions/')).json.items[0];
  assert.equal(sub.product.name, HOSTILE.script);
  assert.equal(sub.product.description, HOSTILE.html);
  assert.equal(sub.meters[0].meter.name, HOSTILE.template);
  assert.equal((await s.portal(t, '/meters/')).json.items[0].meter.name, HOSTILE.template);
  const withBadInvoice = orders.find((o) => o.is_invoice_generated);
  assert.equal((await s.portal(t, `/orders/${withBadInvoice.id}/invoice`)).json.url, HOSTILE.js);
  const dataReceipt = orders[1];
  assert.match((await s.portal(t, `/orders/${dataReceipt.id}/receipt`)).json.url, /^data:text\/html/);
});
