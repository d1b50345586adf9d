// Types of the HTTP Digest scheme kind's runtime halves (see digest.js).

/** The client half of an HTTP Digest scheme: answers the server's challenge from `auth.username` and `auth.password`. */
export declare function digestAuth(): import('../client.js').SchemeApplier;
/** The mock half: an MD5 challenge, and the response checked against the accepted users. */
export declare const checkDigest: import('../mock.js').SchemeCheck;
/** The MD5 of a string's UTF-8 bytes, in lower-case hex. */
export declare function md5Hex(text: string): string;
/** The auth-params of the Digest challenge or credentials in a header value (names lower case), or undefined. */
export declare function digestParams(header: string): Map<string, string> | undefined;
/** The response of RFC 7616 section 3.4.1 for one request, with the given hash. */
export declare function digestResponse(
  hash: (text: string) => Promise<string>,
  a: { username: string; password: string; realm: string; nonce: string; method: string; uri: string; qop: string | undefined; nc: string; cnonce: string; sess: boolean },
): Promise<string>;
