import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { start, decodeJwt, API_KEY } from './_helpers.mjs';

let s;
before(async () => {
  s = await start();
});
after(() => s.close());

test('minting: HS256 JWT with exactly the Flexprice claims, url and expires_at', async () => {
  const res = await fetch(`${s.base}/customers/portal/cus-typical`, { headers: { 'x-api-key': API_KEY } });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ['expires_at', 'token', 'url']);
  const { header, claims } = decodeJwt(body.token);
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(Object.keys(claims).sort(), ['customer_id', 'environment_id', 'exp', 'external_customer_id', 'iat', 'tenant_id']);
  assert.equal(claims.external_customer_id, 'cus-typical');
  assert.match(claims.customer_id, /^cust_[0-9A-Z]{26}$/);
  assert.match(claims.tenant_id, /^tenant_/);
  assert.match(claims.environment_id, /^env_/);
  assert.equal(claims.iat, Math.floor(s.clock.ms / 1000));
  assert.equal(claims.exp - claims.iat, 3600);
  // Signature with the documented secret.
  const [h, p, sig] = body.token.split('.');
  assert.equal(createHmac('sha256', 'super_secret').update(`${h}.${p}`).digest('base64url'), sig);
  // expires_at: RFC 3339 with nanoseconds, same second as exp.
  assert.match(body.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/);
  assert.equal(Math.floor(Date.parse(body.expires_at) / 1000), claims.exp);
  assert.equal(body.url, `http://localhost:3000?token=${body.token}`);
  // The info of the token's customer matches the claims.
  const info = await s.portal(body.token, 'GET', '/info');
  assert.equal(info.json.id, claims.customer_id);
  assert.equal(info.json.tenant_id, claims.tenant_id);
});

test('minting needs the API key; unknown customer is 404 in the error envelope', async () => {
  const none = await fetch(`${s.base}/customers/portal/cus-typical`);
  assert.equal(none.status, 401);
  const wrong = await fetch(`${s.base}/customers/portal/cus-typical`, { headers: { 'x-api-key': 'nope' } });
  assert.equal(wrong.status, 401);
  const missing = await fetch(`${s.base}/customers/portal/cus-nobody`, { headers: { 'x-api-key': API_KEY } });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), {
    code: 'not_found',
    message: 'Customer not found with the provided external_customer_id',
    http_status_code: 404,
  });
});

test('exact 401 bodies: missing token, garbage, bad signature, wrong alg, missing claim', async () => {
  const required = await s.portal(null, 'GET', '/info');
  assert.equal(required.status, 401);
  assert.equal(required.text, '{"error":"Session token required"}');
  const invalid = '{"error":"Invalid or expired session token"}';
  assert.equal((await s.portal('not-a-jwt', 'GET', '/info')).text, invalid);
  const { token } = await s.mint('cus-typical');
  const [h, p] = token.split('.');
  assert.equal((await s.portal(`${h}.${p}.${'A'.repeat(43)}`, 'GET', '/info')).text, invalid);
  // "Bearer " prefix is not stripped (Flexprice removed it).
  assert.equal((await s.portal(`Bearer ${token}`, 'GET', '/info')).status, 401);
  // alg none
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
  assert.equal((await s.portal(none, 'GET', '/info')).text, invalid);
  // Signed with the right secret but a claim missing.
  const claims = decodeJwt(token).claims;
  delete claims.tenant_id;
  const p2 = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', 'super_secret').update(`${h}.${p2}`).digest('base64url');
  assert.equal((await s.portal(`${h}.${p2}.${sig}`, 'GET', '/info')).text, invalid);
  // Other secret.
  const sig3 = createHmac('sha256', 'other').update(`${h}.${p}`).digest('base64url');
  assert.equal((await s.portal(`${h}.${p}.${sig3}`, 'GET', '/info')).text, invalid);
});

test('expiry is verified with no leeway', async () => {
  const { token } = await s.mint('cus-typical', { ttl: 15 });
  const exp = decodeJwt(token).claims.exp;
  assert.equal(exp - decodeJwt(token).claims.iat, 15);
  const saved = s.clock.ms;
  try {
    s.clock.ms = exp * 1000 - 1;
    assert.equal((await s.portal(token, 'GET', '/info')).status, 200);
    s.clock.ms = exp * 1000;
    const r = await s.portal(token, 'GET', '/info');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { error: 'Invalid or expired session token' });
  } finally {
    s.clock.ms = saved;
  }
  const expired = await s.api.mintToken('cus-typical', { expired: true });
  assert.equal((await s.portal(expired.token, 'GET', '/info')).status, 401);
});

test('CORS: preflight answered 200 before auth; headers on every response', async () => {
  const pre = await fetch(`${s.base}/customer/portal/invoices`, {
    method: 'OPTIONS',
    headers: { origin: 'https://merchant.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-session-token,content-type' },
  });
  assert.equal(pre.status, 200);
  const expectCors = (h) => {
    assert.equal(h.get('access-control-allow-origin'), '*');
    assert.equal(h.get('access-control-allow-methods'), 'GET, POST, PUT, DELETE, OPTIONS');
    assert.equal(h.get('access-control-allow-headers'), '*');
    assert.equal(h.get('access-control-max-age'), '86400');
  };
  expectCors(pre.headers);
  const { token } = await s.mint('cus-typical');
  expectCors((await s.portal(token, 'GET', '/info')).headers);
  expectCors((await s.portal(null, 'GET', '/info')).headers);
  expectCors((await s.portal(token, 'GET', '/nope')).headers);
  expectCors((await s.portal(token, 'POST', '/invoices')).headers);
});

test('unknown path and wrong method: 404 text/plain "404 page not found"', async () => {
  const { token } = await s.mint('cus-typical');
  for (const [method, path] of [['GET', '/nope'], ['GET', '/invoices'], ['DELETE', '/info'], ['POST', '/info']]) {
    const r = await s.portal(token, method, path);
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.equal(r.text, '404 page not found');
    assert.match(r.headers.get('content-type'), /^text\/plain/);
  }
  // Before auth too.
  assert.equal((await s.portal(null, 'GET', '/nope')).text, '404 page not found');
});

test('PUT /info is forbidden for a session', async () => {
  const { token } = await s.mint('cus-typical');
  const r = await s.portal(token, 'PUT', '/info', { name: 'Evil' });
  assert.equal(r.status, 403);
  assert.equal(r.json.code, 'permission_denied');
  assert.equal(r.json.http_status_code, 403);
  assert.equal((await s.portal(null, 'PUT', '/info', {})).status, 401);
});
