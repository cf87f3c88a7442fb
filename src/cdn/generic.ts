/**
 * CDN entry with no adapter inside (`dist/cdn/any/customer-portal.js`):
 * every backend loads lazily from the registry, one request after this file.
 */
export * from '../define.js';
