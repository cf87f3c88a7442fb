/**
 * Registers `<customer-portal>` (and, on first use, its internal elements):
 * called by `define.ts` and by the CDN entries (`src/cdn/`). Registering
 * twice, or next to the CDN build, warns instead of throwing.
 */
import { CustomerPortal } from './customer-portal/customer-portal.js';
import { defineOnce } from './ui/portal-element.js';
import { preloadSections } from './sections/section-modules.js';
import { browserTimeZone } from './format/zone.js';

export function defineCustomerPortal(): void {
  defineOnce('customer-portal', CustomerPortal);
  // The Overview is the default first tab: its sections' code loads with the script.
  preloadSections('overview');
  // The page's first Intl use loads ICU's locale and zone data (15–50 ms on a slow core): done when the
  // page is idle (never forced by a timeout), so a portal mounted later starts without it; one mounted
  // at once reads the zone in a task of its own (CustomerPortal.scheduleUpdate).
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void browserTimeZone());
}

export { CustomerPortal };
