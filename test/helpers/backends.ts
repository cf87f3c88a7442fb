/**
 * Test-only: loads adapters before a test file's suites run. The element
 * loads its adapter lazily (its own chunk); in the dev server a cold import
 * can take longer than a test's waits, which are about the element, not
 * about module loading. The lazy path itself is tested in
 * test/unit/backends.test.ts.
 */
import { loadBackend } from '../../src/backends/registry.js';

export function preloadBackends(...names: string[]): void {
  before(async () => {
    await Promise.all(names.map((name) => loadBackend(name)));
  });
}
