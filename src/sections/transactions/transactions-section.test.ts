/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { mapTransaction } from '../../backends/flexprice/backend.js';
import type { FlexpriceBackend } from '../../backends/flexprice/backend.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { portalFetchStub } from '../../../test/helpers/portal-fetch.js';
import { restoredAfterEach } from '../../../test/helpers/restore.js';
import { FLOW_PAGE_SIZE } from '../../usage/outlook-data.js';
import {
  cells, firstCell, go, loadedRows, makeEnv, many, MINUS, mount, mountLoaded, multi, newBackend, NOW, pager, pagerText, root, rows, SeededServer, serverEnv, settle, t, text, transactions, tx, txCalls, typical,
  updates, type Raw, type WalletSeed,
} from '../../../test/helpers/credits-harness.js';
import { fetchAllTransactions, transactionsCsv, transactionsFileName } from './transactions-csv.js';

// In the Credits tab's layout (after the wallet card, which holds the picker), unless `alone`.
describe('<cp-transactions-section>', () => {
  const startServer = restoredAfterEach((seeds: WalletSeed[]) => SeededServer.start(seeds));

  describe('transaction rows', () => {
    it('shows type in words, dates, expiry, priority and signed amounts in currency and credits', async () => {
      await startServer([typical()]);
      const { el } = await mountLoaded();
      const [first, second, third] = rows(el);
      // Transaction 1 is a debit (invoice payment), 3 a credit (free credits).
      expect(cells(first!)).to.deep.equal([
        'Invoice Payment Transaction 1',
        'Jan 10, 2026 12:00 PM',
        '—',
        '—',
        `${MINUS}$2.00 / ${MINUS}20 credits`,
      ]);
      expect(cells(second!)[1]).to.equal('Jan 10, 2026 11:00 AM');
      expect(cells(third!)).to.deep.equal([
        'Free Credits Added Transaction 3',
        'Jan 10, 2026 10:00 AM',
        'Dec 31, 2026',
        '1',
        '+$10.00 / +100 credits',
      ]);
      expect(first!.querySelector('td.amount')!.classList.contains('debit')).to.equal(true);
      expect(third!.querySelector('td.amount')!.classList.contains('credit')).to.equal(true);
      expect(rows(el)).to.have.length(20);
      expect(text(root(el).querySelector('caption'))).to.equal('Transactions of Main Wallet, newest first');
      expect(text(root(el).querySelector('.zone-note'))).to.equal('Times in UTC');
    });

    it('formats dates in the display zone', async () => {
      await startServer([typical()]);
      const { el } = await mountLoaded(makeEnv({ timeZone: 'Asia/Tokyo' }));
      expect(cells(rows(el)[0]!)[1]).to.equal('Jan 10, 2026 9:00 PM');
      expect(text(root(el).querySelector('.zone-note'))).to.equal('Times in Asia/Tokyo');
    });

    it('renders API strings as text, never HTML', async () => {
      const seed = typical();
      seed.transactions = [tx(1, { wallet: seed.id, currency: 'usd', description: '<img src=x onerror=alert(1)>' })];
      await startServer([seed]);
      const { el } = await mountLoaded();
      expect(root(el).querySelector('tbody img')).to.equal(null);
      expect(text(rows(el)[0]!.querySelector('.description'))).to.equal('<img src=x onerror=alert(1)>');
    });

    it('stacks rows as cards when narrow', async () => {
      await startServer([typical()]);
      const { el, host } = await mountLoaded();
      expect(getComputedStyle(rows(el)[0]!).display).to.equal('table-row');
      host.style.setProperty('display', 'block');
      host.style.setProperty('inline-size', '420px');
      await waitUntil(() => getComputedStyle(rows(el)[0]!).display === 'block', 'stacked rows');
      const amount = rows(el)[0]!.querySelector('td.amount')!;
      expect(getComputedStyle(amount, '::before').content).to.equal('"Amount"');
      await expect(el).to.be.accessible();
    });
  });

  describe('paging', () => {
    it('pages by its own counter and total (the answer offset is the NEXT offset) and says where you are', async () => {
      const api = await startServer([many()]);
      const { el } = await mountLoaded();
      expect(pagerText(el)).to.match(/^1–20 of 5,000/);
      const firstRequest = api.transactionRequests()[0]!;
      expect(firstRequest.searchParams.get('limit')).to.equal('20');
      expect(firstRequest.searchParams.get('offset')).to.equal('0');

      await go(el, 'next');
      await go(el, 'next');
      await waitUntil(() => firstCell(el).endsWith('Transaction 41'), 'page 3');
      expect(pagerText(el)).to.match(/^41–60 of 5,000/);
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 41$/);
      expect(cells(rows(el)[19]!)[0]).to.match(/Transaction 60$/);
      const offsets = api.transactionRequests().map((u) => Number(u.searchParams.get('offset')));
      expect(offsets).to.include(40);
      expect(offsets.every((o) => o % 20 === 0)).to.equal(true);
      expect(new Set(offsets).size).to.equal(offsets.length, 'no page is fetched twice');
    });

    it('goes back to a page already seen without a request, and forward instantly (prefetched)', async () => {
      const api = await startServer([many()]);
      const { el } = await mountLoaded();
      await settle(); // page 2 prefetched
      await go(el, 'next');
      // Instant: the rows are there in the same update, no loading state.
      expect(root(el).querySelector('.history .state.loading')).to.equal(null);
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 21$/);
      await settle(); // page 3 prefetched
      await go(el, 'next');
      expect(root(el).querySelector('.history .state.loading')).to.equal(null);
      expect(pagerText(el)).to.match(/^41–60 of 5,000/);
      await settle();

      const before = api.transactionRequests().length;
      await go(el, 'previous');
      expect(pagerText(el)).to.match(/^21–40 of 5,000/);
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 21$/);
      await go(el, 'previous');
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 1$/);
      await settle();
      expect(api.transactionRequests().length).to.equal(before, 'going back sent a request');
    });

    it('jumps to the last page and back to the first', async () => {
      const api = await startServer([many()]);
      const { el } = await mountLoaded();
      await go(el, 'last');
      await waitUntil(() => firstCell(el).endsWith('Transaction 4981'), 'last page');
      expect(pagerText(el)).to.match(/^4,981–5,000 of 5,000/);
      expect(api.transactionRequests().some((u) => u.searchParams.get('offset') === '4980')).to.equal(true);
      await settle(); // page 249 prefetched: Previous is instant too
      await go(el, 'previous');
      expect(root(el).querySelector('.history .state.loading')).to.equal(null);
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 4961$/);
      await go(el, 'first');
      expect(cells(rows(el)[0]!)[0]).to.match(/Transaction 1$/);
      await expect(el).to.be.accessible();
    });

    it('refetches fresh pages for a new token, keeping the page on screen meanwhile', async () => {
      const api = await startServer([many()]);
      const m = await mount();
      await loadedRows(m.el);
      await go(m.el, 'next');
      await waitUntil(() => firstCell(m.el).endsWith('Transaction 21'));
      await settle();

      // Token expired: no backend; what is on screen stays.
      await m.setEnv({ backend: null });
      expect(cells(rows(m.el)[0]!)[0]).to.match(/Transaction 21$/);
      expect(pagerText(m.el)).to.match(/^21–40 of 5,000/);

      const before = api.transactionRequests().length;
      const release = api.hold(/\/transactions$/);
      await m.setEnv({ backend: newBackend() });
      // Old rows stay (marked busy) while page 2 reloads with the new token.
      expect(cells(rows(m.el)[0]!)[0]).to.match(/Transaction 21$/);
      expect(root(m.el).querySelector('.table-wrap')!.getAttribute('aria-busy')).to.equal('true');
      release();
      await waitUntil(() => root(m.el).querySelector('.table-wrap')?.getAttribute('aria-busy') === 'false');
      const after = api.transactionRequests().slice(before);
      expect(after.map((u) => u.searchParams.get('offset'))).to.include('20');
      expect(pagerText(m.el)).to.match(/^21–40 of 5,000/);
    });
  });

  describe('empty', () => {
    it('says "No transactions yet" for a wallet without history, with no pager and no export', async () => {
      await startServer([{ ...typical(), transactions: [] }]);
      const { el, events } = await mount();
      await waitUntil(() => text(root(el).querySelector('.history .state.empty')).includes('No transactions yet'));
      expect(pager(el)).to.equal(null);
      expect(root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.disabled).to.equal(true);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('errors', () => {
    it('shows a history error beside a working wallet card, and retries', async () => {
      const api = await startServer([typical()]);
      api.fail(/\/transactions(\?|$)/);
      const { el } = await mount();
      await waitUntil(() => root(el).querySelector('.history .state.error'), 'history error');
      expect(root(el).querySelector('.wallet-card')).to.not.equal(null);
      expect(text(root(el).querySelector('.history .state.error'))).to.contain('We could not load the transactions');
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLButtonElement>('.history .state.error button')!.click();
      await loadedRows(el);
      expect(pagerText(el)).to.match(/^1–20 of 45/);
    });

    it('does not report an error for a superseded (aborted) request', async () => {
      const api = await startServer([many()]);
      const { el, events } = await mountLoaded();
      const release = api.hold(/\/transactions$/);
      await go(el, 'last');
      await go(el, 'first');
      release();
      await settle();
      expect(events.some((e) => e instanceof SectionErrorEvent)).to.equal(false);
    });
  });

  describe('CSV export', () => {
    const mapped = (raws: Raw[]) => raws.map((r) => mapTransaction(r));
    const parse = (csv: string) => csv.replace(/\r\n$/, '').split('\r\n').map((line) => line.split(','));

    it('builds the header and exact signed amounts, dates in the display zone', () => {
      const usd = mapped(transactions('w', 3));
      const jpy = mapped([tx(1, { wallet: 'j', currency: 'jpy', rate: '10' })]);
      const kwd = mapped([tx(3, { wallet: 'k', currency: 'kwd', amount: '1.25', credit_amount: '250' })]);
      const csv = transactionsCsv([...usd, ...jpy, ...kwd], { t, timeZone: 'Asia/Tokyo' });
      const [header, ...lines] = parse(csv);
      expect(header).to.deep.equal(['Date', 'Type', 'Description', 'Amount', 'Currency', 'Credits', 'Expiry date', 'Priority', 'Status']);
      expect(lines).to.have.length(5);
      expect(lines[0]).to.deep.equal(['2026-01-10T21:00:00+09:00', 'Invoice Payment', 'Transaction 1', '-2.00', 'USD', '-20', '', '', 'Completed']);
      expect(lines[2]).to.deep.equal([
        '2026-01-10T19:00:00+09:00',
        'Free Credits Added',
        'Transaction 3',
        '10.00',
        'USD',
        '100',
        '2026-12-31',
        '1',
        'Completed',
      ]);
      expect(lines[3]![3]).to.equal('-200'); // JPY: no minor units
      expect(lines[4]![3]).to.equal('1.250'); // KWD: three
    });

    it('keeps amounts exact and quotes text with commas, quotes and formulas', () => {
      const rows = mapped([
        tx(3, { wallet: 'w', currency: 'usd', amount: '9007199254740993.015', credit_amount: '90071992547409930.15', description: 'Top-up, "bonus"' }),
        tx(1, { wallet: 'w', currency: 'usd', description: '=HYPERLINK("x")' }),
      ]);
      const csv = transactionsCsv(rows, { t, timeZone: 'UTC' });
      expect(csv).to.contain(',"Top-up, ""bonus""",9007199254740993.015,USD,90071992547409930.15,');
      expect(csv).to.contain(`,"'=HYPERLINK(""x"")",-2.00,`);
      expect(csv.startsWith('Date,')).to.equal(true);
      expect(csv.endsWith('\r\n')).to.equal(true);
    });

    it('fetches every page of 1,000 by its own counter, with progress', async () => {
      const api = await startServer([many()]);
      const progress: [number, number][] = [];
      const all = await fetchAllTransactions(newBackend(), 'wallet_many', {
        signal: new AbortController().signal,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(all).to.have.length(5000);
      expect(all[0]!.description).to.equal('Transaction 1');
      expect(all[4999]!.description).to.equal('Transaction 5000');
      const requests = api.transactionRequests();
      expect(requests.map((u) => [u.searchParams.get('limit'), u.searchParams.get('offset')])).to.deep.equal([
        ['1000', '0'],
        ['1000', '1000'],
        ['1000', '2000'],
        ['1000', '3000'],
        ['1000', '4000'],
      ]);
      expect(progress).to.deep.equal([
        [1000, 5000],
        [2000, 5000],
        [3000, 5000],
        [4000, 5000],
        [5000, 5000],
      ]);
    });

    it('names the file after the wallet and the date in the display zone', () => {
      expect(transactionsFileName('Main Wallet', NOW, 'UTC')).to.equal('main-wallet-transactions-2026-01-15.csv');
      expect(transactionsFileName('Main Wallet', new Date('2026-01-15T20:00:00Z'), 'Asia/Tokyo')).to.equal(
        'main-wallet-transactions-2026-01-16.csv',
      );
    });

    describe('the button', () => {
      let blobs: Blob[];
      let downloads: string[];
      const originalCreate = URL.createObjectURL;
      const originalClick = HTMLAnchorElement.prototype.click;
      beforeEach(() => {
        blobs = [];
        downloads = [];
        URL.createObjectURL = (blob: Blob | MediaSource) => {
          blobs.push(blob as Blob);
          return 'blob:test';
        };
        HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
          downloads.push(this.download);
        };
      });
      afterEach(() => {
        URL.createObjectURL = originalCreate;
        HTMLAnchorElement.prototype.click = originalClick;
      });

      it('exports the whole history as a CSV file, with progress', async () => {
        const api = await startServer([many()]);
        const { el } = await mountLoaded();
        const release = api.hold(/\/transactions$/);
        const button = root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!;
        expect(button.getAttribute('aria-label')).to.equal('Export CSV of all transactions of Main Wallet');
        button.click();
        await updates(el);
        expect(text(root(el).querySelector('.export-status'))).to.match(/Exporting 0 of 5,000…|Preparing export…/);
        expect(root(el).querySelector('[part~="export-cancel"]')).to.not.equal(null);
        await expect(el).to.be.accessible();
        release();
        await waitUntil(() => text(root(el).querySelector('.export-status')).includes('Exported 5,000 transactions.'), 'export done', {
          timeout: 8000,
        });
        expect(downloads).to.deep.equal(['main-wallet-transactions-2026-01-15.csv']);
        expect(blobs).to.have.length(1);
        expect(blobs[0]!.type).to.equal('text/csv;charset=utf-8');
        const csv = (await blobs[0]!.text()).replace(/^\ufeff/, '');
        const lines = parse(csv);
        expect(lines).to.have.length(5001);
        expect(lines[0]![0]).to.equal('Date');
        expect(lines[1]).to.deep.equal(['2026-01-10T12:00:00Z', 'Invoice Payment', 'Transaction 1', '-2.00', 'USD', '-20', '', '', 'Completed']);
      });

      it('can be cancelled', async () => {
        const api = await startServer([many()]);
        const { el } = await mountLoaded();
        await settle();
        const release = api.hold(/\/transactions$/);
        root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
        await updates(el);
        root(el).querySelector<HTMLButtonElement>('[part~="export-cancel"]')!.click();
        await waitUntil(() => text(root(el).querySelector('.export-status')).includes('Export cancelled.'));
        release();
        await settle();
        expect(downloads).to.have.length(0);
        expect(root(el).querySelector('[part~="export-button"]')).to.not.equal(null);
      });

      it('shows a failed export inline and reports it', async () => {
        const api = await startServer([many()]);
        const { el, events } = await mountLoaded();
        await settle();
        api.fail(/\/transactions(\?|$)/);
        root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
        await waitUntil(() => root(el).querySelector('.export-status.error'), 'export error');
        expect(text(root(el).querySelector('.export-status.error'))).to.contain('The export failed');
        expect(events.some((e) => e instanceof SectionErrorEvent)).to.equal(true);
        expect(downloads).to.have.length(0);
        await expect(el).to.be.accessible();
      });
    });
  });

  describe('against the reference portal server', () => {
    const startStub = restoredAfterEach(portalFetchStub);

    it('pages the customer with 5,000 transactions: "41–60 of 5,000", instant both ways, no refetch going back', async () => {
      const stub = await startStub({ customer: 'cus-many-transactions' });
      const { el } = await mountLoaded(serverEnv(stub));
      expect(pagerText(el)).to.match(/^1–20 of 5,000/);
      const newest = firstCell(el);
      await settle();
      await go(el, 'next');
      expect(root(el).querySelector('.history .state.loading')).to.equal(null);
      await settle();
      await go(el, 'next');
      expect(root(el).querySelector('.history .state.loading')).to.equal(null);
      expect(pagerText(el)).to.match(/^41–60 of 5,000/);
      expect(rows(el)).to.have.length(20);
      await settle();
      const seen = txCalls(stub).length;
      await go(el, 'previous');
      expect(pagerText(el)).to.match(/^21–40 of 5,000/);
      await go(el, 'first');
      expect(firstCell(el)).to.equal(newest);
      await settle();
      expect(txCalls(stub).length).to.equal(seen);
      // Every request of the table paged by our own counter (the runway reads the week's transactions in pages of 250).
      for (const url of txCalls(stub).filter((u) => u.searchParams.get('limit') !== String(FLOW_PAGE_SIZE))) expect(Number(url.searchParams.get('offset')) % 20).to.equal(0);
      await expect(el).to.be.accessible();
    });

    it('exports all 5,000 transactions of the big wallet as CSV (pages of 1,000)', async () => {
      const stub = await startStub({ customer: 'cus-many-transactions' });
      const blobs: Blob[] = [];
      const names: string[] = [];
      const originalCreate = URL.createObjectURL;
      const originalClick = HTMLAnchorElement.prototype.click;
      URL.createObjectURL = (blob: Blob | MediaSource) => (blobs.push(blob as Blob), 'blob:test');
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        names.push(this.download);
      };
      try {
        const { el } = await mountLoaded(serverEnv(stub, { timeZone: 'America/Chicago' }));
        root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
        await waitUntil(() => blobs.length === 1, 'csv blob', { timeout: 8000 });
        expect(names).to.deep.equal(['usage-credits-transactions-2026-01-15.csv']);
        const lines = (await blobs[0]!.text()).replace(/^\ufeff/, '').replace(/\r\n$/, '').split('\r\n');
        expect(lines).to.have.length(5001);
        expect(lines[0]).to.equal('Date,Type,Description,Amount,Currency,Credits,Expiry date,Priority,Status');
        for (const line of lines.slice(1, 200)) expect(line).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[56]:00,/);
        const big = txCalls(stub).filter((u) => u.searchParams.get('limit') === '1000');
        expect(big.map((u) => u.searchParams.get('offset'))).to.deep.equal(['0', '1000', '2000', '3000', '4000']);
      } finally {
        URL.createObjectURL = originalCreate;
        HTMLAnchorElement.prototype.click = originalClick;
      }
    });
  });

  describe('shown alone (sections="transactions")', () => {
    const alone = ['transactions'] as const;

    it('shows the history of the only wallet, with no picker', async () => {
      await startServer([typical()]);
      const { el, events } = await mountLoaded(makeEnv(), alone);
      expect(root(el).querySelector('.wallet-card')).to.equal(null);
      expect(root(el).querySelector('[role="radiogroup"]')).to.equal(null);
      expect(text(root(el).querySelector('caption'))).to.equal('Transactions of Main Wallet, newest first');
      expect(pagerText(el)).to.match(/^1–20 of 45/);
      expect(events.filter((e) => e instanceof SectionReadyEvent)).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('holds the wallet picker itself with several wallets, on the active wallet first', async () => {
      await startServer(multi());
      const { el } = await mountLoaded(makeEnv(), alone);
      const options = root(el).querySelectorAll<HTMLButtonElement>('[part~="wallet-option"]');
      expect(options).to.have.length(3);
      expect(options[0]!.getAttribute('aria-checked')).to.equal('true');
      expect(text(options[1])).to.contain('Tokyo Credits JPY · ¥1,500');
      await expect(el).to.be.accessible();
      options[1]!.click();
      await updates(el);
      await waitUntil(() => text(rows(el)[0]).includes('¥'), 'jpy rows');
      expect(text(root(el).querySelector('caption'))).to.equal('Transactions of Tokyo Credits, newest first');
      expect(root(el).querySelector('[part~="export-button"]')!.getAttribute('aria-label')).to.equal('Export CSV of all transactions of Tokyo Credits');
    });

    it('shows the loading state, then says "No wallets yet" for a customer without wallets', async () => {
      const api = await startServer([]);
      const release = api.hold(/\/wallets$/);
      const { el, events } = await mount(makeEnv(), alone);
      expect(text(root(el).querySelector('.history .state.loading'))).to.contain('Loading transactions…');
      await expect(el).to.be.accessible();
      release();
      await waitUntil(() => text(root(el).querySelector('.state.empty')).includes('No wallets yet'));
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('shows the wallets error with a retry, reports it once, and recovers', async () => {
      const api = await startServer([typical()]);
      api.fail(/\/wallets$/);
      const { el, events } = await mount(makeEnv(), alone);
      await waitUntil(() => root(el).querySelector('.state.error'), 'error state');
      expect(text(root(el).querySelector('.state.error'))).to.contain('We could not load your wallets');
      expect(events.filter((e) => e instanceof SectionErrorEvent).map((e) => (e as SectionErrorEvent).section)).to.deep.equal(['credits']);
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLButtonElement>('.state.error button')!.click();
      await loadedRows(el);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
    });

    it('shows its one-line note where the backend keeps no transaction history', async () => {
      const api = await startServer([typical()]);
      const backend = newBackend();
      const noHistory = Object.assign(Object.create(backend) as FlexpriceBackend, { capabilities: { ...backend.capabilities, transactions: false } });
      const { el } = await mount(makeEnv({ backend: noHistory }), ['credit-wallet', 'transactions']);
      await waitUntil(() => text(root(el).querySelector('.unavailable')).includes('keeps no transaction history'), 'note');
      expect(text(root(el).querySelector('.unavailable')!.closest('section'))).to.contain('Transaction history');
      expect(root(el).querySelector('cp-transactions-section')).to.equal(null);
      expect(api.transactionRequests()).to.have.length(0);
    });
  });
});
