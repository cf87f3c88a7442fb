/**
 * View state shared by the sections of one panel (the wallet a customer picked
 * on the Credits tab, the page each wallet's history is on): a small keyed
 * store with change notification, provided by the panel through @lit/context.
 * It lives as long as the panel, so it survives token changes (a new backend)
 * and tab switches. A section outside any panel (a test) keeps its own store.
 */
import { createContext } from '@lit/context';

export class ViewState extends EventTarget {
  private readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  /** Sets `key` and tells every section that reads this store (no change, no notice). */
  set(key: string, value: unknown): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.dispatchEvent(new Event('change'));
  }
}

export const viewStateContext = createContext<ViewState>(Symbol('cp-view-state'));
