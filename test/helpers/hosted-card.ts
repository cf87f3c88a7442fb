/**
 * The arrange block of the hosted-card tests (the card alone, and the root
 * with `backend="hosted"`): each test of the calling suite runs on a fresh
 * fake clock, which is also `<cp-hosted-card>`'s timers, with `window.open`
 * recorded instead of opening anything; both are put back after the test.
 */
import { FakeClock } from '../../src/session/testing/fake-clock.js';
import { HostedCard } from '../../src/ui/hosted-card/hosted-card.js';
import { useWindowOpenStub } from './browser-stubs.js';

/** Where the clock starts: 2026-08-22 10:00 UTC. */
export const HOSTED_START = Date.UTC(2026, 7, 22, 10, 0, 0);

export function useHostedCardStubs(): { readonly clock: FakeClock; readonly opened: unknown[][] } {
  const saved = HostedCard.timers;
  let clock = new FakeClock(HOSTED_START);
  const open = useWindowOpenStub();
  beforeEach(() => {
    clock = new FakeClock(HOSTED_START);
    HostedCard.timers = clock.timers;
  });
  afterEach(() => {
    HostedCard.timers = saved;
  });
  return {
    get clock() {
      return clock;
    },
    get opened() {
      return open.calls;
    },
  };
}
