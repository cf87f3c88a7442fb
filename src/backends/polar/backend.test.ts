import { expect } from '@open-wc/testing';
import { PolarBackend, POLAR_CAPABILITIES } from './backend.js';
import { PolarClient } from './client.js';
import { adapter } from './index.js';
import { ApiError, isAbortError } from '../../api/errors.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import type { TokenVerdict } from '../../api/adapter.js';
import { FakeClock, flushMicrotasks } from '../../session/testing/fake-clock.js';
import { polarFetch, type PolarFetch, type PolarFetchOptions } from '../../../test/helpers/polar-fetch.js';
import { DOCS, HOSTILE, type OrderDocs } from '../../../demo/server/polar/api.mjs';
import { rejection, signal } from '../../../test/helpers/api-error.js';

const NOW = new Date('2026-08-22T10:30:00Z');

function setup(options: PolarFetchOptions = {}, clock?: FakeClock): { polar: PolarFetch; backend: PolarBackend } {
  const polar = polarFetch({ now: () => NOW, ...options });
  const client = new PolarClient({ baseUrl: polar.apiBase, getToken: () => polar.token, fetch: polar.fetch, retry: false });
  return { polar, backend: new PolarBackend(client, clock ? { timers: clock.timers } : {}) };
}

const paths = (polar: PolarFetch) => polar.calls.map((c) => new URL(c.url).pathname + new URL(c.url).search);

describe('PolarBackend', () => {
  describe('capabilities and limits', () => {
    it('no transactions, no usage series, client-side invoice search, no due dates, pages of 100', async () => {
      const { backend } = setup();
      expect(backend.capabilities).to.deep.equal({
        transactions: false,
        usageSeries: null,
        usageSummary: true,
        invoiceSearch: 'client',
        invoiceDueDates: false,
        realTimeWalletBalance: false,
      });
      expect(backend.limits.invoicesPageSize).to.equal(100);
      expect(backend.limits.subscriptionsPageSize).to.equal(100);
      expect((await rejection(backend.walletTransactions('w', { offset: 0, limit: 10 }, signal()))).code).to.equal('unsupported');
      const series = await rejection(backend.usageSeries({ start: NOW, end: NOW, window: 'DAY' }, signal()));
      expect(series.code).to.equal('unsupported');
      expect(await backend.config(signal())).to.deep.equal(defaultPortalConfig());
      expect(POLAR_CAPABILITIES).to.equal(backend.capabilities);
    });
  });

  describe('Overview data', () => {
    it('customer, wallets as money, active subscriptions with their meters and costs', async () => {
      const { polar, backend } = setup();
      const customer = await backend.customer(signal());
      expect(customer).to.deep.include({ name: 'Ada Lovelace', email: 'ada@analytical.example', externalId: '', timeZone: null });
      const wallets = await backend.wallets(signal());
      expect(wallets).to.have.length(1);
      expect(wallets[0]).to.deep.include({ currency: 'USD', balance: '50', creditBalance: '50', conversionRate: '1', status: 'active', realTime: false, currencyOnly: true });
      const subs = await backend.subscriptions({ offset: 0, limit: 100 }, signal());
      expect(subs.total).to.equal(2);
      expect(subs.items.map((s) => [s.planName, s.status, s.billingPeriod])).to.deep.equal([
        ['Priority support', 'trialing', 'month'],
        ['Pro', 'active', 'month'],
      ]);
      const pro = subs.items[1];
      expect(pro?.amount).to.equal('20');
      expect(pro?.meters?.map((m) => m.name)).to.deep.equal(['API calls', 'Storage', 'AI tokens']);
      const wire = polar.api.customer('polar-typical')?.subscriptions[0] as { meters: Array<{ amount: number; consumed_units: number }> };
      expect(pro?.meters?.[1]?.cost).to.equal((wire.meters[1]!.amount / 100).toString());
      expect(pro?.meters?.[1]?.consumed).to.equal(String(wire.meters[1]!.consumed_units));
      // Memoized: a second read costs no request.
      const before = polar.calls.length;
      await backend.customer(signal());
      await backend.wallets(signal());
      await backend.subscriptions({ offset: 0, limit: 1 }, signal());
      expect(polar.calls.length).to.equal(before);
      expect(paths(polar).every((p) => !p.includes('active=false'))).to.equal(true);
    });

    it('the empty customer has no wallets, subscriptions, orders or meters', async () => {
      const { backend } = setup({ customer: 'polar-empty' });
      expect(await backend.wallets(signal())).to.deep.equal([]);
      expect(await backend.subscriptions({ offset: 0, limit: 100 }, signal())).to.deep.equal({ items: [], total: 0 });
      expect(await backend.invoices({ offset: 0, limit: 100 }, signal())).to.deep.equal({ items: [], total: 0 });
      const usage = await backend.usageSummary(signal());
      expect(usage).to.deep.equal({ features: [], periodStart: null, periodEnd: null });
    });
  });

  describe('Invoices', () => {
    it('orders page by page/limit 100: 250 orders in three requests, total from total_count', async () => {
      const { polar, backend } = setup({ customer: 'polar-many-orders' });
      const seen = new Set<string>();
      let total = 0;
      for (let offset = 0; offset < 300; offset += 100) {
        const page = await backend.invoices({ offset, limit: 100 }, signal());
        total = page.total;
        for (const invoice of page.items) seen.add(invoice.id);
        if (page.items.length < 100) break;
      }
      expect(total).to.equal(250);
      expect(seen.size).to.equal(250);
      expect(paths(polar)).to.deep.equal([
        '/v1/customer-portal/orders/?page=1&limit=100',
        '/v1/customer-portal/orders/?page=2&limit=100',
        '/v1/customer-portal/orders/?page=3&limit=100',
      ]);
    });

    it('an unaligned slice asks the covering pages and cuts exactly', async () => {
      const { polar, backend } = setup({ customer: 'polar-many-orders' });
      const all = polar.api.customer('polar-many-orders')?.orders.map((o) => o.id as string) ?? [];
      const page = await backend.invoices({ offset: 150, limit: 100 }, signal());
      expect(page.items.map((i) => i.id)).to.deep.equal(all.slice(150, 250));
      expect(paths(polar)).to.deep.equal(['/v1/customer-portal/orders/?page=4&limit=50', '/v1/customer-portal/orders/?page=5&limit=50']);
    });

    it('every status of the typical customer, never overdue, no due date; drafts have no number', async () => {
      const { backend } = setup();
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      expect(items.slice(0, 8).map((i) => i.status)).to.deep.equal(['draft', 'pending', 'paid', 'partially_refunded', 'paid', 'voided', 'refunded', 'paid']);
      expect(items.every((i) => i.dueDate === null && i.status !== 'overdue')).to.equal(true);
      expect(items[0]?.number).to.equal(null);
      expect(items[1]?.number).to.match(/^ACME-\d{4}$/);
      expect(items[1]?.amountRemaining).to.equal(items[1]?.amountDue);
      expect(items[5]?.amountRemaining).to.equal('0');
      expect(items.map((i) => i.hasDocument).slice(0, 8)).to.deep.equal([false, false, true, true, true, false, true, false]);
    });

    it('detail with line items, tax, discount, refunds and applied balance in major units', async () => {
      const { polar, backend } = setup();
      const wire = polar.api.customer('polar-typical')?.orders[3] as Record<string, number | string | Array<Record<string, unknown>>>;
      const detail = await backend.invoice(wire.id as string, signal());
      expect(detail.status).to.equal('partially_refunded');
      expect(detail.lineItems.map((l) => l.name)).to.include('Remaining time on Starter (prorated)');
      expect(detail.lineItems.find((l) => l.name.includes('prorated'))?.amount).to.equal('-4.5');
      expect(detail.subtotal).to.equal(((wire.subtotal_amount as number) / 100).toString());
      expect(detail.totalTax).to.equal(((wire.tax_amount as number) / 100).toString());
      expect(detail.refundedAmount).to.equal((((wire.refunded_amount as number) + (wire.refunded_tax_amount as number)) / 100).toString());
      const withCredit = polar.api.customer('polar-typical')?.orders[2] as { id: string; applied_balance_amount: number };
      expect((await backend.invoice(withCredit.id, signal())).prepaidCreditsApplied).to.equal((-withCredit.applied_balance_amount / 100).toString());
    });

    it('JPY amounts are whole yen (zero-decimal currency)', async () => {
      const { backend } = setup({ customer: 'polar-jpy' });
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      const detail = await backend.invoice(items[2]!.id, signal());
      expect(detail.currency).to.equal('JPY');
      expect(detail.lineItems[0]?.amount).to.equal('3000');
      expect((await backend.wallets(signal()))[0]?.balance).to.equal('1200');
    });

    it('another customer\'s or a malformed order id is a contained 404 / 422', async () => {
      const { backend } = setup({ customer: 'polar-jpy' });
      const other = polarFetch({ now: () => NOW }).api.customer('polar-typical')?.orders[0]?.id as string;
      expect((await rejection(backend.invoice(other, signal()))).status).to.equal(404);
      expect((await rejection(backend.invoice('../wallets/', signal()))).status).to.equal(422);
    });
  });

  describe('PDF', () => {
    it('the generated invoice when there is one, straight from the list (no detail request)', async () => {
      const { polar, backend } = setup();
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      const url = await backend.invoicePdfUrl(items[2]!.id, signal());
      expect(url).to.match(/^https:\/\/polar-api\.test\/__files\/invoices\/.*X-Amz-Signature=/);
      expect(paths(polar).slice(1)).to.deep.equal([`/v1/customer-portal/orders/${items[2]!.id}/invoice`]);
    });

    it('else the receipt, polled while Polar renders it (fake clock)', async () => {
      const clock = new FakeClock();
      const { polar, backend } = setup({ receiptRenderPolls: 2 }, clock);
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      let url: string | null = null;
      const pending = backend.invoicePdfUrl(items[4]!.id, signal()).then((u) => (url = u));
      await flushMicrotasks();
      expect(url).to.equal(null);
      await clock.tick(1_000);
      expect(url).to.equal(null);
      await clock.tick(2_000);
      await pending;
      expect(url).to.match(/\/__files\/receipts\//);
      expect(paths(polar).filter((p) => p.endsWith('/receipt'))).to.have.length(3);
    });

    it('a receipt that never finishes rendering gives up with document_pending', async () => {
      const clock = new FakeClock();
      const { backend } = setup({ receiptRenderPolls: 99 }, clock);
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      const pending = rejection(backend.invoicePdfUrl(items[4]!.id, signal()));
      await clock.tick(7_000);
      expect((await pending).code).to.equal('document_pending');
    });

    it('no invoice and no receipt: 404 no_document without asking Polar for either', async () => {
      const { polar, backend } = setup();
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      const error = await rejection(backend.invoicePdfUrl(items[7]!.id, signal()));
      expect([error.status, error.code]).to.deep.equal([404, 'no_document']);
      expect(paths(polar)).to.have.length(1);
    });

    it('without the list, the order detail says which document exists', async () => {
      const { polar, backend } = setup();
      const id = polar.api.customer('polar-typical')?.orders[6]?.id as string;
      expect(await backend.invoicePdfUrl(id, signal())).to.match(/\/__files\/receipts\//);
      expect(paths(polar)).to.deep.equal([`/v1/customer-portal/orders/${id}`, `/v1/customer-portal/orders/${id}/receipt`]);
    });

    it('hostile document URLs (javascript:, data:) are refused as unsafe_url', async () => {
      const { backend } = setup({ customer: 'polar-hostile' });
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      expect((await rejection(backend.invoicePdfUrl(items[0]!.id, signal()))).code).to.equal('unsafe_url');
      expect((await rejection(backend.invoicePdfUrl(items[1]!.id, signal()))).code).to.equal('unsafe_url');
    });
  });

  describe('Usage', () => {
    it('per meter: consumed, credited, balance in units and the period\'s cost from the subscription', async () => {
      const { polar, backend } = setup();
      const usage = await backend.usageSummary(signal());
      const c = polar.api.customer('polar-typical');
      const meters = c?.meters as Array<{ meter_id: string; consumed_units: number; credited_units: number; balance: number; meter: { name: string } }>;
      expect(usage.features.map((f) => f.name).sort()).to.deep.equal(meters.map((m) => m.meter.name).sort());
      for (const m of meters) {
        const f = usage.features.find((x) => x.featureId === m.meter_id);
        expect(f?.usage).to.equal(String(m.consumed_units));
        expect(f?.credited).to.equal(String(m.credited_units));
        expect(f?.balance).to.equal(String(m.balance));
        expect(f?.limit).to.equal(null);
        expect(f?.currency).to.equal('USD');
      }
      const storage = usage.features.find((f) => f.name === 'Storage');
      expect([storage?.unitSingular, storage?.unitPlural]).to.deep.equal(['GB', 'GB']);
      expect(usage.features.find((f) => f.name === 'AI tokens')?.unitPlural).to.equal('tokens');
      const sub = c?.subscriptions[0] as { meters: Array<{ meter_id: string; amount: number }>; current_meter_period_end: string };
      expect(storage?.cost).to.equal(String(sub.meters.find((m) => m.meter_id === storage?.featureId)!.amount / 100));
      expect(usage.periodEnd?.toISOString().slice(0, 19)).to.equal(sub.current_meter_period_end.slice(0, 19));
    });

    it('a member session reads usage and subscriptions but gets NotPermitted on invoices and wallets', async () => {
      const { backend } = setup({ customer: 'polar-member' });
      expect((await backend.usageSummary(signal())).features.length).to.equal(2);
      expect((await backend.subscriptions({ offset: 0, limit: 100 }, signal())).items[0]?.currency).to.equal('EUR');
      for (const call of [backend.invoices({ offset: 0, limit: 100 }, signal()), backend.wallets(signal())]) {
        const error = await rejection(call);
        expect([error.status, error.code]).to.deep.equal([403, 'NotPermitted']);
      }
    });
  });

  describe('hostile input and faults', () => {
    it('hostile strings stay plain text in the view model', async () => {
      const { backend } = setup({ customer: 'polar-hostile' });
      expect((await backend.customer(signal())).name).to.equal(HOSTILE.html);
      const { items } = await backend.invoices({ offset: 0, limit: 100 }, signal());
      expect(items[0]?.number).to.equal(HOSTILE.rtl);
      const detail = await backend.invoice(items[0]!.id, signal());
      expect(detail.lineItems.every((l) => l.name.startsWith(HOSTILE.script))).to.equal(true);
      expect((await backend.subscriptions({ offset: 0, limit: 10 }, signal())).items[0]?.planName).to.equal(HOSTILE.script);
      expect((await backend.usageSummary(signal())).features[0]?.name).to.equal(HOSTILE.template);
    });

    it('schema violations reject with kind schema, and a failed memo is forgotten', async () => {
      const { polar, backend } = setup();
      polar.api.patchCustomer('polar-typical', (c) => {
        (c.wallets[0] as Record<string, unknown>).balance = '50.00';
      });
      const error = await rejection(backend.wallets(signal()));
      expect(error.kind).to.equal('schema');
      expect(error.message).to.include('wallets.items[0].balance');
      polar.api.patchCustomer('polar-typical', (c) => {
        (c.wallets[0] as Record<string, unknown>).balance = 5000;
      });
      expect((await backend.wallets(signal()))[0]?.balance).to.equal('50');
    });

    it('a truncated answer is a contained parse error; an aborted call rejects as aborted', async () => {
      const { polar, backend } = setup();
      polar.api.setFaults({ truncate: true, paths: ['/meters/'] });
      expect((await rejection(backend.usageSummary(signal()))).kind).to.equal('parse');
      polar.api.setFaults({});
      const controller = new AbortController();
      const pending = backend.invoices({ offset: 0, limit: 100 }, controller.signal);
      controller.abort();
      expect(isAbortError(await rejection(pending))).to.equal(true);
    });

    it('reading everything the element reads never reaches a mutating route', async () => {
      /** A read's outcome, taken at once (so a read that rejects while another is awaited is not an unhandled rejection). */
      type Outcome<T> = Promise<{ value: T } | { error: unknown }>;
      const outcome = <T>(read: Promise<T>): Outcome<T> => read.then((value) => ({ value }), (error: unknown) => ({ error }));
      const value = async <T>(what: string, read: Outcome<T>): Promise<T> => {
        const o = await read;
        if ('error' in o) throw new Error(`${what} rejected: ${String(o.error)}`);
        return o.value;
      };
      const refusal = async (what: string, read: Outcome<unknown>): Promise<ApiError> => {
        const o = await read;
        if (!('error' in o)) throw new Error(`${what} was expected to be refused`);
        expect(o.error, what).to.be.instanceOf(ApiError);
        return o.error as ApiError;
      };
      for (const customer of ['polar-typical', 'polar-hostile', 'polar-member']) {
        const { polar, backend } = setup({ customer }, new FakeClock());
        // A member session without a billing role is refused the billing routes (orders, wallets) with
        // Polar's 403 NotPermitted and reads the rest; an owner's session reads everything.
        const member = customer === 'polar-member';
        const reads: Array<[string, Outcome<unknown>, 'ok' | 'refused']> = [
          ['customer', outcome(backend.customer(signal())), 'ok'],
          ['wallets', outcome(backend.wallets(signal())), member ? 'refused' : 'ok'],
          ['subscriptions', outcome(backend.subscriptions({ offset: 0, limit: 100 }, signal())), 'ok'],
          ['usageSummary', outcome(backend.usageSummary(signal())), 'ok'],
        ];
        const invoicesRead = outcome(backend.invoices({ offset: 0, limit: 100 }, signal()));
        const pdfs: Array<[string, Outcome<string>]> = [];
        if (member) {
          const error = await refusal(`${customer} invoices`, invoicesRead);
          expect([error.status, error.code], `${customer} invoices`).to.deep.equal([403, 'NotPermitted']);
        } else {
          const invoices = await value(`${customer} invoices`, invoicesRead);
          expect(invoices.items.length, `${customer} has orders`).to.be.greaterThan(0);
          for (const invoice of invoices.items.slice(0, 4)) {
            reads.push([`invoice ${invoice.id}`, outcome(backend.invoice(invoice.id, signal())), 'ok']);
            pdfs.push([invoice.id, outcome(backend.invoicePdfUrl(invoice.id, signal()))]);
          }
        }
        for (const [name, read, expected] of reads) {
          if (expected === 'ok') await value(`${customer} ${name}`, read);
          else {
            const error = await refusal(`${customer} ${name}`, read);
            expect([error.status, error.code], `${customer} ${name}`).to.deep.equal([403, 'NotPermitted']);
          }
        }
        // A PDF is the order's document as the server holds it: none (404 no_document), a link that is not
        // safe to open (the hostile customer's: unsafe_url), or a link.
        const orders = polar.api.customer(customer)!.orders;
        for (const [id, read] of pdfs) {
          const order = orders.find((o) => o.id === id)! as Record<string, unknown> & { [DOCS]: OrderDocs };
          const docs = order[DOCS];
          expect(docs.receipt, `${customer} ${id}: a receipt still rendering would poll the fake clock`).not.to.equal('rendering');
          const link = order.is_invoice_generated ? (docs.invoiceUrl ?? 'served') : docs.receipt ? (docs.receiptUrl ?? 'served') : null;
          if (link === null) {
            const error = await refusal(`${customer} pdf ${id}`, read);
            expect([error.status, error.code], `${customer} pdf ${id}`).to.deep.equal([404, 'no_document']);
          } else if (link !== 'served') {
            expect((await refusal(`${customer} pdf ${id}`, read)).code, `${customer} pdf ${id}`).to.equal('unsafe_url');
          } else {
            expect(await value(`${customer} pdf ${id}`, read), `${customer} pdf ${id}`).to.match(/^https:\/\//);
          }
        }
        expect(polar.api.mutations).to.deep.equal([]);
        expect(polar.calls.every((c) => c.method === 'GET')).to.equal(true);
      }
    });
  });
});

describe('Polar adapter', () => {
  const context = (expiresAt: Date | null, apiBase: string) => ({ expiresAt, apiBase, signal: signal() });

  it('is the polar backend with api.polar.sh as default api-base', () => {
    expect(adapter.id).to.equal('polar');
    expect(adapter.defaultApiBase).to.equal('https://api.polar.sh');
  });

  it('readToken: a non-Polar token is malformed, with no request', async () => {
    const polar = polarFetch({ now: () => NOW });
    const restore = polar.install();
    try {
      for (const bad of ['', 'eyJhbGciOiJIUzI1NiJ9.e30.sig', 'polar_oat_abcdefghijklmnop', 'polar_cst_short', 'polar_cst_has space inside123']) {
        expect(await adapter.readToken(bad, context(null, polar.apiBase))).to.deep.equal({ ok: false, reason: 'malformed' });
      }
      expect(polar.calls).to.have.length(0);
    } finally {
      restore();
    }
  });

  it('readToken: expires-at given → that expiry, synchronously, no request', () => {
    const polar = polarFetch({ now: () => NOW });
    const at = new Date(polar.session.expires_at);
    const verdict = adapter.readToken(polar.token, context(at, polar.apiBase)) as TokenVerdict;
    expect(verdict).to.deep.equal({ ok: true, reading: { expiresAt: at, identity: null } });
    expect(polar.calls).to.have.length(0);
  });

  it('readToken: without expires-at → introspect (and customers/me for identity) in one wave', async () => {
    const polar = polarFetch({ now: () => NOW });
    const restore = polar.install();
    try {
      const verdict = await adapter.readToken(polar.token, context(null, polar.apiBase));
      expect(verdict).to.deep.equal({
        ok: true,
        reading: { expiresAt: new Date(polar.session.expires_at), identity: { customer: { polar_customer_id: polar.session.customer_id }, scope: {} } },
      });
      expect(paths(polar).sort()).to.deep.equal(['/v1/customer-portal/customer-session/introspect', '/v1/customer-portal/customers/me']);
    } finally {
      restore();
    }
  });

  it('readToken: an expired token is unauthorized; a failing introspection leaves expiry unknown', async () => {
    const expired = polarFetch({ now: () => NOW, expired: true });
    let restore = expired.install();
    try {
      expect(await adapter.readToken(expired.token, context(null, expired.apiBase))).to.deep.equal({ ok: false, reason: 'unauthorized' });
    } finally {
      restore();
    }
    const down = polarFetch({ now: () => NOW });
    down.api.setFaults({ status: 502 });
    restore = down.install();
    try {
      const verdict = await adapter.readToken(down.token, context(null, down.apiBase));
      expect(verdict).to.deep.equal({ ok: true, reading: { expiresAt: null, identity: null } });
    } finally {
      restore();
    }
  });

  it('createBackend: a PolarBackend over the session\'s token and api-base', async () => {
    const polar = polarFetch({ now: () => NOW });
    const restore = polar.install();
    try {
      const backend = adapter.createBackend({
        apiBase: polar.apiBase,
        getToken: () => polar.token,
        onUnauthorized: async () => null,
        now: () => NOW,
        client: { retry: false },
      });
      expect(backend).to.be.instanceOf(PolarBackend);
      expect((await backend!.customer(signal())).name).to.equal('Ada Lovelace');
      expect(polar.calls[0]?.url).to.equal(`${polar.apiBase}/v1/customer-portal/customers/me`);
    } finally {
      restore();
    }
  });
});
