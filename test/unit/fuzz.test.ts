/**
 * Property-based: contract-shaped answers with extreme values — empty lists,
 * nulls where the contract allows them, huge, tiny and negative amounts,
 * far-past and far-future dates, unknown enum values, empty and very long
 * strings — are rendered on every tab without an uncaught exception, and
 * every section ends in data, empty or an error state (never stuck loading,
 * never "NaN", "undefined", "[object Object]" or "Invalid Date" on screen).
 */
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/define.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepText, injectionFindings, openTab, settled } from './hostile-support.js';
import { preloadBackends } from '../helpers/backends.js';
import { NO_RETRIES, useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

const decimal = fc.oneof(
  fc.constantFrom('0', '-0', '0.000000001', '-0.5', '1', '123456789012345678901234567890.123456789', '-99999999999999.99', '18446744073709551616'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 999_999 })).map(([i, f]) => `${i}.${f}`),
);
const date = fc.oneof(
  fc.constantFrom('0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2262-04-11T23:47:16.854775807Z', '0001-01-01T00:00:00.000000001+14:00'),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString()),
);
const optionalDate = fc.option(date, { nil: null });
const unknownEnum = fc.constantFrom('', 'SOMETHING_NEW', 'unknown', 'Active ', 'ACTIVE', 'future_status_🚀');
const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constant('x'.repeat(3000)), fc.constant('‮RTL‬ 👩‍👩‍👧‍👦'));
const listSize = fc.constantFrom<'empty' | 'one' | 'all'>('empty', 'one', 'all');

const scenario = fc.record({
  name: text,
  subs: listSize,
  subStatus: fc.oneof(unknownEnum, fc.constantFrom('active', 'trialing', 'cancelled', 'paused')),
  periodStart: optionalDate,
  periodEnd: optionalDate,
  cancelAt: optionalDate,
  planName: fc.option(text, { nil: null }),
  invoices: listSize,
  invoiceStatus: fc.oneof(unknownEnum, fc.constantFrom('FINALIZED', 'VOIDED', 'DRAFT')),
  paymentStatus: fc.oneof(unknownEnum, fc.constantFrom('SUCCEEDED', 'PENDING', 'FAILED', 'OVERPAID', 'REFUNDED', 'PARTIALLY_REFUNDED')),
  invoiceNumber: fc.option(text, { nil: null }),
  amount: decimal,
  dueDate: optionalDate,
  walletStatus: fc.oneof(unknownEnum, fc.constantFrom('active', 'frozen', 'closed')),
  balance: decimal,
  creditBalance: decimal,
  conversionRate: fc.constantFrom('0.1', '1', '0.000001', '1000000'),
  transactions: listSize,
  txType: fc.oneof(unknownEnum, fc.constantFrom('credit', 'debit')),
  txReason: fc.oneof(unknownEnum, fc.constantFrom('FREE_CREDIT_GRANT', 'INVOICE_PAYMENT', 'PURCHASED_CREDIT_DIRECT')),
  txAmount: decimal,
  expiry: optionalDate,
  priority: fc.option(fc.oneof(fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0)), { nil: null }),
  featureName: text,
  unit: text,
  features: listSize,
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const sized = <T>(list: T[], size: 'empty' | 'one' | 'all') => (size === 'empty' ? [] : size === 'one' ? list.slice(0, 1) : list);

function apply(s: PortalFetchStub, v: Scenario) {
  s.api.patchCustomer('cus-typical', (c) => {
    c.info.name = v.name;
    c.subscriptions = sized(c.subscriptions, v.subs);
    for (const sub of c.subscriptions) {
      sub.subscription_status = v.subStatus;
      sub.current_period_start = v.periodStart;
      sub.current_period_end = v.periodEnd;
      sub.cancel_at = v.cancelAt;
      (sub.plan as Record<string, unknown>).name = v.planName;
    }
    c.invoices = sized(c.invoices, v.invoices);
    for (const inv of c.invoices) {
      inv.invoice_status = v.invoiceStatus;
      inv.payment_status = v.paymentStatus;
      inv.invoice_number = v.invoiceNumber;
      inv.amount_due = v.amount;
      inv.total = v.amount;
      inv.amount_remaining = v.amount;
      inv.due_date = v.dueDate;
    }
    for (const w of c.wallets) {
      w.wallet_status = v.walletStatus;
      w.balance = v.balance;
      w.credit_balance = v.creditBalance;
      w.conversion_rate = v.conversionRate;
    }
    for (const rt of c.walletRealtime.values()) {
      rt.real_time_balance = v.balance;
      rt.real_time_credit_balance = v.creditBalance;
    }
    for (const [id, list] of c.transactions) {
      const kept = sized(list, v.transactions);
      for (const tx of kept) {
        tx.type = v.txType;
        tx.transaction_reason = v.txReason;
        tx.amount = v.txAmount;
        tx.credit_amount = v.txAmount;
        tx.expiry_date = v.expiry;
        tx.priority = v.priority;
      }
      c.transactions.set(id, kept);
    }
    c.features = sized(c.features, v.features);
    for (const f of c.features) {
      f.name = v.featureName;
      f.unit = v.unit;
      f.units = v.unit;
    }
  });
}

const BAD_TEXT = /\bNaN\b|\bundefined\b|\[object Object\]|Invalid Date|Infinity/;

describe('fuzzed contract-shaped answers', () => {
  const uncaught: string[] = [];
  const onError = (e: ErrorEvent) => uncaught.push(String(e.message));
  const onRejection = (e: PromiseRejectionEvent) => uncaught.push(`unhandled: ${String(e.reason)}`);
  useTestHooks(NO_RETRIES);
  beforeEach(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  it('renders every generated customer on every tab without throwing', async function () {
    this.timeout(120_000);
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    await fc.assert(
      fc.asyncProperty(scenario, async (v) => {
        uncaught.length = 0;
        const stub = await portalFetchStub({ customer: 'cus-typical' });
        const el = document.createElement('customer-portal');
        try {
          apply(stub, v);
          el.apiBase = stub.apiBase;
          el.token = stub.token;
          parent.append(el);
          await settled(el);
          const tabs = [...el.shadowRoot!.querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
          for (const tab of tabs) await openTab(el, tab);
          const shown = deepText(el);
          const bad = shown.match(BAD_TEXT);
          expect(bad, `"${bad?.[0]}" on screen near: ${bad ? shown.slice(Math.max(0, bad.index! - 120), bad.index! + 40).replace(/\s+/g, ' ') : ''}`).to.be.null;
          expect(injectionFindings(el)).to.deep.equal([]);
          await new Promise((r) => setTimeout(r, 0));
          expect(uncaught, 'no uncaught exception').to.deep.equal([]);
        } finally {
          el.remove();
          stub.restore();
        }
      }),
      { numRuns: 30, seed: 20261121, endOnFailure: true },
    );
  });
});
