/**
 * `<customer-portal backend="polar">` end to end over the Polar reference
 * handler (behind emulated browser CORS): a smoke test of the adapter inside
 * the element, registered up front the way a per-backend entry does. The
 * tabs' own depth for Polar (every state of every tab) lives with the tabs.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { registerBackend } from '../../src/backends/registry.js';
import { adapter } from '../../src/backends/polar/index.js';
import { polarFetch, type PolarFetch } from '../helpers/polar-fetch.js';
import type { PortalErrorDetail } from '../../src/events.js';

registerBackend(adapter);

const root = (el: CustomerPortal) => el.shadowRoot!;
const tabs = (el: CustomerPortal) => [...root(el).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
/** Visible text of the element, through the tabs' shadow roots. */
function text(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    if (n instanceof HTMLElement && n.hidden) return;
    for (const child of n.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.textContent ?? '';
      else walk(child);
    }
  };
  walk(node);
  return out.replace(/\s+/g, ' ');
}

describe('<customer-portal backend="polar">', () => {
  let polar: PolarFetch;
  let restore: () => void;
  afterEach(() => {
    restore();
    CustomerPortal.testHooks = {};
  });

  async function mount(customer = 'polar-typical'): Promise<{ el: CustomerPortal; errors: PortalErrorDetail[] }> {
    polar = polarFetch({ customer });
    restore = polar.install();
    CustomerPortal.testHooks = { client: { retry: false } };
    const errors: PortalErrorDetail[] = [];
    const el = await fixture<CustomerPortal>(
      html`<customer-portal backend="polar" api-base=${polar.apiBase} expires-at=${polar.session.expires_at} token=${polar.token} @portal-error=${(e: CustomEvent<PortalErrorDetail>) => errors.push(e.detail)}></customer-portal>`,
    );
    await waitUntil(() => tabs(el).length > 0, 'tab list never appeared', { timeout: 5000 });
    return { el, errors };
  }

  it('shows the Overview from Polar data, with only GET requests and no mutation', async () => {
    const { el } = await mount();
    await waitUntil(() => text(el).includes('Pro'), 'plan never shown', { timeout: 5000 });
    expect(polar.calls.every((c) => c.method === 'GET' && c.url.startsWith(`${polar.apiBase}/v1/customer-portal/`))).to.equal(true);
    expect(polar.calls.some((c) => c.url.includes('/customer-session/introspect'))).to.equal(false, 'expires-at makes introspection unnecessary');
    expect(polar.api.mutations).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('opens Invoices and Usage from orders and customer meters', async () => {
    const { el } = await mount();
    const invoices = tabs(el).find((t) => /invoices/i.test(t.textContent ?? ''));
    invoices!.click();
    await waitUntil(() => text(el).includes('ACME-0013'), 'orders never listed', { timeout: 5000 });
    const usage = tabs(el).find((t) => /usage/i.test(t.textContent ?? ''));
    usage!.click();
    await waitUntil(() => text(el).includes('AI tokens'), 'meters never shown', { timeout: 5000 });
    expect(polar.api.mutations).to.deep.equal([]);
  });

  it('a member session: Invoices says NotPermitted, the rest works', async () => {
    const { el, errors } = await mount('polar-member');
    const invoices = tabs(el).find((t) => /invoices/i.test(t.textContent ?? ''));
    invoices!.click();
    await waitUntil(() => errors.some((e) => e.section === 'invoices' && e.status === 403 && e.code === 'NotPermitted'), 'no invoices error', { timeout: 5000 });
    expect(errors.some((e) => e.section === 'session')).to.equal(false);
    await expect(el).to.be.accessible();
  });
});
