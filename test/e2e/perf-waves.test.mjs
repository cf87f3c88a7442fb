// Request shape of the CDN build against the reference server (behaviour, not
// timing): the Overview's first paint needs exactly one wave of parallel API
// requests; tabs reuse data already fetched; switching back to a tab sends no
// request. With 150 ms of server latency a request that waits for another
// shows up as a second wave, whatever the machine's speed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { startServer } from '../../demo/server/main.mjs';
import { startStaticServer } from '../../scripts/bench/static-server.mjs';
import { countWaves, wavesOf } from '../../scripts/bench/stats.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LATENCY_MS = 150;

describe('request waves of the CDN build (reference server, 150 ms latency)', () => {
  let portal;
  let site;
  let browser;
  let page;
  let apiBase;
  const apiCalls = () => page.evaluate((base) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(base)).map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })), apiBase);
  const path = (c) => new URL(c.url).pathname.replace('/v1/customer/portal', '') + new URL(c.url).search;

  before(async () => {
    if (!existsSync(`${ROOT}/dist/cdn/customer-portal.js`)) execFileSync('npx', ['vite', 'build', '--mode', 'cdn', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    portal = await startServer({ port: 0 });
    apiBase = `${portal.url}/v1`;
    site = await startStaticServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.addInitScript({ path: `${ROOT}/bench/instrument.js` });
    await page.goto(site.url);
    await page.waitForFunction(() => 'bench' in window && customElements.get('customer-portal') !== undefined);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await portal?.close();
  });

  it('paints the Overview after one wave of parallel requests', async () => {
    const res = await fetch(`${portal.url}/v1/customers/portal/cus-typical`, { headers: { 'x-api-key': 'sk_test_demo' } });
    const { token } = await res.json();
    portal.api.setFaults({ latencyMs: LATENCY_MS });
    const { connectedAt, readyAt } = await page.evaluate((a) => window.bench.mount(a), { token, apiBase });
    // What first paint waited for: the requests that answered before portal-ready.
    const beforeReady = (await apiCalls()).filter((c) => c.start >= connectedAt && c.end <= readyAt);
    const waves = wavesOf(beforeReady).map((w) => w.map(path));
    assert.equal(countWaves(beforeReady), 1, `one wave before portal-ready, got ${JSON.stringify(waves)}`);
    for (const needed of ['/info', '/wallets', '/subscriptions', '/analytics/revenue']) {
      assert.ok(waves[0].includes(needed), `${needed} is in the first wave (${waves[0].join(', ')})`);
    }
    const portalEl = page.locator('customer-portal');
    await portalEl.getByText('Priority Support').first().waitFor();
  });

  it('reuses fetched data across tabs and sends nothing when switching back', async () => {
    const portalEl = page.locator('customer-portal');
    const tab = (name) => portalEl.getByRole('tab', { name });
    const settle = () => page.waitForTimeout(LATENCY_MS * 4);
    await settle();
    const overviewCalls = (await apiCalls()).map(path);

    await tab('Credits').click();
    await portalEl.locator('cp-credits-tab').getByRole('button', { name: /next/i }).waitFor();
    await tab('Invoices').click();
    await portalEl.getByText(/INV-\d{6}-\d{5}/).first().waitFor();
    await tab('Usage').click();
    await portalEl.locator('cp-usage-tab').getByRole('button', { name: '30d', exact: true }).waitFor();
    await settle();
    const all = (await apiCalls()).map(path);
    const opened = all.slice(overviewCalls.length);
    for (const shared of ['/info', '/config', '/wallets', '/subscriptions']) {
      assert.equal(all.filter((p) => p === shared).length, 1, `${shared} fetched once for every tab (tab requests: ${opened.join(', ')})`);
    }

    const count = all.length;
    for (const name of ['Overview', 'Credits', 'Invoices', 'Usage', 'Overview']) {
      await tab(name).click();
      assert.equal(await tab(name).getAttribute('aria-selected'), 'true');
      await settle();
    }
    const later = (await apiCalls()).map(path).slice(count);
    assert.deepEqual(later, [], 'switching back to tabs already opened sends no request');
  });
});
