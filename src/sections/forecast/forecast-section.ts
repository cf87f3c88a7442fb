import { html, nothing, type TemplateResult } from 'lit';
import { TaskStatus } from '@lit/task';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { createOutlookTask, forecastOf, outlookStyles, renderForecastSummary } from '../../ui/outlook/outlook-view.js';
import { cardStyles } from '../card.styles.js';
import { SectionElement } from '../section-element.js';

/**
 * @summary This period's projected usage charges and how they were computed; hidden without a period or a usage history.
 * @tag cp-forecast-section
 *
 * Loads after the panel's first data (never delays `portal-ready`, never joins
 * the first wave); the outlook data is shared page-wide with the wallet's runway.
 *
 * @csspart card - The card.
 */
export class ForecastSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, outlookStyles, cardStyles];

  private readonly outlookTask = createOutlookTask(this, () => this.env, () => this.panelReady);

  override render(): TemplateResult | typeof nothing {
    const env = this.env;
    const forecast = this.outlookTask.status === TaskStatus.ERROR ? null : forecastOf(this.outlookTask.value);
    const body = env && forecast ? renderForecastSummary(forecast, env, this.t) : nothing;
    // Nothing to say: no card (and no empty cell in the panel's grid).
    this.hidden = body === nothing;
    if (body === nothing) return nothing;
    return html`<section class="card" part="card forecast-card" aria-labelledby="forecast-title">
      <h2 id="forecast-title">${this.t('outlook.forecast.title')}</h2>
      ${body}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-forecast-section': ForecastSection;
  }
}
