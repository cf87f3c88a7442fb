/**
 * One shared, abortable request behind many callers.
 *
 * The first caller starts the load with an internal `AbortController`; later
 * callers join it. A caller that aborts stops waiting (its promise rejects
 * with an aborted `ApiError`) without disturbing the others; the load itself
 * is aborted only when every waiting caller has aborted, and is then
 * forgotten. A failed load is forgotten too, so the next call refetches; a
 * successful one is kept for the life of the instance.
 */
import { abortedError } from './http.js';

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

export class SharedRequest<T> {
  private entry: Entry<T> | null = null;

  constructor(private readonly load: (signal: AbortSignal) => Promise<T>) {}

  /** Forgets the cached value (an in-flight load keeps serving its waiters). */
  clear(): void {
    this.entry = null;
  }

  get(signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    let entry = this.entry;
    if (!entry) {
      const controller = new AbortController();
      const created: Entry<T> = { promise: this.load(controller.signal), controller, waiters: 0, settled: false };
      entry = created;
      this.entry = created;
      created.promise.then(
        () => {
          created.settled = true;
        },
        () => {
          created.settled = true;
          if (this.entry === created) this.entry = null;
        },
      );
    }
    const shared = entry;
    shared.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        shared.waiters -= 1;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (done) return;
        finish();
        reject(abortedError(signal.reason));
        if (shared.waiters === 0 && !shared.settled) {
          if (this.entry === shared) this.entry = null;
          shared.controller.abort();
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          if (done) return;
          finish();
          resolve(value);
        },
        (error: unknown) => {
          if (done) return;
          finish();
          reject(error);
        },
      );
    });
  }
}
