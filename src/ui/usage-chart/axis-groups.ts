/**
 * Which lines of the usage chart share a y-axis. Pure: no DOM, no Chart.js.
 *
 * Decision (issue 13, after looking at the typical and heavy-usage customers):
 * the chart is drawn as small multiples that share the time axis — a stack of
 * bands, one y-axis each — rather than one axis on each side of a single plot.
 * Two side-by-side axes hold two units at most; the typical customer has three
 * (GPU hours, requests, GB) and the heavy one eleven, and lines crossing over
 * each other's scales read worse than stacked bands.
 *
 * Lines share a band only when they have the same unit AND a comparable size:
 * within one unit a line whose peak is under 1/`ratio` of the band's largest
 * peak would lie flat again, so it starts a band of its own (same unit).
 * A line that is zero throughout joins its unit's first band (flat is its true shape).
 * Bands keep the order the lines come in (the legend's order).
 */

export interface AxisLine {
  unitSingular: string;
  unitPlural: string;
  /** Largest value of the line over the range (≥ 0 for usage). */
  peak: number;
}

export interface AxisGroup {
  /** Chart.js scale id of the band: 'y0', 'y1', … in band order. */
  id: string;
  unitSingular: string;
  unitPlural: string;
  /** Indices (into the lines given) of the lines drawn on this band, in order. */
  lines: number[];
}

/** Default: a line under a quarter of its band's largest peak gets a band of its own. */
export const BAND_RATIO = 4;

function unitKey(line: AxisLine): string {
  return `${line.unitSingular}\u0000${line.unitPlural}`;
}

/**
 * Groups `lines` into y-axis bands by unit and size (see the module comment).
 * Every line index appears in exactly one band; bands are ordered by their
 * first line's index.
 */
export function groupAxes(lines: readonly AxisLine[], ratio = BAND_RATIO): AxisGroup[] {
  type Band = { key: string; unitSingular: string; unitPlural: string; max: number; lines: number[] };
  const bands: Band[] = [];
  // Largest lines first within a unit, so a band's maximum is known before smaller lines are placed.
  const order = lines
    .map((line, index) => ({ line, index, peak: Number.isFinite(line.peak) ? Math.abs(line.peak) : 0 }))
    .sort((a, b) => b.peak - a.peak || a.index - b.index);
  for (const { line, index, peak } of order) {
    const key = unitKey(line);
    const sameUnit = bands.filter((b) => b.key === key);
    const home = peak === 0 ? sameUnit[0] : sameUnit.find((b) => peak * ratio >= b.max);
    if (home) home.lines.push(index);
    else bands.push({ key, unitSingular: line.unitSingular, unitPlural: line.unitPlural, max: peak, lines: [index] });
  }
  return bands
    .map((b) => ({ ...b, lines: b.lines.sort((x, y) => x - y) }))
    .sort((a, b) => a.lines[0]! - b.lines[0]!)
    .map((b, i) => ({ id: `y${i}`, unitSingular: b.unitSingular, unitPlural: b.unitPlural, lines: b.lines }));
}

/** The band id of every line (index → 'yN'). */
export function axisOfLine(groups: readonly AxisGroup[], count: number): string[] {
  const out = Array.from({ length: count }, () => 'y0');
  for (const g of groups) for (const i of g.lines) out[i] = g.id;
  return out;
}
