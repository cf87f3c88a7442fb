/**
 * The Invoices section's list: the first page through a @lit/task (the
 * section's first paint), then the other pages in the background, at most
 * BACKGROUND_CONCURRENCY at a time, shown one frame at a time, and their search
 * text indexed in idle slices. A new token may be another customer's: its list
 * replaces the last one, never shown as if it were current.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import { isAbortError } from '../../api/errors.js';
import { nextTask } from '../../api/next-task.js';
import { InvoiceStore, loadPages, type SearchContext } from './invoice-list.js';

/** Server pages in flight at once while the rest load in the background. */
export const BACKGROUND_CONCURRENCY = 3;

const noBackend = Symbol('no-backend');

export interface LoaderOptions {
  backend: () => PortalBackend | null;
  context: () => SearchContext;
  /** Whether the client searches (else nothing is indexed). */
  indexing: () => boolean;
  /** Loading the other pages failed (not an abort). */
  onError: (error: unknown) => void;
}

export class InvoiceLoader implements ReactiveController {
  /** The invoices loaded so far (kept on screen while a new token reloads them). */
  store: InvoiceStore | null = null;
  /** Bumped whenever `store` gains invoices. */
  version = 0;
  backgroundError: unknown = null;
  private run: { backend: PortalBackend; store: InvoiceStore; signal: AbortSignal } | null = null;
  private backgroundAbort: AbortController | null = null;
  /** Background pages that arrived since the last frame are shown together, in one render. */
  private storeFrame = 0;
  /** The pending idle slice of search indexing, to cancel on disconnect. */
  private cancelIndexing: (() => void) | null = null;

  readonly task: Task<readonly [PortalBackend | typeof noBackend], InvoiceStore>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: LoaderOptions,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => [options.backend() ?? noBackend] as const,
      task: async ([backend], { signal }) => {
        if (backend === noBackend) return initialState;
        if (this.run && this.run.backend !== backend) {
          this.store = null;
          this.run = null;
        }
        // Invoices per request: as many as the backend serves in one page.
        const pageSize = backend.limits.invoicesPageSize;
        const first = await backend.invoices({ offset: 0, limit: pageSize }, signal);
        // The page's reading and checking, the first render of its rows, and starting the background
        // requests (~10 ms for three) each take a task of their own: none is a long task on a slow core.
        await nextTask();
        signal.throwIfAborted();
        const store = new InvoiceStore(first.total, pageSize, options.context());
        store.addPage(1, first.items);
        this.store = store;
        this.version++;
        this.backgroundError = null;
        this.run = { backend, store, signal };
        void nextTask().then(() => {
          if (this.run?.store === store) this.loadRest();
        });
        return store;
      },
    });
  }

  /** The backend of the list on screen (while there is no current one). */
  get lastBackend(): PortalBackend | null {
    return this.run?.backend ?? null;
  }

  hostConnected(): void {
    // Pages that arrived while a frame was pending are in the store: show them.
    if (this.store) {
      this.version++;
      this.host.requestUpdate();
    }
    // Resume background loading cut short by a disconnect.
    if (this.run && !this.run.signal.aborted && !this.backgroundAbort) this.loadRest();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.storeFrame);
    this.storeFrame = 0;
    this.cancelIndexing?.();
    this.cancelIndexing = null;
    this.backgroundAbort?.abort();
    this.backgroundAbort = null;
  }

  hostUpdated(): void {
    this.scheduleIndexing();
  }

  /** Loads the pages the current store lacks, at most BACKGROUND_CONCURRENCY at a time. */
  loadRest(): void {
    const run = this.run;
    if (!run || run.store.complete || run.signal.aborted) return;
    this.backgroundAbort?.abort();
    const controller = new AbortController();
    this.backgroundAbort = controller;
    const stop = () => controller.abort();
    run.signal.addEventListener('abort', stop, { once: true });
    this.backgroundError = null;
    this.host.requestUpdate();
    loadPages(
      run.store.missingPages(),
      (page, signal) => {
        const limit = run.backend.limits.invoicesPageSize;
        return run.backend.invoices({ offset: (page - 1) * limit, limit }, signal);
      },
      (page, result) => {
        run.store.addPage(page, result.items);
        if (this.store === run.store) this.scheduleStoreUpdate();
      },
      controller.signal,
      BACKGROUND_CONCURRENCY,
    )
      .catch((error: unknown) => {
        if (controller.signal.aborted || isAbortError(error) || this.store !== run.store) return;
        this.backgroundError = error;
        this.host.requestUpdate();
        this.options.onError(error);
      })
      .finally(() => {
        run.signal.removeEventListener('abort', stop);
        if (this.backgroundAbort === controller) this.backgroundAbort = null;
      });
  }

  /** One render per frame however many background pages arrived in it (3 are in flight at once). */
  private scheduleStoreUpdate(): void {
    if (this.storeFrame) return;
    this.storeFrame = requestAnimationFrame(() => {
      this.storeFrame = 0;
      this.version++;
      this.host.requestUpdate();
    });
  }

  /**
   * Computes the search text of newly loaded invoices in idle slices of a few
   * milliseconds, so neither a page's arrival nor the first keystroke pays for
   * indexing hundreds of invoices at once. (A search typed before it is done
   * indexes the rest on the spot.)
   */
  private scheduleIndexing(): void {
    const store = this.store;
    if (!store || store.unindexedCount === 0 || this.cancelIndexing || !this.host.isConnected || !this.options.indexing()) return;
    const step = (deadline?: IdleDeadline) => {
      this.cancelIndexing = null;
      if (this.store !== store || !this.host.isConnected) return;
      const budget = deadline && !deadline.didTimeout ? Math.min(10, Math.max(3, deadline.timeRemaining())) : 8;
      if (!store.indexSome(budget)) this.scheduleIndexing();
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(step, { timeout: 500 });
      this.cancelIndexing = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(step, 0);
      this.cancelIndexing = () => clearTimeout(id);
    }
  }
}
