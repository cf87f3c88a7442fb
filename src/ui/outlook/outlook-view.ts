/**
 * The forecast and the wallet runway as text (never only a drawing): the
 * Usage tab's forecast card with a row per feature, the Overview's short
 * forecast, and the runway line under a wallet's balance (Overview, Credits).
 * Imported by lazily loaded views only, never by the first chunk.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Wallet } from '../../api/model.js';
import type { PortalActions, PortalEnv } from '../../context.js';
import type { ErrorSection } from '../../events.js';
import { compare, round } from '../../format/decimal.js';
import { formatDate, formatDateRange } from '../../format/date.js';
import { formatMoney, formatNumber, formatQuantity } from '../../format/money.js';
import { registerEnglish, type Translate } from '../../i18n/index.js';
import { outlook } from '../../i18n/en/outlook.js';
import { FORECAST_DAYS, forecastUsage, walletRunway, type Forecast, type OutlookInput, type Runway } from '../../usage/outlook.js';
import { loadOutlook } from '../../usage/outlook-data.js';

registerEnglish(outlook);

export const outlookStyles = css`
  .outlook-total {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .outlook-method,
  .runway {
    margin: 0.35em 0 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .runway.low {
    color: var(--_danger, #b91c1c);
    font-weight: 600;
  }
  .runway-flag {
    display: inline-block;
    margin-inline-end: 0.4em;
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.85em;
  }
`;

export type OutlookTask = Task<[PortalBackend | null, string, boolean, string | null, boolean], OutlookInput | null>;

/**
 * The forecast's and runway's input as a task of `host`: loaded once the
 * display zone is final (no provisional request) and `ready()` says the tab's
 * own first data is on screen (the forecast never delays it, nor joins the
 * first wave of requests); shared page-wide per backend, zone and day
 * (usage/outlook-data.ts), so three tabs cost one load.
 */
export function createOutlookTask(host: ReactiveControllerHost & HTMLElement, env: () => PortalEnv | undefined, ready: () => boolean): OutlookTask {
  return new Task(host, {
    args: () => {
      const e = env();
      return [e?.backend ?? null, e?.timeZone ?? '', e?.timeZoneSettled ?? false, e?.customer?.timeZone ?? null, ready()] as [
        PortalBackend | null,
        string,
        boolean,
        string | null,
        boolean,
      ];
    },
    task: async ([backend, , settled, , isReady], { signal }) => {
      const e = env();
      if (!backend || !settled || !isReady || !e) return initialState;
      return loadOutlook(e, signal);
    },
  });
}

/** The forecast of `input` (null: no history to project from). */
export function forecastOf(input: OutlookInput | null | undefined): Forecast | null {
  return input ? forecastUsage(input) : null;
}

/** The runway of `wallet` from `input` (null: nothing to say). */
export function runwayOf(input: OutlookInput | null | undefined, wallet: Wallet | null | undefined): Runway | null {
  if (!input || !wallet) return null;
  return walletRunway({ ...input, balance: wallet.balance, currency: wallet.currency, transactions: input.walletTransactions?.get(wallet.id) ?? null });
}

function totalText(f: Extract<Forecast, { kind: 'forecast' }>, env: PortalEnv, t: Translate): string {
  const amount = f.totals.map((x) => formatMoney(x.cost, x.currency, env.locale)).join(' + ');
  return t('outlook.forecast.total', { date: formatDate(f.periodEnd, env.locale, env.timeZone), amount });
}

function methodText(f: Extract<Forecast, { kind: 'forecast' }>, env: PortalEnv, t: Translate): string {
  return t('outlook.forecast.method', {
    from: formatDate(f.soFarFrom, env.locale, env.timeZone),
    days: FORECAST_DAYS,
    basis: formatDateRange(f.basisFrom, f.basisTo, env.locale, env.timeZone),
    left: formatNumber(f.daysLeft, env.locale, { maximumFractionDigits: 1 }),
  });
}

/** The forecast in two sentences (Overview): projected charges, and how. Nothing without a period. */
export function renderForecastSummary(f: Forecast | null, env: PortalEnv, t: Translate): TemplateResult | typeof nothing {
  if (!f || (f.kind === 'none' && f.reason !== 'too-little-history')) return nothing;
  if (f.kind === 'none') return html`<p class="outlook-method">${t('outlook.forecast.history', { days: FORECAST_DAYS })}</p>`;
  return html`<p class="outlook-total">${totalText(f, env, t)}</p>
    <p class="outlook-method">${methodText(f, env, t)}</p>`;
}

/** The Usage tab's forecast: the total, the method, and a table of features (so far, projected, projected cost). */
export function renderForecastDetail(f: Forecast, env: PortalEnv, t: Translate, focus: string | null = null): TemplateResult {
  if (f.kind === 'none') return html`<p class="outlook-method">${t('outlook.forecast.history', { days: FORECAST_DAYS })}</p>`;
  const date = formatDate(f.periodEnd, env.locale, env.timeZone);
  const q = (value: string, singular: string, plural: string) => formatQuantity(round(value, 2), singular, plural, env.locale);
  return html`<p class="outlook-total">${totalText(f, env, t)}</p>
    <p class="outlook-method">${methodText(f, env, t)}</p>
    <div class="table-scroll">
      <table part="table forecast-table">
        <caption class="visually-hidden">${t('outlook.forecast.caption', { date })}</caption>
        <thead>
          <tr>
            <th scope="col">${t('outlook.forecast.feature')}</th>
            <th scope="col" class="num">${t('outlook.forecast.soFar')}</th>
            <th scope="col" class="num">${t('outlook.forecast.projected', { date })}</th>
            <th scope="col" class="num">${t('outlook.forecast.cost')}</th>
          </tr>
        </thead>
        <tbody>
          ${[...f.features]
            .sort((a, b) => compare(b.cost, a.cost) || a.name.localeCompare(b.name, env.locale))
            .map(
              (x) => html`<tr class=${x.featureId === focus ? 'focus' : ''}>
                <th scope="row">${x.name}</th>
                <td class="num" data-label=${t('outlook.forecast.soFar')}>${q(x.usageSoFar, x.unitSingular, x.unitPlural)}</td>
                <td class="num" data-label=${t('outlook.forecast.projected', { date })}>${q(x.usage, x.unitSingular, x.unitPlural)}</td>
                <td class="num" data-label=${t('outlook.forecast.cost')}>${formatMoney(x.cost, x.currency, env.locale)}</td>
              </tr>`,
            )}
        </tbody>
      </table>
    </div>`;
}

/** "≈ 9 days of credits at the last 7 days' average use ($48.20 a day)", with a low-balance flag. Nothing when there is no runway. */
export function renderRunway(r: Runway | null, currency: string, env: PortalEnv, t: Translate, periodEnd: Date | null): TemplateResult | typeof nothing {
  if (!r || r.kind === 'none') return nothing;
  const daily = formatMoney(r.dailyCost, currency, env.locale);
  const params = { days: formatNumber(r.days, env.locale, { maximumFractionDigits: compare(r.days, 10) < 0 ? 1 : 0 }), basis: r.basisDays, daily };
  const text =
    compare(r.days, 1) < 0 ? t('outlook.runway.lessThanDay', params) : compare(r.days, 1) === 0 ? t('outlook.runway.day', params) : t('outlook.runway.days', params);
  return html`<p class="runway ${r.low ? 'low' : ''}" part="runway">${text}</p>
    ${r.low && periodEnd
      ? html`<p class="runway low" role="note"><span class="runway-flag" aria-hidden="true">!</span>${t('outlook.runway.low', {
          date: formatDate(periodEnd, env.locale, env.timeZone),
        })}</p>`
      : nothing}`;
}

/**
 * "Add credits" under a wallet's balance and runway (`top-up` listed and allowed), and the pending
 * line while a payment of this wallet is on its way (the balance itself changes only from the server).
 */
export function renderAddCredits(actions: PortalActions | null, wallet: Wallet, t: Translate, section: ErrorSection, refresh: () => void): TemplateResult | typeof nothing {
  if (!actions?.can('top-up') || wallet.status !== 'active' || wallet.currencyOnly) return nothing;
  const target = { type: 'wallet', id: wallet.id } as const;
  const open = (event: Event) => actions.open({ action: 'top-up', target, section, wallet, refresh }, event.currentTarget as HTMLElement);
  return html`${actions.pending(target) ? html`<p class="runway" role="status">${t('outlook.topUpPending')}</p>` : nothing}
    <p class="runway-action"><button class="btn primary" part="action-button" type="button" @click=${open}>${t('outlook.addCredits')}</button></p>`;
}
