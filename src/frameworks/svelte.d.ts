/**
 * `<customer-portal>` in Svelte 5 templates, typed: properties, attributes and
 * `ontoken-expired={(e) => …}` with `e.detail` typed. Load it once, e.g. in
 * `src/app.d.ts`: `import '@flexprice/customer-portal/svelte';`
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import type { CustomerPortalAttributes, CustomerPortalEvents, CustomerPortalProperties } from './props.js';

export type CustomerPortalEventAttributes = {
  [K in keyof CustomerPortalEvents as `on${K}`]?: (event: CustomerPortalEvents[K] & { currentTarget: CustomerPortal }) => void;
};

export type CustomerPortalSvelteAttributes = Omit<HTMLAttributes<CustomerPortal>, keyof CustomerPortalAttributes> &
  CustomerPortalAttributes &
  CustomerPortalProperties &
  CustomerPortalEventAttributes;

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'customer-portal': CustomerPortalSvelteAttributes;
  }
}
