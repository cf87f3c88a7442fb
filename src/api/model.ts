/**
 * The backend-neutral view model the tabs render. Every billing backend
 * (`src/backends/<name>/`) maps its own responses into these shapes in its adapter;
 * tab elements import only from here, never a backend's wire types.
 *
 * Conventions: money and quantities are exact decimal strings (`Decimal`),
 * never floats; currencies are upper-case ISO 4217 codes; times are `Date`.
 */

import type { Decimal } from '../format/decimal-core.js';

export type { Decimal };

/** One page of a server-paged list: the items and how many exist in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface Customer {
  id: string;
  externalId: string;
  name: string;
  email: string;
  /** IANA zone of the customer, or null when unset/invalid. */
  timeZone: string | null;
}

export type SectionId = 'overview' | 'credits' | 'invoices' | 'usage';

/** A date range preset a tenant can offer. */
export type RangePreset = '1d' | '7d' | '30d' | 'today' | 'current_month' | 'last_month' | 'custom';

export interface PortalConfig {
  /** Sections the tenant enabled; a missing key means enabled. */
  sections: Record<SectionId, boolean>;
  /** Extra presets for the Usage tab, beyond 1d / 7d / 30d. */
  usagePresets: RangePreset[];
  /** The preset the Usage tab opens on. */
  usageDefaultPreset: RangePreset | null;
  allowCustomRange: boolean;
  /** Only these feature ids (`include`) / all but these (`exclude`) in usage views. */
  featureFilter: { mode: 'all' | 'include' | 'exclude'; featureIds: string[] };
  /** Tenant colours as CSS colour strings; absent when unset. */
  theme: { primary?: string; secondary?: string; tertiary?: string; background?: string; fontFamily?: string };
}

export type WalletStatus = 'active' | 'frozen' | 'closed' | 'unknown';

export interface Wallet {
  id: string;
  name: string;
  currency: string;
  status: WalletStatus;
  prepaid: boolean;
  /** Credits left (real-time when the backend gave it). */
  creditBalance: Decimal;
  /** Currency value of those credits. */
  balance: Decimal;
  /** Currency value of one credit, e.g. "0.1". */
  conversionRate: Decimal;
  /** True when the balance is real-time rather than the last stored value. */
  realTime: boolean;
  balanceUpdatedAt: Date | null;
  /** True when the wallet holds money, not credits (Polar's account balance): show the money only, no credit count. */
  currencyOnly?: boolean;
}

/** Why credits moved, in backend-neutral words (mapped from the backend's reason codes). */
export type TransactionKind =
  | 'invoice_payment'
  | 'free_credit'
  | 'subscription_credit'
  | 'purchased_credit_invoiced'
  | 'purchased_credit'
  | 'purchased_credit_bonus'
  | 'credit_note'
  | 'credit_expired'
  | 'wallet_termination'
  | 'manual_debit'
  | 'adjustment'
  | 'void_refund'
  | 'other_credit'
  | 'other_debit';

export interface WalletTransaction {
  id: string;
  direction: 'credit' | 'debit';
  kind: TransactionKind;
  description: string;
  /** Always non-negative; `direction` gives the sign. */
  amount: Decimal;
  creditAmount: Decimal;
  currency: string;
  status: 'pending' | 'completed' | 'failed' | 'unknown';
  createdAt: Date;
  expiryDate: Date | null;
  priority: number | null;
}

export type SubscriptionStatus = 'active' | 'trialing' | 'paused' | 'cancelled' | 'incomplete' | 'draft' | 'unknown';

export interface Subscription {
  id: string;
  planName: string;
  planDescription: string;
  status: SubscriptionStatus;
  currency: string;
  billingPeriod: string;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  cancelAt: Date | null;
  cancelAtPeriodEnd: boolean;
  /** The recurring price per `billingPeriod`, when the backend states it (Polar). */
  amount?: Decimal;
  /** Metered usage of the current period, when the backend reports it per subscription (Polar). */
  meters?: SubscriptionMeter[];
}

/** One meter of a subscription's current period. */
export interface SubscriptionMeter {
  meterId: string;
  name: string;
  /** Units consumed this period. */
  consumed: Decimal;
  /** Units credited (included) this period. */
  credited: Decimal;
  /** What the usage costs so far this period, in the subscription's currency. */
  cost: Decimal;
}

/** Display status of an invoice; the adapter applies the backend's rules. */
export type InvoiceStatus = 'paid' | 'refunded' | 'partially_refunded' | 'voided' | 'draft' | 'overdue' | 'pending';

export interface Invoice {
  id: string;
  /** Null when the invoice has no number yet (show "—"). */
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  total: Decimal;
  amountDue: Decimal;
  amountPaid: Decimal;
  amountRemaining: Decimal;
  /** `finalized_at`, else `created_at`. */
  date: Date;
  dueDate: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** False when the backend knows there is no PDF (no download button then); absent means one can be asked for. */
  hasDocument?: boolean;
}

export interface InvoiceLineItem {
  id: string;
  name: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  quantity: Decimal;
  amount: Decimal;
  currency: string;
  /** The meter of a usage-based line item (links it to the Usage tab); null or absent for fixed fees. */
  meterId?: string | null;
}

export interface InvoiceDetail extends Invoice {
  lineItems: InvoiceLineItem[];
  subtotal: Decimal;
  totalDiscount: Decimal;
  totalTax: Decimal;
  prepaidCreditsApplied: Decimal;
  refundedAmount: Decimal;
}

export interface FeatureQuota {
  featureId: string;
  name: string;
  unitSingular: string;
  unitPlural: string;
  usage: Decimal;
  /** Null when unlimited. */
  limit: number | null;
  unlimited: boolean;
  softLimit: boolean;
  nextResetAt: Date | null;
  /** Units credited (granted) this period, where the backend meters credits (Polar). */
  credited?: Decimal;
  /** Credited minus used, as the backend reports it; negative when usage exceeds the credits. */
  balance?: Decimal;
  /** What the usage costs so far this period, in `currency`, where the backend says. */
  cost?: Decimal;
  currency?: string;
  /** Events counted this period, where the backend says (Lago). */
  eventCount?: number;
}

export interface UsageSummary {
  /** Metered features only. */
  features: FeatureQuota[];
  periodStart: Date | null;
  periodEnd: Date | null;
}

/** Bucket width of a usage time series. */
export type UsageWindow = '15MIN' | '30MIN' | 'HOUR' | 'DAY';

export interface UsageSeriesQuery {
  start: Date;
  end: Date;
  window: UsageWindow;
}

export interface UsagePoint {
  /** Start of the bucket. */
  time: Date;
  usage: Decimal;
  cost: Decimal;
  eventCount: number;
}

export interface UsageSeriesItem {
  /** Stable key of the series (feature id, or meter/source when the feature is unknown). */
  key: string;
  featureId: string;
  /** The meter the feature counts with ('' when unknown); invoice line items name it. */
  meterId?: string;
  name: string;
  unitSingular: string;
  unitPlural: string;
  group: { id: string; name: string } | null;
  totalUsage: Decimal;
  eventCount: number;
  totalCost: Decimal;
  currency: string;
  points: UsagePoint[];
}

export interface UsageSeries {
  currency: string;
  totalCost: Decimal;
  items: UsageSeriesItem[];
  /** When the backend answered; the basis of "Usage as of …". */
  asOf: Date;
}

/** Invoiced totals per month and what is overdue: the trend of a backend with no usage series (Lago). */
export interface BillingHistory {
  currency: string;
  /** Oldest first. */
  months: { month: Date; amount: Decimal; invoiceCount: number }[];
  overdue: Decimal;
  overdueInvoiceCount: number;
}
