/**
 * The Overview's view: its cards' templates and styles. A lazily imported
 * module (its own chunk in the CDN build): `cp-overview-tab` starts its data
 * requests at once and imports this in parallel, rendering loading cards until
 * it arrives.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Page, Subscription, SubscriptionStatus, UsageSeriesQuery, Wallet } from '../../api/model.js';
import type { PortalEnv } from '../../context.js';
import { formatDate, formatDateRange, formatDateTime } from '../../format/date.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { isZero } from '../../format/decimal.js';
import { registerEnglish, type MessageKey, type Translate } from '../../i18n/index.js';
import { overview } from '../../i18n/en/overview.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { renderStatusBadge, type BadgeTone } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { chartLoaderStyles, type ChartLoader } from '../../ui/usage-chart/chart-loader.js';
import { featureRows, isEmptyUsage, resultFits, type UsageRangePlanner, type UsageResult } from '../../usage/rows.js';
import { renderUsageChart } from '../usage/usage-chart-view.js';
import { forecastOf, outlookStyles, renderForecastSummary, renderRunway, runwayOf, type OutlookTask } from '../usage/outlook-view.js';

export { createOutlookTask } from '../usage/outlook-view.js';
import { overviewLayoutStyles, type TrendResult } from './overview-layout.js';
import { overviewTabStyles } from './overview-tab.styles.js';

registerEnglish(overview);

export type TrendPreset = '1d' | '7d' | '30d';
const TREND_PRESETS: TrendPreset[] = ['1d', '7d', '30d'];

const SUB_TONE: Record<SubscriptionStatus, BadgeTone> = {
  active: 'success',
  trialing: 'info',
  paused: 'warning',
  cancelled: 'neutral',
  incomplete: 'danger',
  draft: 'neutral',
  unknown: 'neutral',
};
const WALLET_TONE: Record<Wallet['status'], BadgeTone> = { active: 'success', frozen: 'warning', closed: 'neutral', unknown: 'neutral' };

export interface WalletCard {
  wallet: Wallet | null;
  count: number;
}

/** What the view reads from `cp-overview-tab`: its tasks, its range planner and its handlers. */
export interface OverviewViewState {
  env: PortalEnv | undefined;
  t: Translate;
  preset: TrendPreset;
  walletTask: Task<[PortalBackend | null], WalletCard>;
  liveWalletTask: Task<[PortalBackend | null, string | null], Wallet>;
  subsTask: Task<[PortalBackend | null], Page<Subscription>>;
  trendTask: Task<[PortalBackend | null, UsageSeriesQuery | null], TrendResult>;
  outlookTask: OutlookTask | null;
  planner: UsageRangePlanner;
  chartLoader: ChartLoader;
  onPreset: (preset: TrendPreset) => void;
  onTrendRetry: () => void;
}

/** Every style of the tab once the view is loaded (replaces its first-chunk styles). */
export const overviewStyles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, chartLoaderStyles, overviewLayoutStyles, outlookStyles, overviewTabStyles];

const busy = (task: { status: TaskStatus }) => (task.status === TaskStatus.PENDING ? 'true' : 'false');

// ------------------------------------------------------------- wallet

function renderWallet(v: OverviewViewState): TemplateResult {
  const t = v.t;
  const task = v.walletTask;
  const value = task.value;
  let body: TemplateResult;
  if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => void task.run());
  else if (value === undefined) body = renderLoading(t);
  else if (!value.wallet) body = renderEmpty(t('overview.wallet.empty'));
  else {
    const live = v.liveWalletTask.value;
    body = renderWalletBody(v, live && live.id === value.wallet.id ? live : value.wallet, value.count);
  }
  return html`<section class="card" part="card wallet-card" aria-labelledby="wallet-title" aria-busy=${busy(task)}>
    <div class="card-head">
      <h2 id="wallet-title">${t('overview.wallet.title')}</h2>
      ${value?.wallet && value.wallet.status !== 'active'
        ? renderStatusBadge(WALLET_TONE[value.wallet.status], t(`overview.walletStatus.${value.wallet.status}` as MessageKey))
        : nothing}
    </div>
    ${body}
  </section>`;
}

function renderWalletBody(v: OverviewViewState, wallet: Wallet, count: number): TemplateResult {
  const { t } = v;
  const locale = v.env?.locale ?? 'en';
  const zone = v.env?.timeZone ?? 'UTC';
  const amount = formatNumber(wallet.creditBalance, locale);
  const one = new Intl.PluralRules(locale).select(Number(wallet.creditBalance)) === 'one';
  // A wallet of money (not credits) shows just the amount.
  return html`${wallet.currencyOnly
      ? html`<p class="balance">${formatMoney(wallet.balance, wallet.currency, locale)}</p>`
      : html`<p class="balance">${t(one ? 'overview.wallet.credit' : 'overview.wallet.credits', { amount })}</p>
          <p class="value">${t('overview.wallet.value', { amount: formatMoney(wallet.balance, wallet.currency, locale) })}</p>`}
    ${wallet.name ? html`<p class="meta muted">${wallet.name}</p>` : nothing}
    ${wallet.realTime && wallet.balanceUpdatedAt
      ? html`<p class="meta muted">${t('overview.wallet.asOf', { time: formatDateTime(wallet.balanceUpdatedAt, locale, zone) })}</p>`
      : nothing}
    ${v.env ? renderRunway(runwayOf(v.outlookTask?.value, wallet), wallet.currency, v.env, t, v.outlookTask?.value?.period?.end ?? null) : nothing}
    ${count > 1
      ? html`<p class="meta muted">${count === 2 ? t('overview.wallet.moreOne') : t('overview.wallet.more', { count: count - 1 })}</p>`
      : nothing}`;
}

// ------------------------------------------------------------- subscriptions

function renderSubscriptions(v: OverviewViewState): TemplateResult {
  const t = v.t;
  const task = v.subsTask;
  const page = task.value;
  let body: TemplateResult;
  if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, () => void task.run());
  else if (page === undefined) body = renderLoading(t);
  else if (page.items.length === 0) body = renderEmpty(t('overview.subs.empty'));
  else {
    const more = page.total - page.items.length;
    body = html`<ul class="subs">
        ${page.items.map((s) => renderSubscription(v, s))}
      </ul>
      ${more > 0 ? html`<p class="meta muted">${t('overview.subs.more', { count: formatNumber(more, v.env?.locale ?? 'en') })}</p>` : nothing}`;
  }
  return html`<section class="card" part="card subscriptions-card" aria-labelledby="subs-title" aria-busy=${busy(task)}>
    <h2 id="subs-title">${t('overview.subs.title')}</h2>
    ${body}
  </section>`;
}

function renderSubscription(v: OverviewViewState, s: Subscription): TemplateResult {
  const t = v.t;
  const locale = v.env?.locale ?? 'en';
  const zone = v.env?.timeZone ?? 'UTC';
  const ending = s.status === 'cancelled' || s.cancelAtPeriodEnd;
  const endDate = s.cancelAt ?? s.currentPeriodEnd;
  return html`<li>
    <div class="sub-head">
      <h3 class="plan">${s.planName || t('common.none')}</h3>
      ${renderStatusBadge(SUB_TONE[s.status], t(`overview.subStatus.${s.status}` as MessageKey))}
    </div>
    ${s.planDescription ? html`<p class="meta muted">${s.planDescription}</p>` : nothing}
    <dl>
      ${s.currentPeriodStart || s.currentPeriodEnd
        ? html`<dt>${t('overview.subs.period')}</dt>
            <dd>${formatDateRange(s.currentPeriodStart, s.currentPeriodEnd, locale, zone)}</dd>`
        : nothing}
      ${ending
        ? endDate
          ? html`<dt>${t(endDate.getTime() <= (v.env?.now() ?? new Date()).getTime() ? 'overview.subs.ended' : 'overview.subs.ends')}</dt>
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
      ${s.amount !== undefined
        ? html`<dt>${t('overview.subs.price')}</dt>
            <dd>${pricePerPeriod(s.amount, s.currency, s.billingPeriod, locale, t)}</dd>`
        : nothing}
    </dl>
    ${s.meters && s.meters.length > 0
      ? html`<h4 class="meters-title">${t('overview.subs.meters')}</h4>
          <ul class="meters">
            ${s.meters.map(
              (m) => html`<li>
                <span class="meter-name">${m.name}</span>
                <span class="meter-usage"
                  >${isZero(m.credited)
                    ? t('overview.subs.meterUsed', { consumed: formatNumber(m.consumed, locale) })
                    : t('overview.subs.meter', { consumed: formatNumber(m.consumed, locale), credited: formatNumber(m.credited, locale) })}</span
                >
                <span class="meter-cost">${formatMoney(m.cost, s.currency, locale)}</span>
              </li>`,
            )}
          </ul>`
      : nothing}
  </li>`;
}

const PERIOD_UNITS: Record<string, 'day' | 'week' | 'month' | 'year'> = {
  day: 'day',
  daily: 'day',
  week: 'week',
  weekly: 'week',
  month: 'month',
  monthly: 'month',
  year: 'year',
  yearly: 'year',
  annual: 'year',
  annually: 'year',
};

/**
 * "$20.00 per month", "$60.00 every 3 months" from a billing period such as
 * "month", "3 months" or "monthly"; the amount alone for any other period.
 */
export function pricePerPeriod(amount: string, currency: string, billingPeriod: string, locale: string, t: Translate): string {
  const money = formatMoney(amount, currency, locale);
  const match = /^(?:(\d+)\s+)?([a-z]+?)s?$/.exec(billingPeriod.trim().toLowerCase());
  const unit = match ? PERIOD_UNITS[match[2] ?? ''] : undefined;
  if (!match || !unit) return money;
  const count = match[1] ? Number(match[1]) : 1;
  if (count === 1) return t(`overview.subs.per.${unit}` as MessageKey, { amount: money });
  return t(`overview.subs.every.${unit}` as MessageKey, { amount: money, count: formatNumber(count, locale) });
}

// ------------------------------------------------------------- trend

/** Months shown of the billing history (the newest). */
const HISTORY_MONTHS = 12;

/** In place of the usage trend where the backend has no usage series: invoiced per month and the overdue balance (Lago). */
function renderHistory(v: OverviewViewState, env: PortalEnv): TemplateResult {
  const t = v.t;
  const task = v.trendTask;
  const history = task.value?.history;
  let body: TemplateResult;
  if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, v.onTrendRetry);
  else if (task.status !== TaskStatus.COMPLETE || !history) body = renderLoading(t, undefined, 5);
  else {
    const months = history.months.slice(-HISTORY_MONTHS).reverse();
    const money = (amount: string) => formatMoney(amount, history.currency, env.locale);
    const monthName = new Intl.DateTimeFormat(env.locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
    const overdue = history.overdueInvoiceCount > 0 || !/^0(\.0*)?$/.test(history.overdue)
      ? html`<p class="overdue" part="overdue">
          <strong>${t('overview.history.overdue', { amount: money(history.overdue) })}</strong>
          ${history.overdueInvoiceCount > 0 ? html`<span class="muted">${t('overview.history.overdueCount', { count: formatNumber(history.overdueInvoiceCount, env.locale) })}</span>` : nothing}
        </p>`
      : nothing;
    body = months.every((m) => m.invoiceCount === 0)
      ? html`${overdue}${renderEmpty(t('overview.history.empty'))}`
      : html`${overdue}
          <table part="table history-table">
            <caption class="visually-hidden">${t('overview.history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">${t('overview.history.month')}</th>
                <th scope="col" class="num">${t('overview.history.amount')}</th>
                <th scope="col" class="num">${t('overview.history.count')}</th>
              </tr>
            </thead>
            <tbody>
              ${months.map(
                (m) => html`<tr>
                  <th scope="row" class="month">${monthName.format(m.month)}</th>
                  <td class="num">${money(m.amount)}</td>
                  <td class="num">${formatNumber(m.invoiceCount, env.locale)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`;
  }
  return html`<section class="card wide" part="card history-card" aria-labelledby="history-title" aria-busy=${busy(task)}>
    <h2 id="history-title">${t('overview.history.title')}</h2>
    ${body}
  </section>`;
}

function renderTrend(v: OverviewViewState): TemplateResult {
  const t = v.t;
  const task = v.trendTask;
  const env = v.env;
  if (env?.backend && !env.backend.capabilities.usageSeries) {
    // Lago: invoiced per month and the overdue balance, its only time series.
    if (env.backend.billingHistory) return renderHistory(v, env);
    // No usage over time from this backend: one line where the chart would be, no range buttons.
    return html`<section class="card wide" part="card trend-card" aria-labelledby="trend-title">
      <h2 id="trend-title">${t('overview.trend.title')}</h2>
      <p class="muted unavailable">${t('overview.trend.unavailable')}</p>
    </section>`;
  }
  const range = v.planner.range;
  const result = task.value?.series ? (task.value as UsageResult) : undefined;
  const fits = resultFits(result, v.planner.query);
  let body: TemplateResult;
  if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, v.onTrendRetry);
  else if (!env || !range || !fits) body = renderLoading(t, undefined, 5);
  else {
    const rows = featureRows(result.series, range, env.config.featureFilter);
    if (rows.length === 0 || isEmptyUsage(rows)) body = renderEmpty(t('overview.trend.empty'));
    else {
      const label = t('overview.trend.chartLabel', { range: formatDateRange(range.start, range.end, env.locale, env.timeZone) });
      body = renderUsageChart(v.chartLoader, rows, range, env, t, label, result.series.asOf);
    }
  }
  return html`<section class="card wide" part="card trend-card" aria-labelledby="trend-title" aria-busy=${busy(task)}>
    <div class="card-head">
      <h2 id="trend-title">${t('overview.trend.title')}</h2>
      <div class="segmented" role="group" aria-label=${t('usage.range.label')}>
        ${TREND_PRESETS.map(
          (p) => html`<button type="button" aria-pressed=${v.preset === p ? 'true' : 'false'} title=${t(`usage.range.${p}.long` as MessageKey)} @click=${() => v.onPreset(p)}>
            ${t(`usage.range.${p}` as MessageKey)}
          </button>`,
        )}
      </div>
    </div>
    ${body}
  </section>`;
}

// ------------------------------------------------------------- forecast

/** This period's projected usage charges and how they were computed; absent without a period or a usage history. */
function renderForecast(v: OverviewViewState): TemplateResult | typeof nothing {
  const env = v.env;
  const forecast = forecastOf(v.outlookTask?.value);
  if (!env || v.outlookTask?.status === TaskStatus.ERROR || !forecast) return nothing;
  const body = renderForecastSummary(forecast, env, v.t);
  if (body === nothing) return nothing;
  return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title">
    <h2 id="forecast-title">${v.t('outlook.forecast.title')}</h2>
    ${body}
  </section>`;
}

/** The Overview's cards. */
export function renderOverview(v: OverviewViewState): TemplateResult {
  return html`<div class="grid">${renderWallet(v)} ${renderSubscriptions(v)} ${renderForecast(v)} ${renderTrend(v)}</div>`;
}
