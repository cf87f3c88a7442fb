// A strict reading of Speakeasy-generated inbound schemas (zod/v4-mini), for
// test/server/flexprice-sdk.test.mjs.
//
// Speakeasy makes its inbound schemas forgiving on purpose, so that an SDK
// keeps working when the API grows: enums are "open" (any string is
// accepted as an unrecognised value), primitives coerce (a string where a
// number is declared, anything non-string where a string is declared, null
// or a missing key → "" / 0 / false), and objects silently drop keys they
// do not know. `schema.safeParse(json).success` therefore only says "the SDK
// would not throw": `payment_terms: "NET_14"` passes it.
//
// `strictIssues(schema, value)` walks the same schema definition beside the
// value and reports every place where the SDK accepted the value only
// through one of those fallbacks:
//
//   enum           a string outside the enum values the SDK declares
//   type           a JSON type other than the declared one (coerced)
//   missing        a field the SDK declares required is absent
//   unknown-field  a key the SDK's model does not have (dropped on parse)
//
// Each issue names the field by SDK model (`DtoCustomerResponse.timezone`,
// from the module's `*$inboundSchema` export names) and by JSON path.

const def = (schema) => schema._zod.def;

/** Map schema object → SDK model name, from a models module's `Name$inboundSchema` exports. */
export function modelNames(models) {
  const names = new Map();
  for (const [key, schema] of Object.entries(models)) {
    if (!key.endsWith('$inboundSchema') || !schema?._zod) continue;
    const name = key.slice(0, -'$inboundSchema'.length);
    if (!names.has(schema)) names.set(schema, name);
    const d = def(schema);
    if (d.type === 'pipe' && def(d.in).type === 'object' && !names.has(d.in)) names.set(d.in, name);
  }
  return names;
}

export function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * How a union option of a Speakeasy schema reads a value:
 *   absent         z.undefined() (the field may be missing)
 *   null-absent    null → undefined (an optional field may be null, Go's nil pointer)
 *   lenient        a fallback: coercion, zero value, or unrecognised enum value
 *   strict         anything else (the declared type)
 */
function optionKind(option) {
  const d = def(option);
  if (d.type === 'undefined') return 'absent';
  if (d.type === 'pipe' && def(d.out).type === 'transform') {
    const from = def(d.in).type;
    if (from === 'null') return 'null-absent';
    if (from === 'object') return 'strict'; // a model: z.object(...) then a key remap
    return 'lenient';
  }
  return 'strict';
}

/** Whether `value` has the outer shape `schema` declares (no recursion into objects). */
function shapeMatches(schema, value) {
  const d = def(schema);
  switch (d.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'int':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'literal':
      return d.values.includes(value);
    case 'object':
    case 'record':
      return jsonType(value) === 'object';
    case 'array':
      return Array.isArray(value);
    case 'undefined':
      return value === undefined;
    case 'null':
      return value === null;
    case 'pipe':
      return shapeMatches(d.in, value);
    case 'union':
      return d.options.some((o) => shapeMatches(o, value));
    case 'lazy':
      return shapeMatches(d.getter(), value);
    case 'any':
    case 'unknown':
      return true;
    default:
      return schema.safeParse(value).success;
  }
}

function describe(schema) {
  const d = def(schema);
  switch (d.type) {
    case 'literal':
      return JSON.stringify(d.values[0]);
    case 'pipe':
      return describe(d.in);
    case 'lazy':
      return describe(d.getter());
    case 'union':
      return d.options.filter((o) => optionKind(o) === 'strict').map(describe).join(' | ');
    default:
      return d.type;
  }
}

/**
 * Issues of `value` against `schema`: `[{at, path, kind, expected?, got?}]`.
 * `names` comes from `modelNames`; `at` is `Model.field` of the innermost model.
 */
export function strictIssues(schema, value, { names = new Map(), at = names.get(schema) ?? '(root)', path = '' } = {}) {
  const out = [];
  const ctx = { names, out, path: [path] };
  walk(schema, value, at, ctx);
  return out;
}

// Per-schema facts, computed once (answers are walked thousands of times).
const objectFacts = new WeakMap();
const unionFacts = new WeakMap();

function objectInfo(schema, names) {
  let facts = objectFacts.get(schema);
  if (!facts) {
    const owner = names.get(schema);
    // [key, schema, path piece, `Owner.key` (null: the owner is the caller's `at`)]
    facts = { owner, fields: Object.entries(def(schema).shape).map(([key, field]) => [key, field, `.${key}`, owner ? `${owner}.${key}` : null]) };
    objectFacts.set(schema, facts);
  }
  return facts;
}

function unionInfo(schema) {
  let facts = unionFacts.get(schema);
  if (!facts) {
    const kinds = def(schema).options.map((o) => [o, optionKind(o)]);
    const strict = kinds.filter(([, k]) => k === 'strict').map(([o]) => o);
    facts = {
      absent: kinds.some(([, k]) => k === 'absent'),
      nullAbsent: kinds.some(([, k]) => k === 'null-absent'),
      strict,
      enumValues: strict.length > 0 && strict.every((o) => def(o).type === 'literal') ? strict.map((o) => def(o).values[0]) : null,
    };
    unionFacts.set(schema, facts);
  }
  return facts;
}

function report(ctx, issue) {
  ctx.out.push({ ...issue, path: ctx.path.join('') });
}

function walk(schema, value, at, ctx) {
  const d = def(schema);
  switch (d.type) {
    case 'pipe':
      return walk(d.in, value, at, ctx);
    case 'lazy':
      return walk(d.getter(), value, at, ctx);
    case 'object': {
      if (jsonType(value) !== 'object') return report(ctx, { at, kind: value === undefined ? 'missing' : 'type', expected: 'object', got: value });
      const { owner = at, fields } = objectInfo(schema, ctx.names);
      for (const key in value) {
        if (!Object.hasOwn(d.shape, key)) {
          ctx.path.push(`.${key}`);
          report(ctx, { at: `${owner}.${key}`, kind: 'unknown-field', got: value[key] });
          ctx.path.pop();
        }
      }
      for (const [key, field, piece, fieldAt] of fields) {
        ctx.path.push(piece);
        walk(field, value[key], fieldAt ?? `${owner}.${key}`, ctx);
        ctx.path.pop();
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return report(ctx, { at, kind: value === undefined ? 'missing' : 'type', expected: 'array', got: value });
      ctx.path.push('[]');
      for (const item of value) walk(d.element, item, at, ctx);
      ctx.path.pop();
      return;
    case 'record':
      if (jsonType(value) !== 'object') return report(ctx, { at, kind: value === undefined ? 'missing' : 'type', expected: 'record', got: value });
      ctx.path.push('{}');
      for (const key in value) walk(d.valueType, value[key], at, ctx);
      ctx.path.pop();
      return;
    case 'union': {
      const facts = unionInfo(schema);
      if (value === undefined && facts.absent) return;
      if (value === null && facts.nullAbsent) return;
      const candidates = facts.strict.filter((option) => shapeMatches(option, value));
      // One reading fits: its issues are the answer's.
      if (candidates.length === 1) return walk(candidates[0], value, at, ctx);
      // Several: the first that reads cleanly wins, else the first one's issues.
      let first = null;
      for (const option of candidates) {
        const sub = { ...ctx, out: [] };
        walk(option, value, at, sub);
        if (sub.out.length === 0) return;
        first ??= sub.out;
      }
      if (first) return void ctx.out.push(...first);
      if (value === undefined || value === null) return report(ctx, { at, kind: 'missing', expected: describe(schema), got: value });
      if (facts.enumValues) return report(ctx, { at, kind: 'enum', expected: facts.enumValues.join(' | '), got: value });
      return report(ctx, { at, kind: 'type', expected: describe(schema), got: value });
    }
    default:
      if (shapeMatches(schema, value)) return;
      report(ctx, { at, kind: value === undefined ? 'missing' : 'type', expected: describe(schema), got: value });
  }
}
