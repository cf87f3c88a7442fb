import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BackendAdapter, ClientTuning, TokenIdentity } from '../api/adapter.js';
import type { PortalBackend } from '../api/backend.js';
import { FLEXPRICE_API_BASE } from '../api/defaults.js';
import { isKnownBackend, loadBackend, loadedBackend } from '../backends/registry.js';
import { PortalSession, type SessionTimers } from '../session/session.js';
import { isSameIdentity } from '../session/identity.js';
import { scopeBackend } from '../api/scoped-backend.js';
import { nextTask } from '../api/next-task.js';
import { PortalErrorEvent, TokenExpiredEvent, TokenExpiringEvent, type ErrorSection, type TokenExpiredDetail, type TokenExpiringDetail } from '../events.js';

/**
 * Where the session stands, as the user sees it. `reading`: the adapter is
 * loading or reading the token; `unknown-backend`: the `backend` attribute
 * names no backend; `backend-error`: the adapter's code failed to load.
 */
/** The `api-base` property's default (the spec's; Flexprice Cloud): another backend's adapter default replaces it. */
export const DEFAULT_API_BASE = FLEXPRICE_API_BASE;

export type SessionView = 'none' | 'reading' | 'active' | 'malformed' | 'expired' | 'refreshing' | 'unknown-backend' | 'backend-error';

/** What the session controller reads from its host element. */
export interface SessionHost extends ReactiveControllerHost, EventTarget {
  readonly isConnected: boolean;
  readonly token: string | null;
  readonly backend: string;
  readonly apiBase: string | null;
  readonly expiresAt: string | null;
  /** The vendor's hosted portal link: the session itself for a link-out backend (`hosted`). */
  readonly portalUrl: string | null;
  readonly expiryWarning: number;
  readonly tokenProvider: (() => Promise<string>) | undefined;
}

export interface SessionControllerOptions {
  /** The clock shared with the backend and the tabs. */
  now: () => Date;
  /** Test seams: session timers and client tuning (read when a session or backend is made). */
  tuning?: () => { timers?: SessionTimers; client?: ClientTuning };
  /** A backend for a new token started: load the shared root data with it. */
  onBackend(backend: PortalBackend, signal: AbortSignal): void;
  /** The token is another customer's (or another API's): nothing of the old view may stay. */
  onViewReset(): void;
  /** A root failure to report as `portal-error` (the host filters aborts and 401s). */
  onError(section: ErrorSection, error: unknown): void;
}

/**
 * The one place the element's token state lives: the `backend` attribute's
 * adapter (loaded through the registry), the `PortalSession` that reads the
 * token through it, the backend of the current token (scoped, so a token
 * switch, expiry or disconnect aborts every request of the old one), and the
 * once-per-token guards of `token-expiring`, `token-expired` and the
 * malformed-token `portal-error`. The host calls `sync()` when `token`,
 * `backend`, `api-base`, `expires-at` or `portal-url` changed.
 */
export class SessionController implements ReactiveController {
  /** What the user sees of the session. */
  view: SessionView = 'none';
  /** Why the adapter's code failed to load (the `backend-error` view). */
  backendError: unknown = null;
  /** The backend of the current token (already scoped), or null while there is no usable token. */
  backend: PortalBackend | null = null;
  /** The adapter of the current session, once loaded. */
  adapter: BackendAdapter | null = null;

  /** The session is a link-out one (`hosted`): its portal link is the whole UI, there are no tabs. */
  get linkOut(): boolean {
    return this.adapter?.credential === 'portal-url' && this.view !== 'unknown-backend' && this.view !== 'backend-error';
  }

  private session: PortalSession | null = null;
  /** Aborts every request of the current backend. */
  private scope: AbortController | null = null;
  /** The token the session holds (the host's, or one the provider refreshed). @internal */
  liveToken: string | null = null;
  /** When a link-out session the provider gave on request ends, if the host said (null: unknown). @internal */
  requestedEnd: Date | null = null;
  /** The host's token the live token descends from. @internal */
  hostToken: string | null = null;
  /** What the current backend was made for, to keep it when nothing that matters changed. */
  private backendKey: { token: string; apiBase: string; adapter: BackendAdapter } | null = null;
  /** A token that expired or was refused: never sent again. */
  private deadToken: string | null = null;
  /** Per-token once-guards that survive reconnects and session rebuilds. */
  private warnedToken: string | null = null;
  private expiredToken: string | null = null;
  private malformedToken: string | null = null;
  private reportedBackend: string | null = null;
  /** The token whose customer owns the view (claimed once per token, API and backend). */
  private claimedKey: string | null = null;
  /** Whose data the view shows; undefined before the first token. */
  private viewOwner: { customer: TokenIdentity | null; api: string } | undefined = undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly options: SessionControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.backendKey = null;
    if (this.connectedBefore) {
      this.sync();
      return;
    }
    // The first connection starts the session in the next task: the host page's own work (creating,
    // configuring and inserting the element) and the token reading with the first wave of requests
    // are two tasks, neither a long one. The host's first render comes after it (see its scheduleUpdate).
    this.connectedBefore = true;
    void nextTask().then(() => this.sync());
  }

  private connectedBefore = false;

  hostDisconnected(): void {
    this.disposeSession();
    this.dropBackend();
  }

  /** The host's `expiry-warning` or `token-provider` changed. */
  syncOptions(): void {
    if (!this.session || !this.adapter) return;
    this.session.expiryWarningSeconds = this.warningSeconds;
    this.session.tokenProvider = this.sessionProvider(this.adapter);
  }

  /** The adapter's code failed to load: try again. */
  retryBackend(): void {
    this.backendError = null;
    this.sync();
  }

  /** Brings adapter, session, backend and view in line with `backend`, `token`, `expires-at` and `api-base`. */
  sync(): void {
    if (!this.host.isConnected) return;
    const adapter = this.resolveAdapter();
    if (!adapter) {
      this.disposeSession();
      this.dropBackend();
      return;
    }
    if (this.adapter !== adapter || !this.session) {
      this.disposeSession();
      this.session = this.createSession(adapter);
      this.adapter = adapter;
      this.backendKey = null;
    }
    const session = this.session;
    const apiBase = this.apiBaseFor(adapter);
    // A link-out backend's session is its portal link; every other backend's is the token.
    const hostToken = (adapter.credential === 'portal-url' ? this.host.portalUrl : this.host.token)?.trim() || null;
    if (hostToken !== this.hostToken) {
      this.hostToken = hostToken;
      this.liveToken = hostToken;
      this.requestedEnd = null;
    }
    const token = this.liveToken;
    if (!token || token === this.deadToken) {
      session.setToken(null);
      this.dropBackend();
      this.setView(token ? 'expired' : 'none');
      return;
    }
    // The host's token ends at its `expires-at`; one the provider gave (a refresh, or a link-out link on request) as read, or as the host said meanwhile.
    const state = session.setToken(token, { expiresAt: token === hostToken ? this.hostExpiresAt : this.requestedEnd });
    if (state === 'reading') {
      this.dropBackend();
      this.setView('reading');
      return;
    }
    this.claimView(token, apiBase, adapter);
    if (state === 'active') {
      const key = this.backendKey;
      if (!(this.backend && key && key.token === token && key.apiBase === apiBase && key.adapter === adapter)) this.startBackend(token, adapter);
      this.setView('active');
      return;
    }
    this.dropBackend();
    if (state === 'malformed') {
      this.setView('malformed');
      if (this.malformedToken !== token) {
        this.malformedToken = token;
        // After this update, so listeners added right after setting the token hear it too.
        void this.host.updateComplete.then(() => {
          if (this.liveToken !== token || this.view !== 'malformed') return;
          this.host.dispatchEvent(
            new PortalErrorEvent({ section: 'session', status: 0, code: 'malformed_token', message: 'The session token is not a valid portal token.' }),
          );
        });
      }
    } else if (state === 'expired') {
      // Already past its expiry: the session fires onExpired on its next timer tick (or refreshes through the provider).
      this.setView(session.tokenProvider ? 'refreshing' : 'expired');
    } else {
      this.setView('none');
    }
  }

  // ── internals ────────────────────────────────────────────────────────────

  private setView(view: SessionView): void {
    if (this.view === view) return;
    this.view = view;
    this.host.requestUpdate();
  }

  get warningSeconds(): number {
    const seconds = this.host.expiryWarning;
    return Number.isFinite(seconds) ? Math.max(0, seconds) : 60;
  }

  /** The host's `tokenProvider`, if it set one. @internal */
  get providerFn(): (() => Promise<string>) | null {
    const provider = this.host.tokenProvider;
    return typeof provider === 'function' ? () => provider() : null;
  }

  /**
   * The provider the session refreshes with by itself: none for a link-out
   * session, whose provider is asked only on demand (`requestLinkOut`;
   * vendors cap mints per day), so it expires from `expires-at` and fires
   * `token-expiring` / `token-expired` like a session without a provider.
   */
  private sessionProvider(adapter: BackendAdapter): (() => Promise<string>) | null {
    return adapter.credential === 'portal-url' ? null : this.providerFn;
  }

  /** The `backend` attribute, trimmed and lower-cased; `flexprice` when empty. */
  private get backendName(): string {
    const name = this.host.backend;
    return (typeof name === 'string' ? name.trim().toLowerCase() : '') || 'flexprice';
  }

  /**
   * The host's `api-base`, or the adapter's default when it has none or left
   * the property at its spec'd default (Flexprice's URL is the property's
   * default; for another backend it means "not set").
   */
  /** @internal */
  apiBaseFor(adapter: BackendAdapter): string {
    const base = this.host.apiBase?.trim();
    if (base && (base !== DEFAULT_API_BASE || !adapter.defaultApiBase)) return base;
    return adapter.defaultApiBase ?? base ?? '';
  }

  /** The host's `expires-at` as a Date, or null when unset or not a date. */
  get hostExpiresAt(): Date | null {
    const text = this.host.expiresAt;
    if (!text) return null;
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }

  /**
   * The adapter of the `backend` attribute when it is loaded; starts its load
   * otherwise (`reading` meanwhile). A name no backend has is a clear error
   * state with a `portal-error` (section `session`), never an exception.
   */
  private resolveAdapter(): BackendAdapter | null {
    const name = this.backendName;
    if (!isKnownBackend(name)) {
      this.setView('unknown-backend');
      if (this.reportedBackend !== name) {
        this.reportedBackend = name;
        void this.host.updateComplete.then(() => {
          if (this.view !== 'unknown-backend' || this.backendName !== name) return;
          const message = `Unknown backend "${name}".`;
          this.host.dispatchEvent(new PortalErrorEvent({ section: 'session', status: 0, code: 'unknown_backend', message }));
        });
      }
      return null;
    }
    const adapter = loadedBackend(name);
    if (adapter) return adapter;
    if (this.view === 'backend-error') return null;
    this.setView('reading');
    loadBackend(name).then(
      () => {
        if (this.host.isConnected && this.backendName === name) this.sync();
      },
      (error: unknown) => {
        if (!this.host.isConnected || this.backendName !== name) return;
        this.backendError = error;
        this.setView('backend-error');
        this.options.onError('session', error);
      },
    );
    return null;
  }

  private createSession(adapter: BackendAdapter): PortalSession {
    const timers = this.options.tuning?.().timers;
    return new PortalSession({
      readToken: (token, context) => adapter.readToken(token, { ...context, apiBase: this.apiBaseFor(adapter) }),
      onRead: () => this.sync(),
      expiryWarningSeconds: this.warningSeconds,
      tokenProvider: this.sessionProvider(adapter),
      onExpiring: (detail) => this.handleExpiring(detail),
      onExpired: (detail) => this.handleExpired(detail),
      onTokenRefreshed: (token) => this.handleTokenRefreshed(token),
      now: this.options.now,
      ...(timers ? { timers } : {}),
    });
  }

  private disposeSession(): void {
    this.session?.dispose();
    this.session = null;
    this.adapter = null;
  }

  /** A new backend for a new token: a fresh client, fresh caches, and the shared root data in one wave. */
  private startBackend(token: string, adapter: BackendAdapter): void {
    this.dropBackend();
    const scope = new AbortController();
    let configReported = false;
    const apiBase = this.apiBaseFor(adapter);
    const client = this.options.tuning?.().client;
    const inner = adapter.createBackend({
      apiBase,
      getToken: () => this.session?.token ?? null,
      onUnauthorized: (failed) => (this.session ? this.session.handleUnauthorized(failed) : Promise.resolve(null)),
      now: this.options.now,
      // The backend answers defaults when its config fails; the failure itself is reported here, once per backend.
      onConfigError: (error) => {
        if (scope.signal.aborted || configReported) return;
        configReported = true;
        this.options.onError('config', error);
      },
      ...(client ? { client } : {}),
    });
    this.backendKey = { token, apiBase, adapter };
    // A backend with no read API (hosted) has nothing to load.
    if (!inner) return;
    const backend = scopeBackend(inner, scope.signal);
    this.scope = scope;
    this.backend = backend;
    this.host.requestUpdate();
    this.options.onBackend(backend, scope.signal);
  }

  private dropBackend(): void {
    this.scope?.abort();
    this.scope = null;
    this.backendKey = null;
    if (this.backend) {
      this.backend = null;
      this.host.requestUpdate();
    }
  }

  /**
   * Makes `token`'s customer the owner of the view. When it is another
   * customer than the one on screen (or another API or backend), the host
   * resets the view first. Returns whether it reset.
   */
  private claimView(token: string, apiBase: string, adapter: BackendAdapter): boolean {
    const key = `${adapter.id}\u0000${apiBase}\u0000${token}`;
    if (this.claimedKey === key) return false;
    this.claimedKey = key;
    const owner = { customer: this.session?.reading?.identity ?? null, api: `${adapter.id} ${apiBase}` };
    const previous = this.viewOwner;
    this.viewOwner = owner;
    if (!previous || (previous.api === owner.api && isSameIdentity(previous.customer, owner.customer))) return false;
    this.options.onViewReset();
    return true;
  }

  private handleExpiring(detail: TokenExpiringDetail): void {
    const token = this.liveToken;
    if (!token || this.warnedToken === token) return;
    this.warnedToken = token;
    this.host.dispatchEvent(new TokenExpiringEvent(detail));
  }

  private handleExpired(detail: TokenExpiredDetail): void {
    const token = this.liveToken;
    if (!token) return;
    this.deadToken = token;
    this.dropBackend();
    this.setView('expired');
    if (this.expiredToken === token) return;
    this.expiredToken = token;
    this.host.dispatchEvent(new TokenExpiredEvent(detail));
  }

  private handleTokenRefreshed(token: string): void {
    this.liveToken = token;
    const adapter = this.adapter;
    if (!adapter) return;
    if (this.claimView(token, this.apiBaseFor(adapter), adapter) || !this.backend || !this.backendKey) {
      // Another customer's token (nothing of the old session may stay), or no backend yet.
      this.startBackend(token, adapter);
    } else {
      // Same customer, same data: the client reads the new token on its next call, so the backend stays.
      this.backendKey = { ...this.backendKey, token };
    }
    this.setView('active');
  }
}
