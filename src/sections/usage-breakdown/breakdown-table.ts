/**
 * The breakdown's rows: sorting, grouping by feature group (with "Other"
 * last), totals and the CSV, apart from the element that wires them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { compare, sum } from '../../format/decimal.js';
import { formatMoney, formatNumber, formatQuantity } from '../../format/money.js';
import { downloadCsv, toCsv } from '../../format/csv.js';
import type { Translate } from '../../i18n/index.js';
import type { ResolvedRange } from '../../usage/ranges.js';
import { rangeDates } from '../../usage/buckets.js';
import type { FeatureRow } from '../../usage/rows.js';

export type BreakdownSort = 'feature' | 'usage' | 'events' | 'cost';
export type SortDir = 'ascending' | 'descending';

export interface RowGroup {
  id: string;
  name: string;
  rows: FeatureRow[];
}

export function sortRows(rows: FeatureRow[], by: BreakdownSort, dir: SortDir, locale: string): FeatureRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const byName = (a: FeatureRow, b: FeatureRow) => a.name.localeCompare(b.name, locale);
  const cmp = (a: FeatureRow, b: FeatureRow): number => {
    switch (by) {
      case 'usage':
        return compare(a.usage, b.usage);
      case 'events':
        return a.events - b.events;
      case 'cost':
        return compare(a.cost, b.cost);
      default:
        return byName(a, b);
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) * sign || byName(a, b));
}

/** The rows by feature group, "Other" (no group) last; null when no feature has a group. */
export function groupRows(rows: FeatureRow[], t: Translate, locale: string): RowGroup[] | null {
  if (!rows.some((r) => r.group)) return null;
  const map = new Map<string, RowGroup>();
  for (const r of rows) {
    const id = r.group?.id ?? '';
    let g = map.get(id);
    if (!g) {
      g = { id, name: r.group?.name || t('usage.breakdown.other'), rows: [] };
      map.set(id, g);
    }
    g.rows.push(r);
  }
  return [...map.values()].sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : a.name.localeCompare(b.name, locale)));
}

/** The unit every row shares (null: they differ, so no total of the quantity). */
function sameUnit(rows: FeatureRow[]): { singular: string; plural: string } | null {
  const first = rows[0];
  if (!first) return null;
  return rows.every((r) => r.unitPlural === first.unitPlural && r.unitSingular === first.unitSingular)
    ? { singular: first.unitSingular, plural: first.unitPlural }
    : null;
}

/** Exact totals of rows: the quantity with its unit when every row shares it, events and cost. */
export function renderTotalsCells(rows: FeatureRow[], currency: string, t: Translate, locale: string): TemplateResult {
  const unit = sameUnit(rows);
  const usage = sum(rows.map((r) => r.usage));
  return html`<td class="num" data-label=${t('usage.breakdown.usage')}>${unit ? formatQuantity(usage, unit.singular, unit.plural, locale) : t('common.none')}</td>
    <td class="num" data-label=${t('usage.breakdown.events')}>${formatNumber(rows.reduce((n, r) => n + r.events, 0), locale)}</td>
    <td class="num" data-label=${t('usage.breakdown.cost')}>${formatMoney(sum(rows.map((r) => r.cost)), currency, locale)}</td>`;
}

export function renderRow(r: FeatureRow, focusMeter: string | null, t: Translate, locale: string): TemplateResult {
  const focused = !!focusMeter && r.meterId === focusMeter;
  return html`<tr class=${focused ? 'focus' : ''} aria-current=${focused ? 'true' : nothing}>
    <th scope="row">${r.name}</th>
    <td class="num" data-label=${t('usage.breakdown.usage')}>${formatQuantity(r.usage, r.unitSingular, r.unitPlural, locale)}</td>
    <td class="num" data-label=${t('usage.breakdown.events')}>${formatNumber(r.events, locale)}</td>
    <td class="num" data-label=${t('usage.breakdown.cost')}>${formatMoney(r.cost, r.currency, locale)}</td>
  </tr>`;
}

/** Downloads the rows (in the table's order) as `usage-<from>-<to>.csv`. */
export function exportBreakdown(rows: FeatureRow[], range: ResolvedRange, t: Translate, host: HTMLElement): void {
  const { from, to } = rangeDates(range);
  const csv = toCsv(
    [t('usage.csv.feature'), t('usage.csv.group'), t('usage.csv.usage'), t('usage.csv.unit'), t('usage.csv.events'), t('usage.csv.cost'), t('usage.csv.currency'), t('usage.csv.from'), t('usage.csv.to')],
    rows.map((r) => [r.name, r.group?.name ?? '', r.usage, r.unitPlural, r.events, r.cost, r.currency.toUpperCase(), from, to]),
  );
  downloadCsv(csv, `usage-${from}-${to}.csv`, host);
}
