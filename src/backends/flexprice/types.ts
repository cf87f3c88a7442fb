/**
 * Wire types of the Flexprice customer-portal API (`/v1/customer/portal/*`),
 * with the backend's own field names. See contract/flexprice-portal-api.md.
 *
 * These describe what a healthy server sends; `FlexpriceBackend` still checks
 * at runtime every field it reads, so nothing here is trusted blindly.
 *
 * Conventions: decimals are JSON strings (`DecimalString`), timestamps are RFC
 * 3339 strings, currencies are lower-case ISO codes. Fields the backend omits
 * when empty (Go `omitempty`) are optional; pointer fields that are always
 * emitted are `| null`.
 *
 * `/customer/portal/analytics/cost` is deliberately absent: it exposes the
 * merchant's margins and the element never calls it.
 */

/** A `shopspring/decimal` value serialised as a string, e.g. "12.5". */
export type DecimalString = string;
/** An RFC 3339 (or RFC 3339 nano) timestamp. */
export type Timestamp = string;
/** Free-form string map (`types.Metadata`). */
export type Metadata = Record<string, string>;

// ---------------------------------------------------------------- enums

export type RecordStatus = 'published' | 'deleted' | 'archived';
export type SubscriptionStatusWire = 'active' | 'paused' | 'cancelled' | 'incomplete' | 'trialing' | 'draft';
export type InvoiceStatusWire = 'DRAFT' | 'FINALIZED' | 'VOIDED' | 'SKIPPED';
export type PaymentStatusWire =
  | 'INITIATED'
  | 'PENDING'
  | 'PROCESSING'
  | 'SUCCEEDED'
  | 'OVERPAID'
  | 'FAILED'
  | 'REFUNDED'
  | 'PARTIALLY_REFUNDED'
  | 'VOIDED';
export type InvoiceType = 'SUBSCRIPTION' | 'ONE_OFF' | 'CREDIT';
export type WalletStatusWire = 'active' | 'frozen' | 'closed';
export type WalletType = 'PRE_PAID' | 'POST_PAID';
export type TransactionType = 'credit' | 'debit';
export type TransactionStatusWire = 'pending' | 'completed' | 'failed';
export type TransactionReason =
  | 'INVOICE_PAYMENT'
  | 'FREE_CREDIT_GRANT'
  | 'SUBSCRIPTION_CREDIT_GRANT'
  | 'PURCHASED_CREDIT_INVOICED'
  | 'PURCHASED_CREDIT_DIRECT'
  | 'CREDIT_NOTE'
  | 'CREDIT_EXPIRED'
  | 'WALLET_TERMINATION'
  | 'MANUAL_BALANCE_DEBIT'
  | 'CREDIT_ADJUSTMENT'
  | 'INVOICE_VOID_REFUND'
  | 'PURCHASED_CREDIT_BONUS';
/** Net payment terms of a subscription (Go `types.PaymentTerms`); they set invoice due dates. */
export type PaymentTerms = '15 NET' | '30 NET' | '45 NET' | '60 NET' | '75 NET' | '90 NET';
/** What a wallet transaction's `reference_id` names (Go `types.WalletTxReferenceType`). */
export type WalletTxReferenceType = 'PAYMENT' | 'EXTERNAL' | 'REQUEST' | 'INVOICE';
export type WindowSize = 'MINUTE' | '15MIN' | '30MIN' | 'HOUR' | '3HOUR' | '6HOUR' | '12HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export type BillingPeriod = 'MONTHLY' | 'ANNUAL' | 'WEEKLY' | 'DAILY' | 'QUARTERLY' | 'HALF_YEARLY' | 'ONETIME';
export type FeatureType = 'metered' | 'boolean' | 'static' | 'config';
export type AnalyticsExpand = 'price' | 'meter' | 'feature' | 'subscription_line_item' | 'plan' | 'addon';

// ---------------------------------------------------------------- common

/** `types.PaginationResponse`. `offset` is unreliable (see contract §3): page from `total`. */
export interface PaginationResponse {
  total: number;
  limit: number;
  offset: number;
}

/** `types.ListResponse[T]`. */
export interface ListResponse<T> {
  items: T[];
  pagination: PaginationResponse;
}

/** Fields of `types.BaseModel` present on most records. */
export interface BaseModel {
  tenant_id?: string;
  status?: RecordStatus;
  created_at: Timestamp;
  updated_at?: Timestamp;
  created_by?: string;
  updated_by?: string;
}

// ---------------------------------------------------------------- errors

/** Current handler error envelope (`internal/errors/dto.go`, since 2026-04-05). */
export interface FlatErrorResponse {
  code: string;
  message: string;
  http_status_code: number;
  details?: Record<string, unknown>;
}

/** Error envelope of deployments before 2026-04-05. */
export interface LegacyErrorResponse {
  success: false;
  error: { message: string; internal_error?: string; details?: Record<string, unknown> };
}

/** The session middleware's 401 body: `{"error":"Invalid or expired session token"}`. */
export interface SessionErrorResponse {
  error: string;
}

/** Tenant middleware bodies (`{"message":"failed to verify tenant access"}`). */
export interface MessageErrorResponse {
  message: string;
}

// ---------------------------------------------------------------- session (private API)

/** `GET /customers/portal/{external_id}` with `x-api-key` (merchant backend only). */
export interface PortalSessionResponse {
  url: string;
  token: string;
  expires_at: Timestamp;
}

/** Claims of the HS256 session token. */
export interface PortalSessionClaims {
  customer_id: string;
  external_customer_id: string;
  tenant_id: string;
  environment_id: string;
  exp: number;
  iat: number;
}

// ---------------------------------------------------------------- 1, 2: info

/** A customer's contact, address and zone, as read and as written. */
export interface CustomerContactFields {
  contact?: string;
  address_line1?: string;
  address_line2?: string;
  address_city?: string;
  address_state?: string;
  address_postal_code?: string;
  address_country?: string;
  timezone?: string;
}

export interface CustomerResponse extends BaseModel, CustomerContactFields {
  id: string;
  external_id: string;
  name: string;
  email: string;
  metadata?: Metadata | null;
  environment_id?: string;
  integrations?: unknown[];
}

/** `PUT /customer/portal/info` body (expect 403 for a session; the element never writes). */
export interface UpdateCustomerRequest extends CustomerContactFields {
  external_id?: string;
  name?: string;
  email?: string;
  metadata?: Metadata;
}

// ---------------------------------------------------------------- 3: usage

export interface GroupResponse {
  id: string;
  name: string;
  lookup_key?: string;
  entity_type?: string;
  entity_ids?: string[];
  metadata?: Metadata | null;
  status?: string;
  created_at?: Timestamp;
  updated_at?: Timestamp;
}

export interface ReportingUnit {
  unit_singular?: string;
  unit_plural?: string;
  /** Documented as number, sent as a decimal string. */
  conversion_rate?: DecimalString | number;
}

export interface MeterResponse {
  id: string;
  name?: string;
  event_name?: string;
  aggregation?: unknown;
  filters?: unknown[];
  reset_usage?: string;
  status?: string;
  tenant_id?: string;
  created_at?: Timestamp;
  updated_at?: Timestamp;
}

export interface FeatureResponse extends Partial<BaseModel> {
  id: string;
  name: string;
  lookup_key?: string;
  type: FeatureType;
  description?: string;
  meter_id?: string;
  meter?: MeterResponse;
  unit_singular?: string;
  unit_plural?: string;
  group_id?: string;
  group?: GroupResponse;
  reporting_unit?: ReportingUnit;
  metadata?: Metadata | null;
  environment_id?: string;
  alert_settings?: unknown;
}

export interface EntitlementSource {
  subscription_id: string;
  entity_id: string;
  entity_type: string;
  entity_name: string;
  entitlement_id: string;
  quantity: number;
  is_enabled: boolean;
  usage_limit?: number | null;
  usage_reset_period?: BillingPeriod | string;
  static_value?: string;
  config_value?: unknown;
}

export interface FeatureUsageSummary {
  feature: FeatureResponse;
  /** Null when unlimited. */
  total_limit: number | null;
  is_unlimited: boolean;
  current_usage: DecimalString;
  usage_percent: DecimalString;
  is_enabled: boolean;
  is_soft_limit: boolean;
  next_usage_reset_at?: Timestamp | null;
  sources?: EntitlementSource[];
}

export interface BillingPeriodInfo {
  start_time: Timestamp;
  end_time: Timestamp;
  period: string;
}

export interface CustomerUsageSummaryResponse {
  customer_id: string;
  features: FeatureUsageSummary[];
  period: BillingPeriodInfo | null;
  pagination?: PaginationResponse;
}

/** Query of `GET /customer/portal/usage` (arrays repeat the key). */
export interface UsageQuery {
  feature_ids?: string[];
  feature_lookup_keys?: string[];
  subscription_ids?: string[];
}

// ---------------------------------------------------------------- 4, 5: subscriptions

/** Body of the list POSTs (`page` is 1-based; `offset` is ignored by the backend). */
export interface PageRequest {
  page?: number;
  limit?: number;
}

export interface PlanResponse extends Partial<BaseModel> {
  id: string;
  name: string;
  lookup_key?: string;
  description?: string;
  display_order?: number;
  environment_id?: string;
  metadata?: Metadata | null;
  prices?: unknown[];
  entitlements?: unknown[];
  credit_grants?: unknown[];
}

export interface SubscriptionResponse extends BaseModel {
  id: string;
  customer_id: string;
  plan_id: string;
  lookup_key?: string;
  subscription_status: SubscriptionStatusWire;
  currency: string;
  billing_anchor?: Timestamp;
  billing_cycle?: string;
  start_date?: Timestamp;
  end_date?: Timestamp;
  current_period_start: Timestamp;
  current_period_end: Timestamp;
  cancelled_at?: Timestamp;
  cancel_at: Timestamp | null;
  cancel_at_period_end: boolean;
  trial_start: Timestamp | null;
  trial_end: Timestamp | null;
  billing_cadence?: string;
  billing_period: BillingPeriod;
  billing_period_count?: number;
  version?: number;
  environment_id?: string;
  pause_status?: string;
  active_pause_id?: string;
  payment_behavior?: string;
  collection_method?: string;
  timezone?: string;
  proration_behavior?: string;
  enable_true_up?: boolean;
  subscription_type?: string;
  metadata?: Metadata;
  commitment_amount?: DecimalString;
  commitment_duration?: BillingPeriod;
  overage_factor?: DecimalString;
  gateway_payment_method_id?: string;
  invoicing_customer_id?: string;
  parent_subscription_id?: string;
  payment_terms?: PaymentTerms;
  auto_invoice_threshold?: DecimalString;
  synced_price_sequence?: number;
  plan?: PlanResponse | null;
  customer?: CustomerResponse | null;
}

export type ListSubscriptionsResponse = ListResponse<SubscriptionResponse>;

// ---------------------------------------------------------------- 6, 7, 8: invoices

export interface SourceUsageItem {
  source: string;
  cost: string;
  usage?: string;
  percentage?: string;
  event_count?: number;
}

export interface UsageBreakdownItem {
  cost: string;
  usage?: string;
  percentage?: string;
  event_count?: number;
  grouped_by?: Record<string, string>;
}

export interface InvoiceLineItemResponse extends Partial<BaseModel> {
  id: string;
  invoice_id?: string;
  customer_id?: string;
  subscription_id?: string;
  subscription_line_item_id?: string;
  parent_line_item_id?: string;
  price_id?: string;
  price_type?: string;
  meter_id?: string;
  display_name?: string;
  plan_display_name?: string;
  meter_display_name?: string;
  entity_id?: string;
  entity_type?: string;
  amount: DecimalString;
  quantity: DecimalString;
  currency: string;
  period_start?: Timestamp | null;
  period_end?: Timestamp | null;
  line_item_discount?: DecimalString;
  invoice_level_discount?: DecimalString;
  prepaid_credits_applied?: DecimalString;
  adjusted_entitlement_quantity?: DecimalString;
  price_unit?: string;
  price_unit_id?: string;
  price_unit_amount?: DecimalString;
  commitment_info?: unknown;
  usage_analytics?: SourceUsageItem[];
  usage_breakdown?: UsageBreakdownItem[];
  metadata?: Metadata | null;
  environment_id?: string;
}

export interface InvoiceResponse extends BaseModel {
  id: string;
  customer_id: string;
  subscription_id?: string;
  subscription_customer_id?: string;
  invoice_type: InvoiceType;
  invoice_status: InvoiceStatusWire;
  payment_status: PaymentStatusWire;
  currency: string;
  amount_due: DecimalString;
  amount_paid: DecimalString;
  amount_remaining: DecimalString;
  subtotal: DecimalString;
  total: DecimalString;
  total_discount?: DecimalString;
  total_tax?: DecimalString;
  adjustment_amount?: DecimalString;
  refunded_amount?: DecimalString;
  total_prepaid_credits_applied?: DecimalString;
  overpaid_amount?: DecimalString;
  description?: string;
  invoice_number: string | null;
  idempotency_key: string | null;
  billing_sequence: number | null;
  due_date?: Timestamp;
  paid_at?: Timestamp;
  voided_at?: Timestamp;
  finalized_at?: Timestamp;
  issue_date?: Timestamp;
  last_computed_at?: Timestamp;
  period_start?: Timestamp;
  period_end?: Timestamp;
  invoice_pdf_url?: string;
  billing_period?: string;
  billing_reason?: string;
  recalculated_invoice_id?: string;
  version?: number;
  environment_id?: string;
  is_manually_edited?: boolean;
  metadata?: Metadata;
  line_items?: InvoiceLineItemResponse[];
  taxes?: unknown[];
  coupon_applications?: unknown[];
  customer?: CustomerResponse | null;
  subscription?: SubscriptionResponse;
}

export type ListInvoicesResponse = ListResponse<InvoiceResponse>;

export interface InvoicePdfResponse {
  presigned_url: string;
}

// ---------------------------------------------------------------- 9, 10, 11: wallets

export interface AutoTopup {
  enabled: boolean;
  threshold?: DecimalString | number;
  amount?: DecimalString | number;
  invoicing?: boolean;
}

export interface CreditBreakdown {
  purchased?: DecimalString;
  free?: DecimalString;
}

export interface WalletBalanceResponse extends BaseModel {
  id: string;
  customer_id: string;
  currency: string;
  balance: DecimalString;
  credit_balance: DecimalString;
  wallet_status: WalletStatusWire;
  name?: string;
  description?: string;
  metadata?: Metadata | null;
  auto_topup?: AutoTopup;
  alert_settings?: unknown;
  alert_state?: string;
  wallet_type?: WalletType;
  config?: { allowed_price_types?: string[] };
  conversion_rate: DecimalString;
  topup_conversion_rate?: DecimalString;
  environment_id?: string;
  is_cached_fallback?: boolean;
  /** Only on `GET /wallets/{id}`. */
  real_time_balance?: DecimalString;
  real_time_credit_balance?: DecimalString;
  balance_updated_at?: Timestamp;
  current_period_usage?: DecimalString;
  unpaid_invoices_amount?: DecimalString;
  credits_available_breakdown?: CreditBreakdown;
}

/** `POST /customer/portal/wallets` answers a bare array. */
export type ListWalletsResponse = WalletBalanceResponse[];

export interface WalletTransactionResponse extends BaseModel {
  id: string;
  wallet_id: string;
  customer_id?: string;
  type: TransactionType;
  amount: DecimalString;
  credit_amount: DecimalString;
  credit_balance_before?: DecimalString;
  credit_balance_after?: DecimalString;
  transaction_status: TransactionStatusWire;
  reference_type?: WalletTxReferenceType;
  reference_id?: string;
  description?: string;
  metadata?: Metadata | null;
  expiry_date: Timestamp | null;
  credits_available?: DecimalString;
  transaction_reason: TransactionReason;
  priority: number | null;
  currency: string;
  conversion_rate?: DecimalString;
  topup_conversion_rate?: DecimalString;
  idempotency_key?: string;
  parent_transaction_id?: string;
  environment_id?: string;
}

export type ListWalletTransactionsResponse = ListResponse<WalletTransactionResponse>;

/** Query of `GET /customer/portal/wallets/{id}/transactions`. */
export interface WalletTransactionsQuery {
  limit?: number;
  offset?: number;
  status?: RecordStatus;
  sort?: string;
  order?: 'asc' | 'desc';
  start_time?: Timestamp;
  end_time?: Timestamp;
  type?: TransactionType;
  transaction_status?: TransactionStatusWire;
  reference_type?: WalletTxReferenceType;
  reference_id?: string;
  expiry_date_before?: Timestamp;
  expiry_date_after?: Timestamp;
  credits_available_gt?: DecimalString;
  transaction_reason?: TransactionReason;
  priority?: number;
  created_by?: string;
}

// ---------------------------------------------------------------- 12: config

export type PortalSectionId = 'overview' | 'credits' | 'invoices' | 'usage';
export type PortalDatePreset = 'today' | 'last_7_days' | 'last_30_days' | 'current_month' | 'last_month';
export type FeatureFilterMode = 'all' | 'inc' | 'exc';

export interface UsageGraphConfig {
  date_presets?: PortalDatePreset[];
  default_preset?: PortalDatePreset;
  allow_custom_date_range?: boolean;
  feature_filter_mode?: FeatureFilterMode;
  /** Read by the newest frontend; not in the public backend schema. */
  feature_ids?: string[];
}

export interface MetricCardsConfig {
  show_cost_metrics?: boolean;
  show_custom_metrics?: boolean;
  show_revenue_metric?: boolean;
}

export interface PortalTabConfig {
  id: string;
  type: string;
  enabled: boolean;
  order?: number;
  label?: string;
  usage_graph?: UsageGraphConfig;
  metric_cards?: MetricCardsConfig;
}

export interface PortalSectionConfig {
  id: PortalSectionId | string;
  label?: string;
  enabled: boolean;
  order?: number;
  tabs?: PortalTabConfig[];
}

export interface PortalThemeConfig {
  primary_color?: string;
  secondary_color?: string;
  tertiary_color?: string;
  background_color?: string;
  font_family?: string;
}

/** `types.CustomerPortalConfig`. */
export interface CustomerPortalConfig {
  version?: string;
  theme?: PortalThemeConfig;
  sections?: PortalSectionConfig[];
}

/** `dto.SettingResponse` for key `customer_portal_config`. */
export interface SettingResponse extends Partial<BaseModel> {
  id?: string;
  key: string;
  environment_id?: string;
  value: CustomerPortalConfig;
}

// ---------------------------------------------------------------- 13: analytics/revenue

export interface PortalAnalyticsRequest {
  feature_ids?: string[];
  sources?: string[];
  /** RFC 3339; omit rather than send "". */
  start_time?: Timestamp;
  end_time?: Timestamp;
  group_by?: string[];
  window_size?: WindowSize;
  expand?: AnalyticsExpand[];
  property_filters?: Record<string, string[]>;
}

export interface UsageAnalyticPoint {
  timestamp: Timestamp;
  usage: DecimalString;
  subtotal?: DecimalString;
  discount?: DecimalString;
  cost: DecimalString;
  event_count: number;
  computed_commitment_utilized_amount?: DecimalString;
  computed_overage_amount?: DecimalString;
  computed_true_up_amount?: DecimalString;
  buckets?: unknown[];
}

export interface UsageAnalyticItem {
  feature_id?: string;
  price_id?: string;
  meter_id?: string;
  sub_line_item_id?: string;
  subscription_id?: string;
  plan_id?: string;
  add_on_id?: string;
  name?: string;
  event_name?: string;
  source?: string;
  sources?: string[];
  properties?: Record<string, string>;
  unit?: string;
  unit_plural?: string;
  aggregation_type?: string;
  total_usage: DecimalString;
  total_usage_display?: string;
  subtotal?: DecimalString;
  total_discount?: DecimalString;
  total_cost: DecimalString;
  currency: string;
  event_count: number;
  window_size?: WindowSize;
  reporting_unit?: ReportingUnit;
  commitment_info?: unknown;
  price?: unknown;
  meter?: MeterResponse;
  feature?: FeatureResponse;
  group?: GroupResponse;
  plan?: unknown;
  addon?: unknown;
  subscription_line_item?: unknown;
  bucket_summaries?: unknown[];
  points?: UsageAnalyticPoint[];
}

export interface CustomAnalyticItem {
  id: string;
  name: string;
  feature_name?: string;
  value: DecimalString;
  type?: string;
}

export interface GetUsageAnalyticsResponse {
  subtotal?: DecimalString;
  total_discount?: DecimalString;
  total_cost: DecimalString;
  /** "" when there are no items. */
  currency: string;
  items: UsageAnalyticItem[];
  custom_analytics?: CustomAnalyticItem[];
}
