/**
 * Pass: the files of request bodies. A body kind may say which parts of its bodies are files (`BodyKind.files`):
 * for multipart, a member (or a list's items) that is `type: string, format: binary` (OpenAPI 3.0), or a string
 * with a `contentMediaType` and no `contentEncoding` (OpenAPI 3.1's way of saying raw bytes). A file is typed
 * `Blob`, validated as one, sent as one and read back as one (IRSchema.blob). Elsewhere both stay annotations on
 * a string; a `contentEncoding: base64` member is text.
 */
import type { IRProvider } from '../ir/types.ts';
import { bodyKinds } from '../wire/index.ts';

/** Marks the files of every request body whose kind has them (idempotent). */
export function markBodyFiles(provider: IRProvider): void {
  for (const op of provider.operations) {
    for (const c of op.requestBody?.contents ?? []) bodyKinds.find((k) => k.kind === c.encoding)?.files?.(c, provider);
  }
}
