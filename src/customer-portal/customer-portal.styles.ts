import { css } from 'lit';

/**
 * Theme plumbing. Each themable colour resolves, in order: the host page's
 * public `--customer-portal-*` value (captured on :host as `--_pub-*`), the
 * tenant's `/config` colour (`--_cfg-*`, set by the element through CSSOM on
 * `.root`), then the light or dark default (`--_def-*`). `.root` re-exports the
 * result under the public name so every tab (which reads the public names in
 * its own :host) sees the same value, and host CSS on `customer-portal` wins.
 */
export const customerPortalStyles = css`
  :host {
    display: block;
    --_pub-primary: var(--customer-portal-primary);
    --_pub-on-primary: var(--customer-portal-on-primary);
    --_pub-secondary: var(--customer-portal-secondary);
    --_pub-tertiary: var(--customer-portal-tertiary);
    --_pub-background: var(--customer-portal-background);
    --_pub-success: var(--customer-portal-success);
    --_pub-warning: var(--customer-portal-warning);
    --_pub-danger: var(--customer-portal-danger);
    --_pub-info: var(--customer-portal-info);
    --_pub-neutral: var(--customer-portal-neutral);
    --_pub-font-family: var(--customer-portal-font-family);
  }

  .root {
    --_def-primary: #4f46e5;
    --_def-on-primary: #ffffff;
    --_def-secondary: #0f766e;
    --_def-tertiary: #c2410c;
    --_def-background: Canvas;
    --_def-success: #15803d;
    --_def-warning: #b45309;
    --_def-danger: #b91c1c;
    --_def-info: #1d4ed8;
    --_def-neutral: #525252;
    color-scheme: light;

    --customer-portal-primary: var(--_pub-primary, var(--_cfg-primary, var(--_def-primary)));
    --customer-portal-on-primary: var(--_pub-on-primary, var(--_cfg-on-primary, var(--_def-on-primary)));
    --customer-portal-secondary: var(--_pub-secondary, var(--_cfg-secondary, var(--_def-secondary)));
    --customer-portal-tertiary: var(--_pub-tertiary, var(--_cfg-tertiary, var(--_def-tertiary)));
    --customer-portal-background: var(--_pub-background, var(--_cfg-background, var(--_def-background)));
    --customer-portal-success: var(--_pub-success, var(--_def-success));
    --customer-portal-warning: var(--_pub-warning, var(--_def-warning));
    --customer-portal-danger: var(--_pub-danger, var(--_def-danger));
    --customer-portal-info: var(--_pub-info, var(--_def-info));
    --customer-portal-neutral: var(--_pub-neutral, var(--_def-neutral));
    --customer-portal-font-family: var(--_pub-font-family, var(--_cfg-font-family, inherit));

    /* This shadow root's own private tokens follow the re-exported values. */
    --_primary: var(--customer-portal-primary);
    --_on-primary: var(--customer-portal-on-primary);
    --_bg: var(--customer-portal-background);
    --_danger: var(--customer-portal-danger);
    --_warning: var(--customer-portal-warning);
    --_focus: var(--customer-portal-focus-ring, var(--_primary));

    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--customer-portal-font-family);
    border-radius: var(--_radius);
  }

  .root.dark {
    color-scheme: dark;
    --_def-primary: #a5b4fc;
    --_def-on-primary: #1e1b4b;
    --_def-secondary: #5eead4;
    --_def-tertiary: #fdba74;
    --_def-success: #4ade80;
    --_def-warning: #fbbf24;
    --_def-danger: #f87171;
    --_def-info: #93c5fd;
    --_def-neutral: #a3a3a3;
    /* Chart lines 4–10 on dark (1–3 follow primary, secondary, tertiary); each ≥ 3:1 on the dark surface. */
    --_def-chart-4: #f472b6;
    --_def-chart-5: #93c5fd;
    --_def-chart-6: #bef264;
    --_def-chart-7: #d8b4fe;
    --_def-chart-8: #fca5a5;
    --_def-chart-9: #67e8f9;
    --_def-chart-10: #d6d3d1;
    /* A tenant's light page background would hide light-on-dark text. */
    --customer-portal-background: var(--_pub-background, var(--_def-background));
  }

  @media (forced-colors: active) {
    .root,
    .root.dark {
      --customer-portal-primary: Highlight;
      --customer-portal-on-primary: HighlightText;
      --customer-portal-background: Canvas;
      --customer-portal-surface: Canvas;
      --customer-portal-text: CanvasText;
      --customer-portal-text-muted: CanvasText;
      --customer-portal-border: CanvasText;
      --customer-portal-success: CanvasText;
      --customer-portal-warning: CanvasText;
      --customer-portal-danger: CanvasText;
      --customer-portal-info: CanvasText;
      --customer-portal-neutral: CanvasText;
      --customer-portal-focus-ring: Highlight;
      --customer-portal-secondary: CanvasText;
      --customer-portal-tertiary: CanvasText;
      --_def-chart-4: CanvasText;
      --_def-chart-5: CanvasText;
      --_def-chart-6: CanvasText;
      --_def-chart-7: CanvasText;
      --_def-chart-8: CanvasText;
      --_def-chart-9: CanvasText;
      --_def-chart-10: CanvasText;
    }
    .tab[aria-selected='true'] {
      border-block-end-color: Highlight;
      color: Highlight;
    }
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.75em;
  }
  .header h2 {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
  }
  .header .email {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .manage-billing {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.25em;
    margin-inline-start: auto;
    padding: 0.35em 0.9em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
  }
  .manage-billing:hover {
    border-color: var(--_primary);
  }
  .root > .manage-billing {
    align-self: flex-end;
  }

  .notice {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_warning);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_warning) 10%, var(--_bg));
  }
  .notice .title {
    margin: 0;
    font-weight: 600;
  }
  .notice p {
    margin: 0;
  }

  .session-state {
    border-color: var(--_border);
    border-inline-start-color: var(--_muted);
    background: var(--_surface);
  }
  .session-state.error {
    border-color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }

  .tabs {
    display: flex;
    gap: 0.25em;
    overflow-x: auto;
    overscroll-behavior-x: contain;
    scrollbar-width: thin;
    border-block-end: 1px solid var(--_border);
    /* Room for the focus ring inside the scroller. */
    padding-block-start: 3px;
    padding-inline: 3px;
  }
  .tab {
    flex: none;
    white-space: nowrap;
    margin: 0;
    margin-block-end: -1px;
    padding: 0.6em 0.9em;
    border: 0;
    border-block-end: 2px solid transparent;
    background: none;
    color: var(--_muted);
    cursor: pointer;
    font-weight: 500;
  }
  .tab:hover {
    color: var(--_text);
  }
  .tab[aria-selected='true'] {
    color: var(--_text);
    border-block-end-color: var(--_primary);
  }

  .tabs-pending {
    display: flex;
    gap: 1em;
    padding-block: 0.75em;
    border-block-end: 1px solid var(--_border);
  }
  .tabs-pending .skeleton {
    inline-size: 5em;
    margin: 0;
  }

  .panel {
    display: block;
    min-block-size: 8em;
    border-radius: var(--_radius);
  }
  .panel[inert] {
    opacity: 0.6;
  }
  .panel:focus-visible {
    outline-offset: 4px;
  }
`;
