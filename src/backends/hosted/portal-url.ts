/**
 * The rule for a vendor's hosted portal link (`portal-url`): it carries the
 * customer's session, so it is only ever opened with `window.open(…,
 * 'noopener,noreferrer')`, and only when it is an `https:` URL (or `http:` on
 * loopback, for local development). `javascript:`, `data:`, relative links,
 * links with user info and anything unparsable are refused. DOM-free.
 */
const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || LOOPBACK_V4.test(host) || host === '[::1]';
}

/** The link to open, or null when it must not be opened. Never throws. */
export function safePortalUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  // Only absolute http(s) URLs: no scheme-relative, relative or other-scheme links.
  if (!/^https?:\/\//i.test(text) || text.length > 8192) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || !url.hostname) return null;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.href;
  return null;
}
