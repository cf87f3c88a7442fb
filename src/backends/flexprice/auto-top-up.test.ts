/**
 * Flexprice auto top-up, the write alone (contract §1.5 `PUT /wallets/{id}/auto-topup`) against the
 * reference server's handlers: gated by `auto_charge`, one PUT with decimal strings, the stored
 * configuration read back from the answer, a refusal rejected as an `ApiError`.
 */
import { expect } from '@open-wc/testing';
import { ApiError } from '../../api/errors.js';
import { portalFetchStub, type PortalFetchStub } from '../../../test/helpers/portal-fetch.js';
import { FlexpriceActions, mapAutoTopUp } from './actions.js';
import { FlexpriceBackend } from './backend.js';
import { FlexpriceClient } from './client.js';

describe('Flexprice actions: auto top-up', () => {
  let stub: PortalFetchStub | null = null;
  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  async function live(): Promise<{ actions: FlexpriceActions; walletId: string; s: PortalFetchStub }> {
    const s = (stub = await portalFetchStub({ customer: 'cus-typical' }));
    const token = s.token;
    const client = new FlexpriceClient({ baseUrl: s.apiBase, getToken: () => token, retry: false });
    const wallets = await new FlexpriceBackend(client).wallets(new AbortController().signal);
    return { actions: new FlexpriceActions(client), walletId: wallets[0]!.id, s };
  }

  const puts = (s: PortalFetchStub) => s.calls.filter((c) => c.method === 'PUT');

  it('is available with an auto_charge provider; one PUT; resolves the stored configuration', async () => {
    const { actions, walletId, s } = await live();
    const signal = new AbortController().signal;
    expect([...(await actions.available(new Set(['auto-top-up']), signal))]).to.deep.equal(['auto-top-up']);
    const stored = await actions.setAutoTopUp(walletId, { enabled: true, threshold: '20', amount: '100' }, signal);
    expect(stored).to.deep.equal({ enabled: true, threshold: '20', amount: '100' });
    expect(puts(s).map((c) => [c.url.replace(s.apiBase, ''), JSON.parse(c.body!) as unknown])).to.deep.equal([
      [`/customer/portal/wallets/${walletId}/auto-topup`, { enabled: true, threshold: '20', amount: '100' }],
    ]);
    expect(await actions.setAutoTopUp(walletId, { enabled: false, threshold: '20', amount: '100' }, signal)).to.deep.include({ enabled: false });
  });

  it('a refusal (no amount) rejects with the server’s 400, sent once', async () => {
    const { actions, walletId, s } = await live();
    const error = await actions.setAutoTopUp(walletId, { enabled: true, threshold: '20', amount: '0' }, new AbortController().signal).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(400);
    expect(puts(s)).to.have.length(1);
  });

  it('maps a missing or numeric auto_topup', () => {
    expect(mapAutoTopUp(undefined, 'a')).to.deep.equal({ enabled: false, threshold: '0', amount: '0' });
    expect(mapAutoTopUp({ enabled: true, threshold: 5, amount: '50.5' }, 'a')).to.deep.equal({ enabled: true, threshold: '5', amount: '50.5' });
  });
});
