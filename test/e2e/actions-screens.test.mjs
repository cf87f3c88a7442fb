// Screens of the opt-in actions: <customer-portal actions="top-up pay-invoice">
// (the source, through the screens harness's Vite merchant page) against the
// reference Flexprice server, at 360 and 1280 px, light and dark:
//   actions-topup-dialog-*   the top-up dialog with an amount typed (money equivalent shown)
//   actions-topup-pending-*  after confirming: payment pending, the checkout link
//   actions-topup-done-*     the wallet card once the credits landed (dialog closed)
// Each: a full-page screenshot into screenshots/ for a human to look at, no
// horizontal overflow, axe-core (WCAG A/AA) finds nothing on the element.
// Run: node --test --test-concurrency=1 test/e2e/actions-screens.test.mjs
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { startServer } from '../../demo/server/main.mjs';
import { checkScreen, openScreen, settle, startScreensSite } from './support/screens.mjs';

describe('screens: the top-up dialog, pending and done, at 360 and 1280 px, light and dark', () => {
  const ctx = {};

  before(async () => {
    ctx.api = await startServer({ port: 0, settleDelayMs: 0 });
    ({ vite: ctx.vite, url: ctx.url } = await startScreensSite());
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await ctx.browser?.close();
    await ctx.vite?.close();
    await ctx.api?.close();
  });

  for (const width of [360, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`${width} px, ${scheme}`, async () => {
        ctx.api.api.reset();
        const { context, page } = await openScreen(ctx.browser, ctx.url, { width, scheme });
        try {
          const { token } = await ctx.api.api.mintToken('cus-typical', { ttlSeconds: 600 });
          await page.evaluate(
            ([base, t]) => {
              window.__results = [];
              const el = document.createElement('customer-portal');
              el.setAttribute('api-base', base);
              el.setAttribute('actions', 'top-up pay-invoice');
              el.addEventListener('portal-action-result', (e) => window.__results.push(e.detail.status));
              el.token = t;
              document.getElementById('host').append(el);
            },
            [`${ctx.api.url}/v1`, token],
          );
          const portal = page.locator('customer-portal');
          const card = portal.locator('cp-section-panel[data-tab="overview"] [part~="wallet-card"]').first();
          const add = card.getByRole('button', { name: 'Add credits' });
          await add.waitFor();
          await settle(page);
          await add.click();
          const dialog = portal.locator('cp-action-dialog dialog[open]');
          await dialog.locator('input#credits').fill('250');
          await dialog.locator('#consequence').getByText(/250 credits cost/).waitFor();
          await checkScreen(page, `actions-topup-dialog-${width}-${scheme}`);
          // Confirm: the provider's page opens in a new tab (closed here), the dialog says what is pending.
          const tab = context.waitForEvent('page');
          await dialog.getByRole('button', { name: 'Continue to payment' }).click();
          await page.waitForFunction(() => window.__results.includes('requested'));
          const checkout = await tab;
          const id = new URL(checkout.url()).pathname.split('/').pop();
          await checkout.close();
          await dialog.getByRole('link', { name: 'Open the payment page' }).waitFor();
          await checkScreen(page, `actions-topup-pending-${width}-${scheme}`);
          // Paid on the provider's page: the credits land, the dialog says so, then the card shows them.
          await fetch(`${ctx.api.url}/__qa/checkout/${id}/complete`, { method: 'POST' });
          await page.waitForFunction(() => window.__results.includes('completed'));
          await dialog.getByRole('button', { name: 'Close' }).click();
          await dialog.waitFor({ state: 'detached' });
          await settle(page);
          await checkScreen(page, `actions-topup-done-${width}-${scheme}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
