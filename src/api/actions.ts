/**
 * The write side of the seam (opt-in actions, PRODUCT.md "Actions"): types
 * only, plus the list of action names. Each adapter's writes live in its own
 * `actions.ts`, loaded through `PortalBackend.loadActions()` only when the
 * host lists actions, so a read-only page never loads them.
 */
import type { Decimal } from '../format/decimal-core.js';

/** Every action a host may list in `actions`. */
export const ACTION_NAMES = ['pay-invoice', 'top-up', 'auto-top-up', 'payment-methods', 'billing-details', 'cancel-subscription', 'invoice-documents'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** What an action acts on (`portal-action` detail `target`). */
export interface ActionTarget {
  type: 'wallet' | 'invoice' | 'subscription' | 'payment-method' | 'customer';
  id: string;
}

/** A hosted checkout or payment page, as the backend reports it. */
export interface CheckoutState {
  id: string;
  /** `initiated` and `pending` are still settling; the rest are terminal. */
  status: 'initiated' | 'pending' | 'completed' | 'failed' | 'expired';
  /** The provider's page (`http:`/`https:` only), null when there is none to open. */
  url: string | null;
  failureReason: string | null;
}

/** The bounds a backend states for a top-up, in the wallet's currency (money, not credits); null = no bound. */
export interface TopUpRange {
  minAmount: Decimal | null;
  maxAmount: Decimal | null;
}

export interface TopUpRequest {
  walletId: string;
  /** Credits to add, a positive decimal string. */
  credits: Decimal;
  /** One per attempt; reused on "Try again" with the same input. */
  idempotencyKey: string;
  /** The host page's origin and path: where the provider sends the customer back. */
  returnUrl: string;
}

export interface TopUpResult {
  /** The hosted checkout to finish the payment on; null when the top-up was invoiced (settled later). */
  checkout: CheckoutState | null;
  invoiceId: string | null;
}

export interface PayInvoiceRequest {
  invoiceId: string;
  idempotencyKey: string;
  returnUrl: string;
}

export interface PayInvoiceResult {
  paymentId: string;
  /** Payment status, lower-cased (`pending`, `processing`, `succeeded`, …). */
  status: string;
  amount: Decimal | null;
  currency: string | null;
  /** The provider's payment page; null when the gateway gave none. */
  url: string | null;
}

/**
 * The writes of one backend for one session token. Every call takes the
 * caller's `AbortSignal` and rejects with `ApiError`; writes are never retried
 * by the client (no blind re-send after a network error or a 401).
 */
export interface BackendActions {
  /** The actions this backend implements (before the per-customer gate). */
  readonly supported: ReadonlySet<ActionName>;
  /** Which of `wanted` this customer may use now (Flexprice: `GET /integrations`); never rejects for a 404 (= none). */
  available(wanted: ReadonlySet<ActionName>, signal: AbortSignal): Promise<Set<ActionName>>;
  /** Bounds of a top-up the backend states, when it states any. */
  topUpRange?(walletId: string, signal: AbortSignal): Promise<TopUpRange>;
  topUp?(request: TopUpRequest, signal: AbortSignal): Promise<TopUpResult>;
  payInvoice?(request: PayInvoiceRequest, signal: AbortSignal): Promise<PayInvoiceResult>;
  /** Re-reads a hosted checkout (the server may reconcile it with the provider). */
  checkout?(id: string, signal: AbortSignal): Promise<CheckoutState>;
}
