/**
 * Status pills: a colour-coded tone that also reads without colour (a glyph of
 * its own shape per tone, and the status in words). One function renders them
 * into the shadow root of the tab that shows the status, so every badge is one
 * `part="status-badge"` a host page reaches through the tab's `exportparts`
 * (no element and shadow root per badge).
 */
import { html, type TemplateResult } from 'lit';

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
 * `statusBadgeStyles` to that element's `static styles`, and forward the
 * `status-badge` part. The glyph is decorative (`aria-hidden`); the label is
 * the accessible text. An unknown tone renders as neutral.
 */
export function renderStatusBadge(tone: BadgeTone, label: string, glyph?: string): TemplateResult {
  const known: BadgeTone = tone in toneGlyphs ? tone : 'neutral';
  return html`<span class="badge ${known}" part="status-badge"
    ><span class="glyph" aria-hidden="true">${glyph ?? toneGlyphs[known]}</span><span class="label">${label}</span></span
  >`;
}
