// Types of the client runtime. The generated client.d.ts of each provider narrows them per operation: the
// request, the data of a successful reply, the typed body of each documented HTTP error and the vendor codes.

import type { ValidationIssue } from './validation.js';

export type { ValidationIssue };

/** What a call resolves to. Methods never throw for an HTTP, vendor, network or decoding failure. */
export type Result<T, E> = { ok: true; status: number; data: T } | { ok: false; error: E };

/** Fields every failure carries. */
export interface FailureBase {
  /** The operationId of the call that failed (for a session logon made on the caller's behalf: the logon's). */
  operation: string;
  /** Readable text. The vendor's own text where the vendor sent one; never contains a password, key or cookie. */
  message: string;
}

/** The request was rejected before it was sent: it does not match the spec. */
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
}

/** A failure reported inside a 2xx reply (`x-vendor-status`): the success field is not true. */
export interface VendorFailure<B, C> extends FailureBase {
  kind: 'vendor';
  status: number;
  /** The vendor's status code (`x-vendor-status.codeField`). */
  code: C | undefined;
  /** The whole reply. */
  body: B | undefined;
  fault?: SoapFaultLike;
}

/** No reply: the connection failed (refused, reset, DNS, TLS). */
export interface NetworkFailure extends FailureBase {
  kind: 'network';
}

/** No complete reply within `timeoutMs`. */
export interface TimeoutFailure extends FailureBase {
  kind: 'timeout';
}

/** The caller's AbortSignal ended the call. */
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
export type CommonFailure = NetworkFailure | TimeoutFailure | AbortedFailure | DecodeFailure | ResponseValidationFailure | UndocumentedHttpFailure;

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
}

/** What `onResponse` sees, once per HTTP attempt; `status` is 0 and `error` set when no reply arrived. */
export interface ResponseInfo {
  operation: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  error?: 'network' | 'timeout' | 'aborted';
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
  /** Time limit for each HTTP exchange, reply body included, in milliseconds. Default: none (0), like fetch. */
  timeoutMs?: number;
  /** Check each request against the spec before sending it (default true). */
  validateRequest?: boolean;
  /** Check each decoded 2xx reply (and documented error bodies) against the spec (default true). */
  validateResponse?: boolean;
  /** Called before each HTTP request; must not throw (what it throws is ignored). */
  onRequest?: (info: RequestInfo) => void;
  /** Called after each HTTP exchange; must not throw (what it throws is ignored). */
  onResponse?: (info: ResponseInfo) => void;
}

/** Options of one call. */
export interface CommonCallOptions {
  /** Ends the call early; it then resolves to `{ ok: false, error: { kind: 'aborted' } }`. */
  signal?: AbortSignal;
  /** Time limit of this call, overriding the client's. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** Lossless JSON: like JSON.parse, but integers beyond 2^53 become bigints. */
export declare function parseJson(text: string): unknown;
/** Like JSON.stringify, but bigints are written as their digits. */
export declare function stringifyJson(value: unknown): string | undefined;
/** `Basic <base64(UTF-8 "username:password")>`, without Node's Buffer. */
export declare function basicAuthorization(username: string, password: string): string;
export declare function pathParam(value: unknown): string;
export declare function query(pairs: unknown[]): string;
export declare function paramIssue(path: string, keyword: string, message: string, code?: string | number, vendorMessage?: string): ValidationIssue;
export declare function errorFields(body: unknown, fields: { at: (string | number)[]; code?: string; message?: string }): { code: string | number | undefined; message: string | undefined };
export declare const EACH_ITEM: 0;
export declare const EACH_VALUE: 1;

/** The generic call machinery behind every generated client (its descriptors are internal). */
export declare class ClientCore {
  constructor(provider: unknown, options: unknown);
  call(operation: unknown, input: unknown, init: unknown): Promise<Result<unknown, unknown>>;
}
