/**
 * Small runtime checks for untrusted JSON. Every reader names the path of the
 * field it reads, and a violation throws `ApiError` kind `schema` (never a
 * `TypeError` from poking at `undefined`).
 *
 * Rules: required fields must be present with the right type; optional ones
 * may be absent or `null` (→ the given default); a present optional field of
 * the wrong type is still a violation — except dates, where a missing,
 * unparsable or Go-zero (`0001-01-01…`) optional date reads as null.
 */
import { ApiError } from './errors.js';
import type { Decimal } from './model.js';
import { isDecimal, normalize } from '../format/decimal-core.js';

export type Json = Record<string, unknown>;

export function schemaError(path: string, expected: string, cause?: unknown): ApiError {
  return new ApiError({
    kind: 'schema',
    code: 'schema',
    message: `The server sent an unexpected answer (${path}: expected ${expected}).`,
    details: { path, expected },
    cause,
  });
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, path: string): Json {
  if (!isObject(value)) throw schemaError(path, 'an object');
  return value;
}

export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw schemaError(path, 'an array');
  return value;
}

function absent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function reqString(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw schemaError(`${path}.${key}`, 'a string');
  return v;
}

/** A required, non-empty string (ids). */
export function reqId(o: Json, key: string, path: string): string {
  const v = reqString(o, key, path);
  if (v === '') throw schemaError(`${path}.${key}`, 'a non-empty string');
  return v;
}

export function optString(o: Json, key: string, path: string, fallback = ''): string {
  const v = o[key];
  if (absent(v)) return fallback;
  if (typeof v !== 'string') throw schemaError(`${path}.${key}`, 'a string');
  return v;
}

/** An optional string that is null when absent or empty. */
export function optNonEmpty(o: Json, key: string, path: string): string | null {
  const v = optString(o, key, path);
  return v === '' ? null : v;
}

export function reqBoolean(o: Json, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw schemaError(`${path}.${key}`, 'a boolean');
  return v;
}

export function optBoolean(o: Json, key: string, path: string, fallback = false): boolean {
  const v = o[key];
  if (absent(v)) return fallback;
  if (typeof v !== 'boolean') throw schemaError(`${path}.${key}`, 'a boolean');
  return v;
}

export function reqInteger(o: Json, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw schemaError(`${path}.${key}`, 'an integer');
  return v;
}

export function optInteger(o: Json, key: string, path: string): number | null {
  const v = o[key];
  if (absent(v)) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw schemaError(`${path}.${key}`, 'an integer');
  return v;
}

const EXPONENT = /[eE]([+-]?\d+)/;

function toDecimal(v: unknown, path: string): Decimal {
  // Strings are the wire format; numbers appear where swagger says `number`.
  if (!isDecimal(v)) throw schemaError(path, 'a decimal string');
  if (typeof v === 'string') {
    const exp = EXPONENT.exec(v);
    if (exp && Math.abs(Number(exp[1])) > 60) throw schemaError(path, 'a decimal string');
  }
  try {
    return normalize(v);
  } catch (cause) {
    throw schemaError(path, 'a decimal string', cause);
  }
}

export function reqDecimal(o: Json, key: string, path: string): Decimal {
  return toDecimal(o[key], `${path}.${key}`);
}

export function optDecimal(o: Json, key: string, path: string, fallback: Decimal | null = '0'): Decimal | null {
  const v = o[key];
  if (absent(v) || v === '') return fallback;
  return toDecimal(v, `${path}.${key}`);
}

/** Present-or-fallback decimal that is never null. */
export function decimalOr(o: Json, key: string, path: string, fallback: Decimal): Decimal {
  return optDecimal(o, key, path, fallback) ?? fallback;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (any number of fraction digits); null when it is not one. */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = RFC3339.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = (frac + '000').slice(0, 3);
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  // Go's zero time (0001-01-01T00:00:00Z) means "unset".
  if (Number(y) <= 1) return null;
  return new Date(time);
}

export function reqDate(o: Json, key: string, path: string): Date {
  const date = parseTimestamp(o[key]);
  if (!date) throw schemaError(`${path}.${key}`, 'an RFC 3339 timestamp');
  return date;
}

/** Missing, null, garbage or zero → null. */
export function optDate(o: Json, key: string): Date | null {
  return parseTimestamp(o[key]);
}

/** Runs a mapper, turning any stray runtime error into a schema `ApiError`. */
export function mapped<T>(path: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw schemaError(path, 'a well-formed answer', error);
  }
}

/** A known enum value, or `fallback` for anything else (absent or unknown). */
export function enumOr<T extends string, F extends string>(value: unknown, allowed: readonly T[], fallback: F): T | F {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
