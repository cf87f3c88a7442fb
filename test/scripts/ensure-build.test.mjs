// scripts/ensure-build.mjs: the end-to-end tests and the host apps run against
// the build of the sources as they are. In a scratch checkout with a stand-in
// build command: it builds when there is no stamp, when a build input changed
// or an output is missing, not when a test file changed, and a failing build
// fails with its own output and leaves no stamp behind.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, inputsHash, STAMP } from '../../scripts/ensure-build.mjs';

/** A stand-in for scripts/build.mjs: writes the outputs and counts its runs; fails while `fail` exists. */
const FAKE_BUILD = `
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const runs = existsSync('runs') ? Number(readFileSync('runs', 'utf8')) : 0;
writeFileSync('runs', String(runs + 1));
if (existsSync('fail')) {
  console.log('vite v7: transforming…');
  console.error('src/a.ts:1:7: ERROR: Expected ";" but found "broken"');
  process.exit(3);
}
for (const dir of ['dist/cdn', 'dist/npm']) mkdirSync(dir, { recursive: true });
for (const file of ['dist/cdn/customer-portal.js', 'dist/npm/index.js', 'dist/npm/react.js', 'dist/custom-elements.json']) writeFileSync(file, '// built');
`;

describe('ensureBuild', () => {
  let root;
  const runs = () => (existsSync(join(root, 'runs')) ? Number(readFileSync(join(root, 'runs'), 'utf8')) : 0);
  const ensure = () => ensureBuild({ root, command: [process.execPath, 'fake-build.mjs'] });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ensure-build-'));
    mkdirSync(join(root, 'src', 'ui'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"name":"x"}');
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src', 'ui', 'b.ts'), 'export const b = 2;\n');
    writeFileSync(join(root, 'src', 'a.test.ts'), 'it("a", () => {});\n');
    writeFileSync(join(root, 'fake-build.mjs'), FAKE_BUILD);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist/ has no stamp, stamps it with the inputs’ hash, and then does not build again', () => {
    assert.equal(ensure(), true);
    assert.equal(runs(), 1);
    assert.equal(readFileSync(join(root, STAMP), 'utf8').trim(), inputsHash(root));
    assert.equal(ensure(), false);
    assert.equal(runs(), 1);
  });

  it('rebuilds when a build input changed, even with the same size and an older mtime; not for a test file', () => {
    ensure();
    writeFileSync(join(root, 'src', 'a.test.ts'), 'it("b", () => {});\n');
    assert.equal(ensure(), false, 'a test file is no build input');
    writeFileSync(join(root, 'src', 'ui', 'b.ts'), 'export const b = 3;\n');
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(join(root, 'src', 'ui', 'b.ts'), past, past);
    assert.equal(ensure(), true);
    assert.equal(runs(), 2);
    writeFileSync(join(root, 'package.json'), '{"name":"y"}');
    assert.equal(ensure(), true);
    writeFileSync(join(root, 'src', 'new.ts'), 'export {};\n');
    assert.equal(ensure(), true, 'a new source file');
    mkdirSync(join(root, 'server', 'lago-proxy'), { recursive: true });
    writeFileSync(join(root, 'server', 'lago-proxy', 'proxy.ts'), 'export {};\n');
    assert.equal(ensure(), true, 'server code the package ships (the Lago proxy)');
    assert.equal(runs(), 5);
  });

  it('rebuilds when an output is missing', () => {
    ensure();
    rmSync(join(root, 'dist', 'npm', 'react.js'));
    assert.equal(ensure(), true);
    assert.equal(runs(), 2);
  });

  it('a failing build throws with the build’s own output and leaves no stamp, so the next run builds again', () => {
    ensure();
    writeFileSync(join(root, 'src', 'a.ts'), 'export const broken broken;\n');
    writeFileSync(join(root, 'fail'), '');
    assert.throws(ensure, (error) => {
      assert.match(error.message, /The build failed \(exit code 3\)/);
      assert.match(error.message, /ERROR: Expected ";" but found "broken"/);
      assert.match(error.message, /transforming/);
      return true;
    });
    assert.equal(existsSync(join(root, STAMP)), false, 'no stamp after a failed build');
    rmSync(join(root, 'fail'));
    assert.throws(() => ensureBuild({ root, command: [process.execPath, 'no-such-build.mjs'] }), /The build failed/);
    assert.equal(ensure(), true, 'the fixed build runs');
  });

  it('takes over a build lock left by a process that died', () => {
    mkdirSync(join(root, '.tmp', 'build.lock'), { recursive: true });
    writeFileSync(join(root, '.tmp', 'build.lock', 'pid'), '999999999');
    assert.equal(ensure(), true);
    assert.equal(existsSync(join(root, '.tmp', 'build.lock')), false, 'the lock is released');
  });
});
