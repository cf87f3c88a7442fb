// Host: a SvelteKit app (adapter-node, server-side rendering) installed from
// the packed tarball: the page server-renders <customer-portal> without a
// token, sets the token as a property on the client, listens with
// `ontoken-expired={…}` (typed by the package's ./svelte declarations), and
// a +server.ts endpoint mints the session. SvelteKit 3 needs Node 22, which
// comes from the npm registry (scripts/node-dist.mjs) when this Node is older.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hostDir, installHostDependencies } from '../../demo/hosts/prepare.mjs';
import { nodeBinary } from '../../scripts/node-dist.mjs';
import {
  expectCleanPage,
  expectEveryTab,
  expectNoHydrationWarnings,
  expectTokenLifecycle,
  freePort,
  openPage,
  prepareHost,
  startAppServer,
  startMintingProxy,
} from './support/hosts.mjs';

const dir = hostDir('sveltekit');
const major = Number(process.versions.node.split('.')[0]);
const node22 = major >= 22 ? { path: process.execPath, reason: null } : nodeBinary(22);
const skip = node22.path ? false : `SvelteKit 3 needs Node 22+: ${node22.reason}`;
const run = (args) => execFileSync(node22.path, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('host: SvelteKit app, types', { skip }, () => {
  before(async () => {
    installHostDependencies('sveltekit', { log: (m) => console.log(`# ${m}`) });
    await prepareHost('sveltekit', { build: false });
    run([join(dir, 'node_modules/@sveltejs/kit/svelte-kit.js'), 'sync']);
  });

  it('type-checks with svelte-check against the package’s ./svelte declarations (typed ontoken-expired detail)', () => {
    const out = run([join(dir, 'node_modules/svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'machine']);
    assert.match(out, /COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/, out);
  });
});

describe('host: SvelteKit app (SSR, token as a property on the client, +server.ts minting)', { skip }, () => {
  let ctx;
  let ssrHtml = '';

  before(async () => {
    run([join(dir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
    const { startServer } = await import('../../demo/server/main.mjs');
    const api = await startServer({ port: 0 });
    const proxy = await startMintingProxy(api.url);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const app = await startAppServer({
      command: node22.path,
      args: [join(dir, 'build/index.js')],
      cwd: dir,
      env: { PORT: String(port), HOST: '127.0.0.1', ORIGIN: url.slice(0, -1), FLEXPRICE_API_BASE: `${proxy.url}/v1`, FLEXPRICE_API_KEY: 'sk_test_demo' },
      url,
    });
    ssrHtml = await (await fetch(url)).text();
    ctx = await openPage({
      api: { url: proxy.url, close: async () => (await proxy.close(), await api.close()) },
      host: { sessions: proxy.sessions, close: () => app.close() },
      url,
    });
  });
  after(() => ctx?.close());

  it('server-renders the element without a token (the server imports the package safely)', () => {
    assert.match(ssrHtml, /<customer-portal\b/);
    assert.doesNotMatch(ssrHtml, /<customer-portal\b[^>]*\btoken=/, 'no token attribute in the server-rendered HTML');
  });

  it('shows data, handles ontoken-expired in the page, and shows data again with the token it sets as a property', async () => {
    await expectTokenLifecycle(ctx);
    assert.equal(await ctx.page.locator('customer-portal').getAttribute('token'), null, 'the token is a property, never an attribute');
  });

  it('shows data on every tab and draws both charts', async () => {
    await expectEveryTab(ctx.page);
    expectCleanPage(ctx.record);
    expectNoHydrationWarnings(ctx.record);
  });
});
