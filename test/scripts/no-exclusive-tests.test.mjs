// The lint config stops a focused test (`it.only`, `describe.only`, ...) from
// landing: run ESLint's Node API with the repository's eslint.config.js over
// small in-memory sources. (One of `npm test`'s tooling tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The errors ESLint reports for `code` as if it were the file at `path` (relative to the root). */
async function errors(code, path) {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

// The sources are put together at run time, so this file itself holds no focused test call.
const ONLY = '.only';
const focused = {
  'it.only': `it${ONLY}('runs alone', () => {});`,
  'describe.only': `describe${ONLY}('a block', () => {});`,
  'test.only': `test${ONLY}('runs alone', () => {});`,
  'suite.only': `suite${ONLY}('a block', () => {});`,
  'context.only': `context${ONLY}('a block', () => {});`,
  "it['only']": "it['only']('runs alone', () => {});",
};

for (const [name, line] of Object.entries(focused)) {
  test(`${name} is an error in JavaScript and TypeScript tests`, async () => {
    // A node test (espree) and a TypeScript file (typescript-eslint's parser) both carry the rule.
    const fn = name.match(/^\w+/)[0];
    const source = `/* global ${[...new Set(['describe', fn])].join(', ')} */\ndescribe('outer', () => {\n  ${line}\n});\n`;
    for (const path of ['test/server/focused.test.mjs', 'scripts/focused.test.ts']) {
      const found = await errors(source, path);
      assert.equal(found.length, 1, `${path}: ${found.join('; ') || 'no errors'}`);
      assert.match(found[0], /^no-restricted-properties: .*`\w+\.only` skips every other test/);
    }
  });
}

test('the same file without `.only` lints clean', async () => {
  const source = "/* global describe, it */\ndescribe('outer', () => {\n  it('runs', () => {});\n});\n";
  assert.deepEqual(await errors(source, 'test/server/focused.test.mjs'), []);
  assert.deepEqual(await errors(source, 'scripts/focused.test.ts'), []);
});

// Browser tests wait with the project's waitUntil: open-wc's own has a 1 s default timeout, a
// wall-clock limit that a loaded machine misses (a lazy module's first transform alone took longer).
test("open-wc's waitUntil is an error in browser tests; the project's helper is not", async () => {
  const direct = "import { expect, waitUntil } from '@open-wc/testing';\nawait waitUntil(() => true);\nexpect(1).to.equal(1);\n";
  // (Paths of files the TypeScript project holds, for the type-aware parser; the text is the one above.)
  for (const path of ['src/sections/usage-layout.test.ts', 'test/unit/races.test.ts', 'test/unit/hostile-support.ts']) {
    const found = await errors(direct, path);
    assert.equal(found.length, 1, `${path}: ${found.join('; ') || 'no errors'}`);
    assert.match(found[0], /^no-restricted-imports: .*test\/helpers\/wait\.js/);
  }
  const helper = "import { expect } from '@open-wc/testing';\nimport { waitUntil } from '../helpers/wait.js';\nawait waitUntil(() => true);\nexpect(1).to.equal(1);\n";
  assert.deepEqual(await errors(helper, 'test/unit/races.test.ts'), []);
  // The src block's own rule still holds in src tests.
  const unsafe = "import { unsafeHTML } from 'lit/directives/unsafe-html.js';\nexport const x = unsafeHTML;\n";
  assert.match((await errors(unsafe, 'src/sections/usage-layout.test.ts')).join(), /No unsafeHTML/);
});
