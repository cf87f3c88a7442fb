/**
 * CDN entry for Flexprice merchants (`dist/cdn/customer-portal.js`): the
 * element with the Flexprice adapter in the same file, registered before the
 * element is defined, so the first API wave starts as soon as this one file
 * ran (no adapter request in between). Other backends still load lazily from
 * the registry when a page names them.
 */
import { registerBackend } from '../backends/registry.js';
import { adapter } from '../backends/flexprice/index.js';
import { CustomerPortal, defineCustomerPortal } from '../register.js';

registerBackend(adapter);
defineCustomerPortal();

export { CustomerPortal };
