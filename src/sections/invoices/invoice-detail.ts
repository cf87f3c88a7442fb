import { html, nothing, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { Invoice, InvoiceDetail } from '../../api/model.js';
import { ApiError } from '../../api/errors.js';
import { SectionErrorEvent, type UsageFocus } from '../../events.js';
import { abs, isDecimal, isZero, negate } from '../../format/decimal.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { formatDateRange } from '../../format/date.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { SectionElement } from '../section-element.js';
import { usageFocusFor } from './invoice-list.js';
import { invoiceDate, renderBadge, renderDownload, renderPay, type PayContext, type RowContext } from './invoice-rows.js';
import { invoicesStyles } from './invoices.styles.js';
import type { DownloadState } from './pdf-downloads.js';
import { renderTableHead } from '../../ui/table-head.js';

const noBackend = Symbol('no-backend');

/** The dialog's parts, re-exposed by the section (which the panel re-exposes in turn). */
export const DETAIL_PARTS = 'dialog, table, detail-table, status-badge, state, state-loading, state-error, retry-button';

/**
 * @summary The invoice detail dialog of the Invoices section: facts, line items (with "View usage" where usage is shown), totals and the PDF.
 * @tag cp-invoice-detail
 *
 * A modal `<dialog>` open while `invoiceId` is set. The section owns what it
 * shares with the list (the PDF downloads, the focus to return to): the dialog
 * asks it through `onDownload`, `onClose` and `onViewUsage`.
 *
 * @csspart dialog - The dialog.
 * @csspart table - The line items (also `detail-table`).
 * @csspart state - Its loading and error states.
 * @csspart status-badge - The invoice's status.
 */
export class InvoiceDetailDialog extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, invoicesStyles];

  /** The invoice shown (null: closed). */
  @property({ attribute: false }) invoiceId: string | null = null;
  /** What the list knows of it (its title while the detail loads). */
  @property({ attribute: false }) known: Invoice | null = null;
  @property({ attribute: false }) downloads: ReadonlyMap<string, DownloadState> = new Map();
  @property({ attribute: false }) onDownload: (invoice: Invoice) => void = () => {};
  /** "Pay" where the opt-in `pay-invoice` action is allowed (see `payHandler`). */
  @property({ attribute: false }) pay: PayContext = {};
  /** The dialog closed (Escape, the close button, the backdrop). */
  @property({ attribute: false }) onClose: () => void = () => {};
  /** A line item's "View usage" (the dialog closes). */
  @property({ attribute: false }) onViewUsage: (focus: UsageFocus) => void = () => {};

  @query('dialog') private dialog?: HTMLDialogElement;
  private lastDetail: InvoiceDetail | null = null;

  private readonly detailTask = new Task(this, {
    args: () => [this.backend ?? noBackend, this.invoiceId] as const,
    task: async ([backend, id], { signal }) => {
      if (backend === noBackend || id === null) return initialState;
      try {
        const detail = await backend.invoice(id, signal);
        this.lastDetail = detail;
        return detail;
      } catch (error) {
        if (!signal.aborted && error instanceof ApiError && error.unauthorized) {
          this.dispatchEvent(new SectionErrorEvent('invoices', error));
        }
        throw error;
      }
    },
  });

  /** Reads the open invoice again (after an action changed it). */
  refresh(): void {
    if (this.invoiceId !== null) void this.detailTask.run();
  }

  protected override updated(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    if (this.invoiceId !== null && !dialog.open && dialog.isConnected) dialog.showModal();
    else if (this.invoiceId === null && dialog.open) dialog.close();
  }

  private get rows(): RowContext {
    return {
      t: this.t,
      locale: this.env?.locale ?? 'en',
      timeZone: this.env?.timeZone ?? 'UTC',
      downloads: this.downloads,
      onDownload: (invoice) => this.onDownload(invoice),
      onPay: this.pay.onPay,
      payPending: this.pay.payPending,
      onGenerate: this.pay.onGenerate,
    };
  }

  private handleViewUsage(focus: UsageFocus) {
    this.dialog?.close();
    this.onViewUsage(focus);
  }

  private handleClose() {
    if (this.invoiceId !== null) this.onClose();
  }

  private handleDialogClick(event: MouseEvent) {
    // A click on the backdrop (outside the dialog's box) closes it.
    const dialog = this.dialog;
    if (!dialog || event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) dialog.close();
  }

  private renderItems(detail: InvoiceDetail, ctx: RowContext): TemplateResult {
    const { t, locale, timeZone } = ctx;
    // Links to the Usage tab only where the tenant shows it and the backend has usage over time (the link opens the chart at the item's period).
    const usageShown = this.env?.config.sections.usage !== false && !!this.backend?.capabilities.usageSeries;
    return html`<div class="table-wrap">
      <table part="table detail-table">
        ${renderTableHead([{ label: t('invoices.detail.item') }, { label: t('invoices.detail.itemPeriod') }, { label: t('invoices.detail.quantity'), num: true }, { label: t('invoices.detail.amount'), num: true }])}
        <tbody>
          ${detail.lineItems.map((item) => {
            const focus = usageShown ? usageFocusFor(detail, item) : null;
            const period = focus ? formatDateRange(focus.start, focus.end, locale, timeZone) : '';
            return html`<tr>
              <td>
                ${item.name}
                ${focus
                  ? html`<button
                      type="button"
                      class="link view-usage"
                      aria-label=${t('invoices.detail.viewUsageOf', { item: item.name, period })}
                      @click=${() => this.handleViewUsage(focus)}
                    >
                      ${t('invoices.detail.viewUsage')}
                    </button>`
                  : nothing}
              </td>
              <td>
                ${item.periodStart || item.periodEnd ? formatDateRange(item.periodStart, item.periodEnd, locale, timeZone) : t('common.none')}
              </td>
              <td class="num">${formatNumber(item.quantity, locale, { maximumFractionDigits: 6 })}</td>
              <td class="num">${formatMoney(item.amount, item.currency || detail.currency, locale)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderBody(id: string): TemplateResult {
    const ctx = this.rows;
    const { t, locale, timeZone } = ctx;
    const task = this.detailTask;
    const detail: InvoiceDetail | null =
      task.status === TaskStatus.COMPLETE && task.value?.id === id
        ? task.value
        : this.lastDetail?.id === id && task.status !== TaskStatus.ERROR
          ? this.lastDetail
          : null;
    if (!detail) {
      if (task.status === TaskStatus.ERROR) {
        return html`<div class="dialog-body">
          ${renderError(task.error, t, () => void task.run(), t('invoices.detail.error'))}
        </div>`;
      }
      return html`<div class="dialog-body">${renderLoading(t, t('invoices.detail.loading'), 6)}</div>`;
    }
    const money = (value: string) => formatMoney(value, detail.currency, locale);
    const minus = (value: string) => (isDecimal(value) && !isZero(value) ? money(negate(abs(value))) : money('0'));
    const hasPeriod = detail.periodStart !== null || detail.periodEnd !== null;
    // One line of the totals: its label and amount (`strong`: the total and what is left to pay).
    const total = (label: string, amount: string, strong?: 'strong') =>
      html`<dt class=${strong ?? nothing}>${label}</dt>
        <dd class=${strong ?? nothing}>${amount}</dd>`;
    return html`<div class="dialog-body">
        <dl class="facts">
          <div>
            <dt>${t('invoices.detail.status')}</dt>
            <dd>${renderBadge(ctx, detail)}</dd>
          </div>
          <div>
            <dt>${t('invoices.detail.issued')}</dt>
            <dd>${invoiceDate(ctx, detail.date)}</dd>
          </div>
          ${this.backend?.capabilities.invoiceDueDates === false
            ? nothing
            : html`<div>
                <dt>${t('invoices.detail.due')}</dt>
                <dd>${invoiceDate(ctx, detail.dueDate)}</dd>
              </div>`}
          ${hasPeriod
            ? html`<div>
                <dt>${t('invoices.detail.period')}</dt>
                <dd>${formatDateRange(detail.periodStart, detail.periodEnd, locale, timeZone)}</dd>
              </div>`
            : nothing}
        </dl>
        <section aria-labelledby="detail-items">
          <h3 id="detail-items">${t('invoices.detail.items')}</h3>
          ${detail.lineItems.length === 0 ? html`<p class="muted">${t('invoices.detail.noItems')}</p>` : this.renderItems(detail, ctx)}
        </section>
        <section aria-labelledby="detail-summary">
          <h3 id="detail-summary" class="visually-hidden">${t('invoices.detail.summary')}</h3>
          <dl class="totals">
            ${total(t('invoices.detail.subtotal'), money(detail.subtotal))}
            ${total(t('invoices.detail.discounts'), minus(detail.totalDiscount))}
            ${total(t('invoices.detail.taxes'), money(detail.totalTax))}
            ${total(t('invoices.detail.credits'), minus(detail.prepaidCreditsApplied))}
            ${total(t('invoices.detail.total'), money(detail.total), 'strong')}
            ${isDecimal(detail.refundedAmount) && !isZero(detail.refundedAmount) ? total(t('invoices.detail.refunded'), money(detail.refundedAmount)) : nothing}
            ${total(t('invoices.detail.amountDue'), money(detail.amountDue))}
            ${total(t('invoices.detail.amountPaid'), money(detail.amountPaid))}
            ${total(t('invoices.detail.amountRemaining'), money(detail.amountRemaining), 'strong')}
          </dl>
        </section>
      </div>
      <div class="dialog-foot">${renderPay(ctx, detail)}${renderDownload(ctx, detail, t('invoices.detail.download'))}</div>`;
  }

  override render(): TemplateResult {
    const t = this.t;
    const id = this.invoiceId;
    const known: Invoice | null = id === null ? null : this.known?.id === id ? this.known : this.lastDetail?.id === id ? this.lastDetail : null;
    const title = known
      ? known.number
        ? t('invoices.detail.title', { number: known.number })
        : t('invoices.detail.titleDated', { date: invoiceDate(this.rows, known.date) })
      : t('invoices.title');
    // The backdrop click closes the dialog; keyboard users have Escape, native to <dialog>.
    // eslint-disable-next-line lit-a11y/click-events-have-key-events
    return html`<dialog part="dialog" aria-labelledby=${id === null ? nothing : 'detail-title'} @close=${this.handleClose} @click=${this.handleDialogClick}>
      ${id === null
        ? nothing
        : html`<div class="dialog-head">
              <h2 id="detail-title">${title}</h2>
              <button class="btn" type="button" aria-label=${t('common.close')} @click=${() => this.dialog?.close()}>
                <span aria-hidden="true">✕</span>
              </button>
            </div>
            ${this.renderBody(id)}`}
    </dialog>`;
  }
}
