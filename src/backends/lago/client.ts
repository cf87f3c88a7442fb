/**
 * `LagoClient`: Lago's customer-portal GraphQL over the merchant's Lago proxy
 * (`api-base` is the proxy's route itself; the proxy forwards to
 * `{apiUrl}/graphql`). Built on the shared `HttpClient`: the token travels
 * only in the `customer-portal-token` header, every call is abortable, reads
 * retry transient failures.
 *
 * Lago answers every GraphQL outcome with HTTP 200 and `errors[]`; this client
 * turns them into `ApiError`s: `extensions.code` `unauthorized` (expired,
 * forged or missing token: Lago cannot tell them apart) is a 401, so the
 * element refreshes once or declares the token expired; `not_found` a 404;
 * any other coded error carries Lago's `extensions.status` and code; an error
 * without a code (a query Lago refused to parse) is a `schema` error. The
 * proxy's own refusals arrive as 4xx/5xx JSON `{error:{code,message}}`.
 */
import { ApiError } from '../../api/errors.js';
import { HttpClient, type HttpClientOptions } from '../../api/http.js';
import { parseErrorBody } from '../../api/error-body.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The failure inside a GraphQL answer, or null when it has none. */
export function graphqlError(body: unknown): { error: ApiError; retryable: boolean } | null {
  if (!isRecord(body)) return null;
  const errors = Array.isArray(body.errors) ? body.errors.filter(isRecord) : [];
  if (errors.length === 0) {
    if (!isRecord(body.data)) {
      return { error: new ApiError({ kind: 'schema', code: 'schema', message: 'The server sent an unexpected answer (no data).' }), retryable: false };
    }
    return null;
  }
  const codeOf = (e: Record<string, unknown>) => (isRecord(e.extensions) && typeof e.extensions.code === 'string' ? e.extensions.code : null);
  const first = errors.find((e) => codeOf(e) === 'unauthorized') ?? errors[0]!;
  const code = codeOf(first);
  // Lago's messages are short English phrases ("unauthorized", "Resource not found"); keep them bounded.
  const message = typeof first.message === 'string' ? first.message.slice(0, 200) : 'The billing service refused the request.';
  if (code === 'unauthorized') {
    return { error: new ApiError({ kind: 'http', status: 401, code: 'unauthorized', message: 'The session token was refused.' }), retryable: false };
  }
  if (code === null) return { error: new ApiError({ kind: 'schema', code: 'graphql_error', message }), retryable: false };
  const ext = first.extensions as Record<string, unknown>;
  const status = typeof ext.status === 'number' && ext.status >= 400 && ext.status < 600 ? ext.status : code === 'not_found' ? 404 : 500;
  const details = isRecord(ext.details) ? ext.details : undefined;
  return { error: new ApiError({ kind: 'http', status, code, message, ...(details ? { details } : {}) }), retryable: status >= 500 && status !== 501 };
}

export class LagoClient extends HttpClient {
  constructor(options: HttpClientOptions) {
    super(options, {
      authHeaders: (token) => ({ 'customer-portal-token': token }),
      parseError: parseErrorBody,
      answerError: graphqlError,
    });
  }

  /** One read-only GraphQL query; resolves `data` (never null: an answer without data is an error above). */
  async query(operationName: string, document: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const body = await this.request<{ data: Record<string, unknown> }>(
      { method: 'POST', path: '', body: { query: document, variables, operationName }, idempotent: true },
      signal,
    );
    return body.data;
  }
}
