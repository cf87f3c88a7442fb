/**
 * What the root element shares with its tabs, through @lit/context.
 * Tabs consume it with `@consume({ context: portalContext, subscribe: true })`.
 */
import { createContext } from '@lit/context';
import type { PortalEnv } from './env.js';

export type { PortalEnv } from './env.js';

export const portalContext = createContext<PortalEnv>(Symbol('customer-portal-env'));
