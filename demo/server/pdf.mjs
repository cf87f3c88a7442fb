// A small, valid one-page PDF (Helvetica, ASCII only) for the reference
// servers' document links (Flexprice invoice PDFs, Polar invoices and receipts).
// The body is a latin1 string; the HTTP layer sends it byte for byte.

const ascii = (s) => String(s ?? '').replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');

/** `lines` are `[fontSize, text]`; returns `{ name, body }` (name safe for a filename). */
export function simplePdf(name, lines) {
  let y = 760;
  const text = lines
    .map(([size, s]) => {
      const out = `BT /F1 ${size} Tf 56 ${y} Td (${ascii(s)}) Tj ET`;
      y -= size + 14;
      return out;
    })
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name: ascii(name).replace(/[\\"]/g, '_'), body };
}
