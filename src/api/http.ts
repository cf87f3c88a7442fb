/**
 * `HttpClient`: the backend-neutral HTTP machinery every adapter's client is
 * built on (Lion's `@lion/ajax` is the model). DOM-free and injectable.
 *
 * - The session token travels only in the headers the adapter names
 *   (`authHeaders`): never in a URL, never logged, never in an error message.
 * - Every call takes the caller's `AbortSignal`; a per-attempt timeout
 *   (default 15 s) ends a hung request. Failures always reject with `ApiError`
 *   (kinds: `http`, `network`, `timeout`, `parse`, `aborted`); caller aborts
 *   reject with `ApiError` kind `aborted` (recognised by `isAbortError`).
 * - Idempotent reads retry network failures, 429, 502, 503 and 504 with
 *   exponential backoff and full jitter, honouring `Retry-After` when it can
 *   be read (a 429 with no readable `Retry-After`, as cross-origin answers
 *   often are, backs off the same way). 500 and other 4xx are never retried,
 *   nor are timeouts (a hung server would otherwise hold a section for 45 s).
 * - A 401 asks `onUnauthorized(failedToken)` for a fresh token and replays the
 *   request once with it; a null token from `getToken()` fails with a 401
 *   `ApiError` without any request leaving the browser.
 *
 * Answers are returned as parsed JSON, NOT validated: each adapter checks
 * every field it reads. Adapters subclass it and add their endpoints
 * (`backends/flexprice/client.ts`).
 */
import { ApiError } from './errors.js';

/** Timer functions; injectable so tests can run on a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RetryOptions {
  /** Extra attempts after the first one (default 2). */
  retries: number;
  /** Backoff base: attempt n waits a random time in [0, base·2ⁿ) (default 500 ms). */
  baseDelayMs: number;
  /** Cap of one backoff wait (default 8 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown (default 30 s). */
  maxRetryAfterMs: number;
}

export interface HttpClientOptions {
  /** Base URL the request paths are appended to (a trailing slash is fine). */
  baseUrl: string;
  /** The current session token, or null when there is no usable one. Read before every attempt. */
  getToken: () => string | null;
  /** Defaults to the global `fetch`, looked up at call time (so tests may stub `window.fetch`). */
  fetch?: typeof fetch;
  /** Per-attempt timeout (default 15 000 ms). */
  timeoutMs?: number;
  /** Retry policy, or `false` for none. */
  retry?: Partial<RetryOptions> | false;
  /** Called with the refused token on a 401; resolves a fresh token to retry once with, or null. */
  onUnauthorized?: (failedToken: string) => Promise<string | null>;
  /** Injectable timers (timeouts and backoff). */
  timers?: Timers;
  /** Injectable randomness for the jitter, in [0, 1). */
  random?: () => number;
  /** Injectable clock (epoch ms) to read `Retry-After` HTTP dates. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Safe to repeat on a transient failure. */
  idempotent: boolean;
}

/** Reads `{code, message, details}` from a failed answer's status and body text. */
export type ErrorBodyParser = (status: number, statusText: string, text: string) => ParsedErrorBody | Promise<ParsedErrorBody>;
type ParsedErrorBody = { code: string; message: string; details: Record<string, unknown> | undefined };

/** What an adapter tells the machinery about its API's wire conventions. */
export interface HttpDialect {
  /** The headers that carry the token (only CORS-safe ones for a cross-origin API). */
  authHeaders(token: string): Record<string, string>;
  /** Extra headers on every request (e.g. a version header). */
  headers?: Record<string, string>;
  /** Reads `{code, message, details}` from an error answer (or resolves them: a lazily loaded parser); default `parseErrorBody` (error-body.ts). */
  parseError?: ErrorBodyParser;
  /** Statuses with an empty success body (e.g. 202 while a file renders): resolved as `null`. */
  emptyOk?: readonly number[];
  /**
   * The failure a successful HTTP answer carries, or null (GraphQL: errors arrive
   * with HTTP 200). A returned 401 `ApiError` takes the 401 path (one refresh and
   * replay); `retryable` ones are retried like a 503.
   */
  answerError?: (body: unknown) => { error: ApiError; retryable: boolean } | null;
}

/**
 * The default `parseError`: `parseErrorBody`, which error-body.ts sets here when it loads (every client
 * that may need it imports that module), so a build whose adapter parses its own errors (Polar's CDN
 * build) does not carry it.
 */
export const errorBodyParser: { fallback?: ErrorBodyParser } = {};

/** Thrown internally by one attempt; carries whether the failure is worth retrying. */
class AttemptFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(error.message);
  }
}

/** The browser's own timers: what every client, session and poll uses unless a test hands it a fake clock. */
export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function abortedError(reason?: unknown): ApiError {
  return new ApiError({ kind: 'aborted', message: 'The request was aborted.', cause: reason });
}

function unauthorizedError(message = 'No valid session token.'): ApiError {
  return new ApiError({ kind: 'http', status: 401, code: 'unauthorized', message });
}

/** `Retry-After` in ms (delta-seconds or an HTTP date), or null when absent/invalid. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly dialect: HttpDialect;
  /** The current session token (the writes read its kind, e.g. Polar member sessions); never log it. */
  readonly getToken: () => string | null;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly onUnauthorized: ((failedToken: string) => Promise<string | null>) | undefined;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: HttpClientOptions, dialect: HttpDialect) {
    this.dialect = dialect;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.getToken = options.getToken;
    this.fetchImpl = options.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry };
    this.onUnauthorized = options.onUnauthorized;
    this.timers = options.timers ?? defaultTimers;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  // ------------------------------------------------------------ machinery

  private url(path: string, query: Query | undefined): string {
    let url = `${this.baseUrl}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
        else params.append(key, String(value));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  /**
   * One logical request: retries, backoff, timeout, and one replay with a refreshed token after a 401.
   * A non-idempotent one (a write) is never retried nor replayed: after a 401 the token is still renewed, the error thrown.
   * Public for the adapters' lazily loaded writes (`backends/<name>/actions.ts`).
   */
  async request<T>(spec: RequestSpec, signal: AbortSignal): Promise<T> {
    if (signal.aborted) throw abortedError(signal.reason);
    const url = this.url(spec.path, spec.query);
    // POST, PUT and PATCH carry a JSON body; GET and DELETE none.
    const body = spec.method[0] === 'P' ? JSON.stringify(spec.body ?? {}) : undefined;
    let refreshedToken: string | null = null;
    let refreshed = false;
    let retriesLeft = spec.idempotent ? this.retry.retries : 0;
    let attempt = 0;

    for (;;) {
      const token: string | null = refreshedToken ?? this.getToken();
      if (token === null || token === '') throw unauthorizedError();
      try {
        return (await this.attempt(url, spec.method, body, token, signal)) as T;
      } catch (failure) {
        if (!(failure instanceof AttemptFailure)) throw failure;
        const { error, retryable, retryAfterMs } = failure;
        if (error.unauthorized) {
          if (!refreshed && this.onUnauthorized) {
            refreshed = true;
            let fresh: string | null = null;
            try {
              fresh = await this.onUnauthorized(token);
            } catch {
              fresh = null;
            }
            if (signal.aborted) throw abortedError(signal.reason);
            if (fresh && fresh !== token && spec.idempotent) {
              refreshedToken = fresh;
              continue;
            }
          }
          throw error;
        }
        if (!retryable || retriesLeft <= 0) throw error;
        let delay: number;
        if (retryAfterMs !== null) {
          if (retryAfterMs > this.retry.maxRetryAfterMs) throw error;
          delay = retryAfterMs;
        } else {
          const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
          delay = Math.floor(this.random() * ceiling);
        }
        retriesLeft -= 1;
        attempt += 1;
        await this.sleep(delay, signal);
      }
    }
  }

  /**
   * One HTTP exchange. Resolves the parsed JSON; rejects with an `ApiError`
   * for final failures (abort, timeout, parse) or an `AttemptFailure` for
   * failures the retry loop decides about.
   */
  private async attempt(url: string, method: RequestSpec['method'], body: string | undefined, token: string, signal: AbortSignal): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const onCallerAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    const timer = this.timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);

    // Rejects as soon as the attempt is aborted, even if a (stubbed) fetch ignores its signal.
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true });
    });
    abandoned.catch(() => undefined);
    const stopped = (): ApiError | null => {
      if (signal.aborted) return abortedError(signal.reason);
      if (timedOut) return new ApiError({ kind: 'timeout', message: `The server did not answer within ${Math.round(this.timeoutMs / 1000)} s.` });
      return null;
    };

    const headers = new Headers({ Accept: 'application/json', ...this.dialect.headers, ...this.dialect.authHeaders(token) });
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const fetchImpl = this.fetchImpl ?? globalThis.fetch.bind(globalThis);

    try {
      let response: Response;
      try {
        response = await Promise.race([
          fetchImpl(url, { method, headers, body, signal: controller.signal, credentials: 'omit', cache: 'no-store' }),
          abandoned,
        ]);
      } catch (cause) {
        const stop = stopped();
        if (stop) throw stop;
        throw new AttemptFailure(
          new ApiError({ kind: 'network', status: 0, code: 'network', message: 'The portal API could not be reached.', cause }),
          true,
        );
      }

      let text: string;
      try {
        text = await Promise.race([response.text(), abandoned]);
      } catch (cause) {
        const stop = stopped();
        if (stop) throw stop;
        if (!response.ok) {
          text = '';
        } else {
          throw new AttemptFailure(
            new ApiError({ kind: 'network', status: 0, code: 'network', message: 'The connection broke while reading the answer.', cause }),
            true,
          );
        }
      }

      if (!response.ok) {
        const { code, message, details } = await (this.dialect.parseError ?? errorBodyParser.fallback!)(response.status, response.statusText, text);
        const retryable = RETRYABLE_STATUSES.has(response.status);
        throw new AttemptFailure(
          new ApiError({ kind: 'http', status: response.status, code, message, details }),
          retryable,
          retryable ? parseRetryAfter(response.headers.get('Retry-After'), this.now()) : null,
        );
      }

      if (text.trim() === '' && this.dialect.emptyOk?.includes(response.status)) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (cause) {
        throw new ApiError({ kind: 'parse', status: response.status, code: 'parse', message: 'The server sent an answer that is not valid JSON.', cause });
      }
      const failure = this.dialect.answerError?.(parsed);
      if (failure) throw new AttemptFailure(failure.error, failure.retryable);
      return parsed;
    } finally {
      this.timers.clearTimeout(timer);
      signal.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Waits `ms`, rejecting with an aborted `ApiError` as soon as `signal` aborts. */
  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(abortedError(signal.reason));
        return;
      }
      const onAbort = () => {
        this.timers.clearTimeout(handle);
        reject(abortedError(signal.reason));
      };
      const handle = this.timers.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
