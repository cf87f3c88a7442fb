/**
 * The Polar mappings (mapping.ts, their own chunk), imported once; a failed
 * import is forgotten and reads as a network error. Callers start the import
 * together with a request, so neither the CDN first chunk nor the first API
 * wave waits for it.
 */
import { chunkLoadError, loadOnce } from '../../api/load-once.js';

export type Mapping = typeof import('./mapping.js');

export const loadMapping = loadOnce<Mapping>(() => import('./mapping.js'), chunkLoadError('The billing code'));

/** `request`'s answer mapped with `map`: the mappings' import starts now, in parallel with the request. */
export async function mappedAnswer<R, T>(request: Promise<R>, map: (m: Mapping, raw: R) => T): Promise<T> {
  const load = loadMapping();
  // If the request fails first, this rejection is not left unhandled.
  load.catch(() => undefined);
  const raw = await request;
  return map(await load, raw);
}
