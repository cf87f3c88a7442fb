import { expect } from '@open-wc/testing';
import { FlexpriceClient } from './client.js';
import { isAbortError } from '../../api/errors.js';
import {
  FlexpriceBackend,
  invoiceDisplayStatus,
  mapConfig,
  mapTransaction,
  transactionKind,
} from './backend.js';
import type { InvoiceStatus, TransactionKind } from '../../api/model.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import { flushMicrotasks } from '../../session/testing/fake-clock.js';
import { portalFetchStub, type PortalFetchStub } from '../../../test/helpers/portal-fetch.js';
import { rejection, signal } from '../../../test/helpers/api-error.js';

const BASE = 'https://api.example.test/v1';
const NOW = new Date('2026-08-22T10:00:00Z');

interface Call {
  url: string;
  method: string;
  body: string;
  signal: AbortSignal | null;
}

type Route = (call: Call) => Response | Promise<Response>;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A backend over a fetch stub answering by path (after `/customer/portal`). */
function backendWith(routes: Record<string, Route>): { backend: FlexpriceBackend; calls: Call[] } {
  const calls: Call[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const call: Call = { url, method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : '', signal: init?.signal ?? null };
    calls.push(call);
    const path = new URL(url).pathname.replace('/v1/customer/portal', '');
    const route = routes[`${call.method} ${path}`];
    if (!route) return new Response('404 page not found', { status: 404 });
    return route(call);
  };
  const client = new FlexpriceClient({ baseUrl: BASE, getToken: () => 'tok', fetch: fetchStub as typeof fetch, retry: false });
  return { backend: new FlexpriceBackend(client, { now: () => NOW }), calls };
}

function invoiceWire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'inv_1',
    customer_id: 'cust_1',
    invoice_type: 'SUBSCRIPTION',
    invoice_status: 'FINALIZED',
    payment_status: 'PENDING',
    currency: 'usd',
    amount_due: '49',
    amount_paid: '0',
    amount_remaining: '49',
    subtotal: '49',
    total: '49.00',
    invoice_number: 'INV-0001',
    idempotency_key: null,
    billing_sequence: 1,
    due_date: '2026-09-01T00:00:00Z',
    finalized_at: '2026-08-01T00:05:00.123456789Z',
    created_at: '2026-08-01T00:00:00Z',
    ...overrides,
  };
}

function walletWire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'wallet_1',
    customer_id: 'cust_1',
    currency: 'usd',
    balance: '42',
    credit_balance: '4200',
    wallet_status: 'active',
    name: 'Main Wallet',
    wallet_type: 'PRE_PAID',
    conversion_rate: '0.01',
    created_at: '2026-01-01T00:00:00Z',
    is_cached_fallback: false,
    ...overrides,
  };
}

function txWire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'wtxn_1',
    wallet_id: 'wallet_1',
    type: 'credit',
    amount: '10',
    credit_amount: '1000',
    transaction_status: 'completed',
    description: 'Top-up',
    expiry_date: null,
    transaction_reason: 'PURCHASED_CREDIT_DIRECT',
    priority: null,
    currency: 'usd',
    created_at: '2026-08-20T12:00:00Z',
    ...overrides,
  };
}

describe('FlexpriceBackend', () => {
  describe('invoice status rules (first that applies)', () => {
    const past = new Date('2026-08-01T00:00:00Z');
    const future = new Date('2026-09-01T00:00:00Z');
    const table: Array<[string, string, Date | null, InvoiceStatus]> = [
      ['VOIDED', 'SUCCEEDED', past, 'voided'],
      ['FINALIZED', 'VOIDED', past, 'voided'],
      ['DRAFT', 'PENDING', past, 'draft'],
      ['DRAFT', 'VOIDED', null, 'voided'],
      ['FINALIZED', 'REFUNDED', past, 'refunded'],
      ['FINALIZED', 'PARTIALLY_REFUNDED', past, 'partially_refunded'],
      ['FINALIZED', 'SUCCEEDED', past, 'paid'],
      ['FINALIZED', 'OVERPAID', past, 'paid'],
      ['FINALIZED', 'PENDING', past, 'overdue'],
      ['FINALIZED', 'FAILED', past, 'overdue'],
      ['FINALIZED', 'PENDING', future, 'pending'],
      ['FINALIZED', 'INITIATED', null, 'pending'],
      ['FINALIZED', 'PROCESSING', future, 'pending'],
      ['FINALIZED', 'SOMETHING_NEW', future, 'pending'],
    ];
    for (const [invoiceStatus, paymentStatus, due, expected] of table) {
      it(`${invoiceStatus} / ${paymentStatus} / due ${due ? (due < NOW ? 'past' : 'future') : 'none'} → ${expected}`, () => {
        expect(invoiceDisplayStatus(invoiceStatus, paymentStatus, due, NOW)).to.equal(expected);
      });
    }

    it('maps a page of invoices: status, number, date, total, currency', async () => {
      const { backend, calls } = backendWith({
        'POST /invoices': () =>
          json({
            items: [
              invoiceWire(),
              invoiceWire({ id: 'inv_2', invoice_number: null, finalized_at: undefined, payment_status: 'SUCCEEDED', created_at: '2026-07-03T00:00:00Z' }),
              invoiceWire({ id: 'inv_3', due_date: '2026-08-10T00:00:00Z', invoice_number: '' }),
            ],
            pagination: { total: 37, limit: 3, offset: 0 },
          }),
      });
      const page = await backend.invoices({ offset: 3, limit: 3 }, signal());
      expect(JSON.parse(calls[0]?.body ?? '')).to.deep.equal({ page: 2, limit: 3 });
      expect(page.total).to.equal(37);
      expect(page.items.map((i) => [i.id, i.status, i.number])).to.deep.equal([
        ['inv_1', 'pending', 'INV-0001'],
        ['inv_2', 'paid', null],
        ['inv_3', 'overdue', null],
      ]);
      expect(page.items[0]?.date.toISOString()).to.equal('2026-08-01T00:05:00.123Z');
      expect(page.items[1]?.date.toISOString()).to.equal('2026-07-03T00:00:00.000Z');
      expect(page.items[0]?.currency).to.equal('USD');
      expect(page.items[0]?.total).to.equal('49');
    });

    it('maps an invoice detail with line items', async () => {
      const { backend } = backendWith({
        'GET /invoices/inv_1': () =>
          json(
            invoiceWire({
              total_tax: '4.9',
              line_items: [
                { id: 'li_1', display_name: 'API calls', amount: '12.5', quantity: '1250', currency: 'usd', period_start: '2026-08-01T00:00:00Z', period_end: 'garbage' },
                { id: 'li_2', plan_display_name: 'Pro', amount: '36.5', quantity: '1', currency: 'usd' },
              ],
            }),
          ),
      });
      const detail = await backend.invoice('inv_1', signal());
      expect(detail.lineItems.map((l) => [l.name, l.amount, l.quantity, l.currency])).to.deep.equal([
        ['API calls', '12.5', '1250', 'USD'],
        ['Pro', '36.5', '1', 'USD'],
      ]);
      expect(detail.lineItems[0]?.periodEnd).to.equal(null);
      expect(detail.totalTax).to.equal('4.9');
      expect(detail.totalDiscount).to.equal('0');
    });
  });

  describe('wallet transactions', () => {
    const kinds: Array<[string, 'credit' | 'debit', TransactionKind]> = [
      ['INVOICE_PAYMENT', 'debit', 'invoice_payment'],
      ['FREE_CREDIT_GRANT', 'credit', 'free_credit'],
      ['SUBSCRIPTION_CREDIT_GRANT', 'credit', 'subscription_credit'],
      ['PURCHASED_CREDIT_INVOICED', 'credit', 'purchased_credit_invoiced'],
      ['PURCHASED_CREDIT_DIRECT', 'credit', 'purchased_credit'],
      ['PURCHASED_CREDIT_BONUS', 'credit', 'purchased_credit_bonus'],
      ['CREDIT_NOTE', 'credit', 'credit_note'],
      ['CREDIT_EXPIRED', 'debit', 'credit_expired'],
      ['WALLET_TERMINATION', 'debit', 'wallet_termination'],
      ['MANUAL_BALANCE_DEBIT', 'debit', 'manual_debit'],
      ['CREDIT_ADJUSTMENT', 'credit', 'adjustment'],
      ['INVOICE_VOID_REFUND', 'credit', 'void_refund'],
      ['SOMETHING_NEW', 'credit', 'other_credit'],
      ['SOMETHING_NEW', 'debit', 'other_debit'],
      ['', 'debit', 'other_debit'],
      ['toString', 'credit', 'other_credit'],
    ];
    for (const [reason, direction, kind] of kinds) {
      it(`${reason || '(empty)'} (${direction}) → ${kind}`, () => {
        expect(transactionKind(reason, direction)).to.equal(kind);
      });
    }

    it('amounts are non-negative with the sign in direction', () => {
      const debit = mapTransaction(txWire({ type: 'debit', amount: '-2.5', credit_amount: '-250', transaction_reason: 'INVOICE_PAYMENT' }));
      expect([debit.direction, debit.amount, debit.creditAmount, debit.kind]).to.deep.equal(['debit', '2.5', '250', 'invoice_payment']);
      const credit = mapTransaction(txWire({ priority: 2, expiry_date: '2027-01-01T00:00:00Z', transaction_status: 'weird' }));
      expect([credit.direction, credit.amount, credit.priority, credit.status, credit.currency]).to.deep.equal(['credit', '10', 2, 'unknown', 'USD']);
      expect(credit.expiryDate?.toISOString()).to.equal('2027-01-01T00:00:00.000Z');
    });

    it('pages with limit/offset and counts from pagination.total, not the quirky offset', async () => {
      const { backend, calls } = backendWith({
        'GET /wallets/wallet_1/transactions': () => json({ items: [txWire(), txWire({ id: 'wtxn_2' })], pagination: { total: 37, limit: 10, offset: 40 } }),
      });
      const page = await backend.walletTransactions('wallet_1', { limit: 10, offset: 30 }, signal());
      expect(new URL(calls[0]?.url ?? '').search).to.equal('?limit=10&offset=30');
      expect(page.total).to.equal(37);
      expect(page.items).to.have.length(2);
    });
  });

  describe('wallets', () => {
    it('wallets() maps the bare array; wallet() prefers the real-time balance', async () => {
      const { backend } = backendWith({
        'POST /wallets': () => json([walletWire(), walletWire({ id: 'wallet_2', currency: 'jpy', wallet_status: 'suspended', wallet_type: 'POST_PAID', name: undefined })]),
        'GET /wallets/wallet_1': () =>
          json(walletWire({ real_time_balance: '40.5', real_time_credit_balance: '4050', balance_updated_at: '2026-08-22T09:59:00Z' })),
      });
      const wallets = await backend.wallets(signal());
      expect(wallets.map((w) => [w.id, w.currency, w.status, w.prepaid, w.creditBalance, w.balance, w.realTime, w.name])).to.deep.equal([
        ['wallet_1', 'USD', 'active', true, '4200', '42', false, 'Main Wallet'],
        ['wallet_2', 'JPY', 'unknown', false, '4200', '42', false, ''],
      ]);
      const one = await backend.wallet('wallet_1', signal());
      expect([one.creditBalance, one.balance, one.realTime, one.conversionRate]).to.deep.equal(['4050', '40.5', true, '0.01']);
      expect(one.balanceUpdatedAt?.toISOString()).to.equal('2026-08-22T09:59:00.000Z');
    });

    it('wallets() is memoized: concurrent and later callers share one request', async () => {
      const { backend, calls } = backendWith({ 'POST /wallets': () => json([walletWire()]) });
      const [a, b] = await Promise.all([backend.wallets(signal()), backend.wallets(signal())]);
      const c = await backend.wallets(signal());
      expect(calls).to.have.length(1);
      expect(a).to.deep.equal(b);
      expect(c).to.deep.equal(a);
      expect(c).not.to.equal(a); // callers get their own array
    });

    it('one caller aborting does not abort the shared request for the others', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const { backend, calls } = backendWith({
        'POST /wallets': async () => {
          await gate;
          return json([walletWire()]);
        },
      });
      const first = new AbortController();
      const p1 = backend.wallets(first.signal);
      const p2 = backend.wallets(signal());
      await flushMicrotasks();
      first.abort();
      const e1 = await rejection(p1);
      expect(isAbortError(e1)).to.equal(true);
      expect(calls[0]?.signal?.aborted).to.equal(false);
      release();
      expect((await p2).map((w) => w.id)).to.deep.equal(['wallet_1']);
      expect(calls).to.have.length(1);
    });

    it('when every caller aborts, the shared request is aborted and the next call refetches', async () => {
      const { backend, calls } = backendWith({
        'POST /wallets': (call) =>
          calls.length === 1
            ? new Promise<Response>((_, reject) => call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
            : json([walletWire()]),
      });
      const a = new AbortController();
      const b = new AbortController();
      const p1 = rejection(backend.wallets(a.signal));
      const p2 = rejection(backend.wallets(b.signal));
      await flushMicrotasks();
      a.abort();
      await flushMicrotasks();
      expect(calls[0]?.signal?.aborted).to.equal(false);
      b.abort();
      expect(isAbortError(await p1)).to.equal(true);
      expect(isAbortError(await p2)).to.equal(true);
      expect(calls[0]?.signal?.aborted).to.equal(true);
      expect((await backend.wallets(signal())).length).to.equal(1);
      expect(calls).to.have.length(2);
    });

    it('a failed memo is dropped so a retry refetches', async () => {
      const { backend, calls } = backendWith({
        'POST /wallets': () => (calls.length === 1 ? json({ code: 'system_error', message: 'boom' }, 500) : json([walletWire()])),
      });
      const error = await rejection(backend.wallets(signal()));
      expect(error.status).to.equal(500);
      expect(await backend.wallets(signal())).to.have.length(1);
      expect(calls).to.have.length(2);
    });
  });

  describe('customer', () => {
    it('maps /info and validates the time zone', async () => {
      const info = { id: 'cust_1', external_id: 'acme-42', name: 'Acme Inc', email: 'billing@acme.com', timezone: 'Asia/Tokyo', created_at: '2026-01-05T10:00:00Z' };
      let zone: unknown = 'Asia/Tokyo';
      const { backend } = backendWith({ 'GET /info': () => json({ ...info, timezone: zone }) });
      expect(await backend.customer(signal())).to.deep.equal({ id: 'cust_1', externalId: 'acme-42', name: 'Acme Inc', email: 'billing@acme.com', timeZone: 'Asia/Tokyo' });
      for (const bad of ['Mars/Olympus', '', undefined]) {
        zone = bad;
        const other = backendWith({ 'GET /info': () => json({ ...info, timezone: zone }) }).backend;
        expect((await other.customer(signal())).timeZone, String(bad)).to.equal(null);
      }
    });

    it('is memoized per instance', async () => {
      const { backend, calls } = backendWith({ 'GET /info': () => json({ id: 'cust_1', name: 'A', email: '', external_id: 'x' }) });
      await backend.customer(signal());
      await backend.customer(signal());
      expect(calls).to.have.length(1);
    });
  });

  describe('config', () => {
    const builtIn = {
      id: 'setting_1',
      key: 'customer_portal_config',
      value: {
        version: '1.0',
        theme: { primary_color: '', secondary_color: '', tertiary_color: '' },
        sections: [
          {
            id: 'usage',
            label: 'Usage',
            enabled: true,
            order: 1,
            tabs: [
              { id: '1', type: 'metric_cards', enabled: true, order: 1, metric_cards: { show_revenue_metric: true } },
              {
                id: '2',
                type: 'usage_graph',
                enabled: true,
                order: 2,
                usage_graph: {
                  date_presets: ['today', 'last_7_days', 'last_30_days', 'current_month', 'last_month', 'yesterday'],
                  default_preset: 'last_7_days',
                  allow_custom_date_range: true,
                  feature_filter_mode: 'inc',
                },
              },
            ],
          },
          { id: 'credits', label: 'Credits', enabled: true, order: 2, tabs: [] },
          { id: 'invoices', label: 'Invoices', enabled: true, order: 3, tabs: [] },
          { id: 'overview', label: 'Overview', enabled: true, order: 4, tabs: [] },
        ],
      },
    };

    it('maps the built-in default: presets, default preset, custom range; "inc" with no ids filters nothing', () => {
      const config = mapConfig(builtIn);
      expect(config.sections).to.deep.equal({ overview: true, credits: true, invoices: true, usage: true });
      expect(config.usagePresets).to.deep.equal(['today', '7d', '30d', 'current_month', 'last_month']);
      expect(config.usageDefaultPreset).to.equal('7d');
      expect(config.allowCustomRange).to.equal(true);
      expect(config.featureFilter).to.deep.equal({ mode: 'all', featureIds: [] });
      expect(config.theme).to.deep.equal({});
    });

    it('maps disabled sections, feature filters and only valid theme colours', () => {
      const value = structuredClone(builtIn.value) as typeof builtIn.value;
      value.sections[1]!.enabled = false;
      const graph = value.sections[0]!.tabs[1]!.usage_graph as Record<string, unknown>;
      graph.feature_filter_mode = 'exc';
      graph.feature_ids = ['feat_a', 'feat_a', 'feat_b', 7];
      graph.allow_custom_date_range = false;
      (value as Record<string, unknown>).theme = {
        primary_color: '#4f46e5',
        secondary_color: 'red; background: url(https://evil.test)',
        tertiary_color: 'rgb(1 2 3)',
        background_color: 'expression(alert(1))',
        font_family: 'Inter, system-ui, sans-serif',
      };
      const config = mapConfig({ ...builtIn, value });
      expect(config.sections.credits).to.equal(false);
      expect(config.sections.usage).to.equal(true);
      expect(config.featureFilter).to.deep.equal({ mode: 'exclude', featureIds: ['feat_a', 'feat_b'] });
      expect(config.allowCustomRange).to.equal(false);
      expect(config.theme).to.deep.equal({ primary: '#4f46e5', tertiary: 'rgb(1 2 3)', fontFamily: 'Inter, system-ui, sans-serif' });
    });

    it('a disabled usage graph offers no extra presets', () => {
      const value = structuredClone(builtIn.value) as typeof builtIn.value;
      value.sections[0]!.tabs[1]!.enabled = false;
      expect(mapConfig({ ...builtIn, value }).usagePresets).to.deep.equal([]);
    });

    it('falls back to defaults on failure (not memoized), but rethrows 401 and aborts', async () => {
      let status = 500;
      const { backend, calls } = backendWith({
        'GET /config': () => (status === 200 ? json(builtIn) : status === 401 ? json({ error: 'Invalid or expired session token' }, 401) : new Response('{"val', { status })),
      });
      expect(await backend.config(signal())).to.deep.equal(defaultPortalConfig());
      status = 200;
      expect((await backend.config(signal())).usagePresets).to.have.length(5);
      expect(calls).to.have.length(2);

      status = 401;
      const fresh = backendWith({ 'GET /config': () => json({ error: 'Invalid or expired session token' }, 401) }).backend;
      expect((await rejection(fresh.config(signal()))).status).to.equal(401);
      const aborted = new AbortController();
      aborted.abort();
      expect(isAbortError(await rejection(fresh.config(aborted.signal)))).to.equal(true);
    });

    it('garbage config (bad JSON shape) resolves to defaults', async () => {
      for (const body of [[], { value: 'x' }, { value: { sections: 'no' } }, { value: { sections: [null, 5, { id: 'usage', enabled: 'yes' }] } }]) {
        const { backend } = backendWith({ 'GET /config': () => json(body) });
        expect(await backend.config(signal())).to.deep.equal(defaultPortalConfig());
      }
    });
  });

  describe('subscriptions', () => {
    it('maps a page: plan, status, dates, period', async () => {
      const { backend, calls } = backendWith({
        'POST /subscriptions': () =>
          json({
            items: [
              {
                id: 'subs_1',
                customer_id: 'cust_1',
                plan_id: 'plan_1',
                subscription_status: 'trialing',
                currency: 'eur',
                current_period_start: '2026-08-01T00:00:00Z',
                current_period_end: '2026-09-01T00:00:00Z',
                cancel_at: null,
                cancel_at_period_end: false,
                trial_start: null,
                trial_end: '0001-01-01T00:00:00Z',
                billing_period: 'MONTHLY',
                created_at: '2026-08-01T00:00:00Z',
                plan: { id: 'plan_1', name: 'Pro', description: 'For teams' },
                customer: null,
              },
              { id: 'subs_2', subscription_status: 'on_fire', currency: 'usd', billing_period: 'ANNUAL', plan: null, created_at: '2026-08-01T00:00:00Z' },
            ],
            pagination: { total: 2, limit: 10, offset: 10 },
          }),
      });
      const page = await backend.subscriptions({ offset: 0, limit: 10 }, signal());
      expect(JSON.parse(calls[0]?.body ?? '')).to.deep.equal({ page: 1, limit: 10 });
      const [a, b] = page.items;
      expect([a?.planName, a?.planDescription, a?.status, a?.currency, a?.billingPeriod, a?.trialEnd]).to.deep.equal(['Pro', 'For teams', 'trialing', 'EUR', 'monthly', null]);
      expect(a?.currentPeriodEnd?.toISOString()).to.equal('2026-09-01T00:00:00.000Z');
      expect([b?.planName, b?.status, b?.billingPeriod, b?.currentPeriodStart]).to.deep.equal(['', 'unknown', 'annual', null]);
      expect(page.total).to.equal(2);
    });
  });

  describe('usage', () => {
    it('usageSummary() keeps metered features only', async () => {
      const { backend } = backendWith({
        'GET /usage': () =>
          json({
            customer_id: 'cust_1',
            features: [
              {
                feature: { id: 'feat_api', name: 'API calls', type: 'metered', unit_singular: 'call', unit_plural: 'calls' },
                total_limit: 10000,
                is_unlimited: false,
                current_usage: '1250',
                usage_percent: '12.5',
                is_enabled: true,
                is_soft_limit: true,
                next_usage_reset_at: '2026-09-01T00:00:00Z',
              },
              { feature: { id: 'feat_sso', name: 'SSO', type: 'boolean' }, total_limit: null, is_unlimited: false, current_usage: '0', is_enabled: true, is_soft_limit: false },
              { feature: { id: 'feat_gpu', name: 'GPU', type: 'metered' }, total_limit: null, is_unlimited: true, current_usage: '3.5', is_enabled: true, is_soft_limit: false },
            ],
            period: { start_time: '2026-08-01T00:00:00Z', end_time: '2026-09-01T00:00:00Z', period: 'monthly' },
          }),
      });
      const summary = await backend.usageSummary(signal());
      expect(summary.features.map((f) => [f.featureId, f.usage, f.limit, f.unlimited, f.softLimit, f.unitPlural])).to.deep.equal([
        ['feat_api', '1250', 10000, false, true, 'calls'],
        ['feat_gpu', '3.5', null, true, false, ''],
      ]);
      expect(summary.periodStart?.toISOString()).to.equal('2026-08-01T00:00:00.000Z');
    });

    it('usageSummary() with no entitlements', async () => {
      const { backend } = backendWith({ 'GET /usage': () => json({ customer_id: 'c', features: [], period: null }) });
      expect(await backend.usageSummary(signal())).to.deep.equal({ features: [], periodStart: null, periodEnd: null });
    });

    it('usageSeries() posts the contract body and maps items, groups and sorted points', async () => {
      const { backend, calls } = backendWith({
        'POST /analytics/revenue': () =>
          json({
            subtotal: '12.5',
            total_discount: '0',
            total_cost: '12.5',
            currency: 'usd',
            items: [
              {
                feature_id: 'feat_api',
                meter_id: 'meter_api',
                name: '',
                event_name: 'api_call',
                unit: 'call',
                unit_plural: 'calls',
                total_usage: '300',
                total_cost: '3',
                currency: 'usd',
                event_count: 300,
                feature: { id: 'feat_api', name: 'API calls', type: 'metered' },
                group: { id: 'group_1', name: 'Compute' },
                points: [
                  { timestamp: '2026-08-17T00:00:00Z', usage: '100', cost: '1', event_count: 100 },
                  { timestamp: '2026-08-16T00:00:00Z', usage: '200', cost: '2', event_count: 200 },
                ],
              },
              { meter_id: 'meter_x', event_name: 'raw_event', total_usage: '5', total_cost: '0', currency: 'usd', event_count: 5, group: { id: '', name: '' } },
            ],
          }),
      });
      const start = new Date('2026-08-16T00:00:00Z');
      const end = new Date('2026-08-22T10:00:00Z');
      const series = await backend.usageSeries({ start, end, window: 'DAY' }, signal());
      expect(JSON.parse(calls[0]?.body ?? '')).to.deep.equal({
        window_size: 'DAY',
        start_time: '2026-08-16T00:00:00.000Z',
        end_time: '2026-08-22T10:00:00.000Z',
        expand: ['price'],
      });
      expect(calls.some((c) => c.url.includes('/analytics/cost'))).to.equal(false);
      expect(series.currency).to.equal('USD');
      expect(series.asOf).to.deep.equal(NOW);
      const [api, raw] = series.items;
      expect([api?.key, api?.name, api?.unitSingular, api?.unitPlural, api?.group]).to.deep.equal(['feat_api', 'API calls', 'call', 'calls', { id: 'group_1', name: 'Compute' }]);
      expect(api?.points.map((p) => [p.time.toISOString().slice(0, 10), p.usage, p.eventCount])).to.deep.equal([
        ['2026-08-16', '200', 200],
        ['2026-08-17', '100', 100],
      ]);
      expect([raw?.key, raw?.name, raw?.group, raw?.points]).to.deep.equal(['meter_x', 'raw_event', null, []]);
    });

    it('usageSeries() accepts the empty answer', async () => {
      const { backend } = backendWith({ 'POST /analytics/revenue': () => json({ total_cost: '0', items: [], subtotal: '0', total_discount: '0', currency: '' }) });
      const series = await backend.usageSeries({ start: new Date(0), end: NOW, window: 'HOUR' }, signal());
      expect([series.items, series.currency, series.totalCost]).to.deep.equal([[], '', '0']);
    });
  });

  describe('schema violations', () => {
    const cases: Array<[string, Record<string, Route>, (b: FlexpriceBackend) => Promise<unknown>]> = [
      ['a list without items', { 'POST /invoices': () => json({ pagination: { total: 1 } }) }, (b) => b.invoices({ offset: 0, limit: 10 }, signal())],
      ['a list without pagination', { 'POST /invoices': () => json({ items: [] }) }, (b) => b.invoices({ offset: 0, limit: 10 }, signal())],
      ['an invoice without total', { 'POST /invoices': () => json({ items: [invoiceWire({ total: undefined })], pagination: { total: 1 } }) }, (b) => b.invoices({ offset: 0, limit: 10 }, signal())],
      ['an amount that is not a decimal', { 'POST /invoices': () => json({ items: [invoiceWire({ total: 'forty' })], pagination: { total: 1 } }) }, (b) => b.invoices({ offset: 0, limit: 10 }, signal())],
      ['an invoice number that is an object', { 'GET /invoices/x': () => json(invoiceWire({ invoice_number: { a: 1 } })) }, (b) => b.invoice('x', signal())],
      ['an invoice with no date at all', { 'GET /invoices/x': () => json(invoiceWire({ finalized_at: undefined, created_at: 'yesterday' })) }, (b) => b.invoice('x', signal())],
      ['wallets that are not an array', { 'POST /wallets': () => json({ items: [] }) }, (b) => b.wallets(signal())],
      ['a wallet list entry that is null', { 'POST /wallets': () => json([null]) }, (b) => b.wallets(signal())],
      ['a wallet without currency', { 'GET /wallets/w': () => json(walletWire({ currency: 5 })) }, (b) => b.wallet('w', signal())],
      ['a transaction without created_at', { 'GET /wallets/w/transactions': () => json({ items: [txWire({ created_at: null })], pagination: { total: 1 } }) }, (b) => b.walletTransactions('w', { limit: 10, offset: 0 }, signal())],
      ['info that is a string', { 'GET /info': () => json('hello') }, (b) => b.customer(signal())],
      ['usage features that are not an array', { 'GET /usage': () => json({ features: {} }) }, (b) => b.usageSummary(signal())],
      ['a usage point without timestamp', { 'POST /analytics/revenue': () => json({ currency: 'usd', total_cost: '0', items: [{ total_usage: '1', points: [{ usage: '1' }] }] }) }, (b) => b.usageSeries({ start: new Date(0), end: NOW, window: 'DAY' }, signal())],
      ['a pdf answer without a URL', { 'GET /invoices/x/pdf': () => json({ url: 'https://x' }) }, (b) => b.invoicePdfUrl('x', signal())],
    ];
    for (const [name, routes, call] of cases) {
      it(`rejects ${name} with a schema error`, async () => {
        const error = await rejection(call(backendWith(routes).backend));
        expect(error.kind).to.equal('schema');
      });
    }

    it('reports a truncated body as a parse error, not a TypeError', async () => {
      const { backend } = backendWith({ 'POST /wallets': () => new Response('[{"id":"wallet_1","curr', { status: 200 }) });
      expect((await rejection(backend.wallets(signal()))).kind).to.equal('parse');
    });
  });

  describe('invoicePdfUrl', () => {
    const ok = [
      'https://files.example.com/inv.pdf?X-Amz-Signature=abc',
      'http://localhost:8080/__files/invoices/inv_1.pdf',
      'http://127.0.0.1:5173/x.pdf',
      'http://[::1]:8080/x.pdf',
    ];
    const unsafe = ['javascript:alert(1)', 'data:application/pdf;base64,JVBERi0=', 'http://files.example.com/inv.pdf', 'ftp://files.example.com/inv.pdf', 'blob:https://x/1', 'http://127.0.0.1.evil.test/x.pdf'];
    for (const url of ok) {
      it(`accepts ${url}`, async () => {
        const { backend } = backendWith({ 'GET /invoices/inv_1/pdf': () => json({ presigned_url: url }) });
        expect(await backend.invoicePdfUrl('inv_1', signal())).to.equal(new URL(url).href);
      });
    }
    for (const url of unsafe) {
      it(`refuses ${url}`, async () => {
        const { backend } = backendWith({ 'GET /invoices/inv_1/pdf': () => json({ presigned_url: url }) });
        const error = await rejection(backend.invoicePdfUrl('inv_1', signal()));
        expect([error.kind, error.code]).to.deep.equal(['schema', 'unsafe_url']);
      });
    }
    it('refuses a relative URL', async () => {
      const { backend } = backendWith({ 'GET /invoices/inv_1/pdf': () => json({ presigned_url: '/files/inv.pdf' }) });
      expect((await rejection(backend.invoicePdfUrl('inv_1', signal()))).kind).to.equal('schema');
    });
  });

  describe('against the reference portal server', () => {
    let stub: PortalFetchStub | null = null;
    afterEach(() => {
      stub?.restore();
      stub = null;
    });

    async function live(customer: string): Promise<{ backend: FlexpriceBackend; stub: PortalFetchStub }> {
      stub = await portalFetchStub({ customer });
      const token = stub.token;
      const client = new FlexpriceClient({ baseUrl: stub.apiBase, getToken: () => token, retry: false });
      return { backend: new FlexpriceBackend(client), stub };
    }

    for (const customer of ['cus-typical', 'cus-empty', 'cus-multi-wallet', 'cus-eur', 'cus-tokyo', 'cus-heavy-usage']) {
      it(`maps every endpoint for ${customer} without schema errors`, async () => {
        const { backend, stub: s } = await live(customer);
        const sig = signal();
        const [customerInfo, config, wallets, subs, invoices, summary] = await Promise.all([
          backend.customer(sig),
          backend.config(sig),
          backend.wallets(sig),
          backend.subscriptions({ offset: 0, limit: 10 }, sig),
          backend.invoices({ offset: 0, limit: 20 }, sig),
          backend.usageSummary(sig),
        ]);
        expect(customerInfo.externalId).to.equal(customer);
        expect(customerInfo.timeZone).to.be.a('string');
        if (customer === 'cus-tokyo') expect(customerInfo.timeZone).to.equal('Asia/Tokyo');
        if (customer === 'cus-empty') expect([wallets.length, invoices.total]).to.deep.equal([0, 0]);
        else expect(invoices.items.length, 'seeded invoices').to.be.greaterThan(0);
        if (customer === 'cus-multi-wallet') expect(new Set(wallets.map((w) => w.currency)).size).to.be.greaterThan(1);
        expect(Object.keys(config.sections)).to.have.members(['overview', 'credits', 'invoices', 'usage']);
        for (const w of wallets) {
          expect(w.currency).to.match(/^[A-Z]{3}$/);
          const detail = await backend.wallet(w.id, sig);
          expect(detail.id).to.equal(w.id);
          const txs = await backend.walletTransactions(w.id, { limit: 10, offset: 0 }, sig);
          expect(txs.total).to.be.at.least(txs.items.length);
          for (const t of txs.items) expect(t.amount.startsWith('-')).to.equal(false);
        }
        expect(subs.total).to.be.at.least(subs.items.length);
        expect(invoices.total).to.be.at.least(invoices.items.length);
        for (const inv of invoices.items) expect(inv.currency).to.match(/^[A-Z]{3}$/);
        const first = invoices.items[0];
        if (first) {
          const detail = await backend.invoice(first.id, sig);
          expect(detail.id).to.equal(first.id);
          const url = await backend.invoicePdfUrl(first.id, sig);
          expect(new URL(url).protocol).to.equal('https:');
        }
        for (const f of summary.features) expect(f.featureId).to.be.a('string');
        const end = new Date();
        const series = await backend.usageSeries({ start: new Date(end.getTime() - 7 * 86_400_000), end, window: 'DAY' }, sig);
        for (const item of series.items) {
          const times = item.points.map((p) => p.time.getTime());
          expect(times).to.deep.equal([...times].sort((a, b) => a - b));
        }
        const keys = series.items.map((i) => i.key);
        expect(new Set(keys).size).to.equal(keys.length);
        for (const call of s.calls) {
          expect(call.headers['x-session-token']).to.equal(s.token);
          expect(call.url).not.to.contain(s.token);
          expect(call.url).not.to.contain('analytics/cost');
        }
      });
    }

    it('heavy usage carries feature groups', async () => {
      const { backend } = await live('cus-heavy-usage');
      const end = new Date();
      const series = await backend.usageSeries({ start: new Date(end.getTime() - 2 * 86_400_000), end, window: 'HOUR' }, signal());
      expect(series.items.length).to.be.at.least(2);
      expect(series.items.some((i) => i.group !== null)).to.equal(true);
    });

    it('pages the 2,000 invoices by pagination.total', async () => {
      const { backend } = await live('cus-many-invoices');
      const page = await backend.invoices({ offset: 100, limit: 50 }, signal());
      expect(page.total).to.equal(2000);
      expect(page.items).to.have.length(50);
    });

    it('reads the legacy error envelope and truncated bodies from the server', async () => {
      const { backend, stub: s } = await live('cus-typical');
      s.api.setFaults({ status: 404, statusCount: 1, envelope: 'legacy' });
      const error = await rejection(backend.invoices({ offset: 0, limit: 10 }, signal()));
      expect([error.kind, error.status]).to.deep.equal(['http', 404]);
      expect(error.message).not.to.equal('');
      s.api.setFaults({ truncate: true });
      expect((await rejection(backend.subscriptions({ offset: 0, limit: 10 }, signal()))).kind).to.equal('parse');
    });
  });
});
