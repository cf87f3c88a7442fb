/**
 * Reads the expiry of a portal session token. The browser never verifies the
 * signature (it has no secret); the server does on every call. We only need
 * `exp` to warn before it passes.
 */
import { decodeJwt } from 'jose';

export type DecodedToken = { ok: true; expiresAt: Date } | { ok: false };

/**
 * `exp` of a JWT as a Date, or `{ok:false}` when the token is malformed: not
 * a compact JWS, a payload that is not JSON, or no finite numeric `exp`.
 * Never throws.
 */
export function readTokenExpiry(token: string): DecodedToken {
  try {
    const { exp } = decodeJwt(token.trim());
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false };
    const ms = exp * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return { ok: false };
    return { ok: true, expiresAt: new Date(ms) };
  } catch {
    return { ok: false };
  }
}
