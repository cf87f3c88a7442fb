/**
 * "Add credits" on Lago, through the merchant's proxy to the reference Lago server: invoiced (no
 * checkout), the wallet re-read until the credits land, the range checked before sending, and no
 * re-send after a dropped answer (Lago has no idempotency).
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { lagoFetchStub, type LagoFetchStub } from '../../test/helpers/lago-fetch.js';
import { addButton, confirm, inDialog, type Seen, type } from '../../test/helpers/actions-harness.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { useTestHooks } from '../../test/helpers/portal-hooks.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { fixture, html } from '@open-wc/testing';
import { pollTiming } from './action-runner.js';

preloadBackends('lago');

let stub: LagoFetchStub;
const realDelays = pollTiming.delays;
const realOpen = window.open;
let opened: unknown[][] = [];

async function mount(actions: string | null = 'top-up'): Promise<{ el: CustomerPortal; seen: Seen }> {
  const el = document.createElement('customer-portal');
  el.backend = 'lago';
  el.apiBase = stub.apiBase;
  el.token = stub.token;
  el.locale = 'en-US';
  if (actions !== null) el.actions = actions;
  const seen: Seen = { actions: [], results: [], errors: [], order: [] };
  el.addEventListener('portal-action', (e) => (seen.actions.push(e.detail), seen.order.push('action')));
  el.addEventListener('portal-action-result', (e) => (seen.results.push(e.detail), seen.order.push(`result:${e.detail.status}`)));
  el.addEventListener('portal-error', (e) => seen.errors.push(e.detail));
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  return { el, seen };
}

const topUps = () => stub.api.writes.filter((w) => w.fields.includes('createCustomerPortalWalletTransaction'));
const writeRequests = () => stub.calls.filter((c) => (c.body ?? '').includes('"mutation'));

async function openDialog(el: CustomerPortal): Promise<void> {
  await waitUntil(() => addButton(el), 'no Add credits button');
  addButton(el)!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Lago: top-up', () => {
  useTestHooks();
  beforeEach(async () => {
    stub = await lagoFetchStub({ customer: 'lago-typical', actions: ['top-up'] });
    stub.api.setSettleDelay(60);
    pollTiming.delays = [0, 40, 80, 160, 320];
    opened = [];
    window.open = ((...args: unknown[]) => (opened.push(args), null)) as typeof window.open;
  });
  afterEach(() => {
    stub.restore();
    pollTiming.delays = realDelays;
    window.open = realOpen;
  });

  it('read-only default: no button, no mutation', async () => {
    const { el } = await mount(null);
    await waitUntil(() => el.shadowRoot?.textContent !== undefined && stub.calls.length > 0, 'no read');
    await new Promise((r) => setTimeout(r, 300));
    expect(addButton(el)).to.equal(null);
    expect(writeRequests()).to.deep.equal([]);
  });

  it('happy path: one mutation, requested (invoiced, nothing opened), wallet re-read until the credits land → completed; accessible', async () => {
    const { el, seen } = await mount();
    await openDialog(el);
    await expect(inDialog(el, 'dialog')!).to.be.accessible();
    await type(el, '20');
    expect(inDialog(el, '#consequence')!.textContent).to.contain('invoice');
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.some((r) => r.status === 'completed'), 'never completed');
    expect(seen.order).to.deep.equal(['action', 'result:requested', 'result:completed']);
    expect(seen.actions[0]!.action).to.equal('top-up');
    expect(seen.actions[0]!.input['credits']).to.equal('20');
    expect(topUps()).to.have.length(1);
    expect(opened).to.deep.equal([]);
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('Credits added');
  });

  it('validates the range from topUpRange before sending (nothing sent)', async () => {
    const { el, seen } = await mount();
    await openDialog(el);
    await waitUntil(() => stub.calls.some((c) => (c.body ?? '').includes('LagoPortalWalletRange')), 'range not read');
    await new Promise((r) => setTimeout(r, 50));
    await type(el, '100000');
    confirm(el);
    await waitUntil(() => inDialog(el, '#credits-problem')!.textContent!.trim(), 'no problem shown');
    expect(inDialog(el, '#credits-problem')!.textContent).to.contain('largest top-up');
    await type(el, '0.01');
    confirm(el);
    await waitUntil(() => inDialog(el, '#credits-problem')!.textContent!.includes('smallest'), 'no minimum shown');
    expect(seen.actions).to.deep.equal([]);
    expect(writeRequests()).to.deep.equal([]);
  });

  it('preventDefault(): no write', async () => {
    const { el, seen } = await mount();
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await openDialog(el);
    await type(el, '20');
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(writeRequests()).to.deep.equal([]);
  });

  it('a server refusal (terminated wallet): failed with the reason, input kept, portal-error', async () => {
    const { el, seen } = await mount();
    await openDialog(el);
    await type(el, '20');
    // Terminated on the server after the page loaded.
    stub.api.patchCustomer('lago-typical', (c) => {
      Object.assign(c.wallets[0]!, { status: 'terminated' });
    });
    confirm(el);
    await waitUntil(() => seen.results.some((r) => r.status === 'failed'), 'never failed');
    expect(inDialog<HTMLInputElement>(el, '#credits')!.value).to.equal('20');
    expect(inDialog(el, '#credits-problem')!.textContent).to.contain('terminated');
    expect(seen.errors).to.have.length.greaterThan(0);
  });

  it('a dropped answer: never re-sent; the wallet re-read and what was found said', async () => {
    const { el, seen } = await mount();
    await openDialog(el);
    await type(el, '20');
    stub.api.setFaults({ dropAfterWrite: true, writesOnly: true });
    confirm(el);
    await waitUntil(() => seen.results.some((r) => r.status === 'failed'), 'never failed');
    expect(writeRequests()).to.have.length(1);
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('another attempt is another top-up');
    expect(seen.errors).to.have.length.greaterThan(0);
  });
});
