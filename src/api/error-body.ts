/**
 * `parseErrorBody`: the error answers of Flexprice-style APIs (Flexprice, the
 * Lago proxy), read into `{code, message, details}`. Apart from http.ts so that
 * a build whose adapter parses its own errors (Polar) does not carry it.
 */
import { errorBodyParser } from './http.js';

/** Error codes for bodies that carry none. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'too_many_requests',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `code`, `message` and `details` from any of the backend's error
 * bodies: the flat envelope, the legacy `{success:false,error:{…}}` one, the
 * session middleware's `{error:"…"}`, `{message:"…"}`, or plain text.
 */
export function parseErrorBody(
  status: number,
  statusText: string,
  text: string,
): { code: string; message: string; details: Record<string, unknown> | undefined } {
  const fallbackCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'http_error');
  let code = fallbackCode;
  let message = '';
  let details: Record<string, unknown> | undefined;
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isRecord(body)) {
    if (typeof body.code === 'string' && body.code !== '') code = body.code;
    if (typeof body.message === 'string') message = body.message;
    if (isRecord(body.details)) details = body.details;
    const inner = body.error;
    if (isRecord(inner)) {
      // Legacy envelope: {success:false, error:{message, internal_error, details}}.
      if (!message && typeof inner.message === 'string') message = inner.message;
      if (!details && isRecord(inner.details)) details = inner.details;
      if (typeof inner.code === 'string' && inner.code !== '' && code === fallbackCode) code = inner.code;
    } else if (typeof inner === 'string' && !message) {
      // Session middleware: {"error":"Invalid or expired session token"}.
      message = inner;
    }
  } else if (body === undefined && text.trim() !== '') {
    // Plain text, e.g. gin's "404 page not found". Keep it short.
    message = text.trim().slice(0, 200);
  }
  if (!message) message = statusText ? `${status} ${statusText}` : `HTTP ${status}`;
  return { code, message, details };
}

errorBodyParser.fallback = parseErrorBody;
