// The scenario every host app must pass (test/e2e/hosts-*.test.mjs): the
// portal, installed from the packed npm package (or the CDN folder inside it),
// shows the customer's data; its short first token expires; the host's own
// handler receives `token-expired`, fetches a new session from its backend and
// passes the token back; the portal loads data again with the new token.
// Real Chromium (Debian's, never a downloaded one), real servers on loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { startHostServer } from '../../../demo/hosts/host-server.mjs';
import { buildApp, ensureBuilt, hostDir, installPackage, packPackage } from '../../../demo/hosts/prepare.mjs';

/**
 * Lifetime of the first session: long enough to load the first tab (the
 * element retires a token 5 s before its `exp`), short enough to expire
 * during the test.
 */
export const FIRST_TTL_SECONDS = 12;
const TIMEOUT = 15_000;

/** Packs the package once per test file and installs it into the host app; builds the app when it has a build. */
export async function prepareHost(app, { build = true } = {}) {
  ensureBuilt({ log: (m) => console.log(`# ${m}`) });
  const { tarball, files } = packPackage();
  const installed = installPackage(app, tarball);
  const root = app === 'html' || !build ? hostDir(app) : await buildApp(app);
  return { tarball, files, installed, root };
}

/**
 * Starts the reference portal API, the host's web server and a browser page
 * that records what a reviewer would look at: page errors, console errors and
 * warnings, CSP violations, and every portal API call with its session token.
 */
export async function openHost({ root, mounts = {}, path = '/' }) {
  const { startServer } = await import('../../../demo/server/main.mjs');
  const api = await startServer({ port: 0 });
  const host = await startHostServer({ root, mounts, portalApi: api.url, ttlSeconds: [FIRST_TTL_SECONDS] });
  return openPage({ api, host, url: `${host.url}${path}` });
}

/**
 * The reference portal API as a host app with its own server (Next.js,
 * SvelteKit) sees it: a transparent proxy to it that makes the first session
 * short (FIRST_TTL_SECONDS) and records every session minted, so the app's
 * own minting code stays what a merchant writes.
 * @returns {Promise<{ url: string, sessions: {token: string, expiresAt: string | null}[], close(): Promise<void> }>}
 */
export async function startMintingProxy(apiUrl) {
  const sessions = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', apiUrl);
    const mint = req.method === 'GET' && /^\/v1\/customers\/portal\/[^/]+$/.test(url.pathname);
    if (mint && sessions.length === 0) url.searchParams.set('ttl_seconds', String(FIRST_TTL_SECONDS));
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    try {
      const upstream = await fetch(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (mint && upstream.ok) {
        const session = JSON.parse(body.toString('utf8'));
        sessions.push({ token: session.token, expiresAt: session.expires_at ?? null });
      }
      const out = Object.fromEntries([...upstream.headers].filter(([k]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)));
      res.writeHead(upstream.status, out).end(body);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sessions,
    close: () => new Promise((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

/** A free TCP port on loopback (for an app server that needs one up front). */
export async function freePort() {
  const server = http.createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Starts a host app's own server process and waits until `url` answers. */
export async function startAppServer({ command, args, cwd, env, url, timeout = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(url)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${url} did not answer within ${timeout} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    output: () => output,
    close: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill();
      }),
  };
}

/**
 * A browser page on `url` that records what a reviewer would look at: page
 * errors, console errors and warnings, CSP violations, and every portal API
 * call (to `api.url`) with its session token. `host.sessions` lists the
 * sessions the host minted.
 */
export async function openPage({ api, host, url, close = async () => {} }) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const record = { pageErrors: [], consoleErrors: [], warnings: [], apiCalls: [], requests: [] };
  page.on('pageerror', (error) => record.pageErrors.push(String(error)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') record.consoleErrors.push(msg.text());
    if (msg.type() === 'warning') record.warnings.push(msg.text());
  });
  page.on('request', (req) => record.requests.push(req.url()));
  page.on('response', (res) => {
    const req = res.request();
    if (!req.url().startsWith(`${api.url}/v1/`) || req.method() === 'OPTIONS') return;
    record.apiCalls.push({ url: req.url(), token: req.headers()['x-session-token'] ?? null, status: res.status() });
  });
  await page.goto(url);
  return {
    api,
    host,
    browser,
    page,
    record,
    async close() {
      await browser.close().catch(() => {});
      await close();
      await host.close();
      await api.close();
    },
  };
}

/** Non-transparent pixels on a canvas (a registered, drawn chart has axes, labels and lines). */
async function canvasInk(canvas) {
  return canvas.evaluate((el) => {
    const { width, height } = el;
    if (!width || !height) return 0;
    const data = el.getContext('2d').getImageData(0, 0, width, height).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink;
  });
}

/** Waits until the chart in `scope` (a tab element) is drawn: ink on its canvas, and no table fallback. */
export async function expectChartDrawn(scope, what) {
  const chart = scope.locator('cp-usage-chart').first();
  await chart.locator('canvas').waitFor();
  const deadline = Date.now() + TIMEOUT;
  let ink = 0;
  while (Date.now() < deadline && (ink = await canvasInk(chart.locator('canvas'))) < 2000) await new Promise((r) => setTimeout(r, 100));
  assert.ok(ink >= 2000, `${what}: the chart is drawn (${ink} non-blank pixels on its canvas)`);
  assert.equal(await chart.getByRole('note').count(), 0, `${what}: no "could not be loaded" table fallback`);
}

/** Data on every tab, and both charts (Overview trend, Usage tab) drawn. */
export async function expectEveryTab(page) {
  const portal = page.locator('customer-portal');
  await portal.getByRole('tab', { name: 'Overview' }).click();
  await portal.locator('cp-section-panel[data-tab="overview"]').getByText('Priority Support').first().waitFor();
  await expectChartDrawn(portal.locator('cp-section-panel[data-tab="overview"]'), 'Overview trend');
  await portal.getByRole('tab', { name: 'Credits' }).click();
  await portal.locator('cp-transactions-section').getByText('Launch promotion credits').first().waitFor();
  await portal.getByRole('tab', { name: 'Invoices' }).click();
  await portal.locator('cp-section-panel[data-tab="invoices"]').getByText(/INV-\d{6}-\d{5}/).first().waitFor();
  await portal.getByRole('tab', { name: 'Usage' }).click();
  await expectChartDrawn(portal.locator('cp-section-panel[data-tab="usage"] cp-usage-chart-section'), 'Usage tab');
}

/** React / Vue / Svelte / Angular hydration complaints, which go to the console as errors or warnings. */
export function expectNoHydrationWarnings(record) {
  const hydration = [...record.consoleErrors, ...record.warnings].filter((m) => /hydrat/i.test(m));
  assert.deepEqual(hydration, [], 'no hydration warnings');
}

/** The host page's own event log (an <ol id="events"> the host's handlers append to). */
export const hostLog = (page) => page.locator('#events li').allTextContents();

async function waitForHostLog(page, prefix, timeout = TIMEOUT) {
  await page.locator('#events li', { hasText: prefix }).first().waitFor({ timeout });
  return (await hostLog(page)).filter((line) => line.startsWith(prefix));
}

/**
 * The lifecycle every host must get right. Returns the recorded session
 * tokens so a test can add host-specific checks. `beforeExpiry` runs once
 * the first session's data is on screen (the first token still live),
 * `afterRenewal` right after the host passed the new token back, before the
 * lifecycle touches anything else; both get `{ page, portal }`.
 */
export async function expectTokenLifecycle({ page, host, record }, { beforeExpiry = async () => {}, afterRenewal = async () => {} } = {}) {
  const portal = page.locator('customer-portal');

  // 1. Mounted with the first session: data on screen, `portal-ready` reached the host.
  await page.locator('#host-status', { hasText: 'Session 1 active.' }).waitFor();
  await portal.getByText('Priority Support').first().waitFor();
  await waitForHostLog(page, 'portal-ready');
  const [first] = host.sessions;
  assert.ok(first, 'the host minted a session');
  assert.ok(
    record.apiCalls.some((c) => c.token === first.token && c.status === 200),
    'the portal called the API with the host’s first token',
  );
  await beforeExpiry({ page, portal });

  // 2. The short first token expires: the host's own handler gets `token-expired`…
  const expired = await waitForHostLog(page, 'token-expired', (FIRST_TTL_SECONDS + 10) * 1000);
  assert.deepEqual(expired, ['token-expired: expired'], 'token-expired reached the host once, reason "expired"');
  assert.ok((await hostLog(page)).some((l) => l.startsWith('token-expiring')), 'token-expiring reached the host before expiry');

  // 3. …which fetches a new session and passes the token back.
  await page.locator('#host-status', { hasText: 'Session 2 active.' }).waitFor();
  assert.equal(host.sessions.length, 2, 'the host minted exactly one new session');
  const second = host.sessions[1];
  await portal.getByText('Your session has expired').waitFor({ state: 'hidden' });
  await afterRenewal({ page, portal });

  // 4. Data again, with the new token: open Invoices (a tab not loaded before).
  const callsBefore = record.apiCalls.length;
  await portal.getByRole('tab', { name: 'Invoices' }).click();
  await waitForHostLog(page, 'tab-change: invoices');
  await portal.getByText(/INV-\d{6}-\d{5}/).first().waitFor();
  await portal.getByText('Priority Support').first().waitFor({ state: 'attached' });
  const after = record.apiCalls.slice(callsBefore);
  assert.ok(after.length > 0, 'the Invoices tab called the API');
  assert.ok(after.every((c) => c.token === second.token), 'every call after the refresh carries the new token');
  assert.ok(after.every((c) => c.status === 200), `every call after the refresh succeeded: ${JSON.stringify(after.filter((c) => c.status !== 200))}`);
  return { first, second };
}

/** No uncaught errors, no console errors, no CSP violations. */
export function expectCleanPage(record, { allowWarnings = false } = {}) {
  assert.deepEqual(record.pageErrors, [], 'no uncaught errors');
  const errors = record.consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e));
  assert.deepEqual(errors, [], 'no console errors (CSP violations are reported here too)');
  if (!allowWarnings) assert.deepEqual(record.warnings, [], 'no console warnings');
}

/** Loads a second copy of the portal into the page and expects a warning, not an error, and a working portal. */
export async function expectSecondCopyWarns(page, record, src) {
  const warningsBefore = record.warnings.length;
  await page.evaluate(async (url) => {
    await import(url);
  }, src);
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && !record.warnings.slice(warningsBefore).some((w) => /already defined/.test(w))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const newWarnings = record.warnings.slice(warningsBefore);
  assert.ok(
    newWarnings.some((w) => /customer-portal/.test(w) && /already defined/.test(w)),
    `loading a second copy warns (got ${JSON.stringify(newWarnings)})`,
  );
  assert.deepEqual(record.pageErrors, [], 'loading a second copy throws nothing');
  assert.equal(await page.locator('customer-portal').count(), 1);
}
