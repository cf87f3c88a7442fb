// Makes a fresh clone runnable: dependencies from the lockfile, then Debian's Chromium.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

export function ensureDependencies() {
  const stamp = 'node_modules/.package-lock.json';
  const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= statSync('package-lock.json').mtimeMs;
  if (!fresh) {
    console.log('[setup] npm ci…');
    execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  }
}

export function setup({ browser = true } = {}) {
  ensureDependencies();
  if (browser) ensureChromium();
}
