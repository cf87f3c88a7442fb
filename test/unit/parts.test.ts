/**
 * The styling contract against the DOM: every CSS part the custom elements
 * manifest documents for <customer-portal> (the analyzer's own output, served
 * by the test runner; see web-test-runner.config.mjs) is reachable from the
 * host page — a `customer-portal::part(x)` rule in a real light-DOM stylesheet
 * styles at least one element of a seeded portal in some state — and every
 * part a page can reach is documented.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepElements, deepQuery, openTab, settled } from './hostile-support.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

interface ManifestPart {
  name: string;
  description?: string;
}
interface Manifest {
  modules: { declarations?: { tagName?: string; cssParts?: ManifestPart[] }[] }[];
}

async function documentedParts(): Promise<string[]> {
  const res = await fetch('/__cem/custom-elements.json');
  expect(res.ok, 'the manifest is served').to.equal(true);
  const manifest = (await res.json()) as Manifest;
  const decl = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'customer-portal');
  return (decl?.cssParts ?? []).map((p) => p.name);
}

/** A custom property per part: set only by `customer-portal::part(x)`, so an element has it set on itself or inherited. */
const marker = (name: string) => `--cp-test-part-${name}`;

/** Installs a real stylesheet in the document: one `::part()` rule per name. */
function installPartRules(names: string[]): () => void {
  const style = document.createElement('style');
  style.textContent = names.map((n) => `customer-portal::part(${n}) { ${marker(n)}: styled; }`).join('\n');
  document.head.append(style);
  return () => style.remove();
}

/** The parent whose computed style an element inherits (its parent, or the shadow host). */
function inheritParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** Part names the host stylesheet styles on some element now on screen (set on the element, not inherited). */
function styledParts(el: CustomerPortal, names: string[]): Set<string> {
  const found = new Set<string>();
  for (const node of deepElements(el)) {
    const style = getComputedStyle(node);
    const parent = inheritParent(node);
    const parentStyle = parent ? getComputedStyle(parent) : null;
    for (const name of names) {
      if (found.has(name)) continue;
      const own = style.getPropertyValue(marker(name)).trim();
      if (own === 'styled' && parentStyle?.getPropertyValue(marker(name)).trim() !== 'styled') found.add(name);
    }
  }
  return found;
}

/** `exportparts="a, b: c"` as a map inner → outer names. */
function exportMap(host: Element): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const item of (host.getAttribute('exportparts') ?? '').split(',')) {
    const [inner, outer] = item.split(':').map((s) => s.trim());
    if (!inner) continue;
    map.set(inner, [...(map.get(inner) ?? []), outer || inner]);
  }
  return map;
}

/** Part names a page can reach right now: the root's own parts and the ones forwarded (exportparts) out of nested shadow roots. */
function exposedParts(el: CustomerPortal): Set<string> {
  const out = new Set<string>();
  const walk = (root: ShadowRoot, rename: (name: string) => string[]) => {
    for (const node of root.querySelectorAll('*')) {
      for (const name of node.part) for (const outer of rename(name)) out.add(outer);
      if (node.shadowRoot) {
        const map = exportMap(node);
        walk(node.shadowRoot, (name) => (map.get(name) ?? []).flatMap(rename));
      }
    }
  };
  walk(el.shadowRoot!, (name) => [name]);
  return out;
}

/** The first match of `selector` inside the tab element `tag` (through its shadow roots). */
function inTab<T extends Element = HTMLElement>(el: CustomerPortal, tag: string, selector: string): T | null {
  const tab = deepQuery(el, tag);
  return tab?.shadowRoot ? deepQuery<T>(tab.shadowRoot, selector) : null;
}

describe('<customer-portal> styling contract: ::part()', () => {
  let stub: PortalFetchStub | null = null;
  let removeRules: () => void = () => {};
  let documented: string[] = [];
  const styled = new Set<string>();
  const exposed = new Set<string>();

  before(async function () {
    this.timeout(60_000); // the analyzer runs once per test run, at start
    documented = await documentedParts();
    removeRules = installPartRules(documented);
  });
  after(() => removeRules());
  useTestHooks();
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  /** Records what the host page can style and reach in the portal as it is now. */
  const look = (el: CustomerPortal) => {
    for (const name of styledParts(el, documented)) styled.add(name);
    for (const name of exposedParts(el)) exposed.add(name);
  };

  /** Mounts `customer`'s portal; requests whose path contains `hold` wait at the server until `stub.api.reset()`. */
  async function mount(customer: string, setup: (el: CustomerPortal) => void = () => {}, hold: string | null = null): Promise<CustomerPortal> {
    stub = await portalFetchStub({ customer });
    if (hold) stub.api.hold(hold);
    const el = document.createElement('customer-portal');
    el.apiBase = stub.apiBase;
    el.token = stub.token;
    setup(el);
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    return el;
  }

  it('documents a non-trivial list of parts', () => {
    expect(documented).to.include.members(['tabs', 'tab', 'panel', 'card', 'table', 'chart', 'state-error', 'status-badge']);
  });

  it('a typical customer, every tab, the invoice dialog and a chart’s table view', async () => {
    // With the vendor's hosted portal link, as a merchant hands it over (the "Manage billing" button).
    const el = await mount('cus-typical', (e) => (e.portalUrl = 'https://billing.example/portal'));
    await settled(el);
    look(el);
    await openTab(el, 'Credits');
    look(el);
    await openTab(el, 'Invoices');
    look(el);
    inTab<HTMLButtonElement>(el, 'cp-invoices-section', 'button[data-open]')?.click();
    await waitUntil(() => inTab(el, 'cp-invoices-section', 'dialog[open] table'), 'invoice detail never opened');
    look(el);
    await sendKeys({ press: 'Escape' });
    await openTab(el, 'Usage');
    await waitUntil(() => inTab(el, 'cp-usage-chart-section', 'cp-usage-chart'), 'no usage chart');
    for (const chart of deepElements(el).filter((e) => e.localName === 'cp-usage-chart')) {
      chart.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-controls="data-table"]')?.click();
      await (chart as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    }
    await settled(el);
    look(el);
  });

  it('paged lists: 2,000 invoices and 5,000 wallet transactions', async () => {
    const many = await mount('cus-many-invoices', (e) => (e.tab = 'invoices'));
    await waitUntil(() => inTab(many, 'cp-invoices-section', 'cp-pager'), 'no invoice pager', { timeout: 8000 });
    look(many);
    const pagerParts = ['pager', 'pager-range', 'pager-button'];
    expect([...styledParts(many, pagerParts)].sort(), 'the Invoices pager').to.deep.equal(pagerParts.sort());
    stub!.restore();
    many.remove();
    const credits = await mount('cus-many-transactions', (e) => (e.tab = 'credits'));
    await waitUntil(() => inTab(credits, 'cp-transactions-section', 'cp-pager'), 'no credits pager', { timeout: 8000 });
    look(credits);
    expect([...styledParts(credits, pagerParts)].sort(), 'the Credits pager, styled like the Invoices one').to.deep.equal(pagerParts.sort());
  });

  it('several wallets, a running export, an empty customer', async () => {
    const multi = await mount('cus-multi-wallet', (e) => (e.tab = 'credits'));
    await waitUntil(() => inTab(multi, 'cp-credit-wallet-section', '[part~="wallet-selector"]'), 'no wallet picker', { timeout: 8000 });
    await settled(multi);
    look(multi);
    // An export that stays running (its page requests wait at the server) shows its cancel button.
    const exportPages = stub!.api.hold('/transactions');
    inTab<HTMLButtonElement>(multi, 'cp-transactions-section', '[part~="export-button"]')!.click();
    await waitUntil(() => inTab(multi, 'cp-transactions-section', '[part~="export-cancel"]'), 'no cancel button while exporting');
    look(multi);
    inTab<HTMLButtonElement>(multi, 'cp-transactions-section', '[part~="export-cancel"]')!.click();
    exportPages.release();
    stub!.restore();
    multi.remove();

    const empty = await mount('cus-empty');
    await settled(empty);
    look(empty);
    await openTab(empty, 'Invoices');
    look(empty);
  });

  it('loading, error with retry, and every session state', async () => {
    const loading = await mount('cus-typical', () => {}, '/customer/portal/');
    await waitUntil(() => deepQuery(loading, '[part~="state-loading"]'), 'no loading state');
    look(loading);
    stub!.api.reset();
    stub!.restore();
    loading.remove();

    const failing = await mount('cus-typical', () => {});
    stub!.api.setFaults({ status: 500, paths: ['/invoices'] });
    failing.tab = 'invoices';
    await waitUntil(() => deepQuery(failing, '[part~="state-error"]'), 'no error state', { timeout: 8000 });
    look(failing);
    stub!.restore();
    failing.remove();

    const missing = await mount('cus-typical', (e) => (e.token = ''));
    await missing.updateComplete;
    look(missing);
    missing.token = 'not-a-jwt';
    await missing.updateComplete;
    look(missing);
    missing.token = await stub!.mint({ expired: true });
    await waitUntil(() => deepQuery(missing, '[part~="expired"]'), 'no expired notice');
    look(missing);
    stub!.restore();
    missing.remove();

    const renewing = await mount('cus-typical', (e) => {
      e.tokenProvider = () => new Promise<string>(() => {}); // a renewal that never finishes
    });
    renewing.token = await stub!.mint({ expired: true });
    await waitUntil(() => deepQuery(renewing, '[part~="refreshing"]'), 'no renewing state');
    look(renewing);

    // backend="hosted" (Pabbly): the link-out card is the whole UI, with the session's remaining time.
    const hosted = document.createElement('customer-portal');
    hosted.backend = 'hosted';
    hosted.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=parts';
    hosted.expiresAt = new Date(Date.now() + 3600_000).toISOString();
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(hosted);
    await waitUntil(() => deepQuery(hosted, '[part~="open-button"]') && deepQuery(hosted, '[part~="expiry"]'), 'no hosted card');
    look(hosted);
  });

  it('every documented part is reachable by a ::part() rule on the host page', () => {
    const unreachable = documented.filter((name) => !styled.has(name));
    expect(unreachable, 'documented parts no host rule styles in any state').to.deep.equal([]);
  });

  it('every part a page can reach is documented, and every documented one is exposed', () => {
    const undocumented = [...exposed].filter((name) => !documented.includes(name));
    expect(undocumented, 'exposed parts missing from the manifest').to.deep.equal([]);
    expect([...exposed].sort()).to.deep.equal([...documented].sort());
  });
});
