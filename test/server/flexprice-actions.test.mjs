// The Flexprice reference server's write actions (contract/portal-actions.md §1) over real HTTP:
// capability discovery, top-up (invoiced and hosted checkout, idempotent replay, in-flight guard),
// pay an invoice, auto top-up, checkout sessions, payment methods, the hosted pages and their
// delayed "webhook", the write log, and the write fault switches.
// Run: node --test test/server/flexprice-actions.test.mjs
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { start, decSum } from './_helpers.mjs';

let s;
let token;
before(async () => {
  s = await start({ settleDelayMs: 0 });
});
after(() => s.close());
beforeEach(async () => {
  s.api.reset();
  s.api.setSettleDelay(0);
  token = (await s.mint('cus-typical')).token;
});

const call = (method, path, body, t = token) => s.portal(t, method, path, body);
const wallet = async () => (await call('POST', '/wallets', {})).json[0];
const qa = async (path, body) => {
  const res = await fetch(`${s.url}/__qa/${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};
const payableInvoice = async (t = token) => (await call('POST', '/invoices', { limit: 100 }, t)).json.items.find((i) => i.invoice_status === 'FINALIZED' && ['PENDING', 'FAILED'].includes(i.payment_status) && Number(i.amount_remaining) > 0);
const expectError = (r, status, code, message) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.code, code);
  assert.equal(r.json.http_status_code, status);
  if (message) assert.match(r.json.message, message);
};

describe('flexprice actions: GET /integrations', () => {
  it('names the published providers and their capabilities', async () => {
    const r = await call('GET', '/integrations');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.payment_integrations.map((i) => i.provider), ['chargebee']);
    assert.deepEqual(r.json.payment_integrations[0].capabilities.map((c) => c.type), ['checkout', 'payment_link', 'auto_charge', 'payment_method_management', 'set_default_method']);
  });

  it('is empty for a customer whose environment has no provider; two providers for Tokyo', async () => {
    const empty = (await s.mint('cus-empty')).token;
    assert.deepEqual((await call('GET', '/integrations', undefined, empty)).json, { payment_integrations: [] });
    const tokyo = (await s.mint('cus-tokyo')).token;
    assert.deepEqual((await call('GET', '/integrations', undefined, tokyo)).json.payment_integrations.map((i) => i.provider), ['chargebee', 'razorpay']);
  });

  it('the notDeployed switch answers gin’s plain-text 404 on every payment route, reads untouched', async () => {
    s.api.setFaults({ notDeployed: true });
    const w = await wallet();
    for (const [method, path, body] of [['GET', '/integrations'], ['POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100' }], ['GET', '/payment-methods'], ['POST', '/payment-methods/default', {}]]) {
      const r = await call(method, path, body);
      assert.deepEqual([r.status, r.text], [404, '404 page not found'], `${method} ${path}`);
    }
    assert.equal((await call('GET', '/info')).status, 200);
  });

  it('needs the session token like every portal route', async () => {
    assert.equal((await call('GET', '/integrations', undefined, null)).status, 401);
  });
});

describe('flexprice actions: POST /wallets/{id}/top-up', () => {
  it('invoiced (no checkout): a pending transaction and a finalized invoice; the balance does not move', async () => {
    const w = await wallet();
    const r = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'inv-1' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.checkout_session, undefined);
    assert.deepEqual(
      [r.json.wallet_transaction.transaction_status, r.json.wallet_transaction.credit_amount, r.json.wallet_transaction.amount, r.json.wallet_transaction.transaction_reason, r.json.wallet_transaction.idempotency_key],
      ['pending', '100', '10', 'PURCHASED_CREDIT_INVOICED', 'inv-1'],
    );
    assert.equal((await wallet()).credit_balance, w.credit_balance);
    const invoice = (await call('GET', `/invoices/${r.json.invoice_id}`)).json;
    assert.deepEqual([invoice.invoice_type, invoice.invoice_status, invoice.payment_status, invoice.amount_due], ['CREDIT', 'FINALIZED', 'PENDING', '10']);
    const txs = (await call('GET', `/wallets/${w.id}/transactions`)).json.items;
    assert.equal(txs[0].id, r.json.wallet_transaction.id);
  });

  it('paying the invoiced top-up’s invoice lands its credits', async () => {
    const w = await wallet();
    const top = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'inv-2' })).json;
    const pay = (await call('POST', `/invoices/${top.invoice_id}/pay`, {})).json;
    assert.equal((await qa(`checkout/${pay.payment_id}/complete`, {})).status, 200);
    assert.equal((await wallet()).credit_balance, decSum([w.credit_balance, '100']));
    assert.equal((await call('GET', `/invoices/${top.invoice_id}`)).json.payment_status, 'SUCCEEDED');
  });

  it('replays the same idempotency key with the same body: the same answer, one charge', async () => {
    const w = await wallet();
    const body = { credits_to_add: '100', idempotency_key: 'same', checkout: {} };
    const first = await call('POST', `/wallets/${w.id}/top-up`, body);
    const again = await call('POST', `/wallets/${w.id}/top-up`, body);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    const pending = (await call('GET', `/wallets/${w.id}/transactions`)).json.items.filter((t) => t.transaction_status === 'pending');
    assert.equal(pending.length, 1);
    assert.equal((await qa('checkout')).json.length, 1);
    // Completing it credits once.
    await qa(`checkout/${first.json.checkout_session.id}/complete`, {});
    assert.equal((await call('POST', `/wallets/${w.id}/top-up`, body)).json.wallet_transaction.id, first.json.wallet_transaction.id);
    assert.equal((await wallet()).credit_balance, decSum([w.credit_balance, '100']));
  });

  it('the same key with a different body is 409 already_exists; without a key every request is a new top-up', async () => {
    const w = await wallet();
    await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'k' });
    expectError(await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '200', idempotency_key: 'k' }), 409, 'already_exists');
    const a = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100' });
    const b = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100' });
    assert.notEqual(a.json.wallet_transaction.id, b.json.wallet_transaction.id);
  });

  it('refuses a zero, negative or non-decimal amount, one below the minimum, a bad body and a foreign wallet', async () => {
    const w = await wallet();
    for (const credits of ['0', '-5']) expectError(await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: credits, idempotency_key: 'x' }), 400, 'validation_error', /greater than zero/);
    expectError(await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: 'ten' }), 400, 'validation_error');
    const low = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '10', idempotency_key: 'low' });
    expectError(low, 400, 'validation_error', /^Minimum top-up for USD is 5$/);
    assert.deepEqual(low.json.details, { currency: 'usd', minimum_amount: '5', amount: '1' });
    expectError(await call('POST', `/wallets/${w.id}/top-up`, '{'), 400, 'validation_error');
    const other = (await s.mint('cus-multi-wallet')).token;
    const foreign = (await call('POST', '/wallets', {}, other)).json[0].id;
    expectError(await call('POST', `/wallets/${foreign}/top-up`, { credits_to_add: '100' }), 404, 'not_found', /does not belong/);
  });

  it('checkout: a pending session with a hosted page; completion is terminal at once, the credits come with the webhook', async () => {
    s.api.setSettleDelay(150);
    const w = (await call('GET', `/wallets/${(await wallet()).id}`)).json;
    const r = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '250', idempotency_key: 'co-1', checkout: { success_url: 'https://host.test/billing', cancel_url: 'https://host.test/billing' } });
    const cs = r.json.checkout_session;
    assert.deepEqual([cs.checkout_status, cs.payment_provider, cs.payment_action.type, cs.entity_creation_result.status], ['pending', 'chargebee', 'checkout_url', 'created']);
    assert.match(cs.payment_action.url, new RegExp(`^${s.url}/__checkout/cs_`));
    assert.equal((await call('GET', `/invoices/${r.json.invoice_id}`)).json.invoice_status, 'DRAFT');

    const pageRes = await fetch(cs.payment_action.url);
    const html = await pageRes.text();
    assert.equal(pageRes.status, 200);
    assert.match(pageRes.headers.get('content-security-policy'), /default-src 'none'; form-action 'self'/);
    assert.match(html, /Buy 250 credits for <strong>25 USD<\/strong>/);
    assert.match(html, /<form method="post" action="\/__checkout\/cs_[^"]+\/pay"><button type="submit">Pay<\/button>/);
    assert.doesNotMatch(html, /<script|style=/);

    const paid = await fetch(`${cs.payment_action.url}/pay`, { method: 'POST', redirect: 'manual' });
    assert.deepEqual([paid.status, paid.headers.get('location')], [303, 'https://host.test/billing']);
    const now = (await call('GET', `/checkout-sessions/${cs.id}`)).json;
    assert.equal(now.checkout_status, 'completed');
    assert.equal(now.payment_action, undefined);
    assert.equal(now.checkout_invoice_id, r.json.invoice_id);
    assert.equal((await wallet()).credit_balance, w.credit_balance, 'no credit before the webhook');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const credited = (await call('GET', `/wallets/${w.id}`)).json;
    assert.equal(credited.credit_balance, decSum([w.credit_balance, '250']));
    assert.equal(credited.real_time_credit_balance, decSum([w.real_time_credit_balance, '250']));
    const tx = (await call('GET', `/wallets/${w.id}/transactions`)).json.items.find((t) => t.id === r.json.wallet_transaction.id);
    assert.deepEqual([tx.transaction_status, tx.credit_balance_after], ['completed', credited.credit_balance]);
    const invoice = (await call('GET', `/invoices/${r.json.invoice_id}`)).json;
    assert.deepEqual([invoice.invoice_status, invoice.payment_status, invoice.amount_remaining], ['FINALIZED', 'SUCCEEDED', '0']);
    // The page of a finished checkout says so and cannot be paid twice.
    assert.match(await (await fetch(cs.payment_action.url)).text(), /This checkout is completed/);
    assert.equal((await fetch(`${cs.payment_action.url}/pay`, { method: 'POST' })).status, 409);
  });

  it('a top-up in flight: the blocking session with failed_already_exists; supersede replaces it', async () => {
    const w = await wallet();
    const first = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'a', checkout: {} })).json.checkout_session;
    const blocked = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '200', idempotency_key: 'b', checkout: {} });
    assert.equal(blocked.status, 200);
    assert.equal(blocked.json.wallet_transaction, undefined);
    assert.deepEqual(blocked.json.checkout_session.entity_creation_result, { status: 'failed_already_exists', entity_id: first.id });
    const opts = { entity_creation_options: { entity_creation_conflict_policies: { on_existing_entity: 'supersede' } } };
    const next = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '200', idempotency_key: 'b', checkout: opts })).json;
    assert.equal(next.checkout_session.entity_creation_result.status, 'superseded');
    assert.equal((await call('GET', `/checkout-sessions/${first.id}`)).json.checkout_status, 'expired');
  });

  it('use_saved_method with a chargeable default card completes without a payment_action', async () => {
    const w = await wallet();
    const r = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'saved', checkout: { use_saved_method: true } })).json;
    assert.equal(r.checkout_session.checkout_status, 'completed');
    assert.equal(r.checkout_session.payment_action, undefined);
    assert.equal((await wallet()).credit_balance, decSum([w.credit_balance, '100']));
  });

  it('provider resolution: ambiguous with two providers, a named one must be connected and capable', async () => {
    const tokyo = (await s.mint('cus-tokyo')).token;
    const w = (await call('POST', '/wallets', {}, tokyo)).json[0];
    expectError(await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '1000', checkout: {} }, tokyo), 400, 'validation_error', /Specify which payment provider/);
    assert.equal((await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '1000', checkout: { payment_provider: 'razorpay' } }, tokyo)).json.checkout_session.payment_provider, 'razorpay');
    expectError(await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '1000', checkout: { payment_provider: 'stripe' } }, tokyo), 400, 'validation_error', /not connected/);
    const empty = (await s.mint('cus-empty')).token;
    const ew = (await call('POST', '/wallets', {}, empty)).json[0];
    if (ew) expectError(await call('POST', `/wallets/${ew.id}/top-up`, { credits_to_add: '1000', checkout: {} }, empty), 400, 'invalid_operation');
  });
});

describe('flexprice actions: checkout sessions', () => {
  it('cancel marks a pending session expired (idempotent); a completed one cannot be cancelled; other customers get 404', async () => {
    const w = await wallet();
    const a = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'c1', checkout: {} })).json;
    const cancelled = await call('POST', `/checkout-sessions/${a.checkout_session.id}/cancel`, {});
    assert.deepEqual([cancelled.status, cancelled.json.checkout_status], [200, 'expired']);
    assert.ok(cancelled.json.cancelled_at);
    assert.equal((await call('POST', `/checkout-sessions/${a.checkout_session.id}/cancel`, {})).json.checkout_status, 'expired');
    assert.equal((await call('GET', `/invoices/${a.invoice_id}`)).json.invoice_status, 'VOIDED');
    const b = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'c2', checkout: {} })).json;
    await qa(`checkout/${b.checkout_session.id}/complete`, {});
    expectError(await call('POST', `/checkout-sessions/${b.checkout_session.id}/cancel`, {}), 400, 'validation_error', /completed session cannot be cancelled/);
    const other = (await s.mint('cus-eur')).token;
    expectError(await call('GET', `/checkout-sessions/${b.checkout_session.id}`, undefined, other), 404, 'not_found');
  });

  it('a session expires after 30 minutes; the hosted Cancel button and the QA fail end it too', async () => {
    const w = await wallet();
    const a = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'e1', checkout: { cancel_url: 'https://host.test/b' } })).json.checkout_session;
    const cancel = await fetch(`${a.payment_action.url}/cancel`, { method: 'POST', redirect: 'manual' });
    assert.deepEqual([cancel.status, cancel.headers.get('location')], [303, 'https://host.test/b']);
    assert.equal((await call('GET', `/checkout-sessions/${a.id}`)).json.checkout_status, 'expired');
    const b = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'e2', checkout: {} })).json.checkout_session;
    assert.deepEqual((await qa(`checkout/${b.id}/fail`, { reason: 'Card declined' })).json.status, 'failed');
    assert.equal((await call('GET', `/checkout-sessions/${b.id}`)).json.failure_reason, 'Card declined');
    const c = (await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'e3', checkout: {} })).json.checkout_session;
    s.clock.ms += 31 * 60_000;
    assert.equal((await call('GET', `/checkout-sessions/${c.id}`)).json.checkout_status, 'expired');
    assert.equal((await qa(`checkout/${c.id}/complete`, {})).status, 409);
    assert.equal((await qa('checkout/cs_nope/complete', {})).status, 404);
    s.clock.ms -= 31 * 60_000;
  });
});

describe('flexprice actions: POST /invoices/{id}/pay', () => {
  it('answers a payment link for a payable invoice, reuses it while live, and marks the invoice paid after completion', async () => {
    const invoice = await payableInvoice();
    const r = await call('POST', `/invoices/${invoice.id}/pay`, { idempotency_key: 'p1', success_url: 'https://host.test/b' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.invoice_id, r.json.status, r.json.amount, r.json.currency, r.json.payment_action.type], [invoice.id, 'PENDING', invoice.amount_remaining, invoice.currency, 'payment_link']);
    const again = await call('POST', `/invoices/${invoice.id}/pay`, {});
    assert.equal(again.json.payment_id, r.json.payment_id, 'the live link is reused');
    assert.match(await (await fetch(r.json.payment_action.url)).text(), /Pay invoice/);
    await fetch(`${r.json.payment_action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const paid = (await call('GET', `/invoices/${invoice.id}`)).json;
    assert.deepEqual([paid.payment_status, paid.amount_remaining, paid.amount_paid], ['SUCCEEDED', '0', decSum([invoice.amount_paid, invoice.amount_remaining])]);
    expectError(await call('POST', `/invoices/${invoice.id}/pay`, {}), 400, 'invalid_operation', /^This invoice is SUCCEEDED$/);
  });

  it('refuses drafts, voided, settled invoices and a foreign invoice with the vendor’s hints', async () => {
    const list = (await call('POST', '/invoices', { limit: 100 })).json.items;
    const draft = list.find((i) => i.invoice_status === 'DRAFT');
    const voided = list.find((i) => i.invoice_status === 'VOIDED');
    const paid = list.find((i) => i.invoice_status === 'FINALIZED' && i.payment_status === 'SUCCEEDED');
    expectError(await call('POST', `/invoices/${draft.id}/pay`, {}), 400, 'invalid_operation', /^This invoice cannot be paid yet$/);
    expectError(await call('POST', `/invoices/${voided.id}/pay`, {}), 400, 'invalid_operation', /^This invoice cannot be paid$/);
    expectError(await call('POST', `/invoices/${paid.id}/pay`, {}), 400, 'invalid_operation', /^This invoice is SUCCEEDED$/);
    const zero = await payableInvoice();
    s.api.patchCustomer('cus-typical', (c) => {
      c.index.invoices.get(zero.id).amount_remaining = '0';
    });
    expectError(await call('POST', `/invoices/${zero.id}/pay`, {}), 400, 'invalid_operation', /already settled/);
    const other = (await s.mint('cus-eur')).token;
    expectError(await call('POST', `/invoices/${(await payableInvoice()).id}/pay`, {}, other), 404, 'not_found', /does not belong/);
    expectError(await call('POST', `/invoices/${(await payableInvoice()).id}/pay`, { payment_provider: 7 }), 400, 'validation_error', /payment_provider/);
  });
});

describe('flexprice actions: PUT /wallets/{id}/auto-topup', () => {
  it('stores the flat body (invoicing pinned) and answers the wallet', async () => {
    const w = await wallet();
    const r = await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: true, threshold: '20', amount: '100', cooldown: { value: 6, unit: 'hour' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.auto_topup, { enabled: true, threshold: '20', amount: '100', invoicing: true, cooldown: { value: 6, unit: 'hour' } });
    assert.equal(r.json.id, w.id);
    const cleared = await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: false, cooldown: { value: 0, unit: 'hour' } });
    assert.deepEqual(cleared.json.auto_topup, { enabled: false, threshold: '20', amount: '100', invoicing: true });
    assert.deepEqual((await wallet()).auto_topup, cleared.json.auto_topup);
  });

  it('refuses enabling without threshold/amount, below the minimum, a bad cooldown, and without a chargeable card', async () => {
    const w = await wallet();
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: true, threshold: '20' }), 400, 'validation_error', /Specify both/);
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: true, threshold: '20', amount: '1' }), 400, 'validation_error', /Minimum top-up/);
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: true, threshold: '20', amount: '100', cooldown: { value: 1, unit: 'week' } }), 400, 'validation_error', /cooldown/);
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { threshold: '20' }), 400, 'validation_error');
    s.api.patchCustomer('cus-typical', (c) => {
      c.payments = { integrations: c.payments?.integrations ?? [{ provider: 'chargebee', capabilities: [{ type: 'auto_charge', is_default: true }] }], methods: [] };
    });
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: true, threshold: '20', amount: '100' }), 400, 'invalid_operation', /Add a payment method/);
  });
});

describe('flexprice actions: payment methods', () => {
  it('lists cards grouped by provider; sets a default; refuses an expired card; removes one', async () => {
    const list = (await call('GET', '/payment-methods')).json;
    assert.deepEqual(list.providers.map((p) => p.provider), ['chargebee']);
    const cards = list.providers[0].items;
    assert.deepEqual(cards.map((c) => [c.card.brand, c.status, c.is_default]), [['visa', 'ACTIVE', true], ['mastercard', 'ACTIVE', false], ['amex', 'EXPIRED', false]]);
    const set = await call('POST', '/payment-methods/default', { payment_provider: 'chargebee', payment_method_id: cards[1].id });
    assert.deepEqual([set.status, set.json], [200, { success: true }]);
    assert.deepEqual((await call('GET', '/payment-methods')).json.providers[0].items.map((c) => c.is_default), [false, true, false]);
    expectError(await call('POST', '/payment-methods/default', { payment_provider: 'chargebee', payment_method_id: cards[2].id }), 400, 'invalid_operation', /expired/);
    const del = await call('POST', '/payment-methods/delete', { payment_provider: 'chargebee', payment_method_id: cards[0].id });
    assert.deepEqual([del.status, del.json], [200, { success: true }]);
    assert.equal((await call('GET', '/payment-methods')).json.providers[0].items.length, 2);
    expectError(await call('POST', '/payment-methods/delete', { payment_provider: 'chargebee', payment_method_id: cards[0].id }), 404, 'not_found');
    expectError(await call('POST', '/payment-methods/delete', { payment_provider: 'chargebee' }), 400, 'validation_error', /required/);
  });

  it('adds a card through the provider page: an action, not a card; the card appears after completion', async () => {
    expectError(await call('POST', '/payment-methods', {}), 400, 'validation_error', /payment_provider is required/);
    const r = await call('POST', '/payment-methods', { payment_provider: 'chargebee', success_url: 'https://host.test/b' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.provider, 'chargebee');
    assert.equal(r.json.action.type, 'redirect');
    assert.match(await (await fetch(r.json.action.url)).text(), /Save card/);
    assert.equal((await call('GET', '/payment-methods')).json.providers[0].items.length, 3);
    await fetch(`${r.json.action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const items = (await call('GET', '/payment-methods')).json.providers[0].items;
    assert.deepEqual(items.at(-1).card.last4, '1881');
  });

  it('Tokyo’s razorpay cannot manage cards; the paymentMethodsError switch answers the provider’s error', async () => {
    const tokyo = (await s.mint('cus-tokyo')).token;
    expectError(await call('POST', '/payment-methods', { payment_provider: 'razorpay' }, tokyo), 400, 'validation_error', /does not support payment_method_management/);
    s.api.setFaults({ paymentMethodsError: true });
    const r = (await call('GET', '/payment-methods')).json;
    assert.deepEqual(r.providers[0].items, []);
    assert.match(r.providers[0].error.message, /Could not load/);
  });
});

describe('flexprice actions: write log and write faults', () => {
  it('records every write-route request (applied or refused), never the reads, and resets', async () => {
    const w = await wallet();
    await call('POST', '/invoices', {});
    await call('GET', '/integrations');
    await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'log' });
    await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '0' });
    await call('PUT', '/info', {});
    const log = (await qa('writes')).json;
    assert.deepEqual(log.map((e) => [e.method, e.path.replace(w.id, 'W'), e.status, e.applied]), [
      ['POST', '/v1/customer/portal/wallets/W/top-up', 200, true],
      ['POST', '/v1/customer/portal/wallets/W/top-up', 400, false],
      ['PUT', '/v1/customer/portal/info', 403, false],
    ]);
    assert.deepEqual(s.api.writes.length, 3);
    assert.equal((await qa('writes/reset', {})).status, 200);
    assert.deepEqual((await qa('writes')).json, []);
  });

  it('writesOnly narrows a status fault to the writes; reads stay healthy', async () => {
    const w = await wallet();
    s.api.setFaults({ status: 503, writesOnly: true });
    assert.equal((await call('POST', '/wallets', {})).status, 200);
    const r = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'f' });
    expectError(r, 503, 'service_unavailable');
    assert.equal((await qa('writes')).json[0].status, 503);
    s.api.setFaults({ status: 429, writesOnly: true, paths: ['/auto-topup'], statusCount: 1 });
    expectError(await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: false }), 429, 'too_many_requests');
    assert.equal((await call('PUT', `/wallets/${w.id}/auto-topup`, { enabled: false })).status, 200);
  });

  it('dropAfterWrite applies the write and loses the answer; the replay with the same key then answers it', async () => {
    const w = await wallet();
    s.api.setFaults({ dropAfterWrite: true });
    await assert.rejects(call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'lost' }));
    s.api.setFaults({});
    const replay = await call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'lost' });
    assert.equal(replay.status, 200);
    assert.equal((await call('GET', `/wallets/${w.id}/transactions`)).json.items.filter((t) => t.transaction_status === 'pending').length, 1);
    s.api.setFaults({ offline: true, writesOnly: true });
    await assert.rejects(call('POST', `/wallets/${w.id}/top-up`, { credits_to_add: '100', idempotency_key: 'off' }));
    assert.equal((await call('GET', `/wallets/${w.id}`)).status, 200);
  });
});
