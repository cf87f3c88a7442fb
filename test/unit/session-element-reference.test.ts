/**
 * <customer-portal> against the reference portal server (its handler answers
 * `window.fetch` in the page): real seeded customers, real HS256 sessions,
 * the server's own 401s and faults.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail } from '../../src/events.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { preloadBackends } from '../helpers/backends.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

let stub: PortalFetchStub | null = null;

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabNames = (el: CustomerPortal) => [...root(el).querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
const paths = (s: PortalFetchStub) => s.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`);

async function mount(s: PortalFetchStub, token = s.token) {
  const el = document.createElement('customer-portal');
  const seen = { ready: 0, errors: [] as PortalErrorDetail[], expired: [] as TokenExpiredDetail[] };
  el.addEventListener('portal-ready', () => seen.ready++);
  el.addEventListener('portal-error', (e) => seen.errors.push(e.detail));
  el.addEventListener('token-expired', (e) => seen.expired.push(e.detail));
  el.apiBase = s.apiBase;
  el.token = token;
  (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
  await el.updateComplete; // the first render is a few tasks after connecting (no long task)
  return { el, seen };
}

describe('<customer-portal> with the reference server', () => {
  useTestHooks();
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  it('loads a typical customer: name, every tab, the Overview on screen, portal-ready once', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const { el, seen } = await mount(stub);
    await waitUntil(() => seen.ready === 1, 'portal-ready never fired', { timeout: 8000 });
    expect(tabNames(el)).to.deep.equal(['Overview', 'Credits', 'Invoices', 'Usage']);
    expect(root(el).querySelector('h2')!.textContent).to.equal('Acme Inc');
    expect(seen.errors).to.deep.equal([]);
    // The shared data went out once each, whoever asked for it.
    const sent = paths(stub);
    expect(sent.filter((p) => p === 'GET /v1/customer/portal/info')).to.have.length(1);
    expect(sent.filter((p) => p === 'GET /v1/customer/portal/config')).to.have.length(1);
    expect(sent.filter((p) => p === 'POST /v1/customer/portal/wallets')).to.have.length(1);
    expect(sent.some((p) => p.endsWith('/invoices')), 'Invoices fetched before it was opened').to.be.false;
    await expect(el).to.be.accessible();
  });

  it('has no Credits tab for a customer without wallets, and is accessible when empty', async () => {
    stub = await portalFetchStub({ customer: 'cus-empty' });
    const { el, seen } = await mount(stub);
    await waitUntil(() => tabNames(el).length > 0);
    expect(tabNames(el)).to.deep.equal(['Overview', 'Invoices', 'Usage']);
    await waitUntil(() => seen.ready === 1, 'portal-ready never fired', { timeout: 8000 });
    await expect(el).to.be.accessible();
  });

  it('takes the customer’s zone and the tenant’s colours', async () => {
    stub = await portalFetchStub({ customer: 'cus-tokyo' });
    const { el } = await mount(stub);
    const base = () => root(el).querySelector<HTMLElement>('[part="base"]')!;
    await waitUntil(() => getComputedStyle(base()).getPropertyValue('--customer-portal-primary').trim() === '#b4235a', 'tenant colour not applied');
    expect(root(el).querySelector('h2')!.textContent).to.contain('さくら');
  });

  it('turns the server’s 401 into token-expired and keeps the view, then reloads with a new token', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const { el, seen } = await mount(stub);
    await waitUntil(() => seen.ready === 1, 'portal-ready never fired', { timeout: 8000 });
    const invoicesTab = [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')][2]!;
    stub.api.setFaults({ expireAll: true });
    invoicesTab.click();
    await waitUntil(() => seen.expired.length === 1, 'no token-expired');
    expect(seen.expired[0]).to.deep.equal({ reason: 'unauthorized', expiredAt: null });
    await el.updateComplete;
    expect(root(el).querySelector('[part="expired"]')).to.exist;
    expect(el.tab).to.equal('invoices');
    await expect(el).to.be.accessible();

    stub.api.setFaults({ expireAll: false });
    // (Minted in the same second with the same lifetime, an HS256 session token would be byte-identical.)
    const fresh = await stub.mint({ ttlSeconds: 7200 });
    expect(fresh).not.to.equal(stub.token);
    const before = stub.calls.length;
    el.token = fresh;
    await waitUntil(
      () => stub!.calls.slice(before).some((c) => c.url.endsWith('/invoices') && c.headers['x-session-token'] === fresh),
      'invoices not reloaded with the new token',
    );
    await el.updateComplete;
    expect(root(el).querySelector('[part="expired"]')).to.be.null;
    expect(el.tab).to.equal('invoices');
    expect(seen.expired).to.have.length(1);
    expect(seen.errors.filter((e) => e.status === 401)).to.deep.equal([]);
  });

  it('reports an already-expired session without calling the API', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', expired: true });
    const { el, seen } = await mount(stub);
    await waitUntil(() => seen.expired.length === 1);
    expect(seen.expired[0]!.reason).to.equal('expired');
    expect(stub.calls).to.have.length(0);
    await el.updateComplete;
    expect(root(el).querySelector('[part="expired"]')).to.exist;
  });
});
