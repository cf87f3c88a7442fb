// A tiny static server for the bench page: `/` is bench/index.html, `/bench/*`
// the bench page's files, `/cdn/*` the CDN build (dist/cdn). The portal API is
// the reference server on its own origin (CORS is open), as on a merchant site.
// `/merchant?entry=…&backend=…&api-base=…&token=…[&expires-at=…]` is a page as
// a merchant's server renders it: the element with its session in the HTML and
// the backend's script tag, nothing else to load; `window.portalReadyAt` is
// when `portal-ready` fired. `latencyMs` (or `setLatency`) delays every answer,
// so code chunks cost a round trip like API calls do.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };

const escapeAttr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The merchant page for `query` (URLSearchParams): the element's attributes from it, its script from `entry` (under /cdn/). */
export function merchantPage(query) {
  const entry = query.get('entry') ?? '/cdn/customer-portal.js';
  if (!entry.startsWith('/cdn/') || entry.includes('..')) throw new Error(`entry must be under /cdn/: ${entry}`);
  const attrs = ['backend', 'api-base', 'token', 'expires-at', 'portal-url']
    .filter((name) => query.get(name))
    .map((name) => ` ${name}="${escapeAttr(query.get(name))}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>customer-portal bench: merchant page</title>
    <script type="module" src="${escapeAttr(entry)}"></script>
  </head>
  <body>
    <customer-portal${attrs}></customer-portal>
    <script>
      document.querySelector('customer-portal').addEventListener('portal-ready', () => (window.portalReadyAt = performance.now()), { once: true });
    </script>
  </body>
</html>
`;
}

/**
 * `routes`: path → node handler `(req, res)` served on this origin, as a merchant mounts a same-origin
 * proxy (the Lago proxy: `lagoProxyMiddleware` of demo/server/main.mjs); not delayed here (the API behind it is).
 * @returns {Promise<{ url: string, setLatency: (ms: number) => void, close: () => Promise<void> }>}
 */
export async function startStaticServer({ cdnDir = join(ROOT, 'dist/cdn'), pageDir = join(ROOT, 'bench'), latencyMs = 0, routes = {} } = {}) {
  let latency = latencyMs;
  const mounts = [
    ['/cdn/', cdnDir],
    ['/bench/', pageDir],
  ];
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (Object.hasOwn(routes, path)) {
      await routes[path](req, res);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (latency > 0) await new Promise((ok) => setTimeout(ok, latency));
    if (path === '/merchant') {
      try {
        const html = merchantPage(new URL(req.url ?? '/', 'http://x').searchParams);
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(html);
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      }
      return;
    }
    let file = null;
    if (path === '/' || path === '/index.html') file = join(pageDir, 'index.html');
    for (const [prefix, dir] of mounts) {
      if (!file && path.startsWith(prefix)) {
        const candidate = normalize(join(dir, path.slice(prefix.length)));
        if (candidate.startsWith(dir)) file = candidate;
      }
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    /** Delays every answer by `ms` from now on (0: none). */
    setLatency(ms) {
      latency = ms;
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
