// Deterministic seeded customers of the Polar reference server.
//
// Like ../seed.mjs (Flexprice), every customer is built lazily from a seeded
// PRNG and an anchor time (the handler's `now()` when the customer is first
// used), and the built objects are exactly the JSON the endpoints serve, so a
// test can patch them in place (`createPolarApi().patchCustomer`). Shapes follow
// /work/shared/contract/polar-customer-portal-api.md §7: integer minor units,
// lowercase currencies, ISO datetimes with microseconds and `Z`, UUID4 ids,
// nullable fields present as `null`; and the models of Polar's SDK
// (test/server/polar-sdk.test.mjs checks every answer against them).

import { DAY, HOUR, addMonthsUtc, createRng, hash32 } from '../util.mjs';

/** Strings that must stay inert text wherever the element shows them. */
export const HOSTILE = Object.freeze({
  html: '<img src=x onerror=alert(1)>',
  script: '"><script>alert(document.domain)</script>',
  js: 'javascript:alert(1)',
  template: '{{constructor.constructor(\'alert(1)\')()}} ${alert(1)}',
  rtl: 'Invoice \u202Efdp.exe\u202C',
  long: `Ω${'W'.repeat(300)}`,
  proto: '__proto__',
  format: '%s%s%n %x',
  zeroWidth: 'Zero\u200Bwidth\u2060joiner\uFEFF',
});

const ZERO_DECIMAL = new Set(['jpy', 'krw', 'clp', 'vnd', 'bif', 'djf', 'gnf', 'kmf', 'mga', 'pyg', 'rwf', 'ugx', 'vuv', 'xaf', 'xof', 'xpf']);

/** Minor units per major unit (Polar: factor 1 for zero-decimal currencies). */
export const minorFactor = (currency) => (ZERO_DECIMAL.has(currency) ? 1 : 100);

/** A UUID4 made from a hash of the parts (stable for the same parts). */
export function uuid(...parts) {
  const hex = [0, 1, 2, 3].map((i) => hash32(...parts, i).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Pydantic v2's datetime JSON: microseconds and `Z`. */
export function polarTime(ms, ...salt) {
  if (ms === null || ms === undefined) return null;
  const micros = String(hash32('us', ms, ...salt) % 1000).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${micros}Z`;
}

const ORGANIZATIONS = {
  acme: { name: 'Acme Analytics', slug: 'acme-analytics', prefix: 'ACME' },
  kumo: { name: 'Kumo Cloud K.K.', slug: 'kumo-cloud', prefix: 'KUMO' },
  hostile: { name: HOSTILE.html, slug: 'hostile-org', prefix: 'HOST' },
};

// Meters of the catalog: name, unit (scalar | token | custom), a custom label, the price per unit
// in minor units as Polar's Decimal string, and how much a month typically consumes.
const METERS = {
  api: { name: 'API calls', unit: 'scalar', label: null, unitAmount: '0.05', monthly: 18_000, credited: 10_000 },
  storage: { name: 'Storage', unit: 'custom', label: 'GB', unitAmount: '25', monthly: 42.75, credited: 0 },
  tokens: { name: 'AI tokens', unit: 'token', label: null, unitAmount: '0.0004', monthly: 380_000, credited: 500_000 },
};

const PROFILES = {
  'polar-typical': {
    org: 'acme', name: 'Ada Lovelace', email: 'ada@analytical.example', billingName: 'Analytical Engines Ltd',
    address: { line1: '12 St James\'s Square', line2: null, postal_code: 'SW1Y 4JH', city: 'London', state: null, country: 'GB' },
    taxId: ['GB123456789', 'gb_vat'], type: 'individual', locale: 'en', currency: 'usd', taxRate: 0.2,
    plan: { name: 'Pro', description: 'Everything a growing team needs.', amount: 2000, meters: ['api', 'storage', 'tokens'] },
    extraSubscriptions: true, wallets: [5000], orders: 14, statusMix: true,
  },
  'polar-empty': {
    org: 'acme', name: 'Newton Fresh', email: 'new@empty.example', billingName: null, address: null,
    taxId: null, type: 'individual', locale: null, currency: 'usd', taxRate: 0,
    plan: null, wallets: [], orders: 0,
  },
  'polar-many-orders': {
    org: 'acme', name: 'Grace Hopper', email: 'grace@cobol.example', billingName: 'Compiler Works Inc.',
    address: { line1: '1 Harbor Way', line2: 'Suite 250', postal_code: '94105', city: 'San Francisco', state: 'US-CA', country: 'US' },
    taxId: null, type: 'individual', locale: 'en', currency: 'usd', taxRate: 0,
    plan: { name: 'Scale', description: 'Volume pricing for heavy workloads.', amount: 9900, meters: ['api', 'tokens'] },
    wallets: [-1250], orders: 250, weekly: true,
  },
  'polar-jpy': {
    org: 'kumo', name: '山田 花子', email: 'hanako@kumo.example', billingName: '株式会社ヤマダ',
    address: { line1: '千代田区丸の内1-1', line2: null, postal_code: '100-0005', city: '東京都', state: null, country: 'JP' },
    taxId: null, type: 'individual', locale: 'ja', currency: 'jpy', taxRate: 0.1,
    plan: { name: 'スタンダード', description: '月額プラン', amount: 3000, meters: ['api'], unitAmounts: { api: '0.5' } },
    wallets: [1200], orders: 6,
  },
  'polar-member': {
    org: 'acme', name: 'Team Rocket', email: null, billingName: 'Rocket Labs GmbH',
    address: { line1: 'Hauptstraße 5', line2: null, postal_code: '10115', city: 'Berlin', state: null, country: 'DE' },
    taxId: ['DE123456789', 'eu_vat'], type: 'team', locale: 'de', currency: 'eur', taxRate: 0.19,
    plan: { name: 'Team', description: 'Seats for the whole team.', amount: 4900, meters: ['api', 'storage'] },
    wallets: [2500], orders: 5, member: { role: 'member', name: 'Jessie', email: 'jessie@rocket.example' },
  },
  'polar-hostile': {
    org: 'hostile', name: HOSTILE.html, email: `${HOSTILE.script}@x.example`, billingName: HOSTILE.template,
    address: { line1: HOSTILE.script, line2: HOSTILE.rtl, postal_code: HOSTILE.format, city: HOSTILE.long, state: null, country: 'US' },
    taxId: [HOSTILE.html, 'us_ein'], type: 'individual', locale: HOSTILE.proto, currency: 'usd', taxRate: 0,
    plan: { name: HOSTILE.script, description: HOSTILE.html, amount: 1000, meters: ['api'], meterNames: { api: HOSTILE.template } },
    wallets: [300], orders: 4, hostile: true,
  },
};

export const POLAR_CUSTOMER_IDS = Object.keys(PROFILES);

export function polarCustomerSummaries() {
  return POLAR_CUSTOMER_IDS.map((id) => ({
    external_id: id,
    name: PROFILES[id].name,
    currency: PROFILES[id].currency,
    member_session: Boolean(PROFILES[id].member),
  }));
}

function organization(key) {
  const o = ORGANIZATIONS[key];
  return {
    created_at: polarTime(Date.UTC(2024, 0, 15, 9), key),
    modified_at: null,
    id: uuid('org', key),
    name: o.name,
    slug: o.slug,
    avatar_url: null,
    proration_behavior: 'prorate',
    allow_customer_updates: true,
    customer_portal_settings: { usage: { show: true }, subscription: { update_seats: true, update_plan: true } },
    organization_features: { member_model_enabled: key === 'acme' },
  };
}

function meterOf(key, profile) {
  const m = METERS[key];
  const name = profile.plan?.meterNames?.[key] ?? m.name;
  return { ...m, key, id: uuid('meter', profile.org, key), name };
}

function productOf(ext, profile, orgKey, spec, opts) {
  const productId = uuid('product', ext, spec.name);
  const created = polarTime(opts.createdMs, productId);
  // Current prices: no legacy `type` / `recurring_interval` (those mark `legacy: true` prices only);
  // `tax_behavior` null follows the organization's default.
  const prices = [
    {
      created_at: created, modified_at: null, id: uuid('price', productId, 'fixed'), source: 'catalog',
      amount_type: 'fixed', price_currency: profile.currency, tax_behavior: null, is_archived: false, product_id: productId,
      price_amount: spec.amount,
    },
    ...(spec.meters ?? []).map((key) => {
      const meter = meterOf(key, profile);
      return {
        created_at: created, modified_at: null, id: uuid('price', productId, key), source: 'catalog',
        amount_type: 'metered_unit', price_currency: profile.currency, tax_behavior: null, is_archived: false, product_id: productId,
        unit_amount: spec.unitAmounts?.[key] ?? meter.unitAmount, cap_amount: null, meter_id: meter.id,
        meter: { id: meter.id, name: meter.name, unit: meter.unit, custom_label: meter.label, custom_multiplier: null },
      };
    }),
  ];
  return {
    created_at: created, modified_at: null, id: productId,
    trial_interval: null, trial_interval_count: null,
    name: spec.name, description: spec.description ?? null, visibility: 'public',
    recurring_interval: opts.recurring ? 'month' : null, recurring_interval_count: opts.recurring ? 1 : null,
    // Metered prices follow the billing interval (no meter cycle of their own).
    meter_interval: null, meter_interval_count: null,
    is_recurring: Boolean(opts.recurring), is_archived: false, organization_id: uuid('org', orgKey),
    prices, benefits: [], medias: [], organization: organization(orgKey),
  };
}

/** Units to minor units, rounded half up: Polar bills metered usage in whole cents. */
function meteredAmount(units, unitAmount) {
  return Math.max(0, Math.round(units * Number(unitAmount)));
}

function subscriptionOf(ext, c, profile, product, spec, opts) {
  const id = uuid('subscription', ext, spec.name);
  const periodStart = opts.periodStart;
  const periodEnd = addMonthsUtc(periodStart, 1);
  const metered = product.prices.filter((p) => p.amount_type === 'metered_unit');
  const meters = opts.status === 'active' ? metered.map((price) => {
    const usage = c.usage.get(price.meter_id);
    return {
      created_at: polarTime(periodStart, id, price.meter_id), modified_at: polarTime(opts.nowMs - 7 * 60_000, id, price.meter_id),
      id: uuid('subscription-meter', id, price.meter_id),
      consumed_units: usage.consumed, credited_units: usage.credited,
      amount: meteredAmount(Math.max(0, usage.consumed - usage.credited), price.unit_amount),
      meter_id: price.meter_id,
      meter: { created_at: polarTime(Date.UTC(2024, 0, 15), price.meter_id), modified_at: null, id: price.meter_id, name: price.meter.name },
    };
  }) : [];
  const canceled = opts.status === 'canceled';
  const first = product.prices[0];
  return {
    created_at: polarTime(opts.startedMs, id), modified_at: polarTime(opts.nowMs - DAY, id),
    id, amount: spec.amount, currency: profile.currency, recurring_interval: 'month', recurring_interval_count: 1,
    status: opts.status,
    current_period_start: polarTime(periodStart, id, 'ps'), current_period_end: polarTime(periodEnd, id, 'pe'),
    current_meter_period_start: meters.length ? polarTime(periodStart, id, 'ms') : null,
    current_meter_period_end: meters.length ? polarTime(periodEnd, id, 'me') : null,
    trial_start: opts.status === 'trialing' ? polarTime(opts.startedMs, id, 'ts') : null,
    trial_end: opts.status === 'trialing' ? polarTime(opts.startedMs + 14 * DAY, id, 'te') : null,
    cancel_at_period_end: Boolean(opts.cancelAtPeriodEnd), canceled_at: canceled ? polarTime(opts.endedMs - 3 * DAY, id, 'ca') : null,
    started_at: polarTime(opts.startedMs, id, 'st'), ends_at: opts.cancelAtPeriodEnd ? polarTime(periodEnd, id, 'pe') : null,
    ended_at: canceled ? polarTime(opts.endedMs, id, 'en') : null, past_due_at: null,
    pause_at_period_end: false, paused_at: null, resumes_at: null,
    customer_id: c.id, product_id: product.id, discount_id: null, checkout_id: null,
    seats: null, units: null, customer_cancellation_reason: canceled ? 'too_expensive' : null, customer_cancellation_comment: null,
    product, prices: product.prices, meters, pending_update: null,
    user_id: c.id, price_id: first.id, price: first,
  };
}

/** Receipt / invoice availability and status of order number `n` (0 = newest). */
function orderShape(profile, n, rng) {
  if (profile.statusMix) {
    const mix = [
      { status: 'draft' },
      { status: 'pending', invoice: false, receipt: false },
      { status: 'paid', invoice: true, receipt: true },
      { status: 'partially_refunded', invoice: true, receipt: true },
      { status: 'paid', invoice: false, receipt: 'rendering' },
      { status: 'void', invoice: false, receipt: false },
      { status: 'refunded', invoice: false, receipt: true },
      { status: 'paid', invoice: false, receipt: false },
    ];
    if (n < mix.length) return mix[n];
    return { status: 'paid', invoice: rng.chance(0.4), receipt: true };
  }
  if (profile.hostile) {
    return [
      { status: 'paid', invoice: true, receipt: true, hostileInvoiceUrl: HOSTILE.js },
      { status: 'paid', invoice: false, receipt: true, hostileReceiptUrl: 'data:text/html,<script>alert(1)</script>' },
      { status: 'pending', invoice: false, receipt: false },
      { status: 'paid', invoice: true, receipt: true },
    ][n % 4];
  }
  if (n === 0 && profile.orders > 100) return { status: 'draft' };
  const r = rng.next();
  if (r < 0.04) return { status: 'refunded', invoice: false, receipt: true };
  if (r < 0.07) return { status: 'void', invoice: false, receipt: false };
  if (n === 1) return { status: 'pending', invoice: false, receipt: false };
  return { status: 'paid', invoice: rng.chance(0.5), receipt: true };
}

function orderOf(ext, c, profile, product, subscription, n, createdMs, rng, seq) {
  const id = uuid('order', ext, n);
  const shape = orderShape(profile, n, rng);
  const org = ORGANIZATIONS[profile.org];
  const items = [];
  const fixed = product.prices[0];
  const label = (s) => (profile.hostile ? `${HOSTILE.script} ${s}` : s);
  // The period each line covers: the plan in advance, metered usage for the period that just ended.
  const bound = (ms) => polarTime(ms, 'period'); // one instant, one string: adjacent periods meet exactly
  const ahead = { start_timestamp: bound(createdMs), end_timestamp: bound(addMonthsUtc(createdMs, 1)) };
  const behind = { start_timestamp: bound(addMonthsUtc(createdMs, -1)), end_timestamp: bound(createdMs) };
  items.push({ created_at: polarTime(createdMs, id, 'i0'), modified_at: null, id: uuid('item', id, 0), label: label(`${product.name} (monthly)`), amount: fixed.price_amount, tax_amount: 0, proration: false, product_price_id: fixed.id, ...ahead });
  for (const price of product.prices.slice(1)) {
    const units = Math.round(METERS[Object.keys(METERS).find((k) => uuid('meter', profile.org, k) === price.meter_id)].monthly * (0.5 + rng.next()));
    const amount = meteredAmount(units, price.unit_amount);
    if (amount === 0) continue;
    items.push({ created_at: polarTime(createdMs, id, items.length), modified_at: null, id: uuid('item', id, items.length), label: label(`${price.meter.name}: ${units.toLocaleString('en-US')} units`), amount, tax_amount: 0, proration: false, product_price_id: price.id, ...behind });
  }
  if (n === 3 && profile.statusMix) {
    items.push({ created_at: polarTime(createdMs, id, 'p'), modified_at: null, id: uuid('item', id, 'p'), label: 'Remaining time on Starter (prorated)', amount: -450, tax_amount: 0, proration: true, product_price_id: fixed.id, ...ahead });
  }
  const subtotal = items.reduce((s, i) => s + i.amount, 0);
  const discount = n % 5 === 2 ? Math.round(subtotal * 0.1) : 0;
  const net = subtotal - discount;
  const tax = Math.round(net * profile.taxRate);
  // Spread the tax over the lines the way Polar stores it (per item), remainder on the first.
  let taxLeft = tax;
  for (const item of items.slice(1)) {
    item.tax_amount = Math.round(item.amount * profile.taxRate * (net / Math.max(subtotal, 1)));
    taxLeft -= item.tax_amount;
  }
  items[0].tax_amount = taxLeft;
  const total = net + tax;
  const draft = shape.status === 'draft';
  const paid = ['paid', 'refunded', 'partially_refunded'].includes(shape.status);
  const refunded = shape.status === 'refunded' ? net : shape.status === 'partially_refunded' ? Math.round(net / 4) : 0;
  const refundedTax = shape.status === 'refunded' ? tax : shape.status === 'partially_refunded' ? Math.round(tax / 4) : 0;
  const applied = profile.statusMix && n === 2 ? -Math.min(500, total) : 0;
  const invoiceNumber = draft ? null : profile.hostile && n === 0 ? HOSTILE.rtl : `${org.prefix}-${String(seq).padStart(4, '0')}`;
  return {
    id, created_at: polarTime(createdMs, id), modified_at: polarTime(createdMs + HOUR, id),
    status: shape.status, paid,
    subtotal_amount: subtotal, discount_amount: discount, net_amount: net, tax_amount: tax, total_amount: total,
    applied_balance_amount: applied, due_amount: shape.status === 'pending' || draft ? total + applied : 0,
    refunded_amount: refunded, refunded_tax_amount: refundedTax, currency: profile.currency,
    billing_reason: n === profile.orders - 1 ? 'subscription_create' : 'subscription_cycle',
    billing_name: profile.billingName, billing_address: profile.address,
    invoice_number: invoiceNumber, is_invoice_generated: Boolean(shape.invoice),
    receipt_number: shape.receipt ? (profile.hostile ? HOSTILE.format : `R-${org.prefix}-${String(seq).padStart(4, '0')}`) : null,
    seats: null, units: null,
    customer_id: c.id, product_id: product.id, discount_id: discount ? uuid('discount', ext) : null,
    subscription_id: subscription ? subscription.id : null, checkout_id: null,
    next_payment_attempt_at: shape.status === 'pending' ? polarTime(createdMs + 3 * DAY, id, 'np') : null,
    amount: net, from_balance_amount: applied, refundable_amount: paid ? net - refunded : 0, refundable_tax_amount: paid ? tax - refundedTax : 0,
    product, subscription: subscription ? stripSubscription(subscription) : null,
    items, description: profile.hostile ? HOSTILE.long : `${product.name} subscription`,
    user_id: c.id, product_price: null,
    // Internal (not served): how the reference server answers /invoice and /receipt.
    [DOCS]: { receipt: shape.receipt ?? false, invoiceUrl: shape.hostileInvoiceUrl ?? null, receiptUrl: shape.hostileReceiptUrl ?? null },
  };
}

/** Internal per-order document state; a symbol, so JSON.stringify never serves it. */
export const DOCS = Symbol('polar.docs');

/** `CustomerOrderSubscription`: the subscription's own fields, without what only `CustomerSubscription` carries. */
function stripSubscription(s) {
  const { product, prices, meters, pending_update, price, price_id, user_id, ...base } = s;
  return base;
}

/** Builds one seeded customer at anchor `nowMs`; null for an unknown id. */
export function buildPolarCustomer(ext, nowMs) {
  const profile = PROFILES[ext];
  if (!profile) return null;
  const rng = createRng(`polar:${ext}`);
  const id = uuid('customer', ext);
  const joined = nowMs - (profile.orders > 100 ? 5 * 365 : 400) * DAY;
  const c = {
    externalId: ext, id, orgKey: profile.org, organizationId: uuid('org', profile.org), currency: profile.currency,
    member: profile.member ? { ...profile.member, id: uuid('member', ext) } : null,
    usage: new Map(),
    // Internal (not served as such): when the customer's first event was ingested (`Customer.first_user_event_at`).
    firstUserEventAt: profile.plan?.meters?.length ? polarTime(joined + 2 * DAY, id, 'first-event') : null,
  };
  c.info = {
    created_at: polarTime(joined, id), modified_at: polarTime(nowMs - 20 * DAY, id), id,
    email: profile.email, email_verified: profile.email !== null, name: profile.name,
    billing_name: profile.billingName, billing_address: profile.address, tax_id: profile.taxId,
    oauth_accounts: {}, default_payment_method_id: profile.plan ? uuid('pm', ext) : null,
    type: profile.type, locale: profile.locale,
  };

  // Current-period usage per meter of the plan (the same numbers feed subscription meters and customer meters).
  const periodStart = profile.plan ? addMonthsUtc(Math.floor((nowMs - 11 * DAY) / HOUR) * HOUR, 0) : null;
  const planMeters = profile.plan?.meters ?? [];
  for (const key of planMeters) {
    const m = meterOf(key, profile);
    const consumed = key === 'storage' ? Math.round(m.monthly * (0.4 + rng.next() * 0.4) * 100) / 100 : Math.round(m.monthly * (0.3 + rng.next() * 0.5));
    c.usage.set(m.id, { consumed, credited: m.credited, meter: m });
  }

  c.subscriptions = [];
  let main = null;
  if (profile.plan) {
    const product = productOf(ext, profile, profile.org, profile.plan, { recurring: true, createdMs: joined - 30 * DAY });
    main = subscriptionOf(ext, c, profile, product, profile.plan, { status: 'active', periodStart, startedMs: joined, nowMs });
    c.subscriptions.push(main);
    if (profile.extraSubscriptions) {
      const addon = { name: 'Priority support', description: 'Answers within four business hours.', amount: 900, meters: [] };
      const addonProduct = productOf(ext, profile, profile.org, addon, { recurring: true, createdMs: joined });
      c.subscriptions.push(subscriptionOf(ext, c, profile, addonProduct, addon, { status: 'trialing', periodStart: nowMs - 3 * DAY, startedMs: nowMs - 3 * DAY, nowMs }));
      const starter = { name: 'Starter', description: 'For side projects.', amount: 900, meters: [] };
      const starterProduct = productOf(ext, profile, profile.org, starter, { recurring: true, createdMs: joined - 60 * DAY });
      c.subscriptions.push(subscriptionOf(ext, c, profile, starterProduct, starter, { status: 'canceled', periodStart: joined - 31 * DAY, startedMs: joined - 90 * DAY, endedMs: joined, nowMs }));
    }
  }

  c.orders = [];
  if (main) {
    const step = profile.weekly ? 7 * DAY : null;
    for (let n = 0; n < profile.orders; n++) {
      const createdMs = step ? periodStart - n * step + (n === 0 ? 0 : -HOUR) : addMonthsUtc(periodStart, -n) + (n === 0 ? 5 * 60_000 : 0);
      c.orders.push(orderOf(ext, c, profile, main.product, main, n, createdMs, rng, profile.orders - n));
    }
  }

  c.wallets = profile.wallets.map((balance, i) => ({
    created_at: polarTime(joined + i * DAY, id, 'w', i), modified_at: polarTime(nowMs - 2 * DAY, id, 'w', i),
    id: uuid('wallet', ext, i), customer_id: id, balance, currency: profile.currency,
  }));

  c.meters = [...c.usage.values()].map(({ consumed, credited, meter }) => ({
    created_at: polarTime(joined, id, meter.id), modified_at: polarTime(nowMs - 9 * 60_000, id, meter.id),
    id: uuid('customer-meter', ext, meter.id), customer_id: id, meter_id: meter.id,
    consumed_units: consumed, credited_units: credited, balance: credited - consumed,
    meter: { created_at: polarTime(Date.UTC(2024, 0, 15), meter.id), modified_at: null, id: meter.id, name: meter.name },
  }));
  return c;
}

/**
 * Polar's `avatar_url` of a customer: Gravatar of the lowercased e-mail with `d=404` (Polar hashes it
 * with SHA-256; a deterministic stand-in of the same length here, so the handler stays sync and
 * browser-safe); null without an e-mail.
 */
function avatarUrl(email) {
  if (!email) return null;
  const hex = Array.from({ length: 8 }, (_, i) => hash32('gravatar', email.toLowerCase(), i).toString(16).padStart(8, '0')).join('');
  return `https://www.gravatar.com/avatar/${hex}?d=404`;
}

/**
 * The `customer` of a minted session: Polar's `Customer` (`CustomerIndividual` / `CustomerTeam`),
 * read from the portal customer as patched. Not the portal's shape: no `oauth_accounts`, and the
 * organization's fields (`external_id`, `metadata`, `organization_id`, …) instead.
 */
export function sessionCustomer(c) {
  const i = c.info;
  return {
    id: i.id, created_at: i.created_at, modified_at: i.modified_at, metadata: {}, external_id: c.externalId,
    email: i.email, email_verified: i.email_verified, type: i.type, name: i.name, billing_name: i.billing_name,
    billing_address: i.billing_address, tax_id: i.tax_id, locale: i.locale, organization_id: c.organizationId,
    default_payment_method_id: i.default_payment_method_id, deleted_at: null,
    first_user_event_at: c.firstUserEventAt, avatar_url: avatarUrl(i.email),
  };
}

export function organizationOf(c) {
  return { ...ORGANIZATIONS[c.orgKey], id: c.organizationId };
}
