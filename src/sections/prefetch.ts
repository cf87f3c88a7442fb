/**
 * The first paint's requests, started by the panel (first chunk) while the
 * sections' code loads, so data and code arrive in one wave. A section takes
 * its request's promise once (by key) and otherwise asks the backend itself:
 * a later run (retry, new range) always fetches anew.
 */
import type { PortalBackend } from '../api/backend.js';

const held = new WeakMap<PortalBackend, Map<string, Promise<unknown>>>();

/** Starts `start()` under `key` for `backend` unless one is held already. */
export function prefetch(backend: PortalBackend, key: string, start: () => Promise<unknown>): void {
  let map = held.get(backend);
  if (!map) held.set(backend, (map = new Map<string, Promise<unknown>>()));
  if (map.has(key)) return;
  const promise = start();
  promise.catch(() => undefined); // a failure is the taker's to report
  map.set(key, promise);
}

/** The held request under `key` (taken: once), else `start()`. */
export function fetchFirst<T>(backend: PortalBackend, key: string, start: () => Promise<T>): Promise<T> {
  const map = held.get(backend);
  const promise = map?.get(key) as Promise<T> | undefined;
  if (!promise) return start();
  map!.delete(key);
  return promise;
}
