import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { Wallet } from '../../api/model.js';
import { isAbortError } from '../../api/errors.js';
import type { PortalEnv } from '../../context.js';
import { downloadCsv } from '../../format/csv.js';
import { registerEnglish } from '../../i18n/index.js';
import { credits } from '../../i18n/en/credits.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { PAGER_EXPORTPARTS, Pager, type PageChangeEvent } from '../../ui/pager/pager.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { createWalletsTask, currentWallet, renderInlineError, renderWalletPicker, WALLET_PAGES, WALLET_PICKERS, walletName, walletPickerStyles, walletsRender } from '../credits-wallets.js';
import { creditsStyles } from '../credits.styles.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { ViewStateController } from '../view-state-controller.js';
import { HISTORY_PAGE_SIZE, pageKey, TransactionPages } from './transaction-pages.js';
import { fetchAllTransactions, transactionsCsv, transactionsFileName } from './transactions-csv.js';
import { transactionsStyles } from './transactions.styles.js';
import { renderExport, renderTable, type ExportState } from './transactions-view.js';

// The Credits strings travel with the (lazily loaded) Credits sections.
registerEnglish(credits);

export { HISTORY_PAGE_SIZE };

/**
 * @summary A wallet's transaction history, paged from the server, with a CSV export of the whole history.
 * @tag cp-transactions-section
 *
 * Shows the wallet picked in the same panel (the Credits tab's wallet card
 * holds the picker). Shown alone (`sections="transactions"`), it holds the
 * picker itself when the customer has several wallets: each wallet has its
 * own history, and defaulting silently to one would hide the others.
 *
 * @csspart card - The history card; also `history`.
 * @csspart wallet-selector - The wallet choice when shown without the wallet card (several wallets only); each option is `wallet-option`.
 * @csspart table - The transactions table.
 * @csspart export-button - The CSV export button; `export-cancel` cancels a running export.
 * @csspart status-badge - Transaction status badges.
 * @csspart pager - The history pager (also `pager-range`, `pager-button`).
 * @csspart state - Loading, empty and error states.
 */
export class TransactionsSection extends SectionElement {
  static override dependencies = { 'cp-pager': Pager };
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, walletPickerStyles, creditsStyles, transactionsStyles];

  private readonly view = new ViewStateController(this);
  private readonly cache = new TransactionPages();
  @state() private exportState: ExportState = { phase: 'idle' };
  /** The last wallet list that arrived (stays on screen while a new token loads or fails). */
  @state() private list: Wallet[] | null = null;
  private exportAbort: AbortController | null = null;

  private readonly walletsTask = createWalletsTask(this, () => this.backend, () => this.view.store, (wallets) => (this.list = wallets));

  private readonly historyTask = new Task(this, {
    args: () => [this.backend, this.wallet?.id ?? null, this.page] as const,
    task: async ([backend, id, page], { signal }) => {
      if (!backend || !id || !backend.capabilities.transactions) return initialState;
      return this.cache.load(backend, id, page, signal);
    },
  });

  /**
   * Ready with its first page (or once there is none to show). With the wallet card in the panel,
   * a failed wallet list is the card's to show and report.
   */
  private readonly section = new SectionController(this, 'credits', () => {
    const wallets = this.walletsTask;
    if (wallets.status === TaskStatus.ERROR && this.pickerElsewhere) return [];
    if (wallets.status !== TaskStatus.COMPLETE || !this.list?.length || !this.backend?.capabilities.transactions) return [wallets];
    return [wallets, this.historyTask];
  });

  /** Whether a wallet card of the same panel holds the picker. */
  private get pickerElsewhere(): boolean {
    return (this.view.store.get<number>(WALLET_PICKERS) ?? 0) > 0;
  }

  private get wallets(): Wallet[] | undefined {
    return this.list ?? undefined;
  }

  private get wallet(): Wallet | undefined {
    return currentWallet(this.wallets, this.view.store);
  }

  private get page(): number {
    const id = this.wallet?.id;
    return (id && this.view.store.get<ReadonlyMap<string, number>>(WALLET_PAGES)?.get(id)) || 1;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.cache.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cache.disconnect();
    this.exportAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('env' as keyof TransactionsSection) && this.backend) this.cache.adopt(this.backend);
  }

  protected override updated(): void {
    const backend = this.backend;
    const wallet = this.wallet;
    const page = this.page;
    const shown = wallet ? this.cache.pages.get(pageKey(wallet.id, page)) : undefined;
    // The server has fewer pages now than when we paged (transactions went away): go to the last one.
    if (wallet && shown && shown.items.length === 0 && shown.total > 0 && page > 1) {
      this.setPage(wallet.id, Math.ceil(shown.total / HISTORY_PAGE_SIZE));
      return;
    }
    if (backend && wallet && shown) this.cache.prefetchAround(backend, wallet.id, page);
  }

  private setPage(walletId: string, page: number): void {
    const store = this.view.store;
    const next = new Map(store.get<ReadonlyMap<string, number>>(WALLET_PAGES));
    next.set(walletId, Math.max(1, page));
    store.set(WALLET_PAGES, next);
  }

  private handlePage(event: PageChangeEvent): void {
    const wallet = this.wallet;
    if (wallet) this.setPage(wallet.id, event.page);
  }

  private async handleExport(): Promise<void> {
    const env = this.env;
    const backend = env?.backend;
    const wallet = this.wallet;
    if (!env || !backend || !wallet || this.exportState.phase === 'running') return;
    const controller = new AbortController();
    this.exportAbort = controller;
    this.exportState = { phase: 'running', done: 0, total: this.cache.totals.get(wallet.id) ?? null };
    try {
      const rows = await fetchAllTransactions(backend, wallet.id, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (this.exportAbort === controller) this.exportState = { phase: 'running', done, total };
        },
      });
      controller.signal.throwIfAborted();
      const csv = transactionsCsv(rows, { t: env.t, timeZone: env.timeZone });
      downloadCsv(csv, transactionsFileName(walletName(wallet, env.t), env.now(), env.timeZone), this);
      this.exportState = { phase: 'done', count: rows.length };
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        if (this.exportAbort === controller) this.exportState = { phase: 'cancelled' };
      } else {
        this.exportState = { phase: 'error', error };
        this.section.reportFailure({ status: TaskStatus.ERROR, error, run: () => Promise.resolve() });
      }
    } finally {
      if (this.exportAbort === controller) this.exportAbort = null;
    }
  }

  override render(): TemplateResult | typeof nothing {
    const shown = walletsRender(this.env, this.wallets, this.walletsTask);
    if (!shown) return nothing;
    const { env, t, wallets, failed } = shown;
    if (!wallets && failed) {
      if (this.pickerElsewhere) return nothing;
      return renderError(this.walletsTask.error, t, () => void this.walletsTask.run(), t('credits.wallets.error'));
    }
    if (wallets?.length === 0) return this.pickerElsewhere ? nothing : renderEmpty(t('credits.wallets.empty'), t('credits.wallets.emptyHint'));
    const wallet = this.wallet;
    const alone = !this.pickerElsewhere;
    return html`<div class="layout">
      ${alone && failed
        ? renderInlineError(t('credits.wallets.error'), this.walletsTask.error, t, () => void this.walletsTask.run())
        : nothing}
      ${alone && wallets && wallet && wallets.length > 1
        ? renderWalletPicker({ wallets, current: wallet, t, locale: env.locale, state: this.view.store, host: this })
        : nothing}
      ${this.renderHistory(env, wallet)}
    </div>`;
  }

  private renderHistory(env: PortalEnv, wallet: Wallet | undefined): TemplateResult {
    const { t } = env;
    const page = this.page;
    const status = this.historyTask.status;
    const fresh = wallet ? this.cache.pages.get(pageKey(wallet.id, page)) : undefined;
    const waiting = status === TaskStatus.PENDING || status === TaskStatus.INITIAL;
    const data = fresh ?? (wallet && waiting ? this.cache.stalePages.get(pageKey(wallet.id, page)) : undefined);
    const total = wallet ? this.cache.totals.get(wallet.id) : undefined;

    let body: TemplateResult;
    if (wallet && data) body = renderTable(env, wallet, data, !fresh);
    else if (wallet && status === TaskStatus.ERROR) body = renderError(this.historyTask.error, t, () => void this.historyTask.run(), t('credits.history.error'));
    else body = renderLoading(t, t('credits.history.loading'), 5);

    return html`<section class="card history" part="card history" aria-labelledby="history-heading">
      <div class="history-head">
        <h2 id="history-heading">${t('credits.history.heading')}</h2>
        ${wallet
          ? renderExport(env, wallet, total, this.exportState, { start: () => void this.handleExport(), cancel: () => this.exportAbort?.abort() })
          : nothing}
      </div>
      ${body}
      ${total !== undefined && total > 0
        ? html`<cp-pager
            exportparts=${PAGER_EXPORTPARTS}
            .page=${page}
            .pageSize=${HISTORY_PAGE_SIZE}
            .total=${total}
            label=${t('credits.history.pages')}
            @page-change=${this.handlePage}
          ></cp-pager>`
        : nothing}
      ${data && data.items.length ? html`<p class="zone-note">${t('common.timesIn', { zone: env.timeZone })}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-transactions-section': TransactionsSection;
  }
}
