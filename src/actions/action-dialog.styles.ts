import { css } from 'lit';

export const actionDialogStyles = css`
  dialog {
    inline-size: min(30em, calc(100vw - 2em));
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
  h2 {
    margin: 0;
    padding: calc(var(--_space) * 0.75) var(--_space);
    font-size: 1.15em;
    border-block-end: 1px solid var(--_border);
  }
  .body {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    padding: var(--_space);
  }
  .body p {
    margin: 0;
  }
  label {
    font-weight: 600;
  }
  input {
    font: inherit;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
    color: var(--_text);
  }
  input[aria-invalid='true'],
  .field-error {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .foot {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5em;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-block-start: 1px solid var(--_border);
  }
`;
