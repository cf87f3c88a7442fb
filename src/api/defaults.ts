import type { PortalConfig } from './model.js';

/** The portal config of a backend that has none, and while (or when) a backend's own fails: every section, no extras. */
export function defaultPortalConfig(): PortalConfig {
  return {
    sections: { overview: true, credits: true, invoices: true, usage: true },
    usagePresets: [],
    usageDefaultPreset: null,
    allowCustomRange: false,
    featureFilter: { mode: 'all', featureIds: [] },
    theme: {},
  };
}
