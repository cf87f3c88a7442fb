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

/** A section's toolbar above its content (invoice search and export, the usage range picker): one wrapping row. */
export const toolbarRule = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
  }
`;

/** A button that reads as a link (an invoice's number, "View usage", "Clear focus"), with a 24px target. */
export const linkButtonRule = css`
  .link {
    min-inline-size: 24px;
    min-block-size: 24px;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_primary);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }
`;
