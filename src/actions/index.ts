/**
 * The actions chunk (`actions-[hash].js`): imported by the root's actions
 * controller only when the host lists `actions`, never by a read-only page.
 */
export { startActions, type ActionsRoot } from './actions-host.js';
