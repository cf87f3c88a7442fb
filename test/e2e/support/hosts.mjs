// The scenario every host app must pass (test/e2e/hosts-*.test.mjs): the
// portal, installed from the packed npm package (or the CDN folder inside it),
// shows the customer's data; its short first token expires; the host's own
// handler receives `token-expired`, fetches a new session from its backend and
// passes the token back; the portal loads data again with the new token.
// Real Chromium (Debian's, never a downloaded one), real servers on loopback.
import assert from 'node:assert/strict';
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
  await page.goto(`${host.url}${path}`);
  return {
    api,
    host,
    browser,
    page,
    record,
    async close() {
      await browser.close().catch(() => {});
      await host.close();
      await api.close();
    },
  };
}

/** The host page's own event log (an <ol id="events"> the host's handlers append to). */
export const hostLog = (page) => page.locator('#events li').allTextContents();

async function waitForHostLog(page, prefix, timeout = TIMEOUT) {
  await page.locator('#events li', { hasText: prefix }).first().waitFor({ timeout });
  return (await hostLog(page)).filter((line) => line.startsWith(prefix));
}

/**
 * The lifecycle every host must get right. Returns the recorded session
 * tokens so a test can add host-specific checks.
 */
export async function expectTokenLifecycle({ page, host, record }) {
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

  // 2. The short first token expires: the host's own handler gets `token-expired`…
  const expired = await waitForHostLog(page, 'token-expired', (FIRST_TTL_SECONDS + 10) * 1000);
  assert.deepEqual(expired, ['token-expired: expired'], 'token-expired reached the host once, reason "expired"');
  assert.ok((await hostLog(page)).some((l) => l.startsWith('token-expiring')), 'token-expiring reached the host before expiry');

  // 3. …which fetches a new session and passes the token back.
  await page.locator('#host-status', { hasText: 'Session 2 active.' }).waitFor();
  assert.equal(host.sessions.length, 2, 'the host minted exactly one new session');
  const second = host.sessions[1];
  await portal.getByText('Your session has expired').waitFor({ state: 'hidden' });

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
