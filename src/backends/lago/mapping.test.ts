import { expect } from '@open-wc/testing';
import { lagoFetchStub, type LagoFetchStub } from '../../../test/helpers/lago-fetch.js';
import { ApiError } from '../../api/errors.js';
import * as documents from './documents.js';
import { centsToDecimal, lagoCollection, lagoDate, lagoInvoiceStatus, lagoTimeZone, mapCustomer, mapInvoice, mapInvoiceDetail, mapSubscription, mapWallet, safeFileUrl } from './mapping.js';
import { readLagoToken } from './token.js';

const NOW = new Date('2026-08-22T10:30:00Z');

describe('Lago adapter: token', () => {
  it('reads _rails.exp and the customer id from a Rails message (the contract’s example)', () => {
    const reading = readLagoToken(
      'eyJfcmFpbHMiOnsiZGF0YSI6IjFhMmIzYzRkLTAwMDAtNDAwMC04MDAwLTEyMzQ1Njc4OWFiYyIsImV4cCI6IjIwMjYtMDgtMjNUMDY6MDA6MDAuMDAwWiJ9fQ==--4ca68255506760dc668c8c6e2d498c977f8873ff',
    );
    expect(reading).to.deep.equal({ ok: true, expiresAt: new Date('2026-08-23T06:00:00.000Z'), customerId: '1a2b3c4d-0000-4000-8000-123456789abc' });
  });

  it('reads tokens the reference server mints (12 hours) and the legacy Marshal envelope', async () => {
    const stub = await lagoFetchStub({ now: () => NOW });
    stub.restore();
    const reading = readLagoToken(stub.token);
    expect(reading.ok && reading.expiresAt?.toISOString()).to.equal('2026-08-22T22:30:00.000Z');
    const legacy = `${btoa(JSON.stringify({ _rails: { message: 'BAhJIg==', exp: '2026-08-23T06:00:00.000Z', pur: null } }))}--${'a'.repeat(40)}`;
    expect(readLagoToken(legacy)).to.deep.equal({ ok: true, expiresAt: new Date('2026-08-23T06:00:00.000Z'), customerId: null });
  });

  it('refuses anything else without throwing', () => {
    const b64 = (v: unknown) => btoa(JSON.stringify(v));
    for (const bad of [
      '',
      'not-a-token',
      'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.sig',
      `${b64({ _rails: { data: 'x', exp: 'yesterday' } })}--${'a'.repeat(40)}`,
      `${b64({ _rails: { data: 'x', exp: 5 } })}--${'a'.repeat(40)}`,
      `${b64({ rails: {} })}--${'a'.repeat(40)}`,
      `${b64({ _rails: { data: 'x' } })}--nothex`,
      `@@@@--${'a'.repeat(40)}`,
      `${btoa('{not json')}--${'a'.repeat(40)}`,
    ]) {
      expect(readLagoToken(bad), bad).to.deep.equal({ ok: false });
    }
  });
});

describe('Lago adapter: encoding', () => {
  it('turns …Cents strings into exact decimals with Lago’s minor digits', () => {
    expect(centsToDecimal('12550', 'USD', 'x')).to.equal('125.5');
    expect(centsToDecimal('5', 'USD', 'x')).to.equal('0.05');
    expect(centsToDecimal('-1999', 'EUR', 'x')).to.equal('-19.99');
    expect(centsToDecimal('182000', 'JPY', 'x')).to.equal('182000');
    expect(centsToDecimal('1234', 'KWD', 'x')).to.equal('1.234');
    expect(centsToDecimal('123456789012345678901234567890', 'USD', 'x')).to.equal('1234567890123456789012345678.9');
    for (const bad of ['1.5', '', 'abc', null, undefined, 1.5, '1e3']) {
      expect(() => centsToDecimal(bad, 'USD', 'p')).to.throw(ApiError);
    }
  });

  it('reads dates without a time as that calendar day in every zone, and TimezoneEnum names', () => {
    expect(lagoDate('2026-08-22')?.toISOString()).to.equal('2026-08-22T12:00:00.000Z');
    expect(lagoDate('2026-08-22T10:11:12Z')?.toISOString()).to.equal('2026-08-22T10:11:12.000Z');
    expect(lagoDate('garbage')).to.equal(null);
    expect(lagoTimeZone('TZ_EUROPE_PARIS')).to.equal('Europe/Paris');
    expect(lagoTimeZone('TZ_AMERICA_NEW_YORK')).to.equal('America/New_York');
    expect(lagoTimeZone('TZ_UTC')).to.equal('UTC');
    expect(lagoTimeZone('TZ_NOWHERE')).to.equal(null);
    expect(lagoTimeZone(42)).to.equal(null);
  });

  it('invoice status: voided, draft, paid, overdue (flag or due date past), pending', () => {
    const s = (o: Record<string, unknown>) => lagoInvoiceStatus({ status: 'finalized', paymentStatus: 'pending', paymentDueDate: '2026-09-01', ...o }, NOW);
    expect(s({ status: 'voided', paymentStatus: 'succeeded' })).to.equal('voided');
    expect(s({ status: 'draft' })).to.equal('draft');
    expect(s({ paymentStatus: 'succeeded', paymentOverdue: true })).to.equal('paid');
    expect(s({ paymentOverdue: true })).to.equal('overdue');
    expect(s({ paymentDueDate: '2026-08-01' })).to.equal('overdue');
    expect(s({ paymentStatus: 'failed' })).to.equal('pending');
    expect(s({})).to.equal('pending');
  });

  it('only http(s) file URLs count as documents', () => {
    expect(safeFileUrl('https://lago.test/a.pdf')).to.equal('https://lago.test/a.pdf');
    expect(safeFileUrl('javascript:alert(1)')).to.equal(null);
    expect(safeFileUrl('data:application/pdf;base64,AAAA')).to.equal(null);
    expect(safeFileUrl(null)).to.equal(null);
  });
});

describe('Lago adapter: mapping the reference server’s answers through the proxy', () => {
  let stub: LagoFetchStub;
  afterEach(() => stub?.restore());

  async function query(document: string, variables: Record<string, unknown> = {}): Promise<unknown> {
    const res = await fetch(stub.apiBase, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'customer-portal-token': stub.token },
      body: JSON.stringify({ query: document, variables }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
    const json = (await res.json()) as { data: unknown; errors?: unknown };
    expect(json.errors).to.equal(undefined);
    return json.data;
  }

  it('every document the adapter sends passes the proxy and reaches Lago re-printed', async () => {
    stub = await lagoFetchStub({ now: () => NOW });
    const subs = lagoCollection(await query(documents.ACTIVE_SUBSCRIPTION_IDS_QUERY), 'customerPortalSubscriptions');
    const subId = (subs.items[0] as { id: string }).id;
    await query(documents.CUSTOMER_QUERY);
    await query(documents.WALLETS_QUERY, { page: 1, limit: 25 });
    await query(documents.SUBSCRIPTIONS_QUERY, { page: 1, limit: 25 });
    await query(documents.INVOICES_QUERY, { page: 1, limit: 25, searchTerm: null });
    await query(documents.INVOICE_DETAIL_QUERY, { searchTerm: 'x' });
    await query(documents.USAGE_QUERY, { subscriptionId: subId });
    await query(documents.BILLING_HISTORY_QUERY);
    expect(stub.upstream.length).to.equal(8);
    for (const call of stub.upstream) {
      expect(Object.keys(call.headers).sort()).to.deep.equal(['accept', 'content-type', 'customer-portal-token']);
    }
  });

  it('maps the typical customer: customer, wallet (ongoing balance), subscriptions, invoices, detail with fees', async () => {
    stub = await lagoFetchStub({ now: () => NOW });
    const customer = mapCustomer(await query(documents.CUSTOMER_QUERY));
    expect(customer).to.include({ name: 'Nimbus Analytics Inc.', email: 'billing@nimbus-analytics.example', timeZone: 'America/New_York' });
    const wallets = lagoCollection(await query(documents.WALLETS_QUERY, { page: 1, limit: 25 }), 'customerPortalWallets');
    const wallet = mapWallet(wallets.items[0], 'w');
    expect(wallet).to.include({ currency: 'USD', balance: '98.4', creditBalance: '98.4', conversionRate: '1', realTime: true, status: 'active' });
    const subs = lagoCollection(await query(documents.SUBSCRIPTIONS_QUERY, { page: 1, limit: 25 }), 'customerPortalSubscriptions');
    expect(subs.total).to.equal(1, 'active and pending only');
    expect(mapSubscription(subs.items[0], 's')).to.include({ planName: 'Pro', status: 'active', currency: 'USD', billingPeriod: 'monthly' });
    const invoices = lagoCollection(await query(documents.INVOICES_QUERY, { page: 1, limit: 100 }), 'customerPortalInvoices');
    expect(invoices.total).to.equal(12, 'the draft is not shown');
    const mapped = invoices.items.map((i, n) => mapInvoice(i, `i${n}`, NOW, 'USD'));
    expect(mapped.map((i) => i.status)).to.include.members(['pending', 'overdue', 'voided', 'paid']);
    expect(mapped.every((i) => i.hasDocument)).to.equal(true);
    const seeded = stub.api.customer('lago-typical')!.invoices.find((i) => i.id === mapped[0]!.id)!;
    expect(mapped[0]!.total).to.equal(centsToDecimal(seeded.totalAmountCents, 'USD', 'x'));
    const detailData = lagoCollection(await query(documents.INVOICE_DETAIL_QUERY, { searchTerm: mapped[0]!.id }), 'customerPortalInvoices');
    const detail = mapInvoiceDetail(detailData.items[0], 'd', NOW, 'USD');
    expect(detail.lineItems.map((l) => l.name)).to.deep.equal(['Pro', 'API calls', 'Storage (GB)', 'Active seats']);
    expect(detail.subtotal).to.equal(detail.total);
  });

  it('JPY amounts have no minor digits; hostile strings stay data; a javascript: fileUrl is no document', async () => {
    stub = await lagoFetchStub({ customer: 'lago-jpy', now: () => NOW });
    const wallets = lagoCollection(await query(documents.WALLETS_QUERY, { page: 1, limit: 25 }), 'customerPortalWallets');
    expect(mapWallet(wallets.items[0], 'w')).to.include({ currency: 'JPY', balance: '176540' });
    stub.restore();
    stub = await lagoFetchStub({ customer: 'lago-hostile', now: () => NOW });
    expect(mapCustomer(await query(documents.CUSTOMER_QUERY)).name).to.contain('<img src=x');
    const invoices = lagoCollection(await query(documents.INVOICES_QUERY, { page: 1, limit: 25 }), 'customerPortalInvoices');
    const mapped = invoices.items.map((i, n) => mapInvoice(i, `i${n}`, NOW, 'USD'));
    expect(mapped[0]!.hasDocument).to.equal(false);
    expect(mapped[0]!.number).to.match(/^javascript:alert/);
  });

  it('a malformed answer is an ApiError of kind schema, never a TypeError', () => {
    for (const bad of [null, {}, { customerPortalUser: 'x' }, { customerPortalUser: { id: 5 } }]) {
      expect(() => mapCustomer(bad)).to.throw(ApiError);
    }
    expect(() => mapWallet({ id: 'w', currency: 'usd', balanceCents: 1.5, rateAmount: 1, creditsBalance: 1 }, 'w')).to.throw(ApiError);
    expect(() => mapInvoice({ id: 'i', currency: 'USD', issuingDate: 'x', totalAmountCents: '1', totalDueAmountCents: '1' }, 'i', NOW, 'USD')).to.throw(ApiError);
  });
});
