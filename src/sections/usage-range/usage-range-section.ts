import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { UsageFocus } from '../../events.js';
import { registerEnglish, type MessageKey } from '../../i18n/index.js';
import { usage } from '../../i18n/en/usage.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { parseIsoDate, resolveRange } from '../../usage/ranges.js';
import { rangeDates } from '../../usage/buckets.js';
import { SectionController } from '../section-controller.js';
import { SectionElement } from '../section-element.js';
import { BASE_PRESETS, usagePresets, UsageView } from '../usage-view.js';
import { usageRangeStyles } from './usage-range.styles.js';

registerEnglish(usage);

/**
 * @summary The Usage tab's range: 1d / 7d / 30d, the tenant's `/config` presets and custom dates.
 * @tag cp-usage-range-section
 *
 * The range, the custom dates and an invoice's focus are the panel's view state:
 * the chart, forecast and breakdown of the same panel follow them.
 */
export class UsageRangeSection extends SectionElement {
  static override styles = [hostStyles, componentStyles, usageRangeStyles];

  /** Where an invoice's line item asked the Usage tab to look; set by the panel. */
  @property({ attribute: false }) usageFocus: UsageFocus | null = null;

  private readonly view = new UsageView(this);
  /** No data of its own: settled at once (the panel is ready once a card with data is). */
  protected readonly section = new SectionController(this, 'usage', () => []);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.view.sync(this.env, this.usageFocus);
  }

  private handleCustomInput(which: 'start' | 'end', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    const draft = { ...(this.view.draft ?? this.view.custom ?? { start: '', end: '' }), [which]: value };
    const start = parseIsoDate(draft.start);
    const end = parseIsoDate(draft.end);
    this.view.type(draft, !!start && !!end && draft.start <= draft.end);
  }

  override render(): TemplateResult {
    const { t, env, view } = this;
    const presets = env ? usagePresets(env.config) : BASE_PRESETS;
    const active = view.preset(env);
    const draft = view.draft ?? view.custom;
    const invalid = !!draft && (!parseIsoDate(draft.start) || !parseIsoDate(draft.end) || draft.start > draft.end);
    const today = env ? rangeDates(resolveRange('today', { now: env.now(), timeZone: env.timeZone })).from : '';
    return html`<div class="toolbar">
      <div class="segmented" role="group" aria-label=${t('usage.range.label')}>
        ${presets.map((p) => {
          const long = p === '1d' || p === '7d' || p === '30d' ? t(`usage.range.${p}.long` as MessageKey) : nothing;
          return html`<button type="button" aria-pressed=${active === p ? 'true' : 'false'} title=${long} @click=${() => view.pick(env, p)}>
            ${t(`usage.range.${p}` as MessageKey)}
          </button>`;
        })}
      </div>
      ${active === 'custom'
        ? html`<div class="custom">
            <label
              >${t('usage.custom.from')}
              <input type="date" .value=${draft?.start ?? ''} max=${today} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'custom-error' : nothing} @change=${(e: Event) => this.handleCustomInput('start', e)}
            /></label>
            <label
              >${t('usage.custom.to')}
              <input type="date" .value=${draft?.end ?? ''} max=${today} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'custom-error' : nothing} @change=${(e: Event) => this.handleCustomInput('end', e)}
            /></label>
            ${invalid ? html`<p class="invalid" id="custom-error" role="alert">${t('usage.custom.invalid')}</p>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-usage-range-section': UsageRangeSection;
  }
}
