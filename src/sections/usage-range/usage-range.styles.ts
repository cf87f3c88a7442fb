import { css } from 'lit';
import { toolbarRule } from '../row.styles.js';

/** The Usage tab's range picker: the presets as a segmented group, the custom dates and their error. */
export const usageRangeStyles = css`
  :host {
    display: block;
  }
  ${toolbarRule}
  .toolbar {
    justify-content: space-between;
  }
  /* The 1px gaps over a border-coloured background draw the dividers, so wrapped rows on narrow screens stay a tidy grid. */
  .segmented {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 1px;
    max-inline-size: 100%;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_border);
    overflow: hidden;
  }
  .segmented button {
    flex: 1 0 auto;
    border: none;
    background: var(--_bg);
    padding: 0.3em 0.8em;
    min-block-size: 2em;
    cursor: pointer;
  }
  @media (forced-colors: active) {
    .segmented button {
      outline: 1px solid CanvasText;
    }
  }
  .segmented button[aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .custom {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75em;
  }
  .custom label {
    display: grid;
    gap: 0.2em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .custom input {
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.3em 0.5em;
  }
  .custom input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .invalid {
    color: var(--_danger);
    margin: 0;
    font-size: 0.9em;
  }
`;
