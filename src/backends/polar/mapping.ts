/**
 * Polar wire answers → the backend-neutral view model, validating at runtime
 * every field the UI reads (a violation rejects with `ApiError` kind
 * `schema`; unknown enum values map to safe defaults; a missing or garbage
 * optional date is null).
 *
 * Decisions (contract §5, §7, §8; PRODUCT.md "Backends"):
 * - Money is integer minor units; it becomes an exact decimal string with the
 *   currency's factor: 1 for Polar's zero-decimal currencies (JPY, KRW, …),
 *   100 for every other one. Never floats.
 * - Orders are the invoices. Status, first that applies: `void` → Voided,
 *   `draft` → Draft, `refunded` → Refunded, `partially_refunded` → Partially
 *   refunded, `paid` (or `paid: true` with an unknown status) → Paid, else
 *   Pending. Polar has no due date, so an order is never Overdue.
 * - An order has a document when Polar generated its invoice or allocated a
 *   receipt number; with neither the Invoices tab shows no PDF button.
 * - Wallets hold money, not credits: credit balance = balance, rate 1.
 * - Usage per meter is the customer meter (consumed / credited / balance,
 *   units since the last reset) joined with the active subscriptions' meters
 *   (cost of the current period).
 */
import { abortedError, type Timers } from '../../api/http.js';
import type { PolarClient } from './client.js';
import { ApiError } from '../../api/errors.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import type {
  Customer,
  FeatureQuota,
  Invoice,
  InvoiceDetail,
  InvoiceLineItem,
  InvoiceStatus,
  Page,
  Subscription,
  SubscriptionMeter,
  SubscriptionStatus,
  UsageSummary,
  Wallet,
} from '../../api/model.js';
import {
  asArray,
  asObject,
  isObject,
  mapped,
  optBoolean,
  optDate,
  optNonEmpty,
  optString,
  reqDate,
  reqDecimal,
  reqId,
  reqInteger,
  reqString,
  schemaError,
  type Json,
} from '../../api/validate.js';
import { format, sum } from '../../format/decimal-core.js';

/** Polar's zero-decimal currencies (`kit/currency.py`): amounts are whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Digits after the point of `currency`'s minor unit as Polar counts it. */
export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.trim().toLowerCase()) ? 0 : 2;
}

/** Integer minor units → exact decimal string in major units (`1999`, `usd` → `"19.99"`; `3000`, `jpy` → `"3000"`). */
export function fromMinor(amount: number, currency: string): string {
  return format({ units: BigInt(amount), scale: minorDigits(currency) });
}

function currencyOf(o: Json, key: string, path: string): string {
  const c = reqString(o, key, path).trim();
  if (!/^[A-Za-z]{3}$/.test(c)) throw schemaError(`${path}.${key}`, 'an ISO 4217 code');
  return c.toLowerCase();
}

/** A required integer amount in minor units, as a major-unit decimal. */
function money(o: Json, key: string, path: string, currency: string): string {
  return fromMinor(reqInteger(o, key, path), currency);
}

/** An optional integer amount (absent → 0). */
function optMinor(o: Json, key: string, path: string): number {
  const v = o[key];
  if (v === null || v === undefined) return 0;
  return reqInteger(o, key, path);
}

// ------------------------------------------------------------------ lists

/** Validates a `{items, pagination:{total_count, max_page}}` envelope. */
export function readList(raw: unknown, path: string): { items: unknown[]; total: number; maxPage: number } {
  const o = asObject(raw, path);
  const items = asArray(o.items, `${path}.items`);
  const pagination = asObject(o.pagination, `${path}.pagination`);
  const total = reqInteger(pagination, 'total_count', `${path}.pagination`);
  const maxPage = reqInteger(pagination, 'max_page', `${path}.pagination`);
  if (total < 0 || maxPage < 0) throw schemaError(`${path}.pagination`, 'non-negative counts');
  return { items, total, maxPage };
}

export function mapList<T>(raw: unknown, path: string, item: (value: unknown, path: string) => T): Page<T> & { maxPage: number } {
  return mapped(path, () => {
    const { items, total, maxPage } = readList(raw, path);
    const mappedItems = items.map((v, i) => item(v, `${path}.items[${i}]`));
    return { items: mappedItems, total: Math.max(total, mappedItems.length), maxPage };
  });
}

// ------------------------------------------------------------------ customer

export function mapCustomer(raw: unknown): Customer {
  return mapped('customer', () => {
    const o = asObject(raw, 'customer');
    return {
      id: reqId(o, 'id', 'customer'),
      // The portal's customer carries no external id.
      externalId: '',
      name: optNonEmpty(o, 'name', 'customer') ?? optString(o, 'billing_name', 'customer'),
      email: optString(o, 'email', 'customer'),
      // Polar keeps no time zone per customer.
      timeZone: null,
    };
  });
}

// ------------------------------------------------------------------ wallets

export function mapWallet(raw: unknown, path = 'wallet'): Wallet {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const currency = currencyOf(o, 'currency', path);
    const balance = money(o, 'balance', path, currency);
    return {
      id: reqId(o, 'id', path),
      name: '',
      currency: currency.toUpperCase(),
      status: 'active',
      prepaid: true,
      creditBalance: balance,
      balance,
      conversionRate: '1',
      realTime: false,
      balanceUpdatedAt: optDate(o, 'modified_at'),
      currencyOnly: true,
    };
  });
}

// ------------------------------------------------------------------ subscriptions

const SUBSCRIPTION_STATUS: Record<string, SubscriptionStatus> = {
  active: 'active',
  // Still running while Polar retries the payment.
  past_due: 'active',
  trialing: 'trialing',
  paused: 'paused',
  canceled: 'cancelled',
  incomplete: 'incomplete',
  incomplete_expired: 'incomplete',
};

function mapSubscriptionMeter(raw: unknown, currency: string, path: string): SubscriptionMeter {
  const o = asObject(raw, path);
  const meter = isObject(o.meter) ? o.meter : null;
  return {
    meterId: reqId(o, 'meter_id', path),
    name: meter ? optString(meter, 'name', `${path}.meter`) : '',
    consumed: reqDecimal(o, 'consumed_units', path),
    credited: reqDecimal(o, 'credited_units', path),
    cost: money(o, 'amount', path, currency),
  };
}

function billingPeriod(interval: string, count: number | null): string {
  const unit = ['day', 'week', 'month', 'year'].includes(interval) ? interval : '';
  if (!unit) return '';
  return count !== null && count > 1 ? `${count} ${unit}s` : unit;
}

export function mapSubscription(raw: unknown, path = 'subscription'): Subscription {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const currency = currencyOf(o, 'currency', path);
    const product = asObject(o.product, `${path}.product`);
    const count = o.recurring_interval_count;
    const meters = o.meters === null || o.meters === undefined ? [] : asArray(o.meters, `${path}.meters`);
    const status = typeof o.status === 'string' && Object.hasOwn(SUBSCRIPTION_STATUS, o.status) ? (SUBSCRIPTION_STATUS[o.status] as SubscriptionStatus) : 'unknown';
    const cancelAtPeriodEnd = optBoolean(o, 'cancel_at_period_end', path);
    return {
      id: reqId(o, 'id', path),
      planName: optString(product, 'name', `${path}.product`),
      planDescription: optString(product, 'description', `${path}.product`),
      status,
      currency: currency.toUpperCase(),
      billingPeriod: billingPeriod(optString(o, 'recurring_interval', path), typeof count === 'number' && Number.isSafeInteger(count) ? count : null),
      currentPeriodStart: optDate(o, 'current_period_start'),
      currentPeriodEnd: optDate(o, 'current_period_end'),
      trialEnd: optDate(o, 'trial_end'),
      cancelAt: optDate(o, 'ends_at'),
      cancelAtPeriodEnd,
      amount: money(o, 'amount', path, currency),
      meters: meters.map((m, i) => mapSubscriptionMeter(m, currency, `${path}.meters[${i}]`)),
    };
  });
}

// ------------------------------------------------------------------ orders (invoices)

/** Display status of an order, first rule that applies (no due date: never overdue). */
export function orderDisplayStatus(status: unknown, paid: boolean): InvoiceStatus {
  if (status === 'void') return 'voided';
  if (status === 'draft') return 'draft';
  if (status === 'refunded') return 'refunded';
  if (status === 'partially_refunded') return 'partially_refunded';
  if (status === 'paid') return 'paid';
  if (status !== 'pending' && paid) return 'paid';
  return 'pending';
}

/** An `Invoice` plus whether Polar has a PDF for it (its generated invoice or its receipt). */
export type PolarInvoice = Invoice & { hasDocument: boolean };

function mapOrderFields(o: Json, path: string): PolarInvoice {
  const currency = currencyOf(o, 'currency', path);
  const number = o.invoice_number;
  if (number !== null && number !== undefined && typeof number !== 'string') throw schemaError(`${path}.invoice_number`, 'a string or null');
  const paid = optBoolean(o, 'paid', path);
  const status = orderDisplayStatus(o.status, paid);
  const total = reqInteger(o, 'total_amount', path);
  const due = optMinor(o, 'due_amount', path);
  const closed = status === 'voided' || status === 'draft';
  return {
    id: reqId(o, 'id', path),
    number: typeof number === 'string' && number.trim() !== '' ? number : null,
    status,
    currency: currency.toUpperCase(),
    total: fromMinor(total, currency),
    amountDue: fromMinor(due, currency),
    amountPaid: fromMinor(paid ? Math.max(0, total - due) : 0, currency),
    amountRemaining: fromMinor(closed ? 0 : due, currency),
    date: reqDate(o, 'created_at', path),
    dueDate: null,
    periodStart: null,
    periodEnd: null,
    hasDocument: optBoolean(o, 'is_invoice_generated', path) || optNonEmpty(o, 'receipt_number', path) !== null,
  };
}

export function mapOrder(raw: unknown, path = 'order'): PolarInvoice {
  return mapped(path, () => mapOrderFields(asObject(raw, path), path));
}

function mapOrderItem(raw: unknown, currency: string, path: string): InvoiceLineItem {
  const o = asObject(raw, path);
  return {
    id: reqId(o, 'id', path),
    name: optString(o, 'label', path),
    periodStart: null,
    periodEnd: null,
    // Polar's line items carry no quantity (the label says it).
    quantity: '1',
    amount: money(o, 'amount', path, currency),
    currency: currency.toUpperCase(),
  };
}

export function mapOrderDetail(raw: unknown, path = 'order'): InvoiceDetail & { hasDocument: boolean } {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const invoice = mapOrderFields(o, path);
    const currency = invoice.currency.toLowerCase();
    const items = o.items === null || o.items === undefined ? [] : asArray(o.items, `${path}.items`);
    const applied = optMinor(o, 'applied_balance_amount', path);
    return {
      ...invoice,
      lineItems: items.map((item, i) => mapOrderItem(item, currency, `${path}.items[${i}]`)),
      subtotal: money(o, 'subtotal_amount', path, currency),
      totalDiscount: fromMinor(optMinor(o, 'discount_amount', path), currency),
      totalTax: fromMinor(optMinor(o, 'tax_amount', path), currency),
      // Negative `applied_balance_amount` is account credit spent on the order.
      prepaidCreditsApplied: fromMinor(applied < 0 ? -applied : 0, currency),
      refundedAmount: fromMinor(optMinor(o, 'refunded_amount', path) + optMinor(o, 'refunded_tax_amount', path), currency),
    };
  });
}

/** Whether an order has a generated invoice / an allocated receipt (which document route to ask). */
export function orderDocuments(raw: unknown, path = 'order'): { invoice: boolean; receipt: boolean } {
  return mapped(path, () => {
    const o = asObject(raw, path);
    return { invoice: optBoolean(o, 'is_invoice_generated', path), receipt: optNonEmpty(o, 'receipt_number', path) !== null };
  });
}

// ------------------------------------------------------------------ documents

/** `{url}` of `/orders/{id}/invoice` or `/receipt` → a URL safe to open. */
export function mapDocumentUrl(raw: unknown, path: string): string {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const text = reqString(o, 'url', path).trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch (cause) {
      throw schemaError(`${path}.url`, 'an absolute URL', cause);
    }
    if (!isSafeExternalUrl(url)) {
      throw new ApiError({
        kind: 'schema',
        code: 'unsafe_url',
        message: 'The server sent an invoice link that is not safe to open.',
        details: { path: `${path}.url`, protocol: url.protocol },
      });
    }
    return url.href;
  });
}

// ------------------------------------------------------------------ usage

interface MeterUnit {
  singular: string;
  plural: string;
}

/** Unit words of a meter from the subscriptions' metered prices (`custom_label`, or "token(s)"). */
function meterUnits(subscriptions: readonly unknown[]): Map<string, MeterUnit> {
  const units = new Map<string, MeterUnit>();
  for (const sub of subscriptions) {
    if (!isObject(sub) || !Array.isArray(sub.prices)) continue;
    for (const price of sub.prices) {
      if (!isObject(price) || !isObject(price.meter) || typeof price.meter_id !== 'string') continue;
      const meter = price.meter;
      const label = typeof meter.custom_label === 'string' ? meter.custom_label.trim() : '';
      if (label) units.set(price.meter_id, { singular: label, plural: label });
      else if (meter.unit === 'token') units.set(price.meter_id, { singular: 'token', plural: 'tokens' });
    }
  }
  return units;
}

/**
 * Usage per meter: customer meters (consumed / credited / balance) with the
 * cost of the active subscriptions' current period; a meter a subscription
 * reports but the customer has none of yet is included from the subscription.
 */
export function mapUsage(rawMeters: readonly unknown[], rawSubscriptions: readonly unknown[]): UsageSummary {
  return mapped('usage', () => {
    const subscriptions = rawSubscriptions.map((s, i) => ({ raw: s, sub: mapSubscription(s, `subscriptions[${i}]`) }));
    const units = meterUnits(rawSubscriptions);
    const costs = new Map<string, { cost: string[]; currency: string; consumed: string; credited: string; name: string }>();
    for (const { sub } of subscriptions) {
      for (const m of sub.meters ?? []) {
        const entry = costs.get(m.meterId) ?? { cost: [], currency: sub.currency, consumed: m.consumed, credited: m.credited, name: m.name };
        // Costs in another currency than the first subscription's cannot be added up.
        if (entry.currency === sub.currency) entry.cost.push(m.cost);
        costs.set(m.meterId, entry);
      }
    }
    const main = subscriptions.find(({ sub }) => (sub.meters ?? []).length > 0)?.raw;
    const period = isObject(main) ? main : null;
    const nextResetAt = period ? (optDate(period, 'current_meter_period_end') ?? optDate(period, 'current_period_end')) : null;
    const features: FeatureQuota[] = [];
    const seen = new Set<string>();
    rawMeters.forEach((raw, i) => {
      const path = `meters[${i}]`;
      const o = asObject(raw, path);
      const meterId = reqId(o, 'meter_id', path);
      seen.add(meterId);
      const meter = isObject(o.meter) ? o.meter : null;
      const unit = units.get(meterId) ?? { singular: '', plural: '' };
      const charged = costs.get(meterId);
      features.push({
        featureId: meterId,
        name: (meter ? optString(meter, 'name', `${path}.meter`) : '') || (charged?.name ?? ''),
        unitSingular: unit.singular,
        unitPlural: unit.plural,
        usage: reqDecimal(o, 'consumed_units', path),
        limit: null,
        unlimited: false,
        softLimit: false,
        nextResetAt,
        credited: reqDecimal(o, 'credited_units', path),
        balance: reqDecimal(o, 'balance', path),
        ...(charged ? { cost: sum(charged.cost), currency: charged.currency } : {}),
      });
    });
    for (const [meterId, charged] of costs) {
      if (seen.has(meterId)) continue;
      const unit = units.get(meterId) ?? { singular: '', plural: '' };
      features.push({
        featureId: meterId,
        name: charged.name,
        unitSingular: unit.singular,
        unitPlural: unit.plural,
        usage: charged.consumed,
        limit: null,
        unlimited: false,
        softLimit: false,
        nextResetAt,
        credited: charged.credited,
        balance: sum([charged.credited, `-${charged.consumed}`.replace(/^--/, '')]),
        cost: sum(charged.cost),
        currency: charged.currency,
      });
    }
    return {
      features,
      periodStart: period ? (optDate(period, 'current_meter_period_start') ?? optDate(period, 'current_period_start')) : null,
      periodEnd: period ? (optDate(period, 'current_meter_period_end') ?? optDate(period, 'current_period_end')) : null,
    };
  });
}

/** `expires_at` of an introspection answer, or null when it is not readable. */
export function readIntrospection(raw: unknown): Date | null {
  try {
    return reqDate(asObject(raw, 'introspect'), 'expires_at', 'introspect');
  } catch {
    return null;
  }
}

/** The customer's id from `/customers/me`, or null when it is not readable. */
export function readCustomerId(raw: unknown): string | null {
  try {
    return reqId(asObject(raw, 'customer'), 'id', 'customer');
  } catch {
    return null;
  }
}

/** Waits between polls of a receipt that is still rendering (202): 1 s, 2 s, 4 s, then gives up. */
const RECEIPT_POLLS_MS = [1_000, 2_000, 4_000];

/** What `orderPdfUrl` needs from the backend: its client, what the lists told about documents, its timers. */
export interface OrderDocumentsContext {
  client: Pick<PolarClient, 'getOrder' | 'getOrderInvoice' | 'getOrderReceipt'>;
  documents: Map<string, { invoice: boolean; receipt: boolean }>;
  timers: Timers;
}

/**
 * The PDF of an order: its generated invoice, else its receipt (polled while
 * Polar renders it), else an `ApiError` 404 `no_document`. Never asks Polar
 * to generate an invoice (that POST is permanent). Here, in the lazily loaded
 * mappings, because only the Invoices tab needs it.
 */
export async function orderPdfUrl(ctx: OrderDocumentsContext, id: string, signal: AbortSignal): Promise<string> {
  let docs = ctx.documents.get(id);
  if (!docs) {
    docs = orderDocuments(await ctx.client.getOrder(id, signal));
    ctx.documents.set(id, docs);
  }
  if (docs.invoice) {
    try {
      return mapDocumentUrl(await ctx.client.getOrderInvoice(id, signal), 'invoice');
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'InvoiceDoesNotExist' && docs.receipt)) throw error;
    }
  }
  if (!docs.receipt) {
    throw new ApiError({ kind: 'http', status: 404, code: 'no_document', message: 'This invoice has no PDF yet.' });
  }
  for (let poll = 0; ; poll++) {
    const answer = await ctx.client.getOrderReceipt(id, signal);
    if (answer !== null) return mapDocumentUrl(answer, 'receipt');
    const wait = RECEIPT_POLLS_MS[poll];
    if (wait === undefined) {
      throw new ApiError({ kind: 'http', status: 202, code: 'document_pending', message: 'The receipt is still being prepared. Try again in a moment.' });
    }
    await sleep(ctx.timers, wait, signal);
  }
}

function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedError(signal.reason));
      return;
    }
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(abortedError(signal.reason));
    };
    const handle = timers.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
