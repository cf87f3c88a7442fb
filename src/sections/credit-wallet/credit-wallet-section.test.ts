/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../../../test/helpers/wait.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { portalFetchStub } from '../../../test/helpers/portal-fetch.js';
import { restoredAfterEach } from '../../../test/helpers/restore.js';
import { FLOW_PAGE_SIZE } from '../../usage/outlook-data.js';
import type { SectionPanel } from '../section-panel.js';
import {
  cells, firstCell, go, loadedRows, MINUS, mount, mountLoaded, multi, NOW, pagerText, root, rows, SeededServer, serverEnv, text, tx, txCalls, typical, updates, type WalletSeed,
} from '../../../test/helpers/credits-harness.js';

// The Credits tab's layout (this wallet card, then the transaction history) in a panel: the picked
// wallet is the panel's view state, which the history follows.
describe('<cp-credit-wallet-section> in the Credits tab', () => {
  const startServer = restoredAfterEach((seeds: WalletSeed[]) => SeededServer.start(seeds));

  describe('loading', () => {
    it('shows an accessible loading state for the wallet, then for the history', async () => {
      const api = await startServer([typical()]);
      const releaseWallets = api.hold(/\/wallets$/);
      const releaseTx = api.hold(/\/transactions$/);
      const { el } = await mount();
      expect(text(root(el).querySelector('[role="status"]'))).to.contain('Loading wallets…');
      await expect(el).to.be.accessible();

      releaseWallets();
      await waitUntil(() => root(el).querySelector('.wallet-card'), 'wallet card');
      expect(text(root(el).querySelector('.history .state.loading'))).to.contain('Loading transactions…');
      await expect(el).to.be.accessible();
      releaseTx();
      await loadedRows(el);
    });
  });

  describe('wallet card', () => {
    it('shows the real-time balance, status, value and conversion rate', async () => {
      await startServer([typical()]);
      const { el, events } = await mountLoaded();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('4,342'), 'real-time balance');
      const card = text(root(el).querySelector('.wallet-card'));
      expect(card).to.contain('Main Wallet');
      expect(card).to.contain('Active');
      expect(card).to.contain('4,342 credits');
      expect(card).to.contain('$434.20 value');
      expect(card).to.contain('1 credit = $0.10');
      expect(card).to.contain('Updated Jan 15, 2026, 9:30 AM');
      // One wallet: no selector.
      expect(root(el).querySelector('[role="radiogroup"]')).to.equal(null);
      expect(events.filter((e) => e instanceof SectionReadyEvent)).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('shows the list values until the real-time balance arrives, and says when it is not real-time', async () => {
      const seed = typical();
      const api = await startServer([seed]);
      const release = api.hold(/\/wallets\/wallet_main$/);
      const { el } = await mount();
      await waitUntil(() => root(el).querySelector('.wallet-card'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('4,200 credits');
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('Refreshing balance…');
      release();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('4,342 credits'));

      api.restore();
      await startServer([{ ...typical(), real_time: null }]);
      const second = await mount();
      await waitUntil(() => text(root(second.el).querySelector('.wallet-card')).includes('Last stored balance'));
      expect(text(root(second.el).querySelector('.wallet-card'))).to.contain('4,200 credits');
    });

    it('keeps the card when the live balance fails, with an inline retry', async () => {
      const api = await startServer([typical()]);
      api.fail(/\/wallets\/wallet_main$/);
      const { el, events } = await mount();
      await waitUntil(() => root(el).querySelector('.wallet-card [role="alert"]'), 'inline error');
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('4,200 credits');
      expect(events.some((e) => e instanceof SectionErrorEvent)).to.equal(true);
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLButtonElement>('.wallet-card [role="alert"] button')!.click();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('4,342 credits'));
      expect(root(el).querySelector('.wallet-card [role="alert"]')).to.equal(null);
    });
  });

  describe('several wallets', () => {
    it('offers each wallet in its own currency (never summed), and switches with click and keyboard', async () => {
      await startServer(multi());
      const { el } = await mountLoaded();
      const group = root(el).querySelector('[role="radiogroup"]')!;
      expect(group.getAttribute('aria-label')).to.equal('Wallets');
      const options = [...group.querySelectorAll('[role="radio"]')];
      expect(options).to.have.length(3);
      await waitUntil(() => text(options[2]).includes('KWD'));
      expect(text(options[0])).to.contain('Main Wallet USD · $434.20');
      expect(text(options[1])).to.contain('Tokyo Credits JPY · ¥1,500');
      expect(text(options[2])).to.contain('Kuwait Wallet KWD · KWD 1.250');
      expect(options[0]!.getAttribute('aria-checked')).to.equal('true');
      await expect(el).to.be.accessible();

      (options[1] as HTMLButtonElement).click();
      await updates(el);
      await waitUntil(() => text(rows(el)[0]).includes('¥'), 'jpy rows');
      const card = text(root(el).querySelector('.wallet-card'));
      expect(card).to.contain('Tokyo Credits');
      expect(card).to.contain('150 credits');
      expect(card).to.contain('¥1,500 value');
      expect(card).to.contain('1 credit = ¥10');
      expect(cells(rows(el)[0]!)[4]).to.equal(`${MINUS}¥200 / ${MINUS}20 credits`);
      expect(cells(rows(el)[2]!)[4]).to.equal('+¥1,000 / +100 credits');

      // Keyboard: arrows move the choice, focus follows.
      (options[1] as HTMLButtonElement).focus();
      await sendKeys({ press: 'ArrowRight' });
      await updates(el);
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('Kuwait Wallet'));
      expect(root(el).activeElement?.getAttribute('data-id')).to.equal('wallet_kwd');
      await waitUntil(() => rows(el).length === 1 && text(rows(el)[0]).includes('KWD'));
      expect(cells(rows(el)[0]!)[4]).to.equal('+KWD 1.250 / +250 credits');
      const kwdCard = text(root(el).querySelector('.wallet-card'));
      expect(kwdCard).to.contain('KWD 1.250 value');
      expect(kwdCard).to.contain('1 credit = KWD 0.005');
      await sendKeys({ press: 'Home' });
      await updates(el);
      expect(root(el).activeElement?.getAttribute('data-id')).to.equal('wallet_main');
    });

    it('keeps each wallet on its own page when switching', async () => {
      const api = await startServer(multi());
      const { el } = await mountLoaded();
      await go(el, 'next');
      await waitUntil(() => firstCell(el).endsWith('Transaction 21'));
      const option = (id: string) => root(el).querySelector<HTMLButtonElement>(`[data-id="${id}"]`)!;
      option('wallet_jpy').click();
      await updates(el);
      await waitUntil(() => text(rows(el)[0]).includes('¥'));
      expect(pagerText(el)).to.match(/^1–3 of 3/);
      const before = api.transactionRequests('wallet_main').length;
      option('wallet_main').click();
      await updates(el);
      // Back on page 2 of the first wallet, instantly, from the cache.
      expect(pagerText(el)).to.match(/^21–40 of 45/);
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 21$/);
      expect(api.transactionRequests('wallet_main').length).to.equal(before);
    });
  });

  describe('exact money', () => {
    it('shows amounts beyond float precision exactly', async () => {
      const seed: WalletSeed = {
        ...typical(),
        real_time: { credits: '90071992547409931', balance: '9007199254740993.1', updated: '2026-01-15T09:30:00Z' },
        conversion_rate: '0.1',
        transactions: [
          tx(1, { wallet: 'wallet_main', currency: 'usd', type: 'credit', amount: '9007199254740993.01', credit_amount: '90071992547409930.1' }),
          tx(2, { wallet: 'wallet_main', currency: 'usd', type: 'debit', amount: '0.3', credit_amount: '3' }),
        ],
      };
      await startServer([seed]);
      const { el } = await mountLoaded();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('90,071,992,547,409,931 credits'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('$9,007,199,254,740,993.10 value');
      expect(cells(rows(el)[0]!)[4]).to.equal('+$9,007,199,254,740,993.01 / +90,071,992,547,409,930.1 credits');
      expect(cells(rows(el)[1]!)[4]).to.equal(`${MINUS}$0.30 / ${MINUS}3 credits`);
    });

    it('shows a conversion rate below a cent without rounding it away', async () => {
      await startServer([{ ...typical(), conversion_rate: '0.0025', real_time: null }]);
      const { el } = await mount();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('Last stored'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('1 credit = $0.0025');
    });
  });

  describe('empty', () => {
    it('says so for a customer with no wallets (accessible, ready)', async () => {
      const api = await startServer([]);
      const { el, events } = await mount();
      await waitUntil(() => text(root(el).querySelector('.state.empty')).includes('No wallets yet'));
      expect(root(el).querySelector('table')).to.equal(null);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
      expect(api.transactionRequests()).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('errors', () => {
    it('shows the wallets error with a retry, reports it, and recovers', async () => {
      const api = await startServer([typical()]);
      api.fail(/\/wallets$/);
      const { el, events } = await mount();
      await waitUntil(() => root(el).querySelector('.state.error'), 'error state');
      const error = root(el).querySelector('.state.error')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(text(error)).to.contain('We could not load your wallets');
      expect(text(error)).to.contain('(500)');
      const reported = events.find((e): e is SectionErrorEvent => e instanceof SectionErrorEvent);
      expect(reported?.section).to.equal('credits');
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(false);
      await expect(el).to.be.accessible();

      error.querySelector('button')!.click();
      await loadedRows(el);
      expect(root(el).querySelector('.state.error')).to.equal(null);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
    });
  });

  describe('against the reference portal server', () => {
    const startStub = restoredAfterEach(portalFetchStub);

    it('shows each wallet of the multi-wallet customer in its own currency (JPY no decimals, KWD three)', async () => {
      const stub = await startStub({ customer: 'cus-multi-wallet' });
      const { el } = await mountLoaded(serverEnv(stub));
      const options = () => [...root(el).querySelectorAll<HTMLButtonElement>('[role="radio"]')];
      expect(options()).to.have.length(3);
      const byCurrency = (code: string) => options().find((o) => text(o).includes(` ${code} · `))!;
      expect(text(byCurrency('USD'))).to.match(/\$[\d,]+\.\d{2}$/);
      expect(text(byCurrency('JPY'))).to.match(/¥[\d,]+$/);
      expect(text(byCurrency('KWD'))).to.match(/KWD [\d,]+\.\d{3}$/);

      byCurrency('JPY').click();
      await updates(el);
      await waitUntil(() => text(rows(el)[0]).includes('¥'), 'jpy history');
      for (const row of rows(el)) expect(cells(row)[4]).to.match(/^[+\u2212]¥[\d,]+ \/ [+\u2212][\d,.]+ credits?$/);
      await waitUntil(() => /Updated/.test(text(root(el).querySelector('.wallet-card'))), 'real-time jpy');
      expect(text(root(el).querySelector('.wallet-card'))).to.match(/¥[\d,]+ value/);

      byCurrency('KWD').click();
      await updates(el);
      await waitUntil(() => text(rows(el)[0]).includes('KWD'), 'kwd history');
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('Frozen');
      for (const row of rows(el)) expect(cells(row)[4]).to.match(/^[+\u2212]KWD [\d,]+\.\d{3} \/ /);
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('1 credit = KWD 0.005');
      await expect(el).to.be.accessible();
    });

    it('runway: from the usage cost, after first paint; none once a top-up in the last 7 days outgrows the use', async () => {
      const stub = await startStub({ customer: 'cus-typical', now: () => NOW });
      const runway = (el: SectionPanel) => root(el).querySelector('[part~="runway"]');
      const first = await mount(serverEnv(stub));
      await waitUntil(() => /days? of credits at the last 7 days/.test(text(runway(first.el))), 'runway shown', { timeout: 8000 });
      // The wallet's week of transactions was read for it (small pages, not the export's 1,000).
      const flow = () => txCalls(stub).filter((u) => u.searchParams.get('limit') === String(FLOW_PAGE_SIZE));
      expect(flow()).to.have.length.greaterThan(0);
      first.el.remove();

      // A completed top-up yesterday, far larger than the week's use: the balance grows.
      const walletId = new URL(flow()[0]!.href).pathname.split('/').at(-2)!;
      stub.api.patchCustomer('cus-typical', (c) => {
        const list = c.transactions.get(walletId)!;
        const at = new Date(NOW.getTime() - 86_400_000).toISOString();
        list.unshift({ ...list[0], id: 'wtxn_topup_test', type: 'credit', amount: '100000', credit_amount: '100000', transaction_status: 'completed', transaction_reason: 'PURCHASED_CREDIT_DIRECT', created_at: at, updated_at: at });
      });
      const seen = flow().length;
      const second = await mount(serverEnv(stub));
      await loadedRows(second.el);
      await waitUntil(() => flow().length > seen, 'the week of transactions read again');
      const task = (root(second.el).querySelector('cp-credit-wallet-section') as unknown as { outlookTask: { taskComplete: Promise<unknown> } }).outlookTask;
      await task.taskComplete;
      await updates(second.el);
      expect(runway(second.el)).to.equal(null);
      expect(text(root(second.el).querySelector('.wallet-card'))).to.match(/credits/);
      await expect(second.el).to.be.accessible();
    });

    it('says "No wallets yet" for the empty customer', async () => {
      const stub = await startStub({ customer: 'cus-empty' });
      const { el } = await mount(serverEnv(stub));
      await waitUntil(() => text(root(el).querySelector('.state.empty')).includes('No wallets yet'));
      await expect(el).to.be.accessible();
    });

    it('recovers from a server error with Try again', async () => {
      const stub = await startStub({ customer: 'cus-typical' });
      stub.api.setFaults({ status: 503, statusCount: 1, paths: ['/customer/portal/wallets'] });
      const { el } = await mount(serverEnv(stub));
      await waitUntil(() => root(el).querySelector('.state.error'), 'error state');
      expect(text(root(el).querySelector('.state.error'))).to.contain('(503)');
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLButtonElement>('.state.error button')!.click();
      await loadedRows(el);
    });
  });
});
