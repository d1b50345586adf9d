// Types of the raw-byte request bodies' runtime halves (see bytes.js).

/** The client half: the body (a Blob, or encoded text with `text`) sent as it is, `type` its Content-Type (the Blob's own when null). */
export declare function bytesBody(type: string | null, text?: boolean): import('./client.js').BodyWriter;
/** The mock half: the bytes as a Blob of the request's Content-Type (or the text), with a SHA-256 fingerprint. */
export declare function bytesReader(text?: boolean): import('./mock.js').BodyReader;
