/**
 * The GraphQL documents the Lago adapter sends: customer-portal read queries
 * only, no fragments or directives (the proxy refuses those), each small
 * enough for Lago's complexity limit (350). Field lists follow
 * contract/lago-customer-portal-api.md §7–§8.
 */

const INVOICE_FIELDS =
  'id number status paymentStatus paymentOverdue invoiceType currency issuingDate paymentDueDate ' +
  'totalAmountCents totalDueAmountCents totalPaidAmountCents fileUrl invoiceSubscriptions { fromDatetime toDatetime }';

export const CUSTOMER_QUERY = 'query LagoPortalCustomer { customerPortalUser { id name displayName email currency applicableTimezone } }';

export const WALLETS_QUERY =
  'query LagoPortalWallets($page: Int, $limit: Int) { customerPortalWallets(page: $page, limit: $limit) { ' +
  'collection { id name code currency status expirationAt lastBalanceSyncAt balanceCents ongoingBalanceCents creditsBalance creditsOngoingBalance rateAmount } ' +
  'metadata { totalCount } } }';

export const SUBSCRIPTIONS_QUERY =
  'query LagoPortalSubscriptions($page: Int, $limit: Int) { customerPortalSubscriptions(page: $page, limit: $limit, status: [active, pending]) { ' +
  'collection { id externalId name status startedAt endingAt currentBillingPeriodStartedAt currentBillingPeriodEndingAt ' +
  'plan { id name code invoiceDisplayName amountCents amountCurrency interval } } metadata { totalCount } } }';

/** Drafts are left out, as Lago's own portal does (status list: everything a customer may see). */
export const INVOICES_QUERY =
  'query LagoPortalInvoices($page: Int, $limit: Int, $searchTerm: String) { customerPortalInvoices(page: $page, limit: $limit, searchTerm: $searchTerm, status: [finalized, voided, failed, pending]) { ' +
  `collection { ${INVOICE_FIELDS} } metadata { totalCount } } }`;

/** One invoice with its fees: Lago has no single-invoice query for portal tokens; `searchTerm` matches an exact id. */
export const INVOICE_DETAIL_QUERY =
  'query LagoPortalInvoice($searchTerm: String) { customerPortalInvoices(page: 1, limit: 1, searchTerm: $searchTerm, status: [finalized, voided, failed, pending]) { ' +
  `collection { ${INVOICE_FIELDS} subTotalExcludingTaxesAmountCents taxesAmountCents couponsAmountCents creditNotesAmountCents prepaidCreditAmountCents ` +
  'fees { id itemName invoiceDisplayName units amountCents currency properties { fromDatetime toDatetime } } } } }';

export const ACTIVE_SUBSCRIPTION_IDS_QUERY =
  'query LagoPortalActiveSubscriptions { customerPortalSubscriptions(page: 1, limit: 100, status: [active]) { collection { id } } }';

export const USAGE_QUERY =
  'query LagoPortalUsage($subscriptionId: ID!) { customerPortalCustomerUsage(subscriptionId: $subscriptionId) { ' +
  'fromDatetime toDatetime currency amountCents chargesUsage { id units eventsCount amountCents billableMetric { id code name aggregationType } } } }';

export const BILLING_HISTORY_QUERY =
  'query LagoPortalBillingHistory { customerPortalInvoiceCollections { collection { month amountCents invoicesCount currency paymentStatus } } ' +
  'customerPortalOverdueBalances { collection { month amountCents currency lagoInvoiceIds } } }';
