/**
 * "Pay" on Polar: retrying a failed order payment with the saved default card, over the Polar
 * reference handler. 3-D Secure is finished in the hosted portal; declines and the retry cap fail
 * with readable reasons; the member session without the billing role sees no "Pay".
 */
import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { confirm, dialogOf, inDialog } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { defaultCard, mountPolar, polarLive, polarWrites, usePolarNet } from '../../test/helpers/polar-actions.js';

preloadBackends('polar');

const PORTAL = 'https://polar.example/acme/portal';
const invoicesRoot = (el: CustomerPortal) => deepQuery(el, 'cp-invoices-section')?.shadowRoot ?? null;
const payButtons = (el: CustomerPortal) => [...(invoicesRoot(el)?.querySelectorAll<HTMLButtonElement>('button[part~="action-button"]') ?? [])];
const confirms = () => polarWrites().filter((w) => w.endsWith('/confirm-payment'));

async function openPay(el: CustomerPortal): Promise<void> {
  await waitUntil(() => payButtons(el).length > 0, 'no Pay button');
  payButtons(el)[0]!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Polar: pay-invoice', () => {
  usePolarNet();

  it('read-only default: no Pay, no write', async () => {
    const { el } = await mountPolar(null, { tab: 'invoices' });
    await waitUntil(() => invoicesRoot(el)?.querySelector('table, ul, [role="table"]'), 'no invoices');
    await new Promise((r) => setTimeout(r, 200));
    expect(payButtons(el)).to.deep.equal([]);
    expect(polarWrites()).to.deep.equal([]);
  });

  it('succeeds with the saved card: one confirm-payment, requested → completed once the order reads paid; accessible', async () => {
    const { el, seen } = await mountPolar('pay-invoice', { tab: 'invoices' });
    await openPay(el);
    expect(inDialog(el, '#consequence')!.textContent).to.contain('saved default card');
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.some((r) => r.status === 'completed'), 'never completed');
    expect(seen.order).to.deep.equal(['action', 'result:requested', 'result:completed']);
    expect(seen.actions[0]).to.deep.include({ action: 'pay-invoice' });
    expect(seen.actions[0]!.target.type).to.equal('invoice');
    expect(confirms()).to.deep.equal([`POST /orders/${seen.actions[0]!.target.id}/confirm-payment`]);
    expect(polarLive.opened).to.deep.equal([]);
  });

  it('preventDefault(): no write', async () => {
    const { el, seen } = await mountPolar('pay-invoice', { tab: 'invoices' });
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await openPay(el);
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(polarWrites()).to.deep.equal([]);
    expect(seen.results).to.deep.equal([]);
  });

  it('3-D Secure: requested, the customer sent to the hosted portal (portal-url, noopener), nothing opened by itself', async () => {
    await defaultCard('3155');
    const { el, seen } = await mountPolar('pay-invoice', { tab: 'invoices', portalUrl: PORTAL });
    await openPay(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]!.status).to.equal('requested');
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('Finish it in the billing portal');
    const link = inDialog<HTMLAnchorElement>(el, `a[href="${PORTAL}"]`)!;
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    expect(inDialog(el, 'button[type="submit"]')).to.equal(null);
    expect(confirms()).to.have.length(1);
  });

  it('a decline: failed with the reason, reported (portal-error); the retry cap (JSON 429) reads as the cap', async () => {
    await defaultCard('0002');
    const { el, seen } = await mountPolar('pay-invoice', { tab: 'invoices' });
    await openPay(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'payment_failed', message: 'Your card was declined.' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('Your card was declined.');
    expect(seen.errors.map((e) => e.section)).to.include('invoices');
    for (let i = 2; i <= 6; i += 1) {
      confirm(el);
      await waitUntil(() => seen.results.length === i, `no result ${i}`);
    }
    expect(seen.results[5]).to.deep.include({ status: 'failed', code: 'ManualRetryLimitExceeded' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.match(/maximum number of payment retries/);
    expect(confirms()).to.have.length(6);
  });

  it('a member session without the billing role: no Pay', async () => {
    polarLive.restore();
    const { polarFetch } = await import('../../test/helpers/polar-fetch.js');
    polarLive.polar = polarFetch({ customer: 'polar-member' });
    polarLive.restore = polarLive.polar.install();
    const { el } = await mountPolar('pay-invoice', { tab: 'invoices' });
    await waitUntil(() => polarLive.polar.calls.some((c) => c.url.includes('/payment-methods')), 'gate not asked');
    await new Promise((r) => setTimeout(r, 200));
    expect(payButtons(el)).to.deep.equal([]);
    expect(polarWrites()).to.deep.equal([]);
  });
});
