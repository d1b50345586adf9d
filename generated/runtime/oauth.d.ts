// Types of the OAuth 2.0 client-credentials part of the client runtime (used by client.js; see oauth.js).

/** Seconds before `expires_in` runs out at which a cached token is replaced. */
export declare const TOKEN_MARGIN_SECONDS: number;
/** application/x-www-form-urlencoded encoding of one string. */
export declare function formEncode(s: string): string;
/** The client_secret_basic Authorization value (RFC 6749 §2.3.1). */
export declare function clientBasic(id: string, secret: string): string;
/** The token endpoint URL, resolved against the client's base URL. */
export declare function resolveTokenUrl(tokenUrl: string, base: string): string;
/** The token of one OAuth 2.0 client-credentials scheme for one client: fetched, cached and shared. */
export declare class TokenSource {
  constructor(key: string, scheme: { tokenUrl: string; clientAuth: 'client_secret_basic' | 'client_secret_post' }, auth: Readonly<Record<string, any>>, base: string);
  /** The cached token while it is fresh, else one token request shared by every caller waiting. */
  get(core: TokenClient): Promise<TokenResult>;
  /** The API refused `token` (401): the next get() asks for a new one; true (the call is retried once). */
  refused(token: string): boolean;
}

/** What a TokenSource needs of the client it serves (the ClientCore of client.js). */
export interface TokenClient {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Time limit of the token request, in milliseconds (0: none). */
  readonly timeoutMs: number;
  readonly onRequest: ((info: import('./client.js').RequestInfo) => void) | undefined;
  readonly onResponse: ((info: import('./client.js').ResponseInfo) => void) | undefined;
  /** Calls a caller's hook with `info`; what it throws is ignored. */
  hook(fn: (info: any) => void, info: object): void;
  scrub(text: string): string;
  redactHeaders(h: Headers | Record<string, string>): Record<string, string>;
  /** Starts and stops redacting a token in messages. */
  remember(secret: string): void;
  forget(secret: string): void;
}

/** A token, or why there is none (an `auth`, `network` or `timeout` failure without its `operation`). */
export type TokenResult =
  | { token: string; error?: undefined }
  | { token?: undefined; error: { kind: 'auth'; status: number; code: string | undefined; message: string } | { kind: 'network' | 'timeout'; message: string } };
