// HS256 session tokens with Web Crypto, the way Flexprice's golang-jwt v4 signs
// and verifies them (auth.GenerateSessionToken / ValidateSessionToken).

const enc = new TextEncoder();
const dec = new TextDecoder();

export function base64urlEncode(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('bad base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const HASHES = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };
const keyCache = new Map();

function hmacKey(secret, alg) {
  const id = `${alg}:${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: HASHES[alg] }, false, ['sign', 'verify']);
    keyCache.set(id, key);
  }
  return key;
}

/** Signs `claims` as a compact HS256 JWT (header exactly as golang-jwt writes it). */
export async function signJwt(claims, secret) {
  const header = base64urlEncode(enc.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64urlEncode(enc.encode(JSON.stringify(claims)));
  const input = `${header}.${payload}`;
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'HS256'), enc.encode(input));
  return `${input}.${base64urlEncode(new Uint8Array(sig))}`;
}

const REQUIRED = ['customer_id', 'external_customer_id', 'tenant_id', 'environment_id'];

/**
 * Verifies like golang-jwt v4 + Flexprice: HMAC algs only, signature, `exp`
 * (now must be before it, no leeway), `iat` and `nbf` not in the future, and the
 * four string claims non-empty. Returns the claims or null.
 */
export async function verifyJwt(token, secret, nowMs) {
  try {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const header = JSON.parse(dec.decode(base64urlDecode(parts[0])));
    const alg = header && header.alg;
    if (!HASHES[alg]) return null;
    const ok = await crypto.subtle.verify(
      'HMAC',
      await hmacKey(secret, alg),
      base64urlDecode(parts[2]),
      enc.encode(`${parts[0]}.${parts[1]}`),
    );
    if (!ok) return null;
    const claims = JSON.parse(dec.decode(base64urlDecode(parts[1])));
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return null;
    const now = nowMs / 1000;
    if (claims.exp !== undefined && !(typeof claims.exp === 'number' && now < claims.exp)) return null;
    if (claims.iat !== undefined && !(typeof claims.iat === 'number' && now >= claims.iat)) return null;
    if (claims.nbf !== undefined && !(typeof claims.nbf === 'number' && now >= claims.nbf)) return null;
    for (const c of REQUIRED) if (typeof claims[c] !== 'string' || claims[c] === '') return null;
    return claims;
  } catch {
    return null;
  }
}
