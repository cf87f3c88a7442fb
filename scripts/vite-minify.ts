/**
 * Two small Vite plugins for the CDN build (see vite.config.ts).
 *
 * - `minifyCssTemplates`: collapses the whitespace and drops the comments of
 *   Lit `css` tagged templates in our sources at build time. Only the static
 *   text of a `css` template changes (`${…}` expressions are kept as they
 *   are), strings inside the CSS are left alone, and only whitespace that CSS
 *   never reads is removed (around `{ } ; ,` and runs of it become one space),
 *   so every selector and value means the same. `html` templates are untouched.
 * - `minifyChunks`: Vite's library mode does not minify whitespace of ES
 *   output (to keep pure annotations for consumers' tree-shaking); the CDN
 *   files are final, so each emitted chunk goes through esbuild's full minify.
 */
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/** Minifies the static CSS text of one template chunk (between expressions). */
export function minifyCssText(text: string): string {
  // Split out quoted strings so their content is never touched.
  const parts = text.split(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/\/\*[\s\S]*?\*\//g, ' ')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,])\s*/g, '$1')
        .replace(/;}/g, '}');
    })
    .join('');
}

/**
 * Minifies the static text of one Lit `html` template chunk: a run of
 * whitespace that holds a line break (source indentation) becomes one space.
 * HTML collapses such runs to one space anyway, so what renders is the same;
 * no template of ours has `<pre>`, `<textarea>` or `white-space: pre`.
 */
export function minifyHtmlText(text: string): string {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

/** Every `css\`…\`` template in `code`, its static text minified. Returns null when nothing changed. */
export function minifyCssTemplatesIn(code: string): string | null {
  return minifyTemplatesIn(code, 'css', minifyCssText);
}

/** Every `html\`…\`` template in `code`, its static text minified. Returns null when nothing changed. */
export function minifyHtmlTemplatesIn(code: string): string | null {
  return minifyTemplatesIn(code, 'html', minifyHtmlText);
}

function minifyTemplatesIn(code: string, tagName: string, minifyText: (text: string) => string): string | null {
  const tag = new RegExp(`\\b${tagName}\``, 'g');
  let out = '';
  let last = 0;
  let changed = false;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(code))) {
    let i = match.index + match[0].length;
    out += code.slice(last, i);
    let segment = '';
    const flush = () => {
      const min = minifyText(segment);
      if (min !== segment) changed = true;
      out += min;
      segment = '';
    };
    for (;;) {
      if (i >= code.length) return null; // unterminated: leave the file alone
      const ch = code[i]!;
      if (ch === '\\') {
        segment += code.slice(i, i + 2);
        i += 2;
      } else if (ch === '`') {
        flush();
        out += '`';
        i += 1;
        break;
      } else if (ch === '$' && code[i + 1] === '{') {
        flush();
        // Copy the expression verbatim up to its closing brace (braces nested in it are counted).
        let depth = 0;
        const start = i;
        i += 1;
        for (; i < code.length; i++) {
          if (code[i] === '{') depth++;
          else if (code[i] === '}' && --depth === 0) break;
        }
        if (i >= code.length) return null;
        out += code.slice(start, i + 1);
        i += 1;
      } else {
        segment += ch;
        i += 1;
      }
    }
    last = i;
    tag.lastIndex = i;
  }
  if (!changed) return null;
  return out + code.slice(last);
}

/** Minifies the static text of our `css` and `html` templates at build time. */
export function minifyCssTemplates(): Plugin {
  return {
    name: 'customer-portal:minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || id.includes('/node_modules/') || id.endsWith('.test.ts')) return null;
      const css = code.includes('css`') ? minifyCssTemplatesIn(code) : null;
      const next = css ?? code;
      const html = next.includes('html`') ? minifyHtmlTemplatesIn(next) : null;
      const min = html ?? css;
      return min === null ? null : { code: min, map: null };
    },
  };
}

export function minifyChunks(): Plugin {
  return {
    name: 'customer-portal:minify-chunks',
    enforce: 'post',
    // After every renderChunk (Vite's own library-mode pass would put the whitespace back).
    async generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const result = await transform(file.code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none', charset: 'utf8' });
        file.code = result.code;
      }
    },
  };
}
