/**
 * Intl-based formatting of money, numbers and units. Decimal strings are
 * handed to Intl.NumberFormat as strings, which formats them exactly.
 */
import type { Decimal } from './decimal-core.js';
import { isDecimal, normalize } from './decimal.js';

const cache = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let nf = cache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    cache.set(key, nf);
  }
  return nf;
}

/** Upper-case ISO code; unknown or malformed codes fall back to plain numbers. */
export function currencyCode(currency: string | null | undefined): string | null {
  if (!currency || !/^[a-z]{3}$/i.test(currency)) return null;
  const code = currency.toUpperCase();
  let known = currencyChecks.get(code);
  if (known === undefined) {
    // Constructing a NumberFormat costs far more than formatting with one: a 20-row table checked
    // its currency 80 times, a third of its render. The answer for a code never changes.
    try {
      numberFormat('en', { style: 'currency', currency: code });
      known = true;
    } catch {
      known = false;
    }
    currencyChecks.set(code, known);
  }
  return known ? code : null;
}

const currencyChecks = new Map<string, boolean>();

/** Minor units of a currency per Intl (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  const code = currencyCode(currency);
  if (!code) return 2;
  return numberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
}

// Intl.NumberFormat formats decimal strings exactly (Intl.NumberFormat v3);
// the DOM typings only allow number | bigint.
type ExactParts = (value: string) => Intl.NumberFormatPart[];
const MINUS = '\u2212';

/**
 * Formats the decimal string `value` exactly with `nf`, writing a true minus
 * sign (U+2212) where the locale writes a hyphen.
 */
export function formatExact(nf: Intl.NumberFormat, value: Decimal): string {
  const exact = normalize(value);
  // Only a negative value has a minus sign to swap: the rest (most of every table) takes the cheaper format().
  if (!exact.startsWith('-')) return (nf.format as unknown as (value: string) => string)(exact);
  const parts = (nf.formatToParts as unknown as ExactParts)(exact);
  return parts.map((p) => (p.type === 'minusSign' && p.value === '-' ? MINUS : p.value)).join('');
}

/**
 * "$1,234.50", "¥1,235", "KWD 1.235" — the currency's own minor units,
 * `Intl.NumberFormat` for the locale. A value that is not a decimal shows "—".
 */
export function formatMoney(value: Decimal | null | undefined, currency: string, locale: string): string {
  if (!isDecimal(value)) return '—';
  const code = currencyCode(currency);
  if (!code) return `${formatNumber(value, locale, { maximumFractionDigits: 2 })}${currency ? ` ${currency.toUpperCase()}` : ''}`;
  return formatExact(numberFormat(locale, { style: 'currency', currency: code }), value);
}

/** Signed money: "+$100.00" / "−$20.00" (sign always shown except for zero, true minus sign). */
export function formatSignedMoney(value: Decimal, currency: string, locale: string): string {
  if (!isDecimal(value)) return '—';
  const code = currencyCode(currency);
  if (!code) {
    const number = formatExact(numberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 2 }), value);
    return `${number} ${(currency ?? '').toUpperCase()}`.trim();
  }
  return formatExact(numberFormat(locale, { style: 'currency', currency: code, signDisplay: 'exceptZero' }), value);
}

export function formatNumber(
  value: Decimal | number | null | undefined,
  locale: string,
  options: Intl.NumberFormatOptions = { maximumFractionDigits: 2 },
): string {
  if (!isDecimal(value)) return '—';
  return formatExact(numberFormat(locale, options), String(value));
}

const pluralCache = new Map<string, Intl.PluralRules>();

/** "1 call", "1,250 calls": the unit's singular or plural by the locale's plural rules. */
export function formatQuantity(value: Decimal | number, singular: string, plural: string, locale: string): string {
  const number = formatNumber(value, locale);
  const unit = pickUnit(value, singular, plural, locale);
  return unit ? `${number} ${unit}` : number;
}

export function pickUnit(value: Decimal | number, singular: string, plural: string, locale: string): string {
  if (!singular && !plural) return '';
  let rules = pluralCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralCache.set(locale, rules);
  }
  const n = isDecimal(value) ? Number(normalize(value)) : NaN;
  return rules.select(n) === 'one' ? singular || plural : plural || singular;
}
