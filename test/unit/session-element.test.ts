/**
 * <customer-portal>'s session life cycle as a host page sees it: the token
 * events and their timing, expiry and 401s, renewing the token, the token
 * provider, bad and missing tokens, aborts, and removal from the page.
 * Only `window.fetch` is replaced (real `Response` objects).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail, TokenExpiringDetail } from '../../src/events.js';
import { installFakePortalApi, makeToken, wire, type FakePortalApi } from '../../src/customer-portal/fake-portal-api.test-helper.js';
import { preloadBackends } from '../helpers/backends.js';

preloadBackends('flexprice');

let api: FakePortalApi;

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabs = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const part = (el: CustomerPortal, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const panels = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLElement>('[role="tabpanel"]')];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Recorded {
  expiring: TokenExpiringDetail[];
  expired: TokenExpiredDetail[];
  errors: PortalErrorDetail[];
  /** `Date.now()` when each event arrived. */
  times: { expiring: number[]; expired: number[] };
}

/** Creates the element with listeners attached before it connects, as a host page would. */
async function mount(
  token: string | null,
  setup: (el: CustomerPortal) => void = () => {},
): Promise<{ el: CustomerPortal; events: Recorded; start: number }> {
  const el = document.createElement('customer-portal');
  const events: Recorded = { expiring: [], expired: [], errors: [], times: { expiring: [], expired: [] } };
  const start = performance.now();
  el.addEventListener('token-expiring', (e) => {
    events.expiring.push(e.detail);
    events.times.expiring.push(Date.now());
  });
  el.addEventListener('token-expired', (e) => {
    events.expired.push(e.detail);
    events.times.expired.push(Date.now());
  });
  el.addEventListener('portal-error', (e) => events.errors.push(e.detail));
  el.apiBase = api.apiBase;
  if (token !== null) el.token = token;
  setup(el);
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(el);
  await el.updateComplete;
  return { el, events, start };
}

const loaded = (el: CustomerPortal) => waitUntil(() => tabs(el).length > 0 && root(el).querySelector('h2') !== null, 'never loaded');

describe('<customer-portal> session', () => {
  beforeEach(() => {
    api = installFakePortalApi();
    CustomerPortal.testHooks = { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } };
  });
  afterEach(() => {
    api.restore();
    CustomerPortal.testHooks = {};
  });

  describe('expiry', () => {
    it('fires token-expiring `expiry-warning` seconds before exp, then token-expired, once each', async () => {
      // exp in 8 s; warning 6 s before → ≈2 s; the session stops using a token 5 s before exp → ≈3 s.
      const token = makeToken(8);
      const { el, events } = await mount(token, (e) => (e.expiryWarning = 6));
      await loaded(el);
      tabs(el)[2]!.click(); // the user is on Invoices
      await waitUntil(() => events.expired.length === 1, 'token-expired never fired', { timeout: 6000 });
      expect(events.expiring).to.have.length(1);
      expect(events.expiring[0]!.secondsLeft).to.be.within(5, 7);
      expect(events.expiring[0]!.expiresAt.getTime()).to.equal(events.expired[0]!.expiredAt!.getTime());
      const exp = events.expired[0]!.expiredAt!.getTime();
      // Warned `expiry-warning` (6 s) before exp; the session stops using a token 5 s before exp.
      expect(exp - events.times.expiring[0]!).to.be.within(5700, 6100);
      expect(exp - events.times.expired[0]!).to.be.within(4700, 5100);
      expect(events.expired[0]!.reason).to.equal('expired');

      await el.updateComplete;
      const notice = part(el, 'expired')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.contain('Your session has expired');
      // Above the tabs, which keep their place and content but cannot be used.
      expect(notice.compareDocumentPosition(root(el).querySelector('[role="tablist"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.ok;
      expect(el.tab).to.equal('invoices');
      expect(root(el).querySelector('cp-invoices-tab')).to.exist;
      expect(root(el).querySelector('cp-overview-tab')).to.exist;
      expect(panels(el).every((p) => p.inert)).to.be.true;
      await expect(el).to.be.accessible();

      await sleep(1200);
      expect(events.expiring).to.have.length(1);
      expect(events.expired).to.have.length(1);
      expect(events.errors).to.have.length(0);
    });

    it('reports a token that is already expired, without sending it', async () => {
      const token = makeToken(-60);
      const { el, events } = await mount(token);
      await waitUntil(() => events.expired.length === 1);
      expect(events.expired[0]!.reason).to.equal('expired');
      expect(api.requests).to.have.length(0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
      expect(tabs(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('turns the first 401 into one token-expired (reason unauthorized), not a portal-error', async () => {
      const token = makeToken(3600);
      api.refuse(token);
      const { el, events } = await mount(token);
      await waitUntil(() => events.expired.length > 0);
      await sleep(300);
      expect(events.expired).to.deep.equal([{ reason: 'unauthorized', expiredAt: null }]);
      expect(events.expiring).to.have.length(0);
      expect(events.errors).to.have.length(0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
      const count = api.requests.length;
      await sleep(200);
      expect(api.requests.length, 'kept sending a refused token').to.equal(count);
    });

    it('reloads fresh data on the same tab and view when a new token is set', async () => {
      const first = makeToken(3600);
      api.route('GET /customer/portal/info', (r) => ({ status: 200, body: wire.info(r.token === first ? 'Acme Inc' : 'Acme Renewed') }));
      const { el, events } = await mount(first);
      await loaded(el);
      tabs(el)[2]!.click();
      await waitUntil(() => api.sent(first, '/customer/portal/invoices').length > 0);
      const invoicesTab = root(el).querySelector('cp-invoices-tab');
      api.refuse(first);
      // The next request with the first token is refused: simulate by reloading through a new tab.
      tabs(el)[3]!.click();
      await waitUntil(() => events.expired.length === 1, 'no 401 expiry');
      await el.updateComplete;
      tabs(el)[2]!.click(); // the user can still look around the tab list
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;

      const second = makeToken(3600);
      el.token = second;
      await waitUntil(() => api.sent(second, '/customer/portal/invoices').length > 0, 'invoices not reloaded with the new token');
      await waitUntil(() => root(el).querySelector('h2')?.textContent === 'Acme Renewed');
      await el.updateComplete;
      expect(part(el, 'expired')).to.be.null;
      expect(el.tab).to.equal('invoices');
      expect(root(el).querySelector('cp-invoices-tab')).to.equal(invoicesTab);
      expect(panels(el).some((p) => p.inert)).to.be.false;
      expect(events.expired).to.have.length(1);
    });
  });

  describe('tokenProvider', () => {
    it('renews the token before expiry and never fires token-expiring or token-expired', async () => {
      const first = makeToken(8);
      const second = makeToken(3600);
      let calls = 0;
      const { el, events } = await mount(first, (e) => {
        e.expiryWarning = 6;
        e.tokenProvider = async () => {
          calls++;
          return second;
        };
      });
      await loaded(el);
      await waitUntil(() => calls === 1, 'provider never asked', { timeout: 5000 });
      tabs(el)[2]!.click();
      await waitUntil(() => api.sent(second, '/customer/portal/invoices').length > 0);
      await sleep(1500); // past the first token's expiry
      expect(events.expiring).to.have.length(0);
      expect(events.expired).to.have.length(0);
      expect(part(el, 'expired')).to.be.null;
      // The renewed token kept the data: no second /info.
      expect(api.requests.filter((r) => r.path === '/customer/portal/info')).to.have.length(1);
    });

    it('retries a 401 once with a fresh token from the provider', async () => {
      const first = makeToken(3600);
      const second = makeToken(3600);
      api.refuse(first);
      let calls = 0;
      const { el, events } = await mount(first, (e) => {
        e.tokenProvider = async () => {
          calls++;
          return second;
        };
      });
      await loaded(el);
      expect(calls).to.equal(1);
      expect(api.sent(second, '/customer/portal/info')).to.have.length(1);
      expect(events.expired).to.have.length(0);
    });

    it('fires token-expired when the provider fails', async () => {
      const first = makeToken(8);
      const { el, events } = await mount(first, (e) => {
        e.expiryWarning = 6;
        e.tokenProvider = () => Promise.reject(new Error('mint failed'));
      });
      await loaded(el);
      await waitUntil(() => events.expired.length === 1, 'token-expired never fired', { timeout: 6000 });
      expect(events.expired[0]!.reason).to.equal('expired');
      expect(events.expiring).to.have.length(0);
      await el.updateComplete;
      expect(part(el, 'expired')).to.exist;
    });
  });

  describe('bad and missing tokens', () => {
    it('shows "Invalid session" for a malformed token, sends nothing, and tells the host', async () => {
      const { el, events } = await mount('not-a-jwt');
      await waitUntil(() => events.errors.length === 1);
      const error = part(el, 'error')!;
      expect(error.textContent).to.contain('Invalid session');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(events.errors[0]).to.deep.include({ section: 'session', code: 'malformed_token' });
      expect(JSON.stringify(events.errors[0])).not.to.contain('not-a-jwt');
      expect(api.requests).to.have.length(0);
      expect(events.expired).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('shows "No session" without a token and sends nothing; a token then loads', async () => {
      const { el } = await mount(null);
      const missing = part(el, 'missing')!;
      expect(missing.textContent).to.contain('No session');
      expect(tabs(el)).to.have.length(0);
      await expect(el).to.be.accessible();
      await sleep(50);
      expect(api.requests).to.have.length(0);

      el.token = makeToken(3600);
      await loaded(el);
      expect(part(el, 'missing')).to.be.null;
    });
  });

  describe('aborts', () => {
    it('aborts the old token’s requests on a token switch and never renders their answers', async () => {
      const first = makeToken(3600);
      const second = makeToken(3600);
      api.route('GET /customer/portal/info', (r) => ({ status: 200, body: wire.info(r.token === first ? 'Old Customer' : 'New Customer') }));
      api.hold(first);
      const { el } = await mount(first);
      await waitUntil(() => api.sent(first).length >= 3);
      el.token = second;
      await waitUntil(() => root(el).querySelector('h2')?.textContent === 'New Customer');
      api.release(first);
      await sleep(100);
      expect(root(el).querySelector('h2')!.textContent).to.equal('New Customer');
      expect(api.sent(first).every((r) => r.aborted), 'old requests still running').to.be.true;
    });

    it('aborts in-flight requests and clears its timers when removed, and resumes when put back', async () => {
      const token = makeToken(7); // token-expiring due in ≈1 s with the default 60 s warning: at once
      api.hold(token);
      const { el, events } = await mount(token, (e) => (e.expiryWarning = 5.5));
      await waitUntil(() => api.sent(token).length >= 3);
      const parent = el.parentElement!;
      el.remove();
      await sleep(50);
      expect(api.sent(token).every((r) => r.aborted), 'requests survived removal').to.be.true;
      await sleep(2500);
      expect(events.expiring, 'event after removal').to.have.length(0);
      expect(events.expired, 'event after removal').to.have.length(0);

      api.release(token);
      const longLived = makeToken(3600);
      el.token = longLived;
      parent.append(el);
      await loaded(el);
      expect(api.sent(longLived, '/customer/portal/info')).to.have.length(1);
    });
  });
});
