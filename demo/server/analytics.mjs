// Usage analytics over the seeded usage function: quarter-hour samples cached
// per feature, bucketed in the customer's time zone like Flexprice's
// ClickHouse queries (toStartOfDay(ts, customer_tz), …).

import { usageSample } from './seed.mjs';
import { QUARTER, bucketStart, dec, fmt, divString } from './util.mjs';

const MILLI_TO_NANOS = 1_000_000n;

/** Cached samples of one feature: events and usage (thousandths) per quarter since usageStart. */
function samples(customer, feature, untilQ) {
  customer.sampleCache ??= new Map();
  let cache = customer.sampleCache.get(feature.id);
  const q0 = Math.ceil(customer.usageStart / QUARTER);
  if (!cache) {
    cache = { q0, filled: 0, events: new Int32Array(96 * 64), milli: new Float64Array(96 * 64) };
    customer.sampleCache.set(feature.id, cache);
  }
  const need = untilQ - q0;
  if (need > cache.events.length) {
    const grow = Math.max(need, cache.events.length * 2);
    const events = new Int32Array(grow);
    const milli = new Float64Array(grow);
    events.set(cache.events);
    milli.set(cache.milli);
    cache.events = events;
    cache.milli = milli;
  }
  for (let i = cache.filled; i < need; i++) {
    const s = usageSample(customer, feature, q0 + i);
    cache.events[i] = s ? s.events : 0;
    cache.milli[i] = s ? s.milli : 0;
  }
  cache.filled = Math.max(cache.filled, need);
  return cache;
}

/** Quarter indexes [from, to) whose start lies in [startMs, endMs) and before now, with data. */
function quarterRange(customer, startMs, endMs, nowMs) {
  const from = Math.max(Math.ceil(startMs / QUARTER), Math.ceil(customer.usageStart / QUARTER));
  const to = Math.ceil(Math.min(endMs, nowMs) / QUARTER);
  return [from, Math.max(from, to)];
}

/** Sum of usage (nanos) and events of a feature in [startMs, endMs). */
export function featureUsage(customer, feature, startMs, endMs, nowMs) {
  if (!Number.isFinite(customer.usageStart)) return { nanos: 0n, events: 0 };
  const [from, to] = quarterRange(customer, startMs, endMs, nowMs);
  const cache = samples(customer, feature, to);
  let milli = 0;
  let events = 0;
  for (let q = from; q < to; q++) {
    milli += cache.milli[q - cache.q0];
    events += cache.events[q - cache.q0];
  }
  return { nanos: BigInt(Math.round(milli)) * MILLI_TO_NANOS, events };
}

function priceObject(customer, f, sub) {
  return {
    id: f.priceId,
    amount: f.price,
    display_amount: f.price,
    currency: customer.currency,
    type: 'USAGE',
    billing_model: 'FLAT_FEE',
    billing_cadence: 'RECURRING',
    billing_period: sub ? sub.spec.period : 'MONTHLY',
    billing_period_count: 1,
    invoice_cadence: 'ARREAR',
    meter_id: f.meterId,
    entity_type: 'PLAN',
    entity_id: sub ? sub.sub.plan_id : '',
    environment_id: customer.environmentId,
    tenant_id: customer.tenantId,
    status: 'published',
    created_at: customer.info.created_at,
    updated_at: customer.info.created_at,
  };
}

export function featureObject(customer, f) {
  return {
    id: f.id,
    name: f.name,
    lookup_key: f.key,
    description: '',
    meter_id: f.meterId ?? '',
    metadata: {},
    type: f.meterId ? 'metered' : 'boolean',
    unit_singular: f.unit ?? '',
    unit_plural: f.units ?? '',
    group_id: f.group ? f.group.id : '',
    environment_id: customer.environmentId,
    tenant_id: customer.tenantId,
    status: 'published',
    created_at: customer.info.created_at,
    updated_at: customer.info.created_at,
    created_by: customer.info.created_by,
    updated_by: customer.info.updated_by,
  };
}

function meterObject(customer, f) {
  return {
    id: f.meterId,
    name: f.name,
    event_name: f.event,
    aggregation: { type: f.agg, field: f.agg === 'COUNT' ? '' : 'value' },
    reset_usage: 'BILLING_PERIOD',
    environment_id: customer.environmentId,
    tenant_id: customer.tenantId,
    status: 'published',
    created_at: customer.info.created_at,
    updated_at: customer.info.created_at,
  };
}

/**
 * `POST /analytics/revenue` for a validated request:
 * `{ startMs, endMs, window|null, featureIds|null, sources|null, expand:Set }`.
 */
export function revenue(customer, req, nowMs) {
  const sub = customer.mainSubscription;
  const features = customer.features.filter((f) => !req.featureIds || req.featureIds.includes(f.id));
  const empty = { total_cost: '0', items: [], subtotal: '0', total_discount: '0', currency: '' };
  if (!customer.features.length) return empty;
  if (req.sources && !req.sources.includes('api')) return { ...empty, currency: customer.currency };
  const [from, to] = quarterRange(customer, req.startMs, req.endMs, nowMs);
  // Bucket of every quarter, computed once for all features.
  let keys = null;
  if (req.window) {
    keys = new Float64Array(Math.max(0, to - from));
    for (let q = from; q < to; q++) keys[q - from] = bucketStart(req.window, customer.timezone, q * QUARTER);
  }
  let totalCost = 0n;
  const items = [];
  for (const f of features) {
    const cache = samples(customer, f, to);
    let milliTotal = 0;
    let events = 0;
    const buckets = new Map();
    for (let q = from; q < to; q++) {
      const e = cache.events[q - cache.q0];
      if (!e) continue;
      const m = cache.milli[q - cache.q0];
      milliTotal += m;
      events += e;
      if (keys) {
        const k = keys[q - from];
        const b = buckets.get(k);
        if (b) {
          b.events += e;
          b.milli += m;
        } else buckets.set(k, { events: e, milli: m });
      }
    }
    if (!events) continue;
    const usage = BigInt(Math.round(milliTotal)) * MILLI_TO_NANOS;
    let cost = 0n;
    let points;
    if (keys) {
      points = [];
      for (const [k, b] of [...buckets.entries()].sort((a, z) => a[0] - z[0])) {
        const u = BigInt(Math.round(b.milli)) * MILLI_TO_NANOS;
        const c = (u * f.priceNanos) / 1_000_000_000n;
        cost += c;
        points.push({
          timestamp: new Date(k).toISOString().replace('.000Z', 'Z'),
          usage: fmt(u),
          subtotal: fmt(c),
          discount: '0',
          cost: fmt(c),
          event_count: b.events,
          computed_commitment_utilized_amount: '0',
          computed_overage_amount: '0',
          computed_true_up_amount: '0',
        });
      }
    } else {
      cost = (usage * f.priceNanos) / 1_000_000_000n;
    }
    totalCost += cost;
    const item = {
      feature_id: f.id,
      price_id: f.priceId,
      meter_id: f.meterId,
      sub_line_item_id: `subs_line_${f.id.slice(5)}`,
      subscription_id: sub ? sub.sub.id : '',
      plan_id: sub ? sub.sub.plan_id : '',
      name: f.name,
      event_name: f.event,
      sources: ['api'],
      unit: f.unit,
      unit_plural: f.units,
      aggregation_type: f.agg,
      total_usage: fmt(usage),
      total_usage_display: '',
      subtotal: fmt(cost),
      total_discount: '0',
      total_cost: fmt(cost),
      currency: customer.currency,
      event_count: events,
    };
    if (req.window) item.window_size = req.window;
    if (req.expand.has('price')) item.price = priceObject(customer, f, sub);
    if (req.expand.has('feature')) item.feature = featureObject(customer, f);
    if (req.expand.has('meter')) item.meter = meterObject(customer, f);
    if (req.expand.has('plan') && sub) item.plan = sub.sub.plan;
    if (f.group) item.group = f.group;
    if (points) item.points = points;
    items.push(item);
  }
  return {
    subtotal: fmt(totalCost),
    total_discount: '0',
    total_cost: fmt(totalCost),
    currency: customer.currency,
    items,
    ...(items.length && customer.customAnalytics ? { custom_analytics: customer.customAnalytics } : {}),
  };
}

/** `POST /analytics/cost`: the tenant's cost sheet (cost to serve ≈ 38 % of revenue). */
export function costAnalytics(customer, req, nowMs) {
  const rev = revenue(customer, { ...req, window: 'DAY', sources: null, expand: new Set() }, nowMs);
  const ratio = dec('0.38');
  let totalCost = 0n;
  const items = rev.items.map((it) => {
    const cost = (dec(it.total_cost) * ratio) / 1_000_000_000n;
    totalCost += cost;
    return {
      meter_id: it.meter_id,
      meter_name: it.name,
      source: 'api',
      customer_id: customer.id,
      external_customer_id: customer.externalId,
      properties: {},
      total_cost: fmt(cost),
      total_quantity: it.total_usage,
      total_events: it.event_count,
      cost_by_period: it.points.map((pt) => ({
        timestamp: pt.timestamp,
        cost: fmt((dec(pt.cost) * ratio) / 1_000_000_000n),
        quantity: pt.usage,
        event_count: pt.event_count,
      })),
      currency: customer.currency,
      price_id: it.price_id,
      costsheet_id: `cost_${it.meter_id.slice(6)}`,
    };
  });
  const revenueTotal = dec(rev.total_cost);
  const margin = revenueTotal - totalCost;
  return {
    cost_analytics: items,
    total_revenue: rev.total_cost,
    total_cost: fmt(totalCost),
    margin: fmt(margin),
    margin_percent: revenueTotal ? divString(margin * 100n, revenueTotal) : '0',
    roi: totalCost ? divString(margin, totalCost) : '0',
    roi_percent: totalCost ? divString(margin * 100n, totalCost) : '0',
    currency: customer.currency || rev.currency,
    start_time: new Date(req.startMs).toISOString().replace('.000Z', 'Z'),
    end_time: new Date(req.endMs).toISOString().replace('.000Z', 'Z'),
  };
}
