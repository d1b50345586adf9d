/**
 * Pass: where each error body keeps the vendor's code and text. OpenAPI has no keyword for it, so it is found
 * in the error schema by member names (docs/spec-conventions.md, Clients); the client descriptor and the docs
 * read the result from `facts.errorFields`.
 */
import type { IRErrorFields, IRFieldStep, IRMediaContent, IRProvider, IRSchema } from '../ir/types.ts';
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
  for (const op of provider.operations) {
    for (const r of op.responses) {
      if (/^2/.test(r.status)) continue;
      for (const c of r.contents) {
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
