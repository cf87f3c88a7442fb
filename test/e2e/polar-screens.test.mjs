// Polar screens: <customer-portal backend="polar"> (the source, through a Vite
// dev server) against the reference server's Polar API (/polar). Every tab for a
// typical customer, an empty one and a member session (403 on billing sections),
// and an expired session, at 360 px and 1280 px:
// - a full-page screenshot into screenshots/polar-* (gitignored) for a human to look at;
// - no horizontal overflow of the page;
// - axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on the element;
// - no page error, no "Something went wrong" where Polar simply has no data,
//   and never a mutating request.
// Run: node --test test/e2e/polar-screens.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { startServer } from '../../demo/server/main.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = `${repo}screenshots`;
const TIMEOUT = 20_000;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Billing</title>
    <link rel="icon" href="data:," />
    <style>
      :root { color-scheme: light; font-family: system-ui, sans-serif; }
      body { margin: 0; padding: 12px; background: Canvas; color: CanvasText; }
      main { max-width: 1200px; margin: 0 auto; }
    </style>
  </head>
  <body>
    <main><h1 style="font-size:18px;margin:0 0 8px">Acme account</h1><div id="host"></div></main>
    <script type="module">import '/src/define.ts';</script>
  </body>
</html>`;

const TABS = ['overview', 'credits', 'invoices', 'usage'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Visible text of the element through every shadow root. */
function portalText() {
  let out = '';
  const walk = (n) => {
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    if (n instanceof HTMLElement && n.hidden) return;
    for (const c of n.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) out += c.textContent;
      else walk(c);
    }
  };
  walk(document.querySelector('customer-portal'));
  return out.replace(/\s+/g, ' ');
}

describe('Polar screens: every tab for typical, empty, member and expired sessions', () => {
  const ctx = {};

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ctx.api = await startServer({ port: 0 });
    ctx.vite = await createServer({
      root: repo,
      configFile: false,
      logLevel: 'error',
      esbuild: { target: 'es2022' },
      server: { host: '127.0.0.1', port: 0, hmr: false },
      optimizeDeps: { noDiscovery: true, include: [] },
      plugins: [
        {
          name: 'polar-screens-page',
          configureServer(server) {
            server.middlewares.use('/polar-screens.html', async (_req, res) => {
              res.setHeader('content-type', 'text/html; charset=utf-8');
              res.end(await server.transformIndexHtml('/polar-screens.html', PAGE));
            });
          },
        },
      ],
    });
    await ctx.vite.listen();
    ctx.url = `http://127.0.0.1:${ctx.vite.httpServer.address().port}/polar-screens.html`;
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, customer, expired = false }) {
    const context = await ctx.browser.newContext({ viewport: { width, height: 800 }, colorScheme: 'light', reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    const methods = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url().includes('/polar/v1/')) methods.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(ctx.url);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
    await page.addScriptTag({ path: `${repo}node_modules/axe-core/axe.min.js` });
    const session = ctx.api.polar.api.mintSession(customer, { ttlSeconds: 600, expired });
    await page.evaluate(
      ([base, t, expiresAt]) => {
        const el = document.createElement('customer-portal');
        el.setAttribute('backend', 'polar');
        el.setAttribute('api-base', base);
        el.setAttribute('expires-at', expiresAt);
        el.token = t;
        document.getElementById('host').append(el);
      },
      [`${ctx.api.polar.url}`, session.token, session.expires_at],
    );
    return { context, page, errors, methods, portal: page.locator('customer-portal') };
  }

  async function settle(page) {
    await page.waitForFunction(() => {
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.matches('[part~="state-loading"], .skeleton, [aria-busy="true"]') && el.getClientRects().length > 0) return true;
          if (el.shadowRoot && walk(el.shadowRoot)) return true;
        }
        return false;
      };
      return !walk(document);
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  async function check(page, name) {
    await page.screenshot({ path: `${SHOTS}/polar-${name}.png`, fullPage: true });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(scrollWidth <= innerWidth, `${name}: the page scrolls sideways (${scrollWidth} > ${innerWidth})`);
    const violations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document.querySelector('customer-portal'), { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).slice(0, 3).join(' | ')}`);
    }, AXE_TAGS);
    assert.deepEqual(violations, [], `${name}: axe violations`);
    return page.evaluate(portalText);
  }

  for (const width of [360, 1280]) {
    for (const customer of ['polar-typical', 'polar-empty', 'polar-member']) {
      it(`${customer} at ${width} px`, async () => {
        const { context, page, errors, methods, portal } = await open({ width, customer });
        try {
          await portal.locator('#tab-overview').waitFor();
          await settle(page);
          // Credits is offered only to a customer with a wallet (polar-empty has none).
          const offered = await page.evaluate(() => [...document.querySelector('customer-portal').shadowRoot.querySelectorAll('[role="tab"]')].map((t) => t.id.replace('tab-', '')));
          assert.deepEqual(offered, customer === 'polar-empty' ? ['overview', 'invoices', 'usage'] : TABS);
          for (const tab of offered) {
            await portal.locator(`#tab-${tab}`).click();
            await portal.locator(`cp-${tab}-tab`).waitFor();
            await settle(page);
            const text = await check(page, `${customer.replace(/^polar-/, '')}-${tab}-${width}`);
            if (customer !== 'polar-member') assert.doesNotMatch(text, /Something went wrong|has no usage time series/, `${customer} ${tab}: an error where Polar has no data`);
          }
          assert.deepEqual(errors, []);
          assert.ok(methods.every((m) => m.startsWith('GET ')), `only GET requests: ${methods.filter((m) => !m.startsWith('GET '))}`);
          assert.ok(!methods.some((m) => m.includes('usage')), 'no usage time series request');
        } finally {
          await context.close();
        }
      });
    }
    it(`an expired session at ${width} px`, async () => {
      const { context, page, errors } = await open({ width, customer: 'polar-typical', expired: true });
      try {
        await page.waitForFunction(() => /expired/i.test(document.querySelector('customer-portal').shadowRoot.textContent ?? ''));
        await settle(page);
        await check(page, `expired-${width}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
