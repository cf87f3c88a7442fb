import type { PortalBackend } from './backend.js';
import type { ApiError } from './errors.js';
import { abortedError } from './http.js';

/**
 * Wraps a backend so every call is also aborted by `scope` (token switch,
 * expiry, disconnect), and so no answer of an aborted scope is ever delivered,
 * even from a call that ignored its signal.
 */
export function scopeBackend(inner: PortalBackend, scope: AbortSignal): PortalBackend {
  const run = <T>(call: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
    const combined = AbortSignal.any([signal, scope]);
    if (combined.aborted) return Promise.reject(aborted(combined.reason));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(aborted(combined.reason));
      combined.addEventListener('abort', onAbort, { once: true });
      call(combined).then(
        (value) => {
          combined.removeEventListener('abort', onAbort);
          if (combined.aborted) reject(aborted(combined.reason));
          else resolve(value);
        },
        (error: unknown) => {
          combined.removeEventListener('abort', onAbort);
          reject(combined.aborted ? aborted(combined.reason) : error);
        },
      );
    });
  };
  return {
    capabilities: inner.capabilities,
    limits: inner.limits,
    customer: (signal) => run((s) => inner.customer(s), signal),
    config: (signal) => run((s) => inner.config(s), signal),
    wallets: (signal) => run((s) => inner.wallets(s), signal),
    wallet: (id, signal) => run((s) => inner.wallet(id, s), signal),
    walletTransactions: (id, page, signal) => run((s) => inner.walletTransactions(id, page, s), signal),
    subscriptions: (page, signal) => run((s) => inner.subscriptions(page, s), signal),
    invoices: (page, signal, query) => run((s) => inner.invoices(page, s, query), signal),
    invoice: (id, signal) => run((s) => inner.invoice(id, s), signal),
    invoicePdfUrl: (id, signal) => run((s) => inner.invoicePdfUrl(id, s), signal),
    usageSummary: (signal) => run((s) => inner.usageSummary(s), signal),
    usageSeries: (query, signal) => run((s) => inner.usageSeries(query, s), signal),
    ...(inner.billingHistory ? { billingHistory: (signal: AbortSignal) => run((s) => inner.billingHistory!(s), signal) } : {}),
  };
}

function aborted(reason: unknown): ApiError {
  return abortedError(reason);
}
