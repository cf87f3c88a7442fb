import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../test/helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { ContextEvent } from '@lit/context';
import '../define.js';
import { CustomerPortal } from './customer-portal.js';
import { portalContext, type PortalEnv } from '../context.js';
import type { PortalErrorEvent, TabChangeEvent } from '../events.js';
import { portalFetchStub, type PortalFetchStub } from '../../test/helpers/portal-fetch.js';
import { deepElements, deepQuery, deepText, settled } from '../../test/unit/hostile-support.js';
import { quantityText } from '../../test/helpers/expected-format.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { useTestHooks } from '../../test/helpers/portal-hooks.js';

preloadBackends('flexprice');

let stub: PortalFetchStub;

/** Paths (after `/v1`) of the requests the server got, optionally only those sent with `token`. */
const paths = (token?: string | null) =>
  stub.calls.filter((c) => token === undefined || c.headers['x-session-token'] === token).map((c) => `${c.method} ${new URL(c.url).pathname.slice(3)}`);
/** The seeded customer as the server serves it. */
const served = () => stub.api.customer('cus-typical')!;
/** A second token for the same customer (the server's tokens are the same within a second for the same lifetime). */
const anotherToken = () => stub.mint({ ttlSeconds: 3599 });
/** Switches sections of the served `/config` off. */
const disableSections = (...ids: string[]) =>
  stub.api.patchCustomer('cus-typical', (c) => {
    for (const section of c.config.value.sections as { id: string; enabled: boolean }[]) if (ids.includes(section.id)) section.enabled = false;
  });

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabs = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const tabNames = (el: CustomerPortal) => tabs(el).map((t) => t.textContent!.trim());
const selected = (el: CustomerPortal) => tabs(el).find((t) => t.getAttribute('aria-selected') === 'true');
/** Presses `key` in the tab list; resolves the selected tab's name once the root has updated. */
const press = async (el: CustomerPortal, key: string) => {
  await sendKeys({ press: key });
  await el.updateComplete;
  return selected(el)!.textContent!.trim();
};
const visiblePanel = (el: CustomerPortal) => root(el).querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])');
/** Whether a loading state (busy region, loading placeholder or pending tab list) is on screen anywhere in the portal. */
const isLoading = (el: CustomerPortal) => deepElements(el).some((e) => e.matches('[aria-busy="true"], [part~="state-loading"], .tabs-pending'));
const tabsReady = (el: CustomerPortal) => waitUntil(() => tabs(el).length > 0, 'tab list never appeared');

/** The env the element provides to its tabs, read the way a tab does (a context request from inside). */
function readEnv(el: CustomerPortal): { current: PortalEnv | undefined; stop(): void } {
  const probe = document.createElement('span');
  el.append(probe);
  const box: { current: PortalEnv | undefined; stop(): void } = { current: undefined, stop: () => probe.remove() };
  probe.dispatchEvent(new ContextEvent(portalContext, probe, (value: PortalEnv) => (box.current = value), true));
  return box;
}

async function mount(token: string | null = stub.token): Promise<CustomerPortal> {
  const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${token ?? ''}></customer-portal>`);
  return el;
}

describe('<customer-portal>', () => {
  useTestHooks();
  beforeEach(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
  });
  afterEach(() => {
    stub.api.reset();
    stub.restore();
  });

  describe('registration', () => {
    it('is defined by define.ts and typed in HTMLElementTagNameMap', () => {
      expect(customElements.get('customer-portal')).to.equal(CustomerPortal);
      const el: CustomerPortal = document.createElement('customer-portal');
      expect(el).to.be.instanceOf(CustomerPortal);
    });

    it('never reflects the token', async () => {
      const token = await anotherToken();
      const el = await mount();
      el.token = token;
      await el.updateComplete;
      expect(el.outerHTML).not.to.contain(token);
      expect(root(el).innerHTML).not.to.contain(token);
    });
  });

  describe('tabs', () => {
    it('shows every tab in the fixed order with WAI-ARIA roles and a roving tabindex', async () => {
      const el = await mount();
      await tabsReady(el);
      const list = root(el).querySelector('[role="tablist"]')!;
      expect(list.getAttribute('aria-label')).to.equal('Billing sections');
      expect(list.getAttribute('part')).to.equal('tabs');
      expect(tabNames(el)).to.deep.equal(['Overview', 'Credits', 'Invoices', 'Usage']);
      for (const tab of tabs(el)) {
        const panel = root(el).getElementById(tab.getAttribute('aria-controls')!)!;
        expect(panel.getAttribute('role')).to.equal('tabpanel');
        expect(panel.getAttribute('aria-labelledby')).to.equal(tab.id);
        expect(panel.getAttribute('tabindex')).to.equal('0');
      }
      expect(selected(el)!.textContent!.trim()).to.equal('Overview');
      expect(tabs(el).map((t) => t.tabIndex)).to.deep.equal([0, -1, -1, -1]);
      expect(selected(el)!.getAttribute('part')).to.equal('tab tab-active');
      expect(tabs(el)[1]!.getAttribute('part')).to.equal('tab');
      expect(el.getAttribute('tab')).to.equal('overview');
    });

    it('moves with ArrowRight / ArrowLeft / Home / End, activating as it goes, and wraps', async () => {
      const el = await mount();
      await tabsReady(el);
      const changes: string[] = [];
      el.addEventListener('tab-change', (e: TabChangeEvent) => changes.push(e.detail.tab));
      tabs(el)[0]!.focus();

      expect(await press(el, 'ArrowRight')).to.equal('Credits');
      expect(root(el).activeElement).to.equal(selected(el));
      expect(tabs(el).map((t) => t.tabIndex)).to.deep.equal([-1, 0, -1, -1]);
      expect(el.getAttribute('tab')).to.equal('credits');
      expect(visiblePanel(el)!.id).to.equal('panel-credits');

      expect(await press(el, 'End')).to.equal('Usage');
      expect(root(el).activeElement).to.equal(selected(el));

      expect(await press(el, 'ArrowRight')).to.equal('Overview');

      expect(await press(el, 'ArrowLeft')).to.equal('Usage');

      expect(await press(el, 'Home')).to.equal('Overview');
      expect(root(el).activeElement).to.equal(selected(el));
      expect(changes).to.deep.equal(['credits', 'usage', 'overview', 'usage', 'overview']);
    });

    it('mirrors the arrow keys in right-to-left pages', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl"><customer-portal api-base=${stub.apiBase} token=${stub.token}></customer-portal></div>`,
      );
      const el = wrapper.querySelector('customer-portal')!;
      await tabsReady(el);
      tabs(el)[0]!.focus();
      expect(await press(el, 'ArrowLeft')).to.equal('Credits');
      expect(await press(el, 'ArrowRight')).to.equal('Overview');
    });

    it('fires tab-change on a click, but not when the host sets `tab`', async () => {
      const el = await mount();
      await tabsReady(el);
      let fired = 0;
      el.addEventListener('tab-change', () => fired++);
      el.tab = 'usage';
      await el.updateComplete;
      expect(el.getAttribute('tab')).to.equal('usage');
      expect(selected(el)!.textContent!.trim()).to.equal('Usage');
      expect(fired).to.equal(0);

      const event = oneEvent(el, 'tab-change');
      tabs(el)[2]!.click();
      const { detail } = (await event) as CustomEvent<unknown>;
      expect(detail).to.deep.equal({ tab: 'invoices' });
      expect(el.getAttribute('tab')).to.equal('invoices');
      tabs(el)[2]!.click(); // already selected: no event
      await el.updateComplete;
      expect(fired).to.equal(1);
    });

    it('opens on the tab given by the attribute', async () => {
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} tab="invoices"></customer-portal>`);
      await tabsReady(el);
      expect(selected(el)!.textContent!.trim()).to.equal('Invoices');
      // The Invoices tab's module loads lazily on first open.
      await waitUntil(() => root(el).querySelector('cp-section-panel[data-tab="invoices"]'), 'the Invoices tab never rendered');
      expect(root(el).querySelector('cp-section-panel[data-tab="overview"]')).to.be.null;
    });

    it('creates a tab element only when first opened, and keeps it (hidden, with its data) afterwards', async () => {
      const el = await mount();
      await tabsReady(el);
      await waitUntil(() => stub.calls.length > 3);
      expect(root(el).querySelector('cp-section-panel[data-tab="overview"]')).to.exist;
      expect(root(el).querySelector('cp-section-panel[data-tab="invoices"]')).to.be.null;
      expect(root(el).querySelector('cp-section-panel[data-tab="usage"]')).to.be.null;
      expect(paths().filter((p) => p === 'POST /customer/portal/invoices')).to.have.length(0);

      tabs(el)[2]!.click();
      await el.updateComplete;
      await waitUntil(() => root(el).querySelector('cp-section-panel[data-tab="invoices"]'), 'the Invoices tab never rendered');
      const invoices = root(el).querySelector('cp-section-panel[data-tab="invoices"]')!;
      await waitUntil(() => paths().includes('POST /customer/portal/invoices'), 'the Invoices tab never asked for invoices');
      await settled(el, 'the Invoices tab never loaded');
      // The Overview's forecast loads after its first paint (usage summary and history) and may still be
      // on its way: only the requests an Invoices tab could send are counted.
      const own = () => paths().filter((p) => !p.endsWith(' /customer/portal/usage') && !p.endsWith(' /customer/portal/analytics/revenue')).length;
      const count = own();
      const before = paths().slice();

      tabs(el)[0]!.click();
      await el.updateComplete;
      expect(invoices.isConnected).to.be.true;
      expect(invoices.closest('[role="tabpanel"]')!.hasAttribute('hidden')).to.be.true;
      tabs(el)[2]!.click();
      await el.updateComplete;
      await settled(el); // the switch's own updates (where a refetch would start) are done
      expect(root(el).querySelector('cp-section-panel[data-tab="invoices"]')).to.equal(invoices);
      expect(own(), `switching back sent requests: ${paths().slice(before.length).join(', ')} | before: ${before.join(', ')}`).to.equal(count);
    });

    it('scrolls the tab list horizontally on narrow widths', async () => {
      const el = await mount();
      await tabsReady(el);
      el.style.setProperty('inline-size', '160px');
      const list = root(el).querySelector<HTMLElement>('[role="tablist"]')!;
      expect(getComputedStyle(list).overflowX).to.equal('auto');
      expect(list.scrollWidth).to.be.greaterThan(list.clientWidth);
      expect(tabs(el).every((t) => t.getBoundingClientRect().height === tabs(el)[0]!.getBoundingClientRect().height)).to.be.true;
    });
  });

  describe('config and shared data', () => {
    it('leaves out a section /config disables and ignores its order', async () => {
      disableSections('invoices');
      const el = await mount();
      await tabsReady(el);
      expect(tabNames(el)).to.deep.equal(['Overview', 'Credits', 'Usage']);
      expect(root(el).querySelector('#panel-invoices')).to.be.null;
    });

    it('falls back to the first enabled tab when the requested one is absent', async () => {
      disableSections('overview');
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} tab="invoices"></customer-portal>`);
      await tabsReady(el);
      expect(selected(el)!.textContent!.trim()).to.equal('Invoices');
      el.tab = 'overview';
      await el.updateComplete;
      await el.updateComplete;
      expect(selected(el)!.textContent!.trim()).to.equal('Credits');
      expect(el.getAttribute('tab')).to.equal('credits');
    });

    it('has no Credits tab for a customer without wallets', async () => {
      stub.api.patchCustomer('cus-typical', (c) => c.wallets.splice(0));
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} tab="credits"></customer-portal>`);
      await tabsReady(el);
      expect(tabNames(el)).to.deep.equal(['Overview', 'Invoices', 'Usage']);
      expect(selected(el)!.textContent!.trim()).to.equal('Overview');
      expect(el.getAttribute('tab')).to.equal('overview');
      expect(root(el).querySelector('#panel-credits')).to.be.null;
    });

    it('shows every tab and fires portal-error (section config) when /config fails', async () => {
      stub.api.setFaults({ status: 503, retryAfter: 0, paths: ['/customer/portal/config'] });
      const errors: PortalErrorEvent['detail'][] = [];
      const el = document.createElement('customer-portal');
      el.addEventListener('portal-error', (e) => errors.push(e.detail));
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      await fixture(html`<div></div>`).then((div) => div.append(el));
      await tabsReady(el);
      expect(tabNames(el)).to.deep.equal(['Overview', 'Credits', 'Invoices', 'Usage']);
      await waitUntil(() => errors.length > 0);
      expect(errors.filter((e) => e.section === 'config')).to.deep.equal([
        { section: 'config', status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
      ]);
      expect(paths(el.token).filter((p) => p === 'GET /customer/portal/config').length, 'retries before giving up').to.equal(3);
    });

    it('asks for /info, /config and /wallets once, in the same wave as the first tab', async () => {
      const el = await mount();
      await tabsReady(el);
      await settled(el, 'the Overview never loaded');
      const sent = paths();
      expect(sent.filter((p) => p === 'GET /customer/portal/info')).to.have.length(1);
      expect(sent.filter((p) => p === 'GET /customer/portal/config')).to.have.length(1);
      expect(sent.filter((p) => p === 'POST /customer/portal/wallets')).to.have.length(1);
      expect(root(el).querySelector('h2')!.textContent).to.equal(served().info.name);
    });

    it('provides the zone: a valid attribute, else the customer’s, else the browser’s', async () => {
      const el = await mount();
      const env = readEnv(el);
      await waitUntil(() => env.current?.customer !== null && env.current?.customer !== undefined);
      expect(env.current!.timeZone).to.equal(served().info.timezone);
      expect(env.current!.timeZoneSettled).to.be.true;
      expect(env.current!.customer!.name).to.equal(served().info.name);
      expect(env.current!.backend).to.not.be.null;

      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
      try {
        el.timezone = 'Mars/Olympus_Mons';
        await el.updateComplete;
      } finally {
        console.warn = warn;
      }
      expect(env.current!.timeZone).to.equal(served().info.timezone);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('Mars/Olympus_Mons');
      expect(warnings[0]).not.to.contain(el.token!);

      el.timezone = 'Asia/Tokyo';
      await el.updateComplete;
      expect(env.current!.timeZone).to.equal('Asia/Tokyo');
      env.stop();
    });

    it('settles on the browser zone when /info fails, and tells the host', async () => {
      stub.api.setFaults({ status: 404, paths: ['/customer/portal/info'] });
      const errors: PortalErrorEvent['detail'][] = [];
      const el = document.createElement('customer-portal');
      el.addEventListener('portal-error', (e) => errors.push(e.detail));
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      const env = readEnv(el);
      (await fixture(html`<div></div>`)).append(el);
      await waitUntil(() => env.current?.timeZoneSettled === true);
      expect(env.current!.timeZone).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(errors.find((e) => e.section === 'session')).to.deep.include({ status: 404, code: 'not_found' });
      env.stop();
    });

    it('turns a tab’s failure into portal-error with its section, status and code', async () => {
      stub.api.setFaults({ status: 404, paths: ['/customer/portal/invoices'] });
      const errors: PortalErrorEvent['detail'][] = [];
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} tab="invoices"></customer-portal>`);
      el.addEventListener('portal-error', (e) => errors.push(e.detail));
      await waitUntil(() => errors.length > 0, 'no portal-error', { timeout: 5000 });
      expect(errors[0]).to.deep.include({ section: 'invoices', status: 404, code: 'not_found' });
      await expect(el).to.be.accessible();
    });

    it('fires portal-ready once, when the first tab has its data on screen', async () => {
      let ready = 0;
      /** What the Overview's cards show at the moment portal-ready is dispatched (read inside the listener). */
      let atReady: { loading: string[]; wallet: string; subscriptions: string; chartSeries: string[] } | null = null;
      const el = document.createElement('customer-portal');
      el.addEventListener('portal-ready', () => {
        ready++;
        if (ready > 1) return;
        const overview = root(el).querySelector('cp-section-panel[data-tab="overview"]')!;
        const card = (part: string) => deepQuery(overview, `[part~="${part}"]`);
        const cards = ['wallet-card', 'subscriptions-card', 'trend-card'];
        atReady = {
          loading: cards.filter((part) => !card(part) || deepElements(card(part)!).some((e) => e.matches('[aria-busy="true"], [part~="state-loading"], .skeleton'))),
          wallet: card('wallet-card') ? deepText(card('wallet-card')!).replace(/\s+/g, ' ') : '',
          subscriptions: card('subscriptions-card') ? deepText(card('subscriptions-card')!) : '',
          chartSeries: ((card('trend-card') && deepQuery<UsageChart>(card('trend-card')!, 'cp-usage-chart'))?.series ?? []).map((s) => s.label),
        };
      });
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      (await fixture(html`<div></div>`)).append(el);
      await waitUntil(() => ready === 1, 'portal-ready never fired', { timeout: 5000 });

      // The server's data was on screen when the event fired: every card out of its loading state, the
      // subscriptions' plan names, the wallet's balance (stored or real-time), a chart of its features.
      const c = served();
      expect(atReady!.loading, 'cards still loading at portal-ready').to.deep.equal([]);
      for (const sub of c.subscriptions as { plan: { name: string } }[]) expect(atReady!.subscriptions).to.contain(sub.plan.name);
      const wallet = c.wallets[0] as { id: string; credit_balance: string };
      const realTime = c.walletRealtime.get(wallet.id) as { real_time_credit_balance: string } | undefined;
      const balances = [wallet.credit_balance, realTime?.real_time_credit_balance].filter((b): b is string => !!b).map((b) => quantityText(b, 'credit', 'credits'));
      expect(balances.some((b) => atReady!.wallet.includes(b)), `the wallet shows ${balances.join(' or ')}: ${atReady!.wallet}`).to.equal(true);
      const features = (c.features as { name: string }[]).map((f) => f.name);
      expect(atReady!.chartSeries.length, 'the trend chart has series').to.be.greaterThan(0);
      expect(features).to.include.members(atReady!.chartSeries);

      tabs(el)[2]!.click();
      await waitUntil(() => paths().includes('POST /customer/portal/invoices'));
      const next = await anotherToken();
      el.token = next;
      // The new token's data is on screen: where a second portal-ready would have fired.
      await waitUntil(() => paths(next).includes('POST /customer/portal/invoices'), 'the new token never loaded Invoices');
      await settled(el, 'the new token’s Invoices never loaded');
      expect(ready).to.equal(1);
    });
  });

  describe('styling', () => {
    it('re-exposes the tabs’ parts so host CSS can reach them', async () => {
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} tab="invoices"></customer-portal>`);
      const invoices = await waitUntil(() => root(el).querySelector('cp-section-panel[data-tab="invoices"]')).then(() => root(el).querySelector('cp-section-panel[data-tab="invoices"]')!);
      expect(invoices.getAttribute('exportparts')).to.contain('card').and.contain('table').and.contain('state-error');
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('customer-portal::part(state) { outline: 3px solid rgb(1, 2, 3); }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      try {
        const state = await waitUntil(() => deepQuery(invoices, '[part~="state"]')).then(() => deepQuery(invoices, '[part~="state"]')!);
        expect(getComputedStyle(state).outlineColor).to.equal('rgb(1, 2, 3)');
      } finally {
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      }
    });
  });

  describe('theme', () => {
    it('applies /config colours under the host’s own custom properties', async () => {
      stub.api.patchCustomer('cus-typical', (c) => Object.assign(c.config.value.theme as object, { primary_color: 'rgb(1, 2, 3)', secondary_color: '#00ff00' }));
      const el = await mount();
      await tabsReady(el);
      const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
      await waitUntil(() => getComputedStyle(base).getPropertyValue('--customer-portal-primary').trim() === 'rgb(1, 2, 3)');
      expect(base.getAttribute('style') ?? '').not.to.contain('--customer-portal-primary');
      // The host's value wins over the tenant's.
      el.style.setProperty('--customer-portal-primary', 'rgb(9, 9, 9)');
      expect(getComputedStyle(base).getPropertyValue('--customer-portal-primary').trim()).to.equal('rgb(9, 9, 9)');
      const tab = root(el).querySelector('cp-section-panel[data-tab="overview"]')!;
      expect(getComputedStyle(tab).getPropertyValue('--customer-portal-primary').trim()).to.equal('rgb(9, 9, 9)');
    });

    it('switches colour scheme with `theme` and reflects it', async () => {
      const el = await mount();
      const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      expect(getComputedStyle(base).colorScheme).to.equal('dark');
      expect(getComputedStyle(base).getPropertyValue('--customer-portal-primary').trim()).to.equal('#a5b4fc');
      el.theme = 'light';
      await el.updateComplete;
      expect(getComputedStyle(base).colorScheme).to.equal('light');
      expect(getComputedStyle(base).getPropertyValue('--customer-portal-primary').trim()).to.equal('#4f46e5');
    });
  });

  describe('accessibility', () => {
    it('is accessible while loading', async () => {
      const gate = stub.api.hold('/customer/portal/');
      const el = await mount();
      // What is checked is the loading screen itself: a busy panel with loading placeholders, no data yet.
      await waitUntil(() => root(el).querySelector('[role="tabpanel"][aria-busy="true"]') || isLoading(el), 'no loading state on screen');
      expect(isLoading(el), 'a loading state is on screen').to.equal(true);
      expect(root(el).querySelector('h2'), 'no data yet').to.equal(null);
      await expect(el).to.be.accessible();
      expect(isLoading(el), 'still loading after the audit').to.equal(true);
      gate.release();
    });

    it('is accessible when loaded, in light and dark', async () => {
      const el = await mount();
      await tabsReady(el);
      await settled(el, 'the Overview never loaded');
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('is accessible with a failed config', async () => {
      stub.api.setFaults({ status: 503, retryAfter: 0, paths: ['/customer/portal/config'] });
      const el = await mount();
      await tabsReady(el);
      await expect(el).to.be.accessible();
    });
  });
});
