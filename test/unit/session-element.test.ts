/**
 * <customer-portal>'s session life cycle as a host page sees it: the token
 * events and their timing, expiry and 401s, renewing the token, the token
 * provider, bad and missing tokens, aborts, and removal from the page.
 * Only `window.fetch` is replaced: the reference server's handler answers it
 * (real `Response` objects, real token checks).
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { portalFetchStub, type PortalFetchStub, type PortalFetchStubOptions } from '../helpers/portal-fetch.js';
import { settled } from './hostile-support.js';
import { FakeClock } from '../../src/session/testing/fake-clock.js';
import { preloadBackends } from '../helpers/backends.js';
import { addTestHooks, useTestHooks } from '../helpers/portal-hooks.js';
import { connect, recordEvents, type PortalEvents } from '../helpers/portal-mount.js';

preloadBackends('flexprice');

let stub: PortalFetchStub | null = null;

/** Starts the reference server behind `window.fetch` (restored in afterEach). */
async function serve(options: PortalFetchStubOptions = {}): Promise<PortalFetchStub> {
  stub = await portalFetchStub({ customer: 'cus-typical', ...options });
  return stub;
}
const server = () => stub!;
/** Requests the server got with `token`, optionally only those whose path contains `fragment`. */
const sent = (token: string | null, fragment?: string) =>
  server().calls.filter((c) => (c.headers['x-session-token'] ?? null) === token && (!fragment || new URL(c.url).pathname.includes(fragment)));
/** A well-formed token with a bad signature: the server refuses it with a 401, the browser cannot tell. */
const forged = (token: string) => `${token.slice(0, token.lastIndexOf('.'))}.c2lnbmF0dXJl`;

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabs = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const part = (el: CustomerPortal, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const panels = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLElement>('[role="tabpanel"]')];

/** Runs the element's session (its clock and expiry timers) on a fake clock; requests stay real. */
function useFakeClock(): FakeClock {
  const clock = new FakeClock();
  addTestHooks({ now: clock.date, sessionTimers: clock.timers });
  return clock;
}

/** Creates the element with listeners attached before it connects, as a host page would. */
async function mount(
  token: string | null,
  setup: (el: CustomerPortal) => void = () => {},
): Promise<{ el: CustomerPortal; events: PortalEvents }> {
  const el = document.createElement('customer-portal');
  const events = recordEvents(el);
  el.apiBase = server().apiBase;
  if (token !== null) el.token = token;
  setup(el);
  await connect(el);
  return { el, events };
}

const loaded = (el: CustomerPortal) => waitUntil(() => tabs(el).length > 0 && root(el).querySelector('h2') !== null, 'never loaded');

describe('<customer-portal> session', () => {
  useTestHooks();
  afterEach(() => {
    stub?.api.reset();
    stub?.restore();
    stub = null;
  });

  describe('expiry', () => {
    it('fires token-expiring `expiry-warning` seconds before exp, then token-expired when an 8 s token is retired (0.8 s before exp), once each', async () => {
      const clock = useFakeClock();
      // Issued now, exp in 8 s: warned 6 s before exp (at 2 s); retired a tenth of its lifetime early (at 7.2 s).
      const token = (await serve({ now: clock.date, ttlSeconds: 8 })).token;
      const exp = clock.now() + 8_000;
      const { el, events } = await mount(token, (e) => (e.expiryWarning = 6));
      await loaded(el);
      tabs(el)[2]!.click(); // the user is on Invoices
      await waitUntil(() => root(el).querySelector('cp-section-panel[data-tab="invoices"]'), 'the Invoices tab never rendered');
      await clock.tick(2_000 - 1);
      expect(events.expiring).to.have.length(0);
      await clock.tick(1);
      expect(events.expiring).to.deep.equal([{ expiresAt: new Date(exp), secondsLeft: 6 }]);
      await clock.tick(5_200 - 1);
      expect(events.expired).to.have.length(0);
      await clock.tick(1);
      expect(events.expired).to.deep.equal([{ reason: 'expired', expiredAt: new Date(exp) }]);

      await el.updateComplete;
      const notice = part(el, 'expired')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.contain('Your session has expired');
      // Above the tabs, which keep their place and content but cannot be used.
      expect(notice.compareDocumentPosition(root(el).querySelector('[role="tablist"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.ok;
      expect(el.tab).to.equal('invoices');
      expect(root(el).querySelector('cp-section-panel[data-tab="invoices"]')).to.exist;
      expect(root(el).querySelector('cp-section-panel[data-tab="overview"]')).to.exist;
      expect(panels(el).every((p) => p.inert)).to.be.true;
      await expect(el).to.be.accessible();

      // Nothing is left to fire: no timer pending, and an hour later still one event of each.
      expect(clock.pending).to.equal(0);
      await clock.tick(3_600_000);
      expect(events.expiring).to.have.length(1);
      expect(events.expired).to.have.length(1);
      expect(events.errors).to.have.length(0);
    });

    it('reports a token that is already expired, without sending it', async () => {
      const { token } = await serve({ expired: true });
      const { el, events } = await mount(token);
      await waitUntil(() => events.expired.length === 1);
      expect(events.expired[0]!.reason).to.equal('expired');
      expect(server().calls).to.have.length(0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
      expect(tabs(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('turns the first 401 into one token-expired (reason unauthorized), not a portal-error', async () => {
      const token = forged((await serve()).token);
      const { el, events } = await mount(token);
      await waitUntil(() => events.expired.length > 0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
      const count = sent(token).length;
      // The signal that the element has moved on: a new token's data is on screen.
      const next = await server().mint();
      el.token = next;
      await waitUntil(() => sent(next, '/customer/portal/info').length === 1 && part(el, 'expired') === null, 'never loaded the new token');
      expect(sent(token).length, 'kept sending a refused token').to.equal(count);
      expect(events.expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
      expect(events.expiring).to.have.length(0);
      expect(events.errors).to.have.length(0);
    });

    it('reloads fresh data on the same tab and view when a new token is set', async () => {
      const first = (await serve()).token;
      const { el, events } = await mount(first);
      await loaded(el);
      expect(root(el).querySelector('h2')?.textContent).to.equal(server().api.customer('cus-typical')!.info.name);
      tabs(el)[2]!.click();
      await waitUntil(() => sent(first, '/customer/portal/invoices').length > 0);
      const invoicesTab = root(el).querySelector('cp-section-panel[data-tab="invoices"]');
      // The server now refuses the first token: the next tab's first request gets a 401.
      server().api.setFaults({ expireAll: true });
      tabs(el)[3]!.click();
      await waitUntil(() => events.expired.length === 1, 'no 401 expiry');
      await el.updateComplete;
      tabs(el)[2]!.click(); // the user can still look around the tab list
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;

      // The server takes tokens again, with renamed data the new token must bring.
      server().api.setFaults({});
      server().api.patchCustomer('cus-typical', (c) => (c.info.name = 'Acme Renewed'));
      const second = await server().mint({ ttlSeconds: 3599 }); // another lifetime, another token
      el.token = second;
      await waitUntil(() => sent(second, '/customer/portal/invoices').length > 0, 'invoices not reloaded with the new token');
      await waitUntil(() => root(el).querySelector('h2')?.textContent === 'Acme Renewed');
      await el.updateComplete;
      expect(part(el, 'expired')).to.be.null;
      expect(el.tab).to.equal('invoices');
      expect(root(el).querySelector('cp-section-panel[data-tab="invoices"]')).to.equal(invoicesTab);
      expect(panels(el).some((p) => p.inert)).to.be.false;
      expect(events.expired).to.have.length(1);
    });
  });

  describe('tokenProvider', () => {
    it('renews the token before expiry and never fires token-expiring or token-expired', async () => {
      const clock = useFakeClock();
      const first = (await serve({ now: clock.date, ttlSeconds: 8 })).token;
      const second = await server().mint({ ttlSeconds: 3600 });
      let calls = 0;
      const { el, events } = await mount(first, (e) => {
        e.expiryWarning = 6;
        e.tokenProvider = async () => {
          calls++;
          return second;
        };
      });
      await loaded(el);
      await clock.tick(2_000 - 1);
      expect(calls).to.equal(0);
      await clock.tick(1); // `expiry-warning` (6 s) before the first token's exp
      expect(calls).to.equal(1);
      tabs(el)[2]!.click();
      await waitUntil(() => sent(second, '/customer/portal/invoices').length > 0);
      await clock.tick(60_000); // past the first token's expiry
      expect(calls).to.equal(1);
      expect(events.expiring).to.have.length(0);
      expect(events.expired).to.have.length(0);
      expect(part(el, 'expired')).to.be.null;
      // The renewed token kept the data: no second /info.
      expect(server().calls.filter((c) => new URL(c.url).pathname === '/v1/customer/portal/info')).to.have.length(1);
    });

    it('retries a 401 once with a fresh token from the provider', async () => {
      const second = (await serve()).token;
      const first = forged(second);
      let calls = 0;
      const { el, events } = await mount(first, (e) => {
        e.tokenProvider = async () => {
          calls++;
          return second;
        };
      });
      await loaded(el);
      expect(calls).to.equal(1);
      expect(sent(second, '/customer/portal/info')).to.have.length(1);
      expect(events.expired).to.have.length(0);
    });

    it('fires token-expired when the provider fails, at the early refresh and again when the token is retired', async () => {
      const clock = useFakeClock();
      const first = (await serve({ now: clock.date, ttlSeconds: 8 })).token;
      let calls = 0;
      const { el, events } = await mount(first, (e) => {
        e.expiryWarning = 6;
        e.tokenProvider = () => ((calls += 1), Promise.reject(new Error('mint failed')));
      });
      await loaded(el);
      await clock.tick(2_000);
      expect(calls).to.equal(1);
      expect(events.expired).to.have.length(0);
      await clock.tick(5_200);
      expect(calls).to.equal(2);
      expect(events.expired).to.have.length(1);
      expect(events.expired[0]!.reason).to.equal('expired');
      expect(events.expiring).to.have.length(0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
    });
  });

  describe('bad and missing tokens', () => {
    it('shows "Invalid session" for a malformed token, sends nothing, and tells the host', async () => {
      await serve();
      const { el, events } = await mount('not-a-jwt');
      await waitUntil(() => events.errors.length === 1);
      const error = part(el, 'error')!;
      expect(error.textContent).to.contain('Invalid session');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(events.errors[0]).to.deep.include({ section: 'session', code: 'malformed_token' });
      expect(JSON.stringify(events.errors[0])).not.to.contain('not-a-jwt');
      expect(server().calls).to.have.length(0);
      expect(events.expired).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('shows "No session" without a token and sends nothing; a token then loads', async () => {
      const { token } = await serve();
      const { el } = await mount(null);
      const missing = part(el, 'missing')!;
      expect(missing.textContent).to.contain('No session');
      expect(tabs(el)).to.have.length(0);
      await expect(el).to.be.accessible();

      el.token = token;
      await loaded(el);
      expect(part(el, 'missing')).to.be.null;
      // Everything it ever sent carried the token: nothing went out while it had none.
      expect(server().calls.length).to.be.greaterThan(0);
      expect(server().calls.every((c) => c.headers['x-session-token'] === token)).to.be.true;
    });
  });

  describe('aborts', () => {
    it('aborts the old token’s requests on a token switch and never renders their answers', async () => {
      // Two customers, so whose answer is on screen is visible.
      const first = (await serve({ customer: 'cus-typical' })).token;
      const second = await server().mint({ customer: 'cus-eur' });
      const oldName = server().api.customer('cus-typical')!.info.name;
      const newName = server().api.customer('cus-eur')!.info.name;
      expect(newName).not.to.equal(oldName);
      const gate = server().api.hold('/customer/portal/');
      const { el } = await mount(first);
      await waitUntil(() => gate.waiting >= 3, 'the first token’s requests never reached the server');
      el.token = second;
      // Aborted while the server still held them, before any answer existed.
      await waitUntil(() => sent(first).length >= 3 && sent(first).every((c) => c.aborted), 'old requests still running');
      gate.release(); // the server now answers both tokens' requests
      await waitUntil(() => root(el).querySelector('h2')?.textContent === newName, 'the new token’s data never showed');
      await settled(el);
      expect(root(el).querySelector('h2')!.textContent).to.equal(newName);
    });

    it('aborts in-flight requests and clears its timers when removed, and resumes when put back', async () => {
      const clock = useFakeClock();
      const token = (await serve({ now: clock.date, ttlSeconds: 7 })).token; // warned 5.5 s before exp: at 1.5 s
      const gate = server().api.hold('/customer/portal/');
      const { el, events } = await mount(token, (e) => (e.expiryWarning = 5.5));
      await waitUntil(() => gate.waiting >= 3, 'the requests never reached the server');
      expect(clock.pending).to.be.greaterThan(0);
      const parent = el.parentElement!;
      el.remove();
      await waitUntil(() => sent(token).every((c) => c.aborted), 'requests survived removal');
      expect(clock.pending, 'timers survived removal').to.equal(0);
      await clock.tick(60_000); // past the warning and the expiry
      expect(events.expiring, 'event after removal').to.have.length(0);
      expect(events.expired, 'event after removal').to.have.length(0);

      gate.release();
      const longLived = await server().mint({ ttlSeconds: 3600 });
      el.token = longLived;
      parent.append(el);
      await loaded(el);
      expect(sent(longLived, '/customer/portal/info')).to.have.length(1);
    });
  });
});
