/**
 * Registers `<customer-portal>` (and, on first use, its internal elements):
 * called by `define.ts` and by the CDN entries (`src/cdn/`). Registering
 * twice, or next to the CDN build, warns instead of throwing.
 */
import { CustomerPortal } from './customer-portal/customer-portal.js';
import { defineOnce } from './ui/portal-element.js';
import { preloadOverviewView } from './tabs/overview/overview-tab.js';

export function defineCustomerPortal(): void {
  defineOnce('customer-portal', CustomerPortal);
  // The Overview is the default first tab: its lazily imported view loads with the script.
  preloadOverviewView();
}

export { CustomerPortal };
