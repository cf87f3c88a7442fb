/**
 * Test-only: the Flexprice write routes of contract portal-actions.md §1 in
 * front of the reference read handler (portal-fetch.ts), answering with real
 * `Response` objects shaped as the contract says. Each route's answer is a
 * function the test may replace; every request (reads too) is in `calls`.
 */


export interface WriteCall {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  token: string | null;
}

export interface ActionsRoutes {
  integrations: () => Response;
  topUp: (body: Record<string, unknown>, walletId: string) => Response;
  pay: (body: Record<string, unknown>, invoiceId: string) => Response;
  checkout: (id: string) => Response;
}

export const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Flexprice's error envelope (contract §6.9: `{code, message, http_status_code, details}`). */
export const apiError = (status: number, code: string, message: string, details?: Record<string, unknown>): Response =>
  json({ code, message, http_status_code: status, ...(details ? { details } : {}) }, status);

export const CHECKOUT_URL = 'https://pay.example.test/checkout/cs_1';

export function defaultRoutes(): ActionsRoutes {
  return {
    integrations: () => json({ payment_integrations: [{ provider: 'chargebee', capabilities: [{ type: 'checkout', is_default: true }, { type: 'payment_link', is_default: true }] }] }),
    topUp: (body) =>
      json({
        wallet_transaction: { id: 'wtx_1', type: 'credit', credit_amount: body['credits_to_add'], transaction_status: 'pending', idempotency_key: body['idempotency_key'] },
        invoice_id: 'inv_topup_1',
        checkout_session: { id: 'cs_1', checkout_status: 'pending', payment_provider: 'chargebee', payment_action: { type: 'checkout_url', url: CHECKOUT_URL }, expires_at: '2026-12-08T02:00:00Z', entity_creation_result: { status: 'created', entity_id: 'cs_1' } },
      }),
    pay: (_body, invoiceId) => json({ payment_id: 'pay_1', invoice_id: invoiceId, status: 'PENDING', amount: '149', currency: 'usd', payment_action: { type: 'payment_link', url: 'https://pay.example.test/link/pay_1' } }),
    checkout: (id) => json({ id, checkout_status: 'pending', payment_provider: 'chargebee', payment_action: { type: 'checkout_url', url: CHECKOUT_URL }, expires_at: '2026-12-08T02:00:00Z' }),
  };
}

export interface ActionsFetch {
  routes: ActionsRoutes;
  calls: WriteCall[];
  /** The credits the wallet reads add once a top-up "arrived" (0: the balance is unchanged). */
  credited: { credits: number };
  /** Invoices the reads answer as paid (`payment_status: SUCCEEDED`) from now on. */
  paid: Set<string>;
  writes(): WriteCall[];
  restore(): void;
}

/** Installs the write routes over the installed (reference handler) fetch; restore before it is restored. */
export function actionsFetch(): ActionsFetch {
  const below = window.fetch;
  const routes = defaultRoutes();
  const calls: WriteCall[] = [];
  const credited = { credits: 0 };
  const paid = new Set<string>();
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/v1\/customer\/portal/, '');
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
    calls.push({ method, path, body, token: headers.get('x-session-token') });
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/integrations') return routes.integrations();
    if (method === 'POST' && (m = /^\/wallets\/([^/]+)\/top-up$/.exec(path))) return routes.topUp(body ?? {}, decodeURIComponent(m[1]!));
    if (method === 'POST' && (m = /^\/invoices\/([^/]+)\/pay$/.exec(path))) return routes.pay(body ?? {}, decodeURIComponent(m[1]!));
    if (method === 'GET' && (m = /^\/checkout-sessions\/([^/]+)$/.exec(path))) return routes.checkout(decodeURIComponent(m[1]!));
    const answer = await below(input, init);
    if (method === 'GET' && /^\/wallets\/[^/]+$/.test(path) && credited.credits && answer.ok) {
      const wallet = (await answer.json()) as Record<string, unknown>;
      const base = Number(wallet['real_time_credit_balance'] ?? wallet['credit_balance']);
      return json({ ...wallet, real_time_credit_balance: String(base + credited.credits) });
    }
    const invoice = /^\/invoices\/([^/]+)$/.exec(path);
    if (method === 'GET' && invoice && paid.has(decodeURIComponent(invoice[1]!)) && answer.ok) {
      const body = (await answer.json()) as Record<string, unknown>;
      return json({ ...body, payment_status: 'SUCCEEDED', amount_paid: body['amount_due'], amount_remaining: '0' });
    }
    return answer;
  };
  window.fetch = fetchFn as typeof fetch;
  return {
    routes,
    calls,
    credited,
    paid,
    writes: () => calls.filter((c) => c.method !== 'GET' && /top-up|\/pay$|checkout-sessions|auto-topup|payment-methods/.test(c.path)),
    restore: () => {
      if (window.fetch === (fetchFn as typeof fetch)) window.fetch = below;
    },
  };
}
