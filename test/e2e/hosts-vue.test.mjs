// Host: a Vue 3 app built with Vite, using <customer-portal> directly
// (compilerOptions.isCustomElement), listening with @token-expired and binding
// the new token back; installed from the packed tarball.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hostDir, ROOT } from '../../demo/hosts/prepare.mjs';
import { expectCleanPage, expectSecondCopyWarns, expectTokenLifecycle, openHost, prepareHost } from './support/hosts.mjs';

// Type-checked before the page opens: its first session is short.
describe('host: Vue 3 app, types', () => {
  before(() => prepareHost('vue', { build: false }));
  it('type-checks its templates with vue-tsc against the package’s ./vue declarations (props, typed @token-expired)', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vue-tsc/bin/vue-tsc.js'), '-p', hostDir('vue')], { stdio: 'pipe', encoding: 'utf8' });
  });
});

describe('host: Vue 3 app with the element and @token-expired', () => {
  let prepared;
  let ctx;

  before(async () => {
    prepared = await prepareHost('vue');
    ctx = await openHost({ root: prepared.root, mounts: { '/cdn/': join(prepared.installed, 'dist', 'cdn') } });
  });
  after(() => ctx?.close());

  it('shows data, handles @token-expired in the app, and shows data again with the token it binds back', async () => {
    await expectTokenLifecycle(ctx);
    expectCleanPage(ctx.record);
  });

  it('keeps the element registered by the npm package when the CDN build is loaded too (warns, does not throw)', async () => {
    await expectSecondCopyWarns(ctx.page, ctx.record, `${ctx.host.url}/cdn/customer-portal.js`);
    await ctx.page.locator('customer-portal').getByRole('tab', { name: 'Credits' }).click();
    await ctx.page.locator('#events li', { hasText: 'tab-change: credits' }).waitFor();
    assert.equal(await ctx.page.locator('customer-portal').count(), 1);
  });
});
