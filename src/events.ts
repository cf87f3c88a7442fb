/**
 * Every public event of <customer-portal>: one class each, dispatched on the
 * host element with `bubbles` and `composed`, declared in HTMLElementEventMap.
 */
import type { SectionId } from './api/model.js';
import type { ActionName, ActionTarget } from './api/actions.js';
import type { TokenExpiredDetail, TokenExpiringDetail } from './session/session.js';

// The session decides expiry and says what it decided: its details are the events'.
export type { TokenExpiredDetail, TokenExpiringDetail };
export type { ActionName, ActionTarget };

export type PortalTab = SectionId;
export type ErrorSection = SectionId | 'config' | 'session';

export interface TabChangeDetail {
  tab: PortalTab;
}
export type PortalReadyDetail = Record<string, never>;
export interface PortalErrorDetail {
  section: ErrorSection;
  /** HTTP status; 0 for a network failure. */
  status: number;
  code: string;
  message: string;
}
export interface InvoiceDownloadDetail {
  invoiceId: string;
  invoiceNumber: string | null;
}

/** What the customer confirmed, before the write: cancel it to run the host's own flow. Never carries the token. */
export interface PortalActionDetail {
  action: ActionName;
  target: ActionTarget;
  /** `{ credits, amount, currency }` for a top-up, `{ amount, currency }` to pay an invoice, `{}` otherwise. */
  input: Record<string, string>;
}
export interface PortalActionResultDetail {
  action: ActionName;
  target: ActionTarget;
  /** `requested`: the money moves later (hosted checkout opened, payment processing); `completed`: the new state is on screen. */
  status: 'requested' | 'completed' | 'failed';
  code?: string;
  message?: string;
}

export const init = <T>(detail: T): CustomEventInit<T> => ({ detail, bubbles: true, composed: true });

export class TokenExpiringEvent extends CustomEvent<TokenExpiringDetail> {
  static readonly eventName = 'token-expiring';
  constructor(detail: TokenExpiringDetail) {
    super(TokenExpiringEvent.eventName, init(detail));
  }
}

export class TokenExpiredEvent extends CustomEvent<TokenExpiredDetail> {
  static readonly eventName = 'token-expired';
  constructor(detail: TokenExpiredDetail) {
    super(TokenExpiredEvent.eventName, init(detail));
  }
}

export class TabChangeEvent extends CustomEvent<TabChangeDetail> {
  static readonly eventName = 'tab-change';
  constructor(detail: TabChangeDetail) {
    super(TabChangeEvent.eventName, init(detail));
  }
}

export class PortalReadyEvent extends CustomEvent<PortalReadyDetail> {
  static readonly eventName = 'portal-ready';
  constructor() {
    super(PortalReadyEvent.eventName, init({}));
  }
}

export class PortalErrorEvent extends CustomEvent<PortalErrorDetail> {
  static readonly eventName = 'portal-error';
  constructor(detail: PortalErrorDetail) {
    super(PortalErrorEvent.eventName, init(detail));
  }
}

export class InvoiceDownloadEvent extends CustomEvent<InvoiceDownloadDetail> {
  static readonly eventName = 'invoice-download';
  constructor(detail: InvoiceDownloadDetail) {
    super(InvoiceDownloadEvent.eventName, init(detail));
  }
}

/**
 * Internal event: a section's data failed after retries (or succeeded again).
 * Bubbles within the portal's shadow tree only; the root turns failures into
 * `portal-error` and 401s into the session's expiry.
 */
export class SectionErrorEvent extends Event {
  static readonly eventName = 'cp-section-error';
  constructor(
    readonly section: ErrorSection,
    readonly error: unknown,
  ) {
    // Composed: it crosses the panel's and sections' shadow roots up to the root, which stops it there.
    super(SectionErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Internal event: a chart could not load or draw and shows its data table
 * instead. The tab's `ChartLoader` reports it as the tab's section error.
 */
export class ChartErrorEvent extends Event {
  static readonly eventName = 'cp-chart-error';
  constructor(readonly error: unknown) {
    super(ChartErrorEvent.eventName, { bubbles: true, composed: false });
  }
}

/** Internal event: a section has its first data on screen. */
export class SectionReadyEvent extends Event {
  static readonly eventName = 'cp-section-ready';
  /** @param ok false: settled without data (it failed); the panel waits for every section, and for one with data. */
  constructor(
    readonly section: SectionId,
    readonly ok = true,
  ) {
    super(SectionReadyEvent.eventName, { bubbles: true, composed: false });
  }
}

/** Where the Usage tab should open: a date range and the feature in focus (an invoice's usage-based line item). */
export interface UsageFocus {
  /** Start of the range (the line item's or invoice's period start). */
  start: Date;
  /** Exclusive end of the range. */
  end: Date;
  /** The line item's meter: the feature of the usage series with this meter is in focus. */
  meterId: string;
  /** The line item's name, for the note saying what is in focus. */
  name: string;
}

/** Internal event: show this usage (from an invoice's line item) on the Usage tab. */
export class UsageFocusEvent extends Event {
  static readonly eventName = 'cp-usage-focus';
  constructor(readonly focus: UsageFocus) {
    // Composed: from an invoice's section up to the root, which stops it there.
    super(UsageFocusEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'token-expiring': TokenExpiringEvent;
    'token-expired': TokenExpiredEvent;
    'tab-change': TabChangeEvent;
    'portal-ready': PortalReadyEvent;
    'portal-error': PortalErrorEvent;
    'invoice-download': InvoiceDownloadEvent;
    // (Their classes, `PortalActionEvent` and `PortalActionResultEvent`, are in action-events.ts: see there.)
    'portal-action': CustomEvent<PortalActionDetail>;
    'portal-action-result': CustomEvent<PortalActionResultDetail>;
    'cp-section-error': SectionErrorEvent;
    'cp-section-ready': SectionReadyEvent;
    'cp-chart-error': ChartErrorEvent;
    'cp-usage-focus': UsageFocusEvent;
  }
}

/** Every public event of <customer-portal>, by name (the internal `cp-*` ones left out). */
export type PortalEventMap = Pick<HTMLElementEventMap, 'token-expiring' | 'token-expired' | 'tab-change' | 'portal-ready' | 'portal-error' | 'invoice-download' | 'portal-action' | 'portal-action-result'>;
