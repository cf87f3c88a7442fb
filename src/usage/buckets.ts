/**
 * What a view does with a resolved range: its calendar dates, and usage points
 * summed into its buckets. Apart from ranges.ts (which the first chunk needs to
 * plan the first request) so this loads with the views that draw and export.
 */
import type { Decimal, UsagePoint } from '../api/model.js';
import { sum } from '../format/decimal-core.js';
import { formatIsoDate, zonedDate, type Bucket, type ResolvedRange } from './ranges.js';

export interface BucketTotal {
  usage: Decimal;
  cost: Decimal;
  events: number;
}

/** The inclusive first and last calendar dates of a range in its zone ("2026-03-02", "2026-03-08"). */
export function rangeDates(range: ResolvedRange): { from: string; to: string } {
  const last = range.buckets[range.buckets.length - 1];
  const from = formatIsoDate(zonedDate(range.start, range.timeZone));
  const to = last ? formatIsoDate(zonedDate(new Date(Math.min(last.end.getTime(), range.end.getTime()) - 1), range.timeZone)) : from;
  return { from, to };
}

/** Index of the bucket containing `time`, or −1 when outside the range. */
export function bucketIndex(buckets: Bucket[], time: Date): number {
  const t = time.getTime();
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (t < b.start.getTime()) hi = mid - 1;
    else if (t >= b.end.getTime()) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Sums `points` into the range's buckets (exact decimals): every bucket is
 * present, empty ones are zero; points outside the range (the provisional
 * extra day, or after the end) are dropped.
 */
export function bucketPoints(buckets: Bucket[], points: UsagePoint[]): BucketTotal[] {
  const usage: Decimal[][] = buckets.map(() => []);
  const cost: Decimal[][] = buckets.map(() => []);
  const events = buckets.map(() => 0);
  for (const p of points) {
    const i = bucketIndex(buckets, p.time);
    if (i < 0) continue;
    usage[i]!.push(p.usage);
    cost[i]!.push(p.cost);
    events[i]! += p.eventCount;
  }
  return buckets.map((_, i) => ({ usage: sum(usage[i]!), cost: sum(cost[i]!), events: events[i]! }));
}
