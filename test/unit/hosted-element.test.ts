/**
 * <customer-portal backend="hosted"> (Pabbly, and any vendor without a
 * customer-token read API): the link-out card is the whole UI; `portal-url`
 * is the session and `expires-at` its end. On a fake clock.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { TokenExpiredDetail } from '../../src/events.js';
import { deepElements, deepText } from './hostile-support.js';
import { useTestHooks } from '../helpers/portal-hooks.js';
import { useHostedCardStubs } from '../helpers/hosted-card.js';
import { recordEvents } from '../helpers/portal-mount.js';

const TK = '$2b$10$Ab.cd/EfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij';
const ACCESS_URL = `https://payments.pabbly.com/portal/access/acme?tk=${TK}`;

const card = (el: CustomerPortal) => el.shadowRoot!.querySelector('cp-hosted-card');
const button = (el: CustomerPortal) => card(el)?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="open-button"]') ?? null;

describe('<customer-portal backend="hosted">', () => {
  // The element's session and the card run on the same fake clock.
  const stubs = useHostedCardStubs();
  useTestHooks(() => ({ now: stubs.clock.date, sessionTimers: stubs.clock.timers }));

  async function mount(portalUrl: string | null, expiresInMs: number | null, warning = 60, tokenProvider?: () => Promise<string>) {
    const el = document.createElement('customer-portal');
    if (tokenProvider) el.tokenProvider = tokenProvider;
    const events = recordEvents(el);
    el.backend = 'hosted';
    el.locale = 'en-US';
    el.expiryWarning = warning;
    el.portalUrl = portalUrl;
    if (expiresInMs !== null) el.expiresAt = new Date(stubs.clock.now() + expiresInMs).toISOString();
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(el);
    await waitUntil(() => card(el)?.shadowRoot?.querySelector('section, [part~="error"]'), 'the card never rendered');
    return { el, events };
  }

  it('shows the link-out card (no tabs) whose button opens portal-url with noopener,noreferrer; accessible', async () => {
    const { el } = await mount(ACCESS_URL, 24 * 3600_000);
    expect(el.shadowRoot!.querySelector('[role="tab"]')).to.equal(null);
    expect(deepText(el.shadowRoot!)).to.contain('This session ends in 24 hours');
    button(el)!.click();
    expect(stubs.opened).to.deep.equal([[ACCESS_URL, '_blank', 'noopener,noreferrer']]);
    await expect(el).to.be.accessible();
  });

  it('the link never enters the DOM: no attribute, no text, no anchor, not reflected', async () => {
    const { el } = await mount(ACCESS_URL, 3600_000);
    const everything = deepElements(el)
      .flatMap((e) => e.getAttributeNames().map((a) => `${a}=${e.getAttribute(a)}`))
      .concat(deepText(el.shadowRoot!))
      .join(' ');
    expect(everything).not.to.contain('tk=');
    expect(everything).not.to.contain(TK.slice(7, 20));
    expect(el.hasAttribute('portal-url')).to.equal(false);
    expect(deepElements(el).some((e) => e.localName === 'a')).to.equal(false);
  });

  const cardText = (el: CustomerPortal) => deepText(card(el)!.shadowRoot!).replace(/\s+/g, ' ');
  const alertIn = (el: CustomerPortal) => card(el)?.shadowRoot?.querySelector('[part~="error"][role="alert"]') ?? null;

  it('without a tokenProvider: token-expiring, then token-expired once; the card says the session ended and waits; the host’s new session resumes it', async () => {
    const { el, events } = await mount(ACCESS_URL, 10 * 60_000, 120);
    await stubs.clock.tick(8 * 60_000);
    await waitUntil(() => events.expiring.length === 1, 'no token-expiring');
    expect(events.expiring[0]!.secondsLeft).to.be.within(115, 120);
    await stubs.clock.tick(2 * 60_000);
    await waitUntil(() => events.expired.length === 1, 'no token-expired');
    expect(events.expired[0]!.reason).to.equal('expired');
    await waitUntil(() => cardText(el).includes('Your billing session has ended'), 'the card never said the session ended');
    expect(cardText(el)).to.contain('The billing portal opens here again once the app starts a new session.');
    expect(button(el), 'no button: nothing to ask for, and no dead link to open').to.equal(null);
    await expect(el).to.be.accessible();
    await stubs.clock.tick(60 * 60_000);
    expect(events.expired.length, 'token-expired once per session').to.equal(1);
    expect(stubs.opened).to.deep.equal([]);
    // The host mints a new session (Pabbly: POST /portal_sessions/) when it decides to, and hands it over.
    el.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=fresh';
    el.expiresAt = new Date(stubs.clock.now() + 24 * 3600_000).toISOString();
    await waitUntil(() => button(el)?.textContent?.trim() === 'Open billing portal', 'the new session never showed');
    expect(cardText(el)).to.contain('This session ends in 24 hours');
    button(el)!.click();
    expect(stubs.opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=fresh', '_blank', 'noopener,noreferrer']]);
    await expect(el).to.be.accessible();
  });

  describe('with a tokenProvider', () => {
    /** A provider the test answers: each call waits for `answer()` / `fail()`. */
    function provider() {
      const calls: { resolve(link: string): void; reject(error: Error): void }[] = [];
      const fn = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }));
      return { calls, fn };
    }

    async function expire(el: CustomerPortal, events: { expired: TokenExpiredDetail[] }, count: number) {
      await waitUntil(() => events.expired.length === count, `token-expired #${count} never fired`);
      await waitUntil(() => button(el)?.textContent?.trim() === 'Request a new session', 'no "Request a new session"');
    }

    /** A minute's session has ended and the customer clicked "Request a new session": the provider's one call is pending. */
    async function requested() {
      const p = provider();
      const { el, events } = await mount(ACCESS_URL, 60_000, 60, p.fn);
      await stubs.clock.tick(60_000);
      await expire(el, events, 1);
      button(el)!.click();
      await waitUntil(() => p.calls.length === 1, 'no provider call');
      return { p, el, events };
    }

    it('mints nothing before the customer asks; token-expired once; the click calls the provider once and its link resumes the card', async () => {
      const p = provider();
      const { el, events } = await mount(ACCESS_URL, 10 * 60_000, 120, p.fn);
      await stubs.clock.tick(10 * 60_000);
      await expire(el, events, 1);
      expect(events.expiring, 'token-expiring before token-expired, as without a provider').to.have.length(1);
      expect(p.calls, 'the provider is not called before the customer asks').to.have.length(0);
      expect(cardText(el)).to.contain('Request a new session to open the billing portal.');
      await expect(el).to.be.accessible();

      button(el)!.click();
      await waitUntil(() => p.calls.length === 1, 'the click never called the provider');
      await waitUntil(() => button(el)?.textContent?.trim() === 'Requesting a new session…', 'no pending state');
      await expect(el).to.be.accessible();
      button(el)!.click();
      expect(p.calls, 'one request at a time').to.have.length(1);

      // A host that mints on demand sets the new session's end, then answers its link.
      el.expiresAt = new Date(stubs.clock.now() + 2 * 3600_000).toISOString();
      p.calls[0]!.resolve('https://payments.pabbly.com/portal/access/acme?tk=requested');
      await waitUntil(() => button(el)?.textContent?.trim() === 'Open billing portal', 'the requested session never showed');
      expect(cardText(el)).to.contain('This session ends in 2 hours');
      button(el)!.click();
      expect(stubs.opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=requested', '_blank', 'noopener,noreferrer']]);
      expect(events.expired, 'no second token-expired for the ended session').to.have.length(1);
      expect(events.errors).to.deep.equal([]);
      await expect(el).to.be.accessible();

      // The requested session ends in its turn: its own token-expired, once.
      await stubs.clock.tick(2 * 3600_000);
      await expire(el, events, 2);
      await stubs.clock.tick(3600_000);
      expect(events.expired).to.have.length(2);
      expect(p.calls).to.have.length(1);
    });

    it('a failing provider: a clear message inside the card, no second token-expired, and another try works', async () => {
      const { p, el, events } = await requested();
      p.calls[0]!.reject(new Error('Pabbly: daily portal session limit reached'));
      await waitUntil(() => alertIn(el), 'no failure message');
      expect(alertIn(el)!.textContent!.trim()).to.equal('A new session could not be started. Try again in a moment.');
      expect(cardText(el)).not.to.contain('daily portal session limit');
      expect(button(el)!.textContent!.trim()).to.equal('Request a new session');
      expect(events.expired).to.have.length(1);
      expect(stubs.opened).to.deep.equal([]);
      await expect(el).to.be.accessible();

      button(el)!.click();
      await waitUntil(() => p.calls.length === 2, 'no second try');
      p.calls[1]!.resolve('https://payments.pabbly.com/portal/access/acme?tk=second');
      await waitUntil(() => button(el)?.textContent?.trim() === 'Open billing portal', 'the second try never resumed the card');
      expect(alertIn(el)).to.equal(null);
      expect(cardText(el)).to.contain('The session’s end time is not known.');
      expect(events.expired).to.have.length(1);
    });

    for (const [what, answer] of [
      ['an unsafe link', 'javascript:alert(document.cookie)'],
      ['the ended link again', ACCESS_URL],
      ['an empty answer', ''],
    ] as const) {
      it(`a provider answering ${what}: the same contained message, nothing opened`, async () => {
        const { p, el, events } = await requested();
        p.calls[0]!.resolve(answer);
        await waitUntil(() => alertIn(el), 'no failure message');
        expect(button(el)!.textContent!.trim()).to.equal('Request a new session');
        button(el)!.click();
        await waitUntil(() => p.calls.length === 2, 'the button is not live again');
        expect(stubs.opened).to.deep.equal([]);
        expect(events.expired).to.have.length(1);
      });
    }

    it('the host’s own new session wins over a request in flight', async () => {
      const { p, el } = await requested();
      el.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=host';
      el.expiresAt = new Date(stubs.clock.now() + 3600_000).toISOString();
      p.calls[0]!.resolve('https://payments.pabbly.com/portal/access/acme?tk=late');
      await waitUntil(() => button(el)?.textContent?.trim() === 'Open billing portal', 'the host’s session never showed');
      button(el)!.click();
      expect(stubs.opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=host', '_blank', 'noopener,noreferrer']]);
    });
  });

  for (const bad of ['javascript:alert(document.cookie)', 'data:text/html,<b>x</b>', 'http://payments.example.com/portal', '/portal']) {
    it(`refuses ${bad} with a clear error state and a portal-error`, async () => {
      const { el, events } = await mount(bad, 3600_000);
      expect(card(el)!.shadowRoot!.querySelector('[part~="error"][role="alert"]')).to.exist;
      expect(button(el)).to.equal(null);
      await waitUntil(() => events.errors.some((e) => e.section === 'session'), 'no portal-error');
      await expect(el).to.be.accessible();
    });
  }

  it('without portal-url: the card’s error state, not the token states', async () => {
    const { el } = await mount(null, null);
    expect(deepText(el.shadowRoot!)).to.contain('The billing portal can’t be opened');
    await expect(el).to.be.accessible();
  });
});
