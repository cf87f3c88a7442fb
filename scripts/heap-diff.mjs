// Investigation aid: which objects survive mount/unmount cycles of <customer-portal>.
// Builds nothing: serves dist/cdn (run `npm run build` first), mounts cus-typical N
// times after a warm-up, takes a heap snapshot before and after, and prints the
// constructors whose retained count/size grew most.
//   node scripts/heap-diff.mjs [cycles=100]
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { startServer } from '../demo/server/main.mjs';
import { startStaticServer } from './bench/static-server.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cycles = Number(process.argv[2] ?? 100);
const portal = await startServer({ port: 0 });
const site = await startStaticServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.addInitScript({ path: join(ROOT, 'bench/instrument.js') });
  await page.goto(site.url);
  await page.waitForFunction(() => 'bench' in window && customElements.get('customer-portal') !== undefined);
  const res = await fetch(`${portal.url}/v1/customers/portal/cus-typical`, { headers: { 'x-api-key': 'sk_test_demo' } });
  const { token } = await res.json();
  const apiBase = `${portal.url}/v1`;
  const cdp = await page.context().newCDPSession(page);
  async function snapshot() {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const chunks = [];
    const onChunk = (e) => chunks.push(e.chunk);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const snap = JSON.parse(chunks.join(''));
    const { node_fields: f, node_types: t } = snap.snapshot.meta;
    const typeNames = t[0];
    const n = f.length;
    const byName = new Map();
    for (let i = 0; i < snap.nodes.length; i += n) {
      const type = typeNames[snap.nodes[i + f.indexOf('type')]];
      const name = snap.strings[snap.nodes[i + f.indexOf('name')]];
      const size = snap.nodes[i + f.indexOf('self_size')];
      const key = `${type}:${type === 'string' || type === 'concatenated string' ? '(string)' : name.slice(0, 80)}`;
      const e = byName.get(key) ?? { count: 0, size: 0 };
      e.count++;
      e.size += size;
      byName.set(key, e);
    }
    return byName;
  }
  await page.evaluate((a) => window.bench.cycles(a), { token, apiBase, cycles });
  const before = await snapshot();
  await page.evaluate((a) => window.bench.cycles(a), { token, apiBase, cycles });
  const after = await snapshot();
  const rows = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { count: 0, size: 0 };
    if (a.size - b.size !== 0 || a.count - b.count !== 0) rows.push({ key, dCount: a.count - b.count, dSize: a.size - b.size });
  }
  rows.sort((x, y) => y.dSize - x.dSize);
  const total = rows.reduce((s, r) => s + r.dSize, 0);
  console.log(`${cycles} cycles: net self-size growth ${(total / 1024).toFixed(1)} KB`);
  for (const r of rows.slice(0, 40)) console.log(`${String(r.dSize).padStart(9)} B ${String(r.dCount).padStart(6)}  ${r.key}`);
} finally {
  await browser.close();
  await site.close();
  await portal.close();
}
