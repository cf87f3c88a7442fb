/**
 * Sections load lazily, one chunk each in the CDN build: a panel imports a
 * section's module when it first shows it (together with the first paint's
 * requests, see prefetch.ts), and the root prefetches the other tabs' sections
 * when idle after `portal-ready`. Loads are shared page-wide; a failed one is
 * forgotten so a retry imports again.
 */
import { chunkLoadError, loadOnce, type OnceLoader } from '../api/load-once.js';
import { nextTask } from '../api/next-task.js';
import { defineOnce } from '../ui/portal-element.js';
import type { PortalTab } from '../events.js';
import { LAYOUT, SECTIONS, type SectionName } from './registry.js';

/** Wraps a section's import (a test seam: to delay or fail it). */
export type LoadWrap = (name: SectionName, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>;

const loads = new Map<SectionName, OnceLoader<void>>();
const wraps = new Map<SectionName, LoadWrap | undefined>();

/** Whether the section's element is registered (a panel can render it). */
export function sectionReady(name: SectionName): boolean {
  return customElements.get(SECTIONS[name].tag) !== undefined;
}

/**
 * Imports the section's module (once per page) and registers its element. A
 * failure rejects with a network `ApiError` (code `chunk_load_failed`), so it
 * reads and retries like any other connection failure.
 */
export function loadSection(name: SectionName, wrap?: LoadWrap): Promise<void> {
  if (sectionReady(name)) return Promise.resolve();
  wraps.set(name, wrap);
  let load = loads.get(name);
  if (!load) {
    const { tag, load: importSection } = SECTIONS[name];
    load = loadOnce(() => {
      // The wrap of the call that starts the import (a test seam), not of the first call ever.
      const current = wraps.get(name);
      // Defined a task after the module ran: its evaluation and the section's first render (at definition) are two tasks.
      return (current ? current(name, importSection) : importSection()).then(async (ctor) => {
        await nextTask();
        defineOnce(tag, ctor);
      });
    }, chunkLoadError(`The ${name} section`));
    loads.set(name, load);
  }
  return load();
}

/**
 * Starts importing the sections a tab shows first (quietly: a panel imports
 * again when it shows one that failed). The CDN entry calls it as the script
 * runs, so the Overview's code arrives with, not after, its first data.
 */
export function preloadSections(tab: PortalTab): void {
  for (const slot of LAYOUT[tab]) {
    const name = typeof slot === 'string' ? slot : slot[0]!;
    if (!SECTIONS[name].afterReady && !SECTIONS[name].tabCode) loadSection(name).catch(() => undefined);
  }
}
