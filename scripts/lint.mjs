// `npm run lint` (and the lint step of `npm test`): ESLint (eslint.config.js),
// lit-analyzer (template types; its rules are the `@jackolope/ts-lit-plugin`
// entry in tsconfig.json) and dependency-cruiser (the import arrows between
// folders, .dependency-cruiser.cjs), side by side since each is one CPU-bound process.
// Any error or warning of any of them fails the run; each tool's output is printed
// whole when it ends.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
/** The path of a package's `bin` script (packages need not export it, nor their package.json). */
const bin = (pkg, name) => {
  const manifest = join(dirname(require.resolve.paths(pkg).map((d) => join(d, pkg, 'package.json')).find((p) => existsSync(p)) ?? ''), 'package.json');
  const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bins === 'string' ? bins : bins[name]);
};

const tools = [
  ['ESLint', [bin('eslint', 'eslint'), '--max-warnings', '0', 'src', 'server', 'test', 'demo', 'scripts']],
  // Globs first: its argument parser reads a word after a flag as that flag's value.
  ['lit-analyzer', [bin('@jackolope/lit-analyzer', 'lit-analyzer'), 'src/**/*.ts', 'server/**/*.ts', 'test/**/*.ts', '--maxWarnings', '0', '--format', 'list', '--noColor']],
  // The import arrows between folders and no circles (.dependency-cruiser.cjs).
  ['dependency-cruiser', [bin('dependency-cruiser', 'depcruise'), 'src', 'server', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', '--progress', 'none']],
];

const results = await Promise.all(
  tools.map(
    ([name, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        child.stdout.on('data', (chunk) => out.push(chunk));
        child.stderr.on('data', (chunk) => out.push(chunk));
        child.on('error', (error) => resolve({ name, ok: false, text: String(error), seconds: 0 }));
        child.on('close', (code, signal) => {
          const seconds = (Date.now() - started) / 1000;
          const text = Buffer.concat(out).toString().trim();
          resolve({ name, ok: code === 0, text: signal ? `${text}\nkilled by ${signal}` : text, seconds });
        });
      }),
  ),
);

for (const { name, ok, text, seconds } of results) {
  console.log(`${ok ? '✓' : '✗'} ${name} (${seconds.toFixed(1)} s)${text ? `\n${text}\n` : ''}`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
