/**
 * fast-check arbitraries of valid values for an IR schema, for the XML round-trip property tests. They respect
 * enums, consts, string lengths and formats, number ranges and formats (int32, int64 as number-or-bigint per
 * the number policy), required members, array bounds and nullability, and they produce only values the XML
 * mapping can carry losslessly (the codec's documented edges):
 * - strings hold any XML 1.0 character (markup characters, CR, tabs, astral code points included), never the
 *   characters XML cannot carry;
 * - an attribute is never null (XML has no null attribute);
 * - an optional repeated (unwrapped) array is absent or non-empty: an empty one writes no element at all;
 * - an optional text (simpleContent) value is non-empty: an empty text reads back as absent;
 * - xs:list items are non-empty and have no whitespace;
 * - schemas with no type (any content) hold strings.
 * Map keys (additionalProperties) are XML names and include `__proto__` and `constructor`.
 */
import fc from 'fast-check';
import type { IRModel, IRProperty, IRSchema, JsonValue } from '../../generator/ir/types.ts';

type Arb = fc.Arbitrary<unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A character XML 1.0 can carry, biased toward the ones that need escaping or normalisation. */
const xmlChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', ']', '\r\n', ';', '#') },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

/** Values that tempt a codec to guess a type or trim. */
const TRICKY = ['02134', '1e5', '0', '-0', 'NaN', 'INF', 'true', 'false', '', ' ', '  padded  ', '\n', ']]>', '&amp;', '<x/>', '__proto__', '8796093023822'];

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface ArbitraryContext {
  models: Map<string, IRModel>;
  /** Optional members below this depth are left out (recursive schemas stay finite). */
  maxDepth: number;
}

export function contextOf(models: IRModel[], maxDepth = 6): ArbitraryContext {
  return { models: new Map(models.map((m) => [m.key, m])), maxDepth };
}

type Kind =
  | { kind: 'scalar'; schema: IRSchema; scalar: 'string' | 'int' | 'long' | 'number' | 'decimal' | 'boolean'; list: boolean; nullable: boolean }
  | { kind: 'object'; schema: IRSchema; nullable: boolean }
  | { kind: 'array'; items: IRSchema; schema: IRSchema; nullable: boolean }
  | { kind: 'any'; nullable: boolean };

function isNullOnly(s: IRSchema): boolean {
  return (s.types?.length === 1 && s.types[0] === 'null') || (s.const !== undefined && s.const.value === null);
}

function isConstraintOnly(s: IRSchema): boolean {
  return s.ref === undefined && s.types === undefined && (s.object?.properties.length ?? 0) === 0 && s.object?.additionalProperties === undefined && s.array === undefined && s.enum === undefined && s.const === undefined && (s.allOf ?? []).every(isConstraintOnly) && (s.anyOf ?? s.oneOf ?? []).every(isConstraintOnly);
}

/** What a schema is, resolved through refs, allOf and null alternatives (as the XML mapping sees it). */
function kindOf(s: IRSchema, ctx: ArbitraryContext, depth = 0): Kind {
  if (depth > 40 || s.bool !== undefined) return { kind: 'any', nullable: false };
  let nullable = s.xml?.nillable === true || (s.types?.includes('null') ?? false);
  const alts = (s.anyOf ?? s.oneOf ?? []).filter((a) => {
    if (isNullOnly(a)) nullable = true;
    return !isNullOnly(a);
  });
  const types = (s.types ?? []).filter((t) => t !== 'null');
  const nul = <K extends Kind>(k: K): K => (nullable ? { ...k, nullable: true } : k);
  if (s.xml?.xsdType === 'xs:list' && s.array?.items) {
    const item = kindOf(s.array.items, ctx, depth + 1);
    if (item.kind === 'scalar') return nul({ ...item, list: true, nullable: false });
  }
  if (types.includes('object') || (types.length === 0 && s.object && s.ref === undefined && alts.length === 0)) return nul({ kind: 'object', schema: s, nullable: false });
  if (types.includes('array')) return nul({ kind: 'array', items: s.array?.items ?? { bool: true, meta: {}, source: s.source }, schema: s, nullable: false });
  if (types.length === 1) {
    const t = types[0]!;
    const scalar = t === 'boolean' ? 'boolean' : t === 'integer' ? (s.number?.format === 'int64' ? 'long' : 'int') : t === 'number' ? (s.xml?.xsdType === 'xs:decimal' ? 'decimal' : 'number') : 'string';
    return nul({ kind: 'scalar', schema: s, scalar, list: false, nullable: false });
  }
  if (types.length > 1) return nul({ kind: 'any', nullable: false });
  const contributes = (s.allOf ?? []).filter((p) => !isConstraintOnly(p));
  if (s.ref !== undefined && contributes.length === 0 && !s.enum && !s.const) {
    const m = ctx.models.get(s.ref);
    const k = m ? kindOf(m.schema, ctx, depth + 1) : ({ kind: 'any', nullable: false } as Kind);
    return nullable ? { ...k, nullable: true } : k;
  }
  if (contributes.length === 1 && s.ref === undefined) {
    const k = kindOf(contributes[0]!, ctx, depth + 1);
    return nullable ? { ...k, nullable: true } : k;
  }
  if (contributes.length > 0) return nul({ kind: 'object', schema: s, nullable: false });
  if (alts.length === 1) {
    const k = kindOf(alts[0]!, ctx, depth + 1);
    return nullable ? { ...k, nullable: true } : k;
  }
  const values = s.const ? [s.const.value] : s.enum;
  if (values) {
    const v = values.find((x) => x !== null);
    const scalar = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'number') : 'string';
    return nul({ kind: 'scalar', schema: s, scalar, list: false, nullable: false });
  }
  return nul({ kind: 'any', nullable: false });
}

/** The facets that apply, merged along the ref chain (a property ref to an enum model, say). */
function facets(s: IRSchema, ctx: ArbitraryContext): IRSchema {
  let cur: IRSchema | undefined = s;
  const merged: IRSchema = { meta: {}, source: s.source };
  for (let i = 0; cur && i < 20; i++) {
    if (merged.enum === undefined && cur.enum !== undefined) merged.enum = cur.enum;
    if (merged.const === undefined && cur.const !== undefined) merged.const = cur.const;
    if (cur.string) merged.string = { ...cur.string, ...merged.string };
    if (cur.number) merged.number = { ...cur.number, ...merged.number };
    if (cur.array) merged.array = { ...cur.array, ...merged.array };
    cur = cur.ref !== undefined ? ctx.models.get(cur.ref)?.schema : undefined;
  }
  return merged;
}

export interface Place {
  attribute?: boolean;
  /** Optional text content: must not be empty. */
  nonEmpty?: boolean;
  /** xs:list item: no whitespace, non-empty. */
  listItem?: boolean;
}

function stringArb(f: IRSchema, place: Place): fc.Arbitrary<string> {
  const min = Math.max(f.string?.minLength ?? 0, place.nonEmpty || place.listItem ? 1 : 0);
  const max = Math.min(f.string?.maxLength ?? 24, Math.max(min, 24));
  const fmt = f.string?.format;
  let base: fc.Arbitrary<string>;
  if (fmt === 'date-time') base = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (fmt === 'date') base = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (fmt === 'email') base = fc.emailAddress();
  else if (fmt === 'uri') base = fc.webUrl();
  else base = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...TRICKY) }, { weight: 4, arbitrary: fc.string({ unit: xmlChar, minLength: min, maxLength: max }) });
  let arb = base.filter((s) => codePoints(s) >= min && codePoints(s) <= (f.string?.maxLength ?? Infinity));
  if (place.listItem) arb = arb.map((s) => s.replace(/[ \t\r\n]/g, '_')).filter((s) => s !== '');
  return arb;
}

function scalarArb(k: Extract<Kind, { kind: 'scalar' }>, ctx: ArbitraryContext, place: Place): Arb {
  const f = facets(k.schema, ctx);
  if (f.const !== undefined) return fc.constant(f.const.value);
  if (f.enum !== undefined) {
    const vals = f.enum.filter((v): v is Exclude<JsonValue, null> => v !== null);
    return fc.constantFrom(...vals);
  }
  const n = f.number ?? {};
  switch (k.scalar) {
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringArb(f, place);
    case 'int': {
      const int32 = n.format === 'int32';
      const min = Math.max(n.minimum ?? -Number.MAX_SAFE_INTEGER, int32 ? INT32_MIN : -Number.MAX_SAFE_INTEGER, n.exclusiveMinimum !== undefined ? Math.floor(n.exclusiveMinimum) + 1 : -Infinity);
      const max = Math.min(n.maximum ?? Number.MAX_SAFE_INTEGER, int32 ? INT32_MAX : Number.MAX_SAFE_INTEGER, n.exclusiveMaximum !== undefined ? Math.ceil(n.exclusiveMaximum) - 1 : Infinity);
      return fc.integer({ min, max });
    }
    case 'long': {
      const min = n.minimum !== undefined ? BigInt(Math.ceil(n.minimum)) : INT64_MIN;
      const max = n.maximum !== undefined ? BigInt(Math.floor(n.maximum)) : INT64_MAX;
      const edges = [8796093023822n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, INT64_MAX, INT64_MIN, 0n].filter((b) => b >= min && b <= max);
      return fc
        .oneof(fc.bigInt({ min, max }), fc.constantFrom(...edges))
        .map((b) => (b >= -(2n ** 53n - 1n) && b <= 2n ** 53n - 1n ? Number(b) : b));
    }
    case 'number':
    case 'decimal': {
      const min = n.minimum ?? -Number.MAX_VALUE;
      const max = n.maximum ?? Number.MAX_VALUE;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
  }
}

/** A value arbitrary for schema `s` at `place`. */
export function valueArb(s: IRSchema, ctx: ArbitraryContext, place: Place = {}, depth = 0): Arb {
  const k = kindOf(s, ctx);
  let arb: Arb;
  switch (k.kind) {
    case 'scalar':
      if (k.list) {
        const f = facets(k.schema, ctx);
        const itemSchema = f.array?.items ?? k.schema;
        const itemKind = kindOf(itemSchema, ctx);
        const item = itemKind.kind === 'scalar' ? scalarArb({ ...itemKind, list: false }, ctx, { listItem: true }) : stringArb(f, { listItem: true });
        arb = fc.array(item, { minLength: Math.max(f.array?.minItems ?? 0, place.nonEmpty ? 1 : 0), maxLength: Math.min(f.array?.maxItems ?? 4, 4) });
      } else arb = scalarArb(k, ctx, place);
      break;
    case 'object':
      arb = objectArb(k.schema, ctx, depth);
      break;
    case 'array':
      throw new Error('internal: arrays are handled by the member that holds them');
    case 'any':
      arb = stringArb({ meta: {}, source: { file: '', pointer: '' } }, place);
      break;
  }
  return k.nullable && !place.attribute ? fc.option(arb, { nil: null, freq: 5 }) : arb;
}

/** Properties of an object schema through refs, allOf and alternatives (alternatives' members optional). */
function propertiesOf(s: IRSchema, ctx: ArbitraryContext): { props: IRProperty[]; additional?: IRSchema | 'any' } {
  const props: IRProperty[] = [];
  const seen = new Set<string>();
  let additional: IRSchema | undefined;
  let closed = false;
  const walk = (x: IRSchema, requiredOk: boolean, depth: number): void => {
    if (depth > 32) return;
    if (x.ref !== undefined) {
      const m = ctx.models.get(x.ref);
      if (m) walk(m.schema, requiredOk, depth + 1);
    }
    if (x.object) {
      for (const p of x.object.properties) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        props.push(requiredOk ? p : { ...p, required: false });
      }
      if (x.object.additionalProperties?.bool === false) closed = true;
      else if (x.object.additionalProperties !== undefined) additional ??= x.object.additionalProperties;
    }
    for (const p of x.allOf ?? []) walk(p, requiredOk, depth + 1);
    for (const p of x.anyOf ?? x.oneOf ?? []) if (!isNullOnly(p)) walk(p, false, depth + 1);
  };
  walk(s, true, 0);
  if (additional !== undefined) return { props, additional };
  if (props.length === 0 && !closed) return { props, additional: 'any' };
  return { props };
}

/** Builds an object with own data properties (so `__proto__` stays a key). */
function build(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== undefined) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const KEY = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'entry', 'x.y', 'a-b', '_k'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,7}$/)).filter((k) => !/^xml/i.test(k));

function objectArb(s: IRSchema, ctx: ArbitraryContext, depth: number): Arb {
  const { props, additional } = propertiesOf(s, ctx);
  const members: fc.Arbitrary<[string, unknown]>[] = [];
  const elementNames = new Set<string>();
  for (const p of props) {
    const x = p.schema.xml ?? {};
    if (!x.attribute && !x.text) elementNames.add(x.name ?? p.name);
    const k = kindOf(p.schema, ctx);
    let value: Arb;
    if (x.attribute) value = valueArb(p.schema, ctx, { attribute: true }, depth + 1);
    else if (x.text) value = valueArb(p.schema, ctx, p.required ? {} : { nonEmpty: true }, depth + 1);
    else if (k.kind === 'array') {
      const f = facets(k.schema, ctx);
      const item = valueArb(k.items, ctx, {}, depth + 1);
      const wrapped = x.wrapped === true;
      const min = Math.max(f.array?.minItems ?? 0, !wrapped && !p.required ? 1 : 0);
      const max = Math.max(min, Math.min(f.array?.maxItems ?? 3, 3));
      value = fc.array(item, { minLength: min, maxLength: max });
      if (k.nullable && wrapped) value = fc.option(value, { nil: null, freq: 5 });
    } else value = valueArb(p.schema, ctx, {}, depth + 1);
    if (!p.required && depth >= ctx.maxDepth) continue;
    members.push(p.required ? value.map((v) => [p.name, v] as [string, unknown]) : fc.option(value, { nil: undefined }).map((v) => [p.name, v] as [string, unknown]));
  }
  const declared = fc.tuple(...members);
  if (additional === undefined) return declared.map((entries) => build(entries));
  const entryValue = additional === 'any' ? stringArb({ meta: {}, source: { file: '', pointer: '' } }, {}) : depth >= ctx.maxDepth ? fc.constant(undefined) : valueArb(additional, ctx, {}, depth + 1);
  const extra = fc.uniqueArray(fc.tuple(KEY.filter((key) => !elementNames.has(key) && !props.some((p) => p.name === key)), entryValue), { selector: ([key]) => key, maxLength: depth >= ctx.maxDepth ? 0 : 3 });
  return fc.tuple(declared, extra).map(([entries, more]) => build([...entries, ...more]));
}

/** The arbitrary of a model's values. */
export function modelArb(key: string, ctx: ArbitraryContext): Arb {
  const m = ctx.models.get(key);
  if (!m) throw new Error(`no model ${key}`);
  return valueArb({ ref: key, meta: {}, source: m.source }, ctx);
}
