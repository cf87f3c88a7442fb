/** What went wrong, in one typed error for every failure of a portal call. */
export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'parse' | 'schema' | 'aborted';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived (network, timeout, aborted). */
  readonly status: number;
  /** Machine code from the error envelope (`not_found`, …) or the kind. */
  readonly code: string;
  readonly kind: ApiErrorKind;
  readonly details: Record<string, unknown> | undefined;
  /**
   * Per-field messages of a refused form (field name → the server's reason), when the server named
   * fields. Set by the lazily loaded writes (`withFields`), so the first chunk carries no code for it.
   */
  declare readonly fields?: Record<string, string>;

  constructor(init: {
    kind: ApiErrorKind;
    status?: number;
    code?: string;
    message: string;
    details?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? init.kind;
    this.details = init.details;
  }

  /** The session token was refused (expired, invalid or missing). */
  get unauthorized(): boolean {
    return this.kind === 'http' && this.status === 401;
  }
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof ApiError && error.kind === 'aborted') ||
    (error instanceof DOMException && error.name === 'AbortError')
  );
}
