// What the screen tests (test/e2e/*screens.test.mjs) share: a plain merchant
// page serving the element's source through a Vite dev server, the wait for a
// settled portal, and the checks of every screen — a full-page screenshot into
// screenshots/ (gitignored) for a human to look at, no horizontal overflow,
// and axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finding nothing on the element.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export const repo = fileURLToPath(new URL('../../..', import.meta.url));
export const SHOTS = `${repo}screenshots`;
export const TIMEOUT = 20_000;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A plain merchant page: its own font and colours, a `#host` for the element, the element's source. */
function merchantPage(colorScheme) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Billing</title>
    <link rel="icon" href="data:," />
    <style>
      :root { color-scheme: ${colorScheme}; font-family: system-ui, sans-serif; }
      body { margin: 0; padding: 12px; background: Canvas; color: CanvasText; }
      main { max-width: 1200px; margin: 0 auto; }
    </style>
  </head>
  <body>
    <main><h1 style="font-size:18px;margin:0 0 8px">Acme account</h1><div id="host"></div></main>
    <script type="module">import '/src/define.ts';</script>
  </body>
</html>`;
}

/**
 * Starts a Vite dev server of the repository with the merchant page at `/screens.html`,
 * and `routes` (path → connect middleware) mounted on the page's origin. Resolves to
 * `{ vite, origin, url }` (url: the page's).
 */
export async function startScreensSite({ colorScheme = 'light dark', routes = {} } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const page = merchantPage(colorScheme);
  const vite = await createServer({
    root: repo,
    configFile: false,
    logLevel: 'error',
    esbuild: { target: 'es2022' },
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [
      {
        name: 'screens-page',
        configureServer(server) {
          for (const [path, middleware] of Object.entries(routes)) server.middlewares.use(path, middleware);
          server.middlewares.use('/screens.html', async (_req, res) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.end(await server.transformIndexHtml('/screens.html', page));
          });
        },
      },
    ],
  });
  await vite.listen();
  const origin = `http://127.0.0.1:${vite.httpServer.address().port}`;
  return { vite, origin, url: `${origin}/screens.html` };
}

/**
 * Opens the merchant page in a fresh context (`width` × 800, `scheme`, reduced motion), waits for the
 * element's definition and injects axe-core. Resolves to `{ context, page, errors }` (page errors).
 */
export async function openScreen(browser, url, { width, scheme = 'light' }) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
  await page.addScriptTag({ path: `${repo}node_modules/axe-core/axe.min.js` });
  return { context, page, errors };
}

/** Data on screen, charts drawn: no visible loading state or skeleton left in any shadow root. */
export async function loaded(page) {
  await page.waitForFunction(() => {
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        // (The chart's own "Loading chart…" while chart.js arrives counts too.)
        if (el.matches('[part~="state-loading"], .skeleton, [aria-busy="true"], .loading[role="status"]') && el.getClientRects().length > 0) return true;
        if (el.shadowRoot && walk(el.shadowRoot)) return true;
      }
      return false;
    };
    return !walk(document);
  });
}

/** loaded(), then two frames for layout (before a screenshot). */
export async function settle(page) {
  await loaded(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** axe-core's violations on the element, one line each (empty when clean). */
export function axeViolations(page) {
  return page.evaluate(async (tags) => {
    // `axe` is the page's global (injected by openScreen).
    // eslint-disable-next-line no-undef
    const result = await axe.run(document.querySelector('customer-portal'), { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).slice(0, 3).join(' | ')}`);
  }, AXE_TAGS);
}

/** Screenshot `name` into screenshots/, then: the page does not scroll sideways, and axe finds nothing. */
export async function checkScreen(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${name}: the page scrolls sideways (${scrollWidth} > ${innerWidth})`);
  assert.deepEqual(await axeViolations(page), [], `${name}: axe violations`);
}
