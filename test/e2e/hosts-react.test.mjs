// Host: a React 19 app built with Vite, using the package's `./react` wrapper
// (@lit/react) with onTokenExpired & co., installed from the packed tarball.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hostDir, ROOT } from '../../demo/hosts/prepare.mjs';
import { expectCleanPage, expectTokenLifecycle, openHost, prepareHost } from './support/hosts.mjs';

describe('host: React 19 app with the ./react wrapper', () => {
  let prepared;
  let ctx;

  before(async () => {
    prepared = await prepareHost('react');
    ctx = await openHost({ root: prepared.root });
  });
  after(() => ctx?.close());

  it('type-checks against the installed package (exports map, types first, typed event props)', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', hostDir('react')], { stdio: 'pipe', encoding: 'utf8' });
  });

  /** What the page held right after the app passed the new token back (read before anything else happens). */
  let afterRenewal = null;

  it('shows data, calls onTokenExpired in the app, and shows data again with the token the app passes back', async () => {
    await expectTokenLifecycle(ctx, {
      // With the first token live: open Credits (view state a remount would lose) and mark this element instance.
      beforeExpiry: async ({ page, portal }) => {
        await portal.getByRole('tab', { name: 'Credits' }).click();
        await portal.locator('cp-transactions-section').getByText('Launch promotion credits').first().waitFor();
        await page.evaluate(() => {
          const el = document.querySelector('customer-portal');
          el.__markedInFirstSession = true;
          window.__portalOfFirstSession = el;
        });
      },
      afterRenewal: async ({ page }) => {
        afterRenewal = await page.evaluate(() => {
          const el = document.querySelector('customer-portal');
          return {
            count: document.querySelectorAll('customer-portal').length,
            sameInstance: el === window.__portalOfFirstSession,
            marked: el.__markedInFirstSession === true,
            tab: el.tab,
            creditsOnScreen: el.shadowRoot.querySelector('#panel-credits:not([hidden]) cp-section-panel') !== null,
          };
        });
      },
    });
    expectCleanPage(ctx.record);
  });

  it('renders one <customer-portal> and keeps it across the token change: the same instance, with its tab and view', async () => {
    // A wrapper that remounted on the new token would show a new element, on the default tab.
    assert.deepEqual(afterRenewal, { count: 1, sameInstance: true, marked: true, tab: 'credits', creditsOnScreen: true });
    assert.equal(await ctx.page.locator('customer-portal').count(), 1);
    assert.equal(await ctx.page.evaluate(() => document.querySelector('customer-portal') === window.__portalOfFirstSession), true);
    assert.equal(await ctx.page.locator('customer-portal').getAttribute('tab'), 'invoices');
  });
});
