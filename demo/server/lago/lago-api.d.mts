// Types of the reference Lago handler (lago-api.mjs) for TypeScript callers.
import type { PortalRequest, PortalResponse } from '../portal-api.d.mts';

export interface LagoFaults {
  latencyMs?: number;
  jitterMs?: number;
  /** Answer `/graphql` with this HTTP status (500, 502, 503, 504, 429); 0 = off. */
  status?: number;
  statusCount?: number | null;
  /** Substrings of the path or of the request body (e.g. an operation name) the faults apply to. */
  paths?: string[] | null;
  offline?: boolean;
  truncate?: boolean;
  /** Every token reads as invalid (GraphQL `unauthorized`). */
  expireAll?: boolean;
  /** Answer HTTP 200 with one GraphQL error of this `extensions.code`. */
  graphqlError?: string | null;
  /** Narrow the faults to mutation requests (queries stay healthy). */
  writesOnly?: boolean;
  /** Apply a mutation, then drop the connection: the answer is lost, the write happened. */
  dropAfterWrite?: boolean;
}

export interface LagoSeededCustomer {
  externalId: string;
  id: string;
  user: Record<string, unknown> & { name: string; displayName: string };
  organization: Record<string, unknown>;
  wallets: Array<Record<string, unknown>>;
  subscriptions: Array<Record<string, unknown> & { id: string; plan: Record<string, unknown> }>;
  invoices: Array<Record<string, unknown> & { id: string; number: string; fileUrl: string | null; fees: Array<Record<string, unknown>> }>;
  usage: Map<string, Record<string, unknown> & { chargesUsage: Array<Record<string, unknown> & { billableMetric: Record<string, unknown> }> }>;
  invoiceCollections: Array<Record<string, unknown>>;
  overdueBalances: Array<Record<string, unknown>>;
  /** Set by a test: top-ups are invoiced but never charged (no payment method). */
  noPaymentMethod?: boolean;
}

export interface LagoMinted {
  token: string;
  portal_url: string;
  expires_at: string;
}

export interface LagoApi {
  handle(req: PortalRequest): Promise<PortalResponse>;
  mintToken(externalId: string, opts?: { ttlSeconds?: number | undefined; expired?: boolean | undefined }): Promise<LagoMinted>;
  setFaults(faults?: LagoFaults): LagoFaults;
  getFaults(): LagoFaults & { failuresLeft: number | null };
  patchCustomer(externalId: string, fn: (c: LagoSeededCustomer) => void): void;
  customer(externalId: string): LagoSeededCustomer | null;
  customers(): Array<{ external_id: string; name: string; currency: string }>;
  generatedPdfs: Set<string>;
  /** Every mutation request since the last reset (refused ones too). */
  readonly writes: ReadonlyArray<{ operation: 'mutation'; fields: string[]; status: number; applied: boolean; at: string }>;
  /** How long after a top-up its background jobs run (ms; 0 = at once). */
  setSettleDelay(ms: number): void;
  reset(): void;
  setPublicUrls(urls: { filesBaseUrl?: string; frontOrigin?: string }): void;
}

export interface LagoApiOptions {
  graphql: { parseDocument: (source: string, options?: { maxDepth?: number }) => unknown[] };
  now?: () => Date;
  /** How injected latency waits (default a timer); tests pass one they release themselves. */
  delay?: (ms: number) => Promise<void>;
  secret?: string;
  apiKeys?: string[];
  tokenTtlSeconds?: number;
  frontOrigin?: string;
  filesBaseUrl?: string;
  /** How long after a top-up its invoice, charge and credits land; default 1000 ms, 0 = at once. */
  settleDelayMs?: number;
}

export function createLagoApi(options: LagoApiOptions): LagoApi;
export const LAGO_CUSTOMER_IDS: string[];
export function lagoCustomerSummaries(): Array<{ external_id: string; name: string; currency: string }>;
