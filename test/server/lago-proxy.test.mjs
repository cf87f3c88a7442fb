// The Lago proxy (server/lago-proxy, shipped as @flexprice/customer-portal/lago-proxy):
// what reaches Lago, what is refused before it does, and what never leaves it.
// Both faces are tested: `fetch(Request)` with an injected upstream fetch, and
// `node(req, res)` mounted on a real node:http server in front of a real
// node:http "Lago" that records every request it sees.
// Run: node --test test/server/lago-proxy.test.mjs
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { bundleTs, loadTsModule } from '../../demo/server/lago/ts-module.mjs';
import { deferred, manualTimers } from './_helpers.mjs';

const { createLagoProxy } = await loadTsModule('server/lago-proxy/index.ts');

const TOKEN =
  'eyJfcmFpbHMiOnsiZGF0YSI6IjFhMmIzYzRkLTAwMDAtNDAwMC04MDAwLTEyMzQ1Njc4OWFiYyIsImV4cCI6IjIwMjYtMDgtMjNUMDY6MDA6MDAuMDAwWiJ9fQ==--4ca68255506760dc668c8c6e2d498c977f8873ff';
const OVERVIEW = 'query PortalOverview { customerPortalUser { id displayName } customerPortalWallets(page: 1, limit: 25) { collection { id balanceCents } } }';

/**
 * A recording upstream fetch: answers `answer(body)` or never (until aborted); `onWait()` is called once a
 * never-answering request is waiting (a test then lets the proxy's time limit pass).
 */
function upstream({ answer = () => ({ data: { customerPortalUser: { id: 'c1' } } }), never = false, onWait = () => {}, status = 200, type = 'application/json' } = {}) {
  const seen = [];
  const fetchImpl = async (url, init) => {
    const headers = Object.fromEntries(new Headers(init.headers));
    seen.push({ url: String(url), headers, body: JSON.parse(init.body), signal: init.signal });
    if (never) {
      const aborted = new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      onWait();
      await aborted;
    }
    return new Response(JSON.stringify(answer(JSON.parse(init.body))), { status, headers: { 'content-type': type } });
  };
  return { seen, fetch: fetchImpl };
}

function post(body, headers = {}) {
  return new Request('https://merchant.test/billing/lago', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'customer-portal-token': TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(res) {
  const json = await res.json();
  return { status: res.status, code: json.error.code, message: json.error.message };
}

describe('lago proxy: what is forwarded', () => {
  it('forwards a portal query to {apiUrl}/graphql with the token and its own re-print of the document', async () => {
    const up = upstream();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test/', fetch: up.fetch });
    const res = await proxy.fetch(post({ query: `# comment\n${OVERVIEW}`, variables: { x: 1 }, operationName: 'PortalOverview' }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { data: { customerPortalUser: { id: 'c1' } } });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(up.seen.length, 1);
    assert.equal(up.seen[0].url, 'https://lago.test/graphql');
    assert.equal(up.seen[0].body.query, OVERVIEW);
    assert.deepEqual(up.seen[0].body.variables, { x: 1 });
    assert.equal(up.seen[0].body.operationName, 'PortalOverview');
    assert.deepEqual(Object.keys(up.seen[0].headers).sort(), ['accept', 'content-type', 'customer-portal-token']);
    assert.equal(up.seen[0].headers['customer-portal-token'], TOKEN);
  });

  it('relays GraphQL errors (HTTP 200 at Lago) as they are', async () => {
    const errors = { data: null, errors: [{ message: 'unauthorized', extensions: { code: 'unauthorized', status: 'unauthorized' } }] };
    const up = upstream({ answer: () => errors });
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch });
    const res = await proxy.fetch(post({ query: OVERVIEW }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), errors);
  });

  it('accepts the shorthand query, aliases, lists, variables with defaults and escaped strings', async () => {
    const up = upstream();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch });
    const query =
      'query Inv($page: Int = 1, $term: String) { list: customerPortalInvoices(page: $page, limit: 8, status: [finalized, voided], searchTerm: $term) { collection { id number } metadata { totalCount } } __typename }';
    const res = await proxy.fetch(post({ query, variables: { term: 'INV-"1"' } }));
    assert.equal(res.status, 200);
    assert.equal(up.seen[0].body.query, query);
    const short = await proxy.fetch(post({ query: '{ customerPortalUser { id } }' }));
    assert.equal(short.status, 200);
    assert.equal(up.seen[1].body.query, 'query { customerPortalUser { id } }');
  });
});

describe('lago proxy: refused before Lago sees it', () => {
  const cases = [
    ['a mutation', 'mutation { downloadCustomerPortalInvoice(input: {id: "1"}) { id fileUrl } }', 'operation_not_allowed'],
    ['a mutation aliased as a portal query', 'mutation { customerPortalUser: createCustomerPortalWalletTransaction(input: {walletId: "w", paidCredits: "1000"}) { collection { id } } }', 'operation_not_allowed'],
    ['a subscription', 'subscription { customerPortalUser { id } }', 'operation_not_allowed'],
    ['a query beside a mutation', `${OVERVIEW} mutation M { updateCustomerPortalCustomer(input: {name: "x"}) { id } }`, 'one_operation_only'],
    ['two queries', `${OVERVIEW} query B { customerPortalUser { id } }`, 'one_operation_only'],
    ['a non-portal root field', '{ organization { id apiKey webhookUrl } }', 'field_not_allowed'],
    ['a non-portal field aliased as a portal one', '{ customerPortalUser: customers { collection { id email } } }', 'field_not_allowed'],
    ['a non-portal field next to portal ones', '{ customerPortalUser { id } invoices { collection { id } } }', 'field_not_allowed'],
    ['introspection', '{ __schema { types { name } } }', 'field_not_allowed'],
    ['a fragment spread', '{ ...Everything } fragment Everything on Query { organization { id } }', 'invalid_query'],
    ['an inline fragment', '{ ... on Query { organization { id } } }', 'invalid_query'],
    ['a directive', '{ customerPortalUser @include(if: true) { id } }', 'invalid_query'],
    ['an undocumented argument', '{ customerPortalInvoiceCollections(expireCache: true) { collection { month } } }', 'argument_not_allowed'],
    ['a block string', '{ customerPortalInvoices(searchTerm: """x""") { collection { id } } }', 'invalid_query'],
    ['a syntax error', '{ customerPortalUser { id }', 'invalid_query'],
    ['a too deep query', `{ customerPortalUser ${'{ a '.repeat(14)}${'}'.repeat(14)} }`, 'invalid_query'],
  ];
  for (const [what, query, code] of cases) {
    it(`refuses ${what} (400 ${code})`, async () => {
      const up = upstream();
      const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch });
      const res = await proxy.fetch(post({ query }));
      assert.deepEqual({ status: res.status, code: (await res.json()).error.code }, { status: 400, code });
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(up.seen.length, 0);
    });
  }

  it('refuses an operationName that does not name the operation', async () => {
    const up = upstream();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch });
    const res = await proxy.fetch(post({ query: OVERVIEW, operationName: 'Other' }));
    assert.equal((await errorOf(res)).code, 'invalid_operation_name');
    assert.equal(up.seen.length, 0);
  });

  it('answers the caller’s other mistakes with clear 4xx JSON errors', async () => {
    const up = upstream();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch });
    const get = await proxy.fetch(new Request('https://merchant.test/billing/lago', { headers: { 'customer-portal-token': TOKEN } }));
    assert.deepEqual((await errorOf(get)).status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await errorOf(await proxy.fetch(post({ query: OVERVIEW }, { 'content-type': 'text/plain' })))).status, 415);
    assert.deepEqual(await errorOf(await proxy.fetch(post('{"query": '))).then((e) => [e.status, e.code]), [400, 'invalid_json']);
    assert.deepEqual(await errorOf(await proxy.fetch(post('[1]'))).then((e) => [e.status, e.code]), [400, 'invalid_request']);
    assert.deepEqual(await errorOf(await proxy.fetch(post({ query: OVERVIEW, variables: [1] }))).then((e) => [e.status, e.code]), [400, 'invalid_request']);
    const noToken = await proxy.fetch(post({ query: OVERVIEW }, { 'customer-portal-token': '' }));
    assert.deepEqual(await errorOf(noToken).then((e) => [e.status, e.code]), [401, 'missing_token']);
    const badToken = await proxy.fetch(post({ query: OVERVIEW }, { 'customer-portal-token': 'a b' }));
    assert.deepEqual(await errorOf(badToken).then((e) => [e.status, e.code]), [401, 'invalid_token']);
    const long = await proxy.fetch(post({ query: `{ customerPortalUser { id ${'x '.repeat(8000)} } }` }, {}));
    assert.equal(long.status, 413);
    assert.equal(up.seen.length, 0);
  });

  it('refuses an oversized body by its Content-Length and by what it streams', async () => {
    const up = upstream();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch, maxBodyBytes: 1024 });
    const big = JSON.stringify({ query: OVERVIEW, variables: { pad: 'x'.repeat(4000) } });
    const declared = await proxy.fetch(post(big));
    assert.deepEqual(await errorOf(declared).then((e) => [e.status, e.code]), [413, 'body_too_large']);
    // A stream without Content-Length: the proxy stops reading at the cap.
    let pulled = 0;
    const stream = new ReadableStream({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
      },
    });
    const streamed = await proxy.fetch(
      new Request('https://merchant.test/billing/lago', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'customer-portal-token': TOKEN },
        body: stream,
        duplex: 'half',
      }),
    );
    assert.deepEqual(await errorOf(streamed).then((e) => [e.status, e.code]), [413, 'body_too_large']);
    assert.ok(pulled < 10, `read ${pulled} chunks of an endless body`);
    assert.equal(up.seen.length, 0);
  });
});

describe('lago proxy: upstream limits', () => {
  it('cuts a slow upstream off with 504 at its time limit and aborts the upstream request', async () => {
    const timers = manualTimers();
    const waiting = deferred();
    const up = upstream({ never: true, onWait: waiting.resolve });
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch, timeoutMs: 20, timers });
    let answered = false;
    const pending = proxy.fetch(post({ query: OVERVIEW })).finally(() => (answered = true));
    await waiting.promise;
    assert.deepEqual(timers.pending(), [20], 'the limit is armed with timeoutMs');
    await new Promise((r) => setImmediate(r));
    assert.equal(answered, false, 'answered before its time limit passed');
    timers.fire();
    assert.deepEqual(await errorOf(await pending).then((e) => [e.status, e.code]), [504, 'upstream_timeout']);
    assert.equal(up.seen.length, 1);
    assert.equal(up.seen[0].signal.aborted, true);
  });

  it('clears its time limit once Lago answered', async () => {
    const timers = manualTimers();
    const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: upstream().fetch, timers });
    assert.equal((await proxy.fetch(post({ query: OVERVIEW }))).status, 200);
    assert.deepEqual(timers.pending(), [], 'no timer left armed');
  });

  it('answers 502 for Lago crashes, non-JSON answers, redirects, oversized answers and unreachable hosts', async () => {
    const cases = [
      [{ status: 500 }, 'upstream_error'],
      [{ type: 'text/html' }, 'upstream_invalid'],
      [{ status: 302 }, 'upstream_redirect'],
    ];
    for (const [opts, code] of cases) {
      const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: upstream(opts).fetch });
      assert.deepEqual(await errorOf(await proxy.fetch(post({ query: OVERVIEW }))).then((e) => [e.status, e.code]), [502, code]);
    }
    const huge = createLagoProxy({ apiUrl: 'https://lago.test', fetch: upstream({ answer: () => ({ data: 'x'.repeat(5000) }) }).fetch, maxResponseBytes: 1000 });
    assert.deepEqual(await errorOf(await huge.fetch(post({ query: OVERVIEW }))).then((e) => [e.status, e.code]), [502, 'upstream_too_large']);
    const down = createLagoProxy({ apiUrl: 'https://lago.test', fetch: async () => { throw new TypeError('fetch failed'); } });
    assert.deepEqual(await errorOf(await down.fetch(post({ query: OVERVIEW }))).then((e) => [e.status, e.code]), [502, 'upstream_unreachable']);
  });

  it('refuses an apiUrl that is not an http(s) URL or carries credentials', () => {
    assert.throws(() => createLagoProxy({ apiUrl: 'not a url' }), TypeError);
    assert.throws(() => createLagoProxy({ apiUrl: 'file:///etc' }), TypeError);
    assert.throws(() => createLagoProxy({ apiUrl: 'https://user:pw@lago.test' }), TypeError);
  });
});

describe('lago proxy: node handler over real HTTP', () => {
  const ctx = {};
  before(async () => {
    ctx.lagoSeen = [];
    ctx.lagoReached = deferred();
    ctx.lago = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        ctx.lagoSeen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
        ctx.lagoReached.resolve();
        if (ctx.lagoNever) return; // never answers
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'lago_session=abc' });
        res.end(JSON.stringify({ data: { customerPortalUser: { id: 'c1' } } }));
      });
    });
    await new Promise((r) => ctx.lago.listen(0, '127.0.0.1', r));
    ctx.lagoUrl = `http://127.0.0.1:${ctx.lago.address().port}`;
    ctx.logs = [];
    // The upstream time limit passes when a test fires it: a slow machine never turns an answer into a 504.
    ctx.timers = manualTimers();
    const proxy = createLagoProxy({ apiUrl: ctx.lagoUrl, timers: ctx.timers, maxBodyBytes: 2048, log: (e) => ctx.logs.push(e) });
    ctx.proxy = http.createServer((req, res) => {
      if (req.url === '/parsed') {
        // Like express.json(): the body is parsed before the handler runs.
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          req.body = JSON.parse(Buffer.concat(chunks).toString());
          proxy.node(req, res);
        });
        return;
      }
      proxy.node(req, res);
    });
    await new Promise((r) => ctx.proxy.listen(0, '127.0.0.1', r));
    ctx.proxyUrl = `http://127.0.0.1:${ctx.proxy.address().port}`;
  });
  after(async () => {
    ctx.lago.closeAllConnections();
    ctx.proxy.closeAllConnections();
    await Promise.all([new Promise((r) => ctx.lago.close(r)), new Promise((r) => ctx.proxy.close(r))]);
  });
  afterEach(() => {
    ctx.lagoSeen.length = 0;
    ctx.lagoNever = false;
    ctx.lagoReached = deferred();
  });

  const call = (path, body, headers = {}) =>
    fetch(`${ctx.proxyUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'customer-portal-token': TOKEN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('passes the token and nothing else of the browser’s: no cookies, no Authorization, no forwarded addresses', async () => {
    const res = await call('/', { query: OVERVIEW }, {
      cookie: 'session=merchant-secret; other=1',
      authorization: 'Bearer admin-jwt',
      'x-forwarded-for': '203.0.113.7',
      'x-real-ip': '203.0.113.7',
      forwarded: 'for=203.0.113.7',
      origin: 'https://merchant.test',
      referer: 'https://merchant.test/account',
      'x-lago-token': 'x',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('set-cookie'), null, 'Lago’s cookies are not relayed either');
    assert.equal(ctx.lagoSeen.length, 1);
    const seen = ctx.lagoSeen[0];
    assert.equal(seen.url, '/graphql');
    assert.equal(seen.headers['customer-portal-token'], TOKEN);
    for (const name of ['cookie', 'authorization', 'x-forwarded-for', 'x-real-ip', 'forwarded', 'origin', 'referer', 'x-lago-token']) {
      assert.equal(seen.headers[name], undefined, `${name} reached Lago`);
    }
    assert.ok(!JSON.stringify(seen).includes('merchant-secret'));
  });

  it('works behind a JSON body parser (Express) too', async () => {
    const res = await call('/parsed', { query: OVERVIEW });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(ctx.lagoSeen[0].body).query, OVERVIEW);
  });

  it('refuses a mutation, a non-portal query and a streamed oversized body; Lago sees none of them', async () => {
    assert.equal((await call('/', { query: 'mutation { updateCustomerPortalCustomer(input: {name: "x"}) { id } }' })).status, 400);
    assert.equal((await call('/', { query: '{ organization { apiKey } }' })).status, 400);
    const big = await fetch(`${ctx.proxyUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'customer-portal-token': TOKEN },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
          c.close();
        },
      }),
      duplex: 'half',
    });
    assert.equal(big.status, 413);
    assert.equal(ctx.lagoSeen.length, 0);
  });

  it('answers 504 when Lago never answers, once its time limit (default 10 s) has passed', async () => {
    ctx.lagoNever = true;
    const pending = call('/', { query: OVERVIEW });
    await ctx.lagoReached.promise;
    assert.deepEqual(ctx.timers.pending(), [10_000]);
    ctx.timers.fire();
    const res = await pending;
    assert.equal(res.status, 504);
    assert.equal((await res.json()).error.code, 'upstream_timeout');
  });
});

describe('lago proxy: the token never reaches its output', () => {
  it('logs and error bodies of every outcome are free of the token (console and log hook captured)', async () => {
    const captured = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
    const saved = methods.map((m) => console[m]);
    const savedWrite = [process.stdout.write, process.stderr.write];
    methods.forEach((m) => (console[m] = (...args) => captured.push(args.map(String).join(' '))));
    process.stdout.write = (chunk, ...rest) => (captured.push(String(chunk)), savedWrite[0].call(process.stdout, chunk, ...rest));
    process.stderr.write = (chunk, ...rest) => (captured.push(String(chunk)), savedWrite[1].call(process.stderr, chunk, ...rest));
    const logs = [];
    try {
      // The never-answering upstream's time limit passes as soon as a request waits there.
      const timers = manualTimers();
      const outcomes = [
        upstream(),
        upstream({ status: 500 }),
        upstream({ never: true, onWait: () => timers.fire() }),
        { fetch: async () => { throw new TypeError(`fetch failed for ${TOKEN}`); } },
      ];
      const bodies = [];
      for (const up of outcomes) {
        const proxy = createLagoProxy({ apiUrl: 'https://lago.test', fetch: up.fetch, timers, log: (e) => logs.push(e) });
        for (const body of [{ query: OVERVIEW }, { query: 'mutation { x }' }, '{bad', { query: '{ organization { id } }' }]) {
          bodies.push(await (await proxy.fetch(post(body))).text());
        }
        bodies.push(await (await proxy.fetch(post({ query: OVERVIEW }, { 'customer-portal-token': `${TOKEN} x` }))).text());
      }
      assert.ok(logs.length >= 20, 'the log hook saw the outcomes');
      assert.ok(logs.some((e) => e.event === 'refused') && logs.some((e) => e.event === 'forwarded'));
      const output = [...captured, ...logs.map((e) => JSON.stringify(e)), ...bodies.filter((b) => b.includes('"error"'))].join('\n');
      assert.ok(!output.includes(TOKEN), 'the token appeared in the proxy’s output');
      assert.ok(!output.includes(TOKEN.slice(0, 24)), 'part of the token appeared in the proxy’s output');
    } finally {
      methods.forEach((m, i) => (console[m] = saved[i]));
      [process.stdout.write, process.stderr.write] = savedWrite;
    }
  });
});

describe('lago proxy: a server-only entry', () => {
  it('bundles platform-neutral from its own folder only (no Lit, no DOM code, no Node built-ins)', async () => {
    const { inputs, code } = await bundleTs('server/lago-proxy/index.ts');
    assert.deepEqual(inputs.filter((f) => !f.startsWith('server/lago-proxy/')), []);
    for (const marker of ['customElements', 'document.', 'window.', 'HTMLElement']) assert.ok(!code.includes(marker), marker);
    assert.doesNotMatch(code, /\bimport\b[^;]*["'][^"'.][^"']*["']/, 'no bare or built-in imports');
  });
});
