/**
 * Body encoding: `application/x-www-form-urlencoded`, written member by member per the media type's `encoding`
 * map (style form / spaceDelimited / pipeDelimited / deepObject, explode). Runtime halves:
 * templates/runtime/form.js `encodeForm` (the client, through the operation's `send`) and `decodeForm` (the
 * mock, with the body's shape from `decodeShape`, then the same validators as JSON bodies).
 *
 * What the runtime cannot write exactly is found here, at generation time, and recorded on the media type as
 * problems (IRMediaContent.problems); the client emitter turns them into errors, or with
 * `x-refuse-unsupported: [requestBody]` into methods that refuse every call.
 */
import type { IRMediaContent, IRPartEncoding, IRProvider, IRSchema, IRWireProblem, JsonType, JsonValue } from '../ir/types.ts';
import { modelByKey, objectProperties } from '../ir/walk.ts';
import type { BodyKind } from './json.ts';
import { isObj, type RawObject, type WireReader } from './kind.ts';

export function isFormMediaType(mediaType: string): boolean {
  return mediaType.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

const STYLES = ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'] as const;

/** The media type's `encoding` map for a form body: style and explode checked, problems located. */
function read(media: RawObject, pointer: string, r: WireReader): Pick<IRMediaContent, 'parts' | 'problems'> {
  const parts: Record<string, IRPartEncoding> = {};
  const problems: IRWireProblem[] = [];
  const enc = media.encoding;
  if (!isObj(enc)) return {};
  const problem = (p: string, what: string): void => {
    problems.push({ what, source: r.loc(p) });
  };
  for (const [name, raw] of Object.entries(enc)) {
    const p = r.at(pointer, 'encoding', name);
    if (!isObj(raw)) continue;
    const part: IRPartEncoding = { source: r.loc(p) };
    const style = raw.style;
    if (style !== undefined) {
      if (typeof style === 'string' && (STYLES as readonly string[]).includes(style)) part.style = style as NonNullable<IRPartEncoding['style']>;
      else problem(r.at(p, 'style'), `form member ${JSON.stringify(name)} has style ${JSON.stringify(style)}; a form body is written with style form, spaceDelimited, pipeDelimited or deepObject`);
    }
    if (typeof raw.explode === 'boolean') part.explode = raw.explode;
    if (part.style === 'deepObject' && part.explode === false) {
      problem(r.at(p, 'explode'), `form member ${JSON.stringify(name)}: style deepObject is defined only with explode true`);
    }
    if ((part.style === 'spaceDelimited' || part.style === 'pipeDelimited') && part.explode === true) {
      problem(r.at(p, 'explode'), `form member ${JSON.stringify(name)}: style ${part.style} is defined only with explode false`);
    }
    const ct = raw.contentType;
    if (typeof ct === 'string' && ct.split(';')[0]!.trim().toLowerCase() !== 'text/plain') {
      problem(r.at(p, 'contentType'), `form member ${JSON.stringify(name)} as ${ct}: the client writes form members as text only`);
    }
    parts[name] = part;
  }
  const out: Pick<IRMediaContent, 'parts' | 'problems'> = { parts };
  if (problems.length > 0) out.problems = problems;
  return out;
}

export const form: BodyKind<'form'> = {
  kind: 'form',
  doc: {
    kind: 'Form body',
    spec: '`application/x-www-form-urlencoded` with its `encoding` map (style form, spaceDelimited, pipeDelimited, deepObject; explode)',
    client: 'typed and validated like JSON, then written per member: deepObject as bracketed keys (`metadata[order_id]=6735`, `preferred_locales[0]=en`); what a style cannot write is a generation error',
    mock: 'decoded (numbers, booleans, integers per the schema), validated, answered in the vendor\'s error shape',
  },
  matches: isFormMediaType,
  read,
  request: {
    runtime: { client: { module: 'form.js', name: 'formBody' }, mock: { module: 'form.js', name: 'formReader' } },
    plan(c, provider) {
      const encoding = runtimeEncoding(c) as JsonValue;
      return { client: [encoding], mock: [decodeShape(c.schema, provider) as JsonValue, encoding], problems: [...(c.problems ?? []), ...checkForm(c, provider)] };
    },
  },
  examples: { takes: ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'], leaves: ['multipart/form-data', 'application/json', 'text/plain'] },
};

// ---- shapes -------------------------------------------------------------------------------------------------

type Models = Pick<IRProvider, 'models'>;

/** The schema a node stands for: refs followed to their model (cycles stop). */
export function resolve(s: IRSchema, provider: Models): IRSchema {
  let cur = s;
  for (let i = 0; i < 16 && cur.ref !== undefined && cur.types === undefined && cur.object === undefined; i++) {
    const m = modelByKey(provider, cur.ref);
    if (!m) break;
    cur = m.schema;
  }
  return cur;
}

/** The JSON types a node allows (null left out); undefined when it does not say. */
export function typesOf(s: IRSchema, provider: Models): JsonType[] | undefined {
  const r = resolve(s, provider);
  let t = r.types;
  if (t === undefined) {
    for (const a of r.allOf ?? []) {
      t = typesOf(a, provider);
      if (t !== undefined) break;
    }
  }
  if (t === undefined && r.object !== undefined) t = ['object'];
  if (t === undefined && r.array !== undefined) t = ['array'];
  return t?.filter((x) => x !== 'null');
}

function isNested(s: IRSchema | undefined, provider: Models): boolean {
  if (s === undefined) return false;
  const t = typesOf(s, provider);
  return t !== undefined && t.length > 0 && t.every((x) => x === 'object' || x === 'array');
}

/** Free-form members (additionalProperties other than false, or patternProperties) of an object schema. */
function openMembers(s: IRSchema, provider: Models): boolean {
  const r = resolve(s, provider);
  const o = r.object;
  if (!o) return r.types?.includes('object') === true && r.object === undefined;
  return (o.additionalProperties !== undefined && o.additionalProperties.bool !== false) || (o.patternProperties?.length ?? 0) > 0;
}

/** The style and explode a member is written with (OpenAPI's defaults). */
export function styleOf(part: IRPartEncoding | undefined): { style: NonNullable<IRPartEncoding['style']>; explode: boolean } {
  const style = part?.style ?? 'form';
  return { style, explode: part?.explode ?? style === 'form' };
}

/**
 * What a form body's schema asks that the writer cannot write exactly, or the mock cannot read back: a body that
 * is not an object, an encoding entry for no member, nested values under a style other than deepObject, and
 * free-form members of an exploded object (their names would mix with the body's own).
 */
export function checkForm(c: IRMediaContent, provider: Models): IRWireProblem[] {
  const out: IRWireProblem[] = [];
  const body = c.schema;
  const t = typesOf(body, provider);
  if (t !== undefined && !t.includes('object')) {
    out.push({ what: `a form body is an object's members; this one is ${t.join(' or ')}`, source: body.source });
    return out;
  }
  const props = objectProperties(body, provider);
  const open = openMembers(body, provider);
  for (const [name, part] of Object.entries(c.parts ?? {})) {
    if (!props.some((p) => p.name === name) && !open) out.push({ what: `the encoding names ${JSON.stringify(name)}, which is not a member of the form body; the entry is not used`, source: part.source, harmless: true });
  }
  for (const p of props) {
    const part = c.parts?.[p.name];
    const { style, explode } = styleOf(part);
    if (style === 'deepObject') continue;
    const where = part?.source ?? p.schema.source;
    const pt = typesOf(p.schema, provider);
    const how = `style ${style}${style === 'form' ? (explode ? ' (explode)' : ' without explode') : ''}`;
    if (pt?.includes('array')) {
      const items = resolve(p.schema, provider).array?.items;
      if (isNested(items, provider)) out.push({ what: `form member ${JSON.stringify(p.name)} is a list of objects or lists, which ${how} cannot write (style deepObject can)`, source: where });
    }
    if (pt?.includes('object')) {
      const members = objectProperties(p.schema, provider);
      const nested = members.find((m) => isNested(m.schema, provider));
      if (nested) out.push({ what: `form member ${JSON.stringify(p.name)} has the nested member ${JSON.stringify(nested.name)}, which ${how} cannot write (style deepObject can)`, source: where });
      else if (style === 'form' && explode && openMembers(p.schema, provider)) {
        out.push({ what: `form member ${JSON.stringify(p.name)} has free-form members, which style form with explode writes as the body's own keys, where they cannot be told apart (style deepObject keeps them in brackets)`, source: where });
      }
    }
  }
  return out;
}

/** The runtime's encoding map: member -> { style, explode }, for the members that have an entry. */
export function runtimeEncoding(c: IRMediaContent): Record<string, { style?: string; explode?: boolean }> {
  const out: Record<string, { style?: string; explode?: boolean }> = {};
  for (const [name, part] of Object.entries(c.parts ?? {})) {
    const e: { style?: string; explode?: boolean } = {};
    if (part.style !== undefined) e.style = part.style;
    if (part.explode !== undefined) e.explode = part.explode;
    out[name] = e;
  }
  return out;
}

/** A JSON value, the body's shape as form.js reads it: type, properties, items, additionalProperties. */
export type Shape = { type?: string; properties?: Record<string, Shape>; items?: Shape; additionalProperties?: Shape; blob?: true };

/** The shape of a body for the mock's form and multipart readers (refs resolved, depth-limited). */
export function decodeShape(s: IRSchema, provider: Models, depth = 0): Shape {
  const r = resolve(s, provider);
  const out: Shape = {};
  if (r.blob) return { blob: true };
  const t = typesOf(s, provider);
  if (t !== undefined && t.length > 0) {
    // Numbers win over text: a member that may be either is read as a number when it looks like one.
    out.type = t.includes('integer') ? 'integer' : t.includes('number') ? 'number' : t.includes('boolean') ? 'boolean' : t[0]!;
  }
  if (depth > 8) return out;
  const props = objectProperties(s, provider);
  if (props.length > 0) {
    out.properties = {};
    for (const p of props) out.properties[p.name] = decodeShape(p.schema, provider, depth + 1);
  }
  const ap = r.object?.additionalProperties;
  if (ap !== undefined && ap.bool === undefined) out.additionalProperties = decodeShape(ap, provider, depth + 1);
  const items = r.array?.items;
  if (items !== undefined) out.items = decodeShape(items, provider, depth + 1);
  return out;
}
