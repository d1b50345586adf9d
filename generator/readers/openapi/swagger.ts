/**
 * Swagger 2.0 documents are converted to OpenAPI 3.0 with swagger2openapi (patching what it can, warning
 * instead of failing) before the reader sees them. Problems the reader finds in the converted document are
 * moved back into the Swagger document by `swaggerPointer`: definitions, shared parameters and responses,
 * security definitions and response schemas map one to one; a request body points at the operation's
 * parameters (swagger2openapi builds it from the `in: body` / `in: formData` parameters); anything else
 * points at the nearest node that exists in the original.
 */
import { decodeSegment } from '../pointer.ts';

/**
 * The OpenAPI 3.0 form of a Swagger 2.0 document (the input is not changed). The converter and what it
 * requires are loaded on the first Swagger document only (about 0.1 s a run otherwise).
 */
export async function convertSwagger(doc: unknown, text: string): Promise<unknown> {
  const { convertObj } = await import('swagger2openapi');
  return convertObj(structuredClone(doc), { patch: true, warnOnly: true, direct: true, resolve: false, text, warnProperty: 'x-s2o-warning' });
}

/** A pointer of the converted document -> the pointer of the same thing in the Swagger document. */
export function swaggerPointer(pointer: string, original: unknown): string {
  const s = pointer.split('/');
  let out: string[];
  if (s[1] === 'components' && s[2] !== undefined) {
    const section = { schemas: 'definitions', parameters: 'parameters', responses: 'responses', securitySchemes: 'securityDefinitions', requestBodies: 'parameters' }[s[2]];
    out = section ? ['', section, ...s.slice(3)] : ['', ...s.slice(1, 3)];
  } else if (s[1] === 'paths' && s.length > 4) {
    const op = s.slice(0, 4);
    if (s[4] === 'requestBody') out = [...op, 'parameters'];
    else if (s[4] === 'responses' && s[6] === 'content' && s.length > 8) out = [...op, 'responses', s[5]!, ...s.slice(8)];
    else if (s[4] === 'responses' && s[6] === 'content') out = [...op, 'responses', s[5]!];
    else if (s[4] === 'parameters' && s[6] === 'schema') out = [...op, 'parameters', s[5]!, ...s.slice(7)];
    else out = s;
  } else if (s[1] === 'servers') {
    out = ['', 'host'];
  } else {
    out = s;
  }
  // The nearest node that exists in the original.
  let cur: unknown = original;
  let n = 1;
  for (; n < out.length; n++) {
    const k = decodeSegment(out[n]!);
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < cur.length) cur = cur[Number(k)];
    else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur) && Object.hasOwn(cur, k)) cur = (cur as Record<string, unknown>)[k];
    else break;
  }
  return out.slice(0, n).join('/');
}
