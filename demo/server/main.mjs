// The reference portal server over HTTP: node:http on loopback around the pure
// handler in portal-api.mjs, plus QA admin endpoints:
//   GET  /__admin/faults     → current faults (JSON)
//   POST /__admin/faults     ← faults JSON (replaces; {} clears)
//   POST /__admin/reset      → fresh seeded data, no faults, no patches
//   GET  /__admin/customers  → [{external_id, name, currency, timezone}]
//
// Polar's customer-portal API (polar/api.mjs) is served by the same process
// under `/polar`: `api-base` of `<customer-portal backend="polar">` is
// `${url}/polar`, its routes are `${url}/polar/v1/customer-portal/…`, minting is
// `POST ${url}/polar/v1/customer-sessions/`, and it has the same admin
// endpoints under `/polar/__admin/` plus `GET /polar/__admin/mutations`.
//
//   node demo/server/main.mjs [--port 8787]     (or PORT=8787)
//   import { startServer } from './demo/server/main.mjs';
//   const { url, api, polar, close } = await startServer({ port: 0 });   // polar = { url, api }
import http from 'node:http';
import { createPortalApi } from './portal-api.mjs';
import { createPolarApi, POLAR_DEFAULTS } from './polar/api.mjs';
import { isMain } from '../../scripts/is-main.mjs';

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

/** The QA admin endpoints of one backend's handler; null when `path` is not one of them. */
function adminAnswer(api, path, method, body, extra = {}) {
  const out = (status, value) => [status, value];
  if (path === '/__admin/faults' && method === 'GET') return out(200, api.getFaults());
  if (path === '/__admin/faults' && method === 'POST') {
    let faults;
    try {
      faults = body ? JSON.parse(body) : {};
    } catch {
      return out(400, { error: 'faults must be JSON' });
    }
    return out(200, api.setFaults(faults));
  }
  if (path === '/__admin/reset' && method === 'POST') {
    api.reset();
    return out(200, { ok: true });
  }
  if (path === '/__admin/customers' && method === 'GET') return out(200, api.customers());
  const more = extra[`${method} ${path}`];
  if (more) return out(200, more());
  return out(404, { error: 'unknown admin endpoint' });
}

/**
 * Starts the server. `port` 0 picks a free one. Returns `{ url, port, api, close() }`
 * where `api` is the handler instance (setFaults, patchCustomer, mintToken, reset…).
 */
export async function startServer({ port = 8787, host = '127.0.0.1', now, secret, apiKeys, tokenTtlSeconds, portalUrl, delay, polar = {} } = {}) {
  const api = createPortalApi({ now, secret, apiKeys, tokenTtlSeconds, portalUrl, delay });
  const polarApi = createPolarApi({ now, ...(delay ? { delay } : {}), ...polar });
  // Path prefix → [handler, extra admin endpoints]; '' is Flexprice at the root.
  const mounts = [
    ['/polar', polarApi, { 'GET /__admin/mutations': () => polarApi.mutations }],
    ['', api, {}],
  ];
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const rawUrl = req.url ?? '/';
      const [prefix, handler, extraAdmin] = mounts.find(([p]) => p === '' || rawUrl === p || rawUrl.startsWith(`${p}/`) || rawUrl.startsWith(`${p}?`));
      const url = rawUrl.slice(prefix.length) || '/';
      const path = url.split('?')[0];
      if (path.startsWith('/__admin/')) {
        if (req.method === 'OPTIONS') return send(res, 204, ADMIN_CORS, '');
        const [status, value] = adminAnswer(handler, path, req.method, body, extraAdmin);
        return send(res, status, { ...ADMIN_CORS, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(value));
      }
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const result = await handler.handle({ method: req.method, url, headers, body });
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
  polarApi.setPublicUrls({ filesBaseUrl: `${url}/polar`, portalUrl: `${url}/polar/__portal` });
  return {
    url,
    port: address.port,
    api,
    /** Polar's customer-portal API: `url` is the `api-base` of `backend="polar"`. */
    polar: { url: `${url}/polar`, api: polarApi },
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
  console.log(
    `Polar customer-portal API on ${url}/polar  (mint: POST ${url}/polar/v1/customer-sessions/ with Authorization: Bearer ${POLAR_DEFAULTS.organizationToken}, body {"external_customer_id":"polar-typical"})`,
  );
}
