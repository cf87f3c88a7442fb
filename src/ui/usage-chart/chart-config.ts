/**
 * The usage chart's drawing, as pure functions of what the element holds: the
 * Chart.js configuration (datasets, stacked y-axis bands, the time axis,
 * tooltips), each line's look, and the values per bucket. No DOM reads (the
 * element passes colours, width and motion preference in) and no Chart.js
 * import (types only), so the chart.js chunk still loads on the first draw.
 */
import type { ChartConfiguration, ChartDataset, Chart as ChartInstance, PointStyle, Scale, ScriptableContext, ScriptableLineSegmentContext, Tick, TooltipItem } from 'chart.js';
import type { Translate } from '../../i18n/index.js';
import { formatQuantity } from '../../format/money.js';
import type { ChartPoint, ChartSeries } from '../../usage/chart-series.js';
import { axisOfLine, groupAxes, type AxisGroup } from './axis-groups.js';
import { downsampleMinMax, type XY } from './downsample.js';
import { bucketTime, tickIndices, tickLabel, type TimeAxis } from './time-labels.js';

/** Markers are drawn only while a line has at most one point per this many pixels. */
export const PX_PER_MARKER = 6;
/** Above this many points drawn in all, data changes are not animated (the animation costs more than it shows). */
const ANIMATE_MAX_POINTS = 200;

/** Same series content (a tab re-renders with fresh but equal arrays): no redraw needed. */
export function sameSeries(a: readonly ChartSeries[] | undefined, b: readonly ChartSeries[]): boolean {
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

/** Same bucket starts (a tab hands over fresh but equal dates). */
export function sameBuckets(a: readonly Date[] | undefined, b: readonly Date[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.getTime() !== b[i]!.getTime()) return false;
  return true;
}

/**
 * Fallback line colours. The colours drawn come from the stylesheet (`--_chart-1` … `-10`):
 * `--customer-portal-chart-color-N`, else the theme's primary / secondary / tertiary for the
 * first three and light or dark defaults for the rest (see usage-chart.styles.ts).
 */
export const PALETTE = ['#4f46e5', '#0f766e', '#c2410c', '#be185d', '#1d4ed8', '#4d7c0f', '#7e22ce', '#b91c1c', '#0e7490', '#57534e'];
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

/** Values of a series per bucket (missing buckets are 0; points between bucket starts go to their bucket). */
function alignValues(points: readonly ChartPoint[], starts: readonly number[]): number[] {
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

/** What the element derives from its series and buckets when they change. */
export interface ChartData {
  /** Exact value per bucket, per series (the table's values). */
  values: number[][];
  /** Full-resolution points per series. */
  points: XY[][];
  /** The y-axis bands (one per unit and size, see axis-groups.ts) and each series' band id. */
  groups: AxisGroup[];
  axisOf: string[];
}

/** The series aligned to the buckets, as values, points and y-axis bands. */
export function chartData(series: readonly ChartSeries[], buckets: readonly Date[]): ChartData {
  const starts = buckets.map((b) => b.getTime());
  const values = series.map((s) => alignValues(s.points, starts));
  const points = values.map((ys) => ys.map((y, x) => ({ x, y })));
  const groups = groupAxes(series.map((s, i) => ({ unitSingular: s.unitSingular, unitPlural: s.unitPlural, peak: Math.max(0, ...(values[i] ?? [])) })));
  return { values, points, groups, axisOf: axisOfLine(groups, series.length) };
}

/** Everything a chart configuration is made of. */
export interface ChartConfigInput {
  series: readonly ChartSeries[];
  /** Full-resolution points per series; what is drawn is these, downsampled to `width`. */
  points: readonly XY[][];
  /** Keys of the lines toggled off in the legend. */
  hidden: ReadonlySet<string>;
  /** Line colours of the current theme. */
  colors: readonly string[];
  /** The y-axis bands and each series' band id. */
  groups: readonly AxisGroup[];
  axisOf: readonly string[];
  axis: TimeAxis;
  /** Index of the still-filling bucket, or -1. */
  partial: number;
  /** Plot width in CSS pixels. */
  width: number;
  textColor: string;
  gridColor: string;
  /** The plot's background (the partial bucket's hollow marker). */
  background: string;
  reduceMotion: boolean;
  t: Translate;
  /** The plot was resized (a redraw may need more or fewer points). */
  onResize: () => void;
}

/** Exact time of a bucket for the tooltip; "(so far)" when it is the still-filling one. */
function bucketTitle(input: ChartConfigInput, index: number): string {
  const text = bucketTime(input.axis, index);
  return text && index === input.partial ? input.t('usage.chart.partial', { time: text }) : text;
}

/** The Chart.js configuration of the chart (options set afresh on every draw). */
export function chartConfig(input: ChartConfigInput): ChartConfiguration<'line', XY[]> {
  const { partial, width, textColor, gridColor, background, reduceMotion } = input;
  const n = input.axis.buckets.length;
  // At most one point per pixel column per line; the kept points are exact values (min/max per column).
  const drawn = input.points.map((points) => downsampleMinMax(points, width));
  const downsampled = drawn.some((d, i) => d.length < (input.points[i]?.length ?? 0));
  const perLine = Math.max(0, ...drawn.map((d) => d.length));
  const totalPoints = drawn.reduce((total, d) => total + d.length, 0);
  // Markers only on sparse lines (their styles stay in the legend and tooltips). On dense lines a
  // segment is under PX_PER_MARKER px, too short for the partial bucket's dots: every option is then
  // a plain value, which Chart.js resolves once per line instead of once per point.
  const sparse = perLine * PX_PER_MARKER <= width;
  const radius = sparse ? 3 : 0;
  const markPartial = sparse && partial >= 0;

  const datasets: ChartDataset<'line', XY[]>[] = input.series.map((s, i) => {
    const look = seriesLook(i, input.colors);
    return {
      label: s.label,
      // Chart.js reads the points as they are (parsing: false): a copy keeps the element's arrays its own.
      data: [...(drawn[i] ?? [])],
      hidden: input.hidden.has(s.key),
      borderColor: look.color,
      backgroundColor: look.color,
      borderDash: look.dash,
      yAxisID: input.axisOf[i] ?? 'y0',
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

  const compact = new Intl.NumberFormat(input.axis.locale, { notation: 'compact', maximumFractionDigits: 1 });
  // One y-axis per band, stacked top to bottom in one plot that shares the time axis (small multiples).
  const bands = input.groups.length > 0 ? input.groups : [{ id: 'y0', unitSingular: '', unitPlural: '', lines: [] }];
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
      interaction: { mode: input.series.length <= 6 && !downsampled ? 'index' : 'nearest', intersect: false, axis: 'x' },
      // A wider or narrower plot may need more or fewer points, or markers: redraw if so.
      onResize: () => input.onResize(),
      scales: {
        x: {
          type: 'linear',
          min: n > 1 ? 0 : -0.5,
          max: n > 1 ? n - 1 : 0.5,
          grid: { color: gridColor },
          border: { color: gridColor },
          afterBuildTicks: (scale: Scale) => {
            scale.ticks = tickIndices(input.axis, scale.width || scale.chart.width).map((value) => ({ value }));
          },
          ticks: {
            color: textColor,
            autoSkip: false,
            maxRotation: 0,
            callback: (value: number | string, index: number, ticks: Tick[]) => {
              const i = Number(value);
              const prev = index > 0 ? Number(ticks[index - 1]?.value) : -1;
              const label = tickLabel(input.axis, i, prev);
              // The still-filling bucket says so under its date, on the canvas as in the note below it.
              return i === partial && input.axis.window === 'day' ? [label, input.t('usage.chart.soFar')] : label;
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
              return x === undefined ? '' : bucketTitle(input, Math.round(x));
            },
            label: (item: TooltipItem<'line'>) => {
              const s = input.series[item.datasetIndex];
              if (!s) return '';
              const y = (item.raw as XY).y;
              return `${s.label}: ${formatQuantity(y, s.unitSingular, s.unitPlural, input.axis.locale)}`;
            },
          },
        },
      },
    },
  };
}
