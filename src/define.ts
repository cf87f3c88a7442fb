/**
 * Registers `<customer-portal>` (and, on first use, its internal elements).
 * Importing it twice, or next to the CDN build, warns instead of throwing.
 * Backends load lazily from the registry (`src/backends/registry.ts`).
 */
import { CustomerPortal, defineCustomerPortal } from './register.js';

defineCustomerPortal();

export { CustomerPortal };
