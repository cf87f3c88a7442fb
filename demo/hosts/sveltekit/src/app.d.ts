// See https://svelte.dev/docs/kit/types#app.d.ts
// Types <customer-portal> in templates: properties, attributes, and ontoken-expired & co. with typed detail.
import '@flexprice/customer-portal/svelte';

declare global {
  namespace App {}
}

export {};
