import { expect } from '@open-wc/testing';
import type { WalletTransaction } from '../api/model.js';
import { basisDays, daysLeft, forecastUsage, walletFlow, walletRunway, type OutlookDay, type OutlookFeature, type OutlookInput } from './outlook.js';

const DAY = 86_400_000;
const MAR1 = Date.UTC(2026, 2, 1);
const NOW = new Date(Date.UTC(2026, 2, 10, 12)); // Mar 10, 12:00 UTC: day 10 is still filling
/** Mar 1 … Mar 10 in UTC, the last one partial. */
const days: OutlookDay[] = Array.from({ length: 10 }, (_, i) => ({
  start: new Date(MAR1 + i * DAY),
  end: new Date(MAR1 + (i + 1) * DAY),
  partial: i === 9,
}));

function feature(key: string, unit: string, usage: string[], cost: string[], events = usage.map(() => 1)): OutlookFeature {
  return {
    key,
    featureId: `feat_${key}`,
    name: key,
    unitSingular: unit,
    unitPlural: unit,
    currency: 'usd',
    days: usage.map((u, i) => ({ usage: u, cost: cost[i]!, events: events[i]! })),
  };
}

// GPU hours at $2.48 and requests at $0.0004, Mar 1 … Mar 10 (hand-made seed data).
const gpu = feature(
  'gpu',
  'GPU hours',
  ['1.5', '2', '2.25', '3', '1', '4', '2.5', '3.5', '0.75', '0.4'],
  ['3.72', '4.96', '5.58', '7.44', '2.48', '9.92', '6.2', '8.68', '1.86', '0.992'],
);
const api = feature(
  'api',
  'requests',
  ['7000', '6500', '7000', '7000', '3500', '3500', '7000', '7000', '7000', '700'],
  ['2.8', '2.6', '2.8', '2.8', '1.4', '1.4', '2.8', '2.8', '2.8', '0.28'],
);
// Period Mar 5 00:00 → Mar 25 00:00 UTC: 14.5 days left at NOW.
const period = { start: new Date(Date.UTC(2026, 2, 5)), end: new Date(Date.UTC(2026, 2, 25)) };
const input: OutlookInput = { days, features: [gpu, api], period, now: NOW };

describe('usage outlook (forecast and runway)', () => {
  describe('basis', () => {
    it('is the last 7 complete days: Mar 3 … Mar 9 (today, still filling, is left out)', () => {
      expect(basisDays(input)).to.deep.equal([2, 3, 4, 5, 6, 7, 8]);
    });

    it('is none with fewer than 7 complete days since the first day with events', () => {
      const late = (f: OutlookFeature) => ({ ...f, days: f.days.map((d, i) => (i < 3 ? { usage: '0', cost: '0', events: 0 } : d)) });
      expect(basisDays({ ...input, features: [late(gpu), late(api)] })).to.equal(null);
      expect(forecastUsage({ ...input, features: [late(gpu), late(api)] })).to.deep.equal({ kind: 'none', reason: 'too-little-history' });
      // First events on Mar 3: exactly 7 complete days (Mar 3 … 9) is enough.
      const third = (f: OutlookFeature) => ({ ...f, days: f.days.map((d, i) => (i < 2 ? { usage: '0', cost: '0', events: 0 } : d)) });
      expect(basisDays({ ...input, features: [third(gpu), third(api)] })).to.deep.equal([2, 3, 4, 5, 6, 7, 8]);
    });

    it('days left are exact to hundredths', () => {
      expect(daysLeft(NOW, period.end)).to.equal('14.5');
      expect(daysLeft(NOW, new Date(NOW.getTime() + DAY / 3))).to.equal('0.33');
      expect(daysLeft(NOW, new Date(NOW.getTime() - DAY))).to.equal('0');
    });
  });

  describe('forecastUsage', () => {
    it('projects so far + the 7-day average × days left, per feature and in cost (exact decimals)', () => {
      const f = forecastUsage(input);
      if (f.kind !== 'forecast') throw new Error(`no forecast: ${f.reason}`);
      expect(f.daysLeft).to.equal('14.5');
      expect(f.basisFrom.toISOString()).to.equal('2026-03-03T00:00:00.000Z');
      expect(f.basisTo.toISOString()).to.equal('2026-03-09T00:00:00.000Z');
      expect(f.soFarFrom.toISOString()).to.equal('2026-03-05T00:00:00.000Z');
      const [g, a] = f.features;
      // GPU: so far Mar 5…10 = 1 + 4 + 2.5 + 3.5 + 0.75 + 0.4 = 12.15; basis 17 GPU hours, $42.16.
      expect(g!.usageSoFar).to.equal('12.15');
      expect(g!.costSoFar).to.equal('30.132');
      expect(g!.dailyUsage).to.equal('2.4285714286'); // 17 / 7
      // 12.15 + 17 × 14.5 / 7 = 12.15 + 35.2142857143
      expect(g!.usage).to.equal('47.3642857143');
      // 30.132 + 42.16 × 14.5 / 7 = 30.132 + 87.3314285714
      expect(g!.cost).to.equal('117.4634285714');
      // Requests: so far 28,700 ($11.48); basis 42,000 ($16.8): 28,700 + 6,000 × 14.5.
      expect(a!.usageSoFar).to.equal('28700');
      expect(a!.dailyUsage).to.equal('6000');
      expect(a!.usage).to.equal('115700');
      expect(a!.dailyCost).to.equal('2.4');
      expect(a!.cost).to.equal('46.28');
      expect(f.totals).to.deep.equal([{ currency: 'USD', cost: '163.7434285714' }]);
    });

    it('"so far" is the backend\'s total from the period\'s exact start when given (not whole days)', () => {
      const withSoFar = { ...input, features: [{ ...gpu, soFar: { usage: '11.02', cost: '27.3296' } }, { ...api, soFar: { usage: '28000', cost: '11.2' } }] };
      const f = forecastUsage(withSoFar);
      if (f.kind !== 'forecast') throw new Error('no forecast');
      expect(f.soFarFrom.toISOString()).to.equal(period.start.toISOString());
      // 11.02 + 35.2142857143; 27.3296 + 87.3314285714; 28,000 + 87,000; 11.2 + 34.8
      expect(f.features.map((x) => [x.usage, x.cost])).to.deep.equal([
        ['46.2342857143', '114.6610285714'],
        ['115000', '46'],
      ]);
      expect(f.totals).to.deep.equal([{ currency: 'USD', cost: '160.6610285714' }]);
    });

    it('no forecast without a period, or once the period is over', () => {
      expect(forecastUsage({ ...input, period: null })).to.deep.equal({ kind: 'none', reason: 'no-period' });
      expect(forecastUsage({ ...input, period: { start: period.start, end: NOW } })).to.deep.equal({ kind: 'none', reason: 'period-over' });
    });

    it('zero usage forecasts the usage so far (no growth invented)', () => {
      const idle = feature('idle', 'GB', days.map(() => '0'), days.map(() => '0'), days.map(() => 0));
      const f = forecastUsage({ ...input, features: [gpu, idle] });
      if (f.kind !== 'forecast') throw new Error('no forecast');
      expect(f.features[1]!.usage).to.equal('0');
      expect(f.features[1]!.cost).to.equal('0');
    });
  });

  describe('walletRunway', () => {
    it('balance ÷ average daily usage cost, to tenths: $434.20 lasts 51.6 days at $58.96 a week', () => {
      // 434.2 × 7 / (42.16 + 16.8) = 3039.4 / 58.96 = 51.55…
      const r = walletRunway({ ...input, balance: '434.2', currency: 'USD' });
      expect(r).to.deep.equal({ kind: 'runway', days: '51.6', dailyCost: '8.4228571429', basisDays: 7, low: false, daysLeftInPeriod: '14.5' });
    });

    it('is low when it ends before the billing period does', () => {
      // 100 × 7 / 58.96 = 11.87… < 14.5 days left
      const r = walletRunway({ ...input, balance: '100', currency: 'usd' });
      expect(r.kind === 'runway' && [r.days, r.low]).to.deep.equal(['11.9', true]);
      // Without a known period there is no "low".
      const open = walletRunway({ ...input, period: null, balance: '100', currency: 'usd' });
      expect(open.kind === 'runway' && open.low).to.equal(null);
    });

    it('none when usage costs nothing, the balance is empty, currencies differ, or history is short', () => {
      const free = feature('free', 'GB', ['1', '1', '1', '1', '1', '1', '1', '1', '1', '1'], days.map(() => '0'));
      expect(walletRunway({ ...input, features: [free], balance: '10', currency: 'USD' })).to.deep.equal({ kind: 'none', reason: 'no-usage' });
      expect(walletRunway({ ...input, balance: '0', currency: 'USD' })).to.deep.equal({ kind: 'none', reason: 'no-balance' });
      expect(walletRunway({ ...input, balance: '-5', currency: 'USD' })).to.deep.equal({ kind: 'none', reason: 'no-balance' });
      expect(walletRunway({ ...input, balance: '10', currency: 'EUR' })).to.deep.equal({ kind: 'none', reason: 'currency' });
      expect(walletRunway({ ...input, days: days.slice(3), features: [gpu, api].map((f) => ({ ...f, days: f.days.slice(3) })), balance: '10', currency: 'USD' })).to.deep.equal({
        kind: 'none',
        reason: 'too-little-history',
      });
    });

    describe('balance grows (from the wallet transactions)', () => {
      let n = 0;
      const tx = (direction: 'credit' | 'debit', amount: string, at: number, status: WalletTransaction['status'] = 'completed'): WalletTransaction => ({
        id: `tx_${++n}`,
        direction,
        kind: direction === 'credit' ? 'purchased_credit' : 'invoice_payment',
        description: '',
        amount,
        creditAmount: amount,
        currency: 'usd',
        status,
        createdAt: new Date(at),
        expiryDate: null,
        priority: null,
      });
      // The basis is Mar 3 00:00 … Mar 10 00:00 UTC (exclusive).
      const MAR3 = MAR1 + 2 * DAY;
      const MAR10 = MAR1 + 9 * DAY;
      const consumed = [tx('debit', '20.5', MAR3 + DAY), tx('debit', '38.49', MAR10 - 1)];
      const outside = [tx('credit', '500', MAR3 - 1), tx('credit', '500', MAR10), tx('credit', '500', MAR3 + DAY, 'pending'), tx('credit', '500', MAR3 + DAY, 'failed')];

      it('sums completed credits and debits over the basis days, exactly', () => {
        expect(walletFlow([...consumed, tx('credit', '59', MAR3), ...outside], new Date(MAR3), new Date(MAR10))).to.deep.equal({ added: '59', debited: '58.99' });
        // 0.1 + 0.2 is 0.3 (binary floats would say 0.30000000000000004).
        expect(walletFlow([tx('credit', '0.1', MAR3), tx('credit', '0.2', MAR3), tx('debit', '0.3', MAR3)], new Date(MAR3), new Date(MAR10))).to.deep.equal({ added: '0.3', debited: '0.3' });
        expect(walletFlow([], new Date(MAR3), new Date(MAR10))).to.deep.equal({ added: '0', debited: '0' });
      });

      // The basis' usage cost is $58.96 (42.16 + 16.8).
      it('no runway when credits added over the 7 days exceed the debits, by as little as a cent', () => {
        const transactions = [...consumed, tx('credit', '59', MAR3), ...outside];
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions })).to.deep.equal({ kind: 'none', reason: 'balance-grows' });
      });

      it('a wallet settled by invoice later (no debits in the week) grows only when the top-ups exceed the usage cost', () => {
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions: [tx('credit', '58.97', MAR3 + DAY)] })).to.deep.equal({ kind: 'none', reason: 'balance-grows' });
        const r = walletRunway({ ...input, balance: '100', currency: 'USD', transactions: [tx('credit', '58.96', MAR3 + DAY)] });
        expect(r.kind).to.equal('runway');
      });

      it('the runway stands when the balance held or fell, or nothing moved outside the basis days', () => {
        const runway = { kind: 'runway', days: '11.9', dailyCost: '8.4228571429', basisDays: 7, low: true, daysLeftInPeriod: '14.5' };
        const held = [...consumed, tx('credit', '58.99', MAR3)];
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions: held })).to.deep.equal(runway);
        const exact = [tx('credit', '40.1', MAR3), tx('credit', '18.2', MAR3), tx('debit', '58.3', MAR3)];
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions: exact })).to.deep.equal(runway);
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions: [...consumed, ...outside] })).to.deep.equal(runway);
        // No transactions to read (the backend has none): the usage cost alone decides.
        expect(walletRunway({ ...input, balance: '100', currency: 'USD', transactions: null })).to.deep.equal(runway);
      });

      it('a zero usage cost still says no-usage first', () => {
        const free = feature('free', 'GB', ['1', '1', '1', '1', '1', '1', '1', '1', '1', '1'], days.map(() => '0'));
        expect(walletRunway({ ...input, features: [free], balance: '10', currency: 'USD', transactions: [tx('credit', '5', MAR3)] })).to.deep.equal({ kind: 'none', reason: 'no-usage' });
      });
    });
  });
});
