/** What a usage chart draws: plain data, built by the usage rows and drawn by `cp-usage-chart`. */

/** One value of a series; `time` is the start of the bucket it belongs to. */
export interface ChartPoint {
  time: Date;
  value: number;
}

/** One line of the chart (one feature). */
export interface ChartSeries {
  /** Stable key: keeps a line's colour, style and hidden state across data changes. */
  key: string;
  label: string;
  unitSingular: string;
  unitPlural: string;
  points: ChartPoint[];
  /** Preformatted total shown in the legend ("1,250 calls"), optional. */
  total?: string;
}
