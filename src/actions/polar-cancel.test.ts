/**
 * "Cancel" / "Resume" on the Overview's subscriptions (Polar): the dialog says when it takes effect,
 * the answer's end date is shown and the list re-read from the server; refusals stay in the dialog.
 */
import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { confirm, dialogOf, inDialog } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { call, mountPolar, polarLive, polarWrites, usePolarNet } from '../../test/helpers/polar-actions.js';

preloadBackends('polar');

const subsRoot = (el: CustomerPortal) => deepQuery(el, 'cp-subscriptions-section')?.shadowRoot ?? null;
const buttons = (el: CustomerPortal, text: string) =>
  [...(subsRoot(el)?.querySelectorAll<HTMLButtonElement>('button[part~="action-button"]') ?? [])].filter((b) => b.textContent!.trim() === text);

async function open(el: CustomerPortal, text: string): Promise<void> {
  await waitUntil(() => buttons(el, text).length > 0, `no ${text} button`);
  buttons(el, text)[0]!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Polar: cancel-subscription', () => {
  usePolarNet();

  it('read-only default: no Cancel, no write', async () => {
    const { el } = await mountPolar(null);
    await waitUntil(() => subsRoot(el)?.querySelector('li'), 'no subscriptions');
    await new Promise((r) => setTimeout(r, 200));
    expect(subsRoot(el)!.querySelector('button[part~="action-button"]')).to.equal(null);
    expect(polarWrites()).to.deep.equal([]);
  });

  it('cancel: the dialog states the period end; one PATCH; completed; "ends on" from the server; the list re-read shows Resume; accessible', async () => {
    const { el, seen } = await mountPolar('cancel-subscription');
    await open(el, 'Cancel');
    expect(inDialog(el, '#consequence')!.textContent).to.match(/until the end of the current period, on \w+/);
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    expect(seen.actions[0]).to.deep.equal({ action: 'cancel-subscription', target: { type: 'subscription', id: seen.actions[0]!.target.id }, input: { cancelAtPeriodEnd: 'true' } });
    expect(polarWrites()).to.deep.equal([`PATCH /subscriptions/${seen.actions[0]!.target.id}`]);
    expect(inDialog(el, '[role="status"]')!.textContent).to.match(/ends on \w+/);
    await waitUntil(() => buttons(el, 'Resume').length > 0, 'the list was not re-read');
    expect(subsRoot(el)!.textContent).to.contain('Ends');
    // Closing it removes it (the answer stays in the section).
    dialogOf(el)!.shadowRoot!.querySelector('dialog')!.close();
    await waitUntil(() => !dialogOf(el), 'the dialog did not close');
  });

  it('preventDefault(): no write', async () => {
    const { el, seen } = await mountPolar('cancel-subscription');
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await open(el, 'Cancel');
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(polarWrites()).to.deep.equal([]);
  });

  it('403 AlreadyCanceledSubscription (cancelled elsewhere meanwhile): failed with the reason, reported for the overview', async () => {
    const { el, seen } = await mountPolar('cancel-subscription');
    await waitUntil(() => buttons(el, 'Cancel').length > 0, 'no Cancel');
    const subs = (await (await call('GET', '/subscriptions/?page=1&limit=10&active=true')).json()) as { items: Array<{ id: string }> };
    for (const s of subs.items) await call('PATCH', `/subscriptions/${s.id}`, { cancel_at_period_end: true });
    polarLive.polar.calls.length = 0;
    await open(el, 'Cancel');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'AlreadyCanceledSubscription' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('already canceled');
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['overview']);
  });

  it('409 PaymentMethodRequired on Resume without a card: failed with the reason', async () => {
    const subs = (await (await call('GET', '/subscriptions/?page=1&limit=10&active=true')).json()) as { items: Array<{ id: string }> };
    for (const s of subs.items) await call('PATCH', `/subscriptions/${s.id}`, { cancel_at_period_end: true });
    const cards = (await (await call('GET', '/customers/me/payment-methods?page=1&limit=100')).json()) as { items: Array<{ id: string }> };
    for (const c of cards.items) await call('DELETE', `/customers/me/payment-methods/${c.id}`);
    polarLive.polar.calls.length = 0;
    const { el, seen } = await mountPolar('cancel-subscription');
    await open(el, 'Resume');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'PaymentMethodRequired' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('Add a payment method');
  });
});
