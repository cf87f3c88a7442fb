// The Polar reference server against Polar's own SDKs (checked 2026-12-07).
//
// Artifacts (dev dependencies, pinned by package-lock.json):
//   - @polar-sh/sdk 0.48.1, installed as `polar-sdk-zod` (Speakeasy, polarsource/polar-js): every
//     answer must parse with its zod inbound schema (`models/components/*.js`, `*$inboundSchema`;
//     `models/errors/*.js` for error bodies): required fields, enum values, integers, ISO datetimes.
//   - @polar-sh/sdk 1.0.1 (polarsource/polar sdk/typescript): its TypeScript models per API version
//     (the `./2026-04`, `./2026-10`, `./2027-01` exports, `models.*`). Every object of every answer
//     becomes an object literal typed with its model and is compiled in memory with the TypeScript
//     compiler API under `strict`, so a missing field, a wrong type and a field Polar does not send
//     (excess property) all fail. The literals are checked against the first version; every later
//     version is proved to declare the very same models (or gets the literals too). That package
//     needs Node 22 to run, so only its types are used.
//
// Coverage: a session minted for every seeded Polar customer (the mint answer included), then for
// each, with `Polar-Version` set to every version the 1.x SDK knows, every route the element's
// Polar adapter calls (src/backends/polar/client.ts), every page of every list, each listed item's
// own routes (order detail, invoice, receipt, wallet; up to ITEMS_PER_LIST items per list), and the
// read routes beside them (subscription, meter, payment status). The member customer's billing
// routes are checked as 403 NotPermitted, then again with a billing role.
//
// Deliberate differences are listed with their reasons: ALLOWED_EXTRAS (fields Polar sends that
// neither SDK can declare) and ZOD_SUPERSEDED (where 0.48 and 1.x disagree, 1.x wins). An entry no
// answer needs fails, so the lists cannot go stale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { POLAR_CUSTOMER_IDS } from '../../demo/server/polar/api.mjs';
import { startPolar } from './_polar-helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SDK_MANIFEST = JSON.parse(readFileSync(join(ROOT, 'node_modules/@polar-sh/sdk/package.json'), 'utf8'));
const ZOD_MANIFEST = JSON.parse(readFileSync(join(ROOT, 'node_modules/polar-sdk-zod/package.json'), 'utf8'));

/** The API versions the 1.x SDK is typed for (and sends as `Polar-Version`): its `./YYYY-MM` exports. */
const VERSIONS = Object.keys(SDK_MANIFEST.exports)
  .map((k) => /^\.\/(\d{4}-\d{2})$/.exec(k)?.[1])
  .filter(Boolean);

/**
 * Fields the reference server sends although neither SDK declares them, each with why. Both SDKs
 * are generated from Polar's OpenAPI document, which leaves out fields marked `SkipJsonSchema`:
 * Polar still serializes those deprecated fields, so no SDK can ever list them.
 */
const ALLOWED_EXTRAS = {
  CustomerSubscription: {
    user_id: 'contract §7.2: deprecated `SkipJsonSchema` field (use `customer_id`) Polar still serializes',
    price_id: 'contract §7.2: deprecated `SkipJsonSchema` field (use `prices`) Polar still serializes',
    price: 'contract §7.2: deprecated `SkipJsonSchema` field (the first of `prices`) Polar still serializes',
  },
  CustomerOrder: {
    user_id: 'contract §7.3: deprecated field (use `customer_id`) Polar still serializes',
    product_price: 'contract §7.3: deprecated `SkipJsonSchema` field (use `items`) Polar still serializes',
    amount: 'contract §7.3: legacy amount (= `net_amount`) Polar still serializes',
    from_balance_amount: 'contract §7.3: legacy name of `applied_balance_amount` Polar still serializes',
  },
};

/**
 * Where the two SDKs disagree, the 1.x types (generated from Polar's current schema) win: the 0.48
 * zod issues this causes, each for the answers it `applies` to only, with why.
 */
const ZOD_SUPERSEDED = [
  {
    model: 'CustomerSession',
    path: 'customer.avatar_url',
    applies: (body) => body.customer.email === null && body.customer.avatar_url === null,
    reason: '0.48 requires a string; 1.x types it `string | null`: a team customer without an e-mail has no Gravatar',
  },
];

/** The exact 1.x model of a price (the `ProductPrice` union lets a current price carry legacy fields). */
const PRICE_MODELS = {
  fixed: 'ProductPriceFixed',
  custom: 'ProductPriceCustom',
  seat_based: 'ProductPriceSeatBased',
  unit_based: 'ProductPriceUnitBased',
  metered_unit: 'ProductPriceMeteredUnit',
  metered_tiers: 'ProductPriceMeteredTiers',
};
const LEGACY_PRICE_MODELS = { fixed: 'LegacyRecurringProductPriceFixed', custom: 'LegacyRecurringProductPriceCustom' };

let s;
/** `{ label, model, body }`: every answer to check; `model` names both the zod schema and the 1.x type. */
const answers = [];
const timings = {};

/** Answers with another status than expected, or without the version echoed: reported by the first test. */
const refused = [];

/** A GET as the adapter makes it, with `Polar-Version`; the answer is recorded when its status is `expect`, else null. */
async function get(token, path, version, model, { expect = 200, label = '' } = {}) {
  const where = `${label} ${version} GET ${path}`;
  let r = await s.portal(token, path, { headers: { 'polar-version': version } });
  // A receipt still rendering answers 202 with no body; the adapter polls it.
  for (let poll = 0; r.status === 202 && poll < 5; poll++) r = await s.portal(token, path, { headers: { 'polar-version': version } });
  if (r.status !== expect || r.headers.get('polar-version') !== version) {
    refused.push(`${where}: ${r.status} (Polar-Version ${r.headers.get('polar-version')}) ${r.text.slice(0, 120)}`);
    return null;
  }
  answers.push({ label: where, model, body: r.json, http: { url: `${s.base}/v1/customer-portal${path}`, status: r.status, text: r.text } });
  return r.json;
}

/** Every page of a list, `limit` 100 as the adapter asks; each page is an answer. */
async function pages(token, path, version, model, label) {
  const items = [];
  let maxPage = 1;
  for (let page = 1; page <= maxPage; page++) {
    const body = await get(token, `${path}${path.includes('?') ? '&' : '?'}limit=100&page=${page}`, version, model, { label });
    if (!body) break;
    items.push(...body.items);
    maxPage = body.pagination.max_page;
  }
  return items;
}

/** Pool of `n` concurrent runs over `inputs` (keeps the many-orders customer quick). */
async function each(inputs, run, n = 8) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < inputs.length) await run(inputs[next++]);
  }));
}

/** Items of a list whose own routes are asked (lists are newest first, where the seed puts its status and document mix). */
const ITEMS_PER_LIST = 20;

/**
 * Each item's own routes (detail, documents, …) for the first ITEMS_PER_LIST items of a list: the
 * first item with every version, the others with one version each in turn. Every version reaches
 * every route, and the many-orders customer's 250 orders stay quick: all of them are already
 * checked in full in the list pages, which serve the same objects as the detail route.
 */
async function perItem(items, run) {
  const jobs = items
    .slice(0, ITEMS_PER_LIST)
    .flatMap((item, i) => (i === 0 ? VERSIONS : [VERSIONS[i % VERSIONS.length]]).map((version) => [item, version]));
  await each(jobs, ([item, version]) => run(item, version));
}

async function billingRoutes(token, label) {
  for (const version of VERSIONS) {
    const wallets = await pages(token, '/wallets/', version, 'ListResourceCustomerWallet', label);
    const orders = await pages(token, '/orders/', version, 'ListResourceCustomerOrder', label);
    if (version !== VERSIONS[0]) continue;
    await perItem(wallets, (w, v) => get(token, `/wallets/${w.id}`, v, 'CustomerWallet', { label }));
    await perItem(orders, async (o, v) => {
      await get(token, `/orders/${o.id}`, v, 'CustomerOrder', { label });
      await get(token, `/orders/${o.id}/payment-status`, v, 'CustomerOrderPaymentStatus', { label });
      if (o.is_invoice_generated) await get(token, `/orders/${o.id}/invoice`, v, 'CustomerOrderInvoice', { label });
      if (o.receipt_number) await get(token, `/orders/${o.id}/receipt`, v, 'CustomerOrderReceipt', { label });
    });
  }
}

before(async () => {
  const started = Date.now();
  s = await startPolar();
  for (const ext of POLAR_CUSTOMER_IDS) {
    const session = await s.mint(ext);
    answers.push({ label: `${ext} POST /v1/customer-sessions/`, model: 'CustomerSession', body: session });
    const member = session.token.startsWith('polar_mst_');
    const t = session.token;
    for (const version of VERSIONS) {
      await get(t, '/customer-session/introspect', version, 'CustomerCustomerSession', { label: ext });
      await get(t, '/customers/me', version, 'CustomerPortalCustomer', { label: ext });
      await pages(t, '/subscriptions/?active=true', version, 'ListResourceCustomerSubscription', ext);
      const subscriptions = await pages(t, '/subscriptions/', version, 'ListResourceCustomerSubscription', ext);
      const meters = await pages(t, '/meters/', version, 'ListResourceCustomerCustomerMeter', ext);
      if (version === VERSIONS[0]) {
        await perItem(subscriptions, (sub, v) => get(t, `/subscriptions/${sub.id}`, v, 'CustomerSubscription', { label: ext }));
        await perItem(meters, (m, v) => get(t, `/meters/${m.id}`, v, 'CustomerCustomerMeter', { label: ext }));
      }
      if (member) {
        for (const path of ['/orders/', '/wallets/']) await get(t, path, version, 'NotPermitted', { expect: 403, label: ext });
      }
    }
    if (member) {
      // The same customer's billing answers, as its owner or a billing manager would read them.
      s.polar.api.patchCustomer(ext, (c) => {
        c.member.role = 'billing_manager';
      });
    }
    await billingRoutes(t, member ? `${ext} (billing_manager)` : ext);
  }
  timings.fetch = Date.now() - started;
});
after(() => s?.close());

// ------------------------------------------------------------------ zod (0.48)

/** The 0.48 zod inbound schema of a model (`components`), or of an error body (`errors`). */
async function zodSchema(model) {
  for (const kind of ['components', 'errors']) {
    let mod;
    try {
      mod = await import(`polar-sdk-zod/models/${kind}/${model.toLowerCase()}.js`);
    } catch {
      continue;
    }
    if (mod[`${model}$inboundSchema`]) return { kind, schema: mod[`${model}$inboundSchema`] };
  }
  throw new Error(`polar-sdk-zod ${ZOD_MANIFEST.version} has no ${model}$inboundSchema`);
}

/** What the 0.48 SDK parses: the body, and for an error also the HTTP exchange it carries (`request$`, …). */
function zodInput(kind, answer) {
  if (kind !== 'errors') return answer.body;
  const { url, status, text } = answer.http;
  return { ...answer.body, request$: new Request(url), response$: new Response(text, { status }), body$: text };
}

// ------------------------------------------------------------------ TypeScript (1.x)

/** Where the instances of `model` sit in an answer typed `type` (itself, or a list's items). */
function instancesOf(type, body, model) {
  if (type === model) return [body];
  if (type === `ListResource${model}`) return body.items;
  return [];
}

/** The answer without the allow-listed fields, counting which entries were used. */
function withoutAllowed(answer, used) {
  const body = structuredClone(answer.body);
  for (const [model, fields] of Object.entries(ALLOWED_EXTRAS)) {
    for (const instance of instancesOf(answer.model, body, model)) {
      for (const field of Object.keys(fields)) {
        if (!Object.hasOwn(instance, field)) continue;
        delete instance[field];
        used.add(`${model}.${field}`);
      }
    }
  }
  return body;
}

const exactPriceModel = (value) =>
  typeof value.amount_type === 'string' && 'price_currency' in value
    ? (value.legacy === true ? LEGACY_PRICE_MODELS : PRICE_MODELS)[value.amount_type]
    : undefined;

/**
 * One TypeScript source per API version. Every object of every answer becomes its own constant,
 * typed with the SDK model at its place (`models.CustomerOrder`, then indexed access such as
 * `NonNullable<…>["product"]` for what it holds; a price with its exact price model) and written
 * once however often it repeats: each object literal gets TypeScript's excess-property check, and
 * the 250 orders' shared products cost one check. Returns the source and each line's answer.
 */
function typeScriptSource(version, answerList) {
  const decls = new Map();
  const literal = (value, type, where) => {
    if (Array.isArray(value)) return `[${value.map((v, i) => literal(v, `NonNullable<${type}>[number]`, `${where}[${i}]`)).join(', ')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    const exact = exactPriceModel(value);
    const own = exact ? `models.${exact}` : type;
    const fields = Object.entries(value).map(([k, v]) => `\n ${JSON.stringify(k)}: ${literal(v, `NonNullable<${own}>[${JSON.stringify(k)}]`, `${where}.${k}`)},`);
    const text = `{${fields.join('')}\n}`;
    const key = `${own}\u0000${text}`;
    if (!decls.has(key)) decls.set(key, { name: `h${decls.size}`, type: own, text, where });
    return decls.get(key).name;
  };
  for (const a of answerList) {
    if (a.model.startsWith('ListResource')) {
      const items = a.body.items.map((item, i) => literal(item, `models.${a.model.slice('ListResource'.length)}`, `${a.label} items[${i}]`));
      // The envelope with its real items (constants already checked as the item model).
      const key = `${a.model}\u0000${a.label}`;
      decls.set(key, { name: `h${decls.size}`, type: `models.${a.model}`, text: `{ items: [${items.join(', ')}], pagination: ${JSON.stringify(a.body.pagination)} }`, where: a.label });
    } else {
      literal(a.body, `models.${a.model}`, a.label);
    }
  }
  const lines = [`import type { models } from '@polar-sh/sdk/${version}';`];
  const owners = [''];
  for (const d of decls.values()) {
    for (const line of `const ${d.name}: NonNullable<${d.type}> = ${d.text};`.split('\n')) {
      lines.push(line);
      owners.push(d.where);
    }
  }
  return { text: lines.join('\n'), owners, count: decls.size };
}

/** Type-checks virtual files (inside the repo, so `@polar-sh/sdk` resolves through its exports) in one program. */
function typeCheck(files) {
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(files.map((f) => [f.path, f.text]));
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (p) => virtual.has(p) || fileExists.call(host, p);
  host.readFile = (p) => virtual.get(p) ?? readFile.call(host, p);
  host.getSourceFile = (p, lang, onError, create) =>
    virtual.has(p) ? ts.createSourceFile(p, virtual.get(p), lang, true) : getSourceFile.call(host, p, lang, onError, create);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  return ts.getPreEmitDiagnostics(program);
}

// ------------------------------------------------------------------ tests

test('the 1.x SDK knows API versions, and the server accepts each as Polar-Version', () => {
  assert.ok(VERSIONS.includes('2026-04') && VERSIONS.length >= 2, `versions of @polar-sh/sdk ${SDK_MANIFEST.version}: ${VERSIONS}`);
  assert.equal(refused.length, 0, `${refused.length} requests not answered as expected:\n${refused.slice(0, 20).join('\n')}`);
  for (const version of VERSIONS) assert.ok(answers.some((a) => a.label.includes(` ${version} GET `)), version);
});

test('every answer is the same whatever the API version (Polar\'s customer-portal schemas do not differ by version)', () => {
  const byPath = new Map();
  for (const a of answers) {
    const m = / (\d{4}-\d{2}) (GET .*)$/.exec(a.label);
    if (!m) continue;
    const key = a.label.replace(` ${m[1]} `, ' ');
    if (!byPath.has(key)) byPath.set(key, JSON.stringify(a.body));
    else assert.equal(JSON.stringify(a.body), byPath.get(key), a.label);
  }
});

/** An answer as the parts to check: a list's envelope (items emptied) and each of its items. */
function parts(answer) {
  if (!answer.model.startsWith('ListResource')) return [answer];
  const model = answer.model.slice('ListResource'.length);
  return [
    { ...answer, body: { ...answer.body, items: [] } },
    ...answer.body.items.map((item, i) => ({ label: `${answer.label} items[${i}]`, model, body: item })),
  ];
}

/** Zod issues as `{path, message}`; a failed union gives the issues of its closest member. */
function zodIssues(issues, base = []) {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && Array.isArray(issue.errors) && issue.errors.length) {
      const closest = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      return zodIssues(closest, path);
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

test(`every answer parses with the zod schemas of @polar-sh/sdk ${ZOD_MANIFEST.version}`, async (t) => {
  const started = Date.now();
  const problems = [];
  const superseded = new Set();
  const seen = new Set();
  for (const a of answers.flatMap(parts)) {
    const key = `${a.model} ${JSON.stringify(a.body)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { kind, schema } = await zodSchema(a.model);
    const result = schema.safeParse(zodInput(kind, a));
    if (!result.success) {
      for (const { path, message } of zodIssues(result.error.issues)) {
        const known = ZOD_SUPERSEDED.find((e) => e.model === a.model && e.path === path && e.applies(a.body));
        if (known) superseded.add(known);
        else problems.push(`${a.label} (${a.model}) ${path}: ${message}`);
      }
    }
  }
  for (const e of ZOD_SUPERSEDED) t.diagnostic(`superseded by 1.x: ${e.model} ${e.path}: ${e.reason}`);
  t.diagnostic(`${answers.length} answers, ${seen.size} distinct parts, ${Date.now() - started} ms (fetching them took ${timings.fetch} ms)`);
  assert.equal(problems.length, 0, `${problems.length} zod issues:\n${problems.slice(0, 60).join('\n')}`);
  assert.deepEqual(ZOD_SUPERSEDED.filter((e) => !superseded.has(e)).map((e) => `${e.model} ${e.path}`), [], 'ZOD_SUPERSEDED entries no answer needs (remove them)');
});

/** A virtual source file beside this test (so `@polar-sh/sdk` resolves from the repo's node_modules). */
const sourcePath = (name) => join(ROOT, 'test', 'server', `__polar-sdk-${name}.generated.ts`).replaceAll('\\', '/');

/**
 * A proof, per later version, that each model the answers use is the very same type as in the first
 * version (TypeScript's identity relation, deep: an added, removed or optional field differs). A
 * version whose models are all identical accepts exactly the literals the first one accepts.
 */
function identitySource(models) {
  const [first, ...others] = VERSIONS;
  const lines = [
    ...VERSIONS.map((v, i) => `import type { models as v${i} } from '@polar-sh/sdk/${v}';`),
    'type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;',
  ];
  const owners = lines.map(() => '');
  others.forEach((version, i) => {
    for (const model of models) {
      lines.push(`export const same_${i + 1}_${model}: Same<v0.${model}, v${i + 1}.${model}> = true;`);
      owners.push(version);
    }
  });
  return { version: `${others.join(', ')} vs ${first}`, path: sourcePath('identity'), text: lines.join('\n'), owners };
}

/** TypeScript diagnostics as `version answer: line` + message. */
function explain(diagnostics, sources) {
  return diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    if (!d.file) return text;
    const source = sources.find((f) => f.path === d.file.fileName);
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const where = source ? `${source.version} ${source.owners[line] ?? ''}: ${d.file.text.split('\n')[line].trim()}` : d.file.fileName;
    return `${where}\n  ${text}`;
  });
}

test(`every answer type-checks as the models of @polar-sh/sdk ${SDK_MANIFEST.version} (${VERSIONS.join(', ')}), with no field Polar does not send`, (t) => {
  const started = Date.now();
  const used = new Set();
  const distinct = new Map();
  for (const a of answers) {
    const body = withoutAllowed(a, used);
    const key = `${a.model} ${JSON.stringify(body)}`;
    if (!distinct.has(key)) distinct.set(key, { label: a.label, model: a.model, body });
  }
  const source = (version) => ({ version, path: sourcePath(version), ...typeScriptSource(version, [...distinct.values()]) });
  // The literals against the first version, and the identity of every model used in the others.
  const models = [...new Set([...[...distinct.values()].map((a) => a.model), ...Object.values(PRICE_MODELS), ...Object.values(LEGACY_PRICE_MODELS)])].sort();
  const sources = [source(VERSIONS[0]), identitySource(models)];
  const identity = sources[1];
  // A failed identity line names its version (that version's literals get checked below); any other error is one.
  const identityVersion = (d) => (d.file?.fileName === identity.path ? identity.owners[d.file.getLineAndCharacterOfPosition(d.start ?? 0).line] : '');
  const first = typeCheck(sources);
  const differing = VERSIONS.filter((v) => first.some((d) => identityVersion(d) === v));
  const diagnostics = first.filter((d) => !identityVersion(d));
  // A version whose models differ gets the literals too.
  if (differing.length) {
    const more = differing.map(source);
    sources.push(...more);
    diagnostics.push(...typeCheck(more));
  }
  const messages = explain(diagnostics, sources);
  const identical = VERSIONS.slice(1).filter((v) => !differing.includes(v));
  t.diagnostic(`${distinct.size} distinct answers, ${sources[0].count} distinct objects checked as ${[VERSIONS[0], ...differing].join(', ')}` +
    `${identical.length ? `; ${identical.join(', ')}: the ${models.length} models used are identical to ${VERSIONS[0]}'s` : ''}; ${Date.now() - started} ms`);
  for (const [model, fields] of Object.entries(ALLOWED_EXTRAS)) {
    for (const [field, reason] of Object.entries(fields)) t.diagnostic(`allowed extra ${model}.${field}: ${reason}`);
  }
  assert.equal(messages.length, 0, `${messages.length} TypeScript errors:\n${messages.slice(0, 60).join('\n')}`);
  const stale = Object.entries(ALLOWED_EXTRAS).flatMap(([model, fields]) => Object.keys(fields).map((f) => `${model}.${f}`)).filter((k) => !used.has(k));
  assert.deepEqual(stale, [], 'allow-listed fields no answer sends (remove them from ALLOWED_EXTRAS)');
});
