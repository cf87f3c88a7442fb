// Types of the Polar reference handler (api.mjs) for TypeScript callers.
import type { PortalRequest, PortalResponse } from '../portal-api.mjs';

export type { PortalRequest, PortalResponse };

/** The shared switches of demo/server/faults.mjs (Polar has no `envelope`). */
export interface PolarFaults {
  latencyMs?: number;
  jitterMs?: number;
  /** 429 answers with an empty body and `retry-after`; 500 without CORS headers. */
  status?: number;
  statusCount?: number | null;
  retryAfter?: number;
  /** Substrings of path+query; default every `/v1/customer-portal/` route. */
  paths?: string[] | null;
  truncate?: boolean;
  /** Every session call answers 401 `invalid_token`. */
  expireAll?: boolean;
  offline?: boolean;
  /** Narrow every fault above to the write routes (reads stay healthy). */
  writesOnly?: boolean;
  /** Apply a write, then drop the connection: the answer is lost, the write happened. */
  dropAfterWrite?: boolean;
}

/** Polar's `CustomerSession` (the 201 body of `POST /v1/customer-sessions/`). */
export interface PolarCustomerSession {
  id: string;
  created_at: string;
  modified_at: string | null;
  token: string;
  expires_at: string;
  return_url: string | null;
  customer_portal_url: string;
  customer_id: string;
  /** Polar's `Customer` (`CustomerIndividual` / `CustomerTeam`). */
  customer: Record<string, unknown>;
}

export type WireRecord = Record<string, unknown>;

export interface PolarSeededCustomer {
  externalId: string;
  id: string;
  currency: string;
  member: { id: string; role: string; name: string; email: string } | null;
  /** `CustomerPortalCustomer` (`GET /customers/me`). */
  info: WireRecord;
  subscriptions: WireRecord[];
  /** `CustomerOrder`s, newest first. */
  orders: WireRecord[];
  wallets: WireRecord[];
  /** `CustomerCustomerMeter`s. */
  meters: WireRecord[];
}

export interface PolarCustomerSummary {
  external_id: string;
  name: string;
  currency: string;
  member_session: boolean;
}

export interface PolarApiOptions {
  now?: () => Date;
  /** Accepted organization access tokens for minting; default `[POLAR_DEFAULTS.organizationToken]`. */
  organizationTokens?: string[];
  tokenTtlSeconds?: number;
  /** Base of presigned document links; default `https://polar-files.test`. */
  publicBaseUrl?: string;
  /** Base of `customer_portal_url`; default `https://polar.test`. */
  portalBaseUrl?: string;
  /** How many times a rendering receipt answers 202 before its URL (default 1). */
  receiptRenderPolls?: number;
  /** How many polls of `GET /orders/{id}/invoice` answer 404 after `POST /orders/{id}/invoice` (default 1). */
  invoiceRenderPolls?: number;
  /** How injected latency waits (default a real timer); tests pass one they release themselves. */
  delay?: (ms: number) => Promise<void>;
}

export interface PolarApi {
  handle(req: PortalRequest): Promise<PortalResponse>;
  mintSession(externalId: string, opts?: { ttlSeconds?: number; expired?: boolean; returnUrl?: string }): PolarCustomerSession;
  /** Every mutating call that reached the handler, in order. */
  readonly mutations: ReadonlyArray<{ method: string; path: string }>;
  /** Every request to a write route (refused ones too) since the last reset, with the status answered. */
  readonly writes: ReadonlyArray<{ method: string; path: string; status: number; applied: boolean; at: string }>;
  setFaults(faults: PolarFaults): PolarFaults;
  /** Holds requests whose path matches until `release()`; `waiting` counts those held now. */
  hold(pattern: RegExp | string): { readonly waiting: number; release(): void };
  getFaults(): PolarFaults & { failuresLeft: number | null };
  patchCustomer(externalId: string, fn: (customer: PolarSeededCustomer) => void): void;
  customer(externalId: string): PolarSeededCustomer | null;
  customers(): PolarCustomerSummary[];
  reset(): void;
  setPublicUrls(urls: { filesBaseUrl?: string; portalUrl?: string }): void;
}

export declare const POLAR_CUSTOMER_IDS: string[];
/** Key of an order's internal (not served) document facts: `{ receipt, invoiceUrl, receiptUrl }` (how `/invoice` and `/receipt` answer). */
export declare const DOCS: unique symbol;
export interface OrderDocs {
  /** A receipt exists (`'rendering'`: Polar is still rendering it). */
  receipt: boolean | 'rendering';
  /** The hostile customer's invoice link instead of the server's own. */
  invoiceUrl: string | null;
  receiptUrl: string | null;
}
export declare const HOSTILE: Readonly<Record<'html' | 'script' | 'js' | 'template' | 'rtl' | 'long' | 'proto' | 'format' | 'zeroWidth', string>>;
export declare function polarCustomerSummaries(): PolarCustomerSummary[];
export declare function createPolarApi(options?: PolarApiOptions): PolarApi;
export declare const POLAR_DEFAULTS: { organizationToken: string; tokenTtlSeconds: number; apiVersion: string };
