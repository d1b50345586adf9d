// Types of the raw-byte request bodies' runtime halves (see bytes.js).

/** The client half: the body (a Blob) sent as it is, with `type` as Content-Type, or the Blob's own when null. */
export declare function bytesBody(type: string | null): import('./client.js').BodyWriter;
/** The mock half: the bytes as a Blob of the request's Content-Type, with a SHA-256 fingerprint. */
export declare function bytesReader(): import('./mock.js').BodyReader;
