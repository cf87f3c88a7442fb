/**
 * The backend registry: `backend` attribute value → lazy loader of its
 * adapter (the Shoelace icon-library registry is the model). Each adapter is
 * its own chunk, so a page loads only the adapter it names.
 *
 * To add a backend:
 * 1. write `src/backends/<name>/index.ts` exporting `adapter: BackendAdapter`
 *    (see `src/api/adapter.ts`; `src/backends/flexprice/index.ts` is the model);
 * 2. add `<name>` to `BackendId` in `src/api/adapter.ts`;
 * 3. add one line to `LOADERS` below: `<name>: () => import('./<name>/index.js')`.
 * Nothing else names a backend: tabs ask `backend.capabilities`.
 *
 * A build that knows its backend up front (a per-backend CDN entry) calls
 * `registerBackend(adapter)` at module load, so the adapter is there without
 * an extra request (see `src/cdn/`).
 */
import type { BackendAdapter, BackendId } from '../api/adapter.js';
import { loadOnce } from '../api/load-once.js';

const LOADERS: Partial<Record<BackendId, () => Promise<{ adapter: BackendAdapter }>>> = {
  flexprice: () => import('./flexprice/index.js'),
  polar: () => import('./polar/index.js'),
  lago: () => import('./lago/index.js'),
  hosted: () => import('./hosted/index.js'),
};

const registered = new Map<string, BackendAdapter>();
const loads = new Map<string, () => Promise<BackendAdapter>>();

/** Whether `name` is a backend this build can load. */
export function isKnownBackend(name: string): name is BackendId {
  return registered.has(name) || Object.hasOwn(LOADERS, name);
}

/** The names this build knows, for error messages. */
export function knownBackends(): string[] {
  return [...new Set([...Object.keys(LOADERS), ...registered.keys()])];
}

/** Makes an adapter available without a load (a per-backend entry bundles it). */
export function registerBackend(adapter: BackendAdapter): void {
  registered.set(adapter.id, adapter);
}

/** The adapter if it is already loaded (no await needed), else undefined. */
export function loadedBackend(name: string): BackendAdapter | undefined {
  return registered.get(name);
}

/**
 * Loads `name`'s adapter once per page (a failed load is forgotten, so a retry
 * imports again). Rejects for an unknown name; callers check `isKnownBackend` first.
 */
export function loadBackend(name: string): Promise<BackendAdapter> {
  const ready = registered.get(name);
  if (ready) return Promise.resolve(ready);
  let load = loads.get(name);
  if (!load) {
    const loader = Object.hasOwn(LOADERS, name) ? LOADERS[name as BackendId] : undefined;
    if (!loader) return Promise.reject(new Error(`Unknown backend "${name}".`));
    load = loadOnce(async () => {
      const { adapter } = await loader();
      registered.set(name, adapter);
      return adapter;
    });
    loads.set(name, load);
  }
  return load();
}
