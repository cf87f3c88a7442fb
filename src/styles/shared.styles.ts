import { css } from 'lit';

/**
 * First stylesheet of every element: box-sizing, [hidden], and the private
 * design tokens, each read from a public `--customer-portal-*` property.
 * Hosts theme the portal by setting those on `customer-portal` (they inherit
 * into every shadow root).
 */
export const hostStyles = css`
  :host {
    box-sizing: border-box;
    --_bg: var(--customer-portal-background, Canvas);
    --_surface: var(--customer-portal-surface, color-mix(in srgb, CanvasText 3%, Canvas));
    --_text: var(--customer-portal-text, CanvasText);
    --_muted: var(--customer-portal-text-muted, color-mix(in srgb, CanvasText 62%, Canvas));
    --_border: var(--customer-portal-border, color-mix(in srgb, CanvasText 16%, Canvas));
    --_primary: var(--customer-portal-primary, #4f46e5);
    --_on-primary: var(--customer-portal-on-primary, #ffffff);
    --_success: var(--customer-portal-success, #15803d);
    --_warning: var(--customer-portal-warning, #b45309);
    --_danger: var(--customer-portal-danger, #b91c1c);
    --_info: var(--customer-portal-info, #1d4ed8);
    --_neutral: var(--customer-portal-neutral, #525252);
    --_focus: var(--customer-portal-focus-ring, var(--_primary));
    --_radius: var(--customer-portal-radius, 10px);
    --_space: var(--customer-portal-spacing, 16px);
    --_density: var(--customer-portal-density, 1);
    --_font: var(--customer-portal-font-family, inherit);
    --_font-size: var(--customer-portal-font-size, 14px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /*
   * Right to left: names, descriptions and amounts from the API are often Latin
   * text. Each paragraph and span takes its direction from its own first strong
   * character, so "24/7 support…" or "63.85 GPU hours" is not reordered.
   */
  :host(:dir(rtl)) :is(p, dd, h3, th[scope='row'], span) {
    unicode-bidi: plaintext;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

/** Cards, buttons and tables shared by the tabs. */
export const componentStyles = css`
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * var(--_density));
  }
  .card h3,
  .card h2 {
    margin: 0 0 calc(var(--_space) * 0.5);
    font-size: 1em;
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-block-size: 2.25em;
    padding: 0.35em 0.9em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
  }
  .btn:hover:not(:disabled) {
    border-color: var(--_primary);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: calc(0.6em * var(--_density)) 0.75em;
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.9em;
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`;
