import { useCallback, useEffect, useRef, useState } from 'react';
import { CustomerPortal } from '@flexprice/customer-portal/react';
import type {
  PortalErrorEvent,
  TabChangeEvent,
  TokenExpiredEvent,
  TokenExpiringEvent,
} from '@flexprice/customer-portal/react';
import { fetchPortalSession, type PortalSessionResponse } from './session.js';

export function App() {
  const [session, setSession] = useState<PortalSessionResponse | null>(null);
  const sessionsIssued = useRef(0);
  const [status, setStatus] = useState('Signing you in…');
  const [events, setEvents] = useState<string[]>([]);
  const log = useCallback((line: string) => setEvents((lines) => [...lines, line]), []);

  const startSession = useCallback(async () => {
    try {
      const next = await fetchPortalSession();
      sessionsIssued.current += 1;
      setSession(next);
      setStatus(`Session ${sessionsIssued.current} active.`);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
  }, []);

  // Once per page, also under StrictMode's double effects in development.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void startSession();
  }, [startSession]);

  // The host refreshes the token itself when the portal says it expired.
  const handleTokenExpired = useCallback(
    (event: TokenExpiredEvent) => {
      log(`token-expired: ${event.detail.reason}`);
      setStatus('Session expired, renewing…');
      void startSession();
    },
    [log, startSession],
  );
  const handleTokenExpiring = useCallback(
    (event: TokenExpiringEvent) => log(`token-expiring: ${event.detail.secondsLeft}s left`),
    [log],
  );
  const handleTabChange = useCallback((event: TabChangeEvent) => log(`tab-change: ${event.detail.tab}`), [log]);
  const handlePortalError = useCallback(
    (event: PortalErrorEvent) => log(`portal-error: ${event.detail.section} ${event.detail.status}`),
    [log],
  );

  return (
    <>
      <header className="bar">
        <strong>Acme Cloud</strong>
        <span className="muted">React host</span>
      </header>
      <main>
        <h1>Billing</h1>
        <p id="host-status" role="status">
          {status}
        </p>
        {session && (
          <CustomerPortal
            token={session.token}
            apiBase={session.apiBase}
            onTokenExpired={handleTokenExpired}
            onTokenExpiring={handleTokenExpiring}
            onTabChange={handleTabChange}
            onPortalReady={() => log('portal-ready')}
            onPortalError={handlePortalError}
            onInvoiceDownload={(event) => log(`invoice-download: ${event.detail.invoiceNumber ?? event.detail.invoiceId}`)}
          />
        )}
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Portal events (host app log)</h2>
          <ol id="events">
            {events.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}
