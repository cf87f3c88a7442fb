/**
 * Test-only: `<customer-portal backend="polar" actions="…">` over the Polar reference handler
 * (polar-fetch.ts: real `Response`s, Polar's CORS), recording the action events, `window.open`
 * and the writes that reached the handler.
 */
import { fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { pollTiming } from '../../src/actions/action-runner.js';
import type { Seen } from './actions-harness.js';
import { polarFetch, type PolarFetch } from './polar-fetch.js';
import { useTestHooks } from './portal-hooks.js';

export const polarLive = {} as { polar: PolarFetch; restore: () => void; opened: unknown[][] };
const realOpen = window.open;
const realDelays = pollTiming.delays;

/** Each test: a fresh Polar handler for `customer` on `window.fetch`, `window.open` recorded, a short poll schedule. */
export function usePolarNet(customer = 'polar-typical'): void {
  useTestHooks();
  beforeEach(() => {
    polarLive.polar = polarFetch({ customer });
    polarLive.restore = polarLive.polar.install();
    polarLive.opened = [];
    window.open = ((...args: unknown[]) => (polarLive.opened.push(args), null)) as typeof window.open;
    pollTiming.delays = [0, 40, 80];
  });
  afterEach(() => {
    polarLive.restore();
    window.open = realOpen;
    pollTiming.delays = realDelays;
  });
}

/** The requests other than GET that reached the handler, as `METHOD /path` (no `/v1/customer-portal`). */
export const polarWrites = (): string[] =>
  polarLive.polar.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${new URL(c.url).pathname.replace('/v1/customer-portal', '')}`);

export async function mountPolar(actions: string | null, more: Partial<CustomerPortal> & { tab?: string } = {}): Promise<{ el: CustomerPortal; seen: Seen }> {
  const { tab, ...props } = more;
  const el = document.createElement('customer-portal');
  el.backend = 'polar';
  el.apiBase = polarLive.polar.apiBase;
  el.token = polarLive.polar.token;
  el.locale = 'en-US';
  el.timezone = 'UTC';
  if (tab) el.setAttribute('tab', tab);
  if (actions !== null) el.actions = actions;
  Object.assign(el, props);
  const seen: Seen = { actions: [], results: [], errors: [], order: [] };
  el.addEventListener('portal-action', (e) => (seen.actions.push(e.detail), seen.order.push('action')));
  el.addEventListener('portal-action-result', (e) => (seen.results.push(e.detail), seen.order.push(`result:${e.detail.status}`)));
  el.addEventListener('portal-error', (e) => seen.errors.push(e.detail));
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  return { el, seen };
}

/**
 * Makes the saved card ending in `last4` the customer's default, through Polar's own routes (the
 * reference cards: 0002 declines, 3155 needs 3-D Secure); the calls are then forgotten.
 */
export async function defaultCard(last4: string): Promise<void> {
  const { polar } = polarLive;
  const list = (await (await call('GET', '/customers/me/payment-methods?page=1&limit=100')).json()) as { items: Array<{ id: string; method_metadata: { last4: string } }> };
  const card = list.items.find((m) => m.method_metadata.last4 === last4)!;
  await call('PATCH', '/customers/me', { default_payment_method_id: card.id });
  polar.calls.length = 0;
}

/** A request to Polar's customer portal as another tab of the customer would make it (behind the element's back). */
export function call(method: string, path: string, body?: unknown): Promise<Response> {
  const { polar } = polarLive;
  return polar.fetch(`${polar.apiBase}/v1/customer-portal${path}`, {
    method,
    headers: { Authorization: `Bearer ${polar.token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
