// Contract check of the Polar reference server's WRITE routes against Polar's SDK
// (@polar-sh/sdk 0.48.1 installed as `polar-sdk-zod`, its zod schemas): each request body the
// element would send parses with the SDK's request model, each answer (success and error
// bodies) with the model the SDK reads it as. Where the SDK and the newer server source
// (contract/portal-actions.md §2) disagree, the contract wins and the case says so.
// Run: node --test test/server/polar-actions-sdk.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPolar } from './_polar-helpers.mjs';

const zod = async (kind, model, dir = 'inbound') => (await import(`polar-sdk-zod/models/${kind}/${model.toLowerCase()}.js`))[`${model}$${dir}Schema`];
const camel = (v) =>
  Array.isArray(v) ? v.map(camel) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (m, c) => c.toUpperCase()), camel(x)])) : v;

let s;
let token;
before(async () => {
  s = await startPolar();
  token = (await s.mint('polar-typical')).token;
});
after(() => s.close());

const send = (method, path, body, t = token) =>
  s.portal(t, path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Parses `value` with the SDK model; fails with the SDK's issues. */
async function parses(kind, model, value, what) {
  const schema = await zod(kind, model);
  assert.ok(schema, `polar-sdk-zod has ${model}`);
  const parsed = schema.safeParse(value);
  assert.equal(parsed.success, true, `${what} as ${model}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
}

/** An error answer as the SDK's error class reads it (the HTTP exchange included). */
async function errorParses(model, answer, what) {
  const input = { ...answer.json, request$: new Request('https://x.test'), response$: new Response(answer.text, { status: answer.status }), body$: answer.text };
  await parses('errors', model, input, what);
}

/** A request body is what the SDK sends for its request model: its outbound schema writes exactly this JSON. */
async function sdkSends(model, body) {
  const schema = await zod('components', model, 'outbound');
  assert.ok(schema, `polar-sdk-zod has ${model}`);
  const parsed = schema.safeParse(camel(body));
  assert.equal(parsed.success, true, `${model}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  const written = JSON.parse(JSON.stringify(parsed.data));
  for (const [k, v] of Object.entries(body)) {
    if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) assert.deepEqual(written[k]?.[k2], v2, `${model}.${k}.${k2}`);
    else assert.deepEqual(written[k], v, `${model}.${k}`);
  }
}

test('request bodies are what the SDK’s request models send', async () => {
  await sdkSends('CustomerPortalCustomerUpdate', { billing_name: 'New Ltd', billing_address: { line1: '1 Rue X', postal_code: '75001', city: 'Paris', country: 'FR' }, tax_id: 'FR12345678901' });
  await sdkSends('CustomerPortalCustomerUpdate', { default_payment_method_id: '00000000-0000-4000-8000-000000000000' });
  await sdkSends('CustomerSubscriptionCancel', { cancel_at_period_end: true, cancellation_reason: 'too_expensive', cancellation_comment: 'x' });
  await sdkSends('CustomerSubscriptionCancel', { cancel_at_period_end: false });
  await sdkSends('CustomerOrderConfirmPayment', { payment_method_id: '00000000-0000-4000-8000-000000000000' });
});

test('success answers parse as the SDK’s models', async () => {
  s.polar.api.reset();
  const me = await send('PATCH', '/customers/me', { billing_name: 'New Ltd', tax_id: 'GB123456789' });
  assert.equal(me.status, 200);
  await parses('components', 'CustomerPortalCustomer', me.json, 'PATCH /customers/me');
  const cards = await send('GET', '/customers/me/payment-methods');
  await parses('components', 'ListResourceCustomerPaymentMethod', cards.json, 'GET /customers/me/payment-methods');
  const sub = (await s.portal(token, '/subscriptions/?active=true')).json.items.find((x) => !x.cancel_at_period_end);
  const cancelled = await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true, cancellation_reason: 'unused' });
  await parses('components', 'CustomerSubscription', cancelled.json, 'PATCH /subscriptions/{id} cancel');
  await parses('components', 'CustomerSubscription', (await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: false })).json, 'resume');
  const order = (await s.all(token, '/orders/')).find((o) => o.status === 'pending');
  const pay = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards.json.items[2].id });
  await parses('components', 'CustomerOrderPaymentConfirmation', pay.json, 'confirm-payment (failed)');
  const ok = await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards.json.items[0].id });
  await parses('components', 'CustomerOrderPaymentConfirmation', ok.json, 'confirm-payment (succeeded)');
  await parses('components', 'CustomerOrder', (await s.portal(token, `/orders/${order.id}`)).json, 'the paid order');
});

test('error answers parse as the SDK’s error models', async () => {
  s.polar.api.reset();
  const sub = (await s.portal(token, '/subscriptions/?active=true')).json.items.find((x) => !x.cancel_at_period_end);
  await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true });
  await errorParses('AlreadyCanceledSubscription', await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: true }), 'second cancel');
  const cards = (await send('GET', '/customers/me/payment-methods')).json.items;
  await send('PATCH', `/subscriptions/${sub.id}`, { cancel_at_period_end: false });
  await errorParses('PaymentMethodInUseByActiveSubscription', await send('DELETE', `/customers/me/payment-methods/${cards[0].id}`), 'remove the default');
  await errorParses('ResourceNotFound', await send('DELETE', '/customers/me/payment-methods/00000000-0000-4000-8000-000000000000'), 'remove unknown');
  await errorParses('HTTPValidationError', await send('PATCH', '/customers/me', { billing_address: { country: 'ZZZ' } }), '422 list');
  const member = (await s.mint('polar-member')).token;
  await errorParses('NotPermitted', await send('PATCH', '/customers/me', { billing_name: 'x' }, member), 'member');
  const order = (await s.all(token, '/orders/')).find((o) => o.status === 'pending');
  for (let i = 0; i < 5; i++) await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[2].id });
  await errorParses('ManualRetryLimitExceeded', await send('POST', `/orders/${order.id}/confirm-payment`, { payment_method_id: cards[0].id }), 'retry cap');
  const paid = (await s.all(token, '/orders/')).find((o) => o.status === 'paid');
  await errorParses('OrderNotEligibleForRetry', await send('POST', `/orders/${paid.id}/confirm-payment`, { payment_method_id: cards[0].id }), 'paid order');
  s.polar.api.patchCustomer('polar-typical', (c) => {
    for (const o of c.orders) o.billing_name = null;
  });
  await errorParses('MissingInvoiceBillingDetails', await send('POST', `/orders/${paid.id}/invoice`), 'no billing name');
});
