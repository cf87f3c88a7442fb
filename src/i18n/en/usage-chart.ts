/**
 * Strings only the chart element draws (the "so far" label and note, the
 * table's column heads): registered by usage-chart.ts, which loads lazily,
 * so they stay out of the first chunk.
 */
export const usageChart = {
  'usage.chart.soFar': 'so far',
  'usage.chart.partialNoteDay': 'Last point (hollow, dotted line): today so far, as of {time}.',
  'usage.chart.partialNoteHour': 'Last point (hollow, dotted line): this hour so far, as of {time}.',
  'usage.chart.partialNoteDayNoTime': 'Last point (hollow, dotted line): today so far.',
  'usage.chart.partialNoteHourNoTime': 'Last point (hollow, dotted line): this hour so far.',
  'usage.chart.column': '{feature} ({unit})',
} as const;
