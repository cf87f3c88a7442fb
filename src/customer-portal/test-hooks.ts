/** The root's test seams (not public API; see `CustomerPortal.testHooks`). */
import type { ClientTuning } from '../api/adapter.js';
import type { PortalTab } from '../events.js';
import { SECTIONS } from '../sections/registry.js';
import type { LoadWrap } from '../sections/section-modules.js';
import type { PortalSessionOptions } from '../session/session.js';

/**
 * Test seams (not public API): a clock and timers for the session, and client
 * options such as a shorter retry backoff.
 * @internal
 */
export interface CustomerPortalTestHooks {
  now?: () => Date;
  /** Wraps the import of a lazily loaded section of the Credits, Invoices or Usage tab (to delay or fail it); `tab` is its tab. */
  importTab?: (tab: Exclude<PortalTab, 'overview'>, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>;
  sessionTimers?: PortalSessionOptions['timers'];
  client?: ClientTuning;
}

/** The session's timers and client tuning the hooks set (none in production). */
export function sessionTuning(hooks: CustomerPortalTestHooks): { timers?: PortalSessionOptions['timers']; client?: ClientTuning } {
  return { ...(hooks.sessionTimers ? { timers: hooks.sessionTimers } : {}), ...(hooks.client ? { client: hooks.client } : {}) };
}

/** A section's import through the hooks' `importTab` (Credits, Invoices and Usage sections only). */
export function hookedLoad(hooks: CustomerPortalTestHooks, ...[name, load]: Parameters<LoadWrap>): ReturnType<LoadWrap> {
  const tab = SECTIONS[name].tab;
  const wrap = hooks.importTab;
  return wrap && tab !== 'overview' ? wrap(tab, load) : load();
}
