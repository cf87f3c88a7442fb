// Seeded customers of the reference Lago server, in Lago's wire shapes
// (contract/lago-customer-portal-api.md §5, §7): `…Cents` amounts as BigInt
// strings in the currency's minor units, uppercase currencies, lowercase enums,
// ISO8601Date `YYYY-MM-DD` and second-precision `…Z` datetimes.
//
// Customers (external ids): lago-typical (USD, wallet, active + terminated
// subscription, overdue invoice, usage), lago-empty (nothing at all),
// lago-many (120 weekly invoices), lago-hostile (markup, bidi controls,
// `javascript:` links and over-long strings everywhere text is shown),
// lago-jpy (JPY, 0 minor digits, Tokyo).
import { createRng, hash32 } from '../util.mjs';

const DAY = 86_400_000;

/** Deterministic RFC 4122-shaped UUID from any parts. */
export function uuid(...parts) {
  const h = (i) => hash32(...parts, i).toString(16).padStart(8, '0');
  const a = h(1) + h(2) + h(3) + h(4);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-8${a.slice(17, 20)}-${a.slice(20, 32)}`;
}

export const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const utcMonthStart = (ms) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const addMonths = (ms, n) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
};

const HOSTILE = {
  name: '<img src=x onerror="alert(1)">Robert\u202E\u2066"); DROP TABLE customers;--',
  plan: '"><script>alert("plan")</script>{{constructor.constructor(\'alert(1)\')()}}',
  metric: '<svg onload=alert(2)>${7*7}',
  wallet: '\u0000\u200B<b>bold</b> &amp; wallet'.replace('\u0000', ''),
  long: `${'Ünïcödé-very-long-name-'.repeat(12)}end`,
  number: 'javascript:alert(3)//INV-<i>1</i>',
};

const PROFILES = {
  'lago-typical': {
    name: 'Nimbus Analytics Inc.', email: 'billing@nimbus-analytics.example', currency: 'USD', timezone: 'TZ_AMERICA_NEW_YORK',
    organization: 'Acme Cloud', createdMonthsAgo: 13,
    wallets: [{ name: 'Prepaid credits', code: 'prepaid', rate: 1, balanceCents: 12550, ongoingCents: 9840, expiresInDays: 200, topUp: [1000, 50000] }],
    subscriptions: [
      { name: 'Pro', code: 'pro_monthly', amountCents: 4900, interval: 'monthly', status: 'active', monthsAgo: 11, usage: true },
      { name: 'Starter', code: 'starter_monthly', amountCents: 1900, interval: 'monthly', status: 'terminated', monthsAgo: 13, endedMonthsAgo: 11 },
    ],
    charges: [
      { code: 'api_calls', name: 'API calls', agg: 'count_agg', perUnitCents: 0.05, units: 48213, eventsFactor: 1 },
      { code: 'storage_gb', name: 'Storage (GB)', agg: 'sum_agg', perUnitCents: 2, units: 312.75, eventsFactor: 0.01 },
      { code: 'seats', name: 'Active seats', agg: 'unique_count_agg', perUnitCents: 800, units: 12, eventsFactor: 35 },
    ],
    taxRate: 0,
    overdue: true,
    draftNewest: true,
  },
  'lago-empty': {
    name: 'Fresh Start LLC', email: 'ap@fresh-start.example', currency: 'USD', timezone: 'TZ_UTC', organization: 'Acme Cloud',
    createdMonthsAgo: 1, wallets: [], subscriptions: [], charges: [], taxRate: 0, overdue: false,
  },
  'lago-many': {
    name: 'Weekly Widgets Co.', email: 'finance@weekly-widgets.example', currency: 'EUR', timezone: 'TZ_EUROPE_PARIS', organization: 'Acme Cloud',
    createdMonthsAgo: 29,
    wallets: [
      { name: 'Credits', code: 'credits', rate: 0.5, balanceCents: 80000, ongoingCents: 77125, expiresInDays: null },
      { name: 'Promo credits', code: 'promo', rate: 1, balanceCents: 2500, ongoingCents: 2500, expiresInDays: 20 },
    ],
    subscriptions: [{ name: 'Weekly', code: 'weekly_eur', amountCents: 9900, interval: 'weekly', status: 'active', weeksAgo: 120, usage: true }],
    charges: [{ code: 'orders', name: 'Orders', agg: 'count_agg', perUnitCents: 3, units: 1840, eventsFactor: 1 }],
    taxRate: 0.2,
    overdue: false,
  },
  'lago-hostile': {
    name: HOSTILE.name, email: 'x"onmouseover="alert(1)@example.com', currency: 'USD', timezone: 'TZ_UTC', organization: HOSTILE.long,
    createdMonthsAgo: 4,
    wallets: [{ name: HOSTILE.wallet, code: '<code>', rate: 1, balanceCents: 5000, ongoingCents: 4000, expiresInDays: 10 }],
    subscriptions: [{ name: HOSTILE.plan, code: 'hostile<plan>', amountCents: 1000, interval: 'monthly', status: 'active', monthsAgo: 3, usage: true, hostile: true }],
    charges: [
      { code: 'evil', name: HOSTILE.metric, agg: 'count_agg', perUnitCents: 1, units: 1000, eventsFactor: 1 },
      { code: 'long', name: HOSTILE.long, agg: 'sum_agg', perUnitCents: 10, units: 12.5, eventsFactor: 1 },
    ],
    taxRate: 0,
    overdue: false,
    hostile: true,
  },
  'lago-jpy': {
    name: '株式会社さくらデータ', email: 'keiri@sakura-data.example', currency: 'JPY', timezone: 'TZ_ASIA_TOKYO', organization: 'Acme Cloud',
    createdMonthsAgo: 7,
    wallets: [{ name: 'プリペイド残高', code: 'prepaid_jpy', rate: 1, balanceCents: 182000, ongoingCents: 176540, expiresInDays: null }],
    subscriptions: [{ name: 'スタンダード', code: 'standard_jpy', amountCents: 55000, interval: 'monthly', status: 'active', monthsAgo: 6, usage: true }],
    charges: [
      { code: 'api_calls', name: 'API呼び出し', agg: 'count_agg', perUnitCents: 0.06, units: 912345, eventsFactor: 1 },
      { code: 'batch_jobs', name: 'バッチ処理', agg: 'count_agg', perUnitCents: 12, units: 431, eventsFactor: 1 },
    ],
    taxRate: 0.1,
    overdue: false,
  },
};

export const LAGO_CUSTOMER_IDS = Object.keys(PROFILES);

export function lagoCustomerSummaries() {
  return LAGO_CUSTOMER_IDS.map((id) => ({ external_id: id, name: PROFILES[id].name, currency: PROFILES[id].currency }));
}

const round = (x) => Math.round(x);

/**
 * Builds one customer's data at `nowMs`: `{ externalId, id, user, organization,
 * wallets, subscriptions, invoices (newest first, each with fees), usage (Map
 * subscription id → CustomerUsage), invoiceCollections, overdueBalances }`.
 * `filesBaseUrl` is where `fileUrl` links point.
 */
export function buildLagoCustomer(externalId, nowMs, filesBaseUrl) {
  const p = PROFILES[externalId];
  if (!p) return null;
  const rng = createRng(`lago:${externalId}`);
  const id = uuid('customer', externalId);
  const orgCreated = addMonths(utcMonthStart(nowMs), -p.createdMonthsAgo);
  const user = {
    __typename: 'CustomerPortalCustomer', id, name: p.name, displayName: p.name, firstname: null, lastname: null, legalName: p.name,
    legalNumber: null, taxIdentificationNumber: null, email: p.email, addressLine1: '1 Main Street', addressLine2: null, city: 'Springfield',
    state: null, zipcode: '12345', country: 'US', currency: p.currency, applicableTimezone: p.timezone, customerType: 'company',
    accountType: 'customer', premium: false,
  };
  const organization = {
    __typename: 'CustomerPortalOrganization', id: uuid('org', p.organization), name: p.organization, logoUrl: null,
    defaultCurrency: p.currency, timezone: 'TZ_UTC', premiumIntegrations: [],
  };

  const wallets = p.wallets.map((w, i) => ({
    __typename: 'CustomerPortalWallet', id: uuid('wallet', externalId, i), name: w.name, code: w.code, currency: p.currency,
    status: 'active', priority: 50 + i, expirationAt: w.expiresInDays === null ? null : isoSeconds(nowMs + w.expiresInDays * DAY),
    lastBalanceSyncAt: isoSeconds(nowMs - 7 * 60_000), balanceCents: String(w.balanceCents), ongoingBalanceCents: String(w.ongoingCents),
    ongoingUsageBalanceCents: String(w.balanceCents - w.ongoingCents), consumedAmountCents: String(round(w.balanceCents * 0.4)),
    creditsBalance: w.balanceCents / 100 / w.rate, creditsOngoingBalance: w.ongoingCents / 100 / w.rate,
    consumedCredits: (w.balanceCents * 0.4) / 100 / w.rate, rateAmount: w.rate,
    // The paid top-up range (a wallet's `paid_top_up_min/max_amount_cents`), in cents and in credits.
    paidTopUpMinAmountCents: w.topUp ? String(w.topUp[0]) : null, paidTopUpMaxAmountCents: w.topUp ? String(w.topUp[1]) : null,
    paidTopUpMinCredits: w.topUp ? String(Math.ceil(w.topUp[0] / 100 / w.rate)) : null, paidTopUpMaxCredits: w.topUp ? String(Math.floor(w.topUp[1] / 100 / w.rate)) : null,
  }));

  const plans = new Map();
  const subscriptions = [];
  const invoices = [];
  const usage = new Map();
  let invoiceSeq = 0;
  const prefix = p.hostile ? HOSTILE.number : `${externalId.replace('lago-', '').toUpperCase().slice(0, 3)}-${hash32(externalId).toString(16).slice(0, 4).toUpperCase()}`;

  for (const [si, s] of p.subscriptions.entries()) {
    const weekly = s.interval === 'weekly';
    const periods = weekly ? s.weeksAgo : s.monthsAgo;
    // Periods are anchored a few days back, so the current one has usage and the newest invoice is a few days old.
    const anchor = nowMs - (weekly ? 2 : 9) * DAY;
    const periodStart = (k) => (weekly ? anchor - (periods - k) * 7 * DAY : addMonths(anchor, k - periods));
    const started = periodStart(0);
    const endedAt = s.endedMonthsAgo !== undefined ? addMonths(nowMs, -s.endedMonthsAgo) : null;
    const sid = uuid('subscription', externalId, si);
    const plan = {
      __typename: 'Plan', id: uuid('plan', s.code), name: s.name, code: s.code, invoiceDisplayName: s.hostile ? HOSTILE.plan : null,
      amountCents: String(s.amountCents), amountCurrency: p.currency, interval: s.interval, payInAdvance: false, trialPeriod: 0,
    };
    plans.set(s.code, plan);
    // The current period: the last period start at or before now.
    let k = 0;
    while (periodStart(k + 1) <= (endedAt ?? nowMs)) k += 1;
    const currentStart = periodStart(k);
    const currentEnd = periodStart(k + 1) - 1000;
    const subscription = {
      __typename: 'Subscription', id: sid, externalId: `${externalId}-sub-${si}`, name: s.hostile ? HOSTILE.plan : null, status: s.status,
      startedAt: isoSeconds(started), subscriptionAt: isoSeconds(started), canceledAt: null,
      terminatedAt: endedAt === null ? null : isoSeconds(endedAt), endingAt: null,
      currentBillingPeriodStartedAt: s.status === 'active' ? isoSeconds(currentStart) : null,
      currentBillingPeriodEndingAt: s.status === 'active' ? isoSeconds(currentEnd) : null,
      plan, customer: { __typename: 'Customer', id, currency: p.currency, applicableTimezone: p.timezone }, lifetimeUsage: null,
    };
    subscriptions.push(subscription);

    // One invoice per finished period.
    const last = endedAt === null ? k : Math.max(0, k);
    for (let n = 1; n <= last; n += 1) {
      const from = periodStart(n - 1);
      const to = periodStart(n) - 1000;
      const issuing = periodStart(n);
      const fees = [
        {
          __typename: 'Fee', id: uuid('fee', externalId, si, n, 'sub'), itemName: s.name, itemCode: s.code, itemType: 'subscription',
          invoiceDisplayName: s.hostile ? HOSTILE.plan : null, description: null, feeType: 'subscription', units: 1, eventsCount: null,
          amountCents: String(s.amountCents), preciseUnitAmount: s.amountCents / (p.currency === 'JPY' ? 1 : 100), currency: p.currency,
          payInAdvance: false, properties: { __typename: 'FeeProperties', fromDatetime: isoSeconds(from), toDatetime: isoSeconds(to) }, charge: null,
          subscription: { __typename: 'Subscription', id: sid }, groupedBy: {},
        },
      ];
      if (s.usage) {
        for (const [ci, c] of p.charges.entries()) {
          const units = c.agg === 'sum_agg' ? Math.round(c.units * (0.6 + rng.next() * 0.8) * 100) / 100 : Math.round(c.units * (0.6 + rng.next() * 0.8));
          const amount = round(units * c.perUnitCents);
          fees.push({
            __typename: 'Fee', id: uuid('fee', externalId, si, n, ci), itemName: c.name, itemCode: c.code, itemType: 'charge',
            invoiceDisplayName: null, description: null, feeType: 'charge', units, eventsCount: String(Math.max(1, round(units * c.eventsFactor))),
            amountCents: String(amount), preciseUnitAmount: c.perUnitCents / 100, currency: p.currency, payInAdvance: false,
            properties: { __typename: 'FeeProperties', fromDatetime: isoSeconds(from), toDatetime: isoSeconds(to) },
            charge: { __typename: 'Charge', billableMetric: { __typename: 'BillableMetric', code: c.code, name: c.name } },
            subscription: { __typename: 'Subscription', id: sid }, groupedBy: {},
          });
        }
      }
      const subtotal = fees.reduce((sum, f) => sum + Number(f.amountCents), 0);
      const taxes = round(subtotal * p.taxRate);
      for (const f of fees) {
        f.taxesAmountCents = String(round(Number(f.amountCents) * p.taxRate));
        f.totalAmountCents = String(Number(f.amountCents) + Number(f.taxesAmountCents));
      }
      invoiceSeq += 1;
      invoices.push({
        issuingMs: issuing, subscriptionIndex: si, fees, subtotal, taxes, from, to, subscription: sid, seq: invoiceSeq,
      });
    }
  }

  // Statuses, newest first: a draft (profiles with `draftNewest`), the newest finalized one not yet due, one overdue, one voided, one failed payment, the rest paid.
  invoices.sort((a, b) => b.issuingMs - a.issuingMs || b.seq - a.seq);
  const out = invoices.map((inv, i) => {
    const invId = uuid('invoice', externalId, inv.seq);
    let status = 'finalized';
    let paymentStatus = 'succeeded';
    let overdue = false;
    if (i === 0 && p.draftNewest) {
      status = 'draft';
      paymentStatus = 'pending';
    }
    else if (i <= 1 && nowMs - inv.issuingMs < 45 * DAY) paymentStatus = 'pending';
    else if (p.overdue && i === 2) {
      paymentStatus = 'pending';
      overdue = true;
    } else if (i === 4) {
      status = 'voided';
      paymentStatus = 'pending';
    }
    else if (i === 5) paymentStatus = 'failed';
    const total = inv.subtotal + inv.taxes;
    const paid = status === 'finalized' && paymentStatus === 'succeeded' ? total : 0;
    const number = `${prefix}-${String(inv.seq).padStart(3, '0')}`;
    const fileUrl = status === 'draft' ? null : p.hostile && i === 0 ? 'javascript:alert(document.cookie)' : `${filesBaseUrl}/rails/active_storage/blobs/redirect/${hash32(invId).toString(36)}/${encodeURIComponent(number)}.pdf`;
    return {
      __typename: 'Invoice', id: invId, number, status, paymentStatus, paymentOverdue: overdue, paymentDisputeLostAt: null,
      invoiceType: 'subscription', currency: p.currency, issuingDate: isoDate(inv.issuingMs),
      paymentDueDate: isoDate(inv.issuingMs + 45 * DAY), createdAt: isoSeconds(inv.issuingMs), updatedAt: isoSeconds(inv.issuingMs + 3600_000),
      totalAmountCents: String(total), totalDueAmountCents: String(status === 'voided' ? 0 : total - paid), totalPaidAmountCents: String(paid),
      subTotalExcludingTaxesAmountCents: String(inv.subtotal), subTotalIncludingTaxesAmountCents: String(total),
      taxesAmountCents: String(inv.taxes), couponsAmountCents: '0', creditNotesAmountCents: '0', prepaidCreditAmountCents: '0',
      fileUrl, fees: inv.fees.map((f) => ({ ...f })),
      invoiceSubscriptions: [{ __typename: 'InvoiceSubscription', fromDatetime: isoSeconds(inv.from), toDatetime: isoSeconds(inv.to),
        chargesFromDatetime: isoSeconds(inv.from), chargesToDatetime: isoSeconds(inv.to), subscription: { __typename: 'Subscription', id: inv.subscription } }],
    };
  });

  // Current-period usage of each active subscription with charges.
  for (const [si, s] of p.subscriptions.entries()) {
    const sub = subscriptions[si];
    if (s.status !== 'active') continue;
    const from = Date.parse(sub.currentBillingPeriodStartedAt);
    const to = Date.parse(sub.currentBillingPeriodEndingAt);
    const share = Math.min(1, (nowMs - from) / Math.max(1, to - from));
    const chargesUsage = (s.usage ? p.charges : []).map((c, ci) => {
      const units = c.agg === 'sum_agg' ? Math.round(c.units * share * 100) / 100 : Math.round(c.units * share);
      return {
        __typename: 'ChargeUsage', id: uuid('charge-usage', externalId, si, ci), units, eventsCount: Math.max(units > 0 ? 1 : 0, round(units * c.eventsFactor)),
        amountCents: String(round(units * c.perUnitCents)), pricingUnitAmountCents: null,
        billableMetric: { __typename: 'BillableMetric', id: uuid('metric', c.code), code: c.code, name: c.name, aggregationType: c.agg, description: null, recurring: c.agg === 'unique_count_agg' },
        charge: { __typename: 'Charge', id: uuid('charge', c.code), invoiceDisplayName: null, chargeModel: 'standard', payInAdvance: false },
        filters: [], groupedUsage: [],
      };
    });
    const amount = chargesUsage.reduce((sum, c) => sum + Number(c.amountCents), 0);
    usage.set(sub.id, {
      __typename: 'CustomerUsage', fromDatetime: isoSeconds(from), toDatetime: isoSeconds(to), issuingDate: isoDate(to + 1000),
      currency: p.currency, amountCents: String(amount), taxesAmountCents: '0', totalAmountCents: String(amount), chargesUsage,
    });
  }

  // Monthly totals of finalized invoices (one row per month × payment status; empty months one null row).
  const invoiceCollections = [];
  for (let m = utcMonthStart(orgCreated); m <= nowMs; m = addMonths(m, 1)) {
    const end = addMonths(m, 1);
    const inMonth = out.filter((inv) => inv.status === 'finalized' && Date.parse(inv.issuingDate) >= m && Date.parse(inv.issuingDate) < end);
    const byStatus = new Map();
    for (const inv of inMonth) {
      const row = byStatus.get(inv.paymentStatus) ?? { amount: 0, count: 0 };
      row.amount += Number(inv.totalAmountCents);
      row.count += 1;
      byStatus.set(inv.paymentStatus, row);
    }
    if (!byStatus.size) {
      invoiceCollections.push({ __typename: 'FinalizedInvoiceCollection', month: isoSeconds(m), amountCents: '0', invoicesCount: '0', currency: null, paymentStatus: null });
    }
    for (const [status, row] of byStatus) {
      invoiceCollections.push({ __typename: 'FinalizedInvoiceCollection', month: isoSeconds(m), amountCents: String(row.amount), invoicesCount: String(row.count), currency: p.currency, paymentStatus: status });
    }
  }
  const overdueBalances = [];
  for (const inv of out.filter((i) => i.paymentOverdue)) {
    overdueBalances.push({ __typename: 'OverdueBalance', month: isoSeconds(utcMonthStart(Date.parse(inv.issuingDate))), amountCents: inv.totalDueAmountCents, currency: p.currency, lagoInvoiceIds: [inv.id], billingEntityId: null });
  }

  return { externalId, id, user, organization, wallets, subscriptions, invoices: out, usage, invoiceCollections, overdueBalances };
}
