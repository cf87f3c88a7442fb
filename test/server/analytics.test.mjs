import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, decSum, DECIMAL } from './_helpers.mjs';

let s;
before(async () => {
  s = await start({ at: Date.parse('2026-08-22T10:30:00Z') });
});
after(() => s.close());

const iso = (ms) => new Date(ms).toISOString();
const DAY = 86_400_000;

function assertSums(body) {
  for (const item of body.items) {
    assert.equal(decSum(item.points.map((p) => p.usage)), item.total_usage, `${item.name} usage`);
    assert.equal(decSum(item.points.map((p) => p.cost)), item.total_cost, `${item.name} cost`);
    assert.equal(item.points.reduce((a, p) => a + p.event_count, 0), item.event_count, `${item.name} events`);
    for (const p of item.points) {
      for (const k of ['usage', 'subtotal', 'discount', 'cost']) assert.match(p[k], DECIMAL);
      assert.ok(Number.isInteger(p.event_count) && p.event_count > 0);
    }
  }
  assert.equal(decSum(body.items.map((i) => i.total_cost)), body.total_cost);
}

test('DAY buckets are days in the customer zone: Asia/Tokyo buckets start at 15:00Z', async () => {
  const { token } = await s.mint('cus-tokyo');
  const r = await s.portal(token, 'POST', '/analytics/revenue', {
    window_size: 'DAY', start_time: '2026-08-16T00:00:00.000Z', end_time: '2026-08-22T10:00:00.000Z', expand: ['price'],
  });
  assert.equal(r.status, 200);
  assert.equal(r.json.currency, 'jpy');
  assert.ok(r.json.items.length >= 2);
  for (const item of r.json.items) {
    assert.equal(item.window_size, 'DAY');
    for (const p of item.points) assert.match(p.timestamp, /T15:00:00Z$/);
    // The first bucket is the Tokyo day containing the start (2026-08-16 09:00 JST → day starts 08-15T15:00Z).
    assert.equal(item.points[0].timestamp, '2026-08-15T15:00:00Z');
    assert.equal(item.price.currency, 'jpy');
    assert.match(item.price.amount, DECIMAL);
  }
  assertSums(r.json);
});

test('New York customer: DAY buckets at 04:00Z (EDT); HOUR buckets on the hour; sums exact', async () => {
  const { token } = await s.mint('cus-typical');
  const day = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'DAY', start_time: iso(s.clock.ms - 7 * DAY), end_time: iso(s.clock.ms) });
  for (const item of day.json.items) for (const p of item.points) assert.match(p.timestamp, /T04:00:00Z$/);
  assertSums(day.json);
  const hour = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'HOUR', start_time: iso(s.clock.ms - DAY), end_time: iso(s.clock.ms) });
  for (const item of hour.json.items) for (const p of item.points) assert.match(p.timestamp, /:00:00Z$/);
  assertSums(hour.json);
  // Same range, any window: same totals.
  const q = await s.portal(token, 'POST', '/analytics/revenue', { window_size: '15MIN', start_time: iso(s.clock.ms - DAY), end_time: iso(s.clock.ms) });
  const h30 = await s.portal(token, 'POST', '/analytics/revenue', { window_size: '30MIN', start_time: iso(s.clock.ms - DAY), end_time: iso(s.clock.ms) });
  assert.equal(q.json.total_cost, hour.json.total_cost);
  assert.equal(h30.json.total_cost, hour.json.total_cost);
  assert.ok(q.json.items[0].points.some((p) => /:(15|45):00Z$/.test(p.timestamp)));
  assert.ok(h30.json.items[0].points.every((p) => /:(00|30):00Z$/.test(p.timestamp)));
  // No data after now.
  const future = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'HOUR', start_time: iso(s.clock.ms + DAY), end_time: iso(s.clock.ms + 2 * DAY) });
  assert.deepEqual(future.json.items, []);
});

test('items: group, unit/unit_plural, event_count, price only when expanded; feature_ids filter', async () => {
  const { token } = await s.mint('cus-typical');
  const all = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'DAY', start_time: iso(s.clock.ms - 30 * DAY) });
  assert.equal(all.json.items.length, 4);
  const groups = new Set(all.json.items.map((i) => i.group.name));
  assert.deepEqual([...groups].sort(), ['Add-ons', 'GPU Usage']);
  for (const i of all.json.items) {
    assert.ok(i.unit && i.unit_plural && i.name && i.feature_id);
    assert.ok(!('price' in i));
    assert.equal(i.currency, 'usd');
  }
  assertSums(all.json);
  const one = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'DAY', start_time: iso(s.clock.ms - 30 * DAY), feature_ids: [all.json.items[1].feature_id] });
  assert.equal(one.json.items.length, 1);
  assert.equal(one.json.items[0].total_cost, all.json.items[1].total_cost);
  assert.equal(one.json.total_cost, all.json.items[1].total_cost);
  // 30 days of data exist, and no more.
  const first = Date.parse(all.json.items[0].points[0].timestamp);
  assert.ok(first >= s.clock.ms - 31 * DAY && first <= s.clock.ms - 29 * DAY);
});

test('heavy usage: 20 features hourly over 30 days, in groups; daily windows sum to the same totals', async () => {
  const { token } = await s.mint('cus-heavy-usage');
  const body = { window_size: 'HOUR', start_time: iso(s.clock.ms - 30 * DAY), end_time: iso(s.clock.ms), expand: ['price'] };
  const r = await s.portal(token, 'POST', '/analytics/revenue', body);
  assert.equal(r.json.items.length, 20);
  assert.ok(r.json.items.filter((i) => i.group).length >= 19);
  assert.ok(new Set(r.json.items.filter((i) => i.group).map((i) => i.group.name)).size >= 4);
  assert.ok(r.json.items[0].points.length > 600);
  assertSums(r.json);
  // (Answer times are measured by `npm run bench`, not asserted here.)
  const daily = await s.portal(token, 'POST', '/analytics/revenue', { ...body, window_size: 'DAY' });
  assert.equal(daily.status, 200);
  assert.deepEqual(daily.json.items.map((i) => [i.feature_id, i.total_usage]), r.json.items.map((i) => [i.feature_id, i.total_usage]));
  assertSums(daily.json);
});

test('defaults and validation: empty-string times, bad window, start after end', async () => {
  const { token } = await s.mint('cus-typical');
  const dflt = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'HOUR' });
  assert.equal(dflt.status, 200);
  for (const i of dflt.json.items) assert.ok(i.points.length <= 7, 'defaults to the last 6 hours');
  for (const body of [{ start_time: '' }, { end_time: '' }, { start_time: '2026-08-01' }, { window_size: 'FORTNIGHT' }, { expand: ['cost'] }, { group_by: ['colour'] }, { start_time: iso(s.clock.ms), end_time: iso(s.clock.ms - DAY) }]) {
    const r = await s.portal(token, 'POST', '/analytics/revenue', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.code, 'validation_error');
  }
});

test('empty customer: revenue empty shape, usage without features, no invoices or subscriptions', async () => {
  const { token } = await s.mint('cus-empty');
  const r = await s.portal(token, 'POST', '/analytics/revenue', { window_size: 'DAY', start_time: iso(s.clock.ms - 7 * DAY) });
  assert.deepEqual(r.json, { total_cost: '0', items: [], subtotal: '0', total_discount: '0', currency: '' });
  const u = await s.portal(token, 'GET', '/usage');
  assert.deepEqual(Object.keys(u.json), ['customer_id', 'features', 'period']);
  assert.deepEqual(u.json.features, []);
  assert.equal(u.json.period, null);
  assert.deepEqual((await s.portal(token, 'POST', '/invoices', {})).json, { items: [], pagination: { total: 0, limit: 50, offset: 0 } });
  assert.deepEqual((await s.portal(token, 'POST', '/subscriptions', {})).json, { items: [], pagination: { total: 0, limit: 50, offset: 50 } });
});

test('usage summary: metered and boolean features, limits, unlimited, soft limit, reset time', async () => {
  const { token } = await s.mint('cus-typical');
  const u = (await s.portal(token, 'GET', '/usage')).json;
  const metered = u.features.filter((f) => f.feature.type === 'metered');
  const boolean = u.features.filter((f) => f.feature.type === 'boolean');
  assert.equal(metered.length, 4);
  assert.ok(boolean.length >= 1);
  assert.ok(metered.some((f) => f.is_unlimited && f.total_limit === null));
  assert.ok(metered.some((f) => f.is_soft_limit));
  for (const f of metered) {
    assert.match(f.current_usage, DECIMAL);
    assert.match(f.usage_percent, DECIMAL);
    assert.equal(f.next_usage_reset_at, u.period.end_time);
    if (!f.is_unlimited) assert.ok(Number.isInteger(f.total_limit));
    assert.equal(f.sources[0].entity_name, 'Pro');
  }
  assert.equal(u.period.period, 'monthly');
  assert.ok(Date.parse(u.period.start_time) <= s.clock.ms && Date.parse(u.period.end_time) > s.clock.ms);
  // current_usage matches the analytics over the period.
  const rev = (await s.portal(token, 'POST', '/analytics/revenue', { start_time: u.period.start_time, end_time: u.period.end_time })).json;
  for (const f of metered) {
    const item = rev.items.find((i) => i.feature_id === f.feature.id);
    assert.equal(item ? item.total_usage : '0', f.current_usage, f.feature.name);
  }
  const filtered = (await s.portal(token, 'GET', `/usage?feature_ids=${metered[0].feature.id}`)).json;
  assert.equal(filtered.features.length, 1);
});

test('cost analytics exists and requires both times', async () => {
  const { token } = await s.mint('cus-typical');
  assert.equal((await s.portal(token, 'POST', '/analytics/cost', {})).status, 400);
  const r = await s.portal(token, 'POST', '/analytics/cost', { start_time: iso(s.clock.ms - 7 * DAY), end_time: iso(s.clock.ms), expand: ['meter', 'price'] });
  assert.equal(r.status, 200);
  assert.equal(r.json.currency, 'usd');
  assert.equal(r.json.cost_analytics.length, 4);
  assert.match(r.json.margin, DECIMAL);
});
