'use client';
// A client component: event props (functions) cannot cross from a Server
// Component, so the portal and its handlers live here.
import { useCallback, useEffect, useRef, useState } from 'react';
import { CustomerPortal } from '@flexprice/customer-portal/react';
import type { PortalErrorEvent, TabChangeEvent, TokenExpiredEvent, TokenExpiringEvent } from '@flexprice/customer-portal/react';

interface PortalSession {
  token: string;
  apiBase: string;
}

async function fetchPortalSession(): Promise<PortalSession> {
  const res = await fetch('/api/portal-session', { method: 'POST' });
  if (!res.ok) throw new Error(`Could not start a billing session (HTTP ${res.status}).`);
  return (await res.json()) as PortalSession;
}

export function BillingPortal({ locale }: { locale: string }) {
  const [session, setSession] = useState<PortalSession | null>(null);
  const [status, setStatus] = useState('Signing you in…');
  const [events, setEvents] = useState<string[]>([]);
  const issued = useRef(0);
  const log = useCallback((line: string) => setEvents((lines) => [...lines, line]), []);

  const startSession = useCallback(async () => {
    try {
      const next = await fetchPortalSession();
      issued.current += 1;
      setSession(next);
      setStatus(`Session ${issued.current} active.`);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
  }, []);

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void startSession();
  }, [startSession]);

  const handleTokenExpired = useCallback(
    (event: TokenExpiredEvent) => {
      log(`token-expired: ${event.detail.reason}`);
      setStatus('Session expired, renewing…');
      void startSession();
    },
    [log, startSession],
  );

  return (
    <>
      <p id="host-status" role="status">
        {status}
      </p>
      {session && (
        <CustomerPortal
          token={session.token}
          apiBase={session.apiBase}
          locale={locale}
          onTokenExpired={handleTokenExpired}
          onTokenExpiring={(event: TokenExpiringEvent) => log(`token-expiring: ${event.detail.secondsLeft}s left`)}
          onTabChange={(event: TabChangeEvent) => log(`tab-change: ${event.detail.tab}`)}
          onPortalReady={() => log('portal-ready')}
          onPortalError={(event: PortalErrorEvent) => log(`portal-error: ${event.detail.section} ${event.detail.status}`)}
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
    </>
  );
}
