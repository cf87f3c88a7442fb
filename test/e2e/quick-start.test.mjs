// The README's first command, as a new user runs it: `npm start` in a copy of
// this checkout with nothing installed (no node_modules), then the printed URL
// opened in a browser must show the portal with a customer's data. The copy
// holds exactly what a clone would (tracked files plus new, unignored ones), so
// a script that imports a dependency before installing it fails here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_AND_START = 300_000;

/** A copy of the checkout as `git clone` would see it, plus uncommitted edits, without node_modules. */
function freshCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'cp-quick-start-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file), { verbatimSymlinks: true });
  }
  assert.equal(existsSync(join(dir, 'node_modules')), false, 'the copy starts without node_modules');
  return dir;
}

/** Runs `npm start` and resolves with the demo URL it prints (rejects with its output when it exits first). */
function npmStart(cwd) {
  const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
  // Ports 0: a developer's own `npm start` may hold the defaults; the script prints what it got.
  const child = spawn('npm', ['start'], { cwd, env: { ...env, PORT: '0', PORTAL_API_PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in ${INSTALL_AND_START / 1000} s:\n${output.slice(-3000)}`)), INSTALL_AND_START);
    const read = (chunk) => {
      output += chunk;
      const m = /Demo: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before printing a URL:\n${output.slice(-3000)}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
    });
  return { url, stop, output: () => output };
}

describe('README quick start: `npm start` on a fresh checkout', { timeout: INSTALL_AND_START + 120_000 }, () => {
  let dir;
  let started;
  let browser;
  before(() => {
    dir = freshCopy();
  });
  after(async () => {
    await browser?.close();
    await started?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs what it needs, prints the demo URL, and the demo shows the portal with data', async () => {
    started = npmStart(dir);
    const url = await started.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/demo\/$/);
    assert.ok(existsSync(join(dir, 'node_modules', '.package-lock.json')), 'npm start installed the dependencies');

    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    const portal = page.locator('customer-portal');
    // The demo mints a session for the first seeded customer on its own; the portal shows their data.
    await page.locator('#server-status', { hasText: /^Reference server http/ }).waitFor();
    // The customer the demo picked, by the name the reference server lists ("cus-typical — Acme Inc (…)").
    const option = await page.locator('#customer option:checked').innerText();
    const name = /^\S+ — (.+?) \(/.exec(option)?.[1];
    assert.ok(name, `the demo lists the server's customers: ${option}`);
    await portal.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    await portal.getByText(name, { exact: true }).waitFor();
    await portal.getByText('Prepaid wallet').waitFor();
    assert.deepEqual(errors, [], 'no uncaught errors on the demo page');
    assert.doesNotMatch(started.output(), /ERR_MODULE_NOT_FOUND|Error:/, 'npm start printed no error');
  });
});
