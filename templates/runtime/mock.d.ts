// Declarations of the mock-server runtime (mock.js). Each provider's generated mock.d.ts narrows these types
// to its own credentials, collections and records.

/** Credentials a mock accepts. What each provider reads is listed in its mock.d.ts. */
export interface MockCredentials {
  /** Username (or API key name) -> password: HTTP Basic, credentials in the body, session logon. */
  users?: Record<string, string>;
  /**
   * Per apiKey or bearer security scheme (by scheme name): accepted key or token -> the caller's role (null when
   * the scheme has no roles). A list of keys is the same as a map to null. A scheme given here replaces its
   * defaults.
   */
  apiKeys?: Record<string, Record<string, string | null> | string[]>;
  /** OAuth 2.0 clients the token endpoint accepts: client id -> client secret (replaces the defaults). */
  clients?: Record<string, string>;
}

/** Options every mock server takes. */
export interface MockServerOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Serve every route under this path prefix (default none), e.g. `/ws` like a vendor's base URL. */
  basePath?: string;
  /** Delay before every reply, in milliseconds (default 0). */
  latencyMs?: number;
  /** Largest accepted request body in bytes (default 1 MiB); a larger one is answered 413. */
  maxBodyBytes?: number;
  /**
   * Check every reply the mock builds with the generated response validators before it is sent; a reply that
   * fails is answered 500 and listed in `problems` (default false; tests turn it on).
   */
  validateReplies?: boolean;
  /** Lifetime of the OAuth 2.0 tokens the token endpoint issues, in seconds (`expires_in`, default 3600). */
  tokenTtlSeconds?: number;
  /** Sessions from a logon operation expire after this many milliseconds (default never). */
  sessionTtlMs?: number;
  /** The clock used for ids, timestamps and session expiry (default `() => new Date()`). */
  clock?: () => Date;
  /** Called with every internal failure (the 500 replies). */
  log?: (message: string) => void;
  /**
   * Answer browsers on other origins (default off): `true` allows any origin (except `null`), a list allows
   * those origins (`"http://127.0.0.1:5173"`). Preflights are answered; an allowed origin is echoed with
   * `Vary: Origin` and `Access-Control-Allow-Credentials: true` (cookie sessions), the methods and request
   * headers come from the spec (with Accept, Authorization, Content-Type), and the reply headers the spec
   * declares plus `Retry-After` are exposed (`Set-Cookie` never is). Other origins get no CORS header.
   */
  cors?: boolean | readonly string[];
  /**
   * Send `WWW-Authenticate` with a refused HTTP Basic call (default true). Set false for browsers: a challenge
   * makes them prompt for a login instead of handing the 401 to the page.
   */
  wwwAuthenticate?: boolean;
  /** Time a client has to send its request headers, in milliseconds (default 10,000); then 408 and closed. */
  headersTimeoutMs?: number;
  /** Time a client has to send its whole request, in milliseconds (default 30,000, at least headersTimeoutMs). */
  requestTimeoutMs?: number;
}

/** One record a mock created: its id, its place in creation order, what was sent and what was answered. */
export interface MockRecord<Request, Reply, Id = number | bigint | string> {
  id: Id;
  /** 1-based position in creation order. */
  seq: number;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** The request body as received, without what the client fills in (credentials in the body, RPC operation name). */
  request: Request;
  /** The success reply the mock sent. */
  reply: Reply;
}

/** A running mock server. */
export interface MockServer<Collections extends object = Record<string, MockRecord<unknown, unknown>[]>> {
  /** Base URL, e.g. `http://127.0.0.1:54321`: give it to the client as its baseUrl. */
  readonly url: string;
  readonly port: number;
  /** Internal failures and replies that failed validation (empty when all is well). */
  readonly problems: string[];
  /** Requests received, replies checked by `validateReplies`, and requests whose client left mid-upload (not failures). */
  readonly stats: { requests: number; validatedReplies: number; abortedRequests: number };
  /** A copy of the records of one collection, in creation order. */
  records<K extends keyof Collections & string>(collection: K): Collections[K];
  /** Ends every logon session (the next call must log on again). */
  expireSessions(): void;
  /** Ends every OAuth 2.0 token issued so far: the next call with one is answered 401. */
  expireTokens(): void;
  /** How many tokens the token endpoint has issued. */
  readonly tokensIssued: number;
  /**
   * Stops listening, closes idle keep-alive sockets, lets replies in flight finish (up to 2 s; they carry
   * `Connection: close`), then destroys what is left; resolves once every socket is closed, so a new server can
   * take the port and the next call succeeds.
   */
  close(): Promise<void>;
}

/** A vendor as the generated mock.js describes it (internal to generated code). */
export interface MockDefinition {
  provider: string;
  defaults: { users?: Record<string, string>; apiKeys?: Record<string, Record<string, string | null>>; clients?: Record<string, string> };
  schemes: Record<string, unknown>;
  /** Header names the spec has travel: sent by clients (CORS Allow-Headers) and declared on replies (Expose-Headers). */
  headers?: { request: string[]; response: string[] };
  authOrder?: string[];
  catalog: Record<string, { code: string | number; message: string; httpStatus?: number }>;
  errors?: Record<string, unknown>;
  errorStatus?: number;
  errorReply?: (ctx: unknown) => unknown;
  encodeSoapFault?: (fault: { code: 'Sender' | 'Receiver'; reason: string }) => string;
  operations: unknown[];
}

export declare const DEFAULT_MAX_BODY_BYTES: number;
export declare const DEFAULT_HEADERS_TIMEOUT_MS: number;
export declare const DEFAULT_REQUEST_TIMEOUT_MS: number;

/** Starts the mock a definition describes. */
export declare function serve(
  definition: MockDefinition,
  options?: MockServerOptions & { credentials?: MockCredentials; state?: Record<string, unknown> },
): Promise<MockServer>;

/** The client runtime's lossless JSON reader and writer (bigints beyond 2^53), shared so both sides agree. */
export { parseJson, stringifyJson } from './client.js';
/** Own-property lookup along `keys`; undefined when a step is missing. */
export declare function path(value: unknown, keys: readonly string[]): any;
/** The present members of `source` among `names`. */
export declare function copy(source: unknown, names: readonly string[]): Record<string, unknown>;
/** Removes undefined members (in place) and returns the object. */
export declare function defined<T extends object>(obj: T): T;
/** An object keyed by `key(item)` with `value(item)` for each item. */
export declare function entries<T>(list: readonly T[] | undefined, key: (item: T) => unknown, value: (item: T) => unknown): Record<string, unknown>;
/** Placeholder text for `$format`: "" for absent values. */
export declare function text(value: unknown): string;
/** `/a/0/b` -> `a[0].b`. */
export declare function fieldOf(pointer: string): string;
export declare function parseCookies(header: string | undefined): Map<string, string>;
export declare function parseBasic(header: string | undefined): { username: string; password: string } | undefined;
