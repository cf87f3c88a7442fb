import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import { formatDateRange } from '../../format/date.js';
import { registerEnglish } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderEmpty, renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { isEmptyUsage, type FeatureRow, type UsageResult } from '../../usage/rows.js';
import type { ResolvedRange } from '../../usage/ranges.js';
import { usageCardStyles } from '../usage-card.styles.js';
import { UsageSeriesSection } from '../usage-series-section.js';
import { exportBreakdown, groupRows, renderRow, renderTotalsCells, sortRows, type BreakdownSort, type SortDir } from './breakdown-table.js';

registerEnglish(usage);

/**
 * @summary The Usage tab's breakdown: usage, events and cost per feature over the picked range, grouped by feature group with subtotals, sortable, with CSV export.
 * @tag cp-usage-breakdown-section
 *
 * Takes the chart's request (one per range) and renders its rows a task after
 * it: the chart and the table's rows (20 features with their subtotals) are
 * two tasks rather than one long one on a slow core.
 *
 * @csspart card - The card.
 * @csspart breakdown-card - The card (in addition to `card`).
 * @csspart table - The table.
 * @csspart state - Loading, empty and error states.
 */
export class UsageBreakdownSection extends UsageSeriesSection {
  static override styles = [hostStyles, componentStyles, stateStyles, usageCardStyles];

  @state() private sortBy: BreakdownSort = 'cost';
  @state() private sortDir: SortDir = 'descending';

  // The chart's task reads the answer first; the table follows a task later.
  constructor() {
    super(2);
  }

  private handleSort(column: BreakdownSort): void {
    if (this.sortBy === column) this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortBy = column;
      this.sortDir = column === 'feature' ? 'ascending' : 'descending';
    }
  }

  private sorted(rows: FeatureRow[]): FeatureRow[] {
    return sortRows(rows, this.sortBy, this.sortDir, this.env?.locale ?? 'en');
  }

  private renderSortHeader(column: BreakdownSort, label: string, numeric: boolean): TemplateResult {
    const active = this.sortBy === column;
    const arrow = active ? (this.sortDir === 'ascending' ? '▲' : '▼') : '';
    return html`<th scope="col" class=${numeric ? 'num' : ''} aria-sort=${active ? this.sortDir : 'none'}>
      <button type="button" class="sort" @click=${() => this.handleSort(column)}>
        ${label}<span class="arrow" aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  private renderTable(rows: FeatureRow[], range: ResolvedRange, result: UsageResult): TemplateResult {
    const { t, env } = this;
    const locale = env!.locale;
    const focus = this.view.focusMeter;
    const currency = result.series.currency || rows[0]?.currency || '';
    const groups = groupRows(rows, t, locale);
    const caption = t('usage.breakdown.caption', { range: formatDateRange(range.start, range.end, locale, env!.timeZone) });
    return html`<div class="table-scroll">
      <table part="table">
        <caption class="visually-hidden">${caption}</caption>
        <thead>
          <tr>
            ${this.renderSortHeader('feature', t('usage.breakdown.feature'), false)} ${this.renderSortHeader('usage', t('usage.breakdown.usage'), true)}
            ${this.renderSortHeader('events', t('usage.breakdown.events'), true)} ${this.renderSortHeader('cost', t('usage.breakdown.cost'), true)}
          </tr>
        </thead>
        ${groups
          ? groups.map(
              (g) => html`<tbody>
                <tr class="group-row">
                  <th scope="rowgroup" colspan="4">${g.name}</th>
                </tr>
                ${this.sorted(g.rows).map((r) => renderRow(r, focus, t, locale))}
                <tr class="subtotal">
                  <th scope="row">${t('usage.breakdown.subtotal', { group: g.name })}</th>
                  ${renderTotalsCells(g.rows, currency, t, locale)}
                </tr>
              </tbody>`,
            )
          : html`<tbody>
              ${this.sorted(rows).map((r) => renderRow(r, focus, t, locale))}
            </tbody>`}
        <tfoot>
          <tr>
            <th scope="row">${t('usage.breakdown.total')}</th>
            ${renderTotalsCells(rows, currency, t, locale)}
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  override render(): TemplateResult {
    const { t, env } = this;
    const task = this.seriesTask;
    const range = this.view.planner.range;
    const result = this.result;
    const rows = result && range && env ? this.rowsCache.rows(result, range, env.config.featureFilter) : null;
    const hasData = !!rows && rows.length > 0 && !isEmptyUsage(rows);
    let body: TemplateResult;
    if (task.status === TaskStatus.ERROR) body = renderError(task.error, t, this.retry);
    else if (!env || !rows || !range || !result) body = renderLoading(t, undefined, 4);
    else if (!hasData) body = renderEmpty(t('usage.breakdown.empty'));
    else body = this.renderTable(rows, range, result);
    const exportButton = hasData && rows && range
      ? html`<button type="button" class="btn" @click=${() => exportBreakdown(this.sorted(rows), range, t, this)}>${t('common.exportCsv')}</button>`
      : nothing;
    return this.renderCard('card breakdown-card', 'breakdown-title', t('usage.breakdown.title'), exportButton, body);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-breakdown-section': UsageBreakdownSection;
  }
}
