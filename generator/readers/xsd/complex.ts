/**
 * Complex types, elements and attributes.
 *
 * A complex type becomes an object whose properties are its child elements in content-model order, then its
 * attributes (`xml.attribute: true`) in declaration order. Nested sequences, choices and group references
 * are flattened into that one list; each element's occurrence is the product of the occurrences on its path,
 * so it is required only when every step requires it, and an array (`xml.wrapped: false`) when any step
 * repeats.
 *
 * Choice: every alternative's elements become optional properties, and a non-repeating choice adds a `oneOf`
 * to the object: one alternative per branch, `{ required: [its required elements] }` (or "any of its
 * elements present" when a branch requires none), plus "none of the choice's elements present" when the
 * choice may be empty. Several choices in one type give `allOf: [{ oneOf }, ...]`. A repeating choice
 * (maxOccurs > 1) allows any mix, so it adds no constraint; the interleaving of its elements is not kept.
 *
 * simpleContent: the element's text is a required property named `value` (`xml.text: true`; an empty
 * element still has the text ""), first, then the attributes; when an attribute is itself named `value`, the text property takes `_value` (underscores are
 * added until the name is free). complexContent extension: the base's properties, then the extension's.
 */
import type { IRProperty, IRSchema, IRXml } from '../../ir/types.ts';
import { child, type Ctx, type Decl, documentation, metaOf, occurs, report, type Shape, sourceOf, UNBOUNDED, unsupported, xsdChildren } from './context.ts';
import { anySchema, applyFacets, elementKey, facetsOf, flatSimple, lexicalValue, namedSimple, primitiveOf, resolveType, simpleTypeSchema, typeKey, typeRefSchema, withXml } from './simple.ts';
import type { XmlElement } from './xml.ts';

const PARTICLES = new Set(['sequence', 'choice', 'all', 'group']);
const ATTRIBUTE_DECLS = new Set(['attribute', 'attributeGroup', 'anyAttribute']);

/** Object schema of a complex type node; named types are memoised (they may be extension bases). */
export function complexTypeSchema(ctx: Ctx, ct: XmlElement, namespace?: string): IRSchema {
  const name = ct.attrs.get('name');
  const shape = name !== undefined && ctx.types.get(name)?.el === ct ? namedShape(ctx, name, ct) : complexShape(ctx, ct);
  return objectSchema(shape ?? { properties: [], choices: [] }, ct, namespace);
}

function objectSchema(shape: Shape, ct: XmlElement, namespace: string | undefined): IRSchema {
  const source = sourceOf(ct);
  const schema: IRSchema = { types: ['object'], object: { properties: shape.properties }, meta: metaOf(ct), source };
  const xml: IRXml = {};
  if (shape.order !== undefined) xml.order = shape.order;
  if (namespace !== undefined) xml.namespace = namespace;
  if (Object.keys(xml).length > 0) schema.xml = xml;
  const [only, ...more] = shape.choices;
  if (only && more.length === 0) schema.oneOf = only;
  else if (only) schema.allOf = shape.choices.map((alts) => ({ oneOf: alts, meta: {}, source }));
  return schema;
}

/** A fresh copy of named complex type `name`'s shape; undefined (after reporting) when it derives from itself. */
export function namedShape(ctx: Ctx, name: string, at: XmlElement): Shape | undefined {
  const done = ctx.shapes.get(name);
  if (done) return structuredClone(done);
  const decl = ctx.types.get(name);
  if (!decl || decl.el.local !== 'complexType') return undefined;
  const busyKey = `complexType:${name}`;
  if (ctx.busy.has(busyKey)) {
    report(ctx, 'error', 'xsd-cycle', at, `complex type ${name} is derived from itself`);
    return undefined;
  }
  ctx.busy.add(busyKey);
  const shape = complexShape(ctx, decl.el);
  ctx.busy.delete(busyKey);
  ctx.shapes.set(name, shape);
  return structuredClone(shape);
}

/** `xs:complexType`: simpleContent, complexContent, or a content model and attributes. */
export function complexShape(ctx: Ctx, ct: XmlElement): Shape {
  if (ct.attrs.get('mixed') === 'true') unsupported(ctx, ct, 'mixed content (text between child elements)');
  const content = xsdChildren(ct);
  const derived = content.find((c) => c.local === 'simpleContent' || c.local === 'complexContent');
  if (derived) {
    if (content.length > 1) report(ctx, 'error', 'xsd-invalid', ct, `${derived.local} must be the only content of a complexType`);
    return dedupe(ctx, ct, derived.local === 'simpleContent' ? simpleContentShape(ctx, derived) : complexContentShape(ctx, derived));
  }
  return dedupe(ctx, ct, contentShape(ctx, ct, content));
}

/** A content model (at most one particle) followed by attribute declarations. */
function contentShape(ctx: Ctx, owner: XmlElement, content: XmlElement[]): Shape {
  const walk: Walk = { entries: [], choices: [] };
  let order: Shape['order'];
  let particles = 0;
  const attrs: XmlElement[] = [];
  for (const c of content) {
    if (PARTICLES.has(c.local)) {
      if (particles++ > 0) report(ctx, 'error', 'xsd-invalid', c, 'a complex type has at most one content model particle');
      order ??= particleKind(ctx, c);
      walkParticle(ctx, c, 1, walk);
    } else if (ATTRIBUTE_DECLS.has(c.local)) attrs.push(c);
    else unsupported(ctx, c, `xs:${c.local} in ${owner.local}`);
  }
  const shape: Shape = { properties: [...walk.entries.map(entryProperty), ...attributeProperties(ctx, attrs).properties], choices: walk.choices.map(choiceAlternatives) };
  if (order !== undefined) shape.order = order;
  return shape;
}

function particleKind(ctx: Ctx, p: XmlElement): Shape['order'] {
  if (p.local !== 'group') return p.local as 'sequence' | 'choice' | 'all';
  const g = groupModel(ctx, p, false);
  return g ? particleKind(ctx, g) : undefined;
}

/** The model particle of the group a `xs:group ref` names. */
function groupModel(ctx: Ctx, ref: XmlElement, reportMissing: boolean): XmlElement | undefined {
  const name = localRef(ref);
  const decl = name === undefined ? undefined : ctx.groups.get(name);
  if (!decl) {
    if (reportMissing) report(ctx, 'error', 'xsd-unknown-type', ref, `group ref="${ref.attrs.get('ref') ?? ''}" names no declared group`);
    return undefined;
  }
  const model = xsdChildren(decl.el).find((c) => c.local === 'sequence' || c.local === 'choice' || c.local === 'all');
  if (!model) report(ctx, 'error', 'xsd-invalid', decl.el, 'a group needs a sequence, choice or all');
  return model;
}

function localRef(el: XmlElement): string | undefined {
  const ref = el.attrs.get('ref');
  if (ref === undefined) return undefined;
  const i = ref.indexOf(':');
  return i < 0 ? ref.trim() : ref.slice(i + 1).trim();
}

// ---- particles -------------------------------------------------------------------------------------------

/** One element occurrence in a flattened content model. `min` is relative until the walk returns to the top. */
interface Entry {
  name: string;
  item: IRSchema;
  description?: string;
  min: number;
  max: number;
}

/** A non-repeating choice; `presence.min` ends up 0 when the choice as a whole may be absent. */
interface PendingChoice {
  presence: { min: number };
  branches: { required: string[]; names: string[] }[];
  el: XmlElement;
}

interface Walk {
  entries: Entry[];
  choices: PendingChoice[];
}

/**
 * Walks one particle. `maxMul` is the product of the enclosing maxOccurs (known top-down); minOccurs is
 * applied bottom-up: the walk returns every `min` holder it created and each enclosing particle multiplies
 * them by its own minOccurs (a choice with several branches by 0).
 */
function walkParticle(ctx: Ctx, p: XmlElement, maxMul: number, walk: Walk): { min: number }[] {
  const occ = occurs(ctx, p);
  if (occ.max === 0) return [];
  const max = maxMul * occ.max;
  let holders: { min: number }[];
  switch (p.local) {
    case 'element': {
      const e = elementEntry(ctx, p, occ.min, max);
      if (!e) return [];
      walk.entries.push(e);
      return [e];
    }
    case 'sequence':
    case 'all':
      holders = xsdChildren(p).flatMap((c) => walkParticle(ctx, c, max, walk));
      break;
    case 'choice': {
      const branches = xsdChildren(p);
      if (branches.length <= 1) {
        holders = branches.flatMap((c) => walkParticle(ctx, c, max, walk));
        break;
      }
      const pending: PendingChoice = { presence: { min: 1 }, branches: [], el: p };
      holders = [];
      for (const b of branches) {
        const start = walk.entries.length;
        holders.push(...walkParticle(ctx, b, max, walk));
        const added = walk.entries.slice(start);
        pending.branches.push({ required: added.filter((e) => e.min >= 1).map((e) => e.name), names: added.map((e) => e.name) });
      }
      for (const h of holders) h.min = 0;
      if (max <= 1) {
        walk.choices.push(pending);
        holders.push(pending.presence);
      }
      break;
    }
    case 'group': {
      const key = `group:${localRef(p) ?? ''}`;
      const model = groupModel(ctx, p, true);
      if (!model) return [];
      if (ctx.busy.has(key)) {
        report(ctx, 'error', 'xsd-cycle', p, `group ${localRef(p) ?? ''} contains itself`);
        return [];
      }
      ctx.busy.add(key);
      holders = walkParticle(ctx, model, max, walk);
      ctx.busy.delete(key);
      break;
    }
    case 'any':
      unsupported(ctx, p, 'xs:any (wildcard elements)');
      return [];
    default:
      unsupported(ctx, p, `xs:${p.local} in a content model`);
      return [];
  }
  for (const h of holders) h.min *= occ.min;
  return holders;
}

function entryProperty(e: Entry): IRProperty {
  if (e.max <= 1) {
    if (e.description !== undefined) e.item.meta.description = e.description;
    return { name: e.name, schema: e.item, required: e.min >= 1 };
  }
  const schema: IRSchema = { types: ['array'], array: { items: e.item }, xml: { wrapped: false }, meta: {}, source: { ...e.item.source } };
  if (e.min > 0) schema.array!.minItems = e.min;
  if (e.max !== UNBOUNDED) schema.array!.maxItems = e.max;
  if (e.description !== undefined) schema.meta.description = e.description;
  return { name: e.name, schema, required: e.min >= 1 };
}

function choiceAlternatives(c: PendingChoice): IRSchema[] {
  const source = sourceOf(c.el);
  const requires = (names: string[]): IRSchema => ({ object: { properties: [], extraRequired: names }, meta: {}, source: { ...source } });
  const anyOf = (names: string[]): IRSchema => ({ anyOf: names.map((n) => requires([n])), meta: {}, source: { ...source } });
  const alts = c.branches.filter((b) => b.names.length > 0).map((b) => (b.required.length > 0 ? requires(b.required) : anyOf(b.names)));
  if (c.presence.min === 0 || c.branches.some((b) => b.required.length === 0)) {
    alts.push({ not: anyOf([...new Set(c.branches.flatMap((b) => b.names))]), meta: {}, source: { ...source } });
  }
  return alts;
}

// ---- elements --------------------------------------------------------------------------------------------

function elementEntry(ctx: Ctx, el: XmlElement, min: number, max: number): Entry | undefined {
  const ref = el.attrs.get('ref');
  if (ref !== undefined) {
    const name = localRef(el)!;
    const decl = ctx.elements.get(name);
    if (!decl) {
      report(ctx, 'error', 'xsd-unknown-type', el, `element ref="${ref}" names no declared global element`);
      return { name, item: anySchema(el), min, max };
    }
    const item = elementValue(ctx, decl.el, el, true);
    const description = documentation(el) ?? documentation(decl.el);
    if (decl.file.targetNamespace !== undefined) withXml(item, { namespace: decl.file.targetNamespace });
    return description === undefined ? { name, item, min, max } : { name, item, description, min, max };
  }
  const name = el.attrs.get('name');
  if (name === undefined) {
    report(ctx, 'error', 'xsd-invalid', el, 'a local element needs a name or a ref');
    return undefined;
  }
  const item = elementValue(ctx, el, el, false);
  const file = ctx.files.get(el.file);
  const form = el.attrs.get('form');
  if (file?.targetNamespace !== undefined && (form === 'qualified' || (form === undefined && file.elementFormQualified))) withXml(item, { namespace: file.targetNamespace });
  const description = documentation(el);
  return description === undefined ? { name, item, min, max } : { name, item, description, min, max };
}

/**
 * The schema of one occurrence of element `decl`: its named type by ref, its inline type, or any. `at` is
 * where it is used (the source); `viaRef` makes an anonymous global type a ref to the element's model.
 */
export function elementValue(ctx: Ctx, decl: XmlElement, at: XmlElement, viaRef: boolean): IRSchema {
  const type = decl.attrs.get('type');
  const inlineComplex = child(decl, 'complexType');
  const inlineSimple = child(decl, 'simpleType');
  let schema: IRSchema;
  if (type !== undefined && (inlineComplex || inlineSimple)) report(ctx, 'error', 'xsd-invalid', decl, 'an element has either a type attribute or an inline type, not both; the type attribute is used');
  if (type !== undefined) schema = typeRefSchema(ctx, decl, 'type', type);
  else if (viaRef && (inlineComplex || inlineSimple)) schema = { ref: elementKey(decl.attrs.get('name') ?? ''), meta: {}, source: sourceOf(at) };
  else if (inlineComplex) schema = complexTypeSchema(ctx, inlineComplex);
  else if (inlineSimple) schema = simpleTypeSchema(ctx, inlineSimple);
  else schema = anySchema(decl, 'xs:anyType');
  schema.source = sourceOf(at);
  // The element's documentation goes on the property; the type's own stays only when the type is inline.
  if (!inlineComplex && !inlineSimple) delete schema.meta.description;
  for (const c of xsdChildren(decl)) if (c.local === 'key' || c.local === 'keyref' || c.local === 'unique') unsupported(ctx, c, `identity constraint xs:${c.local}`);
  if (decl.attrs.get('nillable') === 'true') withXml(schema, { nillable: true });
  valueConstraint(ctx, decl, schema);
  return schema;
}

/** `default` -> meta.default, `fixed` -> const, typed by the value's primitive type. */
function valueConstraint(ctx: Ctx, decl: XmlElement, schema: IRSchema): void {
  const def = decl.attrs.get('default');
  const fixed = decl.attrs.get('fixed');
  if (def === undefined && fixed === undefined) return;
  const primitive = primitiveOf(schema.ref !== undefined ? refTarget(ctx, schema.ref, decl) : schema);
  if (def !== undefined) schema.meta.default = lexicalValue(ctx, decl, def, primitive);
  if (fixed !== undefined) schema.const = { value: lexicalValue(ctx, decl, fixed, primitive) };
}

function refTarget(ctx: Ctx, ref: string, at: XmlElement): IRSchema {
  const name = ref.slice('xsd:type:'.length);
  const decl = ctx.types.get(name);
  if (ref.startsWith('xsd:type:') && decl?.el.local === 'simpleType') return namedSimple(ctx, name, at);
  return anySchema(at);
}

// ---- attributes ------------------------------------------------------------------------------------------

/** Attribute declarations, attributeGroup refs (inlined) and wildcards, in order; `prohibited` names for restrictions. */
function attributeProperties(ctx: Ctx, nodes: XmlElement[]): { properties: IRProperty[]; prohibited: string[] } {
  const out = { properties: [] as IRProperty[], prohibited: [] as string[] };
  for (const a of nodes) {
    if (a.local === 'attribute') {
      const name = a.attrs.get('name') ?? localRef(a);
      if (name === undefined) report(ctx, 'error', 'xsd-invalid', a, 'an attribute needs a name or a ref');
      else if (a.attrs.get('use') === 'prohibited') out.prohibited.push(name);
      else out.properties.push(attributeProperty(ctx, a, name));
    } else if (a.local === 'attributeGroup') {
      const name = localRef(a);
      const decl = name === undefined ? undefined : ctx.attributeGroups.get(name);
      const key = `attributeGroup:${name ?? ''}`;
      if (!decl) report(ctx, 'error', 'xsd-unknown-type', a, `attributeGroup ref="${a.attrs.get('ref') ?? ''}" names no declared attribute group`);
      else if (ctx.busy.has(key)) report(ctx, 'error', 'xsd-cycle', a, `attribute group ${name ?? ''} contains itself`);
      else {
        ctx.busy.add(key);
        const inner = attributeProperties(ctx, xsdChildren(decl.el));
        ctx.busy.delete(key);
        out.properties.push(...inner.properties);
        out.prohibited.push(...inner.prohibited);
      }
    } else if (a.local === 'anyAttribute') unsupported(ctx, a, 'xs:anyAttribute (wildcard attributes)');
    else unsupported(ctx, a, `xs:${a.local} among attributes`);
  }
  return out;
}

function attributeProperty(ctx: Ctx, a: XmlElement, name: string): IRProperty {
  let decl: Decl | undefined;
  if (a.attrs.has('ref')) {
    decl = ctx.attributes.get(name);
    if (!decl) report(ctx, 'error', 'xsd-unknown-type', a, `attribute ref="${a.attrs.get('ref') ?? ''}" names no declared global attribute`);
  }
  const def = decl?.el ?? a;
  const type = def.attrs.get('type');
  const inline = child(def, 'simpleType');
  const schema = type !== undefined ? typeRefSchema(ctx, def, 'type', type) : inline ? simpleTypeSchema(ctx, inline) : anySchema(def, 'xs:anySimpleType');
  if (type === undefined && !inline) schema.types = ['string'];
  schema.source = sourceOf(a);
  const description = documentation(a) ?? (decl ? documentation(decl.el) : undefined);
  if (description !== undefined) schema.meta.description = description;
  else delete schema.meta.description;
  withXml(schema, decl?.file.targetNamespace !== undefined ? { attribute: true, namespace: decl.file.targetNamespace } : { attribute: true });
  // A use site's default/fixed wins over the global declaration's.
  valueConstraint(ctx, a.attrs.has('default') || a.attrs.has('fixed') ? a : def, schema);
  return { name, schema, required: a.attrs.get('use') === 'required' };
}

// ---- derivation ------------------------------------------------------------------------------------------

/** The complex base of a derivation, or an empty shape for xs:anyType. */
function complexBase(ctx: Ctx, d: XmlElement): Shape | undefined {
  const base = d.attrs.get('base');
  if (base === undefined) {
    report(ctx, 'error', 'xsd-invalid', d, `${d.local} needs a base`);
    return undefined;
  }
  const t = resolveType(ctx, d, 'base', base);
  if (t.kind === 'builtin' && t.local === 'anyType') return { properties: [], choices: [] };
  if (t.kind !== 'complex') {
    if (t.kind !== 'unknown') report(ctx, 'error', 'xsd-invalid', d, `base="${base}" must be a complex type here`);
    return undefined;
  }
  return namedShape(ctx, t.local, d);
}

/** `xs:complexContent`: extension appends to the base; restriction restates the content and narrows attributes. */
function complexContentShape(ctx: Ctx, cc: XmlElement): Shape {
  if (cc.attrs.get('mixed') === 'true') unsupported(ctx, cc, 'mixed content (text between child elements)');
  const d = xsdChildren(cc)[0];
  if (!d || (d.local !== 'extension' && d.local !== 'restriction')) {
    report(ctx, 'error', 'xsd-invalid', cc, 'complexContent needs an extension or a restriction');
    return { properties: [], choices: [] };
  }
  const base = complexBase(ctx, d) ?? { properties: [], choices: [] };
  const own = contentShape(ctx, d, xsdChildren(d));
  if (d.local === 'extension') {
    const shape: Shape = { properties: [...base.properties, ...own.properties], choices: [...base.choices, ...own.choices] };
    const order = base.order !== undefined && own.order !== undefined ? 'sequence' : (base.order ?? own.order);
    if (order !== undefined) shape.order = order;
    return shape;
  }
  const ownAttrs = attributeProperties(ctx, xsdChildren(d).filter((c) => ATTRIBUTE_DECLS.has(c.local)));
  const shape: Shape = {
    properties: [...own.properties.filter((p) => !p.schema.xml?.attribute), ...mergeAttributes(base.properties, ownAttrs)],
    choices: own.choices,
  };
  if (own.order !== undefined) shape.order = own.order;
  return shape;
}

/** A restriction's attributes: the base's, each replaced by a redeclaration, prohibited ones removed, new ones last. */
function mergeAttributes(base: IRProperty[], own: { properties: IRProperty[]; prohibited: string[] }): IRProperty[] {
  const redeclared = new Map(own.properties.map((p) => [p.name, p]));
  const kept = base.filter((p) => p.schema.xml?.attribute && !own.prohibited.includes(p.name)).map((p) => redeclared.get(p.name) ?? p);
  return [...kept, ...own.properties.filter((p) => !base.some((b) => b.name === p.name && b.schema.xml?.attribute))];
}

/** `xs:simpleContent`: a text property (the element's value) and attributes. */
function simpleContentShape(ctx: Ctx, sc: XmlElement): Shape {
  const d = xsdChildren(sc)[0];
  const base = d?.attrs.get('base');
  if (!d || (d.local !== 'extension' && d.local !== 'restriction') || base === undefined) {
    report(ctx, 'error', 'xsd-invalid', sc, 'simpleContent needs an extension or a restriction with a base');
    return { properties: [], choices: [] };
  }
  const attrNodes = xsdChildren(d).filter((c) => ATTRIBUTE_DECLS.has(c.local));
  const own = attributeProperties(ctx, attrNodes);
  const t = resolveType(ctx, d, 'base', base);
  let properties: IRProperty[];
  if (t.kind === 'complex') {
    const inherited = namedShape(ctx, t.local, d)?.properties ?? [];
    if (!inherited.some(isText)) report(ctx, 'error', 'xsd-invalid', d, `base="${base}" has no simple content`);
    if (d.local === 'extension') properties = [...inherited, ...own.properties];
    else {
      properties = [...inherited.filter(isText), ...mergeAttributes(inherited, own)];
      const text = properties.find(isText);
      const inline = child(d, 'simpleType');
      const facets = facetsOf(d);
      if (text && (inline || facets.length > 0)) {
        const narrowed = applyFacets(ctx, inline ? simpleTypeSchema(ctx, inline) : flatText(ctx, text.schema, d), facets);
        narrowed.source = sourceOf(d);
        text.schema = withXml(narrowed, { text: true });
      }
    }
  } else {
    // A restriction of a simple type here is not valid XSD; it is read like a simpleType restriction.
    const value = d.local === 'restriction' ? applyFacets(ctx, flatSimple(ctx, d, 'base', base), facetsOf(d)) : typeRefSchema(ctx, d, 'base', base);
    value.source = sourceOf(d);
    delete value.meta.description;
    properties = [{ name: 'value', schema: withXml(value, { text: true }), required: true }, ...own.properties];
  }
  return { properties: nameText(properties), choices: [] };
}

function isText(p: IRProperty): boolean {
  return p.schema.xml?.text === true;
}

/** The text schema as a self-contained simple schema (a ref to a named simple type is expanded). */
function flatText(ctx: Ctx, schema: IRSchema, at: XmlElement): IRSchema {
  const copy = schema.ref !== undefined ? structuredClone(refTarget(ctx, schema.ref, at)) : structuredClone(schema);
  delete copy.xml?.text;
  return copy;
}

function nameText(properties: IRProperty[]): IRProperty[] {
  const taken = new Set(properties.filter((p) => !isText(p)).map((p) => p.name));
  let name = 'value';
  while (taken.has(name)) name = `_${name}`;
  return properties.map((p) => (isText(p) ? { ...p, name } : p));
}

/** Property names must be unique in the IR; a repeated name keeps the first declaration and is reported. */
function dedupe(ctx: Ctx, ct: XmlElement, shape: Shape): Shape {
  const seen = new Map<string, IRProperty>();
  const properties: IRProperty[] = [];
  for (const p of shape.properties) {
    const first = seen.get(p.name);
    if (!first) {
      seen.set(p.name, p);
      properties.push(p);
      continue;
    }
    const kinds = (q: IRProperty): string => (q.schema.xml?.attribute ? 'attribute' : 'element');
    report(ctx, 'warning', 'xsd-unsupported', ct, `${kinds(p)} "${p.name}" repeats the name of an earlier ${kinds(first)} (${first.schema.source.pointer}); only the first is kept`);
  }
  return { ...shape, properties };
}

