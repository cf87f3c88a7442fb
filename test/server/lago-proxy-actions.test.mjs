// The Lago proxy's opt-in writes: `createLagoProxy({ apiUrl, actions })` forwards exactly the
// customer-portal mutations the listed actions need and refuses any request carrying another
// one WHOLE, whatever the browser sends (aliases, several operations, fragments, operationName).
// Run: node --test test/server/lago-proxy-actions.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadTsModule } from '../../demo/server/lago/ts-module.mjs';

const { createLagoProxy, LAGO_PROXY_ACTIONS } = await loadTsModule('server/lago-proxy/index.ts');

const TOKEN = 'eyJfcmFpbHMiOnsiZGF0YSI6IngifX0=--4ca68255506760dc668c8c6e2d498c977f8873ff';
const TOP_UP = 'mutation TopUp($input: CreateCustomerPortalWalletTransactionInput!) { createCustomerPortalWalletTransaction(input: $input) { collection { id status } } }';
const BILLING = 'mutation Billing($input: UpdateCustomerPortalCustomerInput!) { updateCustomerPortalCustomer(input: $input) { id name } }';
const DOWNLOAD = 'mutation Pdf($input: DownloadCustomerPortalInvoiceInput!) { downloadCustomerPortalInvoice(input: $input) { id fileUrl } }';
const ALL = ['top-up', 'billing-details', 'invoice-documents'];

function upstream() {
  const seen = [];
  return {
    seen,
    fetch: async (url, init) => {
      seen.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ data: {} }), { status: 200, headers: { 'content-type': 'application/json' } });
    },
  };
}
const post = (body) =>
  new Request('https://merchant.test/lago', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'customer-portal-token': TOKEN },
    body: JSON.stringify(body),
  });
async function send(actions, body) {
  const up = upstream();
  const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch, ...(actions ? { actions } : {}) });
  const res = await proxy.fetch(post(body));
  const json = await res.json();
  return { status: res.status, code: json.error?.code, seen: up.seen };
}

describe('lago proxy actions: allowed mutations', () => {
  it('maps each action to exactly one mutation', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(LAGO_PROXY_ACTIONS).map(([a, m]) => [a, Object.keys(m)])),
      {
        'top-up': ['createCustomerPortalWalletTransaction'],
        'billing-details': ['updateCustomerPortalCustomer'],
        'invoice-documents': ['downloadCustomerPortalInvoice'],
      },
    );
  });

  for (const [action, query] of [['top-up', TOP_UP], ['billing-details', BILLING], ['invoice-documents', DOWNLOAD]]) {
    it(`forwards the ${action} mutation (its own re-print, variables, operationName) when ${action} is listed`, async () => {
      const variables = { input: { id: 'x' } };
      const operationName = query.split(/[ (]/)[1];
      const r = await send([action], { query, variables, operationName });
      assert.equal(r.status, 200);
      assert.equal(r.seen.length, 1);
      assert.equal(r.seen[0].query, query);
      assert.deepEqual(r.seen[0].variables, variables);
      assert.equal(r.seen[0].operationName, operationName);
    });
  }

  it('still forwards portal queries with actions listed', async () => {
    const r = await send(ALL, { query: '{ customerPortalUser { id } }' });
    assert.equal(r.status, 200);
    assert.equal(r.seen.length, 1);
  });
});

describe('lago proxy actions: refused whole before Lago sees it', () => {
  const cases = [
    ['the default (no actions): every mutation', undefined, TOP_UP, 'operation_not_allowed'],
    ['the default (no actions): billing details', undefined, BILLING, 'operation_not_allowed'],
    ['the default (no actions): PDF generation', undefined, DOWNLOAD, 'operation_not_allowed'],
    ['an empty list: read-only', [], DOWNLOAD, 'operation_not_allowed'],
    ['a mutation of an action not listed', ['billing-details'], TOP_UP, 'operation_not_allowed'],
    ['a listed mutation beside a non-listed one', ['billing-details'], `mutation { updateCustomerPortalCustomer(input: {name: "x"}) { id } createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "10"}) { collection { id } } }`, 'operation_not_allowed'],
    ['a non-listed mutation aliased as a listed one', ['billing-details'], 'mutation { updateCustomerPortalCustomer: createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "10"}) { collection { id } } }', 'operation_not_allowed'],
    ['a non-portal mutation (admin API)', ALL, 'mutation { createCustomer(input: {name: "x"}) { id } }', 'operation_not_allowed'],
    ['an undocumented mutation aliased as a query field', ALL, 'mutation { customerPortalUser: destroyWallet(input: {id: "w"}) { id } }', 'operation_not_allowed'],
    ['a portal query field inside a mutation', ALL, 'mutation { customerPortalUser { id } }', 'operation_not_allowed'],
    ['a mutation field inside a query', ALL, '{ createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "10"}) { collection { id } } }', 'field_not_allowed'],
    ['two writes in one request (aliased twice)', ALL, 'mutation { a: createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "10"}) { collection { id } } b: createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "10"}) { collection { id } } }', 'one_mutation_only'],
    ['a mutation with only __typename', ALL, 'mutation { __typename }', 'one_mutation_only'],
    ['an argument besides input', ALL, 'mutation { updateCustomerPortalCustomer(input: {name: "x"}, customerId: "other") { id } }', 'argument_not_allowed'],
    ['an allowed mutation next to a forbidden operation', ALL, `${BILLING} mutation Evil { createCustomer(input: {name: "x"}) { id } }`, 'one_operation_only'],
    ['a fragment smuggling a mutation field', ALL, 'mutation { ...W } fragment W on Mutation { destroyWallet(input: {id: "w"}) { id } }', 'invalid_query'],
    ['an inline fragment', ALL, 'mutation { ... on Mutation { destroyWallet(input: {id: "w"}) { id } } }', 'invalid_query'],
    ['a directive', ALL, 'mutation { updateCustomerPortalCustomer(input: {name: "x"}) @skip(if: false) { id } }', 'invalid_query'],
    ['a subscription', ALL, 'subscription { updateCustomerPortalCustomer(input: {name: "x"}) { id } }', 'operation_not_allowed'],
  ];
  for (const [what, actions, query, code] of cases) {
    it(`refuses ${what} (400 ${code})`, async () => {
      const r = await send(actions, { query });
      assert.deepEqual({ status: r.status, code: r.code }, { status: 400, code });
      assert.equal(r.seen.length, 0);
    });
  }

  it('refuses an operationName naming another operation than the allowed one', async () => {
    const r = await send(ALL, { query: BILLING, operationName: 'Evil' });
    assert.deepEqual([r.status, r.code, r.seen.length], [400, 'invalid_operation_name', 0]);
  });
});

describe('lago proxy actions: the option', () => {
  it('throws at creation on an unknown action name, naming the known ones', () => {
    assert.throws(() => createLagoProxy({ apiUrl: 'https://lago.test', actions: ['top-up', 'pay-invoice'] }), /unknown action "pay-invoice".*"top-up", "billing-details", "invoice-documents"/);
    assert.throws(() => createLagoProxy({ apiUrl: 'https://lago.test', actions: ['createCustomerPortalWalletTransaction'] }), /unknown action/);
    assert.throws(() => createLagoProxy({ apiUrl: 'https://lago.test', actions: 'top-up' }), /actions must be an array/);
  });
});
