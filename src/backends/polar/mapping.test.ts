import { expect } from '@open-wc/testing';
import { mapList, mapSubscription, mapUsage, mapWallet } from './mapping.js';
import { fromMinor, minorDigits } from './money.js';
import { mapDocumentUrl, mapOrder, orderDisplayStatus } from './orders.js';
import { pagesFor } from './paging.js';
import { isMemberToken, isPolarToken } from './token.js';
import { ApiError } from '../../api/errors.js';
import type { InvoiceStatus } from '../../api/model.js';

function schemaFailure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).kind).to.equal('schema');
    return error as ApiError;
  }
  throw new Error('expected a schema error');
}

function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3bce5065-84f9-423d-bd2e-e2993d60b9dc',
    created_at: '2026-08-19T11:05:00.000412Z',
    status: 'paid',
    paid: true,
    subtotal_amount: 2000,
    discount_amount: 0,
    net_amount: 2000,
    tax_amount: 0,
    total_amount: 2000,
    applied_balance_amount: 0,
    due_amount: 0,
    refunded_amount: 0,
    refunded_tax_amount: 0,
    currency: 'usd',
    invoice_number: 'ACME-0001',
    is_invoice_generated: false,
    receipt_number: null,
    items: [],
    ...overrides,
  };
}

/** A subscription as the portal API sends it: monthly, active since 2026-08-01, $20, no meters; `overrides` on top. */
function subscriptionWire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 's',
    amount: 2000,
    currency: 'usd',
    recurring_interval: 'month',
    recurring_interval_count: 1,
    status: 'active',
    current_period_start: '2026-08-01T00:00:00.000000Z',
    current_period_end: null,
    cancel_at_period_end: false,
    ends_at: null,
    trial_end: null,
    product: { name: 'Pro', description: null },
    meters: [],
    ...overrides,
  };
}

describe('Polar mapping', () => {
  it('minor units → exact major-unit decimals; zero-decimal currencies use factor 1', () => {
    expect(fromMinor(1999, 'usd')).to.equal('19.99');
    expect(fromMinor(-1250, 'eur')).to.equal('-12.5');
    expect(fromMinor(5, 'usd')).to.equal('0.05');
    expect(fromMinor(0, 'usd')).to.equal('0');
    expect(fromMinor(3000, 'jpy')).to.equal('3000');
    expect(fromMinor(3000, 'KRW')).to.equal('3000');
    expect(fromMinor(9_007_199_254_740_991, 'usd')).to.equal('90071992547409.91');
    expect([minorDigits('jpy'), minorDigits('usd'), minorDigits('vnd')]).to.deep.equal([0, 2, 0]);
  });

  it('order status, first rule that applies; never overdue', () => {
    const cases: Array<[unknown, boolean, InvoiceStatus]> = [
      ['void', false, 'voided'],
      ['void', true, 'voided'],
      ['draft', false, 'draft'],
      ['refunded', true, 'refunded'],
      ['partially_refunded', true, 'partially_refunded'],
      ['paid', true, 'paid'],
      ['pending', false, 'pending'],
      ['pending', true, 'pending'],
      ['something_new', true, 'paid'],
      ['something_new', false, 'pending'],
      [null, false, 'pending'],
    ];
    for (const [status, paid, expected] of cases) expect(orderDisplayStatus(status, paid), String(status)).to.equal(expected);
  });

  it('an order: number "—"-able null for drafts and blanks, amounts paid / remaining, document flag', () => {
    expect(mapOrder(order({ status: 'draft', invoice_number: null, paid: false, due_amount: 2000 }))).to.deep.include({
      number: null,
      status: 'draft',
      amountRemaining: '0',
      amountPaid: '0',
      hasDocument: false,
    });
    expect(mapOrder(order({ invoice_number: '   ' })).number).to.equal(null);
    expect(mapOrder(order({ receipt_number: 'R-1' })).hasDocument).to.equal(true);
    expect(mapOrder(order({ status: 'pending', paid: false, due_amount: 1500 }))).to.deep.include({ amountDue: '15', amountRemaining: '15', amountPaid: '0' });
    expect(mapOrder(order()).date.toISOString()).to.equal('2026-08-19T11:05:00.000Z');
  });

  it('schema violations name the field: float money, money as strings, bad currency, bad id, missing dates', () => {
    expect(schemaFailure(() => mapOrder(order({ total_amount: 19.99 }))).message).to.include('order.total_amount');
    expect(schemaFailure(() => mapOrder(order({ total_amount: '2000' }))).message).to.include('order.total_amount');
    expect(schemaFailure(() => mapOrder(order({ currency: 'dollars' }))).message).to.include('order.currency');
    expect(schemaFailure(() => mapOrder(order({ id: '' }))).message).to.include('order.id');
    expect(schemaFailure(() => mapOrder(order({ created_at: 'yesterday' }))).message).to.include('order.created_at');
    expect(schemaFailure(() => mapOrder(order({ invoice_number: 42 }))).message).to.include('order.invoice_number');
    expect(schemaFailure(() => mapOrder('<html>'))).to.be.instanceOf(ApiError);
    expect(schemaFailure(() => mapWallet({ id: 'w', balance: Number.POSITIVE_INFINITY, currency: 'usd' }))).to.be.instanceOf(ApiError);
  });

  it('lists: pagination is required and counted; items are validated with their index', () => {
    expect(mapList({ items: [1, 2], pagination: { total_count: 7, max_page: 4 } }, 'x', (v) => v)).to.deep.equal({ items: [1, 2], total: 7, maxPage: 4 });
    expect(schemaFailure(() => mapList({ items: [] }, 'orders', (v) => v)).message).to.include('orders.pagination');
    expect(schemaFailure(() => mapList({ items: {}, pagination: { total_count: 0, max_page: 0 } }, 'orders', (v) => v)).message).to.include('orders.items');
    expect(schemaFailure(() => mapList({ items: [order({ id: 7 })], pagination: { total_count: 1, max_page: 1 } }, 'orders', mapOrder)).message).to.include('orders.items[0].id');
  });

  it('subscription statuses map to the view model; unknown ones to unknown; interval counts spelled out', () => {
    const base = subscriptionWire();
    const status = (s: string) => mapSubscription({ ...base, status: s }).status;
    expect(['active', 'past_due', 'trialing', 'paused', 'canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'x'].map(status)).to.deep.equal([
      'active', 'active', 'trialing', 'paused', 'cancelled', 'incomplete', 'incomplete', 'unknown', 'unknown',
    ]);
    expect(mapSubscription({ ...base, recurring_interval: 'month', recurring_interval_count: 3 }).billingPeriod).to.equal('3 months');
    expect(mapSubscription({ ...base, recurring_interval: 'fortnight' }).billingPeriod).to.equal('');
    expect(mapSubscription({ ...base, cancel_at_period_end: true, ends_at: '2026-09-01T00:00:00.000000Z' }).cancelAt?.toISOString()).to.equal('2026-09-01T00:00:00.000Z');
    expect(schemaFailure(() => mapSubscription({ ...base, product: null })).message).to.include('subscription.product');
  });

  it('usage: a subscription meter without a customer meter yet still shows, with its balance', () => {
    const sub = subscriptionWire({
      amount: 0,
      currency: 'eur',
      current_period_end: '2026-09-01T00:00:00.000000Z',
      current_meter_period_start: null,
      current_meter_period_end: null,
      product: { name: 'Team', description: null },
      prices: [{ meter_id: 'm1', meter: { id: 'm1', name: 'Seats', unit: 'custom', custom_label: 'seat' } }],
      meters: [{ id: 'sm', consumed_units: 12.5, credited_units: 10, amount: 250, meter_id: 'm1', meter: { id: 'm1', name: 'Seats' } }],
    });
    const usage = mapUsage([], [sub]);
    expect(usage.features).to.have.length(1);
    expect(usage.features[0]).to.deep.include({ featureId: 'm1', name: 'Seats', usage: '12.5', credited: '10', balance: '-2.5', cost: '2.5', currency: 'EUR', unitSingular: 'seat' });
    expect(usage.periodEnd?.toISOString()).to.equal('2026-09-01T00:00:00.000Z');
  });

  it('document URLs: https (or loopback http) only', () => {
    expect(mapDocumentUrl({ url: 'https://s3.example/x.pdf?X-Amz-Signature=1' }, 'invoice')).to.equal('https://s3.example/x.pdf?X-Amz-Signature=1');
    expect(mapDocumentUrl({ url: 'http://127.0.0.1:8787/polar/__files/x.pdf' }, 'receipt')).to.equal('http://127.0.0.1:8787/polar/__files/x.pdf');
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'http://evil.example/x.pdf', 'blob:https://a/b']) {
      expect(schemaFailure(() => mapDocumentUrl({ url }, 'invoice')).code).to.equal('unsafe_url');
    }
    expect(schemaFailure(() => mapDocumentUrl({ url: 'not a url' }, 'invoice')).message).to.include('invoice.url');
  });
});

describe('Polar paging', () => {
  it('one page when the offset is a multiple of a limit ≤ 100', () => {
    expect(pagesFor(0, 100)).to.deep.equal({ size: 100, pages: [1] });
    expect(pagesFor(200, 100)).to.deep.equal({ size: 100, pages: [3] });
    expect(pagesFor(20, 10)).to.deep.equal({ size: 10, pages: [3] });
  });

  it('limits over 100 and unaligned offsets are covered by several pages, never a limit over 100', () => {
    expect(pagesFor(0, 250)).to.deep.equal({ size: 100, pages: [1, 2, 3] });
    expect(pagesFor(150, 100)).to.deep.equal({ size: 50, pages: [4, 5] });
    expect(pagesFor(7, 10).size).to.equal(1);
    expect(() => pagesFor(-1, 10)).to.throw(RangeError);
    expect(() => pagesFor(0, 0)).to.throw(RangeError);
  });
});

describe('Polar tokens', () => {
  it('customer and member session prefixes; anything else is not a Polar token', () => {
    expect(isPolarToken('polar_cst_6DIEoGgBWboTHCAFmBYqT5Dq90AmJBG7SrgMw2Y8XCf')).to.equal(true);
    expect(isPolarToken('polar_mst_6DIEoGgBWboTHCAFmBYqT5Dq90AmJBG7SrgMw2Y8XCf')).to.equal(true);
    expect(isMemberToken('polar_mst_6DIEoGgBWboTHCAFmBYqT5Dq90AmJBG7SrgMw2Y8XCf')).to.equal(true);
    expect(isMemberToken('polar_cst_6DIEoGgBWboTHCAFmBYqT5Dq90AmJBG7SrgMw2Y8XCf')).to.equal(false);
    for (const t of ['polar_oat_6DIEoGgBWboTHCAFmBYqT5Dq90AmJBG7Sr', 'Bearer polar_cst_abcdefghij', 'polar_cst_abc\ndef12345', 'polar_cst_ümlautümlaut']) {
      expect(isPolarToken(t), t).to.equal(false);
    }
  });
});
