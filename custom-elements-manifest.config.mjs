// Custom elements manifest (dist/custom-elements.json, shipped in the npm
// package as `./custom-elements.json`) generated from the elements' JSDoc:
// `@tag`, `@summary`, `@fires`, `@csspart`, `@cssproperty` and one-line JSDoc
// on every public property. scripts/check-manifest.mjs fails the build when
// anything public of <customer-portal> is undocumented.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/react.ts'],
  outdir: 'dist',
  litelement: true,
  // The package.json `customElements` field is maintained by hand.
  packagejson: false,
  dev: false,
  plugins: [
    {
      // Lit's `@state()` fields and TS-private / protected members are internal;
      // `static dependencies` (see PortalElement) is an implementation detail.
      name: 'customer-portal:hide-internals',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const decl of mod.declarations ?? []) {
            if (!decl.members) continue;
            decl.members = decl.members.filter(
              (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !(m.static && m.name === 'dependencies') && !m.name.startsWith('#'),
            );
          }
        }
      },
    },
  ],
};
