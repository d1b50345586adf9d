/**
 * Body encoding: `multipart/form-data`, one part per member of the body object (docs/decisions.md, multipart):
 * a `format: binary` member is a file part (a `Blob` or `File`, typed `Blob` by passes/body-files.ts), a member
 * whose `encoding.<member>.contentType` is JSON (or an object without one, OpenAPI's default) a JSON part, any
 * other member a text part; a list is one part per item. Runtime halves: templates/runtime/form.js
 * `encodeMultipart` (the client builds the platform's FormData, so fetch writes the boundary) and
 * `decodeMultipart` (the mock reads the body with the platform's `Request.formData()`).
 */
import type { IRMediaContent, IRPartEncoding, IRProvider, IRSchema, IRWireProblem, JsonValue } from '../ir/types.ts';
import { objectProperties } from '../ir/walk.ts';
import { decodeShape, resolve, typesOf } from './form.ts';
import { isJsonMediaType, type BodyKind } from './json.ts';
import { isObj, type RawObject, type WireReader } from './kind.ts';

export function isMultipartMediaType(mediaType: string): boolean {
  return mediaType.split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';
}

function read(media: RawObject, pointer: string, r: WireReader): Pick<IRMediaContent, 'parts' | 'problems'> {
  const parts: Record<string, IRPartEncoding> = {};
  const problems: IRWireProblem[] = [];
  const enc = media.encoding;
  if (!isObj(enc)) return {};
  for (const [name, raw] of Object.entries(enc)) {
    const p = r.at(pointer, 'encoding', name);
    if (!isObj(raw)) continue;
    const part: IRPartEncoding = { source: r.loc(p) };
    if (typeof raw.contentType === 'string') part.contentType = raw.contentType;
    // FormData gives no way to set a part's own headers.
    if (isObj(raw.headers) && Object.keys(raw.headers).length > 0) {
      problems.push({ what: `multipart member ${JSON.stringify(name)} declares part headers (${Object.keys(raw.headers).join(', ')}), which the client cannot send`, source: r.loc(r.at(p, 'headers')) });
    }
    // style, explode and allowReserved apply to form bodies only (OpenAPI: ignored for multipart).
    parts[name] = part;
  }
  const out: Pick<IRMediaContent, 'parts' | 'problems'> = { parts };
  if (problems.length > 0) out.problems = problems;
  return out;
}

export const multipart: BodyKind<'multipart'> = {
  kind: 'multipart',
  doc: {
    kind: 'Multipart body',
    spec: '`multipart/form-data`: `format: binary` members, `encoding.<member>.contentType`',
    client: 'the platform `FormData` (fetch writes the boundary): `Blob`/`File` parts for binary members, JSON parts, text parts; validated first',
    mock: 'read with the platform (`Request.formData()`), JSON parts parsed, text converted per the schema, validated',
  },
  matches: isMultipartMediaType,
  read,
  files(c, provider) {
    for (const p of objectProperties(c.schema, provider)) {
      const s = resolve(p.schema, provider);
      if (isBinaryString(s)) s.blob = true;
      const items = s.array?.items !== undefined ? resolve(s.array.items, provider) : undefined;
      if (items && isBinaryString(items)) items.blob = true;
    }
  },
  request: {
    runtime: { client: { module: 'form.js', name: 'multipartBody' }, mock: { module: 'form.js', name: 'multipartReader' } },
    plan(c, provider) {
      const m = planMultipart(c, provider);
      return { client: [m.parts], mock: [decodeShape(c.schema, provider) as JsonValue, m.parts], problems: [...(c.problems ?? []), ...m.problems] };
    },
  },
  examples: { takes: ['multipart/form-data', 'multipart/form-data; boundary=x'], leaves: ['multipart/mixed', 'application/x-www-form-urlencoded', 'application/json'] },
};

/** A string of raw bytes: `format: binary`, or a `contentMediaType` without a `contentEncoding`. */
export function isBinaryString(s: IRSchema): boolean {
  const bytes = s.string?.format === 'binary' || (s.string?.contentMediaType !== undefined && s.string.contentEncoding === undefined);
  return bytes && (s.types === undefined || s.types.every((t) => t === 'string' || t === 'null'));
}

/** How one member travels: a file, a JSON document, or text. */
export type PartKind = 'binary' | 'json' | 'text';

type Models = Pick<IRProvider, 'models'>;

/**
 * Each declared member's part kind, and what the client cannot send exactly: a body that is not an object, an
 * encoding for no member, a part media type other than JSON or text for a member that is not a file.
 */
export function planMultipart(c: IRMediaContent, provider: Models): { parts: Record<string, PartKind>; problems: IRWireProblem[] } {
  const parts: Record<string, PartKind> = {};
  const problems: IRWireProblem[] = [];
  const t = typesOf(c.schema, provider);
  if (t !== undefined && !t.includes('object')) {
    problems.push({ what: `a multipart body is an object's members; this one is ${t.join(' or ')}`, source: c.schema.source });
    return { parts, problems };
  }
  const props = objectProperties(c.schema, provider);
  for (const [name, part] of Object.entries(c.parts ?? {})) {
    if (!props.some((p) => p.name === name)) problems.push({ what: `the encoding names ${JSON.stringify(name)}, which is not a member of the multipart body; the entry is not used`, source: part.source, harmless: true });
  }
  for (const p of props) {
    const part = c.parts?.[p.name];
    const s = resolve(p.schema, provider);
    const items = s.array?.items !== undefined ? resolve(s.array.items, provider) : undefined;
    const pt = typesOf(p.schema, provider);
    const isArray = pt?.length === 1 && pt[0] === 'array';
    const one = isArray && items ? items : s;
    if (one.blob) {
      parts[p.name] = 'binary';
      continue;
    }
    const ct = part?.contentType;
    const ot = isArray && items ? typesOf(items, provider) : pt;
    const structured = ot !== undefined && ot.length > 0 && ot.every((x) => x === 'object' || x === 'array');
    if (ct === undefined) parts[p.name] = structured ? 'json' : 'text';
    else if (isJsonMediaType(ct)) parts[p.name] = 'json';
    else if (ct.split(';')[0]!.trim().toLowerCase() === 'text/plain' && !structured) parts[p.name] = 'text';
    else problems.push({ what: `multipart member ${JSON.stringify(p.name)} as ${ct}: the client sends files (format: binary), JSON and text parts`, source: part!.source });
  }
  return { parts, problems };
}
