/**
 * The tabs with a backend that lacks things (Polar), driven by capabilities:
 * what a customer sees in each tab, and which backend methods the tabs call.
 * The Polar adapter runs over its reference handler (test/helpers/polar-fetch.ts,
 * installed as `window.fetch` and restored after each test); the adapter
 * registered here wraps the real one and records every `PortalBackend` call,
 * so "never asked for usage over time" is asserted on the calls themselves.
 * States per tab (loading, empty, error, expired, loaded) with the element's
 * own checks are in polar-element.test.ts; this file holds the absences, the
 * Polar-only fields (money wallets, price per interval, meters), hostile
 * strings and the member session, each with an accessibility check.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { registerBackend } from '../../src/backends/registry.js';
import { adapter as polarAdapter } from '../../src/backends/polar/index.js';
import type { BackendAdapter } from '../../src/api/adapter.js';
import type { PortalBackend } from '../../src/api/backend.js';
import type { PortalErrorDetail } from '../../src/events.js';
import { polarFetch, type PolarFetch } from '../helpers/polar-fetch.js';
import { deepQuery, deepQueryAll, deepText, expectInertAfter, injectionFindings } from './hostile-support.js';
import type { Invoice } from '../../src/api/model.js';
import { createTranslate, registerEnglish } from '../../src/i18n/index.js';
import { invoices as invoiceStrings } from '../../src/i18n/en/invoices.js';
import { overview as overviewStrings } from '../../src/i18n/en/overview.js';
import { buildInvoicesCsv } from '../../src/sections/invoices/invoice-csv.js';
import { pricePerPeriod } from '../../src/sections/subscriptions/subscriptions-section.js';
import { NO_RETRIES, useTestHooks } from '../helpers/portal-hooks.js';

registerEnglish(invoiceStrings);
registerEnglish(overviewStrings);

/** Every `PortalBackend` method the element called, in order. */
const backendCalls: string[] = [];

/** The Polar adapter, with each backend method recorded before it runs. */
const spyingAdapter: BackendAdapter = {
  ...polarAdapter,
  createBackend(session) {
    const real = polarAdapter.createBackend(session);
    if (!real) return null;
    const record =
      <A extends unknown[], R>(name: string, method: (...args: A) => R) =>
      (...args: A): R => {
        backendCalls.push(name);
        return method.apply(real, args);
      };
    const spied: PortalBackend = {
      capabilities: real.capabilities,
      limits: real.limits,
      customer: record('customer', real.customer),
      config: record('config', real.config),
      wallets: record('wallets', real.wallets),
      wallet: record('wallet', real.wallet),
      walletTransactions: record('walletTransactions', real.walletTransactions),
      subscriptions: record('subscriptions', real.subscriptions),
      invoices: record('invoices', real.invoices),
      invoice: record('invoice', real.invoice),
      invoicePdfUrl: record('invoicePdfUrl', real.invoicePdfUrl),
      usageSummary: record('usageSummary', real.usageSummary),
      usageSeries: record('usageSeries', real.usageSeries),
    };
    return spied;
  },
};
registerBackend(spyingAdapter);

let polar: PolarFetch | null = null;
let restore: (() => void) | null = null;

const tabButton = (el: CustomerPortal, id: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`#tab-${id}`);
const tabEl = (el: CustomerPortal, tag: string) => el.shadowRoot!.querySelector<HTMLElement>(tag);
/** Rendered (a tab renders a task after it connects), and nothing in it loading. */
const settled = (node: HTMLElement) =>
  (node as HTMLElement & { hasUpdated?: boolean }).hasUpdated === true && !deepQuery(node, '[aria-busy="true"]') && !deepQuery(node, '[part~="state-loading"]');

async function mount(customer = 'polar-typical'): Promise<{ el: CustomerPortal; errors: PortalErrorDetail[] }> {
  polar = polarFetch({ customer });
  restore = polar.install();
  const errors: PortalErrorDetail[] = [];
  const el = await fixture<CustomerPortal>(
    html`<customer-portal
      backend="polar"
      api-base=${polar.apiBase}
      expires-at=${polar.session.expires_at}
      .token=${polar.token}
      @portal-error=${(e: CustomEvent<PortalErrorDetail>) => errors.push(e.detail)}
    ></customer-portal>`,
  );
  return { el, errors };
}

async function open(el: CustomerPortal, id: 'overview' | 'credits' | 'invoices' | 'usage'): Promise<HTMLElement> {
  await waitUntil(() => tabButton(el, id), `no ${id} tab`, { timeout: 5000 });
  tabButton(el, id)!.click();
  const tag = `cp-section-panel[data-tab="${id}"]`;
  await waitUntil(() => tabEl(el, tag) && settled(tabEl(el, tag)!), `${tag} never settled`, { timeout: 5000 });
  return tabEl(el, tag)!;
}

describe('tabs on a backend without usage history, transactions or due dates (Polar)', () => {
  useTestHooks(NO_RETRIES);
  beforeEach(() => {
    backendCalls.length = 0;
  });
  afterEach(() => {
    restore?.();
    restore = null;
    polar = null;
  });

  it('visiting every tab never asks for usage over time, transactions or a real-time balance', async () => {
    const { el, errors } = await mount();
    for (const id of ['overview', 'credits', 'invoices', 'usage', 'overview'] as const) await open(el, id);
    // The outlook (forecast, runway) and the chart stay silent too: nothing but what Polar has.
    expect(backendCalls.filter((c) => c === 'usageSeries' || c === 'walletTransactions' || c === 'wallet')).to.deep.equal([]);
    expect(backendCalls).to.include.members(['customer', 'wallets', 'subscriptions', 'invoices', 'usageSummary']);
    expect(errors).to.deep.equal([]);
  });

  it('Overview: the money wallet alone, price per interval, meters used of included and cost', async () => {
    const { el } = await mount();
    const overview = await open(el, 'overview');
    await waitUntil(() => deepText(overview).includes('Pro'), 'subscriptions never shown');
    const wallet = deepText(deepQuery(overview, '[part~="wallet-card"]')!);
    expect(wallet).to.contain('$50.00');
    expect(wallet).not.to.match(/credit|value/i);
    const subs = deepText(deepQuery(overview, '[part~="subscriptions-card"]')!);
    expect(subs).to.contain('$20.00 per month');
    expect(subs).to.contain('$9.00 per month');
    expect(subs).to.contain('5,614 used, 10,000 included');
    // Nothing credited: just what was used, and what it costs.
    expect(subs).to.contain('23.27 used');
    expect(subs).not.to.match(/\b0 included/);
    expect(subs).to.contain('$5.82');
    const trend = deepQuery(overview, '[part~="trend-card"]')!;
    expect(deepText(trend)).to.contain('no usage history');
    expect(trend.querySelectorAll('button, canvas')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('Credits: the balance with its update time, one line instead of the history (no table, export or pager)', async () => {
    const { el } = await mount();
    const credits = await open(el, 'credits');
    const text = deepText(credits);
    expect(text).to.contain('$50.00');
    expect(text).to.contain('no transaction history');
    expect(text).to.match(/Updated /);
    expect(text).not.to.contain('Last stored balance');
    expect(deepQuery(credits, 'table')).to.equal(null);
    expect(deepQuery(credits, '[part~="export-button"]')).to.equal(null);
    expect(deepQuery(credits, 'cp-pager')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('Invoices: no PDF button where there is no document, no due date in the detail, drafts/voids/refunds labelled', async () => {
    const { el } = await mount();
    const invoices = await open(el, 'invoices');
    await waitUntil(() => deepText(invoices).includes('ACME-0013'), 'orders never listed');
    const rows = [...deepQueryAll(invoices, 'tbody tr')];
    const row = (label: string) => rows.find((r) => deepText(r).includes(label))!;
    // ACME-0013 is pending with neither invoice nor receipt; ACME-0012 has its PDF.
    expect(deepText(row('ACME-0013'))).to.contain('No PDF');
    expect(row('ACME-0013').querySelector('.download button')).to.equal(null);
    expect(row('ACME-0012').querySelector('.download button')).not.to.equal(null);
    const text = deepText(invoices);
    for (const label of ['Draft', 'Voided', 'Refunded', 'Partially refunded']) expect(text).to.contain(label);
    row('ACME-0012').querySelector<HTMLButtonElement>('[data-open]')!.click();
    await waitUntil(() => deepQuery(invoices, 'dialog[open] .facts'), 'detail never opened', { timeout: 5000 });
    const facts = deepText(deepQuery(invoices, 'dialog[open] .facts')!);
    expect(facts).to.contain('Issued');
    expect(facts).not.to.contain('Due date');
    await expect(el).to.be.accessible();
  });

  it('Invoices: searching by number filters on the client, without asking the backend again', async () => {
    const { el } = await mount();
    const invoices = await open(el, 'invoices');
    await waitUntil(() => deepText(invoices).includes('ACME-0013'), 'orders never listed');
    const asked = backendCalls.filter((c) => c === 'invoices').length;
    const input = deepQuery<HTMLInputElement>(invoices, 'input[type=search]')!;
    input.value = 'acme-0007';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => deepQueryAll(invoices, 'tbody tr').length === 1, 'search never narrowed the list');
    expect(deepText(deepQuery(invoices, 'tbody')!)).to.contain('ACME-0007');
    expect(backendCalls.filter((c) => c === 'invoices').length).to.equal(asked);
  });

  it('Usage: one line instead of the chart and ranges; meters with included, left, over and cost', async () => {
    const { el } = await mount();
    const usage = await open(el, 'usage');
    const text = deepText(usage);
    expect(text).to.contain('no usage history');
    expect(deepQuery(usage, '.segmented')).to.equal(null);
    expect(deepQuery(usage, 'cp-usage-chart')).to.equal(null);
    expect(deepQuery(usage, '[part~="breakdown-card"]')).to.equal(null);
    expect(text).not.to.contain('Unlimited');
    const quota = (name: string) => deepText([...deepQueryAll(usage, '.quota')].find((q) => q.querySelector('.quota-name')?.textContent === name)!);
    expect(quota('API calls')).to.contain('10,000 included');
    expect(quota('API calls')).to.contain('4,386 left');
    expect(quota('API calls')).to.contain('Cost so far: $0.00');
    // Storage has nothing credited: pay as you go, not "over a limit".
    expect(quota('Storage')).not.to.match(/included|left|Over limit/);
    expect(quota('Storage')).to.contain('Cost so far: $5.82');
    await expect(el).to.be.accessible();
  });

  it('member session: billing sections say why without a retry, subscriptions and usage work', async () => {
    const { el, errors } = await mount('polar-member');
    const overview = await open(el, 'overview');
    const wallet = deepQuery(overview, '[part~="wallet-card"]')!;
    expect(deepText(wallet)).to.contain('403');
    expect(deepQuery(wallet, '[part~="retry-button"]')).to.equal(null);
    expect(deepText(deepQuery(overview, '[part~="subscriptions-card"]')!)).to.contain('Team');
    await expect(el).to.be.accessible();
    const invoices = await open(el, 'invoices');
    expect(deepText(invoices)).to.contain('Only owners and billing managers');
    expect(deepQuery(invoices, '[part~="retry-button"]')).to.equal(null);
    const usage = await open(el, 'usage');
    expect(deepText(usage)).to.contain('Current usage');
    expect(deepQuery(usage, '[part~="state-error"]')).to.equal(null);
    await expect(el).to.be.accessible();
    expect(errors.some((e) => e.section === 'session')).to.equal(false);
    expect(errors.filter((e) => e.status === 403).every((e) => e.code === 'NotPermitted')).to.equal(true);
  });

  it('hostile strings from Polar stay text: nothing injected, nothing run, in any tab', () =>
    expectInertAfter(async () => {
      const { el } = await mount('polar-hostile');
      for (const id of ['overview', 'credits', 'invoices', 'usage'] as const) {
        const tab = await open(el, id);
        expect(injectionFindings(tab), id).to.deep.equal([]);
      }
      // The customer's name (an <img onerror> payload) is shown as text.
      expect(deepText(el.shadowRoot!)).to.contain('<img src=x onerror=alert(1)>');
      return el;
    }));

  it('a zero-decimal currency (JPY) reads in whole yen', async () => {
    const { el } = await mount('polar-jpy');
    const overview = await open(el, 'overview');
    await waitUntil(() => /￥|¥/.test(deepText(overview)), 'no yen amount', { timeout: 5000 });
    expect(deepText(overview)).not.to.match(/[￥¥][\d,]+\.\d/);
    await expect(el).to.be.accessible();
  });
});

describe('what a backend without due dates or with billing intervals reads as', () => {
  const t = createTranslate();
  it('pricePerPeriod: per interval, every N intervals, Flexprice and Polar spellings, the amount alone otherwise', () => {
    expect(pricePerPeriod('20', 'USD', 'month', 'en-US', t)).to.equal('$20.00 per month');
    expect(pricePerPeriod('20', 'USD', 'monthly', 'en-US', t)).to.equal('$20.00 per month');
    expect(pricePerPeriod('60', 'USD', '3 months', 'en-US', t)).to.equal('$60.00 every 3 months');
    expect(pricePerPeriod('100', 'USD', 'annual', 'en-US', t)).to.equal('$100.00 per year');
    expect(pricePerPeriod('1500', 'JPY', 'week', 'en-US', t)).to.equal('¥1,500 per week');
    expect(pricePerPeriod('5', 'USD', '', 'en-US', t)).to.equal('$5.00');
    expect(pricePerPeriod('5', 'USD', 'fortnight', 'en-US', t)).to.equal('$5.00');
  });

  it('buildInvoicesCsv: no due-date column where invoices have no due dates', () => {
    const inv: Invoice = {
      id: 'o1',
      number: 'ACME-1',
      status: 'paid',
      currency: 'USD',
      total: '10',
      amountDue: '10',
      amountPaid: '10',
      amountRemaining: '0',
      date: new Date('2026-03-01T12:00:00Z'),
      dueDate: null,
      periodStart: null,
      periodEnd: null,
    };
    const withDue = buildInvoicesCsv([inv], { timeZone: 'UTC', t }).split('\r\n');
    const withoutDue = buildInvoicesCsv([inv], { timeZone: 'UTC', t, dueDates: false }).split('\r\n');
    expect(withDue[0]).to.contain('Due date');
    expect(withoutDue[0]).not.to.contain('Due date');
    expect(withoutDue[0]!.split(',')).to.have.length(withDue[0]!.split(',').length - 1);
    expect(withoutDue[1]).to.equal('ACME-1,2026-03-01,Paid,10,USD,10,10,0');
  });
});
