// Screens: <customer-portal> (the source, through a Vite dev server) on a plain
// host page against the reference portal server. Every tab at 360 px and
// 1280 px, light and dark, at 320 px, and in Arabic (right to left) at 360 px:
// - a full-page screenshot into screenshots/ (gitignored) for a human to look at;
// - no horizontal overflow of the page (the portal fits 320–360 px wide screens);
// - axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on the element.
// Run: node --test test/e2e/screens.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { startServer } from '../../demo/server/main.mjs';
import { checkScreen, openScreen, settle, startScreensSite } from './support/screens.mjs';

/** What each tab shows once loaded (text inside the portal). */
const TABS = [
  { id: 'overview', ready: 'cp-section-panel[data-tab="overview"] canvas' },
  { id: 'credits', ready: 'cp-transactions-section table' },
  { id: 'invoices', ready: 'cp-section-panel[data-tab="invoices"] :is([part~="table"], .cards)' },
  { id: 'usage', ready: 'cp-section-panel[data-tab="usage"] canvas' },
];

describe('screens: every tab at 360 and 1280 px, light and dark, and Arabic', () => {
  const ctx = {};

  before(async () => {
    ctx.api = await startServer({ port: 0 });
    ({ vite: ctx.vite, url: ctx.url } = await startScreensSite());
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  async function open({ width, scheme, locale = 'en', customer = 'cus-typical', sections = null }) {
    const { context, page, errors } = await openScreen(ctx.browser, ctx.url, { width, scheme });
    const { token } = await ctx.api.api.mintToken(customer, { ttlSeconds: 600 });
    await page.evaluate(
      ([base, t, loc, names]) => {
        const el = document.createElement('customer-portal');
        el.setAttribute('api-base', base);
        el.setAttribute('locale', loc);
        if (names) el.setAttribute('sections', names);
        el.token = t;
        document.getElementById('host').append(el);
      },
      [`${ctx.api.url}/v1`, token, locale, sections],
    );
    return { context, page, errors, portal: page.locator('customer-portal') };
  }

  async function visitTabs(config, tabs = TABS) {
    const { context, page, errors, portal } = await open(config);
    const tag = `${config.customer ? `${config.customer.replace('cus-', '')}-` : ''}${config.locale ?? 'en'}-${config.width}-${config.scheme}`;
    try {
      for (const tab of tabs) {
        await portal.locator(`#tab-${tab.id}`).click();
        await portal.locator(tab.ready).first().waitFor();
        await settle(page);
        await checkScreen(page, `${tab.id}-${tag}`);
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

  // Sections alone (`sections="…"`): a header widget and a dashboard strip, no tab bar.
  for (const width of [360, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`sections alone, ${width} px, ${scheme}`, async () => {
        for (const [name, sections, ready] of [
          ['widget', 'wallet usage-limits', '[part~="quota-card"]'],
          ['dashboard', 'wallet subscriptions forecast usage-trend', 'cp-usage-trend-section canvas'],
        ]) {
          const { context, page, errors, portal } = await open({ width, scheme, sections });
          try {
            await portal.locator(ready).first().waitFor();
            await settle(page);
            assert.equal(await portal.locator('[role="tab"]').count(), 0);
            await checkScreen(page, `sections-${name}-${width}-${scheme}`);
            assert.deepEqual(errors, []);
          } finally {
            await context.close();
          }
        }
      });
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
