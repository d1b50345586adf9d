/**
 * Pass: the file members of multipart request bodies. A member (or a list's items) that is `type: string,
 * format: binary` (OpenAPI 3.0), or a string with a `contentMediaType` and no `contentEncoding` (OpenAPI 3.1's
 * way of saying raw bytes), in a `multipart/form-data` body is a file: it is typed `Blob`, validated as one,
 * sent as a file part and read back as one (IRSchema.blob). Elsewhere both stay annotations on a string; a
 * `contentEncoding: base64` member is text.
 */
import type { IRProvider, IRSchema } from '../ir/types.ts';
import { objectProperties } from '../ir/walk.ts';
import { resolve } from '../wire/form.ts';

function isBinaryString(s: IRSchema): boolean {
  const bytes = s.string?.format === 'binary' || (s.string?.contentMediaType !== undefined && s.string.contentEncoding === undefined);
  return bytes && (s.types === undefined || s.types.every((t) => t === 'string' || t === 'null'));
}

export function markMultipartFiles(provider: IRProvider): void {
  for (const op of provider.operations) {
    for (const c of op.requestBody?.contents ?? []) {
      if (c.encoding !== 'multipart') continue;
      for (const p of objectProperties(c.schema, provider)) {
        const s = resolve(p.schema, provider);
        if (isBinaryString(s)) s.blob = true;
        const items = s.array?.items !== undefined ? resolve(s.array.items, provider) : undefined;
        if (items && isBinaryString(items)) items.blob = true;
      }
    }
  }
}
