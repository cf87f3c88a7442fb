import type { PortalConfig } from './model.js';

/** Flexprice's cloud API: the element's `api-base` default and the Flexprice adapter's. */
export const FLEXPRICE_API_BASE = 'https://api.cloud.flexprice.io/v1';

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
