// Contract tests of the reference Lago customer-portal API (demo/server/lago)
// over real HTTP, directly and through the package's proxy mounted on the same
// server (`/lago-proxy`): the quirks in contract/lago-customer-portal-api.md.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer } from '../../demo/server/main.mjs';
import { deferred, manualTimers, readAnswer } from './_helpers.mjs';

const AT = Date.parse('2026-08-22T10:30:00Z');
const ctx = {};

before(async () => {
  ctx.clock = { ms: AT };
  // Injected latency is held until the test releases it, and the proxy's time limit passes when the test
  // fires it: no test waits on the machine's clock, and a slow machine cannot turn an answer into a 504.
  ctx.held = [];
  ctx.holding = deferred();
  ctx.proxyTimers = manualTimers();
  const delay = (ms) =>
    new Promise((release) => {
      ctx.held.push({ ms, release });
      ctx.holding.resolve();
    });
  ctx.server = await startServer({ port: 0, now: () => new Date(ctx.clock.ms), delay, lagoProxyTimers: ctx.proxyTimers });
});
after(() => ctx.server.close());
beforeEach(() => {
  ctx.server.lago.reset();
  ctx.clock.ms = AT;
});

const mint = async (customer, query = '') => {
  const res = await fetch(`${ctx.server.lagoApiUrl}/api/v1/customers/${customer}/portal_url${query}`, { headers: { authorization: 'Bearer lago_api_key_demo' } });
  assert.equal(res.status, 200);
  return res.json();
};
const tokenOf = async (customer, query) => (await mint(customer, query)).token;

async function gql(token, query, { variables, via = 'direct', headers = {} } = {}) {
  const url = via === 'proxy' ? ctx.server.lagoProxyUrl : `${ctx.server.lagoApiUrl}/graphql`;
  return readAnswer(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'customer-portal-token': token } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

describe('reference Lago: tokens', () => {
  it('mints a signed, unencrypted Rails message with _rails.data and _rails.exp, 12 hours by default', async () => {
    const minted = await mint('lago-typical');
    assert.match(minted.customer.portal_url, /\/customer-portal\/[A-Za-z0-9+/=]+--[0-9a-f]{40}$/);
    const token = minted.customer.portal_url.split('/customer-portal/')[1];
    assert.equal(token, minted.token);
    const [data, digest] = token.split('--');
    assert.equal(createHmac('sha1', 'lago_secret_key_base_demo').update(data).digest('hex'), digest);
    const message = JSON.parse(Buffer.from(data, 'base64').toString());
    assert.deepEqual(Object.keys(message), ['_rails']);
    assert.match(message._rails.data, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(message._rails.exp, new Date(AT + 12 * 3600_000).toISOString());
    assert.match(message._rails.exp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses minting without the API key', async () => {
    const res = await fetch(`${ctx.server.lagoApiUrl}/api/v1/customers/lago-typical/portal_url`);
    assert.equal(res.status, 401);
  });

  it('answers an expired, forged or missing token with HTTP 200 unauthorized per root field, nulling data for non-null roots', async () => {
    const token = await tokenOf('lago-typical', '?ttl_seconds=60');
    assert.ok((await gql(token, '{ customerPortalUser { id } }')).json.data.customerPortalUser);
    ctx.clock.ms += 61_000;
    const expired = await gql(token, '{ customerPortalUser { id } customerPortalInvoices { collection { id } } }');
    assert.equal(expired.status, 200);
    assert.equal(expired.json.data, null);
    assert.deepEqual(expired.json.errors.map((e) => [e.path[0], e.extensions.code]), [['customerPortalUser', 'unauthorized'], ['customerPortalInvoices', 'unauthorized']]);
    const nullable = await gql(null, '{ customerPortalUser { id } customerPortalOrganization { name } }');
    assert.deepEqual(nullable.json.data, { customerPortalUser: null, customerPortalOrganization: null });
    ctx.clock.ms = AT;
    const fresh = await tokenOf('lago-typical');
    const [data] = fresh.split('--');
    const forged = `${data}--${'0'.repeat(40)}`;
    assert.equal((await gql(forged, '{ customerPortalWallets { collection { id } } }')).json.errors[0].extensions.code, 'unauthorized');
  });
});

describe('reference Lago: data and encoding', () => {
  it('serves amounts as …Cents strings, uppercase currencies, dates and second-precision datetimes', async () => {
    const token = await tokenOf('lago-typical');
    const { json } = await gql(token, '{ customerPortalUser { currency applicableTimezone } customerPortalWallets { collection { currency balanceCents ongoingBalanceCents creditsBalance rateAmount expirationAt } } customerPortalInvoices(limit: 3) { collection { number status paymentStatus currency issuingDate totalAmountCents fees { amountCents units eventsCount } } metadata { totalCount totalPages currentPage limitValue } } }');
    assert.equal(json.errors, undefined);
    assert.equal(json.data.customerPortalUser.currency, 'USD');
    const wallet = json.data.customerPortalWallets.collection[0];
    assert.equal(typeof wallet.balanceCents, 'string');
    assert.match(wallet.balanceCents, /^\d+$/);
    assert.equal(typeof wallet.creditsBalance, 'number');
    assert.match(wallet.expirationAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const invoices = json.data.customerPortalInvoices;
    assert.deepEqual(invoices.metadata, { totalCount: 13, totalPages: 5, currentPage: 1, limitValue: 3 });
    for (const inv of invoices.collection) {
      assert.match(inv.issuingDate, /^\d{4}-\d\d-\d\d$/);
      assert.match(inv.totalAmountCents, /^\d+$/);
      assert.equal(inv.currency, 'USD');
      const sum = inv.fees.reduce((s, f) => s + BigInt(f.amountCents), 0n);
      assert.equal(sum, BigInt(inv.totalAmountCents));
    }
    assert.equal(invoices.collection[0].status, 'draft');
  });

  it('filters invoices by status and searches by number substring or exact id', async () => {
    const token = await tokenOf('lago-typical');
    const all = (await gql(token, '{ customerPortalInvoices(limit: 100) { collection { id number status paymentOverdue } } }')).json.data.customerPortalInvoices.collection;
    assert.ok(all.some((i) => i.paymentOverdue));
    const finalized = (await gql(token, '{ customerPortalInvoices(status: [finalized], limit: 100) { collection { status } } }')).json.data.customerPortalInvoices.collection;
    assert.ok(finalized.length > 0 && finalized.every((i) => i.status === 'finalized'));
    const needle = all[3].number.slice(-3);
    const found = (await gql(token, 'query($t: String) { customerPortalInvoices(searchTerm: $t) { collection { number } } }', { variables: { t: needle.toLowerCase() } })).json.data.customerPortalInvoices.collection;
    assert.ok(found.length >= 1 && found.every((i) => i.number.includes(needle)));
    const byId = (await gql(token, `{ customerPortalInvoices(searchTerm: "${all[5].id}") { collection { id } } }`)).json.data.customerPortalInvoices.collection;
    assert.deepEqual(byId, [{ id: all[5].id }]);
  });

  it('usage: current period per metric; not_found for another customer’s subscription, no_active_subscription for a terminated one', async () => {
    const token = await tokenOf('lago-typical');
    const subs = (await gql(token, '{ customerPortalSubscriptions { collection { id status } } }')).json.data.customerPortalSubscriptions.collection;
    const active = subs.find((s) => s.status === 'active');
    const ended = subs.find((s) => s.status === 'terminated');
    const usage = (await gql(token, `{ customerPortalCustomerUsage(subscriptionId: "${active.id}") { fromDatetime toDatetime currency amountCents chargesUsage { units eventsCount amountCents billableMetric { code name } } } }`)).json.data.customerPortalCustomerUsage;
    assert.equal(usage.chargesUsage.length, 3);
    assert.equal(usage.chargesUsage.reduce((s, c) => s + BigInt(c.amountCents), 0n), BigInt(usage.amountCents));
    const terminated = await gql(token, `{ customerPortalCustomerUsage(subscriptionId: "${ended.id}") { amountCents } }`);
    assert.equal(terminated.json.data, null);
    assert.deepEqual(terminated.json.errors[0].extensions, { status: 405, code: 'no_active_subscription' });
    const other = await tokenOf('lago-jpy');
    const foreign = await gql(other, `{ customerPortalCustomerUsage(subscriptionId: "${active.id}") { amountCents } }`);
    assert.equal(foreign.json.errors[0].extensions.code, 'not_found');
  });

  it('seeds: empty, 120 invoices, JPY, hostile strings', async () => {
    const q = '{ customerPortalUser { name currency } customerPortalWallets { collection { id } } customerPortalSubscriptions { collection { id } } customerPortalInvoices { collection { number fileUrl totalAmountCents } metadata { totalCount } } customerPortalInvoiceCollections { collection { month amountCents currency paymentStatus } } }';
    const empty = (await gql(await tokenOf('lago-empty'), q)).json.data;
    assert.deepEqual([empty.customerPortalWallets.collection, empty.customerPortalSubscriptions.collection, empty.customerPortalInvoices.metadata.totalCount], [[], [], 0]);
    assert.ok(empty.customerPortalInvoiceCollections.collection.every((m) => m.amountCents === '0' && m.currency === null));
    const many = (await gql(await tokenOf('lago-many'), q)).json.data;
    assert.equal(many.customerPortalInvoices.metadata.totalCount, 120);
    const jpy = (await gql(await tokenOf('lago-jpy'), q)).json.data;
    assert.equal(jpy.customerPortalUser.currency, 'JPY');
    assert.ok(Number(jpy.customerPortalInvoices.collection[0].totalAmountCents) > 50000, 'yen amounts are whole yen');
    const hostile = (await gql(await tokenOf('lago-hostile'), q)).json.data;
    assert.match(hostile.customerPortalUser.name, /<img/);
    assert.ok(hostile.customerPortalInvoices.collection.some((i) => i.fileUrl?.startsWith('javascript:')));
  });

  it('unknown fields are validation errors without data', async () => {
    const { json } = await gql(await tokenOf('lago-typical'), '{ customerPortalUser { id secretField } }');
    assert.equal(json.data, undefined);
    assert.match(json.errors[0].message, /secretField/);
  });
});

describe('reference Lago: CORS and the proxy', () => {
  it('answers CORS only for the Lago front origin, so a merchant page cannot call it directly', async () => {
    const preflight = (origin) =>
      fetch(`${ctx.server.lagoApiUrl}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, customer-portal-token' } });
    assert.equal((await preflight('https://merchant.example')).headers.get('access-control-allow-origin'), null);
    assert.equal((await preflight('http://lago-front.localhost')).headers.get('access-control-allow-origin'), 'http://lago-front.localhost');
  });

  it('Lago itself lets the token run a mutation; through the proxy it never arrives', async () => {
    const token = await tokenOf('lago-typical');
    const id = (await gql(token, '{ customerPortalInvoices(status: [finalized], limit: 1) { collection { id } } }')).json.data.customerPortalInvoices.collection[0].id;
    const mutation = `mutation { downloadCustomerPortalInvoice(input: {id: "${id}"}) { id fileUrl } }`;
    const viaProxy = await gql(token, mutation, { via: 'proxy' });
    assert.equal(viaProxy.status, 400);
    assert.equal(ctx.server.lago.generatedPdfs.size, 0);
    const direct = await gql(token, mutation);
    assert.equal(direct.json.data.downloadCustomerPortalInvoice.id, id);
    assert.equal(ctx.server.lago.generatedPdfs.size, 1, 'the direct call shows the mutation is real');
  });

  it('through the proxy: the same answers, GraphQL errors as HTTP 200, faults as 502/504', async () => {
    const token = await tokenOf('lago-typical');
    const ok = await gql(token, '{ customerPortalUser { currency } }', { via: 'proxy' });
    assert.deepEqual(ok.json, { data: { customerPortalUser: { currency: 'USD' } } });
    const unauthorized = await gql('bad--token', '{ customerPortalWallets { collection { id } } }', { via: 'proxy' });
    assert.equal(unauthorized.status, 200);
    assert.equal(unauthorized.json.errors[0].extensions.code, 'unauthorized');
    ctx.server.lago.setFaults({ status: 503, statusCount: 1 });
    assert.equal((await gql(token, '{ customerPortalUser { id } }', { via: 'proxy' })).status, 502);
    assert.equal((await gql(token, '{ customerPortalUser { id } }', { via: 'proxy' })).status, 200, 'statusCount limits the fault');
    // Lago holds the answer (its latency fault) until after the proxy's limit has passed.
    ctx.server.lago.setFaults({ latencyMs: 4000 });
    const slowAnswer = gql(token, '{ customerPortalUser { id } }', { via: 'proxy' });
    await ctx.holding.promise;
    assert.deepEqual(ctx.held.map((h) => h.ms), [4000], 'Lago holds the request for its latency');
    assert.deepEqual(ctx.proxyTimers.pending(), [10_000], 'the proxy waits with its default limit armed');
    ctx.proxyTimers.fire();
    const slow = await slowAnswer;
    assert.deepEqual([slow.status, slow.json.error.code], [504, 'upstream_timeout']);
    for (const h of ctx.held.splice(0)) h.release();
    ctx.server.lago.setFaults({ graphqlError: 'internal_error' });
    assert.equal((await gql(token, '{ customerPortalUser { id } }', { via: 'proxy' })).json.errors[0].extensions.code, 'internal_error');
  });

  it('serves invoice PDFs at fileUrl without the token', async () => {
    const token = await tokenOf('lago-typical');
    const inv = (await gql(token, '{ customerPortalInvoices(status: [finalized], limit: 1) { collection { fileUrl } } }')).json.data.customerPortalInvoices.collection[0];
    const res = await fetch(inv.fileUrl);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(await res.text(), /^%PDF-1\.4/);
  });
});
