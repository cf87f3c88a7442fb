/**
 * Polar's writes (contract portal-actions.md §2), a lazily loaded chunk of its
 * own (`PolarBackend.loadActions`): billing details (`PATCH /customers/me`),
 * saved cards (list, remove, set default), cancel / resume at period end,
 * retrying a failed order payment with the saved card, and generating an
 * invoice document (202, then polled).
 *
 * - Every write is sent once (`idempotent: false`: no retry, no replay after a
 *   401). Polar has no idempotency key; its cancel / resume / set-default are
 *   state-setting, a retried `confirm-payment` is a second charge attempt.
 * - Gate (§2.0, PRODUCT.md "Gates"): a customer session (`polar_cst_`) may
 *   use every billing action; a member session (`polar_mst_`) only once a read
 *   that needs the billing role has succeeded (`GET /customers/me/payment-methods`);
 *   its 403 `NotPermitted` hides them all.
 * - 422 lists (`detail: [{loc, msg}]`) become `ApiError.fields` keyed by
 *   `BillingField`; a JSON 429 `ManualRetryLimitExceeded` keeps its code (the
 *   retry cap, not rate limiting); an empty 429 is `too_many_requests`.
 */
import type {
  ActionName,
  BackendActions,
  BillingDetails,
  BillingDetailsChanges,
  BillingField,
  PayInvoiceRequest,
  PayInvoiceResult,
  SavedPaymentMethod,
  SubscriptionCancelState,
} from '../../api/actions.js';
import { ApiError } from '../../api/errors.js';
import { abortedError, type RequestSpec, type Timers } from '../../api/http.js';
import { asArray, asObject, isObject, optBoolean, optNonEmpty, optString, parseTimestamp, reqId, type Json } from '../../api/validate.js';
import type { PolarClient } from './client.js';

const PORTAL = '/v1/customer-portal';
const enc = encodeURIComponent;

/** The actions Polar's customer portal can do; every one of them needs the billing role (§2.0). */
const SUPPORTED: readonly ActionName[] = ['pay-invoice', 'payment-methods', 'billing-details', 'cancel-subscription', 'invoice-documents'];

const EDITABLE: readonly BillingField[] = ['name', 'addressLine1', 'addressLine2', 'city', 'postalCode', 'state', 'country', 'taxId'];

/** `BillingField` ↔ Polar's `billing_address` keys. */
const ADDRESS: ReadonlyArray<readonly [BillingField, string]> = [
  ['addressLine1', 'line1'],
  ['addressLine2', 'line2'],
  ['postalCode', 'postal_code'],
  ['city', 'city'],
  ['state', 'state'],
  ['country', 'country'],
];

/** A 422 detail `loc` (after `body`) → the field it is about. */
function fieldOf(loc: readonly unknown[]): BillingField | null {
  const [first, second] = loc[0] === 'body' ? loc.slice(1) : loc;
  if (first === 'billing_name') return 'name';
  if (first === 'tax_id') return 'taxId';
  if (first === 'billing_address') return ADDRESS.find(([, key]) => key === second)?.[0] ?? 'addressLine1';
  return null;
}

/** Polar's 422 list as per-field messages (the first message per field). */
export function fieldErrors(error: ApiError): Record<string, string> | null {
  const list = Array.isArray(error.details?.['errors']) ? (error.details['errors'] as unknown[]) : [];
  const fields: Record<string, string> = {};
  for (const entry of list) {
    if (!isObject(entry) || !Array.isArray(entry['loc']) || typeof entry['msg'] !== 'string') continue;
    const field = fieldOf(entry['loc']);
    if (field && !(field in fields)) fields[field] = entry['msg'];
  }
  return Object.keys(fields).length ? fields : null;
}

/** An `ApiError` carrying per-field messages (`ApiError.fields` is set here, not in the first chunk's constructor). */
function withFields(init: ConstructorParameters<typeof ApiError>[0], fields: Record<string, string> | null): ApiError {
  const error = new ApiError(init);
  return fields ? Object.assign(error, { fields }) : error;
}

const READABLE: Record<string, string> = {
  too_many_requests: 'Polar is receiving too many requests. Wait a moment, then try again.',
  NotPermitted: 'Only owners and billing managers can change billing here.',
};

/** The write's failure with Polar's code, a readable message and, for a 422 on fields, `fields`. */
function refine(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.kind !== 'http') return error;
  const fields = error.status === 422 ? fieldErrors(error) : null;
  const message = READABLE[error.code] ?? error.message;
  if (!fields && message === error.message) return error;
  return withFields(
    {
      kind: 'http',
      status: error.status,
      code: error.code,
      message: fields ? Object.values(fields)[0]! : message,
      ...(error.details ? { details: error.details } : {}),
      cause: error,
    },
    fields,
  );
}

function stringOrNull(o: Json, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** `CustomerPortalCustomer` → the view's billing details (e-mail shown, not editable: Polar verifies changes in a flow of its own). */
export function mapBillingDetails(raw: unknown): BillingDetails {
  const o = asObject(raw, 'customer');
  const address = isObject(o['billing_address']) ? o['billing_address'] : {};
  const taxId = o['tax_id'];
  const values = {
    name: stringOrNull(o, 'billing_name'),
    email: stringOrNull(o, 'email'),
    taxId: Array.isArray(taxId) && typeof taxId[0] === 'string' ? taxId[0] : typeof taxId === 'string' ? taxId : null,
  } as Record<BillingField, string | null>;
  for (const [field, key] of ADDRESS) values[field] = stringOrNull(address, key);
  if (values.country) values.country = values.country.toUpperCase();
  return { values, editable: EDITABLE };
}

export function mapPaymentMethod(raw: unknown, path: string, defaultId: string | null): SavedPaymentMethod {
  const o = asObject(raw, path);
  const meta = isObject(o['method_metadata']) ? o['method_metadata'] : {};
  const int = (key: string) => (typeof meta[key] === 'number' && Number.isInteger(meta[key]) ? (meta[key] as number) : null);
  const id = reqId(o, 'id', path);
  return {
    id,
    type: optString(o, 'type', path, 'card'),
    brand: typeof meta['brand'] === 'string' ? meta['brand'].toLowerCase() : null,
    last4: typeof meta['last4'] === 'string' ? meta['last4'] : null,
    expMonth: int('exp_month'),
    expYear: int('exp_year'),
    isDefault: id === defaultId,
  };
}

export function mapCancelState(raw: unknown): SubscriptionCancelState {
  const o = asObject(raw, 'subscription');
  return {
    id: reqId(o, 'id', 'subscription'),
    status: optString(o, 'status', 'subscription').toLowerCase(),
    cancelAtPeriodEnd: optBoolean(o, 'cancel_at_period_end', 'subscription'),
    endsAt: parseTimestamp(o['ends_at']),
    currentPeriodEnd: parseTimestamp(o['current_period_end']),
  };
}

export interface PolarActionsOptions {
  timers?: Timers;
  /** Waits between polls of a generating invoice (ms); its length bounds the polls (default ≈ 30 s in all). */
  invoicePollDelaysMs?: readonly number[];
}

const DEFAULT_POLL_DELAYS = [500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 7000];

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export class PolarActions implements BackendActions {
  readonly supported: ReadonlySet<ActionName> = new Set(SUPPORTED);
  private readonly timers: Timers;
  private readonly pollDelays: readonly number[];

  constructor(
    private readonly client: PolarClient,
    options: PolarActionsOptions = {},
  ) {
    this.timers = options.timers ?? defaultTimers;
    this.pollDelays = options.invoicePollDelaysMs ?? DEFAULT_POLL_DELAYS;
  }

  private read(path: string, signal: AbortSignal, query?: RequestSpec['query']): Promise<unknown> {
    return this.client.request<unknown>({ method: 'GET', path: `${PORTAL}${path}`, ...(query ? { query } : {}), idempotent: true }, signal);
  }

  /** One write, sent once; its failure refined (fields, readable message). */
  private async write(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.client.request<unknown>({ method, path: `${PORTAL}${path}`, ...(body === undefined ? {} : { body }), idempotent: false }, signal);
    } catch (error) {
      throw refine(error);
    }
  }

  async available(wanted: ReadonlySet<ActionName>, signal: AbortSignal): Promise<Set<ActionName>> {
    const actions = new Set([...wanted].filter((action) => this.supported.has(action)));
    // A member session (token.ts `isMemberToken`, not imported: a value import from the adapter's chunk would grow every first chunk's registry).
    if (actions.size === 0 || !this.client.getToken()?.startsWith('polar_mst_')) return actions;
    try {
      // A read that needs the billing role (BillingRead): members without it get 403 NotPermitted.
      await this.read('/customers/me/payment-methods', signal, { page: 1, limit: 1 });
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return new Set();
      throw error;
    }
    return actions;
  }

  async billingDetails(signal: AbortSignal): Promise<BillingDetails> {
    return mapBillingDetails(await this.read('/customers/me', signal));
  }

  /**
   * `PATCH /customers/me` with the changed keys. Polar replaces the whole
   * `billing_address`, so an address change sends every address field: the
   * changed ones over the stored ones (read first).
   */
  async updateBillingDetails(changes: BillingDetailsChanges, signal: AbortSignal): Promise<BillingDetails> {
    const body: Json = {};
    if ('name' in changes) body['billing_name'] = changes.name || null;
    if ('taxId' in changes) body['tax_id'] = changes.taxId || null;
    if (ADDRESS.some(([field]) => field in changes)) {
      const current = (await this.billingDetails(signal)).values;
      const address: Json = {};
      for (const [field, key] of ADDRESS) {
        const value = field in changes ? changes[field] : current[field];
        address[key] = field === 'country' ? (value?.trim().toUpperCase() ?? null) : value || null;
      }
      body['billing_address'] = address;
    }
    return mapBillingDetails(await this.write('PATCH', '/customers/me', body, signal));
  }

  async paymentMethods(signal: AbortSignal): Promise<SavedPaymentMethod[]> {
    const [list, customer] = await Promise.all([this.read('/customers/me/payment-methods', signal, { page: 1, limit: 100 }), this.read('/customers/me', signal)]);
    const defaultId = optNonEmpty(asObject(customer, 'customer'), 'default_payment_method_id', 'customer');
    const items = asArray(asObject(list, 'payment-methods')['items'], 'payment-methods.items');
    return items.map((item, i) => mapPaymentMethod(item, `payment-methods.items[${i}]`, defaultId));
  }

  /** `DELETE /customers/me/payment-methods/{id}` → 204; 400 `PaymentMethodInUseByActiveSubscription` when it still bills a subscription. */
  async removePaymentMethod(id: string, signal: AbortSignal): Promise<void> {
    await this.write('DELETE', `/customers/me/payment-methods/${enc(id)}`, undefined, signal);
  }

  async setDefaultPaymentMethod(id: string, signal: AbortSignal): Promise<void> {
    await this.write('PATCH', '/customers/me', { default_payment_method_id: id }, signal);
  }

  /** `PATCH /subscriptions/{id}` `{cancel_at_period_end}`: 403 `AlreadyCanceledSubscription`, 409 `PaymentMethodRequired` (resume). */
  async setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean, signal: AbortSignal): Promise<SubscriptionCancelState> {
    return mapCancelState(await this.write('PATCH', `/subscriptions/${enc(subscriptionId)}`, { cancel_at_period_end: cancel }, signal));
  }

  /**
   * Retries a failed order payment with the saved default card
   * (`POST /orders/{id}/confirm-payment`). `succeeded` → status `succeeded`;
   * `requires_action` (3-D Secure, which needs Stripe.js) → status
   * `requires_action` with no `url`: the customer finishes on Polar's hosted
   * portal; `failed` (a decline) rejects 402 `payment_failed` with Polar's reason.
   * No saved card → rejects `no_payment_method` before any write.
   */
  async payInvoice(request: PayInvoiceRequest, signal: AbortSignal): Promise<PayInvoiceResult> {
    const customer = asObject(await this.read('/customers/me', signal), 'customer');
    const method = optNonEmpty(customer, 'default_payment_method_id', 'customer');
    if (!method) {
      throw new ApiError({ kind: 'http', status: 0, code: 'no_payment_method', message: 'There is no saved card to pay with. Pay on the billing portal instead.' });
    }
    const raw = await this.write('POST', `/orders/${enc(request.invoiceId)}/confirm-payment`, { payment_method_id: method, payment_processor: 'stripe' }, signal);
    const o = asObject(raw, 'confirm-payment');
    const status = optString(o, 'status', 'confirm-payment').toLowerCase();
    if (status === 'failed') {
      throw new ApiError({ kind: 'http', status: 402, code: 'payment_failed', message: optNonEmpty(o, 'error', 'confirm-payment') ?? 'The payment failed.' });
    }
    return { paymentId: request.invoiceId, status: status || 'pending', amount: null, currency: null, url: null };
  }

  /**
   * `POST /orders/{id}/invoice` (202: Polar renders it in the background; a
   * no-op when the stored one is current), then `GET /orders/{id}/invoice`
   * until it answers a URL (404 `InvoiceDoesNotExist` meanwhile), waiting
   * `invoicePollDelaysMs` between polls; after the last one rejects 504
   * `document_not_ready`. 409 `OrderNotEligibleForInvoice`, 422
   * `MissingInvoiceBillingDetails` reject as Polar answers them.
   */
  async invoiceDocument(invoiceId: string, signal: AbortSignal): Promise<string> {
    const path = `/orders/${enc(invoiceId)}/invoice`;
    await this.write('POST', path, undefined, signal);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const url = optNonEmpty(asObject(await this.read(path, signal), 'invoice'), 'url', 'invoice');
        if (url && /^https?:\/\//.test(url)) return url;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      if (attempt >= this.pollDelays.length) break;
      await this.sleep(this.pollDelays[attempt]!, signal);
    }
    throw new ApiError({ kind: 'http', status: 504, code: 'document_not_ready', message: 'The invoice is still being generated. Try again in a minute.' });
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortedError(signal.reason));
      const onAbort = () => {
        this.timers.clearTimeout(handle);
        reject(abortedError(signal.reason));
      };
      const handle = this.timers.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export const createActions = (client: PolarClient, options?: PolarActionsOptions): BackendActions => new PolarActions(client, options);
