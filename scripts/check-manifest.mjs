// Fails the build when the public surface of <customer-portal> is not fully
// documented in dist/custom-elements.json: every attribute, public property,
// event, CSS part and CSS custom property needs a description, everything
// PRODUCT.md promises must be there, and every `--customer-portal-*` property
// and `part` the source actually exposes must be documented (and nothing
// documented that does not exist).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMain } from './is-main.mjs';

const TAG = 'customer-portal';
const REQUIRED = {
  attributes: ['token', 'api-base', 'tab', 'locale', 'timezone', 'theme', 'expiry-warning'],
  properties: ['token', 'apiBase', 'tab', 'locale', 'timezone', 'theme', 'expiryWarning', 'tokenProvider'],
  events: ['token-expiring', 'token-expired', 'tab-change', 'portal-ready', 'portal-error', 'invoice-download'],
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Source files that end up in the element (no tests, no React wrapper). */
function sourceFiles(root = 'src') {
  return walk(root).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.endsWith('react.ts'));
}

/** Source text without block comments and whole-line comments (JSDoc mentions are not uses). */
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** `--customer-portal-*` names the styles (or scripts, via setProperty) read. */
export function usedCssProperties(files) {
  const names = new Set();
  for (const f of files) {
    for (const m of withoutComments(readFileSync(f, 'utf8')).matchAll(/--customer-portal-[a-z0-9-]*[a-z0-9](-\$\{)?/g)) {
      // `--customer-portal-chart-color-${i}` reads a numbered family: recorded as `--customer-portal-chart-color-*`.
      names.add(m[1] ? `${m[0].slice(0, -m[1].length)}-*` : m[0]);
    }
  }
  return names;
}

/**
 * Part names a page can style: literal `part="…"` names in the root element's
 * own template plus the names it re-exposes from its tabs with `exportparts`.
 */
export function exposedParts(files, rootDir = 'src/customer-portal') {
  const names = new Set();
  const words = (v) => v.split(/\s+/).filter((w) => /^[a-z][a-z0-9-]*$/.test(w));
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (!f.startsWith(rootDir) || f.endsWith('.styles.ts')) continue;
    for (const m of text.matchAll(/\spart="([^"$]*)/g)) for (const w of words(m[1])) names.add(w);
    // part=${cond ? 'tab tab-active' : 'tab'}: the names in the expression's string literals.
    for (const m of text.matchAll(/\spart=\$\{([^}]*)\}/g)) {
      for (const lit of m[1].matchAll(/'([^']*)'|"([^"]*)"|`([^`$]*)`/g)) for (const w of words(lit[1] ?? lit[2] ?? lit[3])) names.add(w);
    }
    // exportparts="a, b:c" or exportparts=${NAMES} with `const NAMES = [...]` / '...' in the same file.
    const lists = [...text.matchAll(/exportparts="([^"$]*)"/g)].map((m) => m[1]);
    for (const m of text.matchAll(/exportparts=\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g)) {
      const declIn = (source) => source.match(new RegExp(`const\\s+${m[1].replace(/\$/g, '\\$')}\\b[^=]*=\\s*([\\[\\'"\`][\\s\\S]*?)(?:;|\\n\\n)`));
      // In this file, or in the module it imports the name from.
      const from = text.match(new RegExp(`import\\s*\\{[^}]*\\b${m[1].replace(/\$/g, '\\$')}\\b[^}]*\\}\\s*from\\s*'([^']+)'`));
      const decl = declIn(text) ?? (from ? declIn(readFileSync(join(dirname(f), from[1].replace(/\.js$/, '.ts')), 'utf8')) : null);
      if (!decl) throw new Error(`${f}: cannot resolve exportparts=\${${m[1]}}; keep the part list in a const of this file or of the module it is imported from`);
      lists.push([...decl[1].matchAll(/'([^']*)'|"([^"]*)"|`([^`$]*)`/g)].map((x) => x[1] ?? x[2] ?? x[3]).join(','));
    }
    for (const list of lists) {
      for (const item of list.split(',')) {
        const [inner, outer] = item.split(':').map((s) => s.trim());
        const name = outer || inner;
        if (name && /^[a-z][a-z0-9-]*$/.test(name)) names.add(name);
      }
    }
  }
  return names;
}

export function checkManifest(manifest, files = sourceFiles()) {
  const problems = [];
  const decl = (manifest.modules ?? []).flatMap((m) => m.declarations ?? []).find((d) => d.customElement && d.tagName === TAG);
  if (!decl) return [`no custom element with tagName "${TAG}" in the manifest (is the class JSDoc missing @tag ${TAG}?)`];
  const missingDoc = (kind, name) => problems.push(`${kind} "${name}" has no description`);
  const has = (x) => typeof x?.description === 'string' && x.description.trim().length > 0;
  if (!has(decl) && !(typeof decl.summary === 'string' && decl.summary.trim())) problems.push(`<${TAG}> has no @summary or description`);

  const attributes = decl.attributes ?? [];
  const fields = (decl.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public');
  for (const a of attributes) {
    const field = fields.find((f) => f.name === a.fieldName);
    if (!has(a) && !has(field)) missingDoc('attribute', a.name);
  }
  for (const f of fields) if (!has(f)) missingDoc('property', f.name);
  for (const e of decl.events ?? []) {
    if (!e.name) problems.push(`an event without a name (dispatched but not declared with @fires?): ${JSON.stringify(e)}`);
    else if (!has(e)) missingDoc('event', e.name);
  }
  for (const p of decl.cssParts ?? []) if (!has(p)) missingDoc('CSS part', p.name);
  for (const p of decl.cssProperties ?? []) if (!has(p)) missingDoc('CSS custom property', p.name);

  const names = (list, key = 'name') => new Set((list ?? []).map((x) => x[key]));
  const attrNames = names(attributes);
  const fieldNames = names(fields);
  const eventNames = names(decl.events);
  for (const a of REQUIRED.attributes) if (!attrNames.has(a)) problems.push(`attribute "${a}" (PRODUCT.md) is missing`);
  for (const p of REQUIRED.properties) if (!fieldNames.has(p)) problems.push(`property "${p}" (PRODUCT.md) is missing`);
  for (const e of REQUIRED.events) if (!eventNames.has(e)) problems.push(`event "${e}" (PRODUCT.md) is missing; add @fires ${e} - …`);

  const documentedProps = names(decl.cssProperties);
  const usedProps = usedCssProperties(files);
  const matches = (used, documented) => (used.endsWith('-*') ? documented.startsWith(used.slice(0, -1)) : used === documented);
  for (const p of usedProps) {
    if (![...documentedProps].some((d) => matches(p, d))) problems.push(`CSS custom property "${p}" is used in src/ but not documented with @cssproperty`);
  }
  for (const p of documentedProps) {
    if (![...usedProps].some((u) => matches(u, p))) problems.push(`CSS custom property "${p}" is documented but no style reads it`);
  }
  if (usedProps.size === 0) problems.push('no --customer-portal-* custom property found in src/');

  const documentedParts = names(decl.cssParts);
  const parts = exposedParts(files);
  for (const p of parts) if (!documentedParts.has(p)) problems.push(`CSS part "${p}" is exposed but not documented with @csspart`);
  for (const p of documentedParts) if (!parts.has(p)) problems.push(`CSS part "${p}" is documented but <${TAG}> does not expose it (part= or exportparts=)`);
  if (parts.size === 0) problems.push('<customer-portal> exposes no CSS parts');
  return problems;
}

function main() {
  const path = process.argv[2] ?? 'dist/custom-elements.json';
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const problems = checkManifest(manifest);
  if (problems.length) {
    console.error(`custom-elements.json: the public API of <${TAG}> is not fully documented:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  }
  const decl = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === TAG);
  const count = (k) => (decl[k] ?? []).length;
  console.log(
    `custom-elements.json: <${TAG}> documents ${count('attributes')} attributes, ${decl.members.filter((m) => m.kind === 'field').length} properties, ${count('events')} events, ${count('cssParts')} parts, ${count('cssProperties')} CSS properties.`,
  );
}

if (isMain(import.meta.url)) main();
