/** The value the root shares with its sections through `portalContext`, and the display zone in it. */
import type { ContextProvider } from '@lit/context';
import type { portalContext, PortalEnv } from '../context.js';
import type { Customer } from '../api/model.js';
import { browserTimeZone, isTimeZone } from '../format/zone.js';

/** The host's `timezone`, else the customer's, else the browser's (settled once the customer answered). */
export function displayZone(timezone: string | null, customer: Customer | null, customerSettled: boolean): { timeZone: string; timeZoneSettled: boolean } {
  if (isTimeZone(timezone)) return { timeZone: timezone, timeZoneSettled: true };
  if (isTimeZone(customer?.timeZone)) return { timeZone: customer.timeZone, timeZoneSettled: true };
  return { timeZone: browserTimeZone(), timeZoneSettled: customerSettled };
}

/** Warns once about an unknown `timezone` (`warned`: the one warned about last); returns the one warned about now. */
export function warnUnknownZone(timezone: string | null, warned: string | null): string | null {
  if (!timezone || isTimeZone(timezone) || warned === timezone) return warned;
  console.warn(`<customer-portal>: unknown time zone "${String(timezone)}" ignored.`); // `!isTimeZone()` typed it never
  return timezone;
}

/** Sets `next` as the context value when something in it changed (consumers then re-render); `now` is stable. */
export function publishEnv(provider: ContextProvider<typeof portalContext>, next: PortalEnv): void {
  const prev = provider.value as PortalEnv | undefined;
  if (
    prev &&
    prev.backend === next.backend &&
    prev.locale === next.locale &&
    prev.timeZone === next.timeZone &&
    prev.timeZoneSettled === next.timeZoneSettled &&
    prev.customer === next.customer &&
    prev.config === next.config &&
    prev.t === next.t
  ) {
    return;
  }
  provider.setValue(next);
}
