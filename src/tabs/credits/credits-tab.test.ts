/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { FlexpriceClient } from '../../backends/flexprice/client.js';
import { FlexpriceBackend, mapTransaction } from '../../backends/flexprice/backend.js';
import { defaultPortalConfig } from '../../api/defaults.js';
import type { PortalEnv } from '../../context.js';
import { SectionErrorEvent, SectionReadyEvent } from '../../events.js';
import { createTranslate } from '../../i18n/index.js';
import { defineOnce } from '../../ui/portal-element.js';
import type { Pager } from '../../ui/pager/pager.js';
import { portalFetchStub, type PortalFetchStub } from '../../../test/helpers/portal-fetch.js';
import type { TestPortalEnv } from '../../../test/helpers/test-env.js';
import '../../../test/helpers/test-env.js'; // registers <test-portal-env>
import { FLOW_PAGE_SIZE } from '../../usage/outlook-data.js';
import { CreditsTab } from './credits-tab.js';
import { fetchAllTransactions, transactionsCsv, transactionsFileName } from './transactions-csv.js';

// ------------------------------------------------------------ seeded wire data, served by the reference server

type Raw = Record<string, unknown>;

interface WalletSeed {
  id: string;
  name?: string;
  currency: string;
  credit_balance: string;
  balance: string;
  conversion_rate: string;
  wallet_status?: string;
  real_time?: { credits: string; balance: string; updated: string } | null;
  transactions: Raw[];
}

const BASE = 'https://portal.test/v1';
const MINUS = '\u2212';

function tx(i: number, o: Partial<Raw> & { wallet: string; currency: string; rate?: string }): Raw {
  const credit = i % 3 === 0;
  const credits = credit ? '100' : '20';
  const rate = o.rate ?? '0.1';
  const amount = credit ? (o.currency === 'jpy' ? '1000' : '10') : o.currency === 'jpy' ? '200' : '2';
  return {
    id: `${o.wallet}_tx_${i}`,
    wallet_id: o.wallet,
    customer_id: 'cust_1',
    type: credit ? 'credit' : 'debit',
    amount,
    credit_amount: credits,
    credit_balance_before: '0',
    credit_balance_after: '0',
    transaction_status: 'completed',
    reference_type: credit ? 'PAYMENT' : 'INVOICE',
    reference_id: `ref_${i}`,
    description: `Transaction ${i}`,
    metadata: {},
    expiry_date: credit ? new Date(Date.UTC(2026, 11, 31)).toISOString() : null,
    credits_available: credits,
    transaction_reason: credit ? 'FREE_CREDIT_GRANT' : 'INVOICE_PAYMENT',
    priority: credit ? 1 : null,
    conversion_rate: rate,
    topup_conversion_rate: rate,
    // Newest first: transaction 1 is the newest.
    created_at: new Date(Date.UTC(2026, 0, 10, 12) - (i - 1) * 3_600_000).toISOString(),
    updated_at: new Date(Date.UTC(2026, 0, 10, 12)).toISOString(),
    status: 'published',
    ...o,
  };
}

function transactions(wallet: string, count: number, currency = 'usd'): Raw[] {
  return Array.from({ length: count }, (_, k) => tx(k + 1, { wallet, currency }));
}

function listWallet(w: WalletSeed): Raw {
  return {
    id: w.id,
    customer_id: 'cust_1',
    currency: w.currency,
    balance: w.balance,
    credit_balance: w.credit_balance,
    wallet_status: w.wallet_status ?? 'active',
    ...(w.name ? { name: w.name } : {}),
    description: '',
    metadata: {},
    wallet_type: 'PRE_PAID',
    config: { allowed_price_types: ['ALL'] },
    conversion_rate: w.conversion_rate,
    topup_conversion_rate: w.conversion_rate,
    status: 'published',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    is_cached_fallback: false,
  };
}

/**
 * The reference server's handler behind `window.fetch` (portalFetchStub), with
 * cus-typical's wallets, real-time balances and histories replaced by `seeds`:
 * routing, paging quirks, auth, failures and holds are the server's own.
 */
class SeededServer {
  private constructor(readonly stub: PortalFetchStub) {}

  static async start(seeds: WalletSeed[]): Promise<SeededServer> {
    const stub = await portalFetchStub({ customer: 'cus-typical', apiBase: BASE });
    stub.api.patchCustomer('cus-typical', (c) => {
      c.wallets.splice(0, c.wallets.length, ...seeds.map(listWallet));
      c.walletRealtime.clear();
      c.transactions.clear();
      for (const w of seeds) {
        const rt = w.real_time;
        if (rt) c.walletRealtime.set(w.id, { real_time_balance: rt.balance, real_time_credit_balance: rt.credits, balance_updated_at: rt.updated });
        c.transactions.set(w.id, w.transactions);
      }
    });
    sessionToken = stub.token;
    return new SeededServer(stub);
  }

  restore(): void {
    this.stub.api.reset();
    this.stub.restore();
  }

  /** The next `times` requests whose path (and query) matches answer `status` (the server's error envelope). */
  fail(pattern: RegExp, times = 1, status = 500): void {
    this.stub.api.setFaults({ status, statusCount: times, paths: [pattern] });
  }

  /** Requests whose path matches wait at the server until released. */
  hold(pattern: RegExp): () => void {
    const gate = this.stub.api.hold(pattern);
    return () => gate.release();
  }

  transactionRequests(walletId?: string): URL[] {
    return this.stub.calls
      .map((c) => new URL(c.url))
      // The table's requests: the runway's read of the week's transactions (pages of FLOW_PAGE_SIZE, after first paint) is not paging.
      .filter((u) => /\/transactions$/.test(u.pathname) && u.searchParams.get('limit') !== String(FLOW_PAGE_SIZE) && (!walletId || u.pathname.includes(`/${walletId}/`)));
  }
}

/** The token of the server started last (what the tab's backend sends). */
let sessionToken = '';

// ------------------------------------------------------------ a test-only context provider

defineOnce('cp-credits-tab', CreditsTab);

const t = createTranslate();
const NOW = new Date('2026-01-15T10:00:00Z');

function newBackend(): FlexpriceBackend {
  return new FlexpriceBackend(new FlexpriceClient({ baseUrl: BASE, getToken: () => sessionToken, retry: false }), { now: () => NOW });
}

function makeEnv(overrides: Partial<PortalEnv> = {}): PortalEnv {
  return {
    backend: newBackend(),
    locale: 'en-US',
    timeZone: 'UTC',
    timeZoneSettled: true,
    customer: null,
    config: defaultPortalConfig(),
    t,
    now: () => NOW,
    ...overrides,
  };
}

interface Mounted {
  host: TestPortalEnv;
  el: CreditsTab;
  events: Event[];
  setEnv(env: Partial<PortalEnv>): Promise<void>;
}

async function mount(env: PortalEnv = makeEnv()): Promise<Mounted> {
  const events: Event[] = [];
  const host = await fixture<TestPortalEnv>(html`<test-portal-env
    .env=${env}
    @cp-section-ready=${(e: Event) => events.push(e)}
    @cp-section-error=${(e: Event) => events.push(e)}
  ></test-portal-env>`);
  const el = document.createElement('cp-credits-tab') as CreditsTab;
  host.append(el);
  await el.updateComplete;
  let current = env;
  return {
    host,
    el,
    events,
    async setEnv(patch) {
      current = { ...current, ...patch };
      host.env = current;
      await host.updateComplete;
      await el.updateComplete;
    },
  };
}

const root = (el: CreditsTab) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: CreditsTab) => [...root(el).querySelectorAll('tbody tr')];
const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => text(td));
const pager = (el: CreditsTab) => root(el).querySelector<Pager>('cp-pager');
const pagerText = (el: CreditsTab) => text(pager(el)?.shadowRoot?.querySelector('[part~="range"]'));
const pagerButton = (el: CreditsTab, to: string) => pager(el)!.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-to="${to}"]`)!;
const firstCell = (el: CreditsTab) => text(rows(el)[0]?.querySelector('td'));
const loadedRows = (el: CreditsTab) => waitUntil(() => rows(el).length > 0, 'rows did not render');
/**
 * Waits until every Credits tab on the page has finished its update and has no page request in
 * flight: the prefetches it starts when a page is shown are done (no fixed sleep). Reads the
 * tab's private in-flight map: the one explicit signal of "prefetched".
 */
const settle = async () => {
  const tabs = [...document.querySelectorAll<CreditsTab>('cp-credits-tab')];
  await Promise.all(tabs.map((t) => t.updateComplete));
  await waitUntil(() => tabs.every((t) => (t as unknown as { inflight: Map<string, unknown> }).inflight.size === 0), 'page requests still in flight');
};

async function go(el: CreditsTab, to: 'first' | 'previous' | 'next' | 'last'): Promise<void> {
  pagerButton(el, to).click();
  await el.updateComplete;
}

// ------------------------------------------------------------ seeds

const typical = (): WalletSeed => ({
  id: 'wallet_main',
  name: 'Main Wallet',
  currency: 'usd',
  credit_balance: '4200',
  balance: '420',
  conversion_rate: '0.1',
  real_time: { credits: '4342', balance: '434.2', updated: '2026-01-15T09:30:00Z' },
  transactions: transactions('wallet_main', 45),
});

const many = (): WalletSeed => ({
  id: 'wallet_many',
  name: 'Main Wallet',
  currency: 'usd',
  credit_balance: '100000',
  balance: '10000',
  conversion_rate: '0.1',
  real_time: null,
  transactions: transactions('wallet_many', 5000),
});

const multi = (): WalletSeed[] => [
  { ...typical(), transactions: transactions('wallet_main', 45) },
  {
    id: 'wallet_jpy',
    name: 'Tokyo Credits',
    currency: 'jpy',
    credit_balance: '150',
    balance: '1500',
    conversion_rate: '10',
    real_time: { credits: '150', balance: '1500', updated: '2026-01-15T09:00:00Z' },
    transactions: Array.from({ length: 3 }, (_, k) => tx(k + 1, { wallet: 'wallet_jpy', currency: 'jpy', rate: '10' })),
  },
  {
    id: 'wallet_kwd',
    name: 'Kuwait Wallet',
    currency: 'kwd',
    credit_balance: '250',
    balance: '1.25',
    conversion_rate: '0.005',
    real_time: null,
    transactions: [
      tx(1, { wallet: 'wallet_kwd', currency: 'kwd', rate: '0.005', type: 'credit', amount: '1.25', credit_amount: '250' }),
    ],
  },
];

// ------------------------------------------------------------ tests

describe('<cp-credits-tab>', () => {
  let api: SeededServer | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  describe('loading', () => {
    it('shows an accessible loading state for the wallet, then for the history', async () => {
      api = await SeededServer.start([typical()]);
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
      api = await SeededServer.start([typical()]);
      const { el, events } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([seed]);
      const release = api.hold(/\/wallets\/wallet_main$/);
      const { el } = await mount();
      await waitUntil(() => root(el).querySelector('.wallet-card'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('4,200 credits');
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('Refreshing balance…');
      release();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('4,342 credits'));

      api.restore();
      api = await SeededServer.start([{ ...typical(), real_time: null }]);
      const second = await mount();
      await waitUntil(() => text(root(second.el).querySelector('.wallet-card')).includes('Last stored balance'));
      expect(text(root(second.el).querySelector('.wallet-card'))).to.contain('4,200 credits');
    });

    it('keeps the card when the live balance fails, with an inline retry', async () => {
      api = await SeededServer.start([typical()]);
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

  describe('transaction rows', () => {
    it('shows type in words, dates, expiry, priority and signed amounts in currency and credits', async () => {
      api = await SeededServer.start([typical()]);
      const { el } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([typical()]);
      const { el } = await mount(makeEnv({ timeZone: 'Asia/Tokyo' }));
      await loadedRows(el);
      expect(cells(rows(el)[0]!)[1]).to.equal('Jan 10, 2026 9:00 PM');
      expect(text(root(el).querySelector('.zone-note'))).to.equal('Times in Asia/Tokyo');
    });

    it('renders API strings as text, never HTML', async () => {
      const seed = typical();
      seed.transactions = [tx(1, { wallet: seed.id, currency: 'usd', description: '<img src=x onerror=alert(1)>' })];
      api = await SeededServer.start([seed]);
      const { el } = await mount();
      await loadedRows(el);
      expect(root(el).querySelector('tbody img')).to.equal(null);
      expect(text(rows(el)[0]!.querySelector('.description'))).to.equal('<img src=x onerror=alert(1)>');
    });

    it('stacks rows as cards when narrow', async () => {
      api = await SeededServer.start([typical()]);
      const { el, host } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([many()]);
      const { el } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([many()]);
      const { el } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([many()]);
      const { el } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([many()]);
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

  describe('several wallets', () => {
    it('offers each wallet in its own currency (never summed), and switches with click and keyboard', async () => {
      api = await SeededServer.start(multi());
      const { el } = await mount();
      await loadedRows(el);
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
      await el.updateComplete;
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
      await el.updateComplete;
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('Kuwait Wallet'));
      expect(root(el).activeElement?.getAttribute('data-id')).to.equal('wallet_kwd');
      await waitUntil(() => rows(el).length === 1 && text(rows(el)[0]).includes('KWD'));
      expect(cells(rows(el)[0]!)[4]).to.equal('+KWD 1.250 / +250 credits');
      const kwdCard = text(root(el).querySelector('.wallet-card'));
      expect(kwdCard).to.contain('KWD 1.250 value');
      expect(kwdCard).to.contain('1 credit = KWD 0.005');
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(root(el).activeElement?.getAttribute('data-id')).to.equal('wallet_main');
    });

    it('keeps each wallet on its own page when switching', async () => {
      api = await SeededServer.start(multi());
      const { el } = await mount();
      await loadedRows(el);
      await go(el, 'next');
      await waitUntil(() => firstCell(el).endsWith('Transaction 21'));
      const option = (id: string) => root(el).querySelector<HTMLButtonElement>(`[data-id="${id}"]`)!;
      option('wallet_jpy').click();
      await el.updateComplete;
      await waitUntil(() => text(rows(el)[0]).includes('¥'));
      expect(pagerText(el)).to.match(/^1–3 of 3/);
      const before = api.transactionRequests('wallet_main').length;
      option('wallet_main').click();
      await el.updateComplete;
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
      api = await SeededServer.start([seed]);
      const { el } = await mount();
      await loadedRows(el);
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('90,071,992,547,409,931 credits'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('$9,007,199,254,740,993.10 value');
      expect(cells(rows(el)[0]!)[4]).to.equal('+$9,007,199,254,740,993.01 / +90,071,992,547,409,930.1 credits');
      expect(cells(rows(el)[1]!)[4]).to.equal(`${MINUS}$0.30 / ${MINUS}3 credits`);
    });

    it('shows a conversion rate below a cent without rounding it away', async () => {
      api = await SeededServer.start([{ ...typical(), conversion_rate: '0.0025', real_time: null }]);
      const { el } = await mount();
      await waitUntil(() => text(root(el).querySelector('.wallet-card')).includes('Last stored'));
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('1 credit = $0.0025');
    });
  });

  describe('empty', () => {
    it('says so for a customer with no wallets (accessible, ready)', async () => {
      api = await SeededServer.start([]);
      const { el, events } = await mount();
      await waitUntil(() => text(root(el).querySelector('.state.empty')).includes('No wallets yet'));
      expect(root(el).querySelector('table')).to.equal(null);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
      expect(api.transactionRequests()).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('says "No transactions yet" for a wallet without history, with no pager and no export', async () => {
      api = await SeededServer.start([{ ...typical(), transactions: [] }]);
      const { el, events } = await mount();
      await waitUntil(() => text(root(el).querySelector('.history .state.empty')).includes('No transactions yet'));
      expect(pager(el)).to.equal(null);
      expect(root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.disabled).to.equal(true);
      expect(events.some((e) => e instanceof SectionReadyEvent)).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('errors', () => {
    it('shows the wallets error with a retry, reports it, and recovers', async () => {
      api = await SeededServer.start([typical()]);
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

    it('shows a history error beside a working wallet card, and retries', async () => {
      api = await SeededServer.start([typical()]);
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
      api = await SeededServer.start([many()]);
      const { el, events } = await mount();
      await loadedRows(el);
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
      api = await SeededServer.start([many()]);
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
        api = await SeededServer.start([many()]);
        const { el } = await mount();
        await loadedRows(el);
        const release = api.hold(/\/transactions$/);
        const button = root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!;
        expect(button.getAttribute('aria-label')).to.equal('Export CSV of all transactions of Main Wallet');
        button.click();
        await el.updateComplete;
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
        api = await SeededServer.start([many()]);
        const { el } = await mount();
        await loadedRows(el);
        await settle();
        const release = api.hold(/\/transactions$/);
        root(el).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
        await el.updateComplete;
        root(el).querySelector<HTMLButtonElement>('[part~="export-cancel"]')!.click();
        await waitUntil(() => text(root(el).querySelector('.export-status')).includes('Export cancelled.'));
        release();
        await settle();
        expect(downloads).to.have.length(0);
        expect(root(el).querySelector('[part~="export-button"]')).to.not.equal(null);
      });

      it('shows a failed export inline and reports it', async () => {
        api = await SeededServer.start([many()]);
        const { el, events } = await mount();
        await loadedRows(el);
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
    let stub: PortalFetchStub | undefined;
    afterEach(() => {
      stub?.restore();
      stub = undefined;
    });
    const serverEnv = (s: PortalFetchStub, overrides: Partial<PortalEnv> = {}) =>
      makeEnv({
        backend: new FlexpriceBackend(new FlexpriceClient({ baseUrl: s.apiBase, getToken: () => s.token, retry: false })),
        ...overrides,
      });
    const txCalls = (s: PortalFetchStub) => s.calls.filter((c) => /\/transactions\?/.test(c.url)).map((c) => new URL(c.url));

    it('pages the customer with 5,000 transactions: "41–60 of 5,000", instant both ways, no refetch going back', async () => {
      stub = await portalFetchStub({ customer: 'cus-many-transactions' });
      const { el } = await mount(serverEnv(stub));
      await loadedRows(el);
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

    it('shows each wallet of the multi-wallet customer in its own currency (JPY no decimals, KWD three)', async () => {
      stub = await portalFetchStub({ customer: 'cus-multi-wallet' });
      const { el } = await mount(serverEnv(stub));
      await loadedRows(el);
      const options = () => [...root(el).querySelectorAll<HTMLButtonElement>('[role="radio"]')];
      expect(options()).to.have.length(3);
      const byCurrency = (code: string) => options().find((o) => text(o).includes(` ${code} · `))!;
      expect(text(byCurrency('USD'))).to.match(/\$[\d,]+\.\d{2}$/);
      expect(text(byCurrency('JPY'))).to.match(/¥[\d,]+$/);
      expect(text(byCurrency('KWD'))).to.match(/KWD [\d,]+\.\d{3}$/);

      byCurrency('JPY').click();
      await el.updateComplete;
      await waitUntil(() => text(rows(el)[0]).includes('¥'), 'jpy history');
      for (const row of rows(el)) expect(cells(row)[4]).to.match(/^[+\u2212]¥[\d,]+ \/ [+\u2212][\d,.]+ credits?$/);
      await waitUntil(() => /Updated/.test(text(root(el).querySelector('.wallet-card'))), 'real-time jpy');
      expect(text(root(el).querySelector('.wallet-card'))).to.match(/¥[\d,]+ value/);

      byCurrency('KWD').click();
      await el.updateComplete;
      await waitUntil(() => text(rows(el)[0]).includes('KWD'), 'kwd history');
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('Frozen');
      for (const row of rows(el)) expect(cells(row)[4]).to.match(/^[+\u2212]KWD [\d,]+\.\d{3} \/ /);
      expect(text(root(el).querySelector('.wallet-card'))).to.contain('1 credit = KWD 0.005');
      await expect(el).to.be.accessible();
    });

    it('runway: from the usage cost, after first paint; none once a top-up in the last 7 days outgrows the use', async () => {
      stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
      const runway = (el: CreditsTab) => root(el).querySelector('[part~="runway"]');
      const first = await mount(serverEnv(stub));
      await waitUntil(() => /days? of credits at the last 7 days/.test(text(runway(first.el))), 'runway shown', { timeout: 8000 });
      // The wallet's week of transactions was read for it (small pages, not the export's 1,000).
      const flow = () => txCalls(stub!).filter((u) => u.searchParams.get('limit') === String(FLOW_PAGE_SIZE));
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
      const task = (second.el as unknown as { outlookTask: { taskComplete: Promise<unknown> } }).outlookTask;
      await task.taskComplete;
      await second.el.updateComplete;
      expect(runway(second.el)).to.equal(null);
      expect(text(root(second.el).querySelector('.wallet-card'))).to.match(/credits/);
      await expect(second.el).to.be.accessible();
    });

    it('exports all 5,000 transactions of the big wallet as CSV (pages of 1,000)', async () => {
      stub = await portalFetchStub({ customer: 'cus-many-transactions' });
      const blobs: Blob[] = [];
      const names: string[] = [];
      const originalCreate = URL.createObjectURL;
      const originalClick = HTMLAnchorElement.prototype.click;
      URL.createObjectURL = (blob: Blob | MediaSource) => (blobs.push(blob as Blob), 'blob:test');
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        names.push(this.download);
      };
      try {
        const { el } = await mount(serverEnv(stub, { timeZone: 'America/Chicago' }));
        await loadedRows(el);
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

    it('says "No wallets yet" for the empty customer', async () => {
      stub = await portalFetchStub({ customer: 'cus-empty' });
      const { el } = await mount(serverEnv(stub));
      await waitUntil(() => text(root(el).querySelector('.state.empty')).includes('No wallets yet'));
      await expect(el).to.be.accessible();
    });

    it('recovers from a server error with Try again', async () => {
      stub = await portalFetchStub({ customer: 'cus-typical' });
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
