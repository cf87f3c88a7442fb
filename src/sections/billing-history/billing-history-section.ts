import { html, nothing, type TemplateResult } from 'lit';
import type { BillingHistory } from '../../api/model.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { registerEnglish } from '../../i18n/index.js';
import { overview } from '../../i18n/en/overview.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { cardStyles } from '../card.styles.js';
import { billingHistoryFirst } from '../first-paint.js';
import { backendTask } from '../backend-task.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { renderTableHead } from '../../ui/table-head.js';

registerEnglish(overview);

/** Months shown (the newest). */
const HISTORY_MONTHS = 12;

/**
 * @summary Invoiced totals per month and the overdue balance: the usage trend's place where the backend has no usage over time (Lago).
 * @tag cp-billing-history-section
 *
 * @csspart card - The card.
 * @csspart table - The months' table.
 * @csspart state - Loading, empty and error states.
 */
export class BillingHistorySection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, cardStyles];

  private readonly historyTask = backendTask(this, () => this.backend, billingHistoryFirst);

  private readonly section = new SectionController(this, 'overview', () => [this.historyTask]);

  override render(): TemplateResult {
    const t = this.t;
    return html`<section class="card wide" part="card history-card" aria-labelledby="history-title" aria-busy=${busy(this.historyTask)}>
      <h2 id="history-title">${t('overview.history.title')}</h2>
      ${this.section.render(this.historyTask, (history) => (history ? this.renderHistory(history) : renderEmpty(t('overview.history.empty'))), { lines: 5 })}
    </section>`;
  }

  private renderHistory(history: BillingHistory): TemplateResult {
    const t = this.t;
    const locale = this.env?.locale ?? 'en';
    const months = history.months.slice(-HISTORY_MONTHS).reverse();
    const money = (amount: string) => formatMoney(amount, history.currency, locale);
    const monthName = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
    const overdue =
      history.overdueInvoiceCount > 0 || !/^0(\.0*)?$/.test(history.overdue)
        ? html`<p class="overdue" part="overdue">
            <strong>${t('overview.history.overdue', { amount: money(history.overdue) })}</strong>
            ${history.overdueInvoiceCount > 0
              ? html`<span class="muted">${t('overview.history.overdueCount', { count: formatNumber(history.overdueInvoiceCount, locale) })}</span>`
              : nothing}
          </p>`
        : nothing;
    if (months.every((m) => m.invoiceCount === 0)) return html`${overdue}${renderEmpty(t('overview.history.empty'))}`;
    return html`${overdue}
      <table part="table history-table">
        <caption class="visually-hidden">${t('overview.history.title')}</caption>
        ${renderTableHead([{ label: t('overview.history.month') }, { label: t('overview.history.amount'), num: true }, { label: t('overview.history.count'), num: true }])}
        <tbody>
          ${months.map(
            (m) => html`<tr>
              <th scope="row" class="month">${monthName.format(m.month)}</th>
              <td class="num">${money(m.amount)}</td>
              <td class="num">${formatNumber(m.invoiceCount, locale)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-billing-history-section': BillingHistorySection;
  }
}
