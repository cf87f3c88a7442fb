import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Invoice, InvoiceDetail } from '../../api/model.js';
import { ApiError, isAbortError } from '../../api/errors.js';
import { portalContext, type PortalEnv } from '../../context.js';
import { InvoiceDownloadEvent, SectionErrorEvent, SectionReadyEvent, UsageFocusEvent, type UsageFocus } from '../../events.js';
import { abs, isDecimal, isZero, negate } from '../../format/decimal.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { formatDate, formatDateRange, isoDate } from '../../format/date.js';
import { downloadCsv } from '../../format/csv.js';
import { createTranslate, type MessageKey, type Translate } from '../../i18n/index.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { errorMessage, renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { PortalElement } from '../../ui/portal-element.js';
import { PAGER_EXPORTPARTS, Pager, type PageChangeEvent } from '../../ui/pager/pager.js';
import { renderStatusBadge } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { InvoiceStore, buildInvoicesCsv, isSafePdfUrl, loadPages, statusLook, usageFocusFor, type SearchContext } from './invoice-list.js';
import { invoicesTabStyles } from './invoices-tab.styles.js';
import { ServerInvoiceSearch, type ServerSearchView } from './server-search.js';
import { nextTask } from '../../api/next-task.js';

/** Rows on screen per page of the (filtered) list. */
export const ROWS_PER_PAGE = 25;
/** Server pages in flight at once while the rest load in the background. */
export const BACKGROUND_CONCURRENCY = 3;
/** Below this width (px) rows become stacked cards. */
export const NARROW_WIDTH = 560;

type DownloadState = { kind: 'busy' } | { kind: 'error'; unsafe: boolean };

const fallbackT = createTranslate();
const pluralCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralCache.get(locale);
  if (!rules) pluralCache.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}
const noBackend = Symbol('no-backend');

/**
 * @summary The Invoices tab: every invoice of the customer (newest first), searchable as you type
 * (on the client, or by the backend where it searches: `capabilities.invoiceSearch`),
 * with status badges, PDF download, a detail dialog with line items, and CSV export.
 * @tag cp-invoices-tab
 * @csspart table - The invoices table.
 * @csspart card - A stacked invoice card (narrow widths).
 * @csspart status-badge - A status badge.
 * @csspart dialog - The invoice detail dialog.
 * @csspart state - Loading, empty and error states.
 * @csspart pager - The invoices pager (also `pager-range`, `pager-button`).
 * @fires invoice-download - The user asked for an invoice PDF (bubbles, composed), just before it opens.
 * @fires cp-section-ready - Internal: the first invoices are on screen.
 * @fires cp-section-error - Internal: loading invoices failed.
 */
export class InvoicesTab extends PortalElement {
  static override dependencies = { 'cp-pager': Pager };

  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, invoicesTabStyles];

  @query('dialog') private dialog?: HTMLDialogElement;

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The invoices loaded so far (kept on screen while a new token reloads them). */
  @state() private store: InvoiceStore | null = null;
  /** Bumped whenever `store` gains invoices. */
  @state() private storeVersion = 0;
  @state() private backgroundError: unknown = null;
  @state() private searchText = '';
  /** 1-based page of the filtered list. */
  @state() private page = 1;
  /** The invoice whose detail dialog is open. */
  @state() private detailId: string | null = null;
  @state() private downloads: ReadonlyMap<string, DownloadState> = new Map();
  @state() private narrow = false;

  private filtered: Invoice[] = [];
  private filteredKey = '';
  private readyPending = false;
  private lastDetail: InvoiceDetail | null = null;
  private detailTrigger: HTMLElement | null = null;
  private backgroundAbort: AbortController | null = null;
  private listRun: { backend: PortalBackend; store: InvoiceStore; signal: AbortSignal } | null = null;
  private lifetime = new AbortController();
  private resizeObserver: ResizeObserver | null = null;
  private resizeFrame = 0;
  /** Background pages that arrived since the last frame are shown together, in one render. */
  private storeFrame = 0;
  /** The pending idle slice of search indexing, to cancel on disconnect. */
  private cancelIndexing: (() => void) | null = null;

  private readonly listTask = new Task(this, {
    args: () => [this.env?.backend ?? noBackend] as const,
    task: async ([backend], { signal }) => {
      if (backend === noBackend) return initialState;
      // A new token may be another customer's: never show the previous token's list as if it were current.
      if (this.listRun && this.listRun.backend !== backend) {
        this.store = null;
        this.listRun = null;
      }
      try {
        // Invoices per request: as many as the backend serves in one page.
        const pageSize = backend.limits.invoicesPageSize;
        const first = await backend.invoices({ offset: 0, limit: pageSize }, signal);
        // The page's reading and checking, the first render of its rows, and starting the background
        // requests (~10 ms for three) each take a task of their own: none is a long task on a slow core.
        await nextTask();
        signal.throwIfAborted();
        const store = new InvoiceStore(first.total, pageSize, this.searchContext());
        store.addPage(1, first.items);
        this.store = store;
        this.storeVersion++;
        this.backgroundError = null;
        this.readyPending = true;
        this.listRun = { backend, store, signal };
        void nextTask().then(() => {
          if (this.listRun?.store === store) this.loadRest();
        });
        return store;
      } catch (error) {
        if (!signal.aborted && !isAbortError(error)) this.dispatchEvent(new SectionErrorEvent('invoices', error));
        throw error;
      }
    },
  });

  private readonly detailTask = new Task(this, {
    args: () => [this.env?.backend ?? noBackend, this.detailId] as const,
    task: async ([backend, id], { signal }) => {
      if (backend === noBackend || id === null) return initialState;
      try {
        const detail = await backend.invoice(id, signal);
        this.lastDetail = detail;
        return detail;
      } catch (error) {
        if (!signal.aborted && error instanceof ApiError && error.unauthorized) {
          this.dispatchEvent(new SectionErrorEvent('invoices', error));
        }
        throw error;
      }
    },
  });

  /** The search where the backend searches (`invoiceSearch: 'server'`); idle for the others. */
  private readonly serverSearch = new ServerInvoiceSearch(this, {
    backend: () => this.env?.backend ?? null,
    rowsPerPage: ROWS_PER_PAGE,
    onError: (error) => this.dispatchEvent(new SectionErrorEvent('invoices', error)),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      // A hidden tab measures 0: keep the last layout.
      if (width <= 0) return;
      // Applied in the next frame: changing layout inside the observer's callback loops it.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => (this.narrow = width < NARROW_WIDTH));
    });
    this.resizeObserver.observe(this);
    // Pages that arrived while a frame was pending are in the store: show them.
    if (this.store) this.storeVersion++;
    // Resume background loading cut short by a disconnect.
    if (this.listRun && !this.listRun.signal.aborted && !this.backgroundAbort) this.loadRest();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.resizeFrame);
    cancelAnimationFrame(this.storeFrame);
    this.storeFrame = 0;
    this.cancelIndexing?.();
    this.cancelIndexing = null;
    this.backgroundAbort?.abort();
    this.backgroundAbort = null;
    this.lifetime.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('env' as keyof InvoicesTab) && this.store) {
      this.store.setContext(this.searchContext());
      this.filteredKey = '';
    }
    // A server search leaves the store unfiltered (it holds the list shown when the box is cleared).
    const query = this.searchOnServer ? '' : this.searchText;
    const key = `${this.storeVersion}\u0000${query}`;
    if (this.store && key !== this.filteredKey) {
      this.filtered = this.store.filter(query);
      this.filteredKey = key;
    }
  }

  protected override updated(): void {
    this.scheduleIndexing();
    if (this.readyPending && this.store) {
      this.readyPending = false;
      this.dispatchEvent(new SectionReadyEvent('invoices'));
    }
    const dialog = this.dialog;
    if (dialog) {
      if (this.detailId !== null && !dialog.open && dialog.isConnected) dialog.showModal();
      else if (this.detailId === null && dialog.open) dialog.close();
    }
  }

  private get t(): Translate {
    return this.env?.t ?? fallbackT;
  }

  private get locale(): string {
    return this.env?.locale ?? 'en';
  }

  private get timeZone(): string {
    return this.env?.timeZone ?? 'UTC';
  }

  /** The backend searches (the last one's answer while there is none): the box asks it. */
  private get searchOnServer(): boolean {
    return (this.env?.backend ?? this.listRun?.backend)?.capabilities.invoiceSearch === 'server';
  }

  private searchContext(): SearchContext {
    return { locale: this.locale, timeZone: this.timeZone, t: this.t };
  }

  /** Loads the pages the current store lacks, at most BACKGROUND_CONCURRENCY at a time. */
  private loadRest(): void {
    const run = this.listRun;
    if (!run || run.store.complete || run.signal.aborted) return;
    this.backgroundAbort?.abort();
    const controller = new AbortController();
    this.backgroundAbort = controller;
    const stop = () => controller.abort();
    run.signal.addEventListener('abort', stop, { once: true });
    this.backgroundError = null;
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
        this.dispatchEvent(new SectionErrorEvent('invoices', error));
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
      this.storeVersion++;
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
    if (!store || store.unindexedCount === 0 || this.cancelIndexing || !this.isConnected || this.searchOnServer) return;
    const step = (deadline?: IdleDeadline) => {
      this.cancelIndexing = null;
      if (this.store !== store || !this.isConnected) return;
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

  private handleSearchInput(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    this.page = 1;
    if (this.searchOnServer) this.serverSearch.setText(this.searchText);
  }

  private handleClearSearch() {
    this.searchText = '';
    this.page = 1;
    this.serverSearch.setText('');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[type=search]')?.focus());
  }

  private handlePage(page: number) {
    if (this.searchOnServer && this.serverSearch.active) this.serverSearch.setPage(page);
    else this.page = page;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('.table-wrap, .cards')?.scrollIntoView?.({ block: 'nearest' }),
    );
  }

  private handleExport(event: Event) {
    const target = event.currentTarget as Node;
    // A server search's matches may span pages the screen never asked for: fetched for the export.
    if (this.searchOnServer && this.serverSearch.active) void this.serverSearch.exportMatches(this.lifetime.signal, (list) => this.saveCsv(list, target));
    else this.saveCsv(this.filtered, target);
  }

  private saveCsv(list: readonly Invoice[], target: Node) {
    const dueDates = this.env?.backend?.capabilities.invoiceDueDates ?? true;
    const csv = buildInvoicesCsv(list, { timeZone: this.timeZone, t: this.t, dueDates });
    const now = this.env?.now() ?? new Date();
    downloadCsv(csv, `invoices-${isoDate(now, this.timeZone)}.csv`, target);
  }

  private setDownload(id: string, value: DownloadState | null) {
    const next = new Map(this.downloads);
    if (value) next.set(id, value);
    else next.delete(id);
    this.downloads = next;
  }

  private async handleDownload(invoice: Invoice) {
    const backend = this.env?.backend;
    if (!backend || this.downloads.get(invoice.id)?.kind === 'busy') return;
    this.setDownload(invoice.id, { kind: 'busy' });
    let url: string;
    try {
      url = await backend.invoicePdfUrl(invoice.id, this.lifetime.signal);
    } catch (error) {
      if (isAbortError(error) || this.lifetime.signal.aborted) {
        this.setDownload(invoice.id, null);
        return;
      }
      if (error instanceof ApiError && error.unauthorized) this.dispatchEvent(new SectionErrorEvent('invoices', error));
      this.setDownload(invoice.id, { kind: 'error', unsafe: error instanceof ApiError && error.code === 'unsafe_url' });
      return;
    }
    if (!isSafePdfUrl(url)) {
      this.setDownload(invoice.id, { kind: 'error', unsafe: true });
      return;
    }
    this.setDownload(invoice.id, null);
    this.dispatchEvent(new InvoiceDownloadEvent({ invoiceId: invoice.id, invoiceNumber: invoice.number }));
    window.open(url, '_blank', 'noopener,noreferrer');
  }

  private handleOpenDetail(invoice: Invoice, event: Event) {
    this.detailTrigger = event.currentTarget as HTMLElement;
    this.detailId = invoice.id;
  }

  /** A usage-based line item's "View usage": the dialog closes and the Usage tab opens at its period with the feature in focus. */
  private handleViewUsage(focus: UsageFocus) {
    this.detailTrigger = null;
    this.dialog?.close();
    this.dispatchEvent(new UsageFocusEvent(focus));
  }

  private handleCloseClick() {
    this.dialog?.close();
  }

  private handleDialogClose() {
    if (this.detailId === null) return;
    const id = this.detailId;
    this.detailId = null;
    const trigger = this.detailTrigger;
    this.detailTrigger = null;
    void this.updateComplete.then(() => {
      const target =
        trigger?.isConnected === true
          ? trigger
          : this.renderRoot.querySelector<HTMLElement>(`[data-open="${CSS.escape(id)}"]`);
      target?.focus();
    });
  }

  private handleDialogClick(event: MouseEvent) {
    // A click on the backdrop (outside the dialog's box) closes it.
    const dialog = this.dialog;
    if (!dialog || event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) dialog.close();
  }

  // ---- rendering helpers ----

  private count(n: number): string {
    return formatNumber(n, this.locale, { maximumFractionDigits: 0 });
  }

  private date(date: Date | null): string {
    return formatDate(date, this.locale, this.timeZone);
  }

  private badge(invoice: Invoice): TemplateResult {
    const look = statusLook(invoice.status);
    return renderStatusBadge(look.tone, this.t(look.key), look.glyph);
  }

  private openLabel(invoice: Invoice): string {
    return invoice.number
      ? this.t('invoices.open.label', { number: invoice.number })
      : this.t('invoices.open.labelDated', { date: this.date(invoice.date) });
  }

  private renderNumberButton(invoice: Invoice): TemplateResult {
    return html`<button
      class="link"
      type="button"
      data-open=${invoice.id}
      aria-haspopup="dialog"
      aria-label=${this.openLabel(invoice)}
      @click=${(e: Event) => this.handleOpenDetail(invoice, e)}
    >
      ${invoice.number ?? this.t('common.none')}
    </button>`;
  }

  /** `text` replaces the button's "PDF" (and its per-row label) where the invoice is already named, as in the dialog. */
  private renderDownload(invoice: Invoice, text?: string): TemplateResult {
    const t = this.t;
    // The backend knows there is no PDF: say so, no dead button.
    if (invoice.hasDocument === false) return html`<div class="download"><span class="muted">${t('invoices.download.none')}</span></div>`;
    const state = this.downloads.get(invoice.id);
    const busy = state?.kind === 'busy';
    const label = invoice.number
      ? t('invoices.download.label', { number: invoice.number })
      : t('invoices.download.labelDated', { date: this.date(invoice.date) });
    if (state?.kind === 'error') {
      return html`<div class="download">
        <span class="row-error" role="alert"
          ><span class="glyph" aria-hidden="true">!</span>
          ${state.unsafe ? t('invoices.download.unsafe') : t('invoices.download.failed')}</span
        >
        <button
          class="btn"
          type="button"
          aria-label=${invoice.number
            ? t('invoices.download.retryLabel', { number: invoice.number })
            : `${t('invoices.download.retry')}: ${label}`}
          @click=${() => this.handleDownload(invoice)}
        >
          ${t('invoices.download.retry')}
        </button>
      </div>`;
    }
    return html`<div class="download">
      <button
        class="btn"
        type="button"
        aria-label=${text !== undefined ? nothing : busy ? `${label} (${t('invoices.download.busy')})` : label}
        aria-disabled=${busy ? 'true' : 'false'}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${() => this.handleDownload(invoice)}
      >
        <span aria-hidden="true">↓</span> ${busy ? t('invoices.download.busy') : (text ?? t('invoices.download'))}
      </button>
    </div>`;
  }

  private renderTable(rows: Invoice[]): TemplateResult {
    const t = this.t;
    return html`<div class="table-wrap">
      <table part="table">
        <caption class="visually-hidden">
          ${t('invoices.table.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('invoices.col.date')}</th>
            <th scope="col">${t('invoices.col.number')}</th>
            <th scope="col">${t('invoices.col.status')}</th>
            <th scope="col" class="num">${t('invoices.col.amount')}</th>
            <th scope="col">${t('invoices.col.download')}</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (inv) => inv.id,
            (inv) => html`<tr>
              <td>${this.date(inv.date)}</td>
              <td>${this.renderNumberButton(inv)}</td>
              <td>${this.badge(inv)}</td>
              <td class="num">${formatMoney(inv.total, inv.currency, this.locale)}</td>
              <td>${this.renderDownload(inv)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCards(rows: Invoice[]): TemplateResult {
    return html`<ul class="cards" role="list" aria-label=${this.t('invoices.table.caption')}>
      ${repeat(
        rows,
        (inv) => inv.id,
        (inv) => html`<li part="card">
          <div class="line">${this.renderNumberButton(inv)} ${this.badge(inv)}</div>
          <div class="line">
            <span>${this.date(inv.date)}</span>
            <span class="amount">${formatMoney(inv.total, inv.currency, this.locale)}</span>
          </div>
          ${this.renderDownload(inv)}
        </li>`,
      )}
    </ul>`;
  }

  private renderPager(total: number, page: number, pageCount: number, pageSize: number): TemplateResult | typeof nothing {
    if (pageCount <= 1) return nothing;
    return html`<cp-pager
      class="pager"
      exportparts=${PAGER_EXPORTPARTS}
      .page=${page}
      .pageSize=${pageSize}
      .total=${total}
      label=${this.t('invoices.pager.label')}
      @page-change=${(e: PageChangeEvent) => this.handlePage(e.page)}
    ></cp-pager>`;
  }

  private renderProgress(store: InvoiceStore): TemplateResult {
    const t = this.t;
    const params = { loaded: this.count(Math.min(store.loaded, store.total)), total: this.count(store.total) };
    const show = store.pageCount > 1;
    if (this.backgroundError) {
      return html`<p class="warn" role="status">
        ${t('invoices.progress.failed', params)}
        <button class="btn" type="button" @click=${() => this.loadRest()}>${t('invoices.progress.resume')}</button>
      </p>`;
    }
    return html`<p role="status" class="progress">
      ${show
        ? html`${t('invoices.progress', params)}${store.complete
            ? nothing
            : html`<progress max=${store.total} .value=${store.loaded} aria-hidden="true"></progress>`}`
        : nothing}
    </p>`;
  }

  private renderList(store: InvoiceStore): TemplateResult {
    const t = this.t;
    const searching = this.searchText.trim() !== '';
    // A server search shows the backend's answer, one page per request; otherwise the store's (filtered) list is paged here.
    const server: ServerSearchView | null = searching && this.searchOnServer ? this.serverSearch.view() : null;
    const answered = !server || server.kind === 'answer';
    const pageSize = server?.pageSize ?? ROWS_PER_PAGE;
    const total = server?.total ?? this.filtered.length;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const page = server?.page ?? Math.min(Math.max(1, this.page), pageCount);
    const rows = server?.rows ?? this.filtered.slice((page - 1) * pageSize, page * pageSize);
    const plural = pluralRules(this.locale).select(total) === 'one' ? 'one' : 'other';
    const countKey: MessageKey = plural === 'one' ? 'invoices.search.count.one' : 'invoices.search.count.other';
    const taskError = this.listTask.status === TaskStatus.ERROR ? this.listTask.error : null;

    return html`
      ${taskError
        ? html`<div class="inline-alert" role="alert">
            <p>${t('invoices.error.title')}. ${errorMessage(taskError, t)}</p>
            <button class="btn" type="button" @click=${() => this.listTask.run()}>${t('common.retry')}</button>
          </div>`
        : nothing}
      <div class="toolbar">
        <div class="search">
          <label class="visually-hidden" for="invoice-search">${t('invoices.search.label')}</label>
          <input
            id="invoice-search"
            type="search"
            autocomplete="off"
            spellcheck="false"
            placeholder=${t(this.searchOnServer ? 'invoices.search.placeholder.server' : 'invoices.search.placeholder')}
            .value=${this.searchText}
            @input=${this.handleSearchInput}
          />
        </div>
        <button
          class="btn"
          type="button"
          part="export-button"
          aria-describedby="export-count"
          aria-busy=${this.serverSearch.exportState === 'busy' ? 'true' : 'false'}
          ?disabled=${total === 0 || !answered}
          @click=${this.handleExport}
        >
          <span aria-hidden="true">⇩</span> ${t('common.exportCsv')}
        </button>
        <span id="export-count" class="visually-hidden"
          >${t(plural === 'one' ? 'invoices.export.count.one' : 'invoices.export.count.other', { count: this.count(total) })}</span
        >
        ${this.serverSearch.exportState === 'failed'
          ? html`<span class="row-error" role="alert"><span class="glyph" aria-hidden="true">!</span> ${t('invoices.export.failed')}</span>`
          : nothing}
      </div>
      <div class="meta">
        <p role="status" class="match-count">${searching && answered ? t(countKey, { count: this.count(total) }) : nothing}</p>
        ${server ? nothing : this.renderProgress(store)}
      </div>
      ${server?.kind === 'pending'
        ? html`${renderLoading(t, t('invoices.search.searching'), 3)} ${this.renderPager(total, page, pageCount, pageSize)}`
        : server?.kind === 'error'
          ? renderError(server.error, t, () => this.serverSearch.retry(), t('invoices.search.error'))
          : total === 0
            ? searching
              ? html`<div class="state empty" part="state state-empty">
                  <p class="title">${t('invoices.search.none', { query: this.searchText.trim() })}</p>
                  <p>${t(server ? 'invoices.search.none.hint.server' : 'invoices.search.none.hint')}</p>
                  <button class="btn" type="button" @click=${this.handleClearSearch}>${t('invoices.search.clear')}</button>
                </div>`
              : renderEmpty(t('invoices.empty'), t('invoices.empty.hint'))
            : html`${this.narrow ? this.renderCards(rows) : this.renderTable(rows)}
              ${this.renderPager(total, page, pageCount, pageSize)}`}
    `;
  }

  private renderDetailBody(): TemplateResult {
    const t = this.t;
    const id = this.detailId;
    if (id === null) return html``;
    const task = this.detailTask;
    const detail: InvoiceDetail | null =
      task.status === TaskStatus.COMPLETE && task.value?.id === id
        ? task.value
        : this.lastDetail?.id === id && task.status !== TaskStatus.ERROR
          ? this.lastDetail
          : null;
    if (!detail) {
      if (task.status === TaskStatus.ERROR) {
        return html`<div class="dialog-body">
          ${renderError(task.error, t, () => void task.run(), t('invoices.detail.error'))}
        </div>`;
      }
      return html`<div class="dialog-body">${renderLoading(t, t('invoices.detail.loading'), 6)}</div>`;
    }
    const money = (value: string) => formatMoney(value, detail.currency, this.locale);
    const minus = (value: string) => (isDecimal(value) && !isZero(value) ? money(negate(abs(value))) : money('0'));
    const hasPeriod = detail.periodStart !== null || detail.periodEnd !== null;
    // Links to the Usage tab only where the tenant shows it and the backend has usage over time (the link opens the chart at the item's period).
    const usageShown = this.env?.config.sections.usage !== false && !!this.env?.backend?.capabilities.usageSeries;
    return html`<div class="dialog-body">
        <dl class="facts">
          <div>
            <dt>${t('invoices.detail.status')}</dt>
            <dd>${this.badge(detail)}</dd>
          </div>
          <div>
            <dt>${t('invoices.detail.issued')}</dt>
            <dd>${this.date(detail.date)}</dd>
          </div>
          ${this.env?.backend?.capabilities.invoiceDueDates === false
            ? nothing
            : html`<div>
                <dt>${t('invoices.detail.due')}</dt>
                <dd>${this.date(detail.dueDate)}</dd>
              </div>`}
          ${hasPeriod
            ? html`<div>
                <dt>${t('invoices.detail.period')}</dt>
                <dd>${formatDateRange(detail.periodStart, detail.periodEnd, this.locale, this.timeZone)}</dd>
              </div>`
            : nothing}
        </dl>
        <section aria-labelledby="detail-items">
          <h3 id="detail-items">${t('invoices.detail.items')}</h3>
          ${detail.lineItems.length === 0
            ? html`<p class="muted">${t('invoices.detail.noItems')}</p>`
            : html`<div class="table-wrap">
                <table part="table detail-table">
                  <thead>
                    <tr>
                      <th scope="col">${t('invoices.detail.item')}</th>
                      <th scope="col">${t('invoices.detail.itemPeriod')}</th>
                      <th scope="col" class="num">${t('invoices.detail.quantity')}</th>
                      <th scope="col" class="num">${t('invoices.detail.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${detail.lineItems.map((item) => {
                      const focus = usageShown ? usageFocusFor(detail, item) : null;
                      const period = focus ? formatDateRange(focus.start, focus.end, this.locale, this.timeZone) : '';
                      return html`<tr>
                        <td>
                          ${item.name}
                          ${focus
                            ? html`<button
                                type="button"
                                class="link view-usage"
                                aria-label=${t('invoices.detail.viewUsageOf', { item: item.name, period })}
                                @click=${() => this.handleViewUsage(focus)}
                              >
                                ${t('invoices.detail.viewUsage')}
                              </button>`
                            : nothing}
                        </td>
                        <td>
                          ${item.periodStart || item.periodEnd
                            ? formatDateRange(item.periodStart, item.periodEnd, this.locale, this.timeZone)
                            : t('common.none')}
                        </td>
                        <td class="num">${formatNumber(item.quantity, this.locale, { maximumFractionDigits: 6 })}</td>
                        <td class="num">${formatMoney(item.amount, item.currency || detail.currency, this.locale)}</td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
              </div>`}
        </section>
        <section aria-labelledby="detail-summary">
          <h3 id="detail-summary" class="visually-hidden">${t('invoices.detail.summary')}</h3>
          <dl class="totals">
            <dt>${t('invoices.detail.subtotal')}</dt>
            <dd>${money(detail.subtotal)}</dd>
            <dt>${t('invoices.detail.discounts')}</dt>
            <dd>${minus(detail.totalDiscount)}</dd>
            <dt>${t('invoices.detail.taxes')}</dt>
            <dd>${money(detail.totalTax)}</dd>
            <dt>${t('invoices.detail.credits')}</dt>
            <dd>${minus(detail.prepaidCreditsApplied)}</dd>
            <dt class="strong">${t('invoices.detail.total')}</dt>
            <dd class="strong">${money(detail.total)}</dd>
            ${isDecimal(detail.refundedAmount) && !isZero(detail.refundedAmount)
              ? html`<dt>${t('invoices.detail.refunded')}</dt>
                  <dd>${money(detail.refundedAmount)}</dd>`
              : nothing}
            <dt>${t('invoices.detail.amountDue')}</dt>
            <dd>${money(detail.amountDue)}</dd>
            <dt>${t('invoices.detail.amountPaid')}</dt>
            <dd>${money(detail.amountPaid)}</dd>
            <dt class="strong">${t('invoices.detail.amountRemaining')}</dt>
            <dd class="strong">${money(detail.amountRemaining)}</dd>
          </dl>
        </section>
      </div>
      <div class="dialog-foot">${this.renderDownload(detail, t('invoices.detail.download'))}</div>`;
  }

  private renderDialog(): TemplateResult {
    const t = this.t;
    const id = this.detailId;
    const known: Invoice | null =
      id === null ? null : (this.store?.get(id) ?? (this.lastDetail?.id === id ? this.lastDetail : null));
    const title = known
      ? known.number
        ? t('invoices.detail.title', { number: known.number })
        : t('invoices.detail.titleDated', { date: this.date(known.date) })
      : t('invoices.title');
    // The backdrop click closes the dialog; keyboard users have Escape, native to <dialog>.
    // eslint-disable-next-line lit-a11y/click-events-have-key-events
    return html`<dialog
      part="dialog"
      aria-labelledby=${id === null ? nothing : 'detail-title'}
      @close=${this.handleDialogClose}
      @click=${this.handleDialogClick}
    >
      ${id === null
        ? nothing
        : html`<div class="dialog-head">
              <h2 id="detail-title">${title}</h2>
              <button class="btn" type="button" aria-label=${t('common.close')} @click=${this.handleCloseClick}>
                <span aria-hidden="true">✕</span>
              </button>
            </div>
            ${this.renderDetailBody()}`}
    </dialog>`;
  }

  override render() {
    const t = this.t;
    const store = this.store;
    let content: TemplateResult;
    if (store) {
      content = this.renderList(store);
    } else if (this.listTask.status === TaskStatus.ERROR) {
      content = renderError(this.listTask.error, t, () => void this.listTask.run(), t('invoices.error.title'));
    } else {
      content = renderLoading(t, t('invoices.loading'), 5);
    }
    return html`${content}${this.renderDialog()}`;
  }
}
