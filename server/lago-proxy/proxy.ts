/**
 * `createLagoProxy({ apiUrl, actions? })`: the merchant-side relay between
 * `<customer-portal backend="lago">` and Lago's customer-portal GraphQL.
 *
 * Why it exists: Lago's API answers CORS only for Lago's own front end, so a
 * browser on the merchant's origin cannot call it. Mounted on the merchant's
 * origin, the proxy forwards the element's requests to `{apiUrl}/graphql`.
 *
 * Decisions:
 * - It holds no secret: the customer's own `customer-portal-token` is the only
 *   credential, passed through from the browser's header, never logged, never
 *   echoed.
 * - What is forwarded is decided by PARSING, not by pattern matching: the body
 *   must be one GraphQL `query` operation (no subscription, no fragments, no
 *   directives) whose root fields are all customer-portal read queries, with
 *   only their documented arguments. Writes are opt-in: `actions` names the
 *   element's actions the merchant allows, and each allows exactly one
 *   customer-portal mutation (`LAGO_PROXY_ACTIONS`); a `mutation` operation
 *   is forwarded only when it has exactly ONE root field, an allowed mutation
 *   with only its `input` argument. Anything else (another mutation, an alias
 *   disguising one, two writes in one request, a query field inside a
 *   mutation) refuses the whole request. Without `actions` the proxy is
 *   read-only: Lago's token alone would authorise every portal mutation. The proxy then forwards its
 *   own canonical re-print of the parsed operation (`printOperation`), not the
 *   browser's text, so Lago executes exactly what was checked: no parser
 *   differential can smuggle a mutation past it. A structural check (rather
 *   than an allow-list of the element's exact documents) keeps an npm proxy
 *   of one release working with a CDN element of another, while the root-field
 *   and operation-type rules give the same guarantee.
 * - Nothing of the browser's request reaches Lago but the token header and
 *   the validated operation: no cookies, no `Authorization` (an admin JWT there
 *   would even break Lago's auth), no forwarded addresses.
 * - Bounded: request body (default 32 KiB) and document length (Lago's own
 *   15 000 chars), nesting depth, field count, upstream time (default 10 s,
 *   answered 504) and upstream answer size.
 * - Errors are JSON `{ "error": { "code", "message" } }` with a 4xx status
 *   for the caller's mistakes and 502 / 504 for Lago's.
 *
 * Only `fetch`, `Request`, `Response`, `Headers`, `AbortController` and
 * `TextDecoder`: runs in Node 20+, Workers, Deno and Bun.
 */
import { GraphQLSyntaxError, countFields, parseDocument, printOperation, type GraphQLOperation } from './graphql.js';

/** Root fields the customer-portal token may read, with the arguments the proxy lets through. */
export const PORTAL_QUERY_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  customerPortalUser: [],
  customerPortalOrganization: [],
  customerPortalSubscriptions: ['page', 'limit', 'planCode', 'status', 'currency'],
  customerPortalSubscription: ['id'],
  customerPortalCustomerUsage: ['subscriptionId'],
  customerPortalCustomerProjectedUsage: ['subscriptionId'],
  customerPortalInvoices: ['page', 'limit', 'searchTerm', 'status'],
  customerPortalInvoiceCollections: [],
  customerPortalOverdueBalances: [],
  customerPortalWallets: ['page', 'limit', 'status'],
  customerPortalWallet: ['id'],
});

/**
 * The element's actions the proxy can allow (`createLagoProxy({ actions })`), each mapped to the
 * one Lago customer-portal mutation it needs and the arguments forwarded with it.
 */
export const LAGO_PROXY_ACTIONS = Object.freeze({
  'top-up': Object.freeze({ createCustomerPortalWalletTransaction: Object.freeze(['input']) }),
  'billing-details': Object.freeze({ updateCustomerPortalCustomer: Object.freeze(['input']) }),
  'invoice-documents': Object.freeze({ downloadCustomerPortalInvoice: Object.freeze(['input']) }),
} as const satisfies Record<string, Readonly<Record<string, readonly string[]>>>);

/** An action name `createLagoProxy({ actions })` accepts. */
export type LagoProxyAction = keyof typeof LAGO_PROXY_ACTIONS;

export interface LagoProxyLogEntry {
  level: 'info' | 'warn' | 'error';
  /** What happened, e.g. `forwarded`, `refused`, `upstream_timeout`. Never contains the token. */
  event: string;
  /** The HTTP status the proxy answered. */
  status: number;
  /** The operation's name when it had one. */
  operationName?: string;
  /** Error code of a refusal. */
  code?: string;
}

export interface LagoProxyOptions {
  /** Lago's API origin, e.g. `https://api.getlago.com` or `https://api.eu.getlago.com` (no `/graphql`). */
  apiUrl: string;
  /**
   * The element's write actions this proxy forwards (default none: read-only). `top-up` allows
   * `createCustomerPortalWalletTransaction`, `billing-details` `updateCustomerPortalCustomer`,
   * `invoice-documents` `downloadCustomerPortalInvoice`. An unknown name throws at creation.
   */
  actions?: readonly LagoProxyAction[];
  /** Upstream fetch (default the global one). */
  fetch?: typeof fetch;
  /** Upstream time limit in ms (default 10 000); over it the caller gets 504. */
  timeoutMs?: number;
  /** The timers that enforce `timeoutMs` (default the global ones); a test passes its own clock's. */
  timers?: LagoProxyTimers;
  /** Largest accepted request body in bytes (default 32 768). */
  maxBodyBytes?: number;
  /** Largest accepted query text in characters (default 15 000, Lago's own limit). */
  maxQueryLength?: number;
  /** Deepest selection nesting (default 12). */
  maxDepth?: number;
  /** Most fields in one document (default 400). */
  maxFields?: number;
  /** Largest relayed answer in bytes (default 8 MiB); larger is a 502. */
  maxResponseBytes?: number;
  /** Optional structured log; receives no token, no variables, no bodies. */
  log?: (entry: LagoProxyLogEntry) => void;
}

/** `setTimeout` / `clearTimeout`, as the platform has them. */
export interface LagoProxyTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const platformTimers: LagoProxyTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The parts of node's `IncomingMessage` (and Express's `Request`) the proxy reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers such as `express.json()`. */
  body?: unknown;
  once?(event: 'close', listener: () => void): unknown;
}

/** The parts of node's `ServerResponse` (and Express's `Response`) the proxy writes. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
  once?(event: 'close', listener: () => void): unknown;
  writableEnded?: boolean;
}

export interface LagoProxy {
  /** `(Request) => Promise<Response>`: Next.js route handlers, Workers, Deno, Bun. */
  fetch: (request: Request) => Promise<Response>;
  /** `(req, res)`: Express, Connect, node:http. */
  node: (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Incoming {
  method: string;
  header(name: string): string | null;
  /** The body text, or null when it exceeds `limit` bytes. */
  readBody(limit: number): Promise<string | null>;
  /** Aborted when the caller goes away. */
  signal: AbortSignal | null;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
/** Visible ASCII, no spaces: Rails message tokens are base64 + `--` + hex. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,4096}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorOutcome(status: number, code: string, message: string, headers: Record<string, string> = {}): Outcome {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ error: { code, message } }) };
}

/** Reads a byte stream as UTF-8 up to `limit` bytes; null when it is longer (the rest is not read). */
async function readLimited(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, limit: number): Promise<string | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const encoder = new TextEncoder();
  let size = 0;
  let text = '';
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) return null;
    try {
      text += decoder.decode(bytes, { stream: true });
    } catch {
      throw new Refusal(400, 'invalid_body', 'The request body is not UTF-8.');
    }
  }
  try {
    return text + decoder.decode();
  } catch {
    throw new Refusal(400, 'invalid_body', 'The request body is not UTF-8.');
  }
}

async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops reading an oversized body instead of buffering it.
    reader.cancel().catch(() => undefined);
  }
}

/** Checks one mutation operation against the allowed mutations: exactly one root field, allowed, with only its arguments. */
function validateMutation(op: GraphQLOperation, allowedMutations: ReadonlyMap<string, readonly string[]>): void {
  if (allowedMutations.size === 0) throw new Refusal(400, 'operation_not_allowed', 'Only queries are forwarded, not a mutation.');
  const fields = op.selections.filter((f) => f.name !== '__typename');
  for (const field of fields) {
    if (!allowedMutations.has(field.name)) {
      throw new Refusal(400, 'operation_not_allowed', `The mutation "${field.name.slice(0, 60)}" is not among the actions this proxy allows.`);
    }
  }
  // One write per request: two aliased top-ups in one document would be two charges.
  if (fields.length !== 1) throw new Refusal(400, 'one_mutation_only', 'Send exactly one mutation per request.');
  const field = fields[0]!;
  const allowed = allowedMutations.get(field.name)!;
  for (const arg of field.arguments) {
    if (!allowed.includes(arg.name)) {
      throw new Refusal(400, 'argument_not_allowed', `Argument "${arg.name.slice(0, 60)}" of ${field.name} is not forwarded.`);
    }
  }
}

/** Checks one parsed document against the portal rules; returns the operation to forward. */
function validate(
  operations: GraphQLOperation[],
  operationName: string | null,
  maxFields: number,
  allowedMutations: ReadonlyMap<string, readonly string[]>,
): GraphQLOperation {
  if (operations.length !== 1) throw new Refusal(400, 'one_operation_only', 'Send exactly one operation per request.');
  const op = operations[0]!;
  if (op.operation !== 'query' && op.operation !== 'mutation') {
    throw new Refusal(400, 'operation_not_allowed', `Only queries are forwarded, not a ${op.operation}.`);
  }
  if (operationName !== null && operationName !== op.name) throw new Refusal(400, 'invalid_operation_name', 'operationName does not name the operation.');
  if (op.operation === 'mutation') {
    validateMutation(op, allowedMutations);
    if (countFields(op.selections) > maxFields) throw new Refusal(400, 'query_too_large', `The query selects more than ${maxFields} fields.`);
    return op;
  }
  for (const field of op.selections) {
    if (field.name === '__typename') continue;
    const allowed = Object.hasOwn(PORTAL_QUERY_FIELDS, field.name) ? PORTAL_QUERY_FIELDS[field.name] : undefined;
    if (allowed === undefined) {
      throw new Refusal(400, 'field_not_allowed', `Only the customer-portal queries are forwarded (refused root field "${field.name.slice(0, 60)}").`);
    }
    for (const arg of field.arguments) {
      if (!allowed.includes(arg.name)) {
        throw new Refusal(400, 'argument_not_allowed', `Argument "${arg.name.slice(0, 60)}" of ${field.name} is not forwarded.`);
      }
    }
  }
  if (countFields(op.selections) > maxFields) throw new Refusal(400, 'query_too_large', `The query selects more than ${maxFields} fields.`);
  return op;
}

export function createLagoProxy(options: LagoProxyOptions): LagoProxy {
  let endpoint: URL;
  try {
    endpoint = new URL(`${String(options.apiUrl).replace(/\/+$/, '')}/graphql`);
  } catch {
    throw new TypeError('createLagoProxy: apiUrl must be an absolute URL such as https://api.getlago.com');
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new TypeError('createLagoProxy: apiUrl must be an http(s) URL');
  }
  if (endpoint.username || endpoint.password) throw new TypeError('createLagoProxy: apiUrl must not carry credentials');
  const upstreamUrl = endpoint.href;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timers = options.timers ?? platformTimers;
  const maxBodyBytes = options.maxBodyBytes ?? 32_768;
  const maxQueryLength = options.maxQueryLength ?? 15_000;
  const maxDepth = options.maxDepth ?? 12;
  const maxFields = options.maxFields ?? 400;
  const maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const log = options.log;
  const allowedMutations = new Map<string, readonly string[]>();
  const actions: unknown = options.actions ?? [];
  if (!Array.isArray(actions)) throw new TypeError('createLagoProxy: actions must be an array of action names');
  for (const action of actions as unknown[]) {
    if (typeof action !== 'string' || !Object.hasOwn(LAGO_PROXY_ACTIONS, action)) {
      throw new TypeError(
        `createLagoProxy: unknown action ${JSON.stringify(action)}; the Lago proxy knows ${Object.keys(LAGO_PROXY_ACTIONS).map((a) => `"${a}"`).join(', ')}`,
      );
    }
    for (const [mutation, args] of Object.entries(LAGO_PROXY_ACTIONS[action as LagoProxyAction])) allowedMutations.set(mutation, args);
  }

  const emit = (entry: LagoProxyLogEntry): void => {
    if (!log) return;
    try {
      log(entry);
    } catch {
      // A failing logger never breaks a request.
    }
  };

  async function handle(incoming: Incoming): Promise<Outcome> {
    let operationName: string | undefined;
    try {
      if (incoming.method !== 'POST') {
        throw new Refusal(405, 'method_not_allowed', 'Only POST is accepted.', { allow: 'POST' });
      }
      const type = (incoming.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new Refusal(415, 'unsupported_media_type', 'Send the request as application/json.');
      const declared = incoming.header('content-length');
      if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBodyBytes) {
        throw new Refusal(413, 'body_too_large', `The request body is larger than ${maxBodyBytes} bytes.`);
      }
      const token = incoming.header('customer-portal-token');
      if (token === null || token === '') throw new Refusal(401, 'missing_token', 'The customer-portal-token header is required.');
      if (!TOKEN_SHAPE.test(token)) throw new Refusal(401, 'invalid_token', 'The customer-portal-token header is malformed.');

      const text = await incoming.readBody(maxBodyBytes);
      if (text === null) throw new Refusal(413, 'body_too_large', `The request body is larger than ${maxBodyBytes} bytes.`);
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        throw new Refusal(400, 'invalid_json', 'The request body is not JSON.');
      }
      if (!isRecord(payload)) throw new Refusal(400, 'invalid_request', 'The request body must be a JSON object.');
      const { query, variables } = payload;
      const name = payload.operationName;
      if (typeof query !== 'string' || query === '') throw new Refusal(400, 'invalid_request', '"query" must be a non-empty string.');
      if (query.length > maxQueryLength) throw new Refusal(413, 'query_too_large', `The query is longer than ${maxQueryLength} characters.`);
      if (variables !== undefined && variables !== null && !isRecord(variables)) {
        throw new Refusal(400, 'invalid_request', '"variables" must be an object.');
      }
      if (name !== undefined && name !== null && typeof name !== 'string') {
        throw new Refusal(400, 'invalid_request', '"operationName" must be a string.');
      }
      let operations: GraphQLOperation[];
      try {
        operations = parseDocument(query, { maxDepth });
      } catch (error) {
        if (error instanceof GraphQLSyntaxError) throw new Refusal(400, 'invalid_query', error.message);
        throw error;
      }
      const op = validate(operations, typeof name === 'string' ? name : null, maxFields, allowedMutations);
      operationName = op.name ?? undefined;

      const body = JSON.stringify({
        query: printOperation(op),
        variables: isRecord(variables) ? variables : {},
        ...(op.name !== null ? { operationName: op.name } : {}),
      });
      const outcome = await forward(token, body, incoming.signal);
      emit({ level: outcome.status < 400 ? 'info' : 'warn', event: 'forwarded', status: outcome.status, ...(operationName ? { operationName } : {}) });
      return outcome;
    } catch (error) {
      if (error instanceof Refusal) {
        emit({ level: error.status >= 500 ? 'error' : 'warn', event: 'refused', status: error.status, code: error.code, ...(operationName ? { operationName } : {}) });
        return errorOutcome(error.status, error.code, error.message, error.headers);
      }
      emit({ level: 'error', event: 'internal_error', status: 500 });
      return errorOutcome(500, 'internal_error', 'The proxy failed.');
    }
  }

  async function forward(token: string, body: string, callerSignal: AbortSignal | null): Promise<Outcome> {
    const timeout = new AbortController();
    const timer = timers.setTimeout(() => timeout.abort(), timeoutMs);
    const signals = callerSignal ? [timeout.signal, callerSignal] : [timeout.signal];
    const signal = signals.length === 1 ? timeout.signal : AbortSignal.any(signals);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    try {
      let response: Response;
      try {
        response = await fetchImpl(upstreamUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'customer-portal-token': token },
          body,
          signal,
          // 'manual' (not 'error', which Workers lack): a redirect is answered 502 below, never followed.
          redirect: 'manual',
        });
      } catch {
        if (timeout.signal.aborted) throw new Refusal(504, 'upstream_timeout', `Lago did not answer within ${timeoutMs} ms.`);
        if (callerSignal?.aborted) throw new Refusal(499, 'client_closed', 'The caller went away.');
        throw new Refusal(502, 'upstream_unreachable', 'Lago could not be reached.');
      }
      let text: string | null;
      try {
        text = response.body ? await readLimited(streamChunks(response.body), maxResponseBytes) : '';
      } catch (error) {
        if (timeout.signal.aborted) throw new Refusal(504, 'upstream_timeout', `Lago did not answer within ${timeoutMs} ms.`);
        if (error instanceof Refusal) throw new Refusal(502, 'upstream_invalid', 'Lago answered with a body that is not UTF-8.');
        throw new Refusal(502, 'upstream_unreachable', 'Lago closed the connection.');
      }
      if (text === null) throw new Refusal(502, 'upstream_too_large', 'Lago answered with more data than the proxy relays.');
      const upstreamType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (response.status >= 300 && response.status < 400) {
        throw new Refusal(502, 'upstream_redirect', `Lago answered with a redirect (HTTP ${response.status}); check apiUrl.`);
      }
      if (response.status >= 500) {
        throw new Refusal(502, 'upstream_error', `Lago answered HTTP ${response.status}.`);
      }
      if (upstreamType !== 'application/json') {
        throw new Refusal(502, 'upstream_invalid', `Lago answered HTTP ${response.status} without JSON.`);
      }
      // GraphQL outcomes (errors included) are HTTP 200 at Lago; relay status and JSON as they are.
      return { status: response.status, headers: { ...JSON_HEADERS }, body: text };
    } finally {
      timers.clearTimeout(timer);
    }
  }

  async function fetchHandler(request: Request): Promise<Response> {
    const outcome = await handle({
      method: request.method.toUpperCase(),
      header: (name) => request.headers.get(name),
      readBody: (limit) => (request.body ? readLimited(streamChunks(request.body), limit) : Promise.resolve('')),
      signal: request.signal,
    });
    return new Response(outcome.status === 499 ? null : outcome.body, { status: outcome.status, headers: outcome.headers });
  }

  async function nodeHandler(req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
    const closed = new AbortController();
    // Only the response's close means the caller went away (the request's fires once its body is read).
    res.once?.('close', () => {
      if (!res.writableEnded) closed.abort();
    });
    const header = (name: string): string | null => {
      const value = req.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const parsed = req.body;
    const outcome = await handle({
      method: (req.method ?? 'GET').toUpperCase(),
      header,
      readBody: async (limit) => {
        // A body parser may have consumed the stream already (express.json(), express.text()).
        if (typeof parsed === 'string') return new TextEncoder().encode(parsed).byteLength > limit ? null : parsed;
        if (parsed instanceof Uint8Array) return readLimited([parsed], limit);
        if (isRecord(parsed)) {
          const text = JSON.stringify(parsed);
          return new TextEncoder().encode(text).byteLength > limit ? null : text;
        }
        return readLimited(req, limit);
      },
      signal: closed.signal,
    });
    if (closed.signal.aborted) return;
    res.writeHead(outcome.status, outcome.headers);
    res.end(outcome.body);
  }

  return { fetch: fetchHandler, node: nodeHandler };
}
