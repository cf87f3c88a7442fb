/**
 * Behaviours PRODUCT.md promises that had no test: the theme following
 * `prefers-color-scheme`, the locale default, the default `api-base`, the
 * `expiry-warning` attribute, every public event bubbling and composed (and
 * `invoice-download` seen on <customer-portal> itself), more than 10
 * subscriptions, chart tooltips, unlimited and soft limits, the Usage tab's
 * ranges and its CSV's contents. Against the reference portal handler at the
 * network edge (test/helpers/portal-fetch.ts); `fetch` is restored after each.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { UsageChart, type ChartSeries } from '../../src/ui/usage-chart/usage-chart.js';
import { SectionPanel } from '../../src/sections/section-panel.js';
import { LAYOUT } from '../../src/sections/registry.js';
import { defineOnce } from '../../src/ui/portal-element.js';
import type { Customer } from '../../src/api/model.js';
import type { PortalEnv } from '../../src/context.js';
import { FakeClock } from '../../src/session/testing/fake-clock.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { type TestPortalEnv, flexpriceBackend, testEnv } from '../helpers/test-env.js';
import { deepElements, deepQuery, deepText, openTab, settled } from './hostile-support.js';
import { addTestHooks, useTestHooks } from '../helpers/portal-hooks.js';
import { stubWindowOpen } from '../helpers/browser-stubs.js';

defineOnce('cp-section-panel', SectionPanel);
defineOnce('cp-usage-chart', UsageChart);

let stub: PortalFetchStub | null = null;

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabNames = (el: CustomerPortal) => [...root(el).querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());

async function mount(setup: (el: CustomerPortal) => void = () => {}, container?: ParentNode): Promise<CustomerPortal> {
  const el = document.createElement('customer-portal');
  el.apiBase = stub!.apiBase;
  el.token = stub!.token;
  setup(el);
  (container ?? (await fixture<HTMLDivElement>(html`<div></div>`))).append(el);
  return el;
}

/** The first match of `selector` inside the tab element `tag` (through its shadow roots). */
function inTab<T extends Element = HTMLElement>(el: Element, tag: string, selector: string): T | null {
  const tab = deepQuery(el, tag);
  return tab?.shadowRoot ? deepQuery<T>(tab.shadowRoot, selector) : null;
}

describe('spec behaviours', () => {
  useTestHooks();
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  describe('theme', () => {
    afterEach(() => emulateMedia({ colorScheme: 'light' }));

    it('theme="auto" (the default) follows prefers-color-scheme; light and dark override it', async () => {
      stub = await portalFetchStub();
      await emulateMedia({ colorScheme: 'light' });
      const el = await mount();
      await settled(el);
      expect(el.theme).to.equal('auto');
      const base = root(el).querySelector<HTMLElement>('[part~="base"]')!;
      const background = () => getComputedStyle(base).backgroundColor;
      const light = background();

      await emulateMedia({ colorScheme: 'dark' });
      await waitUntil(() => background() !== light, 'auto did not follow the dark preference');
      const dark = background();
      await expect(el).to.be.accessible();

      el.theme = 'light';
      await el.updateComplete;
      expect(background(), 'light under a dark preference').to.equal(light);
      await emulateMedia({ colorScheme: 'light' });
      el.theme = 'dark';
      await el.updateComplete;
      expect(background(), 'dark under a light preference').to.equal(dark);
      el.theme = 'auto';
      // (The media query's change event is delivered with the next rendering step.)
      await waitUntil(() => background() === light, 'auto did not follow the light preference back');
    });
  });

  describe('locale default', () => {
    const originalLang = document.documentElement.getAttribute('lang');
    afterEach(() => {
      if (originalLang === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', originalLang);
      delete (navigator as unknown as Record<string, unknown>).language; // the own property shadowing the prototype's
    });

    it('is the document’s lang when no locale is set', async () => {
      stub = await portalFetchStub();
      document.documentElement.setAttribute('lang', 'de-DE');
      const el = await mount();
      await waitUntil(() => tabNames(el)[0] === 'Übersicht', 'not German from <html lang>');
      expect(tabNames(el)).to.deep.equal(['Übersicht', 'Guthaben', 'Rechnungen', 'Nutzung']);
      expect(root(el).querySelector('[part~="base"]')!.getAttribute('lang')).to.equal('de-DE');
    });

    it('is navigator.language when the document has no lang', async () => {
      stub = await portalFetchStub();
      document.documentElement.removeAttribute('lang');
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'fr-FR' });
      const el = await mount();
      await waitUntil(() => tabNames(el)[0] === 'Aperçu', 'not French from navigator.language');
      expect(tabNames(el)).to.deep.equal(['Aperçu', 'Crédits', 'Factures', 'Consommation']);
    });

    it('the locale attribute wins over both', async () => {
      stub = await portalFetchStub();
      document.documentElement.setAttribute('lang', 'de-DE');
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'fr-FR' });
      const el = await mount((e) => (e.locale = 'en-GB'));
      await settled(el);
      expect(tabNames(el)).to.deep.equal(['Overview', 'Credits', 'Invoices', 'Usage']);
    });
  });

  describe('api-base', () => {
    it('defaults to https://api.cloud.flexprice.io/v1', async () => {
      stub = await portalFetchStub({ apiBase: 'https://api.cloud.flexprice.io/v1' });
      const el = document.createElement('customer-portal');
      el.token = stub.token;
      expect(el.apiBase).to.equal('https://api.cloud.flexprice.io/v1');
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await settled(el);
      expect(stub.calls.length).to.be.greaterThan(0);
      for (const call of stub.calls) expect(call.url.startsWith('https://api.cloud.flexprice.io/v1/customer/portal/'), call.url).to.equal(true);
      expect(deepText(el)).to.contain('Prepaid');
    });
  });

  describe('expiry-warning attribute', () => {
    it('sets the lead time of token-expiring from HTML', async () => {
      const clock = new FakeClock();
      addTestHooks({ now: clock.date, sessionTimers: clock.timers });
      stub = await portalFetchStub({ ttlSeconds: 600, now: clock.date });
      const exp = clock.now() + 600_000;
      const expiring: { secondsLeft: number; expiresAt: Date }[] = [];
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      host.addEventListener('token-expiring', (e) => expiring.push((e as CustomEvent<{ secondsLeft: number; expiresAt: Date }>).detail));
      const el = await fixture<CustomerPortal>(html`<customer-portal expiry-warning="30" api-base=${stub.apiBase} .token=${stub.token}></customer-portal>`, {
        parentNode: host,
      });
      expect(el.expiryWarning).to.equal(30);
      await clock.tick(570_000 - 1);
      expect(expiring).to.have.length(0);
      await clock.tick(1);
      expect(expiring).to.deep.equal([{ secondsLeft: 30, expiresAt: new Date(exp) }]);
    });
  });

  describe('public events', () => {
    it('every public event bubbles and is composed: a document listener hears them through a host’s shadow root', async () => {
      const clock = new FakeClock();
      addTestHooks({ now: clock.date, sessionTimers: clock.timers });
      stub = await portalFetchStub({ ttlSeconds: 120, now: clock.date });
      const names = ['portal-ready', 'tab-change', 'invoice-download', 'portal-error', 'token-expiring', 'token-expired'] as const;
      const heard = new Map<string, Event>();
      const listen = (e: Event) => heard.set(e.type, e);
      for (const name of names) document.addEventListener(name, listen);
      const opened = stubWindowOpen();
      try {
        // The portal inside another component's shadow root: only composed, bubbling events reach the document.
        const host = await fixture<HTMLDivElement>(html`<div></div>`);
        const shadow = host.attachShadow({ mode: 'open' });
        const el = await mount(() => {}, shadow);
        const ready = oneEvent(el, 'portal-ready');
        await ready;

        await openTab(el, 'Invoices');
        const row = inTab(el, 'cp-invoices-section', 'tbody tr')!;
        const number = row.querySelector('button[data-open]')!.textContent!.trim();
        // What a listener on <customer-portal> sees while the event is dispatched (targets are cleared after).
        let targetIsPortal = false;
        el.addEventListener('invoice-download', (e) => (targetIsPortal = e.target === el && e.currentTarget === el), { once: true });
        const download = oneEvent(el, 'invoice-download');
        row.querySelector<HTMLButtonElement>('td:last-child button')!.click();
        const event = (await download) as HTMLElementEventMap['invoice-download'];
        expect(targetIsPortal, 'heard on <customer-portal>, with the portal as its target').to.equal(true);
        expect(event.detail.invoiceNumber).to.equal(number);
        expect(event.detail.invoiceId).to.match(/\S/);
        await waitUntil(() => opened.calls.length === 1, 'the PDF never opened');

        stub.api.setFaults({ status: 500, paths: ['/analytics/revenue'] });
        await openTab(el, 'Usage');
        await waitUntil(() => heard.has('portal-error'), 'no portal-error', { timeout: 8000 });

        await clock.tick(120_000);
        await waitUntil(() => heard.has('token-expired'), 'no token-expired');
        for (const name of names) {
          const e = heard.get(name);
          expect(e, `${name} never reached the document`).to.exist;
          expect(e!.bubbles, `${name} bubbles`).to.equal(true);
          expect(e!.composed, `${name} is composed`).to.equal(true);
        }
      } finally {
        opened.restore();
        for (const name of names) document.removeEventListener(name, listen);
      }
    });
  });

  describe('Overview subscriptions', () => {
    it('shows the first 10 of 13 subscriptions and says how many more there are', async () => {
      stub = await portalFetchStub();
      stub.api.patchCustomer('cus-typical', (c: { subscriptions: Record<string, unknown>[] }) => {
        const first = c.subscriptions[0]!;
        for (let i = 1; i <= 10; i++) {
          const plan = { ...(first['plan'] as Record<string, unknown>), name: `Add-on ${i}` };
          c.subscriptions.push({ ...first, id: `sub_extra_${i}`, plan, plan_id: `plan_extra_${i}` });
        }
      });
      const el = await mount();
      await settled(el);
      const card = inTab(el, 'cp-section-panel[data-tab="overview"]', '[part~="subscriptions-card"]')!;
      expect(card.querySelectorAll('.subs > li')).to.have.length(10);
      expect(card.textContent).to.contain('and 3 more');
      expect(stub.calls.filter((c) => c.url.endsWith('/subscriptions')).map((c) => JSON.parse(c.body!) as unknown)).to.deep.equal([{ page: 1, limit: 10 }]);
      await expect(el).to.be.accessible();
    });
  });

  describe('usage limits', () => {
    it('shows unlimited and soft-limit features as such, and a hard limit with its numbers', async () => {
      stub = await portalFetchStub({ customer: 'cus-eur' });
      const el = await mount((e) => (e.locale = 'en-US'));
      await openTab(el, 'Usage');
      // The limits are their own section beside the Usage tab (it loads with the tab's panel).
      await waitUntil(() => inTab(el, 'cp-usage-limits-section', '[part~="quota-card"]'), 'no limits card');
      const card = inTab(el, 'cp-usage-limits-section', '[part~="quota-card"]')!;
      const row = (name: string) => [...card.querySelectorAll('li, tr, .quota')].find((r) => r.textContent!.includes(name));
      await waitUntil(() => row('Speicher') && row('SMS-Versand') && row('API-Aufrufe'), 'no limit rows');
      expect(row('Speicher')!.textContent).to.contain('Unlimited');
      expect(row('Speicher')!.textContent).not.to.contain('Soft limit');
      expect(row('SMS-Versand')!.textContent).to.contain('Soft limit');
      // Limited features show "used / limit unit"; the unlimited one has no limit to show.
      expect(row('SMS-Versand')!.textContent).to.match(/[\d,]+ \/ [\d,]+ SMS/);
      expect(row('API-Aufrufe')!.textContent).to.match(/[\d,]+ \/ [\d,]+ Aufrufe/);
      expect(row('API-Aufrufe')!.textContent).not.to.match(/Unlimited|Soft limit/);
      expect(row('Speicher')!.textContent).not.to.match(/ \/ /);
      await expect(el).to.be.accessible();
    });
  });
});

// ─────────────────────────────────────────────────────────── the Usage tab

const NOW = new Date('2026-03-10T16:00:00Z');
const customerOf = (timeZone: string): Customer => ({ id: 'c', externalId: 'cus-typical', name: 'X', email: '', timeZone });

async function mountUsage(presets: PortalEnv['config']['usagePresets'], timeZone = 'UTC') {
  const base = testEnv(flexpriceBackend(stub!.apiBase, stub!.token), { timeZone, customer: customerOf(timeZone), now: () => NOW });
  const env: PortalEnv = { ...base, config: { ...base.config, usagePresets: presets } };
  const wrapper = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}><cp-section-panel .slots=${LAYOUT.usage} .tab=${'usage'}></cp-section-panel></test-portal-env>`);
  const tab = wrapper.querySelector<SectionPanel>('cp-section-panel')!;
  await tabSettled(tab);
  return tab;
}

/** The Usage tab's sections are there, with no loading state or busy card left. */
const tabSettled = (tab: SectionPanel) =>
  waitUntil(
    () => deepQuery(tab, 'cp-usage-breakdown-section') && !deepQuery(tab, '[aria-busy="true"], .state.loading, [part~="state-loading"]'),
    'the Usage tab never settled',
    { timeout: 8000 },
  );

const usageBodies = () =>
  stub!.calls.filter((c) => c.url.endsWith('/analytics/revenue')).map((c) => JSON.parse(c.body!) as { start_time: string; end_time: string; window_size: string });

describe('the Usage tab: ranges and CSV', () => {
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  async function pick(tab: SectionPanel, label: string) {
    const button = deepElements(tab).filter((e): e is HTMLButtonElement => e.matches('.toolbar .segmented button')).find((b) => b.textContent!.trim() === label)!;
    const before = usageBodies().length;
    button.click();
    await waitUntil(() => usageBodies().length > before, `no request for ${label}`);
    await tabSettled(tab);
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    const chart = deepQuery<UsageChart>(tab, 'cp-usage-chart')!;
    return { body: usageBodies().at(-1)!, buckets: chart.buckets.map((b) => b.toISOString()) };
  }

  it('1d: the last 24 hours by the hour', async () => {
    stub = await portalFetchStub({ now: () => NOW });
    const tab = await mountUsage(['today', 'last_month']);
    const { body, buckets } = await pick(tab, '1d');
    expect(body.window_size).to.equal('HOUR');
    expect(buckets).to.have.length(24);
    expect(buckets.at(-1)).to.equal('2026-03-10T16:00:00.000Z');
    expect(buckets[0]).to.equal('2026-03-09T17:00:00.000Z');
    expect(Date.parse(body.start_time)).to.be.at.most(Date.parse(buckets[0]!));
  });

  it('30d: today and the 29 days before it, from midnight, by the day', async () => {
    stub = await portalFetchStub({ now: () => NOW });
    const tab = await mountUsage(['today', 'last_month']);
    const { body, buckets } = await pick(tab, '30d');
    expect(body.window_size).to.equal('DAY');
    expect(buckets).to.have.length(30);
    expect(buckets[0]).to.equal('2026-02-09T00:00:00.000Z');
    expect(buckets.at(-1)).to.equal('2026-03-10T00:00:00.000Z');
    expect(body.start_time).to.equal('2026-02-09T00:00:00.000Z');
  });

  it('Today: since midnight in the display zone, by the hour', async () => {
    stub = await portalFetchStub({ now: () => NOW });
    const tab = await mountUsage(['today', 'last_month']);
    const { body, buckets } = await pick(tab, 'Today');
    expect(body.window_size).to.equal('HOUR');
    expect(body.start_time).to.equal('2026-03-10T00:00:00.000Z');
    expect(buckets[0]).to.equal('2026-03-10T00:00:00.000Z');
    expect(buckets.at(-1)).to.equal('2026-03-10T16:00:00.000Z');
  });

  it('Last month: the previous calendar month, by the day', async () => {
    stub = await portalFetchStub({ now: () => NOW });
    const tab = await mountUsage(['today', 'last_month']);
    const { body, buckets } = await pick(tab, 'Last month');
    expect(body.window_size).to.equal('DAY');
    expect(body.start_time).to.equal('2026-02-01T00:00:00.000Z');
    expect(Date.parse(body.end_time)).to.equal(Date.parse('2026-03-01T00:00:00.000Z'));
    expect(buckets).to.have.length(28);
    expect(buckets[0]).to.equal('2026-02-01T00:00:00.000Z');
    expect(buckets.at(-1)).to.equal('2026-02-28T00:00:00.000Z');
  });

  it('exports a CSV whose rows are the server’s totals per feature', async () => {
    stub = await portalFetchStub({ now: () => NOW });
    const tab = await mountUsage([], 'America/New_York');
    const blobs: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof Blob) blobs.push(obj);
      return createObjectURL.call(URL, obj);
    };
    const stopDownload = (e: Event) => {
      if ((e.composedPath()[0] as HTMLAnchorElement).download) e.preventDefault();
    };
    document.addEventListener('click', stopDownload, true);
    try {
      const card = deepQuery(tab, '[part~="breakdown-card"]')!;
      [...card.querySelectorAll('button')].find((b) => b.textContent!.includes('Export CSV'))!.click();
    } finally {
      URL.createObjectURL = createObjectURL;
      document.removeEventListener('click', stopDownload, true);
    }
    expect(blobs).to.have.length(1);
    expect(blobs[0]!.type).to.equal('text/csv;charset=utf-8');
    const text = (await blobs[0]!.text()).replace(/^\ufeff/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).to.equal('Feature,Group,Total usage,Unit,Events,Total cost,Currency,From,To');

    // Expected values from the server's own answer to the tab's request (re-asked from the handler).
    // The tab's range request is the first one; the forecast's requests follow once the tab's data is on screen.
    const call = stub.calls.find((c) => c.url.endsWith('/analytics/revenue'))!;
    const answer = await stub.api.handle({ method: 'POST', url: new URL(call.url).pathname, headers: call.headers, body: call.body });
    // The server's own per-feature totals (not the product's sums of its points).
    const items = (JSON.parse(answer.body) as { items: { name: string; unit_plural: string; total_usage: string; total_cost: string; event_count: number }[] }).items;
    expect(items.length).to.be.greaterThan(1);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).to.have.length(items.length);
    for (const item of items) {
      const row = rows.find((r) => r[0] === item.name);
      expect(row, item.name).to.exist;
      expect(row![2], `${item.name} usage`).to.equal(item.total_usage);
      expect(row![3]).to.equal(item.unit_plural);
      expect(row![4], `${item.name} events`).to.equal(String(item.event_count));
      expect(row![5], `${item.name} cost`).to.equal(item.total_cost);
      expect(row![6]).to.equal('USD');
      expect(row!.slice(7)).to.deep.equal(['2026-03-04', '2026-03-10']);
    }
  });
});

// ─────────────────────────────────────────────────────────── chart tooltips

describe('<cp-usage-chart> tooltips', () => {
  it('show the bucket’s time in the zone, the feature, and the quantity with its unit', async () => {
    const start = Date.parse('2026-03-05T00:00:00Z');
    const buckets = Array.from({ length: 24 }, (_, i) => new Date(start + i * 3_600_000));
    const series: ChartSeries[] = [
      { key: 'api', label: 'API calls', unitSingular: 'call', unitPlural: 'calls', points: buckets.map((time, i) => ({ time, value: 1000 + i })) },
      { key: 'gb', label: 'Storage', unitSingular: 'GB', unitPlural: 'GB', points: buckets.map((time, i) => ({ time, value: i + 0.5 })) },
    ];
    const el = await fixture<UsageChart>(
      html`<cp-usage-chart label="Usage" window="hour" locale="en-US" time-zone="Asia/Tokyo" .series=${series} .buckets=${buckets}></cp-usage-chart>`,
    );
    await waitUntil(() => (el as unknown as { chart: unknown }).chart, 'chart drawn', { timeout: 5000 });
    await el.drawComplete;
    const chart = (el as unknown as { chart: import('chart.js').Chart<'line'> }).chart;
    const tooltipAt = (datasetIndex: number, index: number) => {
      const point = chart.getDatasetMeta(datasetIndex).data[index]!;
      chart.tooltip!.setActiveElements([{ datasetIndex, index }], { x: point.x, y: point.y });
      return { title: chart.tooltip!.title, lines: chart.tooltip!.body.flatMap((b) => b.lines) };
    };
    // 05:00 UTC is 14:00 in Tokyo.
    const hourRange = (from: number) =>
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).formatRange(new Date(start + from * 3_600_000), new Date(start + (from + 1) * 3_600_000));
    expect(tooltipAt(0, 5)).to.deep.equal({ title: [hourRange(5)], lines: ['API calls: 1,005 calls'] });
    expect(hourRange(5)).to.contain('2:00');
    expect(tooltipAt(1, 1)).to.deep.equal({ title: [hourRange(1)], lines: ['Storage: 1.5 GB'] });
  });
});
