import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  canReuseQuery,
  fineWindow,
  parseIsoDate,
  planUsageQuery,
  resolveRange,
  startOfZonedDay,
  startOfZonedHour,
  zoneOffsetMinutes,
  zonedParts,
} from './ranges.js';
import { bucketPoints, rangeDates } from './buckets.js';
import type { UsagePoint } from '../api/model.js';

const iso = (d: Date) => d.toISOString();
const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
const point = (time: string, usage: string, cost = '0', eventCount = 1): UsagePoint => ({
  time: new Date(time),
  usage,
  cost,
  eventCount,
});

describe('ranges', () => {
  describe('zone math', () => {
    it('reads offsets of whole, half and quarter hour zones', () => {
      const t = new Date('2026-01-15T12:00:00Z');
      expect(zoneOffsetMinutes(t, 'Asia/Tokyo')).to.equal(540);
      expect(zoneOffsetMinutes(t, 'America/New_York')).to.equal(-300);
      expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).to.equal(-240);
      expect(zoneOffsetMinutes(t, 'Asia/Kolkata')).to.equal(330);
      expect(zoneOffsetMinutes(t, 'Asia/Kathmandu')).to.equal(345);
    });

    it('finds local midnight in Tokyo and New York', () => {
      expect(iso(startOfZonedDay({ year: 2026, month: 3, day: 4 }, 'Asia/Tokyo'))).to.equal('2026-03-03T15:00:00.000Z');
      expect(iso(startOfZonedDay({ year: 2026, month: 3, day: 8 }, 'America/New_York'))).to.equal('2026-03-08T05:00:00.000Z');
      expect(iso(startOfZonedDay({ year: 2026, month: 3, day: 9 }, 'America/New_York'))).to.equal('2026-03-09T04:00:00.000Z');
    });

    it('starts a day at the end of the gap when the zone skips midnight (Santiago)', () => {
      const start = startOfZonedDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
      const p = zonedParts(start, 'America/Santiago');
      expect([p.month, p.day, p.hour, p.minute]).to.deep.equal([9, 6, 1, 0]);
      const before = zonedParts(new Date(start.getTime() - 60_000), 'America/Santiago');
      expect(before.day).to.equal(5);
    });

    it('floors to the local hour in a half-hour zone', () => {
      expect(iso(startOfZonedHour(new Date('2026-03-10T10:45:12.345Z'), 'Asia/Kolkata'))).to.equal('2026-03-10T10:30:00.000Z');
      expect(iso(startOfZonedHour(new Date('2026-03-10T10:45:12.345Z'), 'UTC'))).to.equal('2026-03-10T10:00:00.000Z');
    });

    it('parses only real ISO dates', () => {
      expect(parseIsoDate('2026-02-28')).to.deep.equal({ year: 2026, month: 2, day: 28 });
      expect(parseIsoDate('2026-02-30')).to.equal(null);
      expect(parseIsoDate('26-2-3')).to.equal(null);
    });
  });

  describe('presets', () => {
    it('7d in Tokyo: today and the 6 days before from Tokyo midnight, last day partial', () => {
      const now = new Date('2026-03-10T03:00:00Z'); // 12:00 in Tokyo
      const r = resolveRange('7d', { now, timeZone: 'Asia/Tokyo' });
      expect(r.unit).to.equal('day');
      expect(r.buckets).to.have.length(7);
      expect(iso(r.start)).to.equal('2026-03-03T15:00:00.000Z');
      expect(iso(r.end)).to.equal(iso(now));
      expect(r.buckets.slice(0, 6).every((b) => !b.partial)).to.equal(true);
      expect(r.buckets[6]!.partial).to.equal(true);
      expect(iso(r.partialFrom!)).to.equal('2026-03-09T15:00:00.000Z');
      expect(rangeDates(r)).to.deep.equal({ from: '2026-03-04', to: '2026-03-10' });
    });

    it('30d has 30 daily buckets', () => {
      const r = resolveRange('30d', { now: new Date('2026-03-10T03:00:00Z'), timeZone: 'UTC' });
      expect(r.buckets).to.have.length(30);
      expect(iso(r.start)).to.equal('2026-02-09T00:00:00.000Z');
    });

    it('7d across the New York DST start has one 23-hour day', () => {
      const r = resolveRange('7d', { now: new Date('2026-03-10T16:00:00Z'), timeZone: 'America/New_York' });
      const lengths = r.buckets.map((b) => hours(b.start, b.end));
      expect(lengths).to.deep.equal([24, 24, 24, 24, 23, 24, 24]);
      expect(iso(r.buckets[4]!.start)).to.equal('2026-03-08T05:00:00.000Z');
    });

    it('7d across the New York DST end has one 25-hour day', () => {
      const r = resolveRange('7d', { now: new Date('2026-11-03T16:00:00Z'), timeZone: 'America/New_York' });
      const lengths = r.buckets.map((b) => hours(b.start, b.end));
      expect(lengths).to.deep.equal([24, 24, 24, 24, 25, 24, 24]);
      expect(iso(r.buckets[4]!.start)).to.equal('2026-11-01T04:00:00.000Z');
      expect(iso(r.buckets[4]!.end)).to.equal('2026-11-02T05:00:00.000Z');
    });

    it("'today' on the DST start day skips 2 AM", () => {
      const now = new Date('2026-03-08T20:30:00Z'); // 16:30 EDT
      const r = resolveRange('today', { now, timeZone: 'America/New_York' });
      expect(r.unit).to.equal('hour');
      const localHours = r.buckets.map((b) => zonedParts(b.start, 'America/New_York').hour);
      expect(localHours).to.deep.equal([0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      expect(r.buckets[r.buckets.length - 1]!.partial).to.equal(true);
    });

    it("'today' on the DST end day has 1 AM twice", () => {
      const now = new Date('2026-11-01T12:10:00Z'); // 07:10 EST
      const r = resolveRange('today', { now, timeZone: 'America/New_York' });
      const localHours = r.buckets.map((b) => zonedParts(b.start, 'America/New_York').hour);
      expect(localHours).to.deep.equal([0, 1, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('1d is the current local hour and the 23 before it', () => {
      const now = new Date('2026-03-10T10:45:00Z');
      const r = resolveRange('1d', { now, timeZone: 'Asia/Kolkata' });
      expect(r.buckets).to.have.length(24);
      expect(r.buckets.every((b) => hours(b.start, b.end) === 1)).to.equal(true);
      expect(iso(r.buckets[23]!.start)).to.equal('2026-03-10T10:30:00.000Z');
      expect(r.buckets[23]!.partial).to.equal(true);
      expect(iso(r.start)).to.equal('2026-03-09T11:30:00.000Z');
    });

    it('the partial bucket is the one containing now in a 30-minute-offset zone (Kolkata, +5:30), either side of its midnight', () => {
      // 18:15 UTC is 23:45 on Mar 10 in Kolkata: today there began at 18:30 UTC the day before.
      const before = resolveRange('7d', { now: new Date('2026-03-10T18:15:00Z'), timeZone: 'Asia/Kolkata' });
      expect(iso(before.partialFrom!)).to.equal('2026-03-09T18:30:00.000Z');
      expect(before.buckets.filter((b) => b.partial).map((b) => iso(b.start))).to.deep.equal(['2026-03-09T18:30:00.000Z']);
      // 18:45 UTC is 00:15 on Mar 11 there: a new day, and the Mar 10 bucket is now complete.
      const after = resolveRange('7d', { now: new Date('2026-03-10T18:45:00Z'), timeZone: 'Asia/Kolkata' });
      expect(iso(after.partialFrom!)).to.equal('2026-03-10T18:30:00.000Z');
      expect(after.buckets[5]!.partial).to.equal(false);
      expect(iso(after.buckets[5]!.start)).to.equal('2026-03-09T18:30:00.000Z');
      // The same instants in UTC: the partial day is Mar 10 both times.
      expect(iso(resolveRange('7d', { now: new Date('2026-03-10T18:45:00Z'), timeZone: 'UTC' }).partialFrom!)).to.equal('2026-03-10T00:00:00.000Z');
      // Hourly: the partial hour starts at :30 UTC in Kolkata.
      expect(iso(resolveRange('today', { now: new Date('2026-03-10T18:45:00Z'), timeZone: 'Asia/Kolkata' }).partialFrom!)).to.equal('2026-03-10T18:30:00.000Z');
    });

    it('current_month and last_month follow the zone, not UTC', () => {
      const now = new Date('2026-02-28T16:00:00Z'); // March 1, 01:00 in Tokyo
      const current = resolveRange('current_month', { now, timeZone: 'Asia/Tokyo' });
      expect(current.buckets).to.have.length(1);
      expect(iso(current.start)).to.equal('2026-02-28T15:00:00.000Z');
      const last = resolveRange('last_month', { now, timeZone: 'Asia/Tokyo' });
      expect(last.buckets).to.have.length(28);
      expect(iso(last.start)).to.equal('2026-01-31T15:00:00.000Z');
      expect(iso(last.end)).to.equal('2026-02-28T15:00:00.000Z');
      expect(last.partialFrom).to.equal(null);
      // Same instant in UTC is still February.
      expect(resolveRange('current_month', { now, timeZone: 'UTC' }).buckets).to.have.length(28);
    });

    it('last_month in January is December of the year before', () => {
      const r = resolveRange('last_month', { now: new Date('2026-01-15T12:00:00Z'), timeZone: 'UTC' });
      expect(r.buckets).to.have.length(31);
      expect(iso(r.start)).to.equal('2025-12-01T00:00:00.000Z');
    });

    it('custom takes inclusive dates, swaps them when reversed and stops at now', () => {
      const now = new Date('2026-03-10T12:00:00Z');
      const r = resolveRange('custom', { now, timeZone: 'UTC', custom: { start: '2026-03-12', end: '2026-03-05' } });
      expect(iso(r.start)).to.equal('2026-03-05T00:00:00.000Z');
      expect(r.buckets).to.have.length(6); // 5th … 10th, the future days left out
      expect(r.buckets[5]!.partial).to.equal(true);
    });

    it('daily buckets are contiguous local days of 23–25 hours in any zone (property)', () => {
      const zones = ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
          fc.constantFrom('7d' as const, '30d' as const, 'last_month' as const),
          (zone, t, preset) => {
            const r = resolveRange(preset, { now: new Date(t), timeZone: zone });
            for (let i = 0; i < r.buckets.length; i++) {
              const b = r.buckets[i]!;
              const len = hours(b.start, b.end);
              if (len < 23 || len > 25) return false;
              if (i > 0 && r.buckets[i - 1]!.end.getTime() !== b.start.getTime()) return false;
              const before = zonedParts(new Date(b.start.getTime() - 60_000), zone);
              const at = zonedParts(b.start, zone);
              if (before.day === at.day) return false;
            }
            return true;
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe('backend query', () => {
    const now = new Date('2026-03-10T03:00:00Z');

    it('uses DAY windows when the display zone is the customer zone', () => {
      const r = resolveRange('7d', { now, timeZone: 'Asia/Tokyo' });
      const plan = planUsageQuery(r, 'Asia/Tokyo');
      expect(plan.provisional).to.equal(false);
      expect(plan.query.window).to.equal('DAY');
      expect(iso(plan.query.start)).to.equal(iso(r.start));
      expect(iso(plan.query.end)).to.equal(iso(now));
    });

    it('treats zones with the same offsets as equal (UTC / Etc/UTC)', () => {
      const r = resolveRange('7d', { now, timeZone: 'Etc/UTC' });
      expect(planUsageQuery(r, 'UTC').query.window).to.equal('DAY');
    });

    it('asks for hours when the zones differ, 30 minutes for Kolkata, 15 for Kathmandu', () => {
      const r = resolveRange('7d', { now, timeZone: 'America/New_York' });
      expect(planUsageQuery(r, 'Asia/Tokyo').query.window).to.equal('HOUR');
      expect(planUsageQuery(r, 'Asia/Kolkata').query.window).to.equal('30MIN');
      expect(planUsageQuery(r, 'Asia/Kathmandu').query.window).to.equal('15MIN');
      const kolkata = resolveRange('7d', { now, timeZone: 'Asia/Kolkata' });
      expect(planUsageQuery(kolkata, 'UTC').query.window).to.equal('30MIN');
      expect(planUsageQuery(kolkata, 'Asia/Kolkata').query.window).to.equal('DAY');
    });

    it('hourly ranges split at every local hour of both zones', () => {
      const r = resolveRange('1d', { now, timeZone: 'Asia/Kolkata' });
      expect(planUsageQuery(r, 'Asia/Kolkata').query.window).to.equal('30MIN');
      expect(planUsageQuery(resolveRange('1d', { now, timeZone: 'UTC' }), 'Asia/Tokyo').query.window).to.equal('HOUR');
      expect(fineWindow(['UTC'], [now])).to.equal('HOUR');
    });

    it('while the customer zone is unknown, asks for DAY windows from one day earlier', () => {
      const r = resolveRange('7d', { now, timeZone: 'Asia/Tokyo' });
      const plan = planUsageQuery(r, null);
      expect(plan.provisional).to.equal(true);
      expect(plan.query.window).to.equal('DAY');
      expect(iso(plan.query.start)).to.equal('2026-03-02T15:00:00.000Z');
      // Once known and equal, the provisional data is reused …
      const settled = planUsageQuery(resolveRange('7d', { now: new Date(now.getTime() + 2000), timeZone: 'Asia/Tokyo' }), 'Asia/Tokyo');
      expect(canReuseQuery(plan.query, settled)).to.equal(true);
      // … when it differs, a new hourly request is needed.
      const other = planUsageQuery(resolveRange('7d', { now, timeZone: 'Asia/Tokyo' }), 'America/New_York');
      expect(canReuseQuery(plan.query, other)).to.equal(false);
    });
  });

  describe('bucketPoints', () => {
    it('regroups hourly points into display days, keeps empty days at zero and drops points outside', () => {
      const now = new Date('2026-03-10T16:00:00Z');
      const r = resolveRange('7d', { now, timeZone: 'America/New_York' }); // Mar 4 … Mar 10 (partial) in New York
      const points = [
        point('2026-03-03T04:00:00Z', '999'), // before the range (Mar 2 23:00 EST)
        point('2026-03-04T04:00:00Z', '0.1', '0.01'), // Mar 3 23:00 EST → before
        point('2026-03-04T05:00:00Z', '0.1', '0.01', 2), // Mar 4 00:00 EST → day 0
        point('2026-03-04T23:00:00Z', '0.2', '0.02', 3), // day 0
        point('2026-03-09T03:00:00Z', '5'), // Mar 8 23:00 EDT → day 4 (23h day)
        point('2026-03-09T04:00:00Z', '7'), // Mar 9 00:00 EDT → day 5
      ];
      const totals = bucketPoints(r.buckets, points);
      expect(totals).to.have.length(r.buckets.length);
      expect(totals[0]).to.deep.equal({ usage: '0.3', cost: '0.03', events: 5 });
      expect(totals[1]).to.deep.equal({ usage: '0', cost: '0', events: 0 });
      expect(totals[4]!.usage).to.equal('5');
      expect(totals[5]!.usage).to.equal('7');
    });
  });
});
