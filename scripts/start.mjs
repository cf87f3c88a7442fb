// `npm start`: the demo page against the reference portal server.
// Installs dependencies if needed, starts the reference server (loopback) and a
// Vite dev server for demo/ (root = repo root, so the demo imports ../src/*.ts),
// then prints one line with the demo URL. Ctrl-C stops both.
//
// Only node: imports are static here: on a fresh clone nothing is installed
// until setup() has run, so every dependency (vite, and what the servers load)
// is imported after it.
import { setup } from './setup.mjs';

setup({ browser: false });

const { createServer } = await import('vite');

const { startServer, lagoProxyMiddleware, DEMO_LAGO_ACTIONS } = await import('../demo/server/main.mjs');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const apiPort = Number(arg('api-port') ?? process.env.PORTAL_API_PORT ?? 8787);
let api;
try {
  api = await startServer({ port: apiPort, lagoProxyActions: DEMO_LAGO_ACTIONS });
} catch (err) {
  if (err && err.code === 'EADDRINUSE') api = await startServer({ port: 0, lagoProxyActions: DEMO_LAGO_ACTIONS });
  else throw err;
}

// The package's Lago proxy on the demo page's own origin, as a merchant mounts it (same-origin, no CORS),
// forwarding the mutations of the actions the demo page uses.
const lagoProxy = await lagoProxyMiddleware(`${api.url}/lago`, { actions: DEMO_LAGO_ACTIONS });

const vite = await createServer({
  root: process.cwd(),
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: Number(arg('port') ?? process.env.PORT ?? 5173), strictPort: false, open: false },
  plugins: [
    {
      name: 'lago-proxy',
      configureServer: (server) => {
        server.middlewares.use('/lago-proxy', (req, res) => lagoProxy(req, res));
      },
    },
    {
      name: 'portal-server-url',
      transformIndexHtml: (html) => html.replace('%PORTAL_SERVER%', api.url),
    },
  ],
});
await vite.listen();
const address = vite.httpServer.address();
const demoUrl = `http://127.0.0.1:${address.port}/demo/`;
api.api.setPublicUrls({ portalUrl: demoUrl });

console.log(`Demo: ${demoUrl}  (reference portal API ${api.url}/v1, API key sk_test_demo — Ctrl-C to stop)`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await Promise.allSettled([vite.close(), api.close()]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
