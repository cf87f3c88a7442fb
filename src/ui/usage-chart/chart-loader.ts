/**
 * `cp-usage-chart` loads lazily, in one chunk with chart.js (`chart-*.js` in
 * the CDN build): a tab that shows a chart adds a `ChartLoader`, which imports
 * the chart element module when the tab first connects (in parallel with the
 * tab's data requests, never after them) and registers the element. Until it
 * is registered the tab renders a skeleton of the chart's size in its place;
 * a failed import renders the standard error state with a retry.
 */
import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ChartErrorEvent, SectionErrorEvent, type ErrorSection } from '../../events.js';
import type { Translate } from '../../i18n/index.js';
import { renderError } from '../states.js';
import { loadUsageChart, USAGE_CHART_TAG as TAG } from './load-chart.js';

/** The chart-sized placeholder shown while the chart element loads (add to the tab's styles). */
export const chartLoaderStyles = css`
  .chart-pending {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
  }
  .chart-pending .skeleton.legend {
    inline-size: 40%;
    block-size: 2em;
    margin: 0;
  }
  .chart-pending .skeleton.plot {
    block-size: var(--customer-portal-chart-height, 280px);
    margin: 0;
  }
`;

type HostElement = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class ChartLoader implements ReactiveController {
  private error: unknown = null;
  private loading = false;

  constructor(
    private readonly host: HostElement,
    private readonly section: ErrorSection,
    /** Whether the tab will show a chart (false where the backend has no usage over time: nothing is downloaded). */
    private readonly wanted: () => boolean = () => true,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // A chart in the tab that cannot draw shows its table; the tab reports it (as `portal-error`).
    this.host.renderRoot.addEventListener(ChartErrorEvent.eventName, this.handleChartError);
    this.maybeLoad(true);
  }

  /** The backend became known after connecting: load then (a failed load waits for its retry button). */
  hostUpdate(): void {
    this.maybeLoad(false);
  }

  private maybeLoad(afterError: boolean): void {
    if (!customElements.get(TAG) && !this.loading && (afterError || this.error === null) && this.wanted()) this.load();
  }

  hostDisconnected(): void {
    this.host.renderRoot.removeEventListener(ChartErrorEvent.eventName, this.handleChartError);
  }

  private readonly handleChartError = (event: Event): void => {
    if (!(event instanceof ChartErrorEvent)) return;
    event.stopPropagation();
    this.host.dispatchEvent(new SectionErrorEvent(this.section, event.error));
  };

  /** Whether the chart element is registered (the tab may render it). */
  get ready(): boolean {
    return customElements.get(TAG) !== undefined;
  }

  private load(): void {
    this.loading = true;
    this.error = null;
    loadUsageChart().then(
      () => {
        this.loading = false;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.loading = false;
        this.error = error;
        this.host.requestUpdate();
        if (this.host.isConnected) this.host.dispatchEvent(new SectionErrorEvent(this.section, error));
      },
    );
    this.host.requestUpdate();
  }

  /** The chart once its element is registered; meanwhile a skeleton of its size, or the error with a retry. */
  render(chart: () => TemplateResult, t: Translate): TemplateResult {
    if (this.ready) return chart();
    if (this.error && !this.loading) return renderError(this.error, t, () => this.load());
    return html`<div class="chart-pending" part="state state-loading" role="status" aria-busy="true">
      <span class="visually-hidden">${t('usage.chart.loading')}</span>
      <span class="skeleton legend" aria-hidden="true"></span>
      <span class="skeleton plot" aria-hidden="true"></span>
    </div>`;
  }
}
