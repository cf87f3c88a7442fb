/**
 * Lago's writes (contract portal-actions.md §3), a lazily loaded chunk of its
 * own (`LagoBackend.loadActions`): the three customer-portal mutations the
 * merchant's proxy can allow, one per action: `top-up`
 * (`createCustomerPortalWalletTransaction`), `billing-details`
 * (`updateCustomerPortalCustomer`), `invoice-documents`
 * (`downloadCustomerPortalInvoice`). No gate call: the proxy's allow-list is
 * the merchant's, the top-up range (`paidTopUpMin/MaxAmountCents`) validates
 * the amount and hides nothing.
 *
 * - Every mutation is sent once (`idempotent: false`). Lago has no
 *   idempotency: a re-sent top-up is a second pending transaction and a second
 *   invoice, so after a network error the caller refetches and asks.
 * - A top-up is invoiced and charged in the background: the result has no
 *   checkout (`checkout: null`) and no invoice yet; the credits land when the
 *   credit invoice is paid.
 * - Lago's HTTP-200 `errors[]` (`extensions {status: 422, code:
 *   "unprocessable_entity", details: {field: [code]}}`) become `ApiError.fields`
 *   with readable messages; a country outside `CountryCode` (a request-level
 *   coercion error) is caught before sending and, should Lago refuse one
 *   anyway, pinned on `country`.
 */
import type {
  ActionName,
  BackendActions,
  BillingDetails,
  BillingDetailsChanges,
  BillingField,
  TopUpRange,
  TopUpRequest,
  TopUpResult,
} from '../../api/actions.js';
import { ApiError } from '../../api/errors.js';
import { abortedError } from '../../api/http.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import { asObject, isObject, optNonEmpty, type Json } from '../../api/validate.js';
import type { LagoClient } from './client.js';
import { centsToDecimal } from './mapping.js';

const SUPPORTED: readonly ActionName[] = ['top-up', 'billing-details', 'invoice-documents'];

/** `BillingField` → `CustomerPortalCustomer` / `UpdateCustomerPortalCustomerInput` key. */
const KEYS: Readonly<Record<BillingField, string>> = {
  name: 'name',
  email: 'email',
  addressLine1: 'addressLine1',
  addressLine2: 'addressLine2',
  city: 'city',
  postalCode: 'zipcode',
  state: 'state',
  country: 'country',
  taxId: 'taxIdentificationNumber',
};
const FIELDS = Object.keys(KEYS) as BillingField[];
const CUSTOMER_FIELDS = Object.values(KEYS).join(' ');

export const WALLET_RANGE_QUERY =
  'query LagoPortalWalletRange($id: ID!) { customerPortalWallet(id: $id) { id currency rateAmount paidTopUpMinAmountCents paidTopUpMaxAmountCents } }';
export const BILLING_DETAILS_QUERY = `query LagoPortalBillingDetails { customerPortalUser { id ${CUSTOMER_FIELDS} } }`;
export const TOP_UP_MUTATION =
  'mutation LagoPortalTopUp($input: CreateCustomerPortalWalletTransactionInput!) { createCustomerPortalWalletTransaction(input: $input) { collection { id status } } }';
export const UPDATE_CUSTOMER_MUTATION = `mutation LagoPortalUpdateCustomer($input: UpdateCustomerPortalCustomerInput!) { updateCustomerPortalCustomer(input: $input) { id ${CUSTOMER_FIELDS} } }`;
export const DOWNLOAD_INVOICE_MUTATION =
  'mutation LagoPortalDownloadInvoice($input: DownloadCustomerPortalInvoiceInput!) { downloadCustomerPortalInvoice(input: $input) { id fileUrl } }';

/** Lago's validation codes (`details` values) → what the customer reads. */
const MESSAGES: Record<string, string> = {
  amount_below_minimum: 'The amount is below the minimum top-up.',
  amount_above_maximum: 'The amount is above the maximum top-up.',
  amount_rounds_to_zero: 'The amount is too small to charge.',
  invalid_amount: 'Enter a positive number of credits.',
  invalid_paid_credits: 'Enter a positive number of credits.',
  wallet_not_found: 'This wallet was not found.',
  wallet_is_terminated: 'This wallet is terminated: it cannot be topped up.',
  value_is_invalid: 'This value is not valid.',
  invalid_country: 'Use a two-letter country code (ISO 3166-1), for example US.',
};
const FIELD_MESSAGES: Partial<Record<string, string>> = { email: 'Enter a valid e-mail address.' };

/** `details` key → the form field it is about (`paidCredits` is the top-up's `credits`). */
function formField(key: string): string | null {
  if (key === 'paidCredits') return 'credits';
  if (key === 'walletId') return null;
  return FIELDS.find((field) => KEYS[field] === key) ?? null;
}

/** An `ApiError` carrying per-field messages (`ApiError.fields` is set here, not in the first chunk's constructor). */
function withFields(init: ConstructorParameters<typeof ApiError>[0], fields: Record<string, string> | null): ApiError {
  const error = new ApiError(init);
  return fields ? Object.assign(error, { fields }) : error;
}

/** A Lago refusal with readable messages and, where it names form fields, `fields`. */
export function refine(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const fields: Record<string, string> = {};
  let message: string | null = null;
  if (error.kind === 'http' && error.details) {
    for (const [key, codes] of Object.entries(error.details)) {
      const list: unknown[] = Array.isArray(codes) ? codes : [codes];
      const code = list.find((c): c is string => typeof c === 'string' && c in MESSAGES) ?? list[0];
      const text = (typeof code === 'string' && (FIELD_MESSAGES[key] ?? MESSAGES[code])) || 'This value is not valid.';
      const field = formField(key);
      if (field) fields[field] = text;
      message ??= text;
    }
  } else if (error.kind === 'schema') {
    // CountryCode coercion: "… was provided invalid value for country (Expected …)".
    const where = /invalid value for ([\w.]+)/.exec(error.message)?.[1];
    if (where === 'country') fields['country'] = message = MESSAGES['invalid_country']!;
  }
  if (message === null) return error;
  return withFields(
    { kind: error.kind, status: error.status, code: error.code, message, ...(error.details ? { details: error.details } : {}), cause: error },
    Object.keys(fields).length ? fields : null,
  );
}

export function mapBillingDetails(raw: unknown, path: string): BillingDetails {
  const o = asObject(raw, path);
  const values = {} as Record<BillingField, string | null>;
  for (const field of FIELDS) {
    const v = o[KEYS[field]];
    values[field] = typeof v === 'string' && v !== '' ? v : null;
  }
  if (values.country) values.country = values.country.toUpperCase();
  return { values, editable: FIELDS };
}

export class LagoActions implements BackendActions {
  readonly supported: ReadonlySet<ActionName> = new Set(SUPPORTED);

  /**
   * `cents`: the read side's `centsToDecimal` (Lago's precision table); the mappings are a lazy chunk of
   * their own (wire.ts), so this chunk imports it directly.
   */
  constructor(
    private readonly client: LagoClient,
    private readonly cents: typeof centsToDecimal,
  ) {}

  /** One mutation, sent once: resolves its root field (non-null), rejects refined. */
  private async mutate(operationName: string, document: string, field: string, input: Json, signal: AbortSignal): Promise<unknown> {
    let body: { data: Json };
    try {
      body = await this.client.request<{ data: Json }>(
        { method: 'POST', path: '', body: { query: document, variables: { input }, operationName }, idempotent: false },
        signal,
      );
    } catch (error) {
      throw refine(error);
    }
    const result = body.data[field];
    if (!isObject(result)) throw new ApiError({ kind: 'schema', code: 'schema', message: 'The billing service sent no result for this change.' });
    return result;
  }

  /** No gate call: every supported action the host listed (the proxy enforces its own list). */
  available(wanted: ReadonlySet<ActionName>, signal: AbortSignal): Promise<Set<ActionName>> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    return Promise.resolve(new Set([...wanted].filter((action) => this.supported.has(action))));
  }

  /** The wallet's `paidTopUpMin/MaxAmountCents` as money in its currency (null = no bound). */
  async topUpRange(walletId: string, signal: AbortSignal): Promise<TopUpRange> {
    const data = await this.client.query('LagoPortalWalletRange', WALLET_RANGE_QUERY, { id: walletId }, signal);
    const path = 'data.customerPortalWallet';
    const wallet = asObject(data['customerPortalWallet'], path);
    const currency = typeof wallet['currency'] === 'string' && /^[A-Za-z]{3}$/.test(wallet['currency']) ? wallet['currency'].toUpperCase() : 'USD';
    const bound = (key: string) => (wallet[key] === null || wallet[key] === undefined || wallet[key] === '' ? null : this.cents(wallet[key], currency, `${path}.${key}`));
    return { minAmount: bound('paidTopUpMinAmountCents'), maxAmount: bound('paidTopUpMaxAmountCents') };
  }

  /**
   * `createCustomerPortalWalletTransaction {walletId, paidCredits}`: a pending
   * purchased transaction now; the credit invoice and the charge follow in the
   * background. `idempotencyKey` and `returnUrl` have no Lago counterpart.
   */
  async topUp(request: TopUpRequest, signal: AbortSignal): Promise<TopUpResult> {
    await this.mutate('LagoPortalTopUp', TOP_UP_MUTATION, 'createCustomerPortalWalletTransaction', { walletId: request.walletId, paidCredits: request.credits }, signal);
    return { checkout: null, invoiceId: null };
  }

  async billingDetails(signal: AbortSignal): Promise<BillingDetails> {
    const data = await this.client.query('LagoPortalBillingDetails', BILLING_DETAILS_QUERY, {}, signal);
    return mapBillingDetails(data['customerPortalUser'], 'data.customerPortalUser');
  }

  /** `updateCustomerPortalCustomer` with the changed keys only (`''` clears); the e-mail is changed without verification. */
  async updateBillingDetails(changes: BillingDetailsChanges, signal: AbortSignal): Promise<BillingDetails> {
    const input: Json = {};
    for (const field of FIELDS) {
      if (!(field in changes)) continue;
      const value = changes[field]?.trim() || null;
      input[KEYS[field]] = field === 'country' && value ? value.toUpperCase() : value;
    }
    const country = input['country'];
    if (typeof country === 'string' && !/^[A-Z]{2}$/.test(country)) {
      throw withFields({ kind: 'http', status: 422, code: 'value_is_invalid', message: MESSAGES['invalid_country']! }, { country: MESSAGES['invalid_country']! });
    }
    const raw = await this.mutate('LagoPortalUpdateCustomer', UPDATE_CUSTOMER_MUTATION, 'updateCustomerPortalCustomer', input, signal);
    return mapBillingDetails(raw, 'data.updateCustomerPortalCustomer');
  }

  /** `downloadCustomerPortalInvoice`: Lago renders the PDF synchronously and answers its `fileUrl`. */
  async invoiceDocument(invoiceId: string, signal: AbortSignal): Promise<string> {
    const raw = await this.mutate('LagoPortalDownloadInvoice', DOWNLOAD_INVOICE_MUTATION, 'downloadCustomerPortalInvoice', { id: invoiceId }, signal);
    const url = optNonEmpty(raw as Json, 'fileUrl', 'data.downloadCustomerPortalInvoice');
    if (!url || !isSafeExternalUrl(url)) {
      throw new ApiError({ kind: 'http', status: 404, code: 'no_document', message: 'Lago has no document for this invoice (PDF generation may be turned off).' });
    }
    return url;
  }
}

export const createActions = (client: LagoClient, cents: typeof centsToDecimal = centsToDecimal): BackendActions => new LagoActions(client, cents);
