/**
 * The Flexprice adapter (its own lazily loaded chunk; see `../registry.ts`):
 * JWT session tokens in `X-Session-Token`, `/v1/customer/portal/*`.
 */
import { sessionClientOptions, type BackendAdapter } from '../../api/adapter.js';
import { FLEXPRICE_API_BASE } from '../../api/defaults.js';
import { FlexpriceClient } from './client.js';
import { FlexpriceBackend, loadMapping } from './backend.js';
import { readFlexpriceToken } from './token.js';

export { FLEXPRICE_API_BASE };

export const adapter: BackendAdapter = {
  id: 'flexprice',
  defaultApiBase: FLEXPRICE_API_BASE,
  readToken: (token) => readFlexpriceToken(token),
  createBackend: (session) =>
    new FlexpriceBackend(
      new FlexpriceClient(sessionClientOptions(session)),
      { now: () => session.now(), ...(session.onConfigError ? { onConfigError: session.onConfigError } : {}) },
    ),
  loadTabCode: () => loadMapping(),
};

export { FlexpriceClient, FlexpriceBackend };
