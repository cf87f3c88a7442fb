// `npm run build`: the CDN and npm builds, declarations, the custom elements
// manifest, and (with --check-size) the gzip size budgets CI enforces.
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { join } from 'node:path';

/** Budgets in bytes, gzip. */
export const BUDGETS = { cdnFirstChunk: 30 * 1024, chartChunk: 65 * 1024 };

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

export function sizes() {
  const dir = 'dist/cdn';
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const measure = (file) => {
    const buf = readFileSync(join(dir, file));
    return { file, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length };
  };
  const first = measure('customer-portal.js');
  const chart = files.filter((f) => /^chart/.test(f)).map(measure);
  const messages = files.filter((f) => /^messages|^(de|fr|es|ja|pt-BR|ar)-/.test(f)).map(measure);
  const other = files.filter((f) => f !== 'customer-portal.js' && !chart.some((c) => c.file === f) && !messages.some((m) => m.file === f)).map(measure);
  return { first, chart, messages, other };
}

function main() {
  const args = process.argv.slice(2);
  run('npx vite build --mode cdn --logLevel warn');
  run('npx vite build --mode npm --logLevel warn');
  run('npx tsc -p tsconfig.build.json');
  if (existsSync('custom-elements-manifest.config.mjs')) run('npx cem analyze --config custom-elements-manifest.config.mjs');

  const s = sizes();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const rows = [s.first, ...s.chart, ...s.messages, ...s.other].map((r) => `  ${r.file.padEnd(36)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip ${kb(r.brotli).padStart(9)} brotli`);
  console.log(`CDN build (dist/cdn):\n${rows.join('\n')}`);
  writeFileSync('dist/sizes.json', JSON.stringify(s, null, 2));

  if (args.includes('--check-size')) {
    const failures = [];
    if (s.first.gzip > BUDGETS.cdnFirstChunk) failures.push(`CDN first chunk ${kb(s.first.gzip)} gzip > budget ${kb(BUDGETS.cdnFirstChunk)}`);
    if (s.chart.length !== 1) failures.push(`expected exactly one lazily loaded chart chunk, found ${s.chart.length}`);
    for (const c of s.chart) if (c.gzip > BUDGETS.chartChunk) failures.push(`chart chunk ${kb(c.gzip)} gzip > budget ${kb(BUDGETS.chartChunk)}`);
    if (failures.length) {
      console.error(`Size budget exceeded:\n  ${failures.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`Size budgets met: first chunk ${kb(s.first.gzip)} ≤ ${kb(BUDGETS.cdnFirstChunk)}, chart ${s.chart.map((c) => kb(c.gzip)).join(', ')} ≤ ${kb(BUDGETS.chartChunk)} (gzip).`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
