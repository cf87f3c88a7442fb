/**
 * Above the Invoices section's list: the search box, the CSV export (with its
 * count for screen readers and a server export's failure), the count of
 * matches and the background loading's progress (or its failure, with a
 * resume).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber } from '../../format/money.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import type { InvoiceStore } from './invoice-list.js';
import { PAGER_EXPORTPARTS, type PageChangeEvent } from '../../ui/pager/pager.js';

const pluralCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralCache.get(locale);
  if (!rules) pluralCache.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

export interface ToolbarView {
  readonly t: Translate;
  readonly locale: string;
  readonly searchText: string;
  /** The backend searches (the placeholder says so). */
  readonly searchOnServer: boolean;
  /** The answer for what is typed is in (a server search may still be on its way). */
  readonly answered: boolean;
  /** Matches in all (the listed invoices when nothing is typed). */
  readonly total: number;
  readonly exportState: 'busy' | 'failed' | null;
  /** The store whose loading progress shows (null: none, as while the server searches). */
  readonly progress: InvoiceStore | null;
  readonly backgroundError: unknown;
  readonly onInput: (event: Event) => void;
  readonly onExport: (event: Event) => void;
  readonly onResume: () => void;
}

export const countText = (n: number, locale: string): string => formatNumber(n, locale, { maximumFractionDigits: 0 });

function renderProgress(v: ToolbarView, store: InvoiceStore): TemplateResult {
  const t = v.t;
  const params = { loaded: countText(Math.min(store.loaded, store.total), v.locale), total: countText(store.total, v.locale) };
  if (v.backgroundError) {
    return html`<p class="warn" role="status">
      ${t('invoices.progress.failed', params)}
      <button class="btn" type="button" @click=${v.onResume}>${t('invoices.progress.resume')}</button>
    </p>`;
  }
  return html`<p role="status" class="progress">
    ${store.pageCount > 1
      ? html`${t('invoices.progress', params)}${store.complete ? nothing : html`<progress max=${store.total} .value=${store.loaded} aria-hidden="true"></progress>`}`
      : nothing}
  </p>`;
}

export function renderToolbar(v: ToolbarView): TemplateResult {
  const t = v.t;
  const searching = v.searchText.trim() !== '';
  const plural = pluralRules(v.locale).select(v.total) === 'one' ? 'one' : 'other';
  const countKey: MessageKey = plural === 'one' ? 'invoices.search.count.one' : 'invoices.search.count.other';
  const count = countText(v.total, v.locale);
  return html`<div class="toolbar">
      <div class="search">
        <label class="visually-hidden" for="invoice-search">${t('invoices.search.label')}</label>
        <input
          id="invoice-search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${t(v.searchOnServer ? 'invoices.search.placeholder.server' : 'invoices.search.placeholder')}
          .value=${v.searchText}
          @input=${v.onInput}
        />
      </div>
      <button
        class="btn"
        type="button"
        part="export-button"
        aria-describedby="export-count"
        aria-busy=${v.exportState === 'busy' ? 'true' : 'false'}
        ?disabled=${v.total === 0 || !v.answered}
        @click=${v.onExport}
      >
        <span aria-hidden="true">⇩</span> ${t('common.exportCsv')}
      </button>
      <span id="export-count" class="visually-hidden">${t(plural === 'one' ? 'invoices.export.count.one' : 'invoices.export.count.other', { count })}</span>
      ${v.exportState === 'failed'
        ? html`<span class="row-error" role="alert"><span class="glyph" aria-hidden="true">!</span> ${t('invoices.export.failed')}</span>`
        : nothing}
    </div>
    <div class="meta">
      <p role="status" class="match-count">${searching && v.answered ? t(countKey, { count }) : nothing}</p>
      ${v.progress ? renderProgress(v, v.progress) : nothing}
    </div>`;
}

/** The list's pager (none for a single page). */
export function renderPager(t: Translate, onPage: (page: number) => void, total: number, page: number, pageCount: number, pageSize: number): TemplateResult | typeof nothing {
  if (pageCount <= 1) return nothing;
  return html`<cp-pager
    class="pager"
    exportparts=${PAGER_EXPORTPARTS}
    .page=${page}
    .pageSize=${pageSize}
    .total=${total}
    label=${t('invoices.pager.label')}
    @page-change=${(e: PageChangeEvent) => onPage(e.page)}
  ></cp-pager>`;
}
