// `npm test`: everything CI checks, on a machine that has nothing but Node.
// Installs dependencies (npm ci) and Debian's Chromium when missing, then runs
// the type check, the reference server's contract tests, the component tests
// in real headless Chromium, the builds with their size budgets, and the
// end-to-end pages.
import { execSync } from 'node:child_process';
import { setup } from './setup.mjs';

setup();

const steps = [
  ['type check', 'npx tsc --noEmit'],
  ['reference server contract tests', 'node --test --test-reporter=spec test/server/ test/lago-proxy/'],
  ['component tests (Chromium)', 'npx wtr'],
  ['builds and size budgets', 'node scripts/build.mjs --check-size'],
  ['end-to-end pages (Chromium)', 'node --test --test-concurrency=1 --test-reporter=spec test/e2e/'],
];

const only = process.argv.slice(2);
for (const [name, cmd] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}: ${cmd}`);
  const started = Date.now();
  try {
    execSync(cmd, { stdio: 'inherit' });
  } catch {
    console.error(`\n✗ ${name} failed`);
    process.exit(1);
  }
  console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('\nAll checks passed.');
