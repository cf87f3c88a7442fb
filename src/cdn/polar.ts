/**
 * CDN entry for Polar merchants (`dist/cdn/polar/customer-portal.js`): the
 * element with the Polar adapter in the same file, registered before the
 * element is defined, so the first API wave starts as soon as this one file
 * ran. No Flexprice code is in it (the Flexprice adapter stays a lazy chunk
 * a page would load only with `backend="flexprice"`).
 */
import { registerBackend } from '../backends/registry.js';
import { adapter } from '../backends/polar/index.js';
import { CustomerPortal, defineCustomerPortal } from '../register.js';

registerBackend(adapter);
defineCustomerPortal();

export { CustomerPortal };
