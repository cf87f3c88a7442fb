import { expect } from '@open-wc/testing';
import { FlexpriceClient, parseErrorBody, parseRetryAfter, type FlexpriceClientOptions } from './client.js';
import { isAbortError } from '../../api/errors.js';
import { PortalSession } from '../../session/session.js';
import { FakeClock, flushMicrotasks } from '../../session/testing/fake-clock.js';
import { mintTokenIn } from '../../session/testing/tokens.js';
import { readFlexpriceToken } from './token.js';
import { rejection, signal } from '../../../test/helpers/api-error.js';

const BASE = 'https://api.example.test/v1';
const TOKEN = 'header.payload.signature';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

type Responder = (call: Call, index: number) => Response | Promise<Response>;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function stubFetch(responder: Responder): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const call: Call = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: init?.body === undefined || init.body === null ? '' : await request.text(),
      signal: init?.signal ?? request.signal,
    };
    calls.push(call);
    return responder(call, calls.length - 1);
  };
  return { fetch: fetchStub as typeof fetch, calls };
}

/** A fetch that never answers but honours its signal, like the real one. */
function hangingFetch(): { fetch: typeof fetch; calls: Call[] } {
  return stubFetch(
    (call) =>
      new Promise<Response>((_, reject) => {
        call.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
      }),
  );
}

function client(fetchImpl: typeof fetch, options: Partial<FlexpriceClientOptions> = {}): FlexpriceClient {
  return new FlexpriceClient({ baseUrl: BASE, getToken: () => TOKEN, fetch: fetchImpl, ...options });
}

describe('FlexpriceClient', () => {
  describe('requests', () => {
    it('sends X-Session-Token on every endpoint, never in the URL, with the contract paths and bodies', async () => {
      const { fetch, calls } = stubFetch((call) => json(call.url.endsWith('/wallets') ? [] : { items: [], pagination: { total: 0, limit: 10, offset: 0 } }));
      const c = client(fetch, { baseUrl: `${BASE}/` });
      const s = signal();
      await c.getInfo(s);
      await c.getUsage({ feature_ids: ['feat_a', 'feat b'] }, s);
      await c.listSubscriptions({ page: 2, limit: 10 }, s);
      await c.getSubscription('subs/1', s);
      await c.listInvoices({ page: 1, limit: 20 }, s);
      await c.getInvoice('inv_1', s);
      await c.getInvoicePdf('inv 1', s);
      await c.listWallets(s);
      await c.getWallet('wallet_1', s);
      await c.listWalletTransactions('wallet_1', { limit: 10, offset: 30 }, s);
      await c.getConfig(s);
      await c.getUsageAnalytics({ window_size: 'DAY', start_time: '2026-08-16T00:00:00.000Z', expand: ['price'] }, s);

      expect(calls.map((x) => `${x.method} ${x.url.slice(BASE.length)}`)).to.deep.equal([
        'GET /customer/portal/info',
        'GET /customer/portal/usage?feature_ids=feat_a&feature_ids=feat+b',
        'POST /customer/portal/subscriptions',
        'GET /customer/portal/subscriptions/subs%2F1',
        'POST /customer/portal/invoices',
        'GET /customer/portal/invoices/inv_1',
        'GET /customer/portal/invoices/inv%201/pdf',
        'POST /customer/portal/wallets',
        'GET /customer/portal/wallets/wallet_1',
        'GET /customer/portal/wallets/wallet_1/transactions?limit=10&offset=30',
        'GET /customer/portal/config',
        'POST /customer/portal/analytics/revenue',
      ]);
      for (const call of calls) {
        expect(call.headers.get('X-Session-Token'), call.url).to.equal(TOKEN);
        expect(call.headers.get('Authorization')).to.equal(null);
        expect(call.url).not.to.contain(TOKEN);
        expect(call.url).not.to.contain('payload');
        if (call.method === 'POST') {
          expect(call.headers.get('Content-Type')).to.equal('application/json');
          expect(call.body).not.to.equal('');
        }
      }
      const posts = calls.filter((x) => x.method === 'POST').map((x) => JSON.parse(x.body) as unknown);
      expect(posts).to.deep.equal([
        { page: 2, limit: 10 },
        { page: 1, limit: 20 },
        {},
        { window_size: 'DAY', start_time: '2026-08-16T00:00:00.000Z', expand: ['price'] },
      ]);
      expect(calls.some((x) => x.url.includes('analytics/cost'))).to.equal(false);
    });

    it('uses window.fetch when none is injected (so tests can stub the network edge)', async () => {
      const original = window.fetch;
      const { fetch, calls } = stubFetch(() => json({ id: 'cust_1' }));
      window.fetch = fetch;
      try {
        const c = new FlexpriceClient({ baseUrl: BASE, getToken: () => TOKEN });
        expect(await c.getInfo(signal())).to.deep.equal({ id: 'cust_1' });
        expect(calls).to.have.length(1);
      } finally {
        window.fetch = original;
      }
    });

    it('sends nothing when there is no usable token', async () => {
      const { fetch, calls } = stubFetch(() => json({}));
      const error = await rejection(client(fetch, { getToken: () => null }).getInfo(signal()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(401);
      expect(error.code).to.equal('unauthorized');
      expect(error.unauthorized).to.equal(true);
      expect(calls).to.have.length(0);
    });

    it('reads the token before every attempt', async () => {
      const clock = new FakeClock();
      let token = 'first';
      const { fetch, calls } = stubFetch((_, i) => (i === 0 ? new Response('busy', { status: 503 }) : json({ id: 'x' })));
      const c = client(fetch, { getToken: () => token, timers: clock.timers, random: () => 0 });
      const pending = c.getInfo(signal());
      await flushMicrotasks();
      token = 'second';
      await clock.tick(0);
      await pending;
      expect(calls.map((x) => x.headers.get('X-Session-Token'))).to.deep.equal(['first', 'second']);
    });
  });

  describe('errors', () => {
    it('maps the flat error envelope', async () => {
      const { fetch } = stubFetch(() =>
        json({ code: 'not_found', message: 'Invoice does not belong to this customer', http_status_code: 404, details: { invoice_id: 'inv_9' } }, 404),
      );
      const error = await rejection(client(fetch).getInvoice('inv_9', signal()));
      expect([error.kind, error.status, error.code, error.message]).to.deep.equal(['http', 404, 'not_found', 'Invoice does not belong to this customer']);
      expect(error.details).to.deep.equal({ invoice_id: 'inv_9' });
    });

    it('maps the legacy {success:false,error:{…}} envelope', async () => {
      const { fetch } = stubFetch(() =>
        json({ success: false, error: { message: 'Wallet not found', internal_error: 'sql: no rows', details: { id: 'w' } } }, 404),
      );
      const error = await rejection(client(fetch).getWallet('w', signal()));
      expect([error.status, error.code, error.message]).to.deep.equal([404, 'not_found', 'Wallet not found']);
      expect(error.details).to.deep.equal({ id: 'w' });
      expect(error.message).not.to.contain('sql');
    });

    it('maps the session middleware 401 body', async () => {
      const { fetch, calls } = stubFetch(() => json({ error: 'Invalid or expired session token' }, 401));
      const error = await rejection(client(fetch).getInfo(signal()));
      expect([error.kind, error.status, error.code, error.message]).to.deep.equal(['http', 401, 'unauthorized', 'Invalid or expired session token']);
      expect(calls).to.have.length(1);
    });

    it('maps a plain-text 404 and a {message} 500 without retrying either', async () => {
      const { fetch, calls } = stubFetch((_, i) =>
        i === 0
          ? new Response('404 page not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
          : json({ message: 'failed to verify tenant access' }, 500),
      );
      const c = client(fetch);
      const notFound = await rejection(c.getConfig(signal()));
      expect([notFound.status, notFound.code, notFound.message]).to.deep.equal([404, 'not_found', '404 page not found']);
      const server = await rejection(c.getConfig(signal()));
      expect([server.status, server.code, server.message]).to.deep.equal([500, 'internal_error', 'failed to verify tenant access']);
      expect(calls).to.have.length(2);
    });

    it('answers a readable message for an empty error body', () => {
      expect(parseErrorBody(502, 'Bad Gateway', '')).to.deep.equal({ code: 'bad_gateway', message: '502 Bad Gateway', details: undefined });
      expect(parseErrorBody(418, '', '<html>teapot</html>').message).to.equal('<html>teapot</html>');
    });

    it('reports invalid or truncated JSON as a parse error', async () => {
      const { fetch } = stubFetch(() => new Response('{"items":[{"id":"inv_1","tot', { status: 200, headers: { 'Content-Type': 'application/json' } }));
      const error = await rejection(client(fetch).listInvoices({ page: 1, limit: 10 }, signal()));
      expect([error.kind, error.status]).to.deep.equal(['parse', 200]);
    });

    it('reports a network failure with status 0 after its retries', async () => {
      const clock = new FakeClock();
      const { fetch, calls } = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const pending = rejection(client(fetch, { timers: clock.timers, random: () => 1 - Number.EPSILON }).getInfo(signal()));
      await clock.tick(10_000);
      const error = await pending;
      expect([error.kind, error.status, error.code]).to.deep.equal(['network', 0, 'network']);
      expect(calls).to.have.length(3);
    });

    it('times out a hung request (default 15 s) without retrying it', async () => {
      const clock = new FakeClock();
      const { fetch, calls } = hangingFetch();
      let settled = false;
      const pending = rejection(client(fetch, { timers: clock.timers }).getInfo(signal())).finally(() => (settled = true));
      await clock.tick(14_999);
      expect(settled).to.equal(false);
      await clock.tick(1);
      const error = await pending;
      expect([error.kind, error.status]).to.deep.equal(['timeout', 0]);
      expect(isAbortError(error)).to.equal(false);
      expect(calls[0]?.signal.aborted, 'the request itself is aborted').to.equal(true);
      expect(calls).to.have.length(1);
    });

    it('honours a custom timeout, even when fetch ignores its signal', async () => {
      const clock = new FakeClock();
      const { fetch } = stubFetch(() => new Promise<Response>(() => undefined));
      const pending = rejection(client(fetch, { timers: clock.timers, timeoutMs: 2_000 }).getInfo(signal()));
      await clock.tick(2_000);
      expect((await pending).kind).to.equal('timeout');
    });

    it('never puts the token into an error', async () => {
      const { fetch } = stubFetch(() => json({ code: 'validation_error', message: 'bad' }, 400));
      const error = await rejection(client(fetch).getInfo(signal()));
      expect(JSON.stringify({ m: error.message, d: error.details, c: error.code })).not.to.contain(TOKEN);
    });
  });

  describe('retries', () => {
    it('retries 502/503/504 with exponential backoff and full jitter, then succeeds', async () => {
      const clock = new FakeClock();
      const statuses = [503, 502];
      const { fetch, calls } = stubFetch((_, i) => (i < statuses.length ? new Response('', { status: statuses[i] }) : json([{ id: 'w' }])));
      const c = client(fetch, { timers: clock.timers, random: () => 0.5 });
      const pending = c.listWallets(signal());
      await clock.tick(0);
      expect(calls).to.have.length(1);
      await clock.tick(249); // 0.5 × 500 ms
      expect(calls).to.have.length(1);
      await clock.tick(1);
      expect(calls).to.have.length(2);
      await clock.tick(499); // 0.5 × 1000 ms
      expect(calls).to.have.length(2);
      await clock.tick(1);
      expect(await pending).to.deep.equal([{ id: 'w' }]);
      expect(calls).to.have.length(3);
    });

    it('gives up after the default 2 retries with the last error', async () => {
      const clock = new FakeClock();
      const { fetch, calls } = stubFetch(() => new Response('', { status: 504, statusText: 'Gateway Timeout' }));
      const pending = rejection(client(fetch, { timers: clock.timers, random: () => 0 }).listInvoices({ page: 1, limit: 10 }, signal()));
      await clock.tick(0);
      const error = await pending;
      expect([error.status, error.code]).to.deep.equal([504, 'gateway_timeout']);
      expect(calls).to.have.length(3);
    });

    it('honours Retry-After in seconds on 429', async () => {
      const clock = new FakeClock();
      const { fetch, calls } = stubFetch((_, i) =>
        i === 0 ? json({ code: 'too_many_requests', message: 'slow down', http_status_code: 429 }, 429, { 'Retry-After': '3' }) : json({ id: 'c' }),
      );
      const pending = client(fetch, { timers: clock.timers, random: () => 0 }).getInfo(signal());
      await clock.tick(2_999);
      expect(calls).to.have.length(1);
      await clock.tick(1);
      expect(await pending).to.deep.equal({ id: 'c' });
      expect(calls).to.have.length(2);
    });

    it('honours Retry-After as an HTTP date', async () => {
      const clock = new FakeClock();
      const at = new Date(clock.now() + 5_000).toUTCString();
      const { fetch, calls } = stubFetch((_, i) => (i === 0 ? new Response('', { status: 503, headers: { 'Retry-After': at } }) : json({ id: 'c' })));
      const pending = client(fetch, { timers: clock.timers, random: () => 0, now: clock.now }).getInfo(signal());
      await clock.tick(4_999);
      expect(calls).to.have.length(1);
      await clock.tick(1);
      await pending;
      expect(calls).to.have.length(2);
      expect(parseRetryAfter('soon', 0)).to.equal(null);
      expect(parseRetryAfter(null, 0)).to.equal(null);
    });

    it('does not wait for an unreasonable Retry-After', async () => {
      const { fetch, calls } = stubFetch(() => new Response('', { status: 429, headers: { 'Retry-After': '3600' } }));
      const error = await rejection(client(fetch).getInfo(signal()));
      expect(error.status).to.equal(429);
      expect(calls).to.have.length(1);
    });

    for (const status of [400, 403, 404, 409, 500]) {
      it(`does not retry ${status}`, async () => {
        const { fetch, calls } = stubFetch(() => json({ code: 'x', message: 'no' }, status));
        const error = await rejection(client(fetch).getInfo(signal()));
        expect(error.status).to.equal(status);
        expect(calls).to.have.length(1);
      });
    }

    it('retry: false turns retries off', async () => {
      const { fetch, calls } = stubFetch(() => new Response('', { status: 503 }));
      await rejection(client(fetch, { retry: false }).getInfo(signal()));
      expect(calls).to.have.length(1);
    });
  });

  describe('abort', () => {
    it('rejects at once, without a request, when already aborted', async () => {
      const { fetch, calls } = stubFetch(() => json({}));
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(client(fetch).getInfo(controller.signal));
      expect(error.kind).to.equal('aborted');
      expect(isAbortError(error)).to.equal(true);
      expect(calls).to.have.length(0);
    });

    it('aborts mid-flight: the request is cancelled and the caller gets an aborted error', async () => {
      const { fetch, calls } = hangingFetch();
      const controller = new AbortController();
      const pending = rejection(client(fetch).getInfo(controller.signal));
      await flushMicrotasks();
      expect(calls).to.have.length(1);
      controller.abort();
      const error = await pending;
      expect(isAbortError(error)).to.equal(true);
      expect(calls[0]?.signal.aborted).to.equal(true);
      expect(calls).to.have.length(1);
    });

    it('aborts during backoff: no further request goes out', async () => {
      const clock = new FakeClock();
      const { fetch, calls } = stubFetch(() => new Response('', { status: 503 }));
      const controller = new AbortController();
      const pending = rejection(client(fetch, { timers: clock.timers, random: () => 0.9 }).getInfo(controller.signal));
      await clock.tick(10);
      expect(calls).to.have.length(1);
      expect(clock.pending).to.equal(1); // the backoff timer
      controller.abort();
      const error = await pending;
      expect(error.kind).to.equal('aborted');
      expect(clock.pending).to.equal(0);
      await clock.tick(60_000);
      expect(calls).to.have.length(1);
    });
  });

  describe('401 handling', () => {
    it('asks onUnauthorized for a fresh token and retries once with it', async () => {
      const seen: string[] = [];
      const { fetch, calls } = stubFetch((call) =>
        call.headers.get('X-Session-Token') === 'fresh' ? json({ id: 'cust_1' }) : json({ error: 'Invalid or expired session token' }, 401),
      );
      const c = client(fetch, {
        onUnauthorized: async (failed) => {
          seen.push(failed);
          return 'fresh';
        },
      });
      expect(await c.getInfo(signal())).to.deep.equal({ id: 'cust_1' });
      expect(seen).to.deep.equal([TOKEN]);
      expect(calls.map((x) => x.headers.get('X-Session-Token'))).to.deep.equal([TOKEN, 'fresh']);
    });

    it('retries only once: a second 401 is final', async () => {
      let asked = 0;
      const { fetch, calls } = stubFetch(() => json({ error: 'Invalid or expired session token' }, 401));
      const c = client(fetch, { onUnauthorized: async () => `fresh-${++asked}` });
      const error = await rejection(c.getInfo(signal()));
      expect(error.status).to.equal(401);
      expect(asked).to.equal(1);
      expect(calls).to.have.length(2);
    });

    it('throws the 401 when no fresh token comes back (null, same token, or a failing callback)', async () => {
      for (const answer of [async () => null, async () => TOKEN, () => Promise.reject(new Error('x'))]) {
        const { fetch, calls } = stubFetch(() => json({ error: 'Session token required' }, 401));
        const error = await rejection(client(fetch, { onUnauthorized: answer }).getInfo(signal()));
        expect([error.status, error.message]).to.deep.equal([401, 'Session token required']);
        expect(calls).to.have.length(1);
      }
    });

    it('with a PortalSession: three concurrent 401s refresh once and all succeed with the new token', async () => {
      const clock = new FakeClock(Date.now());
      const old = await mintTokenIn(clock.now(), 600);
      const fresh = await mintTokenIn(clock.now(), 3600);
      let provided = 0;
      const session = new PortalSession({
        readToken: readFlexpriceToken,
        expiryWarningSeconds: 60,
        tokenProvider: async () => {
          provided += 1;
          await new Promise((r) => globalThis.setTimeout(r, 5));
          return fresh;
        },
        onExpiring: () => undefined,
        onExpired: () => undefined,
        now: clock.now,
        timers: clock.timers,
      });
      session.setToken(old);
      const { fetch, calls } = stubFetch((call) =>
        call.headers.get('X-Session-Token') === fresh ? json({ ok: call.url }) : json({ error: 'Invalid or expired session token' }, 401),
      );
      const c = new FlexpriceClient({ baseUrl: BASE, getToken: () => session.token, fetch, onUnauthorized: (t) => session.handleUnauthorized(t) });
      const s = signal();
      const results = await Promise.all([c.getInfo(s), c.getConfig(s), c.listWallets(s)]);
      expect(results).to.have.length(3);
      expect(provided).to.equal(1);
      expect(calls.filter((x) => x.headers.get('X-Session-Token') === old)).to.have.length(3);
      expect(calls.filter((x) => x.headers.get('X-Session-Token') === fresh)).to.have.length(3);
      session.dispose();
    });
  });
});
