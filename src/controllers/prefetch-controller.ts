import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PortalBackend } from '../api/backend.js';
import type { PortalTab } from '../events.js';
import type { LoadWrap } from '../sections/section-modules.js';

/** How the root loads a section: the adapter's tab code (for the sections whose requests need it), and the import's wrap. */
export interface PrefetchLoad {
  prepare: () => Promise<unknown>;
  wrapLoad: LoadWrap;
}

/**
 * After `portal-ready`, when the browser is idle: fetches the other enabled
 * tabs' section modules (and the chart) so switching is instant (see
 * sections/prefetch-tabs.ts). Once per
 * host; cancelled when the host leaves the page before it ran.
 */
export class PrefetchController implements ReactiveController {
  private cancel: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    /** What the prefetch reads when it runs: the tabs shown, and the backend. */
    private readonly tabs: { readonly enabled: readonly PortalTab[] },
    private readonly session: { readonly backend: PortalBackend | null },
    private readonly load: PrefetchLoad,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel?.();
    this.cancel = null;
  }

  schedule(): void {
    if (this.cancel) return;
    const run = () => {
      this.cancel = null;
      if (!this.host.isConnected) return;
      const tabs = this.tabs.enabled;
      const backend = this.session.backend;
      // What to fetch is decided in a module of its own, imported now (quietly: a failure here is a failure later).
      import('../sections/prefetch-tabs.js').then((m) => m.prefetchTabs(tabs, backend, this.load.prepare, this.load.wrapLoad)).catch(() => undefined);
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(run, { timeout: 2000 });
      this.cancel = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 200);
      this.cancel = () => clearTimeout(id);
    }
  }
}
