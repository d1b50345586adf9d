/**
 * Body encoding: raw bytes (`application/octet-stream`, images, audio, video, fonts, PDF and archives), as file
 * uploads are described: the body is a `Blob` (a `File` is one), typed so, validated as one, and sent as it is.
 * The Content-Type is the media type the spec names, or, for a range such as `image/*`, the Blob's own type.
 * Runtime halves: templates/runtime/bytes.js (`bytesBody`: the client's writer; `bytesReader`: the mock reads the
 * bytes back into a Blob, fingerprinted by a SHA-256 of the bytes for idempotency keys).
 *
 * A body of such a media type whose schema says it is not bytes (an object, a number) cannot be sent as it is
 * described: a located `body-encoding-unsupported` problem.
 */
import type { IRMediaContent, IRProvider, IRSchema } from '../ir/types.ts';
import { resolve } from './form.ts';
import type { BodyKind } from './json.ts';
import { isBinaryString } from './multipart.ts';

/** Media types of raw bytes: exact ones, and families (`image/png`, `audio/*`, ...). */
const EXACT = new Set(['application/octet-stream', 'application/pdf', 'application/zip', 'application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-bzip2', 'application/x-7z-compressed', 'application/vnd.android.package-archive']);
const FAMILIES = ['image/', 'audio/', 'video/', 'font/'];

export function isBinaryMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  // Structured text in a binary family (image/svg+xml) is XML or JSON, not bytes.
  if (base.endsWith('+xml') || base.endsWith('+json')) return false;
  return EXACT.has(base) || FAMILIES.some((f) => base.startsWith(f) && base.length > f.length);
}

/**
 * What a body of such a media type is: `bytes` (a binary string; a plain `type: string`, which is what many
 * documents converted from Swagger 2.0 say of an octet-stream or tar body; or no constraint at all, a schema-less
 * upload), `text` (a string the document says is encoded, `format: byte` or a `contentEncoding` such as base64,
 * sent as it is), or neither.
 */
function bodyOf(c: IRMediaContent, provider: Pick<IRProvider, 'models'>): { schema: IRSchema; as: 'bytes' | 'text' } | undefined {
  const s = resolve(c.schema, provider);
  if (s.blob === true || isBinaryString(s)) return { schema: s, as: 'bytes' };
  const all: (keyof IRSchema)[] = ['bool', 'types', 'ref', 'enum', 'const', 'string', 'number', 'array', 'object', 'allOf', 'anyOf', 'oneOf', 'not', 'if'];
  if (all.every((k) => s[k] === undefined)) return { schema: s, as: 'bytes' };
  const others = all.filter((k) => k !== 'types' && k !== 'string');
  const isString = s.types !== undefined && s.types.length > 0 && s.types.every((t) => t === 'string' || t === 'null') && others.every((k) => s[k] === undefined);
  if (!isString) return undefined;
  const encoded = s.string?.format === 'byte' || s.string?.contentEncoding !== undefined;
  if (encoded) return { schema: s, as: 'text' };
  return s.string?.format === undefined ? { schema: s, as: 'bytes' } : undefined;
}

export const binary: BodyKind<'binary'> = {
  kind: 'binary',
  doc: {
    kind: 'Binary body',
    spec: '`application/octet-stream`, `image/*`, `audio/*`, `video/*`, `font/*`, PDF and archives, with a `format: binary` (3.0) or `contentMediaType` (3.1) string, or no schema',
    client: 'a `Blob` (or `File`), validated as one and sent as it is; Content-Type the media type, or the Blob\'s own type for a range such as `image/*`; a string the document says is encoded (`format: byte`, `contentEncoding`) is sent as text',
    mock: 'the bytes read back into a `Blob` (encoded text into a string); a repeated idempotency key is compared by their SHA-256',
  },
  matches: isBinaryMediaType,
  files(c, provider) {
    const b = bodyOf(c, provider);
    if (b?.as === 'bytes') b.schema.blob = true;
  },
  request: {
    runtime: { client: { module: 'bytes.js', name: 'bytesBody' }, mock: { module: 'bytes.js', name: 'bytesReader' } },
    plan(c, provider) {
      const base = c.mediaType.split(';')[0]!.trim().toLowerCase();
      const b = bodyOf(c, provider);
      const problems = b === undefined ? [{ what: `the client sends ${base} bodies as bytes (a Blob) or as encoded text (a string), and this one's schema describes neither`, source: c.schema.source }] : [];
      // A range (image/*) has no one Content-Type: fetch takes the Blob's own.
      const text = b?.as === 'text';
      return { client: [base.endsWith('/*') ? null : c.mediaType, text], mock: [text], problems };
    },
  },
  examples: { takes: ['application/octet-stream', 'image/png', 'image/*', 'application/pdf', 'application/x-tar', 'video/mp4; codecs=avc1'], leaves: ['image/svg+xml', 'application/json', 'text/plain', 'multipart/form-data', 'image/'] },
};
