// Per-backend CDN entries (src/cdn/<id>.ts): a merchant's page loads its own
// adapter and no other's, and the adapter costs no request before the first
// API wave. A page like a merchant's (the element and its session in the
// HTML, the script tag of its backend's build, under the strict CSP:
// test/e2e/pages/merchant-<id>.html) is served for Flexprice (dist/cdn/customer-portal.js) and for Polar
// (dist/cdn/polar/customer-portal.js); every script it loads is recorded.
// The servers hold the adapter's lazy chunk and every API answer until each of
// the first paint's requests has arrived: a request that waited for code or for
// another answer would never arrive, whatever the machine's speed (with 150 ms
// of latency instead, a slow start-up read as a second wave, 1 run in 3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDN_DIR, useStrictPageStack } from './pages/serve.mjs';

/**
 * Opens the backend's merchant page (test/e2e/pages/merchant-<id>.html) with its session while the
 * pages server holds the adapter's lazy chunk and `api` holds every answer: resolves once each of
 * `needed` has reached the server with neither there, then lets both go; what the page loaded
 * before portal-ready.
 */
async function load(ctx, backend, session, api, needed) {
  let releaseChunk = () => undefined;
  const chunkHeld = new Promise((resolve) => (releaseChunk = resolve));
  ctx.pages.setDelay((path) => (/\/backend-[a-z]+-/.test(path) ? chunkHeld : 0));
  // A request waits at each gate it matches in turn: its own first (so it counts as arrived), then the one for all.
  const gates = needed.map((path) => ({ path, gate: api.hold(path) }));
  const everything = api.hold(/./);
  const page = await ctx.browser.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    const loaded = page.goto(`${ctx.pages.url}/merchant-${backend}.html#${new URLSearchParams(session)}`).then(() => page.evaluate(() => window.portalReady));
    await until(() => gates.every(({ gate }) => gate.waiting > 0), () => `the first paint's requests with no answer and no adapter chunk yet; arrived: ${gates.filter(({ gate }) => gate.waiting > 0).map(({ path }) => path).join(', ') || 'none'}`);
    releaseChunk();
    for (const { gate } of gates) gate.release();
    everything.release();
    const readyAt = await loaded;
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })));
    return { resources, readyAt, errors };
  } finally {
    releaseChunk();
    for (const { gate } of gates) gate.release();
    everything.release();
    ctx.pages.setDelay(null);
    await page.close();
  }
}

/** Resolves once `check()` holds; fails after 20 s with what it waited for (a hang, not a timing claim). */
async function until(check, what) {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const scripts = (resources) => resources.filter((r) => new URL(r.url).pathname.startsWith('/cdn/')).map((r) => new URL(r.url).pathname);
/** The page's own files (merchant.js, the browser's favicon request) are not the portal's code or requests. */
const portalOnly = (resources) => resources.filter((r) => !new URL(r.url).pathname.startsWith('/merchant') && new URL(r.url).pathname !== '/favicon.ico');
const label = (r) => new URL(r.url).pathname;

/**
 * The first paint's API requests form one wave that starts as soon as the
 * first chunk ran: each started after the first chunk, before the (held)
 * adapter chunk arrived, and none waits for another (they all reached the
 * server while it answered none; see `load`).
 */
function assertNoWaitForCode(resources, readyAt, firstChunk, adapterChunk, needed) {
  const portal = portalOnly(resources);
  const first = portal.find((r) => label(r) === firstChunk);
  const chunk = portal.find((r) => adapterChunk.test(label(r)));
  assert.ok(first && chunk, `first chunk and adapter chunk loaded: ${portal.map(label).join(', ')}`);
  const api = portal.filter((r) => !label(r).startsWith('/cdn/') && r.end <= readyAt);
  for (const path of needed) {
    const request = api.find((r) => label(r).endsWith(path));
    assert.ok(request, `${path} answered before portal-ready (${api.map(label).join(', ')})`);
    assert.ok(request.start >= first.end, `${path} starts after the first chunk`);
    assert.ok(request.start < chunk.end, `${path} started at ${Math.round(request.start)} ms, before the adapter chunk arrived at ${Math.round(chunk.end)} ms`);
  }
}

describe('per-backend CDN entries: own adapter only, no round trip before the first API wave', () => {
  const ctx = useStrictPageStack();

  it('a Flexprice page loads no Polar code, and its API wave waits for nothing but the first chunk', async () => {
    const res = await fetch(`${ctx.api.url}/v1/customers/portal/cus-typical`, { headers: { 'x-api-key': 'sk_test_demo' } });
    const { token } = await res.json();
    const needed = ['/customer/portal/info', '/customer/portal/subscriptions', '/customer/portal/analytics/revenue'];
    const { resources, readyAt, errors } = await load(ctx, 'flexprice', { 'api-base': `${ctx.api.url}/v1`, token }, ctx.api.api, needed);
    assert.deepEqual(errors, []);
    const loaded = scripts(resources);
    assert.ok(loaded.includes('/cdn/customer-portal.js'));
    assert.equal(loaded.filter((p) => /\/backend-polar-/.test(p)).length, 0, `no Polar chunk: ${loaded.join(', ')}`);
    assert.ok(!loaded.some((p) => p.startsWith('/cdn/polar/')), 'nothing from the Polar build');
    const first = readFileSync(join(CDN_DIR, 'customer-portal.js'), 'utf8');
    assert.ok(!first.includes('/customer-session/introspect'), 'no Polar adapter code in the Flexprice first chunk');
    // Code and API requests before portal-ready: the first chunk, then one wave (API requests with the lazy chunks beside them).
    assertNoWaitForCode(resources, readyAt, '/cdn/customer-portal.js', /\/cdn\/backend-flexprice-/, needed);
  });

  it('a Polar page loads no Flexprice code, and its API wave waits for nothing but the first chunk', async () => {
    const minted = await fetch(`${ctx.api.url}/polar/v1/customer-sessions/`, {
      method: 'POST',
      headers: { authorization: 'Bearer polar_oat_reference_demo_token_0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ external_customer_id: 'polar-typical' }),
    });
    const session = await minted.json();
    const needed = ['/customers/me', '/wallets/', '/subscriptions/'];
    const { resources, readyAt, errors } = await load(ctx, 'polar', { 'api-base': ctx.api.polar.url, token: session.token, 'expires-at': session.expires_at }, ctx.api.polar.api, needed);
    assert.deepEqual(errors, []);
    const loaded = scripts(resources);
    assert.ok(loaded.includes('/cdn/polar/customer-portal.js'));
    assert.equal(loaded.filter((p) => /\/backend-flexprice-/.test(p)).length, 0, `no Flexprice chunk: ${loaded.join(', ')}`);
    assert.ok(!loaded.includes('/cdn/customer-portal.js'), 'not the Flexprice build');
    // No chart code either: Polar has no usage over time.
    assert.ok(!loaded.some((p) => /\/(usage-chart|chart)-/.test(p)), `no chart chunks: ${loaded.join(', ')}`);
    const first = readFileSync(join(CDN_DIR, 'polar', 'customer-portal.js'), 'utf8');
    assert.ok(!first.includes('X-Session-Token') && !first.includes('/customer/portal/info'), 'no Flexprice adapter code in the Polar first chunk');
    assertNoWaitForCode(resources, readyAt, '/cdn/polar/customer-portal.js', /\/cdn\/polar\/backend-polar-/, needed);
  });
});
