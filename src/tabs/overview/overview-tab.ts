import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Page, Subscription, SubscriptionStatus, UsageSeriesQuery, Wallet } from '../../api/model.js';
import { isAbortError } from '../../api/errors.js';
import { portalContext, type PortalEnv } from '../../context.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { formatDate, formatDateRange, formatDateTime } from '../../format/date.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { createTranslate, type MessageKey, type Translate } from '../../i18n/index.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { PortalElement } from '../../ui/portal-element.js';
import { ChartLoader, chartLoaderStyles } from '../../ui/usage-chart/chart-loader.js';
import { UsageRangePlanner, chartSeriesOf, featureRows, isEmptyUsage, resultFits, type UsageResult } from '../usage/usage-model.js';
import { overviewTabStyles } from './overview-tab.styles.js';

/** Subscriptions shown on the Overview (page 1). */
export const OVERVIEW_SUBSCRIPTIONS = 10;

export type TrendPreset = '1d' | '7d' | '30d';
const TREND_PRESETS: TrendPreset[] = ['1d', '7d', '30d'];

type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';
const SUB_TONE: Record<SubscriptionStatus, Tone> = {
  active: 'success',
  trialing: 'info',
  paused: 'warning',
  cancelled: 'neutral',
  incomplete: 'danger',
  draft: 'neutral',
  unknown: 'neutral',
};
const WALLET_TONE: Record<Wallet['status'], Tone> = { active: 'success', frozen: 'warning', closed: 'neutral', unknown: 'neutral' };

interface WalletCard {
  wallet: Wallet | null;
  count: number;
}

type CardId = 'wallet' | 'subs' | 'trend';

const fallbackT = createTranslate();

/**
 * @summary The Overview tab: prepaid wallet balance, subscriptions, and a usage trend over 1d / 7d / 30d.
 * @tag cp-overview-tab
 *
 * Every request starts at once (wallets, subscriptions and usage), without
 * waiting for the customer's zone: the trend asks for DAY windows from a day
 * early and keeps them once the zone is known (or asks again by the hour when
 * the display zone differs from the customer's).
 *
 * @csspart card - Each card (wallet, subscriptions, usage trend).
 * @csspart chart - The usage chart.
 * @csspart state - Loading, empty and error states.
 * @fires cp-section-ready - Internal: every card has its first data.
 * @fires cp-section-error - Internal: a card failed to load.
 */
export class OverviewTab extends PortalElement {
  static override styles = [hostStyles, componentStyles, stateStyles, chartLoaderStyles, overviewTabStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The trend's range; view state, kept across token changes. */
  @state() private preset: TrendPreset = '7d';

  private readonly planner = new UsageRangePlanner();
  /** Imports `cp-usage-chart` (with chart.js) when this tab first connects; a skeleton stands in meanwhile. */
  private readonly chartLoader = new ChartLoader(this, 'overview');
  private readonly settled = new Set<CardId>();
  private succeeded = false;
  private readyDispatched = false;

  private get backend(): PortalBackend | null {
    return this.env?.backend ?? null;
  }

  private readonly walletTask = new Task<[PortalBackend | null], WalletCard>(this, {
    args: () => [this.backend],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      const wallets = await backend.wallets(signal);
      const pick = wallets.find((w) => w.status === 'active') ?? wallets[0];
      // The list's balance paints with the first wave; the real-time balance (a request that needs the id) follows.
      return { wallet: pick ?? null, count: wallets.length };
    },
    onComplete: () => this.markSettled('wallet', true),
    onError: (error) => this.handleError('wallet', error),
  });

  /** The picked wallet's real-time balance, after first paint; on failure the list's balance stays. */
  private readonly liveWalletTask = new Task<[PortalBackend | null, string | null], Wallet>(this, {
    args: () => [this.backend, this.walletTask.value?.wallet?.id ?? null],
    task: async ([backend, id], { signal }) => {
      if (!backend || !id) return initialState;
      return backend.wallet(id, signal);
    },
  });

  private readonly subsTask = new Task<[PortalBackend | null], Page<Subscription>>(this, {
    args: () => [this.backend],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      return backend.subscriptions({ page: 1, limit: OVERVIEW_SUBSCRIPTIONS }, signal);
    },
    onComplete: () => this.markSettled('subs', true),
    onError: (error) => this.handleError('subs', error),
  });

  private readonly trendTask = new Task<[PortalBackend | null, UsageSeriesQuery | null], UsageResult>(this, {
    args: () => [this.backend, this.planner.query],
    task: async ([backend, query], { signal }) => {
      if (!backend || !query) return initialState;
      return { query, series: await backend.usageSeries(query, signal) };
    },
    onComplete: () => this.markSettled('trend', true),
    onError: (error) => this.handleError('trend', error),
  });

  private markSettled(card: CardId, ok: boolean): void {
    this.settled.add(card);
    if (ok) this.succeeded = true;
  }

  private handleError(card: CardId, error: unknown): void {
    if (isAbortError(error)) return;
    this.markSettled(card, false);
    this.dispatchEvent(new SectionErrorEvent('overview', error));
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (this.env) this.planner.update(this.env, this.preset, null);
  }

  protected override updated(): void {
    if (!this.readyDispatched && this.succeeded && this.settled.size === 3) {
      this.readyDispatched = true;
      this.dispatchEvent(new SectionReadyEvent('overview'));
    }
  }

  private handlePreset(preset: TrendPreset): void {
    this.preset = preset;
  }

  private handleTrendRetry(): void {
    if (this.env) this.planner.refresh(this.env, this.preset, null);
    void this.trendTask.run();
  }

  private get t(): Translate {
    return this.env?.t ?? fallbackT;
  }

  // ------------------------------------------------------------- wallet

  private renderWallet(): TemplateResult {
    const t = this.t;
    const task = this.walletTask;
    const value = task.value;
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => void task.run());
    else if (value === undefined) body = renderLoading(t);
    else if (!value.wallet) body = renderEmpty(t('overview.wallet.empty'));
    else {
      const live = this.liveWalletTask.value;
      body = this.renderWalletBody(live && live.id === value.wallet.id ? live : value.wallet, value.count);
    }
    return html`<section class="card" part="card wallet-card" aria-labelledby="wallet-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="card-head">
        <h2 id="wallet-title">${t('overview.wallet.title')}</h2>
        ${value?.wallet && value.wallet.status !== 'active'
          ? html`<span class="badge tone-${WALLET_TONE[value.wallet.status]}">${t(`overview.walletStatus.${value.wallet.status}` as MessageKey)}</span>`
          : nothing}
      </div>
      ${body}
    </section>`;
  }

  private renderWalletBody(wallet: Wallet, count: number): TemplateResult {
    const { t } = this;
    const locale = this.env?.locale ?? 'en';
    const zone = this.env?.timeZone ?? 'UTC';
    const amount = formatNumber(wallet.creditBalance, locale);
    const one = new Intl.PluralRules(locale).select(Number(wallet.creditBalance)) === 'one';
    return html`<p class="balance">${t(one ? 'overview.wallet.credit' : 'overview.wallet.credits', { amount })}</p>
      <p class="value">${t('overview.wallet.value', { amount: formatMoney(wallet.balance, wallet.currency, locale) })}</p>
      ${wallet.name ? html`<p class="meta muted">${wallet.name}</p>` : nothing}
      ${wallet.realTime && wallet.balanceUpdatedAt
        ? html`<p class="meta muted">${t('overview.wallet.asOf', { time: formatDateTime(wallet.balanceUpdatedAt, locale, zone) })}</p>`
        : nothing}
      ${count > 1
        ? html`<p class="meta muted">${count === 2 ? t('overview.wallet.moreOne') : t('overview.wallet.more', { count: count - 1 })}</p>`
        : nothing}`;
  }

  // ------------------------------------------------------------- subscriptions

  private renderSubscriptions(): TemplateResult {
    const t = this.t;
    const task = this.subsTask;
    const page = task.value;
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => void task.run());
    else if (page === undefined) body = renderLoading(t);
    else if (page.items.length === 0) body = renderEmpty(t('overview.subs.empty'));
    else {
      const more = page.total - page.items.length;
      body = html`<ul class="subs">
          ${page.items.map((s) => this.renderSubscription(s))}
        </ul>
        ${more > 0 ? html`<p class="meta muted">${t('overview.subs.more', { count: formatNumber(more, this.env?.locale ?? 'en') })}</p>` : nothing}`;
    }
    return html`<section class="card" part="card subscriptions-card" aria-labelledby="subs-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <h2 id="subs-title">${t('overview.subs.title')}</h2>
      ${body}
    </section>`;
  }

  private renderSubscription(s: Subscription): TemplateResult {
    const t = this.t;
    const locale = this.env?.locale ?? 'en';
    const zone = this.env?.timeZone ?? 'UTC';
    const ending = s.status === 'cancelled' || s.cancelAtPeriodEnd;
    const endDate = s.cancelAt ?? s.currentPeriodEnd;
    return html`<li>
      <div class="sub-head">
        <h3 class="plan">${s.planName || t('common.none')}</h3>
        <span class="badge tone-${SUB_TONE[s.status]}">${t(`overview.subStatus.${s.status}` as MessageKey)}</span>
      </div>
      ${s.planDescription ? html`<p class="meta muted">${s.planDescription}</p>` : nothing}
      <dl>
        ${s.currentPeriodStart || s.currentPeriodEnd
          ? html`<dt>${t('overview.subs.period')}</dt>
              <dd>${formatDateRange(s.currentPeriodStart, s.currentPeriodEnd, locale, zone)}</dd>`
          : nothing}
        ${ending
          ? endDate
            ? html`<dt>${t(endDate.getTime() <= (this.env?.now() ?? new Date()).getTime() ? 'overview.subs.ended' : 'overview.subs.ends')}</dt>
                <dd>${formatDate(endDate, locale, zone)}</dd>`
            : nothing
          : s.currentPeriodEnd
            ? html`<dt>${t('overview.subs.nextBilling')}</dt>
                <dd>${formatDate(s.currentPeriodEnd, locale, zone)}</dd>`
            : nothing}
        ${s.status === 'trialing' && s.trialEnd
          ? html`<dt>${t('overview.subs.trialEnds')}</dt>
              <dd>${formatDate(s.trialEnd, locale, zone)}</dd>`
          : nothing}
      </dl>
    </li>`;
  }

  // ------------------------------------------------------------- trend

  private renderTrend(): TemplateResult {
    const t = this.t;
    const task = this.trendTask;
    const env = this.env;
    const range = this.planner.range;
    const result = task.value;
    const fits = resultFits(result, this.planner.query);
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => this.handleTrendRetry());
    else if (!env || !range || !fits) body = renderLoading(t, undefined, 5);
    else {
      const rows = featureRows(result.series, range, env.config.featureFilter);
      if (rows.length === 0 || isEmptyUsage(rows)) body = renderEmpty(t('overview.trend.empty'));
      else {
        const label = t('overview.trend.chartLabel', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
        body = this.chartLoader.render(
          () => html`<cp-usage-chart
            exportparts="chart"
            .series=${chartSeriesOf(rows, range, env.locale)}
            .buckets=${range.buckets.map((b) => b.start)}
            .partialFrom=${range.partialFrom}
            .t=${t}
            window=${range.unit}
            locale=${env.locale}
            time-zone=${env.timeZone}
            label=${label}
          ></cp-usage-chart>`,
          t,
        );
      }
    }
    return html`<section class="card wide" part="card trend-card" aria-labelledby="trend-title" aria-busy=${task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="card-head">
        <h2 id="trend-title">${t('overview.trend.title')}</h2>
        <div class="segmented" role="group" aria-label=${t('usage.range.label')}>
          ${TREND_PRESETS.map(
            (p) => html`<button type="button" aria-pressed=${this.preset === p ? 'true' : 'false'} title=${t(`usage.range.${p}.long` as MessageKey)} @click=${() => this.handlePreset(p)}>
              ${t(`usage.range.${p}` as MessageKey)}
            </button>`,
          )}
        </div>
      </div>
      ${body}
    </section>`;
  }

  override render(): TemplateResult {
    return html`<div class="grid">${this.renderWallet()} ${this.renderSubscriptions()} ${this.renderTrend()}</div>`;
  }
}
