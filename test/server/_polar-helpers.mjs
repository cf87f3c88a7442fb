// Helpers for the Polar reference server's contract tests (node --test).
import { crc32 } from 'node:zlib';
import { startServer } from '../../demo/server/main.mjs';
import { POLAR_DEFAULTS } from '../../demo/server/polar/api.mjs';
import { readAnswer } from './_helpers.mjs';

export const ORG_TOKEN = POLAR_DEFAULTS.organizationToken;
export const ORIGIN = 'https://shop.example';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Pydantic v2 datetimes: microseconds and `Z`. */
export const POLAR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Starts the real HTTP server (both backends) on a random port with a controllable clock. */
export async function startPolar({ at = Date.parse('2026-08-22T10:30:00Z') } = {}) {
  const clock = { ms: at };
  const server = await startServer({ port: 0, now: () => new Date(clock.ms) });
  const base = server.polar.url;
  const mint = async (externalId, { query = '' } = {}) => {
    const res = await fetch(`${base}/v1/customer-sessions/${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ORG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ external_customer_id: externalId }),
    });
    if (res.status !== 201) throw new Error(`mint ${externalId}: ${res.status}`);
    return res.json();
  };
  /** A portal call as a browser on a merchant origin makes it (Origin + Authorization only). */
  const portal = async (token, path, { method = 'GET', headers = {}, body } = {}) => {
    const h = { origin: ORIGIN, ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    return readAnswer(await fetch(`${base}/v1/customer-portal${path}`, { method, headers: h, body, redirect: 'manual' }));
  };
  /** Every page of a list, `limit` 100, by `max_page`. */
  const all = async (token, path) => {
    const items = [];
    let page = 1;
    let maxPage = 1;
    do {
      const r = await portal(token, `${path}${path.includes('?') ? '&' : '?'}limit=100&page=${page}`);
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      items.push(...r.json.items);
      maxPage = r.json.pagination.max_page;
      page += 1;
    } while (page <= maxPage);
    return items;
  };
  const admin = (path, body) =>
    fetch(`${base}/__admin/${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
  return { ...server, base, clock, mint, portal, all, admin };
}

/** Polar's token checksum: CRC32 of the random part, base62, 6 characters. */
export function tokenChecksumOk(token) {
  const m = /^polar_(?:cst|mst)_([A-Za-z0-9]{37})([A-Za-z0-9]{6})$/.exec(token);
  if (!m) return false;
  const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = crc32(m[1]);
  let out = '';
  for (; n > 0; n = Math.floor(n / 62)) out = ALPHABET[n % 62] + out;
  return out.padStart(6, '0') === m[2];
}
