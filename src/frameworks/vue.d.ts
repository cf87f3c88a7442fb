/**
 * `<customer-portal>` in Vue 3 templates, typed for vue-tsc / Volar: props
 * (`:token`, `:api-base`, …) and `@token-expired="(e) => …"` with `e.detail`
 * typed. Load it once, e.g. in `src/env.d.ts`:
 * `import '@flexprice/customer-portal/vue';` (and keep `isCustomElement` in
 * the Vue compiler options: it is an element, not a Vue component).
 */
import type { DefineComponent } from 'vue';
import type { CustomerPortalEvents, CustomerPortalProperties } from './props.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

export type CustomerPortalVueEvents = {
  [K in keyof CustomerPortalEvents as `on${Capitalize<Camel<K>>}`]?: (event: CustomerPortalEvents[K]) => void;
};

export type CustomerPortalVueProps = CustomerPortalProperties & CustomerPortalVueEvents;

declare module 'vue' {
  export interface GlobalComponents {
    'customer-portal': DefineComponent<CustomerPortalVueProps>;
  }
}
