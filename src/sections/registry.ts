/**
 * Which sections exist and where they show: the one table of the portal's
 * layout. A section is one small element (`src/sections/<name>/`), imported
 * lazily the first time a panel shows it; this file (in the first chunk) only
 * names them, says which backend capabilities each needs and which tab it
 * belongs to. No Lit here and no section code: a section never imports
 * another, and only this table places them.
 */
import type { PortalBackend } from '../api/backend.js';
import type { PortalTab } from '../events.js';
import type { MessageKey } from '../i18n/index.js';
import type { PortalEnv } from '../env.js';
import { prefetchBillingHistory, prefetchSubscriptions, prefetchTrend, prefetchUsageSummary } from './first-paint.js';

import type { SectionName } from './names.js';

export { PUBLIC_SECTIONS, type SectionName } from './names.js';

/**
 * Parts of the sections re-exposed on `customer-portal`, so hosts can write
 * `customer-portal::part(card)`. Section authors: add new part names here.
 */
export const LAYOUT_PARTS = [
  'card', 'wallet-card', 'trend-card', 'subscriptions-card', 'quota-card', 'breakdown-card', 'history',
  'table', 'detail-table', 'data-table', 'chart', 'legend',
  'state', 'state-loading', 'state-empty', 'state-error', 'retry-button',
  'export-button', 'export-cancel', 'dialog', 'pager', 'pager-range', 'pager-button',
  'wallet-selector', 'wallet-option', 'wallet-value', 'wallet-credits', 'status-badge',
].join(', ');

export interface SectionEntry {
  /** The element's tag, `cp-<name>-section` (registered when its module first loads). */
  readonly tag: string;
  /** Imports the section's module and answers its element class. */
  readonly load: () => Promise<CustomElementConstructor>;
  /** The tab it belongs to: its `portal-error` section, and its home in the tabs. */
  readonly tab: PortalTab;
  /** Its card's part besides `card` (also on its loading stand-in and its note). */
  readonly part?: string;
  /** Spans the whole row of the grid. */
  readonly wide?: boolean;
  /** Whether the backend can supply it (by capabilities, never by name); absent: always. */
  readonly available?: (backend: PortalBackend) => boolean;
  /** The one line shown in its place when the backend cannot supply it (absent: the section is left out), under `title`. */
  readonly unavailable?: MessageKey;
  readonly title?: MessageKey;
  /** Starts the first paint's requests (first chunk) while the section's code loads. */
  readonly prefetch?: (env: PortalEnv) => void;
  /** Its requests need the adapter's tab code (`BackendAdapter.loadTabCode`). */
  readonly tabCode?: boolean;
  /** Waits for the panel's first data (never delays `portal-ready`, never joins the first wave). */
  readonly afterReady?: boolean;
}

const ENTRIES: Readonly<Record<SectionName, Omit<SectionEntry, 'tag'>>> = {
  wallet: { tab: 'overview', part: 'wallet-card', load: () => import('./wallet/wallet-section.js').then((m) => m.WalletSection) },
  subscriptions: {
    tab: 'overview',
    part: 'subscriptions-card',
    prefetch: prefetchSubscriptions,
    load: () => import('./subscriptions/subscriptions-section.js').then((m) => m.SubscriptionsSection),
  },
  forecast: { tab: 'overview', afterReady: true, load: () => import('./forecast/forecast-section.js').then((m) => m.ForecastSection) },
  'usage-trend': {
    tab: 'overview',
    part: 'trend-card',
    wide: true,
    available: (backend) => backend.capabilities.usageSeries !== null,
    unavailable: 'overview.trend.unavailable',
    title: 'overview.trend.title',
    prefetch: prefetchTrend,
    load: () => import('./usage-trend/usage-trend-section.js').then((m) => m.UsageTrendSection),
  },
  'usage-limits': {
    tab: 'usage',
    wide: true,
    // No note where the backend has no summary: the section is left out.
    available: (backend) => backend.capabilities.usageSummary,
    prefetch: prefetchUsageSummary,
    load: () => import('./usage-limits/usage-limits-section.js').then((m) => m.UsageLimitsSection),
  },
  'billing-history': {
    tab: 'overview',
    part: 'history-card',
    wide: true,
    available: (backend) => backend.billingHistory !== undefined,
    prefetch: prefetchBillingHistory,
    load: () => import('./billing-history/billing-history-section.js').then((m) => m.BillingHistorySection),
  },
  // Opt-in actions: hidden unless the host lists the action and the backend allows it; after the first data.
  'payment-methods': {
    tab: 'overview',
    afterReady: true,
    available: (backend) => backend.loadActions !== undefined,
    load: () => import('./payment-methods/payment-methods-section.js').then((m) => m.PaymentMethodsSection),
  },
  'billing-details': {
    tab: 'overview',
    afterReady: true,
    available: (backend) => backend.loadActions !== undefined,
    load: () => import('./billing-details/billing-details-section.js').then((m) => m.BillingDetailsSection),
  },
  'credit-wallet': {
    tab: 'credits',
    wide: true,
    tabCode: true,
    load: () => import('./credit-wallet/credit-wallet-section.js').then((m) => m.CreditWalletSection),
  },
  transactions: {
    tab: 'credits',
    part: 'history',
    wide: true,
    tabCode: true,
    available: (backend) => backend.capabilities.transactions,
    unavailable: 'credits.history.unavailable',
    title: 'credits.history.heading',
    load: () => import('./transactions/transactions-section.js').then((m) => m.TransactionsSection),
  },
  invoices: {
    tab: 'invoices',
    wide: true,
    tabCode: true,
    load: () => import('./invoices/invoices-section.js').then((m) => m.InvoicesSection),
  },
  // The Usage tab: the range its chart and breakdown share (view state), usage over time where the backend has
  // a series, else the current period's totals (Lago), then the forecast and the breakdown.
  'usage-range': {
    tab: 'usage',
    wide: true,
    available: (backend) => backend.capabilities.usageSeries !== null,
    load: () => import('./usage-range/usage-range-section.js').then((m) => m.UsageRangeSection),
  },
  'usage-chart': {
    tab: 'usage',
    part: 'trend-card',
    wide: true,
    tabCode: true,
    available: (backend) => backend.capabilities.usageSeries !== null,
    load: () => import('./usage-chart/usage-chart-section.js').then((m) => m.UsageChartSection),
  },
  'period-usage': {
    tab: 'usage',
    part: 'breakdown-card',
    wide: true,
    tabCode: true,
    available: (backend) => backend.capabilities.usageSeries === null && backend.capabilities.usageSummary,
    load: () => import('./period-usage/period-usage-section.js').then((m) => m.PeriodUsageSection),
  },
  'usage-forecast': {
    tab: 'usage',
    part: 'forecast-card',
    wide: true,
    tabCode: true,
    afterReady: true,
    available: (backend) => backend.capabilities.usageSeries !== null,
    load: () => import('./usage-forecast/usage-forecast-section.js').then((m) => m.UsageForecastSection),
  },
  'usage-breakdown': {
    tab: 'usage',
    part: 'breakdown-card',
    wide: true,
    tabCode: true,
    available: (backend) => backend.capabilities.usageSeries !== null,
    load: () => import('./usage-breakdown/usage-breakdown-section.js').then((m) => m.UsageBreakdownSection),
  },
};

export const SECTIONS = Object.fromEntries(
  Object.entries(ENTRIES).map(([name, entry]) => [name, { ...entry, tag: `cp-${name}-section` }]),
) as Readonly<Record<SectionName, SectionEntry>>;

/**
 * One place of a layout: a section, or alternatives of which the first the
 * backend can supply shows (else the first one's `unavailable` line).
 */
export type Slot = SectionName | readonly SectionName[];

/** What each tab shows, in order. */
export const LAYOUT: Readonly<Record<PortalTab, readonly Slot[]>> = {
  overview: ['wallet', 'subscriptions', 'forecast', ['usage-trend', 'billing-history'], 'payment-methods', 'billing-details'],
  credits: ['credit-wallet', 'transactions'],
  invoices: ['invoices'],
  usage: ['usage-range', ['usage-chart', 'period-usage'], 'usage-forecast', 'usage-breakdown', 'usage-limits'],
};

/** What a slot shows for `backend`: a section, or the line saying why there is none (null: nothing). */
export function resolveSlot(slot: Slot, backend: PortalBackend): { section: SectionName } | { note: MessageKey } | null {
  const names = typeof slot === 'string' ? [slot] : slot;
  const found = names.find((name) => SECTIONS[name].available?.(backend) ?? true);
  if (found) return { section: found };
  const note = SECTIONS[names[0]!].unavailable;
  return note ? { note } : null;
}
