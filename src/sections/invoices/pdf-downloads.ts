/**
 * An invoice's PDF: asks the backend for its URL, refuses an unsafe one, tells
 * the host page (`invoice-download`, from the section) and opens it in a new
 * tab. Each invoice's download is busy or failed meanwhile, the same state in
 * the list and in the detail dialog.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PortalBackend } from '../../api/backend.js';
import type { Invoice } from '../../api/model.js';
import { ApiError, isAbortError } from '../../api/errors.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import { InvoiceDownloadEvent, SectionErrorEvent } from '../../events.js';

export type DownloadState = { kind: 'busy' } | { kind: 'error'; unsafe: boolean };

/** True for https: URLs, and http: ones on a loopback host (local development). */
export function isSafePdfUrl(url: string): boolean {
  return isSafeExternalUrl(url);
}

export class PdfDownloads implements ReactiveController {
  /** Each invoice's download in progress or failed (replaced on every change). */
  states: ReadonlyMap<string, DownloadState> = new Map();
  private lifetime = new AbortController();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly backend: () => PortalBackend | null | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
  }

  hostDisconnected(): void {
    this.lifetime.abort();
  }

  private set(id: string, value: DownloadState | null): void {
    const next = new Map(this.states);
    if (value) next.set(id, value);
    else next.delete(id);
    this.states = next;
    this.host.requestUpdate();
  }

  async download(invoice: Invoice): Promise<void> {
    const backend = this.backend();
    if (!backend || this.states.get(invoice.id)?.kind === 'busy') return;
    const signal = this.lifetime.signal;
    this.set(invoice.id, { kind: 'busy' });
    let url: string;
    try {
      url = await backend.invoicePdfUrl(invoice.id, signal);
    } catch (error) {
      if (isAbortError(error) || signal.aborted) {
        this.set(invoice.id, null);
        return;
      }
      if (error instanceof ApiError && error.unauthorized) this.host.dispatchEvent(new SectionErrorEvent('invoices', error));
      this.set(invoice.id, { kind: 'error', unsafe: error instanceof ApiError && error.code === 'unsafe_url' });
      return;
    }
    if (!isSafePdfUrl(url)) {
      this.set(invoice.id, { kind: 'error', unsafe: true });
      return;
    }
    this.set(invoice.id, null);
    this.host.dispatchEvent(new InvoiceDownloadEvent({ invoiceId: invoice.id, invoiceNumber: invoice.number }));
    window.open(url, '_blank', 'noopener,noreferrer');
  }
}
