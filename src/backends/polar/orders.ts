/**
 * Polar orders (the invoices) → the view model, and their PDF documents.
 * Part of the lazily loaded mappings (mapping.ts hands these to the backend).
 *
 * Decisions (contract §5, §7, §8; PRODUCT.md "Backends"):
 * - Orders are the invoices. Status, first that applies: `void` → Voided,
 *   `draft` → Draft, `refunded` → Refunded, `partially_refunded` → Partially
 *   refunded, `paid` (or `paid: true` with an unknown status) → Paid, else
 *   Pending. Polar has no due date, so an order is never Overdue.
 * - An order has a document when Polar generated its invoice or allocated a
 *   receipt number; with neither the Invoices tab shows no PDF button.
 */
import { abortedError, type Timers } from '../../api/http.js';
import type { PolarClient } from './client.js';
import { ApiError } from '../../api/errors.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import type { Invoice, InvoiceDetail, InvoiceLineItem, InvoiceStatus } from '../../api/model.js';
import { asArray, asObject, mapped, optBoolean, optNonEmpty, optString, reqDate, reqId, reqInteger, reqString, schemaError, type Json } from '../../api/validate.js';
import { currencyOf, fromMinor, money, optMinor } from './money.js';

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

// ------------------------------------------------------------------ the PDF

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
