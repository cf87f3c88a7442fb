/**
 * Isolation: several <customer-portal> elements on one page, each with its own
 * customer's token, share nothing — no data, no cached answer, no session
 * state. One element's expiry or token swap leaves the others untouched.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { TokenExpiredDetail } from '../../src/events.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepText, openTab, settled } from './hostile-support.js';
import { preloadBackends } from '../helpers/backends.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

let stub: PortalFetchStub | null = null;
const CUSTOMERS = ['cus-typical', 'cus-eur', 'cus-tokyo'] as const;
const MARKERS = ['ALPHA', 'BRAVO', 'CHARLIE'] as const;

function mark(s: PortalFetchStub, customer: string, marker: string) {
  s.api.patchCustomer(customer, (c) => {
    c.info.name = `${marker} customer`;
    c.subscriptions.forEach((sub) => ((sub.plan as Record<string, unknown>).name = `${marker} plan`));
    c.invoices.forEach((inv, i) => (inv.invoice_number = `${marker}-INV-${i}`));
    c.wallets.forEach((w) => (w.name = `${marker} wallet`));
    for (const list of c.transactions.values()) list.forEach((tx) => (tx.description = `${marker} tx`));
    c.features.forEach((f, i) => (f.name = `${marker} feature ${i}`));
  });
}

describe('several portals on one page', () => {
  useTestHooks();
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  it('each shows only its own customer, on every tab, with its own token on every request', async function () {
    // Three whole portals through four tabs (forecasts included): over the default 10 s on a loaded machine.
    this.timeout(30_000);
    stub = await portalFetchStub({ customer: CUSTOMERS[0] });
    CUSTOMERS.forEach((c, i) => mark(stub!, c, MARKERS[i]!));
    stub.api.setFaults({ jitterMs: 25 });
    const tokens = [stub.token, await stub.mint({ customer: CUSTOMERS[1] }), await stub.mint({ customer: CUSTOMERS[2] })];
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const els = tokens.map((token) => {
      const el = document.createElement('customer-portal');
      el.apiBase = stub!.apiBase;
      el.token = token;
      parent.append(el);
      return el;
    });
    for (const tab of ['Overview', 'Credits', 'Invoices', 'Usage']) {
      // All switch together, so their requests interleave.
      await Promise.all(els.map((el) => openTab(el, tab)));
    }
    els.forEach((el, i) => {
      const text = deepText(el);
      expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal(`${MARKERS[i]} customer`);
      for (const [j, other] of MARKERS.entries()) {
        expect(text.includes(other), `portal ${i} ${j === i ? 'shows its own' : `shows no ${other}`} data`).to.equal(j === i);
      }
    });
    // The shared data went out once per element (no cache keyed without the token served another element).
    for (const token of tokens) {
      const mine = stub.calls.filter((c) => c.headers['x-session-token'] === token).map((c) => new URL(c.url).pathname);
      expect(mine.filter((p) => p.endsWith('/info'))).to.have.length(1);
      expect(mine.filter((p) => p.endsWith('/config'))).to.have.length(1);
    }
    await expect(els[0]).to.be.accessible();
  });

  it('one element’s expiry and token swap leave the others working', async () => {
    stub = await portalFetchStub({ customer: CUSTOMERS[0] });
    CUSTOMERS.forEach((c, i) => mark(stub!, c, MARKERS[i]!));
    const tokenB = await stub.mint({ customer: CUSTOMERS[1] });
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const [a, b] = [stub.token, tokenB].map((token) => {
      const el = document.createElement('customer-portal');
      el.apiBase = stub!.apiBase;
      el.token = token;
      parent.append(el);
      return el;
    }) as [CustomerPortal, CustomerPortal];
    const expired: TokenExpiredDetail[] = [];
    a.addEventListener('token-expired', (e) => expired.push(e.detail));
    const expiredB: TokenExpiredDetail[] = [];
    b.addEventListener('token-expired', (e) => expiredB.push(e.detail));
    await Promise.all([settled(a), settled(b)]);

    a.token = await stub.mint({ customer: CUSTOMERS[0], expired: true });
    await waitUntil(() => expired.length === 1, 'A expired', { timeout: 5000 });
    await a.updateComplete;
    expect(a.shadowRoot!.querySelector('[part="expired"]')).to.exist;
    await openTab(b, 'Invoices');
    expect(deepText(b)).to.contain('BRAVO-INV-');
    expect(b.shadowRoot!.querySelector('[part="expired"]')).to.be.null;
    expect(expiredB).to.deep.equal([]);

    // B takes C's token; A, expired, stays expired and sends nothing.
    const before = stub.calls.length;
    b.token = await stub.mint({ customer: CUSTOMERS[2] });
    await waitUntil(() => b.shadowRoot!.querySelector('h2')?.textContent === 'CHARLIE customer', 'B shows C', { timeout: 5000 });
    await settled(b);
    expect(deepText(b)).not.to.contain('BRAVO');
    const aToken = a.token;
    expect(stub.calls.slice(before).some((c) => c.headers['x-session-token'] === aToken)).to.be.false;
    expect(deepText(a)).not.to.contain('CHARLIE');
  });
});
