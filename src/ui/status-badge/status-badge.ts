import { css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { hostStyles } from '../../styles/shared.styles.js';
import { PortalElement } from '../portal-element.js';
import { statusBadgeStyles } from './status-badge.styles.js';

export type BadgeTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

/** The default glyph of each tone: a different shape per tone, so the tone reads without colour. */
export const toneGlyphs: Record<BadgeTone, string> = {
  success: '✓',
  warning: '◷',
  danger: '!',
  info: 'i',
  neutral: '○',
};

/**
 * A status pill (glyph + text) for templates of any element. Add
 * `statusBadgeStyles` to that element's `static styles`. The glyph is
 * decorative (`aria-hidden`); the label is the accessible text.
 */
export function renderStatusBadge(tone: BadgeTone, label: string, glyph?: string): TemplateResult {
  return html`<span class="badge ${tone}" part="badge badge-${tone}"
    ><span class="glyph" aria-hidden="true">${glyph ?? toneGlyphs[tone]}</span><span class="label">${label}</span></span
  >`;
}

/**
 * @summary A colour-coded status pill that also reads without colour: a glyph
 * of its own shape per tone, and the status in words.
 * @tag cp-status-badge
 * @csspart badge - The pill.
 * @cssproperty --customer-portal-success - Colour of the success tone.
 * @cssproperty --customer-portal-warning - Colour of the warning tone.
 * @cssproperty --customer-portal-danger - Colour of the danger tone.
 * @cssproperty --customer-portal-info - Colour of the info tone.
 * @cssproperty --customer-portal-neutral - Colour of the neutral tone.
 */
export class StatusBadge extends PortalElement {
  static override styles = [
    hostStyles,
    statusBadgeStyles,
    css`
      :host {
        display: inline-flex;
        max-inline-size: 100%;
      }
    `,
  ];

  /** Colour family of the badge. */
  @property({ reflect: true }) tone: BadgeTone = 'neutral';

  /** The status in words (the accessible text). */
  @property() label = '';

  /** Optional glyph replacing the tone's default one. */
  @property() glyph: string | undefined;

  override render() {
    return renderStatusBadge(this.tone in toneGlyphs ? this.tone : 'neutral', this.label, this.glyph);
  }
}
