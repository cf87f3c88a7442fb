/**
 * Test-only: what a test starts (a fetch stub, a seeded server) is restored after it, whether it passed or not.
 */

/** The calling suite's `start`: whatever a test starts with it is restored after that test. */
export function restoredAfterEach<A extends unknown[], T extends { restore(): void }>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let current: T | undefined;
  afterEach(() => {
    current?.restore();
    current = undefined;
  });
  return async (...args) => (current = await start(...args));
}
