// The reference Lago server's portal mutations (contract/portal-actions.md §3) over real HTTP,
// directly and through the package's proxy with `actions`: paid top-up (pending at once, invoiced
// and settled in the background, min/max and the other HTTP-200 validation errors, no
// idempotency), billing details, invoice PDF generation, the write log and the write faults.
// Run: node --test test/server/lago-actions.test.mjs
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, lagoProxyMiddleware, DEMO_LAGO_ACTIONS } from '../../demo/server/main.mjs';
import http from 'node:http';

const TOP_UP = 'mutation TopUp($input: CreateCustomerPortalWalletTransactionInput!) { createCustomerPortalWalletTransaction(input: $input) { collection { id amount creditAmount status transactionStatus transactionType settledAt } } }';
const BILLING = 'mutation Billing($input: UpdateCustomerPortalCustomerInput!) { updateCustomerPortalCustomer(input: $input) { id name displayName email country taxIdentificationNumber } }';
const WALLET = 'query W($id: ID!) { customerPortalWallet(id: $id) { id balanceCents ongoingBalanceCents creditsBalance rateAmount paidTopUpMinAmountCents paidTopUpMaxAmountCents paidTopUpMinCredits paidTopUpMaxCredits } }';

let server;
let proxyServer;
let proxyUrl;
let token;
let walletId;
before(async () => {
  server = await startServer({ port: 0, settleDelayMs: 0 });
  // The demo's mount: a proxy allowing the three actions the demo page uses.
  const middleware = await lagoProxyMiddleware(server.lagoApiUrl, { actions: DEMO_LAGO_ACTIONS });
  proxyServer = http.createServer((req, res) => middleware(req, res));
  await new Promise((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${proxyServer.address().port}/lago`;
});
after(async () => {
  await new Promise((resolve) => proxyServer.close(resolve));
  await server.close();
});
beforeEach(async () => {
  server.lago.reset();
  server.lago.setSettleDelay(0);
  token = (await server.lago.mintToken('lago-typical')).token;
  walletId = (await gql('{ customerPortalWallets { collection { id } } }')).json.data.customerPortalWallets.collection[0].id;
});

async function gql(query, variables, { via = 'proxy', t = token } = {}) {
  const res = await fetch(via === 'proxy' ? proxyUrl : `${server.lagoApiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'customer-portal-token': t },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, json: await res.json() };
}
const wallet = async () => (await gql(WALLET, { id: walletId })).json.data.customerPortalWallet;
const topUp = (paidCredits, opts) => gql(TOP_UP, { input: { walletId, paidCredits } }, opts);
const codeOf = (r) => [r.status, r.json.errors?.[0]?.extensions?.code, r.json.errors?.[0]?.extensions?.details];

describe('lago actions: createCustomerPortalWalletTransaction', () => {
  it('serves the wallet’s paid top-up range', async () => {
    const w = await wallet();
    assert.deepEqual([w.paidTopUpMinAmountCents, w.paidTopUpMaxAmountCents, w.paidTopUpMinCredits, w.paidTopUpMaxCredits], ['1000', '50000', '10', '500']);
  });

  it('creates a pending purchased transaction at once; the background job invoices, charges and settles it later', async () => {
    server.lago.setSettleDelay(150);
    const before = await wallet();
    const r = await topUp('25');
    assert.equal(r.status, 200);
    const [tx] = r.json.data.createCustomerPortalWalletTransaction.collection;
    assert.deepEqual([tx.status, tx.transactionStatus, tx.transactionType, tx.creditAmount, tx.amount, tx.settledAt], ['pending', 'purchased', 'inbound', '25', '25.00', null]);
    assert.equal((await wallet()).balanceCents, before.balanceCents, 'no optimistic credit');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const afterIt = await wallet();
    assert.equal(afterIt.balanceCents, String(Number(before.balanceCents) + 2500));
    assert.equal(afterIt.creditsBalance, before.creditsBalance + 25);
    const invoices = (await gql('{ customerPortalInvoices { collection { invoiceType status paymentStatus totalAmountCents } } }')).json.data.customerPortalInvoices.collection;
    assert.deepEqual(invoices[0], { invoiceType: 'credit', status: 'finalized', paymentStatus: 'succeeded', totalAmountCents: '2500' });
  });

  it('without a payment method the credit invoice stays to pay and no credit lands', async () => {
    server.lago.patchCustomer('lago-typical', (c) => {
      c.noPaymentMethod = true;
    });
    const before = await wallet();
    await topUp('25');
    assert.equal((await wallet()).balanceCents, before.balanceCents);
    const [invoice] = (await gql('{ customerPortalInvoices { collection { invoiceType paymentStatus totalDueAmountCents } } }')).json.data.customerPortalInvoices.collection;
    assert.deepEqual(invoice, { invoiceType: 'credit', paymentStatus: 'pending', totalDueAmountCents: '2500' });
  });

  it('answers Lago’s HTTP-200 errors for every validation failure (min, max, zero, bad decimal, foreign wallet)', async () => {
    const cases = [
      ['9.99', { paidCredits: ['amount_below_minimum'] }],
      ['500.01', { paidCredits: ['amount_above_maximum'] }],
      ['0', { paidCredits: ['invalid_amount'] }],
      ['0.000001', { paidCredits: ['invalid_amount'] }],
      ['ten', { paidCredits: ['invalid_paid_credits', 'invalid_amount'] }],
      ['-5', { paidCredits: ['invalid_paid_credits', 'invalid_amount'] }],
    ];
    for (const [credits, details] of cases) {
      const r = await topUp(credits);
      assert.deepEqual(codeOf(r), [200, 'unprocessable_entity', details], credits);
      assert.equal(r.json.errors[0].extensions.status, 422);
      assert.deepEqual(r.json.data, { createCustomerPortalWalletTransaction: null });
    }
    assert.deepEqual(codeOf(await topUp('10')).slice(0, 2), [200, undefined], 'the minimum itself is allowed');
    assert.deepEqual(codeOf(await topUp('500')).slice(0, 2), [200, undefined], 'the maximum itself is allowed');
    const other = (await server.lago.mintToken('lago-many')).token;
    assert.deepEqual(codeOf(await topUp('25', { t: other })), [200, 'unprocessable_entity', { walletId: ['wallet_not_found'] }]);
    // Omitting paidCredits succeeds with an empty collection and creates nothing.
    const none = await gql(TOP_UP, { input: { walletId } });
    assert.deepEqual(none.json.data.createCustomerPortalWalletTransaction.collection, []);
  });

  it('has no idempotency: the same request twice is two top-ups', async () => {
    const before = await wallet();
    const a = await topUp('25');
    const b = await topUp('25');
    assert.notEqual(a.json.data.createCustomerPortalWalletTransaction.collection[0].id, b.json.data.createCustomerPortalWalletTransaction.collection[0].id);
    assert.equal((await wallet()).balanceCents, String(Number(before.balanceCents) + 5000));
  });

  it('an expired or bad token is Lago’s per-field unauthorized', async () => {
    const r = await topUp('25', { t: 'bad--token' });
    assert.deepEqual([r.json.data, r.json.errors[0].extensions.code], [{ createCustomerPortalWalletTransaction: null }, 'unauthorized']);
  });
});

describe('lago actions: updateCustomerPortalCustomer and downloadCustomerPortalInvoice', () => {
  it('writes the keys present and answers the customer; an invalid e-mail is a 422 in errors[]', async () => {
    const r = await gql(BILLING, { input: { name: 'Renamed Inc', country: 'DE', taxIdentificationNumber: 'DE123456789' } });
    assert.deepEqual(r.json.data.updateCustomerPortalCustomer.name, 'Renamed Inc');
    assert.equal(r.json.data.updateCustomerPortalCustomer.displayName, 'Renamed Inc');
    assert.equal(r.json.data.updateCustomerPortalCustomer.country, 'DE');
    const email = r.json.data.updateCustomerPortalCustomer.email;
    const bad = await gql(BILLING, { input: { email: 'nope', name: 'Other' } });
    assert.deepEqual(codeOf(bad), [200, 'unprocessable_entity', { email: ['value_is_invalid'] }]);
    const now = (await gql('{ customerPortalUser { name email } }')).json.data.customerPortalUser;
    assert.deepEqual(now, { name: 'Renamed Inc', email }, 'a refused update writes nothing');
    const country = await gql(BILLING, { input: { country: 'Germany' } });
    assert.equal(country.json.data, undefined);
    assert.match(country.json.errors[0].message, /invalid value for country/);
  });

  it('generates an invoice PDF (fileUrl); a draft is is_draft', async () => {
    const list = (await gql('{ customerPortalInvoices { collection { id status } } }')).json.data.customerPortalInvoices.collection;
    const doc = 'mutation D($input: DownloadCustomerPortalInvoiceInput!) { downloadCustomerPortalInvoice(input: $input) { id fileUrl } }';
    const ok = await gql(doc, { input: { id: list.find((i) => i.status === 'finalized').id } });
    assert.match(ok.json.data.downloadCustomerPortalInvoice.fileUrl, /\.pdf$/);
    const draft = list.find((i) => i.status === 'draft');
    if (draft) assert.equal((await gql(doc, { input: { id: draft.id } })).json.errors[0].extensions.code, 'is_draft');
  });
});

describe('lago actions: proxy, write log and write faults', () => {
  it('the default read-only proxy (the server’s own /lago-proxy) refuses each mutation and Lago logs no write', async () => {
    for (const query of [TOP_UP, BILLING]) {
      const res = await fetch(server.lagoProxyUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'customer-portal-token': token }, body: JSON.stringify({ query, variables: { input: { walletId, paidCredits: '25' } } }) });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error.code, 'operation_not_allowed');
    }
    assert.deepEqual(await (await fetch(`${server.lagoApiUrl}/__qa/writes`)).json(), []);
  });

  it('records every mutation request (refused ones too), never the queries; resettable', async () => {
    await gql('{ customerPortalUser { id } }');
    await topUp('25');
    await topUp('1');
    const log = await (await fetch(`${server.lagoApiUrl}/__qa/writes`)).json();
    assert.deepEqual(log.map((e) => [e.fields, e.status, e.applied]), [[['createCustomerPortalWalletTransaction'], 200, true], [['createCustomerPortalWalletTransaction'], 200, false]]);
    assert.equal(server.lago.writes.length, 2);
    await fetch(`${server.lagoApiUrl}/__qa/writes/reset`, { method: 'POST' });
    assert.deepEqual(await (await fetch(`${server.lagoApiUrl}/__qa/writes`)).json(), []);
  });

  it('writesOnly faults the mutations alone; dropAfterWrite applies the top-up and loses the answer', async () => {
    server.lago.setFaults({ status: 503, writesOnly: true });
    assert.equal((await gql('{ customerPortalUser { id } }', undefined, { via: 'direct' })).status, 200);
    assert.equal((await topUp('25', { via: 'direct' })).status, 503);
    const before = await wallet();
    server.lago.setFaults({ dropAfterWrite: true });
    await assert.rejects(topUp('25', { via: 'direct' }));
    server.lago.setFaults({});
    assert.equal((await wallet()).balanceCents, String(Number(before.balanceCents) + 2500), 'the write happened');
  });
});
