/**
 * When a session token stops being handed out, DOM-free (used by `PortalSession`).
 *
 * **Clock skew.** The server checks `exp` with no leeway, so a request sent a
 * moment before `exp` may arrive after it. The session therefore retires a
 * token a little before its `exp` (the `token` getter returns null from then
 * on) and fires `onExpired` at that moment. The margin is at most
 * `EXPIRY_MARGIN_MS` (5 s) and at most a tenth of the token's lifetime,
 * counted from the later of its `iat` and the moment it was set (see
 * `retireMargin`): an 8 s token is retired 0.8 s early, and a token set with
 * 3 s left gets 0.3 s, so no token the server still accepts arrives dead.
 * `expiredAt` is still the token's real `exp`.
 */

/** The most a token is retired before its `exp` (see the module notes and `retireMargin`). */
export const EXPIRY_MARGIN_MS = 5_000;

/**
 * How long before `exp` a token is retired: at most `EXPIRY_MARGIN_MS`, and at
 * most a tenth of its lifetime — from its `iat` (when known and before `exp`)
 * or from `setAt`, whichever is later, to `exp`. Never negative.
 */
export function retireMargin(expiresAt: Date, issuedAt: Date | null, setAtMs: number): number {
  const exp = expiresAt.getTime();
  const iat = issuedAt && issuedAt.getTime() < exp ? issuedAt.getTime() : -Infinity;
  const lifetime = exp - Math.max(iat, setAtMs);
  return Math.max(0, Math.min(EXPIRY_MARGIN_MS, lifetime / 10));
}

/** `date` when it is a valid Date, else null (a reader's or the host's expiry may be garbage). */
export function validDate(date: Date | null | undefined): Date | null {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date : null;
}

/** Whether two optional dates are the same moment (both null counts). */
export function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
