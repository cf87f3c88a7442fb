// Going offline and back online in real Chromium (CDN build, strict CSP page):
// sections that fail while offline show a network error with a retry button,
// data already on screen stays, and when the connection returns (the browser
// fires `online`) the failed sections recover by themselves — no click, no
// reload, no uncaught error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useStrictPageStack } from './pages/serve.mjs';

describe('offline and back online', () => {
  const ctx = useStrictPageStack();

  it('shows network errors while offline, keeps what is on screen, and recovers online', { timeout: 60_000 }, async () => {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${ctx.pages.url}/strict.html`);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);
    const { token } = await ctx.api.api.mintToken('cus-typical');
    await page.evaluate(
      ([base, t]) => {
        const el = document.createElement('customer-portal');
        el.setAttribute('api-base', base);
        el.token = t;
        el.addEventListener('portal-error', (e) => ((window.__errors ??= []).push(e.detail)));
        document.getElementById('host').append(el);
      },
      [`${ctx.api.url}/v1`, token],
    );
    const portal = page.locator('customer-portal');
    await portal.getByText('Priority Support').first().waitFor();
    // The other tabs' modules are prefetched when idle after portal-ready (Chromium remembers a failed
    // module fetch until the page reloads, so this test drops the connection once they are in).
    await page.waitForFunction(() => ['cp-credit-wallet-section', 'cp-transactions-section', 'cp-invoices-section', 'cp-usage-chart-section'].every((t) => customElements.get(t)));

    await context.setOffline(true);
    await portal.getByRole('tab', { name: 'Invoices' }).click();
    const invoices = portal.locator('cp-section-panel[data-tab="invoices"]');
    // Network failures are retried with backoff first (about 1.5 s at most), then shown.
    await invoices.getByText('could not reach the billing service').waitFor();
    const errors = await page.evaluate(() => window.__errors);
    assert.deepEqual(errors.map((e) => [e.section, e.status]), [['invoices', 0]], 'one portal-error, status 0');
    // The Overview data already on screen stays.
    await portal.getByRole('tab', { name: 'Overview' }).click();
    await portal.getByText('Priority Support').first().waitFor();

    await portal.getByRole('tab', { name: 'Invoices' }).click();
    await context.setOffline(false);
    // Back online: the section retries by itself.
    await invoices.getByText(/INV-\d{6}-\d{5}/).first().waitFor();
    assert.equal(await invoices.getByText('could not reach the billing service').count(), 0, 'the error is gone');
    const seen = await page.evaluate(() => window.__strict);
    assert.deepEqual([...seen.errors, ...pageErrors], [], 'no uncaught error');
    assert.deepEqual(seen.violations, []);
    await context.close();
  });
});
