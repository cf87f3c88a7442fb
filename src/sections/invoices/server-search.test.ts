/// <reference types="mocha" />
/**
 * The Invoices tab over a backend that searches on the server
 * (`capabilities.invoiceSearch: 'server'`, as Lago's adapter declares), on
 * the in-memory fake: its search matches invoice numbers only, so what the
 * tab shows is the backend's answer, never the client's filter. The debounce
 * runs on a fake clock: no test waits for it.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../../../test/helpers/wait.js';
import { type TestPortalEnv, testEnv } from '../../../test/helpers/test-env.js';
import type { InvoiceQuery, PageRequest } from '../../api/backend.js';
import { ApiError } from '../../api/errors.js';
import type { Invoice } from '../../api/model.js';
import { type FakeBackend, type FakeBackendData, type FakeCall, fakeBackend } from '../../api/testing/fake-backend.js';
import { SectionErrorEvent } from '../../events.js';
import { FakeClock } from '../../session/testing/fake-clock.js';
import { defineOnce } from '../../ui/portal-element.js';
import { InvoicesSection } from './invoices-section.js';
import { SEARCH_DEBOUNCE_MS, ServerInvoiceSearch } from './server-search.js';

defineOnce('cp-invoices-section', InvoicesSection);

/** INV-0001 (newest) … INV-0060, then five credit notes CRN-0001 … CRN-0005; every one paid. */
function invoice(n: number, prefix = 'INV'): Invoice {
  return {
    id: `${prefix.toLowerCase()}_${n}`,
    number: `${prefix}-${String(n).padStart(4, '0')}`,
    status: 'paid',
    currency: 'usd',
    total: `${40 + n}`,
    amountDue: `${40 + n}`,
    amountPaid: `${40 + n}`,
    amountRemaining: '0',
    date: new Date(Date.UTC(2026, 0, 1) - n * 86_400_000 - (prefix === 'CRN' ? 3_600_000 : 0)),
    dueDate: null,
    periodStart: null,
    periodEnd: null,
  };
}
const INVOICES = [...Array.from({ length: 60 }, (_, i) => invoice(i + 1)), ...Array.from({ length: 5 }, (_, i) => invoice(i + 1, 'CRN'))];
const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `INV-${String(from + i).padStart(4, '0')}`);

const serverBackend = (data: FakeBackendData = {}) => fakeBackend({ invoices: INVOICES, ...data, capabilities: { invoiceSearch: 'server', ...data.capabilities } });

let clock: FakeClock;
const savedTimers = ServerInvoiceSearch.timers;
const restores: (() => void)[] = [];

beforeEach(() => {
  clock = new FakeClock();
  ServerInvoiceSearch.timers = clock.timers;
});
afterEach(() => {
  ServerInvoiceSearch.timers = savedTimers;
  while (restores.length) restores.pop()!();
});

async function mount(backend: FakeBackend) {
  const env = testEnv(backend);
  const host = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}><cp-invoices-section></cp-invoices-section></test-portal-env>`);
  const tab = host.querySelector<InvoicesSection>('cp-invoices-section')!;
  await waitUntil(() => rows(tab).length > 0, 'the list never rendered');
  return { host, tab, env };
}

const root = (tab: InvoicesSection) => tab.shadowRoot!;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (tab: InvoicesSection) => [...root(tab).querySelectorAll<HTMLTableRowElement>('tbody tr')].filter((r) => !r.closest('dialog'));
const shownNumbers = (tab: InvoicesSection) => rows(tab).map((r) => text(r.cells[1]));
const searchBox = (tab: InvoicesSection) => root(tab).querySelector<HTMLInputElement>('input[type=search]')!;
const matchCount = (tab: InvoicesSection) => text(root(tab).querySelector('.match-count'));
const pagerRange = (tab: InvoicesSection) => text(root(tab).querySelector('cp-pager')?.shadowRoot?.querySelector('[part~="range"]'));
const loading = (tab: InvoicesSection) => root(tab).querySelector('[part~="state-loading"]');
const buttonByText = (tab: InvoicesSection, label: string) => [...root(tab).querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);

/** The search requests: `invoices` calls that carry a query. */
const searches = (backend: FakeBackend): FakeCall[] => backend.callsOf('invoices').filter((c) => (c.args[1] as InvoiceQuery | undefined)?.search);
const request = (call: FakeCall | undefined) => call && { page: call.args[0] as PageRequest, search: (call.args[1] as InvoiceQuery).search };

/** What a user's edit of the box does: one input event with the new value. */
async function input(tab: InvoicesSection, value: string) {
  const box = searchBox(tab);
  box.value = value;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await tab.updateComplete;
}

/** The typing pauses: the debounce fires and the tab renders the request it started. */
async function pause(tab: InvoicesSection) {
  await clock.tick(SEARCH_DEBOUNCE_MS);
  await tab.updateComplete;
}

describe('<cp-invoices-section> searching on the server', () => {
  it('asks the backend once typing pauses, with what was typed, and shows its answer', async () => {
    const backend = serverBackend();
    const { tab } = await mount(backend);
    expect(searchBox(tab).getAttribute('placeholder')).to.equal('Search by invoice number…');

    searchBox(tab).focus();
    await sendKeys({ type: 'INV-003' });
    await tab.updateComplete;
    // Seven keystrokes, no request yet: one debounce timer, restarted by each.
    expect(searches(backend)).to.deep.equal([]);
    expect(clock.pendingDelays()).to.deep.equal([SEARCH_DEBOUNCE_MS]);
    expect(text(loading(tab))).to.equal('Searching invoices…');
    expect(rows(tab)).to.deep.equal([]);
    await expect(tab).to.be.accessible();

    await clock.tick(SEARCH_DEBOUNCE_MS - 1);
    expect(searches(backend)).to.deep.equal([]);
    await clock.tick(1);
    expect(searches(backend).map(request)).to.deep.equal([{ page: { offset: 0, limit: 25 }, search: 'INV-003' }]);

    await waitUntil(() => rows(tab).length > 0, 'the answer never showed');
    expect(shownNumbers(tab)).to.deep.equal(numbers(30, 39));
    expect(matchCount(tab)).to.equal('10 invoices match');
    expect(loading(tab)).to.equal(null);
    await expect(tab).to.be.accessible();
  });

  it('aborts the request a newer query supersedes, and shows only the newer answer', async () => {
    const backend = serverBackend();
    const { tab } = await mount(backend);
    const gate = backend.hold('invoices');

    await input(tab, 'INV-001');
    await pause(tab);
    await input(tab, 'INV-002');
    await pause(tab);
    const [first, second] = searches(backend);
    expect([request(first), request(second)]).to.deep.equal([
      { page: { offset: 0, limit: 25 }, search: 'INV-001' },
      { page: { offset: 0, limit: 25 }, search: 'INV-002' },
    ]);
    expect(first!.signal.aborted, 'the superseded request was aborted').to.equal(true);
    expect(second!.signal.aborted).to.equal(false);
    expect(gate.waiting).to.equal(1);

    gate.release();
    await waitUntil(() => rows(tab).length > 0, 'the answer never showed');
    expect(shownNumbers(tab)).to.deep.equal(numbers(20, 29));
    expect(searches(backend)).to.have.length(2);
  });

  it('pages the matches with the same pager, one request per page', async () => {
    const backend = serverBackend();
    const { tab } = await mount(backend);
    await input(tab, 'inv');
    await pause(tab);
    await waitUntil(() => rows(tab).length > 0, 'the first page never showed');
    expect(matchCount(tab)).to.equal('60 invoices match');
    expect(shownNumbers(tab)).to.deep.equal(numbers(1, 25));
    expect(pagerRange(tab)).to.match(/^1–25 of 60\b/);

    const gate = backend.hold('invoices');
    const next = root(tab).querySelector('cp-pager')!.shadowRoot!.querySelector<HTMLButtonElement>('button[data-to="next"]')!;
    next.click();
    await tab.updateComplete;
    expect(request(searches(backend)[1])).to.deep.equal({ page: { offset: 25, limit: 25 }, search: 'inv' });
    // While the page loads, the pager stays (a keyboard user's focus on it is kept).
    expect(loading(tab)).to.exist;
    expect(pagerRange(tab)).to.match(/^26–50 of 60\b/);
    await expect(tab).to.be.accessible();

    gate.release();
    await waitUntil(() => rows(tab).length > 0, 'the second page never showed');
    expect(shownNumbers(tab)).to.deep.equal(numbers(26, 50));
    expect(matchCount(tab)).to.equal('60 invoices match');
  });

  it('says when nothing matches and when the search failed (with a retry), and clearing goes back to the full list at once', async () => {
    const backend = serverBackend();
    const { tab } = await mount(backend);
    const listRequests = backend.callsOf('invoices').length;

    // "paid" matches every invoice on the client (its status); the server searches numbers: none.
    await input(tab, 'paid');
    await pause(tab);
    await waitUntil(() => root(tab).querySelector('.state.empty'), 'no empty state');
    const empty = root(tab).querySelector('.state.empty')!;
    expect(text(empty)).to.contain('No invoices match “paid”');
    expect(text(empty)).to.contain('This search looks at invoice numbers: try a number, or part of one.');
    expect(matchCount(tab)).to.equal('0 invoices match');
    await expect(tab).to.be.accessible();

    backend.fail('invoices', new ApiError({ kind: 'http', status: 500, code: 'internal', message: 'An unexpected error occurred' }), 1);
    const reported = oneEvent(tab, SectionErrorEvent.eventName);
    await input(tab, 'INV-004');
    await pause(tab);
    expect(((await reported) as unknown as SectionErrorEvent).section).to.equal('invoices');
    await waitUntil(() => root(tab).querySelector('.state.error'), 'no error state');
    const error = root(tab).querySelector('.state.error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.contain('The search could not be completed');
    await expect(tab).to.be.accessible();
    root(tab).querySelector<HTMLButtonElement>('.state.error [part~="retry-button"]')!.click();
    await waitUntil(() => rows(tab).length > 0, 'the retry never showed the answer');
    expect(shownNumbers(tab)).to.deep.equal(numbers(40, 49));

    // Typing and clearing within the pause asks nothing; the cleared box shows the full list without a request.
    const asked = searches(backend).length;
    await input(tab, 'INV-00');
    await input(tab, '');
    expect(clock.pending).to.equal(0);
    expect(searches(backend)).to.have.length(asked);
    expect(rows(tab)).to.have.length(25);
    expect(shownNumbers(tab)[0]).to.equal('INV-0001');
    expect(matchCount(tab)).to.equal('');

    await input(tab, 'zzz');
    await pause(tab);
    await waitUntil(() => buttonByText(tab, 'Clear search'), 'no clear button');
    buttonByText(tab, 'Clear search')!.click();
    await tab.updateComplete;
    expect(searchBox(tab).value).to.equal('');
    expect(rows(tab)).to.have.length(25);
    // The full list came from the first load: no listing request since, only searches.
    expect(backend.callsOf('invoices').length - searches(backend).length).to.equal(listRequests);
  });

  it('keeps the query and its page across a token change, and asks the new backend', async () => {
    const backend = serverBackend();
    const { host, tab, env } = await mount(backend);
    await input(tab, 'INV');
    await pause(tab);
    await waitUntil(() => rows(tab).length > 0);
    root(tab).querySelector('cp-pager')!.shadowRoot!.querySelector<HTMLButtonElement>('button[data-to="next"]')!.click();
    await waitUntil(() => shownNumbers(tab)[0] === 'INV-0026', 'page 2 never showed');

    // The token expires: the answer stays, nothing is asked.
    const asked = backend.calls.length;
    host.env = { ...env, backend: null };
    await host.updateComplete;
    await tab.updateComplete;
    expect(shownNumbers(tab)).to.deep.equal(numbers(26, 50));
    expect(backend.calls.length).to.equal(asked);

    // A new token: the same query and page, asked of the new backend.
    const renewed = serverBackend();
    host.env = { ...env, backend: renewed };
    await waitUntil(() => searches(renewed).length === 1 && shownNumbers(tab)[0] === 'INV-0026', 'the new backend never answered');
    expect(request(searches(renewed)[0])).to.deep.equal({ page: { offset: 25, limit: 25 }, search: 'INV' });
    expect(searchBox(tab).value).to.equal('INV');
    expect(matchCount(tab)).to.equal('60 invoices match');
    expect(pagerRange(tab)).to.match(/^26–50 of 60\b/);
  });

  it('exports every match, asking for the pages the screen never showed, and says when that failed', async () => {
    const backend = serverBackend({ limits: { invoicesPageSize: 40 } });
    const { tab } = await mount(backend);
    let blob: Blob | null = null;
    const createObjectURL = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blob = b as Blob;
      return createObjectURL.call(URL, b);
    };
    HTMLAnchorElement.prototype.click = function () {};
    restores.push(() => {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    });

    await input(tab, 'INV');
    await pause(tab);
    await waitUntil(() => rows(tab).length > 0);
    const exportButton = root(tab).querySelector<HTMLButtonElement>('[part~="export-button"]')!;
    // A failure says so beside the button, which tries again.
    backend.fail('invoices', new ApiError({ kind: 'network', message: 'Failed to fetch' }), 1);
    exportButton.click();
    await waitUntil(() => root(tab).querySelector('.toolbar [role=alert]'), 'the failure was not shown');
    expect(text(root(tab).querySelector('.toolbar [role=alert]'))).to.contain('The export could not be completed. Try again.');
    expect(blob).to.equal(null);
    await expect(tab).to.be.accessible();
    exportButton.click();
    await waitUntil(() => blob !== null, 'nothing was saved');
    expect(root(tab).querySelector('.toolbar [role=alert]')).to.equal(null);
    expect(searches(backend).slice(2).map(request)).to.deep.equal([
      { page: { offset: 0, limit: 40 }, search: 'INV' },
      { page: { offset: 40, limit: 40 }, search: 'INV' },
    ]);
    const lines = (await blob!.text()).replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).to.deep.equal(numbers(1, 60));
  });
});
