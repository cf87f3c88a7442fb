/**
 * What every part of the portal reads about the current session: the backend,
 * locale, zone, customer, config, strings and clock. Plain data (no Lit): the
 * root shares it through `context.ts`, and the usage domain takes it as input.
 */
import type { PortalBackend } from './api/backend.js';
import type { Customer, PortalConfig } from './api/model.js';
import type { Translate } from './i18n/index.js';

export interface PortalEnv {
  /**
   * The backend of the current session token; null while there is no usable
   * token (none yet, malformed, or expired). A new object per token: tabs key
   * their data tasks on it so a new token reloads fresh data while every
   * piece of view state (page, range, search, selection) stays.
   */
  backend: PortalBackend | null;
  /** BCP 47 locale for Intl and UI strings. */
  locale: string;
  /** The resolved display zone (attribute, else customer's, else browser's). */
  timeZone: string;
  /** True once the zone is final (attribute set, or the customer's /info answered or failed). */
  timeZoneSettled: boolean;
  /** The customer of the session, once /info answered. */
  customer: Customer | null;
  /** The tenant's portal config, or defaults. */
  config: PortalConfig;
  /** UI strings for the locale. */
  t: Translate;
  /** The clock (tests may replace it). */
  now: () => Date;
}
