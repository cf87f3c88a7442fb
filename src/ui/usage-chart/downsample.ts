/**
 * Downsampling of chart lines to the plot's pixel width, so Chart.js never
 * lays out and strokes more points than it can show. Pure, no DOM.
 */

/** One point of a line: `x` is the bucket index, `y` the exact value. */
export interface XY {
  x: number;
  y: number;
}

/**
 * At most `target` of `points`, as the very objects passed in (exact values):
 * the first and the last point, and per equal slice of the ones between, the
 * lowest and the highest (in x order; one when they coincide). Every peak and
 * trough of the line survives, so its envelope at pixel width is unchanged;
 * min/max per slice is what a pixel column would show anyway.
 *
 * `points` must be in x order. Returns `points` itself when it already fits.
 */
export function downsampleMinMax<P extends XY>(points: readonly P[], target: number): readonly P[] {
  const n = points.length;
  const limit = Math.floor(target);
  if (n <= limit) return points;
  if (limit < 1) return [];
  const first = points[0]!;
  const last = points[n - 1]!;
  if (limit < 4) return limit === 1 ? [first] : [first, last];

  const slices = Math.floor((limit - 2) / 2);
  const inner = n - 2;
  const out: P[] = [first];
  for (let s = 0; s < slices; s++) {
    const from = 1 + Math.floor((s * inner) / slices);
    const to = 1 + Math.floor(((s + 1) * inner) / slices);
    if (from >= to) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const y = points[i]!.y;
      if (y < points[lo]!.y) lo = i;
      if (y > points[hi]!.y) hi = i;
    }
    if (lo === hi) out.push(points[lo]!);
    else if (lo < hi) out.push(points[lo]!, points[hi]!);
    else out.push(points[hi]!, points[lo]!);
  }
  out.push(last);
  return out;
}
