/**
 * Simple types: type references, restriction (facets), union and list.
 *
 * A restriction is flattened: the result carries its base's type, facets and `xml.xsdType` with its own
 * facets applied over them, so every named simple type model is self-contained. A union is `anyOf` of its
 * members (named members stay refs). A list is an array of its item type tagged `xml.xsdType: 'xs:list'`,
 * which tells the XML side to join items with spaces instead of repeating elements; length facets on a list
 * count items (`minItems` / `maxItems`).
 */
import type { IRSchema, IRXml, JsonValue } from '../../ir/types.ts';
import { builtinSchema, isBuiltin } from './builtins.ts';
import { child, type Ctx, metaOf, report, sourceOf, unsupported, xsdChildren } from './context.ts';
import { resolveQName, XSD_NS, type XmlElement } from './xml.ts';

export const typeKey = (name: string): string => `xsd:type:${name}`;
export const elementKey = (name: string): string => `xsd:element:${name}`;

/** A schema that accepts anything, used where the input is broken (after reporting) or says "any". */
export function anySchema(el: XmlElement, xsdType?: string): IRSchema {
  const schema: IRSchema = { meta: {}, source: sourceOf(el) };
  if (xsdType !== undefined) schema.xml = { xsdType };
  return schema;
}

export function withXml(schema: IRSchema, xml: IRXml): IRSchema {
  schema.xml = { ...schema.xml, ...xml };
  return schema;
}

type Resolved = { kind: 'builtin'; local: string } | { kind: 'simple' | 'complex'; local: string; decl: XmlElement } | { kind: 'unknown' };

/** Resolves a QName value of `attr` on `el`, reporting `xsd-unknown-type` when it names nothing. */
export function resolveType(ctx: Ctx, el: XmlElement, attr: string, value: string): Resolved {
  const q = resolveQName(el, value);
  if (q?.ns === XSD_NS) {
    if (isBuiltin(q.local)) return { kind: 'builtin', local: q.local };
  } else if (q !== undefined) {
    // One schema set, one symbol space: names are matched by local part (the vendor bundle has no namespace).
    const decl = ctx.types.get(q.local);
    if (decl) return { kind: decl.el.local === 'complexType' ? 'complex' : 'simple', local: q.local, decl: decl.el };
  }
  const why = q === undefined ? 'its namespace prefix is not declared' : 'no such type is declared';
  report(ctx, 'error', 'xsd-unknown-type', el, `${attr}="${value}" cannot be resolved: ${why}`);
  return { kind: 'unknown' };
}

/** The schema a `type=` / `base=` / member reference stands for: a built-in inline, a named type by `ref`. */
export function typeRefSchema(ctx: Ctx, el: XmlElement, attr: string, value: string): IRSchema {
  const t = resolveType(ctx, el, attr, value);
  if (t.kind === 'builtin') return builtinSchema(t.local, sourceOf(el));
  if (t.kind === 'unknown') return anySchema(el);
  return { ref: typeKey(t.local), meta: {}, source: sourceOf(el) };
}

/** A self-contained copy of a simple type's schema, for narrowing by a restriction. */
export function flatSimple(ctx: Ctx, el: XmlElement, attr: string, value: string): IRSchema {
  const t = resolveType(ctx, el, attr, value);
  if (t.kind === 'builtin') return builtinSchema(t.local, sourceOf(el));
  if (t.kind === 'unknown') return anySchema(el);
  if (t.kind === 'complex') {
    report(ctx, 'error', 'xsd-invalid', el, `${attr}="${value}" names a complex type where a simple type is needed`);
    return anySchema(el);
  }
  return structuredClone(namedSimple(ctx, t.local, el));
}

/** The model schema of named simple type `name` (memoised; a restriction chain that loops is reported). */
export function namedSimple(ctx: Ctx, name: string, at: XmlElement): IRSchema {
  const done = ctx.flatSimples.get(name);
  if (done) return done;
  const decl = ctx.types.get(name);
  if (!decl) return anySchema(at);
  const busyKey = `simpleType:${name}`;
  if (ctx.busy.has(busyKey)) {
    report(ctx, 'error', 'xsd-cycle', at, `simple type ${name} is derived from itself`);
    return anySchema(at);
  }
  ctx.busy.add(busyKey);
  const schema = simpleTypeSchema(ctx, decl.el);
  ctx.busy.delete(busyKey);
  ctx.flatSimples.set(name, schema);
  return schema;
}

/** `xs:simpleType` (named or anonymous). */
export function simpleTypeSchema(ctx: Ctx, st: XmlElement): IRSchema {
  const [body] = xsdChildren(st);
  let schema: IRSchema;
  if (body?.local === 'restriction') schema = restrictionSchema(ctx, body);
  else if (body?.local === 'union') schema = unionSchema(ctx, body);
  else if (body?.local === 'list') schema = listSchema(ctx, body);
  else {
    report(ctx, 'error', 'xsd-invalid', st, 'a simpleType needs a restriction, union or list');
    schema = anySchema(st);
  }
  schema.source = sourceOf(st);
  const meta = metaOf(st);
  if (meta.description !== undefined) schema.meta.description = meta.description;
  return schema;
}

/** `xs:restriction` in a simpleType: its base (attribute or inline type) narrowed by its facets. */
export function restrictionSchema(ctx: Ctx, r: XmlElement): IRSchema {
  const base = r.attrs.get('base');
  const inline = child(r, 'simpleType');
  let schema: IRSchema;
  if (base !== undefined) schema = flatSimple(ctx, r, 'base', base);
  else if (inline) schema = simpleTypeSchema(ctx, inline);
  else {
    report(ctx, 'error', 'xsd-invalid', r, 'a restriction needs a base attribute or an inline simpleType');
    schema = anySchema(r);
  }
  // What the base type said about itself is not what the derived type says.
  delete schema.meta.description;
  return applyFacets(ctx, schema, facetsOf(r));
}

const NOT_FACETS = new Set(['simpleType', 'attribute', 'attributeGroup', 'anyAttribute']);

/** The facet children of a restriction (a simpleContent restriction also holds attributes). */
export function facetsOf(r: XmlElement): XmlElement[] {
  return xsdChildren(r).filter((c) => !NOT_FACETS.has(c.local));
}

/** `xs:union`: `anyOf` of the memberTypes (in order) and then the inline member types. */
export function unionSchema(ctx: Ctx, u: XmlElement): IRSchema {
  const members: IRSchema[] = [];
  for (const m of (u.attrs.get('memberTypes') ?? '').split(/\s+/).filter(Boolean)) members.push(typeRefSchema(ctx, u, 'memberTypes', m));
  for (const st of u.children) if (st.ns === XSD_NS && st.local === 'simpleType') members.push(simpleTypeSchema(ctx, st));
  if (members.length === 0) report(ctx, 'error', 'xsd-invalid', u, 'a union needs memberTypes or inline simpleTypes');
  return { anyOf: members, meta: {}, source: sourceOf(u) };
}

/** `xs:list`: an array of the item type, marked so the XML side writes it space-separated. */
export function listSchema(ctx: Ctx, l: XmlElement): IRSchema {
  const itemType = l.attrs.get('itemType');
  const inline = child(l, 'simpleType');
  const items = itemType !== undefined ? typeRefSchema(ctx, l, 'itemType', itemType) : inline ? simpleTypeSchema(ctx, inline) : anySchema(l, 'xs:anySimpleType');
  return { types: ['array'], array: { items }, xml: { xsdType: 'xs:list' }, meta: {}, source: sourceOf(l) };
}

type Primitive = 'string' | 'number' | 'integer' | 'boolean' | 'array' | undefined;

export function primitiveOf(schema: IRSchema): Primitive {
  const t = schema.types?.length === 1 ? schema.types[0] : undefined;
  return t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'array' ? t : undefined;
}

/** The JSON value of a lexical XSD value (enumeration, default, fixed) under the type's primitive. */
export function lexicalValue(ctx: Ctx, el: XmlElement, value: string, primitive: Primitive): JsonValue {
  const v = value.trim();
  if (primitive === 'boolean') {
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  } else if (primitive === 'number' || primitive === 'integer') {
    const n = v === '' ? NaN : Number(v);
    if (Number.isFinite(n) && (primitive === 'number' || Number.isInteger(n))) return n;
  } else {
    return value;
  }
  report(ctx, 'error', 'xsd-invalid', el, `"${value}" is not a valid ${primitive} value`);
  return value;
}

const NUMERIC_FACETS = { minInclusive: 'minimum', maxInclusive: 'maximum', minExclusive: 'exclusiveMinimum', maxExclusive: 'exclusiveMaximum' } as const;

/** Applies restriction facets over a flattened base (a fresh copy the function may change). */
export function applyFacets(ctx: Ctx, schema: IRSchema, facets: XmlElement[]): IRSchema {
  const primitive = primitiveOf(schema);
  const patterns: string[] = [];
  const enumValues: JsonValue[] = [];
  const enumDocs: (string | undefined)[] = [];
  for (const f of facets) {
    const value = f.attrs.get('value');
    if (value === undefined) {
      report(ctx, 'error', 'xsd-invalid', f, `facet ${f.local} needs a value`);
      continue;
    }
    switch (f.local) {
      case 'length':
      case 'minLength':
      case 'maxLength': {
        const n = count(ctx, f, value);
        if (n === undefined) break;
        if (primitive === 'array') {
          const a = (schema.array ??= {});
          if (f.local !== 'maxLength') a.minItems = n;
          if (f.local !== 'minLength') a.maxItems = n;
        } else {
          const s = (schema.string ??= {});
          if (f.local !== 'maxLength') s.minLength = n;
          if (f.local !== 'minLength') s.maxLength = n;
        }
        break;
      }
      case 'pattern':
        patterns.push(value);
        break;
      case 'enumeration':
        enumValues.push(lexicalValue(ctx, f, value, primitive));
        enumDocs.push(metaOf(f).description);
        break;
      case 'minInclusive':
      case 'maxInclusive':
      case 'minExclusive':
      case 'maxExclusive': {
        if (primitive !== 'number' && primitive !== 'integer') {
          unsupported(ctx, f, `facet ${f.local} on a non-numeric type`);
          break;
        }
        const n = lexicalValue(ctx, f, value, 'number');
        if (typeof n === 'number') (schema.number ??= {})[NUMERIC_FACETS[f.local]] = n;
        break;
      }
      case 'totalDigits':
      case 'fractionDigits': {
        const n = count(ctx, f, value);
        if (n !== undefined) (schema.number ??= {})[f.local] = n;
        break;
      }
      default:
        // whiteSpace, assertion, explicitTimezone: no IR counterpart.
        unsupported(ctx, f, `facet ${f.local}`);
    }
  }
  if (patterns.length > 0) {
    // XSD patterns match the whole value; several patterns in one step are alternatives, and a derived
    // step must hold together with its base's pattern.
    const own = `^(?:${patterns.map((p) => `(?:${p})`).join('|')})$`;
    const s = (schema.string ??= {});
    s.pattern = s.pattern === undefined ? own : `(?=${s.pattern})${own}`;
  }
  if (enumValues.length > 0) {
    schema.enum = enumValues;
    if (enumDocs.some((d) => d !== undefined)) schema.meta.enumDescriptions = enumDocs.map((d) => d ?? '');
    else delete schema.meta.enumDescriptions;
  }
  return schema;
}

function count(ctx: Ctx, f: XmlElement, value: string): number | undefined {
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  report(ctx, 'error', 'xsd-invalid', f, `facet ${f.local}="${value}" is not a non-negative integer`);
  return undefined;
}
