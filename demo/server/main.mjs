// The reference portal server over HTTP: node:http on loopback around the pure
// handler in portal-api.mjs, plus QA admin endpoints:
//   GET  /__admin/faults     → current faults (JSON)
//   POST /__admin/faults     ← faults JSON (replaces; {} clears)
//   POST /__admin/reset      → fresh seeded data, no faults, no patches
//   GET  /__admin/customers  → [{external_id, name, currency, timezone}]
//
// and, beside it, the reference Lago API (demo/server/lago/lago-api.mjs) under
// `/lago` (`{url}/lago/graphql`: what a merchant's `apiUrl` points at) with
// the package's own Lago proxy mounted at `/lago-proxy` (same origin as
// nothing but itself; `lagoProxyMiddleware` mounts it on another server, such
// as the demo's Vite origin):
//   GET  /__admin/lago/faults, POST /__admin/lago/faults, POST /__admin/lago/reset,
//   GET  /__admin/lago/customers, GET /__admin/lago/mint/{external_id}[?ttl_seconds=&expired=true]
//
//   node demo/server/main.mjs [--port 8787]     (or PORT=8787)
//   import { startServer } from './demo/server/main.mjs';
//   const { url, api, close } = await startServer({ port: 0 });
import http from 'node:http';
import { createPortalApi } from './portal-api.mjs';
import { isMain } from '../../scripts/is-main.mjs';
import { createLagoApi } from './lago/lago-api.mjs';
import { loadTsModule } from './lago/ts-module.mjs';

/** The package's GraphQL reader and Lago proxy (TypeScript source, bundled in memory). */
export async function lagoModules() {
  const [graphql, proxy] = await Promise.all([loadTsModule('src/lago-proxy/graphql.ts'), loadTsModule('src/lago-proxy/index.ts')]);
  return { graphql, createLagoProxy: proxy.createLagoProxy };
}

/** A connect/express middleware running the package's Lago proxy in front of `apiUrl` (e.g. `${url}/lago`). */
export async function lagoProxyMiddleware(apiUrl, options = {}) {
  const { createLagoProxy } = await lagoModules();
  const proxy = createLagoProxy({ apiUrl, ...options });
  return (req, res) => proxy.node(req, res);
}

const ADMIN_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': '*',
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', reject);
  });
}

function send(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Starts the server. `port` 0 picks a free one. Returns `{ url, port, api, close() }`
 * where `api` is the handler instance (setFaults, patchCustomer, mintToken, reset…).
 */
export async function startServer({ port = 8787, host = '127.0.0.1', now, secret, apiKeys, tokenTtlSeconds, portalUrl, lagoProxyTimeoutMs } = {}) {
  const api = createPortalApi({ now, secret, apiKeys, tokenTtlSeconds, portalUrl });
  const { graphql, createLagoProxy } = await lagoModules();
  const lago = createLagoApi({ graphql, now });
  let lagoProxy = null;
  const server = http.createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/lago-proxy') return await lagoProxy.node(req, res);
      const body = await readBody(req);
      if (path.startsWith('/__admin/lago/')) {
        if (req.method === 'OPTIONS') return send(res, 204, ADMIN_CORS, '');
        const out = (status, value) => send(res, status, { ...ADMIN_CORS, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(value));
        const sub = path.slice('/__admin/lago/'.length);
        if (sub === 'faults' && req.method === 'GET') return out(200, lago.getFaults());
        if (sub === 'faults' && req.method === 'POST') {
          try {
            return out(200, lago.setFaults(body ? JSON.parse(body) : {}));
          } catch {
            return out(400, { error: 'faults must be JSON' });
          }
        }
        if (sub === 'reset' && req.method === 'POST') {
          lago.reset();
          return out(200, { ok: true });
        }
        if (sub === 'customers' && req.method === 'GET') return out(200, lago.customers());
        const mint = /^mint\/([^/]+)$/.exec(sub);
        if (mint && req.method === 'GET') {
          const params = new URL(req.url, 'http://x').searchParams;
          const ttl = params.get('ttl_seconds');
          try {
            return out(200, await lago.mintToken(decodeURIComponent(mint[1]), { ttlSeconds: ttl && /^\d+$/.test(ttl) ? Number(ttl) : undefined, expired: params.get('expired') === 'true' }));
          } catch {
            return out(404, { error: 'unknown Lago customer' });
          }
        }
        return out(404, { error: 'unknown admin endpoint' });
      }
      if (path === '/lago' || path.startsWith('/lago/')) {
        const headers = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const result = await lago.handle({ method: req.method, url: (req.url ?? '/').slice('/lago'.length) || '/', headers, body });
        if (result.networkError) {
          req.socket.destroy();
          return;
        }
        const payload = Buffer.from(result.body, result.headers['content-type'] === 'application/pdf' ? 'latin1' : 'utf8');
        return send(res, result.status, { ...result.headers, 'content-length': String(payload.length) }, payload);
      }
      if (path.startsWith('/__admin/')) {
        if (req.method === 'OPTIONS') return send(res, 204, ADMIN_CORS, '');
        const out = (status, value) => send(res, status, { ...ADMIN_CORS, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(value));
        if (path === '/__admin/faults' && req.method === 'GET') return out(200, api.getFaults());
        if (path === '/__admin/faults' && req.method === 'POST') {
          let faults;
          try {
            faults = body ? JSON.parse(body) : {};
          } catch {
            return out(400, { error: 'faults must be JSON' });
          }
          return out(200, api.setFaults(faults));
        }
        if (path === '/__admin/reset' && req.method === 'POST') {
          api.reset();
          return out(200, { ok: true });
        }
        if (path === '/__admin/customers' && req.method === 'GET') return out(200, api.customers());
        return out(404, { error: 'unknown admin endpoint' });
      }
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const result = await api.handle({ method: req.method, url: req.url, headers, body });
      if (result.networkError) {
        req.socket.destroy();
        return;
      }
      const payload = Buffer.from(result.body, result.headers['content-type'] === 'application/pdf' ? 'latin1' : 'utf8');
      send(res, result.status, { ...result.headers, 'content-length': String(payload.length) }, payload);
    } catch (err) {
      send(res, 500, { 'content-type': 'text/plain' }, `reference server error: ${err && err.message}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  api.setPublicUrls({ filesBaseUrl: url });
  lago.setPublicUrls({ filesBaseUrl: `${url}/lago` });
  lagoProxy = createLagoProxy({ apiUrl: `${url}/lago`, ...(lagoProxyTimeoutMs ? { timeoutMs: lagoProxyTimeoutMs } : {}) });
  return {
    url,
    port: address.port,
    api,
    /** The reference Lago API (mintToken, setFaults, patchCustomer, reset…); Lago's `apiUrl` is `${url}/lago`. */
    lago,
    lagoApiUrl: `${url}/lago`,
    /** The package's proxy in front of it, on this origin. */
    lagoProxyUrl: `${url}/lago-proxy`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function argPort(argv) {
  const i = argv.indexOf('--port');
  if (i >= 0 && argv[i + 1]) return Number(argv[i + 1]);
  const eq = argv.find((a) => a.startsWith('--port='));
  return eq ? Number(eq.slice(7)) : undefined;
}

if (isMain(import.meta.url)) {
  const port = argPort(process.argv) ?? Number(process.env.PORT ?? 8787);
  const { url } = await startServer({ port });
  console.log(`Reference portal API on ${url}/v1  (API key sk_test_demo; mint: GET ${url}/v1/customers/portal/cus-typical)`);
}
