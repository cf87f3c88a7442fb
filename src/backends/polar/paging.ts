/**
 * Polar's list paging: 1-based `page` and `limit` ≤ 100 (Polar silently clamps
 * larger limits, which would misalign every later page), answered with
 * `pagination: {total_count, max_page}`.
 *
 * - `slice` turns the seam's `{offset, limit}` into the Polar pages covering
 *   it (one request when `offset` is a multiple of `limit` ≤ 100, the usual
 *   case) and cuts the answer to exactly that slice.
 * - `fetchAll` reads a whole list: page 1, then pages 2…`max_page` (from the
 *   first answer, never guessed) a few at a time, stopping at `maxPages`.
 */
import type { Page } from '../../api/model.js';

export const POLAR_MAX_LIMIT = 100;
/** Requests of one list in flight at once (Polar allows 500 a minute per customer). */
const PARALLEL = 3;

export interface PolarPage<T> extends Page<T> {
  maxPage: number;
}

export type PageFetcher<T> = (query: { page: number; limit: number }, signal: AbortSignal) => Promise<PolarPage<T>>;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The page size and the 1-based page numbers covering items `[offset, offset + limit)`. */
export function pagesFor(offset: number, limit: number): { size: number; pages: number[] } {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer (got ${offset})`);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
  let size = Math.min(limit, POLAR_MAX_LIMIT);
  if (offset % size !== 0) size = gcd(offset, size);
  const first = Math.floor(offset / size) + 1;
  const last = Math.ceil((offset + limit) / size);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return { size, pages };
}

/** Items `[offset, offset + limit)` of a Polar list, with its total. */
export async function slice<T>(fetchPage: PageFetcher<T>, offset: number, limit: number, signal: AbortSignal): Promise<Page<T>> {
  const { size, pages } = pagesFor(offset, limit);
  const [head, ...rest] = pages;
  const first = await fetchPage({ page: head ?? 1, limit: size }, signal);
  const wanted = rest.filter((p) => p <= first.maxPage);
  const answers = [first, ...(await inBatches(wanted, (page) => fetchPage({ page, limit: size }, signal)))];
  const items = answers.flatMap((a) => a.items);
  const skip = offset - ((head ?? 1) - 1) * size;
  return { items: items.slice(skip, skip + limit), total: Math.max(...answers.map((a) => a.total)) };
}

/** Every item of a Polar list, `limit` 100 per page, at most `maxPages` pages. */
export async function fetchAll<T>(fetchPage: PageFetcher<T>, signal: AbortSignal, maxPages = 100): Promise<T[]> {
  const first = await fetchPage({ page: 1, limit: POLAR_MAX_LIMIT }, signal);
  const last = Math.min(first.maxPage, maxPages);
  const pages: number[] = [];
  for (let p = 2; p <= last; p++) pages.push(p);
  const rest = await inBatches(pages, (page) => fetchPage({ page, limit: POLAR_MAX_LIMIT }, signal));
  return [first, ...rest].flatMap((a) => a.items);
}

async function inBatches<T, R>(inputs: readonly T[], run: (input: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < inputs.length; i += PARALLEL) {
    out.push(...(await Promise.all(inputs.slice(i, i + PARALLEL).map(run))));
  }
  return out;
}
