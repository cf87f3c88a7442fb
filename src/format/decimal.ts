/**
 * Exact decimal arithmetic on the API's decimal strings, on BigInt.
 * Money is never summed as floats: "0.1" + "0.2" is exactly "0.3".
 */
import type { Decimal } from '../api/model.js';

const PATTERN = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

interface Parts {
  /** The number times 10^scale. */
  units: bigint;
  scale: number;
}

/** True when `value` is a finite decimal string (or number) we can compute with. */
export function isDecimal(value: unknown): value is Decimal {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  return m !== null && ((m[2] ?? '') !== '' || (m[3] ?? '') !== '');
}

function parse(value: Decimal | number): Parts {
  const text = typeof value === 'number' ? numberToString(value) : value;
  const m = PATTERN.exec(text);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) throw new RangeError(`Not a decimal: ${JSON.stringify(value)}`);
  const [, sign, intPart = '', fracPart = '', exp = '0'] = m;
  let scale = fracPart.length - Number(exp);
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, '') || '0';
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: sign === '-' ? -units : units, scale };
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  return String(n);
}

function align(a: Parts, b: Parts): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

function format({ units, scale }: Parts): Decimal {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let int = digits.slice(0, -scale);
    let frac = digits.slice(-scale).replace(/0+$/, '');
    if (int === '') int = '0';
    digits = frac ? `${int}.${frac}` : int;
  }
  if (digits === '0') return '0';
  return negative ? `-${digits}` : digits;
}

/** Normalised form: "1.50" → "1.5", "-0" → "0", "1e3" → "1000". */
export function normalize(value: Decimal | number): Decimal {
  return format(parse(value));
}

export function add(a: Decimal | number, b: Decimal | number): Decimal {
  const [x, y, scale] = align(parse(a), parse(b));
  return format({ units: x + y, scale });
}

export function sub(a: Decimal | number, b: Decimal | number): Decimal {
  const [x, y, scale] = align(parse(a), parse(b));
  return format({ units: x - y, scale });
}

export function mul(a: Decimal | number, b: Decimal | number): Decimal {
  const x = parse(a);
  const y = parse(b);
  return format({ units: x.units * y.units, scale: x.scale + y.scale });
}

/** Exact sum of a list ("0" for none). */
export function sum(values: Iterable<Decimal | number>): Decimal {
  let total: Parts = { units: 0n, scale: 0 };
  for (const v of values) {
    const [x, y, scale] = align(total, parse(v));
    total = { units: x + y, scale };
  }
  return format(total);
}

export function compare(a: Decimal | number, b: Decimal | number): -1 | 0 | 1 {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal | number): boolean {
  return parse(a).units === 0n;
}

export function isNegative(a: Decimal | number): boolean {
  return parse(a).units < 0n;
}

export function abs(a: Decimal | number): Decimal {
  const p = parse(a);
  return format({ units: p.units < 0n ? -p.units : p.units, scale: p.scale });
}

export function negate(a: Decimal | number): Decimal {
  const p = parse(a);
  return format({ units: -p.units, scale: p.scale });
}

/**
 * Rounds half away from zero to `places` decimals (exact, no float step).
 */
export function round(a: Decimal | number, places: number): Decimal {
  const p = parse(a);
  if (p.scale <= places) return format(p);
  const drop = 10n ** BigInt(p.scale - places);
  const negative = p.units < 0n;
  const magnitude = negative ? -p.units : p.units;
  let q = magnitude / drop;
  if ((magnitude % drop) * 2n >= drop) q += 1n;
  return format({ units: negative ? -q : q, scale: places });
}

/** Approximate value for charts and bar widths only; never for money. */
export function toNumber(a: Decimal | number): number {
  return Number(normalize(a));
}

/** Exact ratio a / b rounded to `places` (for percentages); null when b is 0. */
export function divide(a: Decimal | number, b: Decimal | number, places = 10): Decimal | null {
  const [x, y] = align(parse(a), parse(b));
  if (y === 0n) return null;
  const scaled = (x * 10n ** BigInt(places + 1)) / y;
  return round(format({ units: scaled, scale: places + 1 }), places);
}
