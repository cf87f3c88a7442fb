/**
 * `FlexpriceBackend`: the Flexprice adapter behind `PortalBackend`. It calls
 * `FlexpriceClient` and maps the wire answers into the backend-neutral view
 * model with `mapping.ts` (a chunk imported alongside the first request),
 * which validates at runtime every field the UI reads.
 *
 * One instance serves one session token. `customer()`, `config()` and
 * `wallets()` are memoized per instance (one shared request, abort-safe,
 * forgotten when it fails); everything else is fetched on every call.
 */
import type { BackendCapabilities, BackendLimits, PageRequest, PortalBackend } from '../../api/backend.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import { chunkLoadError, loadOnce } from '../../api/load-once.js';
import type { FlexpriceClient } from './client.js';
import type { BackendActions } from '../../api/actions.js';
import { ApiError, isAbortError } from '../../api/errors.js';
import { SharedRequest } from '../../api/memo.js';
import type { Customer, Invoice, InvoiceDetail, Page, PortalConfig, Subscription, UsageSeries, UsageSeriesQuery, UsageSummary, Wallet, WalletTransaction } from '../../api/model.js';

export interface FlexpriceBackendOptions {
  /** The clock (overdue invoices, `asOf`); defaults to the real one. */
  now?: () => Date;
  /** `/config` failed (the backend then answers defaults). */
  onConfigError?: (error: unknown) => void;
}

/** What Flexprice can supply (everything the tabs show). */
export const FLEXPRICE_CAPABILITIES: BackendCapabilities = {
  transactions: true,
  // DAY buckets are cut in the customer's zone (`/info` timezone, UTC when unset).
  usageSeries: { windows: ['15MIN', '30MIN', 'HOUR', 'DAY'], dayBuckets: { zone: 'customer' } },
  usageSummary: true,
  invoiceSearch: 'client',
  invoiceDueDates: true,
  realTimeWalletBalance: true,
};

/** The API's page limits: transactions `limit` 1..1000; invoices and subscriptions are read 100 at a time. */
export const FLEXPRICE_LIMITS: BackendLimits = {
  transactionsPageSize: 1000,
  invoicesPageSize: 100,
  subscriptionsPageSize: 100,
};

// The mappings live in their own chunk (loaded with the first request, see `mapping()`);
// re-exported here for callers and tests.
export {
  invoiceDisplayStatus,
  isSafeDocumentUrl,
  magnitude,
  mapCustomer,
  mapInvoice,
  mapInvoiceDetail,
  mapPdfUrl,
  mapSubscription,
  mapTransaction,
  mapUsageSeries,
  mapUsageSummary,
  mapWallet,
  mapped,
  transactionKind,
  upper,
} from './mapping.js';
export { mapConfig } from './portal-config.js';

type Mapping = typeof import('./mapping.js');

/** The mappings, imported once (a failed import is forgotten and reads as a network error). */
export const loadMapping = loadOnce<Mapping>(() => import('./mapping.js'), chunkLoadError('The billing code'));

/** Starts the mappings' import alongside a request, so the two travel in the same wave. */
function mapping(): Promise<Mapping> {
  const load = loadMapping();
  // Started alongside the request; if the request fails first, this rejection is not left unhandled.
  load.catch(() => undefined);
  return load;
}

/** 1-based page of an aligned slice (`offset` a multiple of `limit`), for the lists Flexprice pages by number. */
function pageOf(page: PageRequest): { page: number; limit: number } {
  const limit = Math.max(1, Math.floor(page.limit));
  return { page: Math.floor(Math.max(0, page.offset) / limit) + 1, limit };
}

// ------------------------------------------------------------------ backend

export class FlexpriceBackend implements PortalBackend {
  readonly capabilities = FLEXPRICE_CAPABILITIES;
  readonly limits = FLEXPRICE_LIMITS;
  private readonly now: () => Date;
  private readonly onConfigError: ((error: unknown) => void) | undefined;
  private readonly customerMemo: SharedRequest<Customer>;
  private readonly configMemo: SharedRequest<PortalConfig>;
  private readonly walletsMemo: SharedRequest<Wallet[]>;

  constructor(
    readonly client: FlexpriceClient,
    options: FlexpriceBackendOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.onConfigError = options.onConfigError;
    this.customerMemo = new SharedRequest(async (signal) => {
      const m = mapping();
      const raw = await client.getInfo(signal);
      return (await m).mapCustomer(raw);
    });
    this.configMemo = new SharedRequest(async (signal) => {
      try {
        const m = mapping();
        const raw = await client.getConfig(signal);
        return (await m).mapConfig(raw);
      } catch (error) {
        if (!isAbortError(error)) this.onConfigError?.(error);
        throw error;
      }
    });
    this.walletsMemo = new SharedRequest(async (signal) => {
      const m = mapping();
      const raw = await client.listWallets(signal);
      return (await m).mapWallets(raw);
    });
  }

  customer(signal: AbortSignal): Promise<Customer> {
    return this.customerMemo.get(signal);
  }

  /** Resolves to `defaultPortalConfig()` on any failure but a 401 or an abort (and then retries on the next call). */
  async config(signal: AbortSignal): Promise<PortalConfig> {
    try {
      return await this.configMemo.get(signal);
    } catch (error) {
      if (isAbortError(error) || (error instanceof ApiError && error.unauthorized)) throw error;
      return defaultPortalConfig();
    }
  }

  /** The writes (top-up, pay invoice, checkout poll): their own chunk, loaded only when the host lists actions. */
  loadActions(): Promise<BackendActions> {
    return import('./actions.js').then((m) => m.createActions(this.client));
  }

  async wallets(signal: AbortSignal): Promise<Wallet[]> {
    return [...(await this.walletsMemo.get(signal))];
  }

  async wallet(id: string, signal: AbortSignal): Promise<Wallet> {
    const m = mapping();
    const raw = await this.client.getWallet(id, signal);
    return (await m).mapWallet(raw);
  }

  async walletTransactions(id: string, page: PageRequest, signal: AbortSignal): Promise<Page<WalletTransaction>> {
    const m = mapping();
    const raw = await this.client.listWalletTransactions(id, { limit: page.limit, offset: page.offset }, signal);
    const { mapPage, mapTransaction } = await m;
    return mapPage(raw, 'transactions', mapTransaction);
  }

  async subscriptions(page: PageRequest, signal: AbortSignal): Promise<Page<Subscription>> {
    const m = mapping();
    const raw = await this.client.listSubscriptions(pageOf(page), signal);
    const { mapPage, mapSubscription } = await m;
    return mapPage(raw, 'subscriptions', mapSubscription);
  }

  async invoices(page: PageRequest, signal: AbortSignal): Promise<Page<Invoice>> {
    const m = mapping();
    const raw = await this.client.listInvoices(pageOf(page), signal);
    const { mapPage, mapInvoice } = await m;
    const now = this.now();
    return mapPage(raw, 'invoices', (v, path) => mapInvoice(v, now, path));
  }

  async invoice(id: string, signal: AbortSignal): Promise<InvoiceDetail> {
    const m = mapping();
    const raw = await this.client.getInvoice(id, signal);
    return (await m).mapInvoiceDetail(raw, this.now());
  }

  async invoicePdfUrl(id: string, signal: AbortSignal): Promise<string> {
    const m = mapping();
    const raw = await this.client.getInvoicePdf(id, signal);
    return (await m).mapPdfUrl(raw);
  }

  async usageSummary(signal: AbortSignal): Promise<UsageSummary> {
    const m = mapping();
    const raw = await this.client.getUsage({}, signal);
    return (await m).mapUsageSummary(raw);
  }

  async usageSeries(query: UsageSeriesQuery, signal: AbortSignal): Promise<UsageSeries> {
    const m = mapping();
    const raw = await this.client.getUsageAnalytics(
      {
        window_size: query.window,
        start_time: query.start.toISOString(),
        end_time: query.end.toISOString(),
        expand: ['price'],
      },
      signal,
    );
    return (await m).mapUsageSeries(raw, this.now());
  }
}
