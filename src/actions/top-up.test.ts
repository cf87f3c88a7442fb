import { expect } from '@open-wc/testing';
import { apiError, CHECKOUT_URL, json } from '../../test/helpers/actions-fetch.js';
import { addButton, confirm, dialogOf, inDialog, live, mount, openTopUp, topUps, type, useActionsNet, walletCard, walletStatus } from '../../test/helpers/actions-harness.js';
import { deepQueryAll } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { pollTiming } from './action-runner.js';

preloadBackends('flexprice');

describe('actions', () => {
  useActionsNet();

  describe('read-only default', () => {
    it('without `actions`: no action control, no gate, no write request', async () => {
      const { el } = await mount(null);
      await waitUntil(() => walletCard(el)?.querySelector('.balance'), 'wallet');
      await new Promise((r) => setTimeout(r, 200));
      expect(addButton(el)).to.equal(null);
      expect(live.net.calls.filter((c) => /integrations|top-up|\/pay$|checkout/.test(c.path))).to.deep.equal([]);
    });

    it('warns once per unknown name and ignores it', async () => {
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(String(args[0]));
      try {
        const { el } = await mount('top-up refund refund');
        await waitUntil(() => warnings.some((w) => w.includes('"refund"')), 'no warning (it comes with the actions chunk)');
        el.actions = 'refund top-up';
        await el.updateComplete;
        await new Promise((r) => setTimeout(r, 100));
        expect(warnings.filter((w) => w.includes('"refund"'))).to.have.length(1);
      } finally {
        console.warn = warn;
      }
    });

    it('hides payment actions when GET /integrations answers 404 (not deployed)', async () => {
      live.net.routes.integrations = () => new Response('404 page not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      const { el } = await mount();
      await waitUntil(() => live.net.calls.some((c) => c.path === '/integrations'), 'gate asked');
      await waitUntil(() => walletCard(el)?.querySelector('.balance'), 'wallet');
      await new Promise((r) => setTimeout(r, 100));
      expect(addButton(el)).to.equal(null);
    });

    it('hides top-up when no provider has the checkout capability', async () => {
      live.net.routes.integrations = () => json({ payment_integrations: [{ provider: 'stripe', capabilities: [{ type: 'payment_link', is_default: true }] }] });
      const { el } = await mount('top-up');
      await waitUntil(() => live.net.calls.some((c) => c.path === '/integrations'), 'gate asked');
      await new Promise((r) => setTimeout(r, 150));
      expect(addButton(el)).to.equal(null);
    });
  });

  describe('top-up', () => {
    it('happy path: confirm → portal-action → one write with an idempotency key → requested → wallet re-read → completed', async () => {
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '100');
      expect(inDialog(el, '#consequence')!.textContent).to.contain('$10.00');
      live.net.credited.credits = 100;
      confirm(el);
      await waitUntil(() => seen.results.some((r) => r.status === 'completed'), 'never completed');
      expect(seen.order).to.deep.equal(['action', 'result:requested', 'result:completed']);
      expect(seen.actions[0]).to.deep.equal({ action: 'top-up', target: { type: 'wallet', id: seen.actions[0]!.target.id }, input: { credits: '100', amount: '10', currency: 'USD' } });
      expect(JSON.stringify(seen.actions[0])).not.to.contain(live.stub.token);
      const [write] = topUps();
      expect(topUps()).to.have.length(1);
      expect(write!.body!['credits_to_add']).to.equal('100');
      expect(write!.body!['idempotency_key']).to.be.a('string').with.length.greaterThan(10);
      const checkout = write!.body!['checkout'] as Record<string, string>;
      expect(checkout['success_url']!.startsWith(location.origin + location.pathname + '?')).to.equal(true);
      expect(JSON.stringify(write!.body)).not.to.contain(live.stub.token);
      expect(live.opened).to.deep.equal([[CHECKOUT_URL, '_blank', 'noopener']]);
      expect(inDialog<HTMLAnchorElement>(el, `a[href="${CHECKOUT_URL}"]`)).to.not.equal(null);
    });

    it('names the default provider when two have the checkout capability (the server refuses an ambiguous request)', async () => {
      live.net.routes.integrations = () =>
        json({
          payment_integrations: [
            { provider: 'razorpay', capabilities: [{ type: 'checkout', is_default: false }] },
            { provider: 'chargebee', capabilities: [{ type: 'checkout', is_default: true }] },
          ],
        });
      const { el, seen } = await mount('top-up');
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => seen.results.length > 0, 'no result');
      expect((topUps()[0]!.body!['checkout'] as Record<string, unknown>)['payment_provider']).to.equal('chargebee');
    });

    it('the card says the payment is pending until the balance changes', async () => {
      pollTiming.delays = [0, 300, 600];
      const { el } = await mount();
      await openTopUp(el);
      await type(el, '5');
      confirm(el);
      await waitUntil(() => walletStatus(el).includes('Payment pending'), 'no pending line');
      live.net.credited.credits = 5;
      await waitUntil(() => !walletStatus(el).includes('Payment pending'), 'pending never cleared');
    });

    it('host preventDefault(): no write, the dialog closes, focus returns to the button', async () => {
      const { el } = await mount();
      el.addEventListener('portal-action', (e) => e.preventDefault());
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => !dialogOf(el), 'dialog stayed');
      expect(topUps()).to.have.length(0);
      expect(el.shadowRoot!.activeElement ?? document.activeElement).to.exist;
    });

    for (const bad of ['abc', '-5', '0', '0.000', '1e309', '', '99999999999999']) {
      it(`refuses ${JSON.stringify(bad)} with a message and sends nothing`, async () => {
        const { el, seen } = await mount();
        await openTopUp(el);
        await type(el, bad);
        confirm(el);
        await dialogOf(el)!.updateComplete;
        expect(inDialog(el, '#credits-problem')!.textContent!.trim()).to.not.equal('');
        expect(inDialog(el, '#credits')!.getAttribute('aria-invalid')).to.equal('true');
        expect(seen.actions).to.have.length(0);
        expect(topUps()).to.have.length(0);
      });
    }

    for (const [status, code, message] of [
      [402, 'payment_required', 'The card was declined.'],
      [409, 'already_exists', 'A pending checkout session already exists for this wallet'],
      [422, 'validation_error', 'Minimum top-up for USD is 10'],
      [429, 'rate_limited', 'Too many requests'],
    ] as const) {
      it(`server ${status}: failed result with the server's message by the field, input kept, portal-error`, async () => {
        live.net.routes.topUp = () => apiError(status, code, message, status === 422 ? { currency: 'USD', minimum_amount: '10', amount: '0.5' } : undefined);
        const { el, seen } = await mount();
        await openTopUp(el);
        await type(el, '5');
        confirm(el);
        await waitUntil(() => seen.results.length === 1, 'no result');
        expect(seen.results[0]).to.deep.include({ action: 'top-up', status: 'failed', code, message });
        expect(inDialog(el, '#credits-problem')!.textContent).to.contain(message);
        expect(inDialog<HTMLInputElement>(el, '#credits')!.value).to.equal('5');
        expect(topUps()).to.have.length(1);
        await waitUntil(() => seen.errors.length === 1, 'no portal-error');
        expect(seen.errors[0]!.section).to.equal('overview');
      });
    }

    it('another top-up still waiting for its payment (200, entity_creation_result failed_already_exists) is a failure, not this checkout', async () => {
      live.net.routes.topUp = () =>
        json({
          wallet_transaction: null,
          checkout_session: { id: 'cs_old', checkout_status: 'pending', payment_action: { type: 'checkout_url', url: CHECKOUT_URL }, entity_creation_result: { status: 'failed_already_exists', entity_id: 'cs_old' } },
        });
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => seen.results.length === 1, 'no result');
      expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'already_exists' });
      expect(live.opened).to.deep.equal([]);
    });

    it('a stated minimum is then checked before sending', async () => {
      live.net.routes.topUp = () => apiError(400, 'validation_error', 'Minimum top-up for USD is 10', { currency: 'USD', minimum_amount: '10', amount: '0.5' });
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '5');
      confirm(el);
      await waitUntil(() => seen.results.length === 1, 'no result');
      await type(el, '50');
      confirm(el);
      await dialogOf(el)!.updateComplete;
      expect(topUps()).to.have.length(1);
      expect(inDialog(el, '#credits-problem')!.textContent).to.contain('$10.00');
    });

    it('double click: one write (the control is disabled while in flight)', async () => {
      let release: () => void = () => {};
      const answer = live.net.routes.topUp;
      live.net.routes.topUp = (body, id) => {
        const held = new Promise<void>((r) => (release = r));
        return held.then(() => answer(body, id)) as unknown as Response;
      };
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      confirm(el);
      await dialogOf(el)!.updateComplete;
      expect(inDialog<HTMLButtonElement>(el, 'button[type="submit"]')!.disabled).to.equal(true);
      release();
      await waitUntil(() => seen.results.length > 0, 'no result');
      expect(topUps()).to.have.length(1);
    });

    it('"Try again" with the same input reuses the key; a changed input or a new opening gets a new one', async () => {
      live.net.routes.topUp = () => apiError(429, 'rate_limited', 'Too many requests');
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => seen.results.length === 1, 'first');
      confirm(el);
      await waitUntil(() => seen.results.length === 2, 'second');
      await type(el, '11');
      confirm(el);
      await waitUntil(() => seen.results.length === 3, 'third');
      inDialog<HTMLDialogElement>(el, 'dialog')!.close();
      await waitUntil(() => !dialogOf(el), 'closed');
      await openTopUp(el);
      await type(el, '11');
      confirm(el);
      await waitUntil(() => seen.results.length === 4, 'fourth');
      const keys = topUps().map((c) => c.body!['idempotency_key']);
      expect(keys[0]).to.equal(keys[1]);
      expect(keys[2]).to.not.equal(keys[1]);
      expect(keys[3]).to.not.equal(keys[2]);
    });

    it('a network error is not retried: the wallet is re-read and the dialog says what it found', async () => {
      live.net.routes.topUp = () => {
        throw new TypeError('Failed to fetch');
      };
      const { el, seen } = await mount();
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => seen.results.length === 1, 'no result');
      expect(seen.results[0]!.status).to.equal('failed');
      await waitUntil(() => inDialog(el, '[role="status"]')?.textContent?.includes('did not answer'), 'no notice');
      expect(topUps()).to.have.length(1);
    });

    it('a token expiring mid-action: nothing is re-sent, polling goes on with the new token to the true state', async () => {
      const fresh = await live.stub.mint({ ttlSeconds: 3599 });
      let refusals = 1;
      const answer = live.net.routes.checkout;
      live.net.routes.checkout = (id) => (refusals-- > 0 ? apiError(401, 'unauthorized', 'Invalid or expired session token') : answer(id));
      const { el, seen } = await mount('top-up', { tokenProvider: () => Promise.resolve(fresh) });
      await openTopUp(el);
      await type(el, '10');
      live.net.credited.credits = 10;
      confirm(el);
      await waitUntil(() => seen.results.some((r) => r.status === 'completed'), 'never completed');
      expect(topUps()).to.have.length(1);
      expect(live.net.calls.some((c) => c.path.startsWith('/checkout-sessions/') && c.token === fresh)).to.equal(true);
    });

    it('a 401 on the write itself is not replayed with the new token', async () => {
      const fresh = await live.stub.mint({ ttlSeconds: 3599 });
      live.net.routes.topUp = () => apiError(401, 'unauthorized', 'Invalid or expired session token');
      const { el, seen } = await mount('top-up', { tokenProvider: () => Promise.resolve(fresh) });
      await openTopUp(el);
      await type(el, '10');
      confirm(el);
      await waitUntil(() => seen.results.length === 1, 'no result');
      expect(seen.results[0]!.status).to.equal('failed');
      expect(topUps()).to.have.length(1);
    });

    it('the dialog is accessible: labelled, modal, Escape cancels and focus returns to the opener', async () => {
      const { el } = await mount();
      const dialog = await openTopUp(el);
      await type(el, '12.5');
      await expect(dialog).to.be.accessible();
      const native = inDialog<HTMLDialogElement>(el, 'dialog')!;
      expect(native.getAttribute('aria-labelledby')).to.equal('action-title');
      expect(native.matches(':modal')).to.equal(true);
      native.dispatchEvent(new Event('cancel', { cancelable: true }));
      native.close();
      await waitUntil(() => !dialogOf(el), 'dialog stayed');
      const active = deepQueryAll(el, 'button[part~="action-button"]').find((b) => b.matches(':focus'));
      expect(active).to.exist;
    });
  });
});
