// Puts a host app (demo/hosts/<app>) in the state a merchant's app is in: the
// package built, packed with `npm pack`, installed from that tarball into the
// app's own node_modules, and the app built with Vite. Used by
// demo/hosts/serve.mjs and the host tests (test/e2e/hosts-*.test.mjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from '../../scripts/ensure-build.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGE_NAME = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name;
export const hostDir = (app) => join(ROOT, 'demo', 'hosts', app);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs the package's build unless dist/ is the build of the current sources (scripts/ensure-build.mjs); a failing build throws with its output. */
export function ensureBuilt({ log = () => {} } = {}) {
  return ensureBuild({ log });
}

/**
 * `npm pack` into a fresh temporary folder.
 * @returns {{ tarball: string, files: string[] }}
 */
export function packPackage() {
  const dest = mkdtempSync(join(tmpdir(), 'customer-portal-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * Installs the tarball into demo/hosts/<app>/node_modules the way an app
 * installs a published package (its dependencies come from the registry, or
 * npm's cache when present). Nothing is saved to the app's package.json.
 */
export function installPackage(app, tarball) {
  execFileSync(npm, ['install', '--no-save', '--no-package-lock', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error', tarball], {
    cwd: hostDir(app),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(hostDir(app), 'node_modules', ...PACKAGE_NAME.split('/'));
}

/** `vite build` of a host app (React and Vue); the plain HTML page needs no build. */
export async function buildApp(app) {
  const { build } = await import('vite');
  const root = hostDir(app);
  await build({ root, configFile: join(root, 'vite.config.mjs'), logLevel: 'warn', build: { outDir: join(root, 'dist'), emptyOutDir: true } });
  return join(root, 'dist');
}

/**
 * Installs a host app's own framework dependencies (Next.js, SvelteKit,
 * Angular: apps with their own package.json and lockfile) from the lockfile, once:
 * a stamp in node_modules remembers the lockfile it was installed from, so
 * later runs (and `npm test` after the first) skip it. Returns whether it ran.
 */
export function installHostDependencies(app, { log = () => {} } = {}) {
  const dir = hostDir(app);
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(lock)) return false;
  const stamp = join(dir, 'node_modules', '.customer-portal-host-stamp');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  log(`installing the ${app} host app's dependencies (once)…`);
  // `npm install --no-save` rather than `npm ci`: it follows the lockfile too, and tolerates an optional
  // dependency the registry does not have (npm ci refuses the whole install for one).
  execFileSync(npm, ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(stamp, hash);
  return true;
}
