/**
 * Wire types of Polar's customer-portal API (`/v1/customer-portal/*`), the
 * fields the adapter reads, from `contract/polar-customer-portal-api.md` §7
 * (Polar's Pydantic schemas). Money is integer minor units (JSON numbers);
 * `unit_amount` of metered prices is a Decimal string in minor units;
 * currencies are lowercase; datetimes ISO 8601 with microseconds; nullable
 * fields are present as `null`. These types describe what Polar promises; the
 * mapping (mapping.ts) still checks every field it reads at runtime.
 */

export type PolarId = string;
export type PolarDateTime = string;

/** `{"items":[…],"pagination":{"total_count":N,"max_page":ceil(N/limit)}}` (`max_page` 0 when empty). */
export interface PolarList<T> {
  items: T[];
  pagination: { total_count: number; max_page: number };
}

/** Query of every list route: 1-based `page`, `limit` ≤ 100 (Polar clamps larger ones). */
export interface PolarPageQuery {
  page: number;
  limit: number;
}

export interface PolarAddress {
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  city: string | null;
  state: string | null;
  country: string;
}

/** `GET /customers/me`. */
export interface PolarCustomer {
  id: PolarId;
  created_at: PolarDateTime;
  modified_at: PolarDateTime | null;
  email: string | null;
  email_verified: boolean;
  name: string | null;
  billing_name: string | null;
  billing_address: PolarAddress | null;
  tax_id: [string, string] | null;
  type: 'individual' | 'team' | null;
  locale: string | null;
}

export interface PolarMeterRef {
  id: PolarId;
  name: string;
}

/** A price of a product; only the fields the adapter reads. */
export interface PolarPrice {
  id: PolarId;
  amount_type: 'fixed' | 'custom' | 'seat_based' | 'metered_unit' | 'unit_based';
  price_currency: string;
  price_amount?: number;
  /** Metered prices: minor units per unit, a Decimal string. */
  unit_amount?: string;
  meter_id?: PolarId;
  meter?: PolarMeterRef & { unit?: 'scalar' | 'token' | 'custom'; custom_label?: string | null };
}

export interface PolarProduct {
  id: PolarId;
  name: string;
  description: string | null;
  recurring_interval: 'day' | 'week' | 'month' | 'year' | null;
  recurring_interval_count: number | null;
  prices: PolarPrice[];
}

/** `subscription.meters[]`: usage and its cost this period. */
export interface PolarSubscriptionMeter {
  id: PolarId;
  consumed_units: number;
  credited_units: number;
  /** Minor units due so far this period. */
  amount: number;
  meter_id: PolarId;
  meter: PolarMeterRef;
}

export type PolarSubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/** `GET /subscriptions/` items, `GET /subscriptions/{id}`. */
export interface PolarSubscription {
  id: PolarId;
  amount: number;
  currency: string;
  recurring_interval: 'day' | 'week' | 'month' | 'year';
  recurring_interval_count: number;
  status: PolarSubscriptionStatus;
  current_period_start: PolarDateTime;
  current_period_end: PolarDateTime | null;
  current_meter_period_start: PolarDateTime | null;
  current_meter_period_end: PolarDateTime | null;
  trial_end: PolarDateTime | null;
  cancel_at_period_end: boolean;
  ends_at: PolarDateTime | null;
  product: PolarProduct;
  prices: PolarPrice[];
  meters: PolarSubscriptionMeter[];
}

export interface PolarOrderItem {
  id: PolarId;
  label: string;
  amount: number;
  tax_amount: number;
  proration: boolean;
}

export type PolarOrderStatus = 'draft' | 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'void';

/** `GET /orders/` items and `GET /orders/{id}`. There is no due date. */
export interface PolarOrder {
  id: PolarId;
  created_at: PolarDateTime;
  status: PolarOrderStatus;
  paid: boolean;
  subtotal_amount: number;
  discount_amount: number;
  net_amount: number;
  tax_amount: number;
  total_amount: number;
  /** Negative: account balance (credit) applied to this order. */
  applied_balance_amount: number;
  due_amount: number;
  refunded_amount: number;
  refunded_tax_amount: number;
  currency: string;
  /** Null while `draft`. */
  invoice_number: string | null;
  is_invoice_generated: boolean;
  receipt_number: string | null;
  items: PolarOrderItem[];
}

/** `GET /orders/{id}/invoice`, `GET /orders/{id}/receipt` (a presigned S3 URL). */
export interface PolarDocumentUrl {
  url: string;
}

/** `GET /wallets/` items. `balance` in minor units; negative is debt. */
export interface PolarWallet {
  id: PolarId;
  created_at: PolarDateTime;
  modified_at: PolarDateTime | null;
  customer_id: PolarId;
  balance: number;
  currency: string;
}

/** `GET /meters/` items: units since the last meter reset. */
export interface PolarCustomerMeter {
  id: PolarId;
  meter_id: PolarId;
  consumed_units: number;
  credited_units: number;
  balance: number;
  modified_at: PolarDateTime | null;
  meter: PolarMeterRef;
}

/** `GET /customer-session/introspect`. */
export interface PolarIntrospection {
  expires_at: PolarDateTime;
  return_url: string | null;
}

/** Polar's error bodies: `{error, detail}` (detail a string, or 422's list), or OAuth2's `{error, error_description}`. */
export interface PolarErrorBody {
  error?: string;
  detail?: string | Array<{ type?: string; loc?: Array<string | number>; msg?: string }>;
  error_description?: string;
}
