// The lint step's import rules (.dependency-cruiser.cjs) refuse each wrong
// arrow: each case writes a tiny tree shaped like src/ with one bad import into
// a temporary folder and runs depcruise over it with the repository's config;
// a tree without the bad import passes. And the real src/ passes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs depcruise as the lint step does (its `err` report, its exit code) over `cwd`'s src/ and server/. */
function cruise(cwd) {
  const res = spawnSync(process.execPath, [DEPCRUISE, 'src', 'server', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err', '--progress', 'none'], { cwd, encoding: 'utf8' });
  const rules = [...new Set([...res.stdout.matchAll(/^\s*error ([\w-]+):/gm)].map((m) => m[1]))];
  return { status: res.status, rules, report: `${res.stdout}${res.stderr}` };
}

// Each case: the files of a src/ tree (path → source) whose last import breaks exactly one rule.
const CASES = {
  'no-circular': {
    'src/format/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'src/format/b.ts': "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
  },
  'lower-layer-imports-element': {
    'src/ui/chart.ts': 'export const chart = 1;\n',
    'src/usage/rows.ts': "import { chart } from '../ui/chart.js';\nexport const rows = chart;\n",
  },
  'format-imports-ours': {
    'src/api/model.ts': 'export type Page = { total: number };\n',
    'src/format/money.ts': "import type { Page } from '../api/model.js';\nexport const money = (p: Page) => p.total;\n",
  },
  'section-imports-section': {
    'src/sections/wallet/wallet.ts': 'export const wallet = 1;\n',
    'src/sections/forecast/forecast.ts': "import { wallet } from '../wallet/wallet.js';\nexport const forecast = wallet;\n",
  },
  'element-names-backend': {
    'src/backends/polar/mapping.ts': 'export const mapping = 1;\n',
    'src/sections/balance/balance.ts': "import { mapping } from '../../backends/polar/mapping.js';\nexport const balance = mapping;\n",
  },
  'server-browser-crossing': {
    'server/proxy/limits.ts': 'export const limits = 1;\n',
    'src/api/defaults.ts': "import { limits } from '../../server/proxy/limits.js';\nexport const defaults = limits;\n",
  },
  'backend-imports-backend': {
    'src/backends/flexprice/mapping.ts': 'export const mapping = 1;\n',
    'src/backends/lago/mapping.ts': "import { mapping } from '../flexprice/mapping.js';\nexport const lago = mapping;\n",
  },
};

/** The last file of each case is the one whose first import breaks the rule. */
const offender = Object.fromEntries(Object.entries(CASES).map(([rule, files]) => [Object.keys(files).at(-1), rule]));
/** The same file without its offending import (and without the name it imported). */
const withoutImport = (source) => source.replace(/^import[^\n]*\n/, '').replace(/= (\w+);/, '= 0;').replace(/=> \w+;/, '=> 0;');

describe('import rules (dependency-cruiser in the lint step)', { timeout: 120_000 }, () => {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-import-rules-'));
    // The config resolves with the repository's tsconfig; the fixtures need only its compiler options.
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes every case into one src/ tree (the cases' paths do not overlap), offenders fixed or not. */
  function writeTree(fixed) {
    rmSync(join(dir, 'src'), { recursive: true, force: true });
    for (const files of Object.values(CASES)) {
      for (const [path, source] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), fixed && offender[path] ? withoutImport(source) : source);
      }
    }
  }

  it('each rule refuses its wrong arrow, and only there', () => {
    writeTree(false);
    const res = cruise(dir);
    assert.notEqual(res.status, 0, 'depcruise exits non-zero, so the lint step fails');
    assert.deepEqual(res.rules.sort(), Object.keys(CASES).sort(), res.report);
    // Each rule is reported from its own case's file (a circle from either of its two).
    for (const [rule, files] of Object.entries(CASES)) {
      const lines = res.report.split('\n').filter((l) => l.includes(`error ${rule}:`));
      assert.ok(lines.length > 0 && lines.every((l) => Object.keys(files).some((f) => l.includes(f))), `${rule}: ${lines.join(' | ')}`);
    }
  });

  it('the same tree without the wrong imports passes', () => {
    writeTree(true);
    const res = cruise(dir);
    assert.deepEqual(res.rules, [], res.report);
    assert.equal(res.status, 0, res.report);
  });

  it('src/ and server/ themselves follow every rule', () => {
    const res = cruise(ROOT);
    assert.deepEqual(res.rules, [], res.report);
    assert.equal(res.status, 0, res.report);
    assert.match(res.report, /no dependency violations found \(\d{3} modules/);
  });
});
