// QA fault switches shared by every reference backend (Flexprice, Polar, …).
//
// The switch owns the mechanism: latency and jitter, a status fault with a
// failure budget (`statusCount`), `paths` narrowing, `offline`, `truncate`,
// `expireAll`, and `hold()` gates that keep matching requests until released. Each backend decides what its own failure looks like (an error
// envelope, an empty 429, its own 401 body) through the callbacks it passes.
//
//   const faults = createFaultSwitch({ envelope: 'flat' });   // backend-specific extra switches
//   faults.set({ latencyMs: 200, status: 503, statusCount: 1 });
//   const injected = await faults.before(target, applies, (status) => myFailure(status));
//   if (injected) return injected;                          // {networkError} or the backend's failure
//   res = faults.after(res, applies, isJson);               // truncation

export const COMMON_FAULTS = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  status: 0,
  statusCount: null,
  retryAfter: 1,
  paths: null,
  truncate: false,
  expireAll: false,
  offline: false,
});

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when `paths` (substrings of, or RegExps tested on, path+query) select `target`, else when the backend's default scope does. */
function selects(faults, target, inDefaultScope) {
  return faults.paths && faults.paths.length
    ? faults.paths.some((p) => (typeof p === 'string' ? target.includes(p) : p.test(target)))
    : inDefaultScope;
}

/** `options.delay(ms)` is how injected latency waits (tests pass one they release themselves). */
export function createFaultSwitch(extraDefaults = {}, options = {}) {
  const wait = options.delay ?? delay;
  const defaults = Object.freeze({ ...COMMON_FAULTS, ...extraDefaults });
  let faults = { ...defaults };
  let failuresLeft = Infinity;
  /** Gates from `hold()`: requests whose path matches wait until the gate is released. */
  let gates = [];

  return {
    /** Replaces the faults (unset keys back to defaults); `{}` clears. */
    set(f = {}) {
      faults = { ...defaults, ...f };
      failuresLeft = f.statusCount === undefined || f.statusCount === null ? Infinity : f.statusCount;
      return { ...faults };
    },
    get() {
      return { ...faults, failuresLeft: Number.isFinite(failuresLeft) ? failuresLeft : null };
    },
    /** The current switches (read-only view for backend-specific ones such as `envelope`, `expireAll`). */
    get current() {
      return faults;
    },
    /** Whether the faults apply to `target` (path + query); `inDefaultScope` is the backend's own default. */
    applies(target, inDefaultScope) {
      return selects(faults, target, inDefaultScope);
    },
    /**
     * Runs the pre-answer faults for a request they apply to: waits the latency,
     * then answers `{status: 0, networkError: true}` when offline, or
     * `failure(status)` while the status budget lasts; null to answer normally.
     */
    async before(applies, failure) {
      if (!applies) return null;
      const latency = (faults.latencyMs || 0) + (faults.jitterMs ? Math.random() * faults.jitterMs : 0);
      if (latency > 0) await wait(latency);
      if (faults.offline) return { status: 0, networkError: true, headers: {}, body: '' };
      if (faults.status && failuresLeft > 0) {
        failuresLeft -= 1;
        return failure(faults.status, faults.retryAfter ?? 1);
      }
      return null;
    },
    /**
     * Holds every request whose path matches `pattern` (RegExp, or substring)
     * until `release()`; `waiting` counts the requests held now (tests that
     * need an answer strictly after an event).
     */
    hold(pattern) {
      let open = null;
      const opened = new Promise((resolve) => (open = resolve));
      let waiting = 0;
      const gate = {
        matches: (path) => (typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path)),
        async pass() {
          waiting += 1;
          await opened;
          waiting -= 1;
        },
        get waiting() {
          return waiting;
        },
        release() {
          gates = gates.filter((g) => g !== gate);
          open();
        },
      };
      gates.push(gate);
      return gate;
    },
    /** Waits at every gate that holds `path`. */
    async pass(path) {
      for (const gate of gates) if (gate.matches(path)) await gate.pass();
    },
    releaseAll() {
      for (const gate of [...gates]) gate.release();
    },
    /** Cuts a successful JSON body in half when `truncate` is on. */
    after(res, applies, isJson) {
      if (applies && faults.truncate && res.status >= 200 && res.status < 300 && isJson(res)) {
        res.body = res.body.slice(0, Math.floor(res.body.length / 2));
      }
      return res;
    },
  };
}
