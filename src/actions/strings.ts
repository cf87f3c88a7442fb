/**
 * The English strings of the action dialogs (the actions chunk only). Not yet
 * in the translated message tables: a translated portal shows these in English
 * until they join `i18n/` (the buttons in the cards are translated).
 */
import { interpolate } from '../i18n/index.js';

const strings = {
  'topUp.title': 'Add credits',
  'topUp.field': 'Credits to add',
  'topUp.equivalent': '{credits} credits cost {amount}',
  'topUp.consequence': 'You will be charged {amount} on the payment provider’s page, which opens in a new tab. The credits are added once the payment is confirmed.',
  'topUp.confirm': 'Continue to payment',
  'topUp.consequenceInvoiced': 'An invoice of {amount} is issued and charged to your payment method on file. The credits are added once it is paid.',
  'topUp.confirmInvoiced': 'Add credits',
  'topUp.pending': 'Payment pending: your balance updates once the payment is confirmed.',
  'topUp.invoiced': 'Top-up requested: an invoice was issued; the credits are added once it is paid.',
  'topUp.done': 'Credits added: your balance is {balance} credits.',
  'topUp.timeout': 'The payment is not confirmed yet. Your balance updates here once it is.',
  'topUp.unanswered': 'The billing service did not answer, so we cannot tell whether the top-up was made. Your balance now shows {balance} credits. Try again to resume the same top-up: it is never charged twice.',
  'topUp.unansweredInvoiced': 'The billing service did not answer, so we cannot tell whether the top-up was made. Your balance now shows {balance} credits. Check your invoices before trying again: another attempt is another top-up.',
  'topUp.problem.number': 'Enter a number of credits, such as 100 or 12.5.',
  'topUp.problem.positive': 'Enter a number of credits greater than zero.',
  'topUp.problem.too-many': 'That is more credits than can be added at once.',
  'topUp.problem.below-min': 'The smallest top-up is {min}.',
  'topUp.problem.above-max': 'The largest top-up is {max}.',
  'pay.title': 'Pay invoice {number}',
  'pay.consequence': 'You will be charged {amount} on the payment provider’s page, which opens in a new tab.',
  'pay.consequenceSavedCard': 'Your saved default card is charged {amount} now.',
  'pay.requiresAction': 'Your bank asks you to confirm this payment. Finish it in the billing portal, which opens in a new tab.',
  'pay.requiresActionNoLink': 'Your bank asks you to confirm this payment. Finish it in your billing portal.',
  'pay.portalLink': 'Open the billing portal',
  'pay.confirm': 'Pay {amount}',
  'pay.pending': 'Payment started: the invoice shows as paid once the payment is confirmed.',
  'pay.done': 'Paid: the invoice is settled.',
  'pay.unanswered': 'The billing service did not answer, so we cannot tell whether the payment was started. The invoice list was reloaded; try again to resume the same payment.',
  'checkout.failed': 'The payment was not completed. Nothing was added.',
  'checkout.link': 'Open the payment page',
  'retry': 'Try again',
  'cancel': 'Cancel',
  'close': 'Close',
} as const;

export type ActionStringKey = keyof typeof strings;

export const actionText = (key: ActionStringKey, params?: Record<string, string | number>): string => interpolate(strings[key], params);
