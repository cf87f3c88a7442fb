/**
 * A table's header row, one view for the sections' tables: a column header is
 * a label, and `num` where its cells hold numbers (aligned to the end).
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface Column {
  readonly label: string;
  /** The column holds numbers (`class="num"`). */
  readonly num?: boolean;
}

export function renderTableHead(columns: readonly Column[]): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : nothing}>${c.label}</th>`)}
    </tr>
  </thead>`;
}
