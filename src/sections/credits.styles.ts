import { css } from 'lit';

/** What the Credits sections' cards share: the layout, headings, and a failure shown above data still on screen. */
export const creditsStyles = css`
  :host {
    display: block;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
  }
  /* The wallet card's header and the history's: the title, and its badge or export at the other end. */
  .wallet-card header,
  .history-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
  }
  h2 {
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
  }
  .inline-error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    margin-block-start: calc(var(--_space) * 0.5);
    padding: 0.5em 0.75em;
    border-inline-start: 3px solid var(--_danger);
    background: color-mix(in srgb, var(--_danger) 6%, var(--_surface));
    border-radius: calc(var(--_radius) * 0.5);
  }
  .inline-error p {
    margin: 0;
  }
`;
