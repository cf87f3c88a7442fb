/**
 * What a template may set on `<customer-portal>` and the events it may listen
 * to, shared by the Svelte and Vue declarations beside this file.
 */
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import type { PortalEventMap } from '../events.js';

/** The element's public properties (set as properties by Svelte and Vue when the element has them). */
export type CustomerPortalProperties = Partial<
  Pick<CustomerPortal, 'token' | 'apiBase' | 'tab' | 'sections' | 'actions' | 'locale' | 'timezone' | 'theme' | 'expiryWarning' | 'tokenProvider' | 'messages'>
>;

/** The same, as attributes. The token is better set as a property on the client: see the README. */
export interface CustomerPortalAttributes {
  token?: string | null;
  'api-base'?: string;
  tab?: CustomerPortal['tab'];
  /** Sections shown alone, without tabs (e.g. `"wallet usage-limits"`). */
  sections?: string | null;
  actions?: string | null;
  locale?: string | null;
  timezone?: string | null;
  theme?: CustomerPortal['theme'];
  'expiry-warning'?: number | string;
}

/** Every public event, by name. */
export type CustomerPortalEvents = PortalEventMap;
