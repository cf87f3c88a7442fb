/**
 * Mounting `<customer-portal>` the way a host page does: listeners attached
 * before it connects (so nothing it fires early is missed), then connected in
 * a fresh fixture container.
 */
import { fixture, html } from '@open-wc/testing';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail, TokenExpiringDetail } from '../../src/events.js';

/** What the element told the page, in order. */
export interface PortalEvents {
  expiring: TokenExpiringDetail[];
  expired: TokenExpiredDetail[];
  errors: PortalErrorDetail[];
  /** How many times `portal-ready` fired. */
  ready: number;
}

/** Records `el`'s token-expiring, token-expired, portal-error and portal-ready events from now on. */
export function recordEvents(el: CustomerPortal): PortalEvents {
  const events: PortalEvents = { expiring: [], expired: [], errors: [], ready: 0 };
  el.addEventListener('token-expiring', (e) => events.expiring.push(e.detail));
  el.addEventListener('token-expired', (e) => events.expired.push(e.detail));
  el.addEventListener('portal-error', (e) => events.errors.push(e.detail));
  el.addEventListener('portal-ready', () => (events.ready += 1));
  return events;
}

/** Connects `el` inside a new fixture container and waits for its first update. */
export async function connect(el: CustomerPortal): Promise<void> {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  await el.updateComplete;
}
