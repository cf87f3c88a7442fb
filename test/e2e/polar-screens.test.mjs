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
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { startServer } from '../../demo/server/main.mjs';
import { checkScreen, openScreen, settle, startScreensSite } from './support/screens.mjs';

const TABS = ['overview', 'credits', 'invoices', 'usage'];

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
    ctx.api = await startServer({ port: 0 });
    ({ vite: ctx.vite, url: ctx.url } = await startScreensSite({ colorScheme: 'light' }));
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, customer, expired = false }) {
    const { context, page, errors } = await openScreen(ctx.browser, ctx.url, { width });
    const methods = [];
    page.on('request', (r) => {
      if (r.url().includes('/polar/v1/')) methods.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
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

  async function check(page, name) {
    await checkScreen(page, `polar-${name}`);
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
            await portal.locator(`cp-section-panel[data-tab="${tab}"] :is([part~="card"], [part~="table"], .cards, [part~="state"]):not(.pending)`).first().waitFor();
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
