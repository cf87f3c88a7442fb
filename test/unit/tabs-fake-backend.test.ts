/**
 * Every tab on the in-memory backend fake (src/api/testing/fake-backend.ts)
 * as well as over HTTP (the reference server's handler behind `window.fetch`,
 * restored after each test): the fake is filled with the view-model objects
 * the Flexprice adapter read from the server, so both runs show the server's
 * seed data, and what the user sees must be the same. A tab that reads
 * anything but the `PortalBackend` interface (a backend's name, its wire
 * format, a global) shows up as a difference.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { PortalBackend } from '../../src/api/backend.js';
import { fakeBackend, type FakeBackendData } from '../../src/api/testing/fake-backend.js';
import { OverviewTab } from '../../src/tabs/overview/overview-tab.js';
import { CreditsTab } from '../../src/tabs/credits/credits-tab.js';
import { InvoicesTab } from '../../src/tabs/invoices/invoices-tab.js';
import { UsageTab } from '../../src/tabs/usage/usage-tab.js';
import { UsageLimitsSection } from '../../src/sections/usage-limits/usage-limits-section.js';
import { defineOnce } from '../../src/ui/portal-element.js';
import { flexpriceBackend, testEnv, type TestPortalEnv } from '../helpers/test-env.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepQuery, deepText } from './hostile-support.js';

defineOnce('cp-overview-tab', OverviewTab);
defineOnce('cp-credits-tab', CreditsTab);
defineOnce('cp-invoices-tab', InvoicesTab);
defineOnce('cp-usage-tab', UsageTab);
defineOnce('cp-usage-limits-section', UsageLimitsSection);

// One instant for every server the suite starts: seeded times are relative to the server's now, so two
// servers built a minute apart would differ by that minute (a flake seen under load).
const NOW = new Date();
const signal = () => new AbortController().signal;

/** The server's data, read once through the real adapter: what the fake serves. */
async function readServer(backend: PortalBackend): Promise<FakeBackendData> {
  const wallets = await backend.wallets(signal());
  const transactions: Record<string, Awaited<ReturnType<PortalBackend['walletTransactions']>>['items']> = {};
  for (const w of wallets) transactions[w.id] = (await backend.walletTransactions(w.id, { offset: 0, limit: 1000 }, signal())).items;
  const invoices = (await backend.invoices({ offset: 0, limit: 100 }, signal())).items;
  return {
    customer: await backend.customer(signal()),
    config: await backend.config(signal()),
    wallets: await Promise.all(wallets.map((w) => backend.wallet(w.id, signal()))),
    transactions,
    subscriptions: (await backend.subscriptions({ offset: 0, limit: 100 }, signal())).items,
    invoices,
    usageSummary: await backend.usageSummary(signal()),
  };
}

/**
 * Mounts `tag` under a test context with `backend`; resolves once no loading state is left in `part`
 * and `after` (a selector of what comes after first paint, e.g. the forecast) is on screen.
 */
async function render(tag: string, backend: PortalBackend, part: string, after?: string): Promise<string> {
  const env = testEnv(backend, { now: () => NOW });
  const host = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}></test-portal-env>`);
  const tab = document.createElement(tag);
  host.append(tab);
  await waitUntil(
    () => {
      const target = deepQuery(tab, part);
      if (after && !deepQuery(tab, after)) return false;
      return target !== null && !deepQuery(target, '[part~="state-loading"]') && !deepQuery(target, '[aria-busy="true"]');
    },
    `${tag} ${part} never settled`,
    { timeout: 5000 },
  );
  // The runway lines are left out: they read the usage history of the last days, which the fake (one
  // usage series for every query) does not hold; the runway's own tests compute them from seeded data.
  const text = deepText(deepQuery(tab, part)!, '.runway');
  host.remove();
  return text.replace(/\s+/g, ' ').trim();
}

describe('tabs on the in-memory backend fake and over HTTP show the same', () => {
  let stub: PortalFetchStub;
  let data: FakeBackendData;
  let http: PortalBackend;
  before(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    http = flexpriceBackend(stub.apiBase, stub.token);
    data = await readServer(http);
    stub.restore();
  });
  beforeEach(async () => {
    stub = await portalFetchStub({ customer: 'cus-typical', now: () => NOW });
    http = flexpriceBackend(stub.apiBase, stub.token);
  });
  afterEach(() => stub.restore());

  // The wallet's runway and the forecast come from the outlook, loaded after first paint: the forecast
  // card's arrival says it is in (the wallet card is not busy meanwhile).
  const cases: [string, string, string, string?][] = [
    ['Overview wallet', 'cp-overview-tab', '[part~="wallet-card"]', '[part~="forecast-card"]'],
    ['Overview subscriptions', 'cp-overview-tab', '[part~="subscriptions-card"]', '[part~="forecast-card"]'],
    ['Credits', 'cp-credits-tab', '[part~="history"]'],
    ['Invoices', 'cp-invoices-tab', 'table'],
    ['Usage against limits', 'cp-usage-limits-section', '[part~="quota-card"]'],
  ];
  for (const [name, tag, part, after] of cases) {
    it(`${name}`, async () => {
      const overHttp = await render(tag, http, part, after);
      const fake = fakeBackend(data);
      const inMemory = await render(tag, fake, part, after);
      expect(overHttp).to.not.equal('');
      expect(inMemory).to.equal(overHttp);
      expect(fake.calls.length).to.be.greaterThan(0);
    });
  }

  it('the fake honours capabilities: Credits without transactions asks for none and says so', async () => {
    const fake = fakeBackend({ ...data, capabilities: { transactions: false } });
    const text = await render('cp-credits-tab', fake, '[part~="history"]');
    expect(text).to.contain('no transaction history');
    expect(fake.callsOf('walletTransactions')).to.deep.equal([]);
  });

  it('values come from the server: the seeded invoices and wallet as the server serves them', async () => {
    // Expected values are the server's own totals, not the product's formatters.
    const wire = stub.api.customer('cus-typical')!;
    const served = await readServer(http);
    expect(served.invoices!.length).to.equal(Math.min(100, wire.invoices.length));
    for (const invoice of served.invoices!) {
      const raw = wire.invoices.find((w) => w.id === invoice.id);
      expect(raw, invoice.id).to.exist;
      expect(invoice.total).to.equal(String(raw!.total));
    }
  });
});
