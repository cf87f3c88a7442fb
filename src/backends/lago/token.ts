/**
 * Reads a Lago customer-portal token: a signed, NOT encrypted Rails message
 * (`ActiveSupport::MessageVerifier`), `<base64 JSON>--<hex HMAC>`, whose JSON is
 * `{"_rails":{"data":"<customer uuid>","exp":"2026-08-23T06:00:00.000Z"}}`
 * (Rails ≥ 7.1; older instances: `{"_rails":{"message":"<Marshal>","exp":…}}`).
 *
 * The browser cannot check the signature (Lago does, on every request); it only
 * reads `exp` to warn before the 12-hour session ends and the customer id to
 * tell one customer's token from another's. Never throws.
 */
export type LagoTokenReading =
  | { ok: true; expiresAt: Date | null; customerId: string | null }
  | { ok: false };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** SHA1 (Rails' default), SHA256 or SHA512 HMACs in hex. */
const DIGEST = /^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readLagoToken(token: string): LagoTokenReading {
  const trimmed = token.trim();
  const at = trimmed.lastIndexOf('--');
  if (at <= 0 || trimmed.length > 8192) return { ok: false };
  const data = trimmed.slice(0, at);
  if (!BASE64.test(data) || !DIGEST.test(trimmed.slice(at + 2))) return { ok: false };
  let message: unknown;
  try {
    const binary = atob(data);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false };
  }
  if (!isRecord(message) || !isRecord(message._rails)) return { ok: false };
  const rails = message._rails;
  let expiresAt: Date | null = null;
  if (rails.exp !== undefined && rails.exp !== null) {
    if (typeof rails.exp !== 'string') return { ok: false };
    const ms = Date.parse(rails.exp);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(rails.exp) || !Number.isFinite(ms)) return { ok: false };
    expiresAt = new Date(ms);
  }
  const customerId = typeof rails.data === 'string' && rails.data !== '' ? rails.data : null;
  if (customerId === null && typeof rails.message !== 'string') return { ok: false };
  return { ok: true, expiresAt, customerId };
}
