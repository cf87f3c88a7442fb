/**
 * The one set-up of `<customer-portal>`'s test seams (`CustomerPortal.testHooks`):
 * a suite calls `useTestHooks()` once, each of its tests starts with those
 * seams and ends with none, so no test leaks a clock or a retry policy into
 * the next file's.
 */
import { CustomerPortal, type CustomerPortalTestHooks } from '../../src/customer-portal/customer-portal.js';

/** Retries a millisecond or two apart: a test of a failure does not wait for the real backoff. */
export const FAST_RETRIES: CustomerPortalTestHooks = { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } };
/** No retries: the first failure is final. */
export const NO_RETRIES: CustomerPortalTestHooks = { client: { retry: false } };

/** Every test of the calling suite starts with `hooks` (fast retries unless told otherwise) and ends with none. */
export function useTestHooks(hooks: CustomerPortalTestHooks | (() => CustomerPortalTestHooks) = FAST_RETRIES): void {
  beforeEach(() => {
    CustomerPortal.testHooks = typeof hooks === 'function' ? hooks() : { ...hooks };
  });
  afterEach(() => {
    CustomerPortal.testHooks = {};
  });
}

/** Adds seams for the rest of the current test (a fake clock, say) over the suite's. */
export function addTestHooks(more: CustomerPortalTestHooks): void {
  CustomerPortal.testHooks = { ...CustomerPortal.testHooks, ...more };
}
