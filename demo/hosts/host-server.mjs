// A merchant's web server for the host-app demos (demo/hosts/*): it serves the
// built app (and, for the plain HTML page, the CDN folder), and plays the
// merchant's backend: `POST /api/portal-session` mints a portal session for the
// signed-in customer with the secret API key, so the key never reaches the
// browser. Every page is served with a strict Content-Security-Policy
// (no inline scripts or styles) to prove the portal needs none.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/**
 * @param {object} options
 * @param {string} options.root directory served at `/`
 * @param {Record<string, string>} [options.mounts] more directories, by URL prefix (e.g. `{'/portal/': 'dist/cdn'}`)
 * @param {string} options.portalApi origin of the portal API server (the reference server), without `/v1`
 * @param {string} [options.apiKey] the merchant's secret API key
 * @param {string} [options.customer] external id of the signed-in customer
 * @param {(number | undefined)[]} [options.ttlSeconds] lifetime of the n-th session minted (undefined: the server's default)
 * @param {number} [options.port] 0 for any free port
 * @returns {Promise<{url: string, sessions: {token: string, expiresAt: string}[], close(): Promise<void>}>}
 */
export async function startHostServer({ root, mounts = {}, portalApi, apiKey = 'sk_test_demo', customer = 'cus-typical', ttlSeconds = [], port = 0 }) {
  const sessions = [];
  const apiOrigin = new URL(portalApi).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const dirs = [...Object.entries(mounts), ['/', root]].map(([prefix, dir]) => [prefix, resolve(dir)]);

  async function mint() {
    const ttl = ttlSeconds[sessions.length];
    const url = new URL(`/v1/customers/portal/${encodeURIComponent(customer)}`, portalApi);
    if (ttl !== undefined) url.searchParams.set('ttl_seconds', String(ttl));
    const res = await fetch(url, { headers: { 'x-api-key': apiKey } });
    if (!res.ok) throw new Error(`portal session: HTTP ${res.status} ${await res.text()}`);
    /** @type {{token: string, url?: string, expires_at?: string}} */
    const body = await res.json();
    const session = { token: body.token, apiBase: new URL('/v1', portalApi).href, expiresAt: body.expires_at ?? null };
    sessions.push(session);
    return session;
  }

  async function serveFile(req, res, pathname) {
    for (const [prefix, dir] of dirs) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(pathname.slice(prefix.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(dir, rel));
      if (file !== dir && !file.startsWith(dir + sep)) break;
      try {
        if (!(await stat(file)).isFile()) continue;
      } catch {
        continue;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      if (type.startsWith('text/html')) headers['content-security-policy'] = csp;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : await readFile(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  }

  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://host');
    try {
      if (pathname === '/api/portal-session') {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end();
          return;
        }
        const session = await mint();
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(session));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      await serveFile(req, res, pathname);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error instanceof Error ? error.message : error));
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`,
    sessions,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
