/**
 * What the root element shares with its tabs, through @lit/context.
 * Tabs consume it with `@consume({ context: portalContext, subscribe: true })`.
 */
import { createContext } from '@lit/context';
import type { PortalEnv } from './env.js';
import type { ActionName, ActionTarget } from './api/actions.js';
import type { Invoice, Wallet } from './api/model.js';
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
  /** The invoice to pay (amount due and currency). */
  invoice?: Invoice;
  /** Re-reads the section's data after the write (no optimistic state). */
  refresh: () => void;
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
}

export const actionsContext = createContext<PortalActions | null>(Symbol('customer-portal-actions'));
