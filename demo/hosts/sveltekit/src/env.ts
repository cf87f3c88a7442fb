// Server-only settings of the merchant's backend, read from the environment when
// the app starts (optional at build time; the endpoint refuses to run without them).
import { defineEnvVars } from '@sveltejs/kit/env';

const optional = (value: string | undefined) => value;

export const variables = defineEnvVars({
  FLEXPRICE_API_BASE: { schema: optional, description: 'Flexprice API base, e.g. https://api.cloud.flexprice.io/v1' },
  FLEXPRICE_API_KEY: { schema: optional, description: 'Secret Flexprice API key (never sent to the browser)' },
});
