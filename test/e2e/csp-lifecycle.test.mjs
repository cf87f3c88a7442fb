// Lifecycle on the strict CSP page (CDN build): 200 mount/unmount cycles of
// <customer-portal> — every eighth of them until the data and the chart are on
// screen and another tab is opened, the rest torn down mid-request — leave no
// pending timer, no listener on window/document/media queries, no observed
// ResizeObserver target (each chart.js instance holds one), no accumulation of
// element instances, and no heap growth beyond noise (measured after forced garbage
// collection through the DevTools protocol). Zero CSP violations throughout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStrictPageStack } from './pages/serve.mjs';

const CYCLES = 200;
const instrument = readFileSync(new URL('./pages/instrument.js', import.meta.url), 'utf8');

/** Runs `count` mount/unmount cycles in the page; every `fullEvery`-th waits for data, a chart and a second tab. */
function cycles(page, { apiBase, token, start, count, fullEvery }) {
  return page.evaluate(
    async ({ apiBase, token, start, count, fullEvery }) => {
      const host = document.getElementById('host');
      const until = async (check, what, ms = 8000) => {
        const end = performance.now() + ms;
        while (!check()) {
          if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => requestAnimationFrame(() => r()));
        }
      };
      const shadow = (el, sel) => el?.shadowRoot?.querySelector(sel) ?? null;
      let full = 0;
      for (let i = start; i < start + count; i++) {
        const el = document.createElement('customer-portal');
        el.setAttribute('api-base', apiBase);
        el.dataset.cycle = String(i);
        el.token = token;
        host.append(el);
        if (i % fullEvery === 0) {
          full++;
          await until(() => shadow(shadow(shadow(shadow(el, 'cp-section-panel[data-tab="overview"]'), 'cp-usage-trend-section'), 'cp-usage-chart'), 'canvas'), 'the overview chart');
          const tab = i % (2 * fullEvery) === 0 ? 'usage' : 'invoices';
          el.tab = tab;
          await until(() => {
            const panel = shadow(el, `cp-section-panel[data-tab="${tab}"]`);
            return tab === 'usage'
              ? shadow(shadow(shadow(panel, 'cp-usage-chart-section'), 'cp-usage-chart'), 'canvas')
              : shadow(panel, 'cp-invoices-section')?.shadowRoot?.textContent?.includes('INV-');
          }, `the ${tab} tab`);
        } else if (i % 3 === 0) {
          // Torn down while its first requests are in flight.
          await new Promise((r) => setTimeout(r, 5));
        }
        el.remove();
      }
      return full;
    },
    { apiBase, token, start, count, fullEvery },
  );
}

describe('200 mount/unmount cycles leave nothing behind', () => {
  const ctx = useStrictPageStack();

  it('no timers, listeners, observers, element instances or heap growth after 200 cycles', { timeout: 120_000 }, async () => {
    const page = await ctx.browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.addInitScript({ content: instrument });
    await page.goto(`${ctx.pages.url}/strict.html`);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const apiBase = `${ctx.api.url}/v1`;
    const { token } = await ctx.api.api.mintToken('cus-heavy-usage', { ttlSeconds: 3600 });

    // Every request the page started, until it is answered or cancelled (a torn-down element aborts its own).
    const inFlight = new Set();
    page.on('request', (r) => inFlight.add(r));
    page.on('requestfinished', (r) => inFlight.delete(r));
    page.on('requestfailed', (r) => inFlight.delete(r));
    const quiet = async () => {
      // The signal that the cycles are over: no request left in flight, then two frames (the last renders
      // and the abort handlers have run). Then collect twice (weak refs, finalizers).
      const deadline = Date.now() + 15_000;
      while (inFlight.size > 0) {
        if (Date.now() > deadline) assert.fail(`requests never settled: ${[...inFlight].map((r) => r.url()).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
    };
    const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const liveElements = async () => {
      const objectGroup = 'lifecycle-probe';
      const { result: proto } = await cdp.send('Runtime.evaluate', { expression: "customElements.get('customer-portal').prototype", objectGroup });
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.objectId, objectGroup });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: objects.objectId,
        functionDeclaration: 'function () { return this.map((el) => `cycle ${el.dataset.cycle} tab ${el.tab}`); }',
        returnByValue: true,
      });
      // Release the probe's handles, or they would keep what they found alive.
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup });
      return result.value;
    };

    // Warm-up: module-level one-time work (chart chunk, locale data, Intl caches) happens here, not in the measurement.
    await cycles(page, { apiBase, token, start: 0, count: 10, fullEvery: 2 });
    await quiet();
    const baseline = { heap: await heap(), leaks: await page.evaluate(() => window.__leaks.snapshot()) };

    const full = await cycles(page, { apiBase, token, start: 10, count: CYCLES, fullEvery: 8 });
    assert.ok(full >= 25, `${full} cycles reached data, a chart and a second tab`);
    await quiet();
    const end = { heap: await heap(), leaks: await page.evaluate(() => window.__leaks.snapshot()) };
    const growth = end.heap - baseline.heap;
    console.log(`# warm-up leaks ${JSON.stringify(baseline.leaks)}`);
    console.log(`# heap after warm-up ${(baseline.heap / 1e6).toFixed(2)} MB, after ${CYCLES} more cycles ${(end.heap / 1e6).toFixed(2)} MB (growth ${(growth / 1024).toFixed(0)} KiB); leaks ${JSON.stringify(end.leaks)}`);

    assert.equal(end.leaks.timeouts, 0, 'no pending setTimeout');
    assert.equal(end.leaks.intervals, 0, 'no setInterval left running');
    assert.equal(end.leaks.frames, 0, 'no pending animation frame');
    assert.deepEqual(end.leaks.listeners, baseline.leaks.listeners, 'listeners on window/document/media queries are back to the warm-up baseline');
    assert.equal(end.leaks.observed.ResizeObserver, 0, 'no element left observed by a ResizeObserver (chart.js instances destroyed)');
    // (Playwright's injected script keeps one MutationObserver on the document; chart.js adds one per live chart.)
    assert.deepEqual(end.leaks.observed, baseline.leaks.observed, 'Mutation/IntersectionObservers back to the warm-up baseline');
    // Nothing accumulates: of the 210 elements, at most the most recent one with a chart may still be
    // referenced for a moment after its removal (seen in about one run in three, never two).
    // Counted over the measured cycles: an element of the warm-up (cycles 0-9) that one-time module-level
    // work still references does not accumulate, and is printed. (Since the opt-in actions landed, the
    // first Usage and first Invoices elements of the warm-up sometimes stay reachable: a known defect.)
    const all = await liveElements();
    const survivors = all.filter((s) => Number(/^cycle (\d+)/.exec(s)?.[1] ?? 0) >= 10);
    if (all.length > survivors.length) console.log(`# warm-up elements still reachable: ${all.filter((s) => !survivors.includes(s)).join(', ')}`);
    assert.ok(all.length - survivors.length <= 2, `at most two warm-up elements stay reachable: ${all.join(', ')}`);
    assert.ok(survivors.length <= 1, `no <customer-portal> instances accumulate: ${survivors.length} survive garbage collection (${survivors.join(', ')})`);
    // One leaked element with its shadow tree and data is well over 50 KB, so 200 would be over 10 MB;
    // allow 2 MB of noise (compiled code, Intl and style caches: 0.4–0.9 MB measured).
    assert.ok(growth < 2_000_000, `heap grew ${growth} bytes over ${CYCLES} cycles`);

    const seen = await page.evaluate(() => window.__strict);
    assert.deepEqual(seen.violations, [], 'no CSP violation');
    assert.deepEqual([...seen.errors, ...pageErrors], [], 'no uncaught error');
    assert.deepEqual(ctx.pages.reports, []);
    await page.close();
  });
});
