import { html, nothing, type TemplateResult } from 'lit';
import { Task, initialState } from '@lit/task';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { actionsContext, type PortalActions } from '../../context.js';
import type { PortalBackend } from '../../api/backend.js';
import type { Wallet } from '../../api/model.js';
import { formatDateTime } from '../../format/date.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { registerEnglish, type MessageKey } from '../../i18n/index.js';
import { overview } from '../../i18n/en/overview.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { renderStatusBadge, type BadgeTone } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { createOutlookTask, outlookStyles, renderAddCredits, renderRunway, runwayOf } from '../../ui/outlook/outlook-view.js';
import { cardStyles } from '../card.styles.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';

registerEnglish(overview);

const WALLET_TONE: Record<Wallet['status'], BadgeTone> = { active: 'success', frozen: 'warning', closed: 'neutral', unknown: 'neutral' };

interface WalletPick {
  wallet: Wallet | null;
  count: number;
}

/**
 * @summary The prepaid wallet: its balance in credits and money, how long it lasts at the recent pace, and how many more wallets there are.
 * @tag cp-wallet-section
 *
 * @csspart card - The card.
 * @csspart wallet-card - The card (in addition to `card`).
 * @csspart state - Loading, empty and error states.
 * @csspart status-badge - The wallet's status when it is not active.
 */
export class WalletSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, outlookStyles, cardStyles];

  /** The opt-in actions the host listed and the backend allows (null: read-only); here, not in the shared base, so the first chunk stays small. */
  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions: PortalActions | null = null;

  private readonly walletTask = new Task<[PortalBackend | null], WalletPick>(this, {
    args: () => [this.backend],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      const wallets = await backend.wallets(signal);
      // The list's balance paints with the first wave; the real-time balance (a request that needs the id) follows.
      return { wallet: wallets.find((w) => w.status === 'active') ?? wallets[0] ?? null, count: wallets.length };
    },
  });

  /** The picked wallet's real-time balance, after first paint; on failure the list's balance stays. */
  private readonly liveTask = new Task<[PortalBackend | null, string | null], Wallet>(this, {
    args: () => [this.backend, this.walletTask.value?.wallet?.id ?? null],
    task: async ([backend, id], { signal }) => {
      if (!backend || !id || !backend.capabilities.realTimeWalletBalance) return initialState;
      return backend.wallet(id, signal);
    },
  });

  /** The runway's input: after the panel's first data (shared page-wide with the forecast). */
  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.panelReady);

  private readonly section = new SectionController(this, 'overview', () => [this.walletTask]);

  /** After an action: the real-time balance where the backend has one, else the list again (its `wallet(id)` poll left it fresh). */
  private readonly refreshWallet = (): void => void (this.backend?.capabilities.realTimeWalletBalance ? this.liveTask.run() : this.walletTask.run());

  override render(): TemplateResult {
    const t = this.t;
    const value = this.walletTask.value;
    const wallet = value?.wallet;
    return html`<section class="card" part="card wallet-card" aria-labelledby="wallet-title" aria-busy=${busy(this.walletTask)}>
      <div class="card-head">
        <h2 id="wallet-title">${t('overview.wallet.title')}</h2>
        ${wallet && wallet.status !== 'active' ? renderStatusBadge(WALLET_TONE[wallet.status], t(`overview.walletStatus.${wallet.status}` as MessageKey)) : nothing}
      </div>
      ${this.section.render(this.walletTask, (pick) => {
        if (!pick.wallet) return renderEmpty(t('overview.wallet.empty'));
        const live = this.liveTask.value;
        return this.renderBody(live && live.id === pick.wallet.id ? live : pick.wallet, pick.count);
      })}
    </section>`;
  }

  private renderBody(wallet: Wallet, count: number): TemplateResult {
    const { t, env } = this;
    const locale = env?.locale ?? 'en';
    const amount = formatNumber(wallet.creditBalance, locale);
    const one = new Intl.PluralRules(locale).select(Number(wallet.creditBalance)) === 'one';
    const outlook = this.outlookTask.value;
    // A wallet of money (not credits) shows just the amount.
    return html`${wallet.currencyOnly
        ? html`<p class="balance">${formatMoney(wallet.balance, wallet.currency, locale)}</p>`
        : html`<p class="balance">${t(one ? 'overview.wallet.credit' : 'overview.wallet.credits', { amount })}</p>
            <p class="value">${t('overview.wallet.value', { amount: formatMoney(wallet.balance, wallet.currency, locale) })}</p>`}
      ${wallet.name ? html`<p class="meta muted">${wallet.name}</p>` : nothing}
      ${wallet.realTime && wallet.balanceUpdatedAt
        ? html`<p class="meta muted">${t('overview.wallet.asOf', { time: formatDateTime(wallet.balanceUpdatedAt, locale, env?.timeZone ?? 'UTC') })}</p>`
        : nothing}
      ${env ? renderRunway(runwayOf(outlook, wallet), wallet.currency, env, t, outlook?.period?.end ?? null) : nothing}
      ${renderAddCredits(this.actions, wallet, t, 'overview', this.refreshWallet)}
      ${count > 1 ? html`<p class="meta muted">${count === 2 ? t('overview.wallet.moreOne') : t('overview.wallet.more', { count: count - 1 })}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-wallet-section': WalletSection;
  }
}
