import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Page, Wallet, WalletStatus, WalletTransaction } from '../../api/model.js';
import { isAbortError } from '../../api/errors.js';
import { portalContext, type PortalEnv } from '../../context.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { downloadCsv } from '../../format/csv.js';
import { formatDate, formatDateTime } from '../../format/date.js';
import { formatMoney, formatNumber, formatSignedMoney } from '../../format/money.js';
import { registerEnglish, type Translate } from '../../i18n/index.js';
import { hostStyles, componentStyles } from '../../styles/shared.styles.js';
import { PortalElement } from '../../ui/portal-element.js';
import { PAGER_EXPORTPARTS, Pager, type PageChangeEvent } from '../../ui/pager/pager.js';
import { errorMessage, renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { renderStatusBadge, type BadgeTone } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { formatCredits, formatRate, signedValue } from './credits-format.js';
import { creditsTabStyles } from './credits-tab.styles.js';
import { fetchAllTransactions, kindKey, statusKey, transactionsCsv, transactionsFileName } from './transactions-csv.js';
import { credits } from '../../i18n/en/credits.js';
import { createOutlookTask, outlookStyles, renderRunway, runwayOf } from '../../ui/outlook/outlook-view.js';

// This tab's English strings travel with its (lazily loaded) module.
registerEnglish(credits);

/** Rows per page of the history. */
export const HISTORY_PAGE_SIZE = 20;

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number | null }
  | { phase: 'done'; count: number }
  | { phase: 'cancelled' }
  | { phase: 'error'; error: unknown };

const walletTones: Record<WalletStatus, BadgeTone> = {
  active: 'success',
  frozen: 'warning',
  closed: 'neutral',
  unknown: 'neutral',
};

const pageKey = (walletId: string, page: number) => `${walletId}\u0000${page}`;

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function formatTime(date: Date, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
    timeFormats.set(key, format);
  }
  return format.format(date);
}

/** Resolves with `promise`, or rejects as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The Credits tab: every wallet of the customer (a selector when there are
 * several, each in its own currency), the selected wallet's balance (real-time
 * when the backend has it), and its transaction history paged from the server,
 * with a CSV export of the whole history.
 *
 * Pages are cached per (backend, wallet, page) so going back is instant and
 * the next and previous pages are prefetched; a new backend (new session
 * token) starts a fresh cache while the selected wallet and page of each
 * wallet stay.
 *
 * @summary Prepaid wallets and their transaction history.
 * @tag cp-credits-tab
 * @csspart wallet-selector - The wallet choice (several wallets only).
 * @csspart card - The wallet card and the history card.
 * @csspart wallet-card - The wallet card.
 * @csspart history - The transaction history card.
 * @csspart table - The transactions table.
 * @csspart export-button - The CSV export button.
 * @csspart status-badge - Wallet and transaction status badges.
 * @csspart pager - The history pager (also `pager-range`, `pager-button`).
 * @fires cp-section-ready - {SectionReadyEvent} The first data is on screen.
 * @fires cp-section-error - {SectionErrorEvent} A load failed (not for aborts).
 */
export class CreditsTab extends PortalElement {
  static override dependencies = { 'cp-pager': Pager };
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, outlookStyles, creditsTabStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The wallet the user picked (kept across tokens); null until they pick one. */
  @state() private selectedWalletId: string | null = null;

  /** The page each wallet is on, 1-based (kept across wallet switches and tokens). */
  @state() private pageByWallet: ReadonlyMap<string, number> = new Map();

  @state() private exportState: ExportState = { phase: 'idle' };

  /** The last wallet list that arrived (stays on screen while a new token loads or lacks). */
  @state() private wallets: Wallet[] | null = null;

  /** Real-time wallets by id (refreshed per token; the list values show until they arrive). */
  private details = new Map<string, Wallet>();

  /** Pages of the current backend, by wallet and page. */
  private pages = new Map<string, Page<WalletTransaction>>();
  /** Pages of the previous backend: shown only while the same page reloads with a new token. */
  private stalePages = new Map<string, Page<WalletTransaction>>();
  private inflight = new Map<string, Promise<Page<WalletTransaction>>>();
  /** Latest known number of transactions per wallet (keeps the pager steady while a page loads). */
  private totals = new Map<string, number>();
  private cacheBackend: PortalBackend | null = null;
  private prefetchAbort = new AbortController();
  private exportAbort: AbortController | null = null;
  private readyFired = false;

  private report(error: unknown): void {
    if (!isAbortError(error)) this.dispatchEvent(new SectionErrorEvent('credits', error));
  }

  /** The runway's input (daily usage cost and the billing period), shared with the Overview and Usage tabs. */
  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.readyFired);

  private walletsTask = new Task(this, {
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      try {
        const wallets = await backend.wallets(signal);
        this.wallets = wallets;
        return wallets;
      } catch (error) {
        this.report(error);
        throw error;
      }
    },
    args: () => [this.env?.backend ?? null] as const,
  });

  private walletTask = new Task(this, {
    task: async ([backend, id], { signal }) => {
      // Only where the backend has a fresher balance than the list's.
      if (!backend || !id || !backend.capabilities.realTimeWalletBalance) return initialState;
      try {
        const wallet = await backend.wallet(id, signal);
        this.details.set(id, wallet);
        return wallet;
      } catch (error) {
        this.report(error);
        throw error;
      }
    },
    args: () => [this.env?.backend ?? null, this.currentWallet?.id ?? null] as const,
  });

  private historyTask = new Task(this, {
    task: async ([backend, id, page], { signal }) => {
      if (!backend || !id || !backend.capabilities.transactions) return initialState;
      try {
        return await this.loadPage(backend, id, page, signal);
      } catch (error) {
        this.report(error);
        throw error;
      }
    },
    args: () => [this.env?.backend ?? null, this.currentWallet?.id ?? null, this.currentPage] as const,
  });

  /** The selected wallet: the user's pick, else the first active one, else the first. */
  private get currentWallet(): Wallet | undefined {
    const list = this.wallets;
    if (!list?.length) return undefined;
    return list.find((w) => w.id === this.selectedWalletId) ?? list.find((w) => w.status === 'active') ?? list[0];
  }

  private get currentPage(): number {
    const id = this.currentWallet?.id;
    return (id && this.pageByWallet.get(id)) || 1;
  }

  /** Starts a fresh page cache for a new backend (new token); the old pages stay only as stand-ins. */
  private adoptBackend(backend: PortalBackend): void {
    if (backend === this.cacheBackend) return;
    if (this.pages.size) this.stalePages = this.pages;
    this.pages = new Map();
    this.inflight = new Map();
    this.prefetchAbort.abort();
    this.prefetchAbort = new AbortController();
    this.cacheBackend = backend;
  }

  private fetchPage(backend: PortalBackend, walletId: string, page: number, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    const key = pageKey(walletId, page);
    const request = backend
      .walletTransactions(walletId, { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE }, signal)
      .then((result) => {
        if (backend === this.cacheBackend) {
          this.pages.set(key, result);
          this.totals.set(walletId, result.total);
        }
        return result;
      })
      .finally(() => {
        if (this.inflight.get(key) === request) this.inflight.delete(key);
      });
    if (backend === this.cacheBackend) this.inflight.set(key, request);
    return request;
  }

  /** One page: from the cache, from a prefetch already under way, or from the server. */
  private async loadPage(backend: PortalBackend, walletId: string, page: number, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    this.adoptBackend(backend);
    const key = pageKey(walletId, page);
    const cached = this.pages.get(key);
    if (cached) return cached;
    const shared = this.inflight.get(key);
    if (shared) {
      try {
        return await untilAborted(shared, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        // The prefetch failed: ask again, this time for the user.
      }
    }
    return this.fetchPage(backend, walletId, page, signal);
  }

  /** Fetches the pages next to the one on screen, so Next and Previous are instant. */
  private prefetchAround(backend: PortalBackend, walletId: string, page: number): void {
    if (backend !== this.cacheBackend) return;
    const total = this.totals.get(walletId) ?? 0;
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
    for (const neighbour of [page + 1, page - 1]) {
      if (neighbour < 1 || neighbour > pages) continue;
      const key = pageKey(walletId, neighbour);
      if (this.pages.has(key) || this.inflight.has(key)) continue;
      this.fetchPage(backend, walletId, neighbour, this.prefetchAbort.signal).catch(() => {
        // A failed prefetch is retried when the user actually opens that page.
      });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.prefetchAbort.signal.aborted) this.prefetchAbort = new AbortController();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.prefetchAbort.abort();
    this.inflight.clear();
    this.exportAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('env' as keyof CreditsTab)) {
      const backend = this.env?.backend ?? null;
      if (backend) this.adoptBackend(backend);
    }
  }

  protected override updated(): void {
    const backend = this.env?.backend ?? null;
    const wallet = this.currentWallet;
    const page = this.currentPage;
    const shown = wallet ? this.pages.get(pageKey(wallet.id, page)) : undefined;

    // The server has fewer pages now than when we paged (transactions went away): go to the last one.
    if (wallet && shown && shown.items.length === 0 && shown.total > 0 && page > 1) {
      this.setPage(wallet.id, Math.ceil(shown.total / HISTORY_PAGE_SIZE));
      return;
    }
    if (backend && wallet && shown) this.prefetchAround(backend, wallet.id, page);

    const noHistory = backend ? !backend.capabilities.transactions : false;
    if (!this.readyFired && this.wallets && (this.wallets.length === 0 || shown || noHistory)) {
      this.readyFired = true;
      this.dispatchEvent(new SectionReadyEvent('credits'));
      // The runway's task waits for this (ready is not reactive state): let it see the change.
      queueMicrotask(() => this.requestUpdate());
    }
  }

  private setPage(walletId: string, page: number): void {
    const next = new Map(this.pageByWallet);
    next.set(walletId, Math.max(1, page));
    this.pageByWallet = next;
  }

  private handlePage(event: PageChangeEvent): void {
    const wallet = this.currentWallet;
    if (wallet) this.setPage(wallet.id, event.page);
  }

  private selectWallet(id: string, focus = false): void {
    this.selectedWalletId = id;
    if (focus) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`.wallet-option[data-id="${CSS.escape(id)}"]`)?.focus(),
      );
    }
  }

  private handleWalletKey(event: KeyboardEvent): void {
    const list = this.wallets ?? [];
    const current = this.currentWallet;
    if (!current || list.length < 2) return;
    const index = list.indexOf(current);
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = index + 1;
        break;
      case 'ArrowUp':
        next = index - 1;
        break;
      case 'ArrowRight':
        next = rtl ? index - 1 : index + 1;
        break;
      case 'ArrowLeft':
        next = rtl ? index + 1 : index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = list.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = list[(next + list.length) % list.length];
    if (target) this.selectWallet(target.id, true);
  }

  private async handleExport(): Promise<void> {
    const env = this.env;
    const backend = env?.backend;
    const wallet = this.currentWallet;
    if (!env || !backend || !wallet || this.exportState.phase === 'running') return;
    const controller = new AbortController();
    this.exportAbort = controller;
    this.exportState = { phase: 'running', done: 0, total: this.totals.get(wallet.id) ?? null };
    try {
      const rows = await fetchAllTransactions(backend, wallet.id, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (this.exportAbort === controller) this.exportState = { phase: 'running', done, total };
        },
      });
      controller.signal.throwIfAborted();
      const csv = transactionsCsv(rows, { t: env.t, timeZone: env.timeZone });
      downloadCsv(csv, transactionsFileName(this.walletName(wallet, env.t), env.now(), env.timeZone), this);
      this.exportState = { phase: 'done', count: rows.length };
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        if (this.exportAbort === controller) this.exportState = { phase: 'cancelled' };
      } else {
        this.exportState = { phase: 'error', error };
        this.report(error);
      }
    } finally {
      if (this.exportAbort === controller) this.exportAbort = null;
    }
  }

  private cancelExport(): void {
    this.exportAbort?.abort();
  }

  private walletName(wallet: Wallet, t: Translate): string {
    return wallet.name.trim() || t('credits.wallet.unnamed');
  }

  // ---------------------------------------------------------------- render

  private renderSelector(env: PortalEnv, wallets: Wallet[], current: Wallet): TemplateResult {
    const { t, locale } = env;
    return html`<div
      class="wallets"
      role="radiogroup"
      aria-label=${t('credits.wallets.label')}
      part="wallet-selector"
      @keydown=${this.handleWalletKey}
    >
      ${wallets.map((wallet) => {
        const checked = wallet === current;
        const shown = this.details.get(wallet.id) ?? wallet;
        return html`<button
          type="button"
          role="radio"
          class="wallet-option"
          part="wallet-option"
          data-id=${wallet.id}
          aria-checked=${checked ? 'true' : 'false'}
          tabindex=${checked ? 0 : -1}
          @click=${() => this.selectWallet(wallet.id)}
        >
          <span class="name">${this.walletName(wallet, t)}</span>
          <span class="sub">${wallet.currency} · ${formatMoney(shown.balance, shown.currency, locale)}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderWalletCard(env: PortalEnv, listed: Wallet): TemplateResult {
    const { t, locale, timeZone } = env;
    const wallet = this.details.get(listed.id) ?? listed;
    const status = this.walletTask.status;
    const refreshing = status === TaskStatus.PENDING && !this.details.has(listed.id);
    return html`<section class="card wallet-card" part="card wallet-card" aria-labelledby="wallet-name">
      <header>
        <div>
          <h2 id="wallet-name">${this.walletName(wallet, t)}</h2>
          <p class="kind">${wallet.prepaid ? t('credits.wallet.heading') : t('credits.wallet.postpaid')} · ${wallet.currency}</p>
        </div>
        ${renderStatusBadge(walletTones[wallet.status], t(`credits.wallet.status.${wallet.status}`))}
      </header>
      <div class="figures">
        ${wallet.currencyOnly
          ? html`<p class="credits" part="wallet-value">${formatMoney(wallet.balance, wallet.currency, locale)}</p>`
          : html`<p class="credits" part="wallet-credits">${formatCredits(wallet.creditBalance, t, locale)}</p>
              <p class="value" part="wallet-value">${t('credits.wallet.value', { amount: formatMoney(wallet.balance, wallet.currency, locale) })}</p>`}
        ${this.outlookTask.status === TaskStatus.COMPLETE
          ? renderRunway(runwayOf(this.outlookTask.value, wallet), wallet.currency, env, t, this.outlookTask.value?.period?.end ?? null)
          : nothing}
      </div>
      <div class="facts">
        ${wallet.currencyOnly
          ? nothing
          : html`<p class="rate">${t('credits.wallet.rate', { amount: formatRate(wallet.conversionRate, wallet.currency, locale) })}</p>`}
        <p class="updated" role="status">
          ${refreshing
            ? t('credits.wallet.refreshing')
            : wallet.balanceUpdatedAt && (wallet.realTime || !env.backend?.capabilities.realTimeWalletBalance)
              ? t('credits.wallet.updated', { time: formatDateTime(wallet.balanceUpdatedAt, locale, timeZone) })
              : wallet.realTime || !env.backend?.capabilities.realTimeWalletBalance
                ? nothing
                : t('credits.wallet.stored')}
        </p>
      </div>
      ${status === TaskStatus.ERROR
        ? html`<div class="inline-error" role="alert">
            <p><strong>${t('credits.wallet.refreshFailed')}</strong> ${errorMessage(this.walletTask.error, t)}</p>
            <button class="btn" type="button" @click=${() => void this.walletTask.run()}>${t('common.retry')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  private renderExport(env: PortalEnv, wallet: Wallet, total: number | undefined): TemplateResult {
    const { t, locale } = env;
    const s = this.exportState;
    const running = s.phase === 'running';
    let status: TemplateResult | typeof nothing = nothing;
    if (s.phase === 'running') {
      status =
        s.total === null || (s.done === 0 && s.total === 0)
          ? html`${t('credits.export.starting')}`
          : html`<progress max=${Math.max(1, s.total)} .value=${s.done} aria-hidden="true"></progress>
              ${t('credits.export.progress', { done: formatNumber(s.done, locale), total: formatNumber(s.total, locale) })}`;
    } else if (s.phase === 'done') {
      status = html`${t('credits.export.done', { count: formatNumber(s.count, locale) })}`;
    } else if (s.phase === 'cancelled') {
      status = html`${t('credits.export.cancelled')}`;
    }
    return html`<div class="export">
      <p class="export-status" role="status">${status}</p>
      ${s.phase === 'error'
        ? html`<p class="export-status error" role="alert">${t('credits.export.failed')}: ${errorMessage(s.error, t)}</p>`
        : nothing}
      ${running
        ? html`<button class="btn" type="button" part="export-cancel" @click=${this.cancelExport}>${t('credits.export.cancel')}</button>`
        : html`<button
            class="btn"
            type="button"
            part="export-button"
            aria-label=${t('credits.export.label', { wallet: this.walletName(wallet, t) })}
            ?disabled=${!env.backend || !total}
            @click=${() => void this.handleExport()}
          >
            ${t('credits.export.button')}
          </button>`}
    </div>`;
  }

  private renderRows(env: PortalEnv, items: WalletTransaction[]): TemplateResult[] {
    const { t, locale, timeZone } = env;
    return items.map((tx) => {
      const money = formatSignedMoney(signedValue(tx.amount, tx.direction), tx.currency, locale);
      const credits = formatCredits(signedValue(tx.creditAmount, tx.direction), t, locale, true);
      return html`<tr>
        <td class="first" data-label=${t('credits.history.col.type')}>
          <span class="type">${t(kindKey(tx.kind))}</span>${tx.status !== 'completed'
            ? html`<span class="tx-status">${renderStatusBadge(tx.status === 'failed' ? 'danger' : tx.status === 'pending' ? 'warning' : 'neutral', t(statusKey(tx.status)))}</span>`
            : nothing}
          ${tx.description ? html`<span class="description">${tx.description}</span>` : nothing}
        </td>
        <td data-label=${t('credits.history.col.date')}>
          <time datetime=${tx.createdAt.toISOString()}>${formatDate(tx.createdAt, locale, timeZone)} <span class="sub-time"
              >${formatTime(tx.createdAt, locale, timeZone)}</span
            ></time
          >
        </td>
        <td data-label=${t('credits.history.col.expiry')}>
          ${tx.expiryDate
            ? html`<time datetime=${tx.expiryDate.toISOString()}>${formatDate(tx.expiryDate, locale, timeZone)}</time>`
            : t('common.none')}
        </td>
        <td class="num" data-label=${t('credits.history.col.priority')}>
          ${tx.priority === null ? t('common.none') : formatNumber(tx.priority, locale)}
        </td>
        <td class="num amount ${tx.direction}" data-label=${t('credits.history.col.amount')}>
          ${t('credits.amount.pair', { money, credits })}
        </td>
      </tr>`;
    });
  }

  private renderTable(env: PortalEnv, wallet: Wallet, data: Page<WalletTransaction>, busy: boolean): TemplateResult {
    const { t } = env;
    if (data.items.length === 0 && data.total === 0) {
      return renderEmpty(t('credits.history.empty'), t('credits.history.emptyHint'));
    }
    return html`<div class="table-wrap" aria-busy=${busy ? 'true' : 'false'}>
      <table part="table">
        <caption class="visually-hidden">${t('credits.history.caption', { wallet: this.walletName(wallet, t) })}</caption>
        <thead>
          <tr>
            <th scope="col">${t('credits.history.col.type')}</th>
            <th scope="col">${t('credits.history.col.date')}</th>
            <th scope="col">${t('credits.history.col.expiry')}</th>
            <th scope="col" class="num">${t('credits.history.col.priority')}</th>
            <th scope="col" class="num">${t('credits.history.col.amount')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.renderRows(env, data.items)}
        </tbody>
      </table>
    </div>`;
  }

  private renderHistory(env: PortalEnv, wallet: Wallet): TemplateResult {
    const { t } = env;
    if (env.backend && !env.backend.capabilities.transactions) {
      // The backend keeps no transaction history: say so where the table would be (no table, pager or export).
      return html`<section class="card history" part="card history" aria-labelledby="history-heading">
        <div class="history-head"><h2 id="history-heading">${t('credits.history.heading')}</h2></div>
        <p class="muted unavailable">${t('credits.history.unavailable')}</p>
      </section>`;
    }
    const page = this.currentPage;
    const key = pageKey(wallet.id, page);
    const status = this.historyTask.status;
    const fresh = this.pages.get(key);
    const stale = fresh ? undefined : status === TaskStatus.PENDING || status === TaskStatus.INITIAL ? this.stalePages.get(key) : undefined;
    const data = fresh ?? stale;
    const total = this.totals.get(wallet.id);

    let body: TemplateResult;
    if (data) body = this.renderTable(env, wallet, data, !fresh);
    else if (status === TaskStatus.ERROR) body = renderError(this.historyTask.error, t, () => void this.historyTask.run(), t('credits.history.error'));
    else body = renderLoading(t, t('credits.history.loading'), 5);

    const showPager = total !== undefined && total > 0;
    return html`<section class="card history" part="card history" aria-labelledby="history-heading">
      <div class="history-head">
        <h2 id="history-heading">${t('credits.history.heading')}</h2>
        ${this.renderExport(env, wallet, total)}
      </div>
      ${body}
      ${showPager
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

  override render() {
    const env = this.env;
    if (!env) return nothing;
    const { t } = env;
    const wallets = this.wallets;
    const status = this.walletsTask.status;

    if (!wallets) {
      if (status === TaskStatus.ERROR) {
        return renderError(this.walletsTask.error, t, () => void this.walletsTask.run(), t('credits.wallets.error'));
      }
      return html`<div class="layout">
        <div class="card">${renderLoading(t, t('credits.wallets.loading'), 3)}</div>
      </div>`;
    }
    if (wallets.length === 0) {
      return renderEmpty(t('credits.wallets.empty'), t('credits.wallets.emptyHint'));
    }
    const current = this.currentWallet!;
    return html`<div class="layout">
      ${status === TaskStatus.ERROR
        ? html`<div class="inline-error" role="alert">
            <p><strong>${t('credits.wallets.error')}</strong> ${errorMessage(this.walletsTask.error, t)}</p>
            <button class="btn" type="button" @click=${() => void this.walletsTask.run()}>${t('common.retry')}</button>
          </div>`
        : nothing}
      ${wallets.length > 1 ? this.renderSelector(env, wallets, current) : nothing}
      ${this.renderWalletCard(env, current)} ${this.renderHistory(env, current)}
    </div>`;
  }
}

