/**
 * `@flexprice/customer-portal/define` on a server (see ./elements.ts):
 * registers nothing, exports the element's name-only class.
 */
export { CustomerPortal } from './elements.js';
