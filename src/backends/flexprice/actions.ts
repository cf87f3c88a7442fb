/**
 * Flexprice's writes (contract portal-actions.md §1), a lazily loaded chunk of
 * its own (`FlexpriceBackend.loadActions`): the `GET /integrations` gate, top-up
 * with hosted checkout, pay invoice, and the checkout poll. Every write is sent
 * once (`idempotent: false`: no retry, no replay after a 401) and carries the
 * caller's idempotency key.
 */
import type { ActionName, AutoTopUpConfig, BackendActions, CheckoutState, PayInvoiceRequest, PayInvoiceResult, SavedPaymentMethod, TopUpRequest, TopUpResult } from '../../api/actions.js';
import { ApiError } from '../../api/errors.js';
import { asArray, asObject, enumOr, isObject, optBoolean, optInteger, optNonEmpty, optString, reqId, type Json } from '../../api/validate.js';
import type { FlexpriceClient } from './client.js';

const BASE = '/customer/portal';
const enc = encodeURIComponent;

/** The capability each action needs from a published payment connection (§1.1). */
const CAPABILITY: Partial<Record<ActionName, string>> = { 'top-up': 'checkout', 'pay-invoice': 'payment_link', 'payment-methods': 'payment_method_management', 'auto-top-up': 'auto_charge' };

const CHECKOUT_STATUSES = ['initiated', 'pending', 'completed', 'failed', 'expired'] as const;

/** Only `http:`/`https:` pages are ever opened (§1.2). */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The providers per capability from `GET /integrations`, the default one (`is_default`) first;
 * a 404 ("not deployed") reads as none.
 */
export function capabilities(body: unknown): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const list = isObject(body) && Array.isArray(body['payment_integrations']) ? body['payment_integrations'] : [];
  for (const entry of list) {
    if (!isObject(entry) || typeof entry['provider'] !== 'string' || !Array.isArray(entry['capabilities'])) continue;
    for (const cap of entry['capabilities']) {
      if (!isObject(cap) || typeof cap['type'] !== 'string') continue;
      const known = found.get(cap['type']) ?? [];
      found.set(cap['type'], cap['is_default'] === true ? [entry['provider'], ...known] : [...known, entry['provider']]);
    }
  }
  return found;
}

export function mapCheckout(raw: unknown, path: string): CheckoutState {
  const o = asObject(raw, path);
  const action = isObject(o['payment_action']) ? o['payment_action'] : {};
  return {
    id: reqId(o, 'id', path),
    status: enumOr(optString(o, 'checkout_status', path).toLowerCase(), CHECKOUT_STATUSES, 'pending'),
    url: safeUrl(action['url']),
    failureReason: optNonEmpty(o, 'failure_reason', path),
  };
}

/** The three provider return URLs: the host page (origin + path), with a non-secret marker only. */
/** One saved method of `GET /payment-methods` (§1.7); `canDefault`: its provider has `set_default_method`. */
export function mapPaymentMethod(raw: unknown, path: string, canDefault: boolean): SavedPaymentMethod {
  const o = asObject(raw, path);
  const card = isObject(o['card']) ? o['card'] : {};
  const brand = optNonEmpty(card, 'brand', `${path}.card`);
  return {
    id: reqId(o, 'id', path),
    type: optString(o, 'type', path, 'card').toLowerCase() || 'card',
    brand: brand ? brand.toLowerCase() : null,
    last4: optNonEmpty(card, 'last4', `${path}.card`),
    expMonth: optInteger(card, 'exp_month', `${path}.card`),
    expYear: optInteger(card, 'exp_year', `${path}.card`),
    isDefault: optBoolean(o, 'is_default', path),
    // An expired or inactive card cannot become the default (the server refuses it).
    canMakeDefault: canDefault && optString(o, 'status', path, 'ACTIVE').toUpperCase() === 'ACTIVE',
  };
}

/** A wallet's `auto_topup` (numbers or decimal strings); absent = off. */
export function mapAutoTopUp(raw: unknown, path: string): AutoTopUpConfig {
  if (raw === undefined || raw === null) return { enabled: false, threshold: '0', amount: '0' };
  const o = asObject(raw, path);
  const dec = (key: string): string => (typeof o[key] === 'number' || typeof o[key] === 'string' ? String(o[key]) : '0');
  return { enabled: optBoolean(o, 'enabled', path), threshold: dec('threshold'), amount: dec('amount') };
}

function returnUrls(returnUrl: string, marker: string): Json {
  const at = (outcome: string) => `${returnUrl}?portal_action=${marker}&outcome=${outcome}`;
  return { success_url: at('success'), cancel_url: at('cancel'), failure_url: at('failure') };
}

export class FlexpriceActions implements BackendActions {
  readonly supported: ReadonlySet<ActionName> = new Set(Object.keys(CAPABILITY) as ActionName[]);
  /** The provider to name per capability when several have it (the resolver refuses an ambiguous request). */
  private readonly providers = new Map<string, string[]>();

  constructor(private readonly client: FlexpriceClient) {}

  async available(wanted: ReadonlySet<ActionName>, signal: AbortSignal): Promise<Set<ActionName>> {
    let body: unknown = null;
    try {
      body = await this.client.request({ method: 'GET', path: `${BASE}/integrations`, idempotent: true }, signal);
    } catch (error) {
      // 404: the payment routes are not deployed; every payment action stays hidden.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    const caps = capabilities(body);
    this.providers.clear();
    for (const [type, names] of caps) this.providers.set(type, names);
    return new Set([...wanted].filter((action) => this.supported.has(action) && (caps.get(CAPABILITY[action] ?? '')?.length ?? 0) > 0));
  }

  /** `payment_provider` (the default one) when two or more providers have the capability: the server refuses an ambiguous request. */
  private provider(capability: string): Json {
    const names = this.providers.get(capability) ?? [];
    return names.length > 1 ? { payment_provider: names[0] } : {};
  }

  async topUp(request: TopUpRequest, signal: AbortSignal): Promise<TopUpResult> {
    const body = {
      credits_to_add: request.credits,
      idempotency_key: request.idempotencyKey,
      checkout: { ...this.provider('checkout'), ...returnUrls(request.returnUrl, 'top-up') },
    };
    const raw = await this.client.request<unknown>({ method: 'POST', path: `${BASE}/wallets/${enc(request.walletId)}/top-up`, body, idempotent: false }, signal);
    const o = asObject(raw, 'top-up');
    const session = o['checkout_session'];
    if (isObject(session)) {
      const creation = isObject(session['entity_creation_result']) ? session['entity_creation_result'] : {};
      // Another top-up of this wallet is still waiting for its payment: not this request's checkout.
      if (creation['status'] === 'failed_already_exists') {
        throw new ApiError({ kind: 'http', status: 409, code: 'already_exists', message: 'A payment for this wallet is already in progress. Finish or cancel it first.' });
      }
    }
    return {
      checkout: isObject(session) ? mapCheckout(session, 'top-up.checkout_session') : null,
      invoiceId: optNonEmpty(o, 'invoice_id', 'top-up'),
    };
  }

  async payInvoice(request: PayInvoiceRequest, signal: AbortSignal): Promise<PayInvoiceResult> {
    const body = { ...this.provider('payment_link'), idempotency_key: request.idempotencyKey, ...returnUrls(request.returnUrl, 'pay-invoice') };
    const raw = await this.client.request<unknown>({ method: 'POST', path: `${BASE}/invoices/${enc(request.invoiceId)}/pay`, body, idempotent: false }, signal);
    const o = asObject(raw, 'pay');
    const action = isObject(o['payment_action']) ? o['payment_action'] : {};
    return {
      paymentId: reqId(o, 'payment_id', 'pay'),
      status: optString(o, 'status', 'pay', 'pending').toLowerCase(),
      amount: typeof o['amount'] === 'string' ? o['amount'] : null,
      currency: typeof o['currency'] === 'string' ? o['currency'].toUpperCase() : null,
      url: safeUrl(action['url']),
    };
  }

  /** The provider of each listed method (delete/default name it); filled by `paymentMethods`. */
  private readonly methodProviders = new Map<string, string>();

  /**
   * `GET /payment-methods?providers=…` (the providers with `payment_method_management`), flattened.
   * A provider entry with `error` means "could not ask", not "no cards": it rejects.
   */
  async paymentMethods(signal: AbortSignal): Promise<SavedPaymentMethod[]> {
    const managing = this.providers.get('payment_method_management') ?? [];
    const defaults = new Set(this.providers.get('set_default_method') ?? []);
    const query = managing.length ? `?providers=${enc(managing.join(','))}` : '';
    const raw = await this.client.request<unknown>({ method: 'GET', path: `${BASE}/payment-methods${query}`, idempotent: true }, signal);
    const groups = asArray(asObject(raw, 'payment-methods')['providers'], 'payment-methods.providers');
    const methods: SavedPaymentMethod[] = [];
    this.methodProviders.clear();
    groups.forEach((group, g) => {
      const path = `payment-methods.providers[${g}]`;
      const o = asObject(group, path);
      const provider = reqId(o, 'provider', path);
      if (isObject(o['error'])) {
        throw new ApiError({ kind: 'http', status: 502, code: 'provider_error', message: optString(o['error'], 'message', `${path}.error`) || 'Could not load the saved payment methods.' });
      }
      const items = Array.isArray(o['items']) ? o['items'] : [];
      items.forEach((item, i) => {
        const method = mapPaymentMethod(item, `${path}.items[${i}]`, defaults.has(provider));
        this.methodProviders.set(method.id, provider);
        methods.push(method);
      });
    });
    return methods;
  }

  private methodBody(id: string): Json {
    const provider = this.methodProviders.get(id) ?? this.providers.get('payment_method_management')?.[0];
    return { payment_provider: provider ?? '', payment_method_id: id };
  }

  /** `POST /payment-methods/delete` `{payment_provider, payment_method_id}`; the answer is not relied on (the list is re-read). */
  async removePaymentMethod(id: string, signal: AbortSignal): Promise<void> {
    await this.client.request<unknown>({ method: 'POST', path: `${BASE}/payment-methods/delete`, body: this.methodBody(id), idempotent: false }, signal);
  }

  /** `POST /payment-methods/default`, same body; needs `set_default_method`. */
  async setDefaultPaymentMethod(id: string, signal: AbortSignal): Promise<void> {
    await this.client.request<unknown>({ method: 'POST', path: `${BASE}/payment-methods/default`, body: this.methodBody(id), idempotent: false }, signal);
  }

  /** `POST /payment-methods` → an action, not a card: the provider's hosted page (`redirect`), or none. */
  async addPaymentMethod(returnUrl: string, signal: AbortSignal): Promise<string | null> {
    const provider = this.providers.get('payment_method_management')?.[0] ?? '';
    const body = { payment_provider: provider, ...returnUrls(returnUrl, 'payment-methods') };
    const raw = await this.client.request<unknown>({ method: 'POST', path: `${BASE}/payment-methods`, body, idempotent: false }, signal);
    const o = asObject(raw, 'payment-methods.add');
    const action = isObject(o['action']) ? o['action'] : {};
    return action['type'] === 'redirect' ? safeUrl(action['url']) : null;
  }

  /**
   * `PUT /wallets/{id}/auto-topup` `{enabled, threshold, amount}` (decimal strings) → the wallet; its
   * `auto_topup` is what the server stored (a 400 names a minimum or a missing chargeable card).
   */
  async setAutoTopUp(walletId: string, config: AutoTopUpConfig, signal: AbortSignal): Promise<AutoTopUpConfig> {
    const body = { enabled: config.enabled, threshold: config.threshold, amount: config.amount };
    const raw = await this.client.request<unknown>({ method: 'PUT', path: `${BASE}/wallets/${enc(walletId)}/auto-topup`, body, idempotent: false }, signal);
    return mapAutoTopUp(asObject(raw, 'auto-topup')['auto_topup'], 'auto-topup.auto_topup');
  }

  async checkout(id: string, signal: AbortSignal): Promise<CheckoutState> {
    const raw = await this.client.request<unknown>({ method: 'GET', path: `${BASE}/checkout-sessions/${enc(id)}`, idempotent: true }, signal);
    return mapCheckout(raw, 'checkout');
  }
}

export const createActions = (client: FlexpriceClient): BackendActions => new FlexpriceActions(client);
