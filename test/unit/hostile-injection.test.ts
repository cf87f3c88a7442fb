/**
 * Hostile strings from the API and from the host are rendered as text, never
 * run: a corpus of payloads (HTML and SVG with event handlers, script tags,
 * javascript: URLs, template-expression and placeholder strings, RTL and
 * emoji, very long strings) in every field a user sees, through every tab and
 * the invoice detail dialog. No payload runs, no element is injected, and the
 * payload's text is on screen exactly as sent.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepElements, deepQuery, deepText, hostile, injectionFindings, openTab, settled, trapInjection } from './hostile-support.js';
import { preloadBackends } from '../helpers/backends.js';
import { NO_RETRIES, useTestHooks } from '../helpers/portal-hooks.js';
import { stubWindowOpen } from '../helpers/browser-stubs.js';

preloadBackends('flexprice');

type Trap = ReturnType<typeof trapInjection>;
let stub: PortalFetchStub | null = null;
let trap: Trap | null = null;
/** The page's own fetch: every test leaves it in place, whatever it replaced it with. */
const pageFetch = window.fetch;
/** Undo steps of what a test replaced (run in reverse, before the stub is restored). */
const restores: (() => void)[] = [];

function cleanUp(): void {
  for (const undo of restores.splice(0).reverse()) undo();
  stub?.restore();
  stub = null;
  trap?.restore();
  trap = null;
  expect(window.fetch === pageFetch, 'window.fetch is the page’s own again after the test').to.equal(true);
}
const DOCUMENT_RISKY = 'script, iframe, img, svg, object, embed';
/** The test runner's own page has scripts: count what is there before a test. */
let documentBaseline = 0;

const KINDS = ['img-onerror', 'svg-onload', 'script', 'javascript-url', 'iframe', 'template-expressions', 'anchor-style', 'rtl-emoji', 'very-long'];

/** One payload of the corpus per field, each with the field's own marker. */
function payloadsFor(kind: number) {
  const p = (marker: string) => hostile(marker)[kind]!;
  return {
    name: p('CUSNAME'),
    email: p('CUSMAIL'),
    plan: p('PLANNAME'),
    planDescription: p('PLANDESC'),
    invoiceNumber: p('INVNUM'),
    invoiceDescription: p('INVDESC'),
    lineItem: p('LINEITEM'),
    wallet: p('WALLETNAME'),
    transaction: p('TXDESC'),
    feature: p('FEATNAME'),
    group: p('GROUPNAME'),
    unit: p('UNITNAME'),
    metadata: p('METADATA'),
  };
}

function poison(s: PortalFetchStub, v: ReturnType<typeof payloadsFor>) {
  s.api.patchCustomer('cus-typical', (c) => {
    c.info.name = v.name;
    c.info.email = v.email;
    c.info.metadata = { note: v.metadata, [v.metadata]: v.metadata };
    for (const sub of c.subscriptions) {
      const plan = sub.plan as Record<string, unknown>;
      plan.name = v.plan;
      plan.description = v.planDescription;
      sub.metadata = { note: v.metadata };
    }
    for (const inv of c.invoices) {
      inv.invoice_number = v.invoiceNumber;
      inv.description = v.invoiceDescription;
      inv.metadata = { note: v.metadata };
    }
    for (const { lines } of c.invoiceLines.values()) {
      for (const line of lines) {
        line.display_name = v.lineItem;
        line.plan_display_name = v.lineItem;
        line.meter_display_name = v.lineItem;
      }
    }
    for (const w of c.wallets) {
      w.name = v.wallet;
      w.description = v.wallet;
      w.metadata = { note: v.metadata };
    }
    for (const list of c.transactions.values()) {
      for (const tx of list.slice(0, 30)) {
        tx.description = v.transaction;
        tx.metadata = { note: v.metadata };
      }
    }
    for (const f of c.features) {
      f.name = v.feature;
      f.unit = v.unit;
      f.units = v.unit;
      if (f.group && typeof f.group === 'object') (f.group as Record<string, unknown>).name = v.group;
    }
    const value = c.config.value as Record<string, unknown>;
    value.theme = { primary_color: `red;}</style><img src=x onerror="window.__pwned('theme')">`, secondary_color: v.name, tertiary_color: 'javascript:alert(1)' };
  });
}

async function mount(s: PortalFetchStub) {
  const el = document.createElement('customer-portal');
  el.apiBase = s.apiBase;
  el.token = s.token;
  (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
  return el;
}

/** Nothing ran, nothing was injected in the portal or in the document. */
async function expectInert(el: Element, where: string) {
  // Image errors are asynchronous: a control image with a broken source, started now, reports its
  // error after the image tasks queued before it (no network: a corrupt data: URL).
  await new Promise<void>((resolve) => {
    const probe = new Image();
    probe.onerror = () => resolve();
    probe.onload = () => resolve();
    probe.src = 'data:image/png;base64,AAAA';
  });
  await new Promise<void>((r) => requestAnimationFrame(() => r()));
  expect(trap!.calls, `no payload ran (${where})`).to.deep.equal([]);
  expect(injectionFindings(el), `no injected element or handler (${where})`).to.deep.equal([]);
  expect(document.querySelectorAll(DOCUMENT_RISKY).length, 'nothing injected into the document').to.equal(documentBaseline);
}

describe('hostile strings from the API are text', () => {
  useTestHooks();
  beforeEach(() => {
    trap = trapInjection();
    documentBaseline = document.querySelectorAll(DOCUMENT_RISKY).length;
  });
  afterEach(cleanUp);

  KINDS.forEach((kind, index) => {
    it(`${kind}: every field of every tab and the invoice detail`, async () => {
      stub = await portalFetchStub({ customer: 'cus-typical' });
      const v = payloadsFor(index);
      poison(stub, v);
      const el = await mount(stub);
      await settled(el);
      const header = el.shadowRoot!.querySelector('h2');
      expect(header?.textContent).to.equal(v.name);
      expect(deepText(el)).to.contain(v.plan);
      expect(deepText(el)).to.contain(v.wallet);
      // Theme colours that are not colours are not applied.
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
      expect(base.style.getPropertyValue('--_cfg-primary')).to.equal('');
      expect(base.style.getPropertyValue('--_cfg-tertiary')).to.equal('');
      await expectInert(el, 'overview');

      await openTab(el, 'Credits');
      expect(deepText(el)).to.contain(v.transaction);
      await expectInert(el, 'credits');

      await openTab(el, 'Invoices');
      expect(deepText(el)).to.contain(v.invoiceNumber);
      await expectInert(el, 'invoices');
      const opener = deepQuery<HTMLButtonElement>(el, 'button[data-open]');
      expect(opener, 'an invoice to open').to.exist;
      opener!.click();
      const dialog = await waitUntil(() => deepQuery<HTMLDialogElement>(el, 'dialog[open]'), 'detail dialog', { timeout: 5000 }).then(() => deepQuery<HTMLDialogElement>(el, 'dialog[open]')!);
      await waitUntil(() => deepText(dialog).includes(v.lineItem), 'line items in the dialog', { timeout: 5000 });
      await expectInert(el, 'invoice detail');
      dialog.close();

      await openTab(el, 'Usage');
      const usage = deepText(el);
      expect(usage).to.contain(v.feature);
      expect(usage).to.contain(v.group);
      expect(usage).to.contain(v.unit);
      await expectInert(el, 'usage');
      expect(deepText(el)).not.to.contain('METADATA');
    });
  });

  it('shows a hostile error message from the server as text', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const inner = stub.fetch;
    const payload = hostile('ERRMSG')[0]!;
    const installed = window.fetch;
    restores.push(() => (window.fetch = installed));
    window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/customer/portal/subscriptions')) {
        return new Response(JSON.stringify({ code: `<b>x</b>`, message: payload }), { status: 409, headers: { 'content-type': 'application/json' } });
      }
      return inner(input, init);
    }) as typeof fetch;
    const el = await mount(stub);
    await waitUntil(() => deepText(el).includes(payload), 'the server’s message on screen', { timeout: 8000 });
    await expectInert(el, 'error state');
    await expect(el).to.be.accessible();
  });

  it('never opens a javascript: PDF link from the API', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setPublicUrls({ filesBaseUrl: "javascript:window.__pwned('pdf')//" });
    const opened = stubWindowOpen();
    try {
      const el = await mount(stub);
      await openTab(el, 'Invoices');
      const pdf = deepElements(el).find((e): e is HTMLButtonElement => e instanceof HTMLButtonElement && /^Download invoice .* PDF$/.test(e.getAttribute('aria-label') ?? ''));
      expect(pdf, 'a PDF button').to.exist;
      pdf!.click();
      await waitUntil(() => deepText(el).includes('not a safe address'), 'the unsafe-link message', { timeout: 5000 });
      expect(opened.calls).to.deep.equal([]);
      await expectInert(el, 'pdf');
    } finally {
      opened.restore();
    }
  });
});

describe('hostile strings from the host are text', () => {
  useTestHooks(NO_RETRIES);
  beforeEach(() => {
    trap = trapInjection();
    documentBaseline = document.querySelectorAll(DOCUMENT_RISKY).length;
  });
  afterEach(cleanUp);

  it('message overrides, locale, timezone, tab and theme attributes never become markup', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const payload = hostile('HOSTMSG')[0]!;
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const parent = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('customer-portal');
      el.messages = { 'shell.tab.overview': payload, 'overview.wallet.title': hostile('HOSTTITLE')[1]! };
      el.setAttribute('locale', `<img src=x onerror="window.__pwned('locale')">`);
      el.setAttribute('timezone', `<svg onload="window.__pwned('tz')">`);
      el.setAttribute('tab', `"><script>window.__pwned('tab')</script>`);
      el.setAttribute('theme', `<img src=x onerror="window.__pwned('theme')">`);
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      parent.append(el);
      await settled(el);
      const tab = el.shadowRoot!.querySelector('[role="tab"]')!;
      expect(tab.textContent!.trim()).to.equal(payload);
      expect(el.tab).to.equal('overview');
      expect(deepText(el)).to.contain(hostile('HOSTTITLE')[1]!);
      await expectInert(el, 'host strings');
      expect(warnings.some((w) => w.includes('unknown time zone'))).to.be.true;
    } finally {
      console.warn = warn;
    }
  });

  it('a javascript: api-base is never navigated to: the sections fail as network errors', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.restore();
    const el = document.createElement('customer-portal');
    el.apiBase = "javascript:window.__pwned('apibase')//";
    el.token = stub.token;
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    await waitUntil(() => deepElements(el).some((e) => e.matches('.state.error')), 'a section error', { timeout: 8000 });
    await expectInert(el, 'api-base');
    expect(location.protocol).to.match(/^https?:$/);
  });
});
