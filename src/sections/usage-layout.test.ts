/**
 * The Usage tab's layout (range, chart, forecast, breakdown, limits): the
 * sections of one panel sharing the range, the focus and one usage request per
 * range, against the reference portal handler at the network edge.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../../test/helpers/wait.js';
import { deepElements, deepQuery } from '../../test/unit/hostile-support.js';
import type { SectionPanel } from './section-panel.js';
import { mountPanel } from '../../test/helpers/panel-mount.js';
import { flexpriceBackend, testEnv, withoutForecast } from '../../test/helpers/test-env.js';
import { portalFetchStub, type PortalFetchStub } from '../../test/helpers/portal-fetch.js';
import { quantityText, usdText } from '../../test/helpers/expected-format.js';
import type { PortalEnv } from '../context.js';
import type { Customer } from '../api/model.js';
import type { SectionReadyEvent } from '../events.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';


const NOW = new Date('2026-03-10T16:00:00Z');
const customerOf = (externalId: string, timeZone: string | null): Customer => ({ id: 'c', externalId, name: 'X', email: '', timeZone });

interface RawPoint {
  timestamp: string;
  usage: string;
  cost: string;
  event_count: number;
}
interface RawItem {
  feature_id: string;
  name: string;
  unit: string;
  unit_plural: string;
  group?: { id: string; name: string } | null;
  /** The server's own totals of the item over the range. */
  total_usage: string;
  total_cost: string;
  event_count: number;
  points: RawPoint[];
}
interface RawAnswer {
  items: RawItem[];
  /** The server's total over every item. */
  total_cost: string;
}

/** The Usage tab's panel: its layout's sections, each imported as on the page. */
const mount = (env: PortalEnv) => mountPanel(env, 'usage');
const section = (tab: SectionPanel, name: string) => deepQuery(tab, `[part~="${name}"]`)!;
const all = (tab: SectionPanel, selector: string) => deepElements(tab).filter((e): e is HTMLElement => e.matches(selector));
/** Every section of the first paint there (the breakdown last), none busy or loading. */
const settle = (tab: SectionPanel) =>
  waitUntil(() => deepQuery(tab, 'cp-usage-breakdown-section') && !deepQuery(tab, '[aria-busy="true"]') && !deepQuery(tab, '.state.loading'), 'settled', { timeout: 8000 });
/** Mounts the Usage tab's panel and waits until its cards settled. */
const mountSettled = async (env: PortalEnv) => {
  const mounted = await mount(env);
  await settle(mounted.tab);
  return mounted;
};
const analyticsCalls = (stub: PortalFetchStub) => stub.calls.filter((c) => c.url.endsWith('/analytics/revenue'));

/**
 * The server's answer to the tab's last usage request, re-asked directly from the handler; `body` changes
 * the request (e.g. `feature_ids`, to have the server total a group). Expected values come from these
 * totals, never from the product's own sums.
 */
async function serverAnswer(stub: PortalFetchStub, body: Record<string, unknown> = {}): Promise<RawAnswer> {
  const call = analyticsCalls(stub).at(-1)!;
  const res = await stub.api.handle({
    method: 'POST',
    url: new URL(call.url).pathname,
    headers: call.headers,
    body: JSON.stringify({ ...(JSON.parse(call.body!) as Record<string, unknown>), ...body }),
  });
  return JSON.parse(res.body) as RawAnswer;
}
const serverItems = async (stub: PortalFetchStub): Promise<RawItem[]> => (await serverAnswer(stub)).items;

describe('the Usage layout: range, chart, forecast and breakdown sections', () => {
  let stub: PortalFetchStub;
  afterEach(() => stub?.restore());

  it('shows loading states, then chart and a breakdown whose totals are the server’s totals', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    // Every answer waits at the server until the loading states have been looked at.
    const gate = stub.api.hold('/customer/portal/');
    const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'America/New_York', customer: customerOf('cus-typical', 'America/New_York'), now: () => NOW });
    const { tab } = await mount(env);
    await waitUntil(() => analyticsCalls(stub).length === 1, 'the usage request');
    expect(all(tab, '.state.loading').length).to.be.greaterThan(0);
    await expect(tab).to.be.accessible();
    gate.release();
    await settle(tab);

    const body = JSON.parse(analyticsCalls(stub)[0]!.body!) as { window_size: string; start_time: string };
    expect(body.window_size).to.equal('DAY');
    expect(body.start_time).to.equal('2026-03-04T05:00:00.000Z');

    const answer = await serverAnswer(stub);
    const items = answer.items;
    const rows = [...section(tab, 'breakdown-card').querySelectorAll('tbody tr:not(.group-row):not(.subtotal)')];
    expect(rows.length).to.equal(items.length);
    for (const item of items) {
      const row = rows.find((r) => r.querySelector('th')!.textContent!.trim() === item.name)!;
      expect(row, item.name).to.exist;
      expect(row.querySelectorAll('td')[0]!.textContent!.trim(), `${item.name} usage`).to.equal(quantityText(item.total_usage, item.unit, item.unit_plural));
      expect(row.querySelectorAll('td')[1]!.textContent!.trim(), `${item.name} events`).to.equal(item.event_count.toLocaleString('en-US'));
      expect(row.querySelectorAll('td')[2]!.textContent!.trim(), `${item.name} cost`).to.equal(usdText(item.total_cost));
    }
    expect(section(tab, 'breakdown-card').querySelector('tfoot')!.textContent).to.contain(usdText(answer.total_cost));

    // The limits are their own section (cp-usage-limits-section, left out here: this backend has no summary):
    // the usage sections neither show nor ask for them.
    for (const tag of ['cp-usage-range-section', 'cp-usage-chart-section', 'cp-usage-breakdown-section']) {
      expect(deepQuery(tab, tag)!.shadowRoot!.querySelector('[part~="quota-card"]'), tag).to.equal(null);
    }
    expect(stub.calls.filter((c) => new URL(c.url).pathname.endsWith('/customer/portal/usage'))).to.have.length(0);
    // One usage request for the chart and the breakdown.
    expect(analyticsCalls(stub)).to.have.length(1);

    expect(section(tab, 'trend-card').textContent).to.contain('Usage as of');
    const chart = section(tab, 'trend-card').querySelector<UsageChart>('cp-usage-chart')!;
    expect(chart.series).to.have.length(items.length);
    await expect(tab).to.be.accessible();
  });

  it('regroups hourly data into the display zone when it differs from the customer zone', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'Asia/Tokyo', customer: customerOf('cus-typical', 'America/New_York'), now: () => NOW });
    const { tab } = await mountSettled(env);
    const body = JSON.parse(analyticsCalls(stub)[0]!.body!) as { window_size: string; start_time: string };
    expect(body.window_size).to.equal('HOUR');
    expect(body.start_time).to.equal('2026-03-04T15:00:00.000Z'); // Mar 5, 00:00 in Tokyo
    const chart = section(tab, 'trend-card').querySelector<UsageChart>('cp-usage-chart')!;
    await chart.updateComplete;
    expect(chart.buckets.map((b) => b.toISOString())[0]).to.equal('2026-03-04T15:00:00.000Z');
    expect(chart.timeZone).to.equal('Asia/Tokyo');
    expect(chart.shadowRoot!.textContent).to.contain('Times in Asia/Tokyo');
    // Regrouped by day in Tokyo, the totals are still the server's totals over the same hours.
    const items = await serverItems(stub);
    expect(items.length).to.be.greaterThan(0);
    for (const item of items) {
      const row = [...section(tab, 'breakdown-card').querySelectorAll('tbody tr')].find((r) => r.querySelector('th')!.textContent!.trim() === item.name)!;
      expect(row.querySelectorAll('td')[0]!.textContent!.trim(), `${item.name} usage`).to.equal(quantityText(item.total_usage, item.unit, item.unit_plural));
      expect(row.querySelectorAll('td')[2]!.textContent!.trim(), `${item.name} cost`).to.equal(usdText(item.total_cost));
    }
  });

  it('groups features under their group with subtotals, "Other" last, and sorts within groups', async () => {
    stub = await portalFetchStub({ customer: 'cus-heavy-usage', now: () => NOW });
    const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'America/Los_Angeles', customer: customerOf('cus-heavy-usage', 'America/Los_Angeles'), now: () => NOW });
    const { tab } = await mountSettled(env);
    const items = await serverItems(stub);
    const groupNames = [...new Set(items.map((i) => i.group?.name).filter((n): n is string => !!n))];
    expect(groupNames.length).to.be.greaterThan(0);
    const bodies = [...section(tab, 'breakdown-card').querySelectorAll('tbody')];
    const headings = bodies.map((b) => b.querySelector('th[scope="rowgroup"]')!.textContent!.trim());
    expect(headings.filter((h) => h !== 'Other').sort()).to.deep.equal([...groupNames].sort());
    if (items.some((i) => !i.group)) expect(headings.at(-1)).to.equal('Other');
    for (const b of bodies) {
      const name = b.querySelector('th[scope="rowgroup"]')!.textContent!.trim();
      const members = items.filter((i) => (i.group?.name ?? 'Other') === name);
      const subtotal = b.querySelector('tr.subtotal')!;
      expect(subtotal.textContent).to.contain(`${name} subtotal`);
      // The server totals the group's features itself when asked for just them.
      const group = await serverAnswer(stub, { feature_ids: members.map((m) => m.feature_id) });
      expect(group.items.map((i) => i.name).sort()).to.deep.equal(members.map((m) => m.name).sort());
      expect(subtotal.querySelectorAll('td')[2]!.textContent!.trim(), `${name} subtotal`).to.equal(usdText(group.total_cost));
    }
    // Sort by events, descending then ascending.
    const eventsHeader = [...section(tab, 'breakdown-card').querySelectorAll('thead th')][2]!;
    eventsHeader.querySelector('button')!.click();
    await tab.updateComplete;
    expect(eventsHeader.getAttribute('aria-sort')).to.equal('descending');
    const eventsOf = (b: Element) => [...b.querySelectorAll('tr:not(.group-row):not(.subtotal) td:nth-of-type(2)')].map((td) => Number(td.textContent!.replace(/,/g, '')));
    for (const b of section(tab, 'breakdown-card').querySelectorAll('tbody')) {
      const ev = eventsOf(b);
      expect(ev).to.deep.equal([...ev].sort((x, y) => y - x));
    }
    eventsHeader.querySelector('button')!.click();
    await tab.updateComplete;
    expect(eventsHeader.getAttribute('aria-sort')).to.equal('ascending');
    await expect(tab).to.be.accessible();
  });

  it('offers the /config presets, opens on the default one and shows custom date inputs', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const base = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'UTC', customer: customerOf('cus-typical', 'UTC'), now: () => NOW });
    const env: PortalEnv = { ...base, config: { ...base.config, usagePresets: ['today', 'current_month', 'last_month'], usageDefaultPreset: 'current_month', allowCustomRange: true } };
    const { tab } = await mountSettled(env);
    const buttons = all(tab, '.toolbar .segmented button') as HTMLButtonElement[];
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['1d', '7d', '30d', 'Today', 'This month', 'Last month', 'Custom']);
    expect(buttons.find((b) => b.getAttribute('aria-pressed') === 'true')!.textContent!.trim()).to.equal('This month');
    expect((JSON.parse(analyticsCalls(stub)[0]!.body!) as { start_time: string }).start_time).to.equal('2026-03-01T00:00:00.000Z');

    buttons[6]!.click();
    await tab.updateComplete;
    const inputs = all(tab, 'input[type="date"]') as HTMLInputElement[];
    expect(inputs.map((i) => i.value)).to.deep.equal(['2026-03-04', '2026-03-10']);
    inputs[0]!.value = '2026-02-20';
    inputs[0]!.dispatchEvent(new Event('change'));
    await waitUntil(() => analyticsCalls(stub).some((c) => (JSON.parse(c.body!) as { start_time: string }).start_time === '2026-02-20T00:00:00.000Z'));
    inputs[1]!.value = '2026-02-01';
    inputs[1]!.dispatchEvent(new Event('change'));
    await tab.updateComplete;
    await waitUntil(() => deepQuery(tab, '[role="alert"]'), 'the invalid range');
    expect(deepQuery(tab, '[role="alert"]')!.textContent).to.contain('on or before');
    await settle(tab);
    await expect(tab).to.be.accessible();
  });

  it('respects the feature filter', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const base = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'America/New_York', customer: customerOf('cus-typical', 'America/New_York'), now: () => NOW });
    await mountSettled(base);
    const first = (await serverItems(stub))[0]!;
    const env: PortalEnv = { ...base, config: { ...base.config, featureFilter: { mode: 'include', featureIds: [first.feature_id] } } };
    const { tab } = await mountSettled(env);
    const names = [...section(tab, 'breakdown-card').querySelectorAll('tbody tr:not(.subtotal) th[scope="row"]')].map((th) => th.textContent!.trim());
    expect(names).to.deep.equal([first.name]);
  });

  it('shows empty states for a customer without usage', async () => {
    stub = await portalFetchStub({ customer: 'cus-empty', now: () => NOW });
    const ready = new Promise<void>((resolve) => document.addEventListener('cp-section-ready', () => resolve(), { once: true }));
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { customer: customerOf('cus-empty', 'UTC'), now: () => NOW });
    const { tab } = await mount(env);
    await ready;
    await settle(tab);
    expect(section(tab, 'trend-card').textContent).to.contain('No usage in this period.');
    expect(section(tab, 'breakdown-card').textContent).to.contain('No usage in this period.');
    await expect(tab).to.be.accessible();
  });

  it('shows an error with retry for usage, settles without data (for the panel), and recovers', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    stub.api.setFaults({ status: 503, statusCount: 1, paths: ['/analytics/revenue'] });
    const sections: string[] = [];
    const panelReady: boolean[] = [];
    /** Each usage section's readiness as it reports it to the panel (caught before the panel takes it). */
    const ready = new Map<string, boolean[]>();
    const listener = (e: Event) => sections.push((e as unknown as { section: string }).section);
    const onPanelReady = (e: Event) => panelReady.push((e as SectionReadyEvent).ok);
    const onReady = (e: Event) => {
      const tag = (e.target as Element).localName;
      ready.set(tag, [...(ready.get(tag) ?? []), (e as SectionReadyEvent).ok]);
    };
    document.addEventListener('cp-section-error', listener);
    document.addEventListener('cp-section-ready', onPanelReady);
    try {
      const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'UTC', customer: customerOf('cus-typical', 'UTC'), now: () => NOW });
      const { tab } = await mount(env);
      tab.shadowRoot!.addEventListener('cp-section-ready', onReady, { capture: true });
      await waitUntil(() => section(tab, 'trend-card')?.querySelector('[role="alert"]'), 'error', { timeout: 5000 });
      await settle(tab);
      // One failed request, one error, though the chart and the breakdown both show it.
      expect(sections).to.deep.equal(['usage']);
      expect(section(tab, 'breakdown-card').querySelector('[role="alert"]')).to.exist;
      // Settled without data; the panel is ready once another section (the limits) has data.
      expect(ready.get('cp-usage-chart-section')).to.deep.equal([false]);
      expect(ready.get('cp-usage-breakdown-section')).to.deep.equal([false]);
      await waitUntil(() => panelReady.length === 1, 'the panel ready with the limits');
      expect(panelReady).to.deep.equal([true]);
      await expect(tab).to.be.accessible();
      section(tab, 'trend-card').querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      await waitUntil(() => section(tab, 'trend-card').querySelector('cp-usage-chart'), 'recovered', { timeout: 5000 });
      // One retry brings both back.
      await waitUntil(() => section(tab, 'breakdown-card').querySelector('table'), 'the breakdown recovered', { timeout: 5000 });
      await waitUntil(() => ready.get('cp-usage-breakdown-section')?.length === 2, 'ready with data');
      expect(ready.get('cp-usage-chart-section')).to.deep.equal([false, true]);
      expect(ready.get('cp-usage-breakdown-section')).to.deep.equal([false, true]);
      expect(sections).to.deep.equal(['usage']);
    } finally {
      document.removeEventListener('cp-section-error', listener);
      document.removeEventListener('cp-section-ready', onPanelReady);
    }
  });

  it('exports the breakdown as usage-<from>-<to>.csv', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'UTC', customer: customerOf('cus-typical', 'UTC'), now: () => NOW });
    const { tab } = await mountSettled(env);
    let name = '';
    const onClick = (e: Event) => {
      // The link is made in the section's panel (its root): the first target of the click's path.
      const a = e.composedPath()[0] as HTMLAnchorElement;
      if (a.download) {
        name = a.download;
        e.preventDefault();
      }
    };
    document.addEventListener('click', onClick, true);
    try {
      [...section(tab, 'breakdown-card').querySelectorAll('button')].find((b) => b.textContent!.includes('Export CSV'))!.click();
    } finally {
      document.removeEventListener('click', onClick, true);
    }
    expect(name).to.equal('usage-2026-03-04-2026-03-10.csv');
  });

  it('hides a feature line from the chart legend', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'UTC', customer: customerOf('cus-typical', 'UTC'), now: () => NOW });
    const { tab } = await mountSettled(env);
    const chart = section(tab, 'trend-card').querySelector<UsageChart>('cp-usage-chart')!;
    await chart.updateComplete;
    const first = chart.shadowRoot!.querySelector<HTMLButtonElement>('.legend-item')!;
    first.click();
    await chart.updateComplete;
    expect(first.getAttribute('aria-pressed')).to.equal('false');
    expect(chart.visibleKeys).to.have.length(chart.series.length - 1);
  });

  describe('forecast', () => {
    it('shows the projected charges by the period end, with the method in words and a row per feature; axe clean', async () => {
      stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
      const env = testEnv(flexpriceBackend(stub.apiBase, stub.token), { timeZone: 'America/New_York', customer: customerOf('cus-typical', 'America/New_York'), now: () => NOW });
      const { tab } = await mountSettled(env);
      await waitUntil(() => deepQuery(tab, '[part~="forecast-card"] .outlook-total'), 'forecast', { timeout: 8000 });
      const card = section(tab, 'forecast-card');
      expect(card.querySelector('.outlook-total')!.textContent).to.match(/^Projected usage charges by .+: \$[\d,]+\.\d\d$/);
      expect(card.querySelector('.outlook-method')!.textContent).to.contain('plus the average of the last 7 complete days').and.contain('days left in the period');
      const names = [...section(tab, 'breakdown-card').querySelectorAll('tbody tr:not(.group-row):not(.subtotal) th')].map((th) => th.textContent!.trim()).sort();
      expect([...card.querySelectorAll('tbody th')].map((th) => th.textContent!.trim()).sort()).to.deep.equal(names);
      await expect(tab).to.be.accessible();
    });

    it('none where the backend has no current period to project to: no card, no extra request', async () => {
      stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
      const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'UTC', customer: customerOf('cus-typical', 'UTC'), now: () => NOW });
      const { tab } = await mountSettled(env);
      expect(deepQuery(tab, '[part~="forecast-card"]')).to.equal(null);
      expect(analyticsCalls(stub)).to.have.length(1);
    });
  });

  describe('invoice drill-down', () => {
    it('opens at the invoice period (a custom range in the display zone) with the line item\'s feature in focus', async () => {
      stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
      const env = testEnv(withoutForecast(flexpriceBackend(stub.apiBase, stub.token)), { timeZone: 'America/New_York', customer: customerOf('cus-typical', 'America/New_York'), now: () => NOW });
      const { tab } = await mountSettled(env);
      const items = (await serverItems(stub)) as (RawItem & { meter_id: string })[];
      const h100 = items.find((i) => i.name === 'H100 GPU hours')!;
      // Period Feb 4, 15:00 → Mar 4, 15:00 UTC: Feb 4 … Mar 4 in New York.
      tab.usageFocus = { start: new Date('2026-02-04T15:00:00Z'), end: new Date('2026-03-04T15:00:00Z'), meterId: h100.meter_id, name: 'H100 line' };
      await waitUntil(() => analyticsCalls(stub).length === 2, 'range request');
      const body = JSON.parse(analyticsCalls(stub)[1]!.body!) as { start_time: string; end_time: string };
      expect(body.start_time).to.equal('2026-02-04T05:00:00.000Z'); // Feb 4, 00:00 in New York
      expect(body.end_time).to.equal('2026-03-05T05:00:00.000Z'); // end of Mar 4 there
      await settle(tab);
      await waitUntil(() => section(tab, 'trend-card').querySelector('.focus-note'), 'the focus note');
      const inputs = (all(tab, '.custom input[type="date"]') as HTMLInputElement[]).map((i) => i.value);
      expect(inputs).to.deep.equal(['2026-02-04', '2026-03-04']);
      const chart = section(tab, 'trend-card').querySelector<UsageChart>('cp-usage-chart')!;
      await waitUntil(() => chart.visibleKeys.length === 1, 'focused line');
      expect(chart.visibleKeys).to.deep.equal([h100.feature_id]);
      expect(section(tab, 'trend-card').querySelector('.focus-note')!.textContent).to.contain('H100 GPU hours').and.contain('Feb 4');
      const current = section(tab, 'breakdown-card').querySelector('tr[aria-current="true"] th')!;
      expect(current.textContent!.trim()).to.equal('H100 GPU hours');
      await expect(tab).to.be.accessible();
      section(tab, 'trend-card').querySelector<HTMLButtonElement>('.focus-note button')!.click();
      await waitUntil(() => chart.visibleKeys.length === items.length, 'all lines again');
      expect(section(tab, 'breakdown-card').querySelector('tr[aria-current]')).to.equal(null);
    });
  });
});
