/**
 * Lazily loaded tabs: Credits, Invoices and Usage are imported on first open
 * (loading state in the panel meanwhile), prefetched when idle after
 * `portal-ready`, and a failed import shows an error with a retry in its panel
 * and a `portal-error`. Runs in its own page, so no tab module is loaded before
 * the first test (the module loads are gated through the test hook).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalTab } from '../../src/events.js';

type LazyTab = Exclude<PortalTab, 'overview'>;
import type { PortalErrorEvent } from '../../src/events.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepQuery, deepText, settled } from './hostile-support.js';
import { LAYOUT, SECTIONS } from '../../src/sections/registry.js';
import { preloadBackends } from '../helpers/backends.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

type Gate = { mode: 'pass' | 'fail' | 'hold'; release?: () => void };
const gates: Record<LazyTab, Gate> = { credits: { mode: 'fail' }, invoices: { mode: 'hold' }, usage: { mode: 'pass' } };
const imports: LazyTab[] = [];
let stub: PortalFetchStub;

/** Whether every section of the tab's layout is registered (of alternatives, the first: what a Flexprice session shows). */
const defined = (tab: LazyTab) =>
  LAYOUT[tab].map((slot) => (typeof slot === 'string' ? slot : slot[0]!)).every((name) => customElements.get(SECTIONS[name].tag) !== undefined);
const panel = (el: CustomerPortal, tab: string) => el.shadowRoot!.querySelector<HTMLElement>(`#panel-${tab}`)!;
const tabButton = (el: CustomerPortal, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent!.trim() === name)!;
/** Message keys shown instead of text would mean an area's English strings were not there. */
const RAW_KEY = /\b(?:common|shell|overview|usage|credits|invoices)\.[a-z]\w*(?:\.\w+)*/;

describe('lazily loaded tabs', () => {
  useTestHooks({
    importTab: (tab, load) => {
      imports.push(tab);
      const gate = gates[tab];
      if (gate.mode === 'fail') return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      if (gate.mode === 'hold') return new Promise((resolve, reject) => (gate.release = () => load().then(resolve, reject)));
      return load();
    },
  });
  beforeEach(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
  });
  afterEach(() => stub.restore());

  it('the first chunk renders the shell and Overview in English, then prefetches the other tabs when idle, quietly', async () => {
    const errors: PortalErrorEvent[] = [];
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} .token=${stub.token} @portal-error=${(e: PortalErrorEvent) => errors.push(e)}></customer-portal>`);
    expect(defined('credits')).to.equal(false);
    await oneEvent(el, 'portal-ready');
    await settled(el);
    expect(deepText(el)).not.to.match(RAW_KEY);
    // Idle prefetch after portal-ready: every enabled tab's module is asked for, the held and failing ones too.
    await waitUntil(() => ['credits', 'invoices', 'usage'].every((t) => imports.includes(t as LazyTab)), `prefetched ${imports.join(', ')}`, { timeout: 5000 });
    await waitUntil(() => defined('usage'), 'usage sections defined by the prefetch');
    expect(errors, 'a failed prefetch is quiet').to.have.length(0);
    expect(defined('invoices')).to.equal(false);

    // Opening a tab whose module is still on its way: the standard loading state in its panel, never blank.
    tabButton(el, 'Invoices').click();
    await el.updateComplete;
    const invoices = panel(el, 'invoices');
    expect(invoices.hidden).to.equal(false);
    expect(deepQuery(invoices, '[part~="state-loading"][role="status"]')).to.exist;
    expect(invoices.getBoundingClientRect().height).to.be.greaterThan(40);
    await expect(el).to.be.accessible();
    gates.invoices.release!();
    await waitUntil(() => defined('invoices') && !deepQuery(invoices, '.pending'), 'the invoices sections replaced the loading state');
    await settled(el);
    expect(deepQuery(invoices, '[part~="state-loading"]')).to.equal(null);
    expect(deepText(invoices)).to.contain('Invoice');
    expect(deepText(el)).not.to.match(RAW_KEY);

    // The prefetched Usage tab opens at once: no loading state of the root in its panel.
    tabButton(el, 'Usage').click();
    await el.updateComplete;
    expect(deepQuery(panel(el, 'usage'), '.pending')).to.equal(null);
    await settled(el);
    expect(deepText(panel(el, 'usage'))).not.to.match(RAW_KEY);
    expect(errors).to.have.length(0);
  });

  it('a tab module that fails to load shows an error with a retry in its panel and fires portal-error; retry loads it', async () => {
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} .token=${stub.token}></customer-portal>`);
    await oneEvent(el, 'portal-ready');
    const failed = oneEvent(el, 'portal-error');
    tabButton(el, 'Credits').click();
    const { detail } = (await failed) as CustomEvent<unknown>;
    expect(detail).to.include({ section: 'credits', status: 0, code: 'chunk_load_failed' });
    const credits = panel(el, 'credits');
    await waitUntil(() => deepQuery(credits, '[part~="state-error"]'), 'error state in the Credits panel');
    expect(deepQuery(credits, '[role="alert"]')!.textContent).to.contain('Check your connection');
    await expect(el).to.be.accessible();

    gates.credits.mode = 'pass';
    deepQuery<HTMLButtonElement>(credits, '[part~="retry-button"]')!.click();
    await waitUntil(() => defined('credits') && !deepQuery(credits, '.pending'), 'the credits sections after retry');
    await settled(el);
    expect(deepQuery(credits, '[part~="state-error"]')).to.equal(null);
    expect(deepText(credits)).to.contain('Prepaid');
    expect(deepText(credits)).not.to.match(RAW_KEY);
    await expect(el).to.be.accessible();
  });
});
