/// <reference types="mocha" />
import { fakeBackend } from '../../api/testing/fake-backend.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { stubWindowOpen as recordWindowOpen } from '../../../test/helpers/browser-stubs.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { portalFetchStub } from '../../../test/helpers/portal-fetch.js';
import type { PortalBackend } from '../../api/backend.js';
import type { Invoice, InvoiceDetail } from '../../api/model.js';
import { type InvoiceDownloadEvent, SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { defineOnce } from '../../ui/portal-element.js';
import { InvoicesSection } from './invoices-section.js';
import { type TestPortalEnv, flexpriceBackend, testEnv } from '../../../test/helpers/test-env.js';

defineOnce('cp-invoices-section', InvoicesSection);

type Stub = Awaited<ReturnType<typeof portalFetchStub>>;

interface Logged {
  url: string;
  body: unknown;
  done: boolean;
}

/** Per-test fetch edge: the reference server stub, plus optional per-URL overrides and a request log. */
let stub: Stub | null = null;
let restoreWrap: (() => void) | null = null;
let overrides: { match: RegExp; respond: (url: string, init?: RequestInit) => Response | Promise<Response>; times?: number }[] = [];
let log: Logged[] = [];
let inFlight = 0;
let peakInvoiceRequests = 0;
const restores: (() => void)[] = [];

async function serve(customer: string): Promise<Stub> {
  stub = await portalFetchStub({ customer });
  const inner = window.fetch;
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const entry: Logged = { url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null, done: false };
    log.push(entry);
    const listing = /\/customer\/portal\/invoices$/.test(new URL(url).pathname);
    if (listing) peakInvoiceRequests = Math.max(peakInvoiceRequests, ++inFlight);
    try {
      const override = overrides.find((o) => o.match.test(url) && (o.times === undefined || o.times > 0));
      if (override) {
        if (override.times !== undefined) override.times--;
        return await override.respond(url, init);
      }
      return await inner(input, init);
    } finally {
      if (listing) inFlight--;
      entry.done = true;
    }
  };
  window.fetch = wrapped;
  restoreWrap = () => {
    if (window.fetch === wrapped) window.fetch = inner;
  };
  return stub;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const invoiceListings = () => log.filter((e) => /\/customer\/portal\/invoices$/.test(new URL(e.url).pathname));

async function mount(backend: PortalBackend | null, over: Parameters<typeof testEnv>[1] = {}) {
  const env = testEnv(backend, over);
  const host = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}><cp-invoices-section></cp-invoices-section></test-portal-env>`);
  const tab = host.querySelector<InvoicesSection>('cp-invoices-section')!;
  return { host, tab, env };
}

const root = (tab: InvoicesSection) => tab.shadowRoot!;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (tab: InvoicesSection) => [...root(tab).querySelectorAll<HTMLTableRowElement>('tbody tr')].filter((r) => !r.closest('dialog'));
/** The detail dialog: in its own element (`cp-invoice-detail`), beside the list. */
const dialogOf = (tab: InvoicesSection) => root(tab).querySelector('cp-invoice-detail')!.shadowRoot!.querySelector('dialog')!;
const detailShown = async (tab: InvoicesSection) => {
  await tab.updateComplete;
  await root(tab).querySelector('cp-invoice-detail')!.updateComplete;
  return dialogOf(tab);
};
const cell = (row: HTMLTableRowElement, i: number) => text(row.cells[i]);
const searchBox = (tab: InvoicesSection) => root(tab).querySelector<HTMLInputElement>('input[type=search]')!;
const progress = (tab: InvoicesSection) => text(root(tab).querySelector('.meta [role=status]:not(.match-count)'));
const matchCount = (tab: InvoicesSection) => text(root(tab).querySelector('.match-count'));
const buttonByLabel = (tab: InvoicesSection, label: string) =>
  [...root(tab).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === label);
const buttonByText = (tab: InvoicesSection, label: string) =>
  [...root(tab).querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);

async function loaded(tab: InvoicesSection) {
  await waitUntil(() => rows(tab).length > 0 || root(tab).querySelector('.state.empty, .state.error'), 'list never rendered', {
    timeout: 8000,
  });
  await tab.updateComplete;
}

async function type(tab: InvoicesSection, value: string) {
  searchBox(tab).focus();
  searchBox(tab).select();
  await sendKeys({ press: 'Backspace' });
  if (value) await sendKeys({ type: value });
  await tab.updateComplete;
}

function stubWindowOpen() {
  const stub = recordWindowOpen();
  restores.push(() => stub.restore());
  return stub.calls;
}

afterEach(async () => {
  while (restores.length) restores.pop()!();
  restoreWrap?.();
  restoreWrap = null;
  stub?.restore();
  stub = null;
  overrides = [];
  log = [];
  inFlight = 0;
  peakInvoiceRequests = 0;
  await setViewport({ width: 1000, height: 800 });
});

describe('<cp-invoices-section>', () => {
  describe('loading and the first page', () => {
    it('shows an accessible loading state, then the invoices, and says it is ready', async () => {
      const s = await serve('cus-typical');
      // The first page waits at the server until the test has looked at the loading state.
      const gate = s.api.hold('/invoices');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      const ready = oneEvent(tab, SectionReadyEvent.eventName);
      await waitUntil(() => invoiceListings().length === 1, 'the first page was asked for');
      const status = root(tab).querySelector('[part~="state-loading"]');
      expect(status).to.exist;
      expect(status!.getAttribute('role')).to.equal('status');
      expect(text(status)).to.contain('Loading invoices');
      await expect(tab).to.be.accessible();
      gate.release();
      const event = (await ready) as unknown as SectionReadyEvent;
      expect(event.section).to.equal('invoices');
      expect(rows(tab).length).to.be.greaterThan(0);
      const headers = [...root(tab).querySelectorAll('thead th')].map(text);
      expect(headers).to.deep.equal(['Date', 'Invoice number', 'Status', 'Amount', 'Download']);
      await expect(tab).to.be.accessible();
    });

    it('lists newest first and shows "—" for an invoice without a number', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      const dates = rows(tab).map((r) => Date.parse(cell(r, 0)));
      for (let i = 1; i < dates.length; i++) expect(dates[i]).to.be.at.most(dates[i - 1]!);
      const numbers = rows(tab).map((r) => cell(r, 1));
      expect(numbers).to.include('—');
      expect(numbers.join(' ')).not.to.contain('null');
      const draft = rows(tab).find((r) => cell(r, 1) === '—')!;
      expect(cell(draft, 2)).to.contain('Draft');
    });
  });

  describe('status badges', () => {
    it('shows each of the seven statuses in words, with a glyph and a tone', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      const expected = { Paid: 'success', Refunded: 'info', 'Partially refunded': 'info', Voided: 'neutral', Draft: 'neutral', Overdue: 'danger', Pending: 'warning' };
      for (const [word, tone] of Object.entries(expected)) {
        await type(tab, word.toLowerCase());
        const badges = rows(tab).map((r) => r.querySelector('.badge')!);
        expect(badges.length, word).to.be.greaterThan(0);
        const exact = badges.filter((b) => text(b.querySelector('.label')) === word);
        expect(exact.length, `a row reads "${word}"`).to.be.greaterThan(0);
        for (const badge of exact) {
          expect(badge.classList.contains(tone), `${word} is ${tone}`).to.equal(true);
          expect(badge.querySelector('.glyph')!.getAttribute('aria-hidden')).to.equal('true');
        }
      }
      await expect(tab).to.be.accessible();
    });
  });

  describe('2,000 invoices', () => {
    it('renders the first page after one request, loads the rest three at a time, and searches all of them', async function () {
      this.timeout(30000);
      const s = await serve('cus-many-invoices');
      // The first page is answered at once; every later page waits until the test releases them, so the
      // first page is on screen with the rest still loading for as long as the test looks.
      let releaseRest = () => {};
      const rest = new Promise<void>((resolve) => (releaseRest = resolve));
      let listings = 0;
      overrides.push({
        match: /\/customer\/portal\/invoices$/,
        respond: async (url, init) => {
          listings += 1;
          if (listings > 1) await rest;
          return s.fetch(url, init);
        },
      });
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      let doneAtReady = -1;
      let startedAtReady = -1;
      tab.addEventListener(SectionReadyEvent.eventName, () => {
        doneAtReady = invoiceListings().filter((e) => e.done).length;
        startedAtReady = invoiceListings().length;
      });
      await waitUntil(() => rows(tab).length > 0, 'first page', { timeout: 8000 });
      // The first page is on screen once the first (and only the first) answer arrived.
      expect(doneAtReady).to.equal(1);
      expect(invoiceListings()[0]!.body).to.deep.equal({ page: 1, limit: 100 });
      expect(startedAtReady).to.be.at.most(4);
      expect(rows(tab).length).to.equal(25);
      await waitUntil(() => /^Loaded [\d,]+ of 2,000 invoices/.test(progress(tab)), 'progress shown');
      expect(progress(tab)).to.match(/^Loaded 100 of 2,000 invoices/);
      expect(root(tab).querySelector('.meta [role=status] progress')).to.exist;
      // Three pages at a time: three wait at the server now.
      await waitUntil(() => inFlight === 3, 'three pages in flight');
      await expect(tab).to.be.accessible();
      releaseRest();

      // The oldest invoice lives on the server's last page.
      const res = await s.fetch(`${s.apiBase}/customer/portal/invoices`, {
        method: 'POST',
        headers: { 'X-Session-Token': s.token, 'content-type': 'application/json' },
        body: JSON.stringify({ page: 20, limit: 100 }),
      });
      const lastPage = (await res.json()) as { items: { invoice_number: string | null }[] };
      const oldest = lastPage.items.at(-1)!.invoice_number!;
      expect(oldest).to.be.a('string');

      await waitUntil(() => progress(tab) === 'Loaded 2,000 of 2,000 invoices', 'all loaded', { timeout: 20000 });
      expect(invoiceListings().length).to.equal(20);
      expect(peakInvoiceRequests).to.be.at.most(3);
      const pages = new Set(invoiceListings().map((e) => (e.body as { page: number }).page));
      expect(pages.size).to.equal(20);

      const pager = root(tab).querySelector('cp-pager')!;
      expect(text(pager.shadowRoot!.querySelector('[part~="range"]'))).to.match(/^1–25 of 2,000/);

      // (How fast a keystroke updates the rows is measured by `npm run bench`, not asserted here.)
      await type(tab, oldest);
      expect(rows(tab).length).to.equal(1);
      expect(cell(rows(tab)[0]!, 1)).to.equal(oldest);
      expect(matchCount(tab)).to.equal('1 invoice matches');
      await expect(tab).to.be.accessible();
    });

    it('filters on every keystroke in the same update (no debounce) and pages the matches 25 at a time', async function () {
      this.timeout(30000);
      const s = await serve('cus-many-invoices');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await waitUntil(() => progress(tab) === 'Loaded 2,000 of 2,000 invoices', 'all loaded', { timeout: 20000 });
      const input = searchBox(tab);
      // Each keystroke's matches are on screen after the one update it causes: no debounce timer,
      // no idle callback. (Its time to the next frame is measured by `npm run bench`.)
      const counts: string[] = [];
      for (const value of ['', 'p', 'pa', 'pai', 'paid']) {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await tab.updateComplete;
        counts.push(value === '' ? 'all' : matchCount(tab));
      }
      expect(counts[0]).to.equal('all');
      for (const count of counts.slice(1)) expect(count).to.match(/^[\d,]+ invoices? match(es)?$/);
      expect(rows(tab).length).to.equal(25);
      for (const r of rows(tab)) expect(text(r.querySelector('.badge .label'))).to.equal('Paid');
      expect(matchCount(tab)).to.match(/^[\d,]+ invoices match$/);
      const pager = root(tab).querySelector('cp-pager')!;
      const firstNumber = cell(rows(tab)[0]!, 1);
      pager.shadowRoot!.querySelector<HTMLButtonElement>('button[data-to="next"]')!.click();
      await tab.updateComplete;
      expect(cell(rows(tab)[0]!, 1)).not.to.equal(firstNumber);
      expect(text(pager.shadowRoot!.querySelector('[part~="range"]'))).to.match(/^26–50 of /);
    });
  });

  describe('search', () => {
    it('finds by number, date, amount and status, and offers "Clear search" when nothing matches', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      const all = rows(tab).length;
      const sample = rows(tab).find((r) => cell(r, 1) !== '—')!;
      const [date, number, , amount] = [cell(sample, 0), cell(sample, 1), '', cell(sample, 3)];
      expect(searchBox(tab).getAttribute('placeholder')).to.equal('Search invoices…');
      expect(text(root(tab).querySelector('label[for="invoice-search"]'))).to.equal('Search invoices');

      await type(tab, number.toLowerCase());
      expect(rows(tab).map((r) => cell(r, 1))).to.deep.equal([number]);
      await type(tab, date);
      expect(rows(tab).every((r) => cell(r, 0) === date)).to.equal(true);
      await type(tab, amount);
      expect(rows(tab).length).to.be.greaterThan(0);
      expect(rows(tab).every((r) => cell(r, 3) === amount)).to.equal(true);
      await type(tab, amount.replace(/[^\d.]/g, ''));
      expect(rows(tab).length).to.be.greaterThan(0);

      await type(tab, 'no such invoice zzz');
      expect(rows(tab).length).to.equal(0);
      expect(matchCount(tab)).to.equal('0 invoices match');
      const empty = root(tab).querySelector('.state.empty')!;
      expect(text(empty)).to.contain('No invoices match “no such invoice zzz”');
      await expect(tab).to.be.accessible();
      buttonByText(tab, 'Clear search')!.click();
      await tab.updateComplete;
      expect(rows(tab).length).to.equal(all);
      expect(searchBox(tab).value).to.equal('');
      expect(matchCount(tab)).to.equal('');
    });
  });

  describe('PDF download', () => {
    it('fires invoice-download with id and number, then opens the https URL in a new tab', async () => {
      const s = await serve('cus-typical');
      const calls = stubWindowOpen();
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      const row = rows(tab).find((r) => /^INV-/.test(cell(r, 1)))!;
      const number = cell(row, 1);
      overrides.push({ match: /\/pdf$/, respond: () => json(200, { presigned_url: 'https://files.example.com/inv.pdf?sig=1' }) });
      const button = buttonByLabel(tab, `Download invoice ${number} PDF`)!;
      expect(button).to.exist;
      let openCallsAtEvent = -1;
      const fired = new Promise<InvoiceDownloadEvent>((resolve) =>
        document.addEventListener(
          'invoice-download',
          (e) => {
            openCallsAtEvent = calls.length;
            resolve(e as InvoiceDownloadEvent);
          },
          { once: true },
        ),
      );
      button.click();
      await tab.updateComplete;
      const event = await fired;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.invoiceNumber).to.equal(number);
      expect(event.detail.invoiceId).to.match(/^inv_/);
      expect(log.some((e) => e.url.endsWith(`/invoices/${event.detail.invoiceId}/pdf`))).to.equal(true);
      expect(openCallsAtEvent).to.equal(0);
      await waitUntil(() => calls.length === 1);
      expect(calls[0]).to.deep.equal(['https://files.example.com/inv.pdf?sig=1', '_blank', 'noopener,noreferrer']);
      await tab.updateComplete;
      expect(row.querySelector('[role=alert]')).to.equal(null);
    });

    it('refuses an unsafe javascript: URL with an error in the row, and opens nothing', async () => {
      const s = await serve('cus-typical');
      const calls = stubWindowOpen();
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      let events = 0;
      tab.addEventListener('invoice-download', () => events++);
      overrides.push({ match: /\/pdf$/, respond: () => json(200, { presigned_url: 'javascript:alert(document.domain)' }) });
      const row = rows(tab)[1]!;
      row.querySelector<HTMLButtonElement>('.download button')!.click();
      await waitUntil(() => row.querySelector('[role=alert]'), 'row error');
      expect(text(row.querySelector('[role=alert]'))).to.contain('not a safe address');
      expect(calls.length).to.equal(0);
      expect(events).to.equal(0);
      // Other rows are untouched.
      expect(rows(tab)[0]!.querySelector('[role=alert]')).to.equal(null);
      await expect(tab).to.be.accessible();
    });

    it('shows a server failure in the row with a retry that works', async () => {
      const s = await serve('cus-typical');
      const calls = stubWindowOpen();
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      overrides.push({
        match: /\/pdf$/,
        times: 1,
        respond: () => json(500, { success: false, error: { message: 's3 is not enabled', internal_error: 'x' } }),
      });
      overrides.push({ match: /\/pdf$/, respond: () => json(200, { presigned_url: 'https://files.example.com/ok.pdf' }) });
      const row = rows(tab)[0]!;
      const number = cell(row, 1);
      row.querySelector<HTMLButtonElement>('.download button')!.click();
      await tab.updateComplete;
      expect(text(row.querySelector('.download button'))).to.contain('Preparing');
      await waitUntil(() => row.querySelector('[role=alert]'), 'row error');
      expect(text(row.querySelector('[role=alert]'))).to.contain('The PDF could not be opened.');
      expect(calls.length).to.equal(0);
      await expect(tab).to.be.accessible();
      const retry = row.querySelector<HTMLButtonElement>('.download button')!;
      if (number !== '—') expect(retry.getAttribute('aria-label')).to.equal(`Try again to download invoice ${number} PDF`);
      retry.click();
      await waitUntil(() => calls.length === 1, 'opened after retry');
      expect(calls[0]![0]).to.equal('https://files.example.com/ok.pdf');
      await tab.updateComplete;
      expect(row.querySelector('[role=alert]')).to.equal(null);
    });
  });

  describe('CSV export', () => {
    it('saves the filtered list as invoices-<date>.csv with exact amounts', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token), { now: () => new Date('2026-03-04T12:00:00Z') });
      await loaded(tab);
      let blob: Blob | null = null;
      let saved: { name: string; href: string } | null = null;
      const createObjectURL = URL.createObjectURL;
      const click = HTMLAnchorElement.prototype.click;
      URL.createObjectURL = (b: Blob | MediaSource) => {
        blob = b as Blob;
        return createObjectURL.call(URL, b);
      };
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        saved = { name: this.download, href: this.href };
      };
      restores.push(() => {
        URL.createObjectURL = createObjectURL;
        HTMLAnchorElement.prototype.click = click;
      });

      await type(tab, 'paid');
      const shown = rows(tab).filter((r) => text(r.querySelector('.badge .label')) === 'Paid').length;
      const total = rows(tab).length;
      const exportButton = root(tab).querySelector<HTMLButtonElement>('[part~="export-button"]')!;
      const described = root(tab).getElementById(exportButton.getAttribute('aria-describedby')!);
      expect(text(described)).to.equal(`${total} listed invoices`);
      exportButton.click();
      expect(saved).to.not.equal(null);
      expect(saved!.name).to.equal('invoices-2026-03-04.csv');
      const csv = (await blob!.text()).replace(/^\ufeff/, '');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).to.equal('Invoice number,Date,Due date,Status,Total,Currency,Amount due,Amount paid,Amount remaining');
      expect(lines.length).to.equal(total + 1);
      expect(lines.slice(1).filter((l) => l.split(',')[3] === 'Paid').length).to.equal(shown);
      const first = rows(tab)[0]!;
      const fields = lines[1]!.split(',');
      expect(fields[0]).to.equal(cell(first, 1) === '—' ? '' : cell(first, 1));
      expect(fields[5]).to.equal('USD');
      // The amount cell is the exact decimal of the shown amount.
      expect(`$${Number(fields[4]).toLocaleString('en-US', { minimumFractionDigits: 2 })}`).to.equal(cell(first, 3));
      for (const line of lines.slice(1)) expect(line.split(',')[4]).to.match(/^-?\d+(\.\d+)?$/);
    });
  });

  describe('money', () => {
    it('shows JPY without minor units', async () => {
      const s = await serve('cus-tokyo');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token), { locale: 'en-US', timeZone: 'Asia/Tokyo' });
      await loaded(tab);
      for (const r of rows(tab)) expect(cell(r, 3)).to.match(/^¥[\d,]+$/);
    });

    it('keeps KWD to three decimals and exact, in the list and the detail', async () => {
      const inv: Invoice = {
        id: 'inv_kwd',
        number: 'KW-0001',
        status: 'pending',
        currency: 'KWD',
        total: '1234.567',
        amountDue: '1234.567',
        amountPaid: '0',
        amountRemaining: '1234.567',
        date: new Date('2026-02-01T00:00:00Z'),
        dueDate: new Date('2026-03-01T00:00:00Z'),
        periodStart: new Date('2026-01-01T00:00:00Z'),
        periodEnd: new Date('2026-02-01T00:00:00Z'),
      };
      const detail: InvoiceDetail = {
        ...inv,
        lineItems: [
          { id: 'li1', name: 'Platform fee', periodStart: inv.periodStart, periodEnd: inv.periodEnd, quantity: '1', amount: '1000.1', currency: 'KWD' },
          { id: 'li2', name: 'API calls', periodStart: inv.periodStart, periodEnd: inv.periodEnd, quantity: '123456.5', amount: '284.567', currency: 'KWD' },
        ],
        subtotal: '1284.667',
        totalDiscount: '50.1',
        totalTax: '0',
        prepaidCreditsApplied: '0',
        refundedAmount: '0',
      };
      // Data the reference server does not seed (e.g. KWD invoices): the in-memory backend fake.
      const backend = fakeBackend({ invoices: [inv], details: { [inv.id]: detail } });
      const { tab } = await mount(backend);
      await loaded(tab);
      expect(cell(rows(tab)[0]!, 3)).to.equal('KWD 1,234.567');
      root(tab).querySelector<HTMLButtonElement>('button[data-open="inv_kwd"]')!.click();
      const dialog = await detailShown(tab);
      await waitUntil(() => dialog.querySelector('.totals'), 'detail');
      const totals = totalsOf(dialog);
      expect(totals['Subtotal']).to.equal('KWD 1,284.667');
      expect(totals['Discounts']).to.match(/^[−-]KWD 50\.100$/);
      expect(totals['Total']).to.equal('KWD 1,234.567');
      expect(text(dialog.querySelector('tbody tr:nth-child(2) td:nth-child(3)'))).to.equal('123,456.5');
    });
  });

  describe('empty customer', () => {
    it('says "No invoices yet" and offers no export', async () => {
      const s = await serve('cus-empty');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      expect(text(root(tab).querySelector('.state.empty .title'))).to.equal('No invoices yet');
      expect(root(tab).querySelector('table')).to.equal(null);
      expect(root(tab).querySelector<HTMLButtonElement>('[part~="export-button"]')!.disabled).to.equal(true);
      expect(root(tab).querySelector('cp-pager')).to.equal(null);
      await expect(tab).to.be.accessible();
    });
  });

  describe('errors', () => {
    it('shows an error with retry, reports it, and recovers', async () => {
      const s = await serve('cus-typical');
      overrides.push({
        match: /\/customer\/portal\/invoices$/,
        times: 1,
        respond: () => json(500, { success: false, error: { message: 'database unavailable' } }),
      });
      const errors: SectionErrorEvent[] = [];
      const onError = (e: Event) => errors.push(e as SectionErrorEvent);
      document.addEventListener(SectionErrorEvent.eventName, onError);
      restores.push(() => document.removeEventListener(SectionErrorEvent.eventName, onError));
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await waitUntil(() => root(tab).querySelector('[part~="state-error"]'), 'error state');
      const state = root(tab).querySelector('[part~="state-error"]')!;
      expect(state.getAttribute('role')).to.equal('alert');
      expect(text(state)).to.contain('Invoices could not be loaded');
      expect(text(state)).to.contain('500');
      expect(errors.length).to.equal(1);
      expect(errors[0]!.section).to.equal('invoices');
      await expect(tab).to.be.accessible();
      buttonByText(tab, 'Try again')!.click();
      await waitUntil(() => rows(tab).length > 0, 'rows after retry');
      expect(root(tab).querySelector('[part~="state-error"]')).to.equal(null);
    });

    it('keeps what loaded when a background page fails, and loads the rest on request', async function () {
      this.timeout(30000);
      const s = await serve('cus-many-invoices');
      let failed = false;
      const inner = window.fetch;
      window.fetch = async (input, init) => {
        const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { page?: number }) : null;
        if (!failed && body?.page === 7) {
          failed = true;
          return json(503, { error: { message: 'try later', code: 'unavailable' } });
        }
        return inner(input, init);
      };
      restores.push(() => (window.fetch = inner));
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await waitUntil(() => /could not be loaded/.test(progress(tab)), 'partial failure shown', { timeout: 20000 });
      expect(rows(tab).length).to.equal(25);
      await expect(tab).to.be.accessible();
      buttonByText(tab, 'Load the rest')!.click();
      await waitUntil(() => progress(tab) === 'Loaded 2,000 of 2,000 invoices', 'all loaded', { timeout: 20000 });
    });
  });

  describe('detail dialog', () => {
    it('opens a labelled modal with line items and totals, closes on Escape and returns focus', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      const row = rows(tab).find((r) => /^INV-/.test(cell(r, 1)))!;
      const number = cell(row, 1);
      const trigger = row.querySelector<HTMLButtonElement>('button[data-open]')!;
      expect(trigger.getAttribute('aria-haspopup')).to.equal('dialog');
      trigger.focus();
      trigger.click();
      const dialog = await detailShown(tab);
      expect(dialog.open).to.equal(true);
      expect(dialog.matches(':modal')).to.equal(true);
      const title = (dialog.getRootNode() as ShadowRoot).getElementById(dialog.getAttribute('aria-labelledby')!)!;
      expect(text(title)).to.equal(`Invoice ${number}`);
      await expect(tab).to.be.accessible();
      await waitUntil(() => dialog.querySelector('.totals'), 'detail loaded');
      const heads = [...dialog.querySelectorAll('thead th')].map(text);
      expect(heads).to.deep.equal(['Item', 'Period', 'Quantity', 'Amount']);
      const items = [...dialog.querySelectorAll('tbody tr')];
      expect(items.length).to.be.greaterThan(0);
      for (const item of items) {
        expect(text(item.children[0])).not.to.equal('');
        expect(text(item.children[1])).to.match(/\d{4}/);
        expect(text(item.children[3])).to.match(/\$/);
      }
      const totals = totalsOf(dialog);
      for (const key of ['Subtotal', 'Discounts', 'Taxes', 'Prepaid credits applied', 'Total', 'Amount due', 'Amount paid', 'Amount remaining'])
        expect(totals[key], key).to.match(/\$/);
      expect(totals['Total']).to.equal(cell(row, 3));
      expect(text(dialog.querySelector('.facts'))).to.contain('Due date');
      await expect(tab).to.be.accessible();

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'closed');
      await waitUntil(() => root(tab).activeElement === trigger, 'focus never returned to the row’s button');
    });

    it('shows a detail error with retry inside the dialog', async () => {
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      overrides.push({ match: /\/customer\/portal\/invoices\/[^/]+$/, times: 1, respond: () => json(500, { error: { message: 'boom' } }) });
      rows(tab)[0]!.querySelector<HTMLButtonElement>('button[data-open]')!.click();
      const dialog = await detailShown(tab);
      await waitUntil(() => dialog.querySelector('[part~="state-error"]'), 'detail error');
      expect(text(dialog.querySelector('[part~="state-error"]'))).to.contain('The invoice details could not be loaded');
      await expect(tab).to.be.accessible();
      [...dialog.querySelectorAll('button')].find((b) => text(b) === 'Try again')!.click();
      await waitUntil(() => dialog.querySelector('.totals'), 'detail after retry');
      dialog.querySelector<HTMLButtonElement>('button[aria-label="Close"]')!.click();
      await waitUntil(() => !dialog.open);
    });
  });

  describe('token replaced', () => {
    it('keeps search, page and open detail, and refetches with the new backend', async () => {
      const s = await serve('cus-typical');
      const { host, tab, env } = await mount(flexpriceBackend(s.apiBase, s.token));
      await loaded(tab);
      await type(tab, 'paid');
      const before = rows(tab).map((r) => cell(r, 1));
      rows(tab)[0]!.querySelector<HTMLButtonElement>('button[data-open]')!.click();
      const dialog = await detailShown(tab);
      await waitUntil(() => dialog.querySelector('.totals'));
      const requests = log.length;

      // Token expires: no backend. Data stays on screen, nothing is fetched.
      host.env = { ...env, backend: null };
      await host.updateComplete;
      await tab.updateComplete;
      expect(rows(tab).map((r) => cell(r, 1))).to.deep.equal(before);
      expect(log.length).to.equal(requests);
      expect(dialog.open).to.equal(true);

      // A new token: refetched, view state kept.
      host.env = { ...env, backend: flexpriceBackend(s.apiBase, s.token) };
      await waitUntil(() => log.length > requests + 1, 'refetched');
      // A new backend may be another customer's: the old list leaves the screen until the new one is in.
      await waitUntil(() => log.slice(requests).every((e) => e.done) && rows(tab).length === before.length, 'the new list on screen');
      await waitUntil(() => dialog.querySelector('.totals'));
      await tab.updateComplete;
      expect(searchBox(tab).value).to.equal('paid');
      expect(rows(tab).map((r) => cell(r, 1))).to.deep.equal(before);
      expect(dialog.open).to.equal(true);
      expect(log.slice(requests).some((e) => /\/customer\/portal\/invoices$/.test(e.url))).to.equal(true);
      expect(log.slice(requests).some((e) => /\/customer\/portal\/invoices\/[^/]+$/.test(e.url))).to.equal(true);
    });
  });

  describe('narrow widths', () => {
    it('stacks rows into cards below 560px', async () => {
      await setViewport({ width: 420, height: 800 });
      const s = await serve('cus-typical');
      const { tab } = await mount(flexpriceBackend(s.apiBase, s.token));
      await waitUntil(() => root(tab).querySelector('.cards li'), 'cards', { timeout: 8000 });
      expect(root(tab).querySelector('table')).to.equal(null);
      const card = root(tab).querySelector('.cards li')!;
      expect(card.querySelector('button[data-open]')).to.exist;
      expect(card.querySelector('.badge')).to.exist;
      expect(card.querySelector('.download button')).to.exist;
      await expect(tab).to.be.accessible();
    });
  });
});

function totalsOf(dialog: HTMLDialogElement): Record<string, string> {
  const out: Record<string, string> = {};
  const dts = [...dialog.querySelectorAll('.totals dt')];
  for (const dt of dts) out[text(dt)] = text(dt.nextElementSibling);
  return out;
}
