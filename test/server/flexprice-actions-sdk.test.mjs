// Contract check of the Flexprice reference server's WRITE routes against Flexprice's artifacts:
// @flexprice/sdk 2.0.1 (its zod inbound schemas, read strictly with _sdk-strict.mjs as in
// flexprice-sdk.test.mjs) and the Go swagger (/work/shared/contract/flexprice-swagger.json) for
// what the SDK lacks. The portal routes themselves are in neither (contract/portal-actions.md §1):
// their bodies are checked against the DTOs they embed (WalletTransactionResponse, WalletResponse,
// CheckoutSessionResponse, types.PaymentAction, TopUpWalletRequest/CheckoutParams), key by key.
// Run: node --test test/server/flexprice-actions-sdk.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as sdk from '@flexprice/sdk/sdk/models';
import { start, RFC3339, DECIMAL } from './_helpers.mjs';
import { modelNames, strictIssues } from './_sdk-strict.mjs';

// The definitions used, excerpted (the full swagger is not vendored); re-checked below when it is at hand.
const FULL_SWAGGER = '/work/shared/contract/flexprice-swagger.json';
const SWAGGER = JSON.parse(readFileSync(new URL('./flexprice-swagger-excerpt.json', import.meta.url), 'utf8'));
const props = (name) => SWAGGER[name].properties;
const enumOf = (name) => SWAGGER[name].enum;

/** Differences kept on purpose, `Model.field` + kind → why. */
const DELIBERATE = new Map([
  ['unknown-field DtoTopUpWalletResponse.checkout_session', 'pay-first checkout is newer than SDK 2.0.1; swagger TopUpWalletResponse.checkout_session'],
  ['type AutoTopup.threshold', 'decimal strings, as the reads (flexprice-sdk.test.mjs DELIBERATE)'],
  ['type AutoTopup.amount', 'decimal strings, as the reads (flexprice-sdk.test.mjs DELIBERATE)'],
  ['unknown-field AutoTopup.cooldown', 'Go types.AutoTopup.cooldown (swagger types.AutoTopup); SDK 2.0.1 lacks it'],
]);
const names = modelNames(sdk);
const used = new Set();

function clean(schema, value, what) {
  assert.equal(schema.safeParse(value).success, true, `${what}: the SDK would throw`);
  const issues = strictIssues(schema, value, { names })
    .filter((i) => {
      const key = `${i.kind} ${i.at}`;
      if (!DELIBERATE.has(key)) return true;
      used.add(key);
      return false;
    })
    .map((i) => `${i.kind} ${i.at} ${JSON.stringify(i.got)?.slice(0, 60)}`);
  assert.deepEqual(issues, [], what);
}

/** A portal checkout session: PortalCheckoutSessionResponse, a subset of swagger CheckoutSessionResponse (+ the newest entity_creation_result). */
function checkSession(cs, what) {
  const allowed = [...props('CheckoutSessionResponse'), 'entity_creation_result'];
  assert.deepEqual(Object.keys(cs).filter((k) => !allowed.includes(k)), [], `${what} keys`);
  assert.ok(enumOf('types.CheckoutStatus').includes(cs.checkout_status), `${what} checkout_status`);
  for (const k of ['expires_at', 'completed_at', 'cancelled_at']) if (cs[k] !== undefined) assert.match(cs[k], RFC3339, `${what}.${k}`);
  if (cs.payment_action) checkAction(cs.payment_action, `${what}.payment_action`);
  if (cs.entity_creation_result) assert.ok(['created', 'failed_already_exists', 'superseded'].includes(cs.entity_creation_result.status));
}
function checkAction(action, what) {
  assert.deepEqual(Object.keys(action).sort(), props('types.PaymentAction').sort(), what);
  assert.ok(enumOf('types.PaymentActionType').includes(action.type), what);
  assert.match(action.url, /^https?:\/\//, what);
}

let s;
let token;
let wallet;
before(async () => {
  s = await start({ settleDelayMs: 0 });
  token = (await s.mint('cus-typical')).token;
  wallet = (await s.portal(token, 'POST', '/wallets', {})).json[0];
});
after(() => s.close());
const call = (method, path, body) => s.portal(token, method, path, body);

test('the swagger excerpt matches the full swagger (when present)', { skip: !existsSync(FULL_SWAGGER) && 'full swagger not present' }, () => {
  const full = JSON.parse(readFileSync(FULL_SWAGGER, 'utf8')).definitions;
  for (const [name, def] of Object.entries(SWAGGER)) {
    if (name.startsWith('_')) continue;
    if (def.properties) assert.deepEqual(def.properties, Object.keys(full[name].properties).sort(), name);
    if (def.enum) assert.deepEqual(def.enum, full[name].enum, name);
  }
});

test('the request bodies use only fields of Flexprice’s DTOs (TopUpWalletRequest, CheckoutParams)', () => {
  const topUp = { credits_to_add: '100', idempotency_key: 'k', description: 'x', checkout: { payment_provider: 'chargebee', success_url: 'https://h.test/', cancel_url: 'https://h.test/', failure_url: 'https://h.test/', idempotency_key: 'k' } };
  assert.deepEqual(Object.keys(topUp).filter((k) => !props('TopUpWalletRequest').includes(k)), []);
  // use_saved_method and entity_creation_options are the portal DTO's additions (contract §1.4), not in the admin CheckoutParams.
  assert.deepEqual(Object.keys(topUp.checkout).filter((k) => !props('CheckoutParams').includes(k)), []);
  assert.ok(enumOf('types.CheckoutStatus').includes('pending'));
});

test('top-up answers (invoiced, checkout, replay) read cleanly as DtoTopUpWalletResponse', async () => {
  const invoiced = await call('POST', `/wallets/${wallet.id}/top-up`, { credits_to_add: '100', idempotency_key: 'sdk-1' });
  assert.equal(invoiced.status, 200);
  clean(sdk.DtoTopUpWalletResponse$inboundSchema, invoiced.json, 'invoiced top-up');
  assert.match(invoiced.json.wallet_transaction.credit_amount, DECIMAL);
  const checkout = await call('POST', `/wallets/${wallet.id}/top-up`, { credits_to_add: '100', idempotency_key: 'sdk-2', checkout: {} });
  clean(sdk.DtoTopUpWalletResponse$inboundSchema, checkout.json, 'checkout top-up');
  checkSession(checkout.json.checkout_session, 'top-up checkout_session');
  const id = checkout.json.checkout_session.id;
  checkSession((await call('GET', `/checkout-sessions/${id}`)).json, 'GET /checkout-sessions/{id}');
  checkSession((await call('POST', `/checkout-sessions/${id}/cancel`, {})).json, 'cancel');
});

test('pay-invoice, auto-topup and payment-method answers', async () => {
  const invoice = (await call('POST', '/invoices', { limit: 100 })).json.items.find((i) => i.invoice_status === 'FINALIZED' && i.payment_status === 'PENDING' && Number(i.amount_remaining) > 0);
  const pay = (await call('POST', `/invoices/${invoice.id}/pay`, {})).json;
  assert.deepEqual(Object.keys(pay).sort(), ['amount', 'currency', 'invoice_id', 'payment_action', 'payment_id', 'status']);
  assert.ok(['INITIATED', 'PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED'].includes(pay.status));
  assert.match(pay.amount, DECIMAL);
  checkAction(pay.payment_action, 'pay payment_action');
  const auto = await call('PUT', `/wallets/${wallet.id}/auto-topup`, { enabled: true, threshold: '20', amount: '100', cooldown: { value: 6, unit: 'hour' } });
  clean(sdk.DtoWalletResponse$inboundSchema, auto.json, 'PUT auto-topup (WalletResponse)');
  assert.deepEqual(Object.keys(auto.json.auto_topup).filter((k) => !props('types.AutoTopup').includes(k)), [], 'auto_topup keys ⊆ swagger types.AutoTopup');
  const add = (await call('POST', '/payment-methods', { payment_provider: 'chargebee' })).json;
  assert.deepEqual(Object.keys(add).sort(), ['action', 'provider']);
  assert.ok(['redirect', 'none'].includes(add.action.type));
  const integrations = (await call('GET', '/integrations')).json;
  for (const i of integrations.payment_integrations) {
    assert.ok(['stripe', 'razorpay', 'chargebee', 'nomod', 'moyasar', 'paddle', 'whop'].includes(i.provider));
    for (const c of i.capabilities) assert.ok(['checkout', 'payment_link', 'auto_charge', 'payment_method_management', 'set_default_method'].includes(c.type));
  }
});

test('every deliberate difference is still needed', () => {
  assert.deepEqual([...DELIBERATE.keys()].filter((k) => !used.has(k)), []);
});
