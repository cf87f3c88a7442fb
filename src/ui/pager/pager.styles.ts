import { css } from 'lit';

export const pagerStyles = css`
  :host {
    display: block;
  }
  nav {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 0.5);
    padding-block: calc(var(--_space) * 0.5 * var(--_density));
  }
  .range {
    margin: 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
  }
  .buttons {
    display: flex;
    gap: 0.25em;
  }
  .size {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    color: var(--_muted);
  }
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    min-block-size: 2.25em;
    padding-inline: 0.5em;
  }
  .btn[aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn[aria-disabled='true']:hover {
    border-color: var(--_border);
  }
  .icon {
    display: inline-block;
    line-height: 1;
  }
  :host(:dir(rtl)) .icon {
    transform: scaleX(-1);
  }
`;
