// Loads one of the package's TypeScript entry points into plain Node (20 has no
// type stripping) by bundling it with esbuild in memory: the reference server
// and the node tests run the very source the npm build ships (the Lago proxy
// and its GraphQL reader), not a copy.
//
//   const { createLagoProxy } = await loadTsModule('server/lago-proxy/index.ts');
//
// The bundle is platform-neutral, so a Node-only or DOM-only import in the
// entry's graph fails here; `inputs` lists every file that went in.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cache = new Map();

export async function bundleTs(entry) {
  const result = await build({
    entryPoints: [`${repo}${entry}`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

export function loadTsModule(entry) {
  let loaded = cache.get(entry);
  if (!loaded) {
    loaded = bundleTs(entry).then(({ code }) => import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`));
    cache.set(entry, loaded);
  }
  return loaded;
}
