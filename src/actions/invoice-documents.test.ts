/**
 * "Generate PDF" on an invoice with no document yet (Polar orders without an invoice, Lago invoices
 * without a file): one generation, the pending text while it is rendered, then the URL opened
 * (noopener) and kept as a link.
 */
import { expect } from '@open-wc/testing';
import type { CustomerPortal } from '../customer-portal/customer-portal.js';
import { confirm, dialogOf, inDialog } from '../../test/helpers/actions-harness.js';
import { deepQuery } from '../../test/helpers/deep.js';
import { waitUntil } from '../../test/helpers/wait.js';
import { preloadBackends } from '../../test/helpers/backends.js';
import { mountPolar, polarLive, polarWrites, usePolarNet } from '../../test/helpers/polar-actions.js';

preloadBackends('polar');

const invoicesRoot = (el: CustomerPortal) => deepQuery(el, 'cp-invoices-section')?.shadowRoot ?? null;
const generateButtons = (el: CustomerPortal) =>
  [...(invoicesRoot(el)?.querySelectorAll<HTMLButtonElement>('button[part~="action-button"]') ?? [])].filter((b) => b.textContent!.trim() === 'Generate PDF');

async function openGenerate(el: CustomerPortal): Promise<void> {
  await waitUntil(() => generateButtons(el).length > 0, 'no Generate PDF button');
  generateButtons(el)[0]!.click();
  await waitUntil(() => inDialog(el, 'dialog[open]'), 'the dialog did not open');
}

describe('actions on Polar: invoice-documents', () => {
  usePolarNet();

  it('read-only default: no Generate PDF, no write', async () => {
    const { el } = await mountPolar(null, { tab: 'invoices' });
    await waitUntil(() => invoicesRoot(el)?.querySelector('.download'), 'no invoices');
    await new Promise((r) => setTimeout(r, 200));
    expect(generateButtons(el)).to.deep.equal([]);
    expect(polarWrites()).to.deep.equal([]);
  });

  it('generates once, says it is being generated, then opens the URL (noopener) and keeps a link; completed; accessible', async () => {
    const { el, seen } = await mountPolar('invoice-documents', { tab: 'invoices' });
    await openGenerate(el);
    await expect(dialogOf(el)!).to.be.accessible();
    confirm(el);
    confirm(el);
    await waitUntil(() => inDialog(el, '[role="status"]')?.textContent?.includes('Generating'), 'no pending text');
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.order).to.deep.equal(['action', 'result:completed']);
    expect(seen.actions[0]).to.deep.equal({ action: 'invoice-documents', target: { type: 'invoice', id: seen.actions[0]!.target.id }, input: {} });
    expect(polarWrites()).to.deep.equal([`POST /orders/${seen.actions[0]!.target.id}/invoice`]);
    const [url, name, features] = polarLive.opened[0] as string[];
    expect([name, features]).to.deep.equal(['_blank', 'noopener']);
    const link = inDialog<HTMLAnchorElement>(el, `a[href="${url}"]`)!;
    expect(link.rel).to.contain('noopener');
  });

  it('preventDefault(): no write', async () => {
    const { el, seen } = await mountPolar('invoice-documents', { tab: 'invoices' });
    el.addEventListener('portal-action', (e) => e.preventDefault());
    await openGenerate(el);
    confirm(el);
    await waitUntil(() => seen.actions.length === 1, 'no portal-action');
    await new Promise((r) => setTimeout(r, 100));
    expect(polarWrites()).to.deep.equal([]);
  });

  it('a refusal (422 MissingInvoiceBillingDetails): failed with the reason, reported for the invoices', async () => {
    polarLive.polar.api.patchCustomer('polar-typical', (c) => {
      for (const o of (c as unknown as { orders?: Array<{ billing_name: string | null }> }).orders ?? []) o.billing_name = null;
    });
    const { el, seen } = await mountPolar('invoice-documents', { tab: 'invoices' });
    await openGenerate(el);
    confirm(el);
    await waitUntil(() => seen.results.length === 1, 'no result');
    expect(seen.results[0]).to.deep.include({ status: 'failed', code: 'MissingInvoiceBillingDetails' });
    expect(inDialog(el, '[role="status"]')!.textContent).to.contain('Billing name and address are required');
    expect(seen.errors.map((e) => e.section)).to.deep.equal(['invoices']);
  });
});
