/**
 * The core of decimal.ts (which re-exports it): parsing, normalising and
 * summing. Apart so the CDN first chunk (the adapter's validation, the usage
 * range planning) carries only this; the rest of the arithmetic loads with the
 * views that use it.
 */

/** An exact decimal number as a string, e.g. "12.5", "-0.001" (money and quantities are never floats). */
export type Decimal = string;

const PATTERN = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** @internal */
export interface Parts {
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

/** @internal */
export function parse(value: Decimal | number): Parts {
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

/** @internal */
export function align(a: Parts, b: Parts): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** @internal */
export function format({ units, scale }: Parts): Decimal {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let int = digits.slice(0, -scale);
    const frac = digits.slice(-scale).replace(/0+$/, '');
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

/** Exact sum of a list ("0" for none). */
export function sum(values: Iterable<Decimal | number>): Decimal {
  let total: Parts = { units: 0n, scale: 0 };
  for (const v of values) {
    const [x, y, scale] = align(total, parse(v));
    total = { units: x + y, scale };
  }
  return format(total);
}
