// Types of the OAuth 2.0 client-credentials part of the client runtime (used by client.js; see oauth.js).

/** Seconds before `expires_in` runs out at which a cached token is replaced. */
export declare const TOKEN_MARGIN_SECONDS: number;
/** application/x-www-form-urlencoded encoding of one string. */
export declare function formEncode(s: string): string;
/** The client_secret_basic Authorization value (RFC 6749 §2.3.1). */
export declare function clientBasic(id: string, secret: string): string;
/** The token endpoint URL, resolved against the client's base URL. */
export declare function resolveTokenUrl(tokenUrl: string, base: string): string;
export declare class TokenSource {
  constructor(key: string, scheme: { tokenUrl: string; clientAuth: 'client_secret_basic' | 'client_secret_post' }, auth: Record<string, unknown>, base: string);
}
