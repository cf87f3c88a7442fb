// Small statistics helpers for the bench (pure; unit-testable).

/** Median of finite numbers; null for none. */
export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export function max(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? Math.max(...xs) : null;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
}

/**
 * Request waves: the longest chain of requests in which each one starts only
 * after the one before it in the chain has ended. Requests that overlap (or
 * start together) are one wave; a request that could only start once another
 * answered is a second wave. `slackMs` absorbs timer jitter: a request that
 * starts within `slackMs` after another ended is not counted as waiting for it.
 * @param {{ start: number, end: number }[]} requests
 */
export function countWaves(requests, slackMs = 1) {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth = [];
  let deepest = 0;
  for (let i = 0; i < sorted.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j].end + slackMs <= sorted[i].start) d = Math.max(d, depth[j] + 1);
    depth.push(d);
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

/** The requests of each wave, for the report: [[paths of wave 1], [paths of wave 2], …]. */
export function wavesOf(requests, slackMs = 1) {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth = [];
  for (let i = 0; i < sorted.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j].end + slackMs <= sorted[i].start) d = Math.max(d, depth[j] + 1);
    depth.push(d);
  }
  const out = [];
  sorted.forEach((r, i) => (out[depth[i] - 1] ??= []).push(r));
  return out;
}
