/**
 * What the root element shares with its tabs, through @lit/context.
 * Tabs consume it with `@consume({ context: portalContext, subscribe: true })`.
 */
import { createContext } from '@lit/context';
import type { PortalEnv } from './env.js';
import type { ActionName, ActionTarget, BackendActions, BillingDetails, SavedPaymentMethod, SubscriptionCancelState } from './api/actions.js';
import type { Invoice, Subscription, Wallet } from './api/model.js';
import type { ErrorSection } from './events.js';

export type { PortalEnv } from './env.js';

export const portalContext = createContext<PortalEnv>(Symbol('customer-portal-env'));

/** What a section asks to run an action (see `actionsContext`). */
export interface ActionRequest {
  action: ActionName;
  target: ActionTarget;
  /** The section that reports the action's failures (`portal-error`). */
  section: ErrorSection;
  /** The wallet a top-up adds to (its currency and conversion rate quote the price). */
  wallet?: Wallet;
  /** The invoice to pay (amount due and currency), or to generate the document of. */
  invoice?: Invoice;
  /** The subscription to cancel at period end, or to resume (`resume`). */
  subscription?: Subscription;
  /** The saved card to remove, or to make the default (`makeDefault`). */
  paymentMethod?: SavedPaymentMethod;
  /** cancel-subscription: take a cancellation back instead of cancelling. */
  resume?: boolean;
  /** payment-methods: make the card the default instead of removing it. */
  makeDefault?: boolean;
  /** payment-methods: start adding a card on the provider's hosted page (no `paymentMethod`). */
  addCard?: boolean;

  /** billing-details: the details as shown when the form opened (its starting values). */
  billing?: BillingDetails;
  /** billing-details: the details as the server stored them (the section re-renders from this answer). */
  answeredDetails?: (details: BillingDetails) => void;

  /** Re-reads the section's data after the write (no optimistic state). */
  refresh: () => void;
  /**
   * cancel-subscription: the subscription as the server answered the write. A backend may serve its
   * list from a memo the refetch cannot reach (Polar's active subscriptions), so the section shows
   * this answer over the list it re-read.
   */
  answered?: (state: SubscriptionCancelState) => void;
}

/**
 * The opt-in actions, shared by the root with the sections (null context value: read-only).
 * Sections render a button where `can()` says so; the dialogs and the writes load lazily.
 */
export interface PortalActions {
  /** Listed by the host, supported by the backend and allowed for this customer. */
  can(action: ActionName): boolean;
  /** A payment of this target is started and not yet on screen (the card says it is pending). */
  pending(target: ActionTarget): boolean;
  /** Opens the action's confirmation dialog; focus returns to `opener` when it closes. */
  open(request: ActionRequest, opener: HTMLElement): void;
  /** The backend's writes, for the reads only the actions need (saved cards, billing details). */
  readonly writes: BackendActions;
  /** The element's `portal-url` (a web address), where the flows the element does not run are finished; null: none. */
  readonly portalUrl: string | null;
}

export const actionsContext = createContext<PortalActions | null>(Symbol('customer-portal-actions'));
