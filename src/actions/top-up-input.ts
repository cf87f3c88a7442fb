/**
 * The top-up amount as typed: checked before anything is sent (plain TS, unit-tested).
 * Credits are a plain decimal (no sign, no exponent: `1e309`, `-5`, `abc` are refused);
 * the charge is credits × the wallet's conversion rate, exact.
 */
import type { TopUpRange } from '../api/actions.js';
import type { Decimal } from '../format/decimal-core.js';
import { compare, isZero, mul } from '../format/decimal.js';

/** More credits than anyone buys in one go: a typo, refused before the server sees it. */
export const MAX_CREDITS = '1000000000';

export type CreditsProblem = 'number' | 'positive' | 'too-many' | 'below-min' | 'above-max';

export type CreditsCheck = { ok: true; credits: Decimal; amount: Decimal } | { ok: false; problem: CreditsProblem; amount: Decimal | null };

export function checkCredits(typed: string, rate: Decimal, range: TopUpRange): CreditsCheck {
  const text = typed.trim();
  if (!/^\d{1,12}(\.\d{1,8})?$/.test(text)) return { ok: false, problem: /^-/.test(text) ? 'positive' : text.length > 0 && /^\d+(\.\d+)?$/.test(text) ? 'too-many' : 'number', amount: null };
  if (isZero(text)) return { ok: false, problem: 'positive', amount: null };
  if (compare(text, MAX_CREDITS) > 0) return { ok: false, problem: 'too-many', amount: null };
  const amount = mul(text, rate);
  if (range.minAmount !== null && compare(amount, range.minAmount) < 0) return { ok: false, problem: 'below-min', amount };
  if (range.maxAmount !== null && compare(amount, range.maxAmount) > 0) return { ok: false, problem: 'above-max', amount };
  return { ok: true, credits: text, amount };
}
