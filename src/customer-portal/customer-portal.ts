import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { defineOnce, PortalElement } from '../ui/portal-element.js';
import { hostStyles } from '../styles/shared.styles.js';
import { renderError, renderLoading, retryNetworkFailures, stateStyles } from '../ui/states.js';
import { customerPortalStyles } from './customer-portal.styles.js';
import { MediaQueryController } from '../controllers/media-query.js';
import { portalContext, type PortalEnv } from '../context.js';
import { createTranslate, englishMessages, isRtlLocale, loadTranslation, matchUiLocale, type Messages, type Translate, type UiLocale } from '../i18n/index.js';
import { browserTimeZone, isTimeZone } from '../format/zone.js';
import { ApiError, isAbortError } from '../api/errors.js';
import type { PortalBackend } from '../api/backend.js';
import type { Customer, PortalConfig } from '../api/model.js';
import type { BackendAdapter, ClientTuning, TokenIdentity } from '../api/adapter.js';
import { defaultPortalConfig } from '../api/defaults.js';
import { loadOnce } from '../api/load-once.js';
import { isKnownBackend, knownBackends, loadBackend, loadedBackend } from '../backends/registry.js';
import { PortalSession, type PortalSessionOptions } from '../session/session.js';
import { isSameIdentity } from '../session/identity.js';
import { isSafeExternalUrl } from '../api/urls.js';
import {
  PortalErrorEvent,
  PortalReadyEvent,
  SectionErrorEvent,
  SectionReadyEvent,
  TabChangeEvent,
  TokenExpiredEvent,
  TokenExpiringEvent,
  type ErrorSection,
  type PortalTab,
  type TokenExpiredDetail,
  type TokenExpiringDetail,
} from '../events.js';
import { OverviewTab } from '../tabs/overview/overview-tab.js';
import { scopeBackend } from './scoped-backend.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';
import { loadUsageChart } from '../ui/usage-chart/chart-loader.js';
import { isLazyTab, loadTabModule, tabModuleReady, type LazyTab } from './tab-modules.js';

/** Every tab, in the one order they are shown in (the `/config` `order` fields are ignored). */
export const PORTAL_TABS: readonly PortalTab[] = ['overview', 'credits', 'invoices', 'usage'];

/**
 * Parts of the tab elements re-exposed on `customer-portal`, so hosts can write
 * `customer-portal::part(card)`. Tab authors: add new part names here.
 */
const TAB_PARTS = [
  'card', 'wallet-card', 'trend-card', 'subscriptions-card', 'quota-card', 'breakdown-card', 'history',
  'table', 'detail-table', 'data-table', 'chart', 'legend', 'range',
  'state', 'state-loading', 'state-empty', 'state-error', 'retry-button',
  'export-button', 'export-cancel', 'dialog', 'pager', 'pager-range', 'pager-button', 'page-size',
  'wallet-selector', 'wallet-option', 'wallet-value', 'wallet-credits', 'status-badge',
].join(', ');

/** The module that applies a tenant theme, once imported (shared page-wide). */
const loadConfigTheme = loadOnce(() => import('./config-theme.js'));

/**
 * Where the session of the element stands, as the user sees it. `reading`: the
 * adapter is loading or reading the token; `unknown-backend`: the `backend`
 * attribute names no backend; `backend-error`: the adapter's code failed to load.
 */
type SessionView = 'none' | 'reading' | 'active' | 'malformed' | 'expired' | 'refreshing' | 'unknown-backend' | 'backend-error';

const isTab = (value: unknown): value is PortalTab => typeof value === 'string' && (PORTAL_TABS as readonly string[]).includes(value);

/** Config used until `/config` answers, and when it fails: every section, no extras. */
export const DEFAULT_PORTAL_CONFIG: PortalConfig = defaultPortalConfig();

/**
 * Test seams (not public API): a clock and timers for the session, and client
 * options such as a shorter retry backoff.
 * @internal
 */
export interface CustomerPortalTestHooks {
  now?: () => Date;
  /** Wraps the import of a lazily loaded tab module (to delay or fail it). */
  importTab?: (tab: LazyTab, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>;
  sessionTimers?: PortalSessionOptions['timers'];
  client?: ClientTuning;
}

/**
 * @summary A customer's billing — credits, subscriptions, invoices and usage — from a short-lived portal session token.
 * @tag customer-portal
 *
 * @csspart base - The wrapper of everything the element renders.
 * @csspart header - The header with the customer's name.
 * @csspart manage-billing - The "Manage billing" button (with `portal-url`).
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab button.
 * @csspart tab-active - The selected tab button (in addition to `tab`).
 * @csspart panel - Each tab panel.
 * @csspart expired - The "session expired" notice shown above the tabs.
 * @csspart error - The "Invalid session" state of a malformed token.
 * @csspart missing - The "No session" state shown while no token is set.
 * @csspart refreshing - The "Renewing your session…" state while the token provider renews an expired token.
 * @csspart card - Every card of every tab.
 * @csspart wallet-card - The prepaid wallet card (Overview, Credits).
 * @csspart trend-card - The usage trend card (Overview, Usage).
 * @csspart subscriptions-card - The subscriptions card (Overview).
 * @csspart quota-card - The usage-against-limits card (Usage).
 * @csspart breakdown-card - The usage breakdown card (Usage).
 * @csspart history - The wallet transaction history (Credits).
 * @csspart table - Every data table.
 * @csspart detail-table - The line items table of an invoice's detail.
 * @csspart data-table - The table view of a chart's data.
 * @csspart chart - The usage charts.
 * @csspart legend - A chart's legend.
 * @csspart range - The range label of a pager or chart.
 * @csspart state - Loading, empty and error states of a section.
 * @csspart state-loading - The loading state of a section (in addition to `state`).
 * @csspart state-empty - The empty state of a section (in addition to `state`).
 * @csspart state-error - The error state of a section (in addition to `state`).
 * @csspart retry-button - The retry button of an error state.
 * @csspart export-button - The CSV export buttons (Credits, Invoices).
 * @csspart export-cancel - The button that cancels a running export.
 * @csspart dialog - The invoice detail dialog.
 * @csspart pager - Pagers of paged lists.
 * @csspart pager-range - The "1–25 of 2,000" label of a pager.
 * @csspart pager-button - The previous / next buttons of a pager.
 * @csspart page-size - The page size selector of a pager.
 * @csspart wallet-selector - The wallet picker when the customer has several wallets (Credits).
 * @csspart wallet-option - Each wallet in the picker.
 * @csspart wallet-value - A wallet's balance in its currency.
 * @csspart wallet-credits - A wallet's balance in credits.
 * @csspart status-badge - Status badges (invoice and subscription status).
 *
 * @cssproperty --customer-portal-primary - Accent colour (tabs, buttons, charts). Default from `/config`, else indigo.
 * @cssproperty --customer-portal-on-primary - Text on the accent colour.
 * @cssproperty --customer-portal-secondary - Second chart colour. Default from `/config`.
 * @cssproperty --customer-portal-tertiary - Third chart colour. Default from `/config`.
 * @cssproperty --customer-portal-background - Background of the portal. Default from `/config` (light theme), else `Canvas`.
 * @cssproperty --customer-portal-surface - Background of cards.
 * @cssproperty --customer-portal-text - Text colour.
 * @cssproperty --customer-portal-text-muted - Secondary text colour.
 * @cssproperty --customer-portal-border - Border colour.
 * @cssproperty --customer-portal-success - Colour of positive states (Paid, credits added).
 * @cssproperty --customer-portal-warning - Colour of warnings (Pending, session expired).
 * @cssproperty --customer-portal-danger - Colour of failures (Overdue, errors).
 * @cssproperty --customer-portal-info - Colour of informational states.
 * @cssproperty --customer-portal-neutral - Colour of neutral states (Draft, Voided).
 * @cssproperty --customer-portal-focus-ring - Focus outline colour.
 * @cssproperty --customer-portal-radius - Corner radius of cards and panels.
 * @cssproperty --customer-portal-spacing - Base spacing unit.
 * @cssproperty --customer-portal-density - Multiplier of table and card padding (e.g. 0.75 for compact).
 * @cssproperty --customer-portal-font-family - Font family. Default from `/config`, else inherited.
 * @cssproperty --customer-portal-font-size - Base font size.
 *
 * @fires {TokenExpiringEvent} token-expiring - `{expiresAt, secondsLeft}`, once per token, `expiry-warning` seconds before it expires.
 * @fires {TokenExpiredEvent} token-expired - `{reason: 'expired' | 'unauthorized', expiredAt}`, once per token, at its expiry or on the first 401.
 * @fires {TabChangeEvent} tab-change - `{tab}` when the user switches tab (not when `tab` is set by code).
 * @fires {PortalReadyEvent} portal-ready - Once, when the first tab's data is on screen.
 * @fires {PortalErrorEvent} portal-error - `{section, status, code, message}` when a section fails after its retries.
 * @fires {InvoiceDownloadEvent} invoice-download - `{invoiceId, invoiceNumber}` when the user asks for an invoice PDF.
 */
export class CustomerPortal extends PortalElement {
  /** The Overview is in the first chunk; the other tabs are imported when first opened (see tab-modules.ts). */
  static override dependencies = { 'cp-overview-tab': OverviewTab };

  static override styles = [hostStyles, stateStyles, customerPortalStyles];

  /** @internal Test seams; never set in production code. */
  static testHooks: CustomerPortalTestHooks = {};

  private readonly prefersDark = new MediaQueryController(this, '(prefers-color-scheme: dark)');
  private readonly provider = new ContextProvider(this, { context: portalContext });

  @state() private sessionView: SessionView = 'none';
  @state() private customer: Customer | null = null;
  /** True once /info answered or failed for the current backend (or an earlier one). */
  @state() private customerSettled = false;
  @state() private config: PortalConfig | null = null;
  @state() private configSettled = false;
  /** Whether the customer has wallets; null until known (or when /wallets failed). */
  @state() private hasWallets: boolean | null = null;
  @state() private walletsSettled = false;
  /** Tabs opened at least once; their elements stay in the DOM, hidden, once created. */
  @state() private visited: ReadonlySet<PortalTab> = new Set();
  /** True once a usable token gave a backend in this element's life: the tab shell is shown from then on. */
  @state() private shellShown = false;
  /** Lazily loaded tab modules whose import failed (their panel shows the error with a retry). */
  @state() private tabModuleErrors: ReadonlyMap<LazyTab, unknown> = new Map();
  /** Bumped when the token switches to another customer: the tab elements are recreated (no old data, fresh view state). */
  @state() private viewGeneration = 0;

  /** The portal session JWT. Never reflected, logged, or stored. */
  @property({ attribute: 'token' }) token: string | null = null;

  /** Which billing system the session is from: `flexprice` (default), `polar`, `lago` or `hosted`. */
  @property() backend = 'flexprice';

  /** Base URL of the portal API; default per backend (Flexprice `https://api.cloud.flexprice.io/v1`, Polar `https://api.polar.sh`). */
  @property({ attribute: 'api-base' }) apiBase: string | null = null;

  /** When the session ends (ISO 8601), as the mint response said; where the token also tells, the earlier counts. */
  @property({ attribute: 'expires-at' }) expiresAt: string | null = null;

  /**
   * The vendor's hosted portal link minted with the session: adds a "Manage billing" button that opens it
   * in a new tab. It carries the token: never written into the DOM, logged or stored; only `https:` (or `http:` on loopback).
   */
  @property({ attribute: 'portal-url' }) portalUrl: string | null = null;

  /** Current tab; reflects. When the tab is not available, the first available one is shown. */
  @property({ reflect: true }) tab: PortalTab = 'overview';

  /** BCP 47 locale for formatting and UI strings; default the document's `lang`, else the browser's. */
  @property() locale: string | null = null;

  /** IANA zone for dates and usage buckets; default the customer's zone, else the browser's. */
  @property() timezone: string | null = null;

  /** Colour theme; `auto` follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';

  /** Seconds before expiry at which `token-expiring` fires. */
  @property({ attribute: 'expiry-warning', type: Number }) expiryWarning = 60;

  /** Optional: resolves a fresh token; used before expiry and once after a 401. */
  @property({ attribute: false }) tokenProvider: (() => Promise<string>) | undefined = undefined;

  /** UI string overrides, merged over the locale's messages. */
  @property({ attribute: false }) messages: Partial<Messages> | undefined = undefined;

  private session: PortalSession | null = null;
  /** The adapter the session was made with (its token reader). */
  private sessionAdapter: BackendAdapter | null = null;
  /** The backend of the current token (already scoped to `scope`), or null. */
  private portalBackend: PortalBackend | null = null;
  /** Aborts every request of the current backend: token switch, expiry, disconnect. */
  private scope: AbortController | null = null;
  /** The token the session currently holds (the host's, or one the provider refreshed). */
  private liveToken: string | null = null;
  /** The host's token the live token descends from. */
  private hostToken: string | null = null;
  /** Identity of the current backend, to keep it when nothing that matters changed. */
  private backendKey: { token: string; apiBase: string; adapter: BackendAdapter } | null = null;
  /** The token whose customer owns the view (claimed once per token, API and backend). */
  private claimedKey: string | null = null;
  /** The unknown `backend` value last reported (once per value). */
  private reportedBackend: string | null = null;
  /** A token that expired or was refused: never sent again. */
  private deadToken: string | null = null;
  /** Per-token once-guards that survive reconnects and session rebuilds. */
  private warnedToken: string | null = null;
  private expiredToken: string | null = null;
  private malformedToken: string | null = null;
  private readyFired = false;
  /** The clock shared with the tabs (stable identity). */
  private readonly clock = (): Date => CustomerPortal.testHooks.now?.() ?? new Date();
  private listening = false;
  private warnedZone: string | null = null;
  /** The UI strings on screen: English until the locale's lazily imported messages arrive. */
  @state() private uiMessages: { ui: UiLocale; messages: Partial<Messages> } = { ui: 'en', messages: englishMessages() };
  /** The UI language last asked for (a newer request wins over a slower, older import). */
  private requestedUi: UiLocale = 'en';
  /** Whether the last render was dark (null before the first), to redraw charts when it flips. */
  private renderedDark: boolean | null = null;
  private translator: Translate = createTranslate();
  private translateFor: { base: Partial<Messages>; overrides: Partial<Messages> | undefined } | null = null;
  /** Whose data the view shows (the customer and API of the token it was loaded with); undefined before the first token. */
  private viewOwner: { customer: TokenIdentity | null; apiBase: string } | undefined = undefined;
  /** Root requests (`/info`, `/wallets`) whose last failure was a network error, retried when the browser is back online. */
  private rootNetworkFailures = new Set<'customer' | 'wallets'>();
  /** Why the adapter's code failed to load (the `backend-error` view). */
  @state() private backendError: unknown = null;
  /** Cancels the idle-time prefetch of the other tabs' modules. */
  private cancelPrefetch: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.listening) {
      // The tabs' internal events bubble inside this shadow root only (not composed).
      this.listening = true;
      this.renderRoot.addEventListener(SectionReadyEvent.eventName, this.handleSectionReady as EventListener);
      this.renderRoot.addEventListener(SectionErrorEvent.eventName, this.handleSectionError as EventListener);
    }
    window.addEventListener('online', this.handleOnline);
    this.backendKey = null;
    this.applyToken();
    this.publish();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.handleOnline);
    this.cancelPrefetch?.();
    this.cancelPrefetch = null;
    this.session?.dispose();
    this.session = null;
    this.sessionAdapter = null;
    this.dropBackend();
    this.publish();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected) {
      if (this.session && changed.has('expiryWarning')) this.session.expiryWarningSeconds = this.warningSeconds;
      if (this.session && changed.has('tokenProvider')) this.session.tokenProvider = this.providerFn;
      if (changed.has('token') || changed.has('apiBase') || changed.has('backend') || changed.has('expiresAt') || changed.has('portalUrl')) this.applyToken();
    }
    if (changed.has('timezone') && this.timezone && !isTimeZone(this.timezone) && this.warnedZone !== this.timezone) {
      this.warnedZone = this.timezone;
      console.warn(`<customer-portal>: unknown time zone "${this.timezone}" ignored.`);
    }
    this.syncMessages();
    const active = this.activeTab;
    if (this.sectionsKnown && this.tab !== active) this.tab = active;
    if (this.portalBackend && !this.visited.has(active)) this.visited = new Set([...this.visited, active]);
    if (this.visited.has(active) && isLazyTab(active)) this.ensureTabModule(active);
    this.publish();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('config') || changed.has('sessionView')) this.applyConfigTheme();
    const dark = this.dark;
    if (this.renderedDark !== null && this.renderedDark !== dark) this.refreshCharts();
    this.renderedDark = dark;
  }

  /** Charts draw on a canvas with colours read from CSS: redraw them when the theme flips. */
  private refreshCharts(): void {
    for (const tab of this.renderRoot.querySelectorAll('cp-overview-tab, cp-usage-tab')) {
      // (Skipped while the chart element is still loading: it reads the theme when it first draws.)
      for (const chart of tab.shadowRoot?.querySelectorAll<UsageChart>('cp-usage-chart') ?? []) chart.refreshTheme?.();
    }
  }

  // ── session ────────────────────────────────────────────────────────────

  private get warningSeconds(): number {
    return Number.isFinite(this.expiryWarning) ? Math.max(0, this.expiryWarning) : 60;
  }

  private get providerFn(): (() => Promise<string>) | null {
    const provider = this.tokenProvider;
    return typeof provider === 'function' ? () => provider() : null;
  }

  private createSession(adapter: BackendAdapter): PortalSession {
    const hooks = CustomerPortal.testHooks;
    return new PortalSession({
      readToken: (token, context) => adapter.readToken(token, { ...context, apiBase: this.effectiveApiBase(adapter) }),
      onRead: () => this.applyToken(),
      expiryWarningSeconds: this.warningSeconds,
      tokenProvider: this.providerFn,
      onExpiring: (detail) => this.handleExpiring(detail),
      onExpired: (detail) => this.handleExpired(detail),
      onTokenRefreshed: (token) => this.handleTokenRefreshed(token),
      ...(hooks.now ? { now: hooks.now } : {}),
      ...(hooks.sessionTimers ? { timers: hooks.sessionTimers } : {}),
    });
  }

  /** The `backend` attribute, trimmed and lower-cased; `flexprice` when empty. */
  private get backendName(): string {
    return (typeof this.backend === 'string' ? this.backend.trim().toLowerCase() : '') || 'flexprice';
  }

  private effectiveApiBase(adapter: BackendAdapter): string {
    return this.apiBase?.trim() || adapter.defaultApiBase || '';
  }

  /** The host's `expires-at` as a Date, or null when unset or not a date. */
  private get hostExpiresAt(): Date | null {
    if (!this.expiresAt) return null;
    const ms = Date.parse(this.expiresAt);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }

  /**
   * The adapter of the `backend` attribute, when it is loaded. Starts its
   * load otherwise (the view shows `reading` meanwhile) and shows a clear
   * error state for a name no backend has: never an exception.
   */
  private resolveAdapter(): BackendAdapter | null {
    const name = this.backendName;
    if (!isKnownBackend(name)) {
      this.sessionView = 'unknown-backend';
      if (this.reportedBackend !== name) {
        this.reportedBackend = name;
        void this.updateComplete.then(() => {
          if (this.sessionView !== 'unknown-backend' || this.backendName !== name) return;
          this.dispatchEvent(
            new PortalErrorEvent({
              section: 'session',
              status: 0,
              code: 'unknown_backend',
              message: `Unknown backend "${name}"; expected one of ${knownBackends().join(', ')}.`,
            }),
          );
        });
      }
      return null;
    }
    const adapter = loadedBackend(name);
    if (adapter) return adapter;
    this.sessionView = 'reading';
    loadBackend(name).then(
      () => {
        if (this.isConnected && this.backendName === name) this.applyToken();
      },
      (error: unknown) => {
        if (!this.isConnected || this.backendName !== name) return;
        this.sessionView = 'backend-error';
        this.backendError = error;
        this.dispatchEvent(new PortalErrorEvent(errorDetail('session', error)));
      },
    );
    return null;
  }

  private handleBackendRetry(): void {
    this.backendError = null;
    this.applyToken();
  }

  /** Brings session, backend and view in line with the `backend`, `token`, `expires-at` and `api-base` the host set. */
  private applyToken(): void {
    if (!this.isConnected) return;
    const adapter = this.resolveAdapter();
    if (!adapter) {
      this.session?.dispose();
      this.session = null;
      this.sessionAdapter = null;
      this.dropBackend();
      return;
    }
    if (this.sessionAdapter !== adapter || !this.session) {
      this.session?.dispose();
      this.session = this.createSession(adapter);
      this.sessionAdapter = adapter;
      this.backendKey = null;
    }
    const session = this.session;
    const apiBase = this.effectiveApiBase(adapter);
    // A link-out backend's session is its portal link; every other backend's is the token.
    const hostToken = (adapter.credential === 'portal-url' ? this.portalUrl : this.token)?.trim() || null;
    if (hostToken !== this.hostToken) {
      this.hostToken = hostToken;
      this.liveToken = hostToken;
    }
    const token = this.liveToken;
    if (!token) {
      session.setToken(null);
      this.dropBackend();
      this.sessionView = 'none';
      return;
    }
    if (token === this.deadToken) {
      session.setToken(null);
      this.dropBackend();
      this.sessionView = 'expired';
      return;
    }
    const result = session.setToken(token, token === hostToken ? { expiresAt: this.hostExpiresAt } : {});
    if (result === 'reading') {
      this.dropBackend();
      this.sessionView = 'reading';
      return;
    }
    this.claimView(token, apiBase, adapter);
    if (result === 'active') {
      const key = this.backendKey;
      if (!(this.portalBackend && key && key.token === token && key.apiBase === apiBase && key.adapter === adapter)) this.startBackend(token, adapter);
      this.sessionView = 'active';
      return;
    }
    this.dropBackend();
    if (result === 'malformed') {
      this.sessionView = 'malformed';
      if (this.malformedToken !== token) {
        this.malformedToken = token;
        // After this update, so listeners added right after setting the token hear it too.
        void this.updateComplete.then(() => {
          if (this.liveToken !== token || this.sessionView !== 'malformed') return;
          this.dispatchEvent(
            new PortalErrorEvent({ section: 'session', status: 0, code: 'malformed_token', message: 'The session token is not a valid portal token.' }),
          );
        });
      }
    } else if (result === 'expired') {
      // Already past its expiry: the session fires onExpired on its next timer tick (or refreshes through the provider).
      this.sessionView = session.tokenProvider ? 'refreshing' : 'expired';
    } else {
      this.sessionView = 'none';
    }
  }

  /** A new backend for a new token: a fresh client, fresh caches, and the shared root data in one wave. */
  private startBackend(token: string, adapter: BackendAdapter): void {
    this.dropBackend();
    const hooks = CustomerPortal.testHooks;
    const scope = new AbortController();
    let configReported = false;
    const apiBase = this.effectiveApiBase(adapter);
    const inner = adapter.createBackend({
      apiBase,
      getToken: () => this.session?.token ?? null,
      onUnauthorized: (failed) => (this.session ? this.session.handleUnauthorized(failed) : Promise.resolve(null)),
      now: this.clock,
      // The backend answers defaults when its config fails; the failure itself is reported here, once per backend.
      onConfigError: (error) => {
        if (scope.signal.aborted || configReported) return;
        configReported = true;
        this.reportRootError('config', error);
      },
      ...(hooks.client ? { client: hooks.client } : {}),
    });
    if (!inner) {
      // A backend with no read API (hosted): nothing to load.
      this.backendKey = { token, apiBase, adapter };
      return;
    }
    const backend = scopeBackend(inner, scope.signal);
    this.scope = scope;
    this.portalBackend = backend;
    this.backendKey = { token, apiBase, adapter };
    this.shellShown = true;
    this.rootNetworkFailures.clear();
    this.loadRootData(backend, scope.signal);
    // In parallel with /config: the code that applies its theme (quiet on failure; applyConfigTheme tries again).
    loadConfigTheme().catch(() => undefined);
  }

  private dropBackend(): void {
    this.scope?.abort();
    this.scope = null;
    this.portalBackend = null;
    this.backendKey = null;
  }

  private loadRootData(backend: PortalBackend, signal: AbortSignal): void {
    const current = () => this.portalBackend === backend && !signal.aborted;
    this.loadCustomer(backend, signal);
    backend.config(signal).then(
      (config) => {
        if (!current()) return;
        this.config = config;
        this.configSettled = true;
      },
      () => {
        // 401 (the session handles it) or abort: nothing to show; defaults apply meanwhile.
        if (!current()) return;
        this.configSettled = true;
      },
    );
    this.loadWallets(backend, signal);
  }

  private loadCustomer(backend: PortalBackend, signal: AbortSignal): void {
    const current = () => this.portalBackend === backend && !signal.aborted;
    this.rootNetworkFailures.delete('customer');
    backend.customer(signal).then(
      (customer) => {
        if (!current()) return;
        this.customer = customer;
        this.customerSettled = true;
      },
      (error: unknown) => {
        if (!current()) return;
        this.customerSettled = true;
        if (isNetworkFailure(error)) this.rootNetworkFailures.add('customer');
        this.reportRootError('session', error);
      },
    );
  }

  private loadWallets(backend: PortalBackend, signal: AbortSignal): void {
    const current = () => this.portalBackend === backend && !signal.aborted;
    this.rootNetworkFailures.delete('wallets');
    backend.wallets(signal).then(
      (wallets) => {
        if (!current()) return;
        this.hasWallets = wallets.length > 0;
        this.walletsSettled = true;
      },
      (error: unknown) => {
        if (!current()) return;
        // Unknown: keep the Credits tab; it shows its own error with a retry.
        if (isNetworkFailure(error)) this.rootNetworkFailures.add('wallets');
        this.hasWallets = null;
        this.walletsSettled = true;
      },
    );
  }

  /**
   * Makes `token`'s customer the owner of the view. When it is another
   * customer than the one on screen (or another API), the view is reset first:
   * no header, no tab elements of the old customer (they are recreated, with
   * fresh view state; the selected tab stays). Returns whether it reset.
   */
  private claimView(token: string, apiBase: string, adapter: BackendAdapter): boolean {
    const key = `${adapter.id}\u0000${apiBase}\u0000${token}`;
    if (this.claimedKey === key) return false;
    this.claimedKey = key;
    const owner = { customer: this.session?.reading?.identity ?? null, apiBase: `${adapter.id} ${apiBase}` };
    const previous = this.viewOwner;
    this.viewOwner = owner;
    if (!previous || (previous.apiBase === owner.apiBase && isSameIdentity(previous.customer, owner.customer))) return false;
    this.customer = null;
    this.customerSettled = false;
    this.visited = new Set();
    this.viewGeneration++;
    return true;
  }

  /** Back online: every section whose last failure was a network error or timeout tries again. */
  private readonly handleOnline = (): void => {
    const backend = this.portalBackend;
    if (backend && this.scope) {
      const signal = this.scope.signal;
      if (this.rootNetworkFailures.has('customer')) this.loadCustomer(backend, signal);
      if (this.rootNetworkFailures.has('wallets')) this.loadWallets(backend, signal);
    }
    // Error states of this element and of every element inside it (tabs, charts, tab modules that failed to load).
    retryNetworkFailures(this.renderRoot);
  };

  // ── lazily loaded tabs ───────────────────────────────────────────────────

  /** Imports a tab's module on its first opening; the panel shows the loading state meanwhile, an error with a retry if it fails. */
  private ensureTabModule(tab: LazyTab): void {
    if (tabModuleReady(tab) || this.tabModuleErrors.has(tab)) return;
    this.loadTab(tab).then(
      () => this.requestUpdate(),
      (error: unknown) => {
        if (!this.isConnected) return;
        const errors = new Map(this.tabModuleErrors);
        errors.set(tab, error);
        this.tabModuleErrors = errors;
        this.dispatchEvent(new PortalErrorEvent(errorDetail(tab, error)));
      },
    );
  }

  /** A tab's module and the adapter's tab code, together (see `BackendAdapter.loadTabCode`). */
  private loadTab(tab: LazyTab): Promise<void> {
    const tabCode = this.sessionAdapter?.loadTabCode?.();
    return Promise.all([loadTabModule(tab, CustomerPortal.testHooks.importTab), tabCode]).then(() => undefined);
  }

  private handleTabModuleRetry(tab: LazyTab): void {
    const errors = new Map(this.tabModuleErrors);
    errors.delete(tab);
    this.tabModuleErrors = errors;
    this.ensureTabModule(tab);
  }

  /** After `portal-ready`, when the browser is idle: fetch the other enabled tabs' modules (and the chart) so switching is instant. */
  private schedulePrefetch(): void {
    if (this.cancelPrefetch) return;
    const run = () => {
      this.cancelPrefetch = null;
      if (!this.isConnected) return;
      const tabs = this.enabledTabs;
      // Failures are quiet here: a tab whose module cannot load says so when it is opened.
      for (const tab of tabs) if (isLazyTab(tab)) this.loadTab(tab).catch(() => undefined);
      if (tabs.includes('overview') || tabs.includes('usage')) loadUsageChart().catch(() => undefined);
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(run, { timeout: 2000 });
      this.cancelPrefetch = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 200);
      this.cancelPrefetch = () => clearTimeout(id);
    }
  }

  private reportRootError(section: ErrorSection, error: unknown): void {
    if (isAbortError(error)) return;
    if (error instanceof ApiError && error.unauthorized) return; // the session turns it into token-expired
    this.dispatchEvent(new PortalErrorEvent(errorDetail(section, error)));
  }

  private handleExpiring(detail: TokenExpiringDetail): void {
    const token = this.liveToken;
    if (!token || this.warnedToken === token) return;
    this.warnedToken = token;
    this.dispatchEvent(new TokenExpiringEvent(detail));
  }

  private handleExpired(detail: TokenExpiredDetail): void {
    const token = this.liveToken;
    if (!token) return;
    this.deadToken = token;
    this.dropBackend();
    this.sessionView = 'expired';
    this.emitExpired(token, detail);
  }

  private emitExpired(token: string, detail: TokenExpiredDetail): void {
    if (this.expiredToken === token) return;
    this.expiredToken = token;
    this.dispatchEvent(new TokenExpiredEvent(detail));
  }

  private handleTokenRefreshed(token: string): void {
    this.liveToken = token;
    const adapter = this.sessionAdapter;
    if (!adapter) return;
    const apiBase = this.effectiveApiBase(adapter);
    if (this.claimView(token, apiBase, adapter)) {
      // The provider answered with another customer's token: nothing of the old session may stay.
      this.startBackend(token, adapter);
      this.sessionView = 'active';
      return;
    }
    // Same customer, same data: the client reads the new token on its next call, so the backend stays.
    if (this.portalBackend && this.backendKey) {
      this.backendKey = { ...this.backendKey, token };
    } else {
      this.startBackend(token, adapter);
    }
    this.sessionView = 'active';
  }

  // ── shared state for the tabs ────────────────────────────────────────────

  /** The locale's strings, with the host's `messages` overrides on top (English fills any gap). */
  private get t(): Translate {
    const base = this.uiMessages.messages;
    const overrides = this.messages;
    if (!this.translateFor || this.translateFor.base !== base || this.translateFor.overrides !== overrides) {
      this.translateFor = { base, overrides };
      this.translator = createTranslate(overrides ? { ...base, ...overrides } : base);
    }
    return this.translator;
  }

  /**
   * Loads the UI language of the effective locale when it changed. English
   * stays on screen meanwhile (never a blank); a failed import keeps English.
   */
  private syncMessages(): void {
    const ui = matchUiLocale(this.effectiveLocale);
    if (ui === this.requestedUi) return;
    this.requestedUi = ui;
    if (ui === 'en') {
      this.uiMessages = { ui, messages: englishMessages() };
      return;
    }
    if (this.uiMessages.ui !== 'en') this.uiMessages = { ui: 'en', messages: englishMessages() };
    loadTranslation(ui).then(
      (messages) => {
        if (this.requestedUi === ui) this.uiMessages = { ui, messages };
      },
      (error: unknown) => {
        if (this.requestedUi !== ui) return;
        this.requestedUi = 'en';
        console.warn(`<customer-portal>: the "${ui}" messages could not be loaded; showing English.`, error);
      },
    );
  }

  /** `lang` of the rendered text: the effective locale when its strings (or the host's) are shown, else English. */
  private get textLang(): string {
    const locale = this.effectiveLocale;
    const ui = this.uiMessages.ui;
    const language = (tag: string) => tag.split('-')[0]!.toLowerCase();
    if (this.messages || language(locale) === language(ui)) return locale;
    return ui;
  }

  private get effectiveLocale(): string {
    const candidates = [this.locale, this.closest('[lang]')?.getAttribute('lang'), document.documentElement.lang, navigator.language];
    for (const candidate of candidates) {
      if (!candidate) continue;
      try {
        const [canonical] = Intl.getCanonicalLocales(candidate);
        if (canonical) return canonical;
      } catch {
        // not a BCP 47 tag: try the next source
      }
    }
    return 'en';
  }

  private get zone(): { timeZone: string; settled: boolean } {
    if (isTimeZone(this.timezone)) return { timeZone: this.timezone, settled: true };
    if (isTimeZone(this.customer?.timeZone)) return { timeZone: this.customer.timeZone, settled: true };
    return { timeZone: browserTimeZone(), settled: this.customerSettled };
  }

  /** Rebuilds the context value when something in it changed (consumers then re-render). */
  private publish(): void {
    const { timeZone, settled } = this.zone;
    const next: PortalEnv = {
      backend: this.portalBackend,
      locale: this.effectiveLocale,
      timeZone,
      timeZoneSettled: settled,
      customer: this.customer,
      config: this.config ?? DEFAULT_PORTAL_CONFIG,
      t: this.t,
      now: this.clock,
    };
    const prev = this.provider.value as PortalEnv | undefined;
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
    this.provider.setValue(next);
  }

  // ── tabs ───────────────────────────────────────────────────────────────

  /** Whether /config and /wallets have settled, so the tab list is final. */
  private get sectionsKnown(): boolean {
    return this.configSettled && this.walletsSettled;
  }

  /** The tabs shown, always in the fixed order. */
  private get enabledTabs(): PortalTab[] {
    const sections = (this.config ?? DEFAULT_PORTAL_CONFIG).sections;
    const tabs = PORTAL_TABS.filter((id) => sections[id] !== false && !(id === 'credits' && this.hasWallets === false));
    return tabs.length > 0 ? tabs : ['overview'];
  }

  private get activeTab(): PortalTab {
    if (!this.sectionsKnown) return isTab(this.tab) ? this.tab : 'overview';
    const tabs = this.enabledTabs;
    return isTab(this.tab) && tabs.includes(this.tab) ? this.tab : tabs[0]!;
  }

  private handleTabClick(tab: PortalTab): void {
    this.selectByUser(tab, false);
  }

  private handleTabKeydown(event: KeyboardEvent): void {
    const tabs = this.enabledTabs;
    const index = tabs.indexOf(this.activeTab);
    // The tab list's own direction (the wrapper sets dir="rtl" for Arabic), so arrows follow what the user sees.
    const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index + (rtl ? -1 : 1);
        break;
      case 'ArrowLeft':
        next = index + (rtl ? 1 : -1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    this.selectByUser(target, true);
  }

  private selectByUser(tab: PortalTab, focus: boolean): void {
    const changed = tab !== this.activeTab;
    this.tab = tab;
    void this.updateComplete.then(() => {
      const button = this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`);
      if (focus) button?.focus();
      button?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    });
    if (changed) this.dispatchEvent(new TabChangeEvent({ tab }));
  }

  private readonly handleSectionReady = (event: SectionReadyEvent): void => {
    event.stopPropagation();
    if (this.readyFired) return;
    this.readyFired = true;
    this.dispatchEvent(new PortalReadyEvent());
    this.schedulePrefetch();
  };

  private readonly handleSectionError = (event: SectionErrorEvent): void => {
    event.stopPropagation();
    const { error } = event;
    if (isAbortError(error)) return;
    if (error instanceof ApiError && error.unauthorized) return;
    this.dispatchEvent(new PortalErrorEvent(errorDetail(event.section, error)));
  };

  // ── theme ──────────────────────────────────────────────────────────────

  private get dark(): boolean {
    return this.theme === 'dark' || (this.theme !== 'light' && this.prefersDark.matches);
  }

  /**
   * The tenant's `/config` colours, as fallbacks under the host's public
   * properties (see the styles). The code that applies them is imported with
   * the `/config` request (see `startBackend`); until both are there (and with
   * no theme at all) nothing is set, so the defaults show.
   */
  private applyConfigTheme(): void {
    const theme = this.config?.theme ?? {};
    if (!loadConfigTheme.value && Object.keys(theme).length === 0) return;
    loadConfigTheme().then(
      (module) => {
        const root = this.renderRoot.querySelector<HTMLElement>('.root');
        if (root) module.applyConfigTheme(root, this.config?.theme ?? {});
      },
      () => undefined, // the defaults stay; the next config or session change tries again
    );
  }

  // ── render ─────────────────────────────────────────────────────────────

  private renderSessionState(): TemplateResult | typeof nothing {
    const t = this.t;
    switch (this.sessionView) {
      case 'expired':
        return html`<div class="notice" part="expired" role="alert">
          <p class="title">${t('shell.session.expired.title')}</p>
          <p>${t('shell.session.expired.body')}</p>
        </div>`;
      case 'malformed':
        return html`<div class="notice session-state error" part="error" role="alert">
          <p class="title">${t('shell.session.malformed.title')}</p>
          <p>${t('shell.session.malformed.body')}</p>
        </div>`;
      case 'unknown-backend':
        return html`<div class="notice session-state error" part="error" role="alert">
          <p class="title">${t('shell.backend.unknown.title')}</p>
          <p>${t('shell.backend.unknown.body')}</p>
        </div>`;
      case 'backend-error':
        return renderError(this.backendError, t, () => this.handleBackendRetry());
      case 'reading':
        return this.shellShown ? nothing : renderLoading(t, t('shell.loading'));
      case 'refreshing':
        return html`<div class="notice session-state" part="refreshing" role="status">
          <p class="title">${t('shell.session.refreshing')}</p>
        </div>`;
      case 'none':
        return html`<div class="notice session-state" part="missing" role="status">
          <p class="title">${t('shell.session.missing.title')}</p>
          <p>${t('shell.session.missing.body')}</p>
        </div>`;
      default:
        return nothing;
    }
  }

  private renderTabs(active: PortalTab): TemplateResult {
    const t = this.t;
    if (!this.sectionsKnown) {
      return html`<div class="tabs-pending" aria-hidden="true">
        ${PORTAL_TABS.slice(0, 3).map(() => html`<span class="skeleton"></span>`)}
      </div>`;
    }
    return html`<div class="tabs" part="tabs" role="tablist" aria-label=${t('shell.tabs')} @keydown=${this.handleTabKeydown}>
      ${this.enabledTabs.map((id) => {
        const selected = id === active;
        return html`<button
          class="tab"
          part=${selected ? 'tab tab-active' : 'tab'}
          type="button"
          role="tab"
          id=${`tab-${id}`}
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls=${`panel-${id}`}
          tabindex=${selected ? '0' : '-1'}
          @click=${() => this.handleTabClick(id)}
        >
          ${t(`shell.tab.${id}`)}
        </button>`;
      })}
    </div>`;
  }

  private renderTabContent(id: PortalTab): TemplateResult {
    if (isLazyTab(id) && !tabModuleReady(id)) {
      const error = this.tabModuleErrors.get(id);
      return error === undefined ? renderLoading(this.t, this.t('shell.loading')) : renderError(error, this.t, () => this.handleTabModuleRetry(id));
    }
    switch (id) {
      case 'overview':
        return html`<cp-overview-tab exportparts=${TAB_PARTS}></cp-overview-tab>`;
      case 'credits':
        return html`<cp-credits-tab exportparts=${TAB_PARTS}></cp-credits-tab>`;
      case 'invoices':
        return html`<cp-invoices-tab exportparts=${TAB_PARTS}></cp-invoices-tab>`;
      case 'usage':
        return html`<cp-usage-tab exportparts=${TAB_PARTS}></cp-usage-tab>`;
    }
  }

  private renderPanels(active: PortalTab): TemplateResult {
    const t = this.t;
    const known = this.sectionsKnown;
    const ids = known ? this.enabledTabs : PORTAL_TABS.filter((id) => id === active || this.visited.has(id));
    const inert = this.sessionView !== 'active';
    return html`${ids.map(
      (id) => html`<div
        class="panel"
        part="panel"
        role="tabpanel"
        id=${`panel-${id}`}
        aria-labelledby=${known ? `tab-${id}` : nothing}
        aria-label=${known ? nothing : t(`shell.tab.${id}`)}
        tabindex="0"
        ?hidden=${id !== active}
        ?inert=${inert}
        aria-busy=${this.sessionView === 'active' && !known ? 'true' : nothing}
      >
        ${this.visited.has(id) ? keyed(this.viewGeneration, this.renderTabContent(id)) : nothing}
      </div>`,
    )}`;
  }

  /** The host's `portal-url`, when it is one the element may open (never rendered: it carries the token). */
  private get safePortalUrl(): string | null {
    const url = this.portalUrl?.trim();
    return url && isSafeExternalUrl(url) ? url : null;
  }

  private readonly handleManageBilling = (): void => {
    const url = this.safePortalUrl;
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
  };

  private renderManageBilling(): TemplateResult | typeof nothing {
    if (!this.safePortalUrl || this.sessionView === 'unknown-backend') return nothing;
    const t = this.t;
    return html`<button class="manage-billing" part="manage-billing" type="button" @click=${this.handleManageBilling}>
      ${t('shell.manageBilling')}<span class="visually-hidden"> (${t('shell.manageBilling.newTab')})</span>
    </button>`;
  }

  /** The adapter of the current session when it is a link-out one (`hosted`): the card replaces the tabs. */
  private get linkOut(): boolean {
    return this.sessionAdapter?.credential === 'portal-url' && this.sessionView !== 'unknown-backend' && this.sessionView !== 'backend-error';
  }

  private renderLinkOut(): TemplateResult {
    if (!hostedCardReady()) {
      void loadHostedCard().then(
        () => this.requestUpdate(),
        (error: unknown) => {
          this.sessionView = 'backend-error';
          this.backendError = error;
        },
      );
      return renderLoading(this.t, this.t('shell.loading'));
    }
    return html`<cp-hosted-card
      part="hosted"
      exportparts="card, open-button, expiry, error"
      .portalUrl=${this.portalUrl}
      .expiresAt=${this.hostExpiresAt}
      .expired=${this.sessionView === 'expired'}
      .expiryWarning=${this.warningSeconds}
      .locale=${this.effectiveLocale}
      .t=${this.t}
      .now=${this.clock}
    ></cp-hosted-card>`;
  }

  override render(): TemplateResult {
    if (this.linkOut) {
      const lang = this.textLang;
      return html`<div class=${this.dark ? 'root dark' : 'root'} part="base" lang=${lang} dir=${isRtlLocale(lang) ? 'rtl' : nothing}>
        ${this.renderLinkOut()}
      </div>`;
    }
    const active = this.activeTab;
    const name = this.customer?.name;
    // Right to left for Arabic (and a host's RTL messages); otherwise the page's own direction applies.
    const lang = this.textLang;
    return html`<div class=${this.dark ? 'root dark' : 'root'} part="base" lang=${lang} dir=${isRtlLocale(lang) ? 'rtl' : nothing}>
      ${this.shellShown && name
        ? html`<div class="header" part="header">
            <h2>${name}</h2>
            ${this.customer?.email ? html`<span class="email">${this.customer.email}</span>` : nothing} ${this.renderManageBilling()}
          </div>`
        : html`${this.renderManageBilling()}`}
      ${this.renderSessionState()}
      ${this.shellShown ? html`${this.renderTabs(active)}${this.renderPanels(active)}` : nothing}
    </div>`;
  }
}

let hostedCardDefined = false;
const hostedCardReady = (): boolean => hostedCardDefined;
/** The link-out card, imported the first time a `hosted` session renders (a failed import is forgotten). */
const loadHostedCard = loadOnce(async () => {
  const { HostedCard } = await import('../ui/hosted-card/hosted-card.js');
  defineOnce('cp-hosted-card', HostedCard);
  hostedCardDefined = true;
});

/** A failure of the connection (the browser was offline, or the server did not answer in time). */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout');
}

function errorDetail(section: ErrorSection, error: unknown): { section: ErrorSection; status: number; code: string; message: string } {
  if (error instanceof ApiError) return { section, status: error.status, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { section, status: 0, code: 'unknown', message };
}

declare global {
  interface HTMLElementTagNameMap {
    'customer-portal': CustomerPortal;
  }
}
