/**
 * The XSD reader: a set of schema files (joined by xs:include) in, IR models out.
 *
 * Model keys: `xsd:type:<name>` for named complex and simple types, `xsd:element:<name>` for global elements
 * (schema: a ref to the named type, or the inline type; `xmlRoot` names the element). Models come in the
 * order files are reached (entries in order, includes depth-first), then declaration order.
 * Source pointers are paths of XSD element names keyed by name/ref:
 * `/xs:schema/xs:complexType[name=accountType]/xs:all/xs:element[name=id]`.
 * Problems are collected in `opts.diagnostics` (codes listed in context.ts); nothing in the input throws.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../../diagnostics.ts';
import type { IRModel, IRSchema } from '../../ir/types.ts';
import { complexTypeSchema, elementValue } from './complex.ts';
import { type Ctx, metaOf, newCtx, sourceOf, unsupported, xsdChildren, type SchemaFile } from './context.ts';
import { loadSchemaSet } from './load.ts';
import { elementKey, namedSimple, typeKey } from './simple.ts';
import type { XmlElement } from './xml.ts';

export interface XsdReadResult {
  /** Named types and global elements, deterministic order (file order as reached, then declaration order). */
  models: IRModel[];
  /** Global element name -> model key. */
  elements: Map<string, string>;
  /** Every file read, relative to opts.root, sorted. */
  files: string[];
}

export interface XsdReadOptions {
  root: string;
  diagnostics: Diagnostics;
  /** Returns a file's text, or undefined when it does not exist. Defaults to the file system. */
  readFile?: (absPath: string) => string | undefined;
}

export function readXsd(entryFiles: string[], opts: XsdReadOptions): XsdReadResult {
  const ctx = newCtx(opts.diagnostics);
  const { files, read } = loadSchemaSet(ctx, entryFiles, { root: opts.root, readFile: opts.readFile ?? readFromDisk });
  const models: IRModel[] = [];
  const elements = new Map<string, string>();
  for (const file of files) {
    for (const decl of xsdChildren(file.root)) {
      const model = globalModel(ctx, file, decl);
      if (!model) continue;
      models.push(model);
      if (decl.local === 'element') elements.set(model.name, model.key);
    }
  }
  return { models, elements, files: read };
}

/** A model for a global complexType, simpleType or element; other top-level declarations are inlined at use. */
function globalModel(ctx: Ctx, file: SchemaFile, decl: XmlElement): IRModel | undefined {
  const name = decl.attrs.get('name');
  switch (decl.local) {
    case 'complexType':
    case 'simpleType': {
      // Unnamed or duplicate declarations were reported when indexing.
      if (name === undefined || ctx.types.get(name)?.el !== decl) return undefined;
      const schema = decl.local === 'complexType' ? complexTypeSchema(ctx, decl, file.targetNamespace) : structuredClone(namedSimple(ctx, name, decl));
      return { key: typeKey(name), name, schema, source: sourceOf(decl) };
    }
    case 'element': {
      if (name === undefined || ctx.elements.get(name)?.el !== decl) return undefined;
      if (decl.attrs.has('substitutionGroup')) unsupported(ctx, decl, 'substitution groups (substitutionGroup)');
      return { key: elementKey(name), name, schema: globalElementSchema(ctx, decl), xmlRoot: file.targetNamespace === undefined ? { name } : { name, namespace: file.targetNamespace }, source: sourceOf(decl) };
    }
    case 'include':
    case 'import':
    case 'redefine':
    case 'override':
    case 'group':
    case 'attributeGroup':
    case 'attribute':
    case 'notation':
      return undefined;
    default:
      unsupported(ctx, decl, `top-level xs:${decl.local}`);
      return undefined;
  }
}

function globalElementSchema(ctx: Ctx, decl: XmlElement): IRSchema {
  const schema = elementValue(ctx, decl, decl, false);
  const description = metaOf(decl).description;
  if (description !== undefined) schema.meta.description = description;
  return schema;
}

function readFromDisk(absPath: string): string | undefined {
  try {
    return readFileSync(absPath, 'utf8');
  } catch {
    return undefined;
  }
}
