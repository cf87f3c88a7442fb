// Host: a plain HTML page with one <script type="module"> tag for the CDN
// build, served (from the CDN folder inside the packed npm package) under an
// arbitrary path, with a strict CSP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectCleanPage, expectSecondCopyWarns, expectTokenLifecycle, openHost, prepareHost } from './support/hosts.mjs';

describe('host: plain HTML page with the CDN script tag', () => {
  let prepared;
  let ctx;

  before(async () => {
    prepared = await prepareHost('html');
    const cdn = join(prepared.installed, 'dist', 'cdn');
    // The same folder under two paths: the chunks must resolve relative to wherever it is hosted.
    ctx = await openHost({ root: prepared.root, mounts: { '/portal/': cdn, '/mirror/cdn/v0/': cdn } });
  });
  after(() => ctx?.close());

  it('shows data, hands token-expired to the page, and shows data again with the new token', async () => {
    await expectTokenLifecycle(ctx);
    expectCleanPage(ctx.record);
  });

  it('loads chunks relative to the script, never from the site root', async () => {
    const portalFiles = ctx.record.requests.filter((u) => u.startsWith(ctx.host.url)).map((u) => new URL(u).pathname);
    assert.ok(portalFiles.includes('/portal/customer-portal.js'));
    const stray = portalFiles.filter((p) => p.endsWith('.js') && !p.startsWith('/portal/') && p !== '/app.js');
    assert.deepEqual(stray, [], 'no script requested outside the CDN folder');
  });

  it('loads the chart chunk lazily from the CDN folder when a chart is shown', async () => {
    const chart = ctx.record.requests.filter((u) => /\/portal\/chart-[\w-]+\.js$/.test(u));
    assert.equal(chart.length, 1, `one chart chunk request (requests: ${ctx.record.requests.filter((u) => u.endsWith('.js')).join(', ')})`);
  });

  it('warns instead of throwing when a second copy (a second script tag) defines the element again', async () => {
    await expectSecondCopyWarns(ctx.page, ctx.record, `${ctx.host.url}/mirror/cdn/v0/customer-portal.js`);
    await ctx.page.locator('customer-portal').getByRole('tab', { name: 'Overview' }).click();
    await ctx.page.locator('customer-portal').getByText('Priority Support').first().waitFor();
  });
});
