import { css } from 'lit';
import { cardHeadRule } from './row.styles.js';

/** The Overview sections' card styles: titles, balances, lists, the segmented range buttons. */
export const cardStyles = css`
  /* Invoiced per month (Lago): month names read as labels, not as column headings. */
  th.month {
    font-weight: normal;
    color: var(--_text);
    font-size: 1em;
  }
  .overdue {
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  .overdue strong {
    color: var(--_danger);
  }
  .card h2 {
    margin: 0 0 calc(var(--_space) * 0.5);
    font-size: 1em;
    font-weight: 600;
  }
  ${cardHeadRule}
  .card-head h2 {
    margin: 0;
  }
  .balance {
    margin: 0;
    font-size: 1.6em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .value {
    margin: 0.15em 0 0;
    font-size: 1.05em;
    font-variant-numeric: tabular-nums;
  }
  .meta {
    margin: 0.5em 0 0;
    font-size: 0.9em;
  }
  .subs {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .subs > li + li {
    border-block-start: 1px solid var(--_border);
    padding-block-start: calc(var(--_space) * 0.75);
  }
  .sub-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .plan {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  .meters-title {
    margin: 0.75em 0 0.25em;
    font-size: 0.9em;
    font-weight: 600;
    color: var(--_muted);
  }
  .meters {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }
  .meters li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0 0.75em;
    font-variant-numeric: tabular-nums;
  }
  .meter-usage {
    grid-column: 1;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .meter-name {
    font-weight: 500;
  }
  .meter-cost {
    grid-column: 2;
    grid-row: 1 / span 2;
    align-self: center;
  }
  .unavailable {
    margin: 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0.5em 0 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    overflow: hidden;
  }
  .segmented button {
    border: none;
    border-inline-start: 1px solid var(--_border);
    background: var(--_bg);
    padding: 0.3em 0.8em;
    min-block-size: 2em;
    cursor: pointer;
  }
  .segmented button:first-child {
    border-inline-start: none;
  }
  .segmented button[aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  /* Refreshing: a thin bar on the card's top edge (never fades text, which would hurt contrast). */
  .card[aria-busy='true'] {
    box-shadow: inset 0 3px 0 -1px var(--_primary);
  }
`;
