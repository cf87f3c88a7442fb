/**
 * Formatting the Credits tab needs beyond src/format: signed amounts with a
 * true minus sign, credit counts with plural words, exact conversion rates,
 * and the exact strings of the CSV export. Pure functions, no DOM.
 */
import type { Decimal, WalletTransaction } from '../api/model.js';
import type { Translate } from '../i18n/index.js';
import { zoneOffsetMinutes, zonedParts } from '../usage/ranges.js';
import { abs, isDecimal, isZero, normalize } from '../format/decimal.js';
import { currencyCode, currencyDigits, formatExact as exact, numberFormat as nf } from '../format/money.js';

/** Digits after the point of a decimal string ("0.125" → 3). */
function scaleOf(value: Decimal): number {
  const text = normalize(value);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** The signed value of a transaction's amount: debits are negative. */
export function signedValue(amount: Decimal, direction: WalletTransaction['direction']): Decimal {
  const value = abs(amount);
  return direction === 'debit' && !isZero(value) ? `-${value}` : value;
}

/** A credit count, exact: "4,342.5". */
export function formatCreditNumber(value: Decimal, locale: string, signed = false): string {
  if (!isDecimal(value)) return '—';
  return exact(nf(locale, { maximumFractionDigits: 20, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) }), value);
}

/** "1 credit", "4,342 credits", "+1,000 credits", "−200 credits" in the locale's words. */
export function formatCredits(value: Decimal, t: Translate, locale: string, signed = false): string {
  const amount = formatCreditNumber(value, locale, signed);
  if (amount === '—') return amount;
  const category = new Intl.PluralRules(locale).select(Math.abs(Number(normalize(value))));
  return t(category === 'one' ? 'credits.amount.one' : 'credits.amount.other', { amount });
}

/**
 * The currency value of one credit, never rounded away: "$0.10", "$0.001",
 * "¥2", "KWD 0.005" (at least the currency's own minor units).
 */
export function formatRate(rate: Decimal, currency: string, locale: string): string {
  if (!isDecimal(rate)) return '—';
  const code = currencyCode(currency);
  const digits = currencyDigits(currency);
  const max = Math.min(20, Math.max(digits, scaleOf(rate)));
  if (!code) return `${exact(nf(locale, { maximumFractionDigits: max }), rate)} ${currency.toUpperCase()}`.trim();
  return exact(nf(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: max }), rate);
}

/**
 * A plain, exact, signed decimal for CSV files: at least the currency's minor
 * units, never rounded ("-20.00", "1500", "1.250", "0.125").
 */
export function csvDecimal(value: Decimal, minDigits: number): string {
  const text = normalize(value);
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [int = '0', frac = ''] = unsigned.split('.');
  const padded = frac.padEnd(minDigits, '0');
  const body = padded ? `${int}.${padded}` : int;
  return negative ? `-${body}` : body;
}

/** RFC 3339 in the zone, to the second: "2026-01-06T15:04:05+09:00" ("Z" for UTC). */
export function isoDateTime(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const offset = zoneOffsetMinutes(date, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${zone}`;
}
