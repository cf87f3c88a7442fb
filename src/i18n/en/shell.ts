/** Strings of the root element: tabs and session states. */
export const shell = {
  'shell.label': 'Billing',
  'shell.labelFor': 'Billing for {name}',
  'shell.tabs': 'Billing sections',
  'shell.tab.overview': 'Overview',
  'shell.tab.credits': 'Credits',
  'shell.tab.invoices': 'Invoices',
  'shell.tab.usage': 'Usage',
  'shell.session.expired.title': 'Your session has expired',
  'shell.session.expired.body': 'Your billing details will reload as soon as the session is renewed.',
  'shell.session.missing.title': 'No session',
  'shell.session.missing.body': 'This billing view needs a session token from the app it is embedded in.',
  'shell.session.malformed.title': 'Invalid session',
  'shell.session.malformed.body': 'The session token is not a valid portal token. Ask the app for a new link.',
  'shell.session.refreshing': 'Renewing your session…',
  'shell.loading': 'Loading your billing details…',
} as const;
