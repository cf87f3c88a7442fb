/**
 * What happens around one write, apart from its dialog: the idempotency key of
 * an attempt, the cancelable `portal-action` before it, the results after, and
 * the wallet poll after a hosted checkout. No Lit here.
 */
import type { ActionName, ActionTarget, BackendActions, CheckoutState } from '../api/actions.js';
import type { ActionRequest } from '../context.js';
import type { ErrorSection } from '../events.js';
import { ApiError } from '../api/errors.js';
import { PortalActionEvent, PortalActionResultEvent } from '../action-events.js';
import type { PortalActionResultDetail } from '../events.js';

/** What the root's actions controller hands a dialog. */
export interface DialogDeps {
  writes: BackendActions;
  /** Focus returns here when the dialog closes. */
  opener: HTMLElement;
  /** The `<customer-portal>`: the public events are dispatched on it. */
  host: HTMLElement;
  report: (section: ErrorSection, error: unknown) => void;
  setPending: (target: ActionRequest['target'], on: boolean) => void;
  close: () => void;
}

/**
 * One key per attempt: an attempt is one confirmed input in one opening of the dialog. "Try again"
 * with the same input reuses the key (the server answers the first attempt's result, never a second
 * charge); a changed input makes a new one. A new dialog is a new `AttemptKeys`.
 */
export class AttemptKeys {
  private input: string | null = null;
  private key = '';

  for(input: string): string {
    if (input !== this.input) {
      this.input = input;
      this.key = crypto.randomUUID();
    }
    return this.key;
  }
}

/** After a checkout: re-read the wallet at 0, 1.5 and 4 s, then every 5 s up to 40 s (tests may shorten it). */
export const pollTiming = { delays: [0, 1500, 4000, 9000, 14000, 19000, 24000, 29000, 34000, 39000] };

/** The host page as a return URL: origin and path, never the query (which may carry a token) nor the fragment. */
export function returnUrl(): string {
  return location.origin + location.pathname;
}

/** Fires the cancelable `portal-action`; false when the host took over (`preventDefault()`). */
export function announce(host: HTMLElement, action: ActionName, target: ActionTarget, input: Record<string, string>): boolean {
  return host.dispatchEvent(new PortalActionEvent({ action, target, input }));
}

export function result(host: HTMLElement, detail: PortalActionResultDetail): void {
  host.dispatchEvent(new PortalActionResultEvent(detail));
}

/** The error's code and its readable message, the way `portal-action-result` reports it. */
export function failure(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A write that got no answer (network, timeout, or a gateway in front of the backend saying the
 * backend did not answer: 502/504, as the Lago proxy does when Lago drops the connection): it may or
 * may not have happened.
 */
export function unanswered(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'http' && (error.status === 502 || error.status === 504));
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export type PollOutcome = 'changed' | 'failed' | 'timeout' | 'aborted';

/**
 * Polls until `changed()` says the new state is on screen, the checkout (when
 * given) failed or expired, or the schedule ends. A failed read (a 401 while
 * the session renews, a network blip) is skipped: the next tick reads again,
 * with whatever token the session holds by then. Nothing is ever re-sent.
 */
export async function poll(
  changed: (signal: AbortSignal) => Promise<boolean>,
  checkout: ((signal: AbortSignal) => Promise<CheckoutState>) | null,
  signal: AbortSignal,
): Promise<PollOutcome> {
  let at = 0;
  for (const delay of pollTiming.delays) {
    await sleep(delay - at, signal);
    at = delay;
    if (signal.aborted) return 'aborted';
    try {
      if (checkout) {
        const state = await checkout(signal);
        if (state.status === 'failed' || state.status === 'expired') return 'failed';
      }
      if (await changed(signal)) return 'changed';
    } catch {
      if (signal.aborted) return 'aborted';
    }
  }
  return 'timeout';
}

