/// <reference types="mocha" />
/**
 * The Invoices tab's layout on the panel, as the root shows it: the one
 * `invoices` section, its readiness through the panel, and the events that
 * leave it (a line item's usage focus, passed on by the panel; the PDF's
 * `invoice-download`, which reaches the page).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../../test/helpers/wait.js';
import { stubWindowOpen } from '../../../test/helpers/browser-stubs.js';
import { deepQuery } from '../../../test/unit/hostile-support.js';
import { type TestPortalEnv, testEnv } from '../../../test/helpers/test-env.js';
import { fakeBackend } from '../../api/testing/fake-backend.js';
import type { Invoice, InvoiceDetail } from '../../api/model.js';
import { type InvoiceDownloadEvent, type SectionReadyEvent, UsageFocusEvent } from '../../events.js';
import { defineOnce } from '../../ui/portal-element.js';
import { LAYOUT } from '../registry.js';
import { SectionPanel } from '../section-panel.js';

defineOnce('cp-section-panel', SectionPanel);

const start = new Date('2026-01-01T00:00:00Z');
const end = new Date('2026-02-01T00:00:00Z');
const invoice: Invoice = {
  id: 'inv_1',
  number: 'INV-0001',
  status: 'paid',
  currency: 'USD',
  total: '42',
  amountDue: '42',
  amountPaid: '42',
  amountRemaining: '0',
  date: end,
  dueDate: end,
  periodStart: start,
  periodEnd: end,
};
const detail: InvoiceDetail = {
  ...invoice,
  lineItems: [
    { id: 'li1', name: 'Platform fee', periodStart: start, periodEnd: end, quantity: '1', amount: '30', currency: 'USD' },
    { id: 'li2', name: 'API calls', periodStart: start, periodEnd: end, quantity: '1200', amount: '12', currency: 'USD', meterId: 'meter_api' },
  ],
  subtotal: '42',
  totalDiscount: '0',
  totalTax: '0',
  prepaidCreditsApplied: '0',
  refundedAmount: '0',
};

async function mount() {
  const env = testEnv(fakeBackend({ invoices: [invoice], details: { [invoice.id]: detail } }));
  const ready = oneEvent(document, 'cp-section-ready') as unknown as Promise<SectionReadyEvent>;
  const wrapper = await fixture<TestPortalEnv>(
    html`<test-portal-env .env=${env}><cp-section-panel .slots=${LAYOUT.invoices} .tab=${'invoices'}></cp-section-panel></test-portal-env>`,
  );
  const panel = wrapper.querySelector<SectionPanel>('cp-section-panel')!;
  return { wrapper, panel, ready };
}

const openDetail = async (panel: SectionPanel) => {
  await waitUntil(() => deepQuery(panel, 'button[data-open]'), 'no invoice rows', { timeout: 8000 });
  deepQuery<HTMLButtonElement>(panel, 'button[data-open]')!.click();
  await waitUntil(() => deepQuery(panel, 'dialog[open] .totals'), 'the detail never loaded', { timeout: 8000 });
  return deepQuery<HTMLDialogElement>(panel, 'dialog')!;
};

describe('the Invoices layout: the invoices section on the panel', () => {
  it('shows the invoices section with its parts re-exposed, ready once its first page is on screen', async () => {
    const { panel, ready } = await mount();
    expect((await ready).section).to.equal('invoices');
    const section = panel.shadowRoot!.querySelector('cp-invoices-section')!;
    expect(section).to.exist;
    expect(section.classList.contains('wide')).to.equal(true);
    const parts = (section.getAttribute('exportparts') ?? '').split(/,\s*/);
    expect(parts).to.include.members(['table', 'detail-table', 'dialog', 'pager', 'export-button', 'status-badge', 'card', 'state']);
    const detailParts = (section.shadowRoot!.querySelector('cp-invoice-detail')!.getAttribute('exportparts') ?? '').split(/,\s*/);
    expect(detailParts).to.include.members(['table', 'detail-table', 'dialog', 'status-badge', 'state', 'state-error', 'retry-button']);
    await waitUntil(() => deepQuery(panel, 'tbody tr'), 'no rows');
    await expect(panel).to.be.accessible();
  });

  it('passes a line item\'s "View usage" on from the panel, closing the dialog', async () => {
    const { wrapper, panel } = await mount();
    const dialog = await openDetail(panel);
    const links = dialog.querySelectorAll<HTMLButtonElement>('.view-usage');
    // The fixed fee has none.
    expect(links.length).to.equal(1);
    const focused = oneEvent(wrapper, UsageFocusEvent.eventName) as unknown as Promise<UsageFocusEvent>;
    links[0]!.click();
    const event = await focused;
    expect(event.target).to.equal(panel);
    expect(event.focus.meterId).to.equal('meter_api');
    expect(event.focus.start.getTime()).to.equal(start.getTime());
    await waitUntil(() => !dialog.open, 'the dialog stayed open');
  });

  it('lets invoice-download reach the page from the detail dialog, then opens the PDF', async () => {
    const { panel } = await mount();
    const { calls: opened, restore } = stubWindowOpen();
    try {
      const dialog = await openDetail(panel);
      const fired = oneEvent(document, 'invoice-download') as unknown as Promise<InvoiceDownloadEvent>;
      dialog.querySelector<HTMLButtonElement>('.dialog-foot button')!.click();
      const event = await fired;
      expect(event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({ invoiceId: 'inv_1', invoiceNumber: 'INV-0001' });
      await waitUntil(() => opened.length === 1, 'the PDF never opened');
      expect(opened[0]![0]).to.equal('https://files.example/inv_1.pdf');
    } finally {
      restore();
    }
  });
});
