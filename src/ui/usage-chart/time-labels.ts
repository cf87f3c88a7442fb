/**
 * The usage chart's time axis in words: which buckets get an x label, the
 * labels themselves, a bucket's exact time for the tooltip, and the cached
 * date formats. Pure (Intl only): no DOM, no Chart.js, no Lit.
 */
import { zonedParts } from '../../usage/ranges.js';

/** Width of the chart's buckets: labels show hours or dates. */
export type ChartWindow = 'hour' | 'day';

/** Local hour and day key of every bucket (only hourly labels need them). */
export interface BucketZone {
  hours: number[];
  dayKeys: string[];
}

/** The buckets and how to say their times. */
export interface TimeAxis {
  /** Start of every bucket of the range, in order. */
  buckets: readonly Date[];
  window: ChartWindow;
  locale: string;
  timeZone: string;
  /** `bucketZone` of the buckets, computed on first use (the element caches it). */
  zone(): BucketZone;
}

const HOUR = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date format for the locale and zone, made once (an unknown locale or zone falls back to English in UTC). */
export function dtf(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' });
    }
    formats.set(key, f);
  }
  return f;
}

/** Local hour and day key of every bucket, one zone lookup each. */
export function bucketZone(buckets: readonly Date[], timeZone: string): BucketZone {
  const hours: number[] = [];
  const dayKeys: string[] = [];
  for (const b of buckets) {
    const p = zonedParts(b, timeZone);
    hours.push(p.hour);
    dayKeys.push(`${p.year}-${p.month}-${p.day}`);
  }
  return { hours, dayKeys };
}

/** Which bucket indices get an x label, for a plot `width` px wide. */
export function tickIndices(axis: TimeAxis, width: number): number[] {
  const n = axis.buckets.length;
  if (n === 0) return [];
  const maxTicks = Math.max(2, Math.floor(width / (axis.window === 'hour' ? 64 : 60)));
  if (n <= maxTicks) return axis.buckets.map((_, i) => i);
  const out: number[] = [];
  if (axis.window === 'hour') {
    const steps = [1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336];
    const step = steps.find((s) => n / s <= maxTicks) ?? Math.ceil(n / maxTicks);
    let midnights = 0;
    const zone = axis.zone();
    for (let i = 0; i < n; i++) {
      const hour = zone.hours[i] ?? 0;
      const newDay = i > 0 && zone.dayKeys[i] !== zone.dayKeys[i - 1];
      if (step < 24) {
        if (hour % step === 0) out.push(i);
      } else if (newDay) {
        if (midnights % (step / 24) === 0) out.push(i);
        midnights++;
      }
    }
    return out.length ? out : [0];
  }
  const step = Math.ceil(n / maxTicks);
  // Count back from the last bucket so "today" always has its label.
  for (let i = n - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}

/** The x label of bucket `index`: a date, or an hour (with its date where the day changes since the `previous` label). */
export function tickLabel(axis: TimeAxis, index: number, previous: number): string {
  const date = axis.buckets[index];
  if (!date) return '';
  if (axis.window === 'day') return dtf(axis.locale, axis.timeZone, { month: 'short', day: 'numeric' }).format(date);
  const { dayKeys } = axis.zone();
  const newDay = previous < 0 || dayKeys[previous] !== dayKeys[index];
  return newDay
    ? dtf(axis.locale, axis.timeZone, { month: 'short', day: 'numeric', hour: 'numeric' }).format(date)
    : dtf(axis.locale, axis.timeZone, { hour: 'numeric' }).format(date);
}

/** Exact time of a bucket in the zone: "Mar 4, 2026" or "Mar 4, 2026, 3:00 – 4:00 PM". */
export function bucketTime(axis: TimeAxis, index: number): string {
  const start = axis.buckets[index];
  if (!start) return '';
  if (axis.window === 'day') return dtf(axis.locale, axis.timeZone, { dateStyle: 'medium' }).format(start);
  const end = axis.buckets[index + 1] ?? new Date(start.getTime() + HOUR);
  return dtf(axis.locale, axis.timeZone, { dateStyle: 'medium', timeStyle: 'short' }).formatRange(start, end);
}

/** The format of one bucket's start in the table and the summary: a date, or a date and time. */
export function bucketFormat(axis: Pick<TimeAxis, 'window' | 'locale' | 'timeZone'>): Intl.DateTimeFormat {
  return dtf(axis.locale, axis.timeZone, axis.window === 'day' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
}
