/**
 * Polar wire answers → the backend-neutral view model, validating at runtime
 * every field the UI reads (a violation rejects with `ApiError` kind
 * `schema`; unknown enum values map to safe defaults; a missing or garbage
 * optional date is null). The lazily loaded chunk's entry (load-mapping.ts):
 * with it come the money helpers (money.ts) and the orders and their
 * documents (orders.ts).
 *
 * Decisions (contract §5, §7, §8; PRODUCT.md "Backends"):
 * - Money is integer minor units; it becomes an exact decimal string with the
 *   currency's factor: 1 for Polar's zero-decimal currencies (JPY, KRW, …),
 *   100 for every other one. Never floats (money.ts).
 * - Wallets hold money, not credits: credit balance = balance, rate 1.
 * - Usage per meter is the customer meter (consumed / credited / balance,
 *   units since the last reset) joined with the active subscriptions' meters
 *   (cost of the current period).
 */
import type { Customer, FeatureQuota, Page, Subscription, SubscriptionMeter, SubscriptionStatus, UsageSummary, Wallet } from '../../api/model.js';
import {
  asArray,
  asObject,
  isObject,
  mapped,
  optBoolean,
  optDate,
  optNonEmpty,
  optString,
  reqDecimal,
  reqDate,
  reqId,
  reqInteger,
  schemaError,
} from '../../api/validate.js';
import { sum } from '../../format/decimal-core.js';
import { currencyOf, money } from './money.js';

// The orders travel in this chunk too: the backend reads them from here.
export { mapOrder, mapOrderDetail, orderDocuments, orderPdfUrl } from './orders.js';

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
