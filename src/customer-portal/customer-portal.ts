import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { defineOnce, PortalElement } from '../ui/portal-element.js';
import { hostStyles } from '../styles/shared.styles.js';
import { renderError, renderLoading, retryNetworkFailures, stateStyles } from '../ui/states.js';
import { customerPortalStyles } from './customer-portal.styles.js';
import { MediaQueryController } from '../controllers/media-query.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { RootDataController } from '../controllers/root-data-controller.js';
import { DEFAULT_API_BASE, SessionController, type SessionView } from '../controllers/session-controller.js';
import { portalContext, type PortalEnv } from '../context.js';
import { isRtlLocale, type Messages, type Translate } from '../i18n/index.js';
import { browserTimeZone, isTimeZone } from '../format/zone.js';
import { ApiError, isAbortError } from '../api/errors.js';
import type { PortalBackend } from '../api/backend.js';
import type { PortalConfig } from '../api/model.js';
import type { ClientTuning } from '../api/adapter.js';
import { defaultPortalConfig } from '../api/defaults.js';
import { loadOnce } from '../api/load-once.js';
import { nextTask } from '../api/next-task.js';
import { isSafeExternalUrl } from '../api/urls.js';
import type { PortalSessionOptions } from '../session/session.js';
import {
  PortalErrorEvent,
  PortalReadyEvent,
  SectionErrorEvent,
  SectionReadyEvent,
  TabChangeEvent,
  UsageFocusEvent,
  type ErrorSection,
  type PortalTab,
  type UsageFocus,
} from '../events.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';
import { loadUsageChart } from '../ui/usage-chart/load-chart.js';
import { SectionPanel } from '../sections/section-panel.js';
import { LAYOUT, LAYOUT_PARTS, resolveSlot, SECTIONS, type Slot } from '../sections/registry.js';
import { loadSection, type LoadWrap } from '../sections/section-modules.js';
import { parseSections } from './sections-attribute.js';

/**
 * `content` in one of two templates by the parity of `generation`: Lit replaces
 * a part's elements when its template changes, so bumping the generation (a
 * token for another customer) recreates the tab elements with no old state.
 * (What `keyed()` does, without its directive code in the first chunk.)
 */
const freshPer = (generation: number, content: TemplateResult): TemplateResult =>
  generation % 2 ? html`${content}` : html`<!---->${content}`;

/** Every tab, in the one order they are shown in (the `/config` `order` fields are ignored). */
export const PORTAL_TABS: readonly PortalTab[] = ['overview', 'credits', 'invoices', 'usage'];


/** The module that applies a tenant theme, once imported (shared page-wide). */
const loadConfigTheme = loadOnce(() => import('./config-theme.js'));


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
  /** Wraps the import of a lazily loaded section of the Credits, Invoices or Usage tab (to delay or fail it); `tab` is its tab. */
  importTab?: (tab: Exclude<PortalTab, 'overview'>, load: () => Promise<CustomElementConstructor>) => Promise<CustomElementConstructor>;
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
 * @csspart hosted - The link-out card of `backend="hosted"` (the whole UI then).
 * @csspart open-button - The link-out card's "Open billing portal" / "Request a new session" button.
 * @csspart expiry - The link-out card's line with the session's remaining time.
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab button.
 * @csspart tab-active - The selected tab button (in addition to `tab`).
 * @csspart panel - Each tab panel.
 * @csspart expired - The "session expired" notice shown above the tabs.
 * @csspart error - The "Invalid session" state of a malformed token; in the link-out card, its unusable-link state and the message that a new session could not be started.
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
 * @csspart data-table - The table view of a chart's data ("Show as table").
 * @csspart chart - The usage charts.
 * @csspart legend - A chart's legend (Overview, Usage).
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
 * @csspart wallet-selector - The wallet picker when the customer has several wallets (Credits).
 * @csspart wallet-option - Each wallet in the picker.
 * @csspart wallet-value - A wallet's balance in its currency.
 * @csspart wallet-credits - A wallet's balance in credits.
 * @csspart status-badge - Every status badge: invoice, subscription, wallet and transaction status.
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
  /** The panel (first chunk) shows a tab's sections, or the host's `sections`, each imported when first shown. */
  static override dependencies = { 'cp-section-panel': SectionPanel };

  static override styles = [hostStyles, stateStyles, customerPortalStyles];

  /** @internal Test seams; never set in production code. */
  static testHooks: CustomerPortalTestHooks = {};

  private readonly prefersDark = new MediaQueryController(this, '(prefers-color-scheme: dark)');
  private readonly provider = new ContextProvider(this, { context: portalContext });
  /** The clock shared with the session, the backend and the tabs (stable identity). */
  private readonly clock = (): Date => CustomerPortal.testHooks.now?.() ?? new Date();
  /** The shared root data (customer, config, wallets), loaded with each new backend. */
  private readonly rootData = new RootDataController(this, (section, error) => this.reportRootError(section, error));
  /** The adapter, the session and the backend of the current token: all token state lives here. */
  private readonly session = new SessionController(this, {
    now: this.clock,
    tuning: () => {
      const hooks = CustomerPortal.testHooks;
      return { ...(hooks.sessionTimers ? { timers: hooks.sessionTimers } : {}), ...(hooks.client ? { client: hooks.client } : {}) };
    },
    onBackend: (backend, signal) => this.handleBackend(backend, signal),
    onViewReset: () => this.handleViewReset(),
    onError: (section, error) => this.reportRootError(section, error),
  });
  /** The UI language and strings. */
  private readonly locales = new LocaleController(this);

  /** Tabs opened at least once; their elements stay in the DOM, hidden, once created. */
  @state() private visited: ReadonlySet<PortalTab> = new Set();
  /** The range and feature an invoice's line item asked the Usage tab to show (view state, kept across tokens). */
  @state() private usageFocus: UsageFocus | null = null;
  /** True once a usable token gave a backend in this element's life: the tab shell is shown from then on. */
  @state() private shellShown = false;
  /** Bumped when the token switches to another customer: the tab elements are recreated (no old data, fresh view state). */
  @state() private viewGeneration = 0;

  /** The portal session JWT. Never reflected, logged, or stored. */
  @property({ attribute: 'token' }) token: string | null = null;

  /** Which billing system the session is from: `flexprice` (default), `polar`, `lago` or `hosted`. */
  @property() backend = 'flexprice';

  /** Base URL of the portal API. Default `https://api.cloud.flexprice.io/v1`; with another `backend` left at it, that backend's default (Polar `https://api.polar.sh`). */
  @property({ attribute: 'api-base' }) apiBase: string | null = DEFAULT_API_BASE;

  /** When the session ends (ISO 8601), as the mint response said; where the token also tells, the earlier counts. */
  @property({ attribute: 'expires-at' }) expiresAt: string | null = null;

  /**
   * The vendor's hosted portal link minted with the session: adds a "Manage billing" button that opens it
   * in a new tab. It carries the token: never written into the DOM, logged or stored; only `https:` (or `http:` on loopback).
   */
  @property({ attribute: 'portal-url' }) portalUrl: string | null = null;

  /**
   * Sections shown alone, without tabs, in this order (`wallet`, `subscriptions`, `usage-trend`, `forecast`,
   * `invoices`, …: see the README); unset or empty: the tabs.
   */
  @property() sections: string | null = null;

  /** Current tab; reflects. When the tab is not available, the first available one is shown. With `sections`, ignored. */
  @property({ reflect: true }) tab: PortalTab = 'overview';

  /** BCP 47 locale for formatting and UI strings; default the document's `lang`, else the browser's. */
  @property() locale: string | null = null;

  /** IANA zone for dates and usage buckets; default the customer's zone, else the browser's. */
  @property() timezone: string | null = null;

  /** Colour theme; `auto` follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';

  /** Seconds before expiry at which `token-expiring` fires. */
  @property({ attribute: 'expiry-warning', type: Number }) expiryWarning = 60;

  /** Optional: resolves a fresh token; used before expiry and once after a 401 (`backend="hosted"`: a new portal link, asked for only when the customer requests a new session). */
  @property({ attribute: false }) tokenProvider: (() => Promise<string>) | undefined = undefined;

  /** UI string overrides, merged over the locale's messages. */
  @property({ attribute: false }) messages: Partial<Messages> | undefined = undefined;

  private readyFired = false;
  private listening = false;
  private warnedZone: string | null = null;
  /** Unknown `sections` names already warned about. */
  private readonly warnedSections = new Set<string>();
  /** Whether the last render was dark (null before the first), to redraw charts when it flips. */
  private renderedDark: boolean | null = null;
  /** The config and session view the tenant theme was last applied for. */
  private themedFor: { config: PortalConfig | null; view: SessionView } | null = null;
  /** Cancels the idle-time prefetch of the other tabs' modules. */
  private cancelPrefetch: (() => void) | null = null;

  override connectedCallback(): void {
    // The controllers connect here: the session reads the token and starts the first wave (a task later
    // on the first connection, see SessionController.hostConnected).
    super.connectedCallback();
    if (!this.listening) {
      // The tabs' internal events bubble inside this shadow root only (not composed).
      this.listening = true;
      this.renderRoot.addEventListener(SectionReadyEvent.eventName, this.handleSectionReady as EventListener);
      this.renderRoot.addEventListener(SectionErrorEvent.eventName, this.handleSectionError as EventListener);
      this.renderRoot.addEventListener(UsageFocusEvent.eventName, this.handleUsageFocus as EventListener);
    }
    window.addEventListener('online', this.handleOnline);
    // The first update publishes (willUpdate), in a task of its own: see scheduleUpdate.
    if (this.hasUpdated) this.publish();
  }

  /**
   * The first render waits two tasks: connecting, the session's start (token and first wave of
   * requests, queued by its controller), the time zone (the page's first Intl use loads ICU's data:
   * 15–50 ms on a slow core) and the first render each take a task of their own, none a long task.
   * Later updates are Lit's usual microtask.
   */
  protected override async scheduleUpdate(): Promise<unknown> {
    if (!this.hasUpdated) {
      await nextTask();
      void this.zone;
      await nextTask();
    }
    return super.scheduleUpdate();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.handleOnline);
    this.cancelPrefetch?.();
    this.cancelPrefetch = null;
    super.disconnectedCallback();
    this.publish();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiryWarning') || changed.has('tokenProvider')) this.session.syncOptions();
    if (changed.has('token') || changed.has('apiBase') || changed.has('backend') || changed.has('expiresAt') || changed.has('portalUrl')) this.session.sync();
    if (changed.has('timezone') && this.timezone && !isTimeZone(this.timezone) && this.warnedZone !== this.timezone) {
      this.warnedZone = this.timezone;
      console.warn(`<customer-portal>: unknown time zone "${String(this.timezone)}" ignored.`); // `!isTimeZone()` typed it never
    }
    this.locales.sync();
    const active = this.activeTab;
    if (this.rootData.sectionsKnown && this.tab !== active) this.tab = active;
    if (this.session.backend && !this.visited.has(active)) this.visited = new Set([...this.visited, active]);
    this.publish();
  }

  protected override updated(): void {
    const config = this.rootData.config;
    const view = this.session.view;
    if (!this.themedFor || this.themedFor.config !== config || this.themedFor.view !== view) {
      this.themedFor = { config, view };
      this.applyConfigTheme();
    }
    const dark = this.dark;
    if (this.renderedDark !== null && this.renderedDark !== dark) this.refreshCharts();
    this.renderedDark = dark;
  }

  /** Charts draw on a canvas with colours read from CSS: redraw them when the theme flips. */
  private refreshCharts(): void {
    // Through every section's shadow root (skipped while the chart element is still loading: it reads the theme when it first draws).
    const walk = (root: ParentNode): void => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'cp-usage-chart') (el as UsageChart).refreshTheme?.();
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(this.renderRoot);
  }

  // ── session and root data ────────────────────────────────────────────────

  /** A new backend (new token): the tab shell shows from now on; root data and the theme code load in the first wave. */
  private handleBackend(backend: PortalBackend, signal: AbortSignal): void {
    this.shellShown = true;
    this.rootData.load(backend, signal);
    // In parallel with the config: the code that applies its theme (quiet on failure; applyConfigTheme tries again).
    loadConfigTheme().catch(() => undefined);
  }

  /** Another customer's token: no header, no tab elements of the old customer (recreated with fresh view state; the tab stays). */
  private handleViewReset(): void {
    this.rootData.forgetCustomer();
    this.visited = new Set();
    this.viewGeneration++;
  }

  /** Back online: every section whose last failure was a network error or timeout tries again. */
  private readonly handleOnline = (): void => {
    this.rootData.retryNetworkFailures();
    // Error states of this element and of every element inside it (tabs, charts, tab modules that failed to load).
    retryNetworkFailures(this.renderRoot);
  };

  // ── lazily loaded sections ───────────────────────────────────────────────

  /** The adapter's tab code (see `BackendAdapter.loadTabCode`), for the sections whose requests need it. */
  private readonly prepareTabCode = (): Promise<unknown> => this.session.adapter?.loadTabCode?.() ?? Promise.resolve();

  /** The test seam around the imports of the Credits, Invoices and Usage sections. */
  private readonly wrapLoad: LoadWrap = (name, load) => {
    const tab = SECTIONS[name].tab;
    const wrap = CustomerPortal.testHooks.importTab;
    return wrap && tab !== 'overview' ? wrap(tab, load) : load();
  };

  /** After `portal-ready`, when the browser is idle: fetch the other enabled tabs' modules (and the chart) so switching is instant. */
  private schedulePrefetch(): void {
    if (this.cancelPrefetch) return;
    const run = () => {
      this.cancelPrefetch = null;
      if (!this.isConnected) return;
      const tabs = this.enabledTabs;
      const backend = this.session.backend;
      // Failures are quiet here: a section whose module cannot load says so when it is shown.
      for (const tab of tabs) {
        for (const slot of LAYOUT[tab]) {
          const place = backend ? resolveSlot(slot, backend) : null;
          if (!place || !('section' in place)) continue;
          const code = SECTIONS[place.section].tabCode ? this.prepareTabCode() : undefined;
          Promise.all([loadSection(place.section, this.wrapLoad), code]).catch(() => undefined);
        }
      }
      // The chart only where the backend has usage over time.
      const charts = this.session.backend?.capabilities.usageSeries ?? null;
      if (charts && (tabs.includes('overview') || tabs.includes('usage'))) loadUsageChart().catch(() => undefined);
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

  // ── shared state for the tabs ────────────────────────────────────────────

  private get t(): Translate {
    return this.locales.t;
  }

  private get zone(): { timeZone: string; settled: boolean } {
    if (isTimeZone(this.timezone)) return { timeZone: this.timezone, settled: true };
    const customer = this.rootData.customer;
    if (isTimeZone(customer?.timeZone)) return { timeZone: customer.timeZone, settled: true };
    return { timeZone: browserTimeZone(), settled: this.rootData.customerSettled };
  }

  /** Rebuilds the context value when something in it changed (consumers then re-render). */
  private publish(): void {
    const { timeZone, settled } = this.zone;
    const next: PortalEnv = {
      backend: this.session.backend,
      locale: this.locales.locale,
      timeZone,
      timeZoneSettled: settled,
      customer: this.rootData.customer,
      config: this.rootData.config ?? DEFAULT_PORTAL_CONFIG,
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

  /** The tabs shown, always in the fixed order. */
  private get enabledTabs(): PortalTab[] {
    const sections = (this.rootData.config ?? DEFAULT_PORTAL_CONFIG).sections;
    const tabs = PORTAL_TABS.filter((id) => sections[id] !== false && !(id === 'credits' && this.rootData.hasWallets === false));
    return tabs.length > 0 ? tabs : ['overview'];
  }

  private get activeTab(): PortalTab {
    if (!this.rootData.sectionsKnown) return isTab(this.tab) ? this.tab : 'overview';
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

  /** An invoice's line item asked for its usage: the Usage tab opens at that period with the feature in focus. */
  private readonly handleUsageFocus = (event: UsageFocusEvent): void => {
    event.stopPropagation();
    if (!this.enabledTabs.includes('usage')) return;
    this.usageFocus = event.focus;
    this.selectByUser('usage', true);
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
    const theme = this.rootData.config?.theme ?? {};
    if (!loadConfigTheme.value && Object.keys(theme).length === 0) return;
    loadConfigTheme().then(
      (module) => {
        const root = this.renderRoot.querySelector<HTMLElement>('.root');
        if (root) module.applyConfigTheme(root, this.rootData.config?.theme ?? {});
      },
      () => undefined, // the defaults stay; the next config or session change tries again
    );
  }

  // ── render ─────────────────────────────────────────────────────────────

  private renderSessionState(): TemplateResult | typeof nothing {
    const t = this.t;
    switch (this.session.view) {
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
        return renderError(this.session.backendError, t, () => this.session.retryBackend());
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
    if (!this.rootData.sectionsKnown) {
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

  /** A panel of `slots`: a tab's layout, or the host's `sections` (tab null). */
  private renderPanel(slots: readonly Slot[], tab: PortalTab | null): TemplateResult {
    return html`<cp-section-panel
      exportparts=${LAYOUT_PARTS}
      data-tab=${tab ?? nothing}
      .slots=${slots}
      .tab=${tab}
      .prepare=${this.prepareTabCode}
      .wrapLoad=${this.wrapLoad}
      .usageFocus=${this.usageFocus}
    ></cp-section-panel>`;
  }

  private renderPanels(active: PortalTab): TemplateResult {
    const t = this.t;
    const known = this.rootData.sectionsKnown;
    const ids = known ? this.enabledTabs : PORTAL_TABS.filter((id) => id === active || this.visited.has(id));
    const inert = this.session.view !== 'active';
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
        aria-busy=${this.session.view === 'active' && !known ? 'true' : nothing}
      >
        ${this.visited.has(id) ? freshPer(this.viewGeneration, this.renderPanel(LAYOUT[id], id)) : nothing}
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
    if (!this.safePortalUrl || this.session.view === 'unknown-backend') return nothing;
    const t = this.t;
    return html`<button class="manage-billing" part="manage-billing" type="button" @click=${this.handleManageBilling}>
      ${t('shell.manageBilling')}<span class="visually-hidden"> (${t('shell.manageBilling.newTab')})</span>
    </button>`;
  }

  /** The link-out card of a `hosted` session (its module loads the first time one renders; a failure shows with a retry). */
  private renderLinkOut(): TemplateResult {
    const t = this.t;
    const linkOut = hostedCard.module;
    if (linkOut) {
      const view = linkOut.linkOutView(this.session);
      return html`<cp-hosted-card
        part="hosted"
        exportparts="card, open-button, expiry, error"
        .portalUrl=${view.url ?? this.portalUrl}
        .expiresAt=${view.expiresAt}
        .expired=${this.session.view === 'expired'}
        .expiryWarning=${this.session.warningSeconds}
        .requestSession=${view.request}
      ></cp-hosted-card>`;
    }
    if (hostedCard.error === null) {
      loadHostedCard().then(
        () => this.requestUpdate(),
        (error: unknown) => {
          hostedCard.error = error;
          this.requestUpdate();
        },
      );
      return renderLoading(t, t('shell.loading'));
    }
    return renderError(hostedCard.error, t, () => {
      hostedCard.error = null;
      this.requestUpdate();
    });
  }

  override render(): TemplateResult {
    const lang = this.locales.textLang;
    return html`<div class=${this.dark ? 'root dark' : 'root'} part="base" lang=${lang} dir=${isRtlLocale(lang) ? 'rtl' : nothing}>
      ${this.session.linkOut ? this.renderLinkOut() : this.renderShell()}
    </div>`;
  }

  /** The host's `sections`, less those `/config` turns off (null: the tabs). */
  private get alone(): Slot[] | null {
    const names = parseSections(this.sections, this.warnedSections);
    if (!names) return null;
    const enabled = (this.rootData.config ?? DEFAULT_PORTAL_CONFIG).sections;
    return names.filter((name) => enabled[SECTIONS[name].tab] !== false);
  }

  private renderShell(): TemplateResult {
    const alone = this.alone;
    if (alone) {
      return html`${this.renderSessionState()}
        ${this.shellShown
          ? html`<div class="panel alone" part="panel" ?inert=${this.session.view !== 'active'}>${freshPer(this.viewGeneration, this.renderPanel(alone, null))}</div>`
          : nothing}`;
    }
    const active = this.activeTab;
    const customer = this.rootData.customer;
    const name = customer?.name;
    return html`${this.shellShown && name
        ? html`<div class="header" part="header">
            <h2>${name}</h2>
            ${customer?.email ? html`<span class="email">${customer.email}</span>` : nothing} ${this.renderManageBilling()}
          </div>`
        : html`${this.renderManageBilling()}`}
      ${this.renderSessionState()}
      ${this.shellShown ? html`${this.renderTabs(active)}${this.renderPanels(active)}` : nothing}`;
  }
}

const hostedCard: { module: typeof import('../controllers/link-out.js') | null; error: unknown } = { module: null, error: null };
/** The link-out card and its session view, imported the first time a `hosted` session renders (a failed import is forgotten). */
const loadHostedCard = loadOnce(async () => {
  const [{ HostedCard }, module] = await Promise.all([import('../ui/hosted-card/hosted-card.js'), import('../controllers/link-out.js')]);
  defineOnce('cp-hosted-card', HostedCard);
  hostedCard.module = module;
});

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
