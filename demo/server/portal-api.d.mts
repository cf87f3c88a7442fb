// Types of the reference portal handler (portal-api.mjs) for TypeScript callers.

export interface PortalRequest {
  method: string;
  /** Path and query, e.g. `/v1/customer/portal/info` (an absolute URL works too). */
  url: string;
  /** Header names in any case. */
  headers?: Record<string, string>;
  body?: string | null;
}

export interface PortalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the `offline` fault asks the transport to fail (status is then 0). */
  networkError?: boolean;
}

export interface PortalFaults {
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /** Extra random delay 0..jitterMs. */
  jitterMs?: number;
  /** Answer with this status instead (500, 502, 503, 504, 429, …); 0 = off. */
  status?: number;
  /** How many requests fail with `status` before answering normally again; null = all. */
  statusCount?: number | null;
  /** Retry-After seconds sent with 429/503. */
  retryAfter?: number;
  /** Substrings of path+query the faults apply to; default: every /v1/customer/portal/ route. */
  /** Substrings of (or, in-process only, RegExps tested on) path + query. */
  paths?: (string | RegExp)[] | null;
  /** Cut successful JSON bodies in half. */
  truncate?: boolean;
  /** Error envelope: `flat` (current Flexprice) or `legacy` ({success:false,error:{message}}). */
  envelope?: 'flat' | 'legacy';
  /** Answer every session request with 401 "Invalid or expired session token". */
  expireAll?: boolean;
  /** Drop the connection (network failure). */
  offline?: boolean;
  /** Narrow every fault above to the write routes (reads stay healthy). */
  writesOnly?: boolean;
  /** Apply a write, then drop the connection: the answer is lost, the write happened. */
  dropAfterWrite?: boolean;
  /** Answer gin's plain-text 404 on every payment route (`GET /integrations` too): "not deployed". */
  notDeployed?: boolean;
  /** `GET /payment-methods` answers each provider with `error` and no items. */
  paymentMethodsError?: boolean;
}

/** One request to a write route, as `GET /__qa/writes` lists it. */
export interface PortalWrite {
  method: string;
  path: string;
  /** The status answered (0 = connection dropped). */
  status: number;
  /** True when the write was answered 2xx. */
  applied: boolean;
  at: string;
}

export interface PortalSession {
  url: string;
  token: string;
  /** RFC 3339 with nanoseconds. */
  expires_at: string;
}

export interface CustomerSummary {
  external_id: string;
  name: string;
  currency: string;
  timezone: string;
}

/** JSON-shaped record as the endpoints serve it (mutable in patchCustomer). */
export type WireRecord = Record<string, unknown>;

/** A built seeded customer: exactly the data the endpoints serve. */
export interface SeededCustomer {
  externalId: string;
  id: string;
  tenantId: string;
  environmentId: string;
  timezone: string;
  currency: string;
  /** CustomerResponse (`GET /info`). */
  info: WireRecord;
  subscriptions: WireRecord[];
  /** Invoice list items, newest first. */
  invoices: WireRecord[];
  invoiceLines: Map<string, { lines: WireRecord[]; taxes: WireRecord[] }>;
  wallets: WireRecord[];
  walletRealtime: Map<string, WireRecord>;
  /** Wallet id → transactions, newest first. */
  transactions: Map<string, WireRecord[]>;
  /** Metered features (name, unit, units, key, group, price …). */
  features: Array<Record<string, unknown> & { id: string; name: string; key: string }>;
  booleanFeatures: Array<Record<string, unknown> & { id: string; name: string; key: string }>;
  /** SettingResponse of `GET /config`. */
  config: WireRecord & { value: WireRecord };
}

export interface PortalApiOptions {
  /** HS256 secret; default `super_secret`. */
  secret?: string;
  /** Accepted `x-api-key` values; default `['sk_test_demo']`. */
  apiKeys?: string[];
  /** Clock (data is anchored at its value when a customer is first used). */
  now?: () => Date;
  /** Session lifetime; default 3600. */
  tokenTtlSeconds?: number;
  /** Base of presigned PDF links; default `https://files.portal.test`. */
  publicBaseUrl?: string;
  /** `url` of minted sessions is `${portalUrl}?token=…`; default `http://localhost:3000`. */
  portalUrl?: string;
  /** How long after a hosted checkout completes its money lands (the simulated webhook); default 1000 ms, 0 = at once. */
  settleDelayMs?: number;
}

export interface PortalApi {
  handle(req: PortalRequest): Promise<PortalResponse>;
  /** Replaces the faults (unset keys back to defaults); `{}` clears. */
  setFaults(faults: PortalFaults): PortalFaults;
  getFaults(): PortalFaults & { failuresLeft: number | null };
  /** Holds requests whose path matches until `release()`; `waiting` counts those held now. */
  hold(pattern: RegExp | string): { readonly waiting: number; release(): void };
  mintToken(externalId: string, opts?: { ttlSeconds?: number; expired?: boolean }): Promise<PortalSession>;
  /** Mutates a customer's served data (now, and again after it is rebuilt). */
  patchCustomer(externalId: string, fn: (customer: SeededCustomer) => void): void;
  customer(externalId: string): SeededCustomer | null;
  customers(): CustomerSummary[];
  reset(): void;
  setPublicUrls(urls: { filesBaseUrl?: string; portalUrl?: string }): void;
  /** Every request to a write route since the last reset. */
  readonly writes: PortalWrite[];
  setSettleDelay(ms: number): void;
}

export declare const CUSTOMER_IDS: string[];
export declare function customerSummaries(): CustomerSummary[];
export declare function createPortalApi(options?: PortalApiOptions): PortalApi;
export declare const DEFAULTS: { secret: string; apiKey: string; tokenTtlSeconds: number };
