import { adoptStyles, html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../../api/backend.js';
import type { Page, Subscription, UsageSeriesQuery, Wallet } from '../../api/model.js';
import { isAbortError } from '../../api/errors.js';
import { chunkLoadError, loadOnce } from '../../api/load-once.js';
import { portalContext, type PortalEnv } from '../../context.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { createTranslate, type Translate } from '../../i18n/index.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderError, renderLoading, stateStyles } from '../../ui/states.js';
import { PortalElement } from '../../ui/portal-element.js';
import { ChartLoader } from '../../ui/usage-chart/chart-loader.js';
import { UsageRangePlanner } from '../../usage/planner.js';
import type { TrendPreset, WalletCard } from './overview-view.js';
import { overviewLayoutStyles, type TrendResult } from './overview-layout.js';
import type { OutlookTask } from '../usage/outlook-view.js';

export type { TrendPreset } from './overview-view.js';

/** Subscriptions shown on the Overview (page 1). */
export const OVERVIEW_SUBSCRIPTIONS = 10;

type CardId = 'wallet' | 'subs' | 'trend';

type ViewModule = typeof import('./overview-view.js');

/** The view module once imported (shared page-wide). */
let view: ViewModule | null = null;
const loadViewOnce = loadOnce(
  () => import('./overview-view.js').then((module) => (view = module)),
  chunkLoadError('The overview'),
);

/**
 * Imports the Overview's view (templates and styles) once per page; a failed
 * import is forgotten, so a retry imports again. A failure rejects with a
 * network `ApiError` (code `chunk_load_failed`), so it reads and retries like
 * any other connection failure.
 */
function loadView(): Promise<ViewModule> {
  return loadViewOnce();
}

/**
 * Starts importing the Overview's view now (quietly: the tab imports again
 * when it connects if this failed). The CDN entry calls it as the script runs,
 * so the view is there before the first data, whenever the element connects.
 */
export function preloadOverviewView(): void {
  if (!view) loadView().catch(() => undefined);
}

const fallbackT = createTranslate();

/**
 * @summary The Overview tab: prepaid wallet balance, subscriptions, and a usage trend over 1d / 7d / 30d.
 * @tag cp-overview-tab
 *
 * Every request starts at once (wallets, subscriptions and usage), without
 * waiting for the customer's zone: the trend asks for DAY windows from a day
 * early and keeps them once the zone is known (or asks again by the hour when
 * the display zone differs from the customer's).
 *
 * Its templates and most styles are a lazily imported module (overview-view.ts),
 * imported when the tab connects, in parallel with the requests: until it
 * arrives the cards render their loading state in their final layout.
 *
 * @csspart card - Each card (wallet, subscriptions, usage trend).
 * @csspart chart - The usage chart.
 * @csspart state - Loading, empty and error states.
 * @fires cp-section-ready - Internal: every card has its first data.
 * @fires cp-section-error - Internal: a card failed to load.
 */
export class OverviewTab extends PortalElement {
  /** Until the view module arrives (it then adopts every style of the view). */
  static override styles = [hostStyles, componentStyles, stateStyles, overviewLayoutStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  /** The trend's range; view state, kept across token changes. */
  @state() private preset: TrendPreset = '7d';

  private readonly planner = new UsageRangePlanner();
  /** Imports `cp-usage-chart` (with chart.js) when this tab first connects; a skeleton stands in meanwhile. */
  private readonly chartLoader = new ChartLoader(this, 'overview', () => this.env?.backend?.capabilities.usageSeries !== null);
  private readonly settled = new Set<CardId>();
  private succeeded = false;
  private readyDispatched = false;
  /** Whether this element adopted the view's styles. */
  private viewStyled = false;
  /** Why the view module failed to load (rendered as an error with a retry). */
  @state() private viewError: unknown = null;

  private get backend(): PortalBackend | null {
    return this.env?.backend ?? null;
  }

  /**
   * The first render (four cards' skeletons, and the requests of the cards not shared with the root)
   * comes a task after the root's first render: two tasks of ~20 ms rather than one of 40–80 ms
   * at start-up on a slow core. Its requests still go out with the root's first wave.
   */
  protected static override firstUpdateInOwnTask = true;

  private readonly walletTask = new Task<[PortalBackend | null], WalletCard>(this, {
    args: () => [this.backend],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      const wallets = await backend.wallets(signal);
      const pick = wallets.find((w) => w.status === 'active') ?? wallets[0];
      // The list's balance paints with the first wave; the real-time balance (a request that needs the id) follows.
      return { wallet: pick ?? null, count: wallets.length };
    },
    onComplete: () => this.markSettled('wallet', true),
    onError: (error) => this.handleError('wallet', error),
  });

  /** The picked wallet's real-time balance, after first paint; on failure the list's balance stays. */
  private readonly liveWalletTask = new Task<[PortalBackend | null, string | null], Wallet>(this, {
    args: () => [this.backend, this.walletTask.value?.wallet?.id ?? null],
    task: async ([backend, id], { signal }) => {
      // Only where the backend has a fresher balance than the list's.
      if (!backend || !id || !backend.capabilities.realTimeWalletBalance) return initialState;
      return backend.wallet(id, signal);
    },
  });

  private readonly subsTask = new Task<[PortalBackend | null], Page<Subscription>>(this, {
    args: () => [this.backend],
    task: async ([backend], { signal }) => {
      if (!backend) return initialState;
      return backend.subscriptions({ offset: 0, limit: Math.min(OVERVIEW_SUBSCRIPTIONS, backend.limits.subscriptionsPageSize) }, signal);
    },
    onComplete: () => this.markSettled('subs', true),
    onError: (error) => this.handleError('subs', error),
  });

  private readonly trendTask = new Task<[PortalBackend | null, UsageSeriesQuery | null], TrendResult>(this, {
    args: () => [this.backend, this.planner.query],
    task: async ([backend, query], { signal }) => {
      if (!backend) return initialState;
      // No usage over time (Lago, Polar): the card shows the billing history where there is one, or says so.
      if (!backend.capabilities.usageSeries) return { query, series: null, history: backend.billingHistory ? await backend.billingHistory(signal) : null };
      if (!query) return initialState;
      return { query, series: await backend.usageSeries(query, signal), history: null };
    },
    onComplete: () => this.markSettled('trend', true),
    onError: (error) => this.handleError('trend', error),
  });

  /** Forecast and runway input, after the first wave; created with the view module (its code stays out of the first chunk). */
  private outlookTask: OutlookTask | null = null;

  private markSettled(card: CardId, ok: boolean): void {
    this.settled.add(card);
    if (ok) this.succeeded = true;
  }

  private handleError(card: CardId, error: unknown): void {
    if (isAbortError(error)) return;
    this.markSettled(card, false);
    this.dispatchEvent(new SectionErrorEvent('overview', error));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!view) this.loadView();
  }

  private loadView(): void {
    this.viewError = null;
    loadView().then(
      () => this.requestUpdate(),
      (error: unknown) => {
        if (!this.isConnected) return;
        this.viewError = error;
        this.dispatchEvent(new SectionErrorEvent('overview', error));
      },
    );
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (this.env) this.planner.update(this.env, this.preset, null);
    // A backend with no usage over time has no trend to wait for (the card says so).
    if (this.backend && !this.backend.capabilities.usageSeries) this.settled.add('trend');
    if (view && !this.viewStyled && this.renderRoot instanceof ShadowRoot) {
      this.viewStyled = true;
      adoptStyles(this.renderRoot, view.overviewStyles);
    }
    if (view && !this.outlookTask) this.outlookTask = view.createOutlookTask(this, () => this.env, () => this.readyDispatched);
  }

  protected override updated(): void {
    // Ready once the cards (not their loading stand-ins) show the first data.
    if (!this.readyDispatched && view && this.succeeded && this.settled.size === 3) {
      this.readyDispatched = true;
      this.dispatchEvent(new SectionReadyEvent('overview'));
      // The forecast's task waits for this (ready is not reactive state): let it see the change.
      queueMicrotask(() => this.requestUpdate());
    }
  }

  private readonly handlePreset = (preset: TrendPreset): void => {
    this.preset = preset;
  };

  private readonly handleTrendRetry = (): void => {
    if (this.env) this.planner.refresh(this.env, this.preset, null);
    void this.trendTask.run();
  };

  private get t(): Translate {
    return this.env?.t ?? fallbackT;
  }

  override render(): TemplateResult {
    const t = this.t;
    if (view) {
      return view.renderOverview({
        env: this.env,
        t,
        preset: this.preset,
        walletTask: this.walletTask,
        liveWalletTask: this.liveWalletTask,
        subsTask: this.subsTask,
        trendTask: this.trendTask,
        outlookTask: this.outlookTask,
        planner: this.planner,
        chartLoader: this.chartLoader,
        onPreset: this.handlePreset,
        onTrendRetry: this.handleTrendRetry,
      });
    }
    if (this.viewError !== null) return html`<div class="grid">${renderError(this.viewError, t, () => this.loadView())}</div>`;
    // The cards' places, loading, while the view module arrives.
    return html`<div class="grid">
      <section class="card" part="card wallet-card" aria-busy="true">${renderLoading(t)}</section>
      <section class="card" part="card subscriptions-card" aria-busy="true">${renderLoading(t)}</section>
      <section class="card wide" part="card trend-card" aria-busy="true">${renderLoading(t, undefined, 5)}</section>
    </div>`;
  }
}
