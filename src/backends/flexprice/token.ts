/**
 * Reads a Flexprice portal session token (a JWT): its `exp` and whose data it
 * opens. The browser never verifies the signature (it has no secret); the
 * server does on every call. We only need `exp` to warn before it passes, and
 * the customer claims to decide what may stay on screen when it changes.
 */
import type { TokenIdentity, TokenVerdict } from '../../api/adapter.js';

/**
 * The claims of a compact JWS (what jose's `decodeJwt` answers, in a few lines
 * instead of its ~1 KB in the CDN first chunk): three dot-separated parts, a
 * base64url payload holding a JSON object. Throws when the token is not one.
 */
function decodeJwt(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || !payload || /[+/]/.test(payload)) throw new TypeError('Invalid JWT');
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new TypeError('Invalid JWT Claims Set');
  return claims as Record<string, unknown>;
}

export type DecodedToken = { ok: true; expiresAt: Date; issuedAt: Date | null } | { ok: false };

/** A NumericDate claim (epoch seconds) as a Date, or null when absent or out of range. */
function numericDate(value: unknown): Date | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const ms = value * 1000;
  return Math.abs(ms) > 8.64e15 ? null : new Date(ms);
}

/**
 * `exp` of a JWT as a Date (and `iat` when the token carries one, else null),
 * or `{ok:false}` when the token is malformed: not a compact JWS, a payload
 * that is not JSON, or no finite numeric `exp`. Never throws.
 */
export function readTokenExpiry(token: string): DecodedToken {
  try {
    const { exp, iat } = decodeJwt(token.trim());
    const expiresAt = numericDate(exp);
    if (!expiresAt) return { ok: false };
    return { ok: true, expiresAt, issuedAt: numericDate(iat) };
  } catch {
    return { ok: false };
  }
}

/** Whose data a portal token opens: its identity claims (absent ones are null). */
export interface TokenCustomer {
  customerId: string | null;
  externalCustomerId: string | null;
  tenantId: string | null;
  environmentId: string | null;
}

const IDENTITY_CLAIMS = {
  customerId: 'customer_id',
  externalCustomerId: 'external_customer_id',
  tenantId: 'tenant_id',
  environmentId: 'environment_id',
} as const;

/**
 * The customer a token is for, from its `customer_id`, `external_customer_id`,
 * `tenant_id` and `environment_id` claims (unverified, like `exp`: only used to
 * decide what to keep on screen), or null when the token is malformed or names
 * no customer. Never throws.
 */
export function readTokenCustomer(token: string): TokenCustomer | null {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token.trim());
  } catch {
    return null;
  }
  const read = (name: string) => {
    const value = claims[name];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const customer: TokenCustomer = {
    customerId: read(IDENTITY_CLAIMS.customerId),
    externalCustomerId: read(IDENTITY_CLAIMS.externalCustomerId),
    tenantId: read(IDENTITY_CLAIMS.tenantId),
    environmentId: read(IDENTITY_CLAIMS.environmentId),
  };
  return customer.customerId || customer.externalCustomerId ? customer : null;
}

/**
 * Whether two tokens open the same customer's data: both name a customer, at
 * least one customer claim is present in both, and no claim present in both
 * differs. Anything unknown counts as a different customer (the safe side:
 * the view is reset rather than risk showing one customer's data to another).
 */
export function isSameCustomer(a: TokenCustomer | null, b: TokenCustomer | null): boolean {
  if (!a || !b) return false;
  let shared = false;
  for (const key of Object.keys(IDENTITY_CLAIMS) as (keyof TokenCustomer)[]) {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) continue;
    if (x !== y) return false;
    if (key === 'customerId' || key === 'externalCustomerId') shared = true;
  }
  return shared;
}

/**
 * The adapter's `readToken`: `exp` and the identity claims. A token with no
 * readable `exp` is malformed (every Flexprice portal token has one).
 */
export function readFlexpriceToken(token: string): TokenVerdict {
  const expiry = readTokenExpiry(token);
  if (!expiry.ok) return { ok: false, reason: 'malformed' };
  return { ok: true, reading: { expiresAt: expiry.expiresAt, issuedAt: expiry.issuedAt, identity: tokenIdentity(readTokenCustomer(token)) } };
}

/** The claims as the seam's neutral identity (customer keys, scope keys). */
export function tokenIdentity(customer: TokenCustomer | null): TokenIdentity | null {
  if (!customer) return null;
  const pick = (entries: [string, string | null][]) => Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null));
  return {
    customer: pick([
      [IDENTITY_CLAIMS.customerId, customer.customerId],
      [IDENTITY_CLAIMS.externalCustomerId, customer.externalCustomerId],
    ]),
    scope: pick([
      [IDENTITY_CLAIMS.tenantId, customer.tenantId],
      [IDENTITY_CLAIMS.environmentId, customer.environmentId],
    ]),
  };
}
