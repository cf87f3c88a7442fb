import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PortalBackend } from '../api/backend.js';
import type { PortalTab } from '../events.js';
import { LAYOUT, resolveSlot, SECTIONS } from '../sections/registry.js';
import { loadSection, type LoadWrap } from '../sections/section-modules.js';
import { loadUsageChart } from '../ui/usage-chart/load-chart.js';

/** How the root loads a section: the adapter's tab code (for the sections whose requests need it), and the import's wrap. */
export interface PrefetchLoad {
  prepare: () => Promise<unknown>;
  wrapLoad: LoadWrap;
}

/**
 * After `portal-ready`, when the browser is idle: fetches the other enabled
 * tabs' section modules (and the chart) so switching is instant. Once per
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
      // Failures are quiet here: a section whose module cannot load says so when it is shown.
      for (const tab of tabs) {
        for (const slot of LAYOUT[tab]) {
          const place = backend ? resolveSlot(slot, backend) : null;
          if (!place || !('section' in place)) continue;
          const code = SECTIONS[place.section].tabCode ? this.load.prepare() : undefined;
          Promise.all([loadSection(place.section, this.load.wrapLoad), code]).catch(() => undefined);
        }
      }
      // The chart only where the backend has usage over time.
      const charts = backend?.capabilities.usageSeries ?? null;
      if (charts && (tabs.includes('overview') || tabs.includes('usage'))) loadUsageChart().catch(() => undefined);
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
