import { css } from 'lit';

export const usageChartStyles = css`
  :host {
    display: block;
    /* Line colours: the host's chart colours, else the theme's accents, else defaults (dark ones come from the root). */
    --_chart-1: var(--customer-portal-chart-color-1, var(--customer-portal-primary, #4f46e5));
    --_chart-2: var(--customer-portal-chart-color-2, var(--customer-portal-secondary, #0f766e));
    --_chart-3: var(--customer-portal-chart-color-3, var(--customer-portal-tertiary, #c2410c));
    --_chart-4: var(--customer-portal-chart-color-4, var(--_def-chart-4, #be185d));
    --_chart-5: var(--customer-portal-chart-color-5, var(--_def-chart-5, #1d4ed8));
    --_chart-6: var(--customer-portal-chart-color-6, var(--_def-chart-6, #4d7c0f));
    --_chart-7: var(--customer-portal-chart-color-7, var(--_def-chart-7, #7e22ce));
    --_chart-8: var(--customer-portal-chart-color-8, var(--_def-chart-8, #b91c1c));
    --_chart-9: var(--customer-portal-chart-color-9, var(--_def-chart-9, #0e7490));
    --_chart-10: var(--customer-portal-chart-color-10, var(--_def-chart-10, #57534e));
  }
  figure {
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em 0.5em;
    margin: 0;
    padding: 0;
  }
  .legend-item {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.2em 0.6em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    cursor: pointer;
    min-block-size: 2em;
    text-align: start;
  }
  .legend-item[aria-pressed='false'] {
    color: var(--_muted);
  }
  .legend-item[aria-pressed='false'] .label {
    text-decoration: line-through;
  }
  .legend-item[aria-pressed='false'] svg {
    opacity: 0.35;
  }
  .legend-item .total {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .swatch {
    inline-size: 24px;
    block-size: 12px;
    flex: none;
  }
  .swatch .fill {
    fill: var(--_c);
  }
  .swatch .stroke {
    stroke: var(--_c);
    fill: none;
  }
  .swatch.c0 {
    --_c: var(--_chart-1);
  }
  .swatch.c1 {
    --_c: var(--_chart-2);
  }
  .swatch.c2 {
    --_c: var(--_chart-3);
  }
  .swatch.c3 {
    --_c: var(--_chart-4);
  }
  .swatch.c4 {
    --_c: var(--_chart-5);
  }
  .swatch.c5 {
    --_c: var(--_chart-6);
  }
  .swatch.c6 {
    --_c: var(--_chart-7);
  }
  .swatch.c7 {
    --_c: var(--_chart-8);
  }
  .swatch.c8 {
    --_c: var(--_chart-9);
  }
  .swatch.c9 {
    --_c: var(--_chart-10);
  }
  .canvas-wrap {
    position: relative;
    inline-size: 100%;
    /* One band per y-axis (see axis-groups.ts): the plot grows so every band keeps its height. */
    block-size: max(
      var(--customer-portal-chart-height, 280px),
      calc(var(--_bands, 1) * var(--customer-portal-chart-band-height, 88px) + 3.5em)
    );
    color: var(--_muted);
    border-color: var(--_border);
  }
  .canvas-wrap canvas {
    display: block;
  }
  .loading {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--_muted);
  }
  .foot {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .link {
    border: none;
    background: none;
    padding: 0.25em 0;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
  }
  .partial-note {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .note {
    margin: 0;
    color: var(--_muted);
  }
  .table-wrap {
    max-block-size: 24em;
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
  }
  .table-wrap table caption {
    text-align: start;
    padding: 0.5em 0.75em;
    font-weight: 600;
  }
  .table-wrap thead th {
    position: sticky;
    inset-block-start: 0;
    background: var(--_surface);
  }
  .table-wrap th[scope='row'] {
    font-weight: 400;
    color: var(--_text);
    white-space: nowrap;
  }
`;
