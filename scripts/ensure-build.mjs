// The build the end-to-end tests and the host apps run against is the build of
// the sources as they are now: `ensureBuild()` rebuilds (`node scripts/build.mjs`)
// whenever the hash of every build input differs from the stamp the last
// successful build left in dist/, or an output is missing, and fails loudly,
// with the build's own output, when the build fails. An up-to-date build costs
// one hash of the inputs (a few hundred small files).
//
// Why a content hash and not mtimes: a checkout, a stash or a rebase can leave
// an older mtime on changed content; a hash cannot be fooled that way, and
// editing a test file (not a build input) does not rebuild.
//
//   import { ensureBuild } from '../../scripts/ensure-build.mjs';
//   ensureBuild({ log: (m) => console.log(`# ${m}`) });   // true when it built
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files outside src/ and server/ whose content changes what the build writes. */
const CONFIG_INPUTS = [
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.server.json',
  'custom-elements-manifest.config.mjs',
  'scripts/build.mjs',
  'scripts/vite-minify.ts',
  'scripts/check-manifest.mjs',
];

/** What every build writes (a build that lost one of them is rebuilt). */
const OUTPUTS = ['dist/cdn/customer-portal.js', 'dist/npm/index.js', 'dist/npm/react.js', 'dist/custom-elements.json'];

/** Where a successful build records the hash of the inputs it was built from. */
export const STAMP = 'dist/.build-stamp';

/** Every file under `dir` (sorted, `/`-separated, relative to `root`), test files left out. */
function sources(root, dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.[cm]?[jt]sx?$/.test(entry.name)) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
  return out;
}

/** SHA-256 over the path and content of every build input under `root`. */
export function inputsHash(root = ROOT) {
  const hash = createHash('sha256');
  const files = [...sources(root, 'src'), ...sources(root, 'server'), ...CONFIG_INPUTS.filter((f) => existsSync(join(root, f)))].sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Records that dist/ was built from inputs hashing to `hash`. */
export function writeStamp(hash, root = ROOT) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, STAMP), `${hash}\n`);
}

function readStamp(root) {
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether dist/ holds every output, built from inputs hashing to `hash`. */
function upToDate(root, hash) {
  return readStamp(root) === hash && OUTPUTS.every((f) => existsSync(join(root, f)));
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Holds `.tmp/build.lock` while `fn` runs, so two test processes never build
 * into dist/ at once (the second waits, then finds the build fresh). A lock
 * whose process has died is taken over.
 */
function withLock(root, fn) {
  const lock = join(root, '.tmp', 'build.lock');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Being written this moment: look again.
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Rebuilds dist/ unless it was built from the current inputs; throws with the
 * build's output when the build fails. Returns whether it built (`command`
 * runs the build; tests pass their own).
 * @param {{ root?: string, log?: (message: string) => void, command?: string[] }} [options]
 */
export function ensureBuild({ root = ROOT, log = () => {}, command = [process.execPath, 'scripts/build.mjs'] } = {}) {
  return withLock(root, () => {
    const hash = inputsHash(root);
    if (upToDate(root, hash)) return false;
    log(readStamp(root) === null ? 'building the package (no build stamp in dist/)…' : 'building the package (its sources changed since the last build)…');
    // A build that fails half-way leaves no stamp: its partial output is never taken for a good one.
    rmSync(join(root, STAMP), { force: true });
    const [cmd, ...args] = command;
    const run = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    if (run.error || run.status !== 0) {
      const why = run.error ? run.error.message : run.signal ? `killed by ${run.signal}` : `exit code ${run.status}`;
      throw new Error(`The build failed (${why}): ${[cmd, ...args].join(' ')}\n${output}`);
    }
    const missing = OUTPUTS.filter((f) => !existsSync(join(root, f)));
    if (missing.length) throw new Error(`The build succeeded but did not write ${missing.join(', ')}\n${output}`);
    // The hash of the inputs the build started from: a file edited during the build rebuilds next time.
    writeStamp(hash, root);
    return true;
  });
}
