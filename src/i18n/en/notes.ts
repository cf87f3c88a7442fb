/**
 * The titles and one-line notes a panel shows in place of a section the
 * backend cannot supply: in the first chunk, because the panel renders them
 * without loading the section's code (or its area's strings).
 */
export const notes = {
  'credits.history.heading': 'Transaction history',
  'credits.history.unavailable': 'This billing system keeps no transaction history for wallets.',
  'overview.trend.unavailable': 'This billing system keeps no usage history, so there is no trend to show.',
  'overview.trend.title': 'Usage trend',
} as const;
