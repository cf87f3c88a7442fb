// Shared helpers for the reference server's contract tests (node --test).
import { startServer } from '../../demo/server/main.mjs';

export const API_KEY = 'sk_test_demo';

/** Starts the real HTTP server on a random port with a controllable clock. */
export async function start({ at = Date.parse('2026-08-22T10:30:00Z'), delay, settleDelayMs } = {}) {
  const clock = { ms: at };
  const server = await startServer({ port: 0, now: () => new Date(clock.ms), delay, settleDelayMs });
  const base = `${server.url}/v1`;
  const mint = async (customer, { ttl } = {}) => {
    const res = await fetch(`${base}/customers/portal/${customer}${ttl ? `?ttl_seconds=${ttl}` : ''}`, { headers: { 'x-api-key': API_KEY } });
    if (res.status !== 200) throw new Error(`mint ${customer}: ${res.status}`);
    return res.json();
  };
  const portal = async (token, method, path, body) => {
    const headers = token ? { 'x-session-token': token } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return readAnswer(await fetch(`${base}/customer/portal${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) }));
  };
  const admin = (path, body) =>
    fetch(`${server.url}/__admin/${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
  return { ...server, base, clock, mint, portal, admin };
}

/** A response's status, headers, body text and, when the body is JSON, its value (else undefined). */
export async function readAnswer(res) {
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Exact sum of decimal strings (BigInt, 12 fractional digits) → normalised string. */
export function decSum(values) {
  const S = 12;
  let total = 0n;
  for (const v of values) {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
    if (!m) throw new Error(`not a decimal string: ${v}`);
    const n = BigInt(m[2]) * 10n ** BigInt(S) + BigInt((m[3] ?? '').padEnd(S, '0'));
    total += m[1] ? -n : n;
  }
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const frac = (abs % 10n ** BigInt(S)).toString().padStart(S, '0').replace(/0+$/, '');
  const s = `${abs / 10n ** BigInt(S)}${frac ? `.${frac}` : ''}`;
  return neg ? `-${s}` : s;
}

export const DECIMAL = /^-?\d+(\.\d*[1-9])?$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

/**
 * Timers a test fires itself (`setTimeout` / `clearTimeout` for an injected
 * `timers` option): a time limit passes when the test says so, never because
 * the machine was slow. `pending()` lists the armed delays in ms.
 */
export function manualTimers() {
  const armed = new Map();
  let next = 0;
  return {
    setTimeout(callback, ms) {
      next += 1;
      armed.set(next, { callback, ms });
      return next;
    },
    clearTimeout(handle) {
      armed.delete(handle);
    },
    pending: () => [...armed.values()].map((t) => t.ms),
    /** Runs every armed timer now (their time has passed). */
    fire() {
      const due = [...armed.entries()];
      armed.clear();
      for (const [, t] of due) t.callback();
    },
  };
}

/** A promise with its resolve, for "this happened" signals between a server and a test. */
export function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}
