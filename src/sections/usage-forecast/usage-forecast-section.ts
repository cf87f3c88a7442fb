import { html, nothing, type TemplateResult } from 'lit';
import { TaskStatus } from '@lit/task';
import { formatDateRange } from '../../format/date.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { renderLoading, stateStyles } from '../../ui/states.js';
import { createOutlookTask, forecastOf, outlookStyles, renderForecastDetail } from '../../ui/outlook/outlook-view.js';
import { usageCardStyles } from '../usage-card.styles.js';
import { SectionElement } from '../section-element.js';

/**
 * @summary The Usage tab's forecast: projected usage charges by the period end, how they were computed, and a row per feature.
 * @tag cp-usage-forecast-section
 *
 * Loads once the panel's first data is on screen and the display zone is final
 * (the outlook data is shared page-wide); absent where the backend has no usage
 * history or no billing period is known. A failed forecast is no error state of
 * its own: the chart and breakdown say what failed.
 *
 * @csspart card - The card.
 * @csspart forecast-card - The card (in addition to `card`).
 */
export class UsageForecastSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, stateStyles, outlookStyles, usageCardStyles];

  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.panelReady);

  override render(): TemplateResult | typeof nothing {
    const { env, t } = this;
    const task = this.outlookTask;
    const input = task.value;
    const forecast = forecastOf(input);
    const shown = !!env && task.status !== TaskStatus.ERROR && (input === undefined || (!!forecast && (forecast.kind !== 'none' || forecast.reason === 'too-little-history')));
    // Nothing to say: no card (and no empty cell in the panel's grid).
    this.hidden = !shown;
    if (!env || !shown) return nothing;
    if (input === undefined || !forecast) {
      return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title" aria-busy="true">
        <h2 id="forecast-title">${t('outlook.forecast.title')}</h2>
        ${renderLoading(t)}
      </section>`;
    }
    return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title" aria-busy="false">
      <div class="card-head">
        <h2 id="forecast-title">${t('outlook.forecast.title')}</h2>
        ${forecast.kind === 'forecast'
          ? html`<p class="as-of muted">${formatDateRange(forecast.periodStart, forecast.periodEnd, env.locale, env.timeZone)}</p>`
          : nothing}
      </div>
      ${renderForecastDetail(forecast, env, t)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-forecast-section': UsageForecastSection;
  }
}
