/**
 * Two library builds of the same source (see scripts/build.mjs):
 * - `--mode cdn`: dist/cdn/customer-portal.js, one minified self-registering
 *   ES module with every dependency inside (the shell and the Overview); the
 *   chart (cp-usage-chart with chart.js), the Credits, Invoices and Usage tabs
 *   and non-English messages are lazily imported chunks beside it (relative
 *   imports, host it anywhere).
 * - `--mode npm`: dist/npm, ESM with preserved modules, lit / chart.js and the
 *   other runtime dependencies external; .d.ts files come from tsc.
 * - `--mode server`: the Lago proxy (server/lago-proxy) into dist/npm/lago-proxy.
 * In serve mode it is the demo's dev server config.
 */
import { readFileSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'vite';
import { minifyChunks, minifyCssTemplates } from './scripts/vite-minify.js';
import { cdnManualChunks, firstChunkModules, overviewSection, preloadChunkDeps } from './scripts/vite-chunks.js';

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as PackageJson;
/** npm build: every runtime and peer dependency stays a bare import. */
const externalPackages = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const external = (id: string): boolean => externalPackages.some((name) => id === name || id.startsWith(`${name}/`));

/**
 * CDN chunk names (scripts/build.mjs classifies them by name): `chart-<hash>.js`
 * holds chart.js (the size budget finds it by name), `usage-chart-<hash>.js` the
 * chart element, `<language>-<hash>.js` a translation, `backend-<id>-<hash>.js`
 * a backend adapter's lazily loaded code, and `tab-<name>-<hash>.js` a lazily
 * loaded tab; `tab-kit-<hash>.js` the code lazily loaded sections of the
 * Overview share with others, `tab-kit-tabs-<hash>.js` what only the other
 * tabs share (scripts/vite-chunks.ts).
 */
const cdnChunkName = (chunk: { name: string; moduleIds: readonly string[] }): string => {
  if (chunk.name === 'kit' || chunk.name === 'kit-tabs') return `tab-${chunk.name}-[hash].js`;
  // The opt-in actions: the dialogs (src/actions/) and each adapter's writes (backends/<id>/actions.ts), loaded only with `actions`.
  const writes = chunk.moduleIds.map((id) => /\/src\/backends\/([a-z]+)\/actions\.ts$/.exec(id)?.[1]).find((id) => id !== undefined);
  if (writes) return `actions-${writes}-[hash].js`;
  if (chunk.moduleIds.some((id) => id.includes('/src/actions/'))) return 'actions-[hash].js';
  const backend = chunk.moduleIds.map((id) => /\/src\/backends\/([a-z]+)\//.exec(id)?.[1]).find((id) => id !== undefined);
  if (backend && !chunk.moduleIds.some((id) => /\/src\/(sections|ui)\//.test(id))) return `backend-${backend}-[hash].js`;
  if (chunk.moduleIds.some((id) => id.includes('/node_modules/chart.js/'))) return 'chart-[hash].js';
  if (chunk.moduleIds.some((id) => id.includes('/src/ui/usage-chart/usage-chart.ts'))) return 'usage-chart-[hash].js';
  if (chunk.moduleIds.some((id) => id.includes('/src/i18n/locales/'))) return '[name]-[hash].js';
  return 'tab-[name]-[hash].js';
};

export default defineConfig(async ({ mode, command }): Promise<UserConfig> => {
  if (command === 'serve') {
    return { server: { host: '127.0.0.1' }, esbuild: { target: 'es2022' } };
  }
  if (mode === 'server') {
    // The Lago proxy a merchant mounts on its own origin (fetch, Request, Response only; no DOM):
    // server code, built from server/ into dist/npm/lago-proxy beside the npm build.
    return {
      esbuild: { target: 'es2022' },
      build: {
        outDir: 'dist/npm',
        emptyOutDir: false,
        target: 'es2022',
        minify: false,
        sourcemap: true,
        lib: { entry: { 'lago-proxy/index': 'server/lago-proxy/index.ts' }, formats: ['es'] },
        rollupOptions: { output: { preserveModules: true, preserveModulesRoot: 'server', entryFileNames: '[name].js' } },
      },
    };
  }
  if (mode === 'npm') {
    return {
      plugins: [
        {
          // react.js registers the element through the package's own `./define` export, so the app's
          // bundler picks the browser or the server (src/ssr/) build of it by its export conditions.
          name: 'react-entry-self-reference',
          enforce: 'pre',
          resolveId: (source, importer) =>
            source === './define.js' && importer?.replace(/\\/g, '/').endsWith('/src/react.ts') ? { id: `${pkg.name}/define`, external: true } : null,
        },
      ],
      esbuild: { target: 'es2022' },
      build: {
        outDir: 'dist/npm',
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        sourcemap: true,
        lib: {
          entry: {
            index: 'src/index.ts',
            define: 'src/define.ts',
            react: 'src/react.ts',
            // What servers resolve `.` and `./define` to (the node, worker, workerd, edge-light and deno conditions).
            'ssr/index': 'src/ssr/index.ts',
            'ssr/define': 'src/ssr/define.ts',
          },
          formats: ['es'],
        },
        rollupOptions: {
          external,
          output: {
            preserveModules: true,
            preserveModulesRoot: 'src',
            entryFileNames: '[name].js',
            // The React entry is a client module: React Server Components (Next.js App Router) may import
            // it from a Server Component and render <CustomerPortal> there. Rollup drops module-level
            // directives from sources, so the directive is written into the built file here.
            banner: (chunk) => (chunk.isEntry && chunk.fileName === 'react.js' ? "'use client';" : ''),
          },
        },
      },
    };
  }
  // CDN build: one per backend entry `src/cdn/<id>.ts` (scripts/build.mjs CDN_BUILDS runs them):
  // Flexprice's at dist/cdn/customer-portal.js, the others at dist/cdn/<id>/customer-portal.js.
  const backend = process.env.CP_CDN_BACKEND ?? 'flexprice';
  if (!/^[a-z]+$/.test(backend)) throw new Error(`bad CP_CDN_BACKEND "${backend}"`);
  const target = { entry: `src/cdn/${backend}.ts`, outDir: backend === 'flexprice' ? 'dist/cdn' : `dist/cdn/${backend}` };
  return {
    plugins: [minifyCssTemplates(), minifyChunks(), preloadChunkDeps()],
    esbuild: { target: 'es2022', legalComments: 'none' },
    build: {
      outDir: target.outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: 'esbuild',
      sourcemap: process.env.CP_SOURCEMAP === '1',
      lib: { entry: target.entry, formats: ['es'], fileName: () => 'customer-portal.js' },
      rollupOptions: {
        // The lazy chunks import shared code (lit, the base element, …) from the first chunk, which
        // therefore exports more than `CustomerPortal`; 'strict' would move everything into a second
        // chunk behind a re-exporting facade, one more request before anything renders.
        preserveEntrySignatures: 'allow-extension',
        // Shared lazy code in one kit chunk, around the first chunk as Rollup makes it (scripts/vite-chunks.ts).
        output: { chunkFileNames: cdnChunkName, manualChunks: cdnManualChunks(await firstChunkModules(target.entry), overviewSection()) },
      },
    },
  };
});
