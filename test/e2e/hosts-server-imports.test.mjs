// Server and edge imports of the packed package: a merchant's server render
// (Next.js, SvelteKit, Nuxt, in Node or on an edge runtime) may import any entry
// point, and must never crash because it did. Node always adds the `node`
// condition, so the edge case is also checked the way edge bundles are made:
// esbuild with the edge conditions (`edge-light`, `worker`, `browser`, no `node`),
// run in a V8 context with only the web globals an edge runtime has (no DOM).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { ensureBuilt, packPackage, PACKAGE_NAME, ROOT } from '../../demo/hosts/prepare.mjs';

const ENTRIES = ['', '/define', '/react'];
const NODE_CONDITIONS = [[], ['--conditions=worker'], ['--conditions=browser'], ['--conditions=edge-light'], ['--conditions=workerd']];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('server and edge imports of the packed package', () => {
  let app;
  before(() => {
    ensureBuilt({ log: (m) => console.log(`# ${m}`) });
    const { tarball } = packPackage();
    app = mkdtempSync(join(tmpdir(), 'customer-portal-server-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'server-app', private: true, type: 'module' }));
    const react = JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("react/package.json").version)'], { cwd: ROOT, encoding: 'utf8' }));
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel', 'error', tarball, `react@${react}`, `react-dom@${react}`], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  after(() => app && rmSync(app, { recursive: true, force: true }));

  for (const conditions of NODE_CONDITIONS) {
    for (const entry of ENTRIES) {
      it(`node ${conditions.join(' ') || '(default conditions)'}: import('${PACKAGE_NAME}${entry}') does not throw and registers nothing`, () => {
        const code = `const m = await import('${PACKAGE_NAME}${entry}');
          if (!Object.keys(m).length) throw new Error('no exports');
          if (typeof customElements !== 'undefined' && customElements.get('customer-portal')) throw new Error('registered on the server');
          console.log('ok');`;
        const out = execFileSync(process.execPath, [...conditions, '--input-type=module', '-e', code], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        assert.equal(out.trim(), 'ok');
      });
    }
  }

  it('has the same exports on a server as in the browser, constants included', async () => {
    for (const [entry, browserFile] of [['', 'index.js'], ['/define', 'define.js']]) {
      const server = await import(join(app, 'node_modules', PACKAGE_NAME, 'dist/npm/ssr', browserFile));
      // In Node the browser files load Lit's Node build, which needs no DOM.
      const browser = await import(join(app, 'node_modules', PACKAGE_NAME, 'dist/npm', browserFile));
      assert.deepEqual(Object.keys(server).sort(), Object.keys(browser).sort(), `${PACKAGE_NAME}${entry}: same export names`);
      if (entry === '') {
        assert.deepEqual(server.PORTAL_TABS, browser.PORTAL_TABS);
        assert.deepEqual(server.DEFAULT_PORTAL_CONFIG, browser.DEFAULT_PORTAL_CONFIG);
      }
    }
  });

  it('names every public property of <customer-portal> on the server class (the React wrapper must not render them as attributes)', async () => {
    const { CustomerPortal: real } = await import(join(app, 'node_modules', PACKAGE_NAME, 'dist/npm/customer-portal/customer-portal.js'));
    const { CUSTOMER_PORTAL_PROPERTIES } = await import(join(app, 'node_modules', PACKAGE_NAME, 'dist/npm/ssr/elements.js'));
    assert.deepEqual([...CUSTOMER_PORTAL_PROPERTIES].sort(), [...real.elementProperties].filter(([, options]) => !options.state).map(([name]) => name).sort());
  });

  for (const entry of ENTRIES) {
    it(`an edge bundle (esbuild, edge-light/worker/browser conditions) of ${PACKAGE_NAME}${entry} runs without a DOM`, async () => {
      const react = entry === '/react';
      const source = react
        ? `import { createElement } from 'react';
           import { renderToString } from 'react-dom/server.edge';
           import { CustomerPortal } from '${PACKAGE_NAME}/react';
           globalThis.result = renderToString(createElement(CustomerPortal, { token: 'secret-token', apiBase: 'https://api.example/v1', id: 'billing' }));`
        : `import * as m from '${PACKAGE_NAME}${entry}'; globalThis.result = Object.keys(m).join(',');`;
      const bundle = await build({
        stdin: { contents: source, resolveDir: app, loader: 'js' },
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'neutral',
        mainFields: ['module', 'main'],
        conditions: ['edge-light', 'worker', 'browser', 'import', 'module'],
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'silent',
      });
      // What an edge runtime offers: the web platform's non-DOM globals.
      const context = vm.createContext({
        console,
        URL,
        URLSearchParams,
        TextEncoder,
        TextDecoder,
        Event,
        EventTarget,
        CustomEvent,
        AbortController,
        AbortSignal,
        Headers,
        Request,
        Response,
        fetch,
        crypto,
        atob,
        btoa,
        queueMicrotask,
        structuredClone,
        setTimeout,
        clearTimeout,
        setInterval,
        clearInterval,
        MessageChannel,
        ReadableStream,
        WritableStream,
        TransformStream,
      });
      vm.runInContext(bundle.outputFiles[0].text, context, { filename: `edge${entry || '/index'}.js` });
      assert.equal(vm.runInContext('typeof HTMLElement', context), 'undefined', 'no DOM in the edge context');
      const result = vm.runInContext('globalThis.result', context);
      if (react) {
        assert.match(result, /^<customer-portal id="billing"/, `renders the tag: ${result}`);
        assert.doesNotMatch(result, /secret-token|api\.example/, 'element properties (the token!) are not rendered as attributes');
      } else {
        assert.ok(result.length > 0, 'exports something');
      }
    });
  }
});
