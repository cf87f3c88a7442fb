/**
 * Polar's error bodies (`{detail}`, FastAPI's 422 `{detail: [{loc, msg, type}]}`, OAuth2's
 * `{error, error_description}`), read into `{code, message, details}`. Loaded by the client only
 * when an answer failed, so the first chunk of a Polar page does not carry it.
 */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  422: 'validation_error',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line from a 422 detail list: `query.page: Input should be greater than 0`. */
function validationMessage(detail: unknown[]): string {
  const first = detail.find(isRecord);
  if (!first) return '';
  const loc = Array.isArray(first.loc) ? first.loc.filter((p) => typeof p === 'string' || typeof p === 'number').join('.') : '';
  const msg = typeof first.msg === 'string' ? first.msg : '';
  return loc && msg ? `${loc}: ${msg}` : msg;
}

/** Reads `{code, message, details}` from Polar's error bodies (or an empty / non-JSON one). */
export function parsePolarError(
  status: number,
  statusText: string,
  text: string,
): { code: string; message: string; details: Record<string, unknown> | undefined } {
  let code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'http_error');
  let message = '';
  let details: Record<string, unknown> | undefined;
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isRecord(body)) {
    if (typeof body.error === 'string' && body.error !== '') code = body.error;
    if (typeof body.error_description === 'string') message = body.error_description;
    if (typeof body.detail === 'string' && !message) message = body.detail;
    if (Array.isArray(body.detail)) {
      message = validationMessage(body.detail);
      details = { errors: body.detail };
    }
  } else if (body === undefined && text.trim() !== '') {
    message = text.trim().slice(0, 200);
  }
  if (!message) message = statusText ? `${status} ${statusText}` : `HTTP ${status}`;
  return { code, message, details };
}

