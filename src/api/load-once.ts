/**
 * The one "load a module once, forget on failure" helper. A lazily imported
 * chunk (a tab, the chart, a translation, an adapter) is loaded at most once
 * per page while it succeeds; a failed load is forgotten, so the next call
 * imports again (a retry after the connection came back). `value` is the
 * loaded result, synchronously, once there is one.
 */
import { ApiError } from './errors.js';

export interface OnceLoader<T> {
  (): Promise<T>;
  /** The loaded value, or undefined while none has loaded. */
  readonly value: T | undefined;
}

export function loadOnce<T>(load: () => Promise<T>, mapError: (cause: unknown) => unknown = (cause) => cause): OnceLoader<T> {
  let pending: Promise<T> | null = null;
  let loaded: { value: T } | null = null;
  const get = (): Promise<T> => {
    if (loaded) return Promise.resolve(loaded.value);
    pending ??= load().then(
      (value) => {
        loaded = { value };
        return value;
      },
      (cause: unknown) => {
        pending = null;
        throw mapError(cause);
      },
    );
    return pending;
  };
  Object.defineProperty(get, 'value', { get: () => loaded?.value });
  return get as OnceLoader<T>;
}

/** A failed chunk import as a network `ApiError` (code `chunk_load_failed`): it reads and retries like any connection failure. */
export function chunkLoadError(what: string): (cause: unknown) => ApiError {
  return (cause) => new ApiError({ kind: 'network', code: 'chunk_load_failed', message: `${what} could not be loaded.`, cause });
}
