import { expect } from '@open-wc/testing';
import { EXPIRY_MARGIN_MS } from './expiry.js';
import { PortalSession, type PortalSessionOptions, type TokenExpiredDetail, type TokenExpiringDetail } from './session.js';
import { readFlexpriceToken, readTokenExpiry } from '../backends/flexprice/token.js';
import { FakeClock, flushMicrotasks } from './testing/fake-clock.js';
import { mintToken, mintTokenIn } from './testing/tokens.js';

interface Harness {
  clock: FakeClock;
  session: PortalSession;
  expiring: TokenExpiringDetail[];
  expired: TokenExpiredDetail[];
  refreshed: string[];
}

/** A token provider answering `answer()` each time, and how many times it was asked. */
function countingProvider(answer: () => Promise<string>): { tokenProvider: () => Promise<string>; readonly calls: number } {
  const provider = {
    calls: 0,
    tokenProvider: () => {
      provider.calls += 1;
      return answer();
    },
  };
  return provider;
}

function harness(options: Partial<PortalSessionOptions> = {}, clock = new FakeClock()): Harness {
  const expiring: TokenExpiringDetail[] = [];
  const expired: TokenExpiredDetail[] = [];
  const refreshed: string[] = [];
  const session = new PortalSession({
    readToken: readFlexpriceToken,
    expiryWarningSeconds: 60,
    onExpiring: (d) => expiring.push(d),
    onExpired: (d) => expired.push(d),
    onTokenRefreshed: (t) => refreshed.push(t),
    now: clock.now,
    timers: clock.timers,
    ...options,
  });
  return { clock, session, expiring, expired, refreshed };
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('session/jwt readTokenExpiry', () => {
  it('reads exp of a real HS256 token', async () => {
    const token = await mintTokenIn(Date.UTC(2026, 0, 1), 3600);
    const decoded = readTokenExpiry(token);
    expect(decoded.ok).to.equal(true);
    if (decoded.ok) expect(decoded.expiresAt.toISOString()).to.equal('2026-01-01T01:00:00.000Z');
  });

  it('calls garbage, JWE-shaped and exp-less tokens malformed without throwing', () => {
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const header = b64({ alg: 'HS256' });
    for (const token of ['', 'not-a-jwt', 'a.b', 'a.b.c.d.e', `${header}.${b64({ iat: 1 })}.sig`, `${header}.${b64({ exp: '1787400245' })}.sig`, `${header}.!!!.sig`]) {
      expect(readTokenExpiry(token).ok, token).to.equal(false);
    }
    expect(readTokenExpiry(`${header}.${b64({ exp: 1787400245 })}.sig`).ok).to.equal(true);
  });
});

describe('PortalSession', () => {
  describe('setToken', () => {
    it('reports none, malformed, active and expired', async () => {
      const { session, clock } = harness();
      expect(session.setToken(null)).to.equal('none');
      expect(session.token).to.equal(null);
      expect(session.setToken('garbage')).to.equal('malformed');
      expect(session.token).to.equal(null);
      expect(session.expiresAt).to.equal(null);
      const live = await mintTokenIn(clock.now(), 3600);
      expect(session.setToken(live)).to.equal('active');
      expect(session.token).to.equal(live);
      expect(session.expiresAt?.getTime()).to.equal(clock.now() + 3600_000);
      const dead = await mintTokenIn(clock.now(), -10);
      expect(session.setToken(dead)).to.equal('expired');
      expect(session.token).to.equal(null);
    });

    it('setting the same token again is a no-op (no second warning)', async () => {
      const { session, clock, expiring } = harness();
      const token = await mintTokenIn(clock.now(), 30); // already inside the 60 s window
      session.setToken(token);
      await clock.tick(0);
      expect(expiring).to.have.length(1);
      expect(session.setToken(token)).to.equal('active');
      await clock.tick(0);
      expect(expiring).to.have.length(1);
    });
  });

  describe('expiry timers (no provider)', () => {
    it('fires token-expiring at exp − warning and token-expired 5 s before exp (a 10-minute token), once each', async () => {
      const { session, clock, expiring, expired } = harness();
      const token = await mintTokenIn(clock.now(), 600);
      const exp = clock.now() + 600_000;
      session.setToken(token);

      await clock.tick(540_000 - 1);
      expect(expiring).to.have.length(0);
      await clock.tick(1);
      expect(expiring).to.deep.equal([{ expiresAt: new Date(exp), secondsLeft: 60 }]);
      expect(session.token).to.equal(token);

      await clock.tick(60_000 - EXPIRY_MARGIN_MS - 1);
      expect(expired).to.have.length(0);
      expect(session.token).to.equal(token);
      await clock.tick(1);
      expect(expired).to.deep.equal([{ reason: 'expired', expiredAt: new Date(exp) }]);
      expect(session.token).to.equal(null);
      expect(session.state).to.equal('expired');

      await clock.tick(3_600_000);
      expect(expiring).to.have.length(1);
      expect(expired).to.have.length(1);
      expect(clock.pending).to.equal(0);
    });

    it('warns at once when the token is already inside the warning window', async () => {
      const { session, clock, expiring } = harness();
      session.setToken(await mintTokenIn(clock.now(), 20));
      expect(expiring).to.have.length(0); // never synchronously inside setToken
      await clock.tick(0);
      expect(expiring).to.have.length(1);
      expect(expiring[0]?.secondsLeft).to.equal(20);
    });

    it('expires at once when the token is already past exp', async () => {
      const { session, clock, expiring, expired } = harness();
      const token = await mintTokenIn(clock.now(), -5);
      expect(session.setToken(token)).to.equal('expired');
      await clock.tick(0);
      expect(expiring).to.have.length(0);
      expect(expired).to.deep.equal([{ reason: 'expired', expiredAt: new Date(clock.now() - 5000) }]);
    });

    it('a new token resets the timers and fires again for the new token', async () => {
      const { session, clock, expiring, expired } = harness();
      session.setToken(await mintTokenIn(clock.now(), 120));
      await clock.tick(60_000);
      expect(expiring).to.have.length(1);
      const second = await mintTokenIn(clock.now(), 120);
      session.setToken(second);
      await clock.tick(59_000);
      expect(expiring).to.have.length(1);
      expect(expired).to.have.length(0);
      await clock.tick(1_000);
      expect(expiring).to.have.length(2);
      await clock.tick(60_000);
      expect(expired).to.have.length(1);
      const decoded = readTokenExpiry(second);
      expect(decoded.ok && expired[0]?.expiredAt?.getTime() === decoded.expiresAt.getTime()).to.equal(true);
    });

    it('replacing a token cancels its pending callbacks', async () => {
      const { session, clock, expiring, expired } = harness();
      session.setToken(await mintTokenIn(clock.now(), 10));
      session.setToken(null);
      await clock.tick(60_000);
      expect(expiring).to.have.length(0);
      expect(expired).to.have.length(0);
      expect(clock.pending).to.equal(0);
    });

    it('dispose clears every timer and silences callbacks', async () => {
      const { session, clock, expiring, expired } = harness();
      session.setToken(await mintTokenIn(clock.now(), 600));
      expect(clock.pending).to.be.greaterThan(0);
      session.dispose();
      expect(clock.pending).to.equal(0);
      await clock.tick(3_600_000);
      expect(expiring).to.have.length(0);
      expect(expired).to.have.length(0);
      expect(session.token).to.equal(null);
    });

    it('chains timers longer than 2^31−1 ms', async () => {
      const { session, clock, expiring, expired } = harness();
      const days40 = 40 * 24 * 3600;
      session.setToken(await mintTokenIn(clock.now(), days40));
      for (const delay of clock.pendingDelays()) expect(delay).to.be.at.most(2 ** 31 - 1);
      await clock.tick(days40 * 1000 - 60_000);
      expect(expiring).to.have.length(1);
      await clock.tick(60_000);
      expect(expired).to.have.length(1);
    });

    it('the token getter goes null on time even if the timer is late (sleep/wake)', async () => {
      const { session, clock } = harness();
      session.setToken(await mintTokenIn(clock.now(), 600));
      clock.jump(601_000);
      expect(session.token).to.equal(null);
      expect(session.state).to.equal('expired');
    });

    it('changing expiryWarningSeconds reschedules the warning', async () => {
      const { session, clock, expiring } = harness();
      session.setToken(await mintTokenIn(clock.now(), 600));
      session.expiryWarningSeconds = 300;
      await clock.tick(300_000);
      expect(expiring).to.have.length(1);
      expect(expiring[0]?.secondsLeft).to.equal(300);
    });
  });

  describe('retirement margin and warning order', () => {
    /** Runs the clock until the token is retired; returns the events in the order they fired, with their times. */
    async function runToExpiry(warning: number, token: string, clock: FakeClock) {
      const log: { event: 'expiring' | 'expired'; at: number; secondsLeft?: number }[] = [];
      const session = new PortalSession({
        readToken: readFlexpriceToken,
        expiryWarningSeconds: warning,
        onExpiring: (d) => log.push({ event: 'expiring', at: clock.now(), secondsLeft: d.secondsLeft }),
        onExpired: () => log.push({ event: 'expired', at: clock.now() }),
        now: clock.now,
        timers: clock.timers,
      });
      const state = session.setToken(token);
      const usable = session.token === token;
      await clock.tick(3_600_000);
      return { log, state, usable, session };
    }

    for (const [warning, warnBeforeExp] of [
      [60, 60_000],
      [5, 5_000],
      [3, 5_000],
      [0, 5_000],
    ] as const) {
      it(`expiry-warning ${warning}: token-expiring ${warnBeforeExp / 1000} s before exp, then token-expired 5 s before exp (a 10-minute token)`, async () => {
        const clock = new FakeClock();
        const exp = clock.now() + 600_000;
        const { log } = await runToExpiry(warning, await mintTokenIn(clock.now(), 600), clock);
        expect(log.map((e) => e.event)).to.deep.equal(['expiring', 'expired']);
        expect(exp - log[0]!.at).to.equal(warnBeforeExp);
        expect(log[0]!.secondsLeft).to.equal(warnBeforeExp / 1000);
        expect(exp - log[1]!.at).to.equal(5_000);
      });
    }

    it('an 8 s token (iat to exp) is retired a tenth of its lifetime early, 0.8 s, after its warning', async () => {
      const clock = new FakeClock();
      const nowS = clock.now() / 1000;
      const token = await mintToken(nowS + 8, {}, nowS);
      const exp = clock.now() + 8_000;
      const h = harness({ expiryWarningSeconds: 3 }, clock);
      expect(h.session.setToken(token)).to.equal('active');
      await clock.tick(5_000 - 1);
      expect(h.expiring).to.have.length(0);
      await clock.tick(1);
      expect(h.expiring).to.deep.equal([{ expiresAt: new Date(exp), secondsLeft: 3 }]);
      await clock.tick(2_200 - 1);
      expect(h.session.token, 'still usable 0.8 s + 1 ms before exp').to.equal(token);
      expect(h.expired).to.have.length(0);
      await clock.tick(1);
      expect(h.session.token).to.equal(null);
      expect(h.expired).to.deep.equal([{ reason: 'expired', expiredAt: new Date(exp) }]);
    });

    it('an 8 s token with the default 60 s warning warns at once (8 s left), then expires 0.8 s before exp', async () => {
      const clock = new FakeClock();
      const nowS = clock.now() / 1000;
      const exp = clock.now() + 8_000;
      const { log } = await runToExpiry(60, await mintToken(nowS + 8, {}, nowS), clock);
      expect(log.map((e) => [e.event, exp - e.at])).to.deep.equal([
        ['expiring', 8_000],
        ['expired', 800],
      ]);
    });

    it('a long-lived token set with 3 s left is not dead on arrival: usable, warned, retired 0.3 s before exp', async () => {
      const clock = new FakeClock();
      const exp = clock.now() + 3_000;
      const { log, state, usable } = await runToExpiry(0, await mintTokenIn(clock.now(), 3), clock); // iat an hour before exp
      expect(state).to.equal('active');
      expect(usable).to.equal(true);
      expect(log.map((e) => [e.event, exp - e.at])).to.deep.equal([
        ['expiring', 300],
        ['expired', 300],
      ]);
    });

    it('a token without iat counts its lifetime from when it was set', async () => {
      const clock = new FakeClock();
      const exp = clock.now() + 20_000;
      const { log } = await runToExpiry(1, await mintToken(clock.now() / 1000 + 20, {}, null), clock);
      expect(log.map((e) => [e.event, exp - e.at])).to.deep.equal([
        ['expiring', 2_000],
        ['expired', 2_000],
      ]);
    });

    it('with a provider and expiry-warning 0, a short token is refreshed before it is retired, with no events', async () => {
      const clock = new FakeClock();
      const nowS = clock.now() / 1000;
      const next = await mintTokenIn(clock.now(), 3600);
      let calls = 0;
      const h = harness({ expiryWarningSeconds: 0, tokenProvider: async () => ((calls += 1), next) }, clock);
      h.session.setToken(await mintToken(nowS + 8, {}, nowS));
      await clock.tick(7_200 - 1);
      expect(calls).to.equal(0);
      await clock.tick(1);
      expect(calls).to.equal(1);
      expect(h.session.token).to.equal(next);
      expect(h.expiring).to.have.length(0);
      expect(h.expired).to.have.length(0);
    });
  });

  describe('handleUnauthorized (no provider)', () => {
    it('expires with reason unauthorized once per token and returns null', async () => {
      const { session, clock, expired } = harness();
      const token = await mintTokenIn(clock.now(), 600);
      session.setToken(token);
      expect(await session.handleUnauthorized(token)).to.equal(null);
      expect(await session.handleUnauthorized(token)).to.equal(null);
      expect(expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
      expect(session.token).to.equal(null);
      expect(session.state).to.equal('expired');
      await clock.tick(3_600_000);
      expect(expired).to.have.length(1); // no second event at exp
    });

    it('returns the current token when the refused one was already replaced', async () => {
      const { session, clock, expired } = harness();
      const old = await mintTokenIn(clock.now(), 600);
      const fresh = await mintTokenIn(clock.now(), 900);
      session.setToken(old);
      session.setToken(fresh);
      expect(await session.handleUnauthorized(old)).to.equal(fresh);
      expect(expired).to.have.length(0);
    });
  });

  describe('with a tokenProvider', () => {
    it('refreshes at the warning time, without token-expiring or token-expired', async () => {
      const clock = new FakeClock();
      const next = await mintTokenIn(clock.now(), 1200);
      let calls = 0;
      const h = harness({ tokenProvider: async () => ((calls += 1), next) }, clock);
      h.session.setToken(await mintTokenIn(clock.now(), 600));
      await clock.tick(540_000);
      expect(calls).to.equal(1);
      expect(h.session.token).to.equal(next);
      expect(h.refreshed).to.deep.equal([next]);
      expect(h.expiring).to.have.length(0);
      await clock.tick(120_000);
      expect(h.expired).to.have.length(0);
    });

    it('retries at expiry after a failed early refresh, and expires only if that fails too', async () => {
      const clock = new FakeClock();
      const provider = countingProvider(() => Promise.reject(new Error('mint failed')));
      const h = harness({ tokenProvider: provider.tokenProvider }, clock);
      h.session.setToken(await mintTokenIn(clock.now(), 600));
      await clock.tick(540_000);
      expect(provider.calls).to.equal(1);
      expect(h.expired).to.have.length(0);
      await clock.tick(60_000);
      expect(provider.calls).to.equal(2);
      expect(h.expired).to.deep.equal([{ reason: 'expired', expiredAt: new Date(clock.now()) }]);
      expect(h.expiring).to.have.length(0);
    });

    it('a provider answering garbage or an expired token counts as failure', async () => {
      const clock = new FakeClock();
      const stale = await mintTokenIn(clock.now(), -60);
      const answers = ['not a jwt', stale];
      const h = harness({ tokenProvider: async () => answers.shift() ?? '' }, clock);
      const token = await mintTokenIn(clock.now(), 600);
      h.session.setToken(token);
      expect(await h.session.handleUnauthorized(token)).to.equal(null);
      expect(h.expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
      expect(h.refreshed).to.have.length(0);
    });

    it('single flight: three concurrent 401s call the provider once and all get the new token', async () => {
      const clock = new FakeClock();
      const gate = deferred<string>();
      const provider = countingProvider(() => gate.promise);
      const h = harness({ tokenProvider: provider.tokenProvider }, clock);
      const old = await mintTokenIn(clock.now(), 600);
      const fresh = await mintTokenIn(clock.now(), 3600);
      h.session.setToken(old);
      const results = Promise.all([h.session.handleUnauthorized(old), h.session.handleUnauthorized(old), h.session.handleUnauthorized(old)]);
      await flushMicrotasks();
      expect(h.session.token, 'a refused token is not handed out').to.equal(null);
      gate.resolve(fresh);
      expect(await results).to.deep.equal([fresh, fresh, fresh]);
      expect(provider.calls).to.equal(1);
      expect(h.session.token).to.equal(fresh);
      expect(h.refreshed).to.deep.equal([fresh]);
      // A late 401 for the old token just gets the current one.
      expect(await h.session.handleUnauthorized(old)).to.equal(fresh);
      expect(provider.calls).to.equal(1);
      expect(h.expired).to.have.length(0);
    });

    it('provider failure after a 401 fires token-expired (unauthorized) once and returns null', async () => {
      const clock = new FakeClock();
      const provider = countingProvider(() => Promise.reject(new Error('nope')));
      const h = harness({ tokenProvider: provider.tokenProvider }, clock);
      const token = await mintTokenIn(clock.now(), 600);
      h.session.setToken(token);
      const results = await Promise.all([h.session.handleUnauthorized(token), h.session.handleUnauthorized(token)]);
      expect(results).to.deep.equal([null, null]);
      expect(provider.calls).to.equal(1);
      expect(h.expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
      await clock.tick(3_600_000);
      expect(h.expired).to.have.length(1);
    });

    it('does not loop: a token from a 401 refresh that is refused again expires the session', async () => {
      const clock = new FakeClock();
      let calls = 0;
      const tokens = [await mintTokenIn(clock.now(), 1000), await mintTokenIn(clock.now(), 2000)];
      const h = harness({ tokenProvider: async () => tokens[calls++] ?? '' }, clock);
      const first = await mintTokenIn(clock.now(), 600);
      h.session.setToken(first);
      const second = await h.session.handleUnauthorized(first);
      expect(second).to.equal(tokens[0]);
      expect(await h.session.handleUnauthorized(second ?? '')).to.equal(null);
      expect(calls).to.equal(1);
      expect(h.expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
    });

    it('a token set by the host during a refresh wins', async () => {
      const clock = new FakeClock();
      const gate = deferred<string>();
      const h = harness({ tokenProvider: () => gate.promise }, clock);
      const old = await mintTokenIn(clock.now(), 600);
      const hostToken = await mintTokenIn(clock.now(), 1800);
      h.session.setToken(old);
      const pending = h.session.handleUnauthorized(old);
      h.session.setToken(hostToken);
      gate.resolve(await mintTokenIn(clock.now(), 3600));
      expect(await pending).to.equal(hostToken);
      expect(h.session.token).to.equal(hostToken);
      expect(h.refreshed).to.have.length(0);
      expect(h.expired).to.have.length(0);
    });

    it('an already-expired token with a provider is refreshed instead of expiring', async () => {
      const clock = new FakeClock();
      const fresh = await mintTokenIn(clock.now(), 3600);
      const h = harness({ tokenProvider: async () => fresh }, clock);
      expect(h.session.setToken(await mintTokenIn(clock.now(), -1))).to.equal('expired');
      await clock.tick(0);
      expect(h.session.token).to.equal(fresh);
      expect(h.refreshed).to.deep.equal([fresh]);
      expect(h.expired).to.have.length(0);
    });
  });
});
