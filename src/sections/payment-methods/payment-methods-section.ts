import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { SavedPaymentMethod } from '../../api/actions.js';
import { actionsContext, type PortalActions } from '../../context.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { actionLabel } from '../../ui/action-labels.js';
import { renderStatusBadge } from '../../ui/status-badge/status-badge.js';
import { statusBadgeStyles } from '../../ui/status-badge/status-badge.styles.js';
import { stateStyles } from '../../ui/states.js';
import { cardStyles } from '../card.styles.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';

/** "Visa ending in 4242". */
const cardName = (m: SavedPaymentMethod): string => {
  const brand = m.brand ?? m.type;
  return actionLabel('cards.name', { brand: `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`, last4: m.last4 ?? '····' });
};

/**
 * @summary The saved payment methods (opt-in `payment-methods` action): the default marked, "Remove" and "Make default" on each, and a link to add one in the hosted portal.
 * @tag cp-payment-methods-section
 *
 * Shown only when the host lists `payment-methods` and the backend allows it (hidden otherwise: a
 * read-only page shows nothing and requests nothing). Every change goes through the confirmation
 * dialog; the list is re-read from the server after each answer.
 *
 * @csspart card - The card.
 * @csspart payment-methods-card - The card (in addition to `card`).
 * @csspart action-button - "Remove" and "Make default".
 * @csspart add-card-link - The link to add a card in the hosted portal.
 * @csspart add-card-button - "Add a card" where the backend opens the provider's card page (Flexprice).
 */
export class PaymentMethodsSection extends SectionElement {
  static override styles = [
    hostStyles,
    componentStyles,
    stateStyles,
    statusBadgeStyles,
    cardStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0;
        border-block-end: 1px solid var(--_border);
      }
      .name {
        flex: 1 1 12rem;
      }
    `,
  ];

  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions: PortalActions | null = null;

  private get allowed(): boolean {
    return this.actions?.can('payment-methods') === true && this.actions.writes.paymentMethods !== undefined;
  }

  private readonly methodsTask = new Task(this, {
    args: () => [this.allowed ? this.actions : null] as const,
    // Not allowed: settled with nothing (the panel counts every section; a hidden one requests nothing).
    task: async ([actions], { signal }): Promise<SavedPaymentMethod[]> => (actions ? actions.writes.paymentMethods!(signal) : []),
  });

  /** Readiness and failures (`portal-error` for the overview, the retry in the card). */
  private readonly section = new SectionController(this, 'overview', () => [this.methodsTask]);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.hidden = !this.allowed;
  }

  /** After "Add a card": the card is stored only once the customer completes the provider's page (another tab). */
  private awaitingCard = false;

  /**
   * Coming back to this tab re-reads the list (no polling, no extra click): the provider's page is in
   * a new tab, so returning from it makes this page visible again.
   */
  private readonly onVisible = (): void => {
    if (this.awaitingCard && document.visibilityState === 'visible' && this.allowed) void this.methodsTask.run();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    super.disconnectedCallback();
  }

  private addCard(event: Event): void {
    this.actions?.open(
      {
        action: 'payment-methods',
        target: { type: 'customer', id: 'me' },
        section: 'overview',
        addCard: true,
        refresh: () => {
          this.awaitingCard = true;
          void this.methodsTask.run();
        },
      },
      event.currentTarget as HTMLElement,
    );
  }

  private open(event: Event, method: SavedPaymentMethod, makeDefault: boolean): void {
    this.actions?.open(
      {
        action: 'payment-methods',
        target: { type: 'payment-method', id: method.id },
        section: 'overview',
        paymentMethod: method,
        makeDefault,
        refresh: () => void this.methodsTask.run(),
      },
      event.currentTarget as HTMLElement,
    );
  }

  private renderMethod(m: SavedPaymentMethod): TemplateResult {
    const name = cardName(m);
    const expiry = m.expMonth && m.expYear ? ` · ${String(m.expMonth).padStart(2, '0')}/${m.expYear}` : '';
    return html`<li>
      <span class="name">${name}${expiry}</span>
      ${m.isDefault ? renderStatusBadge('info', actionLabel('cards.default')) : nothing}
      ${m.isDefault || m.canMakeDefault === false
        ? nothing
        : html`<button class="btn" part="action-button" type="button" aria-haspopup="dialog" aria-label=${actionLabel('makeDefault.label', { card: name })} @click=${(e: Event) => this.open(e, m, true)}>
            ${actionLabel('makeDefault')}
          </button>`}
      <button class="btn" part="action-button" type="button" aria-haspopup="dialog" aria-label=${actionLabel('remove.label', { card: name })} @click=${(e: Event) => this.open(e, m, false)}>
        ${actionLabel('remove')}
      </button>
    </li>`;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.allowed) return nothing;
    // Adding a card: a link to the hosted portal in a new tab (noopener), not Polar's card iframe, which
    // would need `frame-src` in the host's CSP: the strict CSP stays unchanged.
    // A backend that starts the provider's own card page (Flexprice) gets a button: the dialog confirms, then opens it.
    const portal = this.actions?.portalUrl ?? null;
    const canAdd = this.actions?.writes.addPaymentMethod !== undefined;
    return html`<section class="card" part="card payment-methods-card" aria-labelledby="pm-title">
      <h2 id="pm-title">${actionLabel('cards.title')}</h2>
      ${this.section.render(this.methodsTask, (methods) =>
        methods.length ? html`<ul>${methods.map((m) => this.renderMethod(m))}</ul>` : html`<p class="muted">${actionLabel('cards.empty')}</p>`,
      )}
      ${canAdd
        ? html`<p>
            <button class="btn" part="action-button add-card-button" type="button" aria-haspopup="dialog" @click=${(e: Event) => this.addCard(e)}>${actionLabel('addCardHere')}</button>
          </p>`
        : portal
        ? html`<p>
            <a part="add-card-link" href=${portal} target="_blank" rel="noopener noreferrer">${actionLabel('addCard')}</a>
          </p>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-payment-methods-section': PaymentMethodsSection;
  }
}
