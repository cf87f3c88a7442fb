/** CSV files built in the browser (RFC 4180), and a download that needs no server. */

export type CsvCell = string | number | null | undefined;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Neutralise spreadsheet formulas from untrusted strings (CSV injection).
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: CsvCell[], rows: Iterable<CsvCell[]>): string {
  const lines = [header.map(cell).join(',')];
  for (const row of rows) lines.push(row.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A safe file name part: letters, digits, dash and underscore. */
export function fileSlug(text: string): string {
  return text.trim().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'export';
}

/** Saves `csv` as `filename` through a temporary object URL (no navigation, no server). */
export function downloadCsv(csv: string, filename: string, host: Node): void {
  const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  (host.getRootNode() instanceof ShadowRoot ? (host.getRootNode() as ShadowRoot) : document.body).append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
