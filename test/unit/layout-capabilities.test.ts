/**
 * The layout table, not element code, decides what each tab shows: a fake
 * backend with capability sets no adapter has (no usage history but a
 * transaction history, a billing history beside a usage series, nothing but
 * invoices) gets the sections its capabilities allow and the one-line notes
 * for the rest, in every tab, with no change to any element.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { fakeBackend, type FakeBackendData } from '../../src/api/testing/fake-backend.js';
import type { BackendCapabilities } from '../../src/api/backend.js';
import type { PortalTab } from '../../src/events.js';
import { SectionPanel } from '../../src/sections/section-panel.js';
import { LAYOUT } from '../../src/sections/registry.js';
import { defineOnce } from '../../src/ui/portal-element.js';
import { testEnv, type TestPortalEnv } from '../helpers/test-env.js';
import { deepQuery, deepText } from './hostile-support.js';

defineOnce('cp-section-panel', SectionPanel);

const WALLET = {
  id: 'w1',
  name: 'Prepaid',
  status: 'active',
  currency: 'USD',
  balance: '12.5',
  creditBalance: '125',
  conversionRate: '0.1',
  currencyOnly: false,
  realTime: false,
  balanceUpdatedAt: null,
} as unknown as NonNullable<FakeBackendData['wallets']>[number];

/** The section elements (by tag) and notes (by text) a tab's panel shows for `capabilities`. */
async function shown(tab: PortalTab, capabilities: Partial<BackendCapabilities>, extra: Partial<FakeBackendData> = {}): Promise<{ tags: string[]; notes: string[] }> {
  const backend = fakeBackend({ wallets: [WALLET], capabilities, ...extra });
  const host = await fixture<TestPortalEnv>(
    html`<test-portal-env .env=${testEnv(backend)}><cp-section-panel .slots=${LAYOUT[tab]} .tab=${tab}></cp-section-panel></test-portal-env>`,
  );
  const panel = host.querySelector('cp-section-panel')!;
  await waitUntil(() => !deepQuery(panel, '.pending'), `the ${tab} sections never loaded`, { timeout: 5000 });
  const grid = panel.shadowRoot!.querySelector('.grid')!;
  const tags = [...grid.children].map((el) => el.localName).filter((name) => name !== 'section');
  const notes = [...grid.querySelectorAll(':scope > section .unavailable')].map((p) => deepText(p).trim());
  host.remove();
  return { tags, notes };
}

const HISTORY = { currency: 'USD', months: [{ month: new Date('2026-01-01T00:00:00Z'), amount: '10', invoiceCount: 1 }], overdue: '0', overdueInvoiceCount: 0 };
const SERIES = { windows: ['DAY'], dayBuckets: { zone: 'customer' } } as const;

describe('layouts follow capabilities, with no element code per backend', () => {
  it('no usage history, no billing history: the trend is one line, the rest of the Overview shows', async () => {
    const { tags, notes } = await shown('overview', { usageSeries: null });
    expect(tags).to.deep.equal(['cp-wallet-section', 'cp-subscriptions-section', 'cp-forecast-section']);
    expect(notes).to.deep.equal(['This billing system keeps no usage history, so there is no trend to show.']);
  });

  it('no usage history but a billing history: the billing history takes the trend’s place', async () => {
    const { tags, notes } = await shown('overview', { usageSeries: null }, { billingHistory: HISTORY });
    expect(tags).to.deep.equal(['cp-wallet-section', 'cp-subscriptions-section', 'cp-forecast-section', 'cp-billing-history-section']);
    expect(notes).to.deep.equal([]);
  });

  it('a usage series and a billing history (no adapter has both): the trend wins, as the table orders them', async () => {
    const { tags } = await shown('overview', { usageSeries: SERIES }, { billingHistory: HISTORY });
    expect(tags).to.deep.equal(['cp-wallet-section', 'cp-subscriptions-section', 'cp-forecast-section', 'cp-usage-trend-section']);
  });

  it('Credits without a transaction history: the wallet card, and one line for the history', async () => {
    const { tags, notes } = await shown('credits', { transactions: false });
    expect(tags).to.deep.equal(['cp-credit-wallet-section']);
    expect(notes).to.deep.equal(['This billing system keeps no transaction history for wallets.']);
  });

  it('Credits with a transaction history: every section of its layout', async () => {
    const { tags, notes } = await shown('credits', { transactions: true });
    expect(tags).to.deep.equal(['cp-credit-wallet-section', 'cp-transactions-section']);
    expect(notes).to.deep.equal([]);
  });
});
