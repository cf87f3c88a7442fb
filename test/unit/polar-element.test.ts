/**
 * <customer-portal backend="polar"> end to end in the browser, against the
 * Polar reference handler (demo/server/polar) behind Polar's CORS rules
 * (test/helpers/polar-fetch.ts, installed as `window.fetch` and restored
 * after each test): every tab from Polar data, the capability-driven
 * absences, each state (loading, empty, error, expired, loaded) with an
 * accessibility check, Polar's errors (401 invalid_token, 403 member
 * session, 429 with an empty body), and token reading (expires-at or
 * introspection). Expected values are the seed's data as the server serves it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail } from '../../src/events.js';
import { polarFetch, type PolarFetch } from '../helpers/polar-fetch.js';
import { preloadBackends } from '../helpers/backends.js';
import { deepQuery, deepText } from './hostile-support.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('polar');

let polar: PolarFetch | null = null;
let restore: (() => void) | null = null;

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabButtons = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const tabEl = (el: CustomerPortal, tag: string) => root(el).querySelector<HTMLElement>(tag);
const paths = () => (polar?.calls ?? []).map((c) => new URL(c.url).pathname.replace('/v1/customer-portal', ''));

interface Mounted {
  el: CustomerPortal;
  errors: PortalErrorDetail[];
  expired: TokenExpiredDetail[];
  ready: Promise<void>;
}

/** Installs the Polar stub for `customer` and mounts the element the way a Polar merchant's page would. */
async function mount(
  options: { customer?: string; expiresAt?: boolean; ttlSeconds?: number; expired?: boolean; tab?: string } = {},
  before: (p: PolarFetch) => void = () => {},
): Promise<Mounted> {
  polar = polarFetch({
    customer: options.customer ?? 'polar-typical',
    ...(options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {}),
    ...(options.expired ? { expired: true } : {}),
  });
  restore = polar.install();
  before(polar);
  const el = document.createElement('customer-portal');
  const errors: PortalErrorDetail[] = [];
  const expired: TokenExpiredDetail[] = [];
  el.addEventListener('portal-error', (e) => errors.push(e.detail));
  el.addEventListener('token-expired', (e) => expired.push(e.detail));
  const ready = new Promise<void>((resolve) => el.addEventListener('portal-ready', () => resolve(), { once: true }));
  el.backend = 'polar';
  el.apiBase = polar.apiBase;
  if (options.expiresAt !== false) el.expiresAt = polar.session.expires_at;
  if (options.tab) el.setAttribute('tab', options.tab);
  el.token = polar.token;
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  await el.updateComplete;
  return { el, errors, expired, ready };
}

async function open(el: CustomerPortal, tab: 'overview' | 'credits' | 'invoices' | 'usage', tag: string): Promise<HTMLElement> {
  await waitUntil(() => tabButtons(el).length > 0, 'the tab list never appeared', { timeout: 4000 });
  tabButtons(el)
    .find((b) => b.id === `tab-${tab}`)!
    .click();
  await waitUntil(() => tabEl(el, tag), `${tag} never rendered`, { timeout: 4000 });
  return tabEl(el, tag)!;
}

/** No loading state left anywhere in the tab. */
/** Rendered (a tab renders a task after it connects), and nothing in it loading. */
const settled = (node: HTMLElement) =>
  (node as HTMLElement & { hasUpdated?: boolean }).hasUpdated === true && !deepQuery(node, '[aria-busy="true"]') && !deepQuery(node, '[part~="state-loading"]');

describe('<customer-portal backend="polar">', () => {
  useTestHooks();
  afterEach(() => {
    restore?.();
    restore = null;
    polar = null;
  });

  it('loaded: renders all four tabs from Polar data, with one line where Polar has no data', async () => {
    const { el, errors, ready } = await mount();
    await ready;
    const customer = polar!.api.customers().find((c) => c.external_id === 'polar-typical')!;
    expect(deepText(root(el).querySelector('[part="header"]')!)).to.contain(customer.name);

    const overview = tabEl(el, 'cp-section-panel[data-tab="overview"]')!;
    await waitUntil(() => settled(overview), 'the Overview never settled');
    const overviewText = deepText(overview);
    // The seeded wallet (5000 cents USD) is money, not credits: the amount alone.
    expect(overviewText).to.contain('$50.00');
    expect(overviewText).not.to.contain('credits');
    expect(overviewText).to.contain('Priority support');
    expect(overviewText).to.contain('no usage history');
    // No chart and no range buttons where Polar has no time series, and no chart code downloaded for it.
    expect(deepQuery(overview, 'cp-usage-chart')).to.equal(null);
    expect(deepQuery(overview, '[part~="trend-card"] button')).to.equal(null);
    await expect(el).to.be.accessible();

    const credits = await open(el, 'credits', 'cp-credits-tab');
    await waitUntil(() => settled(credits) && deepText(credits).includes('no transaction history'), 'Credits never said there is no history');
    expect(deepQuery(credits, 'table')).to.equal(null);
    expect(deepText(credits)).to.contain('$50.00');
    expect(deepText(credits)).not.to.contain('50 credits');
    expect(deepText(credits)).not.to.contain('1 credit =');
    await expect(el).to.be.accessible();

    const invoices = await open(el, 'invoices', 'cp-invoices-section');
    await waitUntil(() => deepText(invoices).includes('ACME-0013'), 'the orders never showed');
    // Drafts and voids are labelled; an order with no document has no PDF button.
    expect(deepText(invoices)).to.contain('Draft');
    expect(deepText(invoices)).to.contain('Voided');
    expect(deepText(invoices)).to.contain('No PDF');
    await expect(el).to.be.accessible();

    const usage = await open(el, 'usage', 'cp-usage-tab');
    await waitUntil(() => settled(usage) && deepText(usage).includes('API calls'), 'the meters never showed');
    expect(deepText(usage)).to.contain('no usage history');
    expect(deepText(usage)).to.contain('10,000 included');
    expect(deepQuery(usage, 'cp-usage-chart')).to.equal(null);
    expect(deepQuery(usage, '[part~="range"]')).to.equal(null);
    await expect(el).to.be.accessible();

    expect(errors).to.deep.equal([]);
    // Only Polar's GET routes, never a mutating one.
    expect(polar!.calls.every((c) => c.method === 'GET')).to.equal(true);
    expect(polar!.api.mutations).to.deep.equal([]);
  });

  it('loading: shows loading states while Polar has not answered', async () => {
    // Every customer-portal answer waits at the server until the test has looked at the loading states.
    let gate: { release(): void } | null = null;
    const { el, ready } = await mount({}, (p) => (gate = p.api.hold('/v1/customer-portal/')));
    await waitUntil(() => deepQuery(el, '[part~="state-loading"]'), 'no loading state on screen');
    await expect(el).to.be.accessible();
    gate!.release();
    await ready;
  });

  it('empty: a customer with no wallet, subscriptions or orders gets empty states', async () => {
    const { el, ready } = await mount({ customer: 'polar-empty' });
    await ready;
    const overview = tabEl(el, 'cp-section-panel[data-tab="overview"]')!;
    await waitUntil(() => settled(overview), 'the Overview never settled');
    expect(deepQuery(overview, '[part~="state-empty"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    const invoices = await open(el, 'invoices', 'cp-invoices-section');
    await waitUntil(() => deepQuery(invoices, '[part~="state-empty"]'), 'no empty state for orders');
    await expect(el).to.be.accessible();
  });

  it('error: a crashing 500 (no CORS headers, as on Polar: the browser sees a network failure) is a contained error state', async () => {
    const { el, errors } = await mount({}, (p) => p.api.setFaults({ status: 500 }));
    await waitUntil(() => deepQuery(el, '[part~="state-error"]'), 'no error state');
    await waitUntil(() => errors.length > 0, 'no portal-error');
    expect(errors.every((e) => e.code === 'network'), JSON.stringify(errors)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('expired: an expires-at in the past ends the session before any request, with token-expired', async () => {
    const { el, expired } = await mount({ expired: true });
    await waitUntil(() => expired.length === 1, 'no token-expired');
    expect(expired[0]!.reason).to.equal('expired');
    await el.updateComplete;
    expect(root(el).querySelector('[part="expired"]')).to.not.equal(null);
    expect(polar!.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('401 invalid_token: token-expired with reason unauthorized, the dead token never sent again', async () => {
    const { el, expired, ready } = await mount();
    await ready;
    polar!.api.setFaults({ expireAll: true });
    await open(el, 'invoices', 'cp-invoices-section');
    await waitUntil(() => expired.length === 1, 'no token-expired');
    expect(expired[0]).to.deep.equal({ reason: 'unauthorized', expiredAt: null });
    await el.updateComplete;
    expect(root(el).querySelector('[part="expired"]')).to.not.equal(null);
    const sent = polar!.calls.length;
    tabButtons(el)
      .find((b) => b.id === 'tab-usage')!
      .click();
    await el.updateComplete;
    expect(polar!.calls.length).to.equal(sent);
    await expect(el).to.be.accessible();
  });

  it('member session: orders and wallets show their 403 message, the rest works', async () => {
    const { el, errors } = await mount({ customer: 'polar-member' });
    expect(polar!.token.startsWith('polar_mst_')).to.equal(true);
    const overview = tabEl(el, 'cp-section-panel[data-tab="overview"]') ?? (await open(el, 'overview', 'cp-section-panel[data-tab="overview"]'));
    await waitUntil(() => settled(overview), 'the Overview never settled');
    // Subscriptions work for a member; the wallet card shows the refusal.
    expect(deepQuery(overview, '[part~="subscriptions-card"] [part~="state-error"]')).to.equal(null);
    expect(deepQuery(overview, '[part~="wallet-card"] [part~="state-error"]')).to.not.equal(null);
    const invoices = await open(el, 'invoices', 'cp-invoices-section');
    await waitUntil(() => deepQuery(invoices, '[part~="state-error"]'), 'orders did not show their error');
    expect(errors.some((e) => e.status === 403)).to.equal(true);
    expect(errors.every((e) => e.status !== 401)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('429 with an empty body (Retry-After unreadable cross-origin): backs off and loads', async () => {
    const { el, ready, errors } = await mount({}, (p) => p.api.setFaults({ status: 429, statusCount: 2 }));
    await ready;
    expect(errors).to.deep.equal([]);
    // The refused requests were sent again after the backoff.
    const me = paths().filter((p) => p === '/customers/me');
    expect(me.length).to.be.greaterThan(1);
    await expect(el).to.be.accessible();
  });

  it('without expires-at: reads expiry and customer by introspection in the first wave', async () => {
    const { el, ready } = await mount({ expiresAt: false });
    await ready;
    expect(paths()).to.include('/customer-session/introspect');
    expect(deepText(root(el).querySelector('[part="header"]')!)).to.not.equal('');
  });

  it('a token that is not a Polar session is the "Invalid session" state, with no request', async () => {
    polar = polarFetch();
    restore = polar.install();
    const errors: PortalErrorDetail[] = [];
    const el = await fixture<CustomerPortal>(html`<customer-portal backend="polar" api-base=${polar.apiBase} token="eyJhbGciOiJIUzI1NiJ9.e30.sig" @portal-error=${(e: CustomEvent<PortalErrorDetail>) => errors.push(e.detail)}></customer-portal>`);
    await waitUntil(() => root(el).querySelector('[part="error"]'), 'no invalid-session state');
    await waitUntil(() => errors.length === 1);
    expect(errors[0]!.code).to.equal('malformed_token');
    expect(polar.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
