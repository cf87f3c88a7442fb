// Small, dependency-free helpers for the reference portal server. Pure ESM with
// no Node-only APIs, so the same code runs in Node and in the browser.

// ---------------------------------------------------------------------------
// Deterministic randomness

/** 32-bit integer hash of any number of integers/strings (FNV-1a + murmur finaliser). */
export function hash32(...parts) {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7c;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform [0, 1) from a hash of the parts. */
export function hashUnit(...parts) {
  return hash32(...parts) / 4294967296;
}

/** Seeded PRNG (mulberry32) with a few conveniences. */
export function createRng(seed) {
  let a = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Integer in [min, max]. */
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick(list) {
      return list[Math.floor(next() * list.length)];
    },
    chance(p) {
      return next() < p;
    },
  };
}

// ---------------------------------------------------------------------------
// Identifiers (ULID-shaped, like Flexprice's `inv_01K…`)

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(prefix, timeMs, rng) {
  let t = Math.max(0, Math.floor(timeMs));
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[Math.floor(rng.next() * 32)];
  return `${prefix}_${time}${rand}`;
}

// ---------------------------------------------------------------------------
// Exact decimals: BigInt fixed point with 9 fractional digits ("nanos").

export const SCALE = 9;
const ONE = 10n ** 9n;

/** Parses "12.5" / "-0.001" / 3 into fixed-point nanos (BigInt). */
export function dec(value) {
  if (typeof value === 'bigint') return value * ONE;
  const s = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = (m[3] ?? '').slice(0, SCALE).padEnd(SCALE, '0');
  const v = BigInt(m[2]) * ONE + BigInt(frac);
  return m[1] ? -v : v;
}

/** Formats nanos the way shopspring/decimal's String() does: no trailing zeros, "0" for zero. */
export function fmt(nanos) {
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const int = abs / ONE;
  let frac = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  const s = frac ? `${int}.${frac}` : `${int}`;
  return neg && s !== '0' ? `-${s}` : s;
}

/** a × b for two nano values (exact when the combined scale fits in 9 digits; otherwise truncated). */
export function mulDec(a, b) {
  return (a * b) / ONE;
}

/** Rounds nanos half away from zero to `digits` fractional digits. */
export function roundDec(nanos, digits) {
  const unit = 10n ** BigInt(SCALE - digits);
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const r = ((abs + unit / 2n) / unit) * unit;
  return neg ? -r : r;
}

/** a / b as a decimal string with up to 16 fractional digits (shopspring's DivisionPrecision). */
export function divString(a, b) {
  if (b === 0n) return '0';
  const P = 10n ** 16n;
  const neg = a < 0n !== b < 0n && a !== 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA * P * 10n) / absB;
  const rounded = (q + 5n) / 10n;
  const int = rounded / P;
  const frac = (rounded % P).toString().padStart(16, '0').replace(/0+$/, '');
  const s = frac ? `${int}.${frac}` : `${int}`;
  return neg ? `-${s}` : s;
}

export const CURRENCY_DIGITS = { usd: 2, eur: 2, gbp: 2, jpy: 0, kwd: 3, inr: 2 };
export const currencyDigits = (c) => CURRENCY_DIGITS[c] ?? 2;

// ---------------------------------------------------------------------------
// Time

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const QUARTER = 900_000;

/** Go's time.Time JSON form (RFC 3339 with trailing fractional zeros trimmed), always UTC. */
export function rfc3339(date) {
  const ms = typeof date === 'number' ? date : date.getTime();
  const iso = new Date(ms).toISOString(); // 2026-08-22T10:11:12.345Z
  return iso.replace(/\.(\d*?)0*Z$/, (_, f) => (f ? `.${f}Z` : 'Z'));
}

/** RFC 3339 with a 9-digit nanosecond fraction (trailing zeros trimmed), from ms + extra nanos. */
export function rfc3339Nano(ms, extraNanos = 0) {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  const nanos = (ms % 1000) * 1_000_000 + extraNanos;
  const frac = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return frac ? `${base}.${frac}Z` : `${base}Z`;
}

/** Strict RFC 3339 parse (what Go's time.Parse(time.RFC3339, …) accepts); NaN when invalid. */
export function parseRfc3339(value) {
  if (typeof value !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return NaN;
  const ms = Date.parse(value.toUpperCase().replace(/(\.\d{3})\d+/, '$1'));
  return ms;
}

export function addMonthsUtc(ms, n) {
  const d = new Date(ms);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1, d.getUTCHours(), d.getUTCMinutes()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.getTime();
}

export function startOfUtcDay(ms) {
  return Math.floor(ms / DAY) * DAY;
}

// Time-zone offsets via Intl (no tz database of our own), cached per quarter hour.
const formatters = new Map();
const offsetCache = new Map();

function formatterFor(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Tokyo → +9 h). */
export function tzOffset(timeZone, ms) {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const key = `${timeZone}|${Math.floor(ms / QUARTER)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const parts = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(Math.floor(ms / QUARTER) * QUARTER))) parts[p.type] = p.value;
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const off = asUtc - Math.floor(ms / QUARTER) * QUARTER;
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/** The UTC instant of a local wall-clock time (ms since epoch, as if UTC) in `timeZone`. */
export function localToUtc(timeZone, localMs) {
  let guess = localMs - tzOffset(timeZone, localMs);
  const off2 = tzOffset(timeZone, guess);
  guess = localMs - off2;
  return guess;
}

/** Start of the bucket of width `window` containing instant `ms`, in `timeZone`. */
export function bucketStart(window, timeZone, ms) {
  const off = tzOffset(timeZone, ms);
  const local = ms + off;
  let localFloor;
  switch (window) {
    case 'MINUTE':
      localFloor = Math.floor(local / MINUTE) * MINUTE;
      break;
    case '15MIN':
      localFloor = Math.floor(local / QUARTER) * QUARTER;
      break;
    case '30MIN':
      localFloor = Math.floor(local / (2 * QUARTER)) * 2 * QUARTER;
      break;
    case 'HOUR':
      localFloor = Math.floor(local / HOUR) * HOUR;
      break;
    case '3HOUR':
      localFloor = Math.floor(local / (3 * HOUR)) * 3 * HOUR;
      break;
    case '6HOUR':
      localFloor = Math.floor(local / (6 * HOUR)) * 6 * HOUR;
      break;
    case '12HOUR':
      localFloor = Math.floor(local / (12 * HOUR)) * 12 * HOUR;
      break;
    case 'DAY':
      localFloor = Math.floor(local / DAY) * DAY;
      break;
    case 'WEEK': {
      const day = Math.floor(local / DAY) * DAY;
      const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
      localFloor = day - dow * DAY;
      break;
    }
    case 'MONTH': {
      const d = new Date(local);
      localFloor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      break;
    }
    default:
      throw new Error(`unknown window ${window}`);
  }
  // Sub-hour windows keep the instant's own offset; day-or-longer ones resolve the local midnight.
  if (['MINUTE', '15MIN', '30MIN', 'HOUR', '3HOUR', '6HOUR', '12HOUR'].includes(window)) return localFloor - off;
  return localToUtc(timeZone, localFloor);
}

export const WINDOWS = ['MINUTE', '15MIN', '30MIN', 'HOUR', '3HOUR', '6HOUR', '12HOUR', 'DAY', 'WEEK', 'MONTH'];
