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

// ---------------------------------------------------------------------------------------------------------
// The definition a generated mock.js hands to `serve` (generator/emit/mock.ts writes it, annotated with
// `@type {MockDefinition}`, so checkJs checks every generated definition and route against these declarations).

/** A generated validator (validators.js `validators.<Model>`). */
export type MockValidator = (value: unknown) => { valid: true } | { valid: false; issues: { path: string; message: string; code?: string | number }[] };

/** What a generated XML or SOAP reader returns. */
export type MockDecodeResult = { ok: true; value: unknown } | { ok: false; errors: { code: string; message: string; path: string }[] };

/**
 * How one error class is answered (x-mock `errors`): each member overrides the vendor-shaped default. An example
 * reply comes with its status (the example is one of that response's).
 */
export type MockErrorSpec = MockErrorBase & ({ example?: undefined } | { status: number; example: () => unknown });

/** The members of every error spec. */
export interface MockErrorBase {
  status?: number;
  code?: string | number;
  message?: string;
  /** `none`: the reply has no body. */
  body?: 'none';
}

/** A security scheme the mock checks (generator/wire/<kind>.ts `mock().def`), with its own error replies. */
export interface MockScheme {
  /** The scheme kind (`basic`, `apiKey`, `bearer`, `oauth2`, `session`, ...). */
  type: string;
  /** The kind's mock half (templates/runtime/auth/<kind>.js): does this request carry an accepted credential? */
  check: SchemeCheck;
  /** Role names, lowest first, of a key or token scheme whose accepted keys carry roles. */
  roles?: string[];
  /** Error specs for an absent and for an unknown credential. */
  missing?: MockErrorSpec;
  invalid?: MockErrorSpec;
  /** A route of the scheme's own (the OAuth 2.0 token endpoint), answered before any operation's. */
  endpoint?: SchemeEndpoint;
  /** What the kind's check reads besides (an API key's `in` and `name`, a session's `cookie` and `code`, a token endpoint's `tokenUrl`). */
  [member: string]: unknown;
}

/** The part of a request a scheme check reads. */
export interface SchemeRequest {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  headers: import('node:http').IncomingHttpHeaders;
  query: URLSearchParams;
  cookies: Map<string, string>;
}

/** What a scheme's mock half may use of the server: the accepted credentials, and the sessions and tokens it issued. */
export interface SchemeContext {
  /** Whether failures carry a `WWW-Authenticate` challenge (the `wwwAuthenticate` option). */
  challenge: boolean;
  /** The user name and password of an `Authorization: Basic` header, or undefined. */
  basicCredentials(header: string | undefined): { username: string; password: string } | undefined;
  /** The pair is an accepted user (compared in constant time). */
  userOk(username: string, password: string): boolean;
  /** The accepted users: name -> password (for schemes that hash the password, such as HTTP Digest). */
  users: ReadonlyMap<string, string>;
  /** The accepted keys of a key or token scheme: key -> its role or null. */
  keys(scheme: string): ReadonlyMap<string, string | null>;
  /** Tokens the token endpoint issued: token -> expiry (ms since the epoch). */
  tokens: Map<string, number>;
  /** Sessions the logon issued: cookie value -> expiry (ms since the epoch, or Infinity). */
  sessions: Map<string, number>;
  /** A store of the scheme's own (the nonces a challenge issued), one per scheme key, as long as the server runs. */
  store(scheme: string): Map<string, unknown>;
  /** The client id and secret are an accepted OAuth 2.0 client (compared in constant time). */
  clientOk(id: string, secret: string): boolean;
  /** Issues a bearer token (remembered in `tokens` until it expires); returns it and its lifetime in seconds. */
  issueToken(): { token: string; expiresIn: number };
}

/**
 * A scheme check's answer: undefined or `{ role }` (the role of the accepted key, or null) to let the request
 * through; `{ deny }` to refuse it with the scheme's `missing` or `invalid` error spec, a text, challenge headers,
 * and a vendor code when the error spec has none.
 */
export type SchemeVerdict =
  | undefined
  | { deny?: undefined; role: string | null }
  | { deny: 'missing' | 'invalid'; detail: string; headers?: Readonly<Record<string, string>>; code?: string | number };

/** A route a scheme kind serves itself (templates/runtime/auth/<kind>.js), such as the OAuth 2.0 token endpoint. */
export interface SchemeEndpoint {
  /** Its path on the mock (under the mock's base path). */
  path(scheme: MockScheme, basePath: string): string;
  /** The reply to one request (POST only; the body read as bytes, within the mock's body limit). */
  answer(scheme: MockScheme, req: { headers: import('node:http').IncomingHttpHeaders }, body: Uint8Array, ctx: SchemeContext): { status: number; headers: Record<string, string>; body: string };
}

/** The mock half of a security scheme kind. */
export type SchemeCheck = (scheme: MockScheme, key: string, req: SchemeRequest, ctx: SchemeContext) => SchemeVerdict;

/** A request body as a body kind's reader gives it: the value (and a fingerprint of what JSON cannot hold), or why not. */
export type MockBodyRead = { ok: true; value: unknown; fingerprint?: string } | { ok: false; detail: string };

/** The mock half of a request body kind: the bytes (and the Content-Type, for its parameters) into a value. */
export type BodyReader = (bytes: Uint8Array, contentType: string | undefined) => MockBodyRead | Promise<MockBodyRead>;

/** A parameter the mock reads from the path, query, a header or a cookie, and checks. */
export interface MockParam {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The JSON Schema type the raw text is converted to (`integer`, `number`, `boolean`; anything else stays text). */
  type: string;
  enum?: (string | number | boolean | null)[];
  /** The vendor code of a wrong value. */
  code?: string | number;
}

/** One media type of a request body or a reply: the codec and validator of its model. */
export interface MockMedia {
  /** `json`, `xml`, or the body kind whose reader this is (`form`, `multipart`, ...). */
  kind: string;
  /** The body kind's reader of request bodies (form and multipart, templates/runtime/form.js). */
  read?: BodyReader;
  /** XML request bodies. */
  decode?(text: string): MockDecodeResult;
  /** XML replies. */
  encode?(value: unknown): string;
  validate?: MockValidator;
  /** The model's name, for messages. */
  model?: string;
}

/** Where the store of an operation keeps its records (x-mock `collection`, `id`, `parent`, `unique`). */
export interface MockStore {
  collection: string;
  /** Ids counted up from `start`, or taken from the request at `field` (generated from `alphabet` when absent). */
  id: { start: number | bigint; field?: undefined } | { field: string[]; alphabet: string; length: number; start?: undefined };
  /** A parent the request names, which must be known (or created by this operation when `created`). */
  parent?: { path: string[]; code: string | number; known: string[]; created: boolean };
  /** Members (by path) that no two records may share. */
  unique: { paths: string[][]; code?: string | number; message?: string }[];
}

/** A list operation: the collection it pages through and the query parameters that page it. */
export interface MockList {
  collection: string;
  offset?: string;
  limit?: string;
  cursor?: string;
  /** The page size when the limit parameter is absent (its default in the spec). */
  defaultLimit?: number;
}

/** One page of a list operation (`ctx.page`); `next` and `cursor` are absent on the last page. */
export interface MockPage {
  items: MockRecord<unknown, unknown>[];
  start: number;
  limit: number;
  total: number;
  more: boolean;
  count: number;
  next?: number;
  cursor?: string;
}

/** The current time in the forms templates use. */
export interface MockNow {
  date: Date;
  iso: string;
  epochSeconds: number;
  epochMillis: number;
}

/** What a compiled x-mock reply template reads. */
export interface MockReplyContext {
  /** The decoded request body (validated). */
  request: any;
  /** Path and query parameters, converted. */
  params: Record<string, any>;
  now: MockNow;
  /** The id the store allocated (operations with a collection). */
  id?: any;
  /** The page a list operation answers with. */
  page?: MockPage;
}

/** One reported problem as error templates see it. */
export interface MockErrorItem {
  detail: string;
  summary: string;
  message: string;
  path: string;
  /** `path` as a field path (`skUs[0].licenseCount`). */
  field: string;
  code?: string | number;
  value?: unknown;
}

/** What a compiled x-mock error template reads. */
export interface MockErrorContext {
  error: MockErrorItem;
  errors: MockErrorItem[];
  fields: { field: string; errors: MockErrorItem[] }[];
  params: Record<string, any>;
  request: any;
  now: MockNow;
  /** The error class: `invalid`, `unauthenticated`, `duplicate`, ... */
  kind: string;
}

/** One route of a mock: an operation of the spec with what the mock checks and answers. */
export interface MockOperation {
  /** The operationId. */
  id: string;
  /** Upper case. */
  method: string;
  /** The path template (`/customers/{id}`). */
  path: string;
  params: MockParam[];
  /** Security alternatives: each a list of scheme names that must all pass; [] when open. */
  security: string[][];
  /** x-formats: the path parameter that selects the format, and its values' media types. */
  formats?: { parameter: string; media: Record<string, string> };
  /** x-body-credentials: the body member holding the credentials and its username and password members. */
  bodyCredentials?: { property: string; username: string; password: string };
  /** x-rpc-operation: the body member naming the operation, and its value for this one. */
  rpc?: { property: string; value: string };
  /**
   * x-vendor-status: failures are answered with the success status, `failure` at `field`, and the code and text at
   * those paths (`numericCode`: the code member is a number, 0 when the failure has none).
   */
  vendorStatus?: { field: string[]; failure: string | number | boolean; code?: string[]; numericCode?: true; message?: string[] };
  /** x-session-logon: this operation logs on; the body members checked, and the cookie it sets. */
  logon?: { cookie: string; username: string; password: string; code: string | number };
  /** The idempotency key header (lower case). */
  idempotency?: string;
  /** x-mock requiresRole: the least role an accepted key must have. */
  requiresRole?: string;
  /** The vendor code of an invalid request. */
  invalidCode?: string | number;
  /** The operation's parameter validator (validators.js `parameterValidators`), run on the converted values. */
  validateParams?: MockValidator;
  /** x-mock list: the operation answers with a page of a collection's records (`ctx.page`). */
  list?: MockList;
  request?: { required: boolean; media: Record<string, MockMedia> };
  /** The success status. */
  success: string;
  /** Replies by status, then by media type. */
  responses: Record<string, Record<string, MockMedia>>;
  /** x-soap: also served as SOAP 1.2 at `path`. */
  soap?: { path: string; action: string; decode(text: string): MockDecodeResult & { fault?: unknown }; encode(value: unknown): string; validate: MockValidator };
  /** Error replies by class (over the definition's). */
  errors: Record<string, MockErrorSpec>;
  store?: MockStore;
  /** The compiled x-mock reply template. */
  reply(ctx: MockReplyContext): unknown;
}

/** A vendor as the generated mock.js describes it. */
export interface MockDefinition {
  provider: string;
  defaults: { users?: Record<string, string>; apiKeys?: Record<string, Record<string, string | null>>; clients?: Record<string, string> };
  schemes: Record<string, MockScheme>;
  /** Header names the spec has travel: sent by clients (CORS Allow-Headers) and declared on replies (Expose-Headers). */
  headers?: { request: string[]; response: string[] };
  authOrder?: string[];
  catalog: Readonly<Record<string, { readonly code: string | number; readonly message: string; readonly httpStatus?: number }>>;
  errors?: Record<string, MockErrorSpec>;
  errorStatus?: number;
  /** The compiled x-mock error template. */
  errorReply?: (ctx: MockErrorContext) => unknown;
  encodeSoapFault?: (fault: { code: 'Sender' | 'Receiver' | 'VersionMismatch'; reason: string }) => string;
  operations: MockOperation[];
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
export declare function defined<T extends Record<string, unknown>>(obj: T): T;
/** An object keyed by `key(item)` with `value(item)` for each item. */
export declare function entries<T>(list: readonly T[] | undefined, key: (item: T) => unknown, value: (item: T) => unknown): Record<string, unknown>;
/** Placeholder text for `$format`: "" for absent values. */
export declare function text(value: unknown): string;
/** `/a/0/b` -> `a[0].b`. */
export declare function fieldOf(pointer: string): string;
export declare function parseCookies(header: string | undefined): Map<string, string>;
export declare function parseBasic(header: string | undefined): { username: string; password: string } | undefined;
