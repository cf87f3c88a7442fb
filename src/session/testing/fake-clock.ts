/**
 * A fake clock with injectable timers, for unit tests of time-driven code
 * (session expiry, retry backoff, request timeouts). Test-only: nothing in
 * the shipped element imports it.
 */
import type { SessionTimers } from '../session.js';

interface Task {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets pending promise callbacks (and real-`fetch` plumbing) run. */
export async function flushMicrotasks(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
}

export class FakeClock {
  private nowMs: number;
  private seq = 0;
  private readonly tasks = new Map<number, Task>();

  constructor(start: Date | number = Date.UTC(2026, 7, 22, 10, 0, 0)) {
    this.nowMs = start instanceof Date ? start.getTime() : start;
  }

  readonly now = (): number => this.nowMs;
  readonly date = (): Date => new Date(this.nowMs);

  readonly timers: SessionTimers = {
    setTimeout: (fn: () => void, ms: number): unknown => {
      this.seq += 1;
      this.tasks.set(this.seq, { at: this.nowMs + Math.max(0, ms), seq: this.seq, fn });
      return this.seq;
    },
    clearTimeout: (handle: unknown): void => {
      if (typeof handle === 'number') this.tasks.delete(handle);
    },
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.tasks.size;
  }

  /** Delays (from now) of the pending timers, soonest first. */
  pendingDelays(): number[] {
    return [...this.tasks.values()].map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /**
   * Advances the clock by `ms`, firing due timers in order and letting
   * promise callbacks run between them (so timers they set are honoured).
   */
  async tick(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    await flushMicrotasks();
    for (;;) {
      const due = [...this.tasks.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.tasks.delete(due.seq);
      this.nowMs = Math.max(this.nowMs, due.at);
      due.fn();
      await flushMicrotasks();
    }
    this.nowMs = target;
  }

  /** Moves the wall clock without firing timers (a laptop waking from sleep). */
  jump(ms: number): void {
    this.nowMs += ms;
  }
}
