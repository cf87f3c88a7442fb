// `sections="…"` on every backend, through the CDN builds on a strict-CSP host
// page (script-src 'self', Trusted Types, connect-src only the API): the listed
// sections render alone, in order, without a tab bar; `portal-ready` fires
// once their data is on screen; a section the backend cannot supply shows its
// one-line note; zero CSP violations, no uncaught error, no console error.
// Run: node --test test/e2e/sections-alone.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lagoProxyMiddleware } from '../../demo/server/main.mjs';
import { POLAR_DEFAULTS } from '../../demo/server/polar/api.mjs';
import { assertCleanStrictPage, openStrict, strictPolicy, useStrictPageStack } from './pages/serve.mjs';
import { loaded } from './support/screens.mjs';

const SECTIONS = 'wallet usage-limits usage-trend invoices';

/** Mounts `<customer-portal sections=…>` in the page's #host and resolves when `portal-ready` fired. */
async function mountAlone(page, attrs, props) {
  await page.evaluate(
    ([a, p]) => {
      const el = document.createElement('customer-portal');
      for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
      Object.assign(el, p);
      window.__ready = 0;
      el.addEventListener('portal-ready', () => window.__ready++);
      el.addEventListener('tab-change', () => (window.__tabChanges = (window.__tabChanges ?? 0) + 1));
      document.getElementById('host').append(el);
    },
    [attrs, props],
  );
  await page.waitForFunction(() => window.__ready === 1);
  await loaded(page);
  return page.locator('customer-portal');
}

/** What the panel shows, in order: each section's tag, or "note: <text>" for a section the backend cannot supply. */
function shown(page) {
  return page.evaluate(() => {
    const portal = document.querySelector('customer-portal').shadowRoot;
    const grid = portal.querySelector('cp-section-panel').shadowRoot.querySelector('.grid');
    return {
      tabs: portal.querySelectorAll('[role="tab"]').length,
      places: [...grid.children].map((el) => (el.localName === 'section' ? `note: ${el.querySelector('.unavailable')?.textContent.trim()}` : el.localName)),
    };
  });
}

describe('sections alone, every backend', () => {
  const ctx = useStrictPageStack();

  it('Flexprice: wallet, limits, trend chart and invoices, no tab bar', async () => {
    const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
    try {
      const { token } = await ctx.api.api.mintToken('cus-typical');
      const portal = await mountAlone(page, { 'api-base': `${ctx.api.url}/v1`, sections: SECTIONS }, { token });
      assert.deepEqual(await shown(page), {
        tabs: 0,
        places: ['cp-wallet-section', 'cp-usage-limits-section', 'cp-usage-trend-section', 'cp-invoices-section'],
      });
      await portal.locator('[part~="wallet-card"]').getByText('credits').first().waitFor();
      await portal.locator('[part~="quota-card"]').waitFor();
      await portal.locator('cp-usage-trend-section canvas').waitFor();
      await portal.locator('cp-invoices-section :is([part~="table"], .cards)').first().waitFor();
      assert.equal(await page.evaluate(() => window.__tabChanges ?? 0), 0);
      await assertCleanStrictPage(ctx, page, record);
    } finally {
      await page.close();
    }
  });

  it('Polar: the trend is its one-line note (no usage history), the rest from Polar', async () => {
    const { page, record } = await openStrict(ctx, strictPolicy(`${ctx.api.polar.url}/`), 'strict-polar.html');
    try {
      const res = await fetch(`${ctx.api.polar.url}/v1/customer-sessions/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${POLAR_DEFAULTS.organizationToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ external_customer_id: 'polar-typical' }),
      });
      const session = await res.json();
      const portal = await mountAlone(page, { backend: 'polar', 'api-base': ctx.api.polar.url, 'expires-at': session.expires_at, sections: SECTIONS }, { token: session.token });
      const { tabs, places } = await shown(page);
      assert.equal(tabs, 0);
      assert.deepEqual(places, ['cp-wallet-section', 'cp-usage-limits-section', 'note: This billing system keeps no usage history, so there is no trend to show.', 'cp-invoices-section']);
      await portal.locator('[part~="wallet-card"]').getByText('$50.00').waitFor();
      await portal.getByText('ACME-0013').first().waitFor();
      await assertCleanStrictPage(ctx, page, record);
    } finally {
      await page.close();
    }
  });

  it('Lago (lazily loaded adapter, through the proxy): sections alone, and `sections` changed at run time re-renders', async () => {
    ctx.pages.route('/billing/lago-alone', await lagoProxyMiddleware(ctx.api.lagoApiUrl));
    const proxy = `${ctx.pages.url}/billing/lago-alone`;
    const { page, record } = await openStrict(ctx, strictPolicy(proxy));
    try {
      const { token } = await ctx.api.lago.mintToken('lago-typical');
      const portal = await mountAlone(page, { backend: 'lago', 'api-base': proxy, sections: 'wallet invoices' }, { token });
      assert.deepEqual(await shown(page), { tabs: 0, places: ['cp-wallet-section', 'cp-invoices-section'] });
      await portal.locator('cp-invoices-section :is([part~="table"], .cards)').first().waitFor();
      // Run-time change: other sections, same session, no second portal-ready.
      await page.evaluate(() => document.querySelector('customer-portal').setAttribute('sections', 'subscriptions transactions'));
      await portal.locator('cp-subscriptions-section').waitFor();
      await loaded(page);
      const after = await shown(page);
      assert.equal(after.tabs, 0);
      assert.equal(after.places[0], 'cp-subscriptions-section');
      assert.equal(after.places.length, 2);
      assert.equal(await page.evaluate(() => window.__ready), 1);
      await assertCleanStrictPage(ctx, page, record);
    } finally {
      await page.close();
    }
  });
});
