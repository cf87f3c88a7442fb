// @web/test-runner in Debian's Chromium (never a downloaded browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';

/**
 * Serves the custom elements manifest exactly as `npm run build` generates it
 * (the analyzer with custom-elements-manifest.config.mjs, not written to disk),
 * so tests can check the documented surface against the DOM without a build.
 */
let manifest = null;
const manifestPlugin = {
  name: 'custom-elements-manifest',
  serverStart() {
    // Generated once per run, while the browser starts.
    manifest = import('@custom-elements-manifest/analyzer/cli.js').then(({ cli }) =>
      cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], cwd: process.cwd(), noWrite: true }),
    );
  },
  async serve(context) {
    if (context.path !== '/__cem/custom-elements.json') return undefined;
    return { body: JSON.stringify(await manifest), type: 'json' };
  },
};

export default {
  files: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
  nodeResolve: true,
  // Lit's dev-mode banner on every file is noise; real warnings still show.
  filterBrowserLogs: ({ args }) => !args.some((a) => typeof a === 'string' && a.includes('Lit is in dev mode')),
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
  plugins: [manifestPlugin, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, headless: true },
    }),
  ],
};
