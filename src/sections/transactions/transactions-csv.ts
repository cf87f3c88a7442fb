/**
 * The CSV export of a wallet's whole transaction history: fetched page by
 * page from the server, built as RFC 4180 text with exact signed amounts and
 * dates in the display zone. Pure TS (no DOM), so it is tested directly.
 */
import type { PortalBackend } from '../../api/backend.js';
import type { WalletTransaction } from '../../api/model.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { fileSlug, toCsv } from '../../format/csv.js';
import { isoDate } from '../../format/date.js';
import { currencyDigits } from '../../format/money.js';
import { csvDecimal, isoDateTime, signedValue } from '../credits-format.js';

export interface CsvOptions {
  t: Translate;
  timeZone: string;
}

export const kindKey = (kind: WalletTransaction['kind']): MessageKey => `credits.kind.${kind}`;
export const statusKey = (status: WalletTransaction['status']): MessageKey => `credits.status.${status}`;

/**
 * Columns: Date, Type, Description, Amount, Currency, Credits, Expiry date,
 * Priority, Status. Amounts are exact signed decimals with at least the
 * currency's minor units; dates are RFC 3339 in the display zone.
 */
export function transactionsCsv(rows: Iterable<WalletTransaction>, { t, timeZone }: CsvOptions): string {
  const header = [
    t('credits.csv.date'),
    t('credits.csv.type'),
    t('credits.csv.description'),
    t('credits.csv.amount'),
    t('credits.csv.currency'),
    t('credits.csv.credits'),
    t('credits.csv.expiry'),
    t('credits.csv.priority'),
    t('credits.csv.status'),
  ];
  function* lines() {
    for (const tx of rows) {
      yield [
        isoDateTime(tx.createdAt, timeZone),
        t(kindKey(tx.kind)),
        tx.description,
        csvDecimal(signedValue(tx.amount, tx.direction), currencyDigits(tx.currency)),
        tx.currency.toUpperCase(),
        csvDecimal(signedValue(tx.creditAmount, tx.direction), 0),
        tx.expiryDate ? isoDate(tx.expiryDate, timeZone) : '',
        tx.priority ?? '',
        t(statusKey(tx.status)),
      ];
    }
  }
  return toCsv(header, lines());
}

/** `<wallet-name-slug>-transactions-<YYYY-MM-DD>.csv`, the date in the display zone. */
export function transactionsFileName(walletName: string, now: Date, timeZone: string): string {
  return `${fileSlug(walletName).toLowerCase()}-transactions-${isoDate(now, timeZone)}.csv`;
}

/**
 * Every transaction of a wallet, newest first, fetched sequentially in pages
 * of `pageSize`. Pages by its own offset counter and `total` (never the
 * answer's `offset`); a transaction that shifts onto the next page while the
 * export runs is kept once.
 */
export async function fetchAllTransactions(
  backend: PortalBackend,
  walletId: string,
  options: { signal: AbortSignal; pageSize?: number; onProgress?: (done: number, total: number) => void },
): Promise<WalletTransaction[]> {
  // The most the backend returns in one page.
  const limit = options.pageSize ?? backend.limits.transactionsPageSize;
  const seen = new Set<string>();
  const rows: WalletTransaction[] = [];
  let offset = 0;
  let total = Infinity;
  while (offset < total) {
    options.signal.throwIfAborted();
    const page = await backend.walletTransactions(walletId, { limit, offset }, options.signal);
    total = page.total;
    for (const tx of page.items) {
      if (seen.has(tx.id)) continue;
      seen.add(tx.id);
      rows.push(tx);
    }
    offset += limit;
    options.onProgress?.(Math.min(rows.length, total), total);
    if (page.items.length < limit) break;
  }
  return rows;
}
