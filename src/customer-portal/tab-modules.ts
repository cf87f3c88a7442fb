/**
 * The Credits, Invoices and Usage tabs are lazily imported modules (one chunk
 * each in the CDN build, with their English strings): the root imports a tab's
 * module when the tab is first opened and prefetches the others when idle after
 * `portal-ready`. Loads are shared page-wide; a failed one is forgotten so a
 * retry imports again.
 */
import type { PortalTab } from '../events.js';
import { ApiError } from '../api/errors.js';
import { defineOnce } from '../ui/portal-element.js';

export type LazyTab = Exclude<PortalTab, 'overview'>;

/**
 * A tab's element class, once its module and the adapter's tab-only mappings
 * (which its requests need) are both loaded: a tab that opened has everything
 * it needs even if the connection drops afterwards.
 */
const withMappings = <T>(module: Promise<T>): Promise<T> =>
  Promise.all([module, import('../api/flexprice-tab-mapping.js')]).then(([m]) => m);

const MODULES: Record<LazyTab, { tag: string; load: () => Promise<CustomElementConstructor> }> = {
  credits: { tag: 'cp-credits-tab', load: () => withMappings(import('../tabs/credits/credits-tab.js')).then((m) => m.CreditsTab) },
  invoices: { tag: 'cp-invoices-tab', load: () => withMappings(import('../tabs/invoices/invoices-tab.js')).then((m) => m.InvoicesTab) },
  usage: { tag: 'cp-usage-tab', load: () => withMappings(import('../tabs/usage/usage-tab.js')).then((m) => m.UsageTab) },
};

const loads = new Map<LazyTab, Promise<void>>();

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
  wrap?: (tab: LazyTab, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>,
): Promise<void> {
  if (tabModuleReady(tab)) return Promise.resolve();
  let pending = loads.get(tab);
  if (!pending) {
    const { tag, load } = MODULES[tab];
    pending = (wrap ? wrap(tab, load) : load()).then(
      (ctor) => defineOnce(tag, ctor),
      (cause: unknown) => {
        loads.delete(tab);
        throw new ApiError({ kind: 'network', code: 'chunk_load_failed', message: `The ${tab} tab could not be loaded.`, cause });
      },
    );
    loads.set(tab, pending);
  }
  return pending;
}
