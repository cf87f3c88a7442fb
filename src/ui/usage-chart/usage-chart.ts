import { loadOnce, type OnceLoader } from '../../api/load-once.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Chart as ChartInstance, ChartConfiguration } from 'chart.js';
import { PortalElement } from '../portal-element.js';
import { nextTask } from '../../api/next-task.js';
import { ApiError } from '../../api/errors.js';
import { ChartErrorEvent } from '../../events.js';
import { Pager, type PageChangeEvent } from '../pager/pager.js';
import { MediaQueryController } from '../../controllers/media-query.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { usageChartStyles } from './usage-chart.styles.js';
import { createTranslate, registerEnglish, type Translate } from '../../i18n/index.js';
import { usageChart } from '../../i18n/en/usage-chart.js';
import type { ChartSeries } from '../../usage/chart-series.js';
import type { XY } from './downsample.js';
import type { AxisGroup } from './axis-groups.js';
import { chartConfig, chartData, PALETTE, PX_PER_MARKER, sameBuckets, sameSeries } from './chart-config.js';
import { chartSummary, renderDataTable, renderLegend, renderPartialNote } from './chart-view.js';
import { bucketZone, type BucketZone, type ChartWindow } from './time-labels.js';

// The chart's own English strings travel with its (lazily loaded) module, as do the pure parts
// it draws with: chart-config.ts (the Chart.js configuration), chart-view.ts (legend, table),
// time-labels.ts (the time axis in words).
registerEnglish(usageChart);

export type { ChartPoint, ChartSeries } from '../../usage/chart-series.js';

type ChartModule = { setupChart: () => typeof import('chart.js').Chart };

/**
 * @summary A line chart of usage per feature, with an accessible legend, tooltips, and a data table.
 * @tag cp-usage-chart
 *
 * chart.js (only the parts used) is imported on the first chart drawn. The
 * canvas is an image with a summary; the same values are available as a
 * table ("Show as table"), and shown as one when the chart cannot load.
 *
 * @csspart chart - The figure (legend, canvas, zone note, table).
 * @csspart legend - The legend's toggle buttons.
 * @csspart data-table - The table of values.
 *
 * @cssproperty --customer-portal-chart-height - Least height of the plot (default 280px).
 * @cssproperty --customer-portal-chart-band-height - Height of each y-axis band when features of different units or sizes are stacked (default 88px).
 * @cssproperty --customer-portal-chart-color-1 - Colour of the first line (default `--customer-portal-primary`).
 * @cssproperty --customer-portal-chart-color-2 - Colour of the second line (default `--customer-portal-secondary`).
 * @cssproperty --customer-portal-chart-color-3 - Colour of the third line (default `--customer-portal-tertiary`).
 * @cssproperty --customer-portal-chart-color-4 - Colour of the fourth line.
 * @cssproperty --customer-portal-chart-color-5 - Colour of the fifth line.
 * @cssproperty --customer-portal-chart-color-6 - Colour of the sixth line.
 * @cssproperty --customer-portal-chart-color-7 - Colour of the seventh line.
 * @cssproperty --customer-portal-chart-color-8 - Colour of the eighth line.
 * @cssproperty --customer-portal-chart-color-9 - Colour of the ninth line.
 * @cssproperty --customer-portal-chart-color-10 - Colour of the tenth line.
 */
export class UsageChart extends PortalElement {
  static override dependencies = { 'cp-pager': Pager };

  static override styles = [hostStyles, componentStyles, usageChartStyles];

  /**
   * Loads the chart module. A seam for tests (to simulate a failed load).
   * @internal
   */
  static loadModule: () => Promise<ChartModule> = () => import('./chart-setup.js');

  /** One load-once per `loadModule` (tests swap it). */
  private static readonly loaders = new WeakMap<() => Promise<ChartModule>, OnceLoader<ChartModule>>();
  private static loader(): Promise<ChartModule> {
    const from = UsageChart.loadModule;
    let load = UsageChart.loaders.get(from);
    if (!load) {
      load = loadOnce(from);
      UsageChart.loaders.set(from, load);
    }
    return load();
  }

  @query('canvas') private canvas?: HTMLCanvasElement;
  @query('.canvas-wrap') private canvasWrap?: HTMLElement;

  @state() private hidden_ = new Set<string>();
  @state() private showTable = false;
  @state() private loadFailed = false;
  @state() private loadingModule = false;
  /** Line colours as last read from the stylesheet (the legend's swatches use the CSS variables directly). */
  private colors: string[] = PALETTE;
  /** 1-based page of the data table. */
  @state() private tablePage = 1;

  /** The lines to draw, one per feature. */
  @property({ attribute: false }) series: ChartSeries[] = [];
  /** Start of every bucket of the range, in order (empty buckets included). */
  @property({ attribute: false }) buckets: Date[] = [];
  /** Bucket width, for the labels. */
  @property() window: ChartWindow = 'day';
  /** BCP 47 locale for numbers and dates. */
  @property() locale = 'en';
  /** IANA zone the labels and tooltips are in. */
  @property({ attribute: 'time-zone' }) timeZone = 'UTC';
  /** Start of the still-filling last bucket (drawn dotted and hollow), or null. */
  @property({ attribute: false }) partialFrom: Date | null = null;
  /** The one line shown when set (an invoice's feature); the others start hidden and the legend can show them. */
  @property({ attribute: false }) focusKey: string | null = null;
  /** When the data was read (the "as of" time of the still-filling bucket), or null. */
  @property({ attribute: false }) asOf: Date | null = null;
  /** What the chart shows, e.g. "Usage per feature, Mar 4 – 10, 2026"; names the image and the table. */
  @property() label = '';
  /** UI strings. */
  @property({ attribute: false }) t: Translate = createTranslate();

  private chart: ChartInstance<'line', XY[]> | null = null;
  /** Exact value per bucket, per series (the table's values). */
  private values: number[][] = [];
  /** The y-axis bands (one per unit and size, see axis-groups.ts) and each series' band id. */
  private groups: AxisGroup[] = [];
  private axisOf: string[] = [];
  /** Full-resolution points per series; what is drawn is these, downsampled to the plot's width. */
  private points: XY[][] = [];
  /** Bumped when the values change (not when a tab hands over equal arrays). */
  private dataVersion = 0;
  /** Bumped when `t` changes (tooltip strings). */
  private stringsVersion = 0;
  /** Local hour and day of each bucket (hourly labels), computed on first use. */
  private zoneCache: BucketZone | null = null;
  /** What the chart on screen was drawn from; equal inputs mean no redraw. */
  private drawnKey = '';
  private drawPending = false;
  private drawAgain = false;
  /** The draw in progress (with any asked for meanwhile), or a settled promise. */
  private drawing: Promise<void> = Promise.resolve();
  /** A first chart between Chart.js's set-up and its data (`chart` is only ever a chart with data). */
  private settingUp: ChartInstance<'line', XY[]> | null = null;

  constructor() {
    super();
    // Forced colours change the resolved line colours (system colours): redraw when they toggle.
    new MediaQueryController(this, '(forced-colors: active)');
  }

  /** Resolved line colours of the current theme (host overrides, `/config` colours, light or dark defaults). */
  private readColors(): string[] {
    const style = getComputedStyle(this);
    return PALETTE.map((fallback, i) => style.getPropertyValue(`--_chart-${i + 1}`).trim() || fallback);
  }

  /**
   * Re-reads the theme's colours and redraws. The root calls it when the theme
   * flips between light and dark (CSS custom properties do not notify).
   * @internal
   */
  refreshTheme(): void {
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-create the chart after a move in the DOM (it was destroyed on disconnect).
    if (this.hasUpdated) this.requestUpdate();
  }

  /** The first render (a legend of up to 20 features, the aligned series) is not added to the tab's data render that created it. */
  protected static override firstUpdateInOwnTask = true;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
    this.settingUp?.destroy();
    this.settingUp = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const bucketsChanged = changed.has('buckets') && !sameBuckets(changed.get('buckets'), this.buckets);
    const seriesChanged = changed.has('series') && !sameSeries(changed.get('series'), this.series);
    if (bucketsChanged || seriesChanged || this.values.length !== this.series.length) {
      ({ values: this.values, points: this.points, groups: this.groups, axisOf: this.axisOf } = chartData(this.series, this.buckets));
      this.dataVersion++;
    }
    if (bucketsChanged) this.tablePage = 1;
    if (changed.has('focusKey') || (this.focusKey && seriesChanged)) {
      const focus = this.focusKey;
      const hidden = focus && this.series.some((s) => s.key === focus) ? this.series.filter((s) => s.key !== focus).map((s) => s.key) : [];
      if (changed.has('focusKey') || hidden.length) {
        this.hidden_ = new Set(hidden);
        // A chart still to be drawn takes the hidden lines from hidden_ (a stale flag cost a full redraw later).
        this.visibilityChanged = this.chart !== null;
      }
    }
    if (bucketsChanged || changed.has('timeZone')) this.zoneCache = null;
    if (changed.has('t')) this.stringsVersion++;
  }

  /** Set when the hidden lines changed other than by a legend click (a new focus): applied to the chart after render. */
  private visibilityChanged = false;

  protected override updated(): void {
    if (this.visibilityChanged) {
      this.visibilityChanged = false;
      const chart = this.chart;
      if (chart) {
        this.series.forEach((s, i) => chart.setDatasetVisibility(i, !this.hidden_.has(s.key)));
        chart.update('none');
      }
    }
    // The plot grows with its bands (CSSOM, not a style attribute: strict CSP pages allow it).
    this.canvasWrap?.style.setProperty('--_bands', String(Math.max(1, this.groups.length)));
    // Whether anything drawn changed (colours included) is read in the draw's own task, not in this render.
    if (this.isConnected && !this.loadFailed && this.series.length > 0 && this.buckets.length > 0) void this.draw();
  }

  /** Plot width in CSS pixels: the most points worth drawing per line. */
  private plotWidth(): number {
    const width = this.canvasWrap?.clientWidth || this.canvas?.clientWidth || 600;
    // In steps of 16 px, so resizing redraws a downsampled chart only now and then.
    return Math.max(32, Math.floor(width / 16) * 16);
  }

  /**
   * Everything the drawing depends on but the hidden lines: data, labels,
   * zone, colours, motion preference, and the width where it changes what is
   * drawn (downsampling, markers).
   */
  private drawKey(): string {
    const wrap = this.canvasWrap ? getComputedStyle(this.canvasWrap) : null;
    const n = this.buckets.length;
    const width = this.plotWidth();
    this.colors = this.readColors();
    const reduceMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    return [
      this.dataVersion,
      this.stringsVersion,
      this.window,
      this.locale,
      this.timeZone,
      this.partialFrom?.getTime() ?? '',
      this.colors.join(),
      wrap?.color ?? '',
      wrap?.borderTopColor ?? '',
      getComputedStyle(this).getPropertyValue('background-color'),
      reduceMotion,
      Math.min(n, width),
      n * PX_PER_MARKER > width,
    ].join('|');
  }

  private get partialIndex(): number {
    if (!this.partialFrom) return -1;
    const t = this.partialFrom.getTime();
    return this.buckets.findIndex((b) => b.getTime() === t);
  }

  /**
   * Draws or redraws the chart when something drawn changed. Runs as tasks of
   * its own (never inside the render that asked for it), and splits Chart.js's
   * work in two: data and layout in one task, painting the canvas in the next.
   */
  private draw(): Promise<void> {
    // One draw at a time; one asked for meanwhile runs after it (it reads the state when it runs).
    if (this.drawPending) {
      this.drawAgain = true;
      return this.drawing;
    }
    this.drawPending = true;
    this.drawing = this.drawLoop();
    return this.drawing;
  }

  /**
   * Resolves once the element has updated and every draw that update asked
   * for is on the canvas (or was found unnecessary): a signal for tests and
   * hosts instead of waiting an arbitrary time.
   */
  get drawComplete(): Promise<void> {
    return this.updateComplete.then(() => this.drawing);
  }

  private async drawLoop(): Promise<void> {
    try {
      do {
        this.drawAgain = false;
        await this.drawOnce();
      } while (this.drawAgain && this.isConnected && !this.loadFailed);
    } catch (cause) {
      this.fail(new Error('The chart could not be drawn.', { cause }));
    } finally {
      this.drawPending = false;
    }
  }

  /** Whatever went wrong, the values stay readable: the table replaces the plot, and the tab reports the error. */
  private fail(error: Error): void {
    this.loadingModule = false;
    this.loadFailed = true;
    this.chart?.destroy();
    this.chart = null;
    this.settingUp?.destroy();
    this.settingUp = null;
    this.dispatchEvent(new ChartErrorEvent(error));
  }

  private async drawOnce(): Promise<void> {
    let module: ChartModule;
    try {
      await Promise.resolve(); // state changes below belong to the next update, not this one
      if (!this.chart) this.loadingModule = true;
      module = await UsageChart.loader();
      await nextTask();
    } catch (cause) {
      this.fail(new ApiError({ kind: 'network', code: 'chunk_load_failed', message: 'The chart code could not be loaded.', cause }));
      return;
    }
    this.loadingModule = false;
    if (!this.isConnected || !this.canvas || this.loadFailed || this.series.length === 0 || this.buckets.length === 0) return;
    const key = this.drawKey();
    const current = this.chart && this.chart.canvas === this.canvas ? this.chart : null;
    // Legend toggles, the table, and equal data handed over again leave the drawing as it is.
    if (current && key === this.drawnKey) return;
    this.drawnKey = key;
    const config = this.config();
    this.holdPaint = true;
    let chart: ChartInstance<'line', XY[]>;
    if (current) {
      chart = current;
      chart.data = config.data;
      chart.options = config.options ?? {};
      chart.update(config.options?.animation === false ? 'none' : undefined);
    } else {
      this.chart?.destroy();
      this.chart = null;
      // Four tasks on a first chart, each well under 50 ms with eleven bands: Chart.js's set-up (plugins,
      // canvas size) with the time axis alone; the bands' axes, laid out without data; the data and
      // layout; the paint. The first paint is not animated (lines rising from zero tell nothing, and
      // cost a task); later data changes set the options afresh, animation included.
      const options = { ...config.options, animation: false as const };
      const Chart = module.setupChart();
      try {
        const setUp = { ...options, scales: { x: options.scales?.['x'] ?? {} } };
        chart = this.settingUp = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: setUp, plugins: [this.paintGate] });
      } catch (error) {
        // Chart.js keeps a chart that failed in its constructor bound to the canvas.
        Chart.getChart(this.canvas)?.destroy();
        throw error;
      }
      await nextTask();
      if (this.settingUp !== chart) return; // disconnected meanwhile (and destroyed)
      chart.options = options;
      chart.update('none');
      await nextTask();
      if (this.settingUp !== chart) return;
      this.settingUp = null;
      // A legend toggle may have come in between.
      this.series.forEach((s, i) => {
        const dataset = config.data.datasets[i];
        if (dataset) dataset.hidden = this.hidden_.has(s.key);
      });
      chart.data = config.data;
      chart.update('none');
      this.chart = chart;
    }
    await nextTask();
    this.holdPaint = false;
    if (this.chart === chart) chart.render();
  }

  /** While set, Chart.js lays out but does not paint (the paint follows in the next task). */
  private holdPaint = false;
  private readonly paintGate = { id: 'cpPaintGate', beforeRender: (): boolean => !this.holdPaint };

  private config(): ChartConfiguration<'line', XY[]> {
    const wrap = this.canvasWrap ? getComputedStyle(this.canvasWrap) : null;
    return chartConfig({
      series: this.series,
      points: this.points,
      hidden: this.hidden_,
      colors: this.colors,
      groups: this.groups,
      axisOf: this.axisOf,
      axis: {
        buckets: this.buckets,
        window: this.window,
        locale: this.locale,
        timeZone: this.timeZone,
        // Looked up once per buckets and zone (willUpdate forgets them).
        zone: () => (this.zoneCache ??= bucketZone(this.buckets, this.timeZone)),
      },
      partial: this.partialIndex,
      width: this.plotWidth(),
      textColor: wrap?.color || '#666',
      gridColor: wrap?.borderTopColor || 'rgba(0,0,0,0.1)',
      background: getComputedStyle(this).getPropertyValue('background-color') || '#fff',
      reduceMotion: typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches,
      t: this.t,
      onResize: () => this.requestUpdate(),
    });
  }

  private handleToggle(key: string, index: number): void {
    const hidden = new Set(this.hidden_);
    const nowHidden = !hidden.has(key);
    if (nowHidden) hidden.add(key);
    else hidden.delete(key);
    this.hidden_ = hidden;
    // Only the visibility changes: no new data or options, no animation of 14,000 points.
    if (this.chart) {
      this.chart.setDatasetVisibility(index, !nowHidden);
      this.chart.update('none');
    }
  }

  private handleTableToggle(): void {
    this.showTable = !this.showTable;
  }

  /** Keys of the lines currently shown (not toggled off in the legend). */
  get visibleKeys(): string[] {
    return this.series.filter((s) => !this.hidden_.has(s.key)).map((s) => s.key);
  }

  private handleTablePage(event: PageChangeEvent): void {
    event.stopPropagation();
    this.tablePage = event.page;
  }

  override render(): TemplateResult {
    const tableShown = this.showTable || this.loadFailed;
    return html`<figure part="chart">
      ${this.series.length ? renderLegend(this, this.hidden_, (key, index) => this.handleToggle(key, index)) : nothing}
      <div class="canvas-wrap" ?hidden=${this.loadFailed}>
        <canvas role="img" aria-label=${chartSummary(this)}></canvas>
        ${this.loadingModule ? html`<div class="loading" role="status">${this.t('usage.chart.loading')}</div>` : nothing}
      </div>
      ${renderPartialNote(this, this.partialIndex)}
      <div class="foot">
        <span class="zone">${this.t('common.timesIn', { zone: this.timeZone })}</span>
        ${this.loadFailed
          ? nothing
          : html`<button type="button" class="link" aria-expanded=${this.showTable ? 'true' : 'false'} aria-controls="data-table" @click=${this.handleTableToggle}>
              ${this.showTable ? this.t('usage.chart.hideTable') : this.t('usage.chart.showTable')}
            </button>`}
      </div>
      ${this.loadFailed ? html`<p class="note" role="note">${this.t('usage.chart.failed')}</p>` : nothing}
      ${tableShown ? renderDataTable(this, this.values, this.partialIndex, this.tablePage, this.handleTablePage) : nothing}
    </figure>`;
  }
}
