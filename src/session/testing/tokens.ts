/** Test-only: mints HS256 portal session tokens like Flexprice's (jose SignJWT). */
import { SignJWT } from 'jose';

const secret = new TextEncoder().encode('super_secret');

/**
 * A token whose `exp` is `expSeconds` (epoch seconds), issued an hour before
 * it, or at `issuedAtSeconds` (null: no `iat` claim at all).
 */
export async function mintToken(expSeconds: number, claims: Record<string, string> = {}, issuedAtSeconds: number | null = expSeconds - 3600): Promise<string> {
  const jwt = new SignJWT({
    customer_id: 'cust_test',
    external_customer_id: 'cus-typical',
    tenant_id: 'tenant_test',
    environment_id: 'env_test',
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(expSeconds);
  if (issuedAtSeconds !== null) jwt.setIssuedAt(issuedAtSeconds);
  return jwt.sign(secret);
}

/** A token that expires `secondsFromNow` after `nowMs`. */
export function mintTokenIn(nowMs: number, secondsFromNow: number, claims?: Record<string, string>): Promise<string> {
  return mintToken(Math.floor(nowMs / 1000) + secondsFromNow, claims);
}
