/**
 * A standalone JSON Schema (2020-12) document -> IR models: the root (`#`) and every `#/$defs/<name>` become
 * models, so `$ref: "#"` and refs between definitions (recursive ones too) are model references. Other local
 * pointers are read in place, as the OpenAPI reader does. What needs a URI resolver is not supported and is
 * reported: remote refs, anchors (`#foo`), `$id`, `$anchor`, `$dynamicRef`, `$dynamicAnchor`, `$vocabulary`
 * (the last four through readSchema's unknown-keyword check).
 */
import { joinPointer, pointerSegment, type Diagnostics } from '../diagnostics.ts';
import type { IRModel, IRSchema } from '../ir/types.ts';
import { readSchema, type SchemaContext } from './openapi/schema.ts';
import { decodeSegment, getAt } from './pointer.ts';

export const ROOT_KEY = '#';
const DEFS_PREFIX = '#/$defs/';

export interface JsonSchemaReadResult {
  models: IRModel[];
  /** The model key of the document root. */
  rootKey: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface JsonSchemaReadOptions {
  /** Name of the root model (default `Root`, or the document's `title` when it is one). */
  rootName?: string;
  lineOf?: (pointer: string) => number | undefined;
}

export function readJsonSchema(doc: unknown, file: string, diagnostics: Diagnostics, opts: JsonSchemaReadOptions = {}): JsonSchemaReadResult {
  const lineOf = opts.lineOf ?? ((): undefined => undefined);
  const err = (code: string, pointer: string, message: string): void => diagnostics.error(code, file, pointer, message, lineOf(pointer));
  const defs = isObj(doc) && isObj(doc.$defs) ? doc.$defs : {};
  const inlining: string[] = [];

  const ctx: SchemaContext = {
    file,
    version: '3.1',
    diagnostics,
    lineOf,
    catalogMessage: () => undefined,
    resolveXsd(_ref, pointer) {
      err('schema-invalid', pointer, 'x-xsd has no meaning in a JSON Schema document');
      return undefined;
    },
    resolveRef(ref, pointer): IRSchema | undefined {
      const source = { file, pointer };
      if (!ref.startsWith('#')) {
        err('ref-external', pointer, `remote $ref "${ref}" is not supported`);
        return undefined;
      }
      if (ref === '#') return { ref: ROOT_KEY, meta: {}, source };
      if (!ref.startsWith('#/')) {
        err('ref-anchor', pointer, `anchor $ref "${ref}" is not supported`);
        return undefined;
      }
      const parts = ref.slice(1).split('/').slice(1);
      if (parts.length === 2 && parts[0] === '$defs') {
        const name = decodeSegment(parts[1]!);
        if (!Object.hasOwn(defs, name)) {
          err('ref-dangling', pointer, `$ref "${ref}" points at nothing`);
          return undefined;
        }
        return { ref: DEFS_PREFIX + pointerSegment(name), meta: {}, source };
      }
      const target = getAt(doc, ref.slice(1));
      if (target === undefined) {
        err('ref-dangling', pointer, `$ref "${ref}" points at nothing`);
        return undefined;
      }
      if (inlining.includes(ref)) {
        err('ref-cycle', pointer, `$ref "${ref}" refers to itself through a location that is not the root or a $defs entry`);
        return undefined;
      }
      inlining.push(ref);
      try {
        return readSchema(target, ctx, ref.slice(1));
      } finally {
        inlining.pop();
      }
    },
  };

  const rootName = opts.rootName ?? (isObj(doc) && typeof doc.title === 'string' && doc.title !== '' ? doc.title : 'Root');
  const root = readSchema(doc, ctx, '');
  const models: IRModel[] = [{ key: ROOT_KEY, name: rootName, schema: root, source: root.source }];
  for (const [name, node] of Object.entries(defs)) {
    const schema = readSchema(node, ctx, joinPointer('/$defs', name));
    models.push({ key: DEFS_PREFIX + pointerSegment(name), name, schema, source: schema.source });
  }
  return { models, rootKey: ROOT_KEY };
}
