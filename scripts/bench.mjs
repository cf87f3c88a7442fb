// `npm run bench`: builds, starts the reference portal server and a static
// server for the CDN build, drives Debian's headless Chromium through the bench
// page (bench/), prints one table and writes bench-results/bench.json.
//
//   node scripts/bench.mjs [--no-build] [--runs 5] [--quick] [--backends-only]
//
// `--backends-only` runs only the per-backend rows (sizes of each backend's
// first and adapter chunks, request waves of a cold merchant page).
//
// Medians over repeated runs (each scenario says how many). Timings are this
// machine's; the size budgets are enforced separately by
// `node scripts/build.mjs --check-size` (CI), not by this script.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { BUDGETS, CDN_BUILDS, sizes } from './build.mjs';
import { lagoProxyMiddleware, startServer } from '../demo/server/main.mjs';
import { startStaticServer } from './bench/static-server.mjs';
import { consumerSizes } from './bench/consumer-bundle.mjs';
import { countWaves, max, median, percentile, wavesOf } from './bench/stats.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const INSTRUMENT = join(ROOT, 'bench/instrument.js');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', flag('--quick') ? 2 : 5);
const HEAP_CYCLES = option('--cycles', flag('--quick') ? 40 : 200);
const LONG_TASK_MS = 50;
const started = Date.now();
const log = (msg) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

// ── build ────────────────────────────────────────────────────────────────

if (!flag('--no-build')) {
  log('building the CDN and npm bundles (vite)…');
  // One CDN build per backend (the first empties dist/cdn, so the order is scripts/build.mjs's), then npm.
  for (const build of CDN_BUILDS) execSync('npx vite build --mode cdn --logLevel warn', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CP_CDN_BACKEND: build.id } });
  execSync('npx vite build --mode npm --logLevel warn', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
process.chdir(ROOT);
const BACKENDS_ONLY = flag('--backends-only');
const cdn = sizes();
/** Each backend's CDN build: its first chunk and its lazily loaded adapter chunks (backend-*.js). */
const backendSizes = Object.fromEntries(CDN_BUILDS.map((b) => [b.id, sizes(b.dir)]));
const buildSizes = (build) => backendSizes[build.id] ?? sizes(build.dir);
log('bundling the npm entry as a consumer would (vite app build)…');
const consumer = BACKENDS_ONLY ? null : await consumerSizes();

// ── servers and browser ───────────────────────────────────────────────────

const portal = await startServer({ port: 0 });
const apiBase = `${portal.url}/v1`;
// The Lago proxy is mounted on the merchant's own origin (no CORS), in front of the reference Lago API.
const site = await startStaticServer({ routes: { '/lago-proxy': await lagoProxyMiddleware(portal.lagoApiUrl) } });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
const browserVersion = browser.version();

async function mint(customer) {
  const res = await fetch(`${portal.url}/v1/customers/portal/${customer}`, { headers: { 'x-api-key': 'sk_test_demo' } });
  if (!res.ok) throw new Error(`minting a session for ${customer}: HTTP ${res.status}`);
  return (await res.json()).token;
}

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript({ path: INSTRUMENT });
  await page.goto(site.url);
  await page.waitForFunction(() => 'bench' in window && customElements.get('customer-portal') !== undefined);
  return { page, errors, close: () => context.close() };
}

const isApi = (r) => r.url.startsWith(apiBase);
const apiPath = (r) => new URL(r.url).pathname.replace(/^\/v1/, '') + (new URL(r.url).search || '');
const portalEl = (page) => page.locator('customer-portal');
const inTab = (page, tag) => page.locator(`customer-portal ${tag}`);

/** Waits until the page is quiet: no new resource, no busy or loading state in the portal for `quietMs`. */
async function quiet(page, quietMs = 250, timeoutMs = 15_000) {
  await page.waitForFunction(
    ({ quietMs }) => {
      const w = /** @type {any} */ (window);
      const el = document.querySelector('customer-portal');
      const busy = (root) => {
        if (!root) return false;
        if (root.querySelector('[aria-busy="true"], .state.loading')) return true;
        return [...root.querySelectorAll('*')].some((n) => n.shadowRoot && busy(n.shadowRoot));
      };
      const count = performance.getEntriesByType('resource').length + w.__perf.longtasks.length;
      const now = performance.now();
      if (busy(el?.shadowRoot) || count !== w.__quietCount) {
        w.__quietCount = count;
        w.__quietSince = now;
        return false;
      }
      return now - w.__quietSince >= quietMs;
    },
    { quietMs },
    { timeout: timeoutMs, polling: 50 },
  );
  return page.evaluate(() => window.bench.now());
}

const longOver = (tasks) => tasks.filter((t) => t.duration > LONG_TASK_MS);

// ── scenarios ────────────────────────────────────────────────────────────

/** Cold load: a fresh browser context per run, connect → portal-ready, request waves, long tasks. */
async function loadScenario(customer, latencyMs, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const token = await mint(customer);
    portal.api.setFaults({ latencyMs });
    const { page, errors, close } = await openPage();
    try {
      const { connectedAt, readyAt } = await page.evaluate((a) => window.bench.mount(a), { token, apiBase });
      const settledAt = await quiet(page);
      // Requests needed for first paint: those that answered before portal-ready (one still in flight was not waited for).
      const started = await page.evaluate(([a, b]) => window.bench.resources(a, b), [connectedAt, readyAt]);
      const before = started.filter((r) => r.end <= readyAt);
      const api = before.filter(isApi);
      const inFlight = started.filter((r) => r.end > readyAt && isApi(r)).map(apiPath);
      const tasks = await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [connectedAt, settledAt]);
      samples.push({
        readyMs: readyAt - connectedAt,
        apiRequests: api.length,
        apiWaves: countWaves(api),
        allWaves: countWaves(before),
        waves: wavesOf(api).map((w) => w.map(apiPath)),
        inFlightAtReady: inFlight,
        chunks: before.filter((r) => !isApi(r)).map((r) => new URL(r.url).pathname),
        longTasks: tasks.map((t) => Math.round(t.duration)),
        errors,
      });
    } finally {
      await close();
      portal.api.setFaults({});
    }
  }
  return {
    runs,
    readyMs: median(samples.map((s) => s.readyMs)),
    readyMsMax: max(samples.map((s) => s.readyMs)),
    apiWaves: median(samples.map((s) => s.apiWaves)),
    apiWavesMax: max(samples.map((s) => s.apiWaves)),
    allWaves: median(samples.map((s) => s.allWaves)),
    apiRequests: median(samples.map((s) => s.apiRequests)),
    longTasksOver50: max(samples.map((s) => longOver(s.longTasks.map((d) => ({ duration: d }))).length)),
    longestTaskMs: max(samples.flatMap((s) => s.longTasks)) ?? 0,
    example: samples[samples.length - 1],
    samples,
  };
}

/** Tab switches on the typical customer: first opens and switch-backs; requests, long tasks, click → next frame. */
async function tabScenario(runs) {
  const samples = [];
  const order = ['credits', 'invoices', 'usage', 'overview', 'credits', 'invoices', 'usage', 'overview'];
  for (let i = 0; i < runs; i++) {
    const token = await mint('cus-typical');
    const { page, errors, close } = await openPage();
    try {
      await page.evaluate((a) => window.bench.mount(a), { token, apiBase });
      await quiet(page);
      const seen = new Set(['overview']);
      for (const tab of order) {
        const first = !seen.has(tab);
        seen.add(tab);
        await page.evaluate(() => window.bench.arm('click', 'shell'));
        const t0 = await page.evaluate(() => window.bench.now());
        await portalEl(page).getByRole('tab', { name: new RegExp(`^${tab}$`, 'i') }).click();
        const probe = await page.evaluate(() => window.bench.settle());
        const t1 = await quiet(page);
        const requests = (await page.evaluate(([a, b]) => window.bench.resources(a, b), [t0, t1])).filter(isApi);
        const tasks = await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [t0, t1]);
        samples.push({ tab, first, probe, requests: requests.map(apiPath), longTasks: tasks.map((t) => Math.round(t.duration)), errors });
      }
    } finally {
      await close();
    }
  }
  const pick = (first) => samples.filter((s) => s.first === first);
  const summary = (list) => ({
    samples: list.length,
    toFrameMs: median(list.map((s) => s.probe.toFrame)),
    toFrameMsP95: percentile(list.map((s) => s.probe.toFrame), 95),
    framesBeforeDom: max(list.map((s) => s.probe.framesBeforeDom)),
    apiRequests: median(list.map((s) => s.requests.length)),
    apiRequestsMax: max(list.map((s) => s.requests.length)),
    longTasksOver50: list.reduce((n, s) => n + longOver(s.longTasks.map((d) => ({ duration: d }))).length, 0),
    longestTaskMs: max(list.flatMap((s) => s.longTasks)) ?? 0,
  });
  return { runs, firstOpen: summary(pick(true)), switchBack: summary(pick(false)), samples };
}

/** Invoice search on the 2,000-invoice customer, once every invoice is loaded: per keystroke. */
async function searchScenario(runs) {
  const samples = [];
  const keys = [...'01234', ...Array(5).fill('Backspace')];
  let loadLongTasks = [];
  for (let i = 0; i < runs; i++) {
    const token = await mint('cus-many-invoices');
    const { page, errors, close } = await openPage();
    try {
      const { connectedAt } = await page.evaluate((a) => window.bench.mount(a), { token, apiBase, tab: 'invoices' });
      const loadedAt = await quiet(page, 400, 30_000);
      loadLongTasks.push(...(await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [connectedAt, loadedAt])).map((t) => Math.round(t.duration)));
      const box = inTab(page, 'cp-section-panel[data-tab="invoices"]').getByRole('searchbox');
      await box.click();
      await page.waitForTimeout(100);
      for (const key of keys) {
        await page.evaluate(() => window.bench.arm('keydown', 'invoices'));
        await page.keyboard.press(key);
        const probe = await page.evaluate(() => window.bench.settle());
        await page.waitForTimeout(60);
        const tasks = await page.evaluate(([a]) => window.bench.longtasks(a), [probe.t0 ?? 0]);
        const events = await page.evaluate(([a]) => window.bench.events(a - 1), [probe.t0 ?? 0]);
        samples.push({ key, probe, longTasks: tasks.map((t) => Math.round(t.duration)), eventTiming: events.map((e) => ({ name: e.name, duration: e.duration })), errors });
      }
    } finally {
      await close();
    }
  }
  const ok = samples.filter((s) => !s.probe.timeout);
  return {
    runs,
    keystrokes: samples.length,
    timeouts: samples.length - ok.length,
    toDomMs: median(ok.map((s) => s.probe.toDom)),
    toDomMsP95: percentile(ok.map((s) => s.probe.toDom), 95),
    toFrameMs: median(ok.map((s) => s.probe.toFrame)),
    toFrameMsP95: percentile(ok.map((s) => s.probe.toFrame), 95),
    framesBeforeDomMax: max(ok.map((s) => s.probe.framesBeforeDom)),
    slowEvents: samples.flatMap((s) => s.eventTiming).filter((e) => e.name === 'keydown' || e.name === 'input' || e.name === 'keyup').length,
    eventTimingMaxMs: max(samples.flatMap((s) => s.eventTiming.map((e) => e.duration))) ?? '<16',
    longTasksOver50: samples.reduce((n, s) => n + longOver(s.longTasks.map((d) => ({ duration: d }))).length, 0),
    longestTaskMs: max(samples.flatMap((s) => s.longTasks)) ?? 0,
    loadLongTasksOver50: longOver(loadLongTasks.map((d) => ({ duration: d }))).length,
    loadLongestTaskMs: max(loadLongTasks) ?? 0,
    samples,
  };
}

/** Paging the 5,000-transaction customer on the Credits tab: Next ×8 per run. */
async function pagingScenario(runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const token = await mint('cus-many-transactions');
    const { page, errors, close } = await openPage();
    try {
      await page.evaluate((a) => window.bench.mount(a), { token, apiBase, tab: 'credits' });
      await quiet(page);
      const next = inTab(page, 'cp-transactions-section').getByRole('button', { name: /next/i });
      for (let p = 0; p < 8; p++) {
        await page.evaluate(() => window.bench.arm('click', 'credits'));
        const t0 = await page.evaluate(() => window.bench.now());
        await next.click();
        const probe = await page.evaluate(() => window.bench.settle());
        const t1 = await quiet(page);
        const requests = (await page.evaluate(([a, b]) => window.bench.resources(a, b), [t0, t1])).filter(isApi);
        const tasks = await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [t0, t1]);
        samples.push({ probe, requests: requests.map(apiPath), longTasks: tasks.map((t) => Math.round(t.duration)), errors });
      }
    } finally {
      await close();
    }
  }
  const ok = samples.filter((s) => !s.probe.timeout);
  return {
    runs,
    pages: samples.length,
    toFrameMs: median(ok.map((s) => s.probe.toFrame)),
    toFrameMsP95: percentile(ok.map((s) => s.probe.toFrame), 95),
    apiRequestsPerPage: median(samples.map((s) => s.requests.length)),
    longTasksOver50: samples.reduce((n, s) => n + longOver(s.longTasks.map((d) => ({ duration: d }))).length, 0),
    longestTaskMs: max(samples.flatMap((s) => s.longTasks)) ?? 0,
    samples,
  };
}

/** Chart drawing: 30 days hourly × 20 features (synthetic, on the chart element), and the heavy-usage customer's Usage tab at 30d. */
async function chartScenario(runs) {
  const draws = [];
  const usageTab = [];
  for (let i = 0; i < runs; i++) {
    const token = await mint('cus-heavy-usage');
    const { page, errors, close } = await openPage();
    try {
      // The Usage tab first (this also loads the chart chunk and registers cp-usage-chart).
      const { connectedAt, readyAt } = await page.evaluate((a) => window.bench.mount(a), { token, apiBase, tab: 'usage' });
      let t1 = await quiet(page);
      let tasks = await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [connectedAt, t1]);
      const first = { step: 'usage tab (default range)', readyMs: readyAt - connectedAt, longTasks: tasks.map((t) => Math.round(t.duration)) };
      const t0 = await page.evaluate(() => window.bench.now());
      await inTab(page, 'cp-section-panel[data-tab="usage"] cp-usage-range-section').getByRole('button', { name: '30d', exact: true }).click();
      t1 = await quiet(page);
      tasks = await page.evaluate(([a, b]) => window.bench.longtasks(a, b), [t0, t1]);
      usageTab.push(first, { step: 'usage tab 30d', ms: t1 - t0, longTasks: tasks.map((t) => Math.round(t.duration)) });
      const draw = await page.evaluate(() => window.bench.drawChart({ series: 20, points: 720 }));
      await page.waitForTimeout(150);
      tasks = await page.evaluate(([a]) => window.bench.longtasks(a), [draw.t0]);
      draws.push({ ...draw, longTasks: tasks.map((t) => Math.round(t.duration)), errors });
    } finally {
      await close();
    }
  }
  return {
    runs,
    drawMs: median(draws.map((d) => d.drawnMs)),
    paintedMs: median(draws.map((d) => d.paintedMs)),
    drawLongTasksOver50: draws.reduce((n, d) => n + longOver(d.longTasks.map((x) => ({ duration: x }))).length, 0),
    drawLongestTaskMs: max(draws.flatMap((d) => d.longTasks)) ?? 0,
    usageTabLongTasksOver50: usageTab.reduce((n, d) => n + longOver(d.longTasks.map((x) => ({ duration: x }))).length, 0),
    usageTabLongestTaskMs: max(usageTab.flatMap((d) => d.longTasks)) ?? 0,
    draws,
    usageTab,
  };
}

/** Heap after `cycles` mount → portal-ready → unmount cycles, after forced GC (CDP). One run. */
async function heapScenario(cycles) {
  const token = await mint('cus-typical');
  const { page, errors, close } = await openPage();
  try {
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    // Warm-up: module code, template caches and the chart chunk are paid once, not per cycle. So is
    // V8's optimized code: heap snapshots after 10 warm-up cycles showed the next 200 cycles' growth
    // to be almost all compiled code (~0.7 MB) and no retained objects, and a further 200 grew ~20 KB.
    // Warming up keeps JIT tier-up out of the growth. Since the start-up work is split into more tasks,
    // tier-up takes longer: consecutive blocks of 200 cycles grew +378, +282, +22, +14, +43 KB (converging,
    // not a leak), so the warm-up is three times the measured cycles.
    await page.evaluate((a) => window.bench.cycles(a), { token, apiBase, cycles: Math.max(10, 3 * cycles) });
    const before = await heap();
    const t0 = Date.now();
    await page.evaluate((a) => window.bench.cycles(a), { token, apiBase, cycles });
    const seconds = (Date.now() - t0) / 1000;
    const after = await heap();
    const elements = await page.evaluate(() => document.querySelectorAll('customer-portal').length);
    return { cycles, runs: 1, beforeBytes: before, afterBytes: after, growthBytes: after - before, perCycleBytes: Math.round((after - before) / cycles), seconds, elementsLeft: elements, errors };
  } finally {
    await close();
  }
}

/**
 * The reference server's own answer times (the tests no longer assert them): a page deep in the
 * 2,000-invoice list, and 30 days of daily usage for 20 features. Loopback, no injected latency.
 */
async function serverScenario(runs) {
  const call = async (customer, path, body) => {
    const token = await mint(customer);
    const once = async () => {
      const t0 = performance.now();
      const res = await fetch(`${apiBase}/customer/portal${path}`, { method: 'POST', headers: { 'x-session-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      await res.arrayBuffer();
      return performance.now() - t0;
    };
    await once(); // builds the customer's data once
    const times = [];
    for (let i = 0; i < runs * 4; i++) times.push(await once());
    return { medianMs: median(times), p95Ms: percentile(times, 95), samples: times.length };
  };
  const end = new Date();
  const start = new Date(end.getTime() - 30 * 24 * 3600_000);
  return {
    runs,
    invoicePage: await call('cus-many-invoices', '/invoices', { page: 57, limit: 25 }),
    heavyUsageDaily: await call('cus-heavy-usage', '/analytics/revenue', { window_size: 'DAY', start_time: start.toISOString(), end_time: end.toISOString(), expand: ['price'] }),
  };
}

/**
 * What the bench needs to open a merchant page per backend: the API base the
 * element is given, the reference server's handler for that backend (its
 * `setFaults`), and a fresh session as the merchant's server would hand it
 * over (attributes of the element). A backend with a CDN build (CDN_BUILDS in
 * scripts/build.mjs) but no entry here is reported as not measured. Lago has
 * no CDN build of its own: its page loads the default build
 * (dist/cdn/customer-portal.js), whose registry lazily loads the Lago adapter,
 * and talks to the package's Lago proxy, mounted on the page's origin as a
 * merchant would, in front of the reference Lago API (whose latency is set). A backend given a CDN build of
 * its own later is measured from it (CDN_BUILDS first).
 */
const BENCH_BACKENDS = {
  flexprice: { apiBase: () => apiBase, api: () => portal.api, session: async () => ({ token: await mint('cus-typical') }) },
  polar: {
    apiBase: () => portal.polar.url,
    api: () => portal.polar.api,
    session: async () => {
      const s = await portal.polar.api.mintSession('polar-typical');
      return { token: s.token, 'expires-at': s.expires_at };
    },
  },
  lago: {
    apiBase: () => `${site.url}/lago-proxy`,
    api: () => portal.lago,
    session: async () => {
      const s = await portal.lago.mintToken('lago-typical');
      return { token: s.token, 'portal-url': s.portal_url };
    },
  },
};
/** The backends the bench loads: each CDN build, then the registry-only ones (Lago) from the default build. */
const BENCH_BUILDS = [
  ...CDN_BUILDS,
  ...Object.keys(BENCH_BACKENDS)
    .filter((id) => !CDN_BUILDS.some((b) => b.id === id))
    .map((id) => ({ id, dir: CDN_BUILDS[0].dir, shared: true })),
];
const entryOf = (build) => `/cdn/${join(build.dir.replace(/^dist\/cdn\/?/, ''), 'customer-portal.js')}`;

/**
 * A cold merchant page per backend: the element and its session in the HTML,
 * the backend's script tag (static-server.mjs `/merchant`), a fresh browser
 * context; the static server and the API both answer `latencyMs` late. Request
 * waves from page load to `portal-ready`, code chunks and API calls together
 * (the HTML document itself is not counted).
 */
async function merchantLoadScenario(build, latencyMs, runs) {
  const backend = BENCH_BACKENDS[build.id];
  const base = backend.apiBase();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const session = await backend.session();
    backend.api().setFaults({ latencyMs });
    site.setLatency(latencyMs);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.addInitScript({ path: INSTRUMENT });
      const query = new URLSearchParams({ entry: entryOf(build), backend: build.id, 'api-base': base, ...session });
      await page.goto(`${site.url}/merchant?${query}`);
      const readyAt = await (await page.waitForFunction(() => window.portalReadyAt)).jsonValue();
      const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })));
      // The browser's own favicon request is not the portal's.
      const before = resources.filter((r) => r.end <= readyAt && !r.url.endsWith('/favicon.ico'));
      const isCode = (r) => r.url.startsWith(`${site.url}/cdn/`);
      const label = (r) => (isCode(r) ? new URL(r.url).pathname : `API ${new URL(r.url).pathname.replace(new URL(base).pathname, '') || new URL(r.url).pathname}`);
      samples.push({
        readyMs: readyAt,
        waves: countWaves(before),
        apiWaves: countWaves(before.filter((r) => !isCode(r))),
        requests: before.length,
        code: before.filter(isCode).map(label),
        example: wavesOf(before).map((w) => w.map(label)),
        errors,
      });
    } finally {
      await context.close();
      backend.api().setFaults({});
      site.setLatency(0);
    }
  }
  return {
    backend: build.id,
    latencyMs,
    runs,
    waves: median(samples.map((s) => s.waves)),
    wavesMax: max(samples.map((s) => s.waves)),
    apiWaves: median(samples.map((s) => s.apiWaves)),
    requests: median(samples.map((s) => s.requests)),
    readyMs: median(samples.map((s) => s.readyMs)),
    example: samples[samples.length - 1],
    samples,
  };
}

// ── run ──────────────────────────────────────────────────────────────────

const results = {};
try {
  results.backends = {};
  for (const build of BENCH_BUILDS.filter((b) => BENCH_BACKENDS[b.id])) {
    log(`${build.id}: cold merchant page, 100 ms latency ×${RUNS}…`);
    try {
      results.backends[build.id] = await merchantLoadScenario(build, 100, RUNS);
    } catch (error) {
      // One backend's page failing (no portal-ready) is reported in its row, not the end of the run.
      results.backends[build.id] = { backend: build.id, failed: String(error?.message ?? error).split('\n')[0] };
    }
  }
  if (!BACKENDS_ONLY) await mainScenarios();
} finally {
  await browser.close();
  await site.close();
  await portal.close();
}

async function mainScenarios() {
  log(`cold load, 0 ms latency ×${RUNS}…`);
  results.load0 = await loadScenario('cus-typical', 0, RUNS);
  log(`cold load, 100 ms latency ×${RUNS}…`);
  results.load100 = await loadScenario('cus-typical', 100, RUNS);
  log(`tab switches ×${Math.max(1, RUNS - 2)}…`);
  results.tabs = await tabScenario(Math.max(1, RUNS - 2));
  log(`invoice search ×${Math.max(1, RUNS - 2)}…`);
  results.search = await searchScenario(Math.max(1, RUNS - 2));
  log(`credits paging ×${Math.max(1, RUNS - 2)}…`);
  results.paging = await pagingScenario(Math.max(1, RUNS - 2));
  log(`charts ×${RUNS}…`);
  results.chart = await chartScenario(RUNS);
  log(`reference server answers ×${RUNS * 4}…`);
  results.server = await serverScenario(RUNS);
  log(`heap, ${HEAP_CYCLES} mount/unmount cycles…`);
  results.heap = await heapScenario(HEAP_CYCLES);
}

// ── report ───────────────────────────────────────────────────────────────

const kb = (n) => (n == null ? '—' : `${(n / 1024).toFixed(1)} KB`);
const ms = (n) => (n == null ? '—' : `${Math.round(n)} ms`);
const ms1 = (n) => (n == null ? '—' : `${n.toFixed(1)} ms`);
const mark = (ok) => (ok ? 'ok' : 'MISSED');
const sizeRow = (name, s, target) => [name, `${kb(s.gzip)} gzip / ${kb(s.brotli)} br (${kb(s.raw)} raw)`, target ?? '', target ? mark(s.gzip <= (target.includes('65') ? BUDGETS.chartChunk : BUDGETS.cdnFirstChunk)) : ''];
const sum = (list) => list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const { load0, load100, tabs, search, paging, chart, server, heap } = results;

/** Per backend: its first chunk, its adapter chunks, request waves of a cold merchant page at 100 ms. */
const backendRows = () => [
  ['Backends (cold merchant page: element and session in the HTML, the backend\'s script tag; static files and API 100 ms late)', '', '', ''],
  ...BENCH_BUILDS.flatMap((build) => {
    const s = buildSizes(build);
    const load = results.backends[build.id];
    // The build also holds the other backends' chunks (the registry can import them); a page of this backend loads only its own.
    const own = s.backends.filter((c) => c.file.startsWith(`backend-${build.id}-`));
    const adapters = own.length ? sum(own) : null;
    return [
      sizeRow(`${build.id}: first chunk (${entryOf(build)}${build.shared ? `, the ${CDN_BUILDS[0].id} build's` : ''})`, s.first, '≤ 30 KB gzip'),
      [
        `${build.id}: adapter chunk (${own.map((c) => c.file.replace(/-[\w-]{8}\.js$/, '-*.js')).join(', ') || 'none: in the first chunk'}, lazy)`,
        adapters ? `${kb(adapters.gzip)} gzip / ${kb(adapters.brotli)} br (${kb(adapters.raw)} raw)` : '—',
        '',
        '',
      ],
      load?.failed
        ? [`${build.id}: request waves incl. code`, `FAILED: ${load.failed}`, '', 'MISSED']
        : load
        ? [
            `${build.id}: request waves incl. code, page load → portal-ready, 100 ms (median of ${load.runs})`,
            `${load.waves} (max ${load.wavesMax}; ${load.requests} requests, API alone ${load.apiWaves} wave${load.apiWaves === 1 ? '' : 's'}; ready ${ms(load.readyMs)})`,
            build.id === 'flexprice' ? '≤ 3' : '',
            build.id === 'flexprice' ? mark(load.waves <= 3) : '',
          ]
        : [`${build.id}: request waves incl. code`, 'not measured (no BENCH_BACKENDS entry in scripts/bench.mjs)', '', ''],
    ];
  }),
];

const mainRows = () => [
  ['Sizes', '', '', ''],
  sizeRow('CDN first chunk (customer-portal.js)', cdn.first, '≤ 30 KB gzip'),
  ...cdn.chart.map((c) => sizeRow(`CDN chart chunk (${c.file.replace(/-[\w-]+\.js$/, '-*.js')})`, c, '≤ 65 KB gzip')),
  ...(cdn.chartElement ?? []).map((c) => sizeRow('CDN chart element chunk (usage-chart-*.js, lazy)', c)),
  ...(cdn.tabs ?? []).map((c) => sizeRow(`CDN tab chunk ${c.file.replace(/-[\w-]{8}\.js$/, '-*.js')} (lazy)`, c)),
  cdn.messages.length
    ? [`CDN message chunks (${cdn.messages.length} non-English, largest)`, `${kb(Math.max(...cdn.messages.map((m) => m.gzip)))} gzip / ${kb(Math.max(...cdn.messages.map((m) => m.brotli)))} br`, '', '']
    : ['CDN message chunks (non-English)', 'none built yet (English only)', '', ''],
  ['npm entry in an app bundle, with lit etc. (eager)', `${kb(consumer.withDeps.first.gzip)} gzip / ${kb(consumer.withDeps.first.brotli)} br (${kb(consumer.withDeps.first.raw)} raw)`, '', ''],
  ['npm entry in an app bundle, chart chunk with chart.js (lazy)', `${kb(consumer.withDeps.chart.gzip)} gzip / ${kb(consumer.withDeps.chart.brotli)} br`, '', ''],
  ['npm entry, package own code only (eager)', `${kb(consumer.ownOnly.first.gzip)} gzip / ${kb(consumer.ownOnly.first.brotli)} br (${kb(consumer.ownOnly.first.raw)} raw)`, '', ''],
  ['npm entry, package own code only (lazy: tabs, chart, messages)', `${kb(consumer.ownOnly.lazy.gzip)} gzip in ${consumer.ownOnly.chunks.filter((c) => !c.eager).length} chunks`, '', ''],
  ['Load (cus-typical, cold page)', '', '', ''],
  [`connect → portal-ready, 0 ms latency (median of ${load0.runs})`, ms(load0.readyMs), '', ''],
  [`connect → portal-ready, 100 ms latency (median of ${load100.runs})`, ms(load100.readyMs), '', ''],
  ['API request waves before portal-ready (100 ms)', `${load100.apiWaves} (max ${load100.apiWavesMax}; ${load100.apiRequests} requests)`, '1', mark(load100.apiWavesMax === 1)],
  ['API request waves before portal-ready (0 ms; timing-dependent)', `${load0.apiWaves} (max ${load0.apiWavesMax})`, '', ''],
  ['waves incl. code chunks (100 ms)', `${load100.allWaves}`, '', ''],
  ['long tasks > 50 ms during load (worst run, 0 / 100 ms)', `${load0.longTasksOver50} / ${load100.longTasksOver50} (longest ${ms(Math.max(load0.longestTaskMs, load100.longestTaskMs))})`, '0', mark(load0.longTasksOver50 + load100.longTasksOver50 === 0)],
  [`Tab switches (cus-typical, ${tabs.runs} runs)`, '', '', ''],
  ['click → next frame, first open (median / p95)', `${ms1(tabs.firstOpen.toFrameMs)} / ${ms1(tabs.firstOpen.toFrameMsP95)}`, '', ''],
  ['click → next frame, switch back (median / p95)', `${ms1(tabs.switchBack.toFrameMs)} / ${ms1(tabs.switchBack.toFrameMsP95)}`, '', ''],
  ['API requests on switching back to a tab (max)', `${tabs.switchBack.apiRequestsMax}`, '0', mark(tabs.switchBack.apiRequestsMax === 0)],
  ['long tasks > 50 ms on tab switches (all runs)', `${tabs.firstOpen.longTasksOver50 + tabs.switchBack.longTasksOver50} (longest ${ms(Math.max(tabs.firstOpen.longestTaskMs, tabs.switchBack.longestTaskMs))})`, '0', mark(tabs.firstOpen.longTasksOver50 + tabs.switchBack.longTasksOver50 === 0)],
  [`Invoice search (2,000 invoices, ${search.keystrokes} keystrokes in ${search.runs} runs)`, '', '', ''],
  ['keydown → rows updated (median / p95)', `${ms1(search.toDomMs)} / ${ms1(search.toDomMsP95)}`, '', ''],
  ['keydown → next frame with the rows (median / p95)', `${ms1(search.toFrameMs)} / ${ms1(search.toFrameMsP95)}`, '≤ 1 frame', mark(search.framesBeforeDomMax === 0 && search.timeouts === 0)],
  ['frames rendered before the rows changed (max)', `${search.framesBeforeDomMax}${search.timeouts ? ` (${search.timeouts} keystrokes changed nothing)` : ''}`, '0', ''],
  ['Event Timing: keystroke events ≥ 16 ms', `${search.slowEvents} (max ${typeof search.eventTimingMaxMs === 'number' ? ms(search.eventTimingMaxMs) : search.eventTimingMaxMs})`, '', ''],
  ['long tasks > 50 ms during search', `${search.longTasksOver50} (longest ${ms(search.longestTaskMs)})`, '0', mark(search.longTasksOver50 === 0)],
  ['long tasks > 50 ms loading 2,000 invoices', `${search.loadLongTasksOver50} (longest ${ms(search.loadLongestTaskMs)})`, '0', mark(search.loadLongTasksOver50 === 0)],
  [`Credits paging (5,000 transactions, ${paging.pages} pages in ${paging.runs} runs)`, '', '', ''],
  ['click Next → next frame (median / p95)', `${ms1(paging.toFrameMs)} / ${ms1(paging.toFrameMsP95)}`, '', ''],
  ['API requests per page (median)', `${paging.apiRequestsPerPage}`, '', ''],
  ['long tasks > 50 ms while paging', `${paging.longTasksOver50} (longest ${ms(paging.longestTaskMs)})`, '0', mark(paging.longTasksOver50 === 0)],
  [`Charts (${chart.runs} runs)`, '', '', ''],
  ['draw 30 days hourly × 20 features (720 × 20 points)', `${ms(chart.drawMs)} to drawn, ${ms(chart.paintedMs)} to painted`, '', ''],
  ['long tasks > 50 ms drawing it', `${chart.drawLongTasksOver50} (longest ${ms(chart.drawLongestTaskMs)})`, '0', mark(chart.drawLongTasksOver50 === 0)],
  ['long tasks > 50 ms, Usage tab of cus-heavy-usage (load + 30d)', `${chart.usageTabLongTasksOver50} (longest ${ms(chart.usageTabLongestTaskMs)})`, '0', mark(chart.usageTabLongTasksOver50 === 0)],
  [`Reference server on loopback (${server.invoicePage.samples} answers each)`, '', '', ''],
  ['invoices page 57 × 25 of 2,000 (median / p95)', `${ms1(server.invoicePage.medianMs)} / ${ms1(server.invoicePage.p95Ms)}`, '', ''],
  ['usage: 20 features, 30 days daily (median / p95)', `${ms1(server.heavyUsageDaily.medianMs)} / ${ms1(server.heavyUsageDaily.p95Ms)}`, '', ''],
  ['Heap', '', '', ''],
  [`heap growth after ${heap.cycles} mount/unmount cycles, after GC (1 run)`, `${kb(heap.growthBytes)} (${kb(heap.beforeBytes)} → ${kb(heap.afterBytes)}, ${heap.seconds.toFixed(0)} s)`, '< 1 MB', mark(heap.growthBytes < 1024 * 1024)],
];
const rows = BACKENDS_ONLY ? backendRows() : [...mainRows(), ...backendRows()];

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  os: `${platform()} ${release()}`,
  node: process.version,
  chromium: browserVersion,
  date: new Date().toISOString(),
};

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
const table = rows.map((r) => (r[1] === '' && r[2] === '' ? `\n${r[0]}` : `  ${line(r)}`)).join('\n');
console.log(`customer-portal bench — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium} (headless)\n${table}\n`);
const anyErrors = [...Object.values(results), ...Object.values(results.backends ?? {})].flatMap((r) => [...(r.samples ?? []), ...(r.draws ?? [])].flatMap((s) => s.errors ?? []).concat(r.errors ?? []));
if (anyErrors.length) console.log(`Page errors during the bench: ${[...new Set(anyErrors)].join('; ')}`);
for (const load of Object.values(results.backends).filter((l) => !l.failed)) console.log(`${load.backend}, cold merchant page at 100 ms, waves of the last run: ${load.example.example.map((w, i) => `${i + 1}: ${w.join(', ')}`).join(' | ')}`);
if (load100) console.log(`Example first-load waves (100 ms): ${load100.example.waves.map((w, i) => `${i + 1}: ${w.join(', ')}`).join(' | ')}; in flight at portal-ready: ${load100.example.inFlightAtReady.join(', ') || 'none'}`);

mkdirSync('bench-results', { recursive: true });
// --backends-only writes its own file, so it never overwrites a full run's.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
writeFileSync(
  BACKENDS_ONLY ? 'bench-results/bench-backends.json' : 'bench-results/bench.json',
  JSON.stringify(
    {
      version: pkg.version,
      machine,
      seconds: Math.round((Date.now() - started) / 1000),
      sizes: {
        cdn,
        backends: Object.fromEntries(BENCH_BUILDS.map((b) => [b.id, { entry: entryOf(b), first: buildSizes(b).first, adapters: buildSizes(b).backends.filter((c) => c.file.startsWith(`backend-${b.id}-`)) }])),
        ...(consumer ? { consumer: { withDeps: { first: consumer.withDeps.first, lazy: consumer.withDeps.lazy, chart: consumer.withDeps.chart }, ownOnly: { first: consumer.ownOnly.first, lazy: consumer.ownOnly.lazy, total: sum([consumer.ownOnly.first, consumer.ownOnly.lazy]) } } } : {}),
      },
      budgets: BUDGETS,
      results,
      table: rows,
    },
    null,
    2,
  ),
);
log(`done in ${Math.round((Date.now() - started) / 1000)} s; wrote bench-results/${BACKENDS_ONLY ? 'bench-backends' : 'bench'}.json`);
