import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { UsageLimitsSection } from './usage-limits-section.js';
import { SectionPanel } from '../section-panel.js';
import { LAYOUT } from '../registry.js';
import { deepQuery } from '../../../test/unit/hostile-support.js';
import { defineOnce } from '../../ui/portal-element.js';
import { type TestPortalEnv, flexpriceBackend, testEnv } from '../../../test/helpers/test-env.js';
import { portalFetchStub, type PortalFetchStub } from '../../../test/helpers/portal-fetch.js';
import { restoredAfterEach } from '../../../test/helpers/restore.js';
import { fakeBackend } from '../../api/testing/fake-backend.js';
import type { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import type { PortalEnv } from '../../context.js';
import type { FeatureQuota, UsageSummary } from '../../api/model.js';

defineOnce('cp-usage-limits-section', UsageLimitsSection);
defineOnce('cp-section-panel', SectionPanel);

const NOW = new Date('2026-03-10T16:00:00Z');

async function mount(env: PortalEnv) {
  const wrapper = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}><cp-usage-limits-section></cp-usage-limits-section></test-portal-env>`);
  const el = wrapper.querySelector<UsageLimitsSection>('cp-usage-limits-section')!;
  await el.updateComplete;
  return el;
}
const card = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part~="quota-card"]')!;
const settle = (el: HTMLElement) =>
  waitUntil(() => !el.shadowRoot!.querySelector('[aria-busy="true"]') && !el.shadowRoot!.querySelector('.state.loading'), 'settled', { timeout: 8000 });
const summaryCalls = (stub: PortalFetchStub) => stub.calls.filter((c) => new URL(c.url).pathname.endsWith('/customer/portal/usage'));
const flexEnv = (stub: PortalFetchStub) => testEnv(flexpriceBackend(stub.apiBase, stub.token), { now: () => NOW });

const quota = (over: Partial<FeatureQuota>): FeatureQuota => ({
  featureId: 'f1',
  name: 'API calls',
  unitSingular: 'call',
  unitPlural: 'calls',
  usage: '1200',
  limit: null,
  unlimited: false,
  softLimit: false,
  nextResetAt: null,
  ...over,
});
const summaryOf = (features: FeatureQuota[]): UsageSummary => ({ features, periodStart: new Date('2026-03-01T00:00:00Z'), periodEnd: new Date('2026-04-01T00:00:00Z') });

describe('<cp-usage-limits-section>', () => {
  const startStub = restoredAfterEach(portalFetchStub);

  it('loaded: shows each feature against its limit, with its reset date and a bar', async () => {
    const stub = await startStub({ customer: 'cus-typical', now: () => NOW });
    const ready: SectionReadyEvent[] = [];
    const onReady = (e: Event) => ready.push(e as SectionReadyEvent);
    document.addEventListener('cp-section-ready', onReady);
    try {
      const el = await mount(flexEnv(stub));
      await settle(el);
      const quotas = card(el);
      expect(quotas.querySelectorAll('li').length).to.be.greaterThan(0);
      expect(quotas.textContent).to.contain('Current usage');
      expect(quotas.textContent).to.match(/[\d,]+ \/ [\d,]+ \w+/);
      expect(quotas.textContent).to.contain('Resets');
      const fill = quotas.querySelector<HTMLElement>('.fill')!;
      expect(fill.style.getPropertyValue('--_pct')).to.match(/%$/);
      const bar = quotas.querySelector('[role="progressbar"]')!;
      expect(bar.getAttribute('aria-valuetext')).to.match(/ of .+%\)$/);
      expect(summaryCalls(stub)).to.have.length(1);
      expect(ready.map((e) => e.ok)).to.deep.equal([true]);
      await expect(el).to.be.accessible();
    } finally {
      document.removeEventListener('cp-section-ready', onReady);
    }
  });

  it('shows unlimited and soft-limit features as such, and a hard limit with its numbers', async () => {
    const stub = await startStub({ customer: 'cus-eur' });
    const el = await mount(testEnv(flexpriceBackend(stub.apiBase, stub.token)));
    await settle(el);
    const row = (name: string) => [...card(el).querySelectorAll('.quota')].find((r) => r.textContent!.includes(name))!;
    expect(row('Speicher').textContent).to.contain('Unlimited');
    expect(row('Speicher').textContent).not.to.contain('Soft limit');
    expect(row('SMS-Versand').textContent).to.contain('Soft limit');
    expect(row('SMS-Versand').textContent).to.match(/[\d,]+ \/ [\d,]+ SMS/);
    expect(row('API-Aufrufe').textContent).to.match(/[\d,]+ \/ [\d,]+ Aufrufe/);
    expect(row('API-Aufrufe').textContent).not.to.match(/Unlimited|Soft limit/);
    expect(row('Speicher').textContent).not.to.match(/ \/ /);
    await expect(el).to.be.accessible();
  });

  it('empty: a customer with no metered features', async () => {
    const stub = await startStub({ customer: 'cus-empty', now: () => NOW });
    const el = await mount(flexEnv(stub));
    await settle(el);
    expect(card(el).textContent).to.contain('No metered features on your plan.');
    expect(card(el).querySelector('.quotas')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('loading: a busy card with the loading state until the server answers', async () => {
    const stub = await startStub({ customer: 'cus-typical', now: () => NOW });
    const gate = stub.api.hold('/customer/portal/usage');
    const el = await mount(flexEnv(stub));
    await waitUntil(() => summaryCalls(stub).length === 1, 'the summary request');
    expect(card(el).getAttribute('aria-busy')).to.equal('true');
    expect(card(el).querySelector('.state.loading')).to.exist;
    await expect(el).to.be.accessible();
    gate.release();
    await settle(el);
    expect(card(el).querySelectorAll('li').length).to.be.greaterThan(0);
  });

  it('error: reports it once (usage), offers a retry, and recovers', async () => {
    const stub = await startStub({ customer: 'cus-typical', now: () => NOW });
    stub.api.setFaults({ status: 503, statusCount: 1, paths: ['/customer/portal/usage'] });
    const errors: string[] = [];
    const ready: boolean[] = [];
    const onError = (e: Event) => errors.push((e as SectionErrorEvent).section);
    const onReady = (e: Event) => ready.push((e as SectionReadyEvent).ok);
    document.addEventListener('cp-section-error', onError);
    document.addEventListener('cp-section-ready', onReady);
    try {
      const el = await mount(flexEnv(stub));
      await waitUntil(() => card(el).querySelector('[role="alert"]'), 'error', { timeout: 5000 });
      expect(errors).to.deep.equal(['usage']);
      expect(ready).to.deep.equal([false]);
      await expect(el).to.be.accessible();
      card(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      await waitUntil(() => card(el).querySelector('.quotas li'), 'recovered', { timeout: 5000 });
      expect(card(el).querySelector('[role="alert"]')).to.equal(null);
      expect(summaryCalls(stub)).to.have.length(2);
      expect(errors).to.deep.equal(['usage']);
      await expect(el).to.be.accessible();
    } finally {
      document.removeEventListener('cp-section-error', onError);
      document.removeEventListener('cp-section-ready', onReady);
    }
  });

  it('respects the feature filter', async () => {
    const backend = fakeBackend({ usageSummary: summaryOf([quota({ featureId: 'a', name: 'Alpha', limit: 10 }), quota({ featureId: 'b', name: 'Beta', limit: 10 })]) });
    const base = testEnv(backend);
    const el = await mount({ ...base, config: { ...base.config, featureFilter: { mode: 'include', featureIds: ['b'] } } });
    await settle(el);
    expect([...card(el).querySelectorAll('.quota-name')].map((n) => n.textContent)).to.deep.equal(['Beta']);
  });

  describe('in the Usage tab\'s layout', () => {
    /** The Usage tab's panel; `tab` answers the other sections' elements once they are there. */
    async function mountWithTab(env: PortalEnv, slots = LAYOUT.usage) {
      const wrapper = await fixture<TestPortalEnv>(
        html`<test-portal-env .env=${env}><cp-section-panel .slots=${slots} .tab=${'usage'}></cp-section-panel></test-portal-env>`,
      );
      const panel = wrapper.querySelector<SectionPanel>('cp-section-panel')!;
      await waitUntil(() => deepQuery(panel, 'cp-usage-limits-section')?.shadowRoot, 'the limits section');
      const el = deepQuery<UsageLimitsSection>(panel, 'cp-usage-limits-section')!;
      return { tab: panel, el };
    }
    const inTab = (tab: SectionPanel, selector: string) => deepQuery(tab, selector);

    it('no usage history but limits (Polar-like): one shared summary request; the tab says why there is no chart, the section shows the limits', async () => {
      const backend = fakeBackend({
        capabilities: { usageSeries: null },
        usageSummary: summaryOf([quota({ limit: null, credited: '10000', balance: '8800' })]),
      });
      const { tab, el } = await mountWithTab(testEnv(backend));
      await settle(el);
      await waitUntil(() => inTab(tab, 'cp-period-usage-section')?.shadowRoot?.querySelector('.unavailable'), 'the no-history line');
      expect(inTab(tab, 'cp-period-usage-section')!.shadowRoot!.querySelector('[part~="quota-card"]')).to.equal(null);
      expect(card(el).textContent).to.contain('10,000 included');
      expect(backend.callsOf('usageSummary')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('no usage history and no limits (Lago-like): the tab shows the period table, the section hides (no duplicate card)', async () => {
      const backend = fakeBackend({ capabilities: { usageSeries: null }, usageSummary: summaryOf([quota({ eventCount: 3 })]) });
      const { tab, el } = await mountWithTab(testEnv(backend));
      await waitUntil(() => inTab(tab, 'cp-period-usage-section')?.shadowRoot?.querySelector('[part~="breakdown-card"] table'), 'the period table');
      await waitUntil(() => el.hidden, 'hidden');
      expect(getComputedStyle(el).display).to.equal('none');
      expect(el.shadowRoot!.querySelector('[part~="quota-card"]')).to.equal(null);
      expect(backend.callsOf('usageSummary')).to.have.length(1);
    });

    it('with usage history: only the section asks for the summary', async () => {
      const backend = fakeBackend({ usageSummary: summaryOf([quota({ limit: 2000 })]) });
      // No forecast: its own summary request comes after first paint, and is not this test's.
      const { el } = await mountWithTab(testEnv(backend, { now: () => NOW }), LAYOUT.usage.filter((slot) => slot !== 'usage-forecast'));
      await settle(el);
      expect(card(el).textContent).to.contain('1,200 / 2,000 calls');
      expect(backend.callsOf('usageSummary')).to.have.length(1);
    });
  });
});
