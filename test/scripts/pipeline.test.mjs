// The test pipeline itself: a step filter that matches nothing fails, scripts
// run from any checkout path (spaces, non-ASCII, symlinks), and the node test
// steps work on every Node major the README promises.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectSteps, nodeTestFiles } from '../../scripts/test.mjs';
import { nodeBinary } from '../../scripts/node-dist.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Without NODE_TEST_CONTEXT a `node --test` started from here reports on its own
// (with it, the child would report to this runner and print nothing readable).
const { NODE_TEST_CONTEXT: _ignored, ...ENV } = process.env;
const run = (exe, args, opts = {}) => spawnSync(exe, args, { encoding: 'utf8', cwd: ROOT, env: ENV, ...opts });

describe('npm test step filter', () => {
  it('runs only the steps a word names', () => {
    assert.deepEqual(selectSteps(['server']).map((s) => s.name), ['reference server contract tests']);
    assert.equal(selectSteps([]).length, selectSteps(['']).length);
  });

  it('fails, listing the step names, when a word names no step', () => {
    const res = run(process.execPath, ['scripts/test.mjs', 'no-such-step']);
    assert.notEqual(res.status, 0, 'exit code');
    assert.match(res.stderr, /no test step matches "no-such-step"/);
    assert.match(res.stderr, /- end-to-end pages \(Chromium\)/);
    assert.doesNotMatch(res.stdout, /checks passed/);
  });

  it('finds node test files in nested folders, and only test files', () => {
    const files = nodeTestFiles('test/scripts');
    assert.ok(files.includes(join('test/scripts', 'pipeline.test.mjs')));
    assert.ok(files.every((f) => f.endsWith('.test.mjs')));
  });
});

describe('scripts run from any checkout path', () => {
  let dir;
  before(() => {
    // A checkout reached through a symlink, in a folder with a space and non-ASCII characters.
    dir = mkdtempSync(join(tmpdir(), 'cp pipeline ü-'));
    mkdirSync(join(dir, 'Überweisung und Rechnungen'));
    symlinkSync(ROOT, join(dir, 'Überweisung und Rechnungen', 'checkout'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const linked = (path) => join(dir, 'Überweisung und Rechnungen', 'checkout', path);

  it('the manifest check runs (and fails on a bad manifest) instead of exiting 0 unseen', () => {
    const bad = join(dir, 'bad manifest.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: '1.0.0', modules: [{ kind: 'javascript-module', path: 'x.js', declarations: [{ kind: 'class', name: 'X', tagName: 'customer-portal', customElement: true, members: [] }] }] }));
    const res = run(process.execPath, [linked('scripts/check-manifest.mjs'), bad]);
    assert.equal(res.status, 1, `exit code (stdout: ${res.stdout}, stderr: ${res.stderr})`);
    assert.match(res.stderr, /not fully documented/);
  });

  it('the build script runs its main (a failing build step fails the run)', () => {
    // PATH without npx: the build's first command cannot start, so a build that
    // ran must exit non-zero; one that skipped main() would exit 0 silently.
    const res = run(process.execPath, [linked('scripts/build.mjs')], { cwd: dir, env: { ...ENV, PATH: '' } });
    assert.notEqual(res.status, 0, `exit code (stdout: ${res.stdout}, stderr: ${res.stderr})`);
    assert.match(res.stderr, /build failed/);
  });

  it('the reference server starts from a linked path', async () => {
    const res = run(process.execPath, ['--input-type=module', '-e', `
      const { isMain } = await import(${JSON.stringify(linked('scripts/is-main.mjs'))});
      console.log(isMain(${JSON.stringify('file://' + ROOT.replace(/\/$/, '') + '/scripts/is-main.mjs')}, ${JSON.stringify(linked('scripts/is-main.mjs'))}));
    `]);
    assert.equal(res.stdout.trim(), 'true', res.stderr);
  });
});

// The README names these steps as checked on every supported major; the browser
// steps run on the Node that runs `npm test` (Chromium is the same either way).
export const EVERY_MAJOR_STEPS = ['type check', 'lint', 'reference server contract tests'];

describe('test steps on every supported Node major', { timeout: 600_000 }, () => {
  for (const major of [22, 24]) {
    it(`Node ${major}: ${EVERY_MAJOR_STEPS.join(', ')} run and pass`, (t) => {
      const { path, reason } = nodeBinary(major);
      if (!path) return t.skip(reason);
      const res = run(path, ['scripts/test.mjs', ...EVERY_MAJOR_STEPS]);
      assert.equal(res.status, 0, `${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
      const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();
      assert.match(version, new RegExp(`^v${major}\\.`));
      for (const step of EVERY_MAJOR_STEPS) assert.match(res.stdout, new RegExp(`✓ ${step} \\(`), `${step} ran on ${version}`);
      assert.match(res.stdout, /selected checks passed/);
      assert.match(res.stdout, /# pass [1-9]\d*|ℹ pass [1-9]\d*/);
    });
  }
});
