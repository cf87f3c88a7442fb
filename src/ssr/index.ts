/**
 * `@flexprice/customer-portal` on a server (see ./elements.ts): the same
 * exports as src/index.ts, the elements as names only, everything else (API
 * client, errors, session, events, messages) as in the browser. A test keeps
 * the two export lists equal.
 */
export { CustomerPortal, SectionPanel, PortalElement, defineOnce } from './elements.js';
export { PORTAL_TABS, DEFAULT_PORTAL_CONFIG } from './portal-constants.js';
export { PUBLIC_SECTIONS } from '../sections/names.js';
export type { SectionName } from '../sections/names.js';

export { HttpClient } from '../api/http.js';
export { FlexpriceClient } from '../backends/flexprice/client.js';
export { FlexpriceBackend } from '../backends/flexprice/backend.js';
export { defaultPortalConfig } from '../api/defaults.js';
export { registerBackend, isKnownBackend } from '../backends/registry.js';
export { ApiError, isAbortError } from '../api/errors.js';
export { PortalSession } from '../session/session.js';
export { TokenExpiringEvent, TokenExpiredEvent, TabChangeEvent, PortalReadyEvent, PortalErrorEvent, InvoiceDownloadEvent } from '../events.js';
export { PortalActionEvent, PortalActionResultEvent } from '../action-events.js';
export { portalContext } from '../context.js';
export { createTranslate, en } from '../i18n/index.js';
