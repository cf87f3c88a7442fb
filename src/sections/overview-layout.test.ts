import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../test/helpers/wait.js';
import { deepElements, deepQuery } from '../../test/unit/hostile-support.js';
import type { SectionPanel } from './section-panel.js';
import { mountPanel } from '../../test/helpers/panel-mount.js';
import { flexpriceBackend, testEnv, withoutForecast } from '../../test/helpers/test-env.js';
import { portalFetchStub, type PortalFetchStub } from '../../test/helpers/portal-fetch.js';
import type { SectionErrorEvent, SectionReadyEvent } from '../events.js';
import { formatDate, formatDateRange } from '../format/date.js';
import type { PortalEnv } from '../context.js';
import type { Customer } from '../api/model.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';


const NOW = new Date('2026-03-10T16:00:00Z');

const customerOf = (timeZone: string | null): Customer => ({
  id: 'cust_1',
  externalId: 'cus-typical',
  name: 'Acme Inc',
  email: 'billing@acme.example',
  timeZone,
});

/** The Overview's panel: its layout's sections, each imported as on the page. */
const mount = (env: PortalEnv) => mountPanel(env, 'overview');

const card = (tab: SectionPanel, name: string) => deepQuery(tab, `[part~="${name}"]`)!;
const loadingStates = (tab: SectionPanel) => deepElements(tab).filter((e) => e.matches('.state.loading'));
const analyticsCalls = (stub: PortalFetchStub) => stub.calls.filter((c) => c.url.endsWith('/analytics/revenue'));
const settle = (tab: SectionPanel) =>
  waitUntil(() => !deepQuery(tab, '[aria-busy="true"]') && loadingStates(tab).length === 0, 'cards settled', { timeout: 5000 });

describe('the Overview layout: wallet, subscriptions, forecast and usage trend sections', () => {
  let stub: PortalFetchStub;
  afterEach(() => stub?.restore());

  it('shows every card loading, starting every request at once before the customer is known', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    // Every answer waits at the server until the test has looked at the loading cards.
    const gate = stub.api.hold('/customer/portal/');
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'America/New_York', timeZoneSettled: false, customer: null, now: () => NOW });
    const { tab } = await mount(env);
    expect(loadingStates(tab)).to.have.length(3);
    const started = ['/v1/customer/portal/wallets', '/v1/customer/portal/subscriptions', '/v1/customer/portal/analytics/revenue'];
    await waitUntil(() => started.every((p) => stub.calls.some((c) => new URL(c.url).pathname === p)), 'not every request started');
    // All three went out while the server answered none of them: they started at once.
    expect(loadingStates(tab)).to.have.length(3);
    const paths = stub.calls.map((c) => new URL(c.url).pathname);
    expect(paths).to.include.members(['/v1/customer/portal/wallets', '/v1/customer/portal/subscriptions', '/v1/customer/portal/analytics/revenue']);
    const body = JSON.parse(analyticsCalls(stub)[0]!.body!) as { window_size: string; start_time: string };
    expect(body.window_size).to.equal('DAY');
    // One day before the 7-day range (Mar 4 in New York) to cover the customer's midnight, whatever it is.
    expect(body.start_time).to.equal('2026-03-03T05:00:00.000Z');
    await expect(tab).to.be.accessible();
    gate.release();
    await settle(tab);
  });

  it('shows wallet credits and value, subscriptions with period, next billing, trial end and end date', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'America/New_York', customer: customerOf('America/New_York'), now: () => NOW });
    const ready = new Promise<SectionReadyEvent>((resolve) => document.addEventListener('cp-section-ready', (e) => resolve(e as SectionReadyEvent), { once: true }));
    const { tab } = await mount(env);
    expect((await ready).section).to.equal('overview');
    await settle(tab);

    // The stored balance may show first; the real-time balance replaces it.
    await waitUntil(() => card(tab, 'wallet-card').textContent!.includes('434.2 credits'), 'real-time balance shown');
    const wallet = card(tab, 'wallet-card').textContent!;
    expect(wallet).to.contain('$43.42 value');

    const c = stub.api.customer('cus-typical')!;
    const subs = c.subscriptions as Array<Record<string, string | null | boolean> & { plan: { name: string } }>;
    const items = [...card(tab, 'subscriptions-card').querySelectorAll('li')];
    expect(items).to.have.length(subs.length);
    for (const [i, s] of subs.entries()) {
      const text = items[i]!.textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain(s.plan.name);
      const start = new Date(s.current_period_start as string);
      const end = new Date(s.current_period_end as string);
      expect(text).to.contain(formatDateRange(start, end, 'en-US', 'America/New_York'));
      if (s.subscription_status === 'active') {
        expect(text).to.contain('Active');
        expect(text).to.contain(`Next billing ${formatDate(end, 'en-US', 'America/New_York')}`);
      }
      if (s.subscription_status === 'trialing') {
        expect(text).to.contain('Trialing');
        expect(text).to.contain(`Trial ends ${formatDate(new Date(s.trial_end as string), 'en-US', 'America/New_York')}`);
      }
      if (s.subscription_status === 'cancelled') {
        expect(text).to.contain('Cancelled');
        const end = new Date((s.cancel_at ?? s.current_period_end) as string);
        expect(text).to.match(new RegExp(`End(s|ed) ${formatDate(end, 'en-US', 'America/New_York')}`));
        expect(text).not.to.contain('Next billing');
      }
    }
    const chart = deepQuery<UsageChart>(card(tab, 'trend-card'), 'cp-usage-chart')!;
    expect(chart).to.exist;
    expect(chart.buckets).to.have.length(7);
    await expect(tab).to.be.accessible();
  });

  it('shows empty states for a customer with nothing yet', async () => {
    stub = await portalFetchStub({ customer: 'cus-empty', now: () => NOW });
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { customer: customerOf('UTC'), now: () => NOW });
    const ready = oneEvent(document, 'cp-section-ready');
    const { tab } = await mount(env);
    await ready;
    await settle(tab);
    expect(card(tab, 'wallet-card').textContent).to.contain('No prepaid wallet yet.');
    expect(card(tab, 'subscriptions-card').textContent).to.contain('No subscriptions yet.');
    expect(card(tab, 'trend-card').textContent).to.contain('No usage in this period.');
    await expect(tab).to.be.accessible();
  });

  for (const [name, path] of [
    ['wallet-card', '/wallets'],
    ['subscriptions-card', '/subscriptions'],
    ['trend-card', '/analytics/revenue'],
  ] as const) {
    it(`shows an error with retry in the ${name} only, and recovers`, async () => {
      stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
      stub.api.setFaults({ status: 500, statusCount: 1, paths: [path] });
      const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'America/New_York', customer: customerOf('America/New_York'), now: () => NOW });
      const errors: SectionErrorEvent[] = [];
      const listener = (e: Event) => errors.push(e as SectionErrorEvent);
      document.addEventListener('cp-section-error', listener);
      try {
        const { tab } = await mount(env);
        await waitUntil(() => card(tab, name).querySelector('[role="alert"]'), 'error shown', { timeout: 5000 });
        await settle(tab);
        expect(errors.map((e) => e.section)).to.deep.equal(['overview']);
        // The other cards still have their data.
        const others = ['wallet-card', 'subscriptions-card', 'trend-card'].filter((n) => n !== name);
        for (const other of others) expect(card(tab, other).querySelector('[role="alert"]')).to.equal(null);
        await expect(tab).to.be.accessible();
        card(tab, name).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
        await waitUntil(() => !card(tab, name).querySelector('[role="alert"]') && !card(tab, name).querySelector('.state.loading'), 'recovered', {
          timeout: 5000,
        });
        expect(card(tab, name).querySelector('.state.error')).to.equal(null);
      } finally {
        document.removeEventListener('cp-section-error', listener);
      }
    });
  }

  it('keeps the provisional DAY data when the customer zone turns out to be the display zone', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const backend = withoutForecast(flexpriceBackend(stub.apiBase, stub.token));
    const env = testEnv(backend, { timeZone: 'America/New_York', timeZoneSettled: false, customer: null, now: () => NOW });
    const { wrapper, tab } = await mount(env);
    await settle(tab);
    expect(analyticsCalls(stub)).to.have.length(1);
    wrapper.env = { ...env, timeZoneSettled: true, customer: customerOf('America/New_York') };
    await wrapper.updateComplete;
    await tab.updateComplete;
    await settle(tab); // a refetch would show the trend card loading again
    expect(analyticsCalls(stub)).to.have.length(1);
    const chart = deepQuery<UsageChart>(card(tab, 'trend-card'), 'cp-usage-chart')!;
    expect(chart.buckets).to.have.length(7);
    expect(chart.buckets[0]!.toISOString()).to.equal('2026-03-04T05:00:00.000Z');
  });

  it('asks again by the hour when the customer zone differs from the display zone', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'Asia/Tokyo', timeZoneSettled: true, customer: null, now: () => NOW });
    const { wrapper, tab } = await mount(env);
    await settle(tab);
    wrapper.env = { ...env, customer: customerOf('America/New_York') };
    await waitUntil(() => analyticsCalls(stub).length === 2, 'second request');
    const body = JSON.parse(analyticsCalls(stub)[1]!.body!) as { window_size: string; start_time: string };
    expect(body.window_size).to.equal('HOUR');
    expect(body.start_time).to.equal('2026-03-04T15:00:00.000Z'); // Mar 5, 00:00 in Tokyo
    await settle(tab);
    const chart = deepQuery<UsageChart>(card(tab, 'trend-card'), 'cp-usage-chart')!;
    await chart.updateComplete;
    expect(chart.shadowRoot!.textContent).to.contain('Times in Asia/Tokyo');
    expect(chart.buckets[0]!.toISOString()).to.equal('2026-03-04T15:00:00.000Z');
  });

  it('keeps the chosen range across a token change', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'UTC', customer: customerOf('UTC'), now: () => NOW });
    const { wrapper, tab } = await mount(env);
    await settle(tab);
    const button30 = [...card(tab, 'trend-card').querySelectorAll<HTMLButtonElement>('.segmented button')].find((b) => b.textContent!.trim() === '30d')!;
    button30.click();
    await waitUntil(() => analyticsCalls(stub).length === 2);
    await settle(tab);
    // Expired: no backend, data stays on screen.
    wrapper.env = { ...env, backend: null };
    await tab.updateComplete;
    expect(deepQuery(card(tab, 'trend-card'), 'cp-usage-chart')).to.exist;
    const token = await stub.mint();
    wrapper.env = { ...env, backend: withoutForecast(flexpriceBackend(stub.apiBase, token)) };
    await waitUntil(() => analyticsCalls(stub).length === 3);
    const body = JSON.parse(analyticsCalls(stub)[2]!.body!) as { start_time: string };
    expect(body.start_time).to.equal('2026-02-09T00:00:00.000Z');
    expect(button30.getAttribute('aria-pressed')).to.equal('true');
    await settle(tab);
    expect(deepQuery<UsageChart>(card(tab, 'trend-card'), 'cp-usage-chart')!.buckets).to.have.length(30);
  });
});
