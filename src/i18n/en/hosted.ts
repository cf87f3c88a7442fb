/** Strings of the hosted link-out card (`backend="hosted"`). */
export const hosted = {
  'hosted.title': 'Billing portal',
  'hosted.body': 'Your invoices, payment methods and plan are managed on a secure page of our billing provider. It opens in a new tab.',
  'hosted.open': 'Open billing portal',
  'hosted.endsIn': 'This session ends {relative} ({time}).',
  'hosted.noExpiry': 'The session’s end time is not known.',
  'hosted.expiring': 'Your billing session ends {relative}.',
  'hosted.expired.title': 'Your billing session has ended',
  'hosted.expired.body': 'Request a new session to open the billing portal.',
  'hosted.renew': 'Request a new session',
  'hosted.expired.wait': 'The billing portal opens here again once the app starts a new session.',
  'hosted.renewing': 'Requesting a new session…',
  'hosted.renewFailed': 'A new session could not be started. Try again in a moment.',
  'hosted.invalid.title': 'The billing portal can’t be opened',
  'hosted.invalid.body': 'Its link is missing or is not a secure web address. Ask the app for a new link.',
} as const;
