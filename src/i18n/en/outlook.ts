/**
 * Strings of the forecast and the wallet runway (keys start with 'outlook.'):
 * registered by outlook-view.ts, which the Overview, Credits and Usage views
 * import lazily.
 */
export const outlook = {
  'outlook.forecast.title': 'Forecast for this billing period',
  'outlook.forecast.total': 'Projected usage charges by {date}: {amount}',
  'outlook.forecast.method': 'How: usage since {from}, plus the average of the last {days} complete days ({basis}) × {left} days left in the period.',
  'outlook.forecast.history': 'No forecast yet: it needs at least {days} complete days of usage history.',
  'outlook.forecast.caption': 'Usage so far and projected by {date}, per feature',
  'outlook.forecast.feature': 'Feature',
  'outlook.forecast.soFar': 'So far',
  'outlook.forecast.projected': 'Projected by {date}',
  'outlook.forecast.cost': 'Projected cost',
  'outlook.runway.days': '≈ {days} days of credits at the last {basis} days’ average use ({daily} a day).',
  'outlook.runway.day': '≈ 1 day of credits at the last {basis} days’ average use ({daily} a day).',
  'outlook.runway.lessThanDay': 'Less than a day of credits at the last {basis} days’ average use ({daily} a day).',
  'outlook.runway.low': 'Low balance: at this rate the credits run out before the billing period ends ({date}).',
  'outlook.addCredits': 'Add credits',
  'outlook.topUpPending': 'Payment pending: the balance updates once the payment is confirmed.',
} as const;
