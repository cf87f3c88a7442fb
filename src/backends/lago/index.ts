/**
 * The Lago adapter (its own lazily loaded chunk; see `../registry.ts`):
 * Lago's customer-portal GraphQL through the merchant's Lago proxy
 * (`@flexprice/customer-portal/lago-proxy`), whose route is `api-base`; there
 * is no default (Lago's API refuses cross-origin browsers). Tokens are signed
 * Rails messages whose `_rails.exp` the adapter reads.
 */
import { sessionClientOptions, type BackendAdapter } from '../../api/adapter.js';
import { LagoBackend } from './backend.js';
import { LagoClient } from './client.js';
import { readLagoToken } from './token.js';

export const adapter: BackendAdapter = {
  id: 'lago',
  defaultApiBase: null,
  readToken: (token) => {
    const reading = readLagoToken(token);
    if (!reading.ok) return { ok: false, reason: 'malformed' };
    return {
      ok: true,
      reading: { expiresAt: reading.expiresAt, identity: reading.customerId ? { customer: { customer_id: reading.customerId }, scope: {} } : null },
    };
  },
  createBackend: (session) =>
    new LagoBackend(
      new LagoClient(sessionClientOptions(session)),
      { now: () => session.now() },
    ),
};

export { LagoBackend, LagoClient };
