/** The Invoices section's CSV export (no DOM): unit-tested with the list logic. */
import type { Invoice } from '../../api/model.js';
import { isoDate } from '../../format/date.js';
import { isDecimal, normalize } from '../../format/decimal.js';
import { toCsv } from '../../format/csv.js';
import type { Translate } from '../../i18n/index.js';
import { statusLook } from './invoice-list.js';

/**
 * The CSV of a list of invoices: exact decimal strings, ISO dates in the
 * display zone. `dueDates: false` (a backend whose invoices have none) drops
 * the due-date column.
 */
export function buildInvoicesCsv(list: readonly Invoice[], ctx: { timeZone: string; t: Translate; dueDates?: boolean }): string {
  const { t, timeZone } = ctx;
  const money = (value: string) => (isDecimal(value) ? normalize(value) : '');
  const columns = (row: string[]) => (ctx.dueDates === false ? row.filter((_, i) => i !== 2) : row);
  return toCsv(
    columns([
      t('invoices.csv.number'),
      t('invoices.csv.date'),
      t('invoices.csv.dueDate'),
      t('invoices.csv.status'),
      t('invoices.csv.total'),
      t('invoices.csv.currency'),
      t('invoices.csv.amountDue'),
      t('invoices.csv.amountPaid'),
      t('invoices.csv.amountRemaining'),
    ]),
    list.map((inv) =>
      columns([
      inv.number ?? '',
      isoDate(inv.date, timeZone),
      inv.dueDate ? isoDate(inv.dueDate, timeZone) : '',
      t(statusLook(inv.status).key),
      money(inv.total),
      inv.currency.toUpperCase(),
      money(inv.amountDue),
      money(inv.amountPaid),
      money(inv.amountRemaining),
      ]),
    ),
  );
}
