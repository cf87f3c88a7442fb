// Host: a Next.js 16 App Router app, production build with its default bundler
// (Turbopack). A Server Component page renders a client component that uses
// `@flexprice/customer-portal/react` with its event props; a route handler
// mints the session with the secret key. Installed from the packed tarball.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hostDir, installHostDependencies } from '../../demo/hosts/prepare.mjs';
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

const dir = hostDir('nextjs');
const next = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
const env = { NEXT_TELEMETRY_DISABLED: '1' };

describe('host: Next.js App Router (Server Component page, client component, route handler)', () => {
  let ctx;
  let build = '';

  before(async () => {
    installHostDependencies('nextjs', { log: (m) => console.log(`# ${m}`) });
    await prepareHost('nextjs', { build: false });
    build = execFileSync(process.execPath, [next, 'build'], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const { startServer } = await import('../../demo/server/main.mjs');
    const api = await startServer({ port: 0 });
    const proxy = await startMintingProxy(api.url);
    const port = await freePort();
    const app = await startAppServer({
      command: process.execPath,
      args: [next, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
      cwd: dir,
      env: { ...env, FLEXPRICE_API_BASE: `${proxy.url}/v1`, FLEXPRICE_API_KEY: 'sk_test_demo' },
      url: `http://127.0.0.1:${port}/`,
    });
    // The browser talks to the portal API through the proxy too (it is the app's FLEXPRICE_API_BASE).
    ctx = await openPage({
      api: { url: proxy.url, close: async () => (await proxy.close(), await api.close()) },
      host: { sessions: proxy.sessions, close: () => app.close() },
      url: `http://127.0.0.1:${port}/`,
    });
  });
  after(() => ctx?.close());

  it('builds with Next’s default bundler (Turbopack) and its type check', () => {
    assert.match(build, /Compiled successfully/);
    assert.ok(existsSync(join(dir, '.next', 'server', 'chunks', '[turbopack]_runtime.js')), 'the server bundle is Turbopack’s');
  });

  it('shows data, calls onTokenExpired in the client component, and shows data again with the token from the route handler', async () => {
    await expectTokenLifecycle(ctx);
  });

  it('shows data on every tab and draws both charts', async () => {
    await expectEveryTab(ctx.page);
    expectCleanPage(ctx.record);
    expectNoHydrationWarnings(ctx.record);
  });
});
