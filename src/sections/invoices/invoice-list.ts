/**
 * The Invoices section's logic without DOM: status words and tones, the search
 * index, the sorted store of loaded pages, the background page loader and a
 * line item's usage focus. Unit-tested on its own (the CSV: invoice-csv.ts).
 */
import type { Invoice, InvoiceDetail, InvoiceLineItem, InvoiceStatus, Page } from '../../api/model.js';
import type { UsageFocus } from '../../events.js';
import { formatMoney, currencyDigits } from '../../format/money.js';
import { formatDate, isoDate } from '../../format/date.js';
import { isDecimal, normalize, round } from '../../format/decimal.js';
import { registerEnglish, type MessageKey, type Translate } from '../../i18n/index.js';
import { invoices } from '../../i18n/en/invoices.js';
import type { BadgeTone } from '../../ui/status-badge/status-badge.js';

// The Invoices section's English strings travel with its (lazily loaded) modules: the section and its tests import this one.
registerEnglish(invoices);

export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'paid',
  'refunded',
  'partially_refunded',
  'voided',
  'draft',
  'overdue',
  'pending',
];

interface StatusLook {
  tone: BadgeTone;
  glyph: string;
  key: MessageKey;
}

/** Tone, glyph and words of each status: distinct shape and text, colour only as a second cue. */
export const statusLooks: Record<InvoiceStatus, StatusLook> = {
  paid: { tone: 'success', glyph: '✓', key: 'invoices.status.paid' },
  refunded: { tone: 'info', glyph: '↺', key: 'invoices.status.refunded' },
  partially_refunded: { tone: 'info', glyph: '◐', key: 'invoices.status.partially_refunded' },
  voided: { tone: 'neutral', glyph: '⊘', key: 'invoices.status.voided' },
  draft: { tone: 'neutral', glyph: '✎', key: 'invoices.status.draft' },
  overdue: { tone: 'danger', glyph: '!', key: 'invoices.status.overdue' },
  pending: { tone: 'warning', glyph: '◷', key: 'invoices.status.pending' },
};

export function statusLook(status: InvoiceStatus): StatusLook {
  return statusLooks[status] ?? statusLooks.pending;
}

/** Case- and space-insensitive form used on both sides of a search. */
export function searchNormalize(text: string, locale: string): string {
  let lower: string;
  try {
    lower = text.toLocaleLowerCase(locale);
  } catch {
    lower = text.toLowerCase();
  }
  // Intl's spaces (NBSP, narrow NBSP) and true minus sign read as the keys people type.
  return lower.replace(/\s+/g, ' ').replace(/\u2212/g, '-').trim();
}

/** "49" → "49.00" for USD, "1500" for JPY: the plain amount as people type it. */
export function plainAmount(value: string, currency: string): string {
  if (!isDecimal(value)) return '';
  const digits = currencyDigits(currency);
  const rounded = round(value, digits);
  if (digits === 0) return rounded;
  const [int = '0', frac = ''] = rounded.split('.');
  return `${int}.${frac.padEnd(digits, '0')}`;
}

export interface SearchContext {
  locale: string;
  timeZone: string;
  t: Translate;
}

/** Everything a user may type to find an invoice, lower-cased once. */
export function invoiceSearchText(inv: Invoice, ctx: SearchContext): string {
  const parts = [
    inv.number ?? '',
    formatDate(inv.date, ctx.locale, ctx.timeZone),
    isoDate(inv.date, ctx.timeZone),
    formatMoney(inv.total, inv.currency, ctx.locale),
    isDecimal(inv.total) ? normalize(inv.total) : '',
    plainAmount(inv.total, inv.currency),
    inv.currency,
    ctx.t(statusLook(inv.status).key),
    inv.status.replace(/_/g, ' '),
  ];
  return searchNormalize(parts.join(' | '), ctx.locale);
}

export interface IndexedInvoice {
  invoice: Invoice;
  /** Position in the server's order (page * limit + index): the tie-breaker after date. */
  order: number;
  /** Search text; null until indexed (indexing is done in slices, see `indexSome`). */
  search: string | null;
}

/** Newest first; the server's order breaks ties. */
const newestFirst = (a: IndexedInvoice, b: IndexedInvoice): number =>
  b.invoice.date.getTime() - a.invoice.date.getTime() || a.order - b.order;

/**
 * The invoices loaded so far, one entry per id, kept sorted newest first.
 *
 * Built for 2,000 invoices arriving a page at a time while the user may type:
 * a page is merged into the sorted list (no re-sort of what is there), and
 * the search text is computed once per invoice (per locale and zone) in
 * slices the caller schedules (`indexSome`), or all at once when a search
 * needs it.
 */
export class InvoiceStore {
  readonly total: number;
  readonly pageSize: number;
  readonly pageCount: number;
  private readonly byId = new Map<string, IndexedInvoice>();
  private readonly loadedPages = new Set<number>();
  private sorted: IndexedInvoice[] | null = [];
  /** Entries whose search text is missing (or stale), oldest first. */
  private unindexed: IndexedInvoice[] = [];
  private ctx: SearchContext;
  private ctxKey: string;

  constructor(total: number, pageSize: number, ctx: SearchContext) {
    this.total = Math.max(0, total);
    this.pageSize = pageSize;
    this.pageCount = Math.max(1, Math.ceil(this.total / pageSize));
    this.ctx = ctx;
    this.ctxKey = `${ctx.locale}|${ctx.timeZone}`;
  }

  get loaded(): number {
    return this.byId.size;
  }

  /** True when every page arrived. */
  get complete(): boolean {
    return this.missingPages().length === 0;
  }

  hasPage(page: number): boolean {
    return this.loadedPages.has(page);
  }

  missingPages(): number[] {
    const pages: number[] = [];
    for (let p = 1; p <= this.pageCount; p++) if (!this.loadedPages.has(p)) pages.push(p);
    return pages;
  }

  addPage(page: number, items: Invoice[]): void {
    this.loadedPages.add(page);
    const added: IndexedInvoice[] = [];
    let replaced = false;
    items.forEach((invoice, i) => {
      const order = (page - 1) * this.pageSize + i;
      const existing = this.byId.get(invoice.id);
      if (existing) {
        // Seen on another page (the list moved while paging): one entry, the newer data, the earlier place.
        existing.invoice = invoice;
        existing.order = Math.min(existing.order, order);
        if (existing.search !== null) {
          existing.search = null;
          this.unindexed.push(existing);
        }
        replaced = true;
        return;
      }
      const entry: IndexedInvoice = { invoice, order, search: null };
      this.byId.set(invoice.id, entry);
      this.unindexed.push(entry);
      added.push(entry);
    });
    if (replaced || !this.sorted) {
      this.sorted = null;
      return;
    }
    // Merge the page (sorted on its own) into the sorted list: O(n + k), not a sort of everything.
    added.sort(newestFirst);
    const old = this.sorted;
    const merged: IndexedInvoice[] = new Array<IndexedInvoice>(old.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < added.length) merged[k++] = newestFirst(old[i]!, added[j]!) <= 0 ? old[i++]! : added[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < added.length) merged[k++] = added[j++]!;
    this.sorted = merged;
  }

  /** Re-index when the locale, zone or strings changed (formatted dates and amounts are searched). */
  setContext(ctx: SearchContext): void {
    const key = `${ctx.locale}|${ctx.timeZone}`;
    if (key === this.ctxKey && ctx.t === this.ctx.t) return;
    this.ctx = ctx;
    this.ctxKey = key;
    this.unindexed = [];
    for (const entry of this.byId.values()) {
      entry.search = null;
      this.unindexed.push(entry);
    }
  }

  /** How many invoices still lack their search text. */
  get unindexedCount(): number {
    return this.unindexed.length;
  }

  /**
   * Computes search texts until `budgetMs` is spent (at least one); returns
   * true when none is left. For idle-time slices while pages arrive.
   */
  indexSome(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    let done = 0;
    const queue = this.unindexed;
    while (done < queue.length) {
      const entry = queue[done++]!;
      if (entry.search === null) entry.search = invoiceSearchText(entry.invoice, this.ctx);
      // Checking the clock every few entries keeps its cost out of the loop.
      if ((done & 7) === 0 && performance.now() >= deadline) break;
    }
    queue.splice(0, done);
    return queue.length === 0;
  }

  /** All loaded invoices, newest first. */
  entries(): IndexedInvoice[] {
    if (!this.sorted) this.sorted = [...this.byId.values()].sort(newestFirst);
    return this.sorted;
  }

  get(id: string): Invoice | undefined {
    return this.byId.get(id)?.invoice;
  }

  /** Invoices whose search text contains every word of `query` (all when the query is blank). */
  filter(query: string): Invoice[] {
    const words = searchNormalize(query, this.ctx.locale).split(' ').filter(Boolean);
    const all = this.entries();
    if (words.length === 0) return all.map((e) => e.invoice);
    if (this.unindexed.length) this.indexSome(Infinity);
    const out: Invoice[] = [];
    for (const entry of all) {
      const text = entry.search!;
      if (words.every((w) => text.includes(w))) out.push(entry.invoice);
    }
    return out;
  }
}

/**
 * Fetches `pages` with at most `concurrency` requests in flight, handing each
 * page to `onPage` as it arrives. Stops at the first failure (rejecting with
 * it) or when `signal` aborts; pages already handed over stay.
 */
export async function loadPages(
  pages: number[],
  fetchPage: (page: number, signal: AbortSignal) => Promise<Page<Invoice>>,
  onPage: (page: number, result: Page<Invoice>) => void,
  signal: AbortSignal,
  concurrency = 3,
): Promise<void> {
  const queue = [...pages];
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (queue.length > 0 && !failure && !signal.aborted) {
      const page = queue.shift()!;
      try {
        const result = await fetchPage(page, signal);
        if (signal.aborted) return;
        onPage(page, result);
      } catch (error) {
        failure ??= { error };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * Where an invoice's line item's usage is: its meter over the line item's
 * period, else the invoice's period. Null for fixed fees and when no period is
 * known (nothing to link to).
 */
export function usageFocusFor(invoice: Pick<InvoiceDetail, 'periodStart' | 'periodEnd'>, item: InvoiceLineItem): UsageFocus | null {
  if (!item.meterId) return null;
  const start = item.periodStart ?? invoice.periodStart;
  const end = item.periodEnd ?? invoice.periodEnd;
  if (!start || !end || end.getTime() <= start.getTime()) return null;
  return { start, end, meterId: item.meterId, name: item.name };
}
