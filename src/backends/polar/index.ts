/**
 * The Polar adapter (its own lazily loaded chunk; see `../registry.ts`):
 * opaque `polar_cst_` / `polar_mst_` customer-session tokens in
 * `Authorization: Bearer`, Polar's customer-portal API under
 * `{api-base}/v1/customer-portal/` (`api-base` defaults to
 * `https://api.polar.sh`; `https://sandbox-api.polar.sh` for the sandbox).
 *
 * Expiry comes from the host's `expires-at` (the mint response's
 * `expires_at`), else from `/customer-session/introspect` (token.ts).
 */
import { sessionClientOptions, type BackendAdapter, type TokenReadContext } from '../../api/adapter.js';
import { PolarBackend } from './backend.js';
import { loadMapping } from './load-mapping.js';
import { PolarClient } from './client.js';
import { readPolarToken } from './token.js';

export const POLAR_API_BASE = 'https://api.polar.sh';

export const adapter: BackendAdapter = {
  id: 'polar',
  defaultApiBase: POLAR_API_BASE,
  readToken: (token: string, context: TokenReadContext) =>
    readPolarToken(token, context, () => {
      const client = new PolarClient({ baseUrl: context.apiBase, getToken: () => token });
      return { introspect: (signal) => client.introspect(signal), customer: (signal) => client.getCustomer(signal) };
    }),
  createBackend: (session) =>
    new PolarBackend(
      new PolarClient(sessionClientOptions(session)),
      session.client?.timers ? { timers: session.client.timers } : {},
    ),
  loadTabCode: () => loadMapping(),
};

export { PolarBackend, PolarClient };
