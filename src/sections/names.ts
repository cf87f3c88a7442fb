/**
 * The sections' names: apart from the registry (which loads their code) so a
 * server build can name them without importing any section.
 */
/** Every section's name (its folder and its `sections="…"` name where public). */
export type SectionName =
  | 'wallet'
  | 'subscriptions'
  | 'forecast'
  | 'usage-trend'
  | 'usage-limits'
  | 'billing-history'
  | 'credit-wallet'
  | 'transactions'
  | 'invoices'
  | 'usage-range'
  | 'usage-chart'
  | 'usage-forecast'
  | 'usage-breakdown'
  | 'period-usage'
  | 'payment-methods'
  | 'billing-details';

/** The names a host may list in `sections="…"`, in the order the README documents them. */
export const PUBLIC_SECTIONS: readonly SectionName[] = ['wallet', 'subscriptions', 'usage-trend', 'usage-limits', 'forecast', 'transactions', 'invoices'];
