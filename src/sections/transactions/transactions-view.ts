/**
 * The history card's pieces: the CSV export's controls and status, and the
 * transactions table (rows stack as cards when narrow). Pure templates.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Page, Wallet, WalletTransaction } from '../../api/model.js';
import type { PortalEnv } from '../../context.js';
import { formatDate } from '../../format/date.js';
import { formatNumber, formatSignedMoney } from '../../format/money.js';
import { errorMessage, renderEmpty } from '../../ui/states.js';
import { renderStatusBadge } from '../../ui/status-badge/status-badge.js';
import { formatCredits, signedValue } from '../credits-format.js';
import { walletName } from '../credits-wallets.js';
import { kindKey, statusKey } from './transactions-csv.js';
import { renderTableHead } from '../../ui/table-head.js';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number | null }
  | { phase: 'done'; count: number }
  | { phase: 'cancelled' }
  | { phase: 'error'; error: unknown };

export interface ExportActions {
  start: () => void;
  cancel: () => void;
}

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

export function renderExport(env: PortalEnv, wallet: Wallet, total: number | undefined, s: ExportState, actions: ExportActions): TemplateResult {
  const { t, locale } = env;
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
      ? html`<button class="btn" type="button" part="export-cancel" @click=${actions.cancel}>${t('credits.export.cancel')}</button>`
      : html`<button
          class="btn"
          type="button"
          part="export-button"
          aria-label=${t('credits.export.label', { wallet: walletName(wallet, t) })}
          ?disabled=${!env.backend || !total}
          @click=${actions.start}
        >
          ${t('credits.export.button')}
        </button>`}
  </div>`;
}

export function renderRows(env: PortalEnv, items: WalletTransaction[]): TemplateResult[] {
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

export function renderTable(env: PortalEnv, wallet: Wallet, data: Page<WalletTransaction>, busy: boolean): TemplateResult {
  const { t } = env;
  if (data.items.length === 0 && data.total === 0) {
    return renderEmpty(t('credits.history.empty'), t('credits.history.emptyHint'));
  }
  return html`<div class="table-wrap" aria-busy=${busy ? 'true' : 'false'}>
    <table part="table">
      <caption class="visually-hidden">${t('credits.history.caption', { wallet: walletName(wallet, t) })}</caption>
      ${renderTableHead([{ label: t('credits.history.col.type') }, { label: t('credits.history.col.date') }, { label: t('credits.history.col.expiry') }, { label: t('credits.history.col.priority'), num: true }, { label: t('credits.history.col.amount'), num: true }])}
      <tbody>
        ${renderRows(env, data.items)}
      </tbody>
    </table>
  </div>`;
}
