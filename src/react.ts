/**
 * React wrapper for `<customer-portal>` (`@flexprice/customer-portal/react`).
 *
 * ```tsx
 * import { CustomerPortal } from '@flexprice/customer-portal/react';
 *
 * <CustomerPortal
 *   token={token}
 *   apiBase="https://api.cloud.flexprice.io/v1"
 *   onTokenExpired={async () => setToken(await mintPortalSession())}
 *   onTabChange={(e) => analytics.track('portal_tab', e.detail.tab)}
 * />
 * ```
 *
 * Properties are set as element properties (so `tokenProvider` can be a
 * function) and every public event is an `on…` prop receiving the typed event.
 * Importing this module registers `<customer-portal>` in the browser (warning,
 * not throwing, when another copy already did) and nothing on a server. React is an optional peer dependency of the
 * package; only this entry point needs it.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
// Registers the element and gives its class. In the npm build this import is
// `@flexprice/customer-portal/define`, resolved by the app's bundler with its
// own conditions: the element in the browser, a name-only class on a server
// (src/ssr/), so rendering <CustomerPortal> on a server never loads Lit's DOM code.
import { CustomerPortal as CustomerPortalElement } from './define.js';
import type { InvoiceDownloadEvent, PortalErrorEvent, PortalReadyEvent, TabChangeEvent, TokenExpiredEvent, TokenExpiringEvent } from './events.js';
import type { PortalActionEvent, PortalActionResultEvent } from './action-events.js';

export const CustomerPortal = createComponent({
  tagName: 'customer-portal',
  elementClass: CustomerPortalElement,
  react: React,
  displayName: 'CustomerPortal',
  events: {
    onTokenExpiring: 'token-expiring' as EventName<TokenExpiringEvent>,
    onTokenExpired: 'token-expired' as EventName<TokenExpiredEvent>,
    onTabChange: 'tab-change' as EventName<TabChangeEvent>,
    onPortalReady: 'portal-ready' as EventName<PortalReadyEvent>,
    onPortalError: 'portal-error' as EventName<PortalErrorEvent>,
    onInvoiceDownload: 'invoice-download' as EventName<InvoiceDownloadEvent>,
    onPortalAction: 'portal-action' as EventName<PortalActionEvent>,
    onPortalActionResult: 'portal-action-result' as EventName<PortalActionResultEvent>,
  },
});

/** Props of the React `CustomerPortal` component. */
export type CustomerPortalProps = React.ComponentProps<typeof CustomerPortal>;

export type { CustomerPortalElement };
export type { PortalActionEvent, PortalActionResultEvent } from './action-events.js';
export type { InvoiceDownloadEvent, PortalErrorEvent, PortalReadyEvent, TabChangeEvent, TokenExpiredEvent, TokenExpiringEvent } from './events.js';
