import { html, nothing, type TemplateResult } from 'lit';
import { consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import type { SubscriptionCancelState } from '../../api/actions.js';
import { actionsContext, type PortalActions } from '../../context.js';
import { actionLabel } from '../../ui/action-labels.js';
import type { Subscription, SubscriptionStatus } from '../../api/model.js';
import { formatDate, formatDateRange } from '../../format/date.js';
import { formatMoney, formatNumber } from '../../format/money.js';
import { isZero } from '../../format/decimal.js';
import { registerEnglish, type MessageKey, type Translate } from '../../i18n/index.js';
import { overview } from '../../i18n/en/overview.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, stateStyles } from '../../ui/states.js';
import { renderStatusBadge, type BadgeTone } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { cardStyles } from '../card.styles.js';
import { subscriptionsFirst } from '../first-paint.js';
import { backendTask } from '../backend-task.js';
import { busy, SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';

registerEnglish(overview);

const SUB_TONE: Record<SubscriptionStatus, BadgeTone> = {
  active: 'success',
  trialing: 'info',
  paused: 'warning',
  cancelled: 'neutral',
  incomplete: 'danger',
  draft: 'neutral',
  unknown: 'neutral',
};

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

/**
 * @summary The customer's subscriptions: plan, status, period, next billing or end, trial, price and metered usage.
 * @tag cp-subscriptions-section
 *
 * @csspart card - The card.
 * @csspart subscriptions-card - The card (in addition to `card`).
 * @csspart state - Loading, empty and error states.
 * @csspart status-badge - Each subscription's status.
 * @csspart action-button - "Cancel" / "Resume" (the opt-in `cancel-subscription` action).
 */
export class SubscriptionsSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, statusBadgeStyles, cardStyles];

  /** The opt-in actions (null: read-only). */
  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions: PortalActions | null = null;

  private readonly subsTask = backendTask(this, () => this.backend, subscriptionsFirst);

  /** The server's answers to cancel / resume, by subscription: shown over the listed state. */
  @state() private answers = new Map<string, SubscriptionCancelState>();

  /** A subscription with the server's latest answer about its cancellation, if any. */
  private withAnswer(s: Subscription): Subscription {
    const answer = this.answers.get(s.id);
    return answer ? { ...s, cancelAtPeriodEnd: answer.cancelAtPeriodEnd, cancelAt: answer.endsAt, currentPeriodEnd: answer.currentPeriodEnd ?? s.currentPeriodEnd } : s;
  }

  /**
   * "Cancel" on a subscription that renews, "Resume" on one set to end at period end; the dialog says
   * when it takes effect, and the list is re-read from the server after the answer.
   */
  private renderCancel(s: Subscription): TemplateResult | typeof nothing {
    const actions = this.actions;
    if (!actions?.can('cancel-subscription') || !['active', 'trialing'].includes(s.status)) return nothing;
    const resume = s.cancelAtPeriodEnd;
    const plan = s.planName || this.t('common.none');
    const open = (event: Event) =>
      actions.open(
        {
          action: 'cancel-subscription',
          target: { type: 'subscription', id: s.id },
          section: 'overview',
          subscription: s,
          resume,
          refresh: () => void this.subsTask.run(),
          answered: (answer) => (this.answers = new Map(this.answers).set(s.id, answer)),
        },
        event.currentTarget as HTMLElement,
      );
    return html`<p class="sub-action">
      <button class="btn" part="action-button" type="button" aria-haspopup="dialog" aria-label=${actionLabel(resume ? 'resume.label' : 'cancel.label', { plan })} @click=${open}>
        ${actionLabel(resume ? 'resume' : 'cancel')}
      </button>
    </p>`;
  }

  private readonly section = new SectionController(this, 'overview', () => [this.subsTask]);

  override render(): TemplateResult {
    const t = this.t;
    return html`<section class="card" part="card subscriptions-card" aria-labelledby="subs-title" aria-busy=${busy(this.subsTask)}>
      <h2 id="subs-title">${t('overview.subs.title')}</h2>
      ${this.section.render(this.subsTask, (page) => {
        if (page.items.length === 0) return renderEmpty(t('overview.subs.empty'));
        const more = page.total - page.items.length;
        return html`<ul class="subs">
            ${page.items.map((s) => this.renderSubscription(this.withAnswer(s)))}
          </ul>
          ${more > 0 ? html`<p class="meta muted">${t('overview.subs.more', { count: formatNumber(more, this.env?.locale ?? 'en') })}</p>` : nothing}`;
      })}
    </section>`;
  }

  private renderSubscription(s: Subscription): TemplateResult {
    const t = this.t;
    const locale = this.env?.locale ?? 'en';
    const zone = this.env?.timeZone ?? 'UTC';
    const ending = s.status === 'cancelled' || s.cancelAtPeriodEnd;
    const endDate = s.cancelAt ?? s.currentPeriodEnd;
    const now = this.env?.now() ?? new Date();
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
            ? html`<dt>${t(endDate.getTime() <= now.getTime() ? 'overview.subs.ended' : 'overview.subs.ends')}</dt>
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
      ${this.renderCancel(s)}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-subscriptions-section': SubscriptionsSection;
  }
}
