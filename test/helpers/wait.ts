/**
 * Test-only: open-wc's `waitUntil` with a default timeout that a loaded 2-core
 * machine meets. Its own default (1 s) is a wall-clock limit in disguise: a
 * lazy module's first import goes through the dev server's transform, and
 * under load that alone has taken over a second, failing a test whose
 * condition came true a moment later. Tests wait for conditions; the time
 * things take is measured by `npm run bench`.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/** Kept under mocha's 10 s per-test timeout, so a condition that never comes true fails with its own message. */
export const WAIT_TIMEOUT_MS = 8000;

export function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: WAIT_TIMEOUT_MS, ...options }) as Promise<void>;
}
