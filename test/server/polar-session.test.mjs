// Polar reference server: minting customer sessions, opaque tokens, exact 401/403 bodies, introspection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPolar, ORG_TOKEN, UUID, POLAR_TIME, tokenChecksumOk } from './_polar-helpers.mjs';

const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
};

let s;
before(async () => {
  s = await startPolar();
});
after(() => s.close());

test('POST /v1/customer-sessions/ with the organization token: 201 CustomerSession, opaque 1-hour polar_cst_ token', async () => {
  const res = await fetch(`${s.base}/v1/customer-sessions/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ORG_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ external_customer_id: 'polar-typical' }),
  });
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ['created_at', 'customer', 'customer_id', 'customer_portal_url', 'expires_at', 'id', 'modified_at', 'return_url', 'token']);
  assert.match(body.token, /^polar_cst_[A-Za-z0-9]{43}$/);
  assert.equal(body.token.length, 53);
  assert.ok(tokenChecksumOk(body.token), 'the last 6 characters are the base62 CRC32 of the random part');
  assert.equal(body.token.split('.').length, 1, 'not a JWT');
  assert.match(body.expires_at, POLAR_TIME);
  assert.equal(Math.floor(Date.parse(body.expires_at) / 1000), Math.floor(s.clock.ms / 1000) + 3600);
  assert.match(body.id, UUID);
  assert.equal(body.customer.id, body.customer_id);
  assert.equal(body.customer.external_id, 'polar-typical');
  // The hosted portal link carries the token and the e-mail in its query (contract §1).
  const portal = new URL(body.customer_portal_url);
  assert.equal(portal.searchParams.get('customer_session_token'), body.token);
  assert.equal(portal.searchParams.get('email'), 'ada@analytical.example');
  assert.equal(portal.pathname, '/polar/__portal/acme-analytics/portal');
  // The same customer by Polar id; two sessions are two different tokens.
  const byId = await fetch(`${s.base}/v1/customer-sessions/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ORG_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: body.customer_id }),
  }).then((r) => r.json());
  assert.equal(byId.customer_id, body.customer_id);
  assert.notEqual(byId.token, body.token);
});

test('minting errors: no token 401 Unauthorized, unknown token 401 invalid_token, bad bodies 422', async () => {
  const post = (headers, body) => fetch(`${s.base}/v1/customer-sessions/`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const none = await post({}, '{"external_customer_id":"polar-typical"}');
  assert.equal(none.status, 401);
  assert.deepEqual(await none.json(), { error: 'Unauthorized', detail: 'Unauthorized' });
  const wrong = await post({ authorization: 'Bearer polar_oat_nope' }, '{"external_customer_id":"polar-typical"}');
  assert.equal(wrong.status, 401);
  assert.deepEqual(await wrong.json(), INVALID_TOKEN);
  // A customer session token cannot mint sessions.
  const { token } = await s.mint('polar-typical');
  assert.equal((await post({ authorization: `Bearer ${token}` }, '{"external_customer_id":"polar-typical"}')).status, 401);
  const unknown = await post({ authorization: `Bearer ${ORG_TOKEN}` }, '{"external_customer_id":"nobody"}');
  assert.equal(unknown.status, 422);
  const u = await unknown.json();
  assert.equal(u.error, 'PolarRequestValidationError');
  assert.deepEqual(u.detail[0].loc, ['body', 'external_customer_id']);
  const empty = await post({ authorization: `Bearer ${ORG_TOKEN}` }, '{}');
  assert.equal(empty.status, 422);
  assert.equal((await empty.json()).error, 'RequestValidationError');
  // Without the trailing slash: FastAPI's 307 to the slash form.
  const slashless = await fetch(`${s.base}/v1/customer-sessions`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${ORG_TOKEN}` } });
  assert.equal(slashless.status, 307);
  assert.equal(slashless.headers.get('location'), '/v1/customer-sessions/');
});

test('portal auth: exact 401 bodies and headers for a missing, malformed, unknown or expired token', async () => {
  const none = await s.portal(null, '/customers/me');
  assert.equal(none.status, 401);
  assert.equal(none.text, '{"error":"Unauthorized","detail":"Unauthorized"}');
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="polar"');
  const basic = await s.portal(null, '/customers/me', { headers: { authorization: 'Basic abc' } });
  assert.equal(basic.status, 401);
  assert.equal(basic.json.error, 'Unauthorized');
  for (const bogus of ['polar_cst_unknown', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'polar_oat_whatever']) {
    const r = await s.portal(bogus, '/customers/me');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, INVALID_TOKEN);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('pragma'), 'no-cache');
    assert.match(r.headers.get('www-authenticate'), /^Bearer realm="polar", error="invalid_token"/);
  }
  // Expired is indistinguishable from invalid.
  const short = await s.mint('polar-typical', { query: '?ttl_seconds=30' });
  assert.equal((await s.portal(short.token, '/customers/me')).status, 200);
  s.clock.ms += 31_000;
  try {
    const expired = await s.portal(short.token, '/customers/me');
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json, INVALID_TOKEN);
  } finally {
    s.clock.ms -= 31_000;
  }
  const already = await s.mint('polar-typical', { query: '?expired=true' });
  assert.ok(Date.parse(already.expires_at) < s.clock.ms);
  assert.deepEqual((await s.portal(already.token, '/customers/me')).json, INVALID_TOKEN);
});

test('introspect answers the session expiry; customers/me is the session customer', async () => {
  const session = await s.mint('polar-typical');
  const r = await s.portal(session.token, '/customer-session/introspect');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { expires_at: session.expires_at, return_url: null });
  const me = await s.portal(session.token, '/customers/me');
  assert.equal(me.json.id, session.customer_id);
  assert.deepEqual(Object.keys(me.json).sort(), [
    'billing_address', 'billing_name', 'created_at', 'default_payment_method_id', 'email', 'email_verified', 'id',
    'locale', 'modified_at', 'name', 'oauth_accounts', 'tax_id', 'type',
  ]);
  assert.match(me.json.created_at, POLAR_TIME);
});

test('member session: polar_mst_ token, 403 NotPermitted on orders and wallets, the rest answers', async () => {
  const member = await s.mint('polar-member');
  assert.match(member.token, /^polar_mst_[A-Za-z0-9]{43}$/);
  assert.ok(tokenChecksumOk(member.token));
  assert.equal(member.customer.email, null, 'team customers may have no e-mail');
  assert.equal(new URL(member.customer_portal_url).searchParams.get('email'), null);
  const forbidden = { error: 'NotPermitted', detail: 'Only owners and billing managers can access billing features.' };
  const typical = await s.mint('polar-typical');
  const order = (await s.portal(typical.token, '/orders/?limit=1')).json.items[0];
  for (const path of ['/orders/', '/wallets/', `/orders/${order.id}`, `/orders/${order.id}/invoice`, `/orders/${order.id}/receipt`, '/wallets/00000000-0000-4000-8000-000000000000']) {
    const r = await s.portal(member.token, path);
    assert.equal(r.status, 403, path);
    assert.deepEqual(r.json, forbidden, path);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  }
  for (const path of ['/customers/me', '/subscriptions/', '/meters/', '/customer-session/introspect']) {
    assert.equal((await s.portal(member.token, path)).status, 200, path);
  }
  const subs = (await s.portal(member.token, '/subscriptions/?active=true')).json;
  assert.equal(subs.items.length, 1);
  assert.equal(subs.items[0].currency, 'eur');
});
