import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import { consume } from '@lit/context';
import { actionsContext, type PortalActions } from '../../context.js';
import type { Invoice } from '../../api/model.js';
import { SectionErrorEvent, UsageFocusEvent, type UsageFocus } from '../../events.js';
import { isoDate } from '../../format/date.js';
import { downloadCsv } from '../../format/csv.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { errorMessage, renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { Pager } from '../../ui/pager/pager.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { buildInvoicesCsv } from './invoice-csv.js';
import { DETAIL_PARTS, InvoiceDetailDialog } from './invoice-detail.js';
import type { InvoiceStore, SearchContext } from './invoice-list.js';
import { InvoiceLoader } from './invoice-loader.js';
import { payHandler, renderCards, renderTable, type RowContext } from './invoice-rows.js';
import { renderPager, renderToolbar } from './invoice-toolbar.js';
import { invoicesStyles } from './invoices.styles.js';
import { NarrowWidth } from './narrow-width.js';
import { PdfDownloads } from './pdf-downloads.js';
import { ServerInvoiceSearch, type ServerSearchView } from './server-search.js';

export { BACKGROUND_CONCURRENCY } from './invoice-loader.js';

/** Rows on screen per page of the (filtered) list. */
export const ROWS_PER_PAGE = 25;
export { NARROW_WIDTH } from './narrow-width.js';

/**
 * @summary The Invoices section: every invoice of the customer (newest first), searchable as you type
 * (on the client, or by the backend where it searches: `capabilities.invoiceSearch`),
 * with status badges, PDF download, a detail dialog with line items (`cp-invoice-detail`), and CSV export.
 * @tag cp-invoices-section
 * @csspart table - The invoices table (and the detail's line items, also `detail-table`).
 * @csspart card - A stacked invoice card (narrow widths).
 * @csspart status-badge - A status badge.
 * @csspart dialog - The invoice detail dialog.
 * @csspart state - Loading, empty and error states.
 * @csspart pager - The invoices pager (also `pager-range`, `pager-button`).
 * @csspart export-button - The CSV export.
 * @fires invoice-download - The user asked for an invoice PDF (bubbles, composed), just before it opens.
 * @fires cp-usage-focus - Internal: a line item's "View usage" (the panel passes it to the root).
 * @fires cp-section-ready - Internal: the first invoices are on screen.
 * @fires cp-section-error - Internal: loading invoices failed.
 */
export class InvoicesSection extends SectionElement {
  static override dependencies = { 'cp-pager': Pager, 'cp-invoice-detail': InvoiceDetailDialog };

  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, invoicesStyles];

  /** The opt-in actions (null: read-only). */
  @consume({ context: actionsContext, subscribe: true }) @state() private actions: PortalActions | null = null;
  @state() private searchText = '';
  /** 1-based page of the filtered list. */
  @state() private page = 1;
  /** The invoice whose detail dialog is open. */
  @state() private detailId: string | null = null;
  @query('cp-invoice-detail') private detailEl?: InvoiceDetailDialog;

  private filtered: Invoice[] = [];
  private filteredKey = '';
  private detailTrigger: HTMLElement | null = null;
  private lifetime = new AbortController();

  private readonly reportError = (error: unknown) => this.dispatchEvent(new SectionErrorEvent('invoices', error));

  private readonly list = new InvoiceLoader(this, {
    backend: () => this.backend,
    context: () => this.searchContext(),
    indexing: () => !this.searchOnServer,
    onError: this.reportError,
  });

  /** The search where the backend searches (`invoiceSearch: 'server'`); idle for the others. */
  private readonly serverSearch = new ServerInvoiceSearch(this, { backend: () => this.backend, rowsPerPage: ROWS_PER_PAGE, onError: this.reportError });

  private readonly pdf = new PdfDownloads(this, () => this.backend);
  private readonly width = new NarrowWidth(this);

  private readonly section = new SectionController(this, 'invoices', () => [this.list.task]);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lifetime.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const store = this.list.store;
    if (changed.has('env' as keyof InvoicesSection) && store) {
      store.setContext(this.searchContext());
      this.filteredKey = '';
    }
    // A server search leaves the store unfiltered (it holds the list shown when the box is cleared).
    const query = this.searchOnServer ? '' : this.searchText;
    const key = `${this.list.version}\u0000${query}`;
    if (store && key !== this.filteredKey) {
      this.filtered = store.filter(query);
      this.filteredKey = key;
    }
  }

  /** The backend searches (the last one's answer while there is none): the box asks it. */
  private get searchOnServer(): boolean {
    return (this.backend ?? this.list.lastBackend)?.capabilities.invoiceSearch === 'server';
  }

  private searchContext(): SearchContext {
    return { locale: this.env?.locale ?? 'en', timeZone: this.env?.timeZone ?? 'UTC', t: this.t };
  }

  private get rows(): RowContext {
    return {
      ...this.searchContext(),
      downloads: this.pdf.states,
      onDownload: (invoice) => void this.pdf.download(invoice),
      // After a payment: the list and an open detail (paid from there, it must not offer "Pay" again).
      ...payHandler(this.actions, () => {
        void this.list.task.run();
        this.detailEl?.refresh();
      }),
      onOpen: (invoice, event) => {
        this.detailTrigger = event.currentTarget as HTMLElement;
        this.detailId = invoice.id;
      },
    };
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
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.table-wrap, .cards')?.scrollIntoView?.({ block: 'nearest' }));
  }

  private handleExport(event: Event) {
    const target = event.currentTarget as Node;
    // A server search's matches may span pages the screen never asked for: fetched for the export.
    if (this.searchOnServer && this.serverSearch.active) void this.serverSearch.exportMatches(this.lifetime.signal, (list) => this.saveCsv(list, target));
    else this.saveCsv(this.filtered, target);
  }

  private saveCsv(list: readonly Invoice[], target: Node) {
    const ctx = { ...this.searchContext(), dueDates: this.backend?.capabilities.invoiceDueDates ?? true };
    downloadCsv(buildInvoicesCsv(list, ctx), `invoices-${isoDate(this.env?.now() ?? new Date(), ctx.timeZone)}.csv`, target);
  }

  /** A usage-based line item's "View usage": the dialog closes and the Usage tab opens at its period with the feature in focus. */
  private readonly handleViewUsage = (focus: UsageFocus) => {
    this.detailTrigger = null;
    this.dispatchEvent(new UsageFocusEvent(focus));
  };

  /** The dialog closed: focus returns to what opened it (or the invoice's number, if that was re-rendered). */
  private readonly handleDetailClose = () => {
    if (this.detailId === null) return;
    const id = this.detailId;
    this.detailId = null;
    const trigger = this.detailTrigger;
    this.detailTrigger = null;
    void this.updateComplete.then(() => {
      const target = trigger?.isConnected === true ? trigger : this.renderRoot.querySelector<HTMLElement>(`[data-open="${CSS.escape(id)}"]`);
      target?.focus();
    });
  };

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
    const pager = renderPager(t, (to) => this.handlePage(to), total, page, pageCount, pageSize);
    const task = this.list.task;
    const taskError = task.status === TaskStatus.ERROR ? task.error : null;
    return html`
      ${taskError
        ? html`<div class="inline-alert" role="alert">
            <p>${t('invoices.error.title')}. ${errorMessage(taskError, t)}</p>
            <button class="btn" type="button" @click=${() => task.run()}>${t('common.retry')}</button>
          </div>`
        : nothing}
      ${renderToolbar({
        t,
        locale: this.searchContext().locale,
        searchText: this.searchText,
        searchOnServer: this.searchOnServer,
        answered,
        total,
        exportState: this.serverSearch.exportState,
        progress: server ? null : store,
        backgroundError: this.list.backgroundError,
        onInput: (event) => this.handleSearchInput(event),
        onExport: (event) => this.handleExport(event),
        onResume: () => this.list.loadRest(),
      })}
      ${server?.kind === 'pending'
        ? html`${renderLoading(t, t('invoices.search.searching'), 3)} ${pager}`
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
            : html`${this.width.narrow ? renderCards(this.rows, rows) : renderTable(this.rows, rows)} ${pager}`}
    `;
  }

  override render(): TemplateResult {
    const t = this.t;
    const options = { lines: 5, label: t('invoices.loading'), title: t('invoices.error.title') };
    // The list stays on screen while a new run for the same customer loads (a new customer's never shows the last one's).
    const list = () => (this.list.store ? this.renderList(this.list.store) : this.section.loading(options.lines, options.label));
    const id = this.detailId;
    return html`${this.list.store ? list() : this.section.render(this.list.task, list, options)}<cp-invoice-detail
        exportparts=${DETAIL_PARTS}
        .invoiceId=${id}
        .known=${id === null ? null : (this.list.store?.get(id) ?? null)}
        .downloads=${this.pdf.states}
        .onDownload=${(invoice: Invoice) => void this.pdf.download(invoice)}
        .pay=${this.rows}
        .onClose=${this.handleDetailClose}
        .onViewUsage=${this.handleViewUsage}
      ></cp-invoice-detail>`;
  }
}
