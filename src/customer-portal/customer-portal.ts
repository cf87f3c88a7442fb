import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { PortalElement } from '../ui/portal-element.js';
import { hostStyles } from '../styles/shared.styles.js';
import { retryNetworkFailures, stateStyles } from '../ui/states.js';
import { customerPortalStyles } from './customer-portal.styles.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { RootDataController } from '../controllers/root-data-controller.js';
import { DEFAULT_API_BASE, SessionController } from '../controllers/session-controller.js';
import { ThemeController } from '../controllers/theme-controller.js';
import { PrefetchController } from '../controllers/prefetch-controller.js';
import { SectionEventsController } from '../controllers/section-events.js';
import { ActionsController } from '../controllers/actions-controller.js';
import { portalContext } from '../context.js';
import { isRtlLocale, type Messages } from '../i18n/index.js';
import type { PortalBackend } from '../api/backend.js';
import type { PortalConfig } from '../api/model.js';
import { defaultPortalConfig } from '../api/defaults.js';
import { nextTask } from '../api/next-task.js';
import type { PortalTab, UsageFocus } from '../events.js';
import { SectionPanel } from '../sections/section-panel.js';
import { LAYOUT, LAYOUT_PARTS, type Slot } from '../sections/registry.js';
import type { LoadWrap } from '../sections/section-modules.js';
import { aloneSections } from './sections-attribute.js';
import { freshPer, TabBarController } from './tab-bar.js';
import { renderHeader } from './header.js';
import { renderSessionState } from './session-notices.js';
import { renderLinkOut } from './link-out-view.js';
import { displayZone, publishEnv, warnUnknownZone } from './portal-env.js';
import { hookedLoad, sessionTuning, type CustomerPortalTestHooks } from './test-hooks.js';

export type { CustomerPortalTestHooks } from './test-hooks.js';

/** Every tab, in the one order they are shown in (the `/config` `order` fields are ignored). */
export const PORTAL_TABS: readonly PortalTab[] = ['overview', 'credits', 'invoices', 'usage'];

/** Config used until `/config` answers, and when it fails: every section, no extras. */
export const DEFAULT_PORTAL_CONFIG: PortalConfig = defaultPortalConfig();

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
 * @fires {PortalActionEvent} portal-action - `{action, target, input}`, cancelable: the customer confirmed an action, before its write.
 * @fires {PortalActionResultEvent} portal-action-result - `{action, target, status, code?, message?}` after an action's write.
 */
export class CustomerPortal extends PortalElement {
  /** The panel (first chunk) shows a tab's sections, or the host's `sections`, each imported when first shown. */
  static override dependencies = { 'cp-section-panel': SectionPanel };

  static override styles = [hostStyles, stateStyles, customerPortalStyles];

  /** @internal Test seams; never set in production code. */
  static testHooks: CustomerPortalTestHooks = {};

  private readonly provider = new ContextProvider(this, { context: portalContext });
  /** The clock shared with the session, the backend and the tabs (stable identity). */
  private readonly clock = (): Date => CustomerPortal.testHooks.now?.() ?? new Date();
  /** The shared root data (customer, config, wallets), loaded with each new backend. */
  private readonly rootData = new RootDataController(this, (section, error) => this.sectionEvents.reportError(section, error));
  /** The adapter, the session and the backend of the current token: all token state lives here. */
  private readonly session = new SessionController(this, {
    now: this.clock,
    tuning: () => sessionTuning(CustomerPortal.testHooks),
    onBackend: (backend, signal) => this.handleBackend(backend, signal),
    onViewReset: () => this.handleViewReset(),
    onError: (section, error) => this.sectionEvents.reportError(section, error),
  });
  /** The UI language and strings. */
  private readonly locales = new LocaleController(this);
  /** Light or dark, the tenant's `/config` theme, charts redrawn when dark flips. */
  private readonly themer = new ThemeController(this, this.rootData, this.session);
  /** The tabs shown, the active one, the ones opened; keyboard navigation and `tab-change`. */
  private readonly tabs = new TabBarController(this, this.rootData, PORTAL_TABS, DEFAULT_PORTAL_CONFIG);
  /** After `portal-ready`, when idle: the other tabs' modules. */
  private readonly prefetch = new PrefetchController(this, this.tabs, this.session, {
    prepare: () => this.prepareTabCode(),
    wrapLoad: (name, load) => this.wrapLoad(name, load),
  });
  /** The sections' ready, error and usage-focus events: `portal-ready`, `portal-error`, the Usage tab. */
  private readonly sectionEvents = new SectionEventsController(this, {
    ready: () => this.prefetch.schedule(),
    usageFocus: (focus) => this.handleUsageFocus(focus),
  });
  /** The opt-in actions (`actions`): the allow-list, the backend's gate, the sections' context, the open dialog. */
  private readonly actionsCtl = new ActionsController(this, (section, error) => this.sectionEvents.reportError(section, error));

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

  /** Opt-in writes, space-separated (`top-up pay-invoice …`: see the README); unset: read-only, no write request of any kind. */
  @property() actions: string | null = null;
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

  /** The unknown `timezone` last warned about; the unknown `sections` names already warned about. */
  private warnedZone: string | null = null;
  private readonly warnedSections = new Set<string>();

  override connectedCallback(): void {
    // The controllers connect: the session reads the token and starts the first wave (a task later; see its hostConnected).
    super.connectedCallback();
    window.addEventListener('online', this.handleOnline);
    // The first update publishes (willUpdate), in a task of its own: see scheduleUpdate.
    if (this.hasUpdated) this.publish();
  }

  /** The first render waits two tasks: connecting, the session's start, the time zone (the page's first Intl use loads
   * ICU's data: 15–50 ms on a slow core) and the first render each take a task of their own. Later updates: Lit's microtask. */
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
    super.disconnectedCallback();
    this.publish();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiryWarning') || changed.has('tokenProvider')) this.session.syncOptions();
    if (changed.has('token') || changed.has('apiBase') || changed.has('backend') || changed.has('expiresAt') || changed.has('portalUrl')) this.session.sync();
    if (changed.has('timezone')) this.warnedZone = warnUnknownZone(this.timezone, this.warnedZone);
    this.locales.sync();
    this.tabs.sync(Boolean(this.session.backend));
    this.actionsCtl.sync(this.actions, this.session.backend);
    this.publish();
  }

  // ── session and root data ────────────────────────────────────────────────

  /** A new backend (new token): the tab shell shows from now on; root data and the theme code load in the first wave. */
  private handleBackend(backend: PortalBackend, signal: AbortSignal): void {
    this.shellShown = true;
    this.rootData.load(backend, signal);
    this.themer.preload();
  }

  /** Another customer's token: no header, no tab elements of the old customer (recreated with fresh view state; the tab stays). */
  private handleViewReset(): void {
    this.rootData.forgetCustomer();
    this.tabs.reset();
    this.viewGeneration++;
  }

  /** Back online: every section whose last failure was a network error or timeout tries again. */
  private readonly handleOnline = (): void => {
    this.rootData.retryNetworkFailures();
    // Error states of this element and of every element inside it (tabs, charts, tab modules that failed to load).
    retryNetworkFailures(this.renderRoot);
  };

  /** An invoice's line item asked for its usage: the Usage tab opens at that period with the feature in focus. */
  private handleUsageFocus(focus: UsageFocus): void {
    if (!this.tabs.enabled.includes('usage')) return;
    this.usageFocus = focus;
    this.tabs.select('usage', true);
  }

  // ── lazily loaded sections ───────────────────────────────────────────────
  /** The adapter's tab code (see `BackendAdapter.loadTabCode`), for the sections whose requests need it. */
  private readonly prepareTabCode = (): Promise<unknown> => this.session.adapter?.loadTabCode?.() ?? Promise.resolve();

  /** The test seam around the imports of the Credits, Invoices and Usage sections. */
  private readonly wrapLoad: LoadWrap = (name, load) => hookedLoad(CustomerPortal.testHooks, name, load);

  // ── shared state for the tabs ────────────────────────────────────────────
  /** The display zone: the host's `timezone`, else the customer's, else the browser's. */
  private get zone(): { timeZone: string; timeZoneSettled: boolean } {
    return displayZone(this.timezone, this.rootData.customer, this.rootData.customerSettled);
  }

  /** Rebuilds the context value when something in it changed (consumers then re-render). */
  private publish(): void {
    const { session, locales, rootData } = this;
    const config = rootData.config ?? DEFAULT_PORTAL_CONFIG;
    publishEnv(this.provider, { backend: session.backend, locale: locales.locale, ...this.zone, customer: rootData.customer, config, t: locales.t, now: this.clock });
  }

  // ── render ─────────────────────────────────────────────────────────────

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

  private renderShell(): TemplateResult {
    // The host's `sections`, less those `/config` turns off (null: the tabs).
    const alone = aloneSections(this.sections, this.warnedSections, (this.rootData.config ?? DEFAULT_PORTAL_CONFIG).sections);
    const { t } = this.locales;
    const live = this.session.view === 'active';
    const notice = renderSessionState(this.session, t, this.shellShown);
    if (alone) {
      return html`${notice}
        ${this.shellShown
          ? html`<div class="panel alone" part="panel" ?inert=${!live}>${freshPer(this.viewGeneration, this.renderPanel(alone, null))}</div>`
          : nothing}`;
    }
    const active = this.tabs.active;
    const customer = this.shellShown ? this.rootData.customer : null;
    return html`${renderHeader(t, customer, this.portalUrl, this.session.view === 'unknown-backend')}
      ${notice}
      ${this.shellShown
        ? html`${this.tabs.renderTabs(t, active)}${this.tabs.renderPanels(t, active, live, this.viewGeneration, (id) => this.renderPanel(LAYOUT[id], id))}`
        : nothing}`;
  }

  override render(): TemplateResult {
    const lang = this.locales.textLang;
    return html`<div class=${this.themer.dark ? 'root dark' : 'root'} part="base" lang=${lang} dir=${isRtlLocale(lang) ? 'rtl' : nothing}>
      ${this.session.linkOut ? renderLinkOut(this, this.session, this.locales.t, this.portalUrl) : this.renderShell()}${this.actionsCtl.dialog ?? nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'customer-portal': CustomerPortal;
  }
}
