/**
 * Invoice → usage: in the whole portal, a usage-based line item of an
 * invoice's detail opens the Usage tab at that line item's period (a custom
 * range in the display zone) with its feature in focus.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import type { TabChangeEvent } from '../../src/events.js';
import type { UsageChart } from '../../src/ui/usage-chart/usage-chart.js';
import { formatIsoDate, zonedDate } from '../../src/usage/ranges.js';
import { portalFetchStub, type PortalFetchStub } from '../helpers/portal-fetch.js';
import { deepQuery, deepQueryAll, openTab, settled } from './hostile-support.js';

interface RawLine {
  display_name: string;
  price_type: string;
  meter_id?: string;
  period_start: string;
  period_end: string;
}

describe('invoice → usage drill-down', () => {
  let stub: PortalFetchStub;
  afterEach(() => stub?.restore());

  it('"View usage" on a usage line item opens the Usage tab at its period with its feature in focus', async function () {
    // Three tabs of the whole portal, one after the other: more than the default 10 s on a loaded machine.
    this.timeout(30_000);
    stub = await portalFetchStub({ customer: 'cus-typical' });
    const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} .token=${stub.token} timezone="Asia/Kolkata"></customer-portal>`);
    await settled(el);
    await openTab(el, 'Invoices');
    // The first finalized invoice with a usage line item.
    const invoices = deepQuery(el, 'cp-invoices-section')!;
    const open = invoices.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-open]');
    let button: HTMLButtonElement | null = null;
    let line: RawLine | null = null;
    for (const candidate of open) {
      const id = candidate.dataset.open!;
      const res = await stub.api.handle({ method: 'GET', url: `/v1/customer/portal/invoices/${id}`, headers: { 'x-session-token': stub.token } });
      const lines = (JSON.parse(res.body) as { line_items?: RawLine[] }).line_items ?? [];
      line = lines.find((l) => l.price_type === 'USAGE' && l.meter_id) ?? null;
      if (line) {
        button = candidate;
        break;
      }
    }
    expect(line, 'an invoice with a usage line item').to.exist;
    button!.click();
    await waitUntil(() => deepQuery(invoices, 'dialog[open]'), 'the detail dialog never opened');
    const dialog = deepQuery<HTMLDialogElement>(invoices, 'dialog')!;
    await waitUntil(() => dialog.querySelector('.view-usage'), 'detail with usage links', { timeout: 8000 });
    const row = [...dialog.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('td')!.textContent!.includes(line!.display_name))!;
    const link = row.querySelector<HTMLButtonElement>('.view-usage')!;
    expect(link.getAttribute('aria-label')).to.contain(`View usage of ${line!.display_name}`);
    // Fixed fees have no link.
    expect(dialog.querySelectorAll('.view-usage').length).to.be.lessThan(dialog.querySelectorAll('tbody tr').length);
    await expect(dialog).to.be.accessible();

    const changes: string[] = [];
    el.addEventListener('tab-change', (e: TabChangeEvent) => changes.push(e.detail.tab));
    link.click();
    await waitUntil(() => el.tab === 'usage', 'usage tab selected');
    expect(changes).to.deep.equal(['usage']);
    expect(dialog.open).to.equal(false);
    await settled(el);
    const usage = deepQuery(el, 'cp-section-panel[data-tab="usage"]')!;
    await waitUntil(() => deepQuery(usage, '.focus-note'), 'focus note', { timeout: 8000 });
    // The line item's period as dates in the display zone (Kolkata), its end exclusive.
    const start = formatIsoDate(zonedDate(new Date(line!.period_start), 'Asia/Kolkata'));
    const end = formatIsoDate(zonedDate(new Date(new Date(line!.period_end).getTime() - 1), 'Asia/Kolkata'));
    const dates = deepQueryAll<HTMLInputElement>(usage, '.custom input[type="date"]').map((i) => i.value);
    expect(dates).to.deep.equal([start, end]);
    const pressed = deepQuery(usage, '.segmented [aria-pressed="true"]')!;
    expect(pressed.textContent!.trim()).to.equal('Custom');
    await settled(el);
    const chart = deepQuery<UsageChart>(usage, 'cp-usage-chart')!;
    await waitUntil(() => chart.visibleKeys.length === 1, 'one line in focus', { timeout: 8000 });
    const focused = chart.series.find((s) => s.key === chart.visibleKeys[0])!;
    expect(focused.label).to.equal(deepQuery(usage, 'tr[aria-current="true"] th')!.textContent!.trim());
    expect(line!.display_name).to.contain(focused.label.split(' ')[0]!);
    await expect(usage).to.be.accessible();
  });
});
