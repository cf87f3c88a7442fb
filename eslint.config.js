// ESLint (flat config), run by `npm run lint` and by `npm test`'s lint step.
// TypeScript with typescript-eslint (type-aware rules on the .ts files through
// the project service), Lit templates with eslint-plugin-lit, eslint-plugin-wc
// and eslint-plugin-lit-a11y. Template *types* (unknown properties, attributes,
// events, bad bindings) are lit-analyzer's job: see scripts/lint.mjs.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

// A focused test (`it.only`, `describe.only`, ...) silently skips every other
// test in its file: it must never land.
const testFunctions = ['describe', 'context', 'suite', 'it', 'specify', 'test'];
const noExclusiveTests = testFunctions.map((object) => ({
  object,
  property: 'only',
  message: `\`${object}.only\` skips every other test; remove it before committing.`,
}));

// `_name` marks a deliberately unused binding (`const { DROP: _dropped, ...rest } = o`).
const unusedVars = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true };

const unsafeHtmlImport = { group: ['**/directives/unsafe-html.js', '**/directives/unsafe-html'], message: 'No unsafeHTML: render with lit `html` templates.' };

export default defineConfig(
  {
    // src/frameworks: Svelte and Vue declarations, outside tsconfig.json, checked in their host apps.
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'demo/hosts/**', 'bench/**', '**/*.d.mts', 'src/frameworks/**'],
  },
  js.configs.recommended,
  { rules: { 'no-unused-vars': ['error', unusedVars] } },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', unusedVars],
      // `import type` for types, in the form `verbatimModuleSyntax` keeps or drops as a whole. `typeof
      // import('./x.js')` stays allowed: it types a lazily loaded chunk without importing it eagerly.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Re-rejecting a caught `unknown` error or an AbortSignal's `reason` as is, is what we want.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Async event listeners and callbacks whose promise nobody awaits are deliberate; the
      // conditional and spread checks (a promise used as a boolean or an object) stay on.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // fetch stubs read `String(input)` of a `RequestInfo | URL`: the client only passes strings and URLs.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'Request'] }],
      // Lit calls `@click=${this.handleX}` listeners with the host as `this`, and tests keep
      // `const original = window.fetch` to restore it: every report here was one of those two.
      '@typescript-eslint/unbound-method': 'off',
      // Async stubs of async interfaces need no `await`.
      '@typescript-eslint/require-await': 'off',
      // `'MONTHLY' | ... | string` documents the known values of an open set on purpose.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Taste, not bugs: the code writes `list[i]!` for readers although `noUncheckedIndexedAccess` is off.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // @open-wc/semantic-dom-diff types every chai `.equal(...)` as returning a Promise (only its DOM
      // snapshot variants are async): without this, each `expect(x).to.equal(y)` reads as a floating promise.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: 'Equal', package: '@open-wc/semantic-dom-diff' }] }],
    },
  },
  {
    // Type-aware where cheap: src/ and test/ share one program (tsconfig.json); demo.ts
    // (demo/tsconfig.json) and scripts/*.ts would each cost a second program for one file.
    files: ['demo/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/demo.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { wc, 'lit-a11y': litA11y },
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    rules: {
      ...litA11y.configs.recommended.rules,
      // `<ul role="list">` is deliberate: Safari drops list semantics from a `list-style: none` list.
      'lit-a11y/no-redundant-role': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Node scripts driving a browser: what they pass to `page.evaluate` runs in the page.
    files: ['test/e2e/**/*.mjs', 'scripts/bench.mjs', 'scripts/heap-diff.mjs', 'scripts/usage-shots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Scripts the e2e pages load into the browser.
    files: ['test/e2e/pages/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      'no-restricted-properties': ['error', ...noExclusiveTests],
    },
  },
  {
    // House rules: no HTML from strings in the product.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]",
          message: 'No innerHTML/outerHTML: render with lit `html` templates.',
        },
        {
          selector: "CallExpression > MemberExpression.callee[property.name='insertAdjacentHTML']",
          message: 'No insertAdjacentHTML: render with lit `html` templates.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [unsafeHtmlImport],
        },
      ],
    },
  },
  {
    // Tests wait with the project's waitUntil (test/helpers/wait.ts): open-wc's 1 s default is a
    // wall-clock limit that a loaded machine misses. (This block's options replace the one above for src tests.)
    files: ['**/*.test.ts', 'test/**/*.ts'],
    ignores: ['test/helpers/wait.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@open-wc/testing', importNames: ['waitUntil'], message: 'Import waitUntil from test/helpers/wait.js (a default timeout a loaded machine meets).' }],
          patterns: [unsafeHtmlImport],
        },
      ],
    },
  },
);
