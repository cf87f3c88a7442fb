// "The npm entry as a consumer's bundler would include it": an app whose only
// code is `import '@flexprice/customer-portal/define'`, bundled with Vite
// (Rollup + esbuild minify, an app build, not a library build), resolved to
// dist/npm. Twice: with the dependencies a consumer gets from npm (lit,
// @lit/*, jose, chart.js) and with them external (the package's own code).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DEPENDENCIES = /^(lit|lit-html|lit-element|@lit\/[\w-]+|@lit-labs\/[\w-]+|jose|chart\.js|@kurkle\/color)(\/.*)?$/;

const measure = (code) => {
  const buf = Buffer.from(code);
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length };
};
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const zero = { raw: 0, gzip: 0, brotli: 0 };

async function bundle(workDir, ownOnly) {
  const { build } = await import('vite');
  const outDir = join(workDir, ownOnly ? 'own' : 'with-deps');
  const result = await build({
    configFile: false,
    root: workDir,
    logLevel: 'silent',
    resolve: { alias: [{ find: /^@flexprice\/customer-portal\/define$/, replacement: join(ROOT, 'dist/npm/define.js') }] },
    build: {
      outDir,
      emptyOutDir: true,
      write: true,
      minify: 'esbuild',
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: join(workDir, 'entry.js'),
        external: ownOnly ? (id) => DEPENDENCIES.test(id) : [],
        output: { entryFileNames: 'entry.js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
  const byName = new Map(outputs.map((c) => [c.fileName, c]));
  // Eager = the entry and everything it imports statically; the rest loads on demand.
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name) || !byName.has(name)) return;
    eager.add(name);
    for (const dep of byName.get(name).imports) visit(dep);
  };
  for (const c of outputs) if (c.isEntry) visit(c.fileName);
  let first = zero;
  let lazy = zero;
  let chart = zero;
  const chunks = [];
  for (const c of outputs) {
    const m = measure(c.code);
    chunks.push({ file: c.fileName, eager: eager.has(c.fileName), ...m });
    if (eager.has(c.fileName)) first = add(first, m);
    else {
      lazy = add(lazy, m);
      if (c.fileName.startsWith('chart')) chart = add(chart, m);
    }
  }
  return { first, lazy, chart, chunks };
}

/** Sizes of the npm entry in a consumer's bundle: `{ withDeps, ownOnly }`, each `{ first, lazy, chunks }`. */
export async function consumerSizes(workDir = join(ROOT, 'bench-results', 'consumer')) {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'entry.js'), "import '@flexprice/customer-portal/define';\n");
  const withDeps = await bundle(workDir, false);
  const ownOnly = await bundle(workDir, true);
  return { withDeps, ownOnly };
}
