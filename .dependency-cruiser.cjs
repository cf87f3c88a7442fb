// The import arrows between src/ folders (STYLE.md, "Layout"), checked by the
// lint step (scripts/lint.mjs runs `depcruise src --config`). Data flows one
// way: session → backend → sections → ui; the lower layers never import an
// element folder, a section never imports another section or names a backend,
// server code and the browser tree never import each other, and no module
// imports itself back through others (type-only imports count).
// Tests may reach across (a test of an element builds its fakes); cycles count
// there too.
/** Element folders: Lit code that renders. */
const ELEMENTS = '^src/(customer-portal|controllers|sections|ui|actions|styles)/|^src/(context|internal-elements)\\.ts$';
/** The package's entries (they export elements and, for npm users, the adapters' clients). */
const ENTRIES = '^src/(index|define|register|react)\\.ts$|^src/cdn/';
/** Plain TypeScript under them: no Lit, no DOM rendering. */
const LOWER = '^src/(format|usage|api|session|backends|i18n)/|^src/(env|events)\\.ts$';
const TESTS = '\\.test\\.ts$|/testing/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module imports itself back through others: split out what both need (types included).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lower-layer-imports-element',
      severity: 'error',
      comment: 'format/, usage/, api/, session/, backends/ and i18n/ are plain TypeScript under the elements: they never import an element folder.',
      from: { path: LOWER, pathNot: TESTS },
      to: { path: [ELEMENTS, ENTRIES] },
    },
    {
      name: 'lower-layer-imports-lit',
      severity: 'error',
      comment: 'The domain, the API seam, the session and the adapters run without Lit (DOM-free, testable in Node).',
      from: { path: '^src/(format|usage|api|session|backends)/', pathNot: TESTS },
      to: { path: 'node_modules/(lit|@lit|lit-html|lit-element|@lit-labs)/' },
    },
    {
      name: 'format-imports-ours',
      severity: 'error',
      comment: 'format/ is the bottom layer: Intl and exact decimals, importing nothing else of ours.',
      from: { path: '^src/format/', pathNot: TESTS },
      to: { path: '^src/', pathNot: '^src/format/' },
    },
    {
      name: 'section-imports-section',
      severity: 'error',
      comment: 'A section is one card: it shares code through usage/, format/, ui/ or the controllers, never by importing another section.',
      from: { path: '^src/sections/([^/]+)/', pathNot: TESTS },
      to: { path: '^src/sections/[^/]+/', pathNot: '^src/sections/$1/' },
    },
    {
      name: 'element-names-backend',
      severity: 'error',
      comment: 'Elements ask the backend seam (api/) for capabilities; only the registry knows the adapters.',
      from: { path: ELEMENTS, pathNot: TESTS },
      to: { path: '^src/backends/[^/]+/' },
    },
    {
      name: 'server-browser-crossing',
      severity: 'error',
      comment: 'server/ runs on the merchant\'s server (Node, Workers, Deno): it and the browser tree (src/) never import each other.',
      from: { path: '^(src|server)/', pathNot: TESTS },
      to: { path: '^(src|server)/', pathNot: '^$1/' },
    },
    {
      name: 'backend-imports-backend',
      severity: 'error',
      comment: 'One folder per billing system: adapters share code through api/, never with each other.',
      from: { path: '^src/backends/([^/]+)/', pathNot: TESTS },
      to: { path: '^src/backends/[^/]+/', pathNot: '^src/backends/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'browser', 'default'], extensions: ['.ts', '.js'] },
  },
};
