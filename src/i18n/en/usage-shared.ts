/**
 * Strings shared by the usage chart and the Overview's trend (keys start with
 * 'usage.'): in the first chunk, because the Overview shows a chart and its
 * 1d / 7d / 30d range buttons.
 */
export const usageShared = {
  'usage.range.label': 'Date range',
  'usage.range.1d': '1d',
  'usage.range.7d': '7d',
  'usage.range.30d': '30d',
  'usage.range.1d.long': 'Last 24 hours',
  'usage.range.7d.long': 'Last 7 days',
  'usage.range.30d.long': 'Last 30 days',
  'usage.chart.legend': 'Features in the chart (select to show or hide)',
  'usage.chart.showTable': 'Show as table',
  'usage.chart.hideTable': 'Hide table',
  'usage.chart.time': 'Time',
  'usage.chart.partial': '{time} (so far)',
  'usage.chart.summary': '{label}: line chart of {count} features from {from} to {to}. {totals}Choose "Show as table" for every value.',
  'usage.chart.summaryOne': '{label}: line chart of 1 feature from {from} to {to}. {totals}Choose "Show as table" for every value.',
  'usage.chart.failed': 'The chart could not be loaded, so the values are shown as a table.',
  'usage.chart.loading': 'Loading chart…',
} as const;
