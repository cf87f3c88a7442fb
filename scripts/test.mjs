// `npm test`: everything CI checks, on a machine that has nothing but Node.
// Installs dependencies (npm ci) and Debian's Chromium when missing, then runs
// the type check, lint, the reference server's contract tests, the tooling
// tests, the component tests in real headless Chromium, the builds with their
// size budgets, and the end-to-end pages.
//
//   npm test                 every step
//   npm test -- server e2e   only the steps whose name or short name contains one
//                            of the words (a word that names no step fails and
//                            lists the steps)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './is-main.mjs';
import { setup } from './setup.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `*.test.mjs` files under `dir`, sorted: `node --test dir/` means different things on Node 20 and 22+. */
export function nodeTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? nodeTestFiles(join(dir, e.name)) : e.name.endsWith('.test.mjs') ? [join(dir, e.name)] : []))
    .sort();
}

const bin = (pkg, path) => join(ROOT, 'node_modules', pkg, path);
const node = (...args) => [process.execPath, args];
const nodeTests = (dir, ...flags) => {
  const files = nodeTestFiles(dir);
  if (files.length === 0) throw new Error(`no *.test.mjs files under ${dir}`);
  return node('--test', '--test-reporter=spec', ...flags, ...files);
};

/** A file the step must have (re)written, so a step that silently did nothing fails. */
const wrote = (file) => (startedAt) => {
  if (!existsSync(file) || statSync(file).mtimeMs < startedAt) throw new Error(`${file} was not written by this step`);
};

// `short` is the word a step also answers to: its folder or tool, as people say it.
const STEPS = [
  { name: 'type check', short: 'tsc', run: () => node(bin('typescript', 'bin/tsc'), '--noEmit') },
  { name: 'lint', short: 'eslint', run: () => node('scripts/lint.mjs') },
  { name: 'reference server contract tests', short: 'test/server', run: () => nodeTests('test/server') },
  { name: 'tooling tests', short: 'test/scripts', run: () => nodeTests('test/scripts') },
  { name: 'component tests (Chromium)', short: 'unit', run: () => node(bin('@web/test-runner', 'dist/bin.js')) },
  {
    name: 'builds and size budgets',
    short: 'build',
    run: () => node('scripts/build.mjs', '--check-size'),
    check: [wrote('dist/sizes.json'), wrote('dist/cdn/customer-portal.js'), wrote('dist/custom-elements.json')],
  },
  { name: 'end-to-end pages (Chromium)', short: 'e2e', run: () => nodeTests('test/e2e', '--test-concurrency=1') },
];

/** The steps `words` select; throws with the step names when a word selects none. */
export function selectSteps(words, steps = STEPS) {
  if (words.length === 0) return steps;
  const matches = (step, word) => step.name.includes(word) || (step.short ?? '').includes(word);
  const unknown = words.filter((w) => !steps.some((s) => matches(s, w)));
  if (unknown.length) {
    const list = steps.map((s) => `  - ${s.name}${s.short ? ` (${s.short})` : ''}`).join('\n');
    throw new Error(`no test step matches ${unknown.map((w) => `"${w}"`).join(', ')}. Steps:\n${list}`);
  }
  return steps.filter((s) => words.some((w) => matches(s, w)));
}

function main(words) {
  process.chdir(ROOT);
  let selected;
  try {
    selected = selectSteps(words);
  } catch (error) {
    console.error(`✗ ${error.message}`);
    process.exit(2);
  }
  setup({ browser: selected.some((s) => /Chromium/.test(s.name)) });
  for (const step of selected) {
    const startedAt = Date.now();
    try {
      const [cmd, args] = step.run();
      console.log(`\n=== ${step.name}: node ${args.map((a) => a.replace(ROOT, '')).join(' ')}`);
      execFileSync(cmd, args, { stdio: 'inherit' });
      for (const check of step.check ?? []) check(startedAt - 1000);
    } catch (error) {
      if (error instanceof Error && !('status' in error)) console.error(error.message);
      console.error(`\n✗ ${step.name} failed`);
      process.exit(1);
    }
    console.log(`✓ ${step.name} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  }
  console.log(`\nAll ${selected.length === STEPS.length ? '' : 'selected '}checks passed (${selected.map((s) => s.name).join(', ')}).`);
}

if (isMain(import.meta.url)) main(process.argv.slice(2));
