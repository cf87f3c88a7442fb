import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './_helpers.mjs';

let s;
let token;
before(async () => {
  s = await start();
  token = (await s.mint('cus-typical')).token;
});
afterEach(() => s.admin('faults', {}));
after(() => s.close());

test('admin endpoints read and replace faults', async () => {
  const set = await s.admin('faults', { latencyMs: 5, status: 500 });
  assert.equal(set.latencyMs, 5);
  assert.equal(set.status, 500);
  const got = await s.admin('faults');
  assert.equal(got.status, 500);
  assert.equal(got.envelope, 'flat');
  const cleared = await s.admin('faults', {});
  assert.equal(cleared.status, 0);
});

test('status faults: flat envelope, statusCount then success, minting unaffected', async () => {
  await s.admin('faults', { status: 500, statusCount: 2 });
  const a = await s.portal(token, 'GET', '/info');
  assert.equal(a.status, 500);
  assert.deepEqual(a.json, { code: 'internal_error', message: 'An unexpected error occurred', http_status_code: 500 });
  assert.equal(a.headers.get('access-control-allow-origin'), '*');
  assert.equal((await s.portal(token, 'GET', '/info')).status, 500);
  assert.equal((await s.portal(token, 'GET', '/info')).status, 200);
  await s.admin('faults', { status: 503 });
  assert.equal((await s.mint('cus-typical')).token.split('.').length, 3);
  for (let i = 0; i < 3; i++) {
    const r = await s.portal(token, 'GET', '/config');
    assert.equal(r.status, 503);
    assert.equal(r.json.code, 'service_unavailable');
  }
});

test('429 carries Retry-After; 502 is a gateway HTML page; legacy envelope for injected errors', async () => {
  await s.admin('faults', { status: 429, retryAfter: 7 });
  const r = await s.portal(token, 'POST', '/invoices', {});
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '7');
  assert.equal(r.json.code, 'too_many_requests');
  await s.admin('faults', { status: 502 });
  const g = await s.portal(token, 'GET', '/info');
  assert.equal(g.status, 502);
  assert.match(g.headers.get('content-type'), /text\/html/);
  assert.match(g.text, /502 Bad Gateway/);
  await s.admin('faults', { status: 500, envelope: 'legacy' });
  const l = await s.portal(token, 'GET', '/info');
  assert.equal(l.json.success, false);
  assert.equal(l.json.error.message, 'An unexpected error occurred');
});

test('paths narrows faults by substring', async () => {
  await s.admin('faults', { status: 500, paths: ['/invoices'] });
  assert.equal((await s.portal(token, 'GET', '/info')).status, 200);
  assert.equal((await s.portal(token, 'POST', '/invoices', {})).status, 500);
});

test('truncate cuts successful JSON bodies in half', async () => {
  const full = await s.portal(token, 'POST', '/invoices', { page: 1, limit: 5 });
  await s.admin('faults', { truncate: true });
  const cut = await s.portal(token, 'POST', '/invoices', { page: 1, limit: 5 });
  assert.equal(cut.status, 200);
  assert.equal(cut.text, full.text.slice(0, Math.floor(full.text.length / 2)));
  assert.throws(() => JSON.parse(cut.text));
  // Errors stay whole.
  assert.equal((await s.portal(token, 'POST', '/invoices')).json.code, 'validation_error');
});

test('latency holds portal answers for latencyMs; preflights and minting are not held', async () => {
  // The server's own wait is replaced by one this test releases: no wall-clock assertion.
  const waits = [];
  const held = await start({
    delay: (ms) => new Promise((resolve) => waits.push({ ms, release: resolve })),
  });
  try {
    const heldToken = (await held.mint('cus-typical')).token;
    await held.admin('faults', { latencyMs: 300 });
    let answered = false;
    const info = held.portal(heldToken, 'GET', '/info').then((r) => ((answered = true), r));
    // A preflight sent after it is answered while it is still held.
    const preflight = await fetch(`${held.base}/customer/portal/info`, { method: 'OPTIONS' });
    assert.ok(preflight.ok);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.equal((await held.mint('cus-typical')).token.split('.').length, 3);
    assert.equal(answered, false, 'answered before its latency elapsed');
    assert.deepEqual(waits.map((w) => w.ms), [300]);
    waits[0].release();
    assert.equal((await info).status, 200);
  } finally {
    await held.close();
  }
});

test('expireAll answers every session call 401 invalid; offline drops the connection', async () => {
  await s.admin('faults', { expireAll: true });
  const r = await s.portal(token, 'GET', '/info');
  assert.equal(r.status, 401);
  assert.equal(r.text, '{"error":"Invalid or expired session token"}');
  await s.admin('faults', { offline: true });
  await assert.rejects(fetch(`${s.base}/customer/portal/info`, { headers: { 'x-session-token': token } }), TypeError);
});

test('reset rebuilds data and clears faults and patches', async () => {
  s.api.patchCustomer('cus-typical', (c) => {
    c.info.name = '<img src=x onerror=alert(1)>';
  });
  assert.equal((await s.portal(token, 'GET', '/info')).json.name, '<img src=x onerror=alert(1)>');
  await s.admin('faults', { status: 500 });
  await fetch(`${s.url}/__admin/reset`, { method: 'POST' });
  assert.equal((await s.admin('faults')).status, 0);
  const info = (await s.portal(token, 'GET', '/info')).json;
  assert.equal(info.name, 'Acme Inc');
  const list = await fetch(`${s.url}/__admin/customers`).then((x) => x.json());
  assert.deepEqual(list.map((c) => c.external_id), ['cus-typical', 'cus-empty', 'cus-many-invoices', 'cus-many-transactions', 'cus-heavy-usage', 'cus-multi-wallet', 'cus-eur', 'cus-tokyo']);
});

test('data is deterministic for the same clock', async () => {
  const other = await start();
  try {
    const t2 = (await other.mint('cus-typical')).token;
    const a = await s.portal(token, 'POST', '/invoices', { page: 1, limit: 30 });
    const b = await other.portal(t2, 'POST', '/invoices', { page: 1, limit: 30 });
    assert.equal(a.text, b.text);
  } finally {
    await other.close();
  }
});
