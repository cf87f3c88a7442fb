// Deterministic, realistic seeded customers for the reference portal server.
//
// Every customer is built lazily on first use from a seeded PRNG and an
// anchor time (the handler's `now()` at build time), so dates are always
// recent and the same anchor always gives the same data. The built objects
// are exactly the JSON the endpoints serve (plus a few internal maps), so a
// test can patch them in place (see `createPortalApi().patchCustomer`).
//
// Usage is not stored: it is a pure function of (customer, feature, quarter
// hour), so any window/bucketing of any range is computed on demand.

import {
  DAY,
  HOUR,
  QUARTER,
  addMonthsUtc,
  createRng,
  currencyDigits,
  dec,
  fmt,
  hash32,
  hashUnit,
  mulDec,
  rfc3339,
  roundDec,
  startOfUtcDay,
  tzOffset,
  ulid,
} from './util.mjs';

export const ENVIRONMENT_ID = 'env_01JBX4Q1C5S9Z7V2M8K3T6R0PD';
export const TENANTS = {
  demo: 'tenant_01JBX4PZ9W3N6E2H7Q5R8T1YVA',
  tokyo: 'tenant_01JC2M8D4K7P1S9V3X6Z0B5NQE',
};
const CREATED_BY = 'user_01JBX4R2D6F8H0K2M4P6S8U0WY';

/** Built-in default `customer_portal_config` value (Flexprice `GetDefaultSettings`). */
export function defaultPortalConfigValue() {
  return {
    version: '1.0',
    theme: { primary_color: '', secondary_color: '', tertiary_color: '' },
    sections: [
      {
        id: 'usage', label: 'Usage', enabled: true, order: 1, tabs: [
          { id: '1', type: 'metric_cards', enabled: true, order: 1,
            metric_cards: { show_cost_metrics: false, show_custom_metrics: true, show_revenue_metric: true } },
          { id: '2', type: 'usage_graph', enabled: true, order: 2,
            usage_graph: { date_presets: ['today', 'last_7_days', 'last_30_days', 'current_month', 'last_month'],
              default_preset: 'last_7_days', allow_custom_date_range: true, feature_filter_mode: 'inc' } },
          { id: '4', type: 'current_usage', enabled: true, order: 3 },
          { id: '3', type: 'usage_breakdown', enabled: true, order: 4 },
        ],
      },
      {
        id: 'credits', label: 'Credits', enabled: true, order: 2, tabs: [
          { id: '6', type: 'wallet_balance', enabled: true, order: 1 },
          { id: '7', type: 'wallet_transactions', enabled: true, order: 2 },
        ],
      },
      {
        id: 'invoices', label: 'Invoices', enabled: true, order: 3, tabs: [
          { id: '8', type: 'invoices', enabled: true, order: 1 },
        ],
      },
      {
        id: 'overview', label: 'Overview', enabled: true, order: 4, tabs: [
          { id: '9', type: 'wallet_balance', enabled: true, order: 1 },
          { id: '10', type: 'subscriptions', enabled: true, order: 2 },
          { id: '11', type: 'usage_graph', enabled: true, order: 3,
            usage_graph: { date_presets: ['last_7_days', 'last_30_days'], default_preset: 'last_7_days',
              allow_custom_date_range: true, feature_filter_mode: 'all' } },
        ],
      },
    ],
  };
}

/** The Tokyo tenant's own config: theme colours and different usage presets. */
function tokyoPortalConfigValue() {
  const v = defaultPortalConfigValue();
  v.theme = { primary_color: '#b4235a', secondary_color: '#3f51b5', tertiary_color: '#00897b' };
  const graph = v.sections[0].tabs[1].usage_graph;
  graph.date_presets = ['today', 'current_month', 'last_month'];
  graph.default_preset = 'current_month';
  graph.allow_custom_date_range = true;
  return v;
}

// ---------------------------------------------------------------------------
// Profiles

const TYPICAL_FEATURES = [
  { key: 'gpu_a100_hours', name: 'A100 GPU hours', group: 'GPU Usage', unit: 'GPU hour', units: 'GPU hours',
    agg: 'SUM', event: 'gpu.a100.job', price: '2.48', rate: 0.8, size: 0.35, bursty: 0.25, limit: 1500 },
  { key: 'gpu_h100_hours', name: 'H100 GPU hours', group: 'GPU Usage', unit: 'GPU hour', units: 'GPU hours',
    agg: 'SUM', event: 'gpu.h100.job', price: '4.1', rate: 0.5, size: 0.5, bursty: 0.55, limit: 400 },
  { key: 'api_requests', name: 'API requests', group: 'Add-ons', unit: 'request', units: 'requests',
    agg: 'COUNT', event: 'api.request', price: '0.0004', rate: 120, size: 1, unlimited: true },
  { key: 'data_transfer', name: 'Data transfer', group: 'Add-ons', unit: 'GB', units: 'GB',
    agg: 'SUM', event: 'network.egress', price: '0.09', rate: 1, size: 1.8, limit: 5000, soft: true },
];

const HEAVY_GROUPS = ['Compute', 'Storage', 'Networking', 'AI Models'];
const HEAVY_FEATURES = [
  ['vcpu_hours', 'vCPU hours', 'vCPU hour', 'vCPU hours', 'SUM', '0.042', 60, 0.25],
  ['memory_gb_hours', 'Memory GB-hours', 'GB-hour', 'GB-hours', 'SUM', '0.0055', 80, 1],
  ['gpu_t4_hours', 'T4 GPU hours', 'GPU hour', 'GPU hours', 'SUM', '0.35', 6, 0.25],
  ['gpu_l4_hours', 'L4 GPU hours', 'GPU hour', 'GPU hours', 'SUM', '0.71', 4, 0.25],
  ['functions_invocations', 'Function invocations', 'invocation', 'invocations', 'COUNT', '0.0000002', 9000, 1],
  ['block_storage', 'Block storage', 'GB', 'GB', 'SUM', '0.0001', 20, 2],
  ['object_storage', 'Object storage', 'GB', 'GB', 'SUM', '0.00003', 40, 3],
  ['backup_storage', 'Backup storage', 'GB', 'GB', 'SUM', '0.00002', 10, 5],
  ['storage_requests', 'Storage requests', 'request', 'requests', 'COUNT', '0.000005', 3000, 1],
  ['egress_gb', 'Data egress', 'GB', 'GB', 'SUM', '0.09', 12, 0.4],
  ['ingress_gb', 'Data ingress', 'GB', 'GB', 'SUM', '0', 20, 0.5],
  ['cdn_requests', 'CDN requests', 'request', 'requests', 'COUNT', '0.0000075', 12000, 1],
  ['load_balancer_hours', 'Load balancer hours', 'hour', 'hours', 'SUM', '0.025', 4, 0.25],
  ['dns_queries', 'DNS queries', 'query', 'queries', 'COUNT', '0.0000004', 5000, 1],
  ['llm_input_tokens', 'LLM input tokens', 'token', 'tokens', 'SUM', '0.0000025', 300, 900],
  ['llm_output_tokens', 'LLM output tokens', 'token', 'tokens', 'SUM', '0.00001', 300, 350],
  ['embedding_tokens', 'Embedding tokens', 'token', 'tokens', 'SUM', '0.00000002', 200, 1200],
  ['image_generations', 'Image generations', 'image', 'images', 'COUNT', '0.04', 25, 1],
  ['speech_minutes', 'Speech-to-text minutes', 'minute', 'minutes', 'SUM', '0.006', 15, 2.5],
  ['support_tickets', 'Priority support tickets', 'ticket', 'tickets', 'COUNT', '0', 0.05, 1],
].map(([key, name, unit, units, agg, price, rate, size], i) => ({
  key, name, unit, units, agg, price, rate, size,
  event: key.replace(/_/g, '.'),
  group: i === 19 ? null : HEAVY_GROUPS[i < 5 ? 0 : i < 9 ? 1 : i < 14 ? 2 : 3],
  bursty: i % 7 === 3 ? 0.4 : 0,
  limit: i % 4 === 0 ? null : Math.round(rate * size * 96 * 31 * 1.6) || 10,
  unlimited: i % 4 === 0,
  soft: i % 5 === 2,
}));

const PROFILES = {
  'cus-typical': {
    name: 'Acme Inc', email: 'billing@acme.example', contact: '+1 415 555 0142',
    address: ['500 Howard St', 'Suite 300', 'San Francisco', 'CA', '94105', 'US'],
    timezone: 'America/New_York', currency: 'usd', tenant: 'demo', createdMonthsAgo: 26,
    metadata: { plan_tier: 'pro', account_manager: 'Dana Whitfield' },
    features: TYPICAL_FEATURES,
    booleanFeatures: [{ key: 'sso', name: 'Single sign-on (SAML)' }, { key: 'audit_logs', name: 'Audit logs' }],
    subscriptions: [
      { plan: 'Pro', lookup: 'pro_monthly', description: 'For teams shipping GPU workloads to production.',
        status: 'active', period: 'MONTHLY', fee: '499', monthsAgo: 23, usage: true, invoices: 24 },
      { plan: 'Priority Support', lookup: 'priority_support_addon', description: '24/7 support with a 1-hour response target.',
        status: 'trialing', period: 'MONTHLY', fee: '149', daysAgo: 9, trialDays: 14 },
      { plan: 'Starter', lookup: 'starter_monthly', description: 'Everything you need to get started.',
        status: 'cancelled', period: 'MONTHLY', fee: '49', monthsAgo: 26, endedMonthsAgo: 23 },
    ],
    wallets: [{ name: 'Prepaid credits', currency: 'usd', rate: '0.1', step: '0.1', type: 'PRE_PAID', status: 'active',
      tx: 46, stored: '452.7', realTime: '434.2', recentGrant: '150', autoTopup: { enabled: true, threshold: '100', amount: '1000', invoicing: true } }],
    tax: { name: 'CA sales tax', rate: '0.0725' },
    invoiceKinds: ['draft', 'pending', 'overdue', 'failed', 'paid', 'voided', 'paid', 'refunded', 'paid', 'partially_refunded',
      'paid', 'overpaid', 'credit_purchase'],
  },
  'cus-empty': {
    name: 'Nimbus Labs', email: 'finance@nimbuslabs.example', address: ['', '', '', '', '', ''],
    timezone: 'UTC', currency: 'usd', tenant: 'demo', createdMonthsAgo: 0, metadata: null,
    features: [], booleanFeatures: [], subscriptions: [], wallets: [],
  },
  'cus-many-invoices': {
    name: 'Globex Corporation', email: 'ap@globex.example', contact: '+1 212 555 0199',
    address: ['1 Globex Plaza', '', 'New York', 'NY', '10004', 'US'],
    timezone: 'America/Chicago', currency: 'usd', tenant: 'demo', createdMonthsAgo: 70,
    metadata: { erp_vendor_id: 'GLBX-00017' },
    features: TYPICAL_FEATURES.slice(2, 3),
    booleanFeatures: [],
    subscriptions: [{ plan: 'Pay as you go (daily)', lookup: 'payg_daily', description: 'Billed daily in arrears.',
      status: 'active', period: 'DAILY', fee: '12', daysAgo: 2010, usage: true, invoices: 2000 }],
    wallets: [],
    tax: null,
    invoiceKinds: ['draft', 'pending', 'pending', 'overdue'],
  },
  'cus-many-transactions': {
    name: 'Initech', email: 'accounts@initech.example', contact: '+1 512 555 0110',
    address: ['4120 Freidrich Ln', '', 'Austin', 'TX', '78744', 'US'],
    timezone: 'America/Chicago', currency: 'usd', tenant: 'demo', createdMonthsAgo: 15, metadata: {},
    features: TYPICAL_FEATURES.slice(2),
    booleanFeatures: [],
    subscriptions: [{ plan: 'Growth', lookup: 'growth_monthly', description: 'Usage-based with prepaid credits.',
      status: 'active', period: 'MONTHLY', fee: '99', monthsAgo: 14, usage: true, invoices: 14 }],
    wallets: [{ name: 'Usage credits', currency: 'usd', rate: '0.01', step: '1', type: 'PRE_PAID', status: 'active',
      tx: 5000, stored: '184250', realTime: '181960' }],
    tax: null,
    invoiceKinds: ['draft', 'pending'],
  },
  'cus-heavy-usage': {
    name: 'Hooli XYZ', email: 'cloud-billing@hooli.example', contact: '+1 650 555 0175',
    address: ['1401 N Shoreline Blvd', '', 'Mountain View', 'CA', '94043', 'US'],
    timezone: 'America/Los_Angeles', currency: 'usd', tenant: 'demo', createdMonthsAgo: 8, metadata: { segment: 'enterprise' },
    features: HEAVY_FEATURES,
    booleanFeatures: [{ key: 'dedicated_tenancy', name: 'Dedicated tenancy' }],
    subscriptions: [{ plan: 'Enterprise', lookup: 'enterprise_monthly', description: 'Committed spend with volume pricing.',
      status: 'active', period: 'MONTHLY', fee: '2500', monthsAgo: 7, usage: true, invoices: 7 }],
    wallets: [{ name: 'Committed spend', currency: 'usd', rate: '1', step: '0.01', type: 'PRE_PAID', status: 'active',
      tx: 40, stored: '18240.55', realTime: '16902.13' }],
    tax: null,
    invoiceKinds: ['draft', 'pending'],
  },
  'cus-multi-wallet': {
    name: 'Umbrella Travel Group', email: 'treasury@umbrella-travel.example', contact: '+44 20 7946 0321',
    address: ['221 Baker Street', '', 'London', '', 'NW1 6XE', 'GB'],
    timezone: 'Europe/London', currency: 'usd', tenant: 'demo', createdMonthsAgo: 12, metadata: {},
    features: TYPICAL_FEATURES.slice(2, 3),
    booleanFeatures: [],
    subscriptions: [{ plan: 'Global', lookup: 'global_monthly', description: 'Multi-region usage billing.',
      status: 'active', period: 'MONTHLY', fee: '299', monthsAgo: 11, usage: true, invoices: 11 }],
    wallets: [
      { name: 'USD credits', currency: 'usd', rate: '1', step: '0.01', type: 'PRE_PAID', status: 'active', tx: 30, stored: '2310.4', realTime: '2288.15' },
      { name: 'JPY credits', currency: 'jpy', rate: '1', step: '1', type: 'PRE_PAID', status: 'active', tx: 25, stored: '1250000', realTime: '1238400' },
      { name: 'KWD credits', currency: 'kwd', rate: '0.005', step: '1', type: 'PRE_PAID', status: 'frozen', tx: 12, stored: '84200', realTime: '0' },
    ],
    tax: null,
    invoiceKinds: ['draft', 'pending', 'paid', 'overdue'],
  },
  'cus-eur': {
    name: 'Müller & Söhne GmbH', email: 'buchhaltung@mueller-soehne.example', contact: '+49 30 901820',
    address: ['Friedrichstraße 123', '3. OG', 'Berlin', 'Berlin', '10117', 'DE'],
    timezone: 'Europe/Berlin', currency: 'eur', tenant: 'demo', createdMonthsAgo: 14, metadata: { ust_id: 'DE123456789' },
    features: [
      { key: 'api_requests', name: 'API-Aufrufe', group: 'Plattform', unit: 'Aufruf', units: 'Aufrufe',
        agg: 'COUNT', event: 'api.request', price: '0.0005', rate: 150, size: 1, limit: 3000000 },
      { key: 'sms_sent', name: 'SMS-Versand', group: 'Kommunikation', unit: 'SMS', units: 'SMS',
        agg: 'COUNT', event: 'sms.sent', price: '0.075', rate: 4, size: 1, limit: 20000, soft: true },
      { key: 'storage_gb', name: 'Speicher', group: 'Plattform', unit: 'GB', units: 'GB',
        agg: 'SUM', event: 'storage.snapshot', price: '0.02', rate: 1, size: 2.2, unlimited: true },
    ],
    booleanFeatures: [{ key: 'eu_data_residency', name: 'EU-Datenresidenz' }],
    subscriptions: [{ plan: 'Business', lookup: 'business_monthly_eur', description: 'Für wachsende Teams in der EU.',
      status: 'active', period: 'MONTHLY', fee: '390', monthsAgo: 13, usage: true, invoices: 13 }],
    wallets: [{ name: 'Guthaben', currency: 'eur', rate: '1', step: '0.01', type: 'PRE_PAID', status: 'active', tx: 18, stored: '742.5', realTime: '731.84' }],
    tax: { name: 'USt. 19 %', rate: '0.19' },
    invoiceKinds: ['draft', 'pending', 'paid', 'paid', 'voided'],
  },
  'cus-tokyo': {
    name: '株式会社さくらデータ', email: 'keiri@sakura-data.example', contact: '+81 3-1234-5678',
    address: ['千代田区丸の内1-1-1', '丸の内ビル 12F', '東京都', '東京都', '100-0005', 'JP'],
    timezone: 'Asia/Tokyo', currency: 'jpy', tenant: 'tokyo', createdMonthsAgo: 10, metadata: { houjin_bangou: '1234567890123' },
    features: [
      { key: 'api_calls', name: 'API呼び出し', group: 'API', unit: '回', units: '回',
        agg: 'COUNT', event: 'api.call', price: '0.06', rate: 220, size: 1, limit: 8000000 },
      { key: 'batch_jobs', name: 'バッチ処理', group: 'API', unit: 'ジョブ', units: 'ジョブ',
        agg: 'COUNT', event: 'batch.job', price: '12', rate: 2, size: 1, bursty: 0.3, limit: 6000, soft: true },
      { key: 'storage_gb', name: 'ストレージ', group: null, unit: 'GB', units: 'GB',
        agg: 'SUM', event: 'storage.snapshot', price: '3', rate: 1, size: 3, unlimited: true },
    ],
    booleanFeatures: [],
    subscriptions: [{ plan: 'スタンダード', lookup: 'standard_monthly_jpy', description: '月額固定＋従量課金',
      status: 'active', period: 'MONTHLY', fee: '55000', monthsAgo: 9, usage: true, invoices: 9 }],
    wallets: [{ name: 'プリペイド残高', currency: 'jpy', rate: '1', step: '1', type: 'PRE_PAID', status: 'active', tx: 20, stored: '182000', realTime: '176540' }],
    tax: { name: '消費税 10%', rate: '0.1' },
    invoiceKinds: ['draft', 'pending', 'paid', 'partially_refunded'],
  },
};

export const CUSTOMER_IDS = Object.keys(PROFILES);

export function customerSummaries() {
  return CUSTOMER_IDS.map((id) => ({ external_id: id, name: PROFILES[id].name, currency: PROFILES[id].currency, timezone: PROFILES[id].timezone }));
}

// ---------------------------------------------------------------------------
// Usage (pure function of time)

/**
 * Events and usage (in thousandths of a unit) of one feature in the quarter hour
 * starting at `q * 15 min`. Business-hours curve in the customer's zone, quieter
 * weekends, mild growth, noise, and bursty features with idle quarters.
 */
export function usageSample(customer, feature, q) {
  const t = q * QUARTER;
  if (t < customer.usageStart) return null;
  const fseed = (feature.seed ??= hash32(customer.seed, feature.key));
  const local = t + tzOffset(customer.timezone, t);
  const hour = (local % DAY) / HOUR;
  const dow = new Date(local).getUTCDay();
  const diurnal = hour >= 7 && hour < 22 ? 0.35 + 0.65 * Math.sin((Math.PI * (hour - 7)) / 15) : 0.12;
  const weekday = dow === 0 || dow === 6 ? 0.55 : 1;
  const trend = 0.85 + 0.3 * Math.min(1, (t - customer.usageStart) / (30 * DAY));
  const u1 = mixUnit(fseed, q, 1);
  if (feature.bursty && mixUnit(fseed, q, 2) < feature.bursty + (hour < 7 ? 0.4 : 0)) return null;
  const expected = feature.rate * diurnal * weekday * trend * (0.6 + 0.8 * u1);
  let events = Math.floor(expected);
  if (mixUnit(fseed, q, 3) < expected - events) events += 1;
  if (events <= 0) return null;
  const size = feature.agg === 'COUNT' ? 1 : feature.size * (0.5 + mixUnit(fseed, q, 4));
  const milli = feature.agg === 'COUNT' ? events * 1000 : Math.max(1, Math.round(events * size * 1000));
  return { events, milli };
}

/** Fast integer hash of (seed, quarter, salt) to [0, 1). */
function mixUnit(seed, q, salt) {
  let h = (seed ^ Math.imul(q | 0, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

// ---------------------------------------------------------------------------
// Building a customer

// Flexprice's payment terms are "15 NET" … "90 NET" (Go internal/types/subscription.go
// PaymentTerms); they set an invoice's due date from its period end.
const PAYMENT_TERMS = '15 NET';
const PAYMENT_TERMS_DAYS = 15;

function isoBase(tenantId, createdMs) {
  return {
    tenant_id: tenantId,
    status: 'published',
    created_at: rfc3339(createdMs),
    updated_at: rfc3339(createdMs),
    created_by: CREATED_BY,
    updated_by: CREATED_BY,
  };
}

function periodMs(period) {
  return period === 'DAILY' ? DAY : period === 'WEEKLY' ? 7 * DAY : null;
}

function nextPeriod(ms, period) {
  const fixed = periodMs(period);
  if (fixed) return ms + fixed;
  if (period === 'ANNUAL') return addMonthsUtc(ms, 12);
  if (period === 'QUARTERLY') return addMonthsUtc(ms, 3);
  return addMonthsUtc(ms, 1);
}

function prevPeriod(ms, period) {
  const fixed = periodMs(period);
  if (fixed) return ms - fixed;
  if (period === 'ANNUAL') return addMonthsUtc(ms, -12);
  if (period === 'QUARTERLY') return addMonthsUtc(ms, -3);
  return addMonthsUtc(ms, -1);
}

/** Builds one customer's whole data set, anchored at `nowMs`. */
export function buildCustomer(externalId, nowMs) {
  const p = PROFILES[externalId];
  if (!p) return null;
  const rng = createRng(`customer:${externalId}`);
  const today = startOfUtcDay(nowMs);
  const tenantId = TENANTS[p.tenant];
  const customerCreated = addMonthsUtc(today - 3 * DAY, -p.createdMonthsAgo) + 10 * HOUR + rng.int(0, 3_599_999);
  const id = ulid('cust', customerCreated, rng);
  const [line1, line2, city, state, postal, country] = p.address;
  const info = {
    id,
    external_id: externalId,
    name: p.name,
    email: p.email,
    ...(p.contact ? { contact: p.contact } : {}),
    address_line1: line1,
    address_line2: line2,
    address_city: city,
    address_state: state,
    address_postal_code: postal,
    address_country: country,
    timezone: p.timezone,
    metadata: p.metadata,
    environment_id: ENVIRONMENT_ID,
    ...isoBase(tenantId, customerCreated),
  };
  const c = {
    externalId,
    id,
    tenantId,
    environmentId: ENVIRONMENT_ID,
    seed: externalId,
    timezone: p.timezone,
    currency: p.currency,
    info,
    anchor: nowMs,
    usageStart: p.features.length ? today - 30 * DAY : Infinity,
    features: [],
    booleanFeatures: [],
    groups: [],
    subscriptions: [],
    invoices: [],
    invoiceLines: new Map(),
    wallets: [],
    walletRealtime: new Map(),
    transactions: new Map(),
    config: null,
  };

  // Feature groups and features.
  const groupByName = new Map();
  for (const f of p.features) {
    if (f.group && !groupByName.has(f.group)) {
      const g = {
        id: ulid('group', customerCreated, rng),
        name: f.group,
        lookup_key: f.group.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
        entity_type: 'feature',
        entity_ids: [],
        metadata: {},
        status: 'published',
        created_at: rfc3339(customerCreated),
        updated_at: rfc3339(customerCreated),
      };
      groupByName.set(f.group, g);
      c.groups.push(g);
    }
  }
  for (const f of p.features) {
    const group = f.group ? groupByName.get(f.group) : null;
    const feature = {
      ...f,
      id: ulid('feat', customerCreated, rng),
      meterId: ulid('meter', customerCreated, rng),
      priceId: ulid('price', customerCreated, rng),
      group,
      priceNanos: dec(f.price),
    };
    if (group) group.entity_ids.push(feature.id);
    c.features.push(feature);
  }
  for (const f of p.booleanFeatures) {
    c.booleanFeatures.push({ ...f, id: ulid('feat', customerCreated, rng) });
  }

  // Subscriptions (newest first in the list, as `created_at desc`).
  const subs = [];
  for (const s of p.subscriptions) {
    const start = s.daysAgo !== undefined ? today - s.daysAgo * DAY : addMonthsUtc(today, -s.monthsAgo);
    let periodStart = start;
    let periodEnd = nextPeriod(start, s.period);
    const endAt = s.endedMonthsAgo !== undefined ? addMonthsUtc(today, -s.endedMonthsAgo) : null;
    const stop = endAt ?? nowMs;
    while (periodEnd <= stop) {
      periodStart = periodEnd;
      periodEnd = nextPeriod(periodEnd, s.period);
    }
    const planId = ulid('plan', start - 5 * DAY, rng);
    const subId = ulid('subs', start, rng);
    const trialStart = s.trialDays ? start : null;
    const trialEnd = s.trialDays ? start + s.trialDays * DAY : null;
    const sub = {
      id: subId,
      customer_id: id,
      plan_id: planId,
      subscription_status: s.status,
      currency: p.currency,
      lookup_key: s.lookup,
      billing_anchor: rfc3339(start),
      billing_cycle: 'anniversary',
      start_date: rfc3339(start),
      ...(endAt ? { end_date: rfc3339(endAt), cancelled_at: rfc3339(endAt - 3 * DAY) } : {}),
      current_period_start: rfc3339(endAt ? prevPeriod(endAt, s.period) : periodStart),
      current_period_end: rfc3339(endAt ?? (trialEnd && trialEnd > nowMs ? Math.min(trialEnd, periodEnd) : periodEnd)),
      cancel_at: endAt ? rfc3339(endAt) : null,
      cancel_at_period_end: Boolean(endAt),
      trial_start: trialStart === null ? null : rfc3339(trialStart),
      trial_end: trialEnd === null ? null : rfc3339(trialEnd),
      billing_cadence: 'RECURRING',
      billing_period: s.period,
      billing_period_count: 1,
      version: 1,
      environment_id: ENVIRONMENT_ID,
      pause_status: 'none',
      payment_behavior: 'default_active',
      collection_method: 'charge_automatically',
      timezone: p.timezone,
      proration_behavior: 'create_prorations',
      enable_true_up: false,
      subscription_type: 'standalone',
      payment_terms: PAYMENT_TERMS,
      ...isoBase(tenantId, start),
      plan: {
        id: planId,
        name: s.plan,
        lookup_key: s.lookup,
        description: s.description,
        display_order: subs.length,
        environment_id: ENVIRONMENT_ID,
        metadata: {},
        ...isoBase(tenantId, start - 5 * DAY),
      },
      customer: null,
    };
    subs.push({ spec: s, sub, start, periodStart, periodEnd });
  }
  c.subscriptions = subs.map((x) => x.sub).sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  const mainSub = subs.find((x) => x.spec.usage) ?? null;
  c.mainSubscription = mainSub;
  c.usagePeriod = mainSub ? { start: mainSub.periodStart, end: mainSub.periodEnd, period: mainSub.spec.period } : null;

  // Wallets and their transactions.
  for (const w of p.wallets) buildWallet(c, w, rng, customerCreated, nowMs);

  // Invoices.
  for (const s of subs) if (s.spec.invoices) buildInvoices(c, p, s, rng, nowMs);
  c.invoices.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));

  // Portal config of the tenant.
  c.config = {
    id: p.tenant === 'tokyo' ? 'setting_01JC2MA7T3V5X7Z9B1D3F5H7KM' : 'setting_01JBX4S3E7G9J1L3N5Q7S9V1XZ',
    key: 'customer_portal_config',
    environment_id: ENVIRONMENT_ID,
    value: p.tenant === 'tokyo' ? tokyoPortalConfigValue() : defaultPortalConfigValue(),
    tenant_id: tenantId,
    ...isoBase(tenantId, today - 120 * DAY),
  };
  delete c.config.tenant_id;
  c.config.tenant_id = tenantId;
  return c;
}

// ---------------------------------------------------------------------------
// Wallets

const TX_DESCRIPTIONS = {
  PURCHASED_CREDIT_DIRECT: 'Credit top-up',
  PURCHASED_CREDIT_INVOICED: 'Credit purchase (invoiced)',
  PURCHASED_CREDIT_BONUS: 'Top-up bonus',
  FREE_CREDIT_GRANT: 'Promotional credits',
  SUBSCRIPTION_CREDIT_GRANT: 'Monthly plan credits',
  INVOICE_PAYMENT: 'Invoice payment',
  CREDIT_EXPIRED: 'Credits expired',
  CREDIT_ADJUSTMENT: 'Balance adjustment',
  MANUAL_BALANCE_DEBIT: 'Manual debit',
  INVOICE_VOID_REFUND: 'Refund for voided invoice',
  CREDIT_NOTE: 'Credit note',
};

function buildWallet(c, w, rng, customerCreated, nowMs) {
  const created = Math.max(customerCreated + DAY, nowMs - (w.tx > 1000 ? 400 : 420) * DAY);
  const walletId = ulid('wallet', created, rng);
  const rate = dec(w.rate);
  const step = dec(w.step);
  const digits = currencyDigits(w.currency);
  const money = (credits) => fmt(mulDec(credits, rate));
  const wallet = {
    id: walletId,
    customer_id: c.id,
    currency: w.currency,
    balance: '0',
    credit_balance: '0',
    wallet_status: w.status,
    name: w.name,
    description: '',
    metadata: {},
    ...(w.autoTopup ? { auto_topup: w.autoTopup } : {}),
    wallet_type: w.type,
    config: { allowed_price_types: ['ALL'] },
    conversion_rate: w.rate,
    topup_conversion_rate: w.rate,
    environment_id: ENVIRONMENT_ID,
    alert_state: 'ok',
    ...isoBase(c.tenantId, created),
    is_cached_fallback: false,
  };
  // Ledger: credits sit in lots consumed by priority, then earliest expiry, then age.
  let lots = [];
  const allLots = [];
  const txs = [];
  let balance = 0n;
  const span = nowMs - HOUR - created;
  const stepMs = span / w.tx;
  let t = created;
  // Amounts are drawn in USD-equivalent money and turned into whole steps of credits.
  const fx = { usd: 1, eur: 1, jpy: 150, kwd: 0.3 }[w.currency] ?? 1;
  const amountUnits = (lo, hi) => {
    const credits = ((lo + rng.next() * (hi - lo)) * fx) / Number(w.rate);
    return BigInt(Math.max(1, Math.round(credits / Number(w.step)))) * step;
  };
  const push = (type, reason, credits, at, extra = {}) => {
    const before = balance;
    const status = extra.status ?? 'completed';
    if (status === 'completed') balance += type === 'credit' ? credits : -credits;
    // Drawn in this order whatever is kept, so every later id stays the same.
    const id = ulid('wtxn', at, rng);
    const referenceId = ulid(type === 'credit' ? 'pay' : 'inv', at, rng);
    const idempotencyKey = ulid('idem', at, rng).slice(5).toLowerCase();
    const referenceType = extra.referenceType ?? (type === 'credit' ? 'PAYMENT' : 'INVOICE');
    const tx = {
      id,
      wallet_id: walletId,
      customer_id: c.id,
      type,
      amount: money(credits),
      credit_amount: fmt(credits),
      credit_balance_before: fmt(before),
      credit_balance_after: fmt(balance),
      transaction_status: status,
      reference_type: referenceType,
      // A top-up (TopUpWallet) references its own idempotency key as EXTERNAL.
      reference_id: extra.referenceId ?? (extra.topUp ? idempotencyKey : referenceId),
      description: extra.description ?? TX_DESCRIPTIONS[reason] ?? '',
      metadata: {},
      expiry_date: extra.expiry ? rfc3339(extra.expiry) : null,
      credits_available: '0',
      transaction_reason: reason,
      priority: extra.priority ?? null,
      currency: w.currency,
      conversion_rate: w.rate,
      topup_conversion_rate: w.rate,
      idempotency_key: idempotencyKey,
      environment_id: ENVIRONMENT_ID,
      ...isoBase(c.tenantId, at),
    };
    txs.push(tx);
    if (type === 'credit' && status === 'completed') {
      const lot = { tx, left: credits, priority: extra.priority ?? Infinity, expiry: extra.expiry ?? Infinity };
      lots.push(lot);
      allLots.push(lot);
    }
    return tx;
  };
  const consume = (credits) => {
    lots = lots.filter((l) => l.left > 0n && l.expiry !== -Infinity);
    lots.sort((a, b) => a.priority - b.priority || a.expiry - b.expiry);
    let need = credits;
    for (const lot of lots) {
      if (need <= 0n) break;
      const take = lot.left < need ? lot.left : need;
      lot.left -= take;
      need -= take;
    }
  };
  const expire = (until) => {
    for (const lot of lots.slice()) {
      if (lot.expiry <= until && lot.left > 0n && lot.expiry > lot.tx.createdMs) {
        const left = lot.left;
        lot.left = 0n;
        // Flexprice's ExpireCredits: a REQUEST debit that references the expired credit.
        push('debit', 'CREDIT_EXPIRED', left, lot.expiry + rng.int(1000, 59_000), { referenceType: 'REQUEST', referenceId: lot.tx.id });
      }
      if (lot.expiry <= until) lot.expiry = -Infinity;
    }
  };
  // First purchase.
  let first = push('credit', 'PURCHASED_CREDIT_DIRECT', amountUnits(250, 400), t);
  first.createdMs = t;
  const reserved = w.recentGrant ? 2 : 1;
  while (txs.length < w.tx - reserved) {
    t += stepMs * (0.4 + rng.next() * 1.2);
    if (t >= nowMs - 2 * HOUR) t = nowMs - 2 * HOUR - rng.int(0, 60) * 60_000 + txs.length;
    expire(t);
    if (txs.length >= w.tx - reserved) break;
    const r = rng.next();
    let tx;
    if (balance < amountUnits(60, 60)) {
      tx = push('credit', 'PURCHASED_CREDIT_DIRECT', amountUnits(200, 400), t);
    } else if (r < 0.58 || balance > amountUnits(150, 150)) {
      const credits = amountUnits(12, 85);
      const take = credits > balance ? balance : credits;
      if (take === 0n) continue;
      consume(take);
      tx = push('debit', 'INVOICE_PAYMENT', take, t, { referenceType: 'INVOICE' });
    } else if (r < 0.68) {
      tx = push('credit', 'PURCHASED_CREDIT_DIRECT', amountUnits(100, 250), t);
    } else if (r < 0.76) {
      const expiry = startOfUtcDay(t) + rng.int(20, 60) * DAY;
      tx = push('credit', 'FREE_CREDIT_GRANT', amountUnits(10, 50), t, { expiry, priority: 1, referenceType: 'EXTERNAL', description: rng.pick(['Welcome credits', 'Promotional credits', 'Referral bonus']) });
    } else if (r < 0.82) {
      const expiry = addMonthsUtc(startOfUtcDay(t), 1);
      tx = push('credit', 'SUBSCRIPTION_CREDIT_GRANT', amountUnits(25, 25), t, { expiry, priority: 2, referenceType: 'EXTERNAL', topUp: true });
    } else if (r < 0.86) {
      const pending = rng.chance(0.3);
      tx = push('credit', 'PURCHASED_CREDIT_INVOICED', amountUnits(100, 200), t, { referenceType: 'INVOICE', status: pending && t > nowMs - 20 * DAY ? 'pending' : 'completed' });
    } else if (r < 0.89) {
      tx = push('credit', 'PURCHASED_CREDIT_BONUS', amountUnits(5, 20), t, { referenceType: 'PAYMENT' });
    } else if (r < 0.92) {
      const credits = amountUnits(1, 15);
      if (rng.chance(0.5)) tx = push('credit', 'CREDIT_ADJUSTMENT', credits, t, { referenceType: 'EXTERNAL' });
      else {
        const take = credits > balance ? balance : credits;
        consume(take);
        tx = push('debit', 'MANUAL_BALANCE_DEBIT', take, t, { referenceType: 'EXTERNAL' });
      }
    } else if (r < 0.95) {
      tx = push('credit', 'INVOICE_VOID_REFUND', amountUnits(10, 60), t, { referenceType: 'INVOICE' });
    } else if (r < 0.97) {
      tx = push('credit', 'PURCHASED_CREDIT_DIRECT', amountUnits(100, 200), t, { status: 'failed', description: 'Card declined' });
    } else {
      tx = push('credit', 'CREDIT_NOTE', amountUnits(5, 40), t, { referenceType: 'EXTERNAL', topUp: true });
    }
    tx.createdMs = t;
  }
  // The last movements land the stored balance exactly on the profile's figure,
  // optionally ending with a fresh promotional grant that is still unspent.
  const grant = w.recentGrant ? dec(w.recentGrant) : 0n;
  const target = dec(w.stored) - grant;
  const diff = target - balance;
  const lastAt = nowMs - (w.recentGrant ? 3 * DAY : HOUR) + rng.int(0, 600_000);
  if (diff > 0n) push('credit', 'PURCHASED_CREDIT_DIRECT', diff, lastAt).createdMs = lastAt;
  else if (diff < 0n) {
    consume(-diff);
    push('debit', 'INVOICE_PAYMENT', -diff, lastAt, { referenceType: 'INVOICE' }).createdMs = lastAt;
  } else push('credit', 'CREDIT_ADJUSTMENT', 0n, lastAt).createdMs = lastAt;
  if (grant) {
    const at = nowMs - 2 * HOUR - rng.int(0, 3_600_000);
    push('credit', 'FREE_CREDIT_GRANT', grant, at, {
      expiry: startOfUtcDay(nowMs) + 12 * DAY, priority: 1, referenceType: 'EXTERNAL', description: 'Launch promotion credits',
    }).createdMs = at;
  }
  // What is still available on each credit (lots consumed above).
  for (const lot of allLots) lot.tx.credits_available = fmt(lot.expiry === -Infinity ? 0n : lot.left);
  let purchased = 0n;
  let free = 0n;
  for (const lot of allLots) {
    if (lot.expiry === -Infinity) continue;
    if (lot.tx.transaction_reason === 'FREE_CREDIT_GRANT' || lot.tx.transaction_reason === 'SUBSCRIPTION_CREDIT_GRANT') free += lot.left;
    else purchased += lot.left;
  }
  for (const tx of txs) delete tx.createdMs;
  txs.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  wallet.credit_balance = fmt(balance);
  wallet.balance = fmt(roundDec(mulDec(balance, rate), digits + 2));
  wallet.updated_at = txs[0]?.created_at ?? wallet.updated_at;
  const realCredits = w.status === 'active' ? (w.type === 'POST_PAID' ? balance : dec(w.realTime)) : 0n;
  const usageCredits = w.status === 'active' ? balance - realCredits : 0n;
  c.walletRealtime.set(walletId, {
    real_time_balance: fmt(mulDec(realCredits, rate)),
    real_time_credit_balance: fmt(realCredits),
    balance_updated_at: rfc3339(nowMs - 90_000),
    current_period_usage: fmt(mulDec(usageCredits, rate)),
    unpaid_invoices_amount: '0',
    credits_available_breakdown: { purchased: fmt(purchased), free: fmt(free) },
  });
  c.wallets.push(wallet);
  c.transactions.set(walletId, txs);
}

// ---------------------------------------------------------------------------
// Invoices

function invoiceNumber(prefixMs, seq) {
  const d = new Date(prefixMs);
  return `INV-${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(seq).padStart(5, '0')}`;
}

function buildInvoices(c, p, s, rng, nowMs) {
  const { spec, sub } = s;
  const digits = currencyDigits(p.currency);
  const round = (n) => roundDec(n, digits);
  const count = spec.invoices;
  // Periods newest first: the current (draft) one, then completed ones.
  const periods = [];
  let ps = s.periodStart;
  let pe = s.periodEnd;
  for (let i = 0; i < count; i++) {
    periods.push([ps, pe]);
    pe = ps;
    ps = prevPeriod(ps, spec.period);
  }
  const kinds = p.invoiceKinds ?? [];
  const fee = dec(spec.fee);
  const taxRate = p.tax ? dec(p.tax.rate) : 0n;
  const hasWallet = c.wallets.length > 0;
  const usageFeatures = spec.usage ? c.features.slice(0, 6) : [];
  const periodDays = spec.period === 'DAILY' ? 1 : 30;
  const lineItemId = () => ulid('inv_line', nowMs, rng);
  for (let i = 0; i < count; i++) {
    const [start, end] = periods[i];
    let kind = kinds[i] ?? 'paid';
    if (kind === 'credit_purchase') kind = 'paid';
    if (count > 100 && i >= kinds.length) {
      const u = hashUnit(c.seed, 'inv-kind', i);
      kind = u < 0.02 ? 'voided' : u < 0.03 ? 'refunded' : u < 0.035 ? 'partially_refunded' : 'paid';
    }
    const seq = count - i;
    const finalizedAt = kind === 'draft' ? null : end + HOUR + rng.int(0, 1_800_000);
    const createdAt = kind === 'draft' ? start + 5 * 60_000 : end + rng.int(60_000, 600_000);
    const invoiceId = ulid('inv', createdAt, rng);
    const lines = [];
    const addLine = (name, qty, amount, extra = {}) => {
      lines.push({
        id: lineItemId(),
        invoice_id: invoiceId,
        customer_id: c.id,
        subscription_id: sub.id,
        subscription_line_item_id: ulid('subs_line', start, rng),
        price_id: extra.priceId ?? ulid('price', start, rng),
        price_type: extra.meterId ? 'USAGE' : 'FIXED',
        ...(extra.meterId ? { meter_id: extra.meterId, meter_display_name: name } : {}),
        display_name: name,
        plan_display_name: sub.plan.name,
        entity_id: sub.plan_id,
        entity_type: 'plan',
        amount: fmt(amount),
        quantity: fmt(qty),
        currency: p.currency,
        period_start: rfc3339(start),
        period_end: rfc3339(end),
        line_item_discount: fmt(extra.discount ?? 0n),
        invoice_level_discount: fmt(extra.invoiceDiscount ?? 0n),
        prepaid_credits_applied: fmt(extra.prepaid ?? 0n),
        price_unit: p.currency.toUpperCase(),
        price_unit_amount: fmt(amount),
        ...(extra.usage ? { usage_analytics: extra.usage } : {}),
        metadata: {},
        environment_id: ENVIRONMENT_ID,
        ...isoBase(c.tenantId, createdAt),
      });
    };
    const feeDiscount = i % 6 === 4 ? round(fee / 10n) : 0n;
    addLine(`${sub.plan.name} plan`, dec(1), fee, { discount: feeDiscount });
    for (const f of usageFeatures) {
      const qtyMilli = Math.round(f.rate * f.size * 96 * periodDays * (0.55 + 0.7 * hashUnit(c.seed, 'inv-usage', i, f.key)) * 1000 * 0.6);
      const qty = (BigInt(qtyMilli) * 10n ** 9n) / 1000n;
      const amount = round(mulDec(qty, f.priceNanos));
      const prepaid = hasWallet && kind !== 'draft' && i % 3 === 1 ? round(amount / 2n) : 0n;
      addLine(f.name, f.agg === 'COUNT' ? roundDec(qty, 0) : qty, amount, {
        meterId: f.meterId, priceId: f.priceId, prepaid,
        usage: [{ source: 'api', cost: fmt(amount), usage: fmt(qty), percentage: '100', event_count: Math.max(1, Math.round(qtyMilli / 1000 / Math.max(f.size, 0.001))) }],
      });
    }
    const subtotal = lines.reduce((a, l) => a + dec(l.amount), 0n);
    const lineDiscounts = lines.reduce((a, l) => a + dec(l.line_item_discount), 0n);
    const taxable = subtotal - lineDiscounts;
    const tax = round(mulDec(taxable, taxRate));
    const total = taxable + tax;
    const prepaidApplied = lines.reduce((a, l) => a + dec(l.prepaid_credits_applied), 0n);
    const due = total - prepaidApplied;
    let invoiceStatus = 'FINALIZED';
    let paymentStatus = 'SUCCEEDED';
    let paid = due;
    let remaining = 0n;
    let refunded = 0n;
    let overpaid = 0n;
    let dueDate = finalizedAt === null ? null : end + PAYMENT_TERMS_DAYS * DAY;
    let paidAt = finalizedAt === null ? null : finalizedAt + rng.int(1, 72) * HOUR;
    let voidedAt = null;
    switch (kind) {
      case 'draft':
        invoiceStatus = 'DRAFT'; paymentStatus = 'PENDING'; paid = 0n; remaining = due; paidAt = null; break;
      case 'pending':
        paymentStatus = 'PENDING'; paid = 0n; remaining = due; paidAt = null;
        dueDate = Math.max(dueDate, startOfUtcDay(nowMs) + 9 * DAY); break;
      case 'overdue':
        paymentStatus = 'PENDING'; paid = 0n; remaining = due; paidAt = null;
        dueDate = Math.min(dueDate, startOfUtcDay(nowMs) - 12 * DAY); break;
      case 'failed':
        paymentStatus = 'FAILED'; paid = 0n; remaining = due; paidAt = null;
        dueDate = Math.min(dueDate, startOfUtcDay(nowMs) - 3 * DAY); break;
      case 'voided':
        invoiceStatus = 'VOIDED'; paymentStatus = 'VOIDED'; paid = 0n; remaining = 0n; paidAt = null;
        voidedAt = finalizedAt + 2 * DAY; break;
      case 'refunded':
        paymentStatus = 'REFUNDED'; refunded = due; break;
      case 'partially_refunded':
        paymentStatus = 'PARTIALLY_REFUNDED'; refunded = round((due * 3n) / 10n); break;
      case 'overpaid':
        paymentStatus = 'OVERPAID'; overpaid = round(dec(digits === 0 ? 500 : 5)); paid = due + overpaid; break;
      default:
        break;
    }
    const invoice = {
      id: invoiceId,
      customer_id: c.id,
      subscription_id: sub.id,
      invoice_type: 'SUBSCRIPTION',
      invoice_status: invoiceStatus,
      payment_status: paymentStatus,
      currency: p.currency,
      amount_due: fmt(due),
      amount_paid: fmt(paid),
      amount_remaining: fmt(remaining),
      subtotal: fmt(subtotal),
      total: fmt(total),
      total_discount: fmt(lineDiscounts),
      total_tax: fmt(tax),
      adjustment_amount: '0',
      refunded_amount: fmt(refunded),
      total_prepaid_credits_applied: fmt(prepaidApplied),
      ...(overpaid ? { overpaid_amount: fmt(overpaid) } : {}),
      invoice_number: finalizedAt === null ? null : invoiceNumber(finalizedAt, seq),
      idempotency_key: ulid('idem', createdAt, rng).slice(5).toLowerCase(),
      billing_sequence: seq,
      description: `${sub.plan.name} — ${spec.period === 'DAILY' ? 'daily' : 'monthly'} subscription`,
      ...(dueDate !== null ? { due_date: rfc3339(dueDate) } : {}),
      ...(paidAt !== null && paid > 0n ? { paid_at: rfc3339(paidAt) } : {}),
      ...(voidedAt !== null ? { voided_at: rfc3339(voidedAt) } : {}),
      billing_period: spec.period,
      ...(finalizedAt !== null ? { finalized_at: rfc3339(finalizedAt), issue_date: rfc3339(finalizedAt) } : {}),
      period_start: rfc3339(start),
      period_end: rfc3339(end),
      billing_reason: seq === 1 ? 'SUBSCRIPTION_CREATE' : 'SUBSCRIPTION_CYCLE',
      version: 1,
      environment_id: ENVIRONMENT_ID,
      is_manually_edited: false,
      ...isoBase(c.tenantId, createdAt),
      customer: c.info,
    };
    if (kind === 'draft') invoice.updated_at = rfc3339(nowMs - 2 * HOUR);
    c.invoices.push(invoice);
    const taxes = taxRate
      ? [{
          id: ulid('taxapp', createdAt, rng),
          tax_rate_id: ulid('taxrate', createdAt, rng),
          entity_type: 'invoice',
          entity_id: invoiceId,
          taxable_amount: fmt(taxable),
          tax_amount: fmt(tax),
          currency: p.currency,
          applied_at: rfc3339(finalizedAt ?? createdAt),
          tax_rate: { name: p.tax.name, percentage_value: fmt(taxRate * 100n), tax_rate_type: 'percentage' },
          environment_id: ENVIRONMENT_ID,
          ...isoBase(c.tenantId, createdAt),
        }]
      : [];
    c.invoiceLines.set(invoiceId, { lines, taxes });
  }
  // A one-off credit purchase invoice, where the profile asks for one.
  if (kinds.includes('credit_purchase') && hasWallet) {
    const at = nowMs - 47 * DAY;
    const amount = dec(digits === 0 ? 100000 : 1000);
    const invoiceId = ulid('inv', at, rng);
    c.invoices.push({
      id: invoiceId, customer_id: c.id, invoice_type: 'CREDIT', invoice_status: 'FINALIZED', payment_status: 'SUCCEEDED',
      currency: p.currency, amount_due: fmt(amount), amount_paid: fmt(amount), amount_remaining: '0',
      subtotal: fmt(amount), total: fmt(amount), total_discount: '0', total_tax: '0', adjustment_amount: '0',
      refunded_amount: '0', total_prepaid_credits_applied: '0',
      invoice_number: invoiceNumber(at, count + 1), idempotency_key: ulid('idem', at, rng).slice(5).toLowerCase(),
      billing_sequence: null, description: 'Prepaid credit purchase',
      due_date: rfc3339(at), paid_at: rfc3339(at + 5 * 60_000), finalized_at: rfc3339(at), issue_date: rfc3339(at),
      billing_reason: 'MANUAL', version: 1, environment_id: ENVIRONMENT_ID, is_manually_edited: false,
      ...isoBase(c.tenantId, at), customer: c.info,
    });
    c.invoiceLines.set(invoiceId, {
      lines: [{
        id: lineItemId(), invoice_id: invoiceId, customer_id: c.id, price_type: 'FIXED', display_name: 'Prepaid credits',
        entity_type: 'wallet', entity_id: c.wallets[0].id, amount: fmt(amount), quantity: fmt(mulDec(amount, 10n ** 9n * 10n)),
        currency: p.currency, line_item_discount: '0', invoice_level_discount: '0', prepaid_credits_applied: '0',
        metadata: {}, environment_id: ENVIRONMENT_ID, ...isoBase(c.tenantId, at),
      }],
      taxes: [],
    });
  }
}
