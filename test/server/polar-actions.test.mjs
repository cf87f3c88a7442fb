// The Polar reference server's write actions (contract/portal-actions.md §2) over real HTTP:
// billing details, payment methods, cancel / resume at period end, retry a failed payment,
// generate an invoice (202 then ready on poll), member sessions without a billing role (403),
// the write log and the write fault switches.
// Run: node --test test/server/polar-actions.test.mjs
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPolar } from './_polar-helpers.mjs';

let s;
let token;
before(async () => {
  s = await startPolar();
});
after(() => s.close());
beforeEach(async () => {
  s.polar.api.reset();
  token = (await s.mint('polar-typical')).token;
});

const send = (method, path, body, t = token) =>
  s.portal(t, path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
const patchMe = (body, t) => send('PATCH', '/customers/me', body, t);
const detailOf = (r) => (Array.isArray(r.json.detail) ? r.json.detail.map((d) => [d.loc.join('.'), d.msg]) : r.json.detail);
const activeSub = async (t = token) => (await s.portal(t, '/subscriptions/?active=true')).json.items.find((x) => !x.cancel_at_period_end && x.status === 'active');
const qa = async (path, method = 'GET') => (await fetch(`${s.polar.url}/__qa/${path}`, { method })).json();

describe('polar actions: PATCH /customers/me', () => {
  it('updates billing name, address (country upper-cased) and tax id, and answers the customer', async () => {
    const r = await patchMe({ billing_name: 'New Ltd', billing_address: { line1: '1 Rue X', postal_code: '75001', city: 'Paris', country: 'fr' }, tax_id: 'FR12345678901' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.billing_name, 'New Ltd');
    assert.deepEqual(r.json.billing_address, { line1: '1 Rue X', line2: null, postal_code: '75001', city: 'Paris', state: null, country: 'FR' });
    assert.deepEqual(r.json.tax_id, ['FR12345678901', 'eu_vat']);
    assert.deepEqual((await s.portal(token, '/customers/me')).json.tax_id, ['FR12345678901', 'eu_vat']);
    assert.equal((await patchMe({ tax_id: '' })).json.tax_id, null, '"" clears the tax id');
  });

  it('answers Polar’s 422 list for each rule', async () => {
    const cases = [
      [{ tax_id: 'GB999' }, 'PolarRequestValidationError', [['body.tax_id', 'Invalid tax ID.']]],
      [{ billing_address: null }, 'PolarRequestValidationError', [['body.billing_address', 'Customer billing address cannot be reset to null once set.']]],
      [{ billing_name: null }, 'PolarRequestValidationError', [['body.billing_name', 'Billing name cannot be cleared.']]],
      [{ default_payment_method_id: null }, 'PolarRequestValidationError', [['body.default_payment_method_id', 'Default payment method cannot be reset to null.']]],
      [{ default_payment_method_id: '00000000-0000-4000-8000-000000000000' }, 'PolarRequestValidationError', [['body.default_payment_method_id', 'Payment method not found.']]],
      [{ billing_address: { line1: 'x', country: 'ZZZ' } }, 'RequestValidationError', [['body.billing_address.country', 'Input should be a valid ISO 3166-1 alpha-2 country code']]],
      [{ billing_address: { line1: 'x', country: 'US' } }, 'PolarRequestValidationError', [['body.tax_id', 'Invalid tax ID.']]],
    ];
    for (const [body, error, detail] of cases) {
      const r = await patchMe(body);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.equal(r.json.error, error, JSON.stringify(body));
      assert.deepEqual(detailOf(r), detail, JSON.stringify(body));
    }
    const noCountry = (await s.mint('polar-empty')).token;
    const r = await patchMe({ tax_id: 'GB123456789' }, noCountry);
    assert.deepEqual([r.status, detailOf(r)], [422, [['body.tax_id', 'Country is required to validate tax ID.']]]);
    assert.equal((await patchMe('{')).json.detail[0].type, 'json_invalid');
    // Nothing of a refused update was stored.
    assert.equal((await s.portal(token, '/customers/me')).json.billing_name, 'Analytical Engines Ltd');
  });
});

describe('polar actions: payment methods', () => {
  it('lists cards, sets the default through PATCH /customers/me, removes a card (204), 404 on repeat', async () => {
    const list = await send('GET', '/customers/me/payment-methods');
    assert.equal(list.status, 200);
    const cards = list.json.items;
    assert.deepEqual(cards.map((c) => c.method_metadata.last4), ['4242', '4444', '0002', '3155']);
    assert.equal(cards[0].processor, 'stripe');
    const set = await patchMe({ default_payment_method_id: cards[1].id });
    assert.equal(set.json.default_payment_method_id, cards[1].id);
    const del = await send('DELETE', `/customers/me/payment-methods/${cards[2].id}`);
    assert.deepEqual([del.status, del.text], [204, '']);
    assert.equal((await send('DELETE', `/customers/me/payment-methods/${cards[2].id}`)).json.error, 'ResourceNotFound');
    assert.equal((await send('GET', '/customers/me/payment-methods')).json.items.length, 3);
  });

  it('refuses to remove the default card while a subscription renews (400)', async () => {
    const cards = (await send('GET', '/customers/me/payment-methods')).json.items;
    const r = await send('DELETE', `/customers/me/payment-methods/${cards[0].id}`);
    assert.deepEqual([r.status, r.json.error], [400, 'PaymentMethodInUseByActiveSubscription']);
  });
});

describe('polar actions: PATCH /subscriptions/{id}', () => {
  it('cancels at period end (with a reason), refuses a second cancel (403), resumes with false', async () => {
    const sub = await activeSub();
    const r = await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true, cancellation_reason: 'too_expensive', cancellation_comment: 'budget' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.cancel_at_period_end, r.json.ends_at, r.json.customer_cancellation_reason], [true, sub.current_period_end, 'too_expensive']);
    assert.equal(r.json.status, 'active', 'still active until the period ends');
    const again = await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    assert.deepEqual([again.status, again.json.error], [403, 'AlreadyCanceledSubscription']);
    const resumed = await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: false });
    assert.deepEqual([resumed.status, resumed.json.cancel_at_period_end, resumed.json.ends_at], [200, false, null]);
    assert.equal((await s.portal(token, `/subscriptions/${sub.id}`)).json.cancel_at_period_end, false);
  });

  it('validates the body: one shape, a known reason; {} and null are no-ops; resume without a card is 409', async () => {
    const sub = await activeSub();
    assert.equal((await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true, seats: 2 })).status, 422);
    assert.equal((await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true, cancellation_reason: 'bored' })).status, 422);
    assert.equal((await send('PATCH', `/subscriptions/${sub.id}`, {})).json.cancel_at_period_end, false);
    assert.equal((await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: null })).json.cancel_at_period_end, false);
    await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    s.polar.api.patchCustomer('polar-typical', (c) => {
      c.paymentMethods = [];
    });
    const r = await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: false });
    assert.deepEqual([r.status, r.json.error], [409, 'PaymentMethodRequired']);
    assert.equal((await send('PATCH', '/subscriptions/00000000-0000-4000-8000-000000000000', { cancel_at_period_end: true })).status, 404);
  });
});

describe('polar actions: orders', () => {
  const failedOrder = async () => (await s.all(token, '/orders/')).find((o) => o.status === 'pending');

  it('confirm-payment with a saved card pays the failed order; a paid order is not eligible (422)', async () => {
    const order = await failedOrder();
    const cards = (await send('GET', '/customers/me/payment-methods')).json.items;
    const r = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[0].id });
    assert.deepEqual([r.status, r.json], [200, { status: 'succeeded', client_secret: null, error: null }]);
    const paid = (await s.portal(token, `/orders/${order.id}`)).json;
    assert.deepEqual([paid.status, paid.paid, paid.due_amount], ['paid', true, 0]);
    const again = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[0].id });
    assert.deepEqual([again.status, again.json.error], [422, 'OrderNotEligibleForRetry']);
  });

  it('a declining card fails; after 5 attempts a JSON 429 ManualRetryLimitExceeded; 3-D Secure then 409 in progress', async () => {
    const order = await failedOrder();
    const cards = (await send('GET', '/customers/me/payment-methods')).json.items;
    for (let i = 0; i < 5; i++) {
      const r = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[2].id });
      assert.deepEqual([r.status, r.json.status, r.json.error], [200, 'failed', 'Your card was declined.']);
    }
    const capped = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[0].id });
    assert.deepEqual([capped.status, capped.json.error], [429, 'ManualRetryLimitExceeded']);
    s.polar.api.reset();
    token = (await s.mint('polar-typical')).token;
    const fresh = await failedOrder();
    const three = await send('POST', `/orders/${fresh.id}/confirm-payment`, { payment_method_id: cards[3].id });
    assert.equal(three.json.status, 'requires_action');
    assert.ok(three.json.client_secret);
    const busy = await send('POST', `/orders/${fresh.id}/confirm-payment`, { payment_method_id: cards[0].id });
    assert.deepEqual([busy.status, busy.json.error], [409, 'PaymentAlreadyInProgress']);
    assert.equal((await send('POST', `/orders/${fresh.id}/confirm-payment`, { payment_method_id: cards[0].id, confirmation_token_id: 'ctoken_x' })).status, 422);
  });

  it('POST /orders/{id}/invoice answers 202, the invoice is there on a later poll; drafts 409; no billing details 422', async () => {
    const orders = await s.all(token, '/orders/');
    const order = orders.find((o) => o.status === 'paid' && !o.is_invoice_generated);
    assert.equal((await s.portal(token, `/orders/${order.id}/invoice`)).json.error, 'InvoiceDoesNotExist');
    const r = await send('POST', `/orders/${order.id}/invoice`);
    assert.deepEqual([r.status, r.text], [202, '']);
    assert.equal((await s.portal(token, `/orders/${order.id}/invoice`)).status, 404, 'still rendering on the first poll');
    const ready = await s.portal(token, `/orders/${order.id}/invoice`);
    assert.equal(ready.status, 200);
    assert.match(ready.json.url, /\/__files\/invoices\//);
    const draft = orders.find((o) => o.status === 'draft');
    assert.deepEqual(await send('POST', `/orders/${draft.id}/invoice`).then((x) => [x.status, x.json.error]), [409, 'OrderNotEligibleForInvoice']);
    s.polar.api.patchCustomer('polar-typical', (c) => {
      for (const o of c.orders) o.billing_address = null;
    });
    assert.deepEqual(await send('POST', `/orders/${order.id}/invoice`).then((x) => [x.status, x.json.error]), [422, 'MissingInvoiceBillingDetails']);
  });
});

describe('polar actions: member sessions', () => {
  it('a member without a billing role gets 403 NotPermitted on every billing write; a billing manager may write', async () => {
    const member = (await s.mint('polar-member')).token;
    const sub = (await s.portal(member, '/subscriptions/')).json.items[0];
    const writes = [
      ['PATCH', '/customers/me', { billing_name: 'X' }],
      ['GET', '/customers/me/payment-methods'],
      ['DELETE', '/customers/me/payment-methods/00000000-0000-4000-8000-000000000000'],
      ['PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true }],
    ];
    for (const [method, path, body] of writes) {
      const r = await send(method, path, body, member);
      assert.deepEqual([r.status, r.json.error, r.json.detail], [403, 'NotPermitted', 'Only owners and billing managers can access billing features.'], `${method} ${path}`);
    }
    assert.equal((await s.portal(member, `/subscriptions/${sub.id}`)).json.cancel_at_period_end, false);
    s.polar.api.patchCustomer('polar-member', (c) => {
      c.member.role = 'billing_manager';
    });
    assert.equal((await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true }, member)).status, 200);
  });
});

describe('polar actions: write log and write faults', () => {
  it('records every write-route request with its status, never the reads; resettable', async () => {
    const sub = await activeSub();
    await s.portal(token, '/orders/?limit=3');
    await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    const log = await qa('writes');
    assert.deepEqual(log.map((e) => [e.method, e.status, e.applied]), [['PATCH', 200, true], ['PATCH', 403, false]]);
    assert.equal(s.polar.api.writes.length, 2);
    await qa('writes/reset', 'POST');
    assert.deepEqual(await qa('writes'), []);
  });

  it('writesOnly faults the writes alone; dropAfterWrite applies the write and loses the answer', async () => {
    const sub = await activeSub();
    s.polar.api.setFaults({ status: 503, writesOnly: true });
    assert.equal((await s.portal(token, '/customers/me')).status, 200);
    assert.equal((await patchMe({ billing_name: 'Y' })).status, 503);
    s.polar.api.setFaults({ dropAfterWrite: true });
    await assert.rejects(send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true }));
    s.polar.api.setFaults({});
    assert.equal((await s.portal(token, `/subscriptions/${sub.id}`)).json.cancel_at_period_end, true, 'the write happened');
  });
});
