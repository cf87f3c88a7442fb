import { css } from 'lit';

/** The transaction history card (and, shown alone, its wallet picker: see credits-wallets.ts). */
export const transactionsStyles = css`
  /* History. */
  .history-head {
    gap: 0.5em 1em;
    margin-block-end: calc(var(--_space) * 0.5);
  }
  .export {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .export-status {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  .export-status.error {
    color: var(--_danger);
  }
  progress {
    inline-size: 8em;
    accent-color: var(--_primary);
  }
  .table-wrap {
    container-type: inline-size;
    overflow-x: auto;
  }
  .table-wrap[aria-busy='true'] table {
    opacity: 0.6;
  }
  .type {
    font-weight: 600;
  }
  .description {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .sub-time {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  td.amount {
    white-space: nowrap;
    font-weight: 600;
  }
  td.amount.credit {
    color: var(--_success);
  }
  td.amount.debit {
    color: var(--_danger);
  }
  .tx-status {
    margin-inline-start: 0.4em;
    font-weight: 400;
  }
  .zone-note {
    margin: calc(var(--_space) * 0.5) 0 0;
    color: var(--_muted);
    font-size: 0.85em;
  }

  /* Narrow: each transaction becomes a stacked card. */
  @container (max-width: 560px) {
    thead {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    table,
    tbody,
    tr,
    td {
      display: block;
    }
    tr {
      padding-block: calc(var(--_space) * 0.5);
      border-block-end: 1px solid var(--_border);
    }
    td {
      display: flex;
      justify-content: space-between;
      gap: 1em;
      padding-block: 0.2em;
      border: 0;
      text-align: end;
    }
    td::before {
      content: attr(data-label);
      color: var(--_muted);
      font-weight: 400;
      text-align: start;
    }
    td.first {
      display: block;
      text-align: start;
    }
    td.first::before {
      content: none;
    }
    td.num {
      text-align: end;
    }
    /* "−$82.04 / −820.4 credits" wraps at its spaces rather than overflowing a 320 px screen. */
    td.amount {
      white-space: normal;
    }
  }
`;
