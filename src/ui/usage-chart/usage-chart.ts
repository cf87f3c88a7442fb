import { loadOnce, type OnceLoader } from '../../api/load-once.js';
import { html, svg, nothing, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  Chart as ChartInstance,
  ChartConfiguration,
  ChartDataset,
  PointStyle,
  Scale,
  ScriptableContext,
  ScriptableLineSegmentContext,
  Tick,
  TooltipItem,
} from 'chart.js';
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
import { formatNumber, formatQuantity } from '../../format/money.js';
import { zonedParts } from '../../usage/ranges.js';
import type { ChartPoint, ChartSeries } from '../../usage/chart-series.js';
import { downsampleMinMax, type XY } from './downsample.js';
import { axisOfLine, groupAxes, type AxisGroup } from './axis-groups.js';

// The chart's own English strings travel with its (lazily loaded) module.
registerEnglish(usageChart);

export type { ChartPoint, ChartSeries } from '../../usage/chart-series.js';

/** Width of the chart's buckets: labels show hours or dates. */
export type ChartWindow = 'hour' | 'day';

type ChartModule = { setupChart: () => typeof import('chart.js').Chart };

const HOUR = 3_600_000;
/** Markers are drawn only while a line has at most one point per this many pixels. */
const PX_PER_MARKER = 6;
/** Above this many points drawn in all, data changes are not animated (the animation costs more than it shows). */
const ANIMATE_MAX_POINTS = 200;
/** Rows per page of the data table: a day of hours, or a month of days. */
const TABLE_ROWS = { hour: 24, day: 31 } as const;

/** Same series content (a tab re-renders with fresh but equal arrays): no redraw needed. */
function sameSeries(a: readonly ChartSeries[] | undefined, b: readonly ChartSeries[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.key !== y.key || x.label !== y.label || x.unitSingular !== y.unitSingular || x.unitPlural !== y.unitPlural || x.total !== y.total) return false;
    if (x.points.length !== y.points.length) return false;
    for (let j = 0; j < x.points.length; j++) {
      const p = x.points[j]!;
      const q = y.points[j]!;
      if (p.value !== q.value || p.time.getTime() !== q.time.getTime()) return false;
    }
  }
  return true;
}

function sameBuckets(a: readonly Date[] | undefined, b: readonly Date[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.getTime() !== b[i]!.getTime()) return false;
  return true;
}

/**
 * Fallback line colours. The colours drawn come from the stylesheet (`--_chart-1` … `-10`):
 * `--customer-portal-chart-color-N`, else the theme's primary / secondary / tertiary for the
 * first three and light or dark defaults for the rest (see usage-chart.styles.ts).
 */
const PALETTE = ['#4f46e5', '#0f766e', '#c2410c', '#be185d', '#1d4ed8', '#4d7c0f', '#7e22ce', '#b91c1c', '#0e7490', '#57534e'];
const POINT_STYLES: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded', 'cross'];
const DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3]];
const PARTIAL_DASH = [1, 5];
/** Width of each stacked y-axis band's axis (title and labels), in CSS pixels. */
const AXIS_WIDTH = 54;

/** Line look of the series at `index`: colour, point style and dash differ, so lines never rely on colour alone. */
export function seriesLook(index: number, colors: readonly string[] = PALETTE): { color: string; pointStyle: PointStyle; dash: number[] } {
  return {
    color: colors[index % colors.length] ?? PALETTE[0]!,
    pointStyle: POINT_STYLES[index % POINT_STYLES.length]!,
    dash: DASHES[index % DASHES.length]!,
  };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' });
    }
    formats.set(key, f);
  }
  return f;
}

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
  private zoneCache: { hours: number[]; dayKeys: string[] } | null = null;
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
      const starts = this.buckets.map((b) => b.getTime());
      this.values = this.series.map((s) => this.align(s.points, starts));
      this.points = this.values.map((ys) => ys.map((y, x) => ({ x, y })));
      this.groups = groupAxes(this.series.map((s, i) => ({ unitSingular: s.unitSingular, unitPlural: s.unitPlural, peak: Math.max(0, ...(this.values[i] ?? [])) })));
      this.axisOf = axisOfLine(this.groups, this.series.length);
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

  /** Local hour and day key of every bucket, one zone lookup each (only hourly labels need them). */
  private get zone(): { hours: number[]; dayKeys: string[] } {
    if (!this.zoneCache) {
      const hours: number[] = [];
      const dayKeys: string[] = [];
      for (const b of this.buckets) {
        const p = zonedParts(b, this.timeZone);
        hours.push(p.hour);
        dayKeys.push(`${p.year}-${p.month}-${p.day}`);
      }
      this.zoneCache = { hours, dayKeys };
    }
    return this.zoneCache;
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

  /** Values of a series per bucket (missing buckets are 0; points between bucket starts go to their bucket). */
  private align(points: ChartPoint[], starts: number[]): number[] {
    const out = starts.map(() => 0);
    // The tabs hand over one point per bucket, in order: no search needed.
    if (points.length === starts.length && points.every((p, i) => p.time.getTime() === starts[i])) {
      return points.map((p) => (Number.isFinite(p.value) ? p.value : 0));
    }
    for (const p of points) {
      const t = p.time.getTime();
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found >= 0 && Number.isFinite(p.value)) out[found]! += p.value;
    }
    return out;
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
    const textColor = wrap?.color || '#666';
    const gridColor = wrap?.borderTopColor || 'rgba(0,0,0,0.1)';
    const n = this.buckets.length;
    const partial = this.partialIndex;
    const reduceMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    const background = getComputedStyle(this).getPropertyValue('background-color') || '#fff';
    // At most one point per pixel column per line; the kept points are exact values (min/max per column).
    const width = this.plotWidth();
    const drawn = this.points.map((points) => downsampleMinMax(points, width));
    const downsampled = drawn.some((d, i) => d.length < (this.points[i]?.length ?? 0));
    const perLine = Math.max(0, ...drawn.map((d) => d.length));
    const totalPoints = drawn.reduce((total, d) => total + d.length, 0);
    // Markers only on sparse lines (their styles stay in the legend and tooltips). On dense lines a
    // segment is under PX_PER_MARKER px, too short for the partial bucket's dots: every option is then
    // a plain value, which Chart.js resolves once per line instead of once per point.
    const sparse = perLine * PX_PER_MARKER <= width;
    const radius = sparse ? 3 : 0;
    const markPartial = sparse && partial >= 0;

    const datasets: ChartDataset<'line', XY[]>[] = this.series.map((s, i) => {
      const look = seriesLook(i, this.colors);
      return {
        label: s.label,
        // Chart.js reads the points as they are (parsing: false): a copy keeps the element's arrays its own.
        data: [...(drawn[i] ?? [])],
        hidden: this.hidden_.has(s.key),
        borderColor: look.color,
        backgroundColor: look.color,
        borderDash: look.dash,
        yAxisID: this.axisOf[i] ?? 'y0',
        // Dense lines are hairlines: rasterizing 2 px anti-aliased strokes of 14,400 segments took ~100 ms.
        borderWidth: sparse ? 2 : 1,
        pointStyle: look.pointStyle,
        pointRadius: markPartial
          ? (ctx: ScriptableContext<'line'>) => ((ctx.raw as XY | undefined)?.x === partial ? Math.max(radius, 4) : radius)
          : radius,
        pointHoverRadius: 5,
        pointBorderColor: look.color,
        pointBackgroundColor: markPartial
          ? (ctx: ScriptableContext<'line'>) => ((ctx.raw as XY | undefined)?.x === partial ? background : look.color)
          : look.color,
        tension: 0,
        spanGaps: true,
        ...(markPartial
          ? {
              segment: {
                borderDash: (ctx: ScriptableLineSegmentContext) => {
                  // The segment context inherits the chart context at runtime (the typings omit it).
                  const chart = (ctx as ScriptableLineSegmentContext & { chart?: ChartInstance }).chart;
                  const data = chart?.data.datasets[ctx.datasetIndex]?.data as XY[] | undefined;
                  return data?.[ctx.p1DataIndex]?.x === partial ? PARTIAL_DASH : undefined;
                },
              },
            }
          : {}),
      };
    });

    const compact = new Intl.NumberFormat(this.locale, { notation: 'compact', maximumFractionDigits: 1 });
    // One y-axis per band, stacked top to bottom in one plot that shares the time axis (small multiples).
    const bands = this.groups.length > 0 ? this.groups : [{ id: 'y0', unitSingular: '', unitPlural: '', lines: [] }];
    const stacked = bands.length > 1;
    // Chart.js stacks same-side axes bottom-up in the order given: reversed, the first band is on top (the legend's order).
    const yScales = Object.fromEntries(
      [...bands].reverse().map((g) => [
        g.id,
        {
          type: 'linear' as const,
          position: 'left' as const,
          ...(stacked ? { stack: 'bands', stackWeight: 1 } : {}),
          beginAtZero: true,
          grace: '8%',
          grid: { color: gridColor },
          border: { color: gridColor },
          title: { display: stacked || !!g.unitPlural, text: g.unitPlural, color: textColor, padding: 2 },
          // Chart.js gives each stacked axis 1/(2 × axes) of the width: on a phone with many bands that hides
          // their labels. Every band gets the same width, room for a title and a "500K" label.
          ...(stacked ? { afterFit: (scale: Scale) => void (scale.width = Math.max(scale.width, AXIS_WIDTH)) } : {}),
          ticks: {
            color: textColor,
            maxTicksLimit: stacked ? 4 : 8,
            // In a stack the top label of a band would sit on the "0" of the band above it: left out there.
            callback: (value: number | string, index: number, ticks: Tick[]) =>
              stacked && index === ticks.length - 1 && ticks.length > 2 ? '' : compact.format(Number(value)),
          },
        },
      ]),
    );

    return {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion || totalPoints > ANIMATE_MAX_POINTS ? false : { duration: 250 },
        // 'index' pairs the lines' points by position, which downsampled lines do not share.
        interaction: { mode: this.series.length <= 6 && !downsampled ? 'index' : 'nearest', intersect: false, axis: 'x' },
        // A wider or narrower plot may need more or fewer points, or markers: redraw if so.
        onResize: () => this.requestUpdate(),
        scales: {
          x: {
            type: 'linear',
            min: n > 1 ? 0 : -0.5,
            max: n > 1 ? n - 1 : 0.5,
            grid: { color: gridColor },
            border: { color: gridColor },
            afterBuildTicks: (scale: Scale) => {
              scale.ticks = this.tickIndices(scale.width || scale.chart.width).map((value) => ({ value }));
            },
            ticks: {
              color: textColor,
              autoSkip: false,
              maxRotation: 0,
              callback: (value: number | string, index: number, ticks: Tick[]) => {
                const i = Number(value);
                const prev = index > 0 ? Number(ticks[index - 1]?.value) : -1;
                const label = this.tickLabel(i, prev);
                // The still-filling bucket says so under its date, on the canvas as in the note below it.
                return i === partial && this.window === 'day' ? [label, this.t('usage.chart.soFar')] : label;
              },
            },
          },
          ...yScales,
        },
        plugins: {
          tooltip: {
            usePointStyle: true,
            callbacks: {
              title: (items: TooltipItem<'line'>[]) => {
                const x = (items[0]?.raw as XY | undefined)?.x;
                return x === undefined ? '' : this.bucketTitle(Math.round(x));
              },
              label: (item: TooltipItem<'line'>) => {
                const s = this.series[item.datasetIndex];
                if (!s) return '';
                const y = (item.raw as XY).y;
                return `${s.label}: ${formatQuantity(y, s.unitSingular, s.unitPlural, this.locale)}`;
              },
            },
          },
        },
      },
    };
  }

  /** Which bucket indices get an x label, for a plot `width` px wide. */
  private tickIndices(width: number): number[] {
    const n = this.buckets.length;
    if (n === 0) return [];
    const maxTicks = Math.max(2, Math.floor(width / (this.window === 'hour' ? 64 : 60)));
    if (n <= maxTicks) return this.buckets.map((_, i) => i);
    const out: number[] = [];
    if (this.window === 'hour') {
      const steps = [1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336];
      const step = steps.find((s) => n / s <= maxTicks) ?? Math.ceil(n / maxTicks);
      let midnights = 0;
      const zone = this.zone;
      for (let i = 0; i < n; i++) {
        const hour = zone.hours[i] ?? 0;
        const newDay = i > 0 && zone.dayKeys[i] !== zone.dayKeys[i - 1];
        if (step < 24) {
          if (hour % step === 0) out.push(i);
        } else if (newDay) {
          if (midnights % (step / 24) === 0) out.push(i);
          midnights++;
        }
      }
      return out.length ? out : [0];
    }
    const step = Math.ceil(n / maxTicks);
    // Count back from the last bucket so "today" always has its label.
    for (let i = n - 1; i >= 0; i -= step) out.unshift(i);
    return out;
  }

  private tickLabel(index: number, previous: number): string {
    const date = this.buckets[index];
    if (!date) return '';
    if (this.window === 'day') return dtf(this.locale, this.timeZone, { month: 'short', day: 'numeric' }).format(date);
    const { dayKeys } = this.zone;
    const newDay = previous < 0 || dayKeys[previous] !== dayKeys[index];
    return newDay
      ? dtf(this.locale, this.timeZone, { month: 'short', day: 'numeric', hour: 'numeric' }).format(date)
      : dtf(this.locale, this.timeZone, { hour: 'numeric' }).format(date);
  }

  /** Exact time of a bucket in the zone: "Mar 4, 2026" or "Mar 4, 2026, 3:00 – 4:00 PM"; "(so far)" when partial. */
  private bucketTitle(index: number): string {
    const start = this.buckets[index];
    if (!start) return '';
    let text: string;
    if (this.window === 'day') {
      text = dtf(this.locale, this.timeZone, { dateStyle: 'medium' }).format(start);
    } else {
      const end = this.buckets[index + 1] ?? new Date(start.getTime() + HOUR);
      text = dtf(this.locale, this.timeZone, { dateStyle: 'medium', timeStyle: 'short' }).formatRange(start, end);
    }
    return index === this.partialIndex ? this.t('usage.chart.partial', { time: text }) : text;
  }

  private summary(): string {
    const first = this.buckets[0];
    const last = this.buckets[this.buckets.length - 1];
    const fmt = (d: Date | undefined) =>
      d ? dtf(this.locale, this.timeZone, this.window === 'day' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '';
    const totals = this.series
      .filter((s) => s.total)
      .slice(0, 5)
      .map((s) => `${s.label} ${s.total}`)
      .join('; ');
    const params = {
      label: this.label,
      count: this.series.length,
      from: fmt(first),
      to: fmt(last),
      totals: totals ? `${totals}. ` : '',
    };
    return this.t(this.series.length === 1 ? 'usage.chart.summaryOne' : 'usage.chart.summary', params);
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

  /** Line, dash and marker of a series; coloured by the stylesheet (`.cN` reads `--_chart-N+1`), so a theme change needs no re-render. */
  private renderSwatch(index: number): SVGTemplateResult {
    const look = seriesLook(index);
    let marker: SVGTemplateResult;
    switch (look.pointStyle) {
      case 'rect':
        marker = svg`<rect class="fill" x="8.5" y="2.5" width="7" height="7" />`;
        break;
      case 'rectRounded':
        marker = svg`<rect class="fill" x="8.5" y="2.5" width="7" height="7" rx="2" />`;
        break;
      case 'triangle':
        marker = svg`<polygon class="fill" points="12,1.5 16.5,10 7.5,10" />`;
        break;
      case 'rectRot':
        marker = svg`<polygon class="fill" points="12,1 17,6 12,11 7,6" />`;
        break;
      case 'crossRot':
        marker = svg`<path class="stroke" d="M8.5 2.5l7 7M15.5 2.5l-7 7" stroke-width="2" />`;
        break;
      case 'cross':
        marker = svg`<path class="stroke" d="M12 1.5v9M7.5 6h9" stroke-width="2" />`;
        break;
      case 'star':
        marker = svg`<path class="stroke" d="M12 1.5v9M7.5 6h9M8.8 2.8l6.4 6.4M15.2 2.8l-6.4 6.4" stroke-width="1.5" />`;
        break;
      default:
        marker = svg`<circle class="fill" cx="12" cy="6" r="3.5" />`;
    }
    return svg`<svg class="swatch c${index % PALETTE.length}" viewBox="0 0 24 12" aria-hidden="true" focusable="false">
      <line class="stroke" x1="1" y1="6" x2="23" y2="6" stroke-width="2" stroke-dasharray=${look.dash.length ? look.dash.join(' ') : 'none'} />
      ${marker}
    </svg>`;
  }

  private handleTablePage(event: PageChangeEvent): void {
    event.stopPropagation();
    this.tablePage = event.page;
  }

  /**
   * The values as a table, rendered only while shown, one page at a time (a
   * day of hours or a month of days): 30 days hourly is 720 rows.
   */
  private renderTable(): TemplateResult {
    const dayFormat = dtf(this.locale, this.timeZone, this.window === 'day' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
    const partial = this.partialIndex;
    const size = TABLE_ROWS[this.window] ?? TABLE_ROWS.day;
    const total = this.buckets.length;
    const pages = Math.max(1, Math.ceil(total / size));
    const page = Math.min(Math.max(1, this.tablePage), pages);
    const from = (page - 1) * size;
    const rows = this.buckets.slice(from, from + size);
    return html`<div class="table-wrap" id="data-table" part="data-table" tabindex="0" role="region" aria-label=${this.label || this.t('usage.chart.showTable')}>
        <table>
          <caption>${this.label}</caption>
          <thead>
            <tr>
              <th scope="col">${this.t('usage.chart.time')}</th>
              ${this.series.map((s) => html`<th scope="col" class="num">${this.t('usage.chart.column', { feature: s.label, unit: s.unitPlural })}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map((b, r) => {
              const i = from + r;
              const label = dayFormat.format(b);
              return html`<tr>
                <th scope="row">${i === partial ? this.t('usage.chart.partial', { time: label }) : label}</th>
                ${this.series.map((_, si) => html`<td class="num">${formatNumber(this.values[si]?.[i] ?? 0, this.locale)}</td>`)}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${pages > 1
        ? html`<cp-pager class="table-pager" .page=${page} .pageSize=${size} .total=${total} @page-change=${this.handleTablePage}></cp-pager>`
        : nothing}`;
  }

  /** "Last point (hollow, dotted line): today so far, as of 6:37 AM" — in words, not only drawn. */
  private renderPartialNote(): TemplateResult | typeof nothing {
    if (this.partialIndex < 0) return nothing;
    const key = this.window === 'day' ? 'usage.chart.partialNoteDay' : 'usage.chart.partialNoteHour';
    const time = this.asOf ? dtf(this.locale, this.timeZone, { timeStyle: 'short' }).format(this.asOf) : '';
    return html`<p class="partial-note">${this.t(this.asOf ? key : `${key}NoTime`, { time })}</p>`;
  }

  override render(): TemplateResult {
    const tableShown = this.showTable || this.loadFailed;
    return html`<figure part="chart">
      ${this.series.length
        ? html`<div class="legend" part="legend" role="group" aria-label=${this.t('usage.chart.legend')}>
            ${this.series.map(
              (s, i) => html`<button
                type="button"
                class="legend-item"
                aria-pressed=${this.hidden_.has(s.key) ? 'false' : 'true'}
                @click=${() => this.handleToggle(s.key, i)}
              >
                ${this.renderSwatch(i)}<span class="label">${s.label}</span>${s.total ? html`<span class="total">${s.total}</span>` : nothing}
              </button>`,
            )}
          </div>`
        : nothing}
      <div class="canvas-wrap" ?hidden=${this.loadFailed}>
        <canvas role="img" aria-label=${this.summary()}></canvas>
        ${this.loadingModule ? html`<div class="loading" role="status">${this.t('usage.chart.loading')}</div>` : nothing}
      </div>
      ${this.renderPartialNote()}
      <div class="foot">
        <span class="zone">${this.t('common.timesIn', { zone: this.timeZone })}</span>
        ${this.loadFailed
          ? nothing
          : html`<button type="button" class="link" aria-expanded=${this.showTable ? 'true' : 'false'} aria-controls="data-table" @click=${this.handleTableToggle}>
              ${this.showTable ? this.t('usage.chart.hideTable') : this.t('usage.chart.showTable')}
            </button>`}
      </div>
      ${this.loadFailed ? html`<p class="note" role="note">${this.t('usage.chart.failed')}</p>` : nothing}
      ${tableShown ? this.renderTable() : nothing}
    </figure>`;
  }
}
