// Raw-byte request bodies (generator/wire/binary.ts): application/octet-stream, images, audio, video, fonts,
// PDF, archives. Browser-safe like client.js.
import { isBlob, sha256Hex } from './client.js';

/**
 * The client half: the body is sent as it is. `type`: the Content-Type, or null for a range such as `image/*`,
 * where fetch takes the Blob's own type. `text`: the body is encoded text (a string, such as base64), not bytes.
 * Anything else is refused (a validation failure, nothing sent).
 * @param {string | null} type
 * @param {boolean} [text]
 * @returns {import('./client.js').BodyWriter}
 */
export function bytesBody(type, text = false) {
  return {
    type: type ?? undefined,
    what: text ? 'an encoded text body' : 'a binary body',
    encode(body) {
      if (text) {
        if (typeof body !== 'string') throw new TypeError('an encoded text body must be a string');
      } else if (!isBlob(body)) throw new TypeError('a binary body must be a Blob or File');
      return body;
    },
  };
}

/**
 * The mock half: the bytes as a Blob of the request's Content-Type (or, for encoded text, the UTF-8 string),
 * fingerprinted by their SHA-256 (a repeated idempotency key is compared by the bytes sent).
 * @param {boolean} [text]
 * @returns {import('./mock.js').BodyReader}
 */
export function bytesReader(text = false) {
  return async (bytes, contentType) => {
    // The mock's body bytes are backed by an ArrayBuffer (never a SharedArrayBuffer), as Web Crypto and Blob ask.
    const data = /** @type {Uint8Array<ArrayBuffer>} */ (bytes);
    const fingerprint = await sha256Hex(data);
    const value = text ? new TextDecoder().decode(data) : new Blob([data], { type: (contentType ?? '').split(';')[0].trim() });
    return { ok: true, value, fingerprint };
  };
}
