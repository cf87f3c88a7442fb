/**
 * `@flexprice/customer-portal`: classes and types only — importing this
 * registers nothing. Import `@flexprice/customer-portal/define` to register
 * `<customer-portal>`.
 */
export { CustomerPortal, PORTAL_TABS, DEFAULT_PORTAL_CONFIG } from './customer-portal/customer-portal.js';
export { PortalElement, defineOnce } from './ui/portal-element.js';
export { SectionPanel } from './sections/section-panel.js';
export { PUBLIC_SECTIONS } from './sections/registry.js';
export type { SectionName } from './sections/registry.js';

export { HttpClient } from './api/http.js';
export type { HttpClientOptions, HttpDialect, RetryOptions, Timers } from './api/http.js';
export { FlexpriceClient } from './backends/flexprice/client.js';
export type { FlexpriceClientOptions } from './backends/flexprice/client.js';
export { FlexpriceBackend } from './backends/flexprice/backend.js';
export type { FlexpriceBackendOptions } from './backends/flexprice/backend.js';
export type { PortalBackend, PageRequest, BackendCapabilities, BackendLimits, UsageSeriesCapability, InvoiceQuery } from './api/backend.js';
export type { BackendAdapter, BackendId, BackendSession, TokenReading, TokenVerdict, TokenIdentity } from './api/adapter.js';
export { defaultPortalConfig } from './api/defaults.js';
export { registerBackend, isKnownBackend } from './backends/registry.js';
export { ApiError, isAbortError } from './api/errors.js';
export type { ApiErrorKind } from './api/errors.js';
export type * from './api/model.js';

export { PortalSession } from './session/session.js';
export type { PortalSessionOptions } from './session/session.js';

export { TokenExpiringEvent, TokenExpiredEvent, TabChangeEvent, PortalReadyEvent, PortalErrorEvent, InvoiceDownloadEvent } from './events.js';
export { PortalActionEvent, PortalActionResultEvent } from './action-events.js';
export type { PortalTab, ErrorSection, TokenExpiringDetail, TokenExpiredDetail, TabChangeDetail, PortalReadyDetail, PortalErrorDetail, InvoiceDownloadDetail, PortalActionDetail, PortalActionResultDetail, ActionName, ActionTarget } from './events.js';

export { portalContext } from './context.js';
export type { PortalEnv } from './context.js';
export { createTranslate, en } from './i18n/index.js';
export type { Messages, MessageKey, Translate } from './i18n/index.js';
