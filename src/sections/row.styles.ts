import { css } from 'lit';

/**
 * Declarations (for a rule's body) of the sections' header rows and toolbars:
 * their items on one line, centred, wrapping on a narrow card.
 */
export const wrappingRow = css`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
`;

/** The same, spread to both ends (a title and its actions). */
export const spreadRow = css`
  ${wrappingRow}
  justify-content: space-between;
`;

/** A card's header row: its title, and its actions or as-of line at the other end. */
export const cardHeadRule = css`
  .card-head {
    ${spreadRow}
    gap: 0.5em;
    margin-block-end: calc(var(--_space) * 0.5);
  }
`;
