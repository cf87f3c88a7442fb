/**
 * The limits section in the whole portal: beside the Usage tab (one summary
 * request for both), and alone (`sections="usage-limits"`).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepQuery, openTab } from './hostile-support.js';

const summaryCalls = (stub: PortalFetchStub) => stub.calls.filter((c) => new URL(c.url).pathname.endsWith('/customer/portal/usage'));

describe('usage limits in <customer-portal>', () => {
  let stub: PortalFetchStub;
  afterEach(() => stub?.restore());

  it('the Usage tab shows the limits card after its own cards, from one summary request', async function () {
    this.timeout(30_000);
    stub = await portalFetchStub({ customer: 'cus-typical' });
    let ready = false;
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} .token=${stub.token} @portal-ready=${() => (ready = true)}></customer-portal>`);
    await waitUntil(() => ready, 'portal-ready', { timeout: 10_000 });
    const before = summaryCalls(stub).length;
    await openTab(el, 'Usage');
    await waitUntil(() => deepQuery(el, '.quotas li'), 'limits shown', { timeout: 8000 });
    const panel = deepQuery(el, 'cp-section-panel[data-tab="usage"]')!;
    const cards = ['cp-usage-range-section', 'cp-usage-chart-section', 'cp-usage-breakdown-section'].map((tag) => deepQuery(panel, tag)!);
    const limits = deepQuery(el, 'cp-usage-limits-section')!;
    // One panel, the tab's cards first and the limits card after them.
    for (const card of cards) {
      expect(card.getRootNode()).to.equal(limits.getRootNode());
      expect(card.compareDocumentPosition(limits) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(card.shadowRoot!.querySelector('[part~="quota-card"]')).to.equal(null);
    }
    expect(limits.shadowRoot!.querySelector('[part~="quota-card"]')).to.exist;
    expect(summaryCalls(stub).length - before).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('alone: sections="usage-limits" shows just the card, and portal-ready fires', async function () {
    this.timeout(20_000);
    stub = await portalFetchStub({ customer: 'cus-typical' });
    let ready = false;
    const el = await fixture<CustomerPortal>(
      html`<customer-portal sections="usage-limits" api-base=${stub.apiBase} .token=${stub.token} @portal-ready=${() => (ready = true)}></customer-portal>`,
    );
    await waitUntil(() => ready, 'portal-ready', { timeout: 10_000 });
    expect(deepQuery(el, '[part~="quota-card"] .quotas li')).to.exist;
    expect(el.shadowRoot!.querySelector('[role="tab"]')).to.equal(null);
    expect(summaryCalls(stub)).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
