// The Lago adapter, the Lago proxy and the reference Lago server against Lago's
// customer-portal GraphQL schema (test/server/lago-portal.graphql, our own
// listing of lago-api's types: see its header for the source files and commit).
//
// 1. Every document the adapter sends (src/backends/lago/documents.ts) is valid
//    against the schema, as written and as the proxy re-prints it; the proxy's
//    allowed root fields and arguments exist.
// 2. The REAL adapter (LagoBackend + LagoClient, bundled from src/) runs
//    against the reference server through the package's proxy, for every
//    seeded customer, every page of every list, invoice details, usage and
//    billing history. Every request's variables coerce against the
//    operation's variable definitions; every answer's `data` is executed
//    against the schema by graphql-js (a resolver hands back the server's own
//    value) and must come out identical: a null in a non-null field, an
//    unknown enum value, an Int sent as a string, an ID as a number, a key
//    nobody asked for, a missing key or a `__typename` that is not the
//    field's type all fail. Custom scalars are strict: BigInt a string of
//    digits, ISO8601Date `YYYY-MM-DD`, ISO8601DateTime second precision.
// 3. The same documents with `__typename` in every selection set (what Apollo
//    clients, Lago's own front end included, send) are answered with the
//    schema's type names.
// 4. Every field the reference server serves (its seed, whole) is asked for
//    and must be in the schema with the right type: what it serves beyond the
//    schema is listed in SERVER_BEYOND_SCHEMA with the reason.
// 5. Unauthorized answers null the same root fields as graphql-js does for
//    the schema's nullability.
//
// LAGO_SCHEMA_FILE=/path/to/lago-api/schema.graphql is meant to run the same checks
// against Lago's full published schema (not vendored: AGPL-3.0).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  assertValidSchema,
  buildSchema,
  execute,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  isNonNullType,
  parse,
  print,
  validate,
  visit,
} from 'graphql';
import { startServer } from '../../demo/server/main.mjs';
import { LAGO_CUSTOMER_IDS } from '../../demo/server/lago/lago-seed.mjs';
import { loadTsModule } from '../../demo/server/lago/ts-module.mjs';

const AT = Date.parse('2026-08-22T10:30:00Z');
const SCHEMA_FILE = process.env.LAGO_SCHEMA_FILE || fileURLToPath(new URL('./lago-portal.graphql', import.meta.url));

/**
 * Fields the reference server serves that the schema does not have, `Type.field` → why.
 * Empty today: the server serves nothing beyond Lago's schema. A stale entry fails too.
 */
const SERVER_BEYOND_SCHEMA = new Map([]);

/**
 * Root fields of the schema the reference server does not answer, → why
 * (the server then answers "Field … doesn't exist on type 'Query'", as Lago does for unknown fields).
 */
const SCHEMA_BEYOND_SERVER = new Map([
  ['customerPortalCustomerProjectedUsage', 'the element shows current usage only; the proxy lets it through for other clients'],
]);

// ------------------------------------------------------------------ the schema

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const validDate = (s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
/** Lago's custom scalars as graphql-ruby serializes them (contract §5); JSON scalars take any JSON. */
const STRICT_SCALARS = {
  BigInt: [(v) => typeof v === 'string' && /^-?\d+$/.test(v), 'a string of digits'],
  ISO8601Date: [(v) => typeof v === 'string' && ISO_DATE.test(v) && validDate(v), 'YYYY-MM-DD'],
  ISO8601DateTime: [(v) => typeof v === 'string' && ISO_DATE_TIME.test(v) && validDate(v), 'an ISO 8601 date-time, second precision'],
};

function loadSchema() {
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  assertValidSchema(schema);
  for (const [name, [ok, what]] of Object.entries(STRICT_SCALARS)) {
    const type = schema.getType(name);
    if (!type) continue;
    // buildSchema's custom scalars serialize anything; this schema object is ours alone.
    type.serialize = (value) => {
      if (!ok(value)) throw new TypeError(`${name} cannot represent ${JSON.stringify(value)}: expected ${what}`);
      return value;
    };
  }
  return schema;
}

// ------------------------------------------------------------------ checks

/** Differences between what the server sent and what the schema makes of it, as `path: …` lines. */
function diff(sent, executed, path, out) {
  if (Object.is(sent, executed)) return out;
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(sent) !== kind(executed) || (kind(sent) !== 'object' && kind(sent) !== 'array')) {
    out.push(`${path || '(data)'}: the server sent ${JSON.stringify(sent)}, the schema gives ${JSON.stringify(executed)}`);
    return out;
  }
  if (Array.isArray(sent)) {
    if (sent.length !== executed.length) out.push(`${path}: ${sent.length} items sent, ${executed.length} after execution`);
    sent.forEach((v, i) => diff(v, executed[i], `${path}[${i}]`, out));
    return out;
  }
  for (const key of new Set([...Object.keys(sent), ...Object.keys(executed)])) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(executed, key)) out.push(`${at}: sent, but not a selected field`);
    else if (!Object.hasOwn(sent, key)) out.push(`${at}: selected, but missing from the answer`);
    else diff(sent[key], executed[key], at, out);
  }
  return out;
}

/**
 * Executes `document` against the schema with the server's answer as the
 * resolved values: graphql-js's own completion (non-null, lists, enums,
 * scalars, __typename) then must reproduce the answer exactly.
 */
function conformance(schema, document, variableValues, data) {
  const result = execute({
    schema,
    document,
    variableValues,
    rootValue: data,
    fieldResolver: (source, _args, _context, info) => (source === null || source === undefined ? source : source[info.path.key]),
    typeResolver: (value) => value?.__typename,
  });
  const problems = (result.errors ?? []).map((e) => `${e.path ? e.path.join('.') : '(document)'}: ${e.message}`);
  if (data !== null && typeof data === 'object') diff(data, result.data ?? null, '', problems);
  return problems;
}

function variableProblems(schema, document, variables) {
  const op = getOperationAST(document);
  const { errors } = getVariableValues(schema, op.variableDefinitions ?? [], variables ?? {});
  return (errors ?? []).map((e) => e.message);
}

const TYPENAME = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
/** The document with `__typename` in every selection set, as Apollo's `addTypename` sends it. */
const withTypename = (document) =>
  visit(document, {
    SelectionSet: (node) => (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename') ? undefined : { ...node, selections: [...node.selections, TYPENAME] }),
  });

// ------------------------------------------------------------------ fixtures

const ctx = {};

before(async () => {
  ctx.schema = loadSchema();
  ctx.documents = await loadTsModule('src/backends/lago/documents.ts');
  ctx.proxyModule = await loadTsModule('server/lago-proxy/index.ts');
  ctx.graphqlModule = await loadTsModule('server/lago-proxy/graphql.ts');
  ctx.adapter = await loadTsModule('src/backends/lago/index.ts');
  ctx.server = await startServer({ port: 0, now: () => new Date(AT) });
});
after(() => ctx.server?.close());

async function mint(customer) {
  const res = await fetch(`${ctx.server.lagoApiUrl}/api/v1/customers/${customer}/portal_url`, { headers: { authorization: 'Bearer lago_api_key_demo' } });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

async function post(token, body) {
  const res = await fetch(`${ctx.server.lagoApiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'customer-portal-token': token } : {}) },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
  return res.json();
}

/**
 * Runs the real adapter for one customer through the proxy, as the element
 * does, and returns every exchange: `{ operationName, query, variables, answer }`.
 */
async function adapterTraffic(customer) {
  const token = await mint(customer);
  const exchanges = [];
  const recordingFetch = async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.text();
    const request = JSON.parse(String(init.body));
    exchanges.push({ ...request, status: res.status, answer: JSON.parse(text) });
    return new Response(text, { status: res.status, headers: res.headers });
  };
  const { LagoBackend, LagoClient } = ctx.adapter;
  const client = new LagoClient({ baseUrl: ctx.server.lagoProxyUrl, getToken: () => token, fetch: recordingFetch, retry: false });
  const backend = new LagoBackend(client, { now: () => new Date(AT) });
  const signal = new AbortController().signal;

  await backend.customer(signal);
  await backend.wallets(signal);
  // Every page of the lists, in pages small enough that the paginated customers have several.
  for (let offset = 0, total = 1; offset < total; offset += 1) total = (await backend.subscriptions({ offset, limit: 1 }, signal)).total;
  const invoices = [];
  for (let offset = 0, total = 1; offset < total; offset += 25) {
    const page = await backend.invoices({ offset, limit: 25 }, signal);
    invoices.push(...page.items);
    total = page.total;
  }
  if (invoices.length) await backend.invoices({ offset: 0, limit: 25 }, signal, { search: invoices.at(-1).number.slice(0, 5) });
  // Details: the newest few and the oldest (every invoice of lago-many would only repeat the same shapes).
  for (const invoice of new Set([...invoices.slice(0, 6), ...invoices.slice(-1)])) await backend.invoice(invoice.id, signal);
  if (invoices.length) await backend.invoicePdfUrl(invoices[0].id, signal).catch((error) => assert.equal(error.code, 'no_document'));
  await backend.usageSummary(signal);
  await backend.billingHistory(signal);
  return { token, exchanges };
}

// ------------------------------------------------------------------ 1. documents

describe('Lago schema: the adapter documents and the proxy', () => {
  it('loads the schema, with the portal root fields', () => {
    const fields = Object.keys(ctx.schema.getQueryType().getFields()).filter((f) => f.startsWith('customerPortal'));
    assert.ok(fields.length >= 10, `customerPortal* roots: ${fields.join(', ')}`);
  });

  it('every document the adapter sends is valid, as written and as the proxy forwards it', () => {
    const { parseDocument, printOperation } = ctx.graphqlModule;
    const entries = Object.entries(ctx.documents).filter(([, v]) => typeof v === 'string' && /^\s*query\b/.test(v));
    assert.equal(entries.length, Object.keys(ctx.documents).length, 'documents.ts exports only documents');
    for (const [name, text] of entries) {
      const errors = validate(ctx.schema, parse(text)).map((e) => e.message);
      assert.deepEqual(errors, [], `${name} as written`);
      const [operation] = parseDocument(text);
      const forwarded = printOperation(operation);
      assert.deepEqual(validate(ctx.schema, parse(forwarded)).map((e) => e.message), [], `${name} as the proxy forwards it: ${forwarded}`);
      assert.equal(print(parse(forwarded)), print(parse(text)), `${name}: the proxy forwards the same operation`);
    }
  });

  it('the backend sends each document under its own operation name, and every document is used', () => {
    const source = readFileSync(fileURLToPath(new URL('../../src/backends/lago/backend.ts', import.meta.url)), 'utf8');
    const calls = [...source.matchAll(/client\.query\(\s*'(\w+)',\s*Q\.(\w+)/g)].map(([, operationName, doc]) => ({ operationName, doc }));
    assert.ok(calls.length > 0);
    for (const { operationName, doc } of calls) {
      assert.ok(typeof ctx.documents[doc] === 'string', `Q.${doc} is exported`);
      assert.equal(getOperationAST(parse(ctx.documents[doc])).name?.value, operationName, `Q.${doc} is operation ${operationName}`);
    }
    assert.deepEqual([...new Set(calls.map((c) => c.doc))].sort(), Object.keys(ctx.documents).sort());
  });

  it("the proxy's allowed root fields and arguments exist in the schema", () => {
    const query = ctx.schema.getQueryType().getFields();
    for (const [field, args] of Object.entries(ctx.proxyModule.PORTAL_QUERY_FIELDS)) {
      assert.ok(query[field], `Query.${field}`);
      const known = query[field].args.map((a) => a.name);
      for (const arg of args) assert.ok(known.includes(arg), `Query.${field}(${arg}:)`);
    }
  });
});

// ------------------------------------------------------------------ the checker bites

describe('Lago schema: the answer check itself', () => {
  const doc = () =>
    parse('query Q { customerPortalWallets { __typename collection { __typename id currency status priority balanceCents expirationAt } metadata { totalCount } } }');
  const good = () => ({
    customerPortalWallets: {
      __typename: 'CustomerPortalWalletCollection',
      collection: [{ __typename: 'CustomerPortalWallet', id: 'w1', currency: 'USD', status: 'active', priority: 50, balanceCents: '100', expirationAt: '2026-08-22T10:11:12Z' }],
      metadata: { totalCount: 1 },
    },
  });
  const check = (mutate) => {
    const data = good();
    mutate(data.customerPortalWallets, data.customerPortalWallets.collection[0]);
    return conformance(ctx.schema, doc(), {}, data);
  };

  it('accepts a conforming answer', () => assert.deepEqual(check(() => {}), []));
  const cases = [
    ['a null in a non-null field', (_c, w) => (w.currency = null), /Cannot return null for non-nullable field CustomerPortalWallet\.currency/],
    ['an enum value the schema does not have', (_c, w) => (w.currency = 'usd'), /Enum "CurrencyEnum" cannot represent value/],
    ['a __typename that is not the type', (c) => (c.__typename = 'Collection'), /__typename: the server sent "Collection", the schema gives "CustomerPortalWalletCollection"/],
    ['a BigInt sent as a number', (_c, w) => (w.balanceCents = 100), /BigInt cannot represent 100/],
    ['an Int sent as a string', (_c, w) => (w.priority = '50'), /priority: the server sent "50", the schema gives 50/],
    ['an ID sent as a number', (_c, w) => (w.id = 7), /id: the server sent 7, the schema gives "7"/],
    ['a date-time with milliseconds', (_c, w) => (w.expirationAt = '2026-08-22T10:11:12.000Z'), /ISO8601DateTime cannot represent/],
    ['a missing field', (_c, w) => delete w.status, /Cannot return null for non-nullable field CustomerPortalWallet\.status|status: selected, but missing/],
    ['a field nobody asked for', (_c, w) => (w.name = 'x'), /collection\[0\]\.name: sent, but not a selected field/],
    ['an object where a list belongs', (c) => (c.collection = c.collection[0]), /Expected Iterable|collection: the server sent/],
  ];
  for (const [what, mutate, expected] of cases) {
    it(`refuses ${what}`, () => {
      const problems = check(mutate);
      assert.ok(problems.some((p) => expected.test(p)), problems.join('\n') || '(no problem found)');
    });
  }
});

// ------------------------------------------------------------------ 2.–5. the reference server

describe('Lago schema: the reference server answers the adapter', () => {
  const used = new Set();
  for (const customer of LAGO_CUSTOMER_IDS) {
    it(`${customer}: every request and answer of the adapter fits the schema, __typename included`, async () => {
      const { token, exchanges } = await adapterTraffic(customer);
      assert.ok(exchanges.length >= 6, `${exchanges.length} exchanges`);
      const problems = [];
      const typenamed = new Map();
      for (const [i, x] of exchanges.entries()) {
        const where = `#${i} ${x.operationName} ${JSON.stringify(x.variables)}`;
        used.add(x.operationName);
        const document = parse(x.query);
        for (const p of variableProblems(ctx.schema, document, x.variables)) problems.push(`${where} variables: ${p}`);
        if (x.status !== 200 || x.answer.errors) {
          problems.push(`${where}: HTTP ${x.status} ${JSON.stringify(x.answer.errors ?? x.answer)}`);
          continue;
        }
        for (const p of conformance(ctx.schema, document, x.variables, x.answer.data)) problems.push(`${where}: ${p}`);
        // The same request with __typename everywhere (once per operation and variables shape is plenty).
        const key = `${x.operationName} ${JSON.stringify(Object.keys(x.variables ?? {}))} ${JSON.stringify(x.variables?.page ?? null)}`;
        if (!typenamed.has(key)) typenamed.set(key, x);
      }
      for (const x of typenamed.values()) {
        const document = withTypename(parse(x.query));
        const answer = await post(token, { query: print(document), variables: x.variables, operationName: x.operationName });
        const where = `${x.operationName} with __typename ${JSON.stringify(x.variables)}`;
        if (answer.errors) problems.push(`${where}: ${JSON.stringify(answer.errors)}`);
        else for (const p of conformance(ctx.schema, document, x.variables, answer.data)) problems.push(`${where}: ${p}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('the runs above sent every adapter operation', () => {
    const names = Object.values(ctx.documents).map((d) => getOperationAST(parse(d)).name.value);
    assert.deepEqual([...used].sort(), names.sort());
  });
});

describe('Lago schema: everything the reference server serves', () => {
  /** Root fields → the seed values the server answers them from (the wrappers as its resolvers build them). */
  function seedRoots(c) {
    const page = { currentPage: 1, limitValue: 1, totalCount: 1, totalPages: 1 };
    return {
      customerPortalUser: c.user,
      customerPortalOrganization: c.organization,
      customerPortalWallets: { collection: c.wallets, metadata: page },
      customerPortalWallet: c.wallets,
      customerPortalSubscriptions: { collection: c.subscriptions, metadata: page },
      customerPortalSubscription: c.subscriptions,
      customerPortalInvoices: { collection: c.invoices, metadata: page },
      customerPortalCustomerUsage: [...c.usage.values()],
      customerPortalInvoiceCollections: { collection: c.invoiceCollections },
      customerPortalOverdueBalances: { collection: c.overdueBalances },
    };
  }

  /**
   * Walks seed values along the schema: a tree of the fields served at each
   * place (a Subscription inside an invoice carries fewer fields than one in
   * the subscription list), and the `Type.key`s the schema lacks.
   */
  function servedFields(schema) {
    const tree = new Map();
    const beyond = new Set();
    const walk = (type, value, node) => {
      if (value === null || value === undefined) return;
      if (Array.isArray(value)) return value.forEach((v) => walk(type, v, node));
      const fields = type.getFields();
      for (const [key, v] of Object.entries(value)) {
        if (key === '__typename') continue;
        if (!fields[key]) {
          beyond.add(`${type.name}.${key}`);
          continue;
        }
        const named = getNamedType(fields[key].type);
        if (!node.has(key)) node.set(key, isLeafType(named) ? null : new Map());
        if (!isLeafType(named)) walk(named, v, node.get(key));
      }
    };
    for (const customer of LAGO_CUSTOMER_IDS) walk(schema.getQueryType(), seedRoots(ctx.server.lago.customer(customer)), tree);
    return { tree, beyond };
  }

  /** A selection set of every served field under `node`, __typename everywhere. */
  const selection = (node) => `{ __typename${[...node].map(([key, child]) => ` ${key}${child ? ` ${selection(child)}` : ''}`).join('')} }`;

  it('serves no field the schema lacks, except the listed ones', () => {
    const { beyond } = servedFields(ctx.schema);
    assert.deepEqual([...beyond].sort(), [...SERVER_BEYOND_SCHEMA.keys()].sort());
  });

  it("a fee's itemType is its feeType, as graphql-ruby resolves it (Types::Fees::Object#item_type)", () => {
    for (const customer of LAGO_CUSTOMER_IDS) {
      for (const fee of ctx.server.lago.customer(customer).invoices.flatMap((i) => i.fees)) assert.equal(fee.itemType, fee.feeType, `${customer} fee ${fee.id}`);
    }
  });

  it('answers every portal root field of the schema, except the listed ones', async () => {
    const token = await mint('lago-typical');
    const missing = [];
    for (const field of Object.keys(ctx.schema.getQueryType().getFields()).filter((f) => f.startsWith('customerPortal'))) {
      const answer = await post(token, { query: `{ ${field} { __typename } }` });
      if (answer.errors?.some((e) => e.extensions?.code === 'undefinedField')) missing.push(field);
    }
    assert.deepEqual(missing.sort(), [...SCHEMA_BEYOND_SERVER.keys()].sort());
  });

  for (const customer of LAGO_CUSTOMER_IDS) {
    it(`${customer}: every served field, asked for, fits the schema`, async () => {
      const schema = ctx.schema;
      const { tree } = servedFields(schema);
      const sel = (root) => selection(tree.get(root));
      const c = ctx.server.lago.customer(customer);
      const token = await mint(customer);
      const requests = [
        {
          query:
            'query Everything { ' +
            ['customerPortalUser', 'customerPortalOrganization', 'customerPortalInvoiceCollections', 'customerPortalOverdueBalances'].map((r) => `${r} ${sel(r)}`).join(' ') +
            ` customerPortalWallets(limit: 1000) ${sel('customerPortalWallets')}` +
            ` customerPortalSubscriptions(limit: 1000) ${sel('customerPortalSubscriptions')}` +
            ` customerPortalInvoices(limit: 1000) ${sel('customerPortalInvoices')} }`,
          variables: {},
        },
        ...c.wallets.map((w) => ({ query: `query W($id: ID!) { customerPortalWallet(id: $id) ${sel('customerPortalWallet')} }`, variables: { id: w.id } })),
        ...c.subscriptions.map((s) => ({ query: `query S($id: ID!) { customerPortalSubscription(id: $id) ${sel('customerPortalSubscription')} }`, variables: { id: s.id } })),
        ...[...c.usage.keys()].map((id) => ({ query: `query U($id: ID!) { customerPortalCustomerUsage(subscriptionId: $id) ${sel('customerPortalCustomerUsage')} }`, variables: { id } })),
      ];
      const problems = [];
      for (const { query: text, variables } of requests) {
        const document = parse(text);
        const where = `${getOperationAST(document).name.value} ${JSON.stringify(variables)}`;
        for (const e of validate(schema, document)) problems.push(`${where} document: ${e.message}`);
        const answer = await post(token, { query: text, variables });
        if (answer.errors) problems.push(`${where}: ${JSON.stringify(answer.errors)}`);
        else for (const p of conformance(schema, document, variables, answer.data)) problems.push(`${where}: ${p}`);
      }
      // Everything seeded was in the answers: the whole invoice list, not a first page.
      assert.deepEqual(problems, []);
    });
  }
});

describe('Lago schema: unauthorized answers', () => {
  it('null the same root fields as graphql-js does for the schema', async () => {
    const documents = [
      ...Object.values(ctx.documents),
      `query All { ${Object.keys(ctx.schema.getQueryType().getFields())
        .filter((f) => f.startsWith('customerPortal') && !SCHEMA_BEYOND_SERVER.has(f))
        .map((f) => {
          const field = ctx.schema.getQueryType().getFields()[f];
          const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: "x"`);
          return `${f}${args.length ? `(${args.join(', ')})` : ''} { __typename }`;
        })
        .join(' ')} }`,
    ];
    for (const text of documents) {
      const document = parse(text);
      const variables = Object.fromEntries((getOperationAST(document).variableDefinitions ?? []).map((v) => [v.variable.name.value, v.type.kind === Kind.NON_NULL_TYPE ? 'x' : null]));
      const expected = execute({
        schema: ctx.schema,
        document,
        variableValues: variables,
        rootValue: {},
        fieldResolver: () => {
          throw new Error('unauthorized');
        },
      });
      const answer = await post('forged--0000000000000000000000000000000000000000', { query: text, variables });
      const name = getOperationAST(document).name?.value;
      assert.deepEqual(answer.data, JSON.parse(JSON.stringify(expected.data)), `${name}: data`);
      // graphql-js stops at the first non-null root that fails; graphql-ruby (and the server) report every root field.
      assert.deepEqual(
        answer.errors.map((e) => [e.path.join('.'), e.extensions.code]),
        getOperationAST(document).selectionSet.selections.map((f) => [(f.alias ?? f.name).value, 'unauthorized']),
        `${name}: one unauthorized error per root field`,
      );
    }
  });
});

// ------------------------------------------------------------------ 6. the portal mutations (opt-in actions)

describe('Lago schema: the portal mutations', () => {
  const DOCS = {
    'top-up': 'mutation TopUpPortalWallet($input: CreateCustomerPortalWalletTransactionInput!) { createCustomerPortalWalletTransaction(input: $input) { collection { id amount creditAmount status transactionStatus transactionType createdAt settledAt updatedAt } } }',
    'billing-details': 'mutation UpdatePortalCustomer($input: UpdateCustomerPortalCustomerInput!) { updateCustomerPortalCustomer(input: $input) { id name displayName legalName email taxIdentificationNumber customerType addressLine1 addressLine2 city state zipcode country shippingAddress { addressLine1 city country zipcode } } }',
    'invoice-documents': 'mutation DownloadPortalInvoice($input: DownloadCustomerPortalInvoiceInput!) { downloadCustomerPortalInvoice(input: $input) { id fileUrl } }',
  };

  it("the proxy's allowed mutations exist in the schema with their arguments, and the documents are valid", () => {
    const mutation = ctx.schema.getMutationType().getFields();
    for (const fields of Object.values(ctx.proxyModule.LAGO_PROXY_ACTIONS)) {
      for (const [field, args] of Object.entries(fields)) {
        assert.ok(mutation[field], `Mutation.${field}`);
        assert.deepEqual(mutation[field].args.map((a) => a.name), args, `Mutation.${field} arguments`);
      }
    }
    for (const [action, text] of Object.entries(DOCS)) {
      const document = parse(text);
      assert.deepEqual(validate(ctx.schema, document).map((e) => e.message), [], action);
      // As the proxy re-prints it.
      const [op] = ctx.graphqlModule.parseDocument(text);
      assert.deepEqual(validate(ctx.schema, parse(ctx.graphqlModule.printOperation(op))).map((e) => e.message), [], `${action} re-printed`);
    }
  });

  it('a mutation outside the three is not in the schema (a document naming it is invalid)', () => {
    assert.notDeepEqual(validate(ctx.schema, parse('mutation { createCustomer(input: {name: "x"}) { id } }')), []);
  });

  it('the reference server answers each mutation through a proxy allowing it, fitting the schema (errors too)', async () => {
    const token = await mint('lago-typical');
    const proxy = ctx.proxyModule.createLagoProxy({ apiUrl: ctx.server.lagoApiUrl, actions: Object.keys(DOCS) });
    const viaProxy = async (action, variables) => {
      const res = await proxy.fetch(new Request('https://merchant.test/lago', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'customer-portal-token': token },
        body: JSON.stringify({ query: DOCS[action], variables }),
      }));
      assert.equal(res.status, 200);
      return res.json();
    };
    const wallet = (await post(token, { query: '{ customerPortalWallets { collection { id } } }' })).data.customerPortalWallets.collection[0];
    const invoice = (await post(token, { query: '{ customerPortalInvoices(status: [finalized]) { collection { id } } }' })).data.customerPortalInvoices.collection[0];
    const runs = [
      ['top-up', { input: { walletId: wallet.id, paidCredits: '25' } }, false],
      ['top-up', { input: { walletId: wallet.id, paidCredits: '1' } }, true],
      ['billing-details', { input: { name: 'Acme Renamed', country: 'FR', shippingAddress: { addressLine1: '1 Rue X', city: 'Paris', country: 'FR', zipcode: '75001' } } }, false],
      ['billing-details', { input: { email: 'not-an-email' } }, true],
      ['invoice-documents', { input: { id: invoice.id } }, false],
    ];
    for (const [action, variables, failing] of runs) {
      const document = parse(DOCS[action]);
      assert.deepEqual(variableProblems(ctx.schema, document, variables), [], `${action} variables`);
      const answer = await viaProxy(action, variables);
      assert.equal(Boolean(answer.errors), failing, `${action}: ${JSON.stringify(answer).slice(0, 300)}`);
      if (failing) assert.equal(answer.errors[0].extensions.code, 'unprocessable_entity');
      assert.deepEqual(conformance(ctx.schema, document, variables, answer.data), [], `${action} answer`);
      assert.deepEqual(conformance(ctx.schema, withTypename(document), variables, (await viaProxy(action, variables)).data ?? null).filter((p) => !/__typename/.test(p)), [], `${action} with __typename`);
    }
  });
});
