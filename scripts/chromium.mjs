// Where Debian's Chromium lives, how to launch it here, and how to install it.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

/** Flags this machine's closed network needs (no background connections, no sandbox as root). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath() {
  const found = CANDIDATES.find((p) => existsSync(p));
  return found ?? '/usr/bin/chromium';
}

/** Installs Debian's chromium when it is missing (needs root); otherwise says how in one line. */
export function ensureChromium() {
  if (CANDIDATES.some((p) => existsSync(p))) return chromiumPath();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error('Chromium is missing: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH) and retry.');
  }
  console.log('[setup] installing Debian chromium (apt-get install -y chromium)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
    shell: '/bin/bash',
  });
  return chromiumPath();
}
