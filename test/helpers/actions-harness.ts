/**
 * Test-only: mounting \`<customer-portal actions="…">\` over the reference read handler and the
 * contract's write routes (actions-fetch.ts), and driving its action dialog like a customer.
 */
import { fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalActionDetail, PortalActionResultDetail, PortalErrorDetail } from '../../src/events.js';
import { pollTiming } from '../../src/actions/action-runner.js';
import type { ActionDialog } from '../../src/actions/action-dialog.js';
import { portalFetchStub, type PortalFetchStub } from './portal-fetch.js';
import { actionsFetch, type ActionsFetch } from './actions-fetch.js';
import { deepQuery } from './deep.js';
import { waitUntil } from './wait.js';
import { useTestHooks } from './portal-hooks.js';

/** The current test's stubs (set up by `useActionsNet`). */
export const live = {} as { stub: PortalFetchStub; net: ActionsFetch; opened: string[][] };
export const realOpen = window.open;
export const realDelays = pollTiming.delays;

/** Each test: the reference read handler, the write routes over it, `window.open` recorded, a short poll schedule. */
export function useActionsNet(delays: number[] = [0, 40, 80, 160]): void {
  useTestHooks();
  beforeEach(async () => {
    live.stub = await portalFetchStub({ customer: 'cus-typical' });
    live.net = actionsFetch();
    live.opened = [];
    window.open = ((...args: string[]) => (live.opened.push(args), null)) as typeof window.open;
    pollTiming.delays = delays;
  });
  afterEach(() => {
    live.net.restore();
    live.stub.restore();
    window.open = realOpen;
    pollTiming.delays = realDelays;
  });
}

export interface Seen {
  actions: PortalActionDetail[];
  results: PortalActionResultDetail[];
  errors: PortalErrorDetail[];
  order: string[];
}

export async function mount(actions: string | null = 'top-up pay-invoice', more: Partial<CustomerPortal> = {}): Promise<{ el: CustomerPortal; seen: Seen }> {
  const el = document.createElement('customer-portal');
  el.apiBase = live.stub.apiBase;
  el.token = live.stub.token;
  if (actions !== null) el.actions = actions;
  Object.assign(el, more);
  const seen: Seen = { actions: [], results: [], errors: [], order: [] };
  el.addEventListener('portal-action', (e) => (seen.actions.push(e.detail), seen.order.push('action')));
  el.addEventListener('portal-action-result', (e) => (seen.results.push(e.detail), seen.order.push(`result:${e.detail.status}`)));
  el.addEventListener('portal-error', (e) => seen.errors.push(e.detail));
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  return { el, seen };
}

export const walletCard = (el: CustomerPortal) => deepQuery(el, 'cp-wallet-section')?.shadowRoot ?? null;
export const addButton = (el: CustomerPortal) => walletCard(el)?.querySelector<HTMLButtonElement>('button[part~="action-button"]') ?? null;
export const walletStatus = (el: CustomerPortal) => walletCard(el)?.querySelector('[role="status"]')?.textContent ?? '';
export const dialogOf = (el: CustomerPortal) => deepQuery<ActionDialog>(el, 'cp-action-dialog');
export const inDialog = <E extends Element>(el: CustomerPortal, selector: string) => dialogOf(el)?.shadowRoot?.querySelector<E>(selector) ?? null;

export async function openTopUp(el: CustomerPortal): Promise<ActionDialog> {
  await waitUntil(() => addButton(el), 'no Add credits button');
  addButton(el)!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
  return dialogOf(el)!;
}

export async function type(el: CustomerPortal, value: string): Promise<void> {
  const input = inDialog<HTMLInputElement>(el, '#credits')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await dialogOf(el)!.updateComplete;
}

export function confirm(el: CustomerPortal): void {
  inDialog<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
}

export const topUps = () => live.net.writes().filter((c) => c.path.endsWith('/top-up'));
