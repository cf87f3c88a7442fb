/**
 * The internal elements' tag names, for the type checkers only: `lit-analyzer`
 * checks the properties, attributes and events templates bind on them, and
 * `querySelector('cp-pager')` is typed. Each is registered lazily, under the
 * name its parent gives it (`static dependencies`, the section modules, the chart
 * loader), so the element files declare no tag. Nothing imports this file: the
 * published typings (built from the entry points) list `<customer-portal>` only.
 */
import type { InvoiceDetailDialog } from './sections/invoices/invoice-detail.js';
import type { InvoicesSection } from './sections/invoices/invoices-section.js';
import type { SectionPanel } from './sections/section-panel.js';
import type { Pager } from './ui/pager/pager.js';
import type { UsageChart } from './ui/usage-chart/usage-chart.js';

declare global {
  interface HTMLElementTagNameMap {
    'cp-section-panel': SectionPanel;
    'cp-invoices-section': InvoicesSection;
    'cp-invoice-detail': InvoiceDetailDialog;
    'cp-pager': Pager;
    'cp-usage-chart': UsageChart;
  }
}

export {};
