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
  /** The customer's billing details as they stand (Polar `GET /customers/me`, Lago `customerPortalUser`). */
  billingDetails?(signal: AbortSignal): Promise<BillingDetails>;
  /**
   * Writes the changed fields only; resolves the details as the server stored them. A refusal the
   * server pins on fields rejects with an `ApiError` whose `fields` maps `BillingField` → message.
   */
  updateBillingDetails?(changes: BillingDetailsChanges, signal: AbortSignal): Promise<BillingDetails>;
  /** Saved payment methods, the default marked. */
  paymentMethods?(signal: AbortSignal): Promise<SavedPaymentMethod[]>;
  removePaymentMethod?(id: string, signal: AbortSignal): Promise<void>;
  setDefaultPaymentMethod?(id: string, signal: AbortSignal): Promise<void>;
  /** Cancels at period end (`true`) or takes the cancellation back (`false`); resolves the server's new state. */
  setCancelAtPeriodEnd?(subscriptionId: string, cancel: boolean, signal: AbortSignal): Promise<SubscriptionCancelState>;
  /** Generates the invoice document where none exists yet and resolves its URL once it is ready. */
  invoiceDocument?(invoiceId: string, signal: AbortSignal): Promise<string>;
  /**
   * Starts adding a card on the provider's hosted page (Flexprice `POST /payment-methods`): resolves
   * that page's URL (`http:`/`https:` only), null when there is none. Nothing is stored until the
   * customer completes the page; the list is re-read when they come back.
   */
  addPaymentMethod?(returnUrl: string, signal: AbortSignal): Promise<string | null>;
  /**
   * Turns a wallet's auto top-up on or off (Flexprice `PUT /wallets/{id}/auto-topup`, needs a provider
   * with `auto_charge`): charges the saved card unattended when the balance falls to `threshold`.
   * Resolves the configuration as the server stored it.
   */
  setAutoTopUp?(walletId: string, config: AutoTopUpConfig, signal: AbortSignal): Promise<AutoTopUpConfig>;
}

/** A wallet's auto top-up: when the balance falls to `threshold` credits, `amount` credits are bought. */
export interface AutoTopUpConfig {
  enabled: boolean;
  /** Credits, a non-negative decimal string. */
  threshold: Decimal;
  /** Credits to add each time, a positive decimal string. */
  amount: Decimal;
}

/** The billing-detail fields a backend may let the customer edit. */
export type BillingField = 'name' | 'email' | 'addressLine1' | 'addressLine2' | 'city' | 'postalCode' | 'state' | 'country' | 'taxId';

export interface BillingDetails {
  /** Each field's stored value (null = empty); `country` is ISO 3166-1 alpha-2, upper case. */
  values: Record<BillingField, string | null>;
  /** The fields this backend lets the customer change here (Polar: no `email`, it has a verified flow of its own). */
  editable: readonly BillingField[];
}

/** The fields to write: `null` or `''` clears a field (where the backend allows it); absent keys stay as they are. */
export type BillingDetailsChanges = Partial<Record<BillingField, string | null>>;

export interface SavedPaymentMethod {
  id: string;
  /** `card`, or the provider's type for other methods. */
  type: string;
  /** Lower case (`visa`, `mastercard`, …); null when not a card. */
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
  /** false: this card cannot become the default here (its provider lacks the capability, or it expired); absent = it can. */
  canMakeDefault?: boolean;
}

export interface SubscriptionCancelState {
  id: string;
  /** The status as the backend names it, lower case (`active`, `trialing`, `past_due`, …). */
  status: string;
  cancelAtPeriodEnd: boolean;
  /** When it ends (cancelling), else null. */
  endsAt: Date | null;
  currentPeriodEnd: Date | null;
}

/**
 * `PayInvoiceResult.status` values beyond Flexprice's: Polar's card needs 3-D Secure, which only
 * Polar's hosted portal can run (`url` is null: send the customer to the host's `portal-url`).
 */
export const PAY_REQUIRES_ACTION = 'requires_action';
