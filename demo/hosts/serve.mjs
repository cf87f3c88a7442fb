#!/usr/bin/env node
// Runs one host app the way a merchant would, against the reference portal server:
//   node demo/hosts/serve.mjs html|react|vue [--port 5180] [--ttl 30] [--customer cus-typical]
// Builds the package if needed, packs it, installs the tarball into the app,
// builds the app, starts the reference server and the merchant's web server.
// `--ttl 30` makes the first session last 30 s, to watch the host renew it.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ensureBuilt, packPackage, installPackage, buildApp, hostDir } from './prepare.mjs';
import { startHostServer } from './host-server.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '5180' }, ttl: { type: 'string' }, customer: { type: 'string', default: 'cus-typical' } },
});
const app = positionals[0];
if (!['html', 'react', 'vue'].includes(app)) {
  console.error('usage: node demo/hosts/serve.mjs html|react|vue [--port 5180] [--ttl 30] [--customer cus-typical]');
  process.exit(2);
}

ensureBuilt({ log: console.log });
const { tarball } = packPackage();
console.log(`packed ${tarball}`);
const installed = installPackage(app, tarball);
const root = app === 'html' ? hostDir('html') : await buildApp(app);
const { startServer } = await import('../server/main.mjs');
const api = await startServer({ port: 0 });
const host = await startHostServer({
  root,
  mounts: app === 'html' ? { '/portal/': join(installed, 'dist', 'cdn') } : {},
  portalApi: api.url,
  customer: values.customer,
  ttlSeconds: values.ttl ? [Number(values.ttl)] : [],
  port: Number(values.port),
});
console.log(`reference portal API: ${api.url}/v1`);
console.log(`${app} host app:        ${host.url}/`);
const stop = async () => {
  await host.close();
  await api.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
