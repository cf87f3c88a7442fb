// Polar reference server: CORS exactly as Polar allows it, the shared fault switches, mutating routes observed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startPolar, ORIGIN } from './_polar-helpers.mjs';
import { createPolarApi } from '../../demo/server/polar/api.mjs';

let s;
let token;
before(async () => {
  s = await startPolar();
  token = (await s.mint('polar-typical')).token;
});
afterEach(() => s.admin('faults', {}));
after(() => s.close());

const preflight = (headers) =>
  fetch(`${s.base}/v1/customer-portal/orders/`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': 'GET', ...headers },
  });

test('preflight: 200 for Authorization, Polar-Version, Content-Type, Accept; 400 for any other request header', async () => {
  const ok = await preflight({ 'access-control-request-headers': 'authorization,polar-version,content-type,accept' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), '*');
  assert.equal(ok.headers.get('access-control-allow-headers'), 'Accept, Accept-Language, Authorization, Content-Language, Content-Type, Polar-Version');
  assert.equal(ok.headers.get('access-control-allow-methods'), 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
  assert.equal(ok.headers.get('access-control-max-age'), '600');
  for (const header of ['x-request-id', 'authorization,x-session-token', 'user-agent']) {
    const bad = await preflight({ 'access-control-request-headers': header });
    assert.equal(bad.status, 400, header);
    assert.equal(await bad.text(), 'Disallowed CORS headers');
  }
});

test('actual responses (200, 401, 403, 404, 422, 429) carry ACAO * and expose only Polar-Version', async () => {
  const member = (await s.mint('polar-member')).token;
  const answers = [
    await s.portal(token, '/customers/me'),
    await s.portal('polar_cst_nope', '/customers/me'),
    await s.portal(member, '/orders/'),
    await s.portal(token, '/orders/00000000-0000-4000-8000-000000000000'),
    await s.portal(token, '/orders/?page=0'),
  ];
  await s.admin('faults', { status: 429, statusCount: 1 });
  answers.push(await s.portal(token, '/customers/me'));
  assert.deepEqual(answers.map((a) => a.status), [200, 401, 403, 404, 422, 429]);
  for (const a of answers) {
    assert.equal(a.headers.get('access-control-allow-origin'), '*');
    assert.equal(a.headers.get('access-control-expose-headers'), 'Polar-Version');
    assert.equal(a.headers.get('polar-version'), '2026-04');
    assert.equal(a.headers.get('access-control-allow-credentials'), null);
  }
  // Without an Origin (server to server) there are no CORS headers at all.
  const plain = await fetch(`${s.base}/v1/customer-portal/customers/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
});

test('Polar-Version: supported versions echo; a bad one is 404 {"detail":"Not Found"} without CORS headers', async () => {
  // 2027-01: the newest version the official SDK (@polar-sh/sdk 1.x) sends.
  for (const version of ['2026-04', '2026-10', '2027-01']) {
    const pinned = await s.portal(token, '/customers/me', { headers: { 'polar-version': version } });
    assert.equal(pinned.status, 200, version);
    assert.equal(pinned.headers.get('polar-version'), version);
  }
  const bad = await s.portal(token, '/customers/me', { headers: { 'polar-version': '1999-01' } });
  assert.equal(bad.status, 404);
  assert.equal(bad.text, '{"detail":"Not Found"}');
  assert.equal(bad.headers.get('access-control-allow-origin'), null);
});

test('429 fault: empty body and a Retry-After header that CORS does not expose; statusCount then success', async () => {
  await s.admin('faults', { status: 429, statusCount: 2, retryAfter: 9 });
  const first = await s.portal(token, '/orders/');
  assert.equal(first.status, 429);
  assert.equal(first.text, '');
  assert.equal(first.headers.get('retry-after'), '9');
  assert.doesNotMatch(first.headers.get('access-control-expose-headers'), /retry-after/i);
  assert.equal((await s.portal(token, '/orders/')).status, 429);
  assert.equal((await s.portal(token, '/orders/')).status, 200);
  assert.equal((await s.admin('faults')).failuresLeft, 0);
});

test('status faults 500/502/503, paths narrowing, minting outside the default scope', async () => {
  await s.admin('faults', { status: 503, paths: ['/wallets/'] });
  assert.equal((await s.portal(token, '/customers/me')).status, 200);
  const w = await s.portal(token, '/wallets/');
  assert.equal(w.status, 503);
  assert.equal(w.headers.get('access-control-allow-origin'), '*');
  await s.admin('faults', { status: 502 });
  assert.match((await s.portal(token, '/meters/')).text, /Bad Gateway/);
  await s.admin('faults', { status: 500 });
  const crash = await s.portal(token, '/meters/');
  assert.equal(crash.text, 'Internal Server Error');
  assert.equal(crash.headers.get('access-control-allow-origin'), null, 'an unhandled 500 carries no CORS headers');
  assert.match((await s.mint('polar-typical')).token, /^polar_cst_/);
});

test('expireAll answers invalid_token; truncate halves JSON; offline drops the connection', async () => {
  await s.admin('faults', { expireAll: true });
  const expired = await s.portal(token, '/customers/me');
  assert.equal(expired.status, 401);
  assert.equal(expired.json.error, 'invalid_token');
  const full = await s.portal(token, '/orders/?limit=3');
  assert.equal(full.status, 401);
  await s.admin('faults', {});
  const whole = await s.portal(token, '/orders/?limit=3');
  await s.admin('faults', { truncate: true });
  const cut = await s.portal(token, '/orders/?limit=3');
  assert.equal(cut.status, 200);
  assert.equal(cut.text, whole.text.slice(0, Math.floor(whole.text.length / 2)));
  assert.equal((await s.portal(token, '/orders/?page=0')).json.error, 'RequestValidationError', 'errors stay whole');
  await s.admin('faults', { offline: true });
  await assert.rejects(fetch(`${s.base}/v1/customer-portal/customers/me`, { headers: { authorization: `Bearer ${token}` } }), TypeError);
});

test('latency delays the answer by the switch (fake timers, no wall clock); the preflight is not delayed', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const api = createPolarApi({ now: () => new Date('2026-08-22T10:30:00Z') });
  const session = api.mintSession('polar-typical');
  api.setFaults({ latencyMs: 400 });
  let settled = null;
  const pending = api.handle({ method: 'GET', url: '/v1/customer-portal/customers/me', headers: { authorization: `Bearer ${session.token}` } }).then((r) => {
    settled = r;
    return r;
  });
  const pre = await api.handle({ method: 'OPTIONS', url: '/v1/customer-portal/customers/me', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
  assert.equal(pre.status, 200);
  await Promise.resolve();
  assert.equal(settled, null);
  t.mock.timers.tick(399);
  await Promise.resolve();
  assert.equal(settled, null);
  t.mock.timers.tick(1);
  assert.equal((await pending).status, 200);
});

test('mutating routes exist, answer like Polar and are recorded; reads are not', async () => {
  await fetch(`${s.base}/__admin/reset`, { method: 'POST' });
  const order = (await s.portal(token, '/orders/?limit=3&page=1')).json.items.find((o) => o.status === 'paid');
  const sub = (await s.portal(token, '/subscriptions/?active=true')).json.items[0];
  assert.deepEqual(await s.admin('mutations'), []);
  assert.equal((await s.portal(token, '/customers/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 200);
  assert.equal((await s.portal(token, `/orders/${order.id}/invoice`, { method: 'POST' })).status, 202);
  assert.equal((await s.portal(token, `/subscriptions/${sub.id}`, { method: 'DELETE' })).json.cancel_at_period_end, true);
  assert.deepEqual(await s.admin('mutations'), [
    { method: 'PATCH', path: '/v1/customer-portal/customers/me' },
    { method: 'POST', path: `/v1/customer-portal/orders/${order.id}/invoice` },
    { method: 'DELETE', path: `/v1/customer-portal/subscriptions/${sub.id}` },
  ]);
  // Generating an invoice is permanent: the GET now answers its URL.
  assert.equal((await s.portal(token, `/orders/${order.id}/invoice`)).status, 200);
  assert.equal((await s.portal(token, '/orders/', { method: 'DELETE' })).status, 405);
  await fetch(`${s.base}/__admin/reset`, { method: 'POST' });
  assert.deepEqual(await s.admin('mutations'), []);
  // The Flexprice server beside it is unaffected.
  assert.equal((await fetch(`${s.url}/__admin/faults`).then((r) => r.json())).status, 0);
});
