/**
 * Where usage is heading: the end-of-period forecast per feature and the
 * wallet's runway. Pure: no DOM, no clock (the caller passes `now`), exact
 * decimals throughout (decimal.ts; never float sums of money).
 *
 * Decisions:
 * - The basis is the average of the last FORECAST_DAYS (7) *complete* days in
 *   the display zone; today, still filling, is never part of an average.
 * - "Too little history": fewer than 7 complete days since the first day with
 *   any usage event in the data (a new customer's zeros before that day are not
 *   history). Then there is no forecast and no runway: nothing is invented.
 * - Forecast per feature = usage so far this period + average per day × days
 *   left. "So far" is the backend's own total from the period's start to now
 *   (`soFar`, exact, as the current-usage card counts it); without it, the
 *   whole days of the display zone from the day the period starts in.
 * - Days left = (period end − now) in days, rounded to hundredths of a day
 *   (about 15 minutes); it is shown in the method sentence as it is used.
 * - Runway = wallet balance ÷ the average daily usage cost of the same 7 days,
 *   when the usage is charged in the wallet's currency. None when that cost is
 *   zero, the balance is not positive, or the currencies differ. Low when the
 *   runway ends before the billing period does.
 * - None either when the balance grows: where the backend has the wallet's
 *   transactions, the credits added over the same 7 complete days (completed
 *   credit transactions, money amounts, exact) exceed what was consumed. What
 *   was consumed is the larger of the debit transactions and the usage cost of
 *   those days: a wallet debited as usage happens shows it in its debits, one
 *   settled by invoice at the period's end (Flexprice) only in the usage cost,
 *   and taking the larger never counts the same spending twice. A wallet
 *   topped up faster than it is used does not run out. Without transactions
 *   (none offered, or not all of the 7 days loaded) the usage cost alone decides.
 */
import type { Decimal, WalletTransaction } from '../api/model.js';
import { add, compare, divide, isZero, mul, sum } from '../format/decimal.js';

/** Complete days the averages are taken over. */
export const FORECAST_DAYS = 7;
const DAY_MS = 86_400_000;
/** Decimal places kept in quotients (display rounds further, to the unit's or currency's digits). */
const PLACES = 10;

/** One day of the history range (display zone). */
export interface OutlookDay {
  start: Date;
  /** Exclusive. */
  end: Date;
  /** Still filling (contains `now`). */
  partial: boolean;
}

export interface OutlookDayTotals {
  usage: Decimal;
  cost: Decimal;
  events: number;
}

/** Which feature a line is, and its units and currency (the same on its input and its forecast). */
export interface OutlookFeatureIdentity {
  key: string;
  featureId: string;
  name: string;
  unitSingular: string;
  unitPlural: string;
  currency: string;
}

export interface OutlookFeature extends OutlookFeatureIdentity {
  /** Totals per day, aligned with `OutlookInput.days`. */
  days: OutlookDayTotals[];
  /** Usage and cost from the period's start to now, as the backend totals them (null: sum the days). */
  soFar?: { usage: Decimal; cost: Decimal } | null;
}

export interface OutlookInput {
  days: OutlookDay[];
  features: OutlookFeature[];
  /** The current billing period, when the backend knows it. */
  period: { start: Date; end: Date } | null;
  now: Date;
  /**
   * Each wallet's transactions covering the basis days (wallet id → list), for
   * the runway's "balance grows" rule; absent where the backend has none. A
   * wallet whose transactions could not all be loaded maps to null.
   */
  walletTransactions?: ReadonlyMap<string, readonly WalletTransaction[] | null>;
}

export interface FeatureForecast extends OutlookFeatureIdentity {
  /** Usage so far this period. */
  usageSoFar: Decimal;
  costSoFar: Decimal;
  /** Average per complete day of the basis. */
  dailyUsage: Decimal;
  dailyCost: Decimal;
  /** Projected at the period's end. */
  usage: Decimal;
  cost: Decimal;
}

export type NoForecastReason = 'no-period' | 'period-over' | 'too-little-history';

export type Forecast =
  | {
      kind: 'forecast';
      periodStart: Date;
      periodEnd: Date;
      /** Days left in the period, to hundredths. */
      daysLeft: Decimal;
      /** First and last complete day averaged (day starts). */
      basisFrom: Date;
      basisTo: Date;
      /** Where "so far" starts: the period's start (backend totals), or the day it starts in (day sums). */
      soFarFrom: Date;
      features: FeatureForecast[];
      /** Projected cost of all features, per currency (usually one). */
      totals: { currency: string; cost: Decimal }[];
    }
  | { kind: 'none'; reason: NoForecastReason };

/** The indices of the last FORECAST_DAYS complete days, or null when the history is too short. */
export function basisDays(input: Pick<OutlookInput, 'days' | 'features' | 'now'>, days = FORECAST_DAYS): number[] | null {
  const now = input.now.getTime();
  const complete: number[] = [];
  input.days.forEach((d, i) => {
    if (!d.partial && d.end.getTime() <= now) complete.push(i);
  });
  // History starts on the first day with any event; zeros before it are "not a customer yet", not usage.
  const first = input.days.findIndex((_, i) => input.features.some((f) => (f.days[i]?.events ?? 0) > 0));
  if (first < 0) return null;
  const since = complete.filter((i) => i >= first);
  if (since.length < days) return null;
  return since.slice(-days);
}

/** Days from `now` to `end`, to hundredths (never negative). */
export function daysLeft(now: Date, end: Date): Decimal {
  const ms = Math.max(0, end.getTime() - now.getTime());
  return divide(ms, DAY_MS, 2) ?? '0';
}

/** The end-of-period forecast (see the module comment for the method). */
export function forecastUsage(input: OutlookInput, days = FORECAST_DAYS): Forecast {
  const { period, now } = input;
  if (!period) return { kind: 'none', reason: 'no-period' };
  if (period.end.getTime() <= now.getTime()) return { kind: 'none', reason: 'period-over' };
  const basis = basisDays(input, days);
  if (!basis) return { kind: 'none', reason: 'too-little-history' };
  const left = daysLeft(now, period.end);
  // "So far": from the day the period starts in (its day ends after the start) up to now.
  const soFarIdx: number[] = [];
  input.days.forEach((d, i) => {
    if (d.end.getTime() > period.start.getTime() && d.start.getTime() < now.getTime()) soFarIdx.push(i);
  });
  const exact = input.features.length > 0 && input.features.every((f) => f.soFar);
  const features = input.features.map((f): FeatureForecast => {
    const usageSoFar = f.soFar ? f.soFar.usage : sum(soFarIdx.map((i) => f.days[i]?.usage ?? '0'));
    const costSoFar = f.soFar ? f.soFar.cost : sum(soFarIdx.map((i) => f.days[i]?.cost ?? '0'));
    const basisUsage = sum(basis.map((i) => f.days[i]?.usage ?? '0'));
    const basisCost = sum(basis.map((i) => f.days[i]?.cost ?? '0'));
    return {
      key: f.key,
      featureId: f.featureId,
      name: f.name,
      unitSingular: f.unitSingular,
      unitPlural: f.unitPlural,
      currency: f.currency,
      usageSoFar,
      costSoFar,
      dailyUsage: divide(basisUsage, basis.length, PLACES) ?? '0',
      dailyCost: divide(basisCost, basis.length, PLACES) ?? '0',
      // One division at the end: sum × days left ÷ 7 (no rounded average multiplied up).
      usage: add(usageSoFar, divide(mul(basisUsage, left), basis.length, PLACES) ?? '0'),
      cost: add(costSoFar, divide(mul(basisCost, left), basis.length, PLACES) ?? '0'),
    };
  });
  const currencies = [...new Set(features.map((f) => f.currency.toUpperCase()))];
  const totals = currencies.map((currency) => ({
    currency,
    cost: sum(features.filter((f) => f.currency.toUpperCase() === currency).map((f) => f.cost)),
  }));
  const firstSoFar = soFarIdx[0];
  return {
    kind: 'forecast',
    periodStart: period.start,
    periodEnd: period.end,
    daysLeft: left,
    basisFrom: input.days[basis[0]!]!.start,
    basisTo: input.days[basis[basis.length - 1]!]!.start,
    soFarFrom: exact || firstSoFar === undefined ? period.start : input.days[firstSoFar]!.start,
    features,
    totals,
  };
}

export type NoRunwayReason = 'too-little-history' | 'no-usage' | 'no-balance' | 'currency' | 'balance-grows';

export type Runway =
  | {
      kind: 'runway';
      /** Days the balance lasts at the basis' average daily cost, to tenths. */
      days: Decimal;
      /** Average daily cost of the basis. */
      dailyCost: Decimal;
      basisDays: number;
      /** The runway ends before the billing period does (null when the period is unknown). */
      low: boolean | null;
      daysLeftInPeriod: Decimal | null;
    }
  | { kind: 'none'; reason: NoRunwayReason };

export interface RunwayInput extends OutlookInput {
  /** Currency value of the wallet's credits. */
  balance: Decimal;
  /** The wallet's currency. */
  currency: string;
  /**
   * The wallet's transactions covering at least the basis days (any order), or
   * null/absent when the backend has none or they are not all loaded.
   */
  transactions?: readonly WalletTransaction[] | null;
}

/**
 * What a wallet's transactions added and took over [from, to) (money
 * amounts, exact). Only completed transactions moved the balance; pending and
 * failed ones did not.
 */
export function walletFlow(transactions: readonly WalletTransaction[], from: Date, to: Date): { added: Decimal; debited: Decimal } {
  const inRange = transactions.filter((x) => x.status === 'completed' && x.createdAt.getTime() >= from.getTime() && x.createdAt.getTime() < to.getTime());
  return {
    added: sum(inRange.filter((x) => x.direction === 'credit').map((x) => x.amount)),
    debited: sum(inRange.filter((x) => x.direction === 'debit').map((x) => x.amount)),
  };
}

/** How long the wallet lasts at the last 7 complete days' average usage cost (see the module comment). */
export function walletRunway(input: RunwayInput, days = FORECAST_DAYS): Runway {
  const basis = basisDays(input, days);
  if (!basis) return { kind: 'none', reason: 'too-little-history' };
  const currency = input.currency.toUpperCase();
  if (input.features.some((f) => f.currency && f.currency.toUpperCase() !== currency)) return { kind: 'none', reason: 'currency' };
  const spent = sum(input.features.flatMap((f) => basis.map((i) => f.days[i]?.cost ?? '0')));
  if (compare(spent, 0) <= 0) return { kind: 'none', reason: 'no-usage' };
  if (input.transactions) {
    const from = input.days[basis[0]!]!.start;
    const to = input.days[basis[basis.length - 1]!]!.end;
    const { added, debited } = walletFlow(input.transactions, from, to);
    const consumed = compare(debited, spent) > 0 ? debited : spent;
    if (compare(added, consumed) > 0) return { kind: 'none', reason: 'balance-grows' };
  }
  if (compare(input.balance, 0) <= 0 || isZero(input.balance)) return { kind: 'none', reason: 'no-balance' };
  const runwayDays = divide(mul(input.balance, basis.length), spent, 1) ?? '0';
  const period = input.period && input.period.end.getTime() > input.now.getTime() ? input.period : null;
  const left = period ? daysLeft(input.now, period.end) : null;
  return {
    kind: 'runway',
    days: runwayDays,
    dailyCost: divide(spent, basis.length, PLACES) ?? '0',
    basisDays: basis.length,
    low: left === null ? null : compare(runwayDays, left) < 0,
    daysLeftInPeriod: left,
  };
}
