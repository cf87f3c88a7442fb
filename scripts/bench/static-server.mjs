// A tiny static server for the bench page: `/` is bench/index.html, `/bench/*`
// the bench page's files, `/cdn/*` the CDN build (dist/cdn). The portal API is
// the reference server on its own origin (CORS is open), as on a merchant site.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };

/** @returns {Promise<{ url: string, close: () => Promise<void> }>} */
export async function startStaticServer({ cdnDir = join(ROOT, 'dist/cdn'), pageDir = join(ROOT, 'bench') } = {}) {
  const mounts = [
    ['/cdn/', cdnDir],
    ['/bench/', pageDir],
  ];
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
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
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
