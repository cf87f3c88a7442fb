/**
 * Polar's money on the wire: integer minor units, made exact decimal strings
 * with the currency's factor (1 for Polar's zero-decimal currencies, 100 for
 * every other one). Never floats. Shared by the Polar mappings.
 */
import { reqInteger, reqString, schemaError, type Json } from '../../api/validate.js';
import { format } from '../../format/decimal-core.js';

/** Polar's zero-decimal currencies (`kit/currency.py`): amounts are whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Digits after the point of `currency`'s minor unit as Polar counts it. */
export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.trim().toLowerCase()) ? 0 : 2;
}

/** Integer minor units → exact decimal string in major units (`1999`, `usd` → `"19.99"`; `3000`, `jpy` → `"3000"`). */
export function fromMinor(amount: number, currency: string): string {
  return format({ units: BigInt(amount), scale: minorDigits(currency) });
}

/** A required ISO 4217 code, lower-cased (Polar's spelling). */
export function currencyOf(o: Json, key: string, path: string): string {
  const c = reqString(o, key, path).trim();
  if (!/^[A-Za-z]{3}$/.test(c)) throw schemaError(`${path}.${key}`, 'an ISO 4217 code');
  return c.toLowerCase();
}

/** A required integer amount in minor units, as a major-unit decimal. */
export function money(o: Json, key: string, path: string, currency: string): string {
  return fromMinor(reqInteger(o, key, path), currency);
}

/** An optional integer amount (absent → 0). */
export function optMinor(o: Json, key: string, path: string): number {
  const v = o[key];
  if (v === null || v === undefined) return 0;
  return reqInteger(o, key, path);
}
