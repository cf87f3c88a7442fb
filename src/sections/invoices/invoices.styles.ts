import { css } from 'lit';
import { linkButtonRule, toolbarRule } from '../row.styles.js';

export const invoicesStyles = css`
  :host {
    display: block;
  }
  ${toolbarRule}
  .toolbar {
    margin-block-end: calc(var(--_space) * 0.5);
  }
  .search {
    flex: 1 1 16em;
    display: flex;
    min-inline-size: 0;
  }
  .search input {
    flex: 1;
    min-inline-size: 0;
    min-block-size: 2.25em;
    padding: 0.35em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  .search input:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em 1em;
    margin: 0 0 calc(var(--_space) * 0.5);
    color: var(--_muted);
    font-size: 0.9em;
    min-block-size: 1.4em;
  }
  .meta p {
    margin: 0;
  }
  .meta .warn {
    color: var(--_text);
  }
  .meta progress {
    inline-size: 8em;
    vertical-align: middle;
    margin-inline-start: 0.5em;
    accent-color: var(--_primary);
  }
  .inline-alert {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    padding: 0.5em 0.75em;
    margin-block-end: calc(var(--_space) * 0.5);
    border: 1px solid color-mix(in srgb, var(--_danger) 45%, transparent);
    border-radius: calc(var(--_radius) * 0.7);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }
  .inline-alert p {
    margin: 0;
  }
  .table-wrap {
    overflow-x: auto;
  }
  caption {
    text-align: start;
  }
  td {
    vertical-align: middle;
  }
  ${linkButtonRule}
  .link {
    overflow-wrap: anywhere;
    text-align: start;
  }
  .view-usage {
    margin-inline-start: 0.75em;
    font-weight: 400;
  }
  .link:hover {
    text-decoration-thickness: 2px;
  }
  .download {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35em 0.6em;
  }
  .download .btn[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .row-error {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .glyph {
    font-weight: 700;
  }
  .cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .cards li {
    display: grid;
    gap: 0.4em;
    padding: calc(var(--_space) * 0.75 * var(--_density));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .cards .line {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.35em 0.75em;
  }
  .cards .amount {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .pager {
    display: block;
    margin-block-start: calc(var(--_space) * 0.5);
  }

  dialog {
    inline-size: min(46em, calc(100vw - 2em));
    max-block-size: calc(100vh - 2em);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1em;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-block-end: 1px solid var(--_border);
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 1.15em;
    overflow-wrap: anywhere;
  }
  .dialog-body {
    padding: var(--_space);
    display: grid;
    gap: var(--_space);
  }
  .dialog-body h3 {
    margin: 0 0 0.4em;
    font-size: 1em;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10em, 1fr));
    gap: 0.75em 1.25em;
    margin: 0;
  }
  .facts div {
    min-inline-size: 0;
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .facts dd {
    margin: 0.15em 0 0;
  }
  .totals {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.35em 1.5em;
    margin: 0;
    margin-inline-start: auto;
    max-inline-size: 26em;
  }
  .totals dt {
    color: var(--_muted);
  }
  .totals dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .totals .strong {
    color: var(--_text);
    font-weight: 700;
    border-block-start: 1px solid var(--_border);
    padding-block-start: 0.35em;
  }
  .dialog-foot {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    align-items: center;
    gap: 0.5em;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-block-start: 1px solid var(--_border);
  }
`;
