import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import { consume } from '@lit/context';
import type { Wallet, WalletStatus } from '../../api/model.js';
import { actionsContext, type PortalActions, type PortalEnv } from '../../context.js';
import { formatDateTime } from '../../format/date.js';
import { formatMoney } from '../../format/money.js';
import { registerEnglish } from '../../i18n/index.js';
import { credits } from '../../i18n/en/credits.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { createOutlookTask, outlookStyles, renderAddCredits, renderRunway, runwayOf } from '../../ui/outlook/outlook-view.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { renderStatusBadge, type BadgeTone } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { formatCredits, formatRate } from '../credits-format.js';
import { createWalletsTask, currentWallet, renderInlineError, renderWalletPicker, WALLET_PICKERS, WALLETS_RUN, walletName, walletPickerStyles, walletsRender } from '../credits-wallets.js';
import { creditsStyles } from '../credits.styles.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { ViewStateController } from '../view-state-controller.js';
import type { ViewState } from '../view-state.js';
import { creditWalletStyles } from './credit-wallet.styles.js';

// The Credits strings travel with the (lazily loaded) Credits sections.
registerEnglish(credits);

const walletTones: Record<WalletStatus, BadgeTone> = { active: 'success', frozen: 'warning', closed: 'neutral', unknown: 'neutral' };

/**
 * @summary The customer's prepaid wallets: a picker when there are several (each in its own currency), and the selected wallet's balance (real-time when the backend has it), value, conversion rate and runway.
 * @tag cp-credit-wallet-section
 *
 * The picked wallet is the panel's view state (survives tokens): the
 * transaction history of the same panel follows it and shows no picker of its own.
 *
 * @csspart wallet-selector - The wallet choice (several wallets only); each option is `wallet-option`.
 * @csspart card - The wallet card.
 * @csspart wallet-card - The wallet card (in addition to `card`).
 * @csspart wallet-credits - The balance in credits; `wallet-value` its value in money.
 * @csspart status-badge - The wallet's status.
 * @csspart state - Loading, empty and error states.
 */
export class CreditWalletSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, outlookStyles, walletPickerStyles, creditsStyles, creditWalletStyles];

  /** The opt-in actions the host listed and the backend allows (null: read-only); here, not in the shared base, so the first chunk stays small. */
  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions: PortalActions | null = null;

  private readonly view = new ViewStateController(this);

  /** The last wallet list that arrived (stays on screen while a new token loads or fails). */
  @state() private wallets: Wallet[] | null = null;

  /** Real-time wallets by id (refreshed per token; the list values show until they arrive). */
  private readonly details = new Map<string, Wallet>();

  /** The store that counts this section's picker (the history shows none of its own then). */
  private pickerIn: ViewState | null = null;

  private readonly walletsTask = createWalletsTask(this, () => this.backend, () => this.view.store, (wallets) => (this.wallets = wallets));

  private readonly walletTask = new Task(this, {
    args: () => [this.backend, this.current?.id ?? null] as const,
    task: async ([backend, id], { signal }) => {
      // Only where the backend has a fresher balance than the list's.
      if (!backend || !id || !backend.capabilities.realTimeWalletBalance) return initialState;
      const wallet = await backend.wallet(id, signal);
      this.details.set(id, wallet);
      return wallet;
    },
  });

  /** The runway's input (daily usage cost and the billing period), after the panel's first data. */
  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.panelReady);

  private readonly section = new SectionController(this, 'credits', () => [this.walletsTask]);

  private get current(): Wallet | undefined {
    return currentWallet(this.wallets ?? undefined, this.view.store);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.claimPicker();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releasePicker();
  }

  private claimPicker(): void {
    const store = this.view.store;
    if (this.pickerIn === store) return;
    this.releasePicker();
    this.pickerIn = store;
    store.set(WALLET_PICKERS, (store.get<number>(WALLET_PICKERS) ?? 0) + 1);
  }

  private releasePicker(): void {
    const store = this.pickerIn;
    if (!store) return;
    this.pickerIn = null;
    store.set(WALLET_PICKERS, Math.max(0, (store.get<number>(WALLET_PICKERS) ?? 1) - 1));
  }

  protected override willUpdate(): void {
    // The panel's store arrives after connection (context): count the picker there.
    if (this.isConnected) this.claimPicker();
  }

  protected override updated(): void {
    this.section.reportFailure(this.walletTask);
  }

  /** Runs the list again, here and in the history of the same panel. */
  private retryWallets(): void {
    const store = this.view.store;
    store.set(WALLETS_RUN, (store.get<number>(WALLETS_RUN) ?? 0) + 1);
  }

  override render(): TemplateResult | typeof nothing {
    const shown = walletsRender(this.env, this.wallets, this.walletsTask);
    if (!shown) return nothing;
    const { env, t, wallets, failed } = shown;
    if (!wallets) {
      if (failed) return renderError(this.walletsTask.error, t, () => this.retryWallets(), t('credits.wallets.error'));
      return html`<div class="layout"><div class="card">${renderLoading(t, t('credits.wallets.loading'), 3)}</div></div>`;
    }
    if (wallets.length === 0) return renderEmpty(t('credits.wallets.empty'), t('credits.wallets.emptyHint'));
    const current = this.current!;
    return html`<div class="layout">
      ${failed
        ? renderInlineError(t('credits.wallets.error'), this.walletsTask.error, t, () => this.retryWallets())
        : nothing}
      ${wallets.length > 1
        ? renderWalletPicker({ wallets, current, details: this.details, t, locale: env.locale, state: this.view.store, host: this })
        : nothing}
      ${this.renderCard(env, current)}
    </div>`;
  }

  private renderCard(env: PortalEnv, listed: Wallet): TemplateResult {
    const { t, locale, timeZone } = env;
    const wallet = this.details.get(listed.id) ?? listed;
    const status = this.walletTask.status;
    const refreshing = status === TaskStatus.PENDING && !this.details.has(listed.id);
    const realTime = env.backend?.capabilities.realTimeWalletBalance;
    return html`<section class="card wallet-card" part="card wallet-card" aria-labelledby="wallet-name">
      <header>
        <div>
          <h2 id="wallet-name">${walletName(wallet, t)}</h2>
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
        ${renderAddCredits(this.actions, wallet, t, 'credits', () => void this.walletTask.run())}
      </div>
      <div class="facts">
        ${wallet.currencyOnly
          ? nothing
          : html`<p class="rate">${t('credits.wallet.rate', { amount: formatRate(wallet.conversionRate, wallet.currency, locale) })}</p>`}
        <p class="updated" role="status">
          ${refreshing
            ? t('credits.wallet.refreshing')
            : wallet.balanceUpdatedAt && (wallet.realTime || !realTime)
              ? t('credits.wallet.updated', { time: formatDateTime(wallet.balanceUpdatedAt, locale, timeZone) })
              : wallet.realTime || !realTime
                ? nothing
                : t('credits.wallet.stored')}
        </p>
      </div>
      ${status === TaskStatus.ERROR
        ? renderInlineError(t('credits.wallet.refreshFailed'), this.walletTask.error, t, () => void this.walletTask.run())
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-credit-wallet-section': CreditWalletSection;
  }
}
