/**
 * OpenAPI Schema Object -> IR schema. One function per keyword group; each takes the raw node, the context
 * and the node's JSON pointer, and reports problems instead of throwing. 3.0 forms (`nullable`, boolean
 * `exclusiveMinimum`, single `example`) are normalised to 3.1 here, so nothing downstream sees them.
 */
import { joinPointer, type Diagnostics } from '../../diagnostics.ts';
import type {
  IRArrayFacets,
  IRMeta,
  IRNumberFacets,
  IRObjectFacets,
  IRSchema,
  IRStringFacets,
  IRVendorError,
  IRXml,
  JsonType,
  JsonValue,
} from '../../ir/types.ts';

export interface SchemaContext {
  file: string;
  /** 3.0 documents get their 3.0-only forms normalised. */
  version: '3.0' | '3.1';
  diagnostics: Diagnostics;
  lineOf(pointer: string): number | undefined;
  /** Resolves a `$ref` to a model key (components.schemas) or reads the target inline; see reader.ts. */
  resolveRef(ref: string, pointer: string): IRSchema | undefined;
  /** Resolves an `x-xsd: file.xsd#element` reference to an XSD model key. */
  resolveXsd(ref: string, pointer: string): string | undefined;
  /** Vendor catalog, to attach the vendor's own message to each code. */
  catalogMessage(code: string | number): string | undefined;
}

const JSON_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);

/** Keywords that only annotate; they never change what validates. */
const ANNOTATIONS: ReadonlySet<string> = new Set([
  '$schema', '$comment', 'title', 'description', 'default', 'examples', 'example', 'deprecated', 'readOnly',
  'writeOnly', 'externalDocs', 'discriminator', 'contentMediaType', 'contentEncoding', 'contentSchema', '$defs',
  'definitions',
]);

/** Keywords this function (or a group reader below) turns into IR. */
const HANDLED: ReadonlySet<string> = new Set([
  'type', 'nullable', 'enum', 'const', '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'xml',
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'items', 'prefixItems', 'contains', 'minContains', 'maxContains', 'minItems', 'maxItems', 'uniqueItems',
  'unevaluatedItems', 'additionalItems',
  'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties',
  'maxProperties', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', 'dependencies',
]);

const STRING_FORMATS_FOR_NUMBERS: ReadonlySet<string> = new Set(['int32', 'int64', 'float', 'double']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readSchema(node: unknown, ctx: SchemaContext, pointer: string): IRSchema {
  const source = loc(ctx, pointer);
  if (typeof node === 'boolean') return { bool: node, meta: {}, source };
  if (!isObj(node)) {
    ctx.diagnostics.error('schema-invalid', ctx.file, pointer, 'a schema must be an object or a boolean', ctx.lineOf(pointer));
    return { bool: true, meta: {}, source };
  }
  const out: IRSchema = { meta: readMeta(node, ctx, pointer), source };

  for (const key of Object.keys(node)) {
    if (key.startsWith('x-') || HANDLED.has(key) || ANNOTATIONS.has(key)) continue;
    ctx.diagnostics.error(
      'unsupported-keyword',
      ctx.file,
      joinPointer(pointer, key),
      `keyword "${key}" is not supported by the generator`,
      ctx.lineOf(joinPointer(pointer, key)),
    );
  }

  if (typeof node['x-xsd'] === 'string') {
    const key = ctx.resolveXsd(node['x-xsd'], joinPointer(pointer, 'x-xsd'));
    if (key !== undefined) out.ref = key;
  }
  if (typeof node.$ref === 'string') {
    const target = ctx.resolveRef(node.$ref, joinPointer(pointer, '$ref'));
    if (target?.ref !== undefined && Object.keys(target).every((k) => k === 'ref' || k === 'meta' || k === 'source')) {
      out.ref = target.ref;
    } else if (target) {
      // A ref to a non-component location is read inline; siblings still apply (2020-12), so combine.
      out.allOf = [target];
    }
  }

  readTypes(node, ctx, pointer, out);
  if (Array.isArray(node.enum)) out.enum = node.enum as JsonValue[];
  else if (node.enum !== undefined) bad(ctx, pointer, 'enum', 'must be an array');
  if ('const' in node) out.const = { value: node.const as JsonValue };

  const str = readStringFacets(node, ctx, pointer);
  if (str) out.string = str;
  const num = readNumberFacets(node, ctx, pointer);
  if (num) out.number = num;
  const arr = readArrayFacets(node, ctx, pointer);
  if (arr) out.array = arr;
  const obj = readObjectFacets(node, ctx, pointer);
  if (obj) out.object = obj;

  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const v = node[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.length === 0) {
      bad(ctx, pointer, k, 'must be a non-empty array');
      continue;
    }
    const list = v.map((s, i) => readSchema(s, ctx, joinPointer(pointer, k, i)));
    out[k] = k === 'allOf' && out.allOf ? [...out.allOf, ...list] : list;
  }
  if (node.not !== undefined) out.not = readSchema(node.not, ctx, joinPointer(pointer, 'not'));
  if (node.if !== undefined) {
    out.if = readSchema(node.if, ctx, joinPointer(pointer, 'if'));
    if (node.then !== undefined) out.then = readSchema(node.then, ctx, joinPointer(pointer, 'then'));
    if (node.else !== undefined) out.else = readSchema(node.else, ctx, joinPointer(pointer, 'else'));
  }
  const xml = readXml(node.xml, ctx, joinPointer(pointer, 'xml'));
  if (xml) out.xml = xml;
  return out;
}

function readTypes(node: Record<string, unknown>, ctx: SchemaContext, pointer: string, out: IRSchema): void {
  const t = node.type;
  if (t === undefined) {
    if (node.nullable === true && ctx.version === '3.0') {
      // 3.0 `nullable` without `type` has no effect (the spec ties it to `type`).
    }
    return;
  }
  const list = Array.isArray(t) ? t : [t];
  const types: JsonType[] = [];
  list.forEach((x, i) => {
    if (typeof x === 'string' && JSON_TYPES.has(x)) {
      if (!types.includes(x as JsonType)) types.push(x as JsonType);
    } else {
      const p = Array.isArray(t) ? joinPointer(pointer, 'type', i) : joinPointer(pointer, 'type');
      ctx.diagnostics.error('unknown-type', ctx.file, p, `unknown type ${JSON.stringify(x)}`, ctx.lineOf(p));
    }
  });
  if (node.nullable === true && !types.includes('null')) types.push('null');
  if (types.length > 0) out.types = types;
}

function readMeta(node: Record<string, unknown>, ctx: SchemaContext, pointer: string): IRMeta {
  const meta: IRMeta = {};
  if (typeof node.title === 'string') meta.title = node.title;
  if (typeof node.description === 'string') meta.description = node.description;
  if ('default' in node) meta.default = node.default as JsonValue;
  if (Array.isArray(node.examples)) meta.examples = node.examples as JsonValue[];
  else if ('example' in node) meta.examples = [node.example as JsonValue];
  if (node.deprecated === true) meta.deprecated = true;
  if (node.readOnly === true) meta.readOnly = true;
  if (node.writeOnly === true) meta.writeOnly = true;
  const names = node['x-enum-varnames'];
  if (names !== undefined) {
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) meta.enumNames = names as string[];
    else bad(ctx, pointer, 'x-enum-varnames', 'must be an array of strings');
    if (!Array.isArray(node.enum) || (Array.isArray(names) && names.length !== node.enum.length)) {
      bad(ctx, pointer, 'x-enum-varnames', 'must have one name per `enum` member');
    }
  }
  const descs = node['x-enum-descriptions'];
  if (descs !== undefined) {
    if (Array.isArray(descs) && descs.every((n) => typeof n === 'string')) meta.enumDescriptions = descs as string[];
    else bad(ctx, pointer, 'x-enum-descriptions', 'must be an array of strings');
  }
  const ve = node['x-vendor-errors'];
  if (ve !== undefined) {
    const read = readVendorErrors(ve, ctx, joinPointer(pointer, 'x-vendor-errors'));
    if (read) meta.vendorErrors = read;
  }
  return meta;
}

function readVendorErrors(
  v: unknown,
  ctx: SchemaContext,
  pointer: string,
): Record<string, IRVendorError | Record<string, IRVendorError>> | undefined {
  if (!isObj(v)) {
    ctx.diagnostics.error('extension-invalid', ctx.file, pointer, 'x-vendor-errors must map keywords to codes', ctx.lineOf(pointer));
    return undefined;
  }
  const code = (c: unknown, p: string): IRVendorError | undefined => {
    if (typeof c !== 'string' && typeof c !== 'number') {
      ctx.diagnostics.error('extension-invalid', ctx.file, p, 'a vendor code must be a string or a number', ctx.lineOf(p));
      return undefined;
    }
    const message = ctx.catalogMessage(c);
    if (message === undefined) {
      ctx.diagnostics.error('error-code-unknown', ctx.file, p, `code ${JSON.stringify(c)} is not in x-error-catalog`, ctx.lineOf(p));
      return { code: c };
    }
    return { code: c, message };
  };
  const out: Record<string, IRVendorError | Record<string, IRVendorError>> = {};
  for (const [kw, c] of Object.entries(v)) {
    const p = joinPointer(pointer, kw);
    if (isObj(c)) {
      const inner: Record<string, IRVendorError> = {};
      for (const [prop, cc] of Object.entries(c)) {
        const e = code(cc, joinPointer(p, prop));
        if (e) inner[prop] = e;
      }
      out[kw] = inner;
    } else {
      const e = code(c, p);
      if (e) out[kw] = e;
    }
  }
  return out;
}

function nonNegInt(node: Record<string, unknown>, key: string, ctx: SchemaContext, pointer: string): number | undefined {
  const v = node[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  bad(ctx, pointer, key, 'must be a non-negative integer');
  return undefined;
}

function num(node: Record<string, unknown>, key: string, ctx: SchemaContext, pointer: string): number | undefined {
  const v = node[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  bad(ctx, pointer, key, 'must be a number');
  return undefined;
}

function readStringFacets(node: Record<string, unknown>, ctx: SchemaContext, pointer: string): IRStringFacets | undefined {
  const f: IRStringFacets = {};
  const minLength = nonNegInt(node, 'minLength', ctx, pointer);
  if (minLength !== undefined) f.minLength = minLength;
  const maxLength = nonNegInt(node, 'maxLength', ctx, pointer);
  if (maxLength !== undefined) f.maxLength = maxLength;
  if (node.pattern !== undefined) {
    if (typeof node.pattern !== 'string') bad(ctx, pointer, 'pattern', 'must be a string');
    else {
      try {
        new RegExp(node.pattern, 'u');
        f.pattern = node.pattern;
      } catch (e) {
        // Many documents escape characters that need no escape (`\:`, `\'`), which only Unicode mode refuses.
        const relaxed = withoutIdentityEscapes(node.pattern);
        if (relaxed !== node.pattern && compiles(relaxed)) {
          f.pattern = relaxed;
          const p = joinPointer(pointer, 'pattern');
          ctx.diagnostics.warn('pattern-rewritten', ctx.file, p, `pattern escapes characters that need no escape; it is checked as ${JSON.stringify(relaxed)} (the same matches, valid in Unicode mode)`, ctx.lineOf(p));
        } else {
          bad(ctx, pointer, 'pattern', `is not a valid regular expression: ${(e as Error).message}`);
        }
      }
    }
  }
  if (typeof node.format === 'string' && !STRING_FORMATS_FOR_NUMBERS.has(node.format)) f.format = node.format;
  if (typeof node.contentMediaType === 'string') f.contentMediaType = node.contentMediaType;
  if (typeof node.contentEncoding === 'string') f.contentEncoding = node.contentEncoding;
  return Object.keys(f).length > 0 ? f : undefined;
}

function readNumberFacets(node: Record<string, unknown>, ctx: SchemaContext, pointer: string): IRNumberFacets | undefined {
  const f: IRNumberFacets = {};
  const minimum = num(node, 'minimum', ctx, pointer);
  const maximum = num(node, 'maximum', ctx, pointer);
  // 3.0: exclusiveMinimum/Maximum are booleans that modify minimum/maximum.
  if (typeof node.exclusiveMinimum === 'boolean') {
    if (node.exclusiveMinimum && minimum !== undefined) f.exclusiveMinimum = minimum;
    else if (minimum !== undefined) f.minimum = minimum;
  } else {
    if (minimum !== undefined) f.minimum = minimum;
    const x = num(node, 'exclusiveMinimum', ctx, pointer);
    if (x !== undefined) f.exclusiveMinimum = x;
  }
  if (typeof node.exclusiveMaximum === 'boolean') {
    if (node.exclusiveMaximum && maximum !== undefined) f.exclusiveMaximum = maximum;
    else if (maximum !== undefined) f.maximum = maximum;
  } else {
    if (maximum !== undefined) f.maximum = maximum;
    const x = num(node, 'exclusiveMaximum', ctx, pointer);
    if (x !== undefined) f.exclusiveMaximum = x;
  }
  const multipleOf = num(node, 'multipleOf', ctx, pointer);
  if (multipleOf !== undefined) {
    if (multipleOf > 0) f.multipleOf = multipleOf;
    else bad(ctx, pointer, 'multipleOf', 'must be greater than 0');
  }
  if (typeof node.format === 'string' && STRING_FORMATS_FOR_NUMBERS.has(node.format)) f.format = node.format;
  return Object.keys(f).length > 0 ? f : undefined;
}

function readArrayFacets(node: Record<string, unknown>, ctx: SchemaContext, pointer: string): IRArrayFacets | undefined {
  const f: IRArrayFacets = {};
  if (Array.isArray(node.items)) {
    // Draft 4-7 / OpenAPI 3.0 tuple form.
    f.prefixItems = node.items.map((s, i) => readSchema(s, ctx, joinPointer(pointer, 'items', i)));
    if (node.additionalItems !== undefined) f.items = readSchema(node.additionalItems, ctx, joinPointer(pointer, 'additionalItems'));
  } else if (node.items !== undefined) {
    f.items = readSchema(node.items, ctx, joinPointer(pointer, 'items'));
  }
  if (Array.isArray(node.prefixItems)) {
    f.prefixItems = node.prefixItems.map((s, i) => readSchema(s, ctx, joinPointer(pointer, 'prefixItems', i)));
  }
  if (node.contains !== undefined) f.contains = readSchema(node.contains, ctx, joinPointer(pointer, 'contains'));
  for (const k of ['minContains', 'maxContains', 'minItems', 'maxItems'] as const) {
    const v = nonNegInt(node, k, ctx, pointer);
    if (v !== undefined) f[k] = v;
  }
  if (node.uniqueItems === true) f.uniqueItems = true;
  if (node.unevaluatedItems !== undefined) {
    f.unevaluatedItems = readSchema(node.unevaluatedItems, ctx, joinPointer(pointer, 'unevaluatedItems'));
  }
  return Object.keys(f).length > 0 ? f : undefined;
}

function readObjectFacets(node: Record<string, unknown>, ctx: SchemaContext, pointer: string): IRObjectFacets | undefined {
  const has = ['properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties',
    'maxProperties', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', 'dependencies'].some((k) => k in node);
  if (!has) return undefined;
  const required: string[] = [];
  if (node.required !== undefined) {
    if (Array.isArray(node.required) && node.required.every((r) => typeof r === 'string')) required.push(...(node.required as string[]));
    else bad(ctx, pointer, 'required', 'must be an array of strings');
  }
  const f: IRObjectFacets = { properties: [] };
  if (node.properties !== undefined) {
    if (!isObj(node.properties)) bad(ctx, pointer, 'properties', 'must be an object');
    else {
      for (const [name, s] of Object.entries(node.properties)) {
        f.properties.push({ name, schema: readSchema(s, ctx, joinPointer(pointer, 'properties', name)), required: required.includes(name) });
      }
    }
  }
  const extra = [...new Set(required)].filter((r) => !f.properties.some((p) => p.name === r));
  if (extra.length > 0) f.extraRequired = extra;
  if (node.additionalProperties !== undefined) {
    f.additionalProperties = readSchema(node.additionalProperties, ctx, joinPointer(pointer, 'additionalProperties'));
  }
  if (node.patternProperties !== undefined) {
    if (!isObj(node.patternProperties)) bad(ctx, pointer, 'patternProperties', 'must be an object');
    else {
      f.patternProperties = Object.entries(node.patternProperties).map(([pattern, s]) => ({
        pattern,
        schema: readSchema(s, ctx, joinPointer(pointer, 'patternProperties', pattern)),
      }));
    }
  }
  if (node.propertyNames !== undefined) f.propertyNames = readSchema(node.propertyNames, ctx, joinPointer(pointer, 'propertyNames'));
  for (const k of ['minProperties', 'maxProperties'] as const) {
    const v = nonNegInt(node, k, ctx, pointer);
    if (v !== undefined) f[k] = v;
  }
  const depReq: { property: string; requires: string[] }[] = [];
  const depSchemas: { property: string; schema: IRSchema }[] = [];
  const readDeps = (v: unknown, key: string, allowSchemas: boolean, allowArrays: boolean): void => {
    if (!isObj(v)) return bad(ctx, pointer, key, 'must be an object');
    for (const [prop, d] of Object.entries(v)) {
      if (Array.isArray(d) && allowArrays) depReq.push({ property: prop, requires: d.map(String) });
      else if (allowSchemas && (isObj(d) || typeof d === 'boolean')) {
        depSchemas.push({ property: prop, schema: readSchema(d, ctx, joinPointer(pointer, key, prop)) });
      } else bad(ctx, joinPointer(pointer, key), prop, 'has the wrong form');
    }
  };
  if (node.dependentRequired !== undefined) readDeps(node.dependentRequired, 'dependentRequired', false, true);
  if (node.dependentSchemas !== undefined) readDeps(node.dependentSchemas, 'dependentSchemas', true, false);
  if (node.dependencies !== undefined) readDeps(node.dependencies, 'dependencies', true, true);
  if (depReq.length > 0) f.dependentRequired = depReq;
  if (depSchemas.length > 0) f.dependentSchemas = depSchemas;
  if (node.unevaluatedProperties !== undefined) {
    f.unevaluatedProperties = readSchema(node.unevaluatedProperties, ctx, joinPointer(pointer, 'unevaluatedProperties'));
  }
  return f;
}

function readXml(v: unknown, ctx: SchemaContext, pointer: string): IRXml | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    ctx.diagnostics.error('schema-invalid', ctx.file, pointer, 'xml must be an object', ctx.lineOf(pointer));
    return undefined;
  }
  const x: IRXml = {};
  if (typeof v.name === 'string') x.name = v.name;
  if (typeof v.namespace === 'string') x.namespace = v.namespace;
  if (typeof v.prefix === 'string') x.prefix = v.prefix;
  if (v.attribute === true) x.attribute = true;
  if (typeof v.wrapped === 'boolean') x.wrapped = v.wrapped;
  if (v['x-text'] === true) x.text = true;
  if (v['x-nillable'] === true) x.nillable = true;
  return x;
}

function bad(ctx: SchemaContext, pointer: string, key: string, what: string): void {
  const p = joinPointer(pointer, key);
  ctx.diagnostics.error('schema-invalid', ctx.file, p, `${key} ${what}`, ctx.lineOf(p));
}

function loc(ctx: SchemaContext, pointer: string): IRSchema['source'] {
  const line = ctx.lineOf(pointer);
  return line === undefined ? { file: ctx.file, pointer } : { file: ctx.file, pointer, line };
}

/** Drops a backslash before a character that is not a regular expression syntax character (outside `\\`). */
function withoutIdentityEscapes(pattern: string): string {
  return pattern.replace(/\\(.)/gsu, (m, c: string) => (/[A-Za-z0-9\\^$.*+?()[\]{}|\/-]/.test(c) ? m : c));
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
