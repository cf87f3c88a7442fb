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
      // `this.dispatchEvent(new TokenExpiredEvent(detail))` makes the analyzer
      // add an unnamed (or wrongly named) event next to the `@fires` entry of
      // the same class: drop those duplicates; undocumented events stay, and
      // scripts/check-manifest.mjs fails on them.
      name: 'customer-portal:dedupe-dispatched-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const decl of mod.declarations ?? []) {
            if (!decl.events) continue;
            const documented = new Set(decl.events.filter((e) => e.name && e.description).map((e) => e.type?.text));
            decl.events = decl.events.filter((e) => (e.name && e.description) || !documented.has(e.type?.text));
          }
        }
      },
    },
    {
      // Custom properties inherit through shadow roots, so the `--customer-portal-*`
      // knobs internal elements document (the chart's colours, say) are knobs of
      // <customer-portal> itself: list them on it too.
      name: 'customer-portal:hoist-css-properties',
      packageLinkPhase({ customElementsManifest }) {
        const decls = (customElementsManifest.modules ?? []).flatMap((m) => m.declarations ?? []);
        const root = decls.find((d) => d.customElement && d.tagName === 'customer-portal');
        if (!root) return;
        root.cssProperties ??= [];
        for (const decl of decls) {
          if (decl === root || !decl.cssProperties) continue;
          for (const prop of decl.cssProperties) {
            if (prop.name?.startsWith('--customer-portal-') && !root.cssProperties.some((p) => p.name === prop.name)) root.cssProperties.push({ ...prop });
          }
        }
      },
    },
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
