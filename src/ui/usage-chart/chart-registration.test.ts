// chart.js registration and what happens when it is missing. Bundlers that
// treat the package as side-effect free (Turbopack, Rolldown) used to drop the
// `Chart.register(...)` of chart-setup.ts and draw empty plots silently; the
// parts are now registered when the chart asks for the class, and a chart
// that cannot draw shows its table and reports the error.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { deepQuery } from '../../../test/unit/hostile-support.js';
import { Chart, LinearScale, LineController } from 'chart.js';
import '../../define.js';
import { UsageChart, type ChartSeries } from './usage-chart.js';
import { defineOnce } from '../portal-element.js';
import type { ChartErrorEvent, PortalErrorEvent } from '../../events.js';
import type { CustomerPortal } from '../../customer-portal/customer-portal.js';
import { portalFetchStub, type PortalFetchStub } from '../../../test/helpers/portal-fetch.js';

defineOnce('cp-usage-chart', UsageChart);

const chartOf = (el: UsageChart) => (el as unknown as { chart: Chart<'line'> | null }).chart;
const realModule = UsageChart.loadModule;

/** A chart module as a bundler that dropped the registration hands it over: chart.js without a linear scale. */
const unregisteredModule = async () => {
  const { setupChart } = await import('./chart-setup.js');
  return {
    setupChart: () => {
      const ChartClass = setupChart();
      ChartClass.unregister(LinearScale);
      return ChartClass;
    },
  };
};

const DAY = 86_400_000;
const buckets = Array.from({ length: 5 }, (_, i) => new Date(Date.UTC(2026, 2, 4) + i * DAY));
const series: ChartSeries[] = [
  { key: 'api', label: 'API calls', unitSingular: 'call', unitPlural: 'calls', points: buckets.map((time, i) => ({ time, value: i * 10 })) },
];

describe('chart.js registration', () => {
  afterEach(() => {
    UsageChart.loadModule = realModule;
    Chart.register(LinearScale, LineController);
  });

  it('registers the parts when a chart is drawn, not as an import side effect', async () => {
    await import('./chart-setup.js');
    // As if only the import had run (or a bundler had dropped its side effects).
    Chart.unregister(LinearScale, LineController);
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    // Each unit's band is its own linear y scale (ids y0, y1, …).
    const yScales = Object.values(chartOf(el)!.scales).filter((scale) => scale.axis === 'y');
    expect(yScales.length).to.be.greaterThan(0);
    expect(yScales.every((scale) => scale.type === 'linear')).to.equal(true);
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
  });

  it('shows the table and fires cp-chart-error when the chart cannot draw (registration missing)', async () => {
    UsageChart.loadModule = unregisteredModule;
    const errors: ChartErrorEvent[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div @cp-chart-error=${(e: ChartErrorEvent) => errors.push(e)}>
      <cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>
    </div>`);
    const el = wrapper.querySelector<UsageChart>('cp-usage-chart')!;
    await waitUntil(() => el.shadowRoot!.querySelector('table') !== null, 'table shown', { timeout: 5000 });
    expect(errors).to.have.length(1);
    expect((errors[0]!.error as Error).message).to.equal('The chart could not be drawn.');
    expect(String((errors[0]!.error as Error).cause)).to.contain('"linear" is not a registered scale');
    expect(el.shadowRoot!.querySelector<HTMLElement>('.canvas-wrap')!.hidden).to.equal(true);
    expect(el.shadowRoot!.querySelector('[role="note"]')!.textContent).to.contain('shown as a table');
    expect(el.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(5);
    // No chart is left bound to the canvas (Chart.js would say "Canvas is already in use").
    expect(Chart.getChart(el.shadowRoot!.querySelector('canvas')!)).to.equal(undefined);
    expect(chartOf(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('fires cp-chart-error when the chart code cannot load', async () => {
    UsageChart.loadModule = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const errors: ChartErrorEvent[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div @cp-chart-error=${(e: ChartErrorEvent) => errors.push(e)}>
      <cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>
    </div>`);
    const el = wrapper.querySelector<UsageChart>('cp-usage-chart')!;
    await waitUntil(() => errors.length > 0, 'error reported', { timeout: 5000 });
    expect(errors[0]!.error).to.include({ code: 'chunk_load_failed' });
    expect(el.shadowRoot!.querySelector('table')).to.exist;
  });
});

describe('a chart that cannot draw inside <customer-portal>', () => {
  let stub: PortalFetchStub;
  afterEach(() => {
    stub?.restore();
    UsageChart.loadModule = realModule;
    Chart.register(LinearScale);
  });

  it('shows the Overview trend as a table and fires portal-error (section overview)', async () => {
    UsageChart.loadModule = unregisteredModule;
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const errors: PortalErrorEvent['detail'][] = [];
    const el = document.createElement('customer-portal') as CustomerPortal;
    el.addEventListener('portal-error', (e) => errors.push(e.detail));
    el.apiBase = stub.apiBase;
    el.token = stub.token;
    (await fixture(html`<div></div>`)).append(el);
    await waitUntil(() => errors.length > 0, 'portal-error fired', { timeout: 8000 });
    expect(errors).to.deep.equal([{ section: 'overview', status: 0, code: 'unknown', message: 'The chart could not be drawn.' }]);
    const overview = el.shadowRoot!.querySelector('cp-section-panel[data-tab="overview"]')!;
    const chart = await waitUntil(() => deepQuery(overview, 'cp-usage-chart')).then(() => deepQuery<UsageChart>(overview, 'cp-usage-chart')!);
    await waitUntil(() => chart.shadowRoot!.querySelector('table') !== null, 'trend shown as a table');
    expect(chart.shadowRoot!.querySelector('[role="note"]')).to.exist;
  });
});
