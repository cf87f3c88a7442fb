// Other Node.js majors for tests that must hold on every supported version
// (and for host apps whose tools need a newer Node than the contributor has).
// Only the npm registry is reachable here, so the binary comes from the
// registry's `node-<os>-<arch>` packages (the binary ships inside the package),
// unpacked once into node_modules/.cache/node-dist/<version>/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'node-dist');

/** The registry package that carries this machine's Node binary, or null where none exists. */
export function distPackage(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  return os && ['x64', 'arm64'].includes(arch) ? `node-${os}-${arch}` : null;
}

/**
 * Path to a `node` binary of the given major version (e.g. 22), fetched from the
 * npm registry on first use. Returns null (with the reason) where this platform
 * has no such package.
 */
export function nodeBinary(major) {
  const pkg = distPackage();
  if (!pkg) return { path: null, reason: `no ${process.platform}-${process.arch} Node package on the registry` };
  const dir = join(CACHE, String(major));
  const exe = join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(exe)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', `${pkg}@${major}`, '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg}@${major} wrote no tarball`);
    execFileSync('tar', ['xzf', tarball], { cwd: dir });
    rmSync(join(dir, tarball));
  }
  return { path: exe, reason: null };
}
