/**
 * Reading a Polar customer-session token. Polar's tokens are opaque
 * (`polar_cst_` or, for member sessions, `polar_mst_`, then base62; only a
 * hash is stored server-side): nothing can be decoded from them.
 *
 * Decisions:
 * - A token that is not `polar_cst_…` / `polar_mst_…` (ASCII letters and
 *   digits) is malformed: no request is made with it.
 * - Expiry: the host's `expires-at` (the mint response's `expires_at`) when
 *   given, with no request; else `GET /customer-session/introspect`.
 * - Identity: the token names no one. When the adapter introspects it also
 *   asks `/customers/me` in the same wave and names the customer by Polar's
 *   id; with `expires-at` and no requests the identity is unknown (null), so
 *   the element treats a new token as possibly another customer.
 * - Introspection refused with 401 → `unauthorized` (the session is over);
 *   any other failure (network, 5xx, a garbage answer) leaves expiry unknown
 *   and the element learns of the end from the first 401.
 */
import { ApiError, isAbortError } from '../../api/errors.js';
import { loadMapping } from './load-mapping.js';

const TOKEN = /^polar_(?:cst|mst)_[A-Za-z0-9]{8,200}$/;

export function isPolarToken(token: string): boolean {
  return TOKEN.test(token);
}

/** A member session (limited permissions: no orders or wallets for plain members). */
export function isMemberToken(token: string): boolean {
  return token.startsWith('polar_mst_') && isPolarToken(token);
}

export interface PolarTokenIdentity {
  customer: Readonly<Record<string, string>>;
  scope: Readonly<Record<string, string>>;
}

export interface PolarTokenReading {
  expiresAt: Date | null;
  identity: PolarTokenIdentity | null;
}

export type PolarTokenVerdict = { ok: true; reading: PolarTokenReading } | { ok: false; reason: 'malformed' | 'unauthorized' };

/** The two requests a reading may make, bound to the token being read. */
export interface PolarTokenProbe {
  introspect(signal: AbortSignal): Promise<unknown>;
  customer(signal: AbortSignal): Promise<unknown>;
}

/** Synchronous when `expires-at` is known (or the token is malformed); otherwise introspects. */
export function readPolarToken(
  token: string,
  context: { expiresAt: Date | null; signal: AbortSignal },
  probe: () => PolarTokenProbe,
): PolarTokenVerdict | Promise<PolarTokenVerdict> {
  if (!isPolarToken(token)) return { ok: false, reason: 'malformed' };
  if (context.expiresAt) return { ok: true, reading: { expiresAt: context.expiresAt, identity: null } };
  return introspect(probe(), context.signal);
}

async function introspect(probe: PolarTokenProbe, signal: AbortSignal): Promise<PolarTokenVerdict> {
  // The answers are read with the mappings' validators, whose chunk loads alongside the two requests.
  const mapping = loadMapping();
  mapping.catch(() => undefined);
  const [session, customer] = await Promise.allSettled([probe.introspect(signal), probe.customer(signal)]);
  for (const result of [session, customer]) {
    if (result.status === 'rejected') {
      if (isAbortError(result.reason)) throw result.reason;
      if (result.reason instanceof ApiError && result.reason.unauthorized) return { ok: false, reason: 'unauthorized' };
    }
  }
  let m: Awaited<typeof mapping>;
  try {
    m = await mapping;
  } catch {
    // No code to read the answers with: expiry and identity stay unknown (the first 401 ends the session).
    return { ok: true, reading: { expiresAt: null, identity: null } };
  }
  const expiresAt = session.status === 'fulfilled' ? m.readIntrospection(session.value) : null;
  const id = customer.status === 'fulfilled' ? m.readCustomerId(customer.value) : null;
  const identity: PolarTokenIdentity | null = id ? { customer: { polar_customer_id: id }, scope: {} } : null;
  return { ok: true, reading: { expiresAt, identity } };
}
