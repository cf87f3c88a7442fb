import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, isAbortError } from '../api/errors.js';
import { PortalErrorEvent, PortalReadyEvent, SectionErrorEvent, SectionReadyEvent, UsageFocusEvent, type ErrorSection, type PortalErrorDetail, type UsageFocus } from '../events.js';

export function errorDetail(section: ErrorSection, error: unknown): PortalErrorDetail {
  if (error instanceof ApiError) return { section, status: error.status, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { section, status: 0, code: 'unknown', message };
}

/**
 * The sections' internal events, which bubble inside the root's shadow root
 * only (not composed): the first section ready fires `portal-ready` once; a
 * section's failure (or the root's own, see `reportError`) fires
 * `portal-error`; an invoice line's request for its usage goes to `usageFocus`.
 */
export class SectionEventsController implements ReactiveController {
  private listening = false;
  private readyFired = false;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget & { readonly renderRoot: EventTarget },
    private readonly on: { ready: () => void; usageFocus: (focus: UsageFocus) => void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.listening) return;
    this.listening = true;
    const root = this.host.renderRoot;
    root.addEventListener(SectionReadyEvent.eventName, this.handleReady as EventListener);
    root.addEventListener(SectionErrorEvent.eventName, this.handleError as EventListener);
    root.addEventListener(UsageFocusEvent.eventName, this.handleUsageFocus as EventListener);
  }

  /** Fires `portal-error` for a failure, unless it was an abort or a 401 (the session turns that into `token-expired`). */
  reportError(section: ErrorSection, error: unknown): void {
    if (isAbortError(error)) return;
    if (error instanceof ApiError && error.unauthorized) return;
    this.host.dispatchEvent(new PortalErrorEvent(errorDetail(section, error)));
  }

  private readonly handleReady = (event: SectionReadyEvent): void => {
    event.stopPropagation();
    if (this.readyFired) return;
    this.readyFired = true;
    this.host.dispatchEvent(new PortalReadyEvent());
    this.on.ready();
  };

  private readonly handleError = (event: SectionErrorEvent): void => {
    event.stopPropagation();
    this.reportError(event.section, event.error);
  };

  private readonly handleUsageFocus = (event: UsageFocusEvent): void => {
    event.stopPropagation();
    this.on.usageFocus(event.focus);
  };
}
