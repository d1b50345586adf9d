// Runtime of the generated clients (client.js of every provider). Hand-written, dependency-free and browser-safe
// (no Node Buffer, no node: imports); copied verbatim to generated/runtime/. The generated client.js describes
// each operation as a plain object (path, auth, formats, response bodies, error fields); everything generic
// lives here: URL and header building, auth, timeouts, hooks with redaction, decoding, result shapes and the
// lossless JSON reader and writer. The exported API is documented in client.d.ts.

/** @typedef {import('./client.js').OperationDescriptor} OperationDescriptor */
/** @typedef {import('./client.js').ProviderDescriptor} ProviderDescriptor */
/** @typedef {import('./client.js').FormatDescriptor} FormatDescriptor */
/** @typedef {import('./client.js').ResponseBodyDescriptor} ResponseBodyDescriptor */
/** @typedef {import('./client.js').ErrorFieldsDescriptor} ErrorFieldsDescriptor */
/** @typedef {import('./client.js').RetryOptions} RetryOptions */
/** @typedef {import('./client.js').RequestInfo} RequestInfo */
/** @typedef {import('./client.js').ResponseInfo} ResponseInfo */
/** @typedef {import('./client.js').FetchLike} FetchLike */
/** @typedef {import('./client.js').CommonCallOptions & { format?: string }} CallInit */
/** @typedef {import('./validation.js').ValidationIssue} ValidationIssue */
/** @typedef {import('./oauth.js').TokenResult} TokenResult */
/** The JSON reader's state: the text and the position in it. */
/** @typedef {{ s: string, i: number }} JsonInput */
/**
 * A failure as the runtime builds it: one of the failure kinds of client.d.ts; `failure()` sets `operation`.
 * @typedef {{ kind: string, message: string, operation?: string, status?: number, code?: any, body?: any, documented?: boolean,
 *   issues?: ValidationIssue[], fault?: { code: string, reason: string }, limit?: number, retryAfterMs?: number }} Failure
 */
/** What a call resolves to (client.d.ts Result). */
/** @typedef {({ ok: true, status: number, data: any } | { ok: false, error: Failure }) & { headers: Record<string, string>, attempts: number }} CallResult */
/** The fixed request parts of one operation and format (ClientCore.prepare). */
/** @typedef {{ headers: Record<string, string>, auth: Record<string, string>, query: string, perCall: CallAuthorizer | undefined }} Prepared */
/** @typedef {import('./client.js').CallAuthorizer} CallAuthorizer */
/** A request body as fetch is given it. */
/** @typedef {ReturnType<import('./client.js').BodyWriter['encode']>} Payload */
/** @typedef {import('./client.js').PreparedAuth} PreparedAuth */
/**
 * One call in progress (ClientCore.callState): its request, its limits, and how its attempts went.
 * @typedef {{ op: OperationDescriptor, fmtName: string, fmt: FormatDescriptor, url: string, payload: Payload | undefined,
 *   init: CallInit | undefined, signal: AbortSignal | undefined, timeoutMs: number, deadlineMs: number, deadlineAt: number,
 *   maxBytes: number, retry: Readonly<Required<RetryOptions>>, safe: boolean, attempts: number, roundStart: number,
 *   verdict: number, retryAfter: number | undefined }} CallState
 */


// ---------------------------------------------------------------------------------------------------------
// Lossless JSON (docs/decisions.md, number policy)

/** Any integer beyond 2^53 has at least 16 digits: without such a run the text is read by JSON.parse. */
const LONG_DIGITS = /\d{16}/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads JSON text like JSON.parse, except that an integer beyond Number.MAX_SAFE_INTEGER becomes a bigint
 * instead of being rounded. Throws SyntaxError on invalid JSON.
 * @param {string} text
 * @returns {unknown}
 */
export function parseJson(text) {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  const p = { s: text, i: 0 };
  const v = readValue(p, 0);
  skipWs(p);
  if (p.i !== text.length) syntax(p, 'unexpected text after the JSON value');
  return v;
}

/**
 * @param {JsonInput} p
 * @param {string} what
 * @returns {never}
 */
function syntax(p, what) {
  throw new SyntaxError(`JSON: ${what} at position ${p.i}`);
}

/** @param {JsonInput} p */
function skipWs(p) {
  const s = p.s;
  let i = p.i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  p.i = i;
}

/**
 * @param {JsonInput} p
 * @param {number} depth
 * @returns {unknown}
 */
function readValue(p, depth) {
  if (depth > 512) syntax(p, 'nesting too deep');
  skipWs(p);
  const s = p.s;
  const c = s.charCodeAt(p.i);
  if (c === 34) return readString(p);
  if (c === 123) return readObject(p, depth);
  if (c === 91) return readArray(p, depth);
  if (c === 45 || (c >= 48 && c <= 57)) return readNumber(p);
  if (s.startsWith('true', p.i)) {
    p.i += 4;
    return true;
  }
  if (s.startsWith('false', p.i)) {
    p.i += 5;
    return false;
  }
  if (s.startsWith('null', p.i)) {
    p.i += 4;
    return null;
  }
  return syntax(p, p.i >= s.length ? 'unexpected end of input' : 'unexpected character');
}

/**
 * @param {JsonInput} p
 * @returns {number | bigint}
 */
function readNumber(p) {
  NUMBER.lastIndex = p.i;
  const m = NUMBER.exec(p.s);
  if (m === null) return syntax(p, 'invalid number');
  const tok = m[0];
  p.i += tok.length;
  const n = Number(tok);
  // Only plain integer literals are kept exact; fractions and exponents are numbers as JSON.parse reads them.
  if (tok.length >= 16 && !Number.isSafeInteger(n) && /^-?\d+$/.test(tok)) return BigInt(tok);
  return n;
}

/**
 * @param {JsonInput} p
 * @returns {string}
 */
function readString(p) {
  const s = p.s;
  const start = p.i;
  let i = start + 1;
  let escaped = false;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) {
      escaped = true;
      i += 2;
      continue;
    }
    if (c < 32 || i >= s.length) {
      p.i = i;
      return syntax(p, i >= s.length ? 'unterminated string' : 'control character in string');
    }
    i++;
  }
  p.i = i + 1;
  return escaped ? JSON.parse(s.slice(start, i + 1)) : s.slice(start + 1, i);
}

/**
 * @param {JsonInput} p
 * @param {number} depth
 * @returns {Record<string, unknown>}
 */
function readObject(p, depth) {
  /** @type {Record<string, unknown>} */
  const o = {};
  p.i++;
  skipWs(p);
  if (p.s.charCodeAt(p.i) === 125) {
    p.i++;
    return o;
  }
  for (;;) {
    skipWs(p);
    if (p.s.charCodeAt(p.i) !== 34) syntax(p, 'expected a property name');
    const k = readString(p);
    skipWs(p);
    if (p.s.charCodeAt(p.i) !== 58) syntax(p, 'expected ":"');
    p.i++;
    const v = readValue(p, depth + 1);
    // Keys are own data properties, as with JSON.parse: "__proto__" never reaches the prototype.
    if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    else o[k] = v;
    skipWs(p);
    const c = p.s.charCodeAt(p.i++);
    if (c === 125) return o;
    if (c !== 44) {
      p.i--;
      syntax(p, 'expected "," or "}"');
    }
  }
}

/**
 * @param {JsonInput} p
 * @param {number} depth
 * @returns {unknown[]}
 */
function readArray(p, depth) {
  /** @type {unknown[]} */
  const a = [];
  p.i++;
  skipWs(p);
  if (p.s.charCodeAt(p.i) === 93) {
    p.i++;
    return a;
  }
  for (;;) {
    a.push(readValue(p, depth + 1));
    skipWs(p);
    const c = p.s.charCodeAt(p.i++);
    if (c === 93) return a;
    if (c !== 44) {
      p.i--;
      syntax(p, 'expected "," or "]"');
    }
  }
}

/**
 * JSON.stringify, except that a bigint is written as its digits (JSON.stringify throws on one).
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function stringifyJson(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return writeJson(value, '', [], true);
  }
}

/**
 * @param {any} v
 * @param {string} key
 * @param {unknown[]} stack
 * @param {boolean} top
 * @returns {string | undefined}
 */
function writeJson(v, key, stack, top) {
  if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON(key);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'object': {
      if (v === null) return 'null';
      if (v instanceof Number || v instanceof String || v instanceof Boolean) return JSON.stringify(v);
      if (stack.includes(v)) throw new TypeError('JSON: cannot write a cyclic value');
      stack.push(v);
      let out;
      if (Array.isArray(v)) {
        out = '[';
        for (let i = 0; i < v.length; i++) {
          const s = writeJson(v[i], String(i), stack, false);
          out += (i > 0 ? ',' : '') + (s === undefined ? 'null' : s);
        }
        out += ']';
      } else {
        out = '{';
        let first = true;
        for (const k of Object.keys(v)) {
          const s = writeJson(v[k], k, stack, false);
          if (s === undefined) continue;
          out += (first ? '' : ',') + JSON.stringify(k) + ':' + s;
          first = false;
        }
        out += '}';
      }
      stack.pop();
      return out;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (as JSON.stringify does).
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

/**
 * A Blob (a File is one): what a file body or part must be, as the generated validators check it. Not a
 * look-alike with `arrayBuffer` and `size`: fetch would send such an object as the text "[object Object]".
 * @param {unknown} v
 * @returns {v is Blob}
 */
export function isBlob(v) {
  return typeof Blob === 'function' && v instanceof Blob;
}

/**
 * Bytes in lower-case hex.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function hexOf(bytes) {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The SHA-256 of bytes, or of a string's UTF-8 bytes, in lower-case hex (Web Crypto: browsers and Node alike).
 * @param {string | Uint8Array<ArrayBuffer> | ArrayBuffer} data
 * @returns {Promise<string>}
 */
export async function sha256Hex(data) {
  return hexOf(new Uint8Array(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data)));
}

/**
 * `Basic <base64 of UTF-8 "user:password">` without Node's Buffer (TextEncoder + btoa work in browsers too).
 * @param {string} username
 * @param {string} password
 * @returns {string}
 */
export function basicAuthorization(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let bin = '';
  // @ts-expect-error -- fromCharCode.apply takes any array-like of numbers; lib.d.ts asks for number[].
  for (let i = 0; i < bytes.length; i += 0x2000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000));
  return 'Basic ' + btoa(bin);
}

/**
 * The credential `auth[field]` for a header or cookie; one holding CR, LF, NUL or characters above U+00FF is a
 * `validation` failure (fetch would refuse it or, worse, a custom fetch would send it).
 * @param {Readonly<Record<string, any>>} auth
 * @param {string} field
 * @returns {string}
 */
export function headerCredential(auth, field) {
  const v = auth[field];
  if (typeof v === 'string' && BAD_HEADER_VALUE.test(v)) throw new WireInputError('', 'headerValue', `auth.${field} travels in a header: ${headerValueText(v)}`);
  return v;
}

/**
 * A value the client refuses to put on the wire (docs/decisions.md, input that never reaches the wire): thrown by
 * the path, query and header builders and turned into a `validation` failure before anything is sent.
 */
export class WireInputError extends Error {
  /**
   * @param {string} path
   * @param {string} keyword
   * @param {string} message
   */
  constructor(path, keyword, message) {
    super(message);
    this.path = path;
    this.keyword = keyword;
  }
}

/** `.`, `..` and their percent forms: a URL parser removes such a segment and the request goes elsewhere. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
/** @type {(s: string) => boolean} */
const wellFormed = typeof String.prototype.isWellFormed === 'function' ? (s) => s.isWellFormed() : (s) => !LONE_SURROGATE.test(s);
/** What fetch cannot send in a header value (CR, LF, NUL, anything beyond Latin-1) or would send as another header. */
const BAD_HEADER_VALUE = /[\r\n\0\u0100-\uffff]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * @param {unknown} name
 * @returns {string}
 */
function pointerOf(name) {
  return '/' + String(name).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A path parameter value, percent-encoded; `.`, `..` (any percent form), '' and lone surrogates are refused.
 * @param {unknown} v
 * @param {string} name
 * @returns {string}
 */
export function pathParam(v, name) {
  const s = String(v);
  if (s === '' || DOT_SEGMENT.test(s)) {
    throw new WireInputError(pointerOf(name), 'pathSegment', `${JSON.stringify(s)} cannot be a path segment: the request would go to another URL`);
  }
  if (!wellFormed(s)) throw new WireInputError(pointerOf(name), 'wellFormed', 'contains a lone UTF-16 surrogate, which has no UTF-8 form');
  return encodeURIComponent(s);
}

/**
 * `?a=1&b=2` from [name, value] pairs, skipping undefined values; '' when none. Arrays repeat the name.
 * @param {any[]} pairs
 * @returns {string}
 */
export function query(pairs) {
  let out = '';
  for (let i = 0; i < pairs.length; i += 2) {
    const v = pairs[i + 1];
    if (v === undefined || v === null) continue;
    const name = encodeURIComponent(pairs[i]);
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      const s = String(x);
      if (!wellFormed(s)) throw new WireInputError(pointerOf(pairs[i]), 'wellFormed', 'contains a lone UTF-16 surrogate, which has no UTF-8 form');
      out += (out === '' ? '?' : '&') + name + '=' + encodeURIComponent(s);
    }
  }
  return out;
}

/**
 * A header parameter's value as sent; CR, LF, NUL and characters beyond Latin-1 are refused.
 * @param {unknown} v
 * @param {string} path
 * @returns {string}
 */
export function headerValue(v, path) {
  const s = String(v);
  if (BAD_HEADER_VALUE.test(s)) throw new WireInputError(path, 'headerValue', headerValueText(s));
  return s;
}

/**
 * @param {string} s
 * @returns {string}
 */
function headerValueText(s) {
  return /[\r\n\0]/.test(s) ? 'a header value cannot contain CR, LF or NUL' : wellFormed(s) ? 'a header value can only hold Latin-1 characters' : 'contains a lone UTF-16 surrogate, which has no UTF-8 form';
}

/**
 * One issue of a request check made by the client itself (parameters), shaped like a validator's issue.
 * @param {string} path
 * @param {string} keyword
 * @param {string} message
 * @param {string | number} [code]
 * @param {string} [vendorMessage]
 * @returns {ValidationIssue}
 */
export function paramIssue(path, keyword, message, code, vendorMessage) {
  /** @type {ValidationIssue} */
  const it = { path, keyword, message };
  if (code !== undefined) it.code = code;
  if (vendorMessage !== undefined) it.vendorMessage = vendorMessage;
  return it;
}

/**
 * A random (version 4) UUID: crypto.randomUUID where there is one (secure contexts), else getRandomValues.
 * @returns {string}
 */
export function randomUuid() {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let h = '';
  for (let i = 0; i < 16; i++) h += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i] + 0x100).toString(16).slice(1);
  return h;
}

const HTTP_DATE = /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT)$/;
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * `Retry-After` in milliseconds from now: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime, as
 * RFC 9110 asks a recipient to read); undefined when absent or unreadable. A date in the past is 0.
 * @param {string | null | undefined} value
 * @param {number} [nowMs]
 * @returns {number | undefined}
 */
export function retryAfterMs(value, nowMs = Date.now()) {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  let t = NaN;
  if (HTTP_DATE.test(v)) t = Date.parse(v);
  else if (ASCTIME.test(v)) t = Date.parse(v + ' GMT');
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

const NO_INPUT = Object.freeze({});
/** The longest delay setTimeout keeps (2^31 - 1 ms); longer ones would fire at once. */
const MAX_TIMER = 0x7fffffff;
const NO_HEADERS = Object.freeze({});

/** Replies may carry members a later version of the vendor added: XML readers skip what the schema lacks, as JSON keeps it. */
const XML_REPLY = Object.freeze({ unknown: 'ignore' });

const now = typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();
const hasOwn = Object.prototype.hasOwnProperty;
const noop = () => {};
const utf8 = new TextDecoder();

/** Header names whose values are always secret. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
const REDACTED = '[redacted]';
/** Secrets shorter than this are redacted only where no letter or digit touches them (ClientCore.scrub). */
const SHORT_SECRET = 6;

/**
 * Every occurrence of `s` that no letter or digit touches on either side.
 * @param {string} s
 * @returns {RegExp}
 */
function standalone(s) {
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}(?![\\p{L}\\p{M}\\p{N}])`, 'gu');
}

/** Defaults (client.d.ts documents them). */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RETRY = Object.freeze({ retries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 });

/** Methods RFC 9110 defines as idempotent (TRACE aside): a repeat has the effect of one request. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Statuses that are retried: 408 and 429 say the request was not acted on; 502-504 may follow a request that was. */
const RETRY_ALWAYS_STATUS = new Set([408, 429]);
const RETRY_IF_SAFE_STATUS = new Set([502, 503, 504]);

/** How an attempt's failure may be retried (docs/decisions.md, retries). */
const NO_RETRY = 0;
/** Nothing can have reached the server (the connection was never made), or it said it did not act. */
const RETRY_ALWAYS = 1;
/** The request may have reached the server: only when the operation is safe to repeat. */
const RETRY_IF_SAFE = 2;

/** Causes of a fetch rejection that mean no connection was made, so no byte of the request went out. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether a fetch rejection says the request never left: a `cause` (at any depth) with one of NOT_CONNECTED's
 * codes, or any error of the `connect` system call. Everything else (undici's UND_ERR_SOCKET "other side closed",
 * ECONNRESET on read, a browser's bare TypeError, a custom fetch's own error) may follow a request that was sent.
 * @param {any} e
 * @returns {boolean}
 */
export function neverSent(e) {
  for (let c = e, depth = 0; c !== null && typeof c === 'object' && depth < 4; c = c.cause, depth++) {
    if (typeof c.code === 'string' && NOT_CONNECTED.has(c.code)) return true;
    if (c.syscall === 'connect') return true;
  }
  return false;
}

/** The reason a call's own controller is aborted with when its time is up (told apart from the caller's abort). */
const TIMEOUT = Object.freeze({ timeout: true });

/** Links the caller's AbortSignal to the call's own controller without a closure per call. */
class AbortLink {
  /** @param {AbortController} ctl */
  constructor(ctl) {
    this.ctl = ctl;
  }
  /** @param {Event & { target: AbortSignal }} e */
  handleEvent(e) {
    this.ctl.abort(e.target.reason);
  }
}

/**
 * The time limit of one attempt. With a controller (the caller gave a signal, so fetch is handed one), the
 * controller is aborted when the time is up. Without one, no signal is handed to fetch (undici's handling of one
 * costs about a sixth of a loopback call): when the time is up the attempt ends at once, the reply body is
 * cancelled if it is being read (which closes the connection), and a reply that arrives later is cancelled when
 * it does.
 *
 * Every attempt in flight, of every client, is on one list watched by one timer (`watchdog`), set for the
 * earliest deadline: a timer per attempt, set and cleared on every call, cost about 2% of a loopback call
 * (docs/decisions.md §15). Starting and ending an attempt links and unlinks it.
 */
class Watch {
  /**
   * @param {number} ms
   * @param {AbortController | undefined} ctl
   */
  constructor(ms, ctl) {
    this.fired = false;
    this.ctl = ctl;
    /** @type {ReadableStreamDefaultReader<Uint8Array> | undefined} */
    this.reader = undefined;
    /** @type {((value: Response | undefined) => void) | undefined} */
    this.resolve = undefined;
    /** @type {Promise<Response | undefined> | undefined} */
    this.pending = undefined;
    this.at = now() + ms;
    const last = watched.prev;
    /** Neighbours on the list of attempts in flight (undefined once off it). @type {any} */
    this.prev = last;
    /** @type {any} */
    this.next = watched;
    last.next = this;
    watched.prev = this;
    if (dog === undefined || this.at < dogAt) armDog(this.at);
    else if (!dogRefed) {
      dog.ref();
      dogRefed = true;
    }
  }

  /** The attempt is over (idempotent): off the list; the timer stops holding the process when none is left. */
  end() {
    const prev = this.prev;
    if (prev === undefined) return;
    const next = this.next;
    prev.next = next;
    next.prev = prev;
    this.prev = this.next = undefined;
    if (watched.next === watched && dog !== undefined) idleDog();
  }
}

/** The list's head (a sentinel: an empty list points at itself). */
/** @type {{ prev: any, next: any }} */
const watched = { prev: undefined, next: undefined };
watched.prev = watched.next = watched;
/** The timer, when it will fire (on the `now()` clock) and whether it keeps the process alive (Node). */
/** @type {any} */
let dog;
let dogAt = 0;
let dogRefed = false;

/** @param {number} at */
function armDog(at) {
  if (dog !== undefined) clearTimeout(dog);
  dogAt = at;
  dog = setTimeout(watchdog, Math.max(0, at - now()));
  dogRefed = true;
}

/**
 * No attempt left: where timers can be unreferenced (Node, Bun) the timer stays set but no longer holds the
 * process open, so the next call usually has nothing to set; elsewhere it is cleared.
 */
function idleDog() {
  if (typeof dog.unref === 'function') {
    if (dogRefed) {
      dog.unref();
      dogRefed = false;
    }
  } else {
    clearTimeout(dog);
    dog = undefined;
  }
}

/** Fires every attempt whose time is up, then sets the timer for the earliest deadline left. */
function watchdog() {
  dog = undefined;
  const t = now();
  /** @type {Watch[]} */
  const due = [];
  for (let w = watched.next; w !== watched; w = w.next) if (w.at <= t) due.push(w);
  for (const w of due) {
    w.end();
    fireWatch(w);
  }
  // Counted after firing: an abort listener may have started another attempt (and set the timer) meanwhile.
  let next = Infinity;
  for (let w = watched.next; w !== watched; w = w.next) if (w.at < next) next = w.at;
  if (next === Infinity) {
    if (dog !== undefined) idleDog();
  } else if (dog === undefined || next < dogAt) armDog(next);
}

/** @param {Watch} w */
function fireWatch(w) {
  if (w.ctl !== undefined) {
    w.ctl.abort(TIMEOUT);
    return;
  }
  w.fired = true;
  if (w.reader !== undefined) w.reader.cancel(TIMEOUT).catch(noop);
  if (w.resolve !== undefined) {
    w.resolve(undefined);
    // @ts-expect-error -- `pending` is set whenever `resolve` is (send() sets both).
    w.pending.then(cancelBody, noop);
  }
}

/** @param {any} res */
function cancelBody(res) {
  if (res !== null && typeof res === 'object' && res.body !== null && typeof res.body === 'object' && typeof res.body.cancel === 'function') res.body.cancel().catch(noop);
}

/** A reply larger than the limit (the body is cancelled). */
const TOO_LARGE = Object.freeze({ tooLarge: true });

/**
 * The reply body as text, read from its stream so that the size limit holds while it arrives: the stream is
 * cancelled as soon as more than `max` bytes came (TOO_LARGE). A Response without a stream (a custom fetch's
 * object) is read with text() and checked afterwards.
 * @param {Response} res
 * @param {number} max
 * @param {Watch | undefined} w
 * @returns {Promise<string | typeof TOO_LARGE>}
 */
async function readText(res, max, w) {
  const body = res.body;
  if (body === null) return '';
  if (body === undefined || typeof body.getReader !== 'function') {
    const t = await res.text();
    return max > 0 && t.length > max && new TextEncoder().encode(t).length > max ? TOO_LARGE : t;
  }
  if (max > 0) {
    const declared = res.headers.get('content-length');
    if (declared !== null && Number(declared) > max) {
      body.cancel().catch(noop);
      return TOO_LARGE;
    }
  }
  const reader = body.getReader();
  if (w !== undefined) w.reader = reader;
  let first;
  let more;
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (max > 0 && size > max) {
      reader.cancel().catch(noop);
      return TOO_LARGE;
    }
    if (first === undefined) first = value;
    else (more ??= [first]).push(value);
  }
  if (first === undefined) return '';
  if (more === undefined) return utf8.decode(first);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of more) {
    all.set(c, at);
    at += c.byteLength;
  }
  return utf8.decode(all);
}

/**
 * Resolves after `ms` (true), or at once when `signal` aborts (false).
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<boolean>}
 */
function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal === undefined) {
      setTimeout(resolve, ms, true);
      return;
    }
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The caller's signal fired: `timeout` when its reason is a TimeoutError (AbortSignal.timeout()), else `aborted`.
 * @param {AbortSignal} signal
 * @returns {'timeout' | 'aborted'}
 */
function callerAbortKind(signal) {
  const r = signal.reason;
  return r !== null && typeof r === 'object' && r.name === 'TimeoutError' ? 'timeout' : 'aborted';
}

/**
 * @param {string | null} ct
 * @returns {string}
 */
function mediaBase(ct) {
  if (ct === null) return '';
  const i = ct.indexOf(';');
  return (i === -1 ? ct : ct.slice(0, i)).trim().toLowerCase();
}

/**
 * @param {string} base
 * @returns {'json' | 'xml' | ''}
 */
function kindOf(base) {
  if (base.includes('json')) return 'json';
  if (base.includes('xml')) return 'xml';
  return '';
}

// ---------------------------------------------------------------------------------------------------------
// Error fields: where a decoded error body carries the vendor's code and message

const EACH_ITEM = 0;
const EACH_VALUE = 1;

/**
 * Walks `path` (property names, EACH_ITEM for every array item, EACH_VALUE for every value of a map, whose key
 * is remembered) and calls `visit(container, keyPrefix)` on each object reached.
 * @param {any} v
 * @param {(string | 0 | 1)[]} path
 * @param {number} i
 * @param {string} prefix
 * @param {(container: any, keyPrefix: string) => void} visit
 */
function walk(v, path, i, prefix, visit) {
  if (v === null || typeof v !== 'object') return;
  if (i === path.length) {
    visit(v, prefix);
    return;
  }
  const step = path[i];
  if (step === EACH_ITEM) {
    if (Array.isArray(v)) for (const x of v) walk(x, path, i + 1, prefix, visit);
  } else if (step === EACH_VALUE) {
    for (const k of Object.keys(v)) walk(v[k], path, i + 1, k, visit);
  } else if (hasOwn.call(v, step)) walk(v[step], path, i + 1, prefix, visit);
}

/**
 * The value at `path` (member names; a decimal string indexes an array), own members only; undefined when absent.
 * @param {any} v
 * @param {readonly string[]} path
 * @returns {unknown}
 */
export function valueAtPath(v, path) {
  for (const step of path) {
    if (Array.isArray(v)) {
      if (!/^(0|[1-9][0-9]*)$/.test(step)) return undefined;
      v = v[Number(step)];
    } else if (v !== null && typeof v === 'object' && hasOwn.call(v, step)) v = v[step];
    else return undefined;
  }
  return v;
}

/**
 * @param {unknown} c
 * @returns {string | number | undefined}
 */
function codeValue(c) {
  if (typeof c === 'string' || typeof c === 'number') return c;
  return typeof c === 'bigint' ? c.toString() : undefined;
}

/**
 * `{ code, message }` read from a body by an error-fields descriptor: `{ at, code?, message? }` (found by
 * inference), or `{ codePath?, messagePath? }` (declared: exact paths from the root).
 * @param {unknown} body
 * @param {any} fields An ErrorFieldsDescriptor (which of its two forms is decided by reading it).
 * @returns {{ code: string | number | undefined, message: string | undefined }}
 */
export function errorFields(body, fields) {
  if (fields.codePath !== undefined || fields.messagePath !== undefined) {
    const code = fields.codePath !== undefined ? codeValue(valueAtPath(body, fields.codePath)) : undefined;
    const m = fields.messagePath !== undefined ? valueAtPath(body, fields.messagePath) : undefined;
    return { code, message: typeof m === 'string' && m !== '' ? m : undefined };
  }
  /** @type {string | number | undefined} */
  let code;
  /** @type {string | undefined} */
  let message;
  /** @type {string[]} */
  const messages = [];
  walk(body, fields.at, 0, '', (o, prefix) => {
    const c = fields.code !== undefined && hasOwn.call(o, fields.code) ? o[fields.code] : undefined;
    const m = fields.message !== undefined && hasOwn.call(o, fields.message) ? o[fields.message] : undefined;
    const text = typeof m === 'string' && m !== '' ? m : undefined;
    if (code === undefined && (typeof c === 'string' || typeof c === 'number' || typeof c === 'bigint')) {
      code = typeof c === 'bigint' ? c.toString() : c;
      if (text !== undefined) message = text;
    }
    if (text !== undefined) messages.push(prefix !== '' ? `${prefix}: ${text}` : text);
  });
  if (message === undefined && messages.length > 0) message = messages.join('; ');
  return { code, message };
}

// ---------------------------------------------------------------------------------------------------------
// The client core

/**
 * @param {unknown} v
 * @param {string} what
 * @returns {asserts v is string}
 */
function checkString(v, what) {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
}

/**
 * @param {unknown} v
 * @param {number} fallback
 * @param {string} what
 * @returns {number}
 */
function numberOption(v, fallback, what) {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0)) throw new TypeError(`${what} must be a number >= 0`);
  return v;
}

const NO_RETRIES = Object.freeze({ ...DEFAULT_RETRY, retries: 0 });

/**
 * `retry` of the client or a call: `false` (no retries) or `{ retries, baseDelayMs, maxDelayMs, maxRetryAfterMs }` over `base`.
 * @param {any} r
 * @param {Readonly<Required<RetryOptions>>} base
 * @param {string} what
 * @returns {Readonly<Required<RetryOptions>>}
 */
function retryOption(r, base, what) {
  if (r === undefined) return base;
  if (r === false) return base.retries === 0 ? base : Object.freeze({ ...base, retries: 0 });
  if (r === null || typeof r !== 'object') throw new TypeError(`${what} must be false or { retries, baseDelayMs, maxDelayMs, maxRetryAfterMs }`);
  const out = {
    retries: numberOption(r.retries, base.retries, `${what}.retries`),
    baseDelayMs: numberOption(r.baseDelayMs, base.baseDelayMs, `${what}.baseDelayMs`),
    maxDelayMs: numberOption(r.maxDelayMs, base.maxDelayMs, `${what}.maxDelayMs`),
    maxRetryAfterMs: numberOption(r.maxRetryAfterMs, base.maxRetryAfterMs, `${what}.maxRetryAfterMs`),
  };
  if (!Number.isInteger(out.retries)) throw new TypeError(`${what}.retries must be a whole number`);
  return Object.freeze(out);
}

/**
 * The state of one client: options, credentials, cached per-operation headers and the session. Generated
 * clients create one with `new ClientCore(provider, options)` and call `core.call(operation, input, init)`.
 */
export class ClientCore {
  /**
   * @param {ProviderDescriptor} provider
   * @param {any} options The caller's createClient options, checked here.
   */
  constructor(provider, options) {
    if (options === null || typeof options !== 'object') throw new TypeError(`createClient(${provider.id}): options must be an object`);
    const what = `createClient(${provider.id})`;
    this.provider = provider;
    // baseUrl: the vendor's origin (and base path); operation paths are appended. Never echoed in errors: it
    // may carry credentials someone put there by mistake.
    const base = options.baseUrl !== undefined ? options.baseUrl : fillServer(provider, options.serverVariables);
    if (typeof base !== 'string' || base === '') throw new TypeError(`createClient(${provider.id}): baseUrl is required (the vendor's URL)`);
    if (/[{}]/.test(base)) throw new TypeError(`createClient(${provider.id}): baseUrl has an unfilled server variable (${(base.match(/\{[^{}]*\}/) ?? ['{ }'])[0]}); pass serverVariables or a complete baseUrl`);
    let u;
    try {
      u = new URL(base);
    } catch {
      throw new TypeError(`${what}: baseUrl is not an absolute URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError(`${what}: baseUrl must be an http or https URL`);
    if (u.username !== '' || u.password !== '') throw new TypeError(`${what}: baseUrl must not contain credentials; pass them as auth`);
    if (u.search !== '' || u.hash !== '') throw new TypeError(`${what}: baseUrl must not have a query or fragment`);
    this.base = base.replace(/\/+$/, '');

    // Credentials: every field the provider's security schemes and extensions need, as strings.
    const auth = options.auth;
    /** @type {Record<string, any>} */
    this.auth = {};
    /** @type {string[]} */
    this.secrets = [];
    /** The patterns of the short secrets (scrub). @type {Map<string, RegExp>} */
    this.patterns = new Map();
    if (provider.auth.length > 0) {
      if (auth === null || typeof auth !== 'object') throw new TypeError(`${what}: auth is required: { ${provider.auth.map((a) => a.field).join(', ')} }`);
      for (const a of provider.auth) {
        const v = auth[a.field];
        const what = `createClient(${provider.id}): auth.${a.field}`;
        if (v === undefined && a.optional) continue;
        if (a.type === 'strings') {
          if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new TypeError(`${what} must be a list of strings`);
          this.auth[a.field] = v.slice();
          continue;
        }
        if (a.type === 'token') {
          if (typeof v !== 'function') checkString(v, what + ' (a string or a function returning one)');
          this.auth[a.field] = v;
          if (typeof v === 'string' && v !== '') this.secrets.push(v);
          continue;
        }
        checkString(v, what);
        this.auth[a.field] = v;
        if (a.secret && v !== '') this.secrets.push(v);
      }
    }
    // Security alternatives: each list needs one alternative whose options are all given.
    for (const alts of provider.requirements ?? []) {
      if (alts.some((a) => a.fields.every((f) => this.auth[f] !== undefined))) continue;
      throw new TypeError(`createClient(${provider.id}): auth must hold the options of one of these security alternatives: ${alts.map((a) => `${a.schemes} ({ ${a.fields.join(', ')} })`).join('; ')}`);
    }
    // Each security scheme's client half (templates/runtime/auth/*.js) checks the options it uses and sets up its
    // per-client state (an OAuth 2.0 token source, a caller's token function).
    /** @type {Record<string, unknown>} */
    this.schemeState = {};
    for (const key of Object.keys(provider.schemes)) {
      const s = provider.schemes[key];
      if (s.init !== undefined) s.init(this);
    }

    const f = options.fetch !== undefined ? options.fetch : globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError(`${what}: no fetch function (pass options.fetch)`);
    /** @type {FetchLike} */
    this.fetch = f;
    const cr = options.credentials;
    if (cr !== undefined && cr !== 'omit' && cr !== 'same-origin' && cr !== 'include') throw new TypeError(`createClient(${provider.id}): credentials must be "omit", "same-origin" or "include"`);
    /** @type {RequestCredentials | undefined} */
    this.credentials = cr;

    this.extraHeaders = lowerHeaders(options.headers, `${what}: headers`);
    for (const k of Object.keys(this.extraHeaders)) {
      if (!HEADER_NAME.test(k)) throw new TypeError(`${what}: headers: ${JSON.stringify(k)} is not a header name`);
      if (BAD_HEADER_VALUE.test(this.extraHeaders[k])) throw new TypeError(`${what}: headers: the value of ${JSON.stringify(k)}: ${headerValueText(this.extraHeaders[k])}`);
    }
    this.timeoutMs = numberOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, `${what}: timeoutMs`);
    this.deadlineMs = numberOption(options.deadlineMs, 0, `${what}: deadlineMs`);
    this.maxResponseBytes = numberOption(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, `${what}: maxResponseBytes`);
    this.retry = retryOption(options.retry, DEFAULT_RETRY, `${what}: retry`);
    this.validateRequest = options.validateRequest !== false;
    this.validateResponse = options.validateResponse !== false;
    if (options.format !== undefined && !provider.formats.includes(options.format)) {
      throw new TypeError(`${what}: format must be one of ${provider.formats.map((x) => JSON.stringify(x)).join(', ')}`);
    }
    /** @type {string | undefined} */
    this.format = options.format;
    /** @type {((info: RequestInfo) => void) | undefined} */
    this.onRequest = typeof options.onRequest === 'function' ? options.onRequest : undefined;
    /** @type {((info: ResponseInfo) => void) | undefined} */
    this.onResponse = typeof options.onResponse === 'function' ? options.onResponse : undefined;
    this.secretHeaders = new Set([...SECRET_HEADERS, ...provider.secretHeaders]);
    /**
     * Per operation index and format: the fixed request headers (auth, content type, extra headers).
     * @type {Record<string, Prepared>[]}
     */
    this.prepared = [];
    // Session (x-session-logon): the cookie pair to send, a generation counter, the logon in flight.
    /** @type {string | undefined} */
    this.cookie = undefined;
    this.generation = 0;
    /** @type {Promise<CallResult> | undefined} */
    this.pending = undefined;
  }

  /**
   * Makes one call of `op`. Never throws and never rejects: resolves to `{ ok: true, status, data, headers,
   * attempts }` or `{ ok: false, error, headers, attempts }`. `deadlineAt` (internal) is the deadline of a call
   * this one serves (a session logon).
   * @param {OperationDescriptor} op
   * @param {any} input The caller's argument, checked here.
   * @param {any} init The caller's call options, checked here.
   * @param {number} [deadlineAt]
   * @returns {Promise<CallResult>}
   */
  call(op, input, init, deadlineAt) {
    try {
      return this.run(op, input, init, deadlineAt);
    } catch (e) {
      return Promise.resolve(this.unexpected(op, e));
    }
  }

  /**
   * Not expected (a codec or a custom fetch's Response misbehaving): still no exception for the caller.
   * @param {OperationDescriptor} op
   * @param {unknown} e
   * @returns {CallResult}
   */
  unexpected(op, e) {
    return this.failure(op, { kind: 'network', message: this.scrub(`${op.id}: unexpected error: ${errorText(e)}`) }, NO_HEADERS);
  }

  /**
   * @param {OperationDescriptor} op
   * @param {any} input
   * @param {any} init
   * @param {number | undefined} deadlineAt
   * @returns {Promise<CallResult>}
   */
  run(op, input, init, deadlineAt) {
    // The spec accepted that the client cannot make this call (x-refuse-unsupported): nothing is sent.
    if (op.refuse !== undefined) return Promise.resolve(this.failure(op, { kind: 'unsupported', message: `${op.id}: ${op.refuse}` }));
    if (init === null || typeof init !== 'object') init = undefined;
    const fmtName = this.formatOf(op, init);
    const fmt = op.formats[fmtName];
    if (op.input) {
      // An operation whose argument has no required member may be called without one.
      if (input === undefined || input === null) input = NO_INPUT;
      else if (typeof input !== 'object') return Promise.resolve(this.invalid(op, [paramIssue('', 'type', 'the argument must be an object')]));
    }
    let issues = null;
    // The parameters, checked by the generated validator of the operation's parameter object (every keyword).
    if (this.validateRequest && op.params !== undefined) {
      const r = op.params(input);
      if (!r.valid) issues = r.issues.slice();
    }
    const body = op.body !== undefined ? op.body(input, this.auth) : undefined;
    if (this.validateRequest && op.validate !== undefined) {
      const r = op.validate(body);
      if (!r.valid) {
        issues = issues ?? [];
        for (const it of r.issues) issues.push(prefixIssue(it, op.bodyPath));
      }
    }
    if (issues !== null && issues.length > 0) return Promise.resolve(this.invalid(op, issues));
    let payload;
    if (body !== undefined) {
      try {
        // A form or multipart body (op.send) is written the same way whatever the reply's format.
        payload = op.send !== undefined ? op.send.encode(body) : fmt.encode !== undefined ? fmt.encode(body) : stringifyJson(body);
      } catch (/** @type {any} */ e) {
        const path = typeof e.path === 'string' ? e.path : '';
        return Promise.resolve(this.invalid(op, [paramIssue(op.bodyPath + path, 'encode', `the body cannot be written as ${op.send !== undefined ? op.send.what : fmtName.toUpperCase()}: ${errorText(e)}`)]));
      }
    }

    // Everything that goes on the wire is checked here, whatever validateRequest says: a value that would send
    // the request elsewhere or smuggle a header is a validation failure, and fetch never sees it.
    let url;
    let headers;
    let st;
    let prep;
    try {
      prep = this.prepare(op, fmtName, fmt);
      const path = fmt.path !== undefined ? fmt.path : op.path(input, fmtName);
      url = prep.query === '' ? this.base + path : this.base + path + (path.includes('?') ? '&' : '?') + prep.query;
      headers = prep.headers;
      const callHeaders = init !== undefined ? init.headers : undefined;
      const key = init !== undefined ? init.idempotencyKey : undefined;
      if (op.headers !== undefined || callHeaders !== undefined || op.idempotencyHeader !== undefined) {
        headers = Object.assign({}, headers);
        if (op.headers !== undefined) op.headers(input, headers);
        // The call's own headers win over the client's, and the credentials win over both.
        if (callHeaders !== undefined) {
          const cookie = headers.cookie;
          Object.assign(headers, checkedHeaders(callHeaders), prep.auth);
          // Cookie parameters and credential cookies stay together.
          if (cookie !== undefined) headers.cookie = cookie;
        }
        const name = op.idempotencyHeader;
        if (name !== undefined && headers[name] === undefined) headers[name] = key !== undefined ? headerValue(checkKey(key), '') : randomUuid();
      }
      if (key !== undefined && op.idempotencyHeader === undefined) throw new WireInputError('', 'idempotencyKey', `idempotencyKey: ${op.id} declares no idempotency key header`);
      st = this.callState(op, fmtName, fmt, url, payload, headers, init, deadlineAt);
    } catch (e) {
      if (e instanceof WireInputError) return Promise.resolve(this.invalid(op, [paramIssue(e.path, e.keyword, e.message)]));
      throw e;
    }
    if (st.signal !== undefined && st.signal.aborted) return Promise.resolve(this.callerAborted(st, NO_HEADERS, 'before sending'));
    if (prep.perCall !== undefined) return this.authorized(prep.perCall, st, headers);
    if (!op.session) return this.send(st, headers);
    return this.withSession(st, headers);
  }

  /**
   * The state of one logical call: its request, its limits, and how its attempts went.
   * @param {OperationDescriptor} op
   * @param {string} fmtName
   * @param {FormatDescriptor} fmt
   * @param {string} url
   * @param {Payload | undefined} payload
   * @param {Record<string, string>} headers
   * @param {CallInit | undefined} init
   * @param {number | undefined} deadlineAt
   * @returns {CallState}
   */
  callState(op, fmtName, fmt, url, payload, headers, init, deadlineAt) {
    let timeoutMs = this.timeoutMs;
    let deadlineMs = this.deadlineMs;
    let maxBytes = this.maxResponseBytes;
    let retry = this.retry;
    let signal;
    if (init !== undefined) {
      if (init.signal != null) signal = init.signal;
      try {
        if (init.timeoutMs !== undefined) timeoutMs = numberOption(init.timeoutMs, 0, 'timeoutMs');
        if (init.deadlineMs !== undefined) deadlineMs = numberOption(init.deadlineMs, 0, 'deadlineMs');
        if (init.maxResponseBytes !== undefined) maxBytes = numberOption(init.maxResponseBytes, 0, 'maxResponseBytes');
        if (init.retry !== undefined) retry = retryOption(init.retry, retry, 'retry');
      } catch (e) {
        throw new WireInputError('', 'options', errorText(e));
      }
    }
    const key = op.idempotencyHeader !== undefined ? headers[op.idempotencyHeader] : undefined;
    return {
      op,
      fmtName,
      fmt,
      url,
      payload,
      init,
      signal,
      // Beyond what a timer can hold (about 24.8 days) is no limit at all.
      timeoutMs: timeoutMs > MAX_TIMER ? 0 : timeoutMs,
      deadlineMs,
      deadlineAt: deadlineAt !== undefined ? deadlineAt : deadlineMs > 0 && deadlineMs <= MAX_TIMER ? now() + deadlineMs : 0,
      maxBytes: maxBytes === Infinity ? 0 : maxBytes,
      retry,
      // Safe to repeat: an idempotent method, `x-idempotent`, or an idempotency key on the request.
      safe: IDEMPOTENT_METHODS.has(op.method) || op.idempotent === true || (key !== undefined && key !== ''),
      attempts: 0,
      /** `attempts` when the current round began (a re-logon starts a second one with its own retries). */
      roundStart: 0,
      verdict: NO_RETRY,
      retryAfter: undefined,
    };
  }

  /**
   * Operations behind the session cookie: log on first when there is no session yet, and once again when the
   * reply says the session is gone (x-session-logon reauthStatus), then send once more. Each of the two sends
   * has its own retries; `attempts` counts the requests of both.
   * @param {CallState} st
   * @param {Record<string, string>} headers
   * @returns {Promise<CallResult>}
   */
  async withSession(st, headers) {
    try {
      for (let round = 0; ; round++) {
        const gen = this.generation;
        if (this.cookie === undefined) {
          const r = await this.logon(st, gen);
          if (r !== null) return r;
        }
        // @ts-expect-error -- logon() returned null, so the session cookie is set.
        const h = this.cookie === '' ? headers : Object.assign({}, headers, { cookie: mergeCookie(headers.cookie, this.cookie) });
        st.roundStart = st.attempts;
        const r = await this.send(st, h);
        const s = this.provider.session;
        const reply = r.ok ? r.data : r.error.kind === 'vendor' ? r.error.body : undefined;
        // @ts-expect-error -- `session` operations exist only where the provider has a session logon.
        if (round > 0 || reply === null || typeof reply !== 'object' || reply[s.status] !== s.reauth) return r;
        if (this.generation === gen) this.cookie = undefined;
      }
    } catch (e) {
      return this.unexpected(st.op, e);
    }
  }

  /**
   * Operations whose Authorization is made per call (an OAuth 2.0 token, a caller's token function, an answer to
   * an HTTP Digest challenge): `auth` gives the value; when the API answers 401 and `auth` says trying again may
   * help (a new token, a fresh challenge), the call is sent once more.
   * @param {CallAuthorizer} auth
   * @param {CallState} st
   * @param {Record<string, string>} headers
   * @returns {Promise<CallResult>}
   */
  async authorized(auth, st, headers) {
    const op = st.op;
    try {
      for (let round = 0; ; round++) {
        const a = await auth.authorize(this, { method: op.method, url: st.url });
        if (a.error !== undefined) return this.failure(op, Object.assign({}, a.error));
        st.roundStart = st.attempts;
        const r = await this.send(st, a.value === undefined ? headers : Object.assign({}, headers, { authorization: a.value }));
        if (round > 0 || r.ok || r.error.status !== 401 || !auth.refused(a.value, r.headers)) return r;
      }
    } catch (e) {
      return this.unexpected(op, e);
    }
  }

  /** @param {string} secret */
  remember(secret) {
    if (!this.secrets.includes(secret)) this.secrets.push(secret);
  }

  /** @param {string} secret */
  forget(secret) {
    const i = this.secrets.indexOf(secret);
    if (i !== -1) this.secrets.splice(i, 1);
    this.patterns.delete(secret);
  }

  /**
   * Logs on (once for all callers waiting) unless another caller already renewed the session since `gen`.
   * @param {CallState} st
   * @param {number} gen
   * @returns {Promise<CallResult | null>}
   */
  async logon(st, gen) {
    if (this.generation !== gen && this.cookie !== undefined) return null;
    if (this.pending === undefined) {
      // @ts-expect-error -- `session` operations exist only where the provider has a session logon.
      this.pending = this.call(this.provider.session.op, undefined, st.init, st.deadlineAt).finally(() => {
        this.pending = undefined;
      });
    }
    const r = await this.pending;
    return r.ok ? null : r;
  }

  /**
   * @param {OperationDescriptor} op
   * @param {CallInit | undefined} init
   * @returns {string}
   */
  formatOf(op, init) {
    const want = init !== undefined && init.format !== undefined ? init.format : this.format;
    return want !== undefined && hasOwn.call(op.formats, want) ? want : op.format;
  }

  /**
   * @param {OperationDescriptor} op
   * @param {string} fmtName
   * @param {FormatDescriptor} fmt
   * @returns {Prepared}
   */
  prepare(op, fmtName, fmt) {
    let perOp = this.prepared[op.index];
    if (perOp === undefined) perOp = this.prepared[op.index] = {};
    let p = perOp[fmtName];
    if (p !== undefined) return p;
    const headers = Object.assign({}, this.extraHeaders);
    if (fmt.accept !== undefined) headers.accept = fmt.accept;
    // A multipart body has no fixed type: fetch writes it with the FormData's boundary.
    if (op.hasBody) {
      const type = op.send !== undefined ? op.send.type : fmt.type;
      if (type !== undefined) headers['content-type'] = type;
    }
    let chosen = op.auth;
    if (op.alternatives !== undefined) {
      const alt = op.alternatives.find((x) => x.fields.every((f) => this.auth[f] !== undefined));
      if (alt !== undefined) chosen = alt.auth;
    }
    // Each scheme's client half puts its credential on the request (templates/runtime/auth/*.js).
    /** @type {PreparedAuth} */
    const out = { headers: {}, query: '', cookie: undefined, perCall: undefined };
    for (const key of chosen) this.provider.schemes[key].apply(this, out);
    const auth = out.headers;
    if (out.cookie !== undefined) auth.cookie = out.cookie;
    Object.assign(headers, auth);
    p = perOp[fmtName] = { headers, auth, query: out.query, perCall: out.perCall };
    return p;
  }

  /**
   * Sends the request, retrying as `st.retry` allows (docs/decisions.md, retries): a failure that cannot have
   * reached the server, or a 408/429, always; one that may have (a reset or timeout after sending, a 502-504)
   * only when the call is safe to repeat. Waits honour Retry-After (up to maxRetryAfterMs), else back off
   * exponentially with full jitter; the caller's signal ends a wait at once.
   */
  /**
   * After a failed attempt: whether and when to try again, then the next attempt (which settles in turn).
   * Success never comes here, so a call that works costs one async step, not two.
   * @param {CallState} st
   * @param {Record<string, string>} headers
   * @param {CallResult} r
   * @returns {Promise<CallResult>}
   */
  async again(st, headers, r) {
    const tries = st.attempts - st.roundStart;
    if (tries > st.retry.retries || (st.verdict === RETRY_IF_SAFE && !st.safe)) return r;
    let delay;
    if (st.retryAfter !== undefined) {
      if (st.retryAfter > st.retry.maxRetryAfterMs) return r;
      delay = st.retryAfter;
    } else delay = Math.random() * Math.min(st.retry.maxDelayMs, st.retry.baseDelayMs * 2 ** (tries - 1));
    if (delay > MAX_TIMER || (st.deadlineAt !== 0 && now() + delay >= st.deadlineAt)) return r;
    if (!(await wait(delay, st.signal))) {
      const stopped = this.callerAborted(st, r.headers, 'while waiting to retry');
      stopped.attempts = st.attempts;
      return stopped;
    }
    return this.send(st, headers);
  }

  /**
   * The end of an attempt: its result, or (when it may be retried) the retries that follow.
   * @param {CallState} st
   * @param {Record<string, string>} headers
   * @param {CallResult} r
   * @returns {CallResult | Promise<CallResult>}
   */
  settle(st, headers, r) {
    r.attempts = st.attempts;
    if (r.ok || st.verdict === NO_RETRY) return r;
    return this.again(st, headers, r);
  }

  /**
   * Sends the request, retrying as `st.retry` allows (docs/decisions.md, retries): a failure that cannot have
   * reached the server, or a 408/429, always; one that may have (a reset or timeout after sending, a 502-504)
   * only when the call is safe to repeat. Waits honour Retry-After (up to maxRetryAfterMs), else back off
   * exponentially with full jitter; the caller's signal ends a wait at once. Each attempt sets `st.verdict` and
   * `st.retryAfter` for `settle`.
   * @param {CallState} st
   * @param {Record<string, string>} headers
   * @returns {Promise<CallResult>}
   */
  async send(st, headers) {
    const op = st.op;
    st.verdict = NO_RETRY;
    st.retryAfter = undefined;
    const signal = st.signal;
    if (signal !== undefined && signal.aborted) return this.settle(st, headers, this.callerAborted(st, NO_HEADERS, 'before sending'));
    let ms = st.timeoutMs;
    let byDeadline = false;
    if (st.deadlineAt !== 0) {
      const left = st.deadlineAt - now();
      if (left <= 0) return this.settle(st, headers, this.failure(op, { kind: 'timeout', message: `${op.id}: no reply within the deadline of ${st.deadlineMs} ms` }, NO_HEADERS));
      if (ms === 0 || left < ms) {
        ms = left;
        byDeadline = true;
      }
    }
    const n = ++st.attempts;
    const hooked = this.onRequest !== undefined || this.onResponse !== undefined;
    const started = hooked ? now() : 0;
    if (this.onRequest !== undefined) this.hook(this.onRequest, { operation: op.id, method: op.method, url: this.redactUrl(st.url), headers: this.redactHeaders(headers), attempt: n });
    /** @type {RequestInit} */
    // @ts-expect-error -- `body` and `signal` may be undefined, which fetch reads as absent (exactOptionalPropertyTypes).
    const reqInit = { method: op.method, headers, body: st.payload, signal: undefined };
    if (this.credentials !== undefined) reqInit.credentials = this.credentials;
    let ctl;
    let link;
    /** @type {Watch | undefined} */
    let w;
    if (signal !== undefined) {
      // The caller's signal is never handed to fetch itself: fetch keeps its listeners on a long-lived signal
      // until the signal is collected. A controller per attempt, linked while it runs, has none left over.
      ctl = new AbortController();
      reqInit.signal = ctl.signal;
      link = new AbortLink(ctl);
      signal.addEventListener('abort', link);
    }
    if (ms > 0) w = new Watch(ms, ctl);
    const doFetch = this.fetch;
    /**
     * The reply, and its body text (or TOO_LARGE), once it arrived: read below only when `error` is undefined.
     * @type {any}
     */
    let res;
    /** @type {any} */
    let text;
    let failed = false;
    let cause;
    try {
      /** @type {Promise<Response | undefined>} */
      let p = doFetch(st.url, reqInit);
      if (w !== undefined && ctl === undefined) {
        w.pending = p;
        p = new Promise((resolve, reject) => {
          w.resolve = resolve;
          // @ts-expect-error -- set just above; TypeScript does not carry that into the executor.
          w.pending.then(resolve, reject);
        });
      }
      res = await p;
      if (w !== undefined) w.resolve = undefined;
      // A custom fetch may resolve to anything: only an object is read as a reply.
      if (res === null || typeof res !== 'object') res = undefined;
      else text = await readText(res, st.maxBytes, w);
    } catch (e) {
      failed = true;
      cause = e;
    } finally {
      if (w !== undefined) w.end();
      // @ts-expect-error -- `link` exists only when the caller gave a signal.
      if (link !== undefined) signal.removeEventListener('abort', link);
    }
    let error;
    if ((w !== undefined && w.fired) || (ctl !== undefined && ctl.signal.reason === TIMEOUT)) {
      error = { kind: 'timeout', message: byDeadline ? `${op.id}: no reply within the deadline of ${st.deadlineMs} ms` : `${op.id}: no complete reply within ${ms} ms` };
      // A request whose reply did not come in time may have been acted on.
      if (!byDeadline) st.verdict = RETRY_IF_SAFE;
    } else if (failed) {
      if (signal !== undefined && signal.aborted) error = this.callerAborted(st, NO_HEADERS, '').error;
      else {
        error = { kind: 'network', message: this.scrub(`${op.id}: ${networkText(cause)}`) };
        st.verdict = res === undefined && neverSent(cause) ? RETRY_ALWAYS : RETRY_IF_SAFE;
      }
    } else if (res === undefined) {
      // A custom fetch that resolved to something other than a Response: no reply to read (and nothing to retry).
      error = { kind: 'network', message: `${op.id}: fetch resolved without a Response` };
    }
    if (error !== undefined) {
      if (this.onResponse !== undefined) {
        this.hook(this.onResponse, { operation: op.id, method: op.method, url: this.redactUrl(st.url), status: res === undefined ? 0 : res.status, durationMs: now() - started, headers: res === undefined ? {} : this.redactHeaders(res.headers), attempt: n, error: error.kind });
      }
      error.operation = op.id;
      return this.settle(st, headers, { ok: false, error, headers: res === undefined ? NO_HEADERS : this.redactHeaders(res.headers), attempts: 0 });
    }
    const replyHeaders = res.headers;
    if (this.onResponse !== undefined) {
      this.hook(this.onResponse, { operation: op.id, method: op.method, url: this.redactUrl(st.url), status: res.status, durationMs: now() - started, headers: this.redactHeaders(res.headers), attempt: n });
    }
    if (text === TOO_LARGE) {
      return this.settle(st, headers, this.failure(op, { kind: 'too-large', status: res.status, limit: st.maxBytes, message: `${op.id}: the reply is larger than maxResponseBytes (${st.maxBytes})` }, replyHeaders));
    }
    let result;
    try {
      result = this.interpret(op, st.fmtName, st.fmt, res, text, replyHeaders);
    } catch (e) {
      return this.settle(st, headers, this.unexpected(op, e));
    }
    if (result.ok) {
      if (this.provider.session !== undefined && op === this.provider.session.op) this.capture(res);
      result.attempts = st.attempts;
      return result;
    }
    const status = res.status;
    if (RETRY_ALWAYS_STATUS.has(status)) st.verdict = RETRY_ALWAYS;
    else if (RETRY_IF_SAFE_STATUS.has(status)) st.verdict = RETRY_IF_SAFE;
    if (result.error.kind === 'http') {
      const ra = retryAfterMs(res.headers.get('retry-after'));
      if (ra !== undefined) {
        st.retryAfter = ra;
        result.error.retryAfterMs = ra;
      }
    }
    return this.settle(st, headers, result);
  }

  /**
   * The caller's signal ended the call: `aborted`, or `timeout` when the signal was AbortSignal.timeout().
   * @param {CallState} st
   * @param {Headers | Record<string, string>} headers
   * @param {string} when
   * @returns {CallResult & { ok: false }}
   */
  callerAborted(st, headers, when) {
    // @ts-expect-error -- called only once the caller's signal has aborted.
    const kind = callerAbortKind(st.signal);
    const text = kind === 'timeout' ? "the caller's signal timed out" : 'aborted';
    return this.failure(st.op, { kind, message: `${st.op.id}: ${text}${when !== '' ? ` ${when}` : ''}` }, headers);
  }

  /**
   * Keeps the session cookie a successful logon set (x-session-logon.cookie).
   * @param {Response} res
   */
  capture(res) {
    // @ts-expect-error -- called only after the provider's logon operation succeeded.
    const name = this.provider.session.cookie;
    const lines = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : splitSetCookie(res.headers.get('set-cookie'));
    let pair = '';
    for (const line of lines) {
      const semi = line.indexOf(';');
      const first = (semi === -1 ? line : line.slice(0, semi)).trim();
      const eq = first.indexOf('=');
      if (eq > 0 && first.slice(0, eq).trim() === name) pair = first;
    }
    // No readable Set-Cookie (a browser hides it and keeps the cookie itself): send none of our own.
    this.cookie = pair;
    this.generation++;
    if (pair !== '') {
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value !== '' && !this.secrets.includes(value)) this.secrets.push(value);
    }
  }

  /**
   * @param {OperationDescriptor} op
   * @param {string} fmtName
   * @param {FormatDescriptor} fmt
   * @param {Response} res
   * @param {string} text
   * @param {Headers} headers
   * @returns {CallResult}
   */
  interpret(op, fmtName, fmt, res, text, headers) {
    const status = res.status;
    const ok = status >= 200 && status < 300;
    const responses = op.responses;
    let rs = responses[status];
    if (rs === undefined) rs = responses[`${(status / 100) | 0}XX`];
    if (rs === undefined) rs = responses.default;
    if (rs === undefined && ok) rs = responses[op.success];

    // Decode the body by what the reply says it is (or, without a Content-Type, by what was asked for).
    /** @type {any} The decoded reply body. */
    let value;
    let decodeError;
    let fault;
    let validate;
    let fields;
    const base = mediaBase(res.headers.get('content-type'));
    if (fmtName === 'soap' && (base === '' || kindOf(base) === 'xml')) {
      // @ts-expect-error -- a SOAP format always has its envelope reader.
      const d = text === '' ? undefined : fmt.decode(text, XML_REPLY);
      if (d === undefined) decodeError = 'the reply is empty';
      else if (d.ok) {
        value = d.value;
        validate = fmt.validate;
      } else if (d.fault !== undefined) fault = d.fault;
      else decodeError = issueText(d.errors);
    } else if (rs !== undefined && rs.bodies.length > 0) {
      const b = pickBody(rs.bodies, base, fmtName);
      validate = b.validate;
      fields = b.fields;
      if (text === '') decodeError = 'the reply is empty';
      else if (b.kind === 'json') {
        try {
          value = parseJson(text);
        } catch (e) {
          decodeError = `the reply is not valid JSON (${errorText(e)})`;
        }
      } else if (b.decode === undefined) decodeError = `no XML reader for status ${status}`;
      else {
        const d = b.decode(text, XML_REPLY);
        if (d.ok) value = d.value;
        else decodeError = issueText(d.errors);
      }
    } else if (rs === undefined && text !== '' && kindOf(base) === 'json') {
      // Undocumented status: keep a JSON body when there is one; nothing is assumed about its shape.
      try {
        value = parseJson(text);
      } catch {
        value = undefined;
      }
    }

    if (fault !== undefined) {
      const message = this.scrub(fault.reason !== '' ? fault.reason : `SOAP fault ${fault.code}`);
      if (ok) return this.failure(op, { kind: 'vendor', status, code: undefined, message, body: undefined, fault }, headers);
      return this.failure(op, { kind: 'http', status, documented: false, body: undefined, code: undefined, message, fault }, headers);
    }

    if (ok) {
      if (decodeError !== undefined) return this.failure(op, { kind: 'decode', status, message: this.scrub(`${op.id}: ${decodeError}`) }, headers);
      if (this.validateResponse && validate !== undefined) {
        const r = validate(value);
        if (!r.valid) {
          const first = r.issues[0];
          return this.failure(op, { kind: 'response-validation', status, issues: r.issues.map((it) => this.scrubIssue(it)), body: value, message: this.scrub(`${op.id}: the reply does not match the spec: ${first.path || '/'}: ${first.message}`) }, headers);
        }
      }
      const vs = op.vendor;
      if (vs !== undefined && valueAtPath(value, vs.field) !== vs.success) {
        const code = vs.code !== undefined ? codeValue(valueAtPath(value, vs.code)) : undefined;
        const m = vs.message !== undefined ? valueAtPath(value, vs.message) : undefined;
        return this.failure(op, { kind: 'vendor', status, code, message: this.scrub(typeof m === 'string' && m !== '' ? m : this.catalogText(code) ?? `${op.id}: the vendor reports a failure`), body: value }, headers);
      }
      return this.withHeaders({ ok: true, status, data: value, attempts: 0 }, headers);
    }

    // Not 2xx: an HTTP failure, with the documented body when it decoded and matched the spec.
    const statusText = `HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}`;
    // A status declared without a body, or not declared, whose reply is in the provider's error shape.
    if ((rs === undefined || rs.bodies.length === 0) && this.provider.errorShape !== undefined && text !== '') {
      const shaped = readShaped(this.provider.errorShape, base, text);
      if (shaped !== undefined) {
        let { code, message } = shaped.fields !== undefined ? errorFields(shaped.value, shaped.fields) : { code: undefined, message: undefined };
        if (message === undefined && code !== undefined) message = this.catalogText(code);
        if (message === undefined) message = rs !== undefined && rs.description !== undefined ? `${statusText}: ${rs.description}` : statusText;
        return this.failure(op, { kind: 'http', status, documented: rs !== undefined, body: shaped.value, code, message: this.scrub(message) }, headers);
      }
    }
    if (rs === undefined) return this.failure(op, { kind: 'http', status, documented: false, body: value, code: undefined, message: this.scrub(statusText) }, headers);
    let documented = decodeError === undefined;
    if (documented && this.validateResponse && validate !== undefined && !validate(value).valid) documented = false;
    let code;
    let message;
    if (documented && fields !== undefined) ({ code, message } = errorFields(value, fields));
    if (message === undefined && code !== undefined) message = this.catalogText(code);
    if (message === undefined) message = rs.description !== undefined ? `${statusText}: ${rs.description}` : statusText;
    return this.failure(op, { kind: 'http', status, documented, body: documented ? value : undefined, code, message: this.scrub(message) }, headers);
  }

  /**
   * @param {unknown} code
   * @returns {string | undefined}
   */
  catalogText(code) {
    const e = code === undefined || code === null ? undefined : this.provider.catalog[String(code)];
    return e !== undefined && hasOwn.call(this.provider.catalog, String(code)) ? e.message : undefined;
  }

  /**
   * @param {OperationDescriptor} op
   * @param {ValidationIssue[]} issues
   * @returns {CallResult}
   */
  invalid(op, issues) {
    let coded;
    for (const it of issues) {
      if (it.code !== undefined) {
        coded = it;
        break;
      }
    }
    const first = coded ?? issues[0];
    const text = first.vendorMessage !== undefined ? first.vendorMessage : first.message;
    const more = issues.length > 1 ? ` (${issues.length} issues)` : '';
    const error = { kind: 'validation', code: coded !== undefined ? coded.code : undefined, message: this.scrub(`${first.path || '/'}: ${text}${more}`), issues: issues.map((it) => this.scrubIssue(it)) };
    return this.failure(op, error, NO_HEADERS);
  }

  /**
   * A failed result; `attempts` is filled in when the call ends. `headers`: a record, or a reply's Headers.
   * @param {OperationDescriptor} op
   * @param {Failure} error
   * @param {any} [headers] A record, or a reply's Headers.
   * @returns {CallResult & { ok: false }}
   */
  failure(op, error, headers = NO_HEADERS) {
    error.operation = op.id;
    if (typeof headers.get !== 'function') return { ok: false, error, headers, attempts: 0 };
    return this.withHeaders({ ok: false, error, attempts: 0 }, headers);
  }

  /**
   * Gives a result its `headers` from a reply's Headers, redacted, built when first read: walking a fetch Headers
   * object costs a few percent of a loopback call (measured), and most callers never look. An own, enumerable
   * property like any other (JSON.stringify, spreads and deep equality see it); assigning replaces it. Every
   * result shares one getter and setter (the reply's Headers waits in private fields, LazyHeaders): an accessor
   * made of new functions per result would turn each result into a slow dictionary-mode object.
   * @param {any} result A result without its `headers`.
   * @param {Headers | Readonly<Record<string, string>>} source
   * @returns {any} `result`, with its `headers`.
   */
  withHeaders(result, source) {
    new LazyHeaders(result, this, source);
    Object.defineProperty(result, 'headers', LAZY_ACCESSOR);
    return result;
  }

  /**
   * @param {(info: any) => void} fn
   * @param {object} info
   */
  hook(fn, info) {
    try {
      fn(info);
    } catch {
      // A hook must not break the call.
    }
  }

  // ---- secrets ---------------------------------------------------------------------------------------

  /**
   * Text with every known secret (passwords, keys, the session cookie) replaced.
   * @param {string} text
   * @returns {string}
   */
  scrub(text) {
    for (const s of this.secrets) {
      if (!text.includes(s)) continue;
      // A short secret is replaced where it stands alone, not inside a word: a one-letter password replaced
      // everywhere would leave no message readable.
      if (s.length >= SHORT_SECRET) text = text.split(s).join(REDACTED);
      else {
        // One pattern per short secret, made once (a `g` pattern is safe to share: `replace` starts it from 0).
        let re = this.patterns.get(s);
        if (re === undefined) this.patterns.set(s, (re = standalone(s)));
        text = text.replace(re, REDACTED);
      }
    }
    return text;
  }

  /**
   * @param {ValidationIssue} it
   * @returns {ValidationIssue}
   */
  scrubIssue(it) {
    const m = this.scrub(it.message);
    return m === it.message ? it : Object.assign({}, it, { message: m });
  }

  /**
   * @param {any} h A reply's Headers, or a record.
   * @returns {Record<string, string>}
   */
  redactHeaders(h) {
    /** @type {Record<string, string>} */
    const out = {};
    /**
     * @param {string} v
     * @param {string} k
     */
    const put = (v, k) => {
      const name = k.toLowerCase();
      out[name] = this.secretHeaders.has(name) ? REDACTED : this.scrub(String(v));
    };
    if (typeof h.forEach === 'function' && typeof h.get === 'function') h.forEach(put);
    else for (const k of Object.keys(h)) put(h[k], k);
    return out;
  }

  /**
   * @param {string} url
   * @returns {string}
   */
  redactUrl(url) {
    return this.provider.secretQuery.length === 0 ? this.scrub(url) : this.scrub(url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep, k, v) => (this.provider.secretQuery.includes(decodeURIComponent(k)) ? `${sep}${k}=${REDACTED}` : m)));
  }
}

/**
 * A constructor that hands back the object it is given, so that the private fields of a class extending it are
 * added to that object (`new LazyHeaders(result, ...)`).
 */
class Stamp {
  /** @param {any} o */
  constructor(o) {
    return o;
  }
}

/**
 * What a result's lazy `headers` are built from (see withHeaders), in private fields of the result itself: unlike
 * a property they never show (keys, JSON, spreads, symbols, deep equality), and adding them is a plain store
 * that keeps every result on one hidden class. Defining a hidden property instead (`Object.defineProperty` with a
 * non-enumerable symbol) cost about 4,000 instructions a call (docs/decisions.md §15).
 */
class LazyHeaders extends Stamp {
  /** @type {ClientCore} */
  #core;
  /** @type {Headers | Readonly<Record<string, string>> | undefined} */
  #source;
  /** @type {unknown} */
  #built;

  /**
   * @param {object} result
   * @param {ClientCore} core
   * @param {Headers | Readonly<Record<string, string>>} source
   */
  constructor(result, core, source) {
    super(result);
    this.#core = core;
    this.#source = source;
  }

  /**
   * @param {any} o
   * @returns {unknown}
   */
  static read(o) {
    if (o === null || typeof o !== 'object' || !(#core in o)) return undefined;
    const source = o.#source;
    if (source !== undefined) {
      o.#built = o.#core.redactHeaders(source);
      o.#source = undefined;
    }
    return o.#built;
  }

  /**
   * @param {any} o
   * @param {unknown} v
   */
  static write(o, v) {
    if (o === null || typeof o !== 'object' || !(#core in o)) return;
    o.#built = v;
    o.#source = undefined;
  }
}

/**
 * The `headers` accessor every result shares (one getter and setter: results keep one hidden class).
 * @type {PropertyDescriptor}
 */
const LAZY_ACCESSOR = {
  /** @this {any} */
  get() {
    return LazyHeaders.read(this);
  },
  /**
   * @this {any}
   * @param {unknown} v
   */
  set(v) {
    LazyHeaders.write(this, v);
  },
  enumerable: true,
  configurable: true,
};

/**
 * The provider's default server URL with its variables filled: the caller's `serverVariables` over the spec's
 * defaults, each checked against its enum and kept to one URL piece (no `/?#@`, no spaces or braces).
 * @param {ProviderDescriptor} provider
 * @param {any} given
 * @returns {string | undefined}
 */
function fillServer(provider, given) {
  const url = provider.baseUrl;
  const vars = provider.serverVariables;
  if (given !== undefined && (given === null || typeof given !== 'object')) throw new TypeError(`createClient(${provider.id}): serverVariables must be an object`);
  if (url === undefined || vars === undefined) {
    if (given !== undefined && Object.keys(given).length > 0) throw new TypeError(`createClient(${provider.id}): the server URL has no variables`);
    return url;
  }
  for (const k of Object.keys(given ?? {})) if (!hasOwn.call(vars, k)) throw new TypeError(`createClient(${provider.id}): unknown server variable ${JSON.stringify(k)} (have ${Object.keys(vars).join(', ')})`);
  return url.replace(/\{([^{}]*)\}/g, (m, name) => {
    if (!hasOwn.call(vars, name)) return m;
    const v = given !== undefined && given[name] !== undefined ? given[name] : vars[name].default;
    const what = `createClient(${provider.id}): serverVariables.${name}`;
    if (typeof v !== 'string' || v === '') throw new TypeError(`${what} must be a non-empty string`);
    if (vars[name].enum !== undefined && !vars[name].enum.includes(v)) throw new TypeError(`${what} must be one of ${vars[name].enum.map((x) => JSON.stringify(x)).join(', ')}`);
    if (/[/?#@\s{}\\]/.test(v)) throw new TypeError(`${what} must not contain / ? # @ \\, braces or spaces`);
    return v;
  });
}

/**
 * Header names lower-cased (so a caller's `Content-Type` replaces ours instead of being sent twice).
 * @param {any} h
 * @param {string} what
 * @returns {Record<string, string>}
 */
function lowerHeaders(h, what) {
  /** @type {Record<string, string>} */
  const out = {};
  if (h === undefined || h === null) return out;
  if (typeof h !== 'object') throw new TypeError(`${what} must be an object of strings`);
  /** @type {[unknown, unknown][]} */
  let entries;
  if (Array.isArray(h)) entries = h;
  else if (typeof h.forEach === 'function') {
    entries = [];
    h.forEach((/** @type {unknown} */ v, /** @type {unknown} */ k) => entries.push([k, v]));
  } else entries = Object.entries(h);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new TypeError(`${what}: the value of ${JSON.stringify(String(k))} must be a string`);
    out[String(k).toLowerCase()] = v;
  }
  return out;
}

/**
 * The call's own headers, lower-cased; a name that is not a token or a value fetch cannot send is refused.
 * @param {unknown} h
 * @returns {Record<string, string>}
 */
function checkedHeaders(h) {
  let out;
  try {
    out = lowerHeaders(h, 'headers');
  } catch (e) {
    throw new WireInputError('', 'headers', errorText(e));
  }
  for (const k of Object.keys(out)) {
    if (!HEADER_NAME.test(k)) throw new WireInputError('', 'headerName', `headers: ${JSON.stringify(k)} is not a header name`);
    if (BAD_HEADER_VALUE.test(out[k])) throw new WireInputError('', 'headerValue', `headers: the value of ${JSON.stringify(k)}: ${headerValueText(out[k])}`);
  }
  return out;
}

/**
 * @param {unknown} key
 * @returns {string}
 */
function checkKey(key) {
  if (typeof key !== 'string' || key === '') throw new WireInputError('', 'idempotencyKey', 'idempotencyKey must be a non-empty string');
  return key;
}

/**
 * @param {string | undefined} a
 * @param {string} b
 * @returns {string}
 */
function mergeCookie(a, b) {
  return a === undefined || a === '' ? b : `${a}; ${b}`;
}

/**
 * @param {string | null} v
 * @returns {string[]}
 */
function splitSetCookie(v) {
  if (v === null) return [];
  // Without getSetCookie(), several Set-Cookie lines arrive joined by ", "; a date's comma is followed by a digit.
  return v.split(/,(?=\s*[^;,=\s]+=)/);
}

/**
 * @param {ValidationIssue} it
 * @param {string} prefix
 * @returns {ValidationIssue}
 */
function prefixIssue(it, prefix) {
  return prefix === '' ? it : Object.assign({}, it, { path: prefix + it.path });
}

/**
 * An error reply read with the provider's error shape: its media type must be one the shape declares, and the
 * body must decode and validate; otherwise undefined (the reply is treated as the status alone).
 * @param {ResponseBodyDescriptor[]} bodies
 * @param {string} base
 * @param {string} text
 * @returns {{ value: unknown, fields: ErrorFieldsDescriptor | undefined } | undefined}
 */
function readShaped(bodies, base, text) {
  const b = bodies.find((x) => x.type === base);
  if (b === undefined) return undefined;
  let value;
  if (b.kind === 'json') {
    try {
      value = parseJson(text);
    } catch {
      return undefined;
    }
  } else {
    if (b.decode === undefined) return undefined;
    const d = b.decode(text, XML_REPLY);
    if (!d.ok) return undefined;
    value = d.value;
  }
  if (b.validate !== undefined && !b.validate(value).valid) return undefined;
  return { value, fields: b.fields };
}

/**
 * @param {ResponseBodyDescriptor[]} bodies
 * @param {string} base
 * @param {string} fmtName
 * @returns {ResponseBodyDescriptor}
 */
function pickBody(bodies, base, fmtName) {
  if (bodies.length === 1) return bodies[0];
  for (const b of bodies) if (b.type === base) return b;
  const kind = kindOf(base) || (fmtName === 'json' ? 'json' : 'xml');
  for (const b of bodies) if (b.kind === kind) return b;
  return bodies[0];
}

/**
 * @param {{ message: string }[] | undefined} errors
 * @returns {string}
 */
function issueText(errors) {
  const e = errors !== undefined ? errors[0] : undefined;
  return e === undefined ? 'the reply could not be read' : `the reply could not be read: ${e.message}`;
}

/**
 * The message of something thrown.
 * @param {any} e
 * @returns {string}
 */
export function errorText(e) {
  return e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(e);
}

/**
 * @param {any} e
 * @returns {string}
 */
function networkText(e) {
  // fetch() rejects with "fetch failed" and puts the reason (ECONNREFUSED, ...) in `cause`.
  const cause = e !== null && typeof e === 'object' ? e.cause : undefined;
  const detail = cause !== undefined && cause !== null ? errorText(cause) : '';
  const head = errorText(e);
  return detail !== '' && detail !== head ? `${head}: ${detail}` : head;
}

export { EACH_ITEM, EACH_VALUE };
