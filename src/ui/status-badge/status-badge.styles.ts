import { css } from 'lit';

/**
 * Badge styles, usable two ways: by `<cp-status-badge>` (on `:host`) and by
 * any element that renders `renderStatusBadge()` into its own shadow root
 * (on `.badge`). Colour is a second cue only: every badge carries a glyph of
 * its own shape and a text label.
 */
export const statusBadgeStyles = css`
  .badge {
    --_tone: var(--_neutral);
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    max-inline-size: 100%;
    padding: 0.1em 0.6em 0.1em 0.45em;
    border: 1px solid color-mix(in srgb, var(--_tone) 45%, transparent);
    border-radius: 999px;
    background: color-mix(in srgb, var(--_tone) 10%, var(--_bg));
    color: color-mix(in srgb, var(--_tone) 78%, var(--_text));
    font-size: 0.85em;
    font-weight: 600;
    line-height: 1.5;
    white-space: nowrap;
  }
  .badge .glyph {
    display: inline-block;
    min-inline-size: 1em;
    text-align: center;
    font-weight: 700;
  }
  .badge.success {
    --_tone: var(--_success);
  }
  .badge.warning {
    --_tone: var(--_warning);
  }
  .badge.danger {
    --_tone: var(--_danger);
  }
  .badge.info {
    --_tone: var(--_info);
  }
  .badge.neutral {
    --_tone: var(--_neutral);
  }
  @media (forced-colors: active) {
    .badge {
      border-color: CanvasText;
      background: Canvas;
      color: CanvasText;
    }
  }
`;
