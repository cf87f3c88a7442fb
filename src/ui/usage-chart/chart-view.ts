/**
 * The usage chart's views around the canvas: the legend (one toggle per line,
 * with its swatch), the data table (one page at a time), the note on the
 * still-filling bucket, and the canvas's summary. Templates and text only:
 * the element (usage-chart.ts) owns the state and the handlers.
 */
import { html, svg, nothing, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { PageChangeEvent } from '../pager/pager.js';
import type { Translate } from '../../i18n/index.js';
import { formatNumber } from '../../format/money.js';
import type { ChartSeries } from '../../usage/chart-series.js';
import { PALETTE, seriesLook } from './chart-config.js';
import { bucketFormat, dtf, type ChartWindow } from './time-labels.js';

/** Rows per page of the data table: a day of hours, or a month of days. */
const TABLE_ROWS = { hour: 24, day: 31 } as const;

/** Line, dash and marker of a series; coloured by the stylesheet (`.cN` reads `--_chart-N+1`), so a theme change needs no re-render. */
export function renderSwatch(index: number): SVGTemplateResult {
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

/** The legend: a toggle button per line (pressed while the line is shown). */
export function renderLegend(view: ChartView, hidden: ReadonlySet<string>, onToggle: (key: string, index: number) => void): TemplateResult {
  const { series, t } = view;
  return html`<div class="legend" part="legend" role="group" aria-label=${t('usage.chart.legend')}>
    ${series.map(
      (s, i) => html`<button
        type="button"
        class="legend-item"
        aria-pressed=${hidden.has(s.key) ? 'false' : 'true'}
        @click=${() => onToggle(s.key, i)}
      >
        ${renderSwatch(i)}<span class="label">${s.label}</span>${s.total ? html`<span class="total">${s.total}</span>` : nothing}
      </button>`,
    )}
  </div>`;
}

/** What the views read of the element: its public properties. */
export interface ChartView {
  /** What the chart shows; names the canvas and the table. */
  label: string;
  series: readonly ChartSeries[];
  buckets: readonly Date[];
  window: ChartWindow;
  locale: string;
  timeZone: string;
  /** When the data was read, or null. */
  asOf: Date | null;
  t: Translate;
}

/**
 * The values as a table, rendered only while shown, one page at a time (a
 * day of hours or a month of days): 30 days hourly is 720 rows.
 */
export function renderDataTable(
  view: ChartView,
  values: readonly number[][],
  partial: number,
  pageAsked: number,
  onPage: (event: PageChangeEvent) => void,
): TemplateResult {
  const { series, t } = view;
  const dayFormat = bucketFormat(view);
  const size = TABLE_ROWS[view.window] ?? TABLE_ROWS.day;
  const total = view.buckets.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, pageAsked), pages);
  const from = (page - 1) * size;
  const rows = view.buckets.slice(from, from + size);
  return html`<div class="table-wrap" id="data-table" part="data-table" tabindex="0" role="region" aria-label=${view.label || t('usage.chart.showTable')}>
      <table>
        <caption>${view.label}</caption>
        <thead>
          <tr>
            <th scope="col">${t('usage.chart.time')}</th>
            ${series.map((s) => html`<th scope="col" class="num">${t('usage.chart.column', { feature: s.label, unit: s.unitPlural })}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map((b, r) => {
            const i = from + r;
            const label = dayFormat.format(b);
            return html`<tr>
              <th scope="row">${i === partial ? t('usage.chart.partial', { time: label }) : label}</th>
              ${series.map((_, si) => html`<td class="num">${formatNumber(values[si]?.[i] ?? 0, view.locale)}</td>`)}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${pages > 1
      ? html`<cp-pager class="table-pager" .page=${page} .pageSize=${size} .total=${total} @page-change=${onPage}></cp-pager>`
      : nothing}`;
}

/** "Last point (hollow, dotted line): today so far, as of 6:37 AM" — in words, not only drawn. */
export function renderPartialNote(view: ChartView, partial: number): TemplateResult | typeof nothing {
  if (partial < 0) return nothing;
  const { asOf, t } = view;
  const key = view.window === 'day' ? 'usage.chart.partialNoteDay' : 'usage.chart.partialNoteHour';
  const time = asOf ? dtf(view.locale, view.timeZone, { timeStyle: 'short' }).format(asOf) : '';
  return html`<p class="partial-note">${t(asOf ? key : `${key}NoTime`, { time })}</p>`;
}

/** The canvas's name for assistive technology: what it shows, from when to when, and the first totals. */
export function chartSummary(view: ChartView): string {
  const { label, series, buckets, t } = view;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const fmt = (d: Date | undefined) => (d ? bucketFormat(view).format(d) : '');
  const totals = series
    .filter((s) => s.total)
    .slice(0, 5)
    .map((s) => `${s.label} ${s.total}`)
    .join('; ');
  const params = {
    label,
    count: series.length,
    from: fmt(first),
    to: fmt(last),
    totals: totals ? `${totals}. ` : '',
  };
  return t(series.length === 1 ? 'usage.chart.summaryOne' : 'usage.chart.summary', params);
}
