/**
 * Whether two token readings open the same customer's data, from the
 * neutral identity each adapter read (see `TokenIdentity`): both name a
 * customer, they share at least one customer key, and no key present in both
 * differs. Anything unknown counts as a different customer (the safe side:
 * the view is reset rather than risk showing one customer's data to another).
 */
import type { TokenIdentity } from '../api/adapter.js';

export function isSameIdentity(a: TokenIdentity | null, b: TokenIdentity | null): boolean {
  if (!a || !b) return false;
  let shared = false;
  for (const [key, x] of Object.entries(a.customer)) {
    const y = b.customer[key];
    if (y === undefined) continue;
    if (x !== y) return false;
    shared = true;
  }
  for (const [key, x] of Object.entries(a.scope)) {
    const y = b.scope[key];
    if (y !== undefined && x !== y) return false;
  }
  return shared;
}

/** The earlier of two expiries (either may be unknown). */
export function earlierExpiry(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
