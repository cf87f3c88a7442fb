// <customer-portal> (the CDN build) on a host page with the strictest policy a
// careful merchant ships: script-src 'self', style-src 'self', Trusted Types
// required for script sinks, connect-src only the portal API's origin. Every
// tab is opened, both charts drawn, ranges and pages changed: zero CSP
// violations (counted three ways: the page's securitypolicyviolation events,
// the browser's reports to report-uri, the console), no uncaught error, no
// <style> element in any shadow tree (styles are adopted constructable sheets).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCleanStrictPage, CDN_DIR, openStrict, settle, strictPolicy, useStrictPageStack, withoutMarkers } from './pages/serve.mjs';

async function mount(page, apiBase, token) {
  await page.evaluate(
    ([base, t]) => {
      const el = document.createElement('customer-portal');
      el.setAttribute('api-base', base);
      el.token = t;
      document.getElementById('host').append(el);
    },
    [apiBase, token],
  );
  return page.locator('customer-portal');
}

async function exerciseEveryTab(portal) {
  // Overview: wallet, subscriptions, trend chart (the lazily loaded chart chunk).
  await portal.getByText('Priority Support').first().waitFor();
  await portal.locator('cp-section-panel[data-tab="overview"] canvas').waitFor();
  await portal.locator('cp-section-panel[data-tab="overview"]').getByRole('button', { name: '30d' }).click();
  await portal.locator('cp-section-panel[data-tab="overview"] canvas').waitFor();
  // Credits: wallets and the paged history.
  await portal.getByRole('tab', { name: 'Credits' }).click();
  await portal.locator('cp-transactions-section').getByText('Launch promotion credits').first().waitFor();
  // Invoices: list, then the detail of the first invoice.
  await portal.getByRole('tab', { name: 'Invoices' }).click();
  await portal.locator('cp-section-panel[data-tab="invoices"]').getByText(/INV-\d{6}-\d{5}/).first().waitFor();
  // Usage: the chart, then another range.
  await portal.getByRole('tab', { name: 'Usage' }).click();
  await portal.locator('cp-section-panel[data-tab="usage"] canvas').waitFor();
  await portal.locator('cp-section-panel[data-tab="usage"] cp-usage-range-section').getByRole('button', { name: '7d' }).first().click();
  await portal.locator('cp-section-panel[data-tab="usage"] canvas').waitFor();
}

describe('strict CSP host page (CDN build)', () => {
  const ctx = useStrictPageStack();

  it('renders every tab and both charts with zero CSP or Trusted Types violations', async () => {
    const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
    try {
      const { token } = await ctx.api.api.mintToken('cus-typical');
      const portal = await mount(page, `${ctx.api.url}/v1`, token);
      await exerciseEveryTab(portal);
      await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      // The policy was really enforced: an inline <style> and a string HTML sink are refused on this page.
      const probe = await page.evaluate(() => {
        const style = document.createElement('style');
        style.textContent = 'body { --probe: 1; }';
        document.head.append(style);
        const inlineStyleApplied = getComputedStyle(document.body).getPropertyValue('--probe').trim() === '1';
        style.remove();
        let htmlSinkRefused = false;
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
        } catch {
          htmlSinkRefused = true;
        }
        return { inlineStyleApplied, htmlSinkRefused };
      });
      assert.deepEqual(probe, { inlineStyleApplied: false, htmlSinkRefused: true }, 'the page enforces the policy');
    } finally {
      await page.close();
    }
  });

  it('ships no eval, new Function or string timers in any CDN file', () => {
    const files = readdirSync(CDN_DIR).filter((f) => f.endsWith('.js'));
    assert.ok(files.length >= 2, 'the element and its chart chunk');
    for (const file of files) {
      const code = readFileSync(join(CDN_DIR, file), 'utf8');
      assert.doesNotMatch(code, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]/, `${file} has no eval or Function constructor`);
      assert.doesNotMatch(code, /setTimeout\s*\(\s*['"`]|setInterval\s*\(\s*['"`]/, `${file} passes no strings to timers`);
    }
  });

  it('needs only the "lit-html" Trusted Types policy name when the host lists allowed policies', async () => {
    const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url, { trustedTypes: 'lit-html' }));
    try {
      const { token } = await ctx.api.api.mintToken('cus-heavy-usage');
      const portal = await mount(page, `${ctx.api.url}/v1`, token);
      await portal.locator('cp-section-panel[data-tab="overview"] canvas').waitFor();
      await portal.getByRole('tab', { name: 'Usage' }).click();
      await portal.locator('cp-section-panel[data-tab="usage"] canvas').waitFor();
      await settle(page, ctx.pages);
      const seen = await page.evaluate(() => window.__strict);
      assert.deepEqual(seen.violations, []);
      assert.deepEqual(ctx.pages.reports, []);
      assert.deepEqual([...seen.errors, ...record.pageErrors, ...withoutMarkers(record.console)], []);
    } finally {
      await page.close();
    }
  });

  it('talks only to the API origin: a request elsewhere would be a violation, and none happens on errors either', async () => {
    const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
    try {
      const { token } = await ctx.api.api.mintToken('cus-typical');
      ctx.api.api.setFaults({ status: 500, paths: ['/invoices'] });
      const portal = await mount(page, `${ctx.api.url}/v1`, token);
      await portal.getByText('Priority Support').first().waitFor();
      await portal.getByRole('tab', { name: 'Invoices' }).click();
      await portal.locator('cp-section-panel[data-tab="invoices"]').getByRole('button', { name: /retry|try again/i }).waitFor();
      ctx.api.api.setFaults({});
      await portal.locator('cp-section-panel[data-tab="invoices"]').getByRole('button', { name: /retry|try again/i }).click();
      await portal.locator('cp-section-panel[data-tab="invoices"]').getByText(/INV-\d{6}-\d{5}/).first().waitFor();
      await settle(page, ctx.pages);
      const seen = await page.evaluate(() => window.__strict);
      assert.deepEqual(seen.violations, []);
      assert.deepEqual(ctx.pages.reports, []);
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(record.pageErrors, []);
      const unexpected = withoutMarkers(record.console).filter((l) => !/status of 500/.test(l));
      assert.deepEqual(unexpected, [], 'only the browser’s own network line for the injected 500');
    } finally {
      ctx.api.api.setFaults({});
      await page.close();
    }
  });
});
