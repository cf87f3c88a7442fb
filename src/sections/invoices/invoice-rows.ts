/**
 * How the Invoices section shows an invoice, shared by the list and the detail
 * dialog: the date, the status badge, the number that opens the detail, the
 * PDF button (with its busy and failed states), the table and the stacked cards.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Invoice } from '../../api/model.js';
import type { PortalActions } from '../../context.js';
import { compare } from '../../format/decimal.js';
import { formatDate } from '../../format/date.js';
import { formatMoney } from '../../format/money.js';
import type { Translate } from '../../i18n/index.js';
import { renderStatusBadge } from '../../ui/status-badge/status-badge.js';
import { statusLook } from './invoice-list.js';
import type { DownloadState } from './pdf-downloads.js';
import { renderTableHead } from '../../ui/table-head.js';
import { actionLabel } from '../../ui/action-labels.js';

export interface RowContext {
  readonly t: Translate;
  readonly locale: string;
  readonly timeZone: string;
  readonly downloads: ReadonlyMap<string, DownloadState>;
  readonly onDownload: (invoice: Invoice) => void;
  /** Opens the invoice's detail (from its number). */
  readonly onOpen?: (invoice: Invoice, event: Event) => void;
  /** "Pay" (the host listed `pay-invoice` and the backend allows it); absent: no button. */
  readonly onPay?: ((invoice: Invoice, event: Event) => void) | undefined;
  /** A payment of this invoice is started and not yet confirmed (no second "Pay" meanwhile). */
  readonly payPending?: ((invoice: Invoice) => boolean) | undefined;
  /** "Generate PDF" where no document exists yet (the host listed `invoice-documents` and the backend allows it). */
  readonly onGenerate?: ((invoice: Invoice, event: Event) => void) | undefined;
}

export type PayContext = Pick<RowContext, 'onPay' | 'payPending' | 'onGenerate'>;

/** "Pay" of the opt-in `pay-invoice` action, where it is allowed (else none). */
export function payHandler(actions: PortalActions | null, refresh: () => void): PayContext {
  const target = (invoice: Invoice) => ({ type: 'invoice', id: invoice.id }) as const;
  const generate: PayContext = actions?.can('invoice-documents')
    ? { onGenerate: (invoice, event) => actions.open({ action: 'invoice-documents', target: target(invoice), section: 'invoices', invoice, refresh }, event.currentTarget as HTMLElement) }
    : {};
  if (!actions?.can('pay-invoice')) return generate;
  return {
    ...generate,
    onPay: (invoice, event) => actions.open({ action: 'pay-invoice', target: target(invoice), section: 'invoices', invoice, refresh }, event.currentTarget as HTMLElement),
    payPending: (invoice) => actions.pending(target(invoice)),
  };
}

/** Only an unpaid, finalized invoice with an amount left is offered "Pay" (the server checks again). */
export const payable = (invoice: Invoice): boolean => (invoice.status === 'pending' || invoice.status === 'overdue') && compare(invoice.amountRemaining, 0) > 0;

export function renderPay(ctx: RowContext, invoice: Invoice): TemplateResult | typeof nothing {
  if (!ctx.onPay || !payable(invoice) || ctx.payPending?.(invoice)) return nothing;
  const label = ctx.t('invoices.pay.label', { number: invoice.number ?? invoiceDate(ctx, invoice.date) });
  return html`<button class="btn primary" part="action-button" type="button" aria-haspopup="dialog" aria-label=${label} @click=${(e: Event) => ctx.onPay?.(invoice, e)}>
    ${ctx.t('invoices.pay')}
  </button>`;
}

export const invoiceDate = (ctx: RowContext, date: Date | null): string => formatDate(date, ctx.locale, ctx.timeZone);

export function renderBadge(ctx: RowContext, invoice: Invoice): TemplateResult {
  const look = statusLook(invoice.status);
  return renderStatusBadge(look.tone, ctx.t(look.key), look.glyph);
}

function openLabel(ctx: RowContext, invoice: Invoice): string {
  return invoice.number
    ? ctx.t('invoices.open.label', { number: invoice.number })
    : ctx.t('invoices.open.labelDated', { date: invoiceDate(ctx, invoice.date) });
}

function renderNumberButton(ctx: RowContext, invoice: Invoice): TemplateResult {
  return html`<button
    class="link"
    type="button"
    data-open=${invoice.id}
    aria-haspopup="dialog"
    aria-label=${openLabel(ctx, invoice)}
    @click=${(e: Event) => ctx.onOpen?.(invoice, e)}
  >
    ${invoice.number ?? ctx.t('common.none')}
  </button>`;
}

/** `text` replaces the button's "PDF" (and its per-row label) where the invoice is already named, as in the dialog. */
export function renderDownload(ctx: RowContext, invoice: Invoice, text?: string): TemplateResult {
  const t = ctx.t;
  // The backend knows there is no PDF: say so, no dead button.
  // A draft or a voided invoice has no document to generate (the backend refuses it).
  if (invoice.hasDocument === false && ctx.onGenerate && invoice.status !== 'draft' && invoice.status !== 'voided') {
    const label = actionLabel('generatePdf.label', { number: invoice.number ?? invoiceDate(ctx, invoice.date) });
    return html`<div class="download">
      <button class="btn" part="action-button" type="button" aria-haspopup="dialog" aria-label=${label} @click=${(e: Event) => ctx.onGenerate?.(invoice, e)}>
        ${actionLabel('generatePdf')}
      </button>
    </div>`;
  }
  if (invoice.hasDocument === false) return html`<div class="download"><span class="muted">${t('invoices.download.none')}</span></div>`;
  const state = ctx.downloads.get(invoice.id);
  const busy = state?.kind === 'busy';
  const label = invoice.number
    ? t('invoices.download.label', { number: invoice.number })
    : t('invoices.download.labelDated', { date: invoiceDate(ctx, invoice.date) });
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
        @click=${() => ctx.onDownload(invoice)}
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
      @click=${() => ctx.onDownload(invoice)}
    >
      <span aria-hidden="true">↓</span> ${busy ? t('invoices.download.busy') : (text ?? t('invoices.download'))}
    </button>
  </div>`;
}

export function renderTable(ctx: RowContext, rows: readonly Invoice[]): TemplateResult {
  const t = ctx.t;
  return html`<div class="table-wrap">
    <table part="table">
      <caption class="visually-hidden">
        ${t('invoices.table.caption')}
      </caption>
      ${renderTableHead([{ label: t('invoices.col.date') }, { label: t('invoices.col.number') }, { label: t('invoices.col.status') }, { label: t('invoices.col.amount'), num: true }, { label: t('invoices.col.download') }])}
      <tbody>
        ${repeat(
          rows,
          (inv) => inv.id,
          (inv) => html`<tr>
            <td>${invoiceDate(ctx, inv.date)}</td>
            <td>${renderNumberButton(ctx, inv)}</td>
            <td>${renderBadge(ctx, inv)}</td>
            <td class="num">${formatMoney(inv.total, inv.currency, ctx.locale)}</td>
            <td>${renderPay(ctx, inv)}${renderDownload(ctx, inv)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function renderCards(ctx: RowContext, rows: readonly Invoice[]): TemplateResult {
  return html`<ul class="cards" role="list" aria-label=${ctx.t('invoices.table.caption')}>
    ${repeat(
      rows,
      (inv) => inv.id,
      (inv) => html`<li part="card">
        <div class="line">${renderNumberButton(ctx, inv)} ${renderBadge(ctx, inv)}</div>
        <div class="line">
          <span>${invoiceDate(ctx, inv.date)}</span>
          <span class="amount">${formatMoney(inv.total, inv.currency, ctx.locale)}</span>
        </div>
        ${renderPay(ctx, inv)}${renderDownload(ctx, inv)}
      </li>`,
    )}
  </ul>`;
}
