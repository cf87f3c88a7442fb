/**
 * The one rule for a URL the element may open (an invoice PDF, the vendor's
 * hosted portal): `https:`, or `http:` on a loopback host (local
 * development). Never `javascript:`, `data:`, `blob:` or plain HTTP on a
 * public host. Never throws.
 */
const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

export function isSafeExternalUrl(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  // A link with user info ("https://bank.example@evil.example/") is a phishing shape, never a vendor's.
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || LOOPBACK_V4.test(host) || host === '[::1]';
}

