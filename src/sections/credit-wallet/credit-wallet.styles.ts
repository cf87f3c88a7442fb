import { css } from 'lit';

/** The Credits wallet card (and its picker, see credits-wallets.ts). */
export const creditWalletStyles = css`
  /* Wallet card. */
  .wallet-card header {
    gap: 0.5em;
  }
  .wallet-card .kind {
    margin: 0.15em 0 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 1.25em;
    margin-block: calc(var(--_space) * 0.75) calc(var(--_space) * 0.25);
  }
  .figures .credits {
    margin: 0;
    font-size: 1.75em;
    font-weight: 650;
    font-variant-numeric: tabular-nums;
    line-height: 1.2;
  }
  .figures .value {
    margin: 0;
    font-size: 1.05em;
    font-variant-numeric: tabular-nums;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1.25em;
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .facts p {
    margin: 0;
  }
`;
