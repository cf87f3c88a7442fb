import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { Chart } from 'chart.js';
import { UsageChart, type ChartSeries } from './usage-chart.js';
import { defineOnce } from '../portal-element.js';

defineOnce('cp-usage-chart', UsageChart);

const chartLoaded = () => performance.getEntriesByType('resource').some((e) => e.name.includes('chart-setup'));
const chartOf = (el: UsageChart) => (el as unknown as { chart: Chart<'line'> | null }).chart;

const DAY = 86_400_000;
const start = Date.UTC(2026, 2, 4);
const buckets = Array.from({ length: 7 }, (_, i) => new Date(start + i * DAY));
const series: ChartSeries[] = [
  {
    key: 'api',
    label: 'API calls',
    unitSingular: 'call',
    unitPlural: 'calls',
    points: buckets.map((time, i) => ({ time, value: (i + 1) * 100 })),
    total: '2,800 calls',
  },
  {
    key: 'storage',
    label: 'Storage',
    unitSingular: 'GB',
    unitPlural: 'GB',
    points: [{ time: buckets[2]!, value: 3 }],
    total: '3 GB',
  },
];

describe('<cp-usage-chart>', () => {
  afterEach(() => {
    UsageChart.loadModule = () => import('./chart-setup.js');
  });

  it('does not load chart.js until a chart is shown', async () => {
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" time-zone="UTC"></cp-usage-chart>`);
    expect(chartLoaded()).to.equal(false);
    expect(chartOf(el)).to.equal(null);
    el.series = series;
    el.buckets = buckets;
    await waitUntil(() => chartOf(el) !== null, 'chart created', { timeout: 5000 });
    expect(chartLoaded()).to.equal(true);
  });

  it('draws one line per feature, with a summary, zone and accessible legend', async () => {
    const el = await fixture<UsageChart>(
      html`<cp-usage-chart label="Usage per feature" time-zone="Asia/Tokyo" .series=${series} .buckets=${buckets} .partialFrom=${buckets[6]}></cp-usage-chart>`,
    );
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    const chart = chartOf(el)!;
    expect(chart.data.datasets).to.have.length(2);
    expect(chart.data.datasets[0]!.data).to.have.length(7);
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).to.equal('img');
    expect(canvas.getAttribute('aria-label')).to.contain('2 features').and.contain('API calls 2,800 calls');
    expect(el.shadowRoot!.querySelector('[part="chart"]')!.textContent).to.contain('Times in Asia/Tokyo');
    await expect(el).to.be.accessible();
  });

  it('hides a line from the HTML legend', async () => {
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    const button = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend-item')[1]!;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(chartOf(el)!.isDatasetVisible(1)).to.equal(false);
    expect(chartOf(el)!.isDatasetVisible(0)).to.equal(true);
    expect(el.visibleKeys).to.deep.equal(['api']);
    button.click();
    await el.updateComplete;
    expect(chartOf(el)!.isDatasetVisible(1)).to.equal(true);
  });

  it('shows the values as a table on request', async () => {
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('.foot button')!;
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    toggle.click();
    await el.updateComplete;
    const rows = el.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows).to.have.length(7);
    expect(rows[2]!.textContent).to.contain('300').and.contain('3');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('falls back to the table when the chart module cannot load', async () => {
    UsageChart.loadModule = () => Promise.reject(new Error('offline'));
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    await waitUntil(() => el.shadowRoot!.querySelector('table') !== null, 'table shown');
    expect(el.shadowRoot!.textContent).to.contain('could not be loaded');
    await expect(el).to.be.accessible();
  });

  it('destroys the chart when removed', async () => {
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    const chart = chartOf(el)!;
    el.remove();
    expect(chartOf(el)).to.equal(null);
    expect((chart as unknown as { canvas: HTMLCanvasElement | null }).canvas).to.equal(null);
  });

  it('toggles a line without re-creating or re-configuring the chart, and ignores equal data handed over again', async () => {
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .series=${series} .buckets=${buckets}></cp-usage-chart>`);
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    const chart = chartOf(el)!;
    const data = chart.data;
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend-item')[0]!.click();
    await el.updateComplete;
    // A fresh copy of the same values, as a re-rendering tab hands over.
    el.series = series.map((s) => ({ ...s, points: s.points.map((p) => ({ time: new Date(p.time), value: p.value })) }));
    el.buckets = buckets.map((b) => new Date(b));
    await el.drawComplete; // the draw this hand-over asked for has run
    expect(chartOf(el)).to.equal(chart);
    expect(chart.data).to.equal(data);
    expect(chart.isDatasetVisible(0)).to.equal(false);
    // New values do redraw (same chart, new data).
    el.series = [{ ...series[0]!, points: series[0]!.points.map((p) => ({ ...p, value: p.value + 1 })) }];
    await waitUntil(() => chart.data !== data, 'redrawn with the new values');
    expect(chartOf(el)).to.equal(chart);
    expect((chart.data.datasets[0]!.data[0] as { y: number }).y).to.equal(101);
  });

  it('applies a focus given before the first draw in that draw, and lays the chart out no extra time', async () => {
    // Every layout of every chart, counted from its construction on (a whole layout took ~40 ms with eleven bands).
    const layouts = new Map<unknown, number>();
    const counter = { id: 'testLayoutCounter', afterLayout: (c: unknown) => void layouts.set(c, (layouts.get(c) ?? 0) + 1) };
    Chart.register(counter);
    try {
      const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" .focusKey=${'storage'} .series=${series} .buckets=${buckets}></cp-usage-chart>`);
      await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
      await el.drawComplete;
      const chart = chartOf(el)!;
      expect(chart.isDatasetVisible(0)).to.equal(false);
      expect(chart.isDatasetVisible(1)).to.equal(true);
      // A render that changes nothing drawn (the label is the canvas's text alternative).
      el.label = 'Usage, last 7 days';
      await el.updateComplete;
      await el.drawComplete;
      // Set-up with the time axis, the bands' axes, the data: three. A stale focus flag made a fourth.
      expect(layouts.get(chart)).to.equal(3);
      expect(chart.isDatasetVisible(0)).to.equal(false);
    } finally {
      Chart.unregister(counter);
    }
  });

  it('downsamples dense lines to the plot width, keeping exact values, peaks, and no markers', async () => {
    const hourly = Array.from({ length: 720 }, (_, i) => new Date(start + i * 3_600_000));
    const values = hourly.map((_, i) => (i === 400 ? 123_456.5 : (i * 7) % 50));
    const one: ChartSeries[] = [{ key: 'api', label: 'API calls', unitSingular: 'call', unitPlural: 'calls', points: hourly.map((time, i) => ({ time, value: values[i]! })) }];
    const el = await fixture<UsageChart>(html`<div style="width: 320px"><cp-usage-chart label="Usage" window="hour" .series=${one} .buckets=${hourly}></cp-usage-chart></div>`);
    const chartEl = el.querySelector('cp-usage-chart') as UsageChart;
    await waitUntil(() => chartOf(chartEl) !== null, 'chart drawn', { timeout: 5000 });
    const chart = chartOf(chartEl)!;
    const data = chart.data.datasets[0]!.data as unknown as { x: number; y: number }[];
    expect(data.length).to.be.at.most(320);
    expect(data.length).to.be.greaterThan(100);
    for (const p of data) expect(p.y).to.equal(values[p.x]);
    expect(data.map((p) => p.y)).to.include(123_456.5);
    expect(data[0]!.x).to.equal(0);
    expect(data[data.length - 1]!.x).to.equal(719);
    const dataset = chart.data.datasets[0]!;
    expect(dataset.pointRadius).to.equal(0);
    expect(dataset.borderWidth).to.equal(1);
    // The legend keeps the line's point style.
    expect(chartEl.shadowRoot!.querySelector('.legend-item svg .fill, .legend-item svg .stroke')).to.not.equal(null);
  });

  it('pages the data table of 30 days hourly by day, rendering only one page', async () => {
    const hourly = Array.from({ length: 720 }, (_, i) => new Date(start + i * 3_600_000));
    const one: ChartSeries[] = [{ key: 'api', label: 'API calls', unitSingular: 'call', unitPlural: 'calls', points: hourly.map((time, i) => ({ time, value: i })) }];
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" window="hour" time-zone="UTC" .series=${one} .buckets=${hourly}></cp-usage-chart>`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.foot button')!.click();
    await el.updateComplete;
    let rows = el.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows).to.have.length(24);
    expect(rows[0]!.textContent).to.contain('Mar 4, 2026');
    const pager = el.shadowRoot!.querySelector('cp-pager')!;
    expect(pager).to.not.equal(null);
    await (pager as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    pager.shadowRoot!.querySelector<HTMLButtonElement>('[data-to="next"]')!.click();
    await el.updateComplete;
    rows = el.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows).to.have.length(24);
    expect(rows[0]!.textContent).to.contain('Mar 5, 2026').and.contain('24');
    await expect(el).to.be.accessible();
  });

  it('draws 30 days of hourly data for 20 features without animation', async () => {
    const hourly = Array.from({ length: 720 }, (_, i) => new Date(start + i * 3_600_000));
    const many: ChartSeries[] = Array.from({ length: 20 }, (_, f) => ({
      key: `f${f}`,
      label: `Feature ${f}`,
      unitSingular: 'unit',
      unitPlural: 'units',
      points: hourly.map((time, i) => ({ time, value: (i * (f + 1)) % 97 })),
    }));
    // (How long this takes is measured by `npm run bench`, "draw 30 days hourly × 20 features".)
    const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" window="hour" .series=${many} .buckets=${hourly}></cp-usage-chart>`);
    await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
    await el.drawComplete;
    expect(chartOf(el)!.data.datasets).to.have.length(20);
    expect(chartOf(el)!.options.animation).to.equal(false);
  });

  describe('every line legible', () => {
    // Requests in the thousands, GPU hours under ten (same unit for both GPU lines), and a tiny GB line.
    const mixed: ChartSeries[] = [
      { key: 'a100', label: 'A100', unitSingular: 'GPU hour', unitPlural: 'GPU hours', points: buckets.map((time, i) => ({ time, value: 5 + (i % 3) })) },
      { key: 'api', label: 'API requests', unitSingular: 'request', unitPlural: 'requests', points: buckets.map((time, i) => ({ time, value: 7000 - i * 300 })) },
      { key: 'h100', label: 'H100', unitSingular: 'GPU hour', unitPlural: 'GPU hours', points: buckets.map((time, i) => ({ time, value: 4 + (i % 2) })) },
    ];

    it('draws each unit on a y-axis band of its own, the first band on top, and the table names units', async () => {
      const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" time-zone="UTC" .series=${mixed} .buckets=${buckets}></cp-usage-chart>`);
      await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
      const chart = chartOf(el)!;
      expect(chart.data.datasets.map((d) => d.yAxisID)).to.deep.equal(['y0', 'y1', 'y0']);
      const y0 = chart.scales.y0!;
      const y1 = chart.scales.y1!;
      // Each band's scale fits its own lines: the GPU band tops out near 7, not near 7,000.
      expect(y0.max).to.be.lessThan(20);
      expect(y1.max).to.be.greaterThan(7000);
      expect(y0.bottom).to.be.at.most(y1.top + 1);
      expect((y0.options as unknown as { title: { text: string } }).title.text).to.equal('GPU hours');
      // The plot grew to hold two bands.
      expect(el.shadowRoot!.querySelector<HTMLElement>('.canvas-wrap')!.style.getPropertyValue('--_bands')).to.equal('2');
      el.shadowRoot!.querySelector<HTMLButtonElement>('.foot .link')!.click();
      await el.updateComplete;
      const heads = [...el.shadowRoot!.querySelectorAll('.table-wrap thead th')].map((th) => th.textContent!.trim());
      expect(heads).to.deep.equal(['Time', 'A100 (GPU hours)', 'API requests (requests)', 'H100 (GPU hours)']);
      await expect(el).to.be.accessible();
    });

    it('labels the still-filling bucket "so far" under its date and in a note with the as-of time', async () => {
      const asOf = new Date(buckets[6]!.getTime() + 9.5 * 3_600_000);
      const el = await fixture<UsageChart>(
        html`<cp-usage-chart label="Usage" time-zone="UTC" locale="en-US" .series=${mixed} .buckets=${buckets} .partialFrom=${buckets[6]} .asOf=${asOf}></cp-usage-chart>`,
      );
      await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
      expect(el.shadowRoot!.querySelector('.partial-note')!.textContent).to.equal('Last point (hollow, dotted line): today so far, as of 9:30 AM.');
      const x = chartOf(el)!.scales.x!;
      const last = x.ticks.find((tick) => tick.value === 6)!;
      expect(last.label).to.deep.equal(['Mar 10', 'so far']);
      el.partialFrom = null;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.partial-note')).to.equal(null);
    });

    it('a focused line shows alone; the legend shows the others again', async () => {
      const el = await fixture<UsageChart>(html`<cp-usage-chart label="Usage" time-zone="UTC" .series=${mixed} .buckets=${buckets}></cp-usage-chart>`);
      await waitUntil(() => chartOf(el) !== null, 'chart drawn', { timeout: 5000 });
      el.focusKey = 'h100';
      await el.updateComplete;
      expect(el.visibleKeys).to.deep.equal(['h100']);
      expect([0, 1, 2].map((i) => chartOf(el)!.isDatasetVisible(i))).to.deep.equal([false, false, true]);
      el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend-item')[0]!.click();
      await el.updateComplete;
      expect(el.visibleKeys).to.deep.equal(['a100', 'h100']);
      el.focusKey = null;
      await el.updateComplete;
      expect(el.visibleKeys).to.deep.equal(['a100', 'api', 'h100']);
    });
  });
});
