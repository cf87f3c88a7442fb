import { html, nothing, type TemplateResult } from 'lit';
import type { UsageSummary } from '../../api/model.js';
import { sum } from '../../format/decimal.js';
import { formatDateRange } from '../../format/date.js';
import { formatMoney, formatNumber, formatQuantity } from '../../format/money.js';
import { registerEnglish } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { applyFeatureFilter } from '../../usage/rows.js';
import { backendTask } from '../backend-task.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { usageCardStyles } from '../usage-card.styles.js';
import { usageSummaryFirst } from '../first-paint.js';

registerEnglish(usage);

/**
 * @summary The Usage tab where the backend has no usage over time (Lago): the current billing period per metric (usage, events, cost), no chart, no ranges.
 * @tag cp-period-usage-section
 *
 * The layout shows it in the chart's place where the backend has no series.
 * Where features have limits or credits (the limits section shows them), it is
 * one line saying usage over time is not available. Its request is the limits
 * section's (one per backend).
 *
 * @csspart card - The card.
 * @csspart breakdown-card - The card (in addition to `card`).
 * @csspart table - The table (also `breakdown-table`).
 * @csspart state - Loading, empty and error states.
 */
export class PeriodUsageSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, usageCardStyles];

  private readonly summaryTask = backendTask(this, () => this.backend, (backend) => usageSummaryFirst(backend));

  protected readonly section = new SectionController(this, 'usage', () => [this.summaryTask]);

  override render(): TemplateResult {
    const { t, env } = this;
    const summary = this.summaryTask.value;
    // Limits or credits to show against: the limits section shows this period; here, one line.
    if (summary?.features.some((f) => f.limit !== null || f.credited !== undefined)) {
      return html`<p class="muted unavailable">${t('usage.series.unavailable')}</p>`;
    }
    return html`<section class="card" part="card breakdown-card" aria-labelledby="period-title" aria-busy=${busy(this.summaryTask)}>
      <div class="card-head">
        <h2 id="period-title">${t('usage.period.title')}</h2>
        ${summary?.periodStart && summary.periodEnd && env
          ? html`<p class="as-of muted">${t('usage.quota.period', { range: formatDateRange(summary.periodStart, summary.periodEnd, env.locale, env.timeZone) })}</p>`
          : nothing}
      </div>
      <p class="muted" part="unavailable">${t('usage.period.note')}</p>
      ${this.section.render(this.summaryTask, (value) => this.renderTable(value), { lines: 4 })}
    </section>`;
  }

  private renderTable(summary: UsageSummary): TemplateResult {
    const { t, env } = this;
    if (!env) return this.section.loading(4);
    const features = applyFeatureFilter(summary.features, env.config.featureFilter);
    if (features.length === 0) return renderEmpty(t('usage.quota.empty'));
    const hasEvents = features.some((f) => f.eventCount !== undefined);
    const currencies = [...new Set(features.filter((f) => f.cost !== undefined).map((f) => f.currency ?? ''))];
    const hasCost = currencies.length > 0;
    const range = summary.periodStart && summary.periodEnd ? formatDateRange(summary.periodStart, summary.periodEnd, env.locale, env.timeZone) : '';
    return html`<table part="table breakdown-table">
      <caption class="visually-hidden">${t('usage.breakdown.caption', { range })}</caption>
      <thead>
        <tr>
          <th scope="col">${t('usage.breakdown.feature')}</th>
          <th scope="col" class="num">${t('usage.breakdown.usage')}</th>
          ${hasEvents ? html`<th scope="col" class="num">${t('usage.breakdown.events')}</th>` : nothing}
          ${hasCost ? html`<th scope="col" class="num">${t('usage.breakdown.cost')}</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${features.map(
          (f) => html`<tr>
            <th scope="row">${f.name}</th>
            <td class="num">${formatQuantity(f.usage, f.unitSingular, f.unitPlural, env.locale)}</td>
            ${hasEvents ? html`<td class="num">${f.eventCount === undefined ? t('common.none') : formatNumber(f.eventCount, env.locale)}</td>` : nothing}
            ${hasCost ? html`<td class="num">${f.cost === undefined ? t('common.none') : formatMoney(f.cost, f.currency ?? '', env.locale)}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
      ${hasCost && currencies.length === 1
        ? html`<tfoot>
            <tr>
              <th scope="row">${t('usage.breakdown.total')}</th>
              <td></td>
              ${hasEvents ? html`<td></td>` : nothing}
              <td class="num">${formatMoney(sum(features.map((f) => f.cost ?? '0')), currencies[0]!, env.locale)}</td>
            </tr>
          </tfoot>`
        : nothing}
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-period-usage-section': PeriodUsageSection;
  }
}
