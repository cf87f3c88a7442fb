/**
 * The billing details (`billing-details`) on Polar (PATCH /customers/me) and Lago
 * (updateCustomerPortalCustomer): the section shows them, "Edit billing details" opens a form in the
 * action dialog that checks each field before sending, writes only the changed keys, shows the
 * server's per-field reasons by their fields, and re-renders the section from the answer.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import type { BillingDetailsForm } from './billing-details-form.js';
import type { Seen } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { lagoFetchStub, type LagoFetchStub } from '../../test/helpers/lago-fetch.js';
import { useTestHooks } from '../../test/helpers/portal-hooks.js';
import { mountPolar, polarLive, polarWrites, usePolarNet } from '../../test/helpers/polar-actions.js';

preloadBackends('polar', 'lago');

const section = (el: CustomerPortal) => deepQuery(el, 'cp-billing-details-section');
const sectionRoot = (el: CustomerPortal) => section(el)?.shadowRoot ?? null;
const editButton = (el: CustomerPortal) => sectionRoot(el)?.querySelector<HTMLButtonElement>('button[part~="action-button"]') ?? null;
const shown = (el: CustomerPortal) => sectionRoot(el)?.querySelector('dl')?.textContent?.replace(/\s+/g, ' ') ?? '';
const form = (el: CustomerPortal) => deepQuery<BillingDetailsForm>(el, 'cp-billing-details-form');
const inForm = <E extends Element>(el: CustomerPortal, selector: string) => form(el)?.shadowRoot?.querySelector<E>(selector) ?? null;
const status = (el: CustomerPortal) => inForm(el, '[role="status"]')?.textContent?.trim() ?? '';
const problem = (el: CustomerPortal, field: string) => inForm(el, `#${field}-problem`)?.textContent?.trim() ?? '';

async function openForm(el: CustomerPortal): Promise<void> {
  await waitUntil(() => editButton(el), 'no Edit billing details button');
  editButton(el)!.click();
  await waitUntil(() => inForm(el, 'input'), 'the form did not open');
}

async function fill(el: CustomerPortal, field: string, value: string): Promise<void> {
  const input = inForm<HTMLInputElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await form(el)!.updateComplete;
}

function save(el: CustomerPortal): void {
  inForm<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
}

describe('actions on Polar: billing-details', () => {
  usePolarNet();

  it('read-only default: no section content, no non-GET request', async () => {
    const { el } = await mountPolar(null);
    await new Promise((r) => setTimeout(r, 500));
    expect(sectionRoot(el)?.querySelector('section') ?? null).to.equal(null);
    expect(polarWrites()).to.deep.equal([]);
  });

  it('a member session without the billing role: the section stays hidden', async () => {
    polarLive.restore();
    const { polarFetch } = await import('../../test/helpers/polar-fetch.js');
    polarLive.polar = polarFetch({ customer: 'polar-member' });
    polarLive.restore = polarLive.polar.install();
    const { el } = await mountPolar('billing-details');
    expect(polarLive.polar.token).to.match(/^polar_mst_/);
    await waitUntil(() => polarLive.polar.calls.some((c) => c.url.includes('/payment-methods')), 'gate not asked');
    await new Promise((r) => setTimeout(r, 200));
    expect(editButton(el)).to.equal(null);
    expect(shown(el)).to.equal('');
    expect(polarWrites()).to.deep.equal([]);
  });

  it('happy path: only the changed keys are sent, one write for a double click, events in order, the section re-rendered from the answer; accessible', async () => {
    const { el, seen } = await mountPolar('billing-details');
    await waitUntil(() => shown(el).includes('Analytical Engines Ltd'), 'details not shown');
    await expect(section(el)!).to.be.accessible();
    await openForm(el);
    expect(inForm(el, '#email')).to.equal(null); // Polar: e-mail not editable here
    await expect(form(el)!).to.be.accessible();
    await fill(el, 'name', '  Engines Ltd  ');
    save(el);
    save(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    expect(seen.actions[0]).to.deep.equal({ action: 'billing-details', target: { type: 'customer', id: seen.actions[0]!.target.id }, input: { name: 'Engines Ltd' } });
    expect(polarWrites()).to.deep.equal(['PATCH /customers/me']);
    const patch = polarLive.polar.calls.find((c) => c.method === 'PATCH')!;
    expect(JSON.parse(patch.body as string)).to.deep.equal({ billing_name: 'Engines Ltd' });
    await waitUntil(() => shown(el).includes('Engines Ltd') && !shown(el).includes('Analytical'), 'not re-rendered');
    expect(status(el)).to.contain('saved');
  });

  it('preventDefault(): nothing sent', async () => {
    const { el, seen } = await mountPolar('billing-details');
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await openForm(el);
    await fill(el, 'city', 'Cambridge');
    save(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(polarWrites()).to.deep.equal([]);
    expect(seen.actions[0]!.input).to.deep.equal({ city: 'Cambridge' });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['name', '', /required/],
    ['name', '<script>alert(1)</script>', /< or >/],
    ['city', 'x'.repeat(10_000), /too long/],
    ['addressLine1', 'Main\u0000Street', /control characters/],
    ['country', 'Atlantis', /2-letter country code/],
  ];
  for (const [field, value, message] of bad) {
    it(`validation: ${field} = ${JSON.stringify(value.slice(0, 30))} is refused before sending`, async () => {
      const { el, seen } = await mountPolar('billing-details');
      await openForm(el);
      await fill(el, field, value);
      save(el);
      await waitUntil(() => problem(el, field), 'no message');
      expect(problem(el, field)).to.match(message);
      expect(inForm(el, `#${field}`)!.getAttribute('aria-invalid')).to.equal('true');
      expect(inForm<HTMLInputElement>(el, `#${field}`)!.value).to.equal(value);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.actions).to.deep.equal([]);
      expect(polarWrites()).to.deep.equal([]);
      // Never markup: no element was made from what was typed.
      expect(form(el)!.shadowRoot!.querySelector('script')).to.equal(null);
    });
  }

  it('country is upper-cased, postal code trimmed', async () => {
    const { el, seen } = await mountPolar('billing-details');
    await openForm(el);
    await fill(el, 'country', ' gb ');
    await fill(el, 'postalCode', '  CB2 1TN ');
    save(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.actions[0]!.input).to.deep.equal({ postalCode: 'CB2 1TN' });
    expect(seen.results[0]!.status).to.equal('completed');
  });

  it("Polar's 422 on the tax id: shown by the field, what was typed kept, failed + portal-error", async () => {
    const { el, seen } = await mountPolar('billing-details');
    await openForm(el);
    await fill(el, 'taxId', 'GB12');
    save(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'PolarRequestValidationError' });
    expect(problem(el, 'taxId')).to.equal('Invalid tax ID.');
    expect(inForm<HTMLInputElement>(el, '#taxId')!.value).to.equal('GB12');
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['overview']);
    expect(shown(el)).to.contain('GB123456789');
  });

  it('no answer to the write: never re-sent; the details are re-read and the form says the change was stored', async () => {
    const { el, seen } = await mountPolar('billing-details');
    await openForm(el);
    const inner = window.fetch;
    // The PATCH reaches Polar, its answer is lost on the way back.
    window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      if (method === 'PATCH') {
        await inner(input, init);
        throw new TypeError('Failed to fetch');
      }
      return inner(input, init);
    }) as typeof window.fetch;
    try {
      await fill(el, 'city', 'Cambridge');
      save(el);
      await waitUntil(() => seen.results.length === 1, 'no result');
      await waitUntil(() => /saved/.test(status(el)), 'no re-read notice');
    } finally {
      window.fetch = inner;
    }
    expect(seen.results[0]!.status).to.equal('failed');
    expect(polarWrites()).to.deep.equal(['PATCH /customers/me']);
    expect(status(el)).to.contain('the changes were saved');
    await waitUntil(() => shown(el).includes('Cambridge'), 'section not updated from the re-read');
  });
});

describe('actions on Lago: billing-details', () => {
  useTestHooks();
  let stub: LagoFetchStub;
  beforeEach(async () => {
    stub = await lagoFetchStub({ customer: 'lago-typical', actions: ['billing-details'] });
  });
  afterEach(() => stub.restore());

  async function mount(actions: string | null): Promise<{ el: CustomerPortal; seen: Seen }> {
    const el = document.createElement('customer-portal');
    el.backend = 'lago';
    el.apiBase = stub.apiBase;
    el.token = stub.token;
    el.locale = 'en-US';
    if (actions !== null) el.actions = actions;
    const seen: Seen = { actions: [], results: [], errors: [], order: [] };
    el.addEventListener('portal-action', (e) => (seen.actions.push(e.detail), seen.order.push('action')));
    el.addEventListener('portal-action-result', (e) => (seen.results.push(e.detail), seen.order.push(`result:${e.detail.status}`)));
    el.addEventListener('portal-error', (e) => seen.errors.push(e.detail));
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(el);
    return { el, seen };
  }
  const mutations = () =>
    stub.calls.map((c) => JSON.parse(c.body ?? '{}') as { query?: string; variables?: { input?: Record<string, unknown> } }).filter((b) => b.query?.startsWith('mutation'));

  it('read-only default: no section content, no mutation', async () => {
    const { el } = await mount(null);
    await new Promise((r) => setTimeout(r, 500));
    expect(sectionRoot(el)?.querySelector('section') ?? null).to.equal(null);
    expect(mutations()).to.deep.equal([]);
  });

  it('happy path: only the changed keys, completed, the section re-rendered from the answer', async () => {
    const { el, seen } = await mount('billing-details');
    await waitUntil(() => shown(el).includes('Springfield'), 'details not shown');
    await openForm(el);
    expect(inForm(el, '#email')).to.not.equal(null);
    await fill(el, 'city', 'Shelbyville');
    save(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    expect(seen.actions[0]!.input).to.deep.equal({ city: 'Shelbyville' });
    expect(mutations().map((m) => m.variables?.input)).to.deep.equal([{ city: 'Shelbyville' }]);
    await waitUntil(() => shown(el).includes('Shelbyville'), 'not re-rendered');
  });

  it('a bad e-mail refused by Lago: shown by the field, input kept', async () => {
    const { el, seen } = await mount('billing-details');
    await openForm(el);
    // Passes the local check; Lago's own rule refuses it.
    await fill(el, 'email', 'not-an-email@x');
    save(el);
    await waitUntil(() => seen.results.length === 1 || problem(el, 'email'), 'no answer');
    expect(problem(el, 'email')).to.not.equal('');
    expect(inForm<HTMLInputElement>(el, '#email')!.value).to.equal('not-an-email@x');
  });
});
