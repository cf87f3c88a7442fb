/** Intl-based date and time formatting in the display zone. */

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let df = cache.get(key);
  if (!df) {
    df = new Intl.DateTimeFormat(locale, options);
    cache.set(key, df);
  }
  return df;
}

const valid = (date: Date | null | undefined): date is Date => date instanceof Date && !Number.isNaN(date.getTime());

/** "Jan 6, 2026" (or the locale's form); "—" for none. */
export function formatDate(date: Date | null | undefined, locale: string, timeZone: string): string {
  if (!valid(date)) return '—';
  return dateFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

/** "Jan 6, 2026, 3:04 PM". */
export function formatDateTime(date: Date | null | undefined, locale: string, timeZone: string): string {
  if (!valid(date)) return '—';
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** "Jan 6, 2026 – Feb 6, 2026" as one range. */
export function formatDateRange(start: Date | null, end: Date | null, locale: string, timeZone: string): string {
  if (!valid(start) || !valid(end)) return `${formatDate(start, locale, timeZone)} – ${formatDate(end, locale, timeZone)}`;
  return dateFormat(locale, { dateStyle: 'medium', timeZone }).formatRange(start, end);
}

/** ISO date in the zone ("2026-01-06"), for CSV files and file names. */
export function isoDate(date: Date, timeZone: string): string {
  const parts = dateFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// Zone checks live apart (the CDN first chunk needs them, not the formatting); re-exported for existing callers.
export { browserTimeZone, isTimeZone } from './zone.js';
