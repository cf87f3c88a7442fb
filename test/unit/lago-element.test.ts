/**
 * <customer-portal backend="lago"> as a merchant page runs it: the element
 * POSTs to its proxy route (`api-base`), the package's own proxy forwards to
 * the reference Lago server (test/helpers/lago-fetch.ts). Every state, every
 * tab, accessibility, hostile strings, faults, expiry and token hygiene.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { lagoFetchStub, type LagoFetchStub } from '../helpers/lago-fetch.js';
import { deepElements, deepQuery, deepText, expectInertAfter, openTab, panelText, settled } from './hostile-support.js';
import { useTestHooks } from '../helpers/portal-hooks.js';
import { captureConsole, stubWindowOpen } from '../helpers/browser-stubs.js';
import { connect, recordEvents } from '../helpers/portal-mount.js';

let stub: LagoFetchStub;

/** A GraphQL request's body as the element sends it. */
interface Graphql {
  operationName?: string;
  variables?: Record<string, unknown>;
}

const tabLabels = (el: CustomerPortal) => [...el.shadowRoot!.querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
const part = (el: CustomerPortal, name: string) => deepElements(el).find((e) => e.matches(`[part~="${name}"]`)) ?? null;

async function mount(token: string | null, setup: (el: CustomerPortal) => void = () => {}) {
  const el = document.createElement('customer-portal');
  const events = recordEvents(el);
  el.backend = 'lago';
  el.apiBase = stub.apiBase;
  el.locale = 'en-US';
  el.timezone = 'UTC';
  if (token !== null) el.token = token;
  setup(el);
  await connect(el);
  return { el, events };
}

describe('<customer-portal backend="lago">', () => {
  useTestHooks();
  afterEach(() => {
    stub?.restore();
  });

  describe('loaded', () => {
    it('Overview: wallet (ongoing balance), subscription, overdue balance and invoiced per month; portal-ready; accessible', async () => {
      stub = await lagoFetchStub({ customer: 'lago-typical' });
      const { el, events } = await mount(stub.token);
      await settled(el);
      const text = panelText(el);
      expect(text).to.contain('$98.40');
      expect(text).to.contain('Pro');
      expect(text).to.contain('Invoiced per month');
      expect(text).to.match(/Overdue balance: \$\d/);
      expect(part(el, 'history-table')).to.exist;
      expect(part(el, 'trend-card'), 'no usage chart for Lago').to.equal(null);
      expect(deepElements(el).some((e) => e.localName === 'canvas')).to.equal(false);
      await waitUntil(() => events.ready === 1, 'portal-ready never fired');
      await expect(el).to.be.accessible();
    });

    it('Credits: the wallet, and a line saying there is no transaction history (no request for one)', async () => {
      stub = await lagoFetchStub({ customer: 'lago-many' });
      const { el } = await mount(stub.token);
      await settled(el);
      await openTab(el, 'Credits');
      const text = panelText(el);
      expect(text).to.contain('Transaction history');
      expect(text).to.contain('This billing system keeps no transaction history for wallets.');
      expect(part(el, 'pager')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('Invoices: Lago’s statuses, 120 invoices paged from the server, detail with fees, PDF by fileUrl', async () => {
      stub = await lagoFetchStub({ customer: 'lago-many' });
      const { el } = await mount(stub.token);
      await settled(el);
      await openTab(el, 'Invoices');
      const text = panelText(el);
      expect(text).to.contain('Pending');
      expect(text).to.contain('Paid');
      expect(text).to.contain('Voided');
      expect(text).to.match(/120/);
      await expect(el).to.be.accessible();
      const opened = stubWindowOpen();
      try {
        const pdf = deepElements(el).find((e) => e.matches('button') && /PDF|Download/i.test(e.textContent ?? '')) as HTMLButtonElement | undefined;
        expect(pdf, 'a PDF button').to.exist;
        pdf!.click();
        await waitUntil(() => opened.calls.length > 0 || deepElements(el).some((e) => e.matches('a[download], a[href*="active_storage"]')), 'the PDF never opened', { timeout: 5000 });
      } finally {
        opened.restore();
      }
    });

    it('Invoices search: a typed number is asked of Lago as searchTerm and found, though the list’s second page never arrived', async () => {
      stub = await lagoFetchStub({ customer: 'lago-many' });
      // The oldest invoice Lago lists: the last of 120, on the list's second page (100 a page).
      const listed = stub.api.customer('lago-many')!.invoices.filter((i) => i.status !== 'draft');
      const oldest = listed[listed.length - 1]!;
      // The list's later pages are held until aborted: whatever the search finds there, the client never had.
      const proxied = window.fetch;
      const heldPages: unknown[] = [];
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        const body = request.method === 'POST' ? (JSON.parse(await request.clone().text()) as Graphql) : null;
        if (body?.operationName === 'LagoPortalInvoices' && !body.variables?.searchTerm && Number(body.variables?.page) > 1) {
          heldPages.push(body.variables?.page);
          return new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
        }
        return proxied(input, init);
      };
      try {
        const { el } = await mount(stub.token);
        await settled(el);
        await openTab(el, 'Invoices');
        const tab = deepQuery(el, 'cp-invoices-section')!;
        const shownNumbers = () => [...tab.shadowRoot!.querySelectorAll('tbody tr')].map((r) => (r as HTMLTableRowElement).cells[1]!.textContent!.trim());
        expect(shownNumbers()).to.have.length(25);
        expect(panelText(el)).to.contain('Loaded 100 of 120 invoices');
        const box = tab.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
        expect(box.placeholder).to.equal('Search by invoice number…');

        box.focus();
        await sendKeys({ type: oldest.number });
        await waitUntil(() => shownNumbers().join() === oldest.number, `${oldest.number} never showed`);
        const invoiceQueries = stub.calls.map((c) => JSON.parse(c.body ?? '{}') as Graphql).filter((b) => b.operationName === 'LagoPortalInvoices');
        const searched = invoiceQueries.filter((q) => q.variables?.searchTerm);
        // One request once typing paused (more only if a keystroke came after a pause), the last for the whole number.
        expect(searched.at(-1)!.variables).to.deep.equal({ page: 1, limit: 25, searchTerm: oldest.number });
        for (const q of searched) expect(oldest.number.startsWith(String(q.variables!.searchTerm))).to.equal(true);
        // The whole list never arrived: Lago answered only its first page, the second is still held.
        expect(invoiceQueries.filter((q) => !q.variables?.searchTerm).map((q) => q.variables?.page)).to.deep.equal([1]);
        expect(heldPages).to.deep.equal([2]);
        expect(deepText(tab.shadowRoot!)).to.contain('1 invoice matches');
        await expect(el).to.be.accessible();
      } finally {
        window.fetch = proxied;
      }
    });

    it('Usage: the current period per metric with events and cost, no chart and no ranges', async () => {
      stub = await lagoFetchStub({ customer: 'lago-typical' });
      const { el } = await mount(stub.token);
      await settled(el);
      await openTab(el, 'Usage');
      const text = panelText(el);
      expect(text).to.contain('Current billing period');
      expect(text).to.contain('API calls');
      expect(text).to.contain('Storage (GB)');
      expect(text).to.contain('Events');
      expect(text).to.match(/Total cost[\s\S]*\$/);
      expect(deepElements(el).some((e) => e.localName === 'canvas' || e.localName === 'cp-usage-chart')).to.equal(false);
      expect(deepElements(el).some((e) => e.matches('[aria-label="Date range"], .segmented'))).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('JPY: whole yen, no minor digits', async () => {
      stub = await lagoFetchStub({ customer: 'lago-jpy' });
      const { el } = await mount(stub.token);
      await settled(el);
      expect(panelText(el)).to.contain('¥176,540');
    });
  });

  describe('empty', () => {
    it('no wallets (no Credits tab), no subscriptions, nothing invoiced; accessible', async () => {
      stub = await lagoFetchStub({ customer: 'lago-empty' });
      const { el } = await mount(stub.token);
      await settled(el);
      await waitUntil(() => tabLabels(el).length > 0);
      expect(tabLabels(el)).not.to.include('Credits');
      expect(panelText(el)).to.contain('Nothing invoiced yet.');
      await expect(el).to.be.accessible();
      await openTab(el, 'Usage');
      expect(panelText(el)).to.contain('No metered features on your plan.');
      await expect(el).to.be.accessible();
    });
  });

  describe('errors and faults', () => {
    it('Lago down (5xx, relayed 502 by the proxy): error states with retry and portal-error; recovers on retry', async () => {
      stub = await lagoFetchStub({ customer: 'lago-typical' });
      stub.api.setFaults({ status: 503 });
      const { el, events } = await mount(stub.token);
      await settled(el);
      await waitUntil(() => events.errors.length > 0, 'no portal-error');
      expect(events.errors.some((e) => e.status === 502 && e.code === 'upstream_error'), JSON.stringify(events.errors)).to.equal(true);
      const retry = deepElements(el).find((e) => e.matches('button') && /try again|retry/i.test(e.textContent ?? '')) as HTMLButtonElement;
      expect(retry).to.exist;
      await expect(el).to.be.accessible();
      stub.api.setFaults({});
      retry.click();
      await waitUntil(() => panelText(el).includes('$98.40'), 'never recovered', { timeout: 8000 });
    });

    it('a GraphQL error at HTTP 200, a truncated answer and a dropped connection are contained error states', async () => {
      for (const faults of [{ graphqlError: 'internal_error' }, { truncate: true }, { offline: true }]) {
        stub = await lagoFetchStub({ customer: 'lago-typical' });
        stub.api.setFaults(faults);
        const { el, events } = await mount(stub.token);
        await settled(el);
        await waitUntil(() => events.errors.length > 0, `no portal-error for ${JSON.stringify(faults)}`);
        expect(deepText(el.shadowRoot!)).to.match(/went wrong|could not|couldn’t|unexpected|reach/i);
        stub.restore();
        el.remove();
      }
    });
  });

  describe('expired', () => {
    it('an expired token (its _rails.exp passed): token-expired once, the expired state, no request leaves', async () => {
      stub = await lagoFetchStub({ customer: 'lago-typical', expired: true });
      const { el, events } = await mount(stub.token);
      await waitUntil(() => events.expired.length === 1, 'no token-expired');
      expect(events.expired[0]!.reason).to.equal('expired');
      await waitUntil(() => part(el, 'expired') !== null);
      expect(stub.calls.length).to.equal(0);
      await expect(el).to.be.accessible();
    });

    it('Lago’s GraphQL "unauthorized" (HTTP 200) is token-expired with reason unauthorized; a new token resumes', async () => {
      stub = await lagoFetchStub({ customer: 'lago-typical' });
      stub.api.setFaults({ expireAll: true });
      const { el, events } = await mount(stub.token);
      await waitUntil(() => events.expired.length === 1, 'no token-expired');
      expect(events.expired[0]!.reason).to.equal('unauthorized');
      await waitUntil(() => part(el, 'expired') !== null);
      await expect(el).to.be.accessible();
      stub.api.setFaults({});
      el.token = await stub.mint();
      await waitUntil(() => panelText(el).includes('$98.40'), 'never resumed', { timeout: 8000 });
    });

    it('a token that is not a Rails message is an Invalid session state; no default api-base is guessed', async () => {
      stub = await lagoFetchStub();
      const { el, events } = await mount('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.x');
      await waitUntil(() => part(el, 'error') !== null);
      expect(deepText(el.shadowRoot!)).to.contain('Invalid session');
      await waitUntil(() => events.errors.some((e) => e.code === 'malformed_token'));
      expect(stub.calls.length).to.equal(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('hostile strings and token hygiene', () => {
    it('markup, bidi controls and javascript: links from Lago stay inert text; a javascript: fileUrl is no PDF', () =>
      expectInertAfter(async () => {
        stub = await lagoFetchStub({ customer: 'lago-hostile' });
        const { el } = await mount(stub.token);
        await settled(el);
        expect(deepText(el.shadowRoot!)).to.contain('<img src=x onerror="alert(1)">');
        for (const tab of ['Credits', 'Invoices', 'Usage']) await openTab(el, tab);
        return el;
      }));

    it('the token travels only in the customer-portal-token header to the proxy route; never in a URL, the DOM or a log', async () => {
      const logged = captureConsole();
      try {
        stub = await lagoFetchStub({ customer: 'lago-typical' });
        const { el } = await mount(stub.token);
        await settled(el);
        for (const tab of ['Credits', 'Invoices', 'Usage']) await openTab(el, tab);
        expect(stub.calls.length).to.be.greaterThan(4);
        for (const call of stub.calls) {
          expect(call.url).to.equal(stub.apiBase);
          expect(call.url).not.to.contain(stub.token);
          expect(call.headers['customer-portal-token']).to.equal(stub.token);
          expect(call.headers.authorization).to.equal(undefined);
          expect(call.body ?? '').not.to.contain(stub.token);
          expect((JSON.parse(call.body!) as { query: unknown }).query).to.match(/^query /);
        }
        for (const call of stub.upstream) expect(Object.keys(call.headers).sort()).to.deep.equal(['accept', 'content-type', 'customer-portal-token']);
        const attrs = deepElements(el).flatMap((e) => e.getAttributeNames().map((a) => e.getAttribute(a) ?? ''));
        expect(attrs.join(' ')).not.to.contain(stub.token.slice(0, 20));
        expect(deepText(el.shadowRoot!)).not.to.contain(stub.token.slice(0, 20));
        expect(el.hasAttribute('token')).to.equal(false);
        expect(logged.text()).not.to.contain(stub.token.slice(0, 20));
      } finally {
        logged.restore();
      }
    });
  });

  it('a superseded token aborts its requests and the new customer’s data replaces the old one', async () => {
    stub = await lagoFetchStub({ customer: 'lago-typical' });
    const { el } = await mount(stub.token);
    await settled(el);
    el.token = await stub.mint({ customer: 'lago-jpy' });
    await waitUntil(() => panelText(el).includes('¥176,540'), 'the new customer never showed', { timeout: 8000 });
    expect(panelText(el)).not.to.contain('$98.40');
  });
});
