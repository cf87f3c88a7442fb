// A tiny static server for the end-to-end pages of test/e2e/csp*.test.mjs and
// friends: serves the CDN build (dist/cdn/ at /cdn/) and this folder (at /),
// every response with a strict Content-Security-Policy whose connect-src is
// only the portal API's origin. Violation reports the browser sends to
// `/csp-report` are collected in `reports`.
import http from 'node:http';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { ensureBuild } from '../../../scripts/ensure-build.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
export const CDN_DIR = join(repo, 'dist', 'cdn');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The strictest policy a careful merchant would ship, with the portal API as the only connect-src. */
export function strictPolicy(apiOrigin, { trustedTypes = null } = {}) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${apiOrigin}`,
    "img-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    ...(trustedTypes ? [`trusted-types ${trustedTypes}`] : []),
    'report-uri /csp-report',
  ].join('; ');
}

/**
 * @param {{apiOrigin: string, policy?: string, port?: number}} options
 * @returns {Promise<{url: string, reports: object[], setPolicy(p: string): void, route(path: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown): void, setDelay(fn: ((path: string) => number | Promise<unknown> | null) | null): void, close(): Promise<void>}>}
 */
export async function startPagesServer({ apiOrigin, policy = strictPolicy(apiOrigin), port = 0 }) {
  let csp = policy;
  /** Extra time before answering a path (ms), e.g. to show that nothing waits for a lazily loaded chunk. */
  let delayFor = () => 0;
  const reports = [];
  /** Same-origin routes a merchant would mount next to its pages (e.g. the Lago proxy), by exact path. */
  const routes = new Map();
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const route = routes.get(path);
    if (route) return route(req, res);
    if (path === '/csp-report' && req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        reports.push(body['csp-report'] ?? body);
      } catch {
        reports.push({ unparsable: true });
      }
      res.writeHead(204).end();
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, { 'content-security-policy': csp }).end();
      return;
    }
    const [base, rel] = path.startsWith('/cdn/') ? [CDN_DIR, path.slice(5)] : [here, path.slice(1) || 'strict.html'];
    const file = normalize(join(base, rel));
    if (!file.startsWith(base.endsWith(sep) ? base : base + sep) || !TYPES[extname(file)]) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const body = await readFile(file);
      // A number of milliseconds, or a promise the test settles (a file held until it says so).
      const delay = delayFor(path);
      if (typeof delay === 'number' ? delay > 0 : delay) await (typeof delay === 'number' ? new Promise((ok) => setTimeout(ok, delay)) : delay);
      res.writeHead(200, { 'content-type': TYPES[extname(file)], 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${bound}`,
    reports,
    setPolicy(p) {
      csp = p;
    },
    /** Serves `path` with `handler(req, res)` (a node/connect handler) on the pages' origin. */
    route(path, handler) {
      routes.set(path, handler);
    },
    /** `fn(path)` → ms to wait before answering (default none). */
    setDelay(fn) {
      delayFor = fn ?? (() => 0);
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/**
 * Registers node:test hooks that start, for the enclosing `describe`, the
 * reference portal server, the strict pages server for dist/cdn (rebuilt when
 * the sources changed) and Debian's Chromium; returns the context they fill:
 * `{ api, pages, browser }`, closed again after the block.
 */
export function useStrictPageStack() {
  const ctx = {};
  before(async () => {
    // The build of the sources as they are (rebuilt when they changed; a failing build fails with its output).
    ensureBuild({ log: (m) => console.log(`# ${m}`) });
    const { startServer } = await import('../../../demo/server/main.mjs');
    ctx.api = await startServer({ port: 0 });
    ctx.pages = await startPagesServer({ apiOrigin: ctx.api.url });
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  });
  after(async () => {
    await ctx.browser?.close().catch(() => {});
    await ctx.pages?.close();
    await ctx.api?.close();
  });
  return ctx;
}

const TIMEOUT = 15_000;

/** Opens `file` (default strict.html) of the pages server with `policy` and records what a reviewer looks at. */
export async function openStrict(ctx, policy, file = 'strict.html') {
  ctx.pages.setPolicy(policy);
  ctx.pages.reports.length = 0;
  const page = await ctx.browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const record = { pageErrors: [], console: [], failed: [] };
  page.on('pageerror', (e) => record.pageErrors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) record.failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') record.console.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(`${ctx.pages.url}/${file}`);
  await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
  return { page, record };
}

/** Every shadow root under the page, with its <style> elements and adopted sheet count. */
export function styleAudit(page) {
  return page.evaluate(() => {
    const out = { roots: 0, styleElements: 0, adopted: 0, linkStyles: 0 };
    const walk = (root, inShadow) => {
      for (const el of root.querySelectorAll('*')) {
        if (inShadow && el.localName === 'style') out.styleElements++;
        if (inShadow && el.localName === 'link' && el.rel === 'stylesheet') out.linkStyles++;
        if (el.shadowRoot) {
          out.roots++;
          out.adopted += el.shadowRoot.adoptedStyleSheets.length;
          walk(el.shadowRoot, true);
        }
      }
    };
    walk(document, false);
    return out;
  });
}

let markers = 0;
/** The host of settle()'s marker violations (the browser logs each as a console error too). */
const MARKER_HOST = 'csp-marker.invalid';
/** `lines` without the console lines of settle()'s marker violations. */
export const withoutMarkers = (lines) => lines.filter((line) => !line.includes(MARKER_HOST));
/** Whether `url` is one of settle()'s marker images (the browser reports its attempt as a request). */
export const isMarkerUrl = (url) => new URL(url).hostname.endsWith(`.${MARKER_HOST}`);

/**
 * Waits until the violations the page has made so far are all seen, without a fixed sleep: the page makes
 * one more, known violation (an image from a host no img-src allows; CSP blocks it before any network) and
 * the wait ends when its report has reached report-uri, reports leaving in the order of their violations.
 * The marker is then taken out of `pages.reports` and of the page's own log, so the checks that follow see
 * only the portal's.
 */
export async function settle(page, pages) {
  markers += 1;
  const origin = `https://m${markers}.${MARKER_HOST}`;
  const isMarker = (uri) => String(uri ?? '').startsWith(origin);
  await page.evaluate((src) => {
    new Image().src = `${src}/marker.png`;
  }, origin);
  const deadline = Date.now() + 10_000;
  while (!pages.reports.some((r) => isMarker(r['blocked-uri']))) {
    if (Date.now() > deadline) assert.fail(`the marker violation's report never reached report-uri (reports: ${JSON.stringify(pages.reports)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (let i = pages.reports.length - 1; i >= 0; i--) if (isMarker(pages.reports[i]['blocked-uri'])) pages.reports.splice(i, 1);
  const seen = await page.evaluate((src) => {
    const log = window.__strict.violations;
    const before = log.length;
    for (let i = log.length - 1; i >= 0; i--) if (String(log[i].blocked).startsWith(src)) log.splice(i, 1);
    return before - log.length;
  }, origin);
  assert.equal(seen, 1, 'the page saw its marker violation');
}

/**
 * The verdict a reviewer looks at on a strict page: nothing refused, nothing thrown, no console error
 * or warning, and styles adopted (no <style> or stylesheet link in any of at least `minRoots` shadow trees).
 */
export async function assertCleanStrictPage(ctx, page, record, { minRoots = 2 } = {}) {
  await settle(page, ctx.pages);
  const seen = await page.evaluate(() => window.__strict);
  assert.deepEqual(seen.violations, [], 'no securitypolicyviolation event');
  assert.deepEqual(ctx.pages.reports, [], 'no violation report reached report-uri');
  assert.deepEqual(seen.errors, [], 'no uncaught error in the page');
  assert.deepEqual(record.pageErrors, [], 'no page error');
  assert.deepEqual(withoutMarkers(record.console), [], `no console error or warning (failed responses: ${record.failed.join(', ')})`);
  const styles = await styleAudit(page);
  assert.equal(styles.styleElements, 0, 'no <style> element in any shadow tree');
  assert.equal(styles.linkStyles, 0, 'no stylesheet link in any shadow tree');
  assert.ok(styles.roots >= minRoots && styles.adopted >= styles.roots, `styles are adopted sheets (${JSON.stringify(styles)})`);
}
