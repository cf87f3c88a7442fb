import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PortalBackend } from '../api/backend.js';
import type { Customer, PortalConfig } from '../api/model.js';
import { ApiError } from '../api/errors.js';
import type { ErrorSection } from '../events.js';

/**
 * The data the root shares with every tab, loaded in the first wave with
 * each new backend: the customer (header, display zone), the tenant's portal
 * config (enabled sections, presets, theme) and whether the customer has
 * wallets (the Credits tab). Requests whose last failure was a network error
 * are retried when the browser is back online (`retryNetworkFailures`).
 */
export class RootDataController implements ReactiveController {
  customer: Customer | null = null;
  /** True once the customer answered or failed for the current backend (or an earlier one). */
  customerSettled = false;
  config: PortalConfig | null = null;
  configSettled = false;
  /** Whether the customer has wallets; null until known (or when the wallets failed). */
  hasWallets: boolean | null = null;
  walletsSettled = false;

  private backend: PortalBackend | null = null;
  private signal: AbortSignal | null = null;
  /** Root requests whose last failure was a network error or timeout. */
  private readonly networkFailures = new Set<'customer' | 'wallets'>();

  constructor(
    private readonly host: ReactiveControllerHost,
    /** A failure to report as `portal-error`. */
    private readonly onError: (section: ErrorSection, error: unknown) => void,
  ) {
    host.addController(this);
  }

  /** Removed from the page: answers of the old backend are ignored (its requests were aborted with its scope). */
  hostDisconnected(): void {
    this.backend = null;
  }

  /** /config and the wallets have settled, so the tab list is final. */
  get sectionsKnown(): boolean {
    return this.configSettled && this.walletsSettled;
  }

  /** Loads customer, config and wallets from a new backend, all at once. */
  load(backend: PortalBackend, signal: AbortSignal): void {
    this.backend = backend;
    this.signal = signal;
    this.networkFailures.clear();
    this.loadCustomer();
    backend.config(signal).then(
      (config) => {
        if (!this.current(backend, signal)) return;
        this.config = config;
        this.configSettled = true;
        this.host.requestUpdate();
      },
      () => {
        // 401 (the session handles it) or abort: nothing to show; defaults apply meanwhile.
        if (!this.current(backend, signal)) return;
        this.configSettled = true;
        this.host.requestUpdate();
      },
    );
    this.loadWallets();
  }

  /** Another customer's token: forget this one's customer (the header goes). */
  forgetCustomer(): void {
    this.customer = null;
    this.customerSettled = false;
    this.host.requestUpdate();
  }

  /** Back online: every root request whose last failure was a network error tries again. */
  retryNetworkFailures(): void {
    if (this.networkFailures.has('customer')) this.loadCustomer();
    if (this.networkFailures.has('wallets')) this.loadWallets();
  }

  private current(backend: PortalBackend, signal: AbortSignal): boolean {
    return this.backend === backend && !signal.aborted;
  }

  private loadCustomer(): void {
    const { backend, signal } = this;
    if (!backend || !signal || signal.aborted) return;
    this.networkFailures.delete('customer');
    backend.customer(signal).then(
      (customer) => {
        if (!this.current(backend, signal)) return;
        this.customer = customer;
        this.customerSettled = true;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (!this.current(backend, signal)) return;
        this.customerSettled = true;
        if (isNetworkFailure(error)) this.networkFailures.add('customer');
        this.onError('session', error);
        this.host.requestUpdate();
      },
    );
  }

  private loadWallets(): void {
    const { backend, signal } = this;
    if (!backend || !signal || signal.aborted) return;
    this.networkFailures.delete('wallets');
    backend.wallets(signal).then(
      (wallets) => {
        if (!this.current(backend, signal)) return;
        this.hasWallets = wallets.length > 0;
        this.walletsSettled = true;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (!this.current(backend, signal)) return;
        // Unknown: keep the Credits tab; it shows its own error with a retry.
        if (isNetworkFailure(error)) this.networkFailures.add('wallets');
        this.hasWallets = null;
        this.walletsSettled = true;
        this.host.requestUpdate();
      },
    );
  }
}

/** A failure of the connection (the browser was offline, or the server did not answer in time). */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout');
}
