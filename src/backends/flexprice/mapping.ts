/**
 * The Flexprice mappings: wire answers → the backend-neutral view model,
 * validating at runtime every field the UI reads (a truncated or
 * schema-violating answer rejects with `ApiError` kind `schema`; unknown enum
 * values map to `unknown` / `other_*`; a missing or garbage optional date is
 * null). Its own chunk, with the portal config's mapping (portal-config.ts):
 * `FlexpriceBackend` imports it with its first request, in parallel, so
 * neither the CDN first chunk nor the first API wave waits for it.
 */
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
  TransactionKind,
  UsagePoint,
  UsageSeries,
  UsageSeriesItem,
  UsageSummary,
  Wallet,
  WalletTransaction,
} from '../../api/model.js';
import { isTimeZone } from '../../format/zone.js';
import {
  asArray,
  asObject,
  decimalOr,
  enumOr,
  isObject,
  optBoolean,
  optDate,
  optDecimal,
  optInteger,
  optNonEmpty,
  optString,
  reqDate,
  reqDecimal,
  reqId,
  reqInteger,
  reqString,
  schemaError,
  mapped,
  type Json,
} from '../../api/validate.js';

// The portal config travels in this chunk too: the backend reads it from here.
export { mapConfig } from './portal-config.js';

/** @internal */
export function upper(currency: string): string {
  return currency.trim().toUpperCase();
}

/** Drops the sign of a decimal string (amounts carry their sign in `direction`). @internal */
export function magnitude(value: string): string {
  return value.startsWith('-') ? value.slice(1) : value;
}

/** The shared mapper guard (src/api/validate.ts), re-exported for callers of this module. @internal */
export { mapped };

// ------------------------------------------------------------------ mappers

export function mapCustomer(raw: unknown): Customer {
  return mapped('info', () => {
    const o = asObject(raw, 'info');
    const zone = optString(o, 'timezone', 'info');
    return {
      id: reqId(o, 'id', 'info'),
      externalId: optString(o, 'external_id', 'info'),
      name: optString(o, 'name', 'info'),
      email: optString(o, 'email', 'info'),
      timeZone: isTimeZone(zone) ? zone : null,
    };
  });
}

export function mapWallet(raw: unknown, path = 'wallet'): Wallet {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const realCredits = optDecimal(o, 'real_time_credit_balance', path, null);
    const realBalance = optDecimal(o, 'real_time_balance', path, null);
    return {
      id: reqId(o, 'id', path),
      name: optString(o, 'name', path),
      currency: upper(reqString(o, 'currency', path)),
      status: enumOr(o.wallet_status, ['active', 'frozen', 'closed'] as const, 'unknown'),
      prepaid: o.wallet_type !== 'POST_PAID',
      creditBalance: realCredits ?? reqDecimal(o, 'credit_balance', path),
      balance: realBalance ?? reqDecimal(o, 'balance', path),
      conversionRate: reqDecimal(o, 'conversion_rate', path),
      realTime: realCredits !== null || realBalance !== null,
      balanceUpdatedAt: optDate(o, 'balance_updated_at'),
    };
  });
}

/** `POST /wallets` answers a bare array. */
export function mapWallets(raw: unknown): Wallet[] {
  return mapped('wallets', () => asArray(raw, 'wallets').map((w, i) => mapWallet(w, `wallets[${i}]`)));
}

export function mapSubscription(raw: unknown, path = 'subscription'): Subscription {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const plan = isObject(o.plan) ? o.plan : null;
    return {
      id: reqId(o, 'id', path),
      planName: plan ? optString(plan, 'name', `${path}.plan`) : '',
      planDescription: plan ? optString(plan, 'description', `${path}.plan`) : '',
      status: enumOr(o.subscription_status, ['active', 'trialing', 'paused', 'cancelled', 'incomplete', 'draft'] as const, 'unknown'),
      currency: upper(reqString(o, 'currency', path)),
      billingPeriod: optString(o, 'billing_period', path).toLowerCase(),
      currentPeriodStart: optDate(o, 'current_period_start'),
      currentPeriodEnd: optDate(o, 'current_period_end'),
      trialEnd: optDate(o, 'trial_end'),
      cancelAt: optDate(o, 'cancel_at'),
      cancelAtPeriodEnd: optBoolean(o, 'cancel_at_period_end', path),
    };
  });
}

export function mapPage<T>(raw: unknown, path: string, item: (value: unknown, path: string) => T): Page<T> {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const items = asArray(o.items, `${path}.items`).map((v, i) => item(v, `${path}.items[${i}]`));
    const pagination = asObject(o.pagination, `${path}.pagination`);
    const total = reqInteger(pagination, 'total', `${path}.pagination`);
    return { items, total: Math.max(total, items.length) };
  });
}

function mapPoint(raw: unknown, path: string): UsagePoint {
  const o = asObject(raw, path);
  return {
    time: reqDate(o, 'timestamp', path),
    usage: reqDecimal(o, 'usage', path),
    cost: decimalOr(o, 'cost', path, '0'),
    eventCount: optInteger(o, 'event_count', path) ?? 0,
  };
}

function mapGroup(raw: unknown, path: string): { id: string; name: string } | null {
  if (!isObject(raw)) return null;
  const id = optString(raw, 'id', path);
  if (id === '') return null;
  return { id, name: optString(raw, 'name', path) || id };
}

export function mapUsageSeries(raw: unknown, asOf: Date): UsageSeries {
  return mapped('analytics', () => {
    const o = asObject(raw, 'analytics');
    const currency = upper(optString(o, 'currency', 'analytics'));
    const rawItems = o.items === null || o.items === undefined ? [] : asArray(o.items, 'analytics.items');
    const seen = new Map<string, number>();
    const items = rawItems.map((entry, i): UsageSeriesItem => {
      const path = `analytics.items[${i}]`;
      const it = asObject(entry, path);
      const feature = isObject(it.feature) ? it.feature : null;
      const fp = `${path}.feature`;
      const featureId = optString(it, 'feature_id', path);
      const baseKey = featureId || optString(it, 'meter_id', path) || optString(it, 'source', path) || `item-${i}`;
      const n = (seen.get(baseKey) ?? 0) + 1;
      seen.set(baseKey, n);
      const unitSingular = optString(it, 'unit', path) || (feature ? optString(feature, 'unit_singular', fp) : '');
      const unitPlural = optString(it, 'unit_plural', path) || (feature ? optString(feature, 'unit_plural', fp) : '') || unitSingular;
      const rawPoints = it.points === null || it.points === undefined ? [] : asArray(it.points, `${path}.points`);
      const points = rawPoints.map((p, j) => mapPoint(p, `${path}.points[${j}]`)).sort((a, b) => a.time.getTime() - b.time.getTime());
      return {
        key: n === 1 ? baseKey : `${baseKey}#${n}`,
        featureId: featureId || (feature ? optString(feature, 'id', fp) : ''),
        meterId: optString(it, 'meter_id', path),
        name: optString(it, 'name', path) || (feature ? optString(feature, 'name', fp) : '') || optString(it, 'event_name', path),
        unitSingular,
        unitPlural,
        group: mapGroup(it.group, `${path}.group`) ?? (feature ? mapGroup(feature.group, `${fp}.group`) : null),
        totalUsage: reqDecimal(it, 'total_usage', path),
        eventCount: optInteger(it, 'event_count', path) ?? 0,
        totalCost: decimalOr(it, 'total_cost', path, '0'),
        currency: upper(optString(it, 'currency', path)) || currency,
        points,
      };
    });
    return {
      currency,
      totalCost: decimalOr(o, 'total_cost', 'analytics', '0'),
      items,
      asOf,
    };
  });
}


const TRANSACTION_KINDS: Record<string, TransactionKind> = {
  INVOICE_PAYMENT: 'invoice_payment',
  FREE_CREDIT_GRANT: 'free_credit',
  SUBSCRIPTION_CREDIT_GRANT: 'subscription_credit',
  PURCHASED_CREDIT_INVOICED: 'purchased_credit_invoiced',
  PURCHASED_CREDIT_DIRECT: 'purchased_credit',
  PURCHASED_CREDIT_BONUS: 'purchased_credit_bonus',
  CREDIT_NOTE: 'credit_note',
  CREDIT_EXPIRED: 'credit_expired',
  WALLET_TERMINATION: 'wallet_termination',
  MANUAL_BALANCE_DEBIT: 'manual_debit',
  CREDIT_ADJUSTMENT: 'adjustment',
  INVOICE_VOID_REFUND: 'void_refund',
};

/**
 * Display status of an invoice, first rule that applies: voided, draft,
 * refunded, partially refunded, paid (SUCCEEDED / OVERPAID), overdue (unpaid
 * and due date past), pending.
 */
export function invoiceDisplayStatus(invoiceStatus: string, paymentStatus: string, dueDate: Date | null, now: Date): InvoiceStatus {
  if (invoiceStatus === 'VOIDED' || paymentStatus === 'VOIDED') return 'voided';
  if (invoiceStatus === 'DRAFT') return 'draft';
  if (paymentStatus === 'REFUNDED') return 'refunded';
  if (paymentStatus === 'PARTIALLY_REFUNDED') return 'partially_refunded';
  if (paymentStatus === 'SUCCEEDED' || paymentStatus === 'OVERPAID') return 'paid';
  if (dueDate && dueDate.getTime() < now.getTime()) return 'overdue';
  return 'pending';
}

/** Transaction kind from Flexprice's `transaction_reason`; unknown reasons fall back by direction. */
export function transactionKind(reason: unknown, direction: 'credit' | 'debit'): TransactionKind {
  if (typeof reason === 'string' && Object.hasOwn(TRANSACTION_KINDS, reason)) return TRANSACTION_KINDS[reason] as TransactionKind;
  return direction === 'credit' ? 'other_credit' : 'other_debit';
}

/**
 * True for a URL the element may open: `https:`, or `http:` on a loopback
 * host (local development). Never `javascript:`, `data:`, `blob:` or
 * plain-HTTP on a public host.
 */
export function isSafeDocumentUrl(url: URL): boolean {
  return isSafeExternalUrl(url);
}

export function mapTransaction(raw: unknown, path = 'transaction'): WalletTransaction {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const amount = reqDecimal(o, 'amount', path);
    const creditAmount = reqDecimal(o, 'credit_amount', path);
    const type = o.type;
    const direction: 'credit' | 'debit' =
      type === 'credit' || type === 'debit' ? type : amount.startsWith('-') || creditAmount.startsWith('-') ? 'debit' : 'credit';
    const priority = o.priority;
    return {
      id: reqId(o, 'id', path),
      direction,
      kind: transactionKind(o.transaction_reason, direction),
      description: optString(o, 'description', path),
      amount: magnitude(amount),
      creditAmount: magnitude(creditAmount),
      currency: upper(optString(o, 'currency', path)),
      status: enumOr(o.transaction_status, ['pending', 'completed', 'failed'] as const, 'unknown'),
      createdAt: reqDate(o, 'created_at', path),
      expiryDate: optDate(o, 'expiry_date'),
      priority: typeof priority === 'number' && Number.isSafeInteger(priority) ? priority : null,
    };
  });
}

function mapInvoiceFields(o: Json, path: string, now: Date): Invoice {
  const dueDate = optDate(o, 'due_date');
  const number = o.invoice_number;
  if (number !== null && number !== undefined && typeof number !== 'string') throw schemaError(`${path}.invoice_number`, 'a string or null');
  return {
    id: reqId(o, 'id', path),
    number: typeof number === 'string' && number.trim() !== '' ? number : null,
    status: invoiceDisplayStatus(optString(o, 'invoice_status', path), optString(o, 'payment_status', path), dueDate, now),
    currency: upper(reqString(o, 'currency', path)),
    total: reqDecimal(o, 'total', path),
    amountDue: reqDecimal(o, 'amount_due', path),
    amountPaid: reqDecimal(o, 'amount_paid', path),
    amountRemaining: reqDecimal(o, 'amount_remaining', path),
    date: optDate(o, 'finalized_at') ?? reqDate(o, 'created_at', path),
    dueDate,
    periodStart: optDate(o, 'period_start'),
    periodEnd: optDate(o, 'period_end'),
  };
}

export function mapInvoice(raw: unknown, now: Date, path = 'invoice'): Invoice {
  return mapped(path, () => mapInvoiceFields(asObject(raw, path), path, now));
}

function mapLineItem(raw: unknown, currency: string, path: string): InvoiceLineItem {
  const o = asObject(raw, path);
  const name = optNonEmpty(o, 'display_name', path) ?? optNonEmpty(o, 'plan_display_name', path) ?? optNonEmpty(o, 'meter_display_name', path) ?? '';
  return {
    id: reqId(o, 'id', path),
    name,
    periodStart: optDate(o, 'period_start'),
    periodEnd: optDate(o, 'period_end'),
    quantity: reqDecimal(o, 'quantity', path),
    amount: reqDecimal(o, 'amount', path),
    currency: upper(optString(o, 'currency', path, currency)) || currency,
    meterId: optString(o, 'price_type', path).toUpperCase() === 'USAGE' ? optString(o, 'meter_id', path) || null : null,
  };
}

export function mapInvoiceDetail(raw: unknown, now: Date, path = 'invoice'): InvoiceDetail {
  return mapped(path, () => {
    const o = asObject(raw, path);
    const invoice = mapInvoiceFields(o, path, now);
    const lines = o.line_items === undefined || o.line_items === null ? [] : asArray(o.line_items, `${path}.line_items`);
    return {
      ...invoice,
      lineItems: lines.map((line, i) => mapLineItem(line, invoice.currency, `${path}.line_items[${i}]`)),
      subtotal: decimalOr(o, 'subtotal', path, invoice.total),
      totalDiscount: decimalOr(o, 'total_discount', path, '0'),
      totalTax: decimalOr(o, 'total_tax', path, '0'),
      prepaidCreditsApplied: decimalOr(o, 'total_prepaid_credits_applied', path, '0'),
      refundedAmount: decimalOr(o, 'refunded_amount', path, '0'),
    };
  });
}

export function mapUsageSummary(raw: unknown): UsageSummary {
  return mapped('usage', () => {
    const o = asObject(raw, 'usage');
    const features = o.features === null || o.features === undefined ? [] : asArray(o.features, 'usage.features');
    const quotas: FeatureQuota[] = [];
    features.forEach((entry, i) => {
      const path = `usage.features[${i}]`;
      const f = asObject(entry, path);
      const feature = asObject(f.feature, `${path}.feature`);
      if (feature.type !== 'metered') return;
      const fp = `${path}.feature`;
      const unitSingular = optString(feature, 'unit_singular', fp);
      quotas.push({
        featureId: reqId(feature, 'id', fp),
        name: optString(feature, 'name', fp),
        unitSingular,
        unitPlural: optString(feature, 'unit_plural', fp) || unitSingular,
        usage: reqDecimal(f, 'current_usage', path),
        limit: optInteger(f, 'total_limit', path),
        unlimited: optBoolean(f, 'is_unlimited', path),
        softLimit: optBoolean(f, 'is_soft_limit', path),
        nextResetAt: optDate(f, 'next_usage_reset_at'),
      });
    });
    const period = isObject(o.period) ? o.period : null;
    return {
      features: quotas,
      periodStart: period ? optDate(period, 'start_time') : null,
      periodEnd: period ? optDate(period, 'end_time') : null,
    };
  });
}

export function mapPdfUrl(raw: unknown): string {
  return mapped('pdf', () => {
    const o = asObject(raw, 'pdf');
    const text = reqString(o, 'presigned_url', 'pdf').trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch (cause) {
      throw schemaError('pdf.presigned_url', 'an absolute URL', cause);
    }
    if (!isSafeDocumentUrl(url)) {
      throw new ApiError({
        kind: 'schema',
        code: 'unsafe_url',
        message: 'The server sent an invoice link that is not safe to open.',
        details: { path: 'pdf.presigned_url', protocol: url.protocol },
      });
    }
    return url.href;
  });
}
