import { expect } from '@open-wc/testing';
import { PAY_REQUIRES_ACTION, type ActionName } from '../../api/actions.js';
import { isAbortError } from '../../api/errors.js';
import { polarFetch, type PolarFetch } from '../../../test/helpers/polar-fetch.js';
import { rejection, signal } from '../../../test/helpers/api-error.js';
import { PolarClient, type PolarClientOptions } from './client.js';
import { PolarActions } from './actions.js';
import { PolarBackend } from './backend.js';

const NOW = new Date('2026-08-22T10:30:00Z');
const ALL: ReadonlySet<ActionName> = new Set(['pay-invoice', 'top-up', 'auto-top-up', 'payment-methods', 'billing-details', 'cancel-subscription', 'invoice-documents']);
const POLAR_ACTIONS = ['pay-invoice', 'payment-methods', 'billing-details', 'cancel-subscription', 'invoice-documents'];

function setup(options: { customer?: string; latencyMs?: number; client?: Partial<PolarClientOptions> } = {}) {
  const polar = polarFetch({ now: () => NOW, customer: options.customer ?? 'polar-typical', ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}) });
  const client = new PolarClient({ baseUrl: polar.apiBase, getToken: () => polar.token, fetch: polar.fetch, ...options.client });
  const actions = new PolarActions(client, { invoicePollDelaysMs: [0, 0, 0] });
  return { polar, client, actions };
}

const line = (polar: PolarFetch, i: number) => {
  const call = polar.calls[i]!;
  const url = new URL(call.url);
  return `${call.method} ${url.pathname}${url.search}`;
};
const writes = (polar: PolarFetch) => polar.calls.filter((c) => c.method !== 'GET');

/** A fetch answering every request with one fixed body (for the answers the reference data cannot reach). */
function fixed(status: number, body: unknown, calls: string[] = []): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    const text = body === undefined ? null : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: text ? { 'content-type': 'application/json' } : {} }));
  }) as typeof fetch;
}

async function orders(client: PolarClient): Promise<Array<Record<string, unknown>>> {
  return (await client.listOrders({ page: 1, limit: 100 }, signal())).items as unknown as Array<Record<string, unknown>>;
}

describe('PolarActions', () => {
  describe('gate', () => {
    it('a customer session gets every Polar action it supports, with no request', async () => {
      const { polar, actions } = setup();
      const found = await actions.available(ALL, signal());
      expect([...found].sort()).to.deep.equal([...POLAR_ACTIONS].sort());
      expect(polar.calls).to.have.length(0);
    });

    it('a member session without a billing role: the billing read answers 403, every action hidden', async () => {
      const { polar, actions } = setup({ customer: 'polar-member' });
      expect(polar.token).to.match(/^polar_mst_/);
      expect([...(await actions.available(ALL, signal()))]).to.deep.equal([]);
      expect(line(polar, 0)).to.equal('GET /v1/customer-portal/customers/me/payment-methods?page=1&limit=1');
    });

    it('a member session with the billing_manager role: the billing read succeeds, the actions show', async () => {
      const { polar, actions } = setup({ customer: 'polar-member' });
      polar.api.patchCustomer('polar-member', (c) => {
        if (c.member) c.member.role = 'billing_manager';
      });
      expect([...(await actions.available(new Set<ActionName>(['billing-details', 'top-up']), signal()))]).to.deep.equal(['billing-details']);
    });

    it('a member without the role who writes anyway: 403 NotPermitted, in words the customer reads', async () => {
      const { actions } = setup({ customer: 'polar-member' });
      const error = await rejection(actions.updateBillingDetails({ name: 'Rocket Labs AG' }, signal()));
      expect([error.status, error.code, error.message]).to.deep.equal([403, 'NotPermitted', 'Only owners and billing managers can change billing here.']);
    });

    it('the adapter loads its writes as a chunk of their own', async () => {
      const { client } = setup();
      const loaded = await new PolarBackend(client).loadActions();
      expect(loaded).to.be.instanceOf(PolarActions);
    });
  });

  describe('billing details', () => {
    it('reads the fields (e-mail shown, not editable) and PATCHes only the changed ones', async () => {
      const { polar, actions } = setup();
      const details = await actions.billingDetails(signal());
      expect(details.values).to.deep.equal({
        name: 'Analytical Engines Ltd',
        email: 'ada@analytical.example',
        taxId: 'GB123456789',
        addressLine1: "12 St James's Square",
        addressLine2: null,
        postalCode: 'SW1Y 4JH',
        city: 'London',
        state: null,
        country: 'GB',
      });
      expect(details.editable).not.to.include('email');
      const updated = await actions.updateBillingDetails({ name: 'Engines Ltd' }, signal());
      expect(updated.values.name).to.equal('Engines Ltd');
      const call = writes(polar)[0]!;
      expect(call.method).to.equal('PATCH');
      expect(new URL(call.url).pathname).to.equal('/v1/customer-portal/customers/me');
      expect(JSON.parse(call.body!)).to.deep.equal({ billing_name: 'Engines Ltd' });
      expect(call.headers['content-type']).to.equal('application/json');
    });

    it('an address change sends the whole billing_address, the changed fields over the stored ones', async () => {
      const { polar, actions } = setup();
      const updated = await actions.updateBillingDetails({ city: 'Cambridge', postalCode: 'CB2 1TN' }, signal());
      expect(JSON.parse(writes(polar)[0]!.body!)).to.deep.equal({
        billing_address: { line1: "12 St James's Square", line2: null, postal_code: 'CB2 1TN', city: 'Cambridge', state: null, country: 'GB' },
      });
      expect(updated.values.city).to.equal('Cambridge');
      expect(updated.values.taxId).to.equal('GB123456789');
    });

    it("Polar's 422 list becomes per-field messages (tax id, country, name cannot be cleared)", async () => {
      const { actions } = setup();
      const tax = await rejection(actions.updateBillingDetails({ taxId: 'GB12' }, signal()));
      expect([tax.status, tax.code]).to.deep.equal([422, 'PolarRequestValidationError']);
      expect(tax.fields).to.deep.equal({ taxId: 'Invalid tax ID.' });
      expect(tax.message).to.equal('Invalid tax ID.');
      const country = await rejection(actions.updateBillingDetails({ country: 'Atlantis' }, signal()));
      expect(country.fields).to.deep.equal({ country: 'Input should be a valid ISO 3166-1 alpha-2 country code' });
      const name = await rejection(actions.updateBillingDetails({ name: '' }, signal()));
      expect(name.fields).to.deep.equal({ name: 'Billing name cannot be cleared.' });
    });
  });

  describe('payment methods', () => {
    it('lists the saved cards with the default marked', async () => {
      const { polar, actions } = setup();
      const list = await actions.paymentMethods(signal());
      expect(list.map((m) => `${m.brand} ${m.last4} ${m.expMonth}/${m.expYear}${m.isDefault ? ' default' : ''}`)).to.deep.equal([
        'visa 4242 8/2029 default',
        'mastercard 4444 8/2028',
        'visa 0002 8/2030',
        'visa 3155 8/2030',
      ]);
      expect(polar.calls.map((_, i) => line(polar, i)).sort()).to.deep.equal([
        'GET /v1/customer-portal/customers/me',
        'GET /v1/customer-portal/customers/me/payment-methods?page=1&limit=100',
      ]);
    });

    it('removes a card (DELETE, 204) and sets another as default (PATCH default_payment_method_id)', async () => {
      const { polar, actions } = setup();
      const [, second, third] = await actions.paymentMethods(signal());
      await actions.removePaymentMethod(second!.id, signal());
      await actions.setDefaultPaymentMethod(third!.id, signal());
      const sent = writes(polar);
      expect(sent.map((c) => `${c.method} ${new URL(c.url).pathname}`)).to.deep.equal([
        `DELETE /v1/customer-portal/customers/me/payment-methods/${second!.id}`,
        'PATCH /v1/customer-portal/customers/me',
      ]);
      expect(sent[0]!.body).to.equal(null);
      expect(JSON.parse(sent[1]!.body!)).to.deep.equal({ default_payment_method_id: third!.id });
      const after = await actions.paymentMethods(signal());
      expect(after.map((m) => [m.last4, m.isDefault])).to.deep.equal([
        ['4242', false],
        ['0002', true],
        ['3155', false],
      ]);
    });

    it('the card that still bills a subscription: 400 with Polar code and reason', async () => {
      const { actions } = setup();
      const [first] = await actions.paymentMethods(signal());
      const error = await rejection(actions.removePaymentMethod(first!.id, signal()));
      expect([error.status, error.code]).to.deep.equal([400, 'PaymentMethodInUseByActiveSubscription']);
      expect(error.message).to.match(/still needed to bill a subscription/);
    });
  });

  describe('cancel at period end', () => {
    it('cancels, answers the end date; cancelling again is 403; resuming clears it', async () => {
      const { polar, client, actions } = setup();
      const [sub] = (await client.listSubscriptions({ page: 1, limit: 100, active: true }, signal())).items as unknown as Array<Record<string, string>>;
      const cancelled = await actions.setCancelAtPeriodEnd(sub!['id']!, true, signal());
      expect(cancelled.cancelAtPeriodEnd).to.equal(true);
      expect(cancelled.endsAt?.toISOString()).to.equal(new Date(sub!['current_period_end']!).toISOString());
      expect(cancelled.currentPeriodEnd?.toISOString()).to.equal(new Date(sub!['current_period_end']!).toISOString());
      const call = writes(polar)[0]!;
      expect(`${call.method} ${new URL(call.url).pathname}`).to.equal(`PATCH /v1/customer-portal/subscriptions/${sub!['id']}`);
      expect(JSON.parse(call.body!)).to.deep.equal({ cancel_at_period_end: true });
      const again = await rejection(actions.setCancelAtPeriodEnd(sub!['id']!, true, signal()));
      expect([again.status, again.code]).to.deep.equal([403, 'AlreadyCanceledSubscription']);
      const resumed = await actions.setCancelAtPeriodEnd(sub!['id']!, false, signal());
      expect([resumed.cancelAtPeriodEnd, resumed.endsAt]).to.deep.equal([false, null]);
    });

    it('resuming without a card: 409 PaymentMethodRequired', async () => {
      const calls: string[] = [];
      const client = new PolarClient({
        baseUrl: 'https://polar-api.test',
        getToken: () => 'polar_cst_abcdefgh12345678',
        fetch: fixed(409, { error: 'PaymentMethodRequired', detail: 'Add a payment method before uncancelling this subscription.' }, calls),
      });
      const error = await rejection(new PolarActions(client).setCancelAtPeriodEnd('sub', false, signal()));
      expect([error.status, error.code, error.message]).to.deep.equal([409, 'PaymentMethodRequired', 'Add a payment method before uncancelling this subscription.']);
      expect(calls).to.deep.equal(['PATCH /v1/customer-portal/subscriptions/sub']);
    });
  });

  describe('pay invoice (retry a failed order payment)', () => {
    async function pendingOrder(client: PolarClient): Promise<string> {
      return (await orders(client)).find((o) => o['status'] === 'pending')!['id'] as string;
    }

    it('confirms the payment with the saved default card: succeeded', async () => {
      const { polar, client, actions } = setup();
      const id = await pendingOrder(client);
      const result = await actions.payInvoice({ invoiceId: id, idempotencyKey: 'k1', returnUrl: 'https://shop.example/billing' }, signal());
      expect(result).to.deep.equal({ paymentId: id, status: 'succeeded', amount: null, currency: null, url: null });
      const call = writes(polar)[0]!;
      expect(`${call.method} ${new URL(call.url).pathname}`).to.equal(`POST /v1/customer-portal/orders/${id}/confirm-payment`);
      const customer = (await client.getCustomer(signal())) as unknown as Record<string, string>;
      expect(JSON.parse(call.body!)).to.deep.equal({ payment_method_id: customer['default_payment_method_id'], payment_processor: 'stripe' });
    });

    it('3-D Secure: requires_action (the hosted portal finishes it); a second try while it is open is 409', async () => {
      const { actions, client } = setup();
      const cards = await actions.paymentMethods(signal());
      await actions.setDefaultPaymentMethod(cards.find((c) => c.last4 === '3155')!.id, signal());
      const id = await pendingOrder(client);
      const request = { invoiceId: id, idempotencyKey: 'k', returnUrl: 'https://shop.example/' };
      const result = await actions.payInvoice(request, signal());
      expect([result.status, result.url]).to.deep.equal([PAY_REQUIRES_ACTION, null]);
      const again = await rejection(actions.payInvoice(request, signal()));
      expect([again.status, again.code]).to.deep.equal([409, 'PaymentAlreadyInProgress']);
    });

    it('a decline rejects 402 payment_failed with the reason; after 5 tries the JSON 429 is the retry cap, not rate limiting', async () => {
      const { actions, client, polar } = setup();
      const cards = await actions.paymentMethods(signal());
      await actions.setDefaultPaymentMethod(cards.find((c) => c.last4 === '0002')!.id, signal());
      const request = { invoiceId: await pendingOrder(client), idempotencyKey: 'k', returnUrl: 'https://shop.example/' };
      for (let i = 0; i < 5; i += 1) {
        const declined = await rejection(actions.payInvoice(request, signal()));
        expect([declined.status, declined.code, declined.message]).to.deep.equal([402, 'payment_failed', 'Your card was declined.']);
      }
      const capped = await rejection(actions.payInvoice(request, signal()));
      expect([capped.status, capped.code]).to.deep.equal([429, 'ManualRetryLimitExceeded']);
      expect(capped.message).to.match(/maximum number of payment retries/);
      // Each call one POST, none re-sent.
      expect(writes(polar).filter((c) => c.url.endsWith('/confirm-payment'))).to.have.length(6);
    });

    it('an empty 429 is rate limiting (too_many_requests), and the write is not retried', async () => {
      const { polar, client, actions } = setup();
      const id = await pendingOrder(client);
      polar.api.setFaults({ status: 429, statusCount: 5, writesOnly: true });
      const error = await rejection(actions.payInvoice({ invoiceId: id, idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      expect([error.status, error.code]).to.deep.equal([429, 'too_many_requests']);
      expect(error.message).to.match(/too many requests/i);
      expect(writes(polar)).to.have.length(1);
    });

    it('an order that is not pending: 422 OrderNotEligibleForRetry', async () => {
      const { client, actions } = setup();
      const paid = (await orders(client)).find((o) => o['status'] === 'paid')!['id'] as string;
      const error = await rejection(actions.payInvoice({ invoiceId: paid, idempotencyKey: 'k', returnUrl: 'https://shop.example/' }, signal()));
      expect([error.status, error.code]).to.deep.equal([422, 'OrderNotEligibleForRetry']);
      expect(error.fields).to.equal(undefined);
    });
  });

  describe('invoice documents', () => {
    it('POSTs the generation (202), polls GET until it answers the URL', async () => {
      const { polar, client, actions } = setup();
      const order = (await orders(client)).find((o) => o['status'] === 'paid' && o['is_invoice_generated'] === false)!;
      const first = polar.calls.length;
      const url = await actions.invoiceDocument(order['id'] as string, signal());
      expect(url).to.match(/^https:\/\/polar-api\.test\//);
      const path = `/v1/customer-portal/orders/${order['id'] as string}/invoice`;
      expect(polar.calls.slice(first).map((_, i) => line(polar, first + i))).to.deep.equal([`POST ${path}`, `GET ${path}`, `GET ${path}`]);
    });

    it('gives up after its bounded polls with document_not_ready', async () => {
      const calls: string[] = [];
      let n = 0;
      const client = new PolarClient({
        baseUrl: 'https://polar-api.test',
        getToken: () => 'polar_cst_abcdefgh12345678',
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          n += 1;
          return fixed(n === 1 ? 202 : 404, n === 1 ? undefined : { error: 'InvoiceDoesNotExist', detail: 'No invoice exists.' }, calls)(input, init);
        }) as typeof fetch,
      });
      const error = await rejection(new PolarActions(client, { invoicePollDelaysMs: [0, 0] }).invoiceDocument('o1', signal()));
      expect(error.code).to.equal('document_not_ready');
      expect(calls).to.deep.equal(['POST /v1/customer-portal/orders/o1/invoice', ...Array<string>(3).fill('GET /v1/customer-portal/orders/o1/invoice')]);
    });

    it('missing billing details: 422 MissingInvoiceBillingDetails as Polar says it, no poll', async () => {
      const calls: string[] = [];
      const client = new PolarClient({
        baseUrl: 'https://polar-api.test',
        getToken: () => 'polar_cst_abcdefgh12345678',
        fetch: fixed(422, { error: 'MissingInvoiceBillingDetails', detail: 'Billing name and address are required to generate an invoice.' }, calls),
      });
      const error = await rejection(new PolarActions(client).invoiceDocument('o1', signal()));
      expect([error.status, error.code, error.message]).to.deep.equal([422, 'MissingInvoiceBillingDetails', 'Billing name and address are required to generate an invoice.']);
      expect(calls).to.have.length(1);
    });

    it('aborting while it polls rejects aborted and stops polling', async () => {
      const calls: string[] = [];
      const client = new PolarClient({
        baseUrl: 'https://polar-api.test',
        getToken: () => 'polar_cst_abcdefgh12345678',
        fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
          fixed(calls.length === 0 ? 202 : 404, calls.length === 0 ? undefined : { error: 'InvoiceDoesNotExist', detail: 'x' }, calls)(input, init)) as typeof fetch,
      });
      const controller = new AbortController();
      const pending = new PolarActions(client, { invoicePollDelaysMs: [60_000] }).invoiceDocument('o1', controller.signal);
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      const error = await rejection(pending);
      expect(isAbortError(error)).to.equal(true);
      expect(calls).to.have.length(2);
    });
  });

  describe('writes are sent once', () => {
    it('a connection dropped after the write: network error, not re-sent', async () => {
      const { polar, actions } = setup();
      polar.api.setFaults({ dropAfterWrite: true });
      const error = await rejection(actions.updateBillingDetails({ name: 'Once Ltd' }, signal()));
      expect(error.kind).to.equal('network');
      expect(polar.api.writes).to.have.length(1);
      expect(writes(polar)).to.have.length(1);
    });

    it('a 401 renews the token but does not replay the write', async () => {
      let renewals = 0;
      const { polar, actions } = setup({
        client: {
          onUnauthorized: () => {
            renewals += 1;
            return Promise.resolve('polar_cst_freshtoken12345678');
          },
        },
      });
      polar.api.setFaults({ expireAll: true });
      const error = await rejection(actions.setCancelAtPeriodEnd('00000000-0000-0000-0000-000000000000', true, signal()));
      expect(error.unauthorized).to.equal(true);
      expect(renewals).to.equal(1);
      expect(writes(polar)).to.have.length(1);
    });

    it('aborting an in-flight write rejects aborted', async () => {
      const { actions } = setup({ latencyMs: 200 });
      const controller = new AbortController();
      const pending = actions.updateBillingDetails({ name: 'Later Ltd' }, controller.signal);
      setTimeout(() => controller.abort(), 10);
      expect(isAbortError(await rejection(pending))).to.equal(true);
    });
  });
});
