// Makes a fresh clone runnable: dependencies from the lockfile, then Debian's Chromium.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

export function ensureDependencies() {
  const stamp = 'node_modules/.package-lock.json';
  const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= statSync('package-lock.json').mtimeMs;
  if (!fresh) {
    console.log('[setup] npm ci…');
    try {
      execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
    } catch {
      // npm 11 here records only this platform's optional packages (rollup's
      // native binaries) in the lockfile and then refuses its own lockfile in
      // `npm ci`; `npm install` installs the same locked versions.
      console.log('[setup] npm ci refused the lockfile; installing the locked versions with npm install…');
      execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
    }
  }
}

export function setup({ browser = true } = {}) {
  ensureDependencies();
  if (browser) ensureChromium();
}
