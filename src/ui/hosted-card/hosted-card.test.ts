import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { captureConsole, type ConsoleCapture } from '../../../test/helpers/browser-stubs.js';
import { useHostedCardStubs } from '../../../test/helpers/hosted-card.js';
import { defineOnce } from '../portal-element.js';
import { HostedCard, safePortalUrl } from './hosted-card.js';

defineOnce('cp-hosted-card', HostedCard);

const TOKEN = '$2b$10$Xq9.Zk/abcdefghijklmnopqrstuv';
const URL_WITH_TOKEN = `https://payments.pabbly.com/portal/access/acme?tk=${TOKEN}`;

/** Everything a user or a script could read from the card: text, attributes, through the shadow root. */
function everything(el: HostedCard): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element) for (const a of node.attributes) parts.push(`${a.name}=${a.value}`);
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(el);
  return parts.join(' ');
}

const text = (el: HostedCard) => (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim();
const button = (el: HostedCard) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="open-button"]');
const status = (el: HostedCard) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

describe('<cp-hosted-card>', () => {
  const stubs = useHostedCardStubs();
  let logged: ConsoleCapture;
  beforeEach(() => {
    logged = captureConsole();
  });
  afterEach(() => logged.restore());

  async function card(url: string | null, expiresInMs: number | null, extra: Partial<HostedCard> = {}): Promise<HostedCard> {
    const el = await fixture<HostedCard>(html`<cp-hosted-card
      .portalUrl=${url}
      .expiresAt=${expiresInMs === null ? null : new Date(stubs.clock.now() + expiresInMs)}
      .now=${stubs.clock.date}
      .expiryWarning=${extra.expiryWarning ?? 60}
      .requestSession=${extra.requestSession ?? null}
    ></cp-hosted-card>`);
    await el.updateComplete;
    return el;
  }

  describe('a live session', () => {
    it('shows one button that opens the portal in a new tab with noopener,noreferrer', async () => {
      const el = await card(URL_WITH_TOKEN, 2 * 3600_000 + 30_000);
      expect(text(el)).to.contain('Billing portal');
      expect(text(el)).to.contain('This session ends in 2 hours');
      expect(el.shadowRoot!.querySelectorAll('button').length).to.equal(1);
      expect(button(el)!.textContent!.trim()).to.equal('Open billing portal');
      button(el)!.click();
      expect(stubs.opened).to.deep.equal([[URL_WITH_TOKEN, '_blank', 'noopener,noreferrer']]);
      await expect(el).to.be.accessible();
    });

    it('never puts the link (or its token) into the DOM, an attribute or a log', async () => {
      const el = await card(URL_WITH_TOKEN, 3600_000, { requestSession: () => Promise.reject(new Error(`no session for ${TOKEN}`)) });
      button(el)!.click();
      await stubs.clock.tick(3600_000 + 1000);
      button(el)!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the failed request’s message');
      const all = everything(el);
      expect(all).not.to.contain(TOKEN);
      expect(all).not.to.contain('pabbly');
      expect(el.shadowRoot!.querySelector('a')).to.equal(null);
      expect(logged.text()).not.to.contain(TOKEN);
    });

    it('keeps the remaining time current and announces the end once it is near', async () => {
      const el = await card(URL_WITH_TOKEN, 3 * 3600_000, { expiryWarning: 120 });
      expect(text(el)).to.contain('in 3 hours');
      expect(status(el)).to.equal('');
      await stubs.clock.tick(3600_000 + 30 * 60_000);
      await el.updateComplete;
      expect(text(el)).to.contain('in 90 minutes');
      await stubs.clock.tick(88 * 60_000);
      await el.updateComplete;
      expect(status(el)).to.equal('Your billing session ends in 2 minutes.');
      await stubs.clock.tick(60_000 + 30_000);
      await el.updateComplete;
      expect(text(el)).to.contain('in 30 seconds');
      await expect(el).to.be.accessible();
    });

    it('says so when the end is not known', async () => {
      const el = await card(URL_WITH_TOKEN, null);
      expect(text(el)).to.contain('The session’s end time is not known.');
      await expect(el).to.be.accessible();
    });
  });

  describe('an ended session', () => {
    /** A `requestSession` the test settles: counts its calls. */
    function requests() {
      const calls: { resolve(): void; reject(error: Error): void }[] = [];
      const request = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
      return { calls, request };
    }

    /** A card whose session of `lifetimeMs` has just ended; `expired` collects the card's own token-expired events. */
    async function ended(lifetimeMs: number, requestSession?: () => Promise<void>) {
      const el = await card(URL_WITH_TOKEN, lifetimeMs, requestSession ? { requestSession } : {});
      const expired: Event[] = [];
      el.addEventListener('token-expired', (e) => expired.push(e));
      await stubs.clock.tick(lifetimeMs);
      await el.updateComplete;
      return { el, expired };
    }

    it('without a way to a new session: says it ended and waits, with no button (no dead control) and no event', async () => {
      const { el, expired } = await ended(90_000);
      expect(text(el)).to.contain('Your billing session has ended');
      expect(text(el)).to.contain('The billing portal opens here again once the app starts a new session.');
      expect(text(el)).not.to.contain('Request a new session');
      expect(status(el)).to.equal('Your billing session has ended');
      expect(button(el)).to.equal(null);
      expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      expect(stubs.opened).to.deep.equal([]);
      expect(expired, 'the card fires no token-expired (the root fires it, once)').to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('with one: "Request a new session" asks once per click, one request at a time, and opens no dead link', async () => {
      const { calls, request } = requests();
      const { el, expired } = await ended(90_000, request);
      expect(text(el)).to.contain('Your billing session has ended');
      expect(text(el)).to.contain('Request a new session to open the billing portal.');
      expect(button(el)!.textContent!.trim()).to.equal('Request a new session');
      await expect(el).to.be.accessible();

      button(el)!.click();
      await el.updateComplete;
      expect(calls).to.have.length(1);
      expect(button(el)!.textContent!.trim()).to.equal('Requesting a new session…');
      expect(button(el)!.getAttribute('aria-disabled')).to.equal('true');
      expect(el.shadowRoot!.querySelector('[part~="card"]')!.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      button(el)!.click();
      expect(calls, 'no second request while one is in flight').to.have.length(1);

      // The new session arrives (the root sets it): the card is live again.
      calls[0]!.resolve();
      el.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=new';
      el.expiresAt = new Date(stubs.clock.now() + 3600_000);
      await el.updateComplete;
      await waitUntil(() => button(el)!.textContent!.trim() === 'Open billing portal', 'the card never went live again');
      expect(el.shadowRoot!.querySelector('[part~="card"]')!.getAttribute('aria-busy')).to.equal('false');
      button(el)!.click();
      expect(stubs.opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=new', '_blank', 'noopener,noreferrer']]);
      expect(expired).to.deep.equal([]);
    });

    it('a failed request is a clear message in the card; the button stays for another try', async () => {
      const { calls, request } = requests();
      const { el } = await ended(1000, request);
      button(el)!.click();
      calls[0]!.reject(new Error('mint refused: daily cap reached'));
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="error"][role="alert"]'), 'no failure message');
      const alert = el.shadowRoot!.querySelector('[part~="error"][role="alert"]')!;
      expect(alert.textContent!.trim()).to.equal('A new session could not be started. Try again in a moment.');
      expect(text(el)).not.to.contain('daily cap'); // the provider's own error is not shown
      expect(button(el)!.textContent!.trim()).to.equal('Request a new session');
      expect(button(el)!.getAttribute('aria-disabled')).to.equal('false');
      await expect(el).to.be.accessible();

      button(el)!.click();
      await el.updateComplete;
      expect(calls).to.have.length(2);
      expect(el.shadowRoot!.querySelector('[role="alert"]'), 'the message goes while trying again').to.equal(null);
    });

    it('when the root declares it over early (clock skew), and again live with a new session', async () => {
      const el = await card(URL_WITH_TOKEN, 3600_000);
      el.expired = true;
      await el.updateComplete;
      expect(text(el)).to.contain('Your billing session has ended');
      expect(button(el)).to.equal(null);
      expect(stubs.opened).to.deep.equal([]);
      el.expired = false;
      el.portalUrl = 'https://payments.pabbly.com/portal/access/acme?tk=new';
      el.expiresAt = new Date(stubs.clock.now() + 24 * 3600_000);
      await el.updateComplete;
      expect(status(el)).to.equal('');
      button(el)!.click();
      expect(stubs.opened).to.deep.equal([['https://payments.pabbly.com/portal/access/acme?tk=new', '_blank', 'noopener,noreferrer']]);
    });
  });

  describe('an unusable link', () => {
    for (const bad of [null, '', 'javascript:alert(document.cookie)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://billing.example.com/portal', '/portal?tk=x', '//evil.example/x', 'https://user:pass@evil.example/', 'vbscript:x', 'not a url']) {
      it(`refuses ${JSON.stringify(bad)} with a clear error state and no button`, async () => {
        const el = await card(bad, 3600_000);
        const error = el.shadowRoot!.querySelector('[part~="error"]');
        expect(error).to.exist;
        expect(error!.getAttribute('role')).to.equal('alert');
        expect(text(el)).to.contain('The billing portal can’t be opened');
        expect(button(el)).to.equal(null);
        expect(stubs.opened).to.deep.equal([]);
        await expect(el).to.be.accessible();
      });
    }
  });

  it('portal links: https anywhere, http only on loopback', () => {
    const verdicts: [link: unknown, safe: string | null][] = [
      ['https://portal.example/x?tk=$2b$10$a/b.c', 'https://portal.example/x?tk=$2b$10$a/b.c'],
      ['http://localhost:3000/p', 'http://localhost:3000/p'],
      ['http://127.0.0.1:8787/p', 'http://127.0.0.1:8787/p'],
      ['http://demo.localhost/p', 'http://demo.localhost/p'],
      ['http://[::1]:80/p', 'http://[::1]/p'],
      ['http://localhost.evil.example/p', null],
      ['http://127.0.0.1.evil.example/p', null],
      [42, null],
    ];
    for (const [link, safe] of verdicts) expect(safePortalUrl(link), String(link)).to.equal(safe);
  });
});
