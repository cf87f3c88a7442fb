/**
 * The two public events of the opt-in actions. Their classes live apart from
 * `events.ts` (which the first chunk carries whole) so that only the lazily
 * loaded actions chunk holds them: a read-only page loads no action code.
 * Their details and their `HTMLElementEventMap` entries are in `events.ts`.
 */
import { init, type PortalActionDetail, type PortalActionResultDetail } from './events.js';

export class PortalActionEvent extends CustomEvent<PortalActionDetail> {
  static readonly eventName = 'portal-action';
  constructor(detail: PortalActionDetail) {
    super(PortalActionEvent.eventName, { ...init(detail), cancelable: true });
  }
}

export class PortalActionResultEvent extends CustomEvent<PortalActionResultDetail> {
  static readonly eventName = 'portal-action-result';
  constructor(detail: PortalActionResultDetail) {
    super(PortalActionResultEvent.eventName, init(detail));
  }
}
