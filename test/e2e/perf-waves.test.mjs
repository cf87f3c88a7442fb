// Request shape of the CDN build against the reference server (behaviour, not
// timing): the Overview's first paint needs exactly one wave of parallel API
// requests and does not wait for follow-ups (the server holds them until
// after `portal-ready`, so the order is decided by the test, not by the CPU);
// tabs reuse data already fetched; switching back to a tab sends no request.
// With 150 ms of server latency a request that waits for another shows up as
// a second wave, whatever the machine's speed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { ensureBuild } from '../../scripts/ensure-build.mjs';
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
  /** Every API request the page started, in order (URL path + query), and how many are in flight. */
  const started = [];
  let inFlight = 0;
  const apiCalls = () => page.evaluate((base) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(base)).map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })), apiBase);
  const path = (c) => new URL(c.url).pathname.replace('/v1/customer/portal', '') + new URL(c.url).search;
  const isApi = (request) => request.url().startsWith(apiBase);

  /** Resolves once `check()` holds; fails with `what` after 20 s (a hang, not a timing claim). */
  async function until(check, what) {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * The element has finished reacting to the last input: its update and the
   * visible tab's update are complete, two frames have passed, and no API
   * request is in flight. Any request a tab switch causes is started inside
   * that update, so after this "nothing was sent" is a fact, not a guess.
   */
  async function settled() {
    await page.evaluate(async () => {
      const el = document.querySelector('customer-portal');
      await el.updateComplete;
      for (const tab of el.shadowRoot.querySelectorAll('[role="tabpanel"]:not([hidden]) > *')) await tab.updateComplete;
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    });
    await until(() => inFlight === 0, 'API requests in flight to finish');
  }

  before(async () => {
    ensureBuild({ log: (m) => console.log(`# ${m}`) });
    portal = await startServer({ port: 0 });
    apiBase = `${portal.url}/v1`;
    site = await startStaticServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    page.on('request', (r) => {
      if (!isApi(r) || r.method() === 'OPTIONS') return;
      started.push(path({ url: r.url() }));
      inFlight += 1;
    });
    const done = (r) => {
      if (isApi(r) && r.method() !== 'OPTIONS') inFlight -= 1;
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    await page.addInitScript({ path: `${ROOT}/bench/instrument.js` });
    await page.goto(site.url);
    await page.waitForFunction(() => 'bench' in window && customElements.get('customer-portal') !== undefined);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await portal?.close();
  });

  it('paints the Overview after one wave of parallel requests, without waiting for follow-ups', async () => {
    const res = await fetch(`${portal.url}/v1/customers/portal/cus-typical`, { headers: { 'x-api-key': 'sk_test_demo' } });
    const { token } = await res.json();
    portal.api.setFaults({ latencyMs: LATENCY_MS });
    // Follow-up requests (the real-time balance of a wallet from the list) are
    // held at the server until after portal-ready: the paint cannot have used them.
    const followUps = portal.api.hold(/\/wallets\/[^/]+$/);
    let readyWhileHeld = 0;
    try {
      const { connectedAt, readyAt } = await page.evaluate((a) => window.bench.mount(a), { token, apiBase });
      readyWhileHeld = followUps.waiting;
      // What first paint waited for: the requests that answered before portal-ready.
      const beforeReady = (await apiCalls()).filter((c) => c.start >= connectedAt && c.end <= readyAt);
      const waves = wavesOf(beforeReady).map((w) => w.map(path));
      assert.equal(countWaves(beforeReady), 1, `one wave before portal-ready, got ${JSON.stringify(waves)}`);
      for (const needed of ['/info', '/wallets', '/subscriptions', '/analytics/revenue']) {
        assert.ok(waves[0].includes(needed), `${needed} is in the first wave (${waves[0].join(', ')})`);
      }
      assert.ok(!beforeReady.some((c) => /^\/wallets\/[^/?]+$/.test(path(c))), 'no real-time balance answered before portal-ready');
      // The follow-up is asked for all the same (now, or at the latest right after the paint).
      await until(() => followUps.waiting > 0 || readyWhileHeld > 0, 'the real-time balance request');
    } finally {
      followUps.release();
    }
    const portalEl = page.locator('customer-portal');
    await portalEl.getByText('Priority Support').first().waitFor();
    await settled();
    assert.ok(started.some((p) => /^\/wallets\/[^/?]+$/.test(p)), `the real-time balance was requested (${started.join(', ')})`);
  });

  it('reuses fetched data across tabs and sends nothing when switching back', async () => {
    const portalEl = page.locator('customer-portal');
    const tab = (name) => portalEl.getByRole('tab', { name });
    await settled();
    const overviewCalls = started.length;

    await tab('Credits').click();
    await portalEl.locator('cp-transactions-section').getByRole('button', { name: /next/i }).waitFor();
    await settled();
    await tab('Invoices').click();
    await portalEl.getByText(/INV-\d{6}-\d{5}/).first().waitFor();
    await settled();
    await tab('Usage').click();
    await portalEl.locator('cp-section-panel[data-tab="usage"] cp-usage-range-section').getByRole('button', { name: '30d', exact: true }).waitFor();
    await settled();
    const all = [...started];
    const opened = all.slice(overviewCalls);
    for (const shared of ['/info', '/config', '/wallets', '/subscriptions']) {
      assert.equal(all.filter((p) => p === shared).length, 1, `${shared} fetched once for every tab (tab requests: ${opened.join(', ')})`);
    }

    const count = started.length;
    for (const name of ['Overview', 'Credits', 'Invoices', 'Usage', 'Overview']) {
      await tab(name).click();
      assert.equal(await tab(name).getAttribute('aria-selected'), 'true');
      await settled();
    }
    assert.deepEqual(started.slice(count), [], 'switching back to tabs already opened sends no request');
  });
});
