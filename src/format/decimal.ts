/**
 * Exact decimal arithmetic on the API's decimal strings, on BigInt.
 * Money is never summed as floats: "0.1" + "0.2" is exactly "0.3".
 */
import type { Decimal } from './decimal-core.js';
import { align, format, parse } from './decimal-core.js';

export { isDecimal, normalize, sum } from './decimal-core.js';

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
  return Number(format(parse(a)));
}

/** Exact ratio a / b rounded to `places` (for percentages); null when b is 0. */
export function divide(a: Decimal | number, b: Decimal | number, places = 10): Decimal | null {
  const [x, y] = align(parse(a), parse(b));
  if (y === 0n) return null;
  const scaled = (x * 10n ** BigInt(places + 1)) / y;
  return round(format({ units: scaled, scale: places + 1 }), places);
}
