/**
 * Test-only: an in-memory `PortalBackend` over view-model objects (no HTTP,
 * no wire format), for tab tests that need data a reference server does not
 * seed, or want to run the same checks without the network:
 *
 *   const backend = fakeBackend({ invoices: [...], capabilities: { transactions: false } });
 *   backend.calls;                    // [{ method: 'invoices', args: [...], signal }, …]
 *   backend.fail('invoices', error);  // the next calls of a method reject
 *   const gate = backend.hold('wallet'); … gate.release();
 *
 * Paging follows the interface: `{offset, limit}` slices of the lists, with
 * their totals; every method honours its `AbortSignal` (rejects with an
 * aborted `ApiError`). Nothing in the shipped element imports it.
 */
import type { BackendCapabilities, BackendLimits, InvoiceQuery, PageRequest, PortalBackend } from '../backend.js';
import { defaultPortalConfig } from '../defaults.js';
import { ApiError } from '../errors.js';
import { abortedError } from '../http.js';
import { FLEXPRICE_CAPABILITIES } from '../../backends/flexprice/backend.js';
import type { BillingHistory, Customer, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSeriesQuery, UsageSummary, Wallet, WalletTransaction } from '../model.js';

export interface FakeBackendData {
  customer?: Customer;
  config?: PortalConfig;
  wallets?: Wallet[];
  /** Transactions per wallet id, newest first. */
  transactions?: Record<string, WalletTransaction[]>;
  subscriptions?: Subscription[];
  invoices?: Invoice[];
  /** Details by invoice id (default: the listed invoice with no line items). */
  details?: Record<string, InvoiceDetail>;
  /** PDF URLs by invoice id (default `https://files.example/<id>.pdf`). */
  pdfUrls?: Record<string, string>;
  usageSummary?: UsageSummary;
  /** The series answered for any query (its `asOf` is kept). */
  usageSeries?: UsageSeries;
  /** Over Flexprice's capabilities (everything the tabs show). */
  capabilities?: Partial<BackendCapabilities>;
  /** Invoiced totals per month: the backend then has `billingHistory()` (as Lago's adapter does). */
  billingHistory?: BillingHistory;
  limits?: Partial<BackendLimits>;
}

export type FakeMethod = Exclude<keyof PortalBackend, 'capabilities' | 'limits'>;

export interface FakeCall {
  method: FakeMethod;
  args: unknown[];
  /** The caller's signal: whether a superseded request was aborted. */
  signal: AbortSignal;
}

export interface FakeBackend extends PortalBackend {
  readonly calls: FakeCall[];
  /** Calls of `method` so far. */
  callsOf(method: FakeMethod): FakeCall[];
  /** The next `times` calls of `method` (default every call) reject with `error`. */
  fail(method: FakeMethod, error: unknown, times?: number): void;
  /** Calls of `method` wait until `release()` (aborts still end them). */
  hold(method: FakeMethod): { release(): void; readonly waiting: number };
}


const DEFAULT_LIMITS: BackendLimits = { transactionsPageSize: 1000, invoicesPageSize: 100, subscriptionsPageSize: 100 };

export const FAKE_CUSTOMER: Customer = { id: 'cus_fake', externalId: 'fake', name: 'Fake Customer', email: 'fake@example.com', timeZone: 'UTC' };

function slice<T>(list: readonly T[], page: PageRequest): Page<T> {
  return { items: list.slice(page.offset, page.offset + page.limit), total: list.length };
}

function notFound(what: string): ApiError {
  return new ApiError({ kind: 'http', status: 404, code: 'not_found', message: `${what} not found` });
}

export function fakeBackend(data: FakeBackendData = {}): FakeBackend {
  const calls: FakeCall[] = [];
  const failures = new Map<FakeMethod, { error: unknown; times: number }>();
  const holds = new Map<FakeMethod, { opened: Promise<void>; waiting: number }>();

  /** Records the call, applies holds and failures, honours the signal, then answers. */
  async function answer<T>(method: FakeMethod, args: unknown[], signal: AbortSignal, value: () => T): Promise<T> {
    calls.push({ method, args, signal });
    if (signal.aborted) throw abortedError(signal.reason);
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(abortedError(signal.reason)), { once: true }));
    aborted.catch(() => undefined);
    const held = holds.get(method);
    if (held) {
      held.waiting += 1;
      try {
        await Promise.race([held.opened, aborted]);
      } finally {
        held.waiting -= 1;
      }
    }
    // One turn later, as a real answer would come.
    await Promise.race([Promise.resolve(), aborted]);
    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw failure.error;
    }
    return value();
  }

  const backend: FakeBackend = {
    capabilities: { ...FLEXPRICE_CAPABILITIES, ...data.capabilities },
    limits: { ...DEFAULT_LIMITS, ...data.limits },
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    fail(method, error, times = Infinity) {
      failures.set(method, { error, times });
    },
    hold(method) {
      let open!: () => void;
      const entry = { opened: new Promise<void>((resolve) => (open = resolve)), waiting: 0 };
      holds.set(method, entry);
      return {
        release() {
          if (holds.get(method) === entry) holds.delete(method);
          open();
        },
        get waiting() {
          return entry.waiting;
        },
      };
    },
    customer: (signal) => answer('customer', [], signal, () => data.customer ?? FAKE_CUSTOMER),
    config: (signal) => answer('config', [], signal, () => data.config ?? defaultPortalConfig()),
    wallets: (signal) => answer('wallets', [], signal, () => [...(data.wallets ?? [])]),
    wallet: (id, signal) =>
      answer('wallet', [id], signal, () => {
        const wallet = data.wallets?.find((w) => w.id === id);
        if (!wallet) throw notFound(`wallet ${id}`);
        return wallet;
      }),
    walletTransactions: (id, page, signal) => answer('walletTransactions', [id, page], signal, () => slice(data.transactions?.[id] ?? [], page)),
    subscriptions: (page, signal) => answer('subscriptions', [page], signal, () => slice(data.subscriptions ?? [], page)),
    invoices: (page, signal, query?: InvoiceQuery) =>
      answer('invoices', [page, query], signal, () => {
        const all = data.invoices ?? [];
        const search = query?.search?.trim().toLowerCase();
        return slice(search ? all.filter((i) => (i.number ?? '').toLowerCase().includes(search)) : all, page);
      }),
    invoice: (id, signal) =>
      answer('invoice', [id], signal, () => {
        const detail = data.details?.[id];
        if (detail) return detail;
        const listed = data.invoices?.find((i) => i.id === id);
        if (!listed) throw notFound(`invoice ${id}`);
        return { ...listed, lineItems: [], subtotal: listed.total, totalDiscount: '0', totalTax: '0', prepaidCreditsApplied: '0', refundedAmount: '0' };
      }),
    invoicePdfUrl: (id, signal) => answer('invoicePdfUrl', [id], signal, () => data.pdfUrls?.[id] ?? `https://files.example/${encodeURIComponent(id)}.pdf`),
    usageSummary: (signal) => answer('usageSummary', [], signal, () => data.usageSummary ?? { features: [], periodStart: null, periodEnd: null }),
    usageSeries: (query: UsageSeriesQuery, signal) =>
      answer('usageSeries', [query], signal, () => data.usageSeries ?? { currency: 'USD', totalCost: '0', items: [], asOf: new Date() }),
  };
  const history = data.billingHistory;
  if (history) backend.billingHistory = (signal) => answer('billingHistory', [], signal, () => history);
  return backend;
}
