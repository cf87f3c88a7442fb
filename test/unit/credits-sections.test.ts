import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { portalFetchStub } from '../helpers/portal-fetch.js';
import { deepQuery, deepQueryAll } from '../helpers/deep.js';
import { preloadBackends } from '../helpers/backends.js';

// The adapter's code loads before the first test (its import is not what these tests time).
preloadBackends('flexprice');

/**
 * The Credits sections on the root: `sections="transactions"` alone (the history holds the wallet
 * picker itself) and the Credits tab (one picker, on the wallet card, which the history follows).
 */
describe('<customer-portal>: the transactions section alone and in the Credits tab', () => {
  it('shows the history with its own picker and fires portal-ready', async () => {
    const stub = await portalFetchStub({ customer: 'cus-multi-wallet' });
    try {
      const el = document.createElement('customer-portal') as CustomerPortal;
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      el.setAttribute('sections', 'transactions');
      const ready = oneEvent(el, 'portal-ready');
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await ready;
      await waitUntil(() => deepQueryAll(el, 'tbody tr').length > 0, 'rows');
      expect(deepQueryAll(el, '[part~="wallet-option"]')).to.have.length(3);
      expect(deepQuery(el, '[role="tablist"]')).to.equal(null);
      expect(deepQuery(el, 'cp-credit-wallet-section')).to.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      stub.restore();
    }
  });

  it('the Credits tab shows one picker (the wallet card\'s), and the history follows it', async () => {
    const stub = await portalFetchStub({ customer: 'cus-multi-wallet' });
    try {
      const el = document.createElement('customer-portal') as CustomerPortal;
      el.apiBase = stub.apiBase;
      el.token = stub.token;
      el.tab = 'credits';
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await waitUntil(() => deepQueryAll(el, '#panel-credits tbody tr').length > 0 || deepQueryAll(el, 'cp-transactions-section').some((s) => s.shadowRoot?.querySelector('tbody tr')), 'rows', { timeout: 8000 });
      const wallet = deepQuery(el, 'cp-credit-wallet-section')!;
      const history = deepQuery(el, 'cp-transactions-section')!;
      expect(deepQueryAll(el, '[part~="wallet-selector"]')).to.have.length(1);
      expect(wallet.shadowRoot!.querySelector('[part~="wallet-selector"]')).to.not.equal(null);
      const jpy = [...wallet.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="wallet-option"]')].find((o) => o.textContent!.includes('JPY'))!;
      jpy.click();
      await waitUntil(() => history.shadowRoot!.querySelector('tbody tr')?.textContent?.includes('¥'), 'jpy history');
      await expect(el).to.be.accessible();
    } finally {
      stub.restore();
    }
  });
});
