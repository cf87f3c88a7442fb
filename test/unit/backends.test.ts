/**
 * The backend seam as a host page sees it: the `backend` attribute (an
 * unknown value is a clear error state, never an exception; adapters load
 * lazily from the registry), `expires-at` (the earlier of it and the
 * token's own expiry counts), `portal-url` (a "Manage billing" button that
 * opens the URL on click, which never enters the DOM, a log or storage) and
 * each backend's default `api-base`. Only `window.fetch` (and, for the
 * button, `window.open`) are replaced, and restored after each test.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail, TokenExpiringDetail } from '../../src/events.js';
import { isKnownBackend, knownBackends, loadBackend, loadedBackend } from '../../src/backends/registry.js';
import { readTokenExpiry } from '../../src/backends/flexprice/token.js';
import { FakeClock, flushMicrotasks } from '../../src/session/testing/fake-clock.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { polarFetch } from '../helpers/polar-fetch.js';
import { preloadBackends } from '../helpers/backends.js';
import { deepText } from './hostile-support.js';
import { addTestHooks, useTestHooks } from '../helpers/portal-hooks.js';
import { captureConsole, useWindowOpenStub } from '../helpers/browser-stubs.js';

preloadBackends('flexprice', 'polar');

const root = (el: CustomerPortal) => el.shadowRoot!;
const manageButton = (el: CustomerPortal) => root(el).querySelector<HTMLButtonElement>('[part="manage-billing"]');
const loaded = (el: CustomerPortal) => waitUntil(() => root(el).querySelector('[role="tab"]') && root(el).querySelector('h2'), 'never loaded', { timeout: 4000 });

/** Every attribute value and text node of the element's shadow trees, for "never in the DOM" checks. */
function everythingRendered(node: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (n: Element | ShadowRoot) => {
    if (n instanceof Element) for (const a of n.attributes) parts.push(a.value);
    for (const child of n.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? '');
      else if (child instanceof Element) {
        walk(child);
        if (child.shadowRoot) walk(child.shadowRoot);
      }
    }
  };
  walk(node);
  return parts.join('\n');
}

describe('backend seam', () => {
  let stub: PortalFetchStub | null = null;
  let restoreFetch: (() => void) | null = null;
  useTestHooks();
  afterEach(() => {
    stub?.restore();
    stub = null;
    restoreFetch?.();
    restoreFetch = null;
  });

  describe('registry', () => {
    it('knows flexprice and polar, loads each adapter once, and refuses unknown names', async () => {
      expect(isKnownBackend('flexprice')).to.equal(true);
      expect(isKnownBackend('polar')).to.equal(true);
      expect(isKnownBackend('stripe')).to.equal(false);
      expect(knownBackends()).to.include.members(['flexprice', 'polar']);
      const a = await loadBackend('polar');
      expect(await loadBackend('polar')).to.equal(a);
      expect(loadedBackend('polar')).to.equal(a);
      expect(a.id).to.equal('polar');
      expect(a.defaultApiBase).to.equal('https://api.polar.sh');
      expect((await loadBackend('flexprice')).defaultApiBase).to.equal('https://api.cloud.flexprice.io/v1');
      let failure: unknown = null;
      await loadBackend('stripe').catch((e: unknown) => (failure = e));
      expect(failure).to.be.instanceOf(Error);
    });
  });

  describe('backend attribute', () => {
    it('an unknown backend is an error state with portal-error (section session), no exception and no request', async () => {
      stub = await portalFetchStub();
      const errors: PortalErrorDetail[] = [];
      const el = await fixture<CustomerPortal>(
        html`<customer-portal backend="stripe" api-base=${stub.apiBase} token=${stub.token} @portal-error=${(e: CustomEvent<PortalErrorDetail>) => errors.push(e.detail)}></customer-portal>`,
      );
      await waitUntil(() => errors.length === 1, 'no portal-error');
      expect(errors[0]).to.include({ section: 'session', code: 'unknown_backend', status: 0 });
      expect(errors[0]!.message).to.contain('stripe');
      const notice = root(el).querySelector('[part="error"]')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(deepText(notice)).to.contain('Billing unavailable');
      expect(root(el).querySelector('[role="tablist"]')).to.equal(null);
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();

      // Fixing the attribute recovers without a reload.
      el.backend = 'flexprice';
      await loaded(el);
      expect(root(el).querySelector('[part="error"]')).to.equal(null);
    });

    it('switching backend on a live element drops the old session and reads the token the new way', async () => {
      stub = await portalFetchStub();
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token}></customer-portal>`);
      await loaded(el);
      const polar = polarFetch({ apiBase: 'https://polar-api.test' });
      const restorePolar = polar.install();
      try {
        el.backend = 'polar';
        el.apiBase = polar.apiBase;
        el.expiresAt = polar.session.expires_at;
        el.token = polar.token;
        await waitUntil(() => deepText(root(el).querySelector('[part="header"]') ?? el).includes(polar.api.customers()[0]!.name), 'Polar customer never showed', { timeout: 4000 });
        // The Flexprice JWT never went to Polar, nor the Polar token to Flexprice.
        expect(polar.calls.every((c) => c.headers.authorization === `Bearer ${polar.token}`)).to.equal(true);
        expect(stub.calls.every((c) => c.headers['x-session-token'] === stub!.token)).to.equal(true);
      } finally {
        restorePolar();
      }
    });

    it('Polar without api-base talks to https://api.polar.sh', async () => {
      const polar = polarFetch({ apiBase: 'https://api.polar.sh' });
      restoreFetch = polar.install();
      const el = await fixture<CustomerPortal>(html`<customer-portal backend="polar" token=${polar.token} expires-at=${polar.session.expires_at}></customer-portal>`);
      await loaded(el);
      expect(polar.calls.length).to.be.greaterThan(0);
      expect(polar.calls.every((c) => c.url.startsWith('https://api.polar.sh/v1/customer-portal/'))).to.equal(true);
    });
  });

  describe('expires-at', () => {
    async function mountWithClock(token: string, expiresAt: string | null, clock: FakeClock) {
      addTestHooks({ now: clock.date, sessionTimers: clock.timers });
      const el = document.createElement('customer-portal');
      const expiring: TokenExpiringDetail[] = [];
      const expired: TokenExpiredDetail[] = [];
      el.addEventListener('token-expiring', (e) => expiring.push(e.detail));
      el.addEventListener('token-expired', (e) => expired.push(e.detail));
      el.apiBase = stub!.apiBase;
      el.expiryWarning = 10;
      if (expiresAt) el.expiresAt = expiresAt;
      el.token = token;
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await el.updateComplete;
      return { el, expiring, expired };
    }

    it('an expires-at earlier than the token\'s own exp is the one that counts', async () => {
      stub = await portalFetchStub({ ttlSeconds: 3600 });
      const clock = new FakeClock(Date.now());
      const end = new Date(clock.now() + 30_000);
      const { expiring, expired } = await mountWithClock(stub.token, end.toISOString(), clock);
      await clock.tick(21_000);
      await flushMicrotasks();
      expect(expiring).to.have.length(1);
      expect(expiring[0]!.expiresAt.getTime()).to.equal(end.getTime());
      await clock.tick(10_000);
      await flushMicrotasks();
      expect(expired).to.have.length(1);
      expect(expired[0]).to.deep.equal({ reason: 'expired', expiredAt: end });
    });

    it('an expires-at later than the token\'s exp does not extend it; a garbage one is ignored', async () => {
      stub = await portalFetchStub({ ttlSeconds: 30 });
      const clock = new FakeClock(Date.now());
      const { expired } = await mountWithClock(stub.token, new Date(clock.now() + 3_600_000).toISOString(), clock);
      await clock.tick(31_000);
      await flushMicrotasks();
      expect(expired).to.have.length(1);
      const jwt = readTokenExpiry(stub.token);
      expect(jwt.ok && expired[0]!.expiredAt!.getTime() === jwt.expiresAt.getTime()).to.equal(true);

      const other = await mountWithClock(await stub.mint({ ttlSeconds: 30 }), 'next tuesday', clock);
      await clock.tick(31_000);
      await flushMicrotasks();
      expect(other.expired).to.have.length(1);
    });
  });

  describe('portal-url', () => {
    const URL_WITH_TOKEN = 'https://billing.example/portal?customer_session_token=polar_cst_secretsecretsecret';
    const opened = useWindowOpenStub();

    it('adds a Manage billing button that opens the URL in a new tab without opener or referrer; the URL is nowhere in the DOM or storage', async () => {
      stub = await portalFetchStub();
      const logged = captureConsole();
      try {
        const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token} portal-url=${URL_WITH_TOKEN}></customer-portal>`);
        await loaded(el);
        const button = manageButton(el)!;
        expect(button.tagName).to.equal('BUTTON');
        expect(deepText(button)).to.contain('Manage billing');
        expect(everythingRendered(root(el))).not.to.contain('billing.example');
        expect(everythingRendered(root(el))).not.to.contain('secretsecret');
        await expect(el).to.be.accessible();
        button.click();
        expect(opened.calls).to.deep.equal([[URL_WITH_TOKEN, '_blank', 'noopener,noreferrer']]);
        const values = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i) ?? '') ?? '');
        const stored = [...values(localStorage), ...values(sessionStorage), document.cookie].join('\n');
        expect(stored).not.to.contain('secretsecret');
        expect(JSON.stringify(logged.calls)).not.to.contain('secretsecret');
      } finally {
        logged.restore();
      }
    });

    it('only https:, or http: on loopback: any other URL shows no button and opens nothing', async () => {
      stub = await portalFetchStub();
      const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} token=${stub.token}></customer-portal>`);
      await loaded(el);
      expect(manageButton(el)).to.equal(null);
      for (const bad of ['javascript:alert(1)', 'http://billing.example/portal', 'data:text/html,hi', 'ftp://x.example/', 'not a url', '']) {
        el.portalUrl = bad;
        await el.updateComplete;
        expect(manageButton(el), bad).to.equal(null);
      }
      for (const good of ['http://127.0.0.1:8787/polar/__portal', 'http://localhost:3000/portal', 'https://polar.sh/acme/portal']) {
        el.portalUrl = good;
        await el.updateComplete;
        manageButton(el)!.click();
      }
      expect(opened.calls.map((args) => args[0])).to.deep.equal(['http://127.0.0.1:8787/polar/__portal', 'http://localhost:3000/portal', 'https://polar.sh/acme/portal']);
    });
  });
});
