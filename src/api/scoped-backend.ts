import type { PortalBackend } from './backend.js';
import { abortedError } from './http.js';

type Method = Exclude<keyof PortalBackend, 'capabilities' | 'limits' | 'loadActions'>;

/** Every call of the interface; each takes one `AbortSignal` argument. */
const METHODS: readonly Method[] = [
  'customer',
  'config',
  'wallets',
  'wallet',
  'walletTransactions',
  'subscriptions',
  'invoices',
  'invoice',
  'invoicePdfUrl',
  'usageSummary',
  'usageSeries',
  'billingHistory',
];

/**
 * Wraps a backend so every call is also aborted by `scope` (token switch,
 * expiry, disconnect), and so no answer of an aborted scope is ever delivered,
 * even from a call that ignored its signal.
 */
export function scopeBackend(inner: PortalBackend, scope: AbortSignal): PortalBackend {
  const scoped: Partial<Record<Method | 'loadActions', (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of METHODS) {
    // Optional calls (a backend's billing history) stay absent where the backend has none.
    if (!inner[method]) continue;
    scoped[method] = (...args: unknown[]): Promise<unknown> => {
      const at = args.findIndex((arg) => arg instanceof AbortSignal);
      const combined = AbortSignal.any([args[at] as AbortSignal, scope]);
      if (combined.aborted) return Promise.reject(abortedError(combined.reason));
      const call = (inner[method] as (...a: unknown[]) => Promise<unknown>).bind(inner);
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortedError(combined.reason));
        combined.addEventListener('abort', onAbort, { once: true });
        args[at] = combined;
        call(...args).then(
          (value) => {
            combined.removeEventListener('abort', onAbort);
            if (combined.aborted) reject(abortedError(combined.reason));
            else resolve(value);
          },
          (error: unknown) => {
            combined.removeEventListener('abort', onAbort);
            reject(combined.aborted ? abortedError(combined.reason) : error);
          },
        );
      });
    };
  }
  // The writes take their own signals (a write in flight is not cut by a token switch; its result is still reported).
  if (inner.loadActions) scoped.loadActions = inner.loadActions.bind(inner);
  return { ...(scoped as unknown as PortalBackend), capabilities: inner.capabilities, limits: inner.limits };
}
