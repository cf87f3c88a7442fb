/**
 * How the CDN build splits its lazily loaded code so that a cold page needs two
 * request waves (the entry, then every chunk and API call of the first paint):
 *
 * - `cdnManualChunks`: the code two or more lazily loaded sections (or the chart
 *   element) share goes into one `kit` chunk (`tab-kit-<hash>.js`; what the
 *   Overview's sections do not need into `tab-kit-tabs-<hash>.js`) instead of
 *   Rollup's many small shared chunks, which import one another a round later
 *   each. The first chunk's modules never go there (the kit imports the first
 *   chunk, never the other way round), nor a backend adapter's code, chart.js,
 *   a translation or a dynamically imported module itself (each section stays
 *   a chunk of its own).
 * - `preloadChunkDeps`: every `import("./x.js")` of a chunk becomes
 *   `(import("./dep.js").catch(…), import("./x.js"))` for the chunks `x`
 *   imports statically (transitively) that its importer has not loaded, so
 *   they are requested together with `x`, not after it ran (what Vite's
 *   `__vitePreload` does in app builds, which library mode leaves out).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { build, type ManualChunkMeta, type Plugin, type Rollup } from 'vite';

type ModuleInfo = NonNullable<ReturnType<ManualChunkMeta['getModuleInfo']>>;

/**
 * The modules Rollup puts into the entry chunk of the library build of
 * `entry` by default (a quick unminified build, nothing written). Known only
 * after tree-shaking: a module's static import closure holds modules whose
 * imported bindings the entry never uses (the English of each tab, an
 * adapter's lazily imported mappings).
 */
export async function firstChunkModules(entry: string): Promise<Set<string>> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    esbuild: { target: 'es2022' },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['es'], fileName: () => 'customer-portal.js' },
      rollupOptions: { preserveEntrySignatures: 'allow-extension' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).find((c) => c.type === 'chunk' && c.isEntry);
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no entry chunk building ${entry}`);
  return new Set(chunk.moduleIds);
}

/**
 * Whether a lazily imported module is a section the Overview shows (`LAYOUT.overview`
 * of the registry) or a backend adapter's: the code they share is the first paint's kit.
 */
export function overviewSection(registry = 'src/sections/registry.ts'): (id: string) => boolean {
  const line = /^\s*overview: \[(.*)\],$/m.exec(readFileSync(registry, 'utf8'))?.[1];
  const names = [...(line ?? '').matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
  if (names.length === 0) throw new Error(`no overview layout found in ${registry}`);
  // An adapter's lazily imported code loads with the first request too (its mappings).
  return (id) => /\/src\/backends\/[a-z]+\//.test(id) || names.some((name) => id.includes(`/src/sections/${name}/`));
}

/** Code that stays out of the kit: an adapter's, chart.js, a translation, the error parser only some adapters use. */
const notKit = (id: string): boolean =>
  id.includes('/node_modules/chart.js/') ||
  id.endsWith('/src/api/error-body.ts') ||
  id.includes('/node_modules/@kurkle/') ||
  id.includes('/src/i18n/locales/') ||
  /\/src\/backends\/[a-z]+\//.test(id);

/**
 * A `manualChunks` for the CDN build: `kit` for code two or more lazily
 * imported modules share where a section of the first paint (`firstPaint`)
 * needs it, `kit-tabs` for the rest of it, everything else where Rollup
 * would put it. Rollup
 * adds a manual chunk's static imports to it unless they are named elsewhere
 * (by import, not by use), so every module is named: `portal` for the first
 * chunk's (`first`, see `firstChunkModules`; the manual chunk holding the entry
 * is the entry chunk), each lazily imported module's own under its file's
 * name, and code only one of them reaches with it.
 */
export function cdnManualChunks(first: ReadonlySet<string>, firstPaint: (id: string) => boolean): (id: string, meta: ManualChunkMeta) => string | undefined {
  let names: Map<string, string> | null = null;
  const compute = ({ getModuleIds, getModuleInfo }: ManualChunkMeta): Map<string, string> => {
    const info = (id: string): ModuleInfo | null => getModuleInfo(id);
    const ids = [...getModuleIds()];
    const roots = ids.filter((id) => !first.has(id) && (info(id)?.dynamicImporters.length ?? 0) > 0);
    const reachedBy = new Map<string, Set<string>>();
    for (const root of roots) {
      const seen = new Set<string>();
      const todo = [root];
      while (todo.length) {
        const id = todo.pop()!;
        if (seen.has(id) || first.has(id)) continue;
        seen.add(id);
        if (!reachedBy.has(id)) reachedBy.set(id, new Set());
        reachedBy.get(id)!.add(root);
        todo.push(...(info(id)?.importedIds ?? []));
      }
    }
    // Each lazily imported module's chunk is named after its file (`tab-<name>-<hash>.js`), made unique.
    const rootName = new Map<string, string>();
    const taken = new Set(['portal', 'kit', 'kit-tabs']);
    for (const root of roots) {
      const base = basename(root).replace(/\.[^.]*$/, '').replace(/[^\w.-]/g, '') || 'chunk';
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      rootName.set(root, name);
    }
    const out = new Map<string, string>();
    for (const id of first) out.set(id, 'portal');
    for (const [id, by] of reachedBy) {
      if (rootName.has(id)) out.set(id, rootName.get(id)!);
      else if (by.size === 1) out.set(id, rootName.get([...by][0]!)!);
      else if (!notKit(id)) out.set(id, [...by].some(firstPaint) ? 'kit' : 'kit-tabs');
      // Shared by two adapter or chart.js chunks: where Rollup puts it (no static import from the first chunk reaches it).
    }
    return out;
  };
  return (id, meta) => {
    names ??= compute(meta);
    return names.get(id);
  };
}

/** The function a chunk's rewritten dynamic imports call (appended to it; a declaration, so hoisted). */
const PRELOAD = '__cpPreload';

/** Rewrites each chunk's dynamic imports to request the imported chunk's static dependencies at the same time. */
export function preloadChunkDeps(): Plugin {
  return {
    name: 'customer-portal:preload-chunk-deps',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((f) => (f.type === 'chunk' ? [[f.fileName, f] as const] : [])));
      const closure = (file: string): Set<string> => {
        const out = new Set<string>();
        const todo = [...(chunks.get(file)?.imports ?? [])];
        while (todo.length) {
          const next = todo.pop()!;
          if (out.has(next)) continue;
          out.add(next);
          todo.push(...(chunks.get(next)?.imports ?? []));
        }
        return out;
      };
      for (const chunk of chunks.values()) {
        const loaded = closure(chunk.fileName).add(chunk.fileName);
        // Each dependency's file name once per chunk (a table in the helper), the calls name them by index.
        const table: string[] = [];
        const index = (dep: string): number => (table.includes(dep) ? table.indexOf(dep) : table.push(dep) - 1);
        chunk.code = chunk.code.replace(/\bimport\(\s*(["'])\.\/([^"']+\.js)\1\s*\)/g, (whole, _q: string, file: string) => {
          if (!chunks.has(file)) return whole;
          const deps = [...closure(file)].filter((dep) => !loaded.has(dep)).sort();
          if (deps.length === 0) return whole;
          return `(${PRELOAD}(${deps.map(index).join(',')}),${whole})`;
        });
        if (table.length === 0) continue;
        const files = table.map((dep) => JSON.stringify(`./${dep}`)).join(',');
        // Quietly: a failed one fails the import that needs it, which reports it.
        chunk.code += `\nfunction ${PRELOAD}(...i){for(const n of i)import([${files}][n]).catch(()=>{})}\n`;
      }
    },
  };
}
