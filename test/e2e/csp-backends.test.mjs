// The strict-CSP guarantee of csp-strict-page.test.mjs for the other backends
// (issues 11 and 12): script-src 'self', style-src 'self', Trusted Types
// required, and connect-src only what the element talks to.
// - backend="polar": the Polar CDN build (dist/cdn/polar/) against the reference
//   Polar API; connect-src is only `${api}/polar/`. Every offered tab.
// - backend="lago": the Flexprice CDN build loads the Lago adapter lazily; it
//   talks only to the package's Lago proxy, mounted on the page's origin as a
//   merchant deploys it (connect-src is that one URL, not 'self').
// - backend="hosted": the link-out card with a Pabbly session; connect-src
//   'none', and "Open billing portal" calls window.open (stubbed by an init
//   script, so no tab opens) with the session's URL.
// Each: zero violations (page events and report-uri), no uncaught error, no
// console error or warning, no <style> or stylesheet link in shadow trees.
// Run: node --test test/e2e/csp-backends.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lagoProxyMiddleware } from '../../demo/server/main.mjs';
import { POLAR_DEFAULTS } from '../../demo/server/polar/api.mjs';
import { assertCleanStrictPage, isMarkerUrl, openStrict, strictPolicy, useStrictPageStack } from './pages/serve.mjs';
import { loaded } from './support/screens.mjs';

/** Mounts `<customer-portal>` with `attrs` and `props` in the page's #host. */
async function mount(page, attrs, props) {
  await page.evaluate(
    ([a, p]) => {
      const el = document.createElement('customer-portal');
      for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
      Object.assign(el, p);
      document.getElementById('host').append(el);
    },
    [attrs, props],
  );
  return page.locator('customer-portal');
}

/** The ids of the tabs the element offers. */
function offeredTabs(page) {
  return page.evaluate(() => [...document.querySelector('customer-portal').shadowRoot.querySelectorAll('[role="tab"]')].map((t) => t.id.replace('tab-', '')));
}

/** Opens every offered tab and waits for its content. */
async function openEveryTab(page, portal, ready) {
  await portal.locator('#tab-overview').waitFor();
  const tabs = await offeredTabs(page);
  for (const tab of tabs) {
    await portal.locator(`#tab-${tab}`).click();
    await portal.locator(ready[tab] ?? `cp-section-panel[data-tab="${tab}"] :is([part~="card"], [part~="table"], .cards, [part~="state"]):not(.pending)`).first().waitFor();
    await loaded(page);
  }
  return tabs;
}

/** Every request the page made, as origin + path. */
function trackRequests(page) {
  const urls = [];
  page.on('request', (r) => {
    // settle()'s marker image (blocked by the policy) and the browser's violation reports are not the portal's
    // requests; the reports themselves are checked by assertCleanStrictPage.
    if (isMarkerUrl(r.url())) return;
    const u = new URL(r.url());
    if (u.pathname === '/csp-report') return;
    urls.push(`${u.origin}${u.pathname}`);
  });
  return urls;
}

describe('strict CSP host page, every backend', () => {
  const ctx = useStrictPageStack();

  it('backend="polar" (Polar CDN build): every tab, zero violations, connect-src only the Polar API', async () => {
    const polarBase = `${ctx.api.polar.url}/`;
    const { page, record } = await openStrict(ctx, strictPolicy(polarBase), 'strict-polar.html');
    const requests = trackRequests(page);
    try {
      const res = await fetch(`${ctx.api.polar.url}/v1/customer-sessions/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${POLAR_DEFAULTS.organizationToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ external_customer_id: 'polar-typical' }),
      });
      assert.equal(res.status, 201);
      const session = await res.json();
      const portal = await mount(page, { backend: 'polar', 'api-base': ctx.api.polar.url, 'expires-at': session.expires_at }, { token: session.token });
      const tabs = await openEveryTab(page, portal, {});
      assert.deepEqual(tabs, ['overview', 'credits', 'invoices', 'usage']);
      await assertCleanStrictPage(ctx, page, record);
      const api = requests.filter((u) => !u.startsWith(ctx.pages.url));
      assert.ok(api.length > 0 && api.every((u) => u.startsWith(polarBase)), `only the Polar API is called: ${api.join(', ')}`);
    } finally {
      await page.close();
    }
  });

  it('backend="lago" (lazily loaded adapter in the Flexprice CDN build): every tab, zero violations, connect-src only the proxy', async () => {
    // The merchant's route: the package's proxy on the page's own origin, in front of the reference Lago.
    ctx.pages.route('/billing/lago', await lagoProxyMiddleware(ctx.api.lagoApiUrl));
    const proxy = `${ctx.pages.url}/billing/lago`;
    const { page, record } = await openStrict(ctx, strictPolicy(proxy));
    const requests = trackRequests(page);
    try {
      const { token } = await ctx.api.lago.mintToken('lago-typical');
      const portal = await mount(page, { backend: 'lago', 'api-base': proxy }, { token });
      const tabs = await openEveryTab(page, portal, {
        overview: 'cp-section-panel[data-tab="overview"] [part~="history-table"]',
        credits: '#panel-credits .unavailable',
        invoices: 'cp-section-panel[data-tab="invoices"] :is([part~="table"], .cards)',
        usage: 'cp-section-panel[data-tab="usage"] [part~="breakdown-table"]',
      });
      assert.deepEqual(tabs, ['overview', 'credits', 'invoices', 'usage']);
      await assertCleanStrictPage(ctx, page, record);
      assert.ok(
        requests.some((u) => /\/cdn\/backend-lago-[\w-]+\.js$/.test(u)),
        'the Lago adapter is a lazily loaded chunk of the CDN build',
      );
      const api = requests.filter((u) => !u.startsWith(`${ctx.pages.url}/cdn/`));
      assert.ok(api.length > 0 && api.every((u) => u === proxy), `only the Lago proxy is called: ${api.join(', ')}`);
    } finally {
      await page.close();
    }
  });

  it('backend="hosted": the card opens the portal URL with no request and zero violations', async () => {
    const res = await fetch(`${ctx.api.pabbly.url}/api/v1/portal_sessions/`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('pabbly_demo_key:pabbly_demo_secret')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: 'pabbly-typical' }),
    });
    const { data } = await res.json();
    const { page, record } = await openStrict(ctx, strictPolicy("'none'"));
    const requests = trackRequests(page);
    try {
      // window.open is recorded instead of opening a tab (the init script is not page script, so it is not subject to the policy).
      await page.addInitScript(() => {
        window.__opened = [];
        window.open = (...args) => {
          window.__opened.push(args.map(String));
          return null;
        };
      });
      await page.reload();
      await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
      ctx.pages.reports.length = 0;
      const portal = await mount(page, { backend: 'hosted' }, { portalUrl: data.access_url, expiresAt: data.expires_at });
      const button = portal.locator('[part~="open-button"]');
      await button.waitFor();
      assert.equal((await button.textContent()).trim(), 'Open billing portal');
      await button.click();
      await page.waitForFunction(() => window.__opened.length > 0);
      assert.deepEqual(await page.evaluate(() => window.__opened), [[data.access_url, '_blank', 'noopener,noreferrer']]);
      await assertCleanStrictPage(ctx, page, record);
      const elsewhere = requests.filter((u) => !u.startsWith(ctx.pages.url));
      assert.deepEqual(elsewhere, [], 'the hosted card makes no request');
    } finally {
      await page.close();
    }
  });
});
