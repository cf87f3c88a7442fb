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
// The reference Lago customer-portal GraphQL (lago/lago-api.mjs) is served
// under `/lago`: a merchant's proxy `apiUrl` is `${url}/lago` (GraphQL at
// `${url}/lago/graphql`, minting at `GET ${url}/lago/api/v1/customers/{id}/portal_url`
// with `Authorization: Bearer lago_api_key_demo`), its admin endpoints under
// `/lago/__admin/` plus `GET /lago/__admin/mint/{external_id}[?ttl_seconds=&expired=true]`.
// The package's own Lago proxy (server/lago-proxy) is mounted at `/lago-proxy`
// in front of it; `lagoProxyMiddleware(apiUrl)` mounts it on another server
// (the demo's Vite origin: the element calls it same-origin, as in production).
// A minimal Pabbly (pabbly/pabbly-api.mjs, link-out only) is under `/pabbly`:
// `POST ${url}/pabbly/api/v1/portal_sessions/` (Basic pabbly_demo_key:pabbly_demo_secret)
// answers `access_url` and `expires_at` for `<customer-portal backend="hosted">`.
//
// Write actions (contract/portal-actions.md; each backend's handler implements them) and their
// QA endpoints, no auth, on loopback:
//   GET  {prefix}/__qa/writes               → every request to a write route (refused ones too):
//                                             [{ method, path, status, applied, at }] (Lago: { operation,
//                                             fields, status, applied, at } per mutation request)
//   POST {prefix}/__qa/writes/reset         → clears that log (POST /__admin/reset clears it too)
//   where {prefix} is '' (Flexprice), '/polar' or '/lago'. Flexprice only:
//   GET  /__checkout/{id}                   the provider's hosted page (checkout, payment link, card
//                                             capture): a strict-CSP HTML page whose "Pay"/"Save card"
//                                             and "Cancel" buttons POST to /__checkout/{id}/pay|cancel
//   GET  /__qa/checkout                     → hosted sessions [{ id, kind, status, customer_id }]
//   POST /__qa/checkout/{id}/complete       → as if the customer paid (id: cs_…, pay_… or pmsetup_…)
//   POST /__qa/checkout/{id}/fail           ← optional {"reason"}: the provider declined
// Completed checkouts (and Lago top-ups) land their money `settleDelayMs` later (option of
// startServer, default 1000 ms, 0 = at once): the simulated webhook / background job.
// Write fault switches (POST {prefix}/__admin/faults): `writesOnly` narrows every fault to the
// writes, `dropAfterWrite` applies a write and drops the connection; Flexprice also `notDeployed`
// (gin's 404 on every payment route) and `paymentMethodsError`.
//
//   node demo/server/main.mjs [--port 8787]     (or PORT=8787)
//   import { startServer } from './demo/server/main.mjs';
//   const { url, api, polar, close } = await startServer({ port: 0 });   // polar = { url, api }
import http from 'node:http';
import { createPortalApi } from './portal-api.mjs';
import { createPolarApi, POLAR_DEFAULTS } from './polar/api.mjs';
import { isMain } from '../../scripts/is-main.mjs';
import { createLagoApi } from './lago/lago-api.mjs';
import { createPabblyApi } from './pabbly/pabbly-api.mjs';
import { loadTsModule } from './lago/ts-module.mjs';

/** The package's GraphQL reader and Lago proxy (TypeScript source, bundled in memory). */
export async function lagoModules() {
  const [graphql, proxy] = await Promise.all([loadTsModule('server/lago-proxy/graphql.ts'), loadTsModule('server/lago-proxy/index.ts')]);
  return { graphql, createLagoProxy: proxy.createLagoProxy };
}

/** The actions the demo page uses, so the proxies the demo mounts forward their mutations (tests keep the read-only default). */
export const DEMO_LAGO_ACTIONS = Object.freeze(['top-up', 'billing-details', 'invoice-documents']);

/**
 * A connect/express middleware running the package's Lago proxy in front of `apiUrl` (e.g. `${url}/lago`);
 * `options` go to `createLagoProxy` (e.g. `{ actions: DEMO_LAGO_ACTIONS }`; default read-only).
 */
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
export async function startServer({ port = 8787, host = '127.0.0.1', now, secret, apiKeys, tokenTtlSeconds, portalUrl, delay, polar = {}, lagoProxyTimeoutMs, lagoProxyTimers, lagoProxyActions, settleDelayMs } = {}) {
  const api = createPortalApi({ now, secret, apiKeys, tokenTtlSeconds, portalUrl, delay, settleDelayMs });
  const polarApi = createPolarApi({ now, ...(delay ? { delay } : {}), ...polar });
  const { graphql, createLagoProxy } = await lagoModules();
  const lagoApi = createLagoApi({ graphql, now, settleDelayMs, ...(delay ? { delay } : {}) });
  let lagoProxy = null;
  const pabblyApi = createPabblyApi({ now });

  // Path prefix → [handler, extra admin endpoints]; '' is Flexprice at the root.
  const mounts = [
    ['/polar', polarApi, { 'GET /__admin/mutations': () => polarApi.mutations }],
    ['/lago', lagoApi, {}],
    ['/pabbly', pabblyApi, {}],
    ['', api, {}],
  ];
  const server = http.createServer(async (req, res) => {
    try {
      if ((req.url ?? '/').split('?')[0] === '/lago-proxy') return await lagoProxy.node(req, res);
      const body = await readBody(req);
      const rawUrl = req.url ?? '/';
      const [prefix, handler, extraAdmin] = mounts.find(([p]) => p === '' || rawUrl === p || rawUrl.startsWith(`${p}/`) || rawUrl.startsWith(`${p}?`));
      const url = rawUrl.slice(prefix.length) || '/';
      const path = url.split('?')[0];
      if (path.startsWith('/__admin/')) {
        if (req.method === 'OPTIONS') return send(res, 204, ADMIN_CORS, '');
        const lagoMint = handler === lagoApi && req.method === 'GET' && /^\/__admin\/mint\/([^/]+)$/.exec(path);
        if (lagoMint) {
          // A Lago session for QA pages (Lago's own mint route is server-to-server, with the API key).
          const params = new URL(url, 'http://x').searchParams;
          const ttl = params.get('ttl_seconds');
          const minted = await lagoApi
            .mintToken(decodeURIComponent(lagoMint[1]), { ttlSeconds: ttl && /^\d+$/.test(ttl) ? Number(ttl) : undefined, expired: params.get('expired') === 'true' })
            .then((value) => [200, value], () => [404, { error: 'unknown Lago customer' }]);
          return send(res, minted[0], { ...ADMIN_CORS, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(minted[1]));
        }
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
  lagoApi.setPublicUrls({ filesBaseUrl: `${url}/lago` });
  pabblyApi.setPublicUrls({ filesBaseUrl: `${url}/pabbly` });
  lagoProxy = createLagoProxy({ apiUrl: `${url}/lago`, ...(lagoProxyActions ? { actions: lagoProxyActions } : {}), ...(lagoProxyTimeoutMs ? { timeoutMs: lagoProxyTimeoutMs } : {}), ...(lagoProxyTimers ? { timers: lagoProxyTimers } : {}) });
  return {
    url,
    port: address.port,
    api,
    /** Polar's customer-portal API: `url` is the `api-base` of `backend="polar"`. */
    polar: { url: `${url}/polar`, api: polarApi },
    /** The reference Lago API (mintToken, setFaults, patchCustomer, reset…); a proxy's `apiUrl` is `lagoApiUrl`. */
    lago: lagoApi,
    lagoApiUrl: `${url}/lago`,
    /** The package's Lago proxy in front of it, on this origin: the `api-base` of `backend="lago"`. */
    lagoProxyUrl: `${url}/lago-proxy`,
    /** A minimal Pabbly (link-out only): `POST ${url}/pabbly/api/v1/portal_sessions/` mints `access_url` + `expires_at`. */
    pabbly: { url: `${url}/pabbly`, api: pabblyApi },
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
  const { url } = await startServer({ port, lagoProxyActions: DEMO_LAGO_ACTIONS });
  console.log(`Reference portal API on ${url}/v1  (API key sk_test_demo; mint: GET ${url}/v1/customers/portal/cus-typical)`);
  console.log(
    `Lago customer-portal GraphQL on ${url}/lago/graphql behind the package's proxy at ${url}/lago-proxy  (QA mint: GET ${url}/lago/__admin/mint/lago-typical)`,
  );
  console.log(
    `Polar customer-portal API on ${url}/polar  (mint: POST ${url}/polar/v1/customer-sessions/ with Authorization: Bearer ${POLAR_DEFAULTS.organizationToken}, body {"external_customer_id":"polar-typical"})`,
  );
}
