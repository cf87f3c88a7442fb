/**
 * The hosted link-out "adapter" (`backend="hosted"`: Pabbly, and any vendor
 * without a customer-token read API). There is nothing to read: the session
 * is the vendor's portal link (`portal-url`, e.g. Pabbly's `access_url`),
 * and its end is the host's `expires-at` (the mint response's `expires_at`).
 * `createBackend` answers null, so the element shows the link-out card
 * instead of the tabs; the session still fires `token-expiring` and
 * `token-expired` from `expires-at`.
 */
import type { BackendAdapter } from '../../api/adapter.js';
import { isSafeExternalUrl } from '../../api/urls.js';

export const adapter: BackendAdapter = {
  id: 'hosted',
  defaultApiBase: null,
  credential: 'portal-url',
  readToken: (portalUrl, context) =>
    isSafeExternalUrl(portalUrl) ? { ok: true, reading: { expiresAt: context.expiresAt, identity: null } } : { ok: false, reason: 'malformed' },
  createBackend: () => null,
};
