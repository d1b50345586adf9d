// Types of the client runtime. The generated client.d.ts of each provider narrows them per operation: the
// request, the data of a successful reply, the typed body of each documented HTTP error and the vendor codes.

import type { TokenClient } from './oauth.js';
import type { ValidationIssue } from './validation.js';

export type { ValidationIssue };

/**
 * What a call resolves to. Methods never throw for an HTTP, vendor, network or decoding failure. Both sides carry
 * `headers` (the last reply's, lower-case names, Set-Cookie and credential headers redacted; `{}` when no reply
 * arrived) and `attempts` (HTTP requests this call sent, retries and a re-logon's repeat included; 0 when it was
 * refused before sending).
 */
export type Result<T, E> =
  | { ok: true; status: number; data: T; headers: Record<string, string>; attempts: number }
  | { ok: false; error: E; headers: Record<string, string>; attempts: number };

/** Fields every failure carries. */
export interface FailureBase {
  /** The operationId of the call that failed (for a session logon made on the caller's behalf: the logon's). */
  operation: string;
  /** Readable text. The vendor's own text where the vendor sent one; never contains a password, key or cookie. */
  message: string;
}

/**
 * The request was rejected before it was sent: it does not match the spec, or a value could not go on the wire
 * as given (a path parameter `.`/`..`, a lone UTF-16 surrogate in a parameter, CR/LF/NUL in a header value),
 * whatever `validateRequest` says.
 */
export interface ValidationFailure<C> extends FailureBase {
  kind: 'validation';
  /** The vendor code of the first issue that has one (`x-vendor-errors`), the code the vendor would answer with. */
  code: C | undefined;
  /** Every problem found; paths are JSON pointers into the call's argument (`/body/name`, `/apiVersion`). */
  issues: ValidationIssue[];
}

/** A documented HTTP error status, with the error body the spec declares for it (decoded and validated). */
export interface DocumentedHttpFailure<S extends number, B, C> extends FailureBase {
  kind: 'http';
  documented: true;
  status: S;
  body: B;
  /** The vendor's error code read from the body, where it carries one. */
  code: C | undefined;
  /** The reply's `Retry-After`, in milliseconds from when it arrived, when it had one. */
  retryAfterMs?: number;
}

/**
 * An HTTP error status the spec does not document, or one whose body could not be decoded or did not match
 * the spec: `body` is whatever could be read (JSON only), or undefined.
 */
export interface UndocumentedHttpFailure extends FailureBase {
  kind: 'http';
  documented: false;
  status: number;
  body: unknown;
  code: undefined;
  /** A SOAP 1.2 Fault the reply carried. */
  fault?: SoapFaultLike;
  /** The reply's `Retry-After`, in milliseconds from when it arrived, when it had one. */
  retryAfterMs?: number;
}

/**
 * An HTTP error status the spec does not document whose reply is in the provider's error shape (`x-errors`):
 * decoded, validated, with the vendor's code and text read from it.
 */
export interface ShapedHttpFailure<B, C> extends FailureBase {
  kind: 'http';
  documented: false;
  status: number;
  body: B;
  /** The vendor's error code read from the body, where it carries one. */
  code: C | undefined;
  /** The reply's `Retry-After`, in milliseconds from when it arrived, when it had one. */
  retryAfterMs?: number;
}

/** A failure reported inside a 2xx reply (`x-vendor-status`): the success field does not hold its success value. */
export interface VendorFailure<B, C> extends FailureBase {
  kind: 'vendor';
  status: number;
  /** The vendor's status code (where `x-vendor-status.code` says it sits). */
  code: C | undefined;
  /** The whole reply. */
  body: B | undefined;
  fault?: SoapFaultLike;
}

/** No reply: the connection failed (refused, reset, DNS, TLS). */
export interface NetworkFailure extends FailureBase {
  kind: 'network';
}

/** No complete reply within `timeoutMs` (last attempt) or `deadlineMs`, or the caller's `AbortSignal.timeout()` fired. */
export interface TimeoutFailure extends FailureBase {
  kind: 'timeout';
}

/** The reply was larger than `maxResponseBytes`; it was cancelled as soon as the limit was passed. */
export interface TooLargeFailure extends FailureBase {
  kind: 'too-large';
  status: number;
  /** The limit in bytes. */
  limit: number;
}

/** The caller's AbortSignal ended the call (with any reason but a TimeoutError). */
export interface AbortedFailure extends FailureBase {
  kind: 'aborted';
}

/** A 2xx reply whose body could not be decoded (not JSON/XML, wrong root element, empty). */
export interface DecodeFailure extends FailureBase {
  kind: 'decode';
  status: number;
}

/** A 2xx reply that decoded but does not match the spec's schema for it. */
export interface ResponseValidationFailure extends FailureBase {
  kind: 'response-validation';
  status: number;
  issues: ValidationIssue[];
  /** The decoded reply, unchecked. */
  body: unknown;
}

/**
 * No token to send: the OAuth 2.0 token endpoint refused to issue one (RFC 6749 §5.2) or its reply was not a
 * bearer token, or the caller's `auth.token` function failed. Only operations secured by OAuth 2.0 or OpenID
 * Connect have it.
 */
export interface AuthFailure extends FailureBase {
  kind: 'auth';
  /** The token endpoint's HTTP status (0 when the caller's token function failed). */
  status: number;
  /** The OAuth error (`invalid_client`, `invalid_scope`, ...), when the endpoint sent one. */
  code: string | undefined;
}

/** The client cannot make this call (a construct it cannot honour, accepted by `x-refuse-unsupported`): nothing was sent. */
export interface UnsupportedFailure extends FailureBase {
  kind: 'unsupported';
}

/** The failures every operation can have, whatever its spec says. */
export type CommonFailure = NetworkFailure | TimeoutFailure | AbortedFailure | TooLargeFailure | DecodeFailure | ResponseValidationFailure | UndocumentedHttpFailure;

/** The parts of a SOAP 1.2 Fault a failure exposes. */
export interface SoapFaultLike {
  code: string;
  reason: string;
}

/** What `onRequest` sees: secrets (Authorization, keys, cookies, passwords) are replaced by "[redacted]". */
export interface RequestInfo {
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** 1 for the first request of a call, 2 for its first retry, and so on. */
  attempt: number;
}

/** What `onResponse` sees, once per HTTP attempt; `status` is 0 and `error` set when no reply arrived. */
export interface ResponseInfo {
  operation: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  /** The attempt this reply belongs to (as in RequestInfo). */
  attempt: number;
  error?: 'network' | 'timeout' | 'aborted';
}

/**
 * Retries (docs/decisions.md, retries): a failure that cannot have reached the server (no connection) and a 408
 * or 429 are retried; one that may have (a timeout, a reset after sending, 502, 503, 504) only when the
 * operation is safe to repeat: GET, HEAD, PUT, DELETE, OPTIONS, `x-idempotent`, or an idempotency key.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  retries?: number;
  /** Backoff: the wait before retry n is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))) (full jitter). Default 500. */
  baseDelayMs?: number;
  /** Default 8000. */
  maxDelayMs?: number;
  /**
   * A `Retry-After` the server sends replaces the backoff; one longer than this (default 60000) ends the retries
   * and the failure carries `retryAfterMs`.
   */
  maxRetryAfterMs?: number;
}

/** The fetch a client uses: called as `fetch(url, init)` (no Request object is built). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Options every generated `createClient` takes (its ClientOptions adds `baseUrl`, `auth` and `format`). */
export interface CommonOptions {
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /**
   * fetch's `credentials` mode, passed through as given (default: fetch's own, `same-origin`). In a browser,
   * `'include'` lets a session cookie (Tier 3's logon) travel to a vendor or mock on another origin; the
   * server must allow it with CORS credentials.
   */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Extra request headers sent with every call (credentials and the session cookie always win). */
  headers?: Record<string, string>;
  /** Time limit of each attempt (one HTTP exchange, reply body included), in milliseconds. Default 60000; 0: none. */
  timeoutMs?: number;
  /** Time limit of a whole call, retries and their waits included, in milliseconds. Default: none (0). */
  deadlineMs?: number;
  /** Largest reply body read, in bytes, checked while it streams in (default 16 MiB; 0: no limit). */
  maxResponseBytes?: number;
  /** Retries (default `{ retries: 2 }`); `false` for none. */
  retry?: RetryOptions | false;
  /** Check each request against the spec before sending it (default true). */
  validateRequest?: boolean;
  /** Check each decoded 2xx reply (and documented error bodies) against the spec (default true). */
  validateResponse?: boolean;
  /** Called before each HTTP request; must not throw (what it throws is ignored). */
  onRequest?: (info: RequestInfo) => void;
  /** Called after each HTTP exchange; must not throw (what it throws is ignored). */
  onResponse?: (info: ResponseInfo) => void;
}

/** Options of one call (each overrides the client's). */
export interface CommonCallOptions {
  /**
   * Ends the call early, a retry wait included; it then resolves to `{ ok: false, error: { kind: 'aborted' } }`,
   * or `kind: 'timeout'` when the signal's reason is a TimeoutError (`AbortSignal.timeout()`).
   */
  signal?: AbortSignal;
  /** Time limit of each attempt of this call. */
  timeoutMs?: number;
  /** Time limit of this whole call, retries included. */
  deadlineMs?: number;
  maxResponseBytes?: number;
  /** Retries of this call, over the client's (`false`: none). */
  retry?: RetryOptions | false;
  /**
   * The idempotency key of this call, for an operation whose spec declares an idempotency key header (a random
   * UUID otherwise); sent unchanged on every retry. A validation failure on an operation without one.
   */
  idempotencyKey?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** Lossless JSON: like JSON.parse, but integers beyond 2^53 become bigints. */
export declare function parseJson(text: string): unknown;
/** Like JSON.stringify, but bigints are written as their digits. */
export declare function stringifyJson(value: unknown): string | undefined;
/** `Basic <base64(UTF-8 "username:password")>`, without Node's Buffer. */
export declare function basicAuthorization(username: string, password: string): string;
/** A Blob (a File is one); a look-alike object is not. */
export declare function isBlob(value: unknown): value is Blob;
/** Bytes in lower-case hex. */
export declare function hexOf(bytes: Uint8Array): string;
/** The SHA-256 of bytes, or of a string's UTF-8 bytes, in lower-case hex (Web Crypto). */
export declare function sha256Hex(data: string | Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<string>;
export declare function pathParam(value: unknown, name: string): string;
export declare function headerValue(value: unknown, path: string): string;
/** `Retry-After` (delta-seconds or HTTP-date) in milliseconds from `nowMs`; undefined when absent or unreadable. */
export declare function retryAfterMs(value: string | null | undefined, nowMs?: number): number | undefined;
/** Whether a fetch rejection means no connection was made, so nothing was sent (docs/decisions.md, retries). */
export declare function neverSent(error: unknown): boolean;
export declare function randomUuid(): string;
export declare class WireInputError extends Error {
  constructor(path: string, keyword: string, message: string);
  path: string;
  keyword: string;
}
export declare const DEFAULT_TIMEOUT_MS: number;
export declare const DEFAULT_MAX_RESPONSE_BYTES: number;
export declare const DEFAULT_RETRY: Readonly<Required<RetryOptions>>;
export declare function query(pairs: unknown[]): string;
export declare function paramIssue(path: string, keyword: string, message: string, code?: string | number, vendorMessage?: string): ValidationIssue;
export declare function errorFields(body: unknown, fields: ErrorFieldsDescriptor): { code: string | number | undefined; message: string | undefined };
/** The value at a path of member names (a decimal string indexes an array), own members only. */
export declare function valueAtPath(value: unknown, path: readonly string[]): unknown;
export declare const EACH_ITEM: 0;
export declare const EACH_VALUE: 1;

// ---------------------------------------------------------------------------------------------------------
// The descriptors a generated client.js hands to the runtime (generator/emit/client.ts writes them, each object
// literal annotated with `@type`, so checkJs checks every generated descriptor against these declarations).

/** A generated validator: `validate<Model>` of the provider's validators.js. */
export type DescriptorValidator = (value: unknown) => { valid: true } | { valid: false; issues: ValidationIssue[] };

/** What an XML or SOAP reader of xml.js returns (decode<Model>, decode<Op>Soap). */
export type DescriptorDecodeResult = { ok: true; value: unknown } | { ok: false; errors: { message: string }[]; fault?: SoapFaultLike };

/**
 * The client half of a security scheme kind (templates/runtime/auth/<kind>.js, made by the kind's factory, such as
 * `bearerAuth(field)`): how its credential reaches a request.
 */
export interface SchemeApplier {
  /** Once per client, after `createClient` checked the `auth` options: more checks (a TypeError) and per-client state. */
  init?(core: SchemeHost): void;
  /** Once per operation and format (the result is kept): the scheme's part of every request. */
  apply(core: SchemeHost, out: PreparedAuth): void;
}

/** What the security schemes of an operation put on its requests, filled in by their `apply`. */
export interface PreparedAuth {
  /** Credential headers (lower-case names); they win over the caller's headers. */
  headers: Record<string, string>;
  /** Query pairs, already encoded, joined by `&`. */
  query: string;
  /** Cookie pairs joined by `; `. */
  cookie: string | undefined;
  /** An Authorization value made for each call (a token got per call, an answer to a challenge). */
  perCall: CallAuthorizer | undefined;
}

/**
 * An Authorization made per call: a bearer token got before sending (OAuth 2.0, a caller's token function) or
 * the answer to the server's challenge (HTTP Digest).
 */
export interface CallAuthorizer {
  /** The Authorization value for the call (undefined: send without one, as before a first challenge), or why there is none. */
  authorize(core: SchemeHost, request: { method: string; url: string }): Promise<{ value: string | undefined; error?: undefined } | { value?: undefined; error: AuthError }>;
  /** The API answered 401 to `value`, with these reply headers: true when authorizing again may help (the call is sent once more). */
  refused(value: string | undefined, headers: Readonly<Record<string, string>>): boolean;
}

/** Why a call could not be authorized: the token endpoint's or the caller's function's failure. */
export type AuthError = NonNullable<import('./oauth.js').TokenResult['error']>;

/** What a scheme's client half may use of the client it serves (the ClientCore). */
export interface SchemeHost extends TokenClient {
  readonly provider: ProviderDescriptor;
  /** The `auth` options, as `createClient` checked them. */
  readonly auth: CredentialValues;
  /** The base URL, without a trailing slash. */
  readonly base: string;
  /** Per-client state of the schemes (token sources), by a name each scheme chooses. */
  readonly schemeState: Record<string, unknown>;
}

/** The credential `auth[field]` for a header or cookie; a value fetch would refuse throws a WireInputError. */
export declare function headerCredential(auth: CredentialValues, field: string): string;
/** The message of something thrown. */
export declare function errorText(e: unknown): string;

/**
 * The client half of a request body kind the runtime does not write itself (templates/runtime/form.js: form and
 * multipart): its Content-Type (undefined for multipart, which fetch writes with the FormData's boundary), what it
 * is (for messages), and its writer.
 */
export interface BodyWriter {
  type: string | undefined;
  what: string;
  /** The body as fetch takes it; throws a TypeError for a value it cannot write (a validation failure). */
  encode(body: any): string | FormData | Blob | ArrayBuffer | ArrayBufferView;
}

/** One `auth` option the client checks in `createClient` (generator/wire/kind.ts `AuthField`). */
export interface AuthFieldDescriptor {
  field: string;
  /** Its value is replaced in every message and hook (passwords, keys). */
  secret: boolean;
  /** Default: a string. `strings`: a list of strings; `token`: a string or a function returning one. */
  type?: 'strings' | 'token';
  optional?: true;
}

/** One wire format of an operation (`json`, `xml`, `soap`): media types and the codecs that read and write it. */
export interface FormatDescriptor {
  /** Content-Type of the request body. */
  type: string;
  accept?: string;
  /** SOAP: the endpoint path, which replaces the operation's. */
  path?: string;
  /** Writes the request body (XML and SOAP); JSON bodies are written by `stringifyJson`. Throws with `path` on a bad value. */
  encode?(value: unknown): string;
  /** SOAP: reads the reply envelope. */
  decode?(text: string, options?: { unknown?: 'ignore' | 'error' }): DescriptorDecodeResult;
  /** SOAP: checks the decoded reply. */
  validate?: DescriptorValidator;
}

/**
 * Where a decoded error body carries the vendor's code and message (`errorFields`): found by member names under
 * `at` (property names, `EACH_ITEM` for every array item, `EACH_VALUE` for every value of a map), or declared
 * (`x-error-fields`) as exact paths from the root.
 */
export type ErrorFieldsDescriptor =
  | { at: (string | typeof EACH_ITEM | typeof EACH_VALUE)[]; code?: string; message?: string; codePath?: undefined; messagePath?: undefined }
  | { codePath?: string[]; messagePath?: string[] };

/** One media type a documented response may come in. */
export interface ResponseBodyDescriptor {
  /** The media type, lower case, without parameters. */
  type: string;
  kind: 'json' | 'xml';
  /** XML: the root element's reader. */
  decode?(text: string, options?: { unknown?: 'ignore' | 'error' }): DescriptorDecodeResult;
  validate?: DescriptorValidator;
  fields?: ErrorFieldsDescriptor;
}

/** A documented response status (`200`, `4XX`, `default`). */
export interface ResponseDescriptor {
  description?: string;
  bodies: ResponseBodyDescriptor[];
}

/**
 * The argument of a call as the descriptor's functions see it: the caller's object (parameters by name and
 * `body`). Operations with `input: false` (a session logon) are called without one and never read it.
 */
export type OperationInput = Readonly<Record<string, any>>;
/** The client's credentials by `auth` option name, as `createClient` checked them. */
export type CredentialValues = Readonly<Record<string, any>>;

/** One operation of a generated client: everything the runtime needs to send it and read its reply. */
export interface OperationDescriptor {
  /** The operationId. */
  id: string;
  /** Its position in the provider's operation list (indexes the client's per-operation cache). */
  index: number;
  /** Upper case. */
  method: string;
  /** Whether the method takes an argument (false: a session logon, called with none). */
  input: boolean;
  /** Whether the request has a body (sends Content-Type). */
  hasBody: boolean;
  /** JSON pointer prefix of body issues in the argument (`/body`, or '' when the body is built from credentials). */
  bodyPath: string;
  /** The default format: a key of `formats`. */
  format: string;
  /** Sent behind the session cookie (x-session-logon). */
  session: boolean;
  /** Why every call is refused (x-refuse-unsupported): the call fails `unsupported` without sending. */
  refuse?: string;
  /** `x-idempotent: true`: safe to retry after a failure that may have reached the server. */
  idempotent?: true;
  /** The idempotency key header (lower case): sent with the caller's key or a random UUID. */
  idempotencyHeader?: string;
  /** The security schemes (keys of the provider's `schemes`) whose credentials travel, when no alternative applies. */
  auth: string[];
  /** Security alternatives: the first whose `fields` are all given is used. */
  alternatives?: { fields: string[]; auth: string[] }[];
  /** The path (from the base URL) with path parameters encoded and the query appended. */
  path(input: OperationInput, format: string): string;
  /** Type, enum and presence checks of the parameters; null or [] when there is nothing to report. */
  check?(input: OperationInput): ValidationIssue[] | null;
  /** The operation's parameter validator (validators.js `parameterValidators`): every constraint of every parameter. */
  params?: DescriptorValidator;
  /** Puts header and cookie parameters into `h` (lower-case names). */
  headers?(input: OperationInput, h: Record<string, string>): void;
  /** The request body: the caller's, plus what the client fills in (credentials, the RPC operation name). */
  body?(input: OperationInput, auth: CredentialValues): unknown;
  /** The request body's validator. */
  validate?: DescriptorValidator;
  /**
   * A form or multipart request body, written this way whatever the format: its Content-Type (undefined for
   * multipart, which fetch writes with the FormData's boundary), what it is (for messages) and its writer.
   */
  send?: BodyWriter;
  formats: Record<string, FormatDescriptor>;
  /** Documented responses by status (`200`, `4XX`, `default`). */
  responses: Record<string, ResponseDescriptor>;
  /** The documented success status, used when the reply's 2xx status is not itself documented. */
  success: string;
  /** `x-vendor-status`: a 2xx reply whose value at `field` is not `success` is a vendor failure, with its code and text at those paths. */
  vendor?: { field: string[]; success: string | number | boolean; code?: string[]; message?: string[] };
}

/** A security alternative of the client as a whole: `createClient` needs one whose `fields` are all given. */
export interface RequirementDescriptor {
  /** The schemes' names, for the error message. */
  schemes: string;
  fields: string[];
}

/** What the runtime needs to know about a provider (the `provider` object of a generated client.js). */
export interface ProviderDescriptor {
  id: string;
  /** The first server's URL (may hold `{variables}`); undefined when the spec has none. */
  baseUrl: string | undefined;
  serverVariables?: Record<string, { default: string; enum?: string[] }>;
  /** Every format an operation has (the client's `format` option). */
  formats: string[];
  auth: AuthFieldDescriptor[];
  requirements?: RequirementDescriptor[][];
  /** The client half of each security scheme an operation uses, by scheme key (templates/runtime/auth/*.js). */
  schemes: Record<string, SchemeApplier>;
  /** Header names (lower case) and query names whose values are redacted in hooks. */
  secretHeaders: string[];
  secretQuery: string[];
  /** The vendor's error catalog (models.js `errorCatalog`): code -> its message. */
  catalog: Readonly<Record<string, { readonly message: string }>>;
  /** x-session-logon: the logon operation, its cookie, and the reply member and value that mean "log on again". */
  session: { op: OperationDescriptor; cookie: string; status: string; reauth: string | number | boolean } | undefined;
  /** `x-errors`: the error shape any status may carry (its media types, codecs, validators and error fields). */
  errorShape?: ResponseBodyDescriptor[];
}

/** The generic call machinery behind every generated client. */
export declare class ClientCore {
  constructor(provider: ProviderDescriptor, options: unknown);
  /** Never throws or rejects; see Result. */
  call(operation: OperationDescriptor, input: unknown, init: unknown, deadlineAt?: number): Promise<Result<unknown, unknown>>;
}
