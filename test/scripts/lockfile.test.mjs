// `npm ci` on Linux, macOS and Windows needs every platform's optional binaries
// in the lockfile (npm refuses a lockfile that lacks one that package.json's
// tree asks for). A lockfile written by `npm install` over an existing
// node_modules can silently drop them; this keeps that from landing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
const packages = lock.packages;

/** Where npm would look for `name` from the package at `from` (nested, then each parent, then the top). */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const at = dir.lastIndexOf('node_modules/');
    dir = at <= 0 ? '' : dir.slice(0, at - 1);
  }
}

test('every optional dependency in the lockfile is listed (all platforms)', () => {
  const missing = [];
  for (const [path, meta] of Object.entries(packages)) {
    for (const name of Object.keys(meta.optionalDependencies ?? {})) if (!resolves(path, name)) missing.push(`${name} (of ${path || 'the root'})`);
  }
  assert.deepEqual(missing, [], `missing from package-lock.json: regenerate it from an empty folder with npm install --package-lock-only`);
});

test('the platforms a contributor uses are there for rollup and esbuild', () => {
  for (const name of ['@rollup/rollup-darwin-arm64', '@rollup/rollup-win32-x64-msvc', '@rollup/rollup-linux-x64-gnu', '@esbuild/darwin-arm64', '@esbuild/win32-x64', '@esbuild/linux-x64']) {
    assert.ok(Object.keys(packages).some((p) => p.endsWith(`node_modules/${name}`)), name);
  }
});
