/**
 * XML codec emitter: `xml.js` + `xml.d.ts` per provider, with an encoder and a decoder specialised from the IR
 * for every model that travels as an XML body (application/xml, text/xml, +xml) or in a SOAP binding
 * (`x-soap`), and SOAP 1.2 envelope functions per SOAP operation. The generated code leans on the hand-written
 * runtime (templates/runtime/xml.js) for parsing, escaping and scalar formats.
 *
 * The mapping, read from `IRXml`:
 * - a property is a child element named by `xml.name` (else the property name), or an attribute
 *   (`xml.attribute`), or the element's text (`xml.text`, XSD simpleContent);
 * - child elements are written in declaration order (the xs:sequence order; xs:all keeps declaration order too)
 *   and read in any order;
 * - arrays repeat the item element (`xml.wrapped` false, the default) or sit in a wrapper element; the item
 *   element is named by the items' `xml.name`, else the referenced model's `xml.name`, else the property name;
 *   whether a value is an array is decided by the schema only;
 * - null is `xsi:nil="true"` (nullable or nillable elements);
 * - elements with `xml.namespace` get a prefix declared on the document element; elements without one are in
 *   the document's default namespace (the root's namespace, or the SOAP namespace inside an envelope).
 *
 * One pure function per construct: `classify` (schema -> XML type), `objectInfo` (object schema -> members),
 * `emitWriter` / `emitReader` (members -> code), `emitRoot`, `emitSoap`.
 */
import type { Diagnostics } from '../diagnostics.ts';
import type { IRModel, IRProperty, IRProvider, IRSchema, IRSoapBinding, IRSoapOperation, JsonValue } from '../ir/types.ts';
import { Code, Ident, jsDoc, lit, member } from './code.ts';
import { NameScope, pascalCase } from './names.ts';
import { runtimeExports, soapNames, xmlCodecNames, type ProviderNames } from './provider-names.ts';
import { factsOf } from '../passes/wire-facts.ts';

export { xmlRootKeys } from '../passes/wire-facts.ts';

// ---- public entry --------------------------------------------------------------------------------------

export interface XmlEmitOptions {
  /**
   * Model keys that get a public encoder/decoder. Default: every model an operation sends or receives as an
   * XML media type, plus the request and reply models of SOAP bindings.
   */
  roots?: string[];
  /** Where problems go (invalid XML names, unsupported constructs); without it they are thrown. */
  diagnostics?: Diagnostics;
}

export interface XmlEmitResult {
  js: string;
  dts: string;
}

/** The SOAP 1.2 binding of an operation (`x-soap`, read into the IR), flattened with its operation and the
 * model keys of its request body and success reply, as the envelope emitter reads it. */
export type SoapBinding = Omit<IRSoapBinding, 'source' | 'examples'> & Omit<IRSoapOperation, 'binding'>;

/**
 * Emits `xml.js` and `xml.d.ts` for one provider, or undefined when nothing of it travels as XML.
 * Pure: the same IR and names give the same text.
 */
export function emitXml(provider: IRProvider, names: ProviderNames, options: XmlEmitOptions = {}): XmlEmitResult | undefined {
  const problems = new Problems(options.diagnostics);
  const soap = soapBindings(provider);
  const rootKeys = options.roots ?? factsOf(provider).xmlRoots;
  if (rootKeys.length === 0 && soap.length === 0) return undefined;
  const an = new Analyzer(provider, problems);
  an.modelLabel = (m) => names.modelName(m.key).name;
  const roots: RootInfo[] = [];
  for (const key of rootKeys) {
    const model = an.modelByKey(key);
    if (!model) throw new Error(`internal: no model ${key}`);
    roots.push(rootInfo(model, an, names, problems));
  }
  const soapInfos = soap.map((b) => soapInfo(b, an, names, problems));
  return new Emitter(names, an, roots, soapInfos).emit();
}

/** The SOAP bindings of the wire-facts pass, in the shape the envelope emitter reads. */
export function soapBindings(provider: IRProvider): SoapBinding[] {
  return factsOf(provider).soap.map((s) => {
    const { source: _source, examples: _examples, ...b } = s.binding;
    const out: SoapBinding = { operation: s.operation, ...b };
    if (s.request !== undefined) out.request = s.request;
    if (s.response !== undefined) out.response = s.response;
    return out;
  });
}

/** Collects problems; without a Diagnostics sink they become an exception. */
export class Problems {
  constructor(private readonly diagnostics: Diagnostics | undefined) {}
  error(code: string, file: string, pointer: string, message: string): void {
    if (!this.diagnostics) throw new Error(`${file}#${pointer}: ${code}: ${message}`);
    this.diagnostics.error(code, file, pointer, message);
  }
  warn(code: string, file: string, pointer: string, message: string): void {
    this.diagnostics?.warn(code, file, pointer, message);
  }
}

// ---- analysis: schema -> XML types -----------------------------------------------------------------------

/** An XML 1.0 NCName (ASCII and the BMP name ranges): what element and attribute names must be. */
const NCNAME =
  /^[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

export type Scalar = 'string' | 'int' | 'long' | 'number' | 'decimal' | 'boolean';

export type XType =
  | { kind: 'scalar'; scalar: Scalar; list: boolean; nullable: boolean }
  | { kind: 'object'; obj: ObjectInfo; nullable: boolean }
  | { kind: 'array'; item: XType; itemSchema: IRSchema; nullable: boolean }
  | { kind: 'any'; nullable: boolean };

export type ScalarType = Extract<XType, { kind: 'scalar' }>;

/** An element or attribute name; `ns` undefined means "the document's default namespace" (or none). */
export interface XName {
  local: string;
  ns: string | undefined;
}

export type Member =
  | { kind: 'attribute'; prop: string; name: XName; required: boolean; type: ScalarType }
  | { kind: 'text'; prop: string; required: boolean; type: ScalarType }
  | { kind: 'element'; prop: string; name: XName; required: boolean; type: XType }
  | { kind: 'repeated'; prop: string; name: XName; required: boolean; item: XType }
  | { kind: 'wrapped'; prop: string; name: XName; itemName: XName; required: boolean; item: XType; nullable: boolean };

export interface ObjectInfo {
  /** Discovery order, for deterministic output. */
  index: number;
  /** Base of the generated function names (a model's type name, or owner + property). */
  label: string;
  /** The model it is the schema of, if any. */
  model?: IRModel;
  members: Member[];
  /** Map-like objects: undeclared child elements become entries of this type. */
  additional?: XType;
  schema: IRSchema;
}

class Analyzer {
  readonly objects: ObjectInfo[] = [];
  private readonly models = new Map<string, IRModel>();
  private readonly byModel = new Map<string, XType>();
  private readonly bySchema = new Map<IRSchema, ObjectInfo>();
  private readonly busyModels = new Set<string>();
  /** Type names of models, set by the emitter before analysis. */
  modelLabel: (m: IRModel) => string = (m) => pascalCase(m.name);

  constructor(
    provider: IRProvider,
    private readonly problems: Problems,
  ) {
    for (const m of provider.models) this.models.set(m.key, m);
  }

  modelByKey(key: string): IRModel | undefined {
    return this.models.get(key);
  }

  /** The XML type of a model (memoised; recursion through objects is fine). */
  model(key: string): XType {
    const done = this.byModel.get(key);
    if (done) return done;
    const m = this.models.get(key);
    if (!m) return { kind: 'any', nullable: false };
    if (this.busyModels.has(key)) {
      // A ref chain that loops without an object in between: nothing to encode structurally.
      this.problems.warn('xml-ref-cycle', m.source.file, m.source.pointer, `model ${m.name} refers to itself without an object in between; it is read as any content`);
      return { kind: 'any', nullable: false };
    }
    this.busyModels.add(key);
    const t = this.classify(m.schema, this.modelLabel(m), m);
    this.busyModels.delete(key);
    this.byModel.set(key, t);
    return t;
  }

  /** The XML type of a schema. `label` names an object function if one is made for it. */
  classify(s: IRSchema, label: string, model?: IRModel): XType {
    if (s.bool !== undefined) return { kind: 'any', nullable: s.bool };
    let nullable = s.xml?.nillable === true || (s.types?.includes('null') ?? false) || s.const?.value === null || (s.enum?.includes(null) ?? false);
    const alts: IRSchema[] = [];
    for (const a of s.anyOf ?? s.oneOf ?? []) {
      if (isNullOnly(a)) nullable = true;
      else alts.push(a);
    }
    const types = (s.types ?? []).filter((t) => t !== 'null');
    const withNull = (t: XType): XType => (nullable && !t.nullable ? { ...t, nullable: true } : t);

    if (s.xml?.xsdType === 'xs:list' && s.array?.items) {
      const item = this.classify(s.array.items, label);
      if (item.kind === 'scalar') return withNull({ kind: 'scalar', scalar: item.scalar, list: true, nullable: false });
    }
    if (types.includes('object') || (types.length === 0 && s.object !== undefined && s.ref === undefined && alts.length === 0)) {
      if (types.length > 1) this.unsupported(s, `a value that is an object or ${types.filter((t) => t !== 'object').join('/')}`);
      return withNull({ kind: 'object', obj: this.objectInfo(s, label, model), nullable: false });
    }
    if (types.includes('array') || (types.length === 0 && s.array?.items !== undefined && s.ref === undefined)) {
      if (types.length > 1) this.unsupported(s, `a value that is an array or ${types.filter((t) => t !== 'array').join('/')}`);
      const itemSchema = s.array?.items ?? { bool: true, meta: {}, source: s.source };
      const item = this.classify(itemSchema, label + 'Item');
      if (item.kind === 'array') {
        this.unsupported(s, 'arrays of arrays');
        return withNull({ kind: 'any', nullable: false });
      }
      return withNull({ kind: 'array', item, itemSchema, nullable: false });
    }
    if (types.length > 0) {
      const scalars = [...new Set(types.map((t) => scalarOf(t, s)))];
      if (scalars.length === 1) return withNull({ kind: 'scalar', scalar: scalars[0]!, list: false, nullable: false });
      this.problems.warn('xml-union', s.source.file, s.source.pointer, `a value of several types (${types.join(', ')}) has no single XML form; it is read as text`);
      return withNull({ kind: 'any', nullable: false });
    }
    const values = s.const !== undefined ? [s.const.value] : s.enum;
    if (values !== undefined && s.ref === undefined) {
      const kinds = [...new Set(values.filter((v) => v !== null).map(valueScalar))];
      if (kinds.length === 1 && kinds[0] !== undefined) return withNull({ kind: 'scalar', scalar: kinds[0], list: false, nullable: false });
      return withNull({ kind: 'any', nullable: false });
    }
    const contributes = (s.allOf ?? []).filter((p) => !isConstraintOnly(p));
    if (s.ref !== undefined && contributes.length === 0) return withNull(this.model(s.ref));
    const parts = s.ref !== undefined ? [{ ref: s.ref, meta: {}, source: s.source } as IRSchema, ...contributes] : contributes;
    if (parts.length === 1 && alts.length === 0) return withNull(this.classify(parts[0]!, label, model));
    if (parts.length > 1) {
      const kinds = parts.map((p) => this.classify(p, label));
      if (kinds.every((k) => k.kind === 'object')) return withNull({ kind: 'object', obj: this.objectInfo(s, label, model), nullable: false });
      this.unsupported(s, 'allOf of parts that are not all objects');
      return withNull({ kind: 'any', nullable: false });
    }
    if (alts.length === 1) return withNull(this.classify(alts[0]!, label, model));
    if (alts.length > 1) {
      const kinds = alts.map((a) => this.classify(a, label));
      if (kinds.every((k) => k.kind === 'object')) return withNull({ kind: 'object', obj: this.objectInfo(s, label, model), nullable: false });
      const scalars = [...new Set(kinds.map((k) => (k.kind === 'scalar' && !k.list ? k.scalar : undefined)))];
      if (scalars.length === 1 && scalars[0] !== undefined) return withNull({ kind: 'scalar', scalar: scalars[0], list: false, nullable: false });
      this.problems.warn('xml-union', s.source.file, s.source.pointer, 'alternatives of different kinds have no single XML form; the value is read as any content');
      return withNull({ kind: 'any', nullable: false });
    }
    return withNull({ kind: 'any', nullable: false });
  }

  /** The members of an object schema: own properties, then those of allOf parts and (optional) alternatives. */
  objectInfo(s: IRSchema, label: string, model?: IRModel): ObjectInfo {
    const done = this.bySchema.get(s);
    if (done) return done;
    const info: ObjectInfo = { index: this.objects.length, label, members: [], schema: s };
    if (model) info.model = model;
    this.bySchema.set(s, info);
    this.objects.push(info);
    const props: IRProperty[] = [];
    let additional: IRSchema | undefined;
    let closed = false;
    const seen = new Set<string>();
    const collect = (x: IRSchema, requiredOk: boolean, depth: number): void => {
      if (depth > 32) return;
      if (x.ref !== undefined) {
        const m = this.models.get(x.ref);
        if (m) collect(m.schema, requiredOk, depth + 1);
      }
      const o = x.object;
      if (o) {
        for (const p of o.properties) {
          if (seen.has(p.name)) continue;
          seen.add(p.name);
          props.push(requiredOk ? p : { ...p, required: false });
        }
        if (o.additionalProperties?.bool === false) closed = true;
        else if (o.additionalProperties !== undefined && additional === undefined) additional = o.additionalProperties;
      }
      for (const p of x.allOf ?? []) collect(p, requiredOk, depth + 1);
      for (const p of x.anyOf ?? x.oneOf ?? []) if (!isNullOnly(p)) collect(p, false, depth + 1);
    };
    collect(s, true, 0);
    for (const p of props) {
      const m = this.member(p, label);
      if (m) info.members.push(m);
    }
    if (additional !== undefined) info.additional = this.classify(additional, label + 'Entry');
    else if (props.length === 0 && !closed) info.additional = { kind: 'any', nullable: false };
    this.checkClashes(info, s);
    const texts = info.members.filter((m) => m.kind === 'text');
    if (texts.length > 1) this.unsupported(s, 'more than one text property');
    if (texts.length > 0 && info.members.some((m) => m.kind !== 'text' && m.kind !== 'attribute')) this.unsupported(s, 'text content beside child elements (mixed content)');
    return info;
  }

  /** Two members that map to the same element (or attribute) would read into one of them only. */
  private checkClashes(info: ObjectInfo, s: IRSchema): void {
    const seen = new Map<string, string>();
    for (const m of info.members) {
      if (m.kind === 'text') continue;
      const key = `${m.kind === 'attribute' ? '@' : ''}{${m.name.ns ?? ''}}${m.name.local}`;
      const prev = seen.get(key);
      if (prev === undefined) seen.set(key, m.prop);
      else this.problems.error('xml-name-clash', s.source.file, s.source.pointer, `properties "${prev}" and "${m.prop}" both map to the XML ${m.kind === 'attribute' ? 'attribute' : 'element'} "${m.name.local}"; give one another xml.name`);
    }
  }

  private member(p: IRProperty, owner: string): Member | undefined {
    const x = p.schema.xml ?? {};
    const label = owner + pascalCase(p.name);
    const type = this.classify(p.schema, label);
    const nameOf = (name: string | undefined, ns: string | undefined): XName | undefined => {
      const local = name ?? p.name;
      if (!NCNAME.test(local)) {
        this.problems.error('xml-name-invalid', p.schema.source.file, p.schema.source.pointer, `"${local}" is not a valid XML name (property ${p.name}); set xml.name`);
        return undefined;
      }
      return { local, ns: ns === '' ? undefined : ns };
    };
    if (x.attribute) {
      const name = nameOf(x.name, x.namespace);
      if (!name) return undefined;
      if (name.local === 'xmlns') {
        this.problems.error('xml-name-invalid', p.schema.source.file, p.schema.source.pointer, `an attribute cannot be named "xmlns" (property ${p.name}); set xml.name`);
        return undefined;
      }
      if (type.kind !== 'scalar') {
        this.unsupported(p.schema, `attribute ${name.local} of a non-simple type`);
        return { kind: 'attribute', prop: p.name, name, required: p.required, type: { kind: 'scalar', scalar: 'string', list: false, nullable: false } };
      }
      return { kind: 'attribute', prop: p.name, name, required: p.required, type };
    }
    if (x.text) {
      if (type.kind !== 'scalar') {
        this.unsupported(p.schema, `text content of a non-simple type (${p.name})`);
        return { kind: 'text', prop: p.name, required: p.required, type: { kind: 'scalar', scalar: 'string', list: false, nullable: false } };
      }
      return { kind: 'text', prop: p.name, required: p.required, type };
    }
    if (type.kind === 'array') {
      const items = (type.itemSchema.xml ?? {});
      const refName = type.itemSchema.ref !== undefined ? this.models.get(type.itemSchema.ref)?.schema.xml?.name : undefined;
      if (x.wrapped === true) {
        const name = nameOf(x.name, x.namespace);
        const itemName = nameOf(items.name ?? refName ?? p.name, items.namespace ?? x.namespace);
        if (!name || !itemName) return undefined;
        return { kind: 'wrapped', prop: p.name, name, itemName, required: p.required, item: type.item, nullable: type.nullable };
      }
      const name = nameOf(items.name ?? refName ?? x.name, items.namespace ?? x.namespace);
      if (!name) return undefined;
      if (type.nullable) this.unsupported(p.schema, `null for the unwrapped array ${p.name} (there is no element to carry xsi:nil); null is refused when writing`);
      return { kind: 'repeated', prop: p.name, name, required: p.required, item: type.item };
    }
    const name = nameOf(x.name, x.namespace);
    if (!name) return undefined;
    return { kind: 'element', prop: p.name, name, required: p.required, type };
  }

  private unsupported(s: IRSchema, what: string): void {
    this.problems.warn('xml-unsupported', s.source.file, s.source.pointer, `${what} cannot be mapped to XML exactly`);
  }
}

function isNullOnly(s: IRSchema): boolean {
  return (s.types?.length === 1 && s.types[0] === 'null') || (s.const !== undefined && s.const.value === null) || (s.enum?.length === 1 && s.enum[0] === null);
}

/** A schema that adds rules but no members or type (`{ required: [...] }`, `{ not: ... }`). */
function isConstraintOnly(s: IRSchema): boolean {
  return s.ref === undefined && s.types === undefined && (s.object?.properties.length ?? 0) === 0 && s.object?.additionalProperties === undefined && s.array === undefined && s.enum === undefined && s.const === undefined && (s.allOf ?? []).every(isConstraintOnly) && (s.anyOf ?? s.oneOf ?? []).every(isConstraintOnly);
}

function scalarOf(t: string, s: IRSchema): Scalar {
  switch (t) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return s.number?.format === 'int64' ? 'long' : 'int';
    case 'number':
      if (s.xml?.xsdType === 'xs:decimal') return 'decimal';
      return s.number?.format === 'int64' ? 'long' : 'number';
    default:
      return 'string';
  }
}

function valueScalar(v: JsonValue): Scalar | undefined {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'number';
  return undefined;
}

// ---- roots and SOAP --------------------------------------------------------------------------------------

interface RootInfo {
  model: IRModel;
  type: XType;
  /** Local name of the document element. */
  name: string;
  /** Its namespace ('' for none). */
  ns: string;
  /**
   * Written with a prefix (its child elements without a namespace of their own are then in no namespace):
   * when the spec gives a prefix, and for XSD global elements (XSD local elements without a namespace are
   * unqualified). Otherwise the namespace is the default one and such children inherit it (OpenAPI).
   */
  prefixed: boolean;
  /** The spec's prefix wish. */
  prefixHint: string | undefined;
  typeName: string;
  encode: Ident;
  decode: Ident;
}

function rootInfo(model: IRModel, an: Analyzer, names: ProviderNames, problems: Problems): RootInfo {
  const type = an.model(model.key);
  let name = model.xmlRoot?.name ?? model.schema.xml?.name ?? model.name;
  if (!NCNAME.test(name)) {
    problems.error('xml-name-invalid', model.source.file, model.source.pointer, `"${name}" is not a valid XML element name for the document element of ${model.name}; set xml.name`);
    name = 'root';
  }
  const ns = model.xmlRoot?.namespace ?? model.schema.xml?.namespace ?? '';
  const prefixHint = model.schema.xml?.prefix;
  const typeName = names.modelName(model.key).name;
  return {
    model,
    type,
    name,
    ns,
    prefixed: ns !== '' && (prefixHint !== undefined || model.source.file.endsWith('.xsd')),
    prefixHint,
    typeName,
    ...xmlCodecNames(names, model.key),
  };
}

interface SoapInfo {
  binding: SoapBinding;
  request?: { type: XType; typeName: string };
  response?: { type: XType; typeName: string };
  encodeRequest: Ident;
  decodeResponse: Ident;
  encodeResponse: Ident;
  decodeRequest: Ident;
  bindingConst: Ident;
}

function soapInfo(b: SoapBinding, an: Analyzer, names: ProviderNames, problems: Problems): SoapInfo {
  const n = soapNames(names, b.operation);
  const info: SoapInfo = {
    binding: b,
    encodeRequest: n.encodeRequest,
    decodeResponse: n.decodeResponse,
    encodeResponse: n.encodeResponse,
    decodeRequest: n.decodeRequest,
    bindingConst: n.binding,
  };
  if (b.request !== undefined) info.request = { type: an.model(b.request), typeName: names.modelName(b.request).name };
  else problems.warn('soap-binding-invalid', b.operation.source.file, b.operation.source.pointer, 'the SOAP operation has no request body model');
  if (b.response !== undefined) info.response = { type: an.model(b.response), typeName: names.modelName(b.response).name };
  return info;
}

// ---- code generation -------------------------------------------------------------------------------------

const RUNTIME = '../runtime/xml.js';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Helper names of the runtime (reserved in the module scope so internal functions cannot take them). */
/** Every export of runtime/xml.js, read from the file (the generated module imports helpers by name). */
function runtimeHelpers(): string[] {
  return [...runtimeExports()].filter(([, holder]) => holder.endsWith('(runtime/xml.js)')).map(([n]) => n);
}

type Piece = { s: string } | { e: string };

/** A JS string expression from literal and code pieces, adjacent literals folded into one `lit`. */
function concat(pieces: Piece[]): string {
  const out: string[] = [];
  let buf: string | undefined;
  for (const p of pieces) {
    if ('s' in p) buf = (buf ?? '') + p.s;
    else {
      if (buf !== undefined) out.push(lit(buf));
      buf = undefined;
      out.push(p.e);
    }
  }
  if (buf !== undefined) out.push(lit(buf));
  return out.length === 0 ? '""' : out.join(' + ');
}

/** Properties that exist on Object.prototype: read with an own-property check, `__proto__` written with setKey. */
function onPrototype(name: string): boolean {
  return name in Object.prototype;
}

/** Escapes a namespace URI for an attribute value of generated XML text (which then goes through `lit`). */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** "a Foo" / "an AccountType". */
function an(word: string): string {
  return `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** Characters of array items written before they are flattened onto the document (see `itemLoop`). */
const CHUNK = 16 * 1024;

const FORMAT: Record<Scalar, string> = { string: 'esc', int: 'fmtInt', long: 'fmtLong', number: 'fmtNum', decimal: 'fmtDec', boolean: 'fmtBool' };
const RAW_FORMAT: Record<Scalar, string> = { string: 'fmtStr', int: 'fmtInt', long: 'fmtLong', number: 'fmtNum', decimal: 'fmtDec', boolean: 'fmtBool' };
const PARSE: Record<Scalar, string | undefined> = { string: undefined, int: 'toInt', long: 'toLong', number: 'toNum', decimal: 'toDec', boolean: 'toBool' };
const READ: Record<Scalar, string> = { string: 'readStr', int: 'readInt', long: 'readLong', number: 'readNum', decimal: 'readDec', boolean: 'readBool' };

type AttributeMember = Extract<Member, { kind: 'attribute' }>;
type TextMember = Extract<Member, { kind: 'text' }>;
type ElementMember = Extract<Member, { kind: 'element' | 'repeated' | 'wrapped' }>;

/** How a document element is written: its tag, its namespace declaration and the default namespace below it. */
interface DocumentElement {
  tag: string;
  decl: string;
  dns: string;
}

class Emitter {
  private readonly used = new Set<string>();
  private readonly local: NameScope;
  private readonly writers = new Map<ObjectInfo, Ident>();
  private readonly readers = new Map<ObjectInfo, Ident>();
  private readonly wrappedReaders = new Map<string, Ident>();
  /** Namespace URI -> prefix (spec prefix where it is free, else ns1, ns2, ... in discovery order). */
  private readonly prefixes = new Map<string, string>();
  /** The default namespaces an object's elements are written under (one per document context reaching it). */
  private readonly contexts = new Map<ObjectInfo, Set<string>>();
  private readonly reexports: { name: string; as: Ident; type: boolean }[] = [];

  constructor(
    names: ProviderNames,
    private readonly an: Analyzer,
    private readonly roots: RootInfo[],
    private readonly soap: SoapInfo[],
  ) {
    // Runtime names the module re-exports, allocated in the module scope like every other export.
    const values = ['XmlError', 'soapContentType', ...(soap.length > 0 ? ['SoapFault', 'encodeSoapFault'] : [])];
    const types = ['XmlDecodeOptions', 'XmlIssue', 'XmlResult', ...(soap.length > 0 ? ['SoapResult', 'SoapFaultInit'] : [])];
    for (const n of values) this.reexports.push({ name: n, as: names.scope.allocate(`xml:runtime:${n}`, n), type: false });
    for (const n of types) this.reexports.push({ name: n, as: names.scope.allocate(`xml:runtime:${n}`, n), type: true });
    const taken = [...runtimeHelpers(), ...this.reexports.map((r) => r.as.name)];
    for (const r of roots) taken.push(r.encode.name, r.decode.name);
    for (const s of soap) taken.push(s.encodeRequest.name, s.decodeResponse.name, s.encodeResponse.name, s.decodeRequest.name, s.bindingConst.name);
    this.local = new NameScope(taken);
    for (const o of an.objects) this.allocateFunctions(o);
    this.allocatePrefixes();
    for (const r of roots) this.reach(r.type, this.documentElement(r).dns);
    for (const s of soap) {
      if (s.request) this.reach(s.request.type, s.binding.namespace);
      if (s.response) this.reach(s.response.type, s.binding.namespace);
    }
  }

  private allocateFunctions(o: ObjectInfo): void {
    this.writers.set(o, this.local.allocate(`w:${o.index}`, `write${o.label}`));
    this.readers.set(o, this.local.allocate(`r:${o.index}`, `read${o.label}`));
    for (const m of o.members) {
      if (m.kind === 'wrapped') this.wrappedReaders.set(`${o.index}:${m.prop}`, this.local.allocate(`rw:${o.index}:${m.prop}`, `read${o.label}${pascalCase(m.prop)}`));
    }
  }

  private allocatePrefixes(): void {
    const wanted: [string, string | undefined][] = [];
    for (const r of this.roots) if (r.prefixed) wanted.push([r.ns, r.prefixHint]);
    for (const o of this.an.objects) {
      for (const m of o.members) {
        if (m.kind === 'text') continue;
        const hint = specPrefix(o.schema, m.prop, this.an);
        for (const n of m.kind === 'wrapped' ? [m.name, m.itemName] : [m.name]) if (n.ns !== undefined) wanted.push([n.ns, hint]);
      }
    }
    const taken = new Set(['xml', 'xmlns', 'xsi', 'soap']);
    let next = 1;
    for (const [ns, hint] of wanted) {
      if (this.prefixes.has(ns)) continue;
      let prefix = hint !== undefined && NCNAME.test(hint) && !taken.has(hint) && !/^xml/i.test(hint) ? hint : undefined;
      while (prefix === undefined || taken.has(prefix)) prefix = `ns${next++}`;
      taken.add(prefix);
      this.prefixes.set(ns, prefix);
    }
  }

  /** Records that the objects below `t` are written in a document whose default namespace is `dns`. */
  private reach(t: XType, dns: string): void {
    if (t.kind === 'array') return this.reach(t.item, dns);
    if (t.kind !== 'object') return;
    const set = this.contexts.get(t.obj) ?? new Set<string>();
    if (set.has(dns)) return;
    set.add(dns);
    this.contexts.set(t.obj, set);
    for (const m of t.obj.members) {
      if (m.kind === 'element') this.reach(m.type, dns);
      else if (m.kind === 'repeated' || m.kind === 'wrapped') this.reach(m.item, dns);
    }
    if (t.obj.additional) this.reach(t.obj.additional, dns);
  }

  private documentElement(r: RootInfo): DocumentElement {
    if (r.ns === '') return { tag: r.name, decl: '', dns: '' };
    if (r.prefixed) {
      const p = this.prefixes.get(r.ns)!;
      return { tag: `${p}:${r.name}`, decl: ` xmlns:${p}="${escapeAttr(r.ns)}"`, dns: '' };
    }
    return { tag: r.name, decl: ` xmlns="${escapeAttr(r.ns)}"`, dns: r.ns };
  }

  private use(helper: string): string {
    this.used.add(helper);
    return helper;
  }

  /**
   * The element name as written inside `owner`: unprefixed when it has no namespace of its own, or when its
   * namespace is the default namespace of every document `owner` is written in; else `prefix:local`.
   */
  private tag(n: XName, owner: ObjectInfo): string {
    if (n.ns === undefined) return n.local;
    const ctx = this.contexts.get(owner);
    if (ctx !== undefined && ctx.size === 1 && ctx.has(n.ns)) return n.local;
    return `${this.prefixes.get(n.ns)!}:${n.local}`;
  }

  /** An attribute name as written: a namespaced attribute always needs a prefix. */
  private attrName(n: XName): string {
    return n.ns === undefined ? n.local : `${this.prefixes.get(n.ns)!}:${n.local}`;
  }

  /** The JS expression the decoder compares an element's namespace with. */
  private nsExpr(n: XName): string {
    return n.ns === undefined ? 'd' : lit(n.ns);
  }

  emit(): XmlEmitResult {
    const body = new Code();
    for (const o of [...this.an.objects].sort((a, b) => a.index - b.index)) {
      this.emitWriter(body, o);
      body.line();
      this.emitReader(body, o);
      body.line();
    }
    const api = new Code();
    for (const r of this.roots) this.emitRoot(api, r);
    for (const s of this.soap) this.emitSoap(api, s);

    const js = new Code();
    js.line(`import { ${[...this.used].sort().join(', ')} } from '${RUNTIME}';`);
    js.line(`export { ${this.reexports.filter((r) => !r.type).map(alias).join(', ')} } from '${RUNTIME}';`);
    js.line();
    js.raw(body.toString());
    js.line();
    js.raw(api.toString());
    return { js: js.toString(), dts: this.emitDts() };
  }

  // ---- writers -------------------------------------------------------------------------------------------

  /**
   * A writer appends the element to the document text `s` (a string grown by `+=`, one piece at a time: no
   * nested strings per element) and returns it. `open` is the start tag without its `>` (with any namespace
   * declarations), `close` the end tag. Writers carry no path: an error is thrown with a path relative to the
   * element, and each caller of a child writer adds the child's step when the error passes through
   * (`within`), so the happy path builds no path strings.
   */
  private emitWriter(c: Code, o: ObjectInfo): void {
    c.raw(jsDoc([`Appends a value of type ${o.label} to \`s\` as the element \`open\`...\`close\`.`]));
    c.block(`function ${this.writers.get(o)!.name}(v, s, open, close) {`, () => {
      c.line(`${this.use('checkObject')}(v, "");`);
      c.line('s += open;');
      if (o.members.length > 0) c.line('let x;');
      for (const m of o.members) if (m.kind === 'attribute') this.writeAttribute(c, m);
      const content = o.members.filter((m) => m.kind !== 'attribute');
      if (content.length === 0 && !o.additional) {
        c.line('return s + "/>";');
        return;
      }
      // Never empty when a single or wrapped child element is required (a required repeated element may have
      // no items); otherwise `<tag/>` when nothing was written.
      const alwaysContent = content.some((m) => (m.kind === 'element' || m.kind === 'wrapped') && m.required);
      if (!alwaysContent) c.line('const m = s;');
      c.line('s += ">";');
      for (const m of content) this.writeMember(c, m as TextMember | ElementMember, o);
      if (o.additional) this.writeEntries(c, o);
      c.line(alwaysContent ? 'return s + close;' : 'return s.length === m.length + 1 ? m + "/>" : s + close;');
    });
  }

  private get(obj: string, prop: string): string {
    return onPrototype(prop) ? `(Object.hasOwn(${obj}, ${lit(prop)}) ? ${member(obj, prop)} : undefined)` : member(obj, prop);
  }

  private writeAttribute(c: Code, m: AttributeMember): void {
    const name = this.attrName(m.name);
    const step = lit(`@${name}`);
    c.line(`x = ${this.get('v', m.prop)};`);
    const write = `s += ${concat([{ s: ` ${name}="` }, { e: this.scalarText(m.type, 'x', '""', step, true) }, { s: '"' }])};`;
    c.line(`if (x === null) ${this.use('nullAttribute')}("", ${step});`);
    if (m.required) {
      c.line(`if (x === undefined) ${this.use('missingValue')}("", ${step});`);
      c.line(write);
    } else c.line(`if (x !== undefined) ${write}`);
  }

  /**
   * Text of scalar value `v` for element content (escaped as text) or an attribute value. `path` and `step`
   * are JS expressions naming the owner's path and the member, used only in error messages.
   */
  private scalarText(t: ScalarType, v: string, path: string, step: string, attr: boolean): string {
    if (t.list) {
      const list = `${this.use('fmtList')}(${v}, ${this.use(RAW_FORMAT[t.scalar])}, ${path}, ${step})`;
      return `${this.use(attr ? 'escapeAttribute' : 'escapeText')}(${list})`;
    }
    if (t.scalar === 'string') return `${this.use(attr ? 'escA' : 'esc')}(${v}, ${path}, ${step})`;
    return `${this.use(FORMAT[t.scalar])}(${v}, ${path}, ${step})`;
  }

  /**
   * A statement appending one non-null value `v` of type `t` (not an array) as element `tag` to `s`. `step`
   * (a JS expression) is the element's path step, added to errors thrown below it.
   */
  private appendElement(t: XType, v: string, tag: string, step: string): string {
    switch (t.kind) {
      case 'object':
        return this.within(`s = ${this.writers.get(t.obj)!.name}(${v}, s, ${lit(`<${tag}`)}, ${lit(`</${tag}>`)});`, step);
      case 'any':
        return this.within(`s += ${this.use('writeAny')}(${v}, ${lit(tag)}, "");`, step);
      case 'array':
        throw new Error('internal: an array as an element value');
      case 'scalar':
        return `s += ${concat([{ s: `<${tag}>` }, { e: this.scalarText(t, v, '""', lit(tag), false) }, { s: `</${tag}>` }])};`;
    }
  }

  /** `stmt`, with `step` put in front of the path of an XmlError thrown by it. */
  private within(stmt: string, step: string): string {
    return `try { ${stmt} } catch (err) { throw ${this.use('within')}(err, ${step}); }`;
  }

  private writeMember(c: Code, m: TextMember | ElementMember, o: ObjectInfo): void {
    c.line(`x = ${this.get('v', m.prop)};`);
    if (m.kind === 'text') {
      const value = this.scalarText(m.type, 'x', '""', lit(m.prop), false);
      if (m.required) {
        c.line(`if (x === undefined) ${this.use('missingValue')}("", ${lit(m.prop)});`);
        c.line(`s += ${value};`);
      } else c.line(`if (x !== undefined) s += ${value};`);
      return;
    }
    const tag = this.tag(m.name, o);
    const missing = `${this.use('missingValue')}("", ${lit(tag)});`;
    const nullable = m.kind === 'element' ? m.type.nullable : m.kind === 'wrapped' && m.nullable;
    // null -> xsi:nil; undefined -> nothing, or an error when required; else the value.
    if (nullable) c.line(`if (x === null) s += ${lit(`<${tag} xsi:nil="true"/>`)};`);
    const absent = m.required ? `if (x === undefined) ${missing}` : undefined;
    if (m.kind === 'element') {
      const append = this.appendElement(m.type, 'x', tag, lit('/' + tag));
      if (absent) {
        c.line(`${nullable ? 'else ' : ''}${absent}`);
        c.line(`${nullable ? 'else ' : ''}${append}`);
      } else c.line(`${nullable ? 'else ' : ''}if (x !== undefined) ${append}`);
      return;
    }
    if (absent) c.line(`${nullable ? 'else ' : ''}${absent}`);
    c.block(`${nullable || absent ? 'else' : 'if (x !== undefined)'} {`, () => {
      c.line(`${this.use('checkArray')}(x, "", ${lit(tag)});`);
      if (m.kind === 'repeated') {
        this.itemLoop(c, () => this.writeItem(c, m.item, tag, `${lit(`/${tag}[`)} + (i + 1) + "]"`));
      } else {
        const item = this.tag(m.itemName, o);
        c.line(`if (x.length === 0) s += ${lit(`<${tag}/>`)};`);
        c.block('else {', () => {
          c.line(`s += ${lit(`<${tag}>`)};`);
          this.itemLoop(c, () => this.writeItem(c, m.item, item, `${lit(`/${tag}/${item}[`)} + (i + 1) + "]"`));
          c.line(`s += ${lit(`</${tag}>`)};`);
        });
      }
    });
  }

  /**
   * The loop over the items of array `x`, each written by `item` onto `s`. The items are written onto a
   * fresh `s` while `r` holds what came before; every ~16 Ki characters the items so far are flattened into
   * one string and moved onto `r`. Without that, a big array leaves a rope of hundreds of thousands of small
   * strings that all stay alive until the document is done, which the collector copies again and again and
   * the reader of the document flattens last (docs/decisions.md section 13).
   */
  private itemLoop(c: Code, item: () => void): void {
    // Always inside the member's own block, so `r` is declared once per scope.
    c.line('let r = s;');
    c.line('s = "";');
    c.block('for (let i = 0; i < x.length; i++) {', () => {
      item();
      c.line(`if (s.length > ${CHUNK - 1}) { r += ${this.use('flat')}(s); s = ""; }`);
    });
    c.line('s = r + s;');
  }

  /** One item `x[i]` of an array as element `tag`; `step` is its path step (`/tag[n]`). */
  private writeItem(c: Code, t: XType, tag: string, step: string): void {
    const append =
      t.kind === 'scalar'
        ? this.within(`s += ${concat([{ s: `<${tag}>` }, { e: this.scalarText(t, 'x[i]', '""', 'undefined', false) }, { s: `</${tag}>` }])};`, step)
        : this.appendElement(t, 'x[i]', tag, step);
    if (t.nullable) {
      c.line(`if (x[i] === null) s += ${lit(`<${tag} xsi:nil="true"/>`)};`);
      c.line(`else ${append}`);
    } else c.line(append);
  }

  /** Map entries (additionalProperties): every own key that is not a declared member becomes an element. */
  private writeEntries(c: Code, o: ObjectInfo): void {
    const t = o.additional!;
    const declared = o.members.map((m) => m.prop);
    c.block('for (const k of Object.keys(v)) {', () => {
      if (declared.length > 0) c.line(`if (${declared.map((d) => `k === ${lit(d)}`).join(' || ')}) continue;`);
      c.line('const e = v[k];');
      c.line('if (e === undefined) continue;');
      c.line(`const t = ${this.use('keyName')}(k, "");`);
      if (t.kind === 'array') {
        c.line(`${this.use('checkArray')}(e, "", k);`);
        c.line(`for (const y of e) ${this.appendEntry(t.item, 'y')}`);
      } else if (t.nullable && t.kind !== 'any') {
        c.line('if (e === null) s += "<" + t + " xsi:nil=\"true\"/>";');
        c.line(`else ${this.appendEntry(t, 'e')}`);
      } else c.line(this.appendEntry(t, 'e'));
    });
  }

  /** Like appendElement, for an element named by the runtime value `t` (a map key). */
  private appendEntry(t: XType, v: string): string {
    switch (t.kind) {
      case 'object':
        return this.within(`s = ${this.writers.get(t.obj)!.name}(${v}, s, "<" + t, "</" + t + ">");`, '"/" + t');
      case 'scalar':
        return `s += "<" + t + ">" + ${this.scalarText(t, v, '""', 't', false)} + "</" + t + ">";`;
      default:
        return this.within(`s += ${this.use('writeAny')}(${v}, t, "");`, '"/" + t');
    }
  }

  // ---- readers -------------------------------------------------------------------------------------------

  private set(obj: string, prop: string, expr: string): string {
    return prop === '__proto__' ? `${this.use('setKey')}(${obj}, ${lit(prop)}, ${expr});` : `${member(obj, prop)} = ${expr};`;
  }

  private present(obj: string, prop: string): string {
    return onPrototype(prop) ? `Object.hasOwn(${obj}, ${lit(prop)})` : `${member(obj, prop)} !== undefined`;
  }

  private absent(obj: string, prop: string): string {
    return onPrototype(prop) ? `!Object.hasOwn(${obj}, ${lit(prop)})` : `${member(obj, prop)} === undefined`;
  }

  private emitReader(c: Code, o: ObjectInfo): void {
    const attrs = o.members.filter((m): m is AttributeMember => m.kind === 'attribute');
    const text = o.members.find((m): m is TextMember => m.kind === 'text');
    const elements = o.members.filter((m): m is ElementMember => m.kind === 'element' || m.kind === 'repeated' || m.kind === 'wrapped');
    c.raw(jsDoc([`Reads a value of type ${o.label} from element \`n\`.`]));
    c.block(`function ${this.readers.get(o)!.name}(n, o) {`, () => {
      c.line('const v = {};');
      this.readAttributes(c, attrs);
      if (text) this.readText(c, text);
      else if (elements.length === 0 && o.additional === undefined) {
        c.line(`if (n.children !== null) for (const e of n.children) ${this.use('otherElement')}(e, o);`);
        c.line(`if (n.text !== "") ${this.use('otherText')}(n, o);`);
      } else this.readChildren(c, o, elements);
      for (const m of o.members) {
        if (!m.required || m.kind === 'text') continue;
        if (m.kind === 'repeated') c.line(`if (${this.absent('v', m.prop)}) ${this.set('v', m.prop, '[]')}`);
        else c.line(`if (${this.absent('v', m.prop)}) ${this.use('missing')}(n, ${lit(m.name.local)}${m.kind === 'attribute' ? ', true' : ''});`);
      }
      c.line('return v;');
    });
    for (const m of elements) if (m.kind === 'wrapped') this.emitWrappedReader(c, o, m);
  }

  private readAttributes(c: Code, attrs: AttributeMember[]): void {
    if (attrs.length === 0) {
      c.line(`if (n.attrs !== null) for (let i = 0; i < n.attrs.length; i += 2) ${this.use('otherAttribute')}(n, i, o);`);
      return;
    }
    const plain = attrs.filter((m) => m.name.ns === undefined);
    const qualified = attrs.filter((m) => m.name.ns !== undefined);
    c.line('const a = n.attrs;');
    c.block('if (a !== null) {', () => {
      c.block('for (let i = 0; i < a.length; i += 2) {', () => {
        c.block('switch (a[i]) {', () => {
          for (const m of plain) {
            c.line(`case ${lit(m.name.local)}:`);
            c.line(`  ${this.set('v', m.prop, this.parseAttr(m.type, 'a[i + 1]', m.name.local))}`);
            c.line('  break;');
          }
          if (qualified.length === 0) {
            c.line('default:');
            c.line(`  ${this.use('otherAttribute')}(n, i, o);`);
            return;
          }
          c.block('default: {', () => {
            c.line(`const an = ${this.use('attributeNs')}(n, a[i]);`);
            c.line('const al = a[i].slice(a[i].indexOf(":") + 1);');
            const chain = qualified.map((m) => `if (an === ${lit(m.name.ns)} && al === ${lit(m.name.local)}) ${this.set('v', m.prop, this.parseAttr(m.type, 'a[i + 1]', m.name.local))}`);
            chain.forEach((line, i) => c.line(i === 0 ? line : `else ${line}`));
            c.line(`else ${this.use('otherAttribute')}(n, i, o);`);
          });
        });
      });
    });
  }

  private readText(c: Code, m: TextMember): void {
    c.line(`if (n.children !== null) for (const e of n.children) ${this.use('otherElement')}(e, o);`);
    const value = m.type.scalar === 'string' && !m.type.list ? 'n.text' : this.parseText(m.type, 'n.text', 'n');
    if (m.required) c.line(this.set('v', m.prop, value));
    else c.line(`if (n.text !== "") ${this.set('v', m.prop, value)}`);
  }

  private readChildren(c: Code, o: ObjectInfo, elements: ElementMember[]): void {
    c.line('const c = n.children;');
    c.block('if (c !== null) {', () => {
      if (elements.some((m) => m.name.ns === undefined) || o.additional !== undefined) c.line('const d = o.d;');
      c.block('for (let i = 0; i < c.length; i++) {', () => {
        c.line('const e = c[i];');
        const groups = new Map<string, ElementMember[]>();
        for (const m of elements) {
          const k = this.nsExpr(m.name);
          groups.set(k, [...(groups.get(k) ?? []), m]);
        }
        for (const [nsx, ms] of groups) {
          c.block(`if (e.ns === ${nsx}) {`, () => {
            c.block('switch (e.local) {', () => {
              for (const m of ms) this.readCase(c, o, m);
            });
          });
        }
        if (o.additional) this.readEntry(c, o);
        c.line(`${this.use('otherElement')}(e, o);`);
      });
    });
    c.line(`if (n.text !== "") ${this.use('otherText')}(n, o);`);
  }

  private parseAttr(t: ScalarType, v: string, name: string): string {
    return t.scalar === 'string' && !t.list ? v : this.parseText(t, v, 'n', name);
  }

  /** Converts text `v` (of node `node`, attribute `attr`) to the scalar's value. */
  private parseText(t: ScalarType, v: string, node: string, attr?: string): string {
    const tail = attr === undefined ? `, ${node}` : `, ${node}, ${lit(attr)}`;
    const parse = PARSE[t.scalar];
    if (t.list) return `${this.use('readList')}(${v}, ${parse === undefined ? 'undefined' : this.use(parse)}${tail})`;
    return parse === undefined ? v : `${this.use(parse)}(${v}${tail})`;
  }

  /** The value of element `e` of type `t` (not an array). */
  private readValue(t: XType, e: string): string {
    const nil = (expr: string): string => `${this.use('isNil')}(${e}) ? ${this.use('nil')}(${e}) : ${expr}`;
    switch (t.kind) {
      case 'object': {
        const call = `${this.readers.get(t.obj)!.name}(${e}, o)`;
        return t.nullable ? nil(call) : call;
      }
      case 'any':
        return `${this.use('readAny')}(${e}, o)`;
      case 'array':
        throw new Error('internal: an array as an element value');
      case 'scalar': {
        if (!t.list) return `${this.use(READ[t.scalar] + (t.nullable ? 'N' : ''))}(${e}, o)`;
        const parse = PARSE[t.scalar];
        const list = `${this.use('readList')}(${this.use('text')}(${e}, o), ${parse === undefined ? 'undefined' : this.use(parse)}, ${e})`;
        return t.nullable ? nil(list) : list;
      }
    }
  }

  private readCase(c: Code, o: ObjectInfo, m: ElementMember): void {
    c.block(`case ${lit(m.name.local)}: {`, () => {
      if (m.kind === 'element') {
        c.line(`if (${this.present('v', m.prop)}) ${this.use('duplicate')}(e);`);
        c.line(this.set('v', m.prop, this.readValue(m.type, 'e')));
      } else if (m.kind === 'repeated') {
        c.line(`if (${this.absent('v', m.prop)}) ${this.set('v', m.prop, '[]')}`);
        c.line(`${this.get('v', m.prop)}.push(${this.readValue(m.item, 'e')});`);
      } else {
        const fn = `${this.wrappedReaders.get(`${o.index}:${m.prop}`)!.name}(e, o)`;
        c.line(`if (${this.present('v', m.prop)}) ${this.use('duplicate')}(e);`);
        c.line(this.set('v', m.prop, m.nullable ? `${this.use('isNil')}(e) ? ${this.use('nil')}(e) : ${fn}` : fn));
      }
      c.line('continue;');
    });
  }

  private readEntry(c: Code, o: ObjectInfo): void {
    const t = o.additional!;
    c.block('if (e.ns === d) {', () => {
      if (t.kind === 'array') {
        c.line(`if (!Object.hasOwn(v, e.local)) ${this.use('setKey')}(v, e.local, []);`);
        c.line(`v[e.local].push(${this.readValue(t.item, 'e')});`);
      } else if (t.kind === 'any') {
        // Any content: a repeated name collects its values into an array.
        c.line(`${this.use('addAny')}(v, e, o);`);
      } else {
        c.line(`if (Object.hasOwn(v, e.local)) ${this.use('duplicate')}(e);`);
        c.line(`${this.use('setKey')}(v, e.local, ${this.readValue(t, 'e')});`);
      }
      c.line('continue;');
    });
  }

  private emitWrappedReader(c: Code, o: ObjectInfo, m: Extract<Member, { kind: 'wrapped' }>): void {
    c.line();
    c.raw(jsDoc([`Reads the items of the wrapper element ${m.name.local} of ${o.label}.`]));
    c.block(`function ${this.wrappedReaders.get(`${o.index}:${m.prop}`)!.name}(n, o) {`, () => {
      c.line('const out = [];');
      c.line(`if (n.attrs !== null) for (let i = 0; i < n.attrs.length; i += 2) ${this.use('otherAttribute')}(n, i, o);`);
      c.line('const c = n.children;');
      c.block('if (c !== null) {', () => {
        if (m.itemName.ns === undefined) c.line('const d = o.d;');
        c.block('for (let i = 0; i < c.length; i++) {', () => {
          c.line('const e = c[i];');
          c.line(`if (e.ns === ${this.nsExpr(m.itemName)} && e.local === ${lit(m.itemName.local)}) out.push(${this.readValue(m.item, 'e')});`);
          c.line(`else ${this.use('otherElement')}(e, o);`);
        });
      });
      c.line(`if (n.text !== "") ${this.use('otherText')}(n, o);`);
      c.line('return out;');
    });
  }

  // ---- documents -----------------------------------------------------------------------------------------

  /**
   * Namespace declarations a document element needs for the prefixed names and xsi:nil that can appear below
   * it (`own`: the namespace the element declares itself).
   */
  private declsFor(t: XType, own?: string): string {
    const seen = new Set<ObjectInfo>();
    const prefixed = new Set<string>();
    let nil = false;
    const walk = (x: XType): void => {
      if (x.kind === 'array') return walk(x.item);
      if (x.kind !== 'object' || seen.has(x.obj)) return;
      const o = x.obj;
      seen.add(o);
      for (const m of o.members) {
        if (m.kind === 'text') continue;
        if (m.kind === 'attribute') {
          if (m.name.ns !== undefined) prefixed.add(m.name.ns);
          continue;
        }
        for (const n of m.kind === 'wrapped' ? [m.name, m.itemName] : [m.name]) if (n.ns !== undefined && this.tag(n, o).includes(':')) prefixed.add(n.ns);
        const inner = m.kind === 'element' ? m.type : m.item;
        if (inner.nullable || (m.kind === 'wrapped' && m.nullable)) nil = true;
        walk(inner);
      }
      if (o.additional) {
        if (o.additional.nullable && o.additional.kind !== 'any') nil = true;
        walk(o.additional);
      }
    };
    walk(t);
    let out = '';
    for (const ns of [...prefixed].sort()) if (ns !== own) out += ` xmlns:${this.prefixes.get(ns)!}="${escapeAttr(ns)}"`;
    if (nil) out += ` xmlns:xsi="${XSI}"`;
    return out;
  }

  /**
   * The XML of a document element (or SOAP part) of type `t`, after `head` (a JS expression: the XML
   * declaration, or ""). Errors below it are relative to it: the caller adds its path (`within`).
   */
  private documentXml(t: XType, v: string, tag: string, decls: string, head: string): string {
    const nil = lit(`<${tag}${decls}${decls.includes('xmlns:xsi=') ? '' : ` xmlns:xsi="${XSI}"`} xsi:nil="true"/>`);
    const withHead = (x: string): string => (head === '""' ? x : `${head} + ${x}`);
    switch (t.kind) {
      case 'object': {
        const call = `${this.writers.get(t.obj)!.name}(${v}, ${head}, ${lit(`<${tag}${decls}`)}, ${lit(`</${tag}>`)})`;
        return t.nullable ? `(${v} === null ? ${withHead(nil)} : ${call})` : call;
      }
      case 'scalar': {
        const body = concat([{ s: `<${tag}${decls}>` }, { e: this.scalarText(t, v, '""', 'undefined', false) }, { s: `</${tag}>` }]);
        return withHead(t.nullable ? `(${v} === null ? ${nil} : ${body})` : body);
      }
      default:
        // Any content (and top-level arrays, which have no XML mapping of their own): written generically.
        return withHead(`${this.use('writeAny')}(${v}, ${lit(tag)}, "")`);
    }
  }

  /** A function body returning `xml`, with `path` put in front of the path of an XmlError it throws. */
  private returnWithin(c: Code, xml: string, path: string): void {
    c.block('try {', () => c.line(`return ${xml};`), '} catch (err) {');
    c.line(`  throw ${this.use('within')}(err, ${lit(path)});`);
    c.line('}');
  }

  /** The reader (a function expression) of a document element of type `t`. */
  private documentReader(t: XType): string {
    if (t.kind === 'object' && !t.nullable) return this.readers.get(t.obj)!.name;
    if (t.kind === 'array' || t.kind === 'any') return this.use('readAny');
    return `(n, o) => ${this.readValue(t, 'n')}`;
  }

  private emitRoot(c: Code, r: RootInfo): void {
    const d = this.documentElement(r);
    const desc = `the XML document \`<${d.tag}>\`${r.ns ? ` (namespace ${r.ns})` : ''}`;
    c.raw(jsDoc([`Writes ${an(r.typeName)} as ${desc}.`, '@throws {XmlError} when the value does not fit the schema (a missing required member, a wrong type, a character XML 1.0 cannot carry).']));
    c.block(`export function ${r.encode.name}(value) {`, () => {
      const decls = d.decl + this.declsFor(r.type, r.prefixed ? r.ns : undefined);
      this.returnWithin(c, this.documentXml(r.type, 'value', d.tag, decls, this.use('XML_DECLARATION')), `/${d.tag}`);
    });
    c.line();
    c.raw(jsDoc([`Reads ${desc} into ${an(r.typeName)}.`]));
    c.block(`export function ${r.decode.name}(text, options) {`, () => {
      c.line(`return ${this.use('decodeDocument')}(text, options, ${lit(r.name)}, ${lit(r.ns)}, ${lit(d.dns)}, ${this.documentReader(r.type)});`);
    });
    c.line();
  }

  private emitSoap(c: Code, s: SoapInfo): void {
    const b = s.binding;
    const op = b.operation.operationId;
    c.raw(jsDoc([`The SOAP 1.2 binding of ${op}: where it is served, its action and the Content-Type to send.`]));
    c.block(`export const ${s.bindingConst.name} = Object.freeze({`, () => {
      c.line(`version: ${lit(b.version)},`);
      c.line(`path: ${lit(b.path)},`);
      c.line(`action: ${lit(b.action)},`);
      c.line(`namespace: ${lit(b.namespace)},`);
      c.line(`contentType: ${this.use('soapContentType')}(${lit(b.action)}),`);
    }, '});');
    c.line();
    const part = (t: XType, wrapper: string, element: string): string =>
      `${this.use('soapEnvelope')}(${lit(b.namespace)}, ${lit(wrapper)}, ${this.documentXml(t, 'value', element, '', '""')}, ${lit(this.declsFor(t))})`;
    if (s.request) {
      const t = s.request.type;
      c.raw(jsDoc([`Writes the SOAP 1.2 request envelope of ${op}: Body/${b.requestWrapper}/${b.requestElement} in ${b.namespace}.`, '@throws {XmlError} when the value does not fit the schema.']));
      c.block(`export function ${s.encodeRequest.name}(value) {`, () => this.returnWithin(c, part(t, b.requestWrapper, b.requestElement), `/Envelope/Body/${b.requestWrapper}/${b.requestElement}`));
      c.line();
      c.raw(jsDoc([`Reads a SOAP 1.2 request envelope of ${op} (for servers and mocks).`]));
      c.block(`export function ${s.decodeRequest.name}(text, options) {`, () => {
        c.line(`return ${this.use('decodeSoap')}(text, options, ${lit(b.namespace)}, ${lit(b.requestWrapper)}, ${lit(b.requestElement)}, ${this.documentReader(t)});`);
      });
      c.line();
    }
    if (s.response) {
      const t = s.response.type;
      c.raw(jsDoc([`Reads the SOAP 1.2 reply of ${op}: Body/${b.responseWrapper}/${b.resultElement} as the value the REST call returns, or the SOAP Fault as \`fault\`.`]));
      c.block(`export function ${s.decodeResponse.name}(text, options) {`, () => {
        c.line(`return ${this.use('decodeSoap')}(text, options, ${lit(b.namespace)}, ${lit(b.responseWrapper)}, ${lit(b.resultElement)}, ${this.documentReader(t)});`);
      });
      c.line();
      c.raw(jsDoc([`Writes the SOAP 1.2 reply envelope of ${op} (for servers and mocks).`, '@throws {XmlError} when the value does not fit the schema.']));
      c.block(`export function ${s.encodeResponse.name}(value) {`, () => this.returnWithin(c, part(t, b.responseWrapper, b.resultElement), `/Envelope/Body/${b.responseWrapper}/${b.resultElement}`));
      c.line();
    }
  }

  // ---- declarations --------------------------------------------------------------------------------------

  private emitDts(): string {
    const c = new Code();
    const models = new Set<string>();
    for (const r of this.roots) models.add(r.typeName);
    for (const s of this.soap) {
      if (s.request) models.add(s.request.typeName);
      if (s.response) models.add(s.response.typeName);
    }
    if (models.size > 0) c.line(`import type { ${[...models].sort().join(', ')} } from './models.js';`);
    c.line(`import type { ${['XmlDecodeOptions', 'XmlResult', ...(this.soap.length > 0 ? ['SoapResult'] : [])].join(', ')} } from '${RUNTIME}';`);
    c.line(`export { ${this.reexports.filter((r) => !r.type).map(alias).join(', ')} } from '${RUNTIME}';`);
    c.line(`export type { ${this.reexports.filter((r) => r.type).map(alias).join(', ')} } from '${RUNTIME}';`);
    c.line();
    for (const r of this.roots) {
      const d = this.documentElement(r);
      const desc = `the XML document \`<${d.tag}>\`${r.ns ? ` (namespace ${r.ns})` : ''}`;
      c.raw(jsDoc([`Writes ${an(r.typeName)} as ${desc}, child elements in schema order.`, '@throws {XmlError} when the value does not fit the schema (a missing required member, a wrong type, a character XML 1.0 cannot carry).']));
      c.line(`export declare function ${r.encode.name}(value: ${r.typeName}): string;`);
      c.line();
      c.raw(jsDoc([
        `Reads ${desc} into ${an(r.typeName)}. Never throws: problems come back as \`{ ok: false, errors }\`.`,
        'Text is kept exactly (an empty element is "" for a string; null only with xsi:nil="true"); int64 values are numbers when they are safe integers, else bigints; a repeated element is always an array.',
      ]));
      c.line(`export declare function ${r.decode.name}(text: string, options?: XmlDecodeOptions): XmlResult<${r.typeName}>;`);
      c.line();
    }
    for (const s of this.soap) {
      const b = s.binding;
      const op = b.operation.operationId;
      c.raw(jsDoc([`The SOAP 1.2 binding of ${op}.`]));
      c.block(`export declare const ${s.bindingConst.name}: {`, () => {
        c.line(`readonly version: ${lit(b.version)};`);
        c.line(`readonly path: ${lit(b.path)};`);
        c.line(`readonly action: ${lit(b.action)};`);
        c.line(`readonly namespace: ${lit(b.namespace)};`);
        c.raw(jsDoc([`\`application/soap+xml; charset=utf-8; action="${b.action}"\``]));
        c.line('readonly contentType: string;');
      }, '};');
      c.line();
      if (s.request) {
        c.raw(jsDoc([`Writes the SOAP 1.2 request envelope of ${op} (Body/${b.requestWrapper}/${b.requestElement}).`, '@throws {XmlError} when the value does not fit the schema.']));
        c.line(`export declare function ${s.encodeRequest.name}(value: ${s.request.typeName}): string;`);
        c.line();
        c.raw(jsDoc([`Reads a SOAP 1.2 request envelope of ${op} (for servers and mocks).`]));
        c.line(`export declare function ${s.decodeRequest.name}(text: string, options?: XmlDecodeOptions): SoapResult<${s.request.typeName}>;`);
        c.line();
      }
      if (s.response) {
        c.raw(jsDoc([`Reads the SOAP 1.2 reply of ${op} (Body/${b.responseWrapper}/${b.resultElement}) into the same value as the REST reply; a SOAP Fault comes back as \`{ ok: false, fault }\`.`]));
        c.line(`export declare function ${s.decodeResponse.name}(text: string, options?: XmlDecodeOptions): SoapResult<${s.response.typeName}>;`);
        c.line();
        c.raw(jsDoc([`Writes the SOAP 1.2 reply envelope of ${op} (for servers and mocks).`, '@throws {XmlError} when the value does not fit the schema.']));
        c.line(`export declare function ${s.encodeResponse.name}(value: ${s.response.typeName}): string;`);
        c.line();
      }
    }
    return c.toString();
  }
}

function alias(r: { name: string; as: Ident }): string {
  return r.as.name === r.name ? r.name : `${r.name} as ${r.as.name}`;
}

/** The spec's prefix wish for a member: its property's `xml.prefix` (or its items'), through refs and allOf. */
function specPrefix(s: IRSchema, prop: string, an: Analyzer, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  const own = s.object?.properties.find((p) => p.name === prop);
  if (own) return own.schema.xml?.prefix ?? own.schema.array?.items?.xml?.prefix;
  const m = s.ref !== undefined ? an.modelByKey(s.ref) : undefined;
  const viaRef = m ? specPrefix(m.schema, prop, an, depth + 1) : undefined;
  if (viaRef !== undefined) return viaRef;
  for (const p of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const found = specPrefix(p, prop, an, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
