import { expect } from '@open-wc/testing';
import type { ActionName } from '../../api/actions.js';
import { isAbortError } from '../../api/errors.js';
import { lagoFetchStub, type LagoFetchStub, type LagoSeededCustomer } from '../../../test/helpers/lago-fetch.js';
import { rejection, signal } from '../../../test/helpers/api-error.js';
import { LagoClient } from './client.js';
import { LagoActions } from './actions.js';
import { LagoBackend } from './backend.js';
import { centsToDecimal } from './mapping.js';

const ALL: ReadonlySet<ActionName> = new Set(['pay-invoice', 'top-up', 'auto-top-up', 'payment-methods', 'billing-details', 'cancel-subscription', 'invoice-documents']);

describe('LagoActions', () => {
  let stub: LagoFetchStub;
  let client: LagoClient;
  let actions: LagoActions;
  let seeded: LagoSeededCustomer;

  async function setup(options: { onUnauthorized?: (failed: string) => Promise<string | null> } = {}): Promise<void> {
    stub = await lagoFetchStub({ actions: ['top-up', 'billing-details', 'invoice-documents'] });
    stub.api.setSettleDelay(0);
    client = new LagoClient({ baseUrl: stub.apiBase, getToken: () => stub.token, ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}) });
    actions = new LagoActions(client, centsToDecimal);
    seeded = stub.api.customer('lago-typical')!;
  }

  beforeEach(() => setup());
  afterEach(() => stub.restore());

  /** The GraphQL request bodies the browser sent that carry a mutation. */
  const mutations = () =>
    stub.calls.map((c) => JSON.parse(c.body ?? '{}') as { query: string; variables: { input?: Record<string, unknown> }; operationName: string }).filter((b) => b.query.startsWith('mutation'));
  const wallet = () => seeded.wallets[0] as { id: string; currency: string };

  it('supports top-up, billing-details and invoice-documents, with no gate call', async () => {
    expect([...(await actions.available(ALL, signal()))].sort()).to.deep.equal(['billing-details', 'invoice-documents', 'top-up']);
    expect(stub.calls).to.have.length(0);
    expect(await new LagoBackend(client).loadActions()).to.be.instanceOf(LagoActions);
  });

  describe('top-up', () => {
    it("reads the range from the wallet's paidTopUpMin/MaxAmountCents (money in its currency)", async () => {
      expect(await actions.topUpRange(wallet().id, signal())).to.deep.equal({ minAmount: '10', maxAmount: '500' });
      stub.api.patchCustomer('lago-typical', (c) => {
        Object.assign(c.wallets[0]!, { paidTopUpMinAmountCents: null, paidTopUpMaxAmountCents: '1999' });
      });
      expect(await actions.topUpRange(wallet().id, signal())).to.deep.equal({ minAmount: null, maxAmount: '19.99' });
    });

    it('sends createCustomerPortalWalletTransaction {walletId, paidCredits} once; no checkout, pending', async () => {
      const result = await actions.topUp({ walletId: wallet().id, credits: '25.5', idempotencyKey: 'k1', returnUrl: 'https://shop.example/billing' }, signal());
      expect(result).to.deep.equal({ checkout: null, invoiceId: null });
      const [sent] = mutations();
      expect(sent!.operationName).to.equal('LagoPortalTopUp');
      expect(sent!.variables).to.deep.equal({ input: { walletId: wallet().id, paidCredits: '25.5' } });
      expect(stub.api.writes.map((w) => [w.fields, w.applied])).to.deep.equal([[['createCustomerPortalWalletTransaction'], true]]);
      expect(stub.calls[0]!.headers['customer-portal-token']).to.equal(stub.token);
    });

    it("Lago's HTTP-200 errors become per-field messages: below minimum, above maximum, invalid amount", async () => {
      const top = (credits: string) => rejection(actions.topUp({ walletId: wallet().id, credits, idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      const below = await top('5');
      expect([below.status, below.code]).to.deep.equal([422, 'unprocessable_entity']);
      expect(below.details).to.deep.equal({ paidCredits: ['amount_below_minimum'] });
      expect(below.fields).to.deep.equal({ credits: 'The amount is below the minimum top-up.' });
      expect((await top('501')).fields).to.deep.equal({ credits: 'The amount is above the maximum top-up.' });
      expect((await top('-3')).fields).to.deep.equal({ credits: 'Enter a positive number of credits.' });
    });

    it('a terminated wallet: a readable message, no field', async () => {
      stub.api.patchCustomer('lago-typical', (c) => {
        c.wallets[0]!['status'] = 'terminated';
      });
      const error = await rejection(actions.topUp({ walletId: wallet().id, credits: '20', idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      expect([error.code, error.message, error.fields]).to.deep.equal(['unprocessable_entity', 'This wallet is terminated: it cannot be topped up.', undefined]);
    });

    it('a connection dropped after the top-up was applied: network error, never re-sent (Lago has no idempotency)', async () => {
      stub.api.setFaults({ dropAfterWrite: true, writesOnly: true });
      const error = await rejection(actions.topUp({ walletId: wallet().id, credits: '20', idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      expect(error.status).to.be.oneOf([0, 502]);
      expect(stub.calls).to.have.length(1);
      expect(stub.api.writes).to.have.length(1);
    });

    it('an expired token: 401, renewed once, the top-up not replayed', async () => {
      stub.restore();
      let renewals = 0;
      await setup({
        onUnauthorized: () => {
          renewals += 1;
          return stub.mint();
        },
      });
      stub.api.setFaults({ expireAll: true });
      const error = await rejection(actions.topUp({ walletId: wallet().id, credits: '20', idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      expect(error.unauthorized).to.equal(true);
      expect(renewals).to.equal(1);
      expect(stub.calls).to.have.length(1);
    });
  });

  describe('billing details', () => {
    it('reads every field (e-mail editable) and writes only the changed keys', async () => {
      const details = await actions.billingDetails(signal());
      expect(details.values).to.include({ addressLine1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US', taxId: null, state: null });
      expect(details.editable).to.include('email');
      const updated = await actions.updateBillingDetails({ name: 'Acme Corp', postalCode: '54321', country: 'fr', taxId: 'FR123', state: '' }, signal());
      expect(updated.values).to.include({ name: 'Acme Corp', postalCode: '54321', country: 'FR', taxId: 'FR123', state: null });
      const [sent] = mutations();
      expect(sent!.operationName).to.equal('LagoPortalUpdateCustomer');
      expect(sent!.variables.input).to.deep.equal({ name: 'Acme Corp', zipcode: '54321', country: 'FR', taxIdentificationNumber: 'FR123', state: null });
    });

    it('a bad e-mail: the server refuses it (HTTP 200 errors), shown on the field', async () => {
      const error = await rejection(actions.updateBillingDetails({ email: 'not-an-email' }, signal()));
      expect([error.status, error.code]).to.deep.equal([422, 'unprocessable_entity']);
      expect(error.fields).to.deep.equal({ email: 'Enter a valid e-mail address.' });
    });

    it('a country that is not a two-letter code is refused on its field before sending', async () => {
      const error = await rejection(actions.updateBillingDetails({ country: 'Atlantis' }, signal()));
      expect(error.fields).to.have.property('country');
      expect(stub.calls).to.have.length(0);
    });

    it("a country Lago's CountryCode refuses (a request-level error) is pinned on the field too", async () => {
      const error = await rejection(actions.updateBillingDetails({ country: 'X1' }, signal()));
      expect(error.fields).to.have.property('country');
      expect(stub.calls).to.have.length(0);
      // The server's own request-level answer, as it comes back through the client.
      const raw = await rejection(
        client.request({ method: 'POST', path: '', body: { query: mutationOf('LagoPortalUpdateCustomer'), variables: { input: { country: 'ZZZ' } } }, idempotent: false }, signal()),
      );
      const { refine } = await import('./actions.js');
      expect((refine(raw) as { fields?: Record<string, string> }).fields).to.have.property('country');
    });

    it('aborting the write rejects aborted', async () => {
      stub.api.setFaults({ latencyMs: 200 });
      const controller = new AbortController();
      const pending = actions.updateBillingDetails({ city: 'Shelbyville' }, controller.signal);
      setTimeout(() => controller.abort(), 10);
      expect(isAbortError(await rejection(pending))).to.equal(true);
    });
  });

  describe('invoice documents', () => {
    it('downloadCustomerPortalInvoice answers the file URL', async () => {
      const invoice = seeded.invoices.find((i) => i['status'] === 'finalized')!;
      const url = await actions.invoiceDocument(invoice.id, signal());
      expect(url).to.equal(invoice.fileUrl);
      expect(mutations()[0]!.variables).to.deep.equal({ input: { id: invoice.id } });
      expect(stub.api.generatedPdfs.has(invoice.id)).to.equal(true);
    });

    it('an unknown invoice: 404 not_found; a draft: 405 is_draft', async () => {
      const missing = await rejection(actions.invoiceDocument('00000000-0000-0000-0000-000000000000', signal()));
      expect([missing.status, missing.code]).to.deep.equal([404, 'not_found']);
      stub.api.patchCustomer('lago-typical', (c) => {
        c.invoices[0]!['status'] = 'draft';
      });
      const draft = await rejection(actions.invoiceDocument(seeded.invoices[0]!.id, signal()));
      expect([draft.status, draft.code]).to.deep.equal([405, 'is_draft']);
    });
  });
});

/** The update mutation's document as the adapter sends it. */
function mutationOf(name: string): string {
  return `mutation ${name}($input: UpdateCustomerPortalCustomerInput!) { updateCustomerPortalCustomer(input: $input) { id } }`;
}
