/**
 * `@flexprice/customer-portal/lago-proxy`: the server-side relay the Lago
 * backend of `<customer-portal>` needs (see proxy.ts for why and what it
 * guarantees). No DOM, no Lit: Node 20+, Workers, Deno, Bun.
 */
export { createLagoProxy, LAGO_PROXY_ACTIONS, PORTAL_QUERY_FIELDS } from './proxy.js';
export type { LagoProxy, LagoProxyAction, LagoProxyLogEntry, LagoProxyOptions, LagoProxyTimers, NodeRequestLike, NodeResponseLike } from './proxy.js';
