// Screens of <customer-portal backend="lago"> and backend="hosted" on a plain
// host page: Lago runs through the package's own proxy mounted on the page's
// origin (as a merchant deploys it) in front of the reference Lago server;
// the hosted card opens a session minted by the reference Pabbly.
// Every Lago tab at 360 and 1280 px (light and dark) and the hosted card live
// and expired: a full-page screenshot into screenshots/ for a human to look at,
// no horizontal overflow, and axe-core finds nothing.
// Run: node --test test/e2e/lago-screens.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { lagoProxyMiddleware, startServer } from '../../demo/server/main.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = `${repo}screenshots`;
const TIMEOUT = 20_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Billing</title>
    <link rel="icon" href="data:," />
    <style>
      :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
      body { margin: 0; padding: 12px; background: Canvas; color: CanvasText; }
      main { max-width: 1200px; margin: 0 auto; }
    </style>
  </head>
  <body>
    <main><h1 style="font-size:18px;margin:0 0 8px">Acme account</h1><div id="host"></div></main>
    <script type="module">import '/src/define.ts';</script>
  </body>
</html>`;

const TABS = [
  { id: 'overview', ready: 'cp-overview-tab [part~="history-table"]' },
  { id: 'credits', ready: 'cp-credits-tab .unavailable' },
  { id: 'invoices', ready: 'cp-invoices-tab :is([part~="table"], .cards)' },
  { id: 'usage', ready: 'cp-usage-tab [part~="breakdown-table"]' },
];

describe('screens: Lago through the proxy, and the hosted card', () => {
  const ctx = {};

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ctx.api = await startServer({ port: 0 });
    const proxy = await lagoProxyMiddleware(ctx.api.lagoApiUrl);
    ctx.vite = await createServer({
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
            // The merchant's route: the package's proxy, same origin as the page.
            server.middlewares.use('/billing/lago', (req, res) => proxy(req, res));
            server.middlewares.use('/screens.html', async (_req, res) => {
              res.setHeader('content-type', 'text/html; charset=utf-8');
              res.end(await server.transformIndexHtml('/screens.html', PAGE));
            });
          },
        },
      ],
    });
    await ctx.vite.listen();
    ctx.origin = `http://127.0.0.1:${ctx.vite.httpServer.address().port}`;
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, scheme }, setup) {
    const context = await ctx.browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${ctx.origin}/screens.html`);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
    await page.addScriptTag({ path: `${repo}node_modules/axe-core/axe.min.js` });
    await page.evaluate(setup.fn, setup.args);
    return { context, page, errors, portal: page.locator('customer-portal') };
  }

  async function settle(page) {
    await page.waitForFunction(() => {
      const busy = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.matches('[part~="state-loading"], .skeleton, [aria-busy="true"]') && el.getClientRects().length > 0) busy.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return busy.length === 0;
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  async function check(page, name) {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(scrollWidth <= innerWidth, `${name}: the page scrolls sideways (${scrollWidth} > ${innerWidth})`);
    const violations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document.querySelector('customer-portal'), { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).slice(0, 3).join(' | ')}`);
    }, AXE_TAGS);
    assert.deepEqual(violations, [], `${name}: axe violations`);
  }

  const lago = (token) => ({
    fn: ([t]) => {
      const el = document.createElement('customer-portal');
      el.setAttribute('backend', 'lago');
      el.setAttribute('api-base', '/billing/lago');
      el.token = t;
      document.getElementById('host').append(el);
    },
    args: [token],
  });

  for (const width of [360, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`Lago: every tab at ${width} px, ${scheme}`, async () => {
        const { token } = await ctx.api.lago.mintToken('lago-typical');
        const { context, page, errors, portal } = await open({ width, scheme }, lago(token));
        try {
          for (const tab of TABS) {
            await portal.locator(`#tab-${tab.id}`).click();
            await portal.locator(tab.ready).first().waitFor();
            await settle(page);
            await check(page, `lago-${tab.id}-${width}-${scheme}`);
          }
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('Lago: 120 invoices and JPY at 1280 px', async () => {
    for (const [customer, tab] of [['lago-many', 'invoices'], ['lago-jpy', 'overview']]) {
      const { token } = await ctx.api.lago.mintToken(customer);
      const { context, page, portal } = await open({ width: 1280, scheme: 'light' }, lago(token));
      try {
        await portal.locator(`#tab-${tab}`).click();
        await portal.locator(TABS.find((t) => t.id === tab).ready).first().waitFor();
        await settle(page);
        await check(page, `lago-${customer}-${tab}`);
      } finally {
        await context.close();
      }
    }
  });

  for (const state of ['live', 'expired']) {
    it(`hosted card (Pabbly session), ${state}, at 360 and 1280 px`, async () => {
      const res = await fetch(`${ctx.api.pabbly.url}/api/v1/portal_sessions/`, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('pabbly_demo_key:pabbly_demo_secret')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: 'pabbly-typical' }),
      });
      const { data } = await res.json();
      const expiresAt = state === 'live' ? data.expires_at : new Date(Date.now() - 60_000).toISOString();
      for (const width of [360, 1280]) {
        const { context, page, errors, portal } = await open(
          { width, scheme: 'light' },
          {
            fn: ([url, at]) => {
              const el = document.createElement('customer-portal');
              el.setAttribute('backend', 'hosted');
              el.portalUrl = url;
              el.expiresAt = at;
              document.getElementById('host').append(el);
            },
            args: [data.access_url, expiresAt],
          },
        );
        try {
          await portal.locator('[part~="open-button"]').waitFor();
          await settle(page);
          const label = await portal.locator('[part~="open-button"]').textContent();
          assert.equal(label.trim(), state === 'live' ? 'Open billing portal' : 'Request a new session');
          const html = await page.evaluate(() => document.querySelector('customer-portal').shadowRoot.innerHTML + document.querySelector('customer-portal').shadowRoot.querySelector('cp-hosted-card').shadowRoot.innerHTML);
          assert.ok(!html.includes('tk='), 'the portal link is in the DOM');
          await check(page, `hosted-${state}-${width}`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      }
    });
  }
});
