import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { apiError, json } from '../../test/helpers/actions-fetch.js';
import { addButton, confirm, dialogOf, inDialog, live, mount, topUps, type, useActionsNet, walletCard } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { pollTiming } from './action-runner.js';

preloadBackends('flexprice');

describe('actions: pay-invoice', () => {
  useActionsNet([0, 40, 80]);

  const invoicesRoot = (el: CustomerPortal) => deepQuery(el, 'cp-invoices-section')?.shadowRoot ?? null;
  const payButtons = (el: CustomerPortal) => [...(invoicesRoot(el)?.querySelectorAll<HTMLButtonElement>('button[part~="action-button"]') ?? [])];
  const pays = () => live.net.writes().filter((c) => c.path.endsWith('/pay'));

  it('"Pay" on an unpaid invoice: confirm → portal-action → one POST /invoices/{id}/pay with a key → requested, the page live.opened', async () => {
    const { el, seen } = await mount('pay-invoice', { tab: 'invoices' });
    await waitUntil(() => payButtons(el).length > 0, 'no Pay button');
    payButtons(el)[0]!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
    expect(inDialog(el, '#consequence')!.textContent).to.match(/charged \$[\d,.]+/);
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:requested']);
    expect(seen.actions[0]!.action).to.equal('pay-invoice');
    expect(seen.actions[0]!.target.type).to.equal('invoice');
    expect(pays()).to.have.length(1);
    expect(pays()[0]!.path).to.equal(`/invoices/${encodeURIComponent(seen.actions[0]!.target.id)}/pay`);
    expect(pays()[0]!.body!['idempotency_key']).to.be.a('string');
    expect(String(pays()[0]!.body!['success_url'])).not.to.contain(live.stub.token);
    expect(live.opened[0]).to.deep.equal(['https://pay.example.test/link/pay_1', '_blank', 'noopener']);
    expect(inDialog(el, 'a[href="https://pay.example.test/link/pay_1"]')).to.not.equal(null);
  });

  it('completed only once the invoice reads as paid (re-read, never flipped client-side)', async () => {
    pollTiming.delays = [0, 300, 600, 900, 1200, 1500];
    const { el, seen } = await mount('pay-invoice', { tab: 'invoices' });
    await waitUntil(() => payButtons(el).length > 0, 'no Pay button');
    const offered = payButtons(el).length;
    payButtons(el)[0]!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no requested');
    // While the payment is pending, that invoice offers no second "Pay".
    await waitUntil(() => payButtons(el).length === offered - 1, 'a second Pay while pending');
    live.net.paid.add(seen.actions[0]!.target.id);
    await waitUntil(() => seen.results.length === 2, 'never completed');
    expect(seen.order).to.deep.equal(['action', 'result:requested', 'result:completed']);
    expect(pays()).to.have.length(1);
  });

  it('a refused payment (400 invalid_operation) is a failed result with the server\'s message', async () => {
    live.net.routes.pay = () => apiError(400, 'invalid_operation', 'This invoice is PROCESSING');
    const { el, seen } = await mount('pay-invoice', { tab: 'invoices' });
    await waitUntil(() => payButtons(el).length > 0, 'no Pay button');
    payButtons(el)[0]!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'invalid_operation', message: 'This invoice is PROCESSING' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('This invoice is PROCESSING');
  });

  it('no Pay button without `actions`, nor when the gate lists no payment_link provider', async () => {
    const { el } = await mount(null, { tab: 'invoices' });
    await waitUntil(() => invoicesRoot(el)?.querySelector('table, .cards'), 'no list');
    expect(payButtons(el)).to.have.length(0);
    live.net.routes.integrations = () => json({ payment_integrations: [] });
    const second = await mount('pay-invoice', { tab: 'invoices' });
    await waitUntil(() => live.net.calls.some((c) => c.path === '/integrations'), 'gate asked');
    await waitUntil(() => invoicesRoot(second.el)?.querySelector('table, .cards'), 'no list');
    await new Promise((r) => setTimeout(r, 100));
    expect(payButtons(second.el)).to.have.length(0);
    expect(pays()).to.have.length(0);
  });
});

describe('actions: the Credits tab', () => {
  useActionsNet([0, 40, 80]);

  it('"Add credits" on the Credits wallet card tops up that wallet', async () => {
    const { el, seen } = await mount('top-up', { tab: 'credits' });
    const card = () => deepQuery(el, 'cp-credit-wallet-section')?.shadowRoot?.querySelector<HTMLButtonElement>('button[part~="action-button"]') ?? null;
    await waitUntil(card, 'no Add credits on the Credits card');
    card()!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
    await type(el, '20');
    live.net.credited.credits = 20;
    confirm(el);
    await waitUntil(() => seen.results.some((r) => r.status === 'completed'), 'never completed');
    expect(topUps()).to.have.length(1);
    expect(topUps()[0]!.path).to.equal(`/wallets/${encodeURIComponent(seen.actions[0]!.target.id)}/top-up`);
  });

  it('only unknown names: a warning, no gate request, no control', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      const { el } = await mount('refund');
      await waitUntil(() => walletCard(el)?.querySelector('.balance'), 'wallet');
      await new Promise((r) => setTimeout(r, 150));
      expect(live.net.calls.filter((c) => c.path === '/integrations')).to.have.length(0);
      expect(addButton(el)).to.equal(null);
    } finally {
      console.warn = warn;
    }
  });
});
