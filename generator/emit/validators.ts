/**
 * Validators emitter: `validators.js` (plain checks, no schema interpretation at run time) and `validators.d.ts`
 * for one provider. Modelled on ajv's standalone code: every keyword becomes inline statements over local
 * variables; refs to small non-recursive models are inlined, the rest become functions that call each other.
 *
 * Each schema node is emitted at a `Site`: the local holding the value, how to spell its JSON pointer (built
 * only when an issue is reported, so the valid path allocates nothing), and a mode that says what a failed
 * check does:
 *   - `report`: add an issue and go on (or return at once under `firstError`);
 *   - `break`:  the node is a branch being tried (anyOf, oneOf, not, if, contains, propertyNames): leave the
 *               labelled block that wraps it, so the caller knows it failed;
 *   - `return`: the body of a boolean `isX` function: `return false`.
 * One pure function per keyword group: `emitTypes` dispatches to `emitStringFacets`, `emitNumberFacets`,
 * `emitArrayFacets` and `emitObjectFacets`; `emitConst`, `emitEnum`, `emitRef` and the combinator functions
 * handle the rest.
 *
 * The valid path is kept short where the outcome is known at generation time: a node whose `enum`/`const`
 * values all pass its other checks is only a membership test until a value is not a member (`fastMembership`,
 * deciding with the runtime's own functions), and `int32` is one `(x | 0) === x` before any classification.
 * Formats the generator does not know are annotations: not checked, one warning per file and format.
 */
import { joinPointer, pointerSegment, type Diagnostics } from '../diagnostics.ts';
import type { IRModel, IRNumberFacets, IRProperty, IRProvider, IRSchema, IRVendorError, JsonType, JsonValue, SourceLoc } from '../ir/types.ts';
// The runtime the generated code imports, used here to decide facts about enum members at generation time.
import * as runtime from '../../templates/runtime/validation.js';
import { Code, jsDoc, lit, member, propKey, type Ident } from './code.ts';
import { NameScope } from './names.ts';
import { vendorError } from '../ir/walk.ts';
import { paramsSchema } from './params.ts';

export { vendorError };
import { guardName, soapNames, validatorName, xmlCodecNames, type ProviderNames } from './provider-names.ts';

export interface ValidatorEmitContext {
  provider: IRProvider;
  names: ProviderNames;
  diagnostics: Diagnostics;
  /** Text put before the file's content (the pipeline's file header), so the file is built as one string. */
  header?: string;
}

/** Where generated validators import their helpers from (generated/<provider>/ -> generated/runtime/). */
export const RUNTIME_MODULE = '../runtime/validation.js';

/** Every helper the runtime exports; the module scope reserves them all. */
const RUNTIME_HELPERS = [
  'issue', 'failure', 'esc', 'ucs2length', 'isMultipleOf', 'protoReadable', 'plainPrototype', 'equal', 'oneOfValues', 'duplicateIndex', 'fractionDigits',
  'totalDigits', 'isDate', 'isTime', 'isDateTime', 'isEmail', 'isHostname', 'isIpv4', 'isIpv6', 'isUuid', 'isUri',
  'isUriReference',
] as const;
type Helper = (typeof RUNTIME_HELPERS)[number];

/** String formats checked, with the runtime function that checks each. */
export const STRING_FORMATS: Readonly<Record<string, Helper>> = {
  'date-time': 'isDateTime',
  date: 'isDate',
  time: 'isTime',
  email: 'isEmail',
  hostname: 'isHostname',
  ipv4: 'isIpv4',
  ipv6: 'isIpv6',
  uuid: 'isUuid',
  uri: 'isUri',
  'uri-reference': 'isUriReference',
};

/** The runtime's format checks by format name, for decisions taken at generation time (the enum fast path). */
const RUNTIME_FORMATS: Readonly<Record<string, (s: string) => boolean>> = Object.fromEntries(
  Object.entries(STRING_FORMATS).map(([format, helper]) => [format, runtime[helper as keyof typeof runtime] as (s: string) => boolean]),
);

/** Number formats: int32 and int64 are range checks; float and double say only how the number is stored. */
export const NUMBER_FORMATS: ReadonlySet<string> = new Set(['int32', 'int64', 'float', 'double']);

/**
 * OpenAPI's own formats that only annotate (how a value is stored or shown): never checked, and not worth a
 * warning either.
 */
export const ANNOTATION_FORMATS: ReadonlySet<string> = new Set(['binary', 'byte', 'password', 'float', 'double']);

/** Models up to this many schema nodes (with what they inline) are inlined where referenced... */
const INLINE_LIMIT = 80;
/**
 * ...as long as all the copies together stay under this many nodes. On vendor-sized specs everything small is
 * inlined (fastest); on large APIs a model referenced hundreds of times (GitHub's `simple-user`) becomes one
 * function instead of hundreds of copies, which keeps the module and the generation time in proportion.
 */
const INLINE_BUDGET = 2000;
/**
 * A function stops inlining referenced models once it holds this many schema nodes (its own and the inlined
 * ones): V8 never optimizes a function of more than 60 KB of bytecode (`--max-optimized-bytecode-size`), and at
 * about 260 bytes of bytecode per node, GitHub's `issue` (296 nodes, 98 KB) ran unoptimized, 2-3x slower than the
 * same checks split in two. 200 nodes is about 50 KB.
 */
const FUNCTION_BUDGET = 200;

const INT64_MIN = '-9223372036854775808n';
const INT64_MAX = '9223372036854775807n';

// ---- sites, paths and failure ------------------------------------------------------------------------------

type Mode = { kind: 'report' } | { kind: 'break'; label: string } | { kind: 'return' };

/** One step of a JSON pointer: a fixed segment (unescaped), or a local holding an index or a key. */
type PathPart = { kind: 'static'; segment: string } | { kind: 'index'; local: string } | { kind: 'key'; local: string };

interface Site {
  /** The local variable holding the value. */
  data: string;
  /** The local holding the pointer of the function's input (`p`), or null for the root (""). */
  base: string | null;
  parts: PathPart[];
  mode: Mode;
}

function at(site: Site, part: PathPart, data: string): Site {
  return { data, base: site.base, parts: [...site.parts, part], mode: site.mode };
}

function inMode(site: Site, mode: Mode): Site {
  return { ...site, mode };
}

/** Module-wide state: constants, helper imports, the functions to emit. */
class ModuleGen {
  readonly scope: NameScope;
  readonly helpers = new Set<Helper>();
  /** Some string's code-point count is deferred by a guard's first pass (see emitStringFacets). */
  defersCounts = false;
  readonly constants: string[] = [];
  private readonly patternNames = new Map<string, string>();
  private readonly valueNames = new Map<string, string>();
  readonly models = new Map<string, IRModel>();
  readonly checkNames = new Map<string, string>();
  readonly testNames = new Map<string, string>();
  /** Boolean functions asked for and not emitted yet, in request order. */
  readonly pendingTests: string[] = [];
  private readonly inlinable = new Map<string, boolean>();
  private readonly recursive: Set<string>;
  private readonly sizes = new Map<string, number>();
  /** How many times each model is referenced from other models (where inlining would copy it). */
  private readonly uses = new Map<string, number>();
  /** Diagnostics already reported: a node is visited once per place it is inlined, and reported once. */
  private readonly reported = new Set<string>();
  /** Formats nobody checks, by file and name: every place (pointer) they are used, in visit order. */
  private readonly unchecked = new Map<string, { file: string; format: string; places: Map<string, number | undefined> }>();

  constructor(
    readonly ctx: ValidatorEmitContext,
    reserved: string[],
  ) {
    this.scope = new NameScope([...RUNTIME_HELPERS, 'hasOwn', 'objectProto', 'protoOk', 'deferredCounts', ...reserved]);
    for (const m of ctx.provider.models) this.models.set(m.key, m);
    for (const m of ctx.provider.models) {
      const type = ctx.names.modelName(m.key).name;
      this.checkNames.set(m.key, this.scope.allocate(`check:${m.key}`, `check${type}`).name);
    }
    this.recursive = recursiveModels(ctx.provider.models);
    for (const m of ctx.provider.models) {
      walkSchema(m.schema, (x) => {
        if (x.ref !== undefined) this.uses.set(x.ref, (this.uses.get(x.ref) ?? 0) + 1);
      });
    }
  }

  /** Reports a diagnostic once per (severity, code, file, pointer, message). */
  report(severity: 'error' | 'warning', code: string, loc: SourceLoc, pointer: string, message: string): void {
    const key = JSON.stringify([severity, code, loc.file, pointer, message]);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    if (severity === 'error') this.ctx.diagnostics.error(code, loc.file, pointer, message, loc.line);
    else this.ctx.diagnostics.warn(code, loc.file, pointer, message, loc.line);
  }

  /** Notes a use of a format that is not checked; reported once per file and format by `reportUnchecked`. */
  noteUnchecked(format: string, loc: SourceLoc): void {
    const key = JSON.stringify([loc.file, format]);
    let entry = this.unchecked.get(key);
    if (entry === undefined) {
      entry = { file: loc.file, format, places: new Map() };
      this.unchecked.set(key, entry);
    }
    const pointer = joinPointer(loc.pointer, 'format');
    if (!entry.places.has(pointer)) entry.places.set(pointer, loc.line);
  }

  /**
   * One `format-unchecked` warning per (file, format): in JSON Schema 2020-12 `format` is an annotation unless
   * the format-assertion vocabulary is on, so an unknown format is accepted as it is, not an error.
   */
  reportUnchecked(): void {
    for (const { file, format, places } of this.unchecked.values()) {
      // The first place in the file: lowest line where lines are known, else the first visited.
      let first: [string, number | undefined] | undefined;
      for (const place of places) if (first === undefined || (place[1] ?? Infinity) < (first[1] ?? Infinity)) first = place;
      const [pointer, line] = first!;
      const n = places.size;
      this.report(
        'warning',
        'format-unchecked',
        line === undefined ? { file, pointer } : { file, pointer, line },
        pointer,
        `format ${JSON.stringify(format)} is not checked: values are accepted as they are (in JSON Schema 2020-12 a format ` +
          `is an annotation); ${n === 1 ? 'used only here' : `used in ${n} places in this file, the first here`}. ` +
          `Checked formats: ${[...Object.keys(STRING_FORMATS), 'int32', 'int64'].join(', ')}`,
      );
    }
  }

  use(h: Helper): string {
    this.helpers.add(h);
    return h;
  }

  /** A module-level `new RegExp(..., 'u')`, one per distinct pattern. */
  pattern(source: string): string {
    let name = this.patternNames.get(source);
    if (name === undefined) {
      name = this.scope.allocate(`re:${source}`, `re${this.patternNames.size + 1}`).name;
      this.patternNames.set(source, name);
      this.constants.push(`const ${name} = new RegExp(${lit(source)}, "u");`);
    }
    return name;
  }

  /** A module-level constant holding `text` (a JS expression), shared by identical values. */
  value(prefix: string, text: string): string {
    const key = `${prefix}:${text}`;
    let name = this.valueNames.get(key);
    if (name === undefined) {
      name = this.scope.allocate(`value:${key}`, `${prefix}${this.valueNames.size + 1}`).name;
      this.valueNames.set(key, name);
      this.constants.push(`const ${name} = ${text};`);
    }
    return name;
  }

  testName(key: string): string {
    let name = this.testNames.get(key);
    if (name === undefined) {
      name = this.scope.allocate(`test:${key}`, `test${this.ctx.names.modelName(key).name}`).name;
      this.testNames.set(key, name);
      this.pendingTests.push(key);
    }
    return name;
  }

  /** Inline a ref to `key` when the model is not recursive and small (with everything it inlines). */
  shouldInline(key: string): boolean {
    let v = this.inlinable.get(key);
    if (v === undefined) {
      const size = this.size(key);
      v = !this.recursive.has(key) && size <= INLINE_LIMIT && size * (this.uses.get(key) ?? 1) <= INLINE_BUDGET;
      this.inlinable.set(key, v);
    }
    return v;
  }

  /** Schema nodes of a model with everything it would inline. */
  sizeOf(key: string): number {
    return this.size(key);
  }

  private size(key: string): number {
    const known = this.sizes.get(key);
    if (known !== undefined) return known;
    const model = this.models.get(key);
    let n = 0;
    if (model) {
      walkSchema(model.schema, (s) => {
        n++;
        if (s.ref !== undefined && !this.recursive.has(s.ref) && this.models.has(s.ref)) n += this.size(s.ref);
      });
    }
    this.sizes.set(key, n);
    return n;
  }
}

/** One function being emitted: its code and its locals. */
class Fn {
  readonly c = new Code();
  private n = 0;
  /** Schema nodes this function may still take in by inlining referenced models (see FUNCTION_BUDGET). */
  budget: number;
  constructor(
    readonly g: ModuleGen,
    root: IRSchema,
  ) {
    let own = 0;
    walkSchema(root, () => own++);
    this.budget = FUNCTION_BUDGET - own;
  }

  local(prefix: 'v' | 'i' | 'k' | 's' | 'n' | 'ok' | 'l' | 'm' | 'd' | 'o'): string {
    return `${prefix}${++this.n}`;
  }
}

/** The JS expression of a site's JSON pointer (plus extra steps), built only on the failure path. */
function pathExpr(g: ModuleGen, site: Site, extra: PathPart[] = []): string {
  const pieces: string[] = [];
  let text = '';
  for (const part of [...site.parts, ...extra]) {
    if (part.kind === 'static') {
      text += '/' + pointerSegment(part.segment);
      continue;
    }
    pieces.push(lit(text + '/'));
    text = '';
    pieces.push(part.kind === 'index' ? part.local : `${g.use('esc')}(${part.local})`);
  }
  if (text !== '') pieces.push(lit(text));
  if (site.base !== null) pieces.unshift(site.base);
  return pieces.length === 0 ? '""' : pieces.join(' + ');
}

interface FailOptions {
  /** Steps below the site for the issue's path (`required` points at the missing member). */
  extra?: PathPart[];
  /** For `required` / `dependentRequired`: the member whose vendor code applies. */
  member?: string;
}

/** The statements a failed check runs. `message` is a JS expression. */
function fail(w: Fn, site: Site, s: IRSchema, keyword: string, message: string, opts: FailOptions = {}): void {
  const mode = site.mode;
  if (mode.kind === 'break') {
    w.c.line(`break ${mode.label};`);
    return;
  }
  if (mode.kind === 'return') {
    w.c.line('return false;');
    return;
  }
  const args = ['issues', pathExpr(w.g, site, opts.extra), lit(keyword), message];
  const vendor = vendorError(s, keyword, opts.member);
  if (vendor) {
    args.push(lit(vendor.code));
    if (vendor.message !== undefined) args.push(lit(vendor.message));
  }
  // `first` is false (every issue), true (stop at the first) or 2 (a type guard: stop, and build no issue); 3 is
  // a guard's exact second pass (see emitStringFacets), rare enough to build its one issue.
  w.c.line(`issues = first === 2 ? false : ${w.g.use('issue')}(${args.join(', ')});`);
  w.c.line('if (first) return issues;');
}

/** Runs `body` as a branch being tried: `let okN = false; lN: { ...; okN = true; }`. Returns okN. */
function tryBranch(w: Fn, site: Site, body: (branch: Site) => void): string {
  const ok = w.local('ok');
  const label = w.local('l');
  w.c.line(`let ${ok} = false;`);
  w.c.block(`${label}: {`, () => {
    body(inMode(site, { kind: 'break', label }));
    w.c.line(`${ok} = true;`);
  });
  return ok;
}

// ---- schema nodes ------------------------------------------------------------------------------------------

/** Every check of one schema node, at one site. */
function emitSchema(w: Fn, s: IRSchema, site: Site): void {
  if (s.bool === true) return;
  if (s.bool === false) {
    fail(w, site, s, 'false', lit('no value is allowed here'));
    return;
  }
  if (s.blob) {
    // A file (passes/body-files.ts): a Blob or File; its bytes are not checked.
    const x = site.data;
    w.c.block(`if (!(typeof Blob === "function" && ${x} instanceof Blob)) {`, () => fail(w, site, s, 'type', lit('must be a file (Blob)')));
    return;
  }
  checkSupported(w.g, s);
  const miss = fastMembership(w, s, site.data);
  if (miss === undefined) emitLocal(w, s, site);
  else if (site.mode.kind === 'report') {
    // Every allowed value passes the node's other local checks (decided now): a member needs nothing more, and
    // the checks that name what is wrong run only for a value that is not one.
    w.c.block(`if (${miss}) {`, () => emitLocal(w, s, site));
  } else {
    // A branch only needs to know whether the value is valid, and here that is membership alone.
    w.c.block(`if (${miss}) {`, () => fail(w, site, s, s.const !== undefined ? 'const' : 'enum', lit('')));
  }
  if (s.ref !== undefined) emitRef(w, s.ref, site);
  for (const sub of s.allOf ?? []) emitSchema(w, sub, site);
  if (s.anyOf) emitAnyOf(w, s, s.anyOf, site);
  if (s.oneOf) emitOneOf(w, s, s.oneOf, site);
  if (s.not) emitNot(w, s, s.not, site);
  if (s.if && (s.then || s.else)) emitIf(w, s.if, s.then, s.else, site);
}

/** The keywords that constrain the value itself (not through a reference or a combinator). */
function emitLocal(w: Fn, s: IRSchema, site: Site): void {
  emitTypes(w, s, site);
  if (s.const !== undefined) emitConst(w, s, site);
  if (s.enum !== undefined) emitEnum(w, s, site);
}

/**
 * The enum fast path: when the node has `const` or `enum` and every value they allow passes the node's type,
 * string, number and const/enum checks (decided at generation time with the runtime's own functions), a
 * membership test is the whole local check on the valid path. Returns the JS condition "not a member", or
 * undefined where the fast path does not apply.
 */
function fastMembership(w: Fn, s: IRSchema, x: string): string | undefined {
  // int64 nodes admit bigints, which compare by value with number members: left on the general path.
  if (s.number?.format === 'int64') return undefined;
  const candidates = s.const !== undefined ? [s.const.value] : s.enum;
  if (candidates === undefined || candidates.length === 0) return undefined;
  if (!candidates.every((v) => admitsLocally(s, v))) return undefined;
  return s.const !== undefined ? constMiss(w, s, x) : enumMiss(w, s, x);
}

/**
 * Whether a scalar passes every local check of `s` exactly as the emitted code decides it (types, string and
 * number facets, const, enum). Objects and arrays are never decided here.
 */
export function admitsLocally(s: IRSchema, v: JsonValue): boolean {
  if (!isScalar(v)) return false;
  if (s.types !== undefined) {
    const ok =
      v === null ? s.types.includes('null')
      : typeof v === 'number' ? s.types.includes('number') || (s.types.includes('integer') && Number.isInteger(v))
      : s.types.includes(typeof v as JsonType);
    if (!ok) return false;
  }
  if (typeof v === 'string' && s.string !== undefined) {
    const f = s.string;
    const length = runtime.ucs2length(v);
    if (f.minLength !== undefined && length < f.minLength) return false;
    if (f.maxLength !== undefined && length > f.maxLength) return false;
    if (f.pattern !== undefined && !new RegExp(f.pattern, 'u').test(v)) return false;
    if (f.format !== undefined && Object.hasOwn(STRING_FORMATS, f.format) && !RUNTIME_FORMATS[f.format]!(v)) return false;
  }
  if (typeof v === 'number' && s.number !== undefined) {
    const f = s.number;
    if (f.format === 'int32' && !(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647)) return false;
    if (f.format === 'int64') return false;
    if (f.minimum !== undefined && v < f.minimum) return false;
    if (f.maximum !== undefined && v > f.maximum) return false;
    if (f.exclusiveMinimum !== undefined && v <= f.exclusiveMinimum) return false;
    if (f.exclusiveMaximum !== undefined && v >= f.exclusiveMaximum) return false;
    if (f.multipleOf !== undefined && !(Number.isInteger(f.multipleOf) ? v % f.multipleOf === 0 : runtime.isMultipleOf(v, f.multipleOf))) return false;
    if (f.fractionDigits !== undefined && runtime.fractionDigits(v) > f.fractionDigits) return false;
    if (f.totalDigits !== undefined && runtime.totalDigits(v) > f.totalDigits) return false;
  }
  if (s.const !== undefined && !runtime.equal(v, s.const.value)) return false;
  if (s.enum !== undefined && !s.enum.some((e) => runtime.equal(e, v))) return false;
  return true;
}

/**
 * Keywords the emitter cannot check are generation errors; formats it does not know are not checked (an
 * annotation) and noted for one warning per file and format. Each is reported once however often the node is
 * visited.
 */
function checkSupported(g: ModuleGen, s: IRSchema): void {
  for (const format of [s.string?.format, s.number?.format]) {
    if (format !== undefined && !isCheckedFormat(format) && !ANNOTATION_FORMATS.has(format)) g.noteUnchecked(format, s.source);
  }
  for (const keyword of ['unevaluatedProperties', 'unevaluatedItems'] as const) {
    const present = keyword === 'unevaluatedProperties' ? s.object?.unevaluatedProperties !== undefined : s.array?.unevaluatedItems !== undefined;
    if (present) g.report('error', 'validator-unsupported', s.source, joinPointer(s.source.pointer, keyword), `${keyword} is not supported by the validator generator`);
  }
}

function isCheckedFormat(format: string): boolean {
  return Object.hasOwn(STRING_FORMATS, format) || format === 'int32' || format === 'int64';
}

type Kind = 'string' | 'number' | 'object' | 'array' | 'boolean' | 'null';

function typeNames(types: JsonType[]): string {
  const list = types.includes('number') ? types.filter((t) => t !== 'integer') : types;
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)!}`;
}

function hasNumberChecks(s: IRSchema): boolean {
  const n = s.number;
  return !!n && (hasNumberKeywords(n) || n.format === 'int32' || n.format === 'int64');
}

/** Number checks other than the int32 / int64 formats. */
function hasNumberKeywords(n: IRNumberFacets): boolean {
  return (
    n.minimum !== undefined || n.maximum !== undefined || n.exclusiveMinimum !== undefined || n.exclusiveMaximum !== undefined ||
    n.multipleOf !== undefined || n.fractionDigits !== undefined || n.totalDigits !== undefined
  );
}

function hasStringChecks(s: IRSchema): boolean {
  const t = s.string;
  return !!t && (t.minLength !== undefined || (t.maxLength !== undefined) || t.pattern !== undefined || t.format !== undefined);
}

function hasArrayChecks(s: IRSchema): boolean {
  const a = s.array;
  if (!a) return false;
  return (
    (a.items !== undefined && a.items.bool !== true) || (a.prefixItems?.length ?? 0) > 0 || a.contains !== undefined ||
    a.minItems !== undefined || a.maxItems !== undefined || a.uniqueItems === true
  );
}

function hasObjectChecks(s: IRSchema): boolean {
  const o = s.object;
  if (!o) return false;
  return (
    o.properties.length > 0 || (o.extraRequired?.length ?? 0) > 0 || (o.additionalProperties !== undefined && o.additionalProperties.bool !== true) ||
    (o.patternProperties?.length ?? 0) > 0 || o.propertyNames !== undefined || o.minProperties !== undefined ||
    o.maxProperties !== undefined || (o.dependentRequired?.length ?? 0) > 0 || (o.dependentSchemas?.length ?? 0) > 0
  );
}

/**
 * `type` and the keyword groups in one chain: a branch per JSON type that has checks (or is allowed), and a
 * final `else` that reports the type when `type` is given. Without `type`, groups apply to their own type only.
 */
function emitTypes(w: Fn, s: IRSchema, site: Site): void {
  // No named closures here: this runs for every schema node, and the TypeScript loader names each closure
  // (`__name`, a defineProperty) every time one is created.
  const x = site.data;
  const types = s.types;
  const int64 = s.number?.format === 'int64';
  const integerOnly = types !== undefined && types.includes('integer') && !types.includes('number');
  const numberCond = integerOnly
    ? int64
      ? `(typeof ${x} === "number" && Number.isInteger(${x})) || typeof ${x} === "bigint"`
      : `typeof ${x} === "number" && Number.isInteger(${x})`
    : int64
      ? `(typeof ${x} === "number" && Number.isFinite(${x})) || typeof ${x} === "bigint"`
      : `typeof ${x} === "number" && Number.isFinite(${x})`;
  const checks: Record<Kind, boolean> = {
    string: hasStringChecks(s),
    number: hasNumberChecks(s),
    object: hasObjectChecks(s),
    array: hasArrayChecks(s),
    boolean: false,
    null: false,
  };
  // An object whose declared members are read one by one gets a flag saying those reads are own reads (see
  // emitObjectLookups). Its usual case, a prototype that is Object.prototype, doubles as the object test.
  let own = '';
  if (checks.object && (types === undefined || allowsKind(types, 'object')) && readsMembers(s)) {
    own = w.local('o');
    w.g.use('protoReadable');
    w.c.line(`let ${own} = protoOk && ${x} != null && ${x}.__proto__ === objectProto;`);
  }
  const arms: [string | null, () => void][] = [];
  for (const k of KIND_ORDER) {
    if (!checks[k] || (types !== undefined && !allowsKind(types, k))) continue;
    if (k === 'number' && s.number?.format === 'int32') {
      // `(x | 0) === x` is "an integer in the int32 range" in one operation; a number that fails it is told
      // apart (not an integer: a type issue, too large: a format issue) only on that path.
      arms.push([`typeof ${x} === "number" && (${x} | 0) === ${x}`, () => {
        if (hasNumberKeywords(s.number!)) emitNumberFacets(w, s, site);
        else w.c.line('// an int32: nothing more to check');
      }]);
      arms.push([numberCond, () => {
        fail(w, site, s, 'format', lit('must be a 32-bit integer (int32)'));
        if (site.mode.kind === 'report') emitNumberFacets(w, s, site);
      }]);
      continue;
    }
    const cond = k === 'object' && own !== '' ? `${own} || (${kindCond(k, x, numberCond)})` : kindCond(k, x, numberCond);
    arms.push([cond, () => emitKindChecks(w, s, site, k, own)]);
  }
  if (types !== undefined) {
    const rest = KIND_ORDER.filter((k) => allowsKind(types, k) && !checks[k]).map((k) => kindCond(k, x, numberCond));
    arms.push([rest.length === 0 ? null : rest.length === 1 ? negate(rest[0]!) : `!(${rest.map((r) => `(${r})`).join(' || ')})`, () => fail(w, site, s, 'type', lit(`must be ${typeNames(types)}`))]);
  }
  w.c.chain(arms);
}

const KIND_ORDER: readonly Kind[] = ['string', 'number', 'object', 'array', 'boolean', 'null'];

function allowsKind(types: readonly string[], k: Kind): boolean {
  return k === 'number' ? types.includes('number') || types.includes('integer') : types.includes(k);
}

/** The type test of one kind (`numberCond`: the number test, which depends on integer and int64). */
function kindCond(k: Kind, x: string, numberCond: string): string {
  switch (k) {
    case 'string':
      return `typeof ${x} === "string"`;
    case 'number':
      return numberCond;
    case 'object':
      return `typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x})`;
    case 'array':
      return `Array.isArray(${x})`;
    case 'boolean':
      return `typeof ${x} === "boolean"`;
    case 'null':
      return `${x} === null`;
  }
}

function emitKindChecks(w: Fn, s: IRSchema, site: Site, k: Kind, own: string): void {
  if (k === 'string') emitStringFacets(w, s, site);
  else if (k === 'number') emitNumberFacets(w, s, site);
  else if (k === 'object') emitObjectFacets(w, s, site, own);
  else if (k === 'array') emitArrayFacets(w, s, site);
}

/** `!cond`, written as `!==` where the condition is one simple comparison. */
function negate(cond: string): string {
  return /^[^&|()]+ === [^&|()]+$/.test(cond) ? cond.replace(' === ', ' !== ') : `!(${cond})`;
}

function emitStringFacets(w: Fn, s: IRSchema, site: Site): void {
  const x = site.data;
  const f = s.string!;
  // Code points lie between ceil(len / 2) and len (UTF-16 units), so they are counted only near a limit.
  if (f.minLength !== undefined && f.minLength > 0) {
    const m = f.minLength;
    const cond = m === 1 ? `${x}.length === 0` : `${x}.length < ${m} || (${x}.length < ${2 * m} && ${w.g.use('ucs2length')}(${x}) < ${m})`;
    w.c.block(`if (${cond}) {`, () => fail(w, site, s, 'minLength', lit(`must be at least ${m} character${m === 1 ? '' : 's'} long`)));
  }
  if (f.maxLength !== undefined) {
    const m = f.maxLength;
    // Between m and 2m units the string is too long unless it holds enough surrogate pairs, which takes a scan
    // of the whole string. A type guard's first pass (`first === 2`) takes such a string as fitting and counts
    // it in `deferredCounts`; the guard looks for a cheaper failure first and runs an exact pass (`first === 3`,
    // which counts) only when the first pass found none (see the guard in emitValidators).
    const count = `${w.g.use('ucs2length')}(${x}) > ${m}`;
    const exact = site.mode.kind === 'report' ? `(first === 2 ? ((deferredCounts = (deferredCounts + 1) & 0x3fffffff), false) : ${count})` : count;
    if (site.mode.kind === 'report') w.g.defersCounts = true;
    const cond = `${x}.length > ${m} && (${x}.length > ${2 * m} || ${exact})`;
    w.c.block(`if (${cond}) {`, () => fail(w, site, s, 'maxLength', lit(`must be at most ${m} character${m === 1 ? '' : 's'} long`)));
  }
  if (f.pattern !== undefined) {
    const re = w.g.pattern(f.pattern);
    w.c.block(`if (!${re}.test(${x})) {`, () => fail(w, site, s, 'pattern', lit(`must match the pattern ${f.pattern}`)));
  }
  if (f.format !== undefined && Object.hasOwn(STRING_FORMATS, f.format)) {
    const fn = w.g.use(STRING_FORMATS[f.format]!);
    // Format checks return booleans: `!== true` spares the engine a truthiness test of an unknown value.
    w.c.block(`if (${fn}(${x}) !== true) {`, () => fail(w, site, s, 'format', lit(`must be a valid ${f.format}`)));
  }
}

/** Number keywords; int32 is not among them (emitTypes folds it into the type test). */
function emitNumberFacets(w: Fn, s: IRSchema, site: Site): void {
  const x = site.data;
  const f = s.number!;
  const int64 = f.format === 'int64';
  if (int64) {
    // Number policy: an int64 is a safe-integer number or a bigint in the int64 range; an unsafe number has
    // already lost precision, so it is rejected.
    const cond = `typeof ${x} === "bigint" ? ${x} < ${INT64_MIN} || ${x} > ${INT64_MAX} : !Number.isSafeInteger(${x})`;
    w.c.block(`if (${cond}) {`, () => fail(w, site, s, 'format', lit('must be a 64-bit integer (int64): a safe integer number or a bigint')));
  }
  const bound = (keyword: string, value: number | undefined, op: string, text: string): void => {
    if (value === undefined) return;
    w.c.block(`if (${x} ${op} ${lit(value)}) {`, () => fail(w, site, s, keyword, lit(`must be ${text} ${lit(value)}`)));
  };
  bound('minimum', f.minimum, '<', '>=');
  bound('maximum', f.maximum, '>', '<=');
  bound('exclusiveMinimum', f.exclusiveMinimum, '<=', '>');
  bound('exclusiveMaximum', f.exclusiveMaximum, '>=', '<');
  if (f.multipleOf !== undefined) {
    const m = f.multipleOf;
    // A fractional divisor (0.01) is not exact in binary: the runtime allows for the rounding of the division.
    const numberCond = Number.isInteger(m) ? `${x} % ${lit(m)} !== 0` : `!${w.g.use('isMultipleOf')}(${x}, ${lit(m)})`;
    const bigCond = Number.isInteger(m) && Number.isSafeInteger(m) ? `${x} % ${m}n !== 0n` : `!${w.g.use('isMultipleOf')}(Number(${x}), ${lit(m)})`;
    const cond = int64 ? `typeof ${x} === "bigint" ? ${bigCond} : ${numberCond}` : numberCond;
    w.c.block(`if (${cond}) {`, () => fail(w, site, s, 'multipleOf', lit(`must be a multiple of ${lit(m)}`)));
  }
  if (f.fractionDigits !== undefined) {
    w.c.block(`if (${w.g.use('fractionDigits')}(${x}) > ${f.fractionDigits}) {`, () =>
      fail(w, site, s, 'fractionDigits', lit(`must have at most ${f.fractionDigits} digits after the decimal point`)),
    );
  }
  if (f.totalDigits !== undefined) {
    w.c.block(`if (${w.g.use('totalDigits')}(${x}) > ${f.totalDigits}) {`, () =>
      fail(w, site, s, 'totalDigits', lit(`must have at most ${f.totalDigits} digits`)),
    );
  }
}

function emitArrayFacets(w: Fn, s: IRSchema, site: Site): void {
  const x = site.data;
  const a = s.array!;
  if (a.minItems !== undefined && a.minItems > 0) {
    w.c.block(`if (${x}.length < ${a.minItems}) {`, () => fail(w, site, s, 'minItems', lit(`must have at least ${a.minItems} item${a.minItems === 1 ? '' : 's'}`)));
  }
  if (a.maxItems !== undefined) {
    w.c.block(`if (${x}.length > ${a.maxItems}) {`, () => fail(w, site, s, 'maxItems', lit(`must have at most ${a.maxItems} item${a.maxItems === 1 ? '' : 's'}`)));
  }
  const prefix = a.prefixItems ?? [];
  prefix.forEach((item, i) => {
    if (item.bool === true) return;
    w.c.block(`if (${x}.length > ${i}) {`, () => {
      const v = w.local('v');
      w.c.line(`const ${v} = ${x}[${i}];`);
      emitSchema(w, item, at(site, { kind: 'static', segment: String(i) }, v));
    });
  });
  if (a.items !== undefined && a.items.bool === false) {
    w.c.block(`if (${x}.length > ${prefix.length}) {`, () =>
      fail(w, site, a.items!, 'items', lit(`must have at most ${prefix.length} item${prefix.length === 1 ? '' : 's'}`)),
    );
  } else if (a.items !== undefined && a.items.bool !== true) {
    const i = w.local('i');
    w.c.block(`for (let ${i} = ${prefix.length}; ${i} < ${x}.length; ${i}++) {`, () => {
      const v = w.local('v');
      w.c.line(`const ${v} = ${x}[${i}];`);
      emitSchema(w, a.items!, at(site, { kind: 'index', local: i }, v));
    });
  }
  if (a.contains !== undefined) {
    const min = a.minContains ?? 1;
    const count = w.local('n');
    const i = w.local('i');
    w.c.line(`let ${count} = 0;`);
    w.c.block(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, () => {
      const v = w.local('v');
      w.c.line(`const ${v} = ${x}[${i}];`);
      const label = w.local('l');
      w.c.block(`${label}: {`, () => {
        emitSchema(w, a.contains!, { data: v, base: site.base, parts: site.parts, mode: { kind: 'break', label } });
        w.c.line(`${count}++;`);
      });
    });
    if (min > 0) {
      w.c.block(`if (${count} < ${min}) {`, () =>
        fail(w, site, s, a.minContains !== undefined ? 'minContains' : 'contains', lit(`must contain at least ${min} matching item${min === 1 ? '' : 's'}`)),
      );
    }
    if (a.maxContains !== undefined) {
      w.c.block(`if (${count} > ${a.maxContains}) {`, () =>
        fail(w, site, s, 'maxContains', lit(`must contain at most ${a.maxContains} matching item${a.maxContains === 1 ? '' : 's'}`)),
      );
    }
  }
  if (a.uniqueItems === true) {
    const d = w.local('d');
    w.c.line(`const ${d} = ${w.g.use('duplicateIndex')}(${x});`);
    w.c.block(`if (${d} !== -1) {`, () =>
      fail(w, site, s, 'uniqueItems', `"must not have duplicate items (item " + ${d} + " repeats an earlier one)"`),
    );
  }
}

/**
 * Objects. When unknown members matter (additionalProperties, patternProperties, propertyNames, min/max
 * properties), one `for...in` pass over the own keys dispatches each member to its checks with a `switch` and
 * records presence in bit sets; reading through the keys the loop yields never reaches the prototype.
 * Otherwise each declared member is read once (see emitObjectLookups for how own reads are ensured).
 */
function emitObjectFacets(w: Fn, s: IRSchema, site: Site, own: string): void {
  const o = s.object!;
  let present: (name: string) => string;
  if (scansAfterLookups(s)) {
    present = emitObjectLookups(w, s, site, own);
    emitExtraScan(w, s, site);
  } else present = enumeratesMembers(s) ? emitObjectLoop(w, s, site) : emitObjectLookups(w, s, site, own);
  const x = site.data;
  for (const name of o.extraRequired ?? []) {
    w.c.block(`if (!hasOwn.call(${x}, ${lit(name)})) {`, () =>
      fail(w, site, s, 'required', lit(`must have required property ${JSON.stringify(name)}`), { extra: [{ kind: 'static', segment: name }], member: name }),
    );
  }
  for (const dep of o.dependentRequired ?? []) {
    w.c.block(`if (${present(dep.property)}) {`, () => {
      for (const r of dep.requires) {
        w.c.block(`if (${negatePresent(present(r))}) {`, () =>
          fail(w, site, s, 'dependentRequired', lit(`must have property ${JSON.stringify(r)} when ${JSON.stringify(dep.property)} is present`), {
            extra: [{ kind: 'static', segment: r }],
            member: r,
          }),
        );
      }
    });
  }
  for (const dep of o.dependentSchemas ?? []) {
    if (dep.schema.bool === true) continue;
    w.c.block(`if (${present(dep.property)}) {`, () => emitSchema(w, dep.schema, site));
  }
}

/** Unknown members matter: the object is walked with `for...in` (emitObjectLoop). */
function enumeratesMembers(s: IRSchema): boolean {
  const o = s.object!;
  return (
    (o.additionalProperties !== undefined && o.additionalProperties.bool !== true) ||
    (o.patternProperties?.length ?? 0) > 0 || o.propertyNames !== undefined || o.minProperties !== undefined ||
    o.maxProperties !== undefined
  );
}

/**
 * A closed object (or one whose other members have a schema) with nothing else that needs its keys: its declared
 * members are read one by one as in an open object, and only then are the keys walked for undeclared ones
 * (emitExtraScan). A first failure among the declared members then costs no walk of the keys, and the walk is a
 * plain membership test per key.
 */
function scansAfterLookups(s: IRSchema): boolean {
  const o = s.object!;
  return (
    o.additionalProperties !== undefined && o.additionalProperties.bool !== true && (o.patternProperties?.length ?? 0) === 0 &&
    (o.propertyNames === undefined || o.propertyNames.bool === true) && o.minProperties === undefined && o.maxProperties === undefined
  );
}

/** Declared members are read one by one, and at least one of them by a plain read (emitObjectLookups). */
function readsMembers(s: IRSchema): boolean {
  return (!enumeratesMembers(s) || scansAfterLookups(s)) && lookedUp(s).some((p) => plainRead(p.name));
}

/** The walk of the keys after the declared members were read (scansAfterLookups): each undeclared key. */
function emitExtraScan(w: Fn, s: IRSchema, site: Site): void {
  const x = site.data;
  const o = s.object!;
  const additional = o.additionalProperties!;
  const k = w.local('k');
  const names = [...new Set(o.properties.map((p) => p.name))];
  w.c.block(`for (const ${k} in ${x}) {`, () => {
    w.c.line(`if (!hasOwn.call(${x}, ${k})) continue;`);
    const body = (): void => {
      if (additional.bool === false) {
        fail(w, site, s, 'additionalProperties', lit('is not an allowed property (additionalProperties)'), { extra: [{ kind: 'key', local: k }] });
        return;
      }
      const v = w.local('v');
      w.c.line(`const ${v} = ${x}[${k}];`);
      emitSchema(w, additional, at(site, { kind: 'key', local: k }, v));
    };
    if (names.length === 0) {
      body();
      return;
    }
    w.c.block(`switch (${k}) {`, () => {
      for (const n of names) w.c.line(`case ${lit(n)}:`);
      w.c.line('  break;');
      w.c.block('default: {', body);
    });
  });
}

/** The members emitObjectLookups reads: those with checks, and the required ones. */
function lookedUp(s: IRSchema): IRProperty[] {
  return s.object!.properties.filter((p) => p.required || p.schema.bool !== true);
}

/**
 * Names that `Object.prototype` has in some engine: reading them plainly would find the prototype's member, so
 * they are always tested with `hasOwn` first.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  'constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf', 'toSource',
  'watch', 'unwatch', 'eval',
]);

const plainRead = (name: string): boolean => !PROTOTYPE_NAMES.has(name);

/**
 * Declared members read one by one; returns how to test a member's presence. `own` (from emitTypes) is true when
 * the object's prototype is Object.prototype or null. Then a plain read of a member finds an own member or
 * nothing, unless Object.prototype itself has that member (pollution), so the presence test of `name` is
 * `own && objectProto.name === undefined`, with `hasOwn` (a lookup far slower than a read) only where that
 * fails. An optimizing engine folds `objectProto.name` to a constant while Object.prototype keeps its shape
 * and drops the code the day it changes, so the test costs nothing and needs no scan of Object.prototype.
 * `own` is computed from the `__proto__` accessor, which folds too once the engine knows the object's shape
 * (`Object.getPrototypeOf` stays a call); other objects (an own `__proto__` member, a null prototype, a
 * removed accessor) ask the runtime's `plainPrototype`. An own `__proto__` member shadows the accessor; only an
 * object built in-process to hold Object.prototype itself there could pass for plain, never parsed data.
 */
function emitObjectLookups(w: Fn, s: IRSchema, site: Site, own: string): (name: string) => string {
  const x = site.data;
  const props = lookedUp(s);
  if (props.some((p) => plainRead(p.name)) && !own) throw new Error('internal: member reads without an own-read flag');
  const locals = new Map(props.map((p) => [p, w.local('v')]));
  // `=== true` keeps the flag a boolean for the engine, which then tests it without a truthiness check.
  if (own) w.c.line(`if (!${own}) ${own} = ${w.g.use('plainPrototype')}(${x}) === true;`);
  for (const prop of props) {
    const v = locals.get(prop)!;
    const present = readMember(w, x, prop.name, v, own);
    if (prop.schema.bool === true) {
      w.c.block(`if (!(${present})) {`, () => missingMember(w, site, s, prop.name));
      continue;
    }
    const arms: [string | null, () => void][] = [[present, () => emitSchema(w, prop.schema, at(site, { kind: 'static', segment: prop.name }, v))]];
    if (prop.required) arms.push([null, () => missingMember(w, site, s, prop.name)]);
    w.c.chain(arms);
  }
  return (name) => `hasOwn.call(${x}, ${lit(name)})`;
}

/**
 * Reads one declared member into local `v`; returns its presence test. Each member is read right before its
 * checks, so few values are live at once and a first-error run stops before reading the rest.
 */
function readMember(w: Fn, x: string, name: string, v: string, own: string): string {
  if (!plainRead(name)) {
    w.c.line(`const ${v} = hasOwn.call(${x}, ${lit(name)}) ? ${member(x, name)} : undefined;`);
    return `${v} !== undefined`;
  }
  w.c.line(`const ${v} = ${member(x, name)};`);
  return `${v} !== undefined && ((${own} && ${member('objectProto', name)} === undefined) || hasOwn.call(${x}, ${lit(name)}))`;
}

function missingMember(w: Fn, site: Site, s: IRSchema, name: string): void {
  fail(w, site, s, 'required', lit(`must have required property ${JSON.stringify(name)}`), { extra: [{ kind: 'static', segment: name }], member: name });
}

/** The `for...in` pass; returns how to test a member's presence after it. */
function emitObjectLoop(w: Fn, s: IRSchema, site: Site): (name: string) => string {
  const x = site.data;
  const o = s.object!;
  const g = w.g;
  // Presence bits for the members something asks about after the loop (required, dependencies).
  const asked = new Set<string>();
  for (const p of o.properties) if (p.required) asked.add(p.name);
  for (const d of o.dependentRequired ?? []) [d.property, ...d.requires].forEach((n) => asked.add(n));
  for (const d of o.dependentSchemas ?? []) asked.add(d.property);
  const bits = new Map<string, { word: string; mask: number }>();
  const words: string[] = [];
  for (const p of o.properties) {
    if (!asked.has(p.name) || bits.has(p.name)) continue;
    const index = bits.size;
    if (index % 30 === 0) words.push(w.local('s'));
    bits.set(p.name, { word: words.at(-1)!, mask: 2 ** (index % 30) });
  }
  for (const word of words) w.c.line(`let ${word} = 0;`);
  const countsMembers = o.minProperties !== undefined || o.maxProperties !== undefined;
  const count = countsMembers ? w.local('n') : '';
  if (countsMembers) w.c.line(`let ${count} = 0;`);

  const patterns = (o.patternProperties ?? []).map((pp) => ({ ...pp, re: g.pattern(pp.pattern), test: new RegExp(pp.pattern, 'u') }));
  const additional = o.additionalProperties !== undefined && o.additionalProperties.bool !== true ? o.additionalProperties : undefined;
  const hasDefault = patterns.length > 0 || additional !== undefined;

  const k = w.local('k');
  w.c.block(`for (const ${k} in ${x}) {`, () => {
    w.c.line(`if (!hasOwn.call(${x}, ${k})) continue;`);
    if (countsMembers) w.c.line(`${count}++;`);
    if (o.propertyNames !== undefined && o.propertyNames.bool !== true) {
      const keySite: Site = { data: k, base: site.base, parts: [...site.parts, { kind: 'key', local: k }], mode: site.mode };
      const ok = tryBranch(w, keySite, (branch) => emitSchema(w, o.propertyNames!, branch));
      w.c.block(`if (!${ok}) {`, () =>
        fail(w, site, s, 'propertyNames', lit('is not an allowed property name'), { extra: [{ kind: 'key', local: k }] }),
      );
    }
    const memberSite = (v: string): Site => at(site, { kind: 'key', local: k }, v);
    const cases = o.properties.filter((p) => bits.has(p.name) || p.schema.bool !== true || patterns.some((pp) => pp.test.test(p.name)) || hasDefault);
    if (cases.length === 0 && !hasDefault) return;
    const v = w.local('v');
    w.c.line(`const ${v} = ${x}[${k}];`);
    const emitDefault = (): void => {
      const matched = additional !== undefined && patterns.length > 0 ? w.local('m') : '';
      if (matched) w.c.line(`let ${matched} = false;`);
      for (const pp of patterns) {
        w.c.block(`if (${pp.re}.test(${k})) {`, () => {
          if (matched) w.c.line(`${matched} = true;`);
          emitSchema(w, pp.schema, memberSite(v));
        });
      }
      if (additional !== undefined) {
        const body = (): void => {
          if (additional.bool === false) {
            fail(w, site, s, 'additionalProperties', lit('is not an allowed property (additionalProperties)'), { extra: [{ kind: 'key', local: k }] });
          } else emitSchema(w, additional, memberSite(v));
        };
        if (matched) w.c.block(`if (!${matched}) {`, body);
        else body();
      }
    };
    if (cases.length === 0) {
      emitDefault();
      return;
    }
    w.c.block(`switch (${k}) {`, () => {
      for (const p of cases) {
        w.c.block(`case ${lit(p.name)}: {`, () => {
          const bit = bits.get(p.name);
          if (bit) w.c.line(`${bit.word} |= ${bit.mask};`);
          const site2 = at(site, { kind: 'static', segment: p.name }, v);
          emitSchema(w, p.schema, site2);
          // patternProperties apply to declared members too; which patterns match a fixed name is known now.
          for (const pp of patterns) if (pp.test.test(p.name)) emitSchema(w, pp.schema, site2);
          w.c.line('break;');
        });
      }
      if (hasDefault) w.c.block('default: {', emitDefault);
    });
  });

  const required = o.properties.filter((p) => p.required);
  if (required.length > 0) {
    const reportMissing = (p: { name: string }): void =>
      fail(w, site, s, 'required', lit(`must have required property ${JSON.stringify(p.name)}`), { extra: [{ kind: 'static', segment: p.name }], member: p.name });
    if (required.length === 1) {
      const bit = bits.get(required[0]!.name)!;
      w.c.block(`if ((${bit.word} & ${bit.mask}) === 0) {`, () => reportMissing(required[0]!));
    } else {
      // One comparison per bit set on the valid path; the member-by-member tests run only when one is missing.
      const masks = new Map<string, number>();
      for (const p of required) {
        const bit = bits.get(p.name)!;
        masks.set(bit.word, (masks.get(bit.word) ?? 0) + bit.mask);
      }
      const cond = [...masks].map(([word, mask]) => `(${word} & ${mask}) !== ${mask}`).join(' || ');
      w.c.block(`if (${cond}) {`, () => {
        for (const p of required) {
          const bit = bits.get(p.name)!;
          w.c.block(`if ((${bit.word} & ${bit.mask}) === 0) {`, () => reportMissing(p));
        }
      });
    }
  }
  if (o.minProperties !== undefined && o.minProperties > 0) {
    w.c.block(`if (${count} < ${o.minProperties}) {`, () =>
      fail(w, site, s, 'minProperties', lit(`must have at least ${o.minProperties} propert${o.minProperties === 1 ? 'y' : 'ies'}`)),
    );
  }
  if (o.maxProperties !== undefined) {
    w.c.block(`if (${count} > ${o.maxProperties}) {`, () =>
      fail(w, site, s, 'maxProperties', lit(`must have at most ${o.maxProperties} propert${o.maxProperties === 1 ? 'y' : 'ies'}`)),
    );
  }
  return (name) => {
    const bit = bits.get(name);
    return bit ? `(${bit.word} & ${bit.mask}) !== 0` : `hasOwn.call(${x}, ${lit(name)})`;
  };
}

function negatePresent(cond: string): string {
  return cond.endsWith(' !== 0') ? cond.replace(/ !== 0$/, ' === 0') : `!${cond}`;
}

function isScalar(v: JsonValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

/** A JSON value as a module constant: `JSON.parse` keeps `__proto__` keys as plain data, unlike a literal. */
function jsonConstant(g: ModuleGen, prefix: string, value: JsonValue): string {
  return g.value(prefix, `JSON.parse(${lit(JSON.stringify(value))})`);
}

function shortList(values: JsonValue[]): string | undefined {
  const text = values.map((v) => JSON.stringify(v)).join(', ');
  return values.length <= 12 && text.length <= 200 ? text : undefined;
}

/** The condition "x is not the const value". */
function constMiss(w: Fn, s: IRSchema, x: string): string {
  const v = s.const!.value;
  if (typeof v === 'number') return `!${w.g.use('equal')}(${x}, ${lit(v)})`;
  if (isScalar(v)) return `${x} !== ${lit(v)}`;
  return `!${w.g.use('equal')}(${x}, ${jsonConstant(w.g, 'constant', v)})`;
}

function emitConst(w: Fn, s: IRSchema, site: Site): void {
  const text = JSON.stringify(s.const!.value);
  w.c.block(`if (${constMiss(w, s, site.data)}) {`, () => fail(w, site, s, 'const', lit(text.length <= 80 ? `must be ${text}` : 'must be equal to the constant')));
}

/** The condition "x is none of the enum values". */
function enumMiss(w: Fn, s: IRSchema, x: string): string {
  const values = s.enum!;
  const scalars = values.filter(isScalar);
  const others = values.filter((v) => !isScalar(v));
  // Only an int64 node admits bigints, which need the number-aware comparison of the runtime.
  const numeric = s.number?.format === 'int64' && scalars.some((v) => typeof v === 'number');
  let cond: string;
  if (values.length === 0) cond = 'true';
  else if (others.length === 0 && !numeric && scalars.length <= (scalars.every((v) => typeof v === 'number') ? 12 : 4)) {
    // A few numbers (or up to four strings) compare faster one by one than through a Set.
    cond = scalars.map((v) => `${x} !== ${lit(v)}`).join(' && ');
  } else {
    const setText = scalars.length <= 6 ? `new Set([${scalars.map(lit).join(', ')}])` : `new Set([\n${scalars.map((v) => `  ${lit(v)},`).join('\n')}\n])`;
    const set = w.g.value('values', setText);
    if (others.length === 0 && !numeric) cond = `!${set}.has(${x})`;
    else {
      const list = others.length === 0 ? w.g.value('values', '[]') : jsonConstant(w.g, 'values', others);
      cond = `!${w.g.use('oneOfValues')}(${set}, ${list}, ${x})`;
    }
  }
  return cond;
}

function emitEnum(w: Fn, s: IRSchema, site: Site): void {
  const list = shortList(s.enum!);
  w.c.block(`if (${enumMiss(w, s, site.data)}) {`, () => fail(w, site, s, 'enum', lit(list !== undefined ? `must be one of ${list}` : 'must be one of the allowed values')));
}

/** A model reference: inlined when small and not recursive, else a call to the model's function. */
function emitRef(w: Fn, key: string, site: Site): void {
  const g = w.g;
  const model = g.models.get(key);
  if (!model) throw new Error(`internal: reference to unknown model ${key}`);
  if (g.shouldInline(key) && g.sizeOf(key) <= w.budget) {
    w.budget -= g.sizeOf(key);
    emitSchema(w, model.schema, site);
    return;
  }
  if (site.mode.kind === 'report') {
    // A type guard (`first === 2`) builds no issue, so it passes no path either (a concatenation per call).
    const path = pathExpr(g, site);
    const arg = path === 'p' || path === '""' ? path : `first === 2 ? p : ${path}`;
    w.c.line(`issues = ${g.checkNames.get(key)!}(${site.data}, ${arg}, issues, first);`);
    w.c.line('if (first && issues !== null) return issues;');
  } else {
    const fn = g.testName(key);
    w.c.block(`if (!${fn}(${site.data})) {`, () => fail(w, site, model.schema, 'ref', lit('must be valid')));
  }
}

function emitAnyOf(w: Fn, s: IRSchema, branches: IRSchema[], site: Site): void {
  if (branches.some((b) => b.bool === true)) return;
  const ok = w.local('ok');
  w.c.line(`let ${ok} = false;`);
  branches.forEach((b, i) => {
    const body = (): void => {
      const label = w.local('l');
      w.c.block(`${label}: {`, () => {
        emitSchema(w, b, inMode(site, { kind: 'break', label }));
        w.c.line(`${ok} = true;`);
      });
    };
    if (i === 0) body();
    else w.c.block(`if (!${ok}) {`, body);
  });
  w.c.block(`if (!${ok}) {`, () => fail(w, site, s, 'anyOf', lit('must match at least one schema in anyOf')));
}

function emitOneOf(w: Fn, s: IRSchema, branches: IRSchema[], site: Site): void {
  const count = w.local('n');
  w.c.line(`let ${count} = 0;`);
  branches.forEach((b, i) => {
    const body = (): void => {
      const label = w.local('l');
      w.c.block(`${label}: {`, () => {
        emitSchema(w, b, inMode(site, { kind: 'break', label }));
        w.c.line(`${count}++;`);
      });
    };
    // Once two branches matched the outcome is known.
    if (i < 2) body();
    else w.c.block(`if (${count} < 2) {`, body);
  });
  w.c.block(`if (${count} !== 1) {`, () =>
    fail(w, site, s, 'oneOf', `${count} === 0 ? "must match exactly one schema in oneOf (matches none)" : "must match exactly one schema in oneOf (matches several)"`),
  );
}

function emitNot(w: Fn, s: IRSchema, sub: IRSchema, site: Site): void {
  const ok = tryBranch(w, site, (branch) => emitSchema(w, sub, branch));
  w.c.block(`if (${ok}) {`, () => fail(w, site, s, 'not', lit('must not match the schema in not')));
}

function emitIf(w: Fn, cond: IRSchema, then: IRSchema | undefined, otherwise: IRSchema | undefined, site: Site): void {
  const ok = tryBranch(w, site, (branch) => emitSchema(w, cond, branch));
  const arms: [string | null, () => void][] = [];
  if (then) arms.push([ok, () => emitSchema(w, then, site)]);
  if (otherwise) arms.push([then ? null : `!${ok}`, () => emitSchema(w, otherwise, site)]);
  w.c.chain(arms);
}

// ---- models and the module ---------------------------------------------------------------------------------

/** Calls `visit` on every schema node of `s` (not following refs). */
export function walkSchema(s: IRSchema, visit: (s: IRSchema) => void): void {
  // In the same order as a list of every sub-schema, without building one per node (this runs over every node
  // of every model several times).
  visit(s);
  const a = s.array;
  if (a !== undefined) {
    if (a.items) walkSchema(a.items, visit);
    if (a.contains) walkSchema(a.contains, visit);
    if (a.unevaluatedItems) walkSchema(a.unevaluatedItems, visit);
    if (a.prefixItems) for (const x of a.prefixItems) walkSchema(x, visit);
  }
  const o = s.object;
  if (o !== undefined) {
    for (const p of o.properties) walkSchema(p.schema, visit);
    if (o.additionalProperties) walkSchema(o.additionalProperties, visit);
    if (o.propertyNames) walkSchema(o.propertyNames, visit);
    if (o.unevaluatedProperties) walkSchema(o.unevaluatedProperties, visit);
    if (o.patternProperties) for (const p of o.patternProperties) walkSchema(p.schema, visit);
    if (o.dependentSchemas) for (const d of o.dependentSchemas) walkSchema(d.schema, visit);
  }
  if (s.allOf) for (const x of s.allOf) walkSchema(x, visit);
  if (s.anyOf) for (const x of s.anyOf) walkSchema(x, visit);
  if (s.oneOf) for (const x of s.oneOf) walkSchema(x, visit);
  if (s.not) walkSchema(s.not, visit);
  if (s.if) walkSchema(s.if, visit);
  if (s.then) walkSchema(s.then, visit);
  if (s.else) walkSchema(s.else, visit);
}

/** Models on a reference cycle (Tarjan's strongly connected components; a self-reference counts). */
function recursiveModels(models: IRModel[]): Set<string> {
  const edges = new Map<string, string[]>();
  for (const m of models) {
    const out: string[] = [];
    walkSchema(m.schema, (s) => {
      if (s.ref !== undefined) out.push(s.ref);
    });
    edges.set(m.key, out);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result = new Set<string>();
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const t of edges.get(v) ?? []) {
      if (!edges.has(t)) continue;
      if (!index.has(t)) {
        strong(t);
        low.set(v, Math.min(low.get(v)!, low.get(t)!));
      } else if (onStack.has(t)) low.set(v, Math.min(low.get(v)!, index.get(t)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let t: string;
      do {
        t = stack.pop()!;
        onStack.delete(t);
        comp.push(t);
      } while (t !== v);
      if (comp.length > 1 || (edges.get(v) ?? []).includes(v)) for (const c of comp) result.add(c);
    }
  };
  for (const m of models) if (!index.has(m.key)) strong(m.key);
  return result;
}

interface ValidatorNames {
  /** Exported `validateX` per model key. */
  exported: Map<string, Ident>;
  /** Exported `isX` (type guard) per model key. */
  guards: Map<string, Ident>;
}

/** Allocates the exported names in the provider's module scope (shared with the other emitters). */
function allocateValidatorNames(ctx: ValidatorEmitContext): ValidatorNames {
  const exported = new Map<string, Ident>();
  const guards = new Map<string, Ident>();
  for (const m of ctx.provider.models) {
    exported.set(m.key, validatorName(ctx.names, m.key));
    guards.set(m.key, guardName(ctx.names, m.key));
  }
  return { exported, guards };
}

function modelDoc(ctx: ValidatorEmitContext, m: IRModel): string[] {
  const type = ctx.names.modelName(m.key).name;
  return [
    `Checks that a value is a valid \`${type}\`. Never throws: the result lists every issue found (or only the first with \`{ firstError: true }\`).`,
  ];
}

function guardDoc(ctx: ValidatorEmitContext, m: IRModel, validate: string): string[] {
  const type = ctx.names.modelName(m.key).name;
  return [
    `True when a value is a valid \`${type}\` (the checks of \`${validate}\`, without the issues; nothing is allocated for a valid value). Never throws.`,
  ];
}

/** `validators.js` and `validators.d.ts` of one provider. */
export function emitValidators(ctx: ValidatorEmitContext): { js: string; dts: string } {
  const names = allocateValidatorNames(ctx);
  const g = new ModuleGen(ctx, ['validators', 'guards', 'parameterValidators', ...[...names.exported.values(), ...names.guards.values()].map((n) => n.name)]);
  const models = ctx.provider.models;

  // Each check function is rendered once (its body appended line by line, never rendered and split again) and
  // added to the module at the end as it is, once the helpers it uses are known for the import line.
  const fns: string[] = [];
  const fn = (head: string, body: Code, ret: string): void => {
    const c = new Code();
    c.block(head, () => {
      c.append(body);
      c.line(ret);
    });
    fns.push(c.toString());
  };
  for (const m of models) {
    const w = new Fn(g, m.schema);
    emitSchema(w, m.schema, { data: 'v0', base: 'p', parts: [], mode: { kind: 'report' } });
    fn(`function ${g.checkNames.get(m.key)!}(v0, p, issues, first) {`, w.c, 'return issues;');
  }
  // Per operation, the caller's parameters as one object (emit/params.ts): checked by the client before sending
  // and by the mock on what it received, with every keyword and vendor code a body gets.
  // Operations whose parameters are checked alike (big documents repeat the same paging and query parameters on
  // thousands of operations) share one check and one validate function, the first one's, keyed by the body.
  const paramChecks: { operationId: string; check: string; validate: string; first: boolean }[] = [];
  const sharedChecks = new Map<string, { check: string; validate: string }>();
  for (const op of ctx.provider.operations) {
    const schema = paramsSchema(op);
    if (schema === undefined) continue;
    const w = new Fn(g, schema);
    emitSchema(w, schema, { data: 'v0', base: 'p', parts: [], mode: { kind: 'report' } });
    const body = w.c.toString();
    const same = sharedChecks.get(body);
    if (same !== undefined) {
      paramChecks.push({ operationId: op.operationId, ...same, first: false });
      continue;
    }
    const check = g.scope.allocate(`params:check:${op.operationId}`, 'checkParameters').name;
    const validate = g.scope.allocate(`params:validate:${op.operationId}`, 'validateParameters').name;
    sharedChecks.set(body, { check, validate });
    fn(`function ${check}(v0, p, issues, first) {`, w.c, 'return issues;');
    paramChecks.push({ operationId: op.operationId, check, validate, first: true });
  }
  for (let i = 0; i < g.pendingTests.length; i++) {
    const key = g.pendingTests[i]!;
    const w = new Fn(g, g.models.get(key)!.schema);
    emitSchema(w, g.models.get(key)!.schema, { data: 'v0', base: null, parts: [], mode: { kind: 'return' } });
    fn(`function ${g.testNames.get(key)!}(v0) {`, w.c, 'return true;');
  }
  g.reportUnchecked();

  const js = new Code();
  g.use('issue');
  g.use('failure');
  js.line(`import { ${[...g.helpers].sort().join(', ')} } from ${lit(RUNTIME_MODULE)};`);
  js.line();
  js.line('const hasOwn = Object.prototype.hasOwnProperty;');
  js.line('const objectProto = /** @type {any} */ (Object.prototype);');
  // A module constant rather than the import itself: an optimizing engine folds it away.
  if (g.helpers.has('protoReadable')) js.line('const protoOk = protoReadable === true;');
  // Only ever incremented (wrapping at 2^30), so a guard called from inside another (a getter) cannot hide the
  // outer one's deferred counts: each compares the value before and after its own first pass.
  if (g.defersCounts) js.line('let deferredCounts = 0;');
  for (const k of g.constants) js.raw(k);
  js.line();
  for (const m of models) {
    const name = names.exported.get(m.key)!.name;
    js.raw(jsDoc(modelDoc(ctx, m)));
    js.block(`export function ${name}(value, options) {`, () => {
      js.line('let issues;');
      js.block('try {', () => {
        const first = 'options !== undefined && options !== null && options.firstError === true';
        js.line(`issues = ${g.checkNames.get(m.key)!}(value, "", null, ${first});`);
      }, '} catch (error) {');
      // The catch arm: a throwing getter or a stack overflow on cyclic input becomes an issue, never an exception.
      js.raw('  issues = failure(error);');
      js.line('}');
      js.line('return issues === null ? { valid: true, value } : { valid: false, issues };');
    });
    js.line();
    // The guard runs the same checks (no second copy of them), stopping at the first failure without building
    // an issue; a valid value allocates nothing.
    js.raw(jsDoc(guardDoc(ctx, m, name)));
    js.block(`export function ${names.guards.get(m.key)!.name}(value) {`, () => {
      js.block('try {', () => {
        const check = g.checkNames.get(m.key)!;
        if (!g.defersCounts) {
          js.line(`return ${check}(value, "", null, 2) === null;`);
          return;
        }
        js.line('const before = deferredCounts;');
        js.line(`if (${check}(value, "", null, 2) !== null) return false;`);
        // Everything else passed: the strings whose count was put off are counted now, in a second pass.
        js.line(`return deferredCounts === before || ${check}(value, "", null, 3) === null;`);
      }, '} catch {');
      js.raw('  return false;');
      js.line('}');
    });
    js.line();
  }
  js.raw(jsDoc(['Every validator of this provider by model type name.']));
  js.block('export const validators = Object.freeze({', () => {
    for (const m of models) js.line(`${propKey(ctx.names.modelName(m.key).name)}: ${names.exported.get(m.key)!.name},`);
  }, '});');
  js.line();
  js.raw(jsDoc(['Every type guard of this provider by model type name.']));
  js.block('export const guards = Object.freeze({', () => {
    for (const m of models) js.line(`${propKey(ctx.names.modelName(m.key).name)}: ${names.guards.get(m.key)!.name},`);
  }, '});');
  js.line();
  for (const pc of paramChecks) {
    if (!pc.first) continue;
    js.block(`function ${pc.validate}(value, options) {`, () => {
      js.line('let issues;');
      js.block('try {', () => js.line(`issues = ${pc.check}(value, "", null, options !== undefined && options !== null && options.firstError === true);`), '} catch (error) {');
      js.raw('  issues = failure(error);');
      js.line('}');
      js.line('return issues === null ? { valid: true, value } : { valid: false, issues };');
    });
    js.line();
  }
  js.raw(jsDoc(["Per operationId: checks a call's parameters (by name, as the client's argument has them) against their schemas."]));
  js.block('export const parameterValidators = Object.freeze({', () => {
    for (const pc of paramChecks) js.line(`${propKey(pc.operationId)}: ${pc.validate},`);
  }, '});');
  js.line();
  for (const f of fns) {
    js.rendered(f);
    js.line();
  }
  fns.length = 0;

  const dts = new Code();
  const typeNames = models.map((m) => ctx.names.modelName(m.key).name);
  dts.line(`import type { ValidateOptions, ValidationResult } from ${lit(RUNTIME_MODULE)};`);
  if (typeNames.length > 0) dts.line(`import type { ${[...new Set(typeNames)].join(', ')} } from ${lit('./models.js')};`);
  dts.line();
  dts.line(`export type { ValidateOptions, ValidationIssue, ValidationResult } from ${lit(RUNTIME_MODULE)};`);
  dts.line();
  for (const m of models) {
    dts.raw(jsDoc(modelDoc(ctx, m)));
    dts.line(`export declare function ${names.exported.get(m.key)!.name}(value: unknown, options?: ValidateOptions): ValidationResult<${ctx.names.modelName(m.key).name}>;`);
    dts.line();
    dts.raw(jsDoc(guardDoc(ctx, m, names.exported.get(m.key)!.name)));
    dts.line(`export declare function ${names.guards.get(m.key)!.name}(value: unknown): value is ${ctx.names.modelName(m.key).name};`);
    dts.line();
  }
  dts.raw(jsDoc(['Every validator of this provider by model type name.']));
  dts.block('export declare const validators: {', () => {
    for (const m of models) dts.line(`readonly ${propKey(ctx.names.modelName(m.key).name)}: typeof ${names.exported.get(m.key)!.name};`);
  }, '};');
  dts.line();
  dts.raw(jsDoc(['Every type guard of this provider by model type name.']));
  dts.block('export declare const guards: {', () => {
    for (const m of models) dts.line(`readonly ${propKey(ctx.names.modelName(m.key).name)}: typeof ${names.guards.get(m.key)!.name};`);
  }, '};');
  dts.line();
  dts.raw(jsDoc(["Per operationId: checks a call's parameters (by name, as the client's argument has them) against their schemas."]));
  if (paramChecks.length === 0) dts.line('export declare const parameterValidators: Record<string, never>;');
  else {
    dts.block('export declare const parameterValidators: {', () => {
      for (const pc of paramChecks) dts.line(`readonly ${propKey(pc.operationId)}: (value: unknown, options?: ValidateOptions) => ValidationResult<Record<string, unknown>>;`);
    }, '};');
  }
  return { js: js.toString(ctx.header), dts: dts.toString(ctx.header) };
}
