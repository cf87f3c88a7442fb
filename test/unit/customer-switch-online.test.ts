/**
 * A token for another customer starts the view afresh (no old customer's data
 * is ever on screen, even while the new customer's data is delayed); a new
 * token for the same customer keeps tabs and view state. Coming back online
 * retries every section whose last failure was a network error.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { isSameCustomer, readTokenCustomer } from '../../src/backends/flexprice/token.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepElements, deepQuery, deepText, openTab, settled } from './hostile-support.js';
import { preloadBackends } from '../helpers/backends.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

let stub: PortalFetchStub | null = null;
let restoreGate: (() => void) | null = null;

/** Holds every request sent with `token` until `release()` (wraps the stub's fetch, at the network edge). */
function holdRequestsOf(token: string): { release(): void; held(): number } {
  const inner = window.fetch;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (new Headers(init?.headers).get('x-session-token') === token) {
      held++;
      await gate;
    }
    return inner(input, init);
  };
  restoreGate = () => {
    window.fetch = inner;
    open();
  };
  return { release: open, held: () => held };
}

function mark(s: PortalFetchStub, customer: string, marker: string) {
  s.api.patchCustomer(customer, (c) => {
    c.info.name = `${marker} customer`;
    c.subscriptions.forEach((sub, i) => ((sub.plan as Record<string, unknown>).name = `${marker} plan ${i}`));
    c.invoices.forEach((inv, i) => {
      if (inv.invoice_number !== null) inv.invoice_number = `${marker}-INV-${String(i).padStart(3, '0')}`;
    });
    c.wallets.forEach((w, i) => (w.name = `${marker} wallet ${i}`));
    c.features.forEach((f, i) => (f.name = `${marker} feature ${i}`));
  });
}

const searchBox = (el: CustomerPortal) => deepQuery<HTMLInputElement>(el.shadowRoot!.querySelector('cp-section-panel[data-tab="invoices"]')!, 'input[type="search"]');

/** The stub's customer on the Invoices tab, `text` typed into its search box, settled. */
async function invoicesSearched(text: string): Promise<CustomerPortal> {
  const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub!.apiBase} .token=${stub!.token}></customer-portal>`);
  await openTab(el, 'Invoices');
  const input = searchBox(el)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await settled(el);
  return el;
}

describe('<customer-portal> customer switch', () => {
  useTestHooks();
  beforeEach(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    mark(stub, 'cus-typical', 'ALPHA');
    mark(stub, 'cus-eur', 'BRAVO');
  });
  afterEach(() => {
    restoreGate?.();
    restoreGate = null;
    stub?.restore();
    stub = null;
  });

  it('reads the customer of a token', async () => {
    const alpha = readTokenCustomer(stub!.token);
    const alphaAgain = readTokenCustomer(await stub!.mint());
    const bravo = readTokenCustomer(await stub!.mint({ customer: 'cus-eur' }));
    expect(alpha?.externalCustomerId).to.equal('cus-typical');
    expect(isSameCustomer(alpha, alphaAgain)).to.equal(true);
    expect(isSameCustomer(alpha, bravo)).to.equal(false);
    expect(isSameCustomer(alpha, null)).to.equal(false);
    expect(readTokenCustomer('not.a.jwt')).to.equal(null);
  });

  it('a token for another customer shows none of the old customer while the new data is delayed; the tab is kept, view state is fresh', async () => {
    const el = await invoicesSearched('ALPHA-INV-01');
    expect(deepText(el)).to.contain('ALPHA customer');
    expect(deepText(el)).to.contain('ALPHA-INV-01');
    const oldTab = el.shadowRoot!.querySelector('cp-section-panel[data-tab="invoices"]');

    const bravo = await stub!.mint({ customer: 'cus-eur' });
    const gate = holdRequestsOf(bravo);
    el.token = bravo;
    await el.updateComplete;
    // Every frame until the new customer's data arrives: nothing of ALPHA anywhere in the shadow tree.
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
      expect(deepText(el), `frame ${i}`).not.to.contain('ALPHA');
      const attributes = deepElements(el).flatMap((e) => [...e.attributes].map((a) => a.value));
      expect(attributes.some((v) => v.includes('ALPHA')), `attributes, frame ${i}`).to.equal(false);
    }
    expect(gate.held()).to.be.greaterThan(0);
    expect(el.tab).to.equal('invoices');
    expect(el.shadowRoot!.querySelector('cp-section-panel[data-tab="invoices"]')).not.to.equal(oldTab);
    expect(el.shadowRoot!.querySelector('[part~="header"]')).to.equal(null);
    await expect(el).to.be.accessible();

    gate.release();
    await waitUntil(() => el.shadowRoot!.querySelector('h2')?.textContent === 'BRAVO customer', 'BRAVO header');
    await settled(el);
    expect(searchBox(el)!.value).to.equal('');
    expect(deepText(el)).to.contain('BRAVO-INV-');
    expect(deepText(el)).not.to.contain('ALPHA');
  });

  it('a new token for the same customer keeps the tab elements and view state, and refetches', async () => {
    const el = await invoicesSearched('ALPHA-INV-01');
    const tab = el.shadowRoot!.querySelector('cp-section-panel[data-tab="invoices"]');
    const calls = stub!.calls.length;
    const next = await stub!.mint({ ttlSeconds: 1800 });
    expect(next).not.to.equal(stub!.token);
    el.token = next;
    await waitUntil(() => stub!.calls.length > calls, 'the new token refetches');
    await settled(el);
    expect(el.shadowRoot!.querySelector('cp-section-panel[data-tab="invoices"]')).to.equal(tab);
    expect(searchBox(el)!.value).to.equal('ALPHA-INV-01');
    expect(el.shadowRoot!.querySelector('h2')?.textContent).to.equal('ALPHA customer');
  });
});

describe('<customer-portal> back online', () => {
  useTestHooks();
  beforeEach(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
  });
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  it('retries every section that failed with a network error when the browser fires online', async () => {
    stub!.api.setFaults({ offline: true });
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub!.apiBase} .token=${stub!.token}></customer-portal>`);
    await waitUntil(() => deepElements(el).filter((e) => e.matches('[part~="state-error"]')).length >= 2, 'network errors on the Overview', { timeout: 8000 });
    expect(deepText(el)).to.contain('could not reach the billing service');
    await expect(el).to.be.accessible();
    const ready = oneEvent(el, 'portal-ready');

    stub!.api.setFaults({ offline: false });
    window.dispatchEvent(new Event('online'));
    await ready;
    await settled(el);
    expect(deepElements(el).filter((e) => e.matches('[part~="state-error"]'))).to.have.length(0);
    expect(el.shadowRoot!.querySelector('h2')?.textContent?.trim()).to.not.equal('');
    expect(deepText(el)).to.contain('Prepaid');
  });

  it('does not retry sections whose failure was not a network error', async () => {
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub!.apiBase} .token=${stub!.token}></customer-portal>`);
    await settled(el);
    stub!.api.setFaults({ status: 500, paths: ['/invoices'] });
    await openTab(el, 'Invoices');
    await waitUntil(() => deepQuery(el, '[part~="state-error"]'), 'HTTP error state');
    // Only the failed section's requests count: the Overview's forecast loads after first paint, on its own time.
    const invoiceCalls = () => stub!.calls.filter((c) => new URL(c.url).pathname.endsWith('/invoices')).length;
    const calls = invoiceCalls();
    stub!.api.setFaults({});
    window.dispatchEvent(new Event('online'));
    // The retries 'online' starts are synchronous (see the test above): once the frames after it
    // are painted and nothing is loading, a retry would have been sent.
    await settled(el);
    expect(invoiceCalls()).to.equal(calls);
    expect(deepQuery(el, '[part~="state-error"]')).to.exist;
  });
});
