/**
 * The history's page cache: pages by (backend, wallet, page), so going back is
 * instant and the pages next to the one on screen are prefetched. A new
 * backend (new session token) starts a fresh cache; the previous pages stay
 * only as stand-ins while the same page reloads with the new token.
 */
import type { PortalBackend } from '../../api/backend.js';
import type { Page, WalletTransaction } from '../../api/model.js';
import { untilAborted } from '../credits-wallets.js';

/** Rows per page of the history. */
export const HISTORY_PAGE_SIZE = 20;

export const pageKey = (walletId: string, page: number) => `${walletId}\u0000${page}`;

export class TransactionPages {
  /** Pages of the current backend, by wallet and page. */
  pages = new Map<string, Page<WalletTransaction>>();
  /** Pages of the previous backend: shown only while the same page reloads with a new token. */
  stalePages = new Map<string, Page<WalletTransaction>>();
  inflight = new Map<string, Promise<Page<WalletTransaction>>>();
  /** Latest known number of transactions per wallet (keeps the pager steady while a page loads). */
  readonly totals = new Map<string, number>();
  private backend: PortalBackend | null = null;
  private prefetchAbort = new AbortController();

  /** Starts a fresh page cache for a new backend (new token); the old pages stay only as stand-ins. */
  adopt(backend: PortalBackend): void {
    if (backend === this.backend) return;
    if (this.pages.size) this.stalePages = this.pages;
    this.pages = new Map();
    this.inflight = new Map();
    this.prefetchAbort.abort();
    this.prefetchAbort = new AbortController();
    this.backend = backend;
  }

  /** Back in the page: prefetches may run again. */
  connect(): void {
    if (this.prefetchAbort.signal.aborted) this.prefetchAbort = new AbortController();
  }

  /** Out of the page: stops the prefetches. */
  disconnect(): void {
    this.prefetchAbort.abort();
    this.inflight.clear();
  }

  private fetch(backend: PortalBackend, walletId: string, page: number, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    const key = pageKey(walletId, page);
    const request = backend
      .walletTransactions(walletId, { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE }, signal)
      .then((result) => {
        if (backend === this.backend) {
          this.pages.set(key, result);
          this.totals.set(walletId, result.total);
        }
        return result;
      })
      .finally(() => {
        if (this.inflight.get(key) === request) this.inflight.delete(key);
      });
    if (backend === this.backend) this.inflight.set(key, request);
    return request;
  }

  /** One page: from the cache, from a prefetch already under way, or from the server. */
  async load(backend: PortalBackend, walletId: string, page: number, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    this.adopt(backend);
    const key = pageKey(walletId, page);
    const cached = this.pages.get(key);
    if (cached) return cached;
    const shared = this.inflight.get(key);
    if (shared) {
      try {
        return await untilAborted(shared, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        // The prefetch failed: ask again, this time for the user.
      }
    }
    return this.fetch(backend, walletId, page, signal);
  }

  /** Fetches the pages next to the one on screen, so Next and Previous are instant. */
  prefetchAround(backend: PortalBackend, walletId: string, page: number): void {
    if (backend !== this.backend) return;
    const total = this.totals.get(walletId) ?? 0;
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
    for (const neighbour of [page + 1, page - 1]) {
      if (neighbour < 1 || neighbour > pages) continue;
      const key = pageKey(walletId, neighbour);
      if (this.pages.has(key) || this.inflight.has(key)) continue;
      this.fetch(backend, walletId, neighbour, this.prefetchAbort.signal).catch(() => {
        // A failed prefetch is retried when the user actually opens that page.
      });
    }
  }
}
