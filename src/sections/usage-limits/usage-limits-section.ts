import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { PortalBackend } from '../../api/backend.js';
import type { FeatureQuota, UsageSummary } from '../../api/model.js';
import { compare, divide, isZero, toNumber } from '../../format/decimal.js';
import { formatDate, formatDateRange } from '../../format/date.js';
import { formatMoney, formatNumber, formatQuantity } from '../../format/money.js';
import { registerEnglish } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { applyFeatureFilter } from '../../usage/rows.js';
import { cardStyles } from '../card.styles.js';
import { usageSummaryFirst } from '../first-paint.js';
import { backendTask } from '../backend-task.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { usageLimitsStyles } from './usage-limits-section.styles.js';

registerEnglish(usage);

/**
 * Whether the summary is shown as usage against limits. Where the backend has no usage over time and
 * no feature has a limit or credits (Lago), the Usage tab shows the period's totals as a table
 * instead, and this card would only repeat them: the section is then hidden.
 */
export function showsLimits(backend: PortalBackend, summary: UsageSummary): boolean {
  return backend.capabilities.usageSeries !== null || summary.features.some((f) => f.limit !== null || f.credited !== undefined);
}

/**
 * @summary Current usage against limits: a bar per feature with its limit, flags (unlimited, soft, over), reset date, credits, balance and cost so far.
 * @tag cp-usage-limits-section
 *
 * @csspart card - The card.
 * @csspart quota-card - The card (in addition to `card`).
 * @csspart state - Loading, empty and error states.
 */
export class UsageLimitsSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, cardStyles, usageLimitsStyles];

  private readonly summaryTask = backendTask(this, () => this.backend, (backend) => usageSummaryFirst(backend));

  private readonly section = new SectionController(this, 'usage', () => [this.summaryTask]);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const summary = this.summaryTask.value;
    this.hidden = !!summary && !!this.backend && !showsLimits(this.backend, summary);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const fill of this.renderRoot.querySelectorAll<HTMLElement>('.fill[data-pct]')) {
      fill.style.setProperty('--_pct', `${fill.dataset.pct ?? '0'}%`);
    }
  }

  override render(): TemplateResult | typeof nothing {
    if (this.hidden) return nothing;
    const t = this.t;
    const env = this.env;
    const summary = this.summaryTask.value;
    return html`<section class="card" part="card quota-card" aria-labelledby="quota-title" aria-busy=${busy(this.summaryTask)}>
      <div class="card-head">
        <h2 id="quota-title">${t('usage.quota.title')}</h2>
        ${summary?.periodStart && summary.periodEnd && env
          ? html`<p class="as-of muted">
              ${t('usage.quota.period', { range: formatDateRange(summary.periodStart, summary.periodEnd, env.locale, env.timeZone) })}
            </p>`
          : nothing}
      </div>
      ${this.section.render(this.summaryTask, (value) => {
        const quotas = env ? applyFeatureFilter(value.features, env.config.featureFilter) : [];
        if (quotas.length === 0) return renderEmpty(t('usage.quota.empty'));
        return html`<ul class="quotas">
          ${quotas.map((q, i) => this.renderQuota(q, i))}
        </ul>`;
      })}
    </section>`;
  }

  private renderQuota(q: FeatureQuota, index: number): TemplateResult {
    const t = this.t;
    const locale = this.env?.locale ?? 'en';
    const zone = this.env?.timeZone ?? 'UTC';
    const used = formatQuantity(q.usage, q.unitSingular, q.unitPlural, locale);
    const limited = !q.unlimited && q.limit !== null;
    const pct = limited ? toNumber(divide(q.usage, q.limit!, 4) ?? '0') * 100 : 0;
    const over = limited && compare(q.usage, q.limit!) > 0;
    const near = limited && !over && pct >= 80;
    const limitText = limited ? formatQuantity(q.limit!, q.unitSingular, q.unitPlural, locale) : '';
    const nameId = `quota-${index}`;
    // Units credited this period; none credited means pay-as-you-go (no 'included', 'left' or 'over').
    const credited = q.credited !== undefined && !isZero(q.credited);
    return html`<li class="quota ${over ? 'over' : near ? 'near' : ''}">
      <div class="quota-head">
        <span class="quota-name" id=${nameId}>${q.name}</span>
        <span class="quota-value">${limited ? t('usage.quota.ofLimit', { usage: formatNumber(q.usage, locale), limit: limitText }) : used}</span>
      </div>
      ${limited
        ? html`<div
            class="bar"
            role="progressbar"
            aria-labelledby=${nameId}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${Math.round(Math.min(pct, 100))}
            aria-valuetext=${t('usage.quota.valueText', { usage: used, limit: limitText, percent: formatNumber(pct, locale, { maximumFractionDigits: 1 }) })}
          >
            <div class="fill" data-pct=${Math.min(Math.max(pct, 0), 100).toFixed(2)}></div>
          </div>`
        : nothing}
      <div class="quota-meta">
        ${q.unlimited || (q.limit === null && q.credited === undefined) ? html`<span class="flag">${t('usage.quota.unlimited')}</span>` : nothing}
        ${q.softLimit && limited ? html`<span class="flag">${t('usage.quota.soft')}</span>` : nothing}
        ${over ? html`<span class="flag over">${t('usage.quota.over')}</span>` : nothing}
        ${q.nextResetAt ? html`<span>${t('usage.quota.resets', { date: formatDate(q.nextResetAt, locale, zone) })}</span>` : nothing}
        ${credited ? html`<span>${t('usage.quota.credited', { credited: formatNumber(q.credited!, locale) })}</span>` : nothing}
        ${q.balance === undefined || !credited
          ? nothing
          : compare(q.balance, '0') < 0
            ? html`<span class="flag over">${t('usage.quota.over')}</span>`
            : html`<span>${t('usage.quota.balance', { balance: formatNumber(q.balance, locale) })}</span>`}
        ${q.cost !== undefined && q.currency
          ? html`<span>${t('usage.quota.cost', { cost: formatMoney(q.cost, q.currency, locale) })}</span>`
          : nothing}
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-limits-section': UsageLimitsSection;
  }
}
