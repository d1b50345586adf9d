/**
 * Models emitter: `models.d.ts` (a type per model, JSDoc from the spec, enum constants and the vendor error
 * catalog declared) and `models.js` (the runtime values of those constants). One pure function per schema
 * construct: `tsType` dispatches to `refType`, `constType`, `enumType`, `typeForJsonType`, `objectType`, ...
 */
import type { IRErrorCode, IRProvider, IRSchema, JsonType } from '../ir/types.ts';
import { Code, jsDoc, lit, litType, objKey, propKey } from './code.ts';
import { enumMemberName } from './names.ts';
import { NameScope } from './names.ts';
import type { ProviderNames } from './provider-names.ts';

export interface TypeContext {
  names: ProviderNames;
  /** Collects the model names a type refers to (for imports). */
  used?: Set<string>;
  /** Text put before the file's content (the pipeline's file header), so the file is built as one string. */
  header?: string;
}

/**
 * A type as it is emitted: its text, and what is at its top level, so that no emitter parses type text back:
 * `op` is set for a union (`|`) or intersection (`&`) of `members`; `object` for an object literal type.
 */
export interface TsType {
  text: string;
  op?: '|' | '&';
  members?: string[];
  object?: boolean;
}

const atom = (text: string): TsType => ({ text });
const UNKNOWN = atom('unknown');

/** The TypeScript type of a schema. `indent` is the indentation of the line the type starts on. */
export function tsType(s: IRSchema, ctx: TypeContext, indent = ''): string {
  return typeOf(s, ctx, indent).text;
}

/** The structured type of a schema (see `TsType`). */
export function typeOf(s: IRSchema, ctx: TypeContext, indent = ''): TsType {
  if (s.bool === false) return atom('never');
  if (s.bool === true) return UNKNOWN;
  // A file: a multipart member or a raw-byte body (passes/body-files.ts); a File is a Blob.
  if (s.blob) return atom('Blob');
  const parts: TsType[] = [];
  if (s.ref !== undefined) parts.push(refType(s.ref, ctx));
  const own = s.const ? constType(s.const.value) : s.enum ? enumType(s.enum) : typesUnion(s, ctx, indent);
  if (own !== undefined) parts.push(own);
  for (const sub of s.allOf ?? []) parts.push(typeOf(sub, ctx, indent));
  const alts = s.anyOf ?? s.oneOf;
  if (alts) parts.push(unionOf(alts.map((a) => typeOf(a, ctx, indent))));
  const real = parts.filter((p) => p.text !== 'unknown');
  if (real.length === 0) return UNKNOWN;
  if (real.length === 1) return real[0]!;
  const members = real.map(paren);
  return { text: members.join(' & '), op: '&', members };
}

function refType(key: string, ctx: TypeContext): TsType {
  const name = ctx.names.modelName(key).name;
  ctx.used?.add(name);
  return atom(name);
}

function constType(v: unknown): TsType {
  return atom(v === null || typeof v !== 'object' ? litType(v) : jsonShapeType(v));
}

function enumType(values: unknown[]): TsType {
  return unionOf(values.map(constType));
}

/** Arrays and objects in `enum`/`const` are rare; describe them by shape. */
function jsonShapeType(v: unknown): string {
  if (Array.isArray(v)) return 'unknown[]';
  return '{ [key: string]: unknown }';
}

function typesUnion(s: IRSchema, ctx: TypeContext, indent: string): TsType | undefined {
  let types: JsonType[] | undefined = s.types;
  if (!types) {
    // No `type`: infer from the keyword groups present (a schema with only `properties` is meant as an object).
    const inferred: JsonType[] = [];
    if (s.object) inferred.push('object');
    if (s.array && (s.array.items || s.array.prefixItems)) inferred.push('array');
    if (inferred.length === 0) return s.ref || s.allOf || s.anyOf || s.oneOf ? undefined : UNKNOWN;
    types = inferred;
  }
  if (types.includes('integer') && types.includes('number')) types = types.filter((t) => t !== 'integer');
  return unionOf(types.map((t) => typeForJsonType(t, s, ctx, indent)));
}

function typeForJsonType(t: JsonType, s: IRSchema, ctx: TypeContext, indent: string): TsType {
  switch (t) {
    case 'string':
      return atom('string');
    case 'integer':
    case 'number':
      // Number policy (docs/decisions.md): int64 values beyond 2^53 arrive as bigint, so the type says so.
      return s.number?.format === 'int64' ? unionOf([atom('number'), atom('bigint')]) : atom('number');
    case 'boolean':
      return atom('boolean');
    case 'null':
      return atom('null');
    case 'array':
      return arrayType(s, ctx, indent);
    case 'object':
      return objectType(s, ctx, indent);
  }
}

function arrayType(s: IRSchema, ctx: TypeContext, indent: string): TsType {
  const a = s.array;
  const item = a?.items ? typeOf(a.items, ctx, indent) : UNKNOWN;
  if (a?.prefixItems && a.prefixItems.length > 0) {
    const head = a.prefixItems.map((p) => tsType(p, ctx, indent));
    const rest = a.items?.bool === false ? '' : `, ...${paren(item)}[]`;
    return atom(`[${head.join(', ')}${rest}]`);
  }
  return atom(`${paren(item)}[]`);
}

function objectType(s: IRSchema, ctx: TypeContext, indent: string): TsType {
  const o = s.object;
  if (!o) return atom('{ [key: string]: unknown }');
  const inner = indent + '  ';
  const lines: string[] = [];
  for (const p of o.properties) {
    const doc = jsDoc(docLines(p.schema), inner);
    if (doc) lines.push(doc.trimEnd());
    lines.push(`${inner}${propKey(p.name)}${p.required ? '' : '?'}: ${wrapUnion(typeOf(p.schema, ctx, inner), inner)};`);
  }
  for (const r of o.extraRequired ?? []) lines.push(`${inner}${propKey(r)}: unknown;`);
  const ap = o.additionalProperties;
  if (ap && ap.bool !== false) {
    // An index signature must admit every declared member too; keep it exact only when there are none.
    const t = o.properties.length === 0 && !o.extraRequired ? tsType(ap, ctx, inner) : 'unknown';
    lines.push(`${inner}[key: string]: ${t};`);
  } else if (o.patternProperties && o.patternProperties.length > 0) {
    lines.push(`${inner}[key: string]: unknown;`);
  }
  if (lines.length === 0) return atom(ap?.bool === false ? 'Record<string, never>' : '{ [key: string]: unknown }');
  return { text: `{\n${lines.join('\n')}\n${indent}}`, object: true };
}

/** The union of types (duplicates dropped; `unknown` absorbs the rest; none is `never`). */
export function unionOf(types: TsType[]): TsType {
  const seen = new Set<string>();
  const uniq = types.filter((t) => (seen.has(t.text) ? false : (seen.add(t.text), true)));
  if (seen.has('unknown')) return UNKNOWN;
  if (uniq.length === 0) return atom('never');
  if (uniq.length === 1) return uniq[0]!;
  const members = uniq.flatMap((t) => (t.op === '|' ? t.members! : [t.text]));
  return { text: uniq.map((t) => t.text).join(' | '), op: '|', members };
}

/** A long one-line union becomes one member per line, as a formatter would print it. */
export function wrapUnion(t: TsType, indent: string): string {
  if (t.text.length <= 100 || t.text.includes('\n') || t.op !== '|') return t.text;
  return t.members!.map((p) => `\n${indent}  | ${p}`).join('');
}

/** Parenthesised when it is a union or intersection, so it can stand in an array or intersection. */
export function paren(t: TsType): string {
  return t.op !== undefined ? `(${t.text})` : t.text;
}

/** The doc comment for a schema: description, then facts a caller needs (limits, format, default). */
export function docLines(s: IRSchema): string[] {
  const out: string[] = [];
  if (s.meta.title) out.push(s.meta.title);
  if (s.meta.description) out.push(s.meta.description);
  if (s.xml?.attribute) out.push('In XML: an attribute.');
  const tags: string[] = [];
  const st = s.string;
  if (st?.minLength !== undefined) tags.push(`@minLength ${st.minLength}`);
  if (st?.maxLength !== undefined) tags.push(`@maxLength ${st.maxLength}`);
  if (st?.pattern !== undefined) tags.push(`@pattern ${st.pattern}`);
  const fmt = st?.format ?? s.number?.format;
  if (fmt !== undefined) tags.push(`@format ${fmt}`);
  const n = s.number;
  if (n?.minimum !== undefined) tags.push(`@minimum ${n.minimum}`);
  if (n?.maximum !== undefined) tags.push(`@maximum ${n.maximum}`);
  if (n?.exclusiveMinimum !== undefined) tags.push(`@exclusiveMinimum ${n.exclusiveMinimum}`);
  if (n?.exclusiveMaximum !== undefined) tags.push(`@exclusiveMaximum ${n.exclusiveMaximum}`);
  if (s.array?.minItems !== undefined) tags.push(`@minItems ${s.array.minItems}`);
  if (s.array?.maxItems !== undefined) tags.push(`@maxItems ${s.array.maxItems}`);
  if (s.meta.default !== undefined) tags.push(`@default ${JSON.stringify(s.meta.default)}`);
  if (s.meta.deprecated) tags.push('@deprecated');
  if (tags.length > 0) out.push(tags.join('\n'));
  return out;
}

/** `models.d.ts` for one provider. */
export function emitModelsDts(provider: IRProvider, ctx: TypeContext): string {
  const c = new Code();
  for (const m of provider.models) {
    const name = ctx.names.modelName(m.key).name;
    const docs = docLines(m.schema);
    if (m.xmlRoot) docs.push(`XML root element: \`<${m.xmlRoot.name}>\`.`);
    c.raw(jsDoc(docs));
    const t = typeOf(m.schema, ctx);
    if (t.object && !m.schema.ref && !m.schema.allOf && !m.schema.anyOf && !m.schema.oneOf) {
      c.raw(`export interface ${name} ${t.text}`);
    } else {
      c.raw(`export type ${name} = ${wrapUnion(t, '')};`);
    }
    c.line();
  }
  for (const e of ctx.names.enums) {
    c.raw(jsDoc([`Named members of ${e.name.name}.`]));
    c.block(`export declare const ${e.name.name}: {`, () => {
      for (const [member, value, desc] of enumMembers(e.schema)) {
        c.raw(jsDoc([desc]));
        c.line(`readonly ${propKey(member)}: ${constType(value).text};`);
      }
    }, '};');
    if (!provider.models.some((m) => ctx.names.modelName(m.key) === e.name)) {
      c.line(`export type ${e.name.name} = (typeof ${e.name.name})[keyof typeof ${e.name.name}];`);
    }
    c.line();
  }
  emitCatalogDts(c, provider.errorCatalog);
  return c.toString(ctx.header);
}

/** `models.js`: the runtime values behind the declared constants. */
export function emitModelsJs(provider: IRProvider, ctx: TypeContext): string {
  const c = new Code();
  for (const e of ctx.names.enums) {
    c.block(`export const ${e.name.name} = Object.freeze({`, () => {
      for (const [member, value] of enumMembers(e.schema)) c.line(`${objKey(member)}: ${lit(value)},`);
    }, '});');
    c.line();
  }
  c.block('export const errorCatalog = Object.freeze({', () => {
    for (const e of provider.errorCatalog) {
      const fields = [`code: ${lit(e.code)}`, `message: ${lit(e.message)}`];
      if (e.httpStatus !== undefined) fields.push(`httpStatus: ${lit(e.httpStatus)}`);
      c.line(`${objKey(String(e.code))}: Object.freeze({ ${fields.join(', ')} }),`);
    }
  }, '});');
  return c.toString(ctx.header);
}

function emitCatalogDts(c: Code, catalog: IRErrorCode[]): void {
  c.raw(jsDoc(['Every code the vendor documents for this API.']));
  c.line(`export type ErrorCode = ${catalog.length === 0 ? 'never' : unionOf(catalog.map((e) => atom(litType(e.code)))).text};`);
  c.line();
  c.raw(jsDoc(['The vendor error catalog: each documented code with the vendor\'s own message and HTTP status.']));
  c.block('export declare const errorCatalog: {', () => {
    for (const e of catalog) {
      c.raw(jsDoc([e.description ?? e.message]));
      const status = e.httpStatus !== undefined ? `; readonly httpStatus: ${e.httpStatus}` : '';
      c.line(`readonly ${propKey(String(e.code))}: { readonly code: ${litType(e.code)}; readonly message: string${status} };`);
    }
  }, '};');
}

/** Members of an enum constant as [name, value, description], names unique within the constant. */
export function enumMembers(s: IRSchema): [string, unknown, string | undefined][] {
  const scope = new NameScope();
  return (s.enum ?? []).map((v, i) => {
    const name = scope.allocate(String(i), enumMemberName(v, s.meta.enumNames?.[i])).name;
    return [name, v, s.meta.enumDescriptions?.[i]];
  });
}
