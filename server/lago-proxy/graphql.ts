/**
 * A small, strict GraphQL reader for the subset the customer portal sends:
 * one `query` operation with variables, aliases, arguments and nested
 * selection sets. Everything else (fragments, inline fragments, directives,
 * block strings, subscriptions, mutations, several operations) is refused with
 * a `GraphQLSyntaxError` naming what was refused.
 *
 * Used by the Lago proxy (validate, then forward the RE-PRINTED document, so
 * Lago executes exactly what was checked, whatever quirks a hostile text has)
 * and by the reference Lago server (to execute the same documents).
 *
 * No DOM, no dependencies: runs in Node, Workers, Deno, Bun and browsers.
 */

export class GraphQLSyntaxError extends Error {
  override readonly name = 'GraphQLSyntaxError';
}

export type GraphQLValue =
  | { kind: 'variable'; name: string }
  | { kind: 'int'; value: string }
  | { kind: 'float'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; values: GraphQLValue[] }
  | { kind: 'object'; fields: { name: string; value: GraphQLValue }[] };

export type GraphQLType = { kind: 'named'; name: string } | { kind: 'list'; of: GraphQLType } | { kind: 'nonNull'; of: GraphQLType };

export interface GraphQLField {
  alias: string | null;
  name: string;
  arguments: { name: string; value: GraphQLValue }[];
  /** Empty for a leaf field. */
  selections: GraphQLField[];
}

export interface GraphQLVariableDefinition {
  name: string;
  type: GraphQLType;
  defaultValue: GraphQLValue | null;
}

export interface GraphQLOperation {
  operation: 'query' | 'mutation' | 'subscription';
  name: string | null;
  variables: GraphQLVariableDefinition[];
  selections: GraphQLField[];
}

type Token =
  | { kind: 'punct'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'int' | 'float'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'eof'; at: number };

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const PUNCT = new Set(['!', '$', '(', ')', ':', '=', '@', '[', ']', '{', '}', '|', '&']);

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    // Ignored tokens: BOM, white space, line terminators, commas, comments.
    if (ch === '\uFEFF' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ',') {
      i += 1;
      continue;
    }
    if (ch === '#') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i += 1;
      continue;
    }
    if (ch === '.') {
      if (source.startsWith('...', i)) throw new GraphQLSyntaxError('fragments are not accepted');
      throw new GraphQLSyntaxError(`unexpected "." at ${i}`);
    }
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', value: ch, at: i });
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (source.startsWith('"""', i)) throw new GraphQLSyntaxError('block strings are not accepted');
      const start = i;
      i += 1;
      let value = '';
      for (;;) {
        if (i >= n) throw new GraphQLSyntaxError(`unterminated string at ${start}`);
        const c = source[i]!;
        if (c === '"') {
          i += 1;
          break;
        }
        if (c === '\n' || c === '\r') throw new GraphQLSyntaxError(`unterminated string at ${start}`);
        if (c === '\\') {
          const e = source[i + 1];
          const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e !== undefined && e in simple) {
            value += simple[e];
            i += 2;
            continue;
          }
          if (e === 'u') {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new GraphQLSyntaxError(`bad escape at ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          throw new GraphQLSyntaxError(`bad escape at ${i}`);
        }
        const code = c.charCodeAt(0);
        if (code < 0x20 && c !== '\t') throw new GraphQLSyntaxError(`control character in string at ${i}`);
        value += c;
        i += 1;
      }
      tokens.push({ kind: 'string', value, at: start });
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) throw new GraphQLSyntaxError(`bad number at ${i}`);
      const next = source[i + m[0].length];
      if (next !== undefined && /[_A-Za-z0-9.]/.test(next)) throw new GraphQLSyntaxError(`bad number at ${i}`);
      tokens.push({ kind: m[1] !== undefined || m[2] !== undefined ? 'float' : 'int', value: m[0], at: i });
      i += m[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const m = NAME.exec(source);
    if (m) {
      tokens.push({ kind: 'name', value: m[0], at: i });
      i += m[0].length;
      continue;
    }
    throw new GraphQLSyntaxError(`unexpected character at ${i}`);
  }
  tokens.push({ kind: 'eof', at: n });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos += 1;
    return t;
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === value;
  }

  private expectPunct(value: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.value !== value) throw new GraphQLSyntaxError(`expected "${value}" at ${t.at}`);
  }

  private name(): string {
    const t = this.next();
    if (t.kind !== 'name') throw new GraphQLSyntaxError(`expected a name at ${t.at}`);
    return t.value;
  }

  document(): GraphQLOperation[] {
    const operations: GraphQLOperation[] = [];
    while (this.peek().kind !== 'eof') operations.push(this.definition());
    if (operations.length === 0) throw new GraphQLSyntaxError('the document has no operation');
    return operations;
  }

  private definition(): GraphQLOperation {
    if (this.isPunct('{')) return { operation: 'query', name: null, variables: [], selections: this.selectionSet() };
    const t = this.next();
    if (t.kind !== 'name') throw new GraphQLSyntaxError(`expected an operation at ${t.at}`);
    if (t.value === 'fragment') throw new GraphQLSyntaxError('fragments are not accepted');
    if (t.value !== 'query' && t.value !== 'mutation' && t.value !== 'subscription') {
      throw new GraphQLSyntaxError(`expected an operation at ${t.at}`);
    }
    const name = this.peek().kind === 'name' ? this.name() : null;
    const variables = this.isPunct('(') ? this.variableDefinitions() : [];
    if (this.isPunct('@')) throw new GraphQLSyntaxError('directives are not accepted');
    return { operation: t.value, name, variables, selections: this.selectionSet() };
  }

  private variableDefinitions(): GraphQLVariableDefinition[] {
    this.expectPunct('(');
    const out: GraphQLVariableDefinition[] = [];
    do {
      this.expectPunct('$');
      const name = this.name();
      this.expectPunct(':');
      const type = this.type();
      let defaultValue: GraphQLValue | null = null;
      if (this.isPunct('=')) {
        this.next();
        defaultValue = this.value(true);
      }
      if (this.isPunct('@')) throw new GraphQLSyntaxError('directives are not accepted');
      out.push({ name, type, defaultValue });
    } while (!this.isPunct(')'));
    this.expectPunct(')');
    return out;
  }

  private type(): GraphQLType {
    let type: GraphQLType;
    if (this.isPunct('[')) {
      this.next();
      const of = this.type();
      this.expectPunct(']');
      type = { kind: 'list', of };
    } else type = { kind: 'named', name: this.name() };
    if (this.isPunct('!')) {
      this.next();
      type = { kind: 'nonNull', of: type };
    }
    return type;
  }

  private selectionSet(): GraphQLField[] {
    this.depth += 1;
    if (this.depth > this.maxDepth) throw new GraphQLSyntaxError(`the query is nested deeper than ${this.maxDepth} levels`);
    this.expectPunct('{');
    const out: GraphQLField[] = [];
    do out.push(this.field());
    while (!this.isPunct('}'));
    this.expectPunct('}');
    this.depth -= 1;
    return out;
  }

  private field(): GraphQLField {
    let name = this.name();
    let alias: string | null = null;
    if (this.isPunct(':')) {
      this.next();
      alias = name;
      name = this.name();
    }
    const args: GraphQLField['arguments'] = [];
    if (this.isPunct('(')) {
      this.next();
      do {
        const argName = this.name();
        this.expectPunct(':');
        args.push({ name: argName, value: this.value(false) });
      } while (!this.isPunct(')'));
      this.expectPunct(')');
    }
    if (this.isPunct('@')) throw new GraphQLSyntaxError('directives are not accepted');
    const selections = this.isPunct('{') ? this.selectionSet() : [];
    return { alias, name, arguments: args, selections };
  }

  private value(constant: boolean): GraphQLValue {
    const t = this.next();
    switch (t.kind) {
      case 'int':
        return { kind: 'int', value: t.value };
      case 'float':
        return { kind: 'float', value: t.value };
      case 'string':
        return { kind: 'string', value: t.value };
      case 'name':
        if (t.value === 'true' || t.value === 'false') return { kind: 'boolean', value: t.value === 'true' };
        if (t.value === 'null') return { kind: 'null' };
        return { kind: 'enum', value: t.value };
      case 'punct': {
        if (t.value === '$') {
          if (constant) throw new GraphQLSyntaxError(`a default value cannot use a variable (at ${t.at})`);
          return { kind: 'variable', name: this.name() };
        }
        if (t.value === '[') {
          const values: GraphQLValue[] = [];
          while (!this.isPunct(']')) values.push(this.value(constant));
          this.next();
          return { kind: 'list', values };
        }
        if (t.value === '{') {
          const fields: { name: string; value: GraphQLValue }[] = [];
          while (!this.isPunct('}')) {
            const name = this.name();
            this.expectPunct(':');
            fields.push({ name, value: this.value(constant) });
          }
          this.next();
          return { kind: 'object', fields };
        }
        throw new GraphQLSyntaxError(`unexpected "${t.value}" at ${t.at}`);
      }
      case 'eof':
        throw new GraphQLSyntaxError('unexpected end of the document');
    }
  }
}

export interface ParseOptions {
  /** Deepest allowed selection-set nesting (default 12; Lago's own limit is 15). */
  maxDepth?: number;
}

/** Parses a document of the accepted subset into its operations; throws `GraphQLSyntaxError`. */
export function parseDocument(source: string, options: ParseOptions = {}): GraphQLOperation[] {
  return new Parser(lex(source), options.maxDepth ?? 12).document();
}

// ------------------------------------------------------------------ printing

function printString(value: string): string {
  // JSON string escaping is a valid GraphQL string literal for every code unit.
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

export function printValue(value: GraphQLValue): string {
  switch (value.kind) {
    case 'variable':
      return `$${value.name}`;
    case 'int':
    case 'float':
    case 'enum':
      return value.value;
    case 'string':
      return printString(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${value.values.map(printValue).join(', ')}]`;
    case 'object':
      return `{${value.fields.map((f) => `${f.name}: ${printValue(f.value)}`).join(', ')}}`;
  }
}

function printType(type: GraphQLType): string {
  if (type.kind === 'named') return type.name;
  if (type.kind === 'list') return `[${printType(type.of)}]`;
  return `${printType(type.of)}!`;
}

function printSelections(fields: GraphQLField[]): string {
  return `{ ${fields
    .map((f) => {
      const args = f.arguments.length ? `(${f.arguments.map((a) => `${a.name}: ${printValue(a.value)}`).join(', ')})` : '';
      const sub = f.selections.length ? ` ${printSelections(f.selections)}` : '';
      return `${f.alias !== null ? `${f.alias}: ` : ''}${f.name}${args}${sub}`;
    })
    .join(' ')} }`;
}

/** A canonical, single-line text of one operation. */
export function printOperation(op: GraphQLOperation): string {
  const vars = op.variables.length
    ? `(${op.variables.map((v) => `$${v.name}: ${printType(v.type)}${v.defaultValue ? ` = ${printValue(v.defaultValue)}` : ''}`).join(', ')})`
    : '';
  return `${op.operation}${op.name !== null ? ` ${op.name}` : ''}${vars} ${printSelections(op.selections)}`;
}

/** Number of fields in a selection tree (a cost bound). */
export function countFields(fields: GraphQLField[]): number {
  return fields.reduce((sum, f) => sum + 1 + countFields(f.selections), 0);
}
