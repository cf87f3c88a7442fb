/**
 * Usage date ranges and their buckets in a display zone, and the backend
 * query that fills them. Pure: no DOM, no clock (the caller passes `now`).
 *
 * Zone arithmetic uses only `Intl.DateTimeFormat` parts, so days are 23 or
 * 25 hours long across DST changes and zones with half- or quarter-hour
 * offsets (Asia/Kolkata, Asia/Kathmandu) bucket on their own local hours.
 *
 * The backend buckets DAY windows in the customer's zone. When the display
 * zone is that zone, DAY windows are used as they are; otherwise the query
 * asks for hourly (or 30/15-minute) windows and `bucketPoints` regroups them
 * into the display zone's days.
 */
import type { RangePreset, UsageSeriesQuery, UsageWindow } from '../api/model.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A calendar date (month 1-12). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ZonedParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

export type BucketUnit = 'hour' | 'day';

export interface Bucket {
  start: Date;
  /** Exclusive. */
  end: Date;
  /** True for the bucket that is still filling (it contains `now`). */
  partial: boolean;
}

/** Inclusive calendar dates ("YYYY-MM-DD") of a custom range, read in the display zone. */
export interface CustomDates {
  start: string;
  end: string;
}

export interface ResolvedRange {
  preset: RangePreset;
  timeZone: string;
  unit: BucketUnit;
  /** Start of the first bucket. */
  start: Date;
  /** End of the data considered: `now` for ranges that run to now, else the end of the last bucket. */
  end: Date;
  /** Every bucket of the range in order (future buckets are not included). */
  buckets: Bucket[];
  /** Start of the still-filling last bucket, or null when every bucket is complete. */
  partialFrom: Date | null;
}

export interface UsageQueryPlan {
  query: UsageSeriesQuery;
  /**
   * True while the backend's zone is unknown: the query assumed it equals the
   * display zone (DAY windows from one day earlier). Re-plan once it is known.
   */
  provisional: boolean;
}

// ---------------------------------------------------------------- zone math

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let df = partsFormats.get(timeZone);
  if (!df) {
    df = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, df);
  }
  return df;
}

/** Wall-clock fields of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of partsFormat(timeZone).formatToParts(date)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        out[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

/** UTC offset of `timeZone` at `date`, in minutes (Tokyo 540, New York −300/−240, Kolkata 330). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const t = Math.floor(date.getTime() / 1000) * 1000;
  const p = zonedParts(new Date(t), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - t) / MINUTE);
}

/** The calendar date of `date` in `timeZone`. */
export function zonedDate(date: Date, timeZone: string): CalendarDate {
  const { year, month, day } = zonedParts(date, timeZone);
  return { year, month, day };
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The first instant of calendar day `date` in `timeZone` — midnight, or the
 * end of the DST gap in zones that skip midnight.
 */
export function startOfZonedDay(date: CalendarDate, timeZone: string): Date {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  // Fast path: midnight exists and the offset is the same just before it.
  const guess = utcMidnight - zoneOffsetMinutes(new Date(utcMidnight), timeZone) * MINUTE;
  for (const candidate of [guess, utcMidnight - zoneOffsetMinutes(new Date(guess), timeZone) * MINUTE]) {
    const p = zonedParts(new Date(candidate), timeZone);
    if (compareDates(p, date) === 0 && p.hour === 0 && p.minute === 0 && p.second === 0) return new Date(candidate);
  }
  // Slow path: the smallest minute whose local date is `date` (offsets lie within −12 h … +14 h).
  let lo = (utcMidnight - 15 * HOUR) / MINUTE; // local date before `date`
  let hi = (utcMidnight + 13 * HOUR) / MINUTE; // local date is `date` (or later)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (compareDates(zonedDate(new Date(mid * MINUTE), timeZone), date) >= 0) hi = mid;
    else lo = mid;
  }
  return new Date(hi * MINUTE);
}

/** Start of the local hour containing `date` in `timeZone` (":30" UTC in Kolkata). */
export function startOfZonedHour(date: Date, timeZone: string): Date {
  const p = zonedParts(date, timeZone);
  const ms = ((date.getTime() % 1000) + 1000) % 1000;
  return new Date(date.getTime() - (p.minute * 60 + p.second) * 1000 - ms);
}

/** "2026-03-08" → {2026, 3, 8}; null when malformed or not a real date. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = addDays(date, 0);
  return compareDates(check, date) === 0 ? date : null;
}

export function formatIsoDate(date: CalendarDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/**
 * True when `a` and `b` have the same UTC offset at every instant given (for
 * a range: its start, end and bucket boundaries) — e.g. "UTC" and "Etc/UTC".
 */
export function zonesAgree(a: string, b: string, instants: Date[]): boolean {
  if (a === b) return true;
  return instants.every((t) => zoneOffsetMinutes(t, a) === zoneOffsetMinutes(t, b));
}

// ---------------------------------------------------------------- ranges

function finish(
  preset: RangePreset,
  timeZone: string,
  unit: BucketUnit,
  boundaries: Date[],
  now: Date,
): ResolvedRange {
  const buckets: Bucket[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = boundaries[i]!;
    const end = boundaries[i + 1]!;
    if (start.getTime() > now.getTime()) break;
    buckets.push({ start, end, partial: now.getTime() < end.getTime() });
  }
  const last = buckets[buckets.length - 1];
  const start = buckets[0]?.start ?? boundaries[0] ?? now;
  const end = last ? new Date(Math.min(last.end.getTime(), now.getTime())) : start;
  return { preset, timeZone, unit, start, end, buckets, partialFrom: last?.partial ? last.start : null };
}

function hourBoundaries(start: Date, until: Date): Date[] {
  const out: Date[] = [];
  for (let t = start.getTime(); ; t += HOUR) {
    out.push(new Date(t));
    if (t >= until.getTime()) break;
  }
  return out;
}

function dayBoundaries(first: CalendarDate, lastInclusive: CalendarDate, timeZone: string): Date[] {
  const out: Date[] = [];
  for (let d = first; compareDates(d, addDays(lastInclusive, 1)) <= 0; d = addDays(d, 1)) {
    out.push(startOfZonedDay(d, timeZone));
  }
  return out;
}

export interface ResolveOptions {
  now: Date;
  timeZone: string;
  /** Required for 'custom'. */
  custom?: CustomDates | null;
}

/**
 * The buckets of `preset` in `timeZone` at `now`:
 * - '1d': the last 24 hours — the current local hour and the 23 before it, hourly;
 * - '7d' / '30d': today and the 6 / 29 days before it from local midnight, daily;
 * - 'today': since local midnight, hourly;
 * - 'current_month' / 'last_month': the calendar month in the zone, daily;
 * - 'custom': `custom.start` … `custom.end` (inclusive dates in the zone), daily.
 * Buckets after `now` are left out; the one containing `now` is `partial`.
 */
export function resolveRange(preset: RangePreset, { now, timeZone, custom }: ResolveOptions): ResolvedRange {
  const today = zonedDate(now, timeZone);
  switch (preset) {
    case '1d': {
      const current = startOfZonedHour(now, timeZone);
      return finish(preset, timeZone, 'hour', hourBoundaries(new Date(current.getTime() - 23 * HOUR), new Date(current.getTime() + HOUR)), now);
    }
    case 'today': {
      const midnight = startOfZonedDay(today, timeZone);
      const tomorrow = startOfZonedDay(addDays(today, 1), timeZone);
      const bounds = hourBoundaries(midnight, tomorrow).filter((t) => t.getTime() <= tomorrow.getTime());
      if (bounds[bounds.length - 1]!.getTime() !== tomorrow.getTime()) bounds.push(tomorrow);
      return finish(preset, timeZone, 'hour', bounds, now);
    }
    case '7d':
    case '30d': {
      const days = preset === '7d' ? 7 : 30;
      return finish(preset, timeZone, 'day', dayBoundaries(addDays(today, -(days - 1)), today, timeZone), now);
    }
    case 'current_month': {
      const first = { year: today.year, month: today.month, day: 1 };
      const next = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
      return finish(preset, timeZone, 'day', dayBoundaries(first, addDays(next, -1), timeZone), now);
    }
    case 'last_month': {
      const firstOfThis = { year: today.year, month: today.month, day: 1 };
      const lastOfPrev = addDays(firstOfThis, -1);
      const first = { year: lastOfPrev.year, month: lastOfPrev.month, day: 1 };
      return finish(preset, timeZone, 'day', dayBoundaries(first, lastOfPrev, timeZone), now);
    }
    case 'custom': {
      let start = custom ? parseIsoDate(custom.start) : null;
      let end = custom ? parseIsoDate(custom.end) : null;
      if (!start || !end) {
        start = addDays(today, -6);
        end = today;
      }
      if (compareDates(start, end) > 0) [start, end] = [end, start];
      return finish(preset, timeZone, 'day', dayBoundaries(start, end, timeZone), now);
    }
    default: {
      const unknown: never = preset;
      throw new Error(`Unknown range preset ${String(unknown)}`);
    }
  }
}

// ---------------------------------------------------------------- queries

function sampleInstants(range: ResolvedRange): Date[] {
  const out = [range.start, range.end];
  for (const b of range.buckets) if (range.unit === 'day' || b === range.buckets[0]) out.push(b.start);
  return out;
}

/** The widest window that still splits at every local hour of every zone given. */
export function fineWindow(zones: string[], instants: Date[]): UsageWindow {
  let step = 60;
  for (const zone of zones) {
    for (const t of instants) {
      const off = Math.abs(zoneOffsetMinutes(t, zone));
      if (off % 60 === 0) continue;
      step = Math.min(step, off % 30 === 0 ? 30 : 15);
    }
  }
  return step === 60 ? 'HOUR' : step === 30 ? '30MIN' : '15MIN';
}

/**
 * The backend query that fills `range`.
 *
 * `backendZone` is the zone the backend buckets days in (the customer's zone,
 * or 'UTC' when the customer has none), or null while it is not known yet:
 * then daily ranges ask for DAY windows from one day before the range (so
 * any zone's midnight is covered) and the plan is `provisional`.
 *
 * Daily ranges use DAY windows when the zones agree, else HOUR / 30MIN /
 * 15MIN windows (finer when a zone's offset is not whole hours) that
 * `bucketPoints` regroups into the display zone's days. Hourly ranges always
 * use the finest window either zone needs.
 */
export function planUsageQuery(range: ResolvedRange, backendZone: string | null): UsageQueryPlan {
  const instants = sampleInstants(range);
  const end = range.end;
  if (backendZone === null) {
    if (range.unit === 'day') {
      const dayBefore = startOfZonedDay(addDays(zonedDate(range.start, range.timeZone), -1), range.timeZone);
      return { query: { start: dayBefore, end, window: 'DAY' }, provisional: true };
    }
    return { query: { start: range.start, end, window: fineWindow([range.timeZone], instants) }, provisional: true };
  }
  if (range.unit === 'day' && zonesAgree(backendZone, range.timeZone, instants)) {
    return { query: { start: range.start, end, window: 'DAY' }, provisional: false };
  }
  return { query: { start: range.start, end, window: fineWindow([range.timeZone, backendZone], instants) }, provisional: false };
}

/**
 * True when data already fetched with `fetched` can fill `plan` without a
 * new request: same window, starts no later, and ends at most `slackMs`
 * before (the clock moved on between the two plans).
 */
export function canReuseQuery(fetched: UsageSeriesQuery, plan: UsageQueryPlan, slackMs = 5 * MINUTE): boolean {
  return (
    fetched.window === plan.query.window &&
    fetched.start.getTime() <= plan.query.start.getTime() &&
    fetched.end.getTime() + slackMs >= plan.query.end.getTime()
  );
}
