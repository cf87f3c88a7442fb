// The npm package as `npm pack` produces it: only the builds and the manifest
// (no sources of tests, no demo), every `exports` target present with `types`
// first, `sideEffects` naming only the registering files, and every import in
// the shipped code satisfiable from `dependencies` / `peerDependencies`.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, packPackage, ROOT } from '../../demo/hosts/prepare.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const rel = (p) => p.replace(/^\.\//, '');

describe('npm pack', () => {
  let files;
  before(() => {
    ensureBuilt({ log: (m) => console.log(`# ${m}`) });
    ({ files } = packPackage());
  });

  it('ships the builds and the manifest, and no tests, demo, sources or configs', () => {
    const unexpected = files.filter((f) => !/^(dist\/(npm|cdn)\/|dist\/custom-elements\.json$|package\.json$|README\.md$|LICENSE)/.test(f));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(files.filter((f) => /\.test\.|\/test\/|demo\//.test(f)), []);
    for (const f of ['dist/cdn/customer-portal.js', 'dist/npm/index.js', 'dist/npm/index.d.ts', 'dist/npm/define.js', 'dist/npm/react.js', 'dist/custom-elements.json']) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
  });

  it('has an exports map with types first, every target in the package', () => {
    assert.deepEqual(Object.keys(pkg.exports), ['.', './define', './react', './svelte', './vue', './lago-proxy', './custom-elements.json', './package.json']);
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        assert.ok(files.includes(rel(target)), `${key} → ${target} is in the package`);
        continue;
      }
      assert.equal(Object.keys(target)[0], 'types', `${key}: "types" comes first`);
      for (const path of Object.values(target)) assert.ok(files.includes(rel(path)), `${key} → ${path} is in the package`);
    }
    assert.ok(files.includes(rel(pkg.types)) && files.includes(rel(pkg.main)));
    assert.equal(pkg.customElements, 'dist/custom-elements.json');
  });

  it('names only the registering files in sideEffects; the "." entry registers nothing', () => {
    assert.deepEqual(pkg.sideEffects, ['./dist/npm/define.js', './dist/npm/react.js', './dist/cdn/*.js']);
    const index = readFileSync(join(ROOT, 'dist/npm/index.js'), 'utf8');
    assert.doesNotMatch(index, /customElements\.define|\.\/define\.js/);
    const define = readFileSync(join(ROOT, 'dist/npm/define.js'), 'utf8');
    assert.match(define, /customer-portal/);
  });

  it('marks the React entry, and only it, as a client module ("use client" first, for React Server Components)', () => {
    const react = readFileSync(join(ROOT, 'dist/npm/react.js'), 'utf8');
    assert.match(react, /^["']use client["'];?\n/, 'dist/npm/react.js starts with the "use client" directive');
    for (const f of files.filter((f) => f.startsWith('dist/npm/') && f.endsWith('.js') && f !== 'dist/npm/react.js')) {
      assert.doesNotMatch(readFileSync(join(ROOT, f), 'utf8'), /^["']use client["']/, `${f} is not a client module`);
    }
  });

  it('imports, in shipped code and types, only its dependencies and peer dependencies', () => {
    // Its own name too: react.js imports `${pkg.name}/define`, so the app's conditions pick the browser or server build.
    const allowed = new Set([pkg.name, ...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    const missing = new Set();
    for (const f of files.filter((f) => f.startsWith('dist/npm/') && (f.endsWith('.js') || f.endsWith('.d.ts')))) {
      const code = readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const specifiers = [
        ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm),
        ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
        // dynamic imports and the `import("pkg").Type` references tsc writes into declarations
        ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ];
      for (const m of specifiers.filter((x) => !x[1].startsWith('.'))) {
        if (!allowed.has(packageOf(m[1]))) missing.add(`${f}: ${m[1]}`);
      }
    }
    assert.deepEqual([...missing], [], 'a package the shipped code or its types import must be a dependency (pnpm does not hoist lit-html for you)');
    assert.equal(pkg.peerDependenciesMeta.react.optional, true, 'react is an optional peer (only ./react needs it)');
    for (const dev of ['@open-wc/testing', 'vite', 'typescript']) assert.ok(!(dev in pkg.dependencies));
  });
});
