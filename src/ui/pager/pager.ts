import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { portalContext, type PortalEnv } from '../../context.js';
import { createTranslate, type Translate } from '../../i18n/index.js';
import { formatNumber } from '../../format/money.js';
import { hostStyles, componentStyles } from '../../styles/shared.styles.js';
import { PortalElement } from '../portal-element.js';
import { pagerStyles } from './pager.styles.js';

/**
 * Internal event: the user asked for another page (or page size). Bubbles
 * within the portal's shadow tree, not composed. Cancelable: calling
 * `preventDefault()` keeps the pager on its current page.
 */
/**
 * `exportparts` for a pager inside a tab, so a host page styles every pager the
 * same way whichever tab it is in: `pager`, `pager-range`, `pager-button`.
 */
export const PAGER_EXPORTPARTS = 'base: pager, range: pager-range, button: pager-button';

export class PageChangeEvent extends Event {
  static readonly eventName = 'page-change';
  constructor(
    /** The requested page, 1-based. */
    readonly page: number,
    /** The page size in effect for `page`. */
    readonly pageSize: number,
  ) {
    super(PageChangeEvent.eventName, { bubbles: true, composed: false, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'page-change': PageChangeEvent;
  }
}

const english = createTranslate();

const positiveInt = (value: number, fallback: number): number =>
  Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;

/**
 * A pager for server-paged lists: "41–60 of 5,000", first / previous / next /
 * last buttons and an optional page-size select. Controlled: it shows `page`
 * and asks for another one with a `page-change` event (it also moves itself,
 * unless the event is cancelled). Strings and number format come from the
 * portal context when there is one, else English.
 *
 * Buttons at an end stay focusable (`aria-disabled`) so keyboard focus is never
 * lost when the last page is reached.
 *
 * @summary Pager for server-paged tables.
 * @tag cp-pager
 * @csspart base - The `<nav>` landmark.
 * @csspart range - The "41–60 of 5,000" text.
 * @csspart button - Every page button.
 * @csspart page-size - The page-size `<select>`.
 * @fires page-change - {PageChangeEvent} The user chose a page or a page size.
 */
export class Pager extends PortalElement {
  static override styles = [hostStyles, componentStyles, pagerStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The current page, 1-based. */
  @property({ type: Number }) page = 1;

  /** Items per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;

  /** How many items exist in all. */
  @property({ type: Number }) total = 0;

  /** Page sizes to offer; the select is shown when there are two or more. */
  @property({ attribute: false }) pageSizes: number[] = [];

  /** Accessible name of the navigation landmark, e.g. "Transaction pages". */
  @property() label = '';

  private get t(): Translate {
    return this.env?.t ?? english;
  }

  private get locale(): string {
    return this.env?.locale ?? (document.documentElement.lang || navigator.language || 'en');
  }

  /** Number of pages (at least 1). */
  get pageCount(): number {
    const size = positiveInt(this.pageSize, 20);
    return Math.max(1, Math.ceil(Math.max(0, this.total) / size));
  }

  /** `page` clamped to the pages that exist. */
  get currentPage(): number {
    return Math.min(positiveInt(this.page, 1), this.pageCount);
  }

  private go(page: number, pageSize = positiveInt(this.pageSize, 20)): void {
    const previous = { page: this.page, pageSize: this.pageSize };
    this.page = page;
    this.pageSize = pageSize;
    const event = new PageChangeEvent(page, pageSize);
    if (!this.dispatchEvent(event)) {
      this.page = previous.page;
      this.pageSize = previous.pageSize;
    }
  }

  private handleButton(event: Event): void {
    const button = event.currentTarget as HTMLButtonElement;
    if (button.getAttribute('aria-disabled') === 'true') return;
    const current = this.currentPage;
    const target = { first: 1, previous: current - 1, next: current + 1, last: this.pageCount }[
      button.dataset['to'] as 'first' | 'previous' | 'next' | 'last'
    ];
    if (target === undefined || target === current || target < 1 || target > this.pageCount) return;
    this.go(target);
  }

  private handleSize(event: Event): void {
    const size = positiveInt(Number((event.target as HTMLSelectElement).value), this.pageSize);
    if (size === this.pageSize) return;
    // Keep the first item of the current page in view.
    const first = (this.currentPage - 1) * positiveInt(this.pageSize, 20);
    this.go(Math.floor(first / size) + 1, size);
  }

  private renderButton(to: 'first' | 'previous' | 'next' | 'last', disabled: boolean) {
    const t = this.t;
    const content = {
      first: html`<span class="icon" aria-hidden="true">«</span>`,
      previous: html`<span class="icon" aria-hidden="true">‹</span> ${t('common.previous')}`,
      next: html`${t('common.next')} <span class="icon" aria-hidden="true">›</span>`,
      last: html`<span class="icon" aria-hidden="true">»</span>`,
    }[to];
    const label = to === 'first' ? t('common.pager.first') : to === 'last' ? t('common.pager.last') : nothing;
    return html`<button
      class="btn"
      type="button"
      part="button button-${to}"
      data-to=${to}
      aria-label=${label}
      title=${label}
      aria-disabled=${disabled ? 'true' : 'false'}
      @click=${this.handleButton}
    >
      ${content}
    </button>`;
  }

  override render(): TemplateResult {
    const t = this.t;
    const locale = this.locale;
    const size = positiveInt(this.pageSize, 20);
    const total = Math.max(0, Math.floor(this.total));
    const page = this.currentPage;
    const pages = this.pageCount;
    const start = total === 0 ? 0 : (page - 1) * size + 1;
    const end = Math.min(total, page * size);
    const range =
      total === 0
        ? t('common.pager.empty')
        : t('common.pager.range', {
            start: formatNumber(start, locale),
            end: formatNumber(end, locale),
            total: formatNumber(total, locale),
          });
    const sizes = [...new Set(this.pageSizes.filter((n) => Number.isInteger(n) && n > 0))];
    if (sizes.length >= 2 && !sizes.includes(size)) sizes.push(size);
    sizes.sort((a, b) => a - b);
    return html`<nav part="base" aria-label=${this.label || t('common.pager.label')}>
      <p class="range" part="range" role="status" aria-live="polite" aria-atomic="true">
        ${range}<span class="visually-hidden"
          >, ${t('common.pager.page', { page: formatNumber(page, locale), pages: formatNumber(pages, locale) })}</span
        >
      </p>
      <div class="controls">
        ${sizes.length >= 2
          ? html`<label class="size"
              >${t('common.pager.pageSize')}
              <select part="page-size" @change=${this.handleSize}>
                ${sizes.map((n) => html`<option value=${n} ?selected=${n === size}>${formatNumber(n, locale)}</option>`)}
              </select></label
            >`
          : nothing}
        <div class="buttons">
          ${this.renderButton('first', page <= 1)} ${this.renderButton('previous', page <= 1)}
          ${this.renderButton('next', page >= pages)} ${this.renderButton('last', page >= pages)}
        </div>
      </div>
    </nav>`;
  }
}
