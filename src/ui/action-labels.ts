/**
 * The labels of the action buttons in the sections added with the Polar and Lago actions (cancel,
 * billing details, cards, documents). English only, like the dialogs' texts (src/actions/strings.ts):
 * they join the translated tables with them. Loaded with the sections that show them, never with the
 * first chunk's code paths of a read-only page (no button is rendered without `actions`).
 */
import { interpolate } from '../i18n/index.js';

const labels = {
  cancel: 'Cancel',
  'cancel.label': 'Cancel {plan}',
  resume: 'Resume',
  'resume.label': 'Resume {plan}',
  edit: 'Edit',
  'edit.label': 'Edit billing details',
  remove: 'Remove',
  'remove.label': 'Remove {card}',
  makeDefault: 'Make default',
  'makeDefault.label': 'Make default: {card}',
  addCard: 'Add a card in the billing portal',
  addCardHere: 'Add a card',
  'cards.title': 'Payment methods',
  'cards.empty': 'No saved payment method.',
  'cards.default': 'Default',
  'cards.name': '{brand} ending in {last4}',
  'billing.title': 'Billing details',
  'billing.empty': 'Not set',
  'billing.name': 'Name',
  'billing.email': 'E-mail',
  'billing.addressLine1': 'Address',
  'billing.addressLine2': 'Address line 2',
  'billing.city': 'City',
  'billing.postalCode': 'Postal code',
  'billing.state': 'State or region',
  'billing.country': 'Country (2-letter code)',
  'billing.taxId': 'Tax ID',
  generatePdf: 'Generate PDF',
  'generatePdf.label': 'Generate PDF of invoice {number}',
} as const;

export type ActionLabel = keyof typeof labels;

export const actionLabel = (key: ActionLabel, params?: Record<string, string>): string => interpolate(labels[key], params);
