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

/** Answers of isTimeZone: constructing an Intl.DateTimeFormat costs about a millisecond, and the root asks on every update. */
const zoneChecks = new Map<string, boolean>();

/** True when `zone` is an IANA zone this browser knows. */
export function isTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  let known = zoneChecks.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (zoneChecks.size > 100) zoneChecks.clear();
    zoneChecks.set(zone, known);
  }
  return known;
}

let browserZone: { zone: string; at: number } | null = null;

/** The browser's zone (re-read at most once a second: cheap on every update, yet follows a system change). */
export function browserTimeZone(): string {
  const now = Date.now();
  if (!browserZone || now - browserZone.at > 1000) {
    browserZone = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  }
  return browserZone.zone;
}
