/**
 * Pass: where each error body keeps the vendor's code and text. OpenAPI has no keyword for it, so it is found
 * in the error schema by member names (docs/spec-conventions.md, Clients); the client descriptor and the docs
 * read the result from `facts.errorFields`.
 */
import { joinPointer, type Diagnostics } from '../diagnostics.ts';
import type { IRDeclaredErrorFields, IRErrorFields, IRFieldPath, IRFieldStep, IRMediaContent, IRProvider, IRSchema, JsonType } from '../ir/types.ts';
import { modelByKey, objectProperties } from '../ir/walk.ts';

const CODE_NAME = /^(?:[a-z]*error|status|fault)?(?:code|number)$/i;
const MESSAGE_NAME = /^[a-z]*(?:message|description|reason|detail)$/i;

/** Error-field locations of every non-2xx response body of the provider. */
export function errorFieldsPass(provider: IRProvider): Map<IRMediaContent, IRErrorFields> {
  const out = new Map<IRMediaContent, IRErrorFields>();
  const withCodes = provider.errorCatalog.length > 0;
  // A body that is a plain ref (as most error bodies are: one shared error model) gives the same answer every
  // time, and the search walks 8 levels deep: once per model, not once per response (Stripe: 1.2 s -> 0.1 s).
  const byRef = new Map<string, IRErrorFields | undefined>();
  const shapeFields = provider.errorShape?.fields;
  for (const c of provider.errorShape?.contents ?? []) out.set(c, declared(shapeFields) ?? findErrorFields(c.schema, provider, withCodes) ?? { at: [] });
  for (const op of provider.operations) {
    for (const r of op.responses) {
      if (/^2/.test(r.status)) continue;
      const own = declared(r.errorFields ?? shapeFields);
      for (const c of r.contents) {
        if (own) {
          out.set(c, own);
          continue;
        }
        const s = c.schema;
        const plainRef = s.ref !== undefined && !s.object && !s.allOf ? s.ref : undefined;
        if (plainRef !== undefined && !byRef.has(plainRef)) byRef.set(plainRef, findErrorFields(s, provider, withCodes));
        const f = plainRef !== undefined ? byRef.get(plainRef) : findErrorFields(s, provider, withCodes);
        if (f) out.set(c, f);
      }
    }
  }
  return out;
}

/**
 * Where an error body carries the vendor's code and text: the first object (depth first, declaration order,
 * through refs, allOf/anyOf, array items and map values) with a code-like member (`code`, `errorCode`,
 * `errorNumber`, `StatusCode`; only when the provider has an error catalog) and its text-like sibling
 * (`message`, `errorMessage`, `errorDescription`); without a code, the first object with a text-like member
 * (every such text is collected, each prefixed by its map key, like ASP.NET ModelState).
 */
export function findErrorFields(schema: IRSchema, provider: IRProvider, withCodes: boolean): IRErrorFields | undefined {
  const candidates: IRErrorFields[] = [];
  const visit = (s: IRSchema, at: IRFieldStep[], seen: string[]): void => {
    if (at.length > 8 || candidates.length > 16) return;
    for (const { schema: x, seen: seen2 } of expand(s, provider, seen)) {
      const props = objectProperties(x, provider);
      if (props.length > 0 || x.object) {
        const f = codeAndMessage(props, provider, withCodes, at);
        if (f) candidates.push(f);
        for (const p of props) {
          for (const { schema: ps, seen: s3 } of expand(p.schema, provider, seen2)) {
            if (ps.array?.items) visit(ps.array.items, [...at, p.name, 0], s3);
            else if (ps.object || ps.ref || ps.allOf) visit(ps, [...at, p.name], s3);
          }
        }
        const ap = x.object?.additionalProperties;
        if (ap && ap.bool === undefined) visit(ap, [...at, 1], seen2);
      }
      if (x.array?.items) visit(x.array.items, [...at, 0], seen2);
      // allOf members that bring no declared members (a named wrapper of a map, say) are walked on their own.
      if (props.length === 0) for (const a of x.allOf ?? []) visit(a, at, seen2);
    }
  };
  visit(schema, [], []);
  return candidates.find((c) => c.code !== undefined) ?? candidates.find((c) => c.message !== undefined);
}

function codeAndMessage(props: { name: string; schema: IRSchema }[], provider: IRProvider, withCodes: boolean, at: IRFieldStep[]): IRErrorFields | undefined {
  let code: string | undefined;
  let message: string | undefined;
  for (const p of props) {
    const t = scalarTypes(p.schema, provider);
    if (withCodes && code === undefined && CODE_NAME.test(p.name) && (t.has('string') || t.has('integer') || t.has('number'))) code = p.name;
    if (message === undefined && MESSAGE_NAME.test(p.name) && t.has('string')) message = p.name;
  }
  if (code === undefined && message === undefined) return undefined;
  const f: IRErrorFields = { at };
  if (code !== undefined) f.code = code;
  if (message !== undefined) f.message = message;
  return f;
}

/** A schema with its refs followed and anyOf/oneOf alternatives spread (cycles cut). */
function expand(s: IRSchema, provider: IRProvider, seen: string[]): { schema: IRSchema; seen: string[] }[] {
  if (s.ref !== undefined && !s.object && !s.allOf) {
    if (seen.includes(s.ref)) return [];
    const m = modelByKey(provider, s.ref);
    return m ? expand(m.schema, provider, [...seen, s.ref]) : [];
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.flatMap((a) => expand(a, provider, seen));
  return [{ schema: s, seen }];
}

function scalarTypes(s: IRSchema, provider: IRProvider, depth = 0): Set<string> {
  const out = new Set<string>();
  if (depth > 8) return out;
  for (const t of s.types ?? []) out.add(t);
  if (s.enum) for (const v of s.enum) out.add(typeof v === 'number' ? 'number' : typeof v);
  if (s.ref !== undefined) {
    const m = modelByKey(provider, s.ref);
    if (m) for (const t of scalarTypes(m.schema, provider, depth + 1)) out.add(t);
  }
  for (const a of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) for (const t of scalarTypes(a, provider, depth + 1)) out.add(t);
  return out;
}

/** Declared fields (`x-error-fields`, `x-errors`) as the runtime reads them: exact paths from the root. */
function declared(f: IRDeclaredErrorFields | undefined): IRErrorFields | undefined {
  if (!f) return undefined;
  const out: IRErrorFields = { at: [] };
  if (f.code) out.codePath = f.code;
  if (f.message) out.messagePath = f.message;
  return out;
}

/**
 * The schemas a path reaches from `schema` (through refs, allOf/anyOf/oneOf, declared members, map values and,
 * for a decimal segment, array items); empty when the schema has no such member.
 */
export function schemasAt(schema: IRSchema, path: IRFieldPath, provider: IRProvider): IRSchema[] {
  let cur = [schema];
  for (const seg of path) {
    const next: IRSchema[] = [];
    for (const s of cur) {
      for (const { schema: x } of expand(s, provider, [])) {
        const p = objectProperties(x, provider).find((m) => m.name === seg);
        if (p) next.push(p.schema);
        else if (x.object?.additionalProperties && x.object.additionalProperties.bool !== false) next.push(x.object.additionalProperties);
        if (/^(0|[1-9][0-9]*)$/.test(seg)) {
          const items = x.array?.items ?? (x.ref !== undefined ? modelByKey(provider, x.ref)?.schema.array?.items : undefined);
          if (items) next.push(items);
        }
      }
    }
    if (next.length === 0) return [];
    cur = next;
  }
  return cur;
}

function pathText(path: IRFieldPath): string {
  return path.length === 1 ? path[0]! : '/' + path.map((x) => x.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/**
 * Pass: every declared field (`x-vendor-status`, `x-error-fields`, `x-errors`) names a member the bodies it is
 * read from declare, and a success value the field's type admits. Located errors, at the declaration.
 */
export function checkFieldPaths(provider: IRProvider, diagnostics: Diagnostics): void {
  const seen = new Set<string>();
  const err = (loc: { file: string; pointer: string; line?: number }, segment: string, message: string): void => {
    const key = `${loc.file} ${loc.pointer} ${segment} ${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.error('field-unknown', loc.file, joinPointer(loc.pointer, segment), message, loc.line);
  };
  const check = (loc: { file: string; pointer: string; line?: number }, segment: string, path: IRFieldPath | undefined, contents: IRMediaContent[], what: string): IRSchema[] => {
    if (!path) return [];
    const reached: IRSchema[] = [];
    for (const c of contents) {
      if (c.schema.bool === true) continue;
      const at = schemasAt(c.schema, path, provider);
      if (at.length === 0) err(loc, segment, `${what} (${c.mediaType}) has no member ${pathText(path)}`);
      reached.push(...at);
    }
    return reached;
  };
  for (const op of provider.operations) {
    const vs = op.wire.vendorStatus;
    if (vs) {
      const ok = op.responses.filter((r) => /^2/.test(r.status));
      const contents = ok.flatMap((r) => r.contents);
      const what = `the success reply of ${op.operationId}`;
      const fieldSchemas = check(vs.source, 'field', vs.field, contents, what);
      check(vs.source, 'code', vs.code, contents, what);
      check(vs.source, 'message', vs.message, contents, what);
      for (const [key, v] of [['success', vs.success], ['failure', vs.failure]] as const) {
        const t: JsonType = typeof v === 'number' ? 'number' : (typeof v as JsonType);
        const bad = fieldSchemas.find((f) => { const ts = typesOf(f, provider); return ts.size > 0 && !ts.has(t) && !(t === 'number' && ts.has('integer')); });
        if (bad) err(vs.source, key, `${key} ${JSON.stringify(v)} is not a value of the field ${pathText(vs.field)} (${[...typesOf(bad, provider)].join(', ')}) in ${what}`);
      }
    }
    for (const r of op.responses) {
      if (r.errorFields) {
        const where = { file: r.source.file, pointer: joinPointer(r.source.pointer, 'x-error-fields'), ...(r.errorFields.source.line !== undefined ? { line: r.errorFields.source.line } : {}) };
        check(where, 'code', r.errorFields.code, r.contents, `the ${r.status} reply of ${op.operationId}`);
        check(where, 'message', r.errorFields.message, r.contents, `the ${r.status} reply of ${op.operationId}`);
      } else if (provider.errorShape?.fields && !/^2/.test(r.status)) {
        const f = provider.errorShape.fields;
        check(f.source, 'code', f.code, r.contents, `the ${r.status} reply of ${op.operationId} (add x-error-fields to that response for another shape)`);
        check(f.source, 'message', f.message, r.contents, `the ${r.status} reply of ${op.operationId} (add x-error-fields to that response for another shape)`);
      }
    }
  }
  const shape = provider.errorShape;
  if (shape?.fields) {
    check(shape.fields.source, 'code', shape.fields.code, shape.contents, 'the x-errors content');
    check(shape.fields.source, 'message', shape.fields.message, shape.contents, 'the x-errors content');
  }
}

function typesOf(s: IRSchema, provider: IRProvider): Set<string> {
  const out = scalarTypes(s, provider);
  if (s.const !== undefined) out.add(typeof s.const.value === 'number' ? 'number' : typeof s.const.value);
  return out;
}
