/**
 * Everything that reads Lago's answers (`LagoBackend` hands each one here):
 * the mappings, the checks and the sums. Its own lazily loaded chunk, imported
 * alongside the first request (see `wire()` in backend.ts), so the adapter in
 * the first chunk is the requests only.
 */
import type { BillingHistory, Customer, FeatureQuota, Invoice, InvoiceDetail, Page, Subscription, UsageSummary, Wallet } from '../../api/model.js';
import { asArray, asObject, optDate, optString, reqDecimal, reqId } from '../../api/validate.js';
import { isDecimal, sum } from '../../format/decimal-core.js';
import { centsToDecimal, lagoCollection, mapCustomer, mapInvoice, mapInvoiceDetail, mapSubscription, mapWallet } from './mapping.js';

/** The customer, with the currency its amounts are in (USD when Lago names none). */
export function customerWithCurrency(data: Record<string, unknown>): Customer & { currency: string } {
  const user = asObject(data.customerPortalUser, 'data.customerPortalUser');
  const currency = typeof user.currency === 'string' && /^[A-Za-z]{3}$/.test(user.currency) ? user.currency.toUpperCase() : 'USD';
  return { ...mapCustomer(data), currency };
}

export function wallets(data: Record<string, unknown>): Wallet[] {
  return lagoCollection(data, 'customerPortalWallets').items.map((w, i) => mapWallet(w, `data.customerPortalWallets.collection[${i}]`));
}

export function subscriptions(data: Record<string, unknown>): Page<Subscription> {
  const { items, total } = lagoCollection(data, 'customerPortalSubscriptions');
  return { items: items.map((s, i) => mapSubscription(s, `data.customerPortalSubscriptions.collection[${i}]`)), total };
}

export function invoices(data: Record<string, unknown>, now: Date, currency: string): Page<Invoice> {
  const { items, total } = lagoCollection(data, 'customerPortalInvoices');
  return { items: items.map((inv, i) => mapInvoice(inv, `data.customerPortalInvoices.collection[${i}]`, now, currency)), total };
}

/** The invoice `id` of a search answer, as sent (undefined: not there). */
export function invoiceWire(data: Record<string, unknown>, id: string): unknown {
  return lagoCollection(data, 'customerPortalInvoices').items.find((inv) => asObject(inv, 'invoice').id === id);
}

export function invoiceDetail(raw: unknown, now: Date, currency: string): InvoiceDetail {
  return mapInvoiceDetail(raw, 'data.customerPortalInvoices.collection[0]', now, currency);
}

/** An invoice's `fileUrl` as sent (the backend checks it is a safe link). */
export function invoiceFileUrl(raw: unknown): unknown {
  return asObject(raw, 'invoice').fileUrl;
}

/** The ids of the active subscriptions. */
export function subscriptionIds(data: Record<string, unknown>): string[] {
  const subs = lagoCollection(data, 'customerPortalSubscriptions');
  return subs.items.map((s, i) => reqId(asObject(s, `subscriptions[${i}]`), 'id', `subscriptions[${i}]`));
}

/** A subscription's current usage answer. */
export function customerUsage(data: Record<string, unknown>): Record<string, unknown> {
  return asObject(data.customerPortalCustomerUsage, 'data.customerPortalCustomerUsage');
}

/** Current billing period of every active subscription (null: ended meanwhile), one line per billable metric (units, events, cost). */
export function usageSummary(usages: readonly (Record<string, unknown> | null)[]): UsageSummary {
  const byMetric = new Map<string, FeatureQuota & { units: string[]; costs: string[]; events: number }>();
  let periodStart: Date | null = null;
  let periodEnd: Date | null = null;
  for (const usage of usages) {
    if (!usage) continue;
    const path = 'data.customerPortalCustomerUsage';
    const currency = optString(usage, 'currency', path).toUpperCase() || 'USD';
    const from = optDate(usage, 'fromDatetime');
    const to = optDate(usage, 'toDatetime');
    if (from && (!periodStart || from < periodStart)) periodStart = from;
    if (to && (!periodEnd || to > periodEnd)) periodEnd = to;
    asArray(usage.chargesUsage, `${path}.chargesUsage`).forEach((charge, i) => {
      const cp = `${path}.chargesUsage[${i}]`;
      const c = asObject(charge, cp);
      const metric = asObject(c.billableMetric, `${cp}.billableMetric`);
      const key = `${optString(metric, 'code', `${cp}.billableMetric`) || reqId(metric, 'id', `${cp}.billableMetric`)}:${currency}`;
      const name = optString(metric, 'name', `${cp}.billableMetric`) || optString(metric, 'code', `${cp}.billableMetric`);
      const entry =
        byMetric.get(key) ??
        ({ featureId: key, name, unitSingular: '', unitPlural: '', usage: '0', limit: null, unlimited: true, softLimit: false, nextResetAt: to, currency, units: [], costs: [], events: 0 } as FeatureQuota & { units: string[]; costs: string[]; events: number });
      entry.units.push(reqDecimal(c, 'units', cp));
      entry.costs.push(centsToDecimal(c.amountCents, currency, `${cp}.amountCents`));
      entry.events += typeof c.eventsCount === 'number' && Number.isFinite(c.eventsCount) ? c.eventsCount : 0;
      byMetric.set(key, entry);
    });
  }
  const features: FeatureQuota[] = [...byMetric.values()].map(({ units, costs, events, ...f }) => ({ ...f, usage: sum(units), cost: sum(costs), eventCount: events }));
  return { features, periodStart, periodEnd };
}

/**
 * `customerPortalInvoiceCollections` (finalized invoices per month and payment
 * status, in the customer's currency) summed per month, and the overdue
 * balance from `customerPortalOverdueBalances`.
 */
export function billingHistory(data: Record<string, unknown>, currency: string): BillingHistory {
  const months = new Map<number, { month: Date; amounts: string[]; invoiceCount: number }>();
  lagoCollection(data, 'customerPortalInvoiceCollections').items.forEach((row, i) => {
    const path = `data.customerPortalInvoiceCollections.collection[${i}]`;
    const o = asObject(row, path);
    const month = optDate(o, 'month');
    if (!month) return;
    const entry = months.get(month.getTime()) ?? { month, amounts: [], invoiceCount: 0 };
    // Rows in another currency than the customer's would not add up; Lago reports the customer's.
    if (o.currency === null || o.currency === undefined || (typeof o.currency === 'string' && o.currency.toUpperCase() === currency)) {
      entry.amounts.push(centsToDecimal(o.amountCents, currency, `${path}.amountCents`));
      const count = typeof o.invoicesCount === 'string' && isDecimal(o.invoicesCount) ? Number(o.invoicesCount) : 0;
      entry.invoiceCount += Number.isSafeInteger(count) ? count : 0;
    }
    months.set(month.getTime(), entry);
  });
  const overdue: string[] = [];
  let overdueInvoiceCount = 0;
  lagoCollection(data, 'customerPortalOverdueBalances').items.forEach((row, i) => {
    const path = `data.customerPortalOverdueBalances.collection[${i}]`;
    const o = asObject(row, path);
    overdue.push(centsToDecimal(o.amountCents, currency, `${path}.amountCents`));
    overdueInvoiceCount += Array.isArray(o.lagoInvoiceIds) ? o.lagoInvoiceIds.length : 0;
  });
  return {
    currency,
    months: [...months.values()].sort((a, b) => a.month.getTime() - b.month.getTime()).map(({ month, amounts, invoiceCount }) => ({ month, amount: sum(amounts), invoiceCount })),
    overdue: sum(overdue),
    overdueInvoiceCount,
  };
}
