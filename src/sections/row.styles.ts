import { css } from 'lit';

/** A card's header row: its title, and its actions or as-of line at the other end, wrapping on a narrow card. */
export const cardHeadRule = css`
  .card-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    margin-block-end: calc(var(--_space) * 0.5);
  }
`;
