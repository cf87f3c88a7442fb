import { css } from 'lit';

/** The limits card: one bar per feature (usage against its limit) and its flags. */
export const usageLimitsStyles = css`
  /* Hidden where the Usage tab's period table shows the same numbers (no usage history, no limits). */
  :host([hidden]) {
    display: none;
  }
  .as-of {
    margin: 0;
    font-size: 0.9em;
  }
  .quotas {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .quota-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5em;
  }
  .quota-name {
    font-weight: 600;
  }
  .quota-value {
    font-variant-numeric: tabular-nums;
  }
  .bar {
    position: relative;
    block-size: 0.5em;
    margin-block: 0.35em;
    border-radius: 999px;
    background: var(--_border);
    overflow: hidden;
  }
  .fill {
    block-size: 100%;
    inline-size: var(--_pct, 0%);
    border-radius: inherit;
    background: var(--_primary);
  }
  .quota.near .fill {
    background: var(--_warning);
  }
  .quota.over .fill {
    background: var(--_danger);
  }
  .quota-meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em 0.75em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .flag {
    display: inline-flex;
    align-items: center;
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    color: var(--_text);
  }
  .flag.over {
    border-color: var(--_danger);
    color: var(--_danger);
    font-weight: 600;
  }
`;
