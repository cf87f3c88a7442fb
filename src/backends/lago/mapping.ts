/**
 * Lago wire data → the backend-neutral view model. Every field read is
 * checked (`api/validate.ts`): a violation is an `ApiError` kind `schema`,
 * never a `TypeError`.
 *
 * Lago's quirks handled here: amounts are `…Cents` BigInt strings in the
 * currency's minor units (Lago's own precision table, not Intl's), credits
 * and rates are floats, currencies uppercase, `issuingDate`/`paymentDueDate`
 * are dates without a time, zones are `TimezoneEnum` names (`TZ_EUROPE_PARIS`).
 */
import type { Customer, Decimal, Invoice, InvoiceDetail, InvoiceLineItem, InvoiceStatus, Subscription, SubscriptionStatus, Wallet } from '../../api/model.js';
import { asArray, asObject, enumOr, optDate, optString, reqDecimal, reqId, schemaError, type Json } from '../../api/validate.js';
import { normalize } from '../../format/decimal-core.js';

const ZERO_DIGITS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DIGITS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Minor digits of a currency as Lago stores `…Cents` (lago-front `serializeAmount`). */
export function lagoMinorDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DIGITS.has(code)) return 0;
  if (THREE_DIGITS.has(code)) return 3;
  if (code === 'CLF') return 4;
  return 2;
}

/** `"12550"` USD → `"125.5"`; `"-5"` JPY → `"-5"`. Throws `schema` for anything but an integer string. */
export function centsToDecimal(value: unknown, currency: string, path: string): Decimal {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d{1,40}$/.test(text)) throw schemaError(path, 'an integer amount in minor units');
  const digits = lagoMinorDigits(currency);
  const negative = text.startsWith('-');
  const abs = (negative ? text.slice(1) : text).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return normalize(`${negative ? '-' : ''}${whole}${digits ? `.${fraction}` : ''}`);
}

function cents(o: Json, key: string, currency: string, path: string): Decimal {
  return centsToDecimal(o[key], currency, `${path}.${key}`);
}

function optCents(o: Json, key: string, currency: string, path: string): Decimal {
  const v = o[key];
  return v === undefined || v === null ? '0' : centsToDecimal(v, currency, `${path}.${key}`);
}

function currencyOf(o: Json, key: string, path: string, fallback?: string): string {
  const v = o[key];
  if (typeof v === 'string' && /^[A-Za-z]{3}$/.test(v)) return v.toUpperCase();
  if ((v === null || v === undefined) && fallback) return fallback;
  throw schemaError(`${path}.${key}`, 'an ISO 4217 currency code');
}

/**
 * An ISO8601Date (`2026-08-22`) as noon UTC that day, so the calendar date reads
 * the same in every display zone from UTC−11 to UTC+11; datetimes as they are.
 */
export function lagoDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    const ms = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  return optDate({ v: value }, 'v');
}

let zoneIndex: Map<string, string> | null = null;

/** `TZ_AMERICA_NEW_YORK` → `America/New_York`; null when the enum names no zone this browser knows. */
export function lagoTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('TZ_')) return null;
  if (value === 'TZ_UTC' || value === 'TZ_ETC_UTC') return 'UTC';
  if (!zoneIndex) {
    zoneIndex = new Map();
    const supported = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] }).supportedValuesOf;
    for (const zone of supported ? supported('timeZone') : []) zoneIndex.set(`TZ_${zone.replace(/[/-]/g, '_').toUpperCase()}`, zone);
  }
  return zoneIndex.get(value.toUpperCase()) ?? null;
}

function collectionOf(data: unknown, root: string): { items: unknown[]; total: number } {
  const field = asObject(asObject(data, 'data')[root], `data.${root}`);
  const items = asArray(field.collection, `data.${root}.collection`);
  const metadata = field.metadata === undefined ? null : asObject(field.metadata, `data.${root}.metadata`);
  const total = metadata && typeof metadata.totalCount === 'number' && Number.isInteger(metadata.totalCount) ? metadata.totalCount : items.length;
  return { items, total };
}
export { collectionOf as lagoCollection };

export function mapCustomer(data: unknown): Customer {
  const path = 'data.customerPortalUser';
  const o = asObject(asObject(data, 'data').customerPortalUser, path);
  return {
    id: reqId(o, 'id', path),
    // Lago's portal customer has no external id field.
    externalId: '',
    name: optString(o, 'displayName', path) || optString(o, 'name', path),
    email: optString(o, 'email', path),
    timeZone: lagoTimeZone(o.applicableTimezone),
  };
}

export function mapWallet(value: unknown, path: string): Wallet {
  const o = asObject(value, path);
  const currency = currencyOf(o, 'currency', path);
  const ongoing = o.ongoingBalanceCents === undefined || o.ongoingBalanceCents === null ? null : cents(o, 'ongoingBalanceCents', currency, path);
  const balance = cents(o, 'balanceCents', currency, path);
  return {
    id: reqId(o, 'id', path),
    name: optString(o, 'name', path) || optString(o, 'code', path),
    currency,
    status: enumOr(o.status, ['active'] as const, 'closed'),
    prepaid: true,
    // Lago's "ongoing" balance is the real-time one: the balance minus usage not yet invoiced.
    creditBalance: reqDecimal(o, ongoing === null ? 'creditsBalance' : 'creditsOngoingBalance', path),
    balance: ongoing ?? balance,
    conversionRate: reqDecimal(o, 'rateAmount', path),
    realTime: ongoing !== null,
    balanceUpdatedAt: optDate(o, 'lastBalanceSyncAt'),
  };
}

const SUBSCRIPTION_STATUS: Record<string, SubscriptionStatus> = {
  active: 'active',
  pending: 'draft',
  canceled: 'cancelled',
  terminated: 'cancelled',
  incomplete: 'incomplete',
};

export function mapSubscription(value: unknown, path: string): Subscription {
  const o = asObject(value, path);
  const plan = asObject(o.plan, `${path}.plan`);
  const planName = optString(plan, 'invoiceDisplayName', `${path}.plan`) || optString(plan, 'name', `${path}.plan`) || optString(o, 'name', path);
  return {
    id: reqId(o, 'id', path),
    planName,
    planDescription: '',
    status: typeof o.status === 'string' ? (SUBSCRIPTION_STATUS[o.status] ?? 'unknown') : 'unknown',
    currency: currencyOf(plan, 'amountCurrency', `${path}.plan`),
    billingPeriod: optString(plan, 'interval', `${path}.plan`).toLowerCase(),
    currentPeriodStart: optDate(o, 'currentBillingPeriodStartedAt'),
    currentPeriodEnd: optDate(o, 'currentBillingPeriodEndingAt'),
    trialEnd: null,
    cancelAt: optDate(o, 'endingAt'),
    cancelAtPeriodEnd: false,
  };
}

/**
 * Display status, first that applies: Voided, Draft, Paid (payment succeeded),
 * Overdue (Lago's `paymentOverdue`, or unpaid with the due date past), Pending.
 */
export function lagoInvoiceStatus(o: Json, now: Date): InvoiceStatus {
  if (o.status === 'voided') return 'voided';
  if (o.status === 'draft') return 'draft';
  if (o.paymentStatus === 'succeeded') return 'paid';
  if (o.paymentOverdue === true) return 'overdue';
  const due = lagoDate(o.paymentDueDate);
  if (o.status === 'finalized' && due && due.getTime() + 12 * 3600_000 < now.getTime()) return 'overdue';
  return 'pending';
}

/** `fileUrl` when it is a plain http(s) link (anything else is no document). */
export function safeFileUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function mapInvoice(value: unknown, path: string, now: Date, customerCurrency: string): Invoice {
  const o = asObject(value, path);
  const currency = currencyOf(o, 'currency', path, customerCurrency);
  const date = lagoDate(o.issuingDate);
  if (!date) throw schemaError(`${path}.issuingDate`, 'an ISO 8601 date');
  const period = Array.isArray(o.invoiceSubscriptions) && o.invoiceSubscriptions.length ? asObject(o.invoiceSubscriptions[0], `${path}.invoiceSubscriptions[0]`) : null;
  const due = cents(o, 'totalDueAmountCents', currency, path);
  const number = typeof o.number === 'string' && o.number.trim() !== '' ? o.number : null;
  const status = lagoInvoiceStatus(o, now);
  return {
    id: reqId(o, 'id', path),
    number,
    status,
    currency,
    total: cents(o, 'totalAmountCents', currency, path),
    amountDue: due,
    amountPaid: optCents(o, 'totalPaidAmountCents', currency, path),
    amountRemaining: due,
    date,
    dueDate: lagoDate(o.paymentDueDate),
    periodStart: period ? optDate(period, 'fromDatetime') : null,
    periodEnd: period ? optDate(period, 'toDatetime') : null,
    hasDocument: status !== 'draft' && safeFileUrl(o.fileUrl) !== null,
  };
}

export function mapInvoiceDetail(value: unknown, path: string, now: Date, customerCurrency: string): InvoiceDetail {
  const invoice = mapInvoice(value, path, now, customerCurrency);
  const o = asObject(value, path);
  const fees = o.fees === null || o.fees === undefined ? [] : asArray(o.fees, `${path}.fees`);
  const lineItems: InvoiceLineItem[] = fees.map((fee, i) => {
    const fp = `${path}.fees[${i}]`;
    const f = asObject(fee, fp);
    const currency = currencyOf(f, 'currency', fp, invoice.currency);
    const props = f.properties === null || f.properties === undefined ? null : asObject(f.properties, `${fp}.properties`);
    return {
      id: reqId(f, 'id', fp),
      name: optString(f, 'invoiceDisplayName', fp) || optString(f, 'itemName', fp),
      periodStart: props ? optDate(props, 'fromDatetime') : null,
      periodEnd: props ? optDate(props, 'toDatetime') : null,
      quantity: reqDecimal(f, 'units', fp),
      amount: cents(f, 'amountCents', currency, fp),
      currency,
    };
  });
  return {
    ...invoice,
    lineItems,
    subtotal: optCents(o, 'subTotalExcludingTaxesAmountCents', invoice.currency, path),
    totalDiscount: optCents(o, 'couponsAmountCents', invoice.currency, path),
    totalTax: optCents(o, 'taxesAmountCents', invoice.currency, path),
    prepaidCreditsApplied: optCents(o, 'prepaidCreditAmountCents', invoice.currency, path),
    refundedAmount: optCents(o, 'creditNotesAmountCents', invoice.currency, path),
  };
}
