/**
 * Faults at the element level, against the reference server's fault switches:
 * per-section errors with a retry button that never blank another section,
 * transparent retries of 502/503/504/429 (honouring Retry-After), no retry of
 * other 4xx, timeouts, truncated and schema-violating JSON as section errors
 * (never an uncaught exception), and recovery after going offline.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { PortalErrorDetail } from '../../src/events.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { FakeClock } from '../../src/session/testing/fake-clock.js';
import { deepElements, deepText, openTab, settled } from './hostile-support.js';
import { preloadBackends } from '../helpers/backends.js';
import { useTestHooks } from '../helpers/portal-hooks.js';

preloadBackends('flexprice');

let stub: PortalFetchStub | null = null;
const uncaught: string[] = [];
const onError = (e: ErrorEvent) => uncaught.push(String(e.message));
const onRejection = (e: PromiseRejectionEvent) => uncaught.push(`unhandled: ${String(e.reason)}`);

async function mount(s: PortalFetchStub) {
  const el = document.createElement('customer-portal');
  const errors: PortalErrorDetail[] = [];
  el.addEventListener('portal-error', (e) => errors.push(e.detail));
  el.apiBase = s.apiBase;
  el.token = s.token;
  (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
  return { el, errors };
}

const card = (el: CustomerPortal, part: string) => deepElements(el).find((e) => e.getAttribute('part')?.split(' ').includes(part)) as HTMLElement;
const errorStates = (root: Element) => deepElements(root).filter((e) => e.matches('.state.error'));
const retryIn = (root: Element) => deepElements(root).find((e): e is HTMLButtonElement => e.matches('button[part="retry-button"]'))!;
const callsTo = (s: PortalFetchStub, path: string) => s.calls.filter((c) => new URL(c.url).pathname.endsWith(path));

describe('faults, element level', () => {
  useTestHooks({ client: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
  beforeEach(() => {
    uncaught.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    stub?.restore();
    stub = null;
    expect(uncaught, 'no uncaught exception or rejection').to.deep.equal([]);
  });

  it('a failing section shows its error and a retry button; the other sections keep their data', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setFaults({ status: 500, paths: ['/subscriptions'] });
    const { el, errors } = await mount(stub);
    await settled(el);
    const subs = card(el, 'subscriptions-card');
    expect(errorStates(subs)).to.have.length(1);
    expect(deepText(subs)).to.contain('The billing service answered with an error (500)');
    expect(callsTo(stub, '/subscriptions'), '500 is not retried').to.have.length(1);
    expect(deepText(card(el, 'wallet-card'))).to.contain('credits');
    expect(errorStates(card(el, 'wallet-card'))).to.have.length(0);
    expect(deepElements(card(el, 'trend-card')).some((e) => e.localName === 'cp-usage-chart')).to.be.true;
    expect(errors.map((e) => [e.section, e.status])).to.deep.equal([['overview', 500]]);
    await expect(el).to.be.accessible();

    stub.api.setFaults({});
    retryIn(subs).click();
    await settled(el);
    expect(errorStates(el)).to.have.length(0);
    expect(deepText(card(el, 'subscriptions-card'))).to.contain('Priority Support');
  });

  it('retries 502, 503 and 504 and the user sees only data', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    for (const status of [502, 503, 504]) {
      stub.api.setFaults({ status, statusCount: 2, retryAfter: 0, paths: ['/invoices'] });
      const before = stub.calls.length;
      const { el, errors } = await mount(stub);
      await openTab(el, 'Invoices');
      expect(errorStates(el), `no error after ${status}×2`).to.have.length(0);
      expect(deepText(el)).to.match(/INV-\d{6}-\d{5}/);
      const tries = stub.calls.slice(before).filter((c) => new URL(c.url).pathname.endsWith('/invoices'));
      expect(tries.length, `${status}: two failures then success`).to.be.greaterThanOrEqual(3);
      expect(errors).to.deep.equal([]);
      el.remove();
    }
  });

  it('honours Retry-After on 429', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setFaults({ status: 429, statusCount: 1, retryAfter: 1, paths: ['/subscriptions'] });
    // The client's timers on a fake clock: the wait is the clock's, not the machine's.
    const clock = new FakeClock();
    CustomerPortal.testHooks = { client: { ...CustomerPortal.testHooks.client, timers: clock.timers } };
    const subscriptionCalls = () => callsTo(stub!, '/subscriptions').length;
    const { el } = await mount(stub);
    await waitUntil(() => subscriptionCalls() === 1 && clock.pendingDelays().includes(1000), 'no 1 s wait after the 429');
    await clock.tick(999);
    expect(subscriptionCalls(), 'retried before Retry-After').to.equal(1);
    await clock.tick(1);
    await waitUntil(() => subscriptionCalls() === 2, 'not retried after Retry-After');
    await settled(el);
    expect(deepText(card(el, 'subscriptions-card'))).to.contain('Priority Support');
  });

  it('does not retry other 4xx', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setFaults({ status: 404, paths: ['/subscriptions'] });
    const { el } = await mount(stub);
    await settled(el);
    expect(callsTo(stub, '/subscriptions')).to.have.length(1);
    expect(errorStates(card(el, 'subscriptions-card'))).to.have.length(1);
  });

  it('times out a hung request per attempt and offers a retry', async () => {
    // The client's timers on a fake clock (its default 15 s limit): only the test moves time, so no other
    // request can run out of time on a slow machine. The server holds /subscriptions until released.
    const clock = new FakeClock();
    CustomerPortal.testHooks = { client: { ...CustomerPortal.testHooks.client, timers: clock.timers } };
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const hung = stub.api.hold('/subscriptions');
    const { el, errors } = await mount(stub);
    // Every other request has been answered (its timer cleared): only the hung one's limit is armed.
    await waitUntil(() => hung.waiting === 1 && clock.pendingDelays().length === 1, 'the hung request alone in flight');
    expect(clock.pendingDelays()).to.deep.equal([15_000]);
    await clock.tick(14_999);
    expect(deepText(card(el, 'subscriptions-card'))).not.to.contain('took too long');
    await clock.tick(1);
    await settled(el, 'timed out sections settle');
    hung.release();
    expect(deepText(card(el, 'subscriptions-card'))).to.contain('took too long');
    expect(errors.map((e) => e.section)).to.deep.equal(['overview']);
    retryIn(card(el, 'subscriptions-card')).click();
    await settled(el);
    expect(deepText(card(el, 'subscriptions-card'))).to.contain('Priority Support');
  });

  it('turns truncated JSON into a section error, not an exception', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setFaults({ truncate: true, paths: ['/invoices'] });
    const { el } = await mount(stub);
    await openTab(el, 'Invoices');
    expect(deepText(el)).to.contain('sent data we could not read');
    expect(retryIn(el)).to.exist;
    await expect(el).to.be.accessible();
    stub.api.setFaults({});
    retryIn(el).click();
    await settled(el);
    expect(deepText(el)).to.match(/INV-\d{6}-\d{5}/);
  });

  it('turns schema-violating JSON into section errors, each section on its own', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.patchCustomer('cus-typical', (c) => {
      (c.subscriptions[0] as Record<string, unknown>).currency = { not: 'a currency' };
      c.invoices[0]!.amount_due = ['1'];
      const [list] = [...c.transactions.values()];
      list![0]!.credit_amount = 'twelve';
    });
    const { el } = await mount(stub);
    await settled(el);
    expect(deepText(card(el, 'subscriptions-card'))).to.contain('sent data we could not read');
    expect(errorStates(card(el, 'wallet-card'))).to.have.length(0);
    await openTab(el, 'Invoices');
    expect(deepText(el.shadowRoot!.querySelector('#panel-invoices')!)).to.contain('sent data we could not read');
    await openTab(el, 'Credits');
    const credits = el.shadowRoot!.querySelector('#panel-credits')!;
    expect(deepText(credits)).to.contain('sent data we could not read');
    expect(deepText(credits), 'the wallet itself still shows').to.contain('Prepaid credits');
  });

  it('recovers after going offline and back online', async () => {
    stub = await portalFetchStub({ customer: 'cus-typical' });
    stub.api.setFaults({ offline: true });
    const { el, errors } = await mount(stub);
    await waitUntil(() => errorStates(el).length > 0, 'an offline error', { timeout: 8000 });
    await settled(el);
    expect(deepText(el)).to.contain('could not reach the billing service');
    expect(errors.every((e) => e.status === 0)).to.be.true;
    await expect(el).to.be.accessible();

    stub.api.setFaults({});
    window.dispatchEvent(new Event('online'));
    for (const button of deepElements(el).filter((e): e is HTMLButtonElement => e.matches('button[part="retry-button"]'))) button.click();
    await settled(el);
    await waitUntil(() => errorStates(el).length === 0, 'errors cleared after going back online', { timeout: 8000 });
    expect(deepText(el)).to.contain('Priority Support');
  });
});
