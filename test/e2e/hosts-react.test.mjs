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

  it('shows data, calls onTokenExpired in the app, and shows data again with the token the app passes back', async () => {
    await expectTokenLifecycle(ctx);
    expectCleanPage(ctx.record);
  });

  it('renders one <customer-portal> and keeps it across the token change', async () => {
    assert.equal(await ctx.page.locator('customer-portal').count(), 1);
    assert.equal(await ctx.page.locator('customer-portal').getAttribute('tab'), 'invoices');
  });
});
