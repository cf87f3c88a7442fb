/**
 * The saved cards (Polar, `payment-methods`): listed with the default marked, "Remove" and "Make
 * default" through the dialog, the list re-read after each; a card still billing a subscription is
 * refused with Polar's reason; adding a card links out to the hosted portal.
 */
import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { confirm, dialogOf, inDialog } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { mountPolar, polarLive, polarWrites, usePolarNet } from '../../test/helpers/polar-actions.js';

preloadBackends('polar');

const PORTAL = 'https://polar.example/acme/portal';
const section = (el: CustomerPortal) => deepQuery(el, 'cp-payment-methods-section');
const cardsRoot = (el: CustomerPortal) => section(el)?.shadowRoot ?? null;
const rows = (el: CustomerPortal) => [...(cardsRoot(el)?.querySelectorAll('li') ?? [])];
const button = (el: CustomerPortal, row: number, text: string) =>
  [...(rows(el)[row]?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent!.trim() === text) ?? null;

async function open(el: CustomerPortal, row: number, text: string): Promise<void> {
  await waitUntil(() => button(el, row, text), `no ${text}`);
  button(el, row, text)!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Polar: payment-methods', () => {
  usePolarNet();

  it('read-only default: the section stays hidden and requests nothing', async () => {
    const { el } = await mountPolar(null);
    await new Promise((r) => setTimeout(r, 500));
    expect(rows(el)).to.deep.equal([]);
    expect(polarLive.polar.calls.some((c) => c.url.includes('payment-methods'))).to.equal(false);
    expect(polarWrites()).to.deep.equal([]);
  });

  it('lists the cards with the default marked and links out to add one (noopener); accessible', async () => {
    const { el } = await mountPolar('payment-methods', { portalUrl: PORTAL });
    await waitUntil(() => rows(el).length === 4, 'no cards');
    expect(rows(el)[0]!.textContent).to.match(/Visa ending in 4242[\s\S]*Default/);
    expect(button(el, 0, 'Make default')).to.equal(null);
    const link = cardsRoot(el)!.querySelector<HTMLAnchorElement>(`a[href="${PORTAL}"]`)!;
    expect([link.target, link.rel.includes('noopener')]).to.deep.equal(['_blank', true]);
    await expect(section(el)!).to.be.accessible();
  });

  it('make default: one PATCH, completed, the list re-read shows the new default', async () => {
    const { el, seen } = await mountPolar('payment-methods');
    await open(el, 1, 'Make default');
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    expect(seen.actions[0]).to.deep.equal({ action: 'payment-methods', target: { type: 'payment-method', id: seen.actions[0]!.target.id }, input: { operation: 'set-default' } });
    expect(polarWrites()).to.deep.equal(['PATCH /customers/me']);
    await waitUntil(() => /Default/.test(rows(el).find((r) => r.textContent!.includes('4444'))?.textContent ?? ''), 'not re-read');
  });

  it('remove: the dialog says it affects renewals; one DELETE; the card is gone after the re-read', async () => {
    const { el, seen } = await mountPolar('payment-methods');
    await open(el, 1, 'Remove');
    expect(inDialog(el, '#consequence')!.textContent).to.contain('affects renewals');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]!.status).to.equal('completed');
    expect(polarWrites()).to.deep.equal([`DELETE /customers/me/payment-methods/${seen.actions[0]!.target.id}`]);
    await waitUntil(() => rows(el).length === 3, 'not re-read');
  });

  it('preventDefault(): no write', async () => {
    const { el, seen } = await mountPolar('payment-methods');
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await open(el, 1, 'Remove');
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(polarWrites()).to.deep.equal([]);
  });

  it('the default card still billing a subscription: 400 PaymentMethodInUseByActiveSubscription shown, reported for the overview', async () => {
    const { el, seen } = await mountPolar('payment-methods');
    await open(el, 0, 'Remove');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'PaymentMethodInUseByActiveSubscription' });
    expect(inDialog(el, '[role="status"]')!.textContent!.trim()).to.not.equal('');
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['overview']);
    expect(rows(el)).to.have.length(4);
  });
});
