/**
 * A link-out (`hosted`) session as its card shows it, and the card's "Request
 * a new session": the host's `tokenProvider`, asked on demand (vendors cap
 * mints per day). Loaded with the card, so a page without a `hosted` session
 * never downloads it.
 */
import type { SessionController } from './session-controller.js';

/** What the link-out card shows of the session. */
export interface LinkOutView {
  /** The live link: the host's `portal-url`, or the one the provider gave on request. */
  url: string | null;
  /** When it ends: the host's `expires-at`, or what it said for a requested link; null when unknown. */
  expiresAt: Date | null;
  /** Asks the host's `tokenProvider` for a new session (the same function while the session lasts); null without a provider. */
  request: (() => Promise<void>) | null;
}

/** One request function per session: the card resets its failure message when the function changes. */
const requests = new WeakMap<SessionController, () => Promise<void>>();

export function linkOutView(session: SessionController): LinkOutView {
  if (!session.linkOut) return { url: null, expiresAt: null, request: null };
  const live = session.liveToken;
  const expiresAt = live === session.hostToken ? session.hostExpiresAt : session.requestedEnd;
  let request = requests.get(session);
  if (!request) requests.set(session, (request = () => requestLinkOut(session)));
  return { url: live, expiresAt, request: session.providerFn ? request : null };
}

/**
 * Resolves once the new link is live, or when the host set another session
 * meanwhile (the host's wins); rejects when the provider fails or answers no
 * usable new link. It fires no event: the ended session's `token-expired` has
 * fired, once.
 */
async function requestLinkOut(session: SessionController): Promise<void> {
  const provider = session.providerFn;
  const adapter = session.adapter;
  if (!provider || !adapter || !session.linkOut) throw new Error('No token provider to ask for a new session.');
  const asked = { live: session.liveToken, host: session.hostToken, hostEnd: session.hostExpiresAt?.getTime() };
  const unchanged = () => session.adapter === adapter && session.hostToken === asked.host && session.liveToken === asked.live;
  const value: unknown = await provider();
  if (!unchanged()) return;
  const link = typeof value === 'string' ? value.trim() : '';
  if (!link || link === asked.live) throw new Error('The token provider answered no new portal link.');
  const verdict = await adapter.readToken(link, { expiresAt: null, apiBase: session.apiBaseFor(adapter), signal: new AbortController().signal });
  if (!unchanged()) return;
  if (!verdict.ok) throw new Error('The token provider answered a portal link the element may not open.');
  // A host that mints on demand may set `expires-at` for the new link before its provider resolves:
  // that counts; the old session's end does not.
  const hostEnd = session.hostExpiresAt;
  session.requestedEnd = hostEnd && hostEnd.getTime() !== asked.hostEnd ? hostEnd : null;
  session.liveToken = link;
  session.sync();
}
