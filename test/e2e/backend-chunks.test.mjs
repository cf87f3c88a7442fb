// Per-backend CDN entries (src/cdn/<id>.ts): a merchant's page loads its own
// adapter and no other's, and the adapter costs no request before the first
// API wave. A page like a merchant's (the element and its session in the
// HTML, the script tag of its backend's build, under the strict CSP:
// test/e2e/pages/merchant-<id>.html) is served for Flexprice (dist/cdn/customer-portal.js) and for Polar
// (dist/cdn/polar/customer-portal.js); every script it loads is recorded.
// With 150 ms of API latency, a request that had to wait for code would show
// as one more wave.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDN_DIR, useStrictPageStack } from './pages/serve.mjs';
import { countWaves, wavesOf } from '../../scripts/bench/stats.mjs';

const LATENCY_MS = 150;
/** Opens the backend's merchant page (test/e2e/pages/merchant-<id>.html) with its session; what it loaded before portal-ready. */
async function load(ctx, backend, session) {
  const page = await ctx.browser.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${ctx.pages.url}/merchant-${backend}.html#${new URLSearchParams(session)}`);
  const readyAt = await page.evaluate(() => window.portalReady);
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })));
  await page.close();
  return { resources, readyAt, errors };
}

const scripts = (resources) => resources.filter((r) => new URL(r.url).pathname.startsWith('/cdn/')).map((r) => new URL(r.url).pathname);
/** The page's own files (merchant.js, the browser's favicon request) are not the portal's code or requests. */
const portalOnly = (resources) => resources.filter((r) => !new URL(r.url).pathname.startsWith('/merchant') && new URL(r.url).pathname !== '/favicon.ico');
const label = (r) => new URL(r.url).pathname;
/** Time the pages server holds the adapter's lazily loaded chunk (its mappings): a request that waited for it would start after. */
const CHUNK_DELAY_MS = 400;

/**
 * The first paint's API requests form one wave that starts as soon as the
 * first chunk ran: each one starts before the (held) adapter chunk arrives,
 * and none waits for another.
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
  assert.equal(countWaves(api), 1, `one API wave: ${JSON.stringify(wavesOf(api).map((w) => w.map(label)))}`);
}

describe('per-backend CDN entries: own adapter only, no round trip before the first API wave', () => {
  const ctx = useStrictPageStack();
  before(() => ctx.pages.setDelay((path) => (/\/backend-[a-z]+-/.test(path) ? CHUNK_DELAY_MS : 0)));
  after(() => ctx.pages.setDelay(null));

  it('a Flexprice page loads no Polar code, and its API wave waits for nothing but the first chunk', async () => {
    const res = await fetch(`${ctx.api.url}/v1/customers/portal/cus-typical`, { headers: { 'x-api-key': 'sk_test_demo' } });
    const { token } = await res.json();
    ctx.api.api.setFaults({ latencyMs: LATENCY_MS });
    try {
      const { resources, readyAt, errors } = await load(ctx, 'flexprice', { 'api-base': `${ctx.api.url}/v1`, token });
      assert.deepEqual(errors, []);
      const loaded = scripts(resources);
      assert.ok(loaded.includes('/cdn/customer-portal.js'));
      assert.equal(loaded.filter((p) => /\/backend-polar-/.test(p)).length, 0, `no Polar chunk: ${loaded.join(', ')}`);
      assert.ok(!loaded.some((p) => p.startsWith('/cdn/polar/')), 'nothing from the Polar build');
      const first = readFileSync(join(CDN_DIR, 'customer-portal.js'), 'utf8');
      assert.ok(!first.includes('/customer-session/introspect'), 'no Polar adapter code in the Flexprice first chunk');
      // Code and API requests before portal-ready: the first chunk, then one wave (API requests with the lazy chunks beside them).
      assertNoWaitForCode(resources, readyAt, '/cdn/customer-portal.js', /\/cdn\/backend-flexprice-/, ['/customer/portal/info', '/customer/portal/subscriptions', '/customer/portal/analytics/revenue']);
    } finally {
      ctx.api.api.setFaults({});
    }
  });

  it('a Polar page loads no Flexprice code, and its API wave waits for nothing but the first chunk', async () => {
    const minted = await fetch(`${ctx.api.url}/polar/v1/customer-sessions/`, {
      method: 'POST',
      headers: { authorization: 'Bearer polar_oat_reference_demo_token_0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ external_customer_id: 'polar-typical' }),
    });
    const session = await minted.json();
    ctx.api.polar.api.setFaults({ latencyMs: LATENCY_MS });
    try {
      const { resources, readyAt, errors } = await load(ctx, 'polar', { 'api-base': ctx.api.polar.url, token: session.token, 'expires-at': session.expires_at });
      assert.deepEqual(errors, []);
      const loaded = scripts(resources);
      assert.ok(loaded.includes('/cdn/polar/customer-portal.js'));
      assert.equal(loaded.filter((p) => /\/backend-flexprice-/.test(p)).length, 0, `no Flexprice chunk: ${loaded.join(', ')}`);
      assert.ok(!loaded.includes('/cdn/customer-portal.js'), 'not the Flexprice build');
      // No chart code either: Polar has no usage over time.
      assert.ok(!loaded.some((p) => /\/(usage-chart|chart)-/.test(p)), `no chart chunks: ${loaded.join(', ')}`);
      const first = readFileSync(join(CDN_DIR, 'polar', 'customer-portal.js'), 'utf8');
      assert.ok(!first.includes('X-Session-Token') && !first.includes('/customer/portal/info'), 'no Flexprice adapter code in the Polar first chunk');
      assertNoWaitForCode(resources, readyAt, '/cdn/polar/customer-portal.js', /\/cdn\/polar\/backend-polar-/, ['/customers/me', '/wallets/', '/subscriptions/']);
    } finally {
      ctx.api.polar.api.setFaults({});
    }
  });
});
