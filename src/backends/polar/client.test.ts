import { expect } from '@open-wc/testing';
import { PolarClient, type PolarClientOptions } from './client.js';
import { parsePolarError } from './errors.js';
import { isAbortError } from '../../api/errors.js';
import { FakeClock, flushMicrotasks } from '../../session/testing/fake-clock.js';
import { polarFetch, type PolarFetch } from '../../../test/helpers/polar-fetch.js';
import { rejection, signal } from '../../../test/helpers/api-error.js';

const NOW = new Date('2026-08-22T10:30:00Z');

function clientFor(polar: PolarFetch, options: Partial<PolarClientOptions> = {}): PolarClient {
  return new PolarClient({ baseUrl: polar.apiBase, getToken: () => polar.token, fetch: polar.fetch, ...options });
}

describe('PolarClient', () => {
  describe('requests', () => {
    it('sends the token only as Authorization: Bearer, with Accept and nothing else; exact trailing-slash paths', async () => {
      const polar = polarFetch({ now: () => NOW });
      const client = clientFor(polar);
      await client.getCustomer(signal());
      await client.listOrders({ page: 2, limit: 100 }, signal());
      await client.listSubscriptions({ page: 1, limit: 100, active: true }, signal());
      await client.listWallets({ page: 1, limit: 100 }, signal());
      await client.listMeters({ page: 1, limit: 100 }, signal());
      await client.introspect(signal());
      expect(polar.calls.map((c) => `${c.method} ${new URL(c.url).pathname}${new URL(c.url).search}`)).to.deep.equal([
        'GET /v1/customer-portal/customers/me',
        'GET /v1/customer-portal/orders/?page=2&limit=100',
        'GET /v1/customer-portal/subscriptions/?page=1&limit=100&active=true',
        'GET /v1/customer-portal/wallets/?page=1&limit=100',
        'GET /v1/customer-portal/meters/?page=1&limit=100',
        'GET /v1/customer-portal/customer-session/introspect',
      ]);
      for (const call of polar.calls) {
        expect(Object.keys(call.headers).sort()).to.deep.equal(['accept', 'authorization']);
        expect(call.headers.authorization).to.equal(`Bearer ${polar.token}`);
        expect(call.url).not.to.include(polar.token);
        expect(call.body).to.equal(null);
      }
    });

    it('a trailing slash on the base URL is fine; ids are path-encoded', async () => {
      const polar = polarFetch({ now: () => NOW });
      const client = new PolarClient({ baseUrl: `${polar.apiBase}/`, getToken: () => polar.token, fetch: polar.fetch, retry: false });
      const error = await rejection(client.getOrder('a/b?c', signal()));
      expect(polar.calls[0]?.url).to.equal(`${polar.apiBase}/v1/customer-portal/orders/a%2Fb%3Fc`);
      expect(error.status).to.equal(422);
      expect(error.code).to.equal('RequestValidationError');
      expect(error.message).to.match(/^path\.id: Input should be a valid UUID/);
    });

    it('a null token fails as 401 before any request', async () => {
      const polar = polarFetch({ now: () => NOW });
      const error = await rejection(clientFor(polar, { getToken: () => null }).getCustomer(signal()));
      expect(error.unauthorized).to.equal(true);
      expect(polar.calls).to.have.length(0);
    });
  });

  describe('errors', () => {
    it('401 invalid_token (unknown or expired token) is unauthorized with Polar code and description', async () => {
      const polar = polarFetch({ now: () => NOW, expired: true });
      const error = await rejection(clientFor(polar).getCustomer(signal()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(401);
      expect(error.unauthorized).to.equal(true);
      expect(error.code).to.equal('invalid_token');
      expect(error.message).to.equal('The access token provided is expired, revoked, malformed, or invalid for other reasons.');
    });

    it('401 replays once with the token onUnauthorized hands back', async () => {
      const polar = polarFetch({ now: () => NOW });
      const fresh = polar.api.mintSession('polar-typical').token;
      let current = 'polar_cst_revokedrevokedrevokedrevokedrevokedXXXX';
      const refused: string[] = [];
      const client = clientFor(polar, {
        getToken: () => current,
        onUnauthorized: async (failed) => {
          refused.push(failed);
          current = fresh;
          return fresh;
        },
      });
      const me = await client.getCustomer(signal());
      expect((me as { name: string }).name).to.equal('Ada Lovelace');
      expect(refused).to.deep.equal(['polar_cst_revokedrevokedrevokedrevokedrevokedXXXX']);
      expect(polar.calls.map((c) => c.headers.authorization)).to.deep.equal([`Bearer polar_cst_revokedrevokedrevokedrevokedrevokedXXXX`, `Bearer ${fresh}`]);
    });

    it('403 NotPermitted for a member session keeps Polar\'s code and detail', async () => {
      const polar = polarFetch({ now: () => NOW, customer: 'polar-member' });
      expect(polar.token.startsWith('polar_mst_')).to.equal(true);
      const error = await rejection(clientFor(polar).listOrders({ page: 1, limit: 100 }, signal()));
      expect(error.status).to.equal(403);
      expect(error.code).to.equal('NotPermitted');
      expect(error.message).to.equal('Only owners and billing managers can access billing features.');
      expect(error.unauthorized).to.equal(false);
    });

    it('404 and 422 bodies become contained ApiErrors with details', async () => {
      const polar = polarFetch({ now: () => NOW });
      const client = clientFor(polar, { retry: false });
      const missing = await rejection(client.getOrder('00000000-0000-4000-8000-000000000000', signal()));
      expect([missing.status, missing.code, missing.message]).to.deep.equal([404, 'ResourceNotFound', 'Not found']);
      const invalid = await rejection(client.listOrders({ page: 0, limit: 10 }, signal()));
      expect(invalid.status).to.equal(422);
      expect(invalid.message).to.equal('query.page: Input should be greater than 0');
      expect(invalid.details?.errors).to.be.an('array');
    });

    it('parsePolarError reads both envelopes, 422 lists, empty and non-JSON bodies', () => {
      expect(parsePolarError(401, '', '{"error":"Unauthorized","detail":"Unauthorized"}')).to.deep.include({ code: 'Unauthorized', message: 'Unauthorized' });
      expect(parsePolarError(404, 'Not Found', '{"detail":"Not Found"}')).to.deep.include({ code: 'not_found', message: 'Not Found' });
      expect(parsePolarError(429, 'Too Many Requests', '')).to.deep.include({ code: 'too_many_requests', message: '429 Too Many Requests' });
      expect(parsePolarError(500, '', 'Internal Server Error')).to.deep.include({ code: 'internal_error', message: 'Internal Server Error' });
      expect(parsePolarError(422, '', '{"error":"PolarRequestValidationError","detail":[{"loc":["query","sorting"],"msg":"Invalid sorting criterion.","type":"enum"}]}')).to.deep.include({
        code: 'PolarRequestValidationError',
        message: 'query.sorting: Invalid sorting criterion.',
      });
      expect(parsePolarError(422, '', '{"error":"x","detail":[null,"<b>"]}').message).to.equal('HTTP 422');
    });
  });

  describe('429 with an empty body and an unreadable Retry-After', () => {
    it('the browser cannot read Retry-After; the client backs off with jitter and retries', async () => {
      const polar = polarFetch({ now: () => NOW });
      polar.api.setFaults({ status: 429, statusCount: 2, retryAfter: 60 });
      const clock = new FakeClock();
      const client = clientFor(polar, { timers: clock.timers, random: () => 0.5 });
      let settled = false;
      const pending = client.getCustomer(signal()).finally(() => (settled = true));
      await flushMicrotasks();
      expect(polar.calls).to.have.length(1);
      // Not the 60 s Polar asked for (unreadable), but the backoff: 0.5 × 500 ms, then 0.5 × 1000 ms.
      expect(clock.pendingDelays()).to.include(250);
      await clock.tick(250);
      expect(polar.calls).to.have.length(2);
      expect(clock.pendingDelays()).to.include(500);
      expect(settled).to.equal(false);
      await clock.tick(500);
      const me = await pending;
      expect((me as { id: string }).id).to.be.a('string');
      expect(polar.calls).to.have.length(3);
    });

    it('gives up after the retries with a too_many_requests ApiError', async () => {
      const polar = polarFetch({ now: () => NOW });
      polar.api.setFaults({ status: 429 });
      const client = clientFor(polar, { retry: { retries: 1, baseDelayMs: 0 } });
      const error = await rejection(client.listWallets({ page: 1, limit: 100 }, signal()));
      expect([error.status, error.code]).to.deep.equal([429, 'too_many_requests']);
      expect(polar.calls).to.have.length(2);
    });
  });

  describe('transport', () => {
    it('an unhandled 500 (no CORS headers) and offline are network errors', async () => {
      const polar = polarFetch({ now: () => NOW });
      polar.api.setFaults({ status: 500 });
      const crash = await rejection(clientFor(polar, { retry: false }).getCustomer(signal()));
      expect([crash.kind, crash.status]).to.deep.equal(['network', 0]);
      polar.api.setFaults({ offline: true });
      const offline = await rejection(clientFor(polar, { retry: false }).getCustomer(signal()));
      expect(offline.kind).to.equal('network');
    });

    it('a truncated answer is a parse error; the caller\'s abort rejects as aborted', async () => {
      const polar = polarFetch({ now: () => NOW });
      polar.api.setFaults({ truncate: true });
      const cut = await rejection(clientFor(polar).getCustomer(signal()));
      expect(cut.kind).to.equal('parse');
      polar.api.setFaults({});
      const controller = new AbortController();
      const pending = clientFor(polar).getCustomer(controller.signal);
      controller.abort();
      const aborted = await rejection(pending);
      expect(isAbortError(aborted)).to.equal(true);
    });

    it('a receipt still rendering (202, empty body) resolves null, then its URL', async () => {
      const polar = polarFetch({ now: () => NOW });
      const client = clientFor(polar);
      const order = polar.api.customer('polar-typical')?.orders[4] as { id: string; status: string };
      expect(await client.getOrderReceipt(order.id, signal())).to.equal(null);
      const ready = await client.getOrderReceipt(order.id, signal());
      expect(ready?.url).to.match(/^https:\/\/polar-api\.test\/__files\/receipts\//);
    });

    it('the client has no mutating route at all', () => {
      const names = Object.getOwnPropertyNames(PolarClient.prototype).filter((n) => n !== 'constructor');
      expect(names.every((n) => /^(get|list|introspect)/.test(n))).to.equal(true);
    });
  });
});
