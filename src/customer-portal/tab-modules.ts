/**
 * The Credits, Invoices and Usage tabs are lazily imported modules (one chunk
 * each in the CDN build, with their English strings): the root imports a tab's
 * module when the tab is first opened and prefetches the others when idle after
 * `portal-ready`. Loads are shared page-wide; a failed one is forgotten so a
 * retry imports again.
 */
import type { PortalTab } from '../events.js';
import { chunkLoadError, loadOnce, type OnceLoader } from '../api/load-once.js';
import { defineOnce } from '../ui/portal-element.js';
import { nextTask } from '../api/next-task.js';

export type LazyTab = Exclude<PortalTab, 'overview'>;

/**
 * A tab's element class, once its module and the adapter's tab code (which
 * its requests need: `prepareTabs`, e.g. Flexprice's tab-only mappings) are
 * both loaded: a tab that opened has everything it needs even if the
 * connection drops afterwards.
 */
const MODULES: Record<LazyTab, { tag: string; load: () => Promise<CustomElementConstructor> }> = {
  credits: { tag: 'cp-credits-tab', load: () => import('../tabs/credits/credits-tab.js').then((m) => m.CreditsTab) },
  invoices: { tag: 'cp-invoices-tab', load: () => import('../tabs/invoices/invoices-tab.js').then((m) => m.InvoicesTab) },
  usage: { tag: 'cp-usage-tab', load: () => import('../tabs/usage/usage-tab.js').then((m) => m.UsageTab) },
};

type Wrap = (tab: LazyTab, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>;
const loads = new Map<LazyTab, OnceLoader<void>>();
const wraps = new Map<LazyTab, Wrap | undefined>();

export function isLazyTab(tab: PortalTab): tab is LazyTab {
  return tab !== 'overview';
}

/** Whether the tab's element is registered (its panel can render it). */
export function tabModuleReady(tab: LazyTab): boolean {
  return customElements.get(MODULES[tab].tag) !== undefined;
}

/**
 * Imports the tab's module (once per page) and registers its element. A
 * failure rejects with a network `ApiError` (code `chunk_load_failed`), so it
 * reads and retries like any other connection failure.
 */
export function loadTabModule(
  tab: LazyTab,
  wrap?: Wrap,
): Promise<void> {
  if (tabModuleReady(tab)) return Promise.resolve();
  wraps.set(tab, wrap);
  let load = loads.get(tab);
  if (!load) {
    const { tag, load: importTab } = MODULES[tab];
    load = loadOnce(() => {
      // The wrap of the call that starts the import (a test seam), not of the first call ever.
      const current = wraps.get(tab);
      // Defined a task after the module ran: its evaluation and the tab's first render (at definition) are two tasks.
      return (current ? current(tab, importTab) : importTab()).then(async (ctor) => {
        await nextTask();
        defineOnce(tag, ctor);
      });
    }, chunkLoadError(`The ${tab} tab`));
    loads.set(tab, load);
  }
  return load();
}
