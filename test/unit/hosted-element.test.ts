/**
 * <customer-portal backend="hosted"> (Pabbly, and any vendor without a
 * customer-token read API): the link-out card is the whole UI; `portal-url`
 * is the session and `expires-at` its end. On a fake clock.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail, TokenExpiredDetail, TokenExpiringDetail } from '../../src/events.js';
import { FakeClock } from '../../src/session/testing/fake-clock.js';
import { HostedCard } from '../../src/ui/hosted-card/hosted-card.js';
import { deepElements, deepText } from './hostile-support.js';

const TK = '$2b$10$Ab.cd/EfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij';
const ACCESS_URL = `https://payments.pabbly.com/portal/access/acme?tk=${TK}`;

const card = (el: CustomerPortal) => el.shadowRoot!.querySelector('cp-hosted-card');
const button = (el: CustomerPortal) => card(el)?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="open-button"]') ?? null;

describe('<customer-portal backend="hosted">', () => {
  let clock: FakeClock;
  let opened: unknown[][];
  const saved = { open: window.open, timers: HostedCard.timers };

  beforeEach(() => {
    clock = new FakeClock(Date.UTC(2026, 7, 22, 10, 0, 0));
    CustomerPortal.testHooks = { now: clock.date, sessionTimers: clock.timers };
    HostedCard.timers = clock.timers;
    opened = [];
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      return null;
    }) as typeof window.open;
  });
  afterEach(() => {
    CustomerPortal.testHooks = {};
    HostedCard.timers = saved.timers;
    window.open = saved.open;
  });

  async function mount(portalUrl: string | null, expiresInMs: number | null, warning = 60) {
    const el = document.createElement('customer-portal');
    const events = { expiring: [] as TokenExpiringDetail[], expired: [] as TokenExpiredDetail[], errors: [] as PortalErrorDetail[] };
    el.addEventListener('token-expiring', (e) => events.expiring.push(e.detail));
    el.addEventListener('token-expired', (e) => events.expired.push(e.detail));
    el.addEventListener('portal-error', (e) => events.errors.push(e.detail));
    el.backend = 'hosted';
    el.locale = 'en-US';
    el.expiryWarning = warning;
    el.portalUrl = portalUrl;
    if (expiresInMs !== null) el.expiresAt = new Date(clock.now() + expiresInMs).toISOString();
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
    expect(opened).to.deep.equal([[ACCESS_URL, '_blank', 'noopener,noreferrer']]);
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

  it('token-expiring then token-expired from expires-at; then the button asks for a new session; a new one works', async () => {
    const { el, events } = await mount(ACCESS_URL, 10 * 60_000, 120);
    await clock.tick(8 * 60_000);
    await waitUntil(() => events.expiring.length === 1, 'no token-expiring');
    expect(events.expiring[0]!.secondsLeft).to.be.within(115, 120);
    await clock.tick(2 * 60_000);
    await waitUntil(() => events.expired.length === 1, 'no token-expired');
    expect(events.expired[0]!.reason).to.equal('expired');
    await waitUntil(() => button(el)?.textContent?.trim() === 'Request a new session', 'the button never changed');
    expect(deepText(el.shadowRoot!)).to.contain('Your billing session has ended');
    await expect(el).to.be.accessible();
    button(el)!.click();
    expect(opened).to.deep.equal([], 'a dead link was opened');
    expect(events.expired.length).to.equal(2, 'the click asks the host for a new session');
    // The host mints a new session (Pabbly: POST /portal_sessions/) and hands it over.
    el.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=fresh';
    el.expiresAt = new Date(clock.now() + 24 * 3600_000).toISOString();
    await waitUntil(() => button(el)?.textContent?.trim() === 'Open billing portal', 'the new session never showed');
    button(el)!.click();
    expect(opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=fresh', '_blank', 'noopener,noreferrer']]);
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
