import { css } from 'lit';
import { cardHeadRule, linkButtonRule } from './row.styles.js';

/**
 * The Usage tab's cards (chart, forecast, breakdown, period usage): titles,
 * the as-of line, the focus note and the breakdown tables (sortable headers,
 * groups, subtotals, stacked rows on narrow cards).
 */
export const usageCardStyles = css`
  :host {
    display: block;
  }
  .card h2 {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  ${cardHeadRule}
  .as-of {
    margin: 0;
    font-size: 0.9em;
  }
  .table-scroll {
    container-type: inline-size;
    overflow-x: auto;
  }
  th button.sort {
    all: unset;
    cursor: pointer;
    display: inline-flex;
    gap: 0.3em;
    align-items: center;
  }
  th button.sort:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  th .arrow {
    font-size: 0.8em;
  }
  tr.group-row th {
    color: var(--_text);
    background: var(--_surface);
    font-weight: 600;
    font-size: 1em;
  }
  tr.subtotal th,
  tr.subtotal td {
    font-weight: 600;
    color: var(--_muted);
  }
  tfoot th,
  tfoot td {
    font-weight: 700;
    color: var(--_text);
    border-block-end: none;
  }
  tbody th[scope='row'] {
    color: var(--_text);
    font-weight: 400;
    font-size: 1em;
  }
  /* Narrow: the sort headers become a row of buttons, each feature a stacked block of label / value lines. */
  @container (max-width: 520px) {
    table,
    thead,
    tbody,
    tfoot,
    tr,
    th,
    td {
      display: block;
    }
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1em;
      padding-block-end: 0.4em;
      border-block-end: 1px solid var(--_border);
    }
    thead th {
      padding: 0.2em 0;
      border: 0;
    }
    tbody tr,
    tfoot tr {
      padding-block: calc(0.5em * var(--_density));
      border-block-end: 1px solid var(--_border);
    }
    tbody th[scope='row'],
    tfoot th[scope='row'],
    tr.group-row th {
      padding: 0 0 0.15em;
      border: 0;
      font-weight: 600;
    }
    tr.group-row {
      padding: 0;
    }
    tr.group-row th {
      padding: 0.4em 0.5em;
    }
    td,
    td.num {
      display: flex;
      justify-content: space-between;
      gap: 1em;
      padding: 0.1em 0;
      border: 0;
    }
    td::before {
      content: attr(data-label);
      color: var(--_muted);
      font-weight: 400;
      text-align: start;
    }
  }
  /* Refreshing: a thin bar on the card's top edge (never fades text, which would hurt contrast). */
  .card[aria-busy='true'] {
    box-shadow: inset 0 3px 0 -1px var(--_primary);
  }
  /* The focus note's "Clear" (a button: hostStyles' button rule gives it the font). */
  ${linkButtonRule}
  .focus-note {
    margin: 0 0 0.5em;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: center;
  }
  tr.focus > * {
    background: color-mix(in srgb, var(--_primary) 12%, transparent);
  }
  tr.focus > th {
    font-weight: 700;
  }
`;
