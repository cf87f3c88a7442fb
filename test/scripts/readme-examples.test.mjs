// The README's commands run as written: every `npm test -- <words>` selects
// steps, every `npm run <script>` and `node <file> --flag` names a script and a
// flag that exist, and the curl examples answer against `npm run server`.
// (`npm start` and `npm test` themselves are run by test/e2e/quick-start and by
// CI.) A README edit that breaks an example fails here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectSteps } from '../../scripts/test.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRIPTS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/** Fenced blocks of the given languages, with their text. */
function blocks(langs) {
  return [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => langs.includes(m[1])).map((m) => m[2]);
}
/** Commands in `inline code` and in sh blocks (continuation lines joined, comments dropped). */
function commands() {
  const inline = [...README.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/`((?:npm|node) [^`]+)`/g)].map((m) => m[1]);
  const fenced = blocks(['sh', 'bash']).flatMap((b) =>
    b
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => /^(npm|node) /.test(l)),
  );
  return [...new Set([...inline, ...fenced])];
}

describe('README commands', () => {
  const all = commands();

  it('finds the commands (the quick start, npm test with words, npm run, node scripts)', () => {
    for (const expected of ['npm start', 'npm test', 'npm run server', 'npm run bench']) assert.ok(all.includes(expected), `${expected} in ${all.join(' | ')}`);
    assert.ok(all.some((c) => /^npm test -- \S/.test(c)), 'an npm test example with words');
  });

  it('every `npm test -- <words>` selects steps (a word that named none would exit 2)', () => {
    for (const command of all.filter((c) => c.startsWith('npm test -- '))) {
      const words = command.slice('npm test -- '.length).split(/\s+/);
      const steps = selectSteps(words);
      assert.ok(steps.length >= words.length, `${command} → ${steps.map((s) => s.name).join(', ')}`);
    }
  });

  it('every `npm <script>` names a package.json script', () => {
    for (const command of all.filter((c) => c.startsWith('npm '))) {
      const m = /^npm (?:run )?([\w:-]+)/.exec(command);
      if (!m || m[1] === 'install' || m[1] === 'ci') continue; // a merchant's own install, not ours
      assert.ok(SCRIPTS[m[1]], `${command}: package.json has no "${m[1]}" script`);
    }
  });

  it('every `node <file> --flag` names a file that exists and flags it reads', () => {
    const nodeCommands = all.filter((c) => c.startsWith('node '));
    assert.ok(nodeCommands.length > 0);
    for (const command of nodeCommands) {
      const args = command.split(/\s+/).slice(1);
      const file = args.find((a) => !a.startsWith('-'));
      assert.ok(file && existsSync(join(ROOT, file)), `${command}: ${file} exists`);
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const flag of args.filter((a) => /^--[\w-]+$/.test(a) && a !== '--test')) assert.ok(source.includes(`'${flag}'`), `${command}: ${file} reads ${flag}`);
    }
  });

  it('the flags the README gives `npm run bench` are the bench script\'s', () => {
    const paragraph = README.split(/\n\n/).find((p) => p.includes('`npm run bench` builds'));
    assert.ok(paragraph, 'the Performance paragraph');
    const flags = [...paragraph.matchAll(/`(--[\w-]+)/g)].map((m) => m[1]);
    assert.ok(flags.length >= 2, flags.join(' '));
    const bench = readFileSync(join(ROOT, 'scripts/bench.mjs'), 'utf8');
    for (const flag of flags) assert.ok(bench.includes(`'${flag}'`), `scripts/bench.mjs reads ${flag}`);
  });
});

describe('README curl examples against `npm run server`', { timeout: 120_000 }, () => {
  let server;
  let base;
  before(async () => {
    const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
    // `npm run server` as written; PORT=0 so a developer's own server on 8787 does not collide.
    server = spawn('npm', ['run', 'server'], { cwd: ROOT, env: { ...env, PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.setEncoding('utf8').on('data', (chunk) => {
        out += chunk;
        const m = /Reference portal API on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(out);
        if (m) resolve(m[1]);
      });
      server.stderr.setEncoding('utf8').on('data', (chunk) => (out += chunk));
      server.on('exit', (code) => reject(new Error(`npm run server exited (${code}):\n${out}`)));
    });
  });
  after(() => {
    if (server && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  });

  /** Runs one README curl command (host rewritten to the server's port, `<token>` to the last minted token). */
  function curl(command, token) {
    const line = command.replaceAll('http://127.0.0.1:8787', base).replaceAll('<token>', token ?? '<token>');
    // The status on a last line of its own; -sS: quiet but errors shown.
    const out = execFileSync('bash', ['-c', line.replace(/^curl /, `curl -sS -w '\\n%{http_code}' `)], { encoding: 'utf8' });
    const lines = out.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: JSON.parse(lines.join('\n')) };
  }

  const curlBlocks = blocks(['sh', 'bash'])
    .map((b) => b.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.startsWith('curl ')))
    .filter((cmds) => cmds.length > 0);

  it('finds the Polar and Lago examples', () => {
    assert.equal(curlBlocks.length, 2, curlBlocks.flat().join('\n'));
  });

  for (const [i, cmds] of curlBlocks.entries()) {
    it(`example ${i + 1} (${cmds.length} command${cmds.length > 1 ? 's' : ''}) answers as the README says`, () => {
      let token;
      for (const command of cmds) {
        const { status, body } = curl(command, token);
        assert.ok(status >= 200 && status < 300, `${command}\n→ ${status} ${JSON.stringify(body)}`);
        assert.equal(body.errors, undefined, `${command}\n→ GraphQL errors ${JSON.stringify(body.errors)}`);
        if (typeof body.token === 'string') token = body.token;
        else assert.ok(body.data && Object.values(body.data).every((v) => v !== null), `${command}\n→ ${JSON.stringify(body)}`);
      }
      assert.ok(token, 'the example minted a session');
    });
  }
});
