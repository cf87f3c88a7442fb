// Screens of <customer-portal backend="lago"> and backend="hosted" on a plain
// host page: Lago runs through the package's own proxy mounted on the page's
// origin (as a merchant deploys it) in front of the reference Lago server;
// the hosted card opens a session minted by the reference Pabbly.
// Every Lago tab at 360 and 1280 px (light and dark) and the hosted card live
// and ended (without a tokenProvider, and with one): a full-page screenshot into screenshots/ for a human to look at,
// no horizontal overflow, and axe-core finds nothing.
// Run: node --test test/e2e/lago-screens.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { lagoProxyMiddleware, startServer } from '../../demo/server/main.mjs';
import { checkScreen, openScreen, settle, startScreensSite } from './support/screens.mjs';

const TABS = [
  { id: 'overview', ready: 'cp-section-panel[data-tab="overview"] [part~="history-table"]' },
  { id: 'credits', ready: '#panel-credits .unavailable' },
  { id: 'invoices', ready: 'cp-section-panel[data-tab="invoices"] :is([part~="table"], .cards)' },
  { id: 'usage', ready: 'cp-section-panel[data-tab="usage"] [part~="breakdown-table"]' },
];

describe('screens: Lago through the proxy, and the hosted card', () => {
  const ctx = {};

  before(async () => {
    ctx.api = await startServer({ port: 0 });
    const proxy = await lagoProxyMiddleware(ctx.api.lagoApiUrl);
    // The merchant's route: the package's proxy, same origin as the page.
    ({ vite: ctx.vite, url: ctx.url } = await startScreensSite({ routes: { '/billing/lago': (req, res) => proxy(req, res) } }));
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, scheme }, setup) {
    const { context, page, errors } = await openScreen(ctx.browser, ctx.url, { width, scheme });
    await page.evaluate(setup.fn, setup.args);
    return { context, page, errors, portal: page.locator('customer-portal') };
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
            await checkScreen(page, `lago-${tab.id}-${width}-${scheme}`);
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
        await checkScreen(page, `lago-${customer}-${tab}`);
      } finally {
        await context.close();
      }
    }
  });

  // The hosted card live, ended without a tokenProvider (it says so and waits: no button), and ended with
  // one (it offers to request a new session).
  const HOSTED = {
    live: { label: 'Open billing portal', provider: false },
    expired: { label: null, text: 'The billing portal opens here again once the app starts a new session.', provider: false },
    'expired-provider': { label: 'Request a new session', text: 'Request a new session to open the billing portal.', provider: true },
  };
  for (const [state, want] of Object.entries(HOSTED)) {
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
            fn: ([url, at, provider]) => {
              const el = document.createElement('customer-portal');
              el.setAttribute('backend', 'hosted');
              el.portalUrl = url;
              el.expiresAt = at;
              if (provider) el.tokenProvider = () => new Promise(() => {}); // asked only on a click, which this test does not make
              document.getElementById('host').append(el);
            },
            args: [data.access_url, expiresAt, want.provider],
          },
        );
        try {
          await portal.locator('cp-hosted-card [part~="card"]').waitFor();
          if (want.text) await portal.getByText(want.text).waitFor();
          await settle(page);
          const button = portal.locator('[part~="open-button"]');
          if (want.label) assert.equal((await button.textContent()).trim(), want.label);
          else assert.equal(await button.count(), 0, 'no button when there is nothing to ask for');
          const html = await page.evaluate(() => document.querySelector('customer-portal').shadowRoot.innerHTML + document.querySelector('customer-portal').shadowRoot.querySelector('cp-hosted-card').shadowRoot.innerHTML);
          assert.ok(!html.includes('tk='), 'the portal link is in the DOM');
          await checkScreen(page, `hosted-${state}-${width}`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      }
    });
  }
});
