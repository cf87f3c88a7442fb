/**
 * `PortalSession`: the session token's life cycle, DOM-free.
 *
 * It learns a token's expiry (and identity) from the adapter's `readToken`
 * (the session never parses a token itself: a Flexprice JWT's `exp`, Polar's
 * introspection, …), combined with the host's `expires-at` (the earlier
 * counts), warns before it passes, declares it expired at the expiry or on
 * the first 401, and — when the host gave a `tokenProvider` — refreshes it
 * itself.
 *
 * Decisions:
 * - **Reading.** A reader that needs a request answers a promise: the token
 *   is `reading` meanwhile (not sent), and `onRead` tells when it settled.
 *   A token whose expiry nobody knows is usable until the first 401.
 * - **Clock skew.** A token is retired a little before its `exp` (the `token`
 *   getter returns null from then on) and `onExpired` fires at that moment;
 *   `expiredAt` is still the token's real `exp` (expiry.ts: `retireMargin`).
 * - **Warning first.** Without a provider, `onExpiring` fires at
 *   `exp − expiryWarningSeconds`, or at the retirement moment when that is
 *   earlier (an `expiryWarningSeconds` of 0…5), and always before
 *   `onExpired` for the same token: a warning that has not fired yet is fired
 *   just before the token is retired. A token that is already past its
 *   retirement when set, or that the server refuses (401), expires without
 *   a warning: there is nothing left to warn about.
 * - **With a `tokenProvider`** the element looks after itself: the session
 *   refreshes at the warning time (`expiryWarningSeconds` before `exp`) and
 *   does NOT fire `onExpiring` — there is nothing for the host to do. If
 *   that refresh fails it tries once more at expiry, and fires `onExpired`
 *   (reason `expired`) only if that fails too. Without a provider it fires
 *   `onExpiring` once per token, at `exp − expiryWarningSeconds` (at once if
 *   the token is already inside that window), so the host can mint a new one.
 * - **401s.** `handleUnauthorized(failedToken)` answers the token to retry
 *   with, or null. A refused token that is no longer current means a refresh
 *   already happened: the current token is returned. With a provider, one
 *   refresh runs at a time and every caller shares it; a token that itself
 *   came from a 401-triggered refresh and is refused again is not refreshed
 *   again (no loop against a server that refuses every token) — the session
 *   expires with reason `unauthorized`.
 * - Callbacks fire from timers, never synchronously inside `setToken`, so a
 *   listener may call `setToken` safely; a superseded token's pending
 *   callbacks are cancelled.
 */
import type { TokenReading, TokenVerdict } from '../api/adapter.js';
import { defaultTimers } from '../api/http.js';
import { retireMargin, sameTime, validDate } from './expiry.js';
import { earlierExpiry } from './identity.js';

export type TokenState = 'none' | 'reading' | 'active' | 'malformed' | 'expired';

/** What the host said about its token besides the token (`expires-at`). */
export interface TokenHints {
  expiresAt?: Date | null;
}

/** The adapter's token reader (see `BackendAdapter.readToken`). */
export type TokenReader = (token: string, context: { expiresAt: Date | null; signal: AbortSignal }) => TokenVerdict | Promise<TokenVerdict>;

export interface TokenExpiringDetail {
  expiresAt: Date;
  secondsLeft: number;
}

export interface TokenExpiredDetail {
  reason: 'expired' | 'unauthorized';
  expiredAt: Date | null;
}

/** Timer functions; injectable so tests can run on a fake clock. */
export interface SessionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PortalSessionOptions {
  /** Reads a token's expiry and identity (the adapter's `readToken`). */
  readToken: TokenReader;
  /** An asynchronous reading of the current token settled (the state left `reading`). */
  onRead?: (token: string, state: TokenState) => void;
  /** Lead time of `onExpiring`, and of the provider's refresh, in seconds. */
  expiryWarningSeconds: number;
  /** Optional: mints a fresh token (the element then refreshes itself). */
  tokenProvider?: (() => Promise<string>) | null;
  /** Once per token, `expiryWarningSeconds` before `exp` (only without a provider). */
  onExpiring: (detail: TokenExpiringDetail) => void;
  /** Once per token: at `exp`, or on the first 401 that cannot be fixed by a refresh. */
  onExpired: (detail: TokenExpiredDetail) => void;
  /** A new token from the provider was adopted. */
  onTokenRefreshed?: (token: string) => void;
  /** The clock (Date or epoch ms). */
  now?: () => Date | number;
  timers?: SessionTimers;
}

/** Longest delay a browser `setTimeout` accepts; longer waits are chained. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

interface Current {
  token: string;
  /** Where reading the token stands. */
  status: 'reading' | 'read' | 'malformed';
  /** What the adapter read (null while reading or when malformed). */
  reading: TokenReading | null;
  /** The effective expiry: the earlier of the reading's and the host's; null when unknown (or not read). */
  expiresAt: Date | null;
  /** The host's `expires-at` for this token. */
  hintExpiresAt: Date | null;
  /** Aborts an asynchronous reading when the token is replaced. */
  readAbort: AbortController | null;
  /** When the token was set (epoch ms): its lifetime for the retirement margin counts from no earlier. */
  setAt: number;
  /** Epoch ms from which the token is no longer handed out (expiry minus its margin); NaN when not read or no expiry. */
  retireAt: number;
  /** Usable when it was read (a token dead on arrival expires without a warning). */
  liveWhenSet: boolean;
  /** Refused by the server. */
  refused: boolean;
  expiringFired: boolean;
  expiredFired: boolean;
  /** Minted by the provider in answer to a 401. */
  fromUnauthorizedRefresh: boolean;
}

interface TimerSlot {
  handle: unknown;
}

export class PortalSession {
  private current: Current | null = null;
  private readonly slots = new Set<TimerSlot>();
  private refreshing: Promise<string | null> | null = null;
  private disposed = false;
  private warningSeconds: number;
  private provider: (() => Promise<string>) | null;
  private readonly onExpiring: (detail: TokenExpiringDetail) => void;
  private readonly onExpired: (detail: TokenExpiredDetail) => void;
  private readonly onTokenRefreshed: ((token: string) => void) | undefined;
  private readonly clock: () => Date | number;
  private readonly timers: SessionTimers;
  private readonly reader: TokenReader;
  private readonly onRead: ((token: string, state: TokenState) => void) | undefined;

  constructor(options: PortalSessionOptions) {
    this.reader = options.readToken;
    this.onRead = options.onRead;
    this.warningSeconds = sanitizeSeconds(options.expiryWarningSeconds);
    this.provider = options.tokenProvider ?? null;
    this.onExpiring = options.onExpiring;
    this.onExpired = options.onExpired;
    this.onTokenRefreshed = options.onTokenRefreshed;
    this.clock = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
  }

  /** The token to send, or null when there is none usable (none, reading, malformed, expired, refused). */
  get token(): string | null {
    const c = this.current;
    if (!c || c.status !== 'read' || c.refused || c.expiredFired || this.disposed) return null;
    if (c.expiresAt && this.nowMs() >= c.retireAt) return null;
    return c.token;
  }

  /** The current token's effective expiry, or null (none, unknown, malformed). */
  get expiresAt(): Date | null {
    return this.current?.expiresAt ?? null;
  }

  /** What the adapter read from the current token, or null (none, reading, malformed). */
  get reading(): TokenReading | null {
    return this.current?.reading ?? null;
  }

  /** The state of the current token right now. */
  get state(): TokenState {
    const c = this.current;
    if (!c) return 'none';
    if (c.status === 'reading') return 'reading';
    if (c.status === 'malformed') return 'malformed';
    return this.token === null ? 'expired' : 'active';
  }

  get expiryWarningSeconds(): number {
    return this.warningSeconds;
  }

  set expiryWarningSeconds(seconds: number) {
    const next = sanitizeSeconds(seconds);
    if (next === this.warningSeconds) return;
    this.warningSeconds = next;
    this.reschedule();
  }

  get tokenProvider(): (() => Promise<string>) | null {
    return this.provider;
  }

  set tokenProvider(provider: (() => Promise<string>) | null | undefined) {
    const next = provider ?? null;
    if (next === this.provider) return;
    this.provider = next;
    this.reschedule();
  }

  /**
   * Installs a token (null or "" for none) and returns its state. Setting the
   * current token again is a no-op; a different one cancels every pending
   * callback of the previous one.
   */
  setToken(token: string | null | undefined, hints: TokenHints = {}): TokenState {
    const next = token?.trim() || null;
    const hintExpiresAt = validDate(hints.expiresAt);
    const c = this.current;
    if (next === (c?.token ?? null) && (!c || sameTime(c.hintExpiresAt, hintExpiresAt))) return this.state;
    this.install(next, false, hintExpiresAt);
    return this.state;
  }

  /**
   * A request with `failedToken` was answered 401. Resolves the token to retry
   * with, or null when there is none (and then `onExpired` has fired).
   */
  async handleUnauthorized(failedToken: string): Promise<string | null> {
    const c = this.current;
    if (this.disposed || !c) return null;
    if (c.token !== failedToken) return this.token;
    c.refused = true;
    if (this.provider && !c.fromUnauthorizedRefresh) {
      const fresh = await this.refresh(c, true);
      if (fresh === null && this.current === c) this.fireExpired(c, 'unauthorized');
      return fresh;
    }
    this.fireExpired(c, 'unauthorized');
    return null;
  }

  /** Cancels every timer; no callback fires afterwards. */
  dispose(): void {
    this.disposed = true;
    this.current?.readAbort?.abort();
    this.clearTimers();
    this.current = null;
    this.refreshing = null;
  }

  // ------------------------------------------------------------ internals

  private nowMs(): number {
    const value = this.clock();
    return value instanceof Date ? value.getTime() : value;
  }

  private install(token: string | null, fromUnauthorizedRefresh: boolean, hintExpiresAt: Date | null, verdict?: TokenVerdict): void {
    this.clearTimers();
    this.current?.readAbort?.abort();
    if (token === null) {
      this.current = null;
      return;
    }
    const c: Current = {
      token,
      status: 'reading',
      reading: null,
      expiresAt: null,
      hintExpiresAt,
      readAbort: null,
      setAt: this.nowMs(),
      retireAt: Number.NaN,
      liveWhenSet: false,
      refused: false,
      expiringFired: false,
      expiredFired: false,
      fromUnauthorizedRefresh,
    };
    this.current = c;
    if (verdict) {
      this.adopt(c, verdict);
      return;
    }
    const abort = new AbortController();
    let result: TokenVerdict | Promise<TokenVerdict>;
    try {
      result = this.reader(token, { expiresAt: hintExpiresAt, signal: abort.signal });
    } catch {
      result = { ok: false, reason: 'malformed' };
    }
    if (!(result instanceof Promise)) {
      this.adopt(c, result);
      return;
    }
    c.readAbort = abort;
    void result.then(
      (v) => v,
      (): TokenVerdict => ({ ok: false, reason: 'malformed' }),
    ).then((v) => {
      if (this.disposed || this.current !== c || abort.signal.aborted) return;
      c.readAbort = null;
      this.adopt(c, v);
      this.onRead?.(token, this.state);
    });
  }

  /** Takes the reader's verdict on `c` and arms its timers. */
  private adopt(c: Current, verdict: TokenVerdict): void {
    if (!verdict.ok) {
      c.status = 'malformed';
      if (verdict.reason === 'unauthorized') {
        // Refused while being read: it is a token, and it is dead (from a timer, never inside setToken).
        c.status = 'read';
        c.refused = true;
        this.at(this.nowMs(), () => this.fireExpired(c, 'unauthorized'));
      }
      return;
    }
    c.status = 'read';
    c.reading = verdict.reading;
    c.expiresAt = earlierExpiry(validDate(verdict.reading.expiresAt), c.hintExpiresAt);
    const now = this.nowMs();
    c.retireAt = c.expiresAt ? c.expiresAt.getTime() - retireMargin(c.expiresAt, validDate(verdict.reading.issuedAt), c.setAt) : Number.NaN;
    c.liveWhenSet = !c.expiresAt || now < c.retireAt;
    this.schedule();
  }

  private reschedule(): void {
    this.clearTimers();
    this.schedule();
  }

  private schedule(): void {
    const c = this.current;
    if (this.disposed || !c || !c.expiresAt || c.expiredFired) return;
    const expireAt = c.retireAt;
    // Never later than the retirement, so the warning (or the refresh) comes first.
    const warnAt = Math.min(c.expiresAt.getTime() - this.warningSeconds * 1000, expireAt);
    const now = this.nowMs();
    if (now < expireAt && !c.refused) {
      if (this.provider) {
        if (warnAt < expireAt) {
          this.at(Math.max(warnAt, now), () => {
            void this.refresh(c, false);
          });
        }
      } else if (!c.expiringFired) {
        this.at(warnAt, () => this.fireExpiring(c));
      }
    }
    this.at(expireAt, () => void this.expire(c));
  }

  private fireExpiring(c: Current): void {
    if (this.current !== c || c.expiringFired || c.expiredFired || c.refused || !c.expiresAt) return;
    const left = c.expiresAt.getTime() - this.nowMs();
    c.expiringFired = true;
    this.onExpiring({ expiresAt: c.expiresAt, secondsLeft: Math.max(0, Math.round(left / 1000)) });
  }

  private async expire(c: Current): Promise<void> {
    if (this.current !== c || c.expiredFired) return;
    if (this.provider && !c.refused) {
      const fresh = await this.refresh(c, false);
      if (fresh !== null || this.current !== c) return;
    } else if (!this.provider && !c.expiringFired && c.liveWhenSet) {
      // The warning timer and this one may share a moment: the warning goes first.
      this.fireExpiring(c);
    }
    this.fireExpired(c, 'expired');
  }

  private fireExpired(c: Current, reason: TokenExpiredDetail['reason']): void {
    if (this.disposed || this.current !== c || c.expiredFired) return;
    c.expiredFired = true;
    this.clearTimers();
    this.onExpired({ reason, expiredAt: reason === 'expired' ? c.expiresAt : null });
  }

  /**
   * Single-flight refresh through the provider. Resolves the adopted token,
   * the host's token if it set one meanwhile, or null on failure (provider
   * rejected, or answered a malformed, expired or unchanged token).
   */
  private refresh(origin: Current, becauseUnauthorized: boolean): Promise<string | null> {
    if (this.refreshing) return this.refreshing;
    const provider = this.provider;
    if (!provider) return Promise.resolve(null);
    const run = (async (): Promise<string | null> => {
      let fresh: string | null = null;
      try {
        const value: unknown = await provider();
        fresh = typeof value === 'string' ? value.trim() || null : null;
      } catch {
        fresh = null;
      }
      if (this.disposed) return null;
      // The host set another token meanwhile: it wins.
      if (this.current !== origin) return this.token;
      if (fresh === null || fresh === origin.token) return null;
      let verdict: TokenVerdict;
      try {
        verdict = await this.reader(fresh, { expiresAt: null, signal: new AbortController().signal });
      } catch {
        return null;
      }
      if (this.disposed) return null;
      if (this.current !== origin) return this.token;
      if (!verdict.ok) return null;
      const expiresAt = validDate(verdict.reading.expiresAt);
      const now = this.nowMs();
      if (expiresAt && expiresAt.getTime() - retireMargin(expiresAt, validDate(verdict.reading.issuedAt), now) <= now) return null;
      this.install(fresh, becauseUnauthorized, null, verdict);
      this.onTokenRefreshed?.(fresh);
      return fresh;
    })();
    this.refreshing = run;
    void run.finally(() => {
      if (this.refreshing === run) this.refreshing = null;
    });
    return run;
  }

  /** Calls `fn` at epoch `timeMs` (at once when past), chaining delays beyond 2³¹−1 ms. */
  private at(timeMs: number, fn: () => void): void {
    const slot: TimerSlot = { handle: undefined };
    const arm = () => {
      const delay = Math.max(0, timeMs - this.nowMs());
      slot.handle = this.timers.setTimeout(() => {
        if (timeMs - this.nowMs() > 0) {
          arm();
          return;
        }
        this.slots.delete(slot);
        fn();
      }, Math.min(delay, MAX_TIMER_DELAY));
    };
    this.slots.add(slot);
    arm();
  }

  private clearTimers(): void {
    for (const slot of this.slots) this.timers.clearTimeout(slot.handle);
    this.slots.clear();
  }
}

function sanitizeSeconds(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}
