/**
 * The Invoices section's search where the backend searches (`capabilities.invoiceSearch`
 * is `server`, Lago's `searchTerm`): what is typed goes to
 * `invoices({offset, limit}, signal, { search })` through a @lit/task, whose
 * signal aborts the request a newer query or page supersedes.
 *
 * Decisions:
 * - A request per pause in typing (SEARCH_DEBOUNCE_MS), not per keystroke.
 *   Clearing the box is at once: the full list is already on the client.
 * - One request per page of the pager (`offset` = the rows before it): a broad
 *   query never downloads all its matches to show 25. The CSV export asks for
 *   all of them when it is clicked (`exportMatches`).
 * - An answer is shown only for the query and page on screen, from the backend
 *   that is current: while the next one loads the rows give way to a loading
 *   state (the pager stays, so focus on it is kept). A new backend (token) asks
 *   again for the same query and page; with no backend (expired) the last
 *   answer stays on screen, as the section's list does.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Timers } from '../../api/http.js';
import type { Invoice, Page } from '../../api/model.js';
import { ApiError, isAbortError } from '../../api/errors.js';
import { loadPages } from './invoice-list.js';

/** The pause in typing after which the query is sent. */
export const SEARCH_DEBOUNCE_MS = 300;

export interface ServerSearchOptions {
  /** The current backend (null while there is no session). */
  backend: () => PortalBackend | null;
  /** Rows per page of the pager (a request asks for at most the backend's `invoicesPageSize`). */
  rowsPerPage: number;
  /** A search request failed (not an abort). */
  onError: (error: unknown) => void;
}

/** What the section shows for the query in the box. */
export interface ServerSearchView {
  /** The answer for the query and page is in (`rows`), is on its way, or failed (`error`). */
  kind: 'pending' | 'error' | 'answer';
  rows: Invoice[];
  /** Matches in all, as the backend counts them: known from the query's first answer (the pager stays while a page loads), else 0. */
  total: number;
  page: number;
  pageSize: number;
  error?: unknown;
}

interface Answer {
  backend: PortalBackend;
  query: string;
  page: number;
  items: Invoice[];
  total: number;
}

const searchesOnServer = (backend: PortalBackend | null): PortalBackend | null =>
  backend?.capabilities.invoiceSearch === 'server' ? backend : null;

export class ServerInvoiceSearch implements ReactiveController {
  /** The debounce's timers (tests replace them with a fake clock's). */
  static timers: Timers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  /** What is in the box, trimmed ('' = no search). */
  private typed = '';
  /** The query asked: `typed` once the typing paused. */
  private query = '';
  private currentPage = 1;
  private timer: unknown = null;
  private answer: Answer | null = null;
  /** The backend of the latest request: its answer stays on screen while there is none. */
  private lastBackend: PortalBackend | null = null;
  /** The CSV export of the matches: fetching them, or that failed (until the query changes). */
  exportState: 'busy' | 'failed' | null = null;

  private readonly task: Task<readonly [PortalBackend | null, string, number], Page<Invoice>>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ServerSearchOptions,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => [searchesOnServer(this.options.backend()), this.query, this.currentPage] as const,
      task: async ([backend, query, page], { signal }) => {
        if (!backend || !query) return initialState;
        this.lastBackend = backend;
        try {
          const limit = this.pageSizeOf(backend);
          const result = await backend.invoices({ offset: (page - 1) * limit, limit }, signal, { search: query });
          signal.throwIfAborted();
          this.answer = { backend, query, page, items: result.items, total: result.total };
          return result;
        } catch (error) {
          if (!signal.aborted && !isAbortError(error)) this.options.onError(error);
          throw error;
        }
      },
    });
  }

  hostConnected(): void {
    // Typing cut short by a disconnect is asked for now.
    if (this.typed !== this.query) this.commit();
  }

  hostDisconnected(): void {
    this.cancelTimer();
  }

  /** True while the box holds a query. */
  get active(): boolean {
    return this.typed !== '';
  }

  /** The box changed: the query is asked once typing pauses (at once when cleared). */
  setText(text: string): void {
    const typed = text.trim();
    if (typed === this.typed) return;
    this.typed = typed;
    if (this.exportState === 'failed') this.exportState = null;
    this.cancelTimer();
    if (typed === '' || typed === this.query) {
      this.commit();
      return;
    }
    this.timer = ServerInvoiceSearch.timers.setTimeout(() => {
      this.timer = null;
      this.commit();
    }, SEARCH_DEBOUNCE_MS);
    this.host.requestUpdate();
  }

  setPage(page: number): void {
    if (page === this.currentPage) return;
    this.currentPage = page;
    this.host.requestUpdate();
  }

  /** Asks again after a failure. */
  retry(): void {
    void this.task.run();
  }

  view(): ServerSearchView {
    const backend = searchesOnServer(this.options.backend()) ?? this.lastBackend;
    const answer = this.answer;
    const known = answer !== null && answer.query === this.typed && answer.backend === backend ? answer : null;
    const shown = { rows: [] as Invoice[], total: known?.total ?? 0, page: this.currentPage, pageSize: backend ? this.pageSizeOf(backend) : this.options.rowsPerPage };
    if (this.typed === this.query) {
      if (this.task.status === TaskStatus.ERROR) return { ...shown, kind: 'error', error: this.task.error };
      if (known && known.page === this.currentPage) return { ...shown, kind: 'answer', rows: known.items };
    }
    return { ...shown, kind: 'pending' };
  }

  /** Fetches every match for the CSV export and hands them to `save`; `exportState` meanwhile and after a failure. */
  async exportMatches(signal: AbortSignal, save: (list: Invoice[]) => void): Promise<void> {
    if (this.exportState === 'busy') return;
    this.exportState = 'busy';
    this.host.requestUpdate();
    try {
      const list = await this.allMatches(signal);
      this.exportState = null;
      save(list);
    } catch (error) {
      const aborted = isAbortError(error) || signal.aborted;
      this.exportState = aborted ? null : 'failed';
      if (!aborted && error instanceof ApiError && error.unauthorized) this.options.onError(error);
    }
    this.host.requestUpdate();
  }

  /**
   * Every match of the query on screen, in the backend's order (for the CSV
   * export): the page on screen when it holds them all, else every page, as
   * large as the backend serves.
   */
  private async allMatches(signal: AbortSignal): Promise<Invoice[]> {
    const shown = this.view();
    if (shown.kind === 'answer' && shown.page === 1 && shown.rows.length >= shown.total) return shown.rows;
    const backend = searchesOnServer(this.options.backend());
    // No session (it expired, which the root already says): nothing to ask until a new token comes.
    if (!backend) throw new ApiError({ kind: 'aborted', message: 'No session.' });
    const search = this.typed;
    const limit = backend.limits.invoicesPageSize;
    const first = await backend.invoices({ offset: 0, limit }, signal, { search });
    const pages: Invoice[][] = [first.items];
    const rest = Array.from({ length: Math.max(0, Math.ceil(first.total / limit) - 1) }, (_, i) => i + 2);
    await loadPages(
      rest,
      (page, pageSignal) => backend.invoices({ offset: (page - 1) * limit, limit }, pageSignal, { search }),
      (page, result) => {
        pages[page - 1] = result.items;
      },
      signal,
    );
    signal.throwIfAborted();
    return pages.flat();
  }

  private pageSizeOf(backend: PortalBackend): number {
    return Math.max(1, Math.min(this.options.rowsPerPage, backend.limits.invoicesPageSize));
  }

  private commit(): void {
    this.cancelTimer();
    if (this.query !== this.typed) {
      this.query = this.typed;
      this.currentPage = 1;
    }
    this.host.requestUpdate();
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    ServerInvoiceSearch.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
