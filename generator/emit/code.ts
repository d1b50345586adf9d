/**
 * The only doors from spec strings into generated code. Every value from a spec reaches output through
 * `lit` (a JS literal), `propKey` (an object key or member name), `Ident` (a checked identifier) or `jsDoc`
 * (a comment). Nothing else may interpolate spec text into code.
 */

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that cannot name a binding in an ES module (strict mode) or a TypeScript type. */
export const RESERVED: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments',
  'eval', 'undefined', 'NaN', 'Infinity',
  // TypeScript built-in type names that would shadow what generated code relies on.
  'any', 'unknown', 'never', 'object', 'string', 'number', 'boolean', 'bigint', 'symbol', 'Object', 'Array',
  'String', 'Number', 'Boolean', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Promise', 'Error',
  'Date', 'Map', 'Set', 'Symbol', 'JSON', 'Math', 'Function', 'RegExp', 'BigInt', 'Response', 'Request', 'URL',
  'Headers', 'AbortSignal', 'constructor', 'prototype', '__proto__',
]);

/** An identifier that has been checked; constructing one from an invalid string throws (a generator bug). */
export class Ident {
  constructor(readonly name: string) {
    if (!IDENT.test(name) || RESERVED.has(name)) throw new Error(`internal: "${name}" is not a safe identifier`);
  }
  toString(): string {
    return this.name;
  }
}

/**
 * A JavaScript literal for any JSON value (and bigint). JSON.stringify escapes quotes, backslashes and
 * control characters; U+2028/U+2029 are escaped too so the output is safe in every JS parser, and lone
 * surrogates come out as `\uD800` escapes (well-formed JSON.stringify).
 */
export function lit(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    if (Object.is(value, -0)) return '-0';
    return String(value);
  }
  const s = JSON.stringify(value);
  if (s === undefined) throw new Error(`internal: cannot make a literal of ${typeof value}`);
  return s.replace(UNSAFE_IN_SOURCE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Characters that are legal inside a JSON string but unsafe in source: line/paragraph separators (old JS
 * parsers end the line there) and bidirectional controls (they make code read differently from how it runs).
 */
const UNSAFE_IN_SOURCE = /[\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A TypeScript literal type for a JSON scalar; other values are not literal types. */
export function litType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return lit(value);
  if (typeof value === 'number') return value < 0 ? `-${lit(-value)}`.replace('--', '-') : lit(value);
  throw new Error('internal: litType takes scalars only');
}

/** A member name in a type (interface, type literal): bare when it is a plain identifier, quoted otherwise. */
export function propKey(name: string): string {
  if (IDENT.test(name) && name !== '__proto__') return name;
  return lit(name);
}

/**
 * A key in a JavaScript object literal. `__proto__: x` and `"__proto__": x` both set the prototype of the new
 * object; only the computed form `["__proto__"]: x` makes a data member, so that is what it becomes.
 */
export function objKey(name: string): string {
  return name === '__proto__' ? `[${lit(name)}]` : propKey(name);
}

/** A JS literal for JSON data, written as source (`{ a: 1, "b-c": [2] }`; `__proto__` stays a data key). */
export function dataLit(v: unknown): string {
  if (v === null || typeof v !== 'object') return lit(v);
  if (Array.isArray(v)) return `[${v.map((x) => dataLit(x)).join(', ')}]`;
  const members = Object.entries(v).map(([k, x]) => `${objKey(k)}: ${dataLit(x)}`);
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}

/** Member access: `a.b` for identifiers, `a["b-c"]` otherwise. */
export function member(obj: string, name: string): string {
  return IDENT.test(name) && name !== '__proto__' ? `${obj}.${name}` : `${obj}[${lit(name)}]`;
}

/**
 * A JSDoc block. This is the one place comment text is written: `*\/` is broken up, line terminators
 * (CR, LF, U+2028, U+2029) become real newlines, and NUL and other C0 controls are shown as escapes.
 */
export function jsDoc(lines: (string | undefined)[], indent = '', tags: readonly JsDocTag[] = []): string {
  const text = lines.filter((l): l is string => l !== undefined && l.trim() !== '').join('\n\n');
  if (text === '' && tags.length === 0) return '';
  // The common case, one plain line and no tags, without the passes below (the same text comes out).
  if (tags.length === 0 && !PLAIN_DOC_UNSAFE.test(text)) {
    const l = text.trimEnd();
    if (!l.endsWith(' *') && l !== '*') return `${indent}/**\n${indent} * ${l}\n${indent} */\n`;
  }
  const clean = text
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .split('*/')
    .join('*\\/');
  const body = clean
    .split('\n')
    .map((l) => l.trimEnd())
    .map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`));
  // Collapse runs of blank comment lines so vendor text with stray newlines stays tidy.
  const out: string[] = [];
  for (const l of body) if (!(l.endsWith(' *') && out.at(-1)?.endsWith(' *'))) out.push(l);
  while (out.at(-1)?.endsWith(' *')) out.pop();
  // Tags carry type expressions made by FileBuilder.jsDocType (checked names), never spec text.
  for (const t of tags) out.push(`${indent} * @${t.tag} {${t.type.text}}`);
  return `${indent}/**\n${out.join('\n')}\n${indent} */\n`;
}

/**
 * A JSDoc tag with a type: `@type {T}` declares a variable's type (checkJs then checks the object literal it is
 * initialised with, excess members included), `@satisfies {T}` checks it and keeps the literal's own type.
 */
export interface JsDocTag {
  tag: 'type' | 'satisfies';
  type: JsDocType;
}

/** A type expression for a JSDoc tag, made only by `FileBuilder.jsDocType` from checked identifiers. */
export class JsDocType {
  private constructor(readonly text: string) {}

  /** `ns.Name` or `import("module").Name`; `name` must be an identifier, `from` becomes a literal. */
  static of(qualifier: { namespace: string } | { module: string }, name: string): JsDocType {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`internal: "${name}" is not a type name`);
    if ('namespace' in qualifier) {
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(qualifier.namespace)) throw new Error(`internal: "${qualifier.namespace}" is not an identifier`);
      return new JsDocType(`${qualifier.namespace}.${name}`);
    }
    return new JsDocType(`import(${lit(qualifier.module)}).${name}`);
  }
}

/** What sends a doc text through the full treatment: a line break, a control or bidi character, or `*\/`. */
// eslint-disable-next-line no-control-regex
const PLAIN_DOC_UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]|\*\//;

/** Builds indented source text without spec strings (those arrive already escaped by the helpers above). */
export class Code {
  /**
   * Finished text in chunks of CHUNK lines each (joined, so one flat string each), then the lines since.
   * Hundreds of thousands of small line strings held to the end of a big file (GitHub's validators are
   * 530,000 lines) used to be copied into the old generation and scanned by every major GC; joined early,
   * they die young.
   */
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  private depth = 0;
  private pad = '';

  /**
   * Layout is normalised as lines arrive (no trailing blanks, never two blank lines in a row), so rendering is
   * one join even for multi-megabyte files. Literals never span lines, so trailing blanks are always layout.
   */
  private push(l: string): void {
    if (l === '') {
      const last = this.lines.length - 1;
      // `lines` is empty only before the first line: a chunk is cut just before a non-blank line is added.
      if (last < 0 || this.lines[last] === '') return;
      this.lines.push('');
      return;
    }
    if (this.lines.length >= CHUNK) {
      this.chunks.push(this.lines.join('\n'));
      this.lines = [];
    }
    const text = this.pad + l;
    const end = text.charCodeAt(text.length - 1);
    this.lines.push(end === 32 || end === 9 ? text.trimEnd() : text);
  }

  private indent(by: number): void {
    this.depth += by;
    this.pad = '  '.repeat(this.depth);
  }

  line(text = ''): this {
    this.push(text);
    return this;
  }

  /** Appends pre-rendered text (e.g. a jsDoc block), re-indented to the current depth. */
  raw(text: string): this {
    if (text === '') return this;
    if (text.indexOf('\n') === -1) {
      this.push(text);
      return this;
    }
    for (const l of text.replace(/\n$/, '').split('\n')) this.push(l);
    return this;
  }

  /**
   * Appends the lines of another finished builder, indented to the current depth: what `raw(other.toString())`
   * does, without rendering the other into one string and splitting it again.
   */
  append(other: Code): this {
    for (const chunk of other.chunks) for (const l of chunk.split('\n')) this.push(l);
    let end = other.lines.length;
    while (end > 0 && other.lines[end - 1] === '') end--;
    // An empty builder renders as one newline, which `raw` adds as a blank line.
    if (other.chunks.length === 0 && end === 0) this.push('');
    for (let i = 0; i < end; i++) this.push(other.lines[i]!);
    return this;
  }

  /**
   * Appends the text of another builder (`toString()`: normalised, ending with one newline) as it is, without
   * splitting it into lines again; at depth 0 only (elsewhere it is re-indented line by line, as `raw`).
   */
  rendered(text: string): this {
    if (this.depth !== 0 || text === '\n' || text === '') return this.raw(text);
    this.push(text.endsWith('\n') ? text.slice(0, -1) : text);
    return this;
  }

  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.indent(1);
    body();
    this.indent(-1);
    this.line(close);
    return this;
  }

  /** `if (a) { ... } else if (b) { ... } else { ... }`: arms with a `null` condition are the final `else`. */
  chain(arms: [cond: string | null, body: () => void][]): this {
    arms.forEach(([cond, body], i) => {
      const head = cond === null ? 'else {' : `if (${cond}) {`;
      this.line(i === 0 ? head : cond === null ? `} ${head}` : `} else ${head}`);
      this.indent(1);
      body();
      this.indent(-1);
    });
    if (arms.length > 0) this.line('}');
    return this;
  }

  /**
   * The text, after `prefix` (a file header, an import block: text ending with a newline). One join makes one
   * flat string, so a multi-megabyte file is never copied again when it is hashed or written.
   */
  toString(prefix = ''): string {
    let end = this.lines.length;
    while (end > 0 && this.lines[end - 1] === '') end--;
    const parts: string[] = [];
    if (prefix !== '') parts.push(prefix.endsWith('\n') ? prefix.slice(0, -1) : prefix);
    for (const c of this.chunks) parts.push(c);
    for (let i = 0; i < end; i++) parts.push(this.lines[i]!);
    if (this.chunks.length === 0 && end === 0) parts.push(''); // an empty body is one newline
    parts.push('');
    return parts.join('\n');
  }
}

interface ImportEntry {
  /** Local name of `import * as <local>`, if any. */
  namespace?: { local: string; type: boolean };
  /** Imported name -> local name and whether every use is type-only. */
  named: Map<string, { local: string; type: boolean }>;
}

/**
 * One generated file: its body (`code`) and its imports as symbols. An emitter asks for `import(name, from)`
 * (or `importNamespace(from, local)`) and writes the local name it gets back; the builder de-duplicates, merges
 * type-only and value uses, aliases a name that clashes with another import or with a name the file declares
 * (`reserve`), and renders the imports sorted by module and name. No emitter writes an import line by hand or
 * scans emitted text to decide what to import.
 */
export class FileBuilder {
  readonly code = new Code();
  private readonly imports = new Map<string, ImportEntry>();
  /** Local names in use: the file's own declarations and every import's local name. */
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  /** A top-level name the file declares; imports never take it. */
  reserve(name: string): this {
    this.taken.add(name);
    return this;
  }

  private entry(from: string): ImportEntry {
    let e = this.imports.get(from);
    if (!e) {
      e = { named: new Map() };
      this.imports.set(from, e);
    }
    return e;
  }

  private fresh(desired: string): string {
    if (!this.taken.has(desired)) return desired;
    for (let i = 2; ; i++) if (!this.taken.has(`${desired}${i}`)) return `${desired}${i}`;
  }

  /**
   * `import { name } from 'from'` (aliased when the name is taken, or `as` a local name the caller allocated);
   * returns the local name to write.
   */
  import(name: string, from: string, opts: { type?: boolean; as?: string } = {}): string {
    const e = this.entry(from);
    const prev = e.named.get(name);
    if (prev) {
      if (!opts.type) prev.type = false;
      return prev.local;
    }
    if (opts.as !== undefined && this.taken.has(opts.as)) throw new Error(`internal: "${opts.as}" is already declared in the file`);
    const local = new Ident(opts.as ?? this.fresh(name)).name;
    this.taken.add(local);
    e.named.set(name, { local, type: opts.type === true });
    return local;
  }

  /** `import * as local from 'from'`; returns the local name (the desired one unless taken). */
  importNamespace(from: string, desired: string, opts: { type?: boolean } = {}): string {
    const e = this.entry(from);
    if (e.namespace) {
      if (!opts.type) e.namespace.type = false;
      return e.namespace.local;
    }
    const local = this.fresh(desired);
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(local)) throw new Error(`internal: "${local}" is not an identifier`);
    this.taken.add(local);
    e.namespace = { local, type: opts.type === true };
    return local;
  }

  /**
   * An export of a runtime module (`module` relative to the runtime folder, such as a wire kind's `auth/basic.js`)
   * for a provider module one folder below the runtime: `$authBasic.basicAuth`, through a namespace import
   * whose `$` keeps it apart from every name a spec can produce.
   */
  runtimeExport(r: { module: string; name: string }): string {
    const desired = '$' + r.module.replace(/\.js$/, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
    return member(this.importNamespace(`../runtime/${r.module}`, desired), r.name);
  }

  /**
   * A type that module `from` declares, for a JSDoc tag in a JavaScript file: through the file's namespace import
   * of `from` when it has one, else `import("from").name` (a JavaScript file cannot `import type`).
   */
  jsDocType(name: string, from: string): JsDocType {
    const ns = this.imports.get(from)?.namespace;
    return ns !== undefined && !ns.type ? JsDocType.of({ namespace: ns.local }, name) : JsDocType.of({ module: from }, name);
  }

  /** The import block: modules sorted by path, names sorted; a module wholly used as types is `import type`. */
  renderImports(): string {
    const lines: string[] = [];
    for (const from of [...this.imports.keys()].sort()) {
      const e = this.imports.get(from)!;
      if (e.namespace) lines.push(`import ${e.namespace.type ? 'type ' : ''}* as ${e.namespace.local} from ${lit(from)};`);
      if (e.named.size === 0) continue;
      const names = [...e.named.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const allTypes = names.every(([, v]) => v.type);
      const spec = names.map(([n, v]) => `${!allTypes && v.type ? 'type ' : ''}${n === v.local ? n : `${n} as ${v.local}`}`);
      lines.push(`import ${allTypes ? 'type ' : ''}{ ${spec.join(', ')} } from ${lit(from)};`);
    }
    return lines.length > 0 ? lines.join('\n') + '\n' : '';
  }

  /** `prefix` (a file header), the imports, a blank line, then the body. */
  toString(prefix = ''): string {
    const head = this.renderImports();
    return this.code.toString(head === '' ? prefix : `${prefix}${head}\n`);
  }
}

/** Lines per chunk of a Code: small enough that the lines die young, large enough that chunks are few. */
const CHUNK = 4096;
