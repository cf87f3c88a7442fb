// Screens: <customer-portal> (the source, through a Vite dev server) on a plain
// host page against the reference portal server. Every tab at 360 px and
// 1280 px, light and dark, at 320 px, and in Arabic (right to left) at 360 px:
// - a full-page screenshot into screenshots/ (gitignored) for a human to look at;
// - no horizontal overflow of the page (the portal fits 320–360 px wide screens);
// - axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on the element.
// Run: node --test test/e2e/screens.test.mjs
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

/** A plain merchant page: its own font and colours, nothing else. */
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

/** What each tab shows once loaded (text inside the portal). */
const TABS = [
  { id: 'overview', ready: 'cp-overview-tab canvas' },
  { id: 'credits', ready: 'cp-credits-tab table' },
  { id: 'invoices', ready: 'cp-invoices-tab :is([part~="table"], .cards)' },
  { id: 'usage', ready: 'cp-usage-tab canvas' },
];

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

describe('screens: every tab at 360 and 1280 px, light and dark, and Arabic', () => {
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
          name: 'screens-page',
          configureServer(server) {
            server.middlewares.use('/screens.html', async (_req, res) => {
              res.setHeader('content-type', 'text/html; charset=utf-8');
              res.end(await server.transformIndexHtml('/screens.html', PAGE));
            });
          },
        },
      ],
    });
    await ctx.vite.listen();
    ctx.url = `http://127.0.0.1:${ctx.vite.httpServer.address().port}/screens.html`;
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, scheme, locale = 'en', customer = 'cus-typical' }) {
    const context = await ctx.browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(ctx.url);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
    await page.addScriptTag({ path: `${repo}node_modules/axe-core/axe.min.js` });
    const { token } = await ctx.api.api.mintToken(customer, { ttlSeconds: 600 });
    await page.evaluate(
      ([base, t, loc]) => {
        const el = document.createElement('customer-portal');
        el.setAttribute('api-base', base);
        el.setAttribute('locale', loc);
        el.token = t;
        document.getElementById('host').append(el);
      },
      [`${ctx.api.url}/v1`, token, locale],
    );
    return { context, page, errors, portal: page.locator('customer-portal') };
  }

  async function settle(page) {
    // Data on screen, chart drawn, no skeleton left, then two frames for layout.
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

  async function overflow(page) {
    return page.evaluate(() => ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
  }

  async function axe(page) {
    return page.evaluate(async (tags) => {
      const el = document.querySelector('customer-portal');
      // `axe` below is the page's global (injected), not the function above.
      const result = await axe.run(el, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).slice(0, 3).join(' | ')}`);
    }, AXE_TAGS);
  }

  async function visitTabs(config, tabs = TABS) {
    const { context, page, errors, portal } = await open(config);
    const tag = `${config.customer ? `${config.customer.replace('cus-', '')}-` : ''}${config.locale ?? 'en'}-${config.width}-${config.scheme}`;
    try {
      for (const tab of tabs) {
        await portal.locator(`#tab-${tab.id}`).click();
        await portal.locator(tab.ready).first().waitFor();
        await settle(page);
        await page.screenshot({ path: `${SHOTS}/${tab.id}-${tag}.png`, fullPage: true });
        const { scrollWidth, innerWidth } = await overflow(page);
        assert.ok(scrollWidth <= innerWidth, `${tab.id} at ${tag}: the page scrolls sideways (${scrollWidth} > ${innerWidth})`);
        assert.deepEqual(await axe(page), [], `${tab.id} at ${tag}: axe violations`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }

  for (const width of [360, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`${width} px, ${scheme}`, () => visitTabs({ width, scheme }));
    }
  }

  it('320 px, light (the narrowest supported screen)', () => visitTabs({ width: 320, scheme: 'light' }));

  it('heavy usage (20 features, 11 units) at 360 px, dark: Overview and Usage with a band per unit, forecast and runway', () =>
    visitTabs({ width: 360, scheme: 'dark', customer: 'cus-heavy-usage' }, TABS.filter((t) => t.id === 'overview' || t.id === 'usage')));

  it('Arabic at 360 px: right to left, Arabic strings, no overflow', async () => {
    await visitTabs({ width: 360, scheme: 'light', locale: 'ar' });
  });

  it('Arabic: the wrapper is dir="rtl" lang="ar" and the tab list reads right to left', async () => {
    const { context, page, portal } = await open({ width: 1280, scheme: 'light', locale: 'ar' });
    try {
      await portal.getByRole('tab', { name: 'نظرة عامة' }).waitFor();
      const wrapper = await page.evaluate(() => {
        const root = document.querySelector('customer-portal').shadowRoot.querySelector('[part~="base"]');
        return { dir: root.getAttribute('dir'), lang: root.getAttribute('lang') };
      });
      assert.deepEqual(wrapper, { dir: 'rtl', lang: 'ar' });
      const xs = await page.evaluate(() =>
        [...document.querySelector('customer-portal').shadowRoot.querySelectorAll('[role="tab"]')].map((t) => t.getBoundingClientRect().x),
      );
      assert.ok(xs.length >= 3 && xs.every((x, i) => i === 0 || x < xs[i - 1]), `tabs should run right to left: ${xs}`);
      // ArrowLeft moves to the next tab in reading order (right to left).
      await portal.getByRole('tab', { selected: true }).focus();
      await page.keyboard.press('ArrowLeft');
      assert.equal(await portal.getByRole('tab', { selected: true }).getAttribute('id'), 'tab-credits');
      await page.keyboard.press('ArrowRight');
      assert.equal(await portal.getByRole('tab', { selected: true }).getAttribute('id'), 'tab-overview');
    } finally {
      await context.close();
    }
  });
});
