// Screenshots of the Overview and Usage tabs for the typical and heavy-usage
// customers, light and dark, 360 and 1280 px, into screenshots/usage/ (gitignored).
// Run: node scripts/usage-shots.mjs [customer] [width] [scheme]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { startServer } from '../demo/server/main.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const OUT = process.env.SHOTS_DIR ?? `${repo}screenshots/usage`;
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Billing</title><link rel="icon" href="data:," /><style>:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; padding: 12px; background: Canvas; color: CanvasText; } main { max-width: 1200px; margin: 0 auto; }</style></head>
<body><main><div id="host"></div></main><script type="module">import '/src/define.ts';</script></body></html>`;

const [onlyCustomer, onlyWidth, onlyScheme, onlyTab] = process.argv.slice(2);
mkdirSync(OUT, { recursive: true });
const api = await startServer({ port: 0 });
const vite = await createServer({
  root: repo, configFile: false, logLevel: 'error', esbuild: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 0, hmr: false }, optimizeDeps: { noDiscovery: true, include: [] },
  plugins: [{ name: 'page', configureServer(server) {
    server.middlewares.use('/shots.html', async (_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(await server.transformIndexHtml('/shots.html', PAGE));
    });
  } }],
});
await vite.listen();
const url = `http://127.0.0.1:${vite.httpServer.address().port}/shots.html`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  for (const customer of onlyCustomer && onlyCustomer !== 'all' ? [onlyCustomer] : ['cus-typical', 'cus-heavy-usage']) {
    for (const width of onlyWidth && onlyWidth !== 'all' ? [Number(onlyWidth)] : [360, 1280]) {
      for (const scheme of onlyScheme && onlyScheme !== 'all' ? [onlyScheme] : ['light', 'dark']) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, reducedMotion: 'reduce' });
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        page.on('pageerror', (e) => console.error('pageerror', String(e)));
        await page.goto(url);
        await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
        const { token } = await api.api.mintToken(customer, { ttlSeconds: 600 });
        await page.evaluate(([base, t]) => {
          const el = document.createElement('customer-portal');
          el.setAttribute('api-base', base);
          el.token = t;
          document.getElementById('host').append(el);
        }, [`${api.url}/v1`, token]);
        const portal = page.locator('customer-portal');
        for (const tab of onlyTab ? [onlyTab] : ['overview', 'usage', 'credits']) {
          await portal.locator(`#tab-${tab}`).click();
          await portal.locator(`cp-${tab}-tab ${tab === 'credits' ? 'table' : 'canvas'}`).first().waitFor();
          await page.waitForFunction(() => {
            let busy = false;
            const walk = (root) => { for (const el of root.querySelectorAll('*')) {
              if (el.matches('[part~="state-loading"], .skeleton, [aria-busy="true"]') && el.getClientRects().length > 0) busy = true;
              if (el.shadowRoot) walk(el.shadowRoot); } };
            walk(document);
            return !busy;
          });
          // Every chart drawn and painted (its draw runs over a few tasks after the data is on screen).
          await page.waitForFunction((tag) => {
            const tabEl = document.querySelector('customer-portal').shadowRoot.querySelector(tag);
            return [...(tabEl?.shadowRoot?.querySelectorAll('cp-usage-chart') ?? [])].every((c) => c.chart && !c.drawPending && !c.holdPaint);
          }, `cp-${tab}-tab`);
          await page.waitForTimeout(300);
          const file = `${OUT}/${tab}-${customer.replace('cus-', '')}-${width}-${scheme}.png`;
          // The whole page in one viewport (a full-page capture resizes the page mid-shot, and canvases repaint a frame later).
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.setViewportSize({ width, height });
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
          await page.screenshot({ path: file });
          await page.setViewportSize({ width, height: 800 });
          console.log(file);
          if (tab !== 'credits') {
            const card = portal.locator(`cp-${tab}-tab [part~="trend-card"]`);
            await card.screenshot({ path: file.replace('.png', '-trend.png') });
          }
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await vite.close();
  await api.close();
}
