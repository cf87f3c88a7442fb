/** Strings shared by every part of the portal. */
export const common = {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.error.title': 'Something went wrong',
  'common.error.network': 'We could not reach the billing service. Check your connection and try again.',
  'common.error.timeout': 'The billing service took too long to answer.',
  'common.error.data': 'The billing service sent data we could not read.',
  'common.error.status': 'The billing service answered with an error ({status}).',
  'common.empty': 'Nothing to show yet.',
  'common.exportCsv': 'Export CSV',
  'common.none': '—',
  'common.timesIn': 'Times in {zone}',
  'common.previous': 'Previous',
  'common.next': 'Next',
  'common.close': 'Close',
} as const;
