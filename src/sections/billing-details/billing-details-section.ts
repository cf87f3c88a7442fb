import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { BillingDetails, BillingField } from '../../api/actions.js';
import { actionsContext, type PortalActions } from '../../context.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { actionLabel } from '../../ui/action-labels.js';
import { stateStyles } from '../../ui/states.js';
import { cardStyles } from '../card.styles.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { billingDetailsStyles } from './billing-details-section.styles.js';

/** The order the details are shown in. */
const FIELDS: readonly BillingField[] = ['name', 'email', 'addressLine1', 'addressLine2', 'city', 'postalCode', 'state', 'country', 'taxId'];

/**
 * @summary The customer's billing details (opt-in `billing-details` action) and "Edit billing details", a form in the action dialog.
 * @tag cp-billing-details-section
 *
 * Shown only when the host lists `billing-details` and the backend allows it (hidden otherwise: a
 * read-only page shows nothing and requests nothing). The values are rendered as text, never markup;
 * after a write the section shows the details as the server answered them.
 *
 * @csspart card - The card.
 * @csspart billing-details-card - The card (in addition to `card`).
 * @csspart action-button - "Edit billing details".
 */
export class BillingDetailsSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, cardStyles, billingDetailsStyles];

  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions: PortalActions | null = null;

  /** The details as the server answered the last write (over the read). */
  @state() private answered: BillingDetails | null = null;

  private get allowed(): boolean {
    return this.actions?.can('billing-details') === true && this.actions.writes.billingDetails !== undefined;
  }

  private readonly detailsTask = new Task(this, {
    args: () => [this.allowed ? this.actions : null] as const,
    // Not allowed: settled with nothing (the panel counts every section; a hidden one requests nothing).
    task: async ([actions], { signal }): Promise<BillingDetails | null> => (actions ? actions.writes.billingDetails!(signal) : null),
  });

  /** Readiness and failures (`portal-error` for the overview, the retry in the card). */
  private readonly section = new SectionController(this, 'overview', () => [this.detailsTask]);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.hidden = !this.allowed;
  }

  private open(event: Event, details: BillingDetails): void {
    this.actions?.open(
      {
        action: 'billing-details',
        target: { type: 'customer', id: this.env?.customer?.id ?? '' },
        section: 'overview',
        billing: details,
        answeredDetails: (stored) => (this.answered = stored),
        refresh: () => {
          this.answered = null;
          void this.detailsTask.run();
        },
      },
      event.currentTarget as HTMLElement,
    );
  }

  private renderDetails(read: BillingDetails | null): TemplateResult | typeof nothing {
    const details = this.answered ?? read;
    if (!details) return nothing;
    const shown = FIELDS.filter((f) => details.values[f] || details.editable.includes(f));
    return html`<dl>
        ${shown.map((f) => html`<dt>${actionLabel(`billing.${f}`)}</dt><dd class=${details.values[f] ? '' : 'muted'}>${details.values[f] || actionLabel('billing.empty')}</dd>`)}
      </dl>
      ${details.editable.length
        ? html`<button class="btn" part="action-button" type="button" aria-haspopup="dialog" @click=${(e: Event) => this.open(e, details)}>${actionLabel('edit.label')}</button>`
        : nothing}`;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.allowed) return nothing;
    return html`<section class="card" part="card billing-details-card" aria-labelledby="bd-title">
      <h2 id="bd-title">${actionLabel('billing.title')}</h2>
      ${this.section.render(this.detailsTask, (details) => this.renderDetails(details))}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-billing-details-section': BillingDetailsSection;
  }
}
