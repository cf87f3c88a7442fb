/**
 * Test-only: the Credits sections' harness. Seeded wire data served by the
 * reference server (behind `window.fetch`), and a Credits panel
 * (`cp-section-panel` with the tab's layout, or any slots: `['transactions']`
 * alone) inside `test-portal-env`, read through its shadow roots.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { FlexpriceClient } from '../../src/backends/flexprice/client.js';
import { FlexpriceBackend } from '../../src/backends/flexprice/backend.js';
import { defaultPortalConfig } from '../../src/api/defaults.js';
import type { PortalEnv } from '../../src/context.js';
import { createTranslate } from '../../src/i18n/index.js';
import { defineOnce } from '../../src/ui/portal-element.js';
import type { Pager } from '../../src/ui/pager/pager.js';
import { SectionPanel } from '../../src/sections/section-panel.js';
import { LAYOUT, resolveSlot, SECTIONS, type Slot } from '../../src/sections/registry.js';
import { FLOW_PAGE_SIZE } from '../../src/usage/outlook-data.js';
import { portalFetchStub, type PortalFetchStub } from './portal-fetch.js';
import type { TestPortalEnv } from './test-env.js';
import './test-env.js'; // registers <test-portal-env>
import { deepActiveElement, deepQuery, deepQueryAll } from './deep.js';

// ------------------------------------------------------------ seeded wire data, served by the reference server

export type Raw = Record<string, unknown>;

export interface WalletSeed {
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

export const BASE = 'https://portal.test/v1';
export const MINUS = '\u2212';

export function tx(i: number, o: Partial<Raw> & { wallet: string; currency: string; rate?: string }): Raw {
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

export function transactions(wallet: string, count: number, currency = 'usd'): Raw[] {
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
export class SeededServer {
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

/** The token of the server started last (what the panel's backend sends). */
let sessionToken = '';

// ------------------------------------------------------------ a Credits panel under a test-only context provider

defineOnce('cp-section-panel', SectionPanel);

export const t = createTranslate();
export const NOW = new Date('2026-01-15T10:00:00Z');

export function newBackend(): FlexpriceBackend {
  return new FlexpriceBackend(new FlexpriceClient({ baseUrl: BASE, getToken: () => sessionToken, retry: false }), { now: () => NOW });
}

export function makeEnv(overrides: Partial<PortalEnv> = {}): PortalEnv {
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

/** An env on the reference portal server behind `s` (no retries: a failure shows at once). */
export function serverEnv(s: PortalFetchStub, overrides: Partial<PortalEnv> = {}): PortalEnv {
  return makeEnv({
    backend: new FlexpriceBackend(new FlexpriceClient({ baseUrl: s.apiBase, getToken: () => s.token, retry: false })),
    ...overrides,
  });
}

/** The transaction pages asked of the reference server. */
export const txCalls = (s: PortalFetchStub): URL[] => s.calls.filter((c) => /\/transactions\?/.test(c.url)).map((c) => new URL(c.url));

export interface Mounted {
  host: TestPortalEnv;
  /** The panel (the Credits tab's, or `slots`). */
  el: SectionPanel;
  /** The panel's events: ready (once its first data is on screen) and errors, as the root gets them. */
  events: Event[];
  setEnv(env: Partial<PortalEnv>): Promise<void>;
}

/** Mounts a panel of `slots` (default: the Credits tab's layout) and waits until its sections' code loaded. */
export async function mount(env: PortalEnv = makeEnv(), slots: readonly Slot[] = LAYOUT.credits): Promise<Mounted> {
  const events: Event[] = [];
  const host = await fixture<TestPortalEnv>(html`<test-portal-env
    .env=${env}
    @cp-section-ready=${(e: Event) => events.push(e)}
    @cp-section-error=${(e: Event) => events.push(e)}
  ><cp-section-panel .slots=${slots} .tab=${'credits'}></cp-section-panel></test-portal-env>`);
  const el = host.querySelector('cp-section-panel')!;
  // The sections the backend can supply (the others show their note).
  const tags = slots.flatMap((slot) => {
    const place = env.backend ? resolveSlot(slot, env.backend) : { section: typeof slot === 'string' ? slot : slot[0]! };
    return place && 'section' in place ? [SECTIONS[place.section].tag] : [];
  });
  await waitUntil(() => tags.every((tag) => customElements.get(tag) && deepQuery(el, tag)), 'sections did not load');
  await updates(el);
  let current = env;
  return {
    host,
    el,
    events,
    async setEnv(patch) {
      current = { ...current, ...patch };
      host.env = current;
      await host.updateComplete;
      await updates(el);
    },
  };
}

/** `mount`, then waits until the history's first rows are on screen. */
export async function mountLoaded(env?: PortalEnv, slots?: readonly Slot[]): Promise<Mounted> {
  const mounted = await mount(env, slots);
  await loadedRows(mounted.el);
  return mounted;
}

/** The panel's sections (their elements). */
export const sections = (el: Element) => deepQueryAll<HTMLElement & { updateComplete: Promise<boolean> }>(el, '[exportparts]').filter((s) => s.tagName.endsWith('-SECTION'));
/** Waits for the panel's and its sections' pending updates. */
export async function updates(el: SectionPanel): Promise<void> {
  await el.updateComplete;
  await Promise.all(sections(el).map((s) => s.updateComplete));
}

/** Queries through the panel's and its sections' shadow roots (what the tab's shadow root was). */
export const root = (el: Element) => ({
  querySelector: <E extends Element = Element>(selector: string) => deepQuery<E>(el, selector),
  querySelectorAll: <E extends Element = Element>(selector: string) => deepQueryAll<E>(el, selector),
  get activeElement() {
    return deepActiveElement();
  },
});
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const rows = (el: Element) => root(el).querySelectorAll('tbody tr');
export const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => text(td));
export const pager = (el: Element) => root(el).querySelector<Pager>('cp-pager');
export const pagerText = (el: Element) => text(pager(el)?.shadowRoot?.querySelector('[part~="range"]'));
export const pagerButton = (el: Element, to: string) => pager(el)!.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-to="${to}"]`)!;
export const firstCell = (el: Element) => text(rows(el)[0]?.querySelector('td'));
export const loadedRows = (el: Element) => waitUntil(() => rows(el).length > 0, 'rows did not render');
/**
 * Waits until every history on the page has finished its update and has no page request in
 * flight: the prefetches it starts when a page is shown are done (no fixed sleep). Reads the
 * section's private page cache: the one explicit signal of "prefetched".
 */
export const settle = async () => {
  const histories = deepQueryAll<HTMLElement & { updateComplete: Promise<boolean> }>(document.body, 'cp-transactions-section');
  await Promise.all(histories.map((h) => h.updateComplete));
  await waitUntil(
    () => histories.every((h) => (h as unknown as { cache: { inflight: Map<string, unknown> } }).cache.inflight.size === 0),
    'page requests still in flight',
  );
};

export async function go(el: SectionPanel, to: 'first' | 'previous' | 'next' | 'last'): Promise<void> {
  pagerButton(el, to).click();
  await updates(el);
}

// ------------------------------------------------------------ seeds

export const typical = (): WalletSeed => ({
  id: 'wallet_main',
  name: 'Main Wallet',
  currency: 'usd',
  credit_balance: '4200',
  balance: '420',
  conversion_rate: '0.1',
  real_time: { credits: '4342', balance: '434.2', updated: '2026-01-15T09:30:00Z' },
  transactions: transactions('wallet_main', 45),
});

export const many = (): WalletSeed => ({
  id: 'wallet_many',
  name: 'Main Wallet',
  currency: 'usd',
  credit_balance: '100000',
  balance: '10000',
  conversion_rate: '0.1',
  real_time: null,
  transactions: transactions('wallet_many', 5000),
});

export const multi = (): WalletSeed[] => [
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
