import { Component, CUSTOM_ELEMENTS_SCHEMA, signal, type OnInit } from '@angular/core';
import type { PortalErrorEvent, TabChangeEvent, TokenExpiredEvent, TokenExpiringEvent } from '@flexprice/customer-portal';

interface PortalSession {
  token: string;
  apiBase: string;
}

@Component({
  selector: 'app-root',
  // <customer-portal> is a custom element, not an Angular component.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <header class="bar">
      <strong>Acme Cloud</strong>
      <span class="muted">Angular host</span>
    </header>
    <main>
      <h1>Billing</h1>
      <p id="host-status" role="status">{{ status() }}</p>
      @if (session(); as s) {
        <customer-portal
          [token]="s.token"
          [apiBase]="s.apiBase"
          (token-expired)="onTokenExpired($event)"
          (token-expiring)="onTokenExpiring($event)"
          (tab-change)="onTabChange($event)"
          (portal-ready)="log('portal-ready')"
          (portal-error)="onPortalError($event)"
        ></customer-portal>
      }
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Portal events (host app log)</h2>
        <ol id="events">
          @for (line of events(); track $index) {
            <li>{{ line }}</li>
          }
        </ol>
      </section>
    </main>
  `,
})
export class App implements OnInit {
  readonly session = signal<PortalSession | null>(null);
  readonly status = signal('Signing you in…');
  readonly events = signal<string[]>([]);
  private issued = 0;

  ngOnInit(): void {
    void this.startSession();
  }

  log(line: string): void {
    this.events.update((lines) => [...lines, line]);
  }

  async startSession(): Promise<void> {
    try {
      const res = await fetch('/api/portal-session', { method: 'POST' });
      if (!res.ok) throw new Error(`Could not start a billing session (HTTP ${res.status}).`);
      this.session.set((await res.json()) as PortalSession);
      this.issued += 1;
      this.status.set(`Session ${this.issued} active.`);
    } catch (error) {
      this.status.set(error instanceof Error ? error.message : String(error));
    }
  }

  // $event is typed from HTMLElementEventMap: a TokenExpiredEvent, detail and all.
  onTokenExpired(event: TokenExpiredEvent): void {
    this.log(`token-expired: ${event.detail.reason}`);
    this.status.set('Session expired, renewing…');
    void this.startSession();
  }

  onTokenExpiring(event: TokenExpiringEvent): void {
    this.log(`token-expiring: ${event.detail.secondsLeft}s left`);
  }

  onTabChange(event: TabChangeEvent): void {
    this.log(`tab-change: ${event.detail.tab}`);
  }

  onPortalError(event: PortalErrorEvent): void {
    this.log(`portal-error: ${event.detail.section} ${event.detail.status}`);
  }
}
