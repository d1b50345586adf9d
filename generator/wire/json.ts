/**
 * Body encoding: JSON (`application/json`, `text/json`, any `+json`). Runtime halves: templates/runtime/client.js
 * (the lossless JSON writer and reader: integers beyond 2^53 are bigints) and templates/runtime/mock.js (decodes
 * with the same reader, replies with the same writer).
 */
import type { IRMediaContent, IRProvider, IRWireProblem, JsonValue } from '../ir/types.ts';
import type { DocRow, RawObject, RuntimeExport, WireReader } from './kind.ts';

/** A body encoding; `K` is its name in the IR (`IRMediaContent.encoding` is the union of the registered ones). */
export interface BodyKind<K extends string = string> {
  kind: K;
  doc: DocRow;
  /** Where the runtime half of a kind without `request` (JSON, XML: the core runtime's formats) lives, for readers. */
  runtime?: { client: string; mock: string };
  matches(mediaType: string): boolean;
  /** Marks the parts of a request body that are files (IRSchema.blob), for passes/body-files.ts. */
  files?(c: IRMediaContent, provider: Pick<IRProvider, 'models'>): void;
  /** What the kind reads from the media type object besides its schema (its `encoding` map), into the IR. */
  read?(media: RawObject, pointer: string, r: WireReader): Pick<IRMediaContent, 'parts' | 'problems'>;
  /** Its unit tests: media types it takes and media types it does not. */
  examples: { takes: string[]; leaves: string[] };
  /**
   * A request body kind the runtime does not write itself (form, multipart): its runtime halves, a client writer
   * factory (its result is the operation's `send`) and a mock reader factory, and the plan of one request body,
   * the arguments of each factory and what of the media type cannot be honoured. JSON and XML are the formats of
   * the core runtime and its generated codecs instead.
   */
  request?: {
    runtime: { client: RuntimeExport; mock: RuntimeExport };
    plan(c: IRMediaContent, provider: Pick<IRProvider, 'models'>): { client: JsonValue[]; mock: JsonValue[]; problems: IRWireProblem[] };
  };
}

/** True for application/json, text/json and any `+json` media type. */
export function isJsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base === 'text/json' || base.endsWith('+json');
}

export const json: BodyKind<'json'> = {
  kind: 'json',
  doc: { kind: 'JSON body', spec: '`application/json`, `text/json`, `*/*+json`', client: 'lossless JSON (int64 as bigint beyond 2^53), validated', mock: 'decoded, validated, replies written the same way' },
  runtime: { client: 'templates/runtime/client.js (readJson, writeJson)', mock: 'templates/runtime/mock.js (decode, reply)' },
  matches: isJsonMediaType,
  examples: { takes: ['application/json', 'application/json; charset=utf-8', 'TEXT/JSON', 'application/problem+json'], leaves: ['application/xml', 'text/plain', 'application/jsonl', 'application/x-www-form-urlencoded'] },
};
