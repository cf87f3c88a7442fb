import { defaultPortalConfig } from '../api/defaults.js';
import type { PortalTab } from '../events.js';
import type { PortalConfig } from '../api/model.js';

/** Same values as in customer-portal.ts (which imports Lit); a test compares them. */
export const PORTAL_TABS: readonly PortalTab[] = ['overview', 'credits', 'invoices', 'usage'];
export const DEFAULT_PORTAL_CONFIG: PortalConfig = defaultPortalConfig();
