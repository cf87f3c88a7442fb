/**
 * The root's idle prefetch after `portal-ready` (imported then, not in the
 * first chunk): the modules of the sections every other enabled tab shows for
 * this backend, the adapter's tab code they need, and the chart where the
 * backend has usage over time, so switching tabs is instant. Failures are
 * quiet: a section whose module cannot load says so when it is shown.
 */
import type { PortalBackend } from '../api/backend.js';
import type { PortalTab } from '../events.js';
import { loadUsageChart } from '../ui/usage-chart/load-chart.js';
import { LAYOUT, resolveSlot, SECTIONS } from './registry.js';
import { loadSection, type LoadWrap } from './section-modules.js';

export function prefetchTabs(tabs: readonly PortalTab[], backend: PortalBackend | null, prepare: () => Promise<unknown>, wrapLoad: LoadWrap): void {
  for (const tab of tabs) {
    for (const slot of LAYOUT[tab]) {
      const place = backend ? resolveSlot(slot, backend) : null;
      if (!place || !('section' in place)) continue;
      const code = SECTIONS[place.section].tabCode ? prepare() : undefined;
      Promise.all([loadSection(place.section, wrapLoad), code]).catch(() => undefined);
    }
  }
  if (backend?.capabilities.usageSeries && (tabs.includes('overview') || tabs.includes('usage'))) loadUsageChart().catch(() => undefined);
}
