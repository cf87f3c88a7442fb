// Host: an Angular 22 app (standalone, zoneless) using <customer-portal> with
// CUSTOM_ELEMENTS_SCHEMA, [token] / [apiBase] bindings and (token-expired) with
// a typed $event (strictTemplates reads HTMLElementEventMap), installed from
// the packed tarball, built with `ng build` and served with a strict CSP.
// The Angular CLI needs Node 22.22+, which comes from the npm registry
// (scripts/node-dist.mjs) when this Node is older.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hostDir, installHostDependencies } from '../../demo/hosts/prepare.mjs';
import { nodeBinary } from '../../scripts/node-dist.mjs';
import { expectCleanPage, expectEveryTab, expectTokenLifecycle, openHost, prepareHost } from './support/hosts.mjs';

const dir = hostDir('angular');
const [major, minor] = process.versions.node.split('.').map(Number);
const node22 = major > 22 || (major === 22 && minor >= 22) ? { path: process.execPath, reason: null } : nodeBinary(22);
const skip = node22.path ? false : `the Angular CLI needs Node 22.22+: ${node22.reason}`;

describe('host: Angular app (CUSTOM_ELEMENTS_SCHEMA, [token], typed (token-expired))', { skip }, () => {
  let ctx;
  let build = '';

  before(async () => {
    installHostDependencies('angular', { log: (m) => console.log(`# ${m}`) });
    await prepareHost('angular', { build: false });
    build = execFileSync(node22.path, [join(dir, 'node_modules/@angular/cli/bin/ng.js'), 'build'], {
      cwd: dir,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ctx = await openHost({ root: join(dir, 'dist', 'browser') });
  });
  after(() => ctx?.close());

  it('builds with strictTemplates (typed $event from HTMLElementEventMap)', () => {
    assert.match(build, /Application bundle generation complete/);
  });

  it('shows data, handles (token-expired) in the component, and shows data again with the token it binds back', async () => {
    await expectTokenLifecycle(ctx);
  });

  it('shows data on every tab and draws both charts, under a strict CSP', async () => {
    await expectEveryTab(ctx.page);
    expectCleanPage(ctx.record);
  });
});
