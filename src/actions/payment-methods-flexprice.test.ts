/**
 * The saved cards on Flexprice (`payment-methods`, contract §1.7) over the reference server's
 * handlers: gated by `/integrations` (`payment_method_management`; "Make default" needs
 * `set_default_method`), remove/default name the card's provider, adding a card opens the provider's
 * hosted page (noopener, no token) and the list is re-read when the customer comes back.
 */
import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { confirm, dialogOf, inDialog, live, mount, useActionsNet } from '../../test/helpers/actions-harness.js';
import { apiError, json } from '../../test/helpers/actions-fetch.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';

const section = (el: CustomerPortal) => deepQuery(el, 'cp-payment-methods-section');
const root = (el: CustomerPortal) => section(el)?.shadowRoot ?? null;
const rows = (el: CustomerPortal) => [...(root(el)?.querySelectorAll('li') ?? [])];
const button = (el: CustomerPortal, row: number, text: string) =>
  [...(rows(el)[row]?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent!.trim() === text) ?? null;
const addCard = (el: CustomerPortal) => root(el)?.querySelector<HTMLButtonElement>('button[part~="add-card-button"]') ?? null;
const pmWrites = () => live.net.writes().filter((c) => c.path.startsWith('/payment-methods'));

const caps = (...types: string[]) => json({ payment_integrations: [{ provider: 'chargebee', capabilities: types.map((type) => ({ type, is_default: true })) }] });
const ALL = ['checkout', 'payment_link', 'payment_method_management', 'set_default_method'];

async function open(el: CustomerPortal, row: number, text: string): Promise<void> {
  await waitUntil(() => button(el, row, text), `no ${text}`);
  button(el, row, text)!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Flexprice: payment-methods', () => {
  useActionsNet();

  it('lists the cards (default marked, expired card cannot be the default); accessible', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el } = await mount('payment-methods');
    await waitUntil(() => rows(el).length === 3, 'no cards');
    expect(rows(el)[0]!.textContent).to.match(/Visa ending in \d{4}[\s\S]*Default/);
    expect(button(el, 0, 'Make default')).to.equal(null);
    expect(button(el, 1, 'Make default')).to.not.equal(null);
    expect(button(el, 2, 'Make default')).to.equal(null);
    expect(live.net.calls.some((c) => c.method === 'GET' && c.path === '/payment-methods')).to.equal(true);
    await expect(section(el)!).to.be.accessible();
  });

  it('without set_default_method: no "Make default", Remove stays', async () => {
    live.net.routes.integrations = () => caps('payment_method_management');
    const { el } = await mount('payment-methods');
    await waitUntil(() => rows(el).length === 3, 'no cards');
    expect(rows(el).map((_, i) => button(el, i, 'Make default'))).to.deep.equal([null, null, null]);
    expect(button(el, 0, 'Remove')).to.not.equal(null);
  });

  for (const [name, answer] of [
    ['a 404 /integrations', () => apiError(404, 'not_found', 'Not found')],
    ['no provider with payment_method_management', () => caps('checkout', 'payment_link', 'set_default_method')],
  ] as const) {
    it(`hidden on ${name}: no list read`, async () => {
      live.net.routes.integrations = answer;
      const { el } = await mount('payment-methods');
      await waitUntil(() => live.net.calls.some((c) => c.path === '/integrations'), 'no gate read');
      await new Promise((r) => setTimeout(r, 300));
      expect(rows(el)).to.deep.equal([]);
      expect(live.net.calls.some((c) => c.path.startsWith('/payment-methods'))).to.equal(false);
    });
  }

  it('make default: one POST naming the provider and card, completed, the list re-read shows it', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el, seen } = await mount('payment-methods');
    await open(el, 1, 'Make default');
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    const id = seen.actions[0]!.target.id;
    expect(pmWrites().map((c) => [c.method, c.path, c.body])).to.deep.equal([['POST', '/payment-methods/default', { payment_provider: 'chargebee', payment_method_id: id }]]);
    await waitUntil(() => /Default/.test(rows(el)[1]?.textContent ?? ''), 'not re-read');
  });

  it('remove: one POST /payment-methods/delete; the card is gone after the re-read', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el, seen } = await mount('payment-methods');
    await open(el, 2, 'Remove');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]!.status).to.equal('completed');
    expect(pmWrites().map((c) => [c.path, c.body])).to.deep.equal([['/payment-methods/delete', { payment_provider: 'chargebee', payment_method_id: seen.actions[0]!.target.id }]]);
    await waitUntil(() => rows(el).length === 2, 'not re-read');
  });

  it('preventDefault(): no write', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el, seen } = await mount('payment-methods');
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await open(el, 1, 'Remove');
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(pmWrites()).to.deep.equal([]);
  });

  it('a failed write (503): shown in the dialog, portal-error for the overview, the list unchanged', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el, seen } = await mount('payment-methods');
    await waitUntil(() => rows(el).length === 3, 'no cards');
    live.stub.api.setFaults({ status: 503, writesOnly: true });
    await open(el, 1, 'Remove');
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]!.status).to.equal('failed');
    expect(inDialog(el, '[role="status"]')!.textContent!.trim()).to.not.equal('');
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['overview']);
    expect(rows(el)).to.have.length(3);
  });

  it('a provider that could not be asked (entry with `error`): the card shows the failure with a retry, nothing written', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    live.stub.api.setFaults({ paymentMethodsError: true });
    const { el, seen } = await mount('payment-methods');
    await waitUntil(() => /Could not load/.test(root(el)?.textContent ?? ''), 'no failure shown');
    expect(rows(el)).to.deep.equal([]);
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['overview']);
    expect(pmWrites()).to.deep.equal([]);
  });

  it('add a card: one POST, the hosted page opened with noopener (link kept), no token in it; the list re-read on coming back', async () => {
    live.net.routes.integrations = () => caps(...ALL);
    const { el, seen } = await mount('payment-methods');
    await waitUntil(() => addCard(el) && rows(el).length === 3, 'no Add a card');
    addCard(el)!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:requested']);
    const posts = pmWrites();
    expect(posts.map((c) => [c.method, c.path, c.body?.['payment_provider']])).to.deep.equal([['POST', '/payment-methods', 'chargebee']]);
    expect(JSON.stringify(posts[0]!.body)).to.not.contain(live.stub.token);
    expect(live.opened).to.have.length(1);
    const [url, target, features] = live.opened[0]!;
    expect([/^https?:\/\//.test(url!), target, features]).to.deep.equal([true, '_blank', 'noopener']);
    expect(url).to.not.contain(live.stub.token);
    const link = inDialog<HTMLAnchorElement>(el, `a[href="${url}"]`)!;
    expect(link.rel).to.contain('noopener');
    // The customer completes the provider's page in the other tab, then comes back.
    live.stub.api.setSettleDelay(0);
    expect((await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })).status).to.equal(303);
    await new Promise((r) => setTimeout(r, 100));
    expect(rows(el)).to.have.length(3);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => rows(el).length === 4, 'not re-read on coming back');
  });
});
