/**
 * Test-only stand-ins for what a test must not really do in the browser:
 * open a window, or print to the console (a test asserts what was logged).
 * Each returns its record and a `restore()` that puts the real one back.
 */

/** `window.open`, recorded. */
export interface WindowOpenStub {
  /** The arguments of every call, in order. */
  readonly calls: unknown[][];
  restore(): void;
}

/** Records `window.open` calls instead of opening anything (each answers null, as a blocked pop-up). */
export function stubWindowOpen(): WindowOpenStub {
  const original = window.open;
  const calls: unknown[][] = [];
  window.open = ((...args: unknown[]) => {
    calls.push(args);
    return null;
  }) as typeof window.open;
  return {
    calls,
    restore() {
      window.open = original;
    },
  };
}

/** Every test of the calling suite runs with `window.open` recorded: `calls` are the current test's. */
export function useWindowOpenStub(): { readonly calls: unknown[][] } {
  let stub: WindowOpenStub | null = null;
  beforeEach(() => {
    stub = stubWindowOpen();
  });
  afterEach(() => {
    stub?.restore();
    stub = null;
  });
  return {
    get calls() {
      return stub?.calls ?? [];
    },
  };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** `console`, recorded. */
export interface ConsoleCapture {
  /** The arguments of every log, warning, error… in order, as passed. */
  readonly calls: unknown[][];
  /** Each call's arguments as strings joined by spaces, one line per call. */
  text(): string;
  restore(): void;
}

/** Records `console.log`, `info`, `warn`, `error` and `debug` instead of printing. */
export function captureConsole(): ConsoleCapture {
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  const calls: unknown[][] = [];
  for (const m of CONSOLE_METHODS) console[m] = (...args: unknown[]) => void calls.push(args);
  return {
    calls,
    text: () => calls.map((args) => args.map(String).join(' ')).join('\n'),
    restore() {
      CONSOLE_METHODS.forEach((m, i) => (console[m] = saved[i]!));
    },
  };
}
