/**
 * The Flexprice mappings only the lazily loaded tabs need: wallet
 * transactions (Credits), invoices, invoice detail and PDF links (Invoices),
 * usage against limits (Usage). `FlexpriceBackend` imports this module on
 * first use (its own small chunk in the CDN build); the same validation rules
 * as flexprice-backend.ts apply.
 */
import { ApiError } from './errors.js';
import type { FeatureQuota, Invoice, InvoiceDetail, InvoiceLineItem, InvoiceStatus, TransactionKind, UsageSummary, WalletTransaction } from './model.js';
import { asArray, asObject, decimalOr, enumOr, isObject, optBoolean, optDate, optInteger, optNonEmpty, optString, reqDate, reqDecimal, reqId, reqString, schemaError, type Json } from './validate.js';
import { magnitude, mapped, upper } from './flexprice-backend.js';

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

const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

/**
 * True for a URL the element may open: `https:`, or `http:` on a loopback
 * host (local development). Never `javascript:`, `data:`, `blob:` or
 * plain-HTTP on a public host.
 */
export function isSafeDocumentUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || LOOPBACK_V4.test(host) || host === '[::1]';
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
