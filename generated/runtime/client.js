// Runtime of the generated clients (client.js of every provider). Hand-written, dependency-free and browser-safe
// (no Node Buffer, no node: imports); copied verbatim to generated/runtime/. The generated client.js describes
// each operation as a plain object (path, auth, formats, response bodies, error fields); everything generic
// lives here: URL and header building, auth, timeouts, hooks with redaction, decoding, result shapes and the
// lossless JSON reader and writer. The exported API is documented in client.d.ts.

import { TokenSource } from './oauth.js';

// ---------------------------------------------------------------------------------------------------------
// Lossless JSON (docs/decisions.md, number policy)

/** Any integer beyond 2^53 has at least 16 digits: without such a run the text is read by JSON.parse. */
const LONG_DIGITS = /\d{16}/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads JSON text like JSON.parse, except that an integer beyond Number.MAX_SAFE_INTEGER becomes a bigint
 * instead of being rounded. Throws SyntaxError on invalid JSON.
 */
export function parseJson(text) {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  const p = { s: text, i: 0 };
  const v = readValue(p, 0);
  skipWs(p);
  if (p.i !== text.length) syntax(p, 'unexpected text after the JSON value');
  return v;
}

function syntax(p, what) {
  throw new SyntaxError(`JSON: ${what} at position ${p.i}`);
}

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

function readObject(p, depth) {
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

function readArray(p, depth) {
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

/** JSON.stringify, except that a bigint is written as its digits (JSON.stringify throws on one). */
export function stringifyJson(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return writeJson(value, '', [], true);
  }
}

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

/** `Basic <base64 of UTF-8 "user:password">` without Node's Buffer (TextEncoder + btoa work in browsers too). */
export function basicAuthorization(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x2000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000));
  return 'Basic ' + btoa(bin);
}

/** A path parameter value, percent-encoded. */
export function pathParam(v) {
  return encodeURIComponent(String(v));
}

/** `?a=1&b=2` from [name, value] pairs, skipping undefined values; '' when none. Arrays repeat the name. */
export function query(pairs) {
  let out = '';
  for (let i = 0; i < pairs.length; i += 2) {
    const v = pairs[i + 1];
    if (v === undefined || v === null) continue;
    const name = encodeURIComponent(pairs[i]);
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) out += (out === '' ? '?' : '&') + name + '=' + encodeURIComponent(String(x));
  }
  return out;
}

/** One issue of a request check made by the client itself (parameters), shaped like a validator's issue. */
export function paramIssue(path, keyword, message, code, vendorMessage) {
  const it = { path, keyword, message };
  if (code !== undefined) it.code = code;
  if (vendorMessage !== undefined) it.vendorMessage = vendorMessage;
  return it;
}

const NO_INPUT = Object.freeze({});

/** Replies may carry members a later version of the vendor added: XML readers skip what the schema lacks, as JSON keeps it. */
const XML_REPLY = Object.freeze({ unknown: 'ignore' });

const now = typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();
const hasOwn = Object.prototype.hasOwnProperty;

/** Header names whose values are always secret. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
const REDACTED = '[redacted]';

/** The reason a call's own controller is aborted with when its time is up (told apart from the caller's abort). */
const TIMEOUT = Object.freeze({ timeout: true });

function fireTimeout(ctl) {
  ctl.abort(TIMEOUT);
}

/** Links the caller's AbortSignal to the call's own controller without a closure per call. */
class AbortLink {
  constructor(ctl) {
    this.ctl = ctl;
  }
  handleEvent(e) {
    this.ctl.abort(e.target.reason);
  }
}

function mediaBase(ct) {
  if (ct === null) return '';
  const i = ct.indexOf(';');
  return (i === -1 ? ct : ct.slice(0, i)).trim().toLowerCase();
}

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

/** `{ code, message }` read from a body by an error-fields descriptor `{ at, code?, message? }`. */
export function errorFields(body, fields) {
  let code;
  let message;
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

function checkString(v, what) {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
}

/**
 * The state of one client: options, credentials, cached per-operation headers and the session. Generated
 * clients create one with `new ClientCore(provider, options)` and call `core.call(operation, input, init)`.
 */
export class ClientCore {
  constructor(provider, options) {
    if (options === null || typeof options !== 'object') throw new TypeError(`createClient(${provider.id}): options must be an object`);
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
      throw new TypeError(`createClient(${provider.id}): baseUrl is not an absolute URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError(`createClient(${provider.id}): baseUrl must be an http or https URL`);
    if (u.username !== '' || u.password !== '') throw new TypeError(`createClient(${provider.id}): baseUrl must not contain credentials; pass them as auth`);
    if (u.search !== '' || u.hash !== '') throw new TypeError(`createClient(${provider.id}): baseUrl must not have a query or fragment`);
    this.base = base.replace(/\/+$/, '');

    // Credentials: every field the provider's security schemes and extensions need, as strings.
    const auth = options.auth;
    this.auth = {};
    this.secrets = [];
    if (provider.auth.length > 0) {
      if (auth === null || typeof auth !== 'object') throw new TypeError(`createClient(${provider.id}): auth is required: { ${provider.auth.map((a) => a.field).join(', ')} }`);
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
    // OAuth 2.0 client credentials: one token source per scheme (templates/runtime/oauth.js).
    this.tokens = {};
    this.lastToken = undefined;
    if (provider.oauth2 !== undefined) {
      for (const key of this.auth.clientId === undefined ? [] : Object.keys(provider.oauth2)) {
        try {
          this.tokens[key] = new TokenSource(key, provider.oauth2[key], this.auth, this.base);
        } catch {
          throw new TypeError(`createClient(${provider.id}): auth.tokenUrl is not a usable URL`);
        }
      }
    }
    this.basic = undefined;
    if (provider.basic && this.auth.username !== undefined && this.auth.password !== undefined) {
      if (this.auth.username.includes(':')) throw new TypeError(`createClient(${provider.id}): auth.username cannot contain ":" (HTTP Basic)`);
      this.basic = basicAuthorization(this.auth.username, this.auth.password);
    }

    const f = options.fetch !== undefined ? options.fetch : globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError(`createClient(${provider.id}): no fetch function (pass options.fetch)`);
    this.fetch = f;
    const cr = options.credentials;
    if (cr !== undefined && cr !== 'omit' && cr !== 'same-origin' && cr !== 'include') throw new TypeError(`createClient(${provider.id}): credentials must be "omit", "same-origin" or "include"`);
    this.credentials = cr;

    this.extraHeaders = lowerHeaders(options.headers, `createClient(${provider.id}): headers`);
    // No time limit unless one is asked for, like fetch itself: a per-call AbortController costs fetch ~5%.
    const t = options.timeoutMs !== undefined ? options.timeoutMs : 0;
    if (typeof t !== 'number' || !(t >= 0)) throw new TypeError(`createClient(${provider.id}): timeoutMs must be a number >= 0`);
    this.timeoutMs = t;
    this.validateRequest = options.validateRequest !== false;
    this.validateResponse = options.validateResponse !== false;
    if (options.format !== undefined && !provider.formats.includes(options.format)) {
      throw new TypeError(`createClient(${provider.id}): format must be one of ${provider.formats.map((x) => JSON.stringify(x)).join(', ')}`);
    }
    this.format = options.format;
    this.onRequest = typeof options.onRequest === 'function' ? options.onRequest : undefined;
    this.onResponse = typeof options.onResponse === 'function' ? options.onResponse : undefined;
    this.secretHeaders = new Set([...SECRET_HEADERS, ...provider.secretHeaders]);
    /** Per operation index and format: the fixed request headers (auth, content type, extra headers). */
    this.prepared = [];
    // Session (x-session-logon): the cookie pair to send, a generation counter, the logon in flight.
    this.cookie = undefined;
    this.generation = 0;
    this.pending = undefined;
  }

  /**
   * Makes one call of `op`. Never throws and never rejects: resolves to `{ ok: true, status, data }` or
   * `{ ok: false, error }`. Not an async function, so a call costs no promise layers beyond fetch's own.
   */
  call(op, input, init) {
    try {
      return this.run(op, input, init);
    } catch (e) {
      return Promise.resolve(this.unexpected(op, e));
    }
  }

  /** Not expected (a codec or a custom fetch's Response misbehaving): still no exception for the caller. */
  unexpected(op, e) {
    return this.failure(op, { kind: 'network', message: this.scrub(`${op.id}: unexpected error: ${errorText(e)}`) });
  }

  run(op, input, init) {
    // The spec accepted that the client cannot make this call (x-refuse-unsupported): nothing is sent.
    if (op.refuse !== undefined) return Promise.resolve(this.failure(op, { kind: 'unsupported', message: `${op.id}: ${op.refuse}` }));
    if (init !== undefined && init !== null && typeof init !== 'object') init = undefined;
    const fmtName = this.formatOf(op, init);
    const fmt = op.formats[fmtName];
    if (op.input) {
      // An operation whose argument has no required member may be called without one.
      if (input === undefined || input === null) input = NO_INPUT;
      else if (typeof input !== 'object') return Promise.resolve(this.invalid(op, [paramIssue('', 'type', 'the argument must be an object')]));
    }
    let issues = null;
    if (this.validateRequest && op.check !== undefined) issues = op.check(input);
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
        payload = fmt.encode !== undefined ? fmt.encode(body) : stringifyJson(body);
      } catch (e) {
        const path = typeof e.path === 'string' ? e.path : '';
        return Promise.resolve(this.invalid(op, [paramIssue(op.bodyPath + path, 'encode', `the body cannot be written as ${fmtName.toUpperCase()}: ${errorText(e)}`)]));
      }
    }
    const prep = this.prepare(op, fmtName, fmt);
    const path = fmt.path !== undefined ? fmt.path : op.path(input, fmtName);
    const url = prep.query === '' ? this.base + path : this.base + path + (path.includes('?') ? '&' : '?') + prep.query;
    let headers = prep.headers;
    const callHeaders = init !== undefined && init !== null && init.headers !== undefined ? init.headers : undefined;
    if (op.headers !== undefined || callHeaders !== undefined) {
      headers = Object.assign({}, headers);
      if (op.headers !== undefined) op.headers(input, headers);
      // The call's own headers win over the client's, and the credentials win over both.
      if (callHeaders !== undefined) {
        let own;
        try {
          own = lowerHeaders(callHeaders, 'headers');
        } catch (e) {
          return Promise.resolve(this.invalid(op, [paramIssue('', 'headers', errorText(e))]));
        }
        const cookie = headers.cookie;
        Object.assign(headers, own, prep.auth);
        // Cookie parameters and credential cookies stay together.
        if (cookie !== undefined) headers.cookie = cookie;
      }
    }
    if (prep.token !== undefined) return this.withCallerToken(prep.token, op, fmtName, fmt, url, headers, payload, init);
    if (prep.oauth !== undefined) return this.withToken(this.tokens[prep.oauth], op, fmtName, fmt, url, headers, payload, init);
    if (!op.session) return this.send(op, fmtName, fmt, url, headers, payload, init);
    return this.withSession(op, fmtName, fmt, url, headers, payload, init);
  }

  /**
   * Operations behind the session cookie: log on first when there is no session yet, and once again when the
   * reply says the session is gone (x-session-logon reauthStatus), then retry once.
   */
  async withSession(op, fmtName, fmt, url, headers, payload, init) {
    try {
      for (let attempt = 0; ; attempt++) {
        const gen = this.generation;
        if (this.cookie === undefined) {
          const r = await this.logon(init, gen);
          if (r !== null) return r;
        }
        const h = this.cookie === '' ? headers : Object.assign({}, headers, { cookie: mergeCookie(headers.cookie, this.cookie) });
        const r = await this.send(op, fmtName, fmt, url, h, payload, init);
        const s = this.provider.session;
        const reply = r.ok ? r.data : r.error.kind === 'vendor' ? r.error.body : undefined;
        if (attempt > 0 || reply === null || typeof reply !== 'object' || reply[s.status] !== s.reauth) return r;
        if (this.generation === gen) this.cookie = undefined;
      }
    } catch (e) {
      return this.unexpected(op, e);
    }
  }

  /**
   * Operations behind OAuth 2.0 client credentials: the token of `src` as a bearer token; when the API answers
   * 401, the token is dropped, a new one fetched and the call retried once.
   */
  async withToken(src, op, fmtName, fmt, url, headers, payload, init) {
    try {
      for (let attempt = 0; ; attempt++) {
        const t = await src.get(this);
        if (t.error !== undefined) return this.failure(op, Object.assign({}, t.error));
        const r = await this.send(op, fmtName, fmt, url, Object.assign({}, headers, { authorization: `Bearer ${t.token}` }), payload, init);
        if (attempt > 0 || r.ok || r.error.status !== 401) return r;
        src.drop(t.token);
      }
    } catch (e) {
      return this.unexpected(op, e);
    }
  }

  /**
   * Operations behind a token the caller supplies (`auth.token`: a string, or a function called before every
   * request); after a 401 a function is called once more and the call retried once.
   */
  async withCallerToken(field, op, fmtName, fmt, url, headers, payload, init) {
    const given = this.auth[field];
    try {
      for (let attempt = 0; ; attempt++) {
        let t = given;
        if (typeof given === 'function') {
          try {
            t = await given();
          } catch (e) {
            return this.failure(op, { kind: 'auth', status: 0, code: undefined, message: this.scrub(`auth.${field}() failed: ${errorText(e)}`) });
          }
          if (typeof t !== 'string' || t === '') return this.failure(op, { kind: 'auth', status: 0, code: undefined, message: `auth.${field}() did not give a token (a non-empty string)` });
          if (t !== this.lastToken) {
            if (this.lastToken !== undefined) this.forget(this.lastToken);
            this.lastToken = t;
            this.remember(t);
          }
        }
        const r = await this.send(op, fmtName, fmt, url, Object.assign({}, headers, { authorization: `Bearer ${t}` }), payload, init);
        if (attempt > 0 || typeof given !== 'function' || r.ok || r.error.status !== 401) return r;
      }
    } catch (e) {
      return this.unexpected(op, e);
    }
  }

  remember(secret) {
    if (!this.secrets.includes(secret)) this.secrets.push(secret);
  }

  forget(secret) {
    const i = this.secrets.indexOf(secret);
    if (i !== -1) this.secrets.splice(i, 1);
  }

  /** Logs on (once for all callers waiting) unless another caller already renewed the session since `gen`. */
  async logon(init, gen) {
    if (this.generation !== gen && this.cookie !== undefined) return null;
    if (this.pending === undefined) {
      this.pending = this.call(this.provider.session.op, undefined, init).finally(() => {
        this.pending = undefined;
      });
    }
    const r = await this.pending;
    return r.ok ? null : r;
  }

  formatOf(op, init) {
    const want = init !== undefined && init !== null && init.format !== undefined ? init.format : this.format;
    return want !== undefined && hasOwn.call(op.formats, want) ? want : op.format;
  }

  prepare(op, fmtName, fmt) {
    let perOp = this.prepared[op.index];
    if (perOp === undefined) perOp = this.prepared[op.index] = {};
    let p = perOp[fmtName];
    if (p !== undefined) return p;
    const headers = Object.assign({}, this.extraHeaders);
    if (fmt.accept !== undefined) headers.accept = fmt.accept;
    if (op.hasBody) headers['content-type'] = fmt.type;
    const auth = {};
    let q = '';
    let cookie;
    let oauth;
    let token;
    let chosen = op.auth;
    if (op.alternatives !== undefined) {
      const alt = op.alternatives.find((x) => x.fields.every((f) => this.auth[f] !== undefined));
      if (alt !== undefined) chosen = alt.auth;
    }
    for (const a of chosen) {
      if (a.type === 'oauth2') oauth = a.scheme;
      else if (a.type === 'token') token = a.field;
      else if (a.type === 'basic') auth.authorization = this.basic;
      else if (a.type === 'header') auth[a.name.toLowerCase()] = this.auth[a.field];
      else if (a.type === 'bearer') auth.authorization = `Bearer ${this.auth[a.field]}`;
      else if (a.type === 'query') q += (q === '' ? '' : '&') + encodeURIComponent(a.name) + '=' + encodeURIComponent(this.auth[a.field]);
      else if (a.type === 'cookie') cookie = mergeCookie(cookie, `${a.name}=${this.auth[a.field]}`);
    }
    if (cookie !== undefined) auth.cookie = cookie;
    Object.assign(headers, auth);
    p = perOp[fmtName] = { headers, auth, query: q, oauth, token };
    return p;
  }

  async send(op, fmtName, fmt, url, headers, payload, init) {
    const signal = init !== undefined && init !== null && init.signal != null ? init.signal : undefined;
    if (signal !== undefined && signal.aborted) return this.failure(op, { kind: 'aborted', message: `${op.id}: aborted before sending` });
    const t = init !== undefined && init !== null && init.timeoutMs !== undefined ? init.timeoutMs : this.timeoutMs;
    let ctl;
    let timer;
    let link;
    let fsignal;
    const timed = t > 0 && t !== Infinity;
    if (timed || signal !== undefined) {
      // The caller's signal is never handed to fetch itself: fetch keeps its listeners on a long-lived signal
      // until the signal is collected. A controller per call, linked while the call runs, has none left over.
      ctl = new AbortController();
      if (timed) timer = setTimeout(fireTimeout, t, ctl);
      if (signal !== undefined) {
        link = new AbortLink(ctl);
        signal.addEventListener('abort', link);
      }
      fsignal = ctl.signal;
    }
    const hooked = this.onRequest !== undefined || this.onResponse !== undefined;
    const started = hooked ? now() : 0;
    if (this.onRequest !== undefined) this.hook(this.onRequest, { operation: op.id, method: op.method, url: this.redactUrl(url), headers: this.redactHeaders(headers) });
    const reqInit = { method: op.method, headers, body: payload, signal: fsignal };
    if (this.credentials !== undefined) reqInit.credentials = this.credentials;
    const doFetch = this.fetch;
    let res;
    let text;
    try {
      res = await doFetch(url, reqInit);
      text = await res.text();
    } catch (e) {
      let error;
      if (ctl !== undefined && ctl.signal.reason === TIMEOUT) error = { kind: 'timeout', message: `${op.id}: no complete reply within ${t} ms` };
      else if (signal !== undefined && signal.aborted) error = { kind: 'aborted', message: `${op.id}: aborted` };
      else error = { kind: 'network', message: this.scrub(`${op.id}: ${networkText(e)}`) };
      if (this.onResponse !== undefined) {
        this.hook(this.onResponse, { operation: op.id, method: op.method, url: this.redactUrl(url), status: res === undefined ? 0 : res.status, durationMs: now() - started, headers: res === undefined ? {} : this.redactHeaders(res.headers), error: error.kind });
      }
      return this.failure(op, error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (link !== undefined) signal.removeEventListener('abort', link);
    }
    if (this.onResponse !== undefined) {
      this.hook(this.onResponse, { operation: op.id, method: op.method, url: this.redactUrl(url), status: res.status, durationMs: now() - started, headers: this.redactHeaders(res.headers) });
    }
    try {
      const result = this.interpret(op, fmtName, fmt, res, text);
      if (result.ok && this.provider.session !== undefined && op === this.provider.session.op) this.capture(res);
      return result;
    } catch (e) {
      return this.unexpected(op, e);
    }
  }

  /** Keeps the session cookie a successful logon set (x-session-logon.cookie). */
  capture(res) {
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

  interpret(op, fmtName, fmt, res, text) {
    const status = res.status;
    const ok = status >= 200 && status < 300;
    const responses = op.responses;
    let rs = responses[status];
    if (rs === undefined) rs = responses[`${(status / 100) | 0}XX`];
    if (rs === undefined) rs = responses.default;
    if (rs === undefined && ok) rs = responses[op.success];

    // Decode the body by what the reply says it is (or, without a Content-Type, by what was asked for).
    let value;
    let decodeError;
    let fault;
    let validate;
    let fields;
    const base = mediaBase(res.headers.get('content-type'));
    if (fmtName === 'soap' && (base === '' || kindOf(base) === 'xml')) {
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
      if (ok) return this.failure(op, { kind: 'vendor', status, code: undefined, message, body: undefined, fault });
      return this.failure(op, { kind: 'http', status, documented: false, body: undefined, code: undefined, message, fault });
    }

    if (ok) {
      if (decodeError !== undefined) return this.failure(op, { kind: 'decode', status, message: this.scrub(`${op.id}: ${decodeError}`) });
      if (this.validateResponse && validate !== undefined) {
        const r = validate(value);
        if (!r.valid) {
          const first = r.issues[0];
          return this.failure(op, { kind: 'response-validation', status, issues: r.issues.map((it) => this.scrubIssue(it)), body: value, message: this.scrub(`${op.id}: the reply does not match the spec: ${first.path || '/'}: ${first.message}`) });
        }
      }
      const vs = op.vendor;
      if (vs !== undefined && (value === null || typeof value !== 'object' || value[vs.success] !== true)) {
        const o = value !== null && typeof value === 'object' ? value : {};
        const code = hasOwn.call(o, vs.code) ? o[vs.code] : undefined;
        const m = hasOwn.call(o, vs.message) ? o[vs.message] : undefined;
        return this.failure(op, { kind: 'vendor', status, code, message: this.scrub(typeof m === 'string' && m !== '' ? m : this.catalogText(code) ?? `${op.id}: the vendor reports a failure`), body: value });
      }
      return { ok: true, status, data: value };
    }

    // Not 2xx: an HTTP failure, with the documented body when it decoded and matched the spec.
    const statusText = `HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (rs === undefined) return this.failure(op, { kind: 'http', status, documented: false, body: value, code: undefined, message: this.scrub(statusText) });
    let documented = decodeError === undefined;
    if (documented && this.validateResponse && validate !== undefined && !validate(value).valid) documented = false;
    let code;
    let message;
    if (documented && fields !== undefined) ({ code, message } = errorFields(value, fields));
    if (message === undefined && code !== undefined) message = this.catalogText(code);
    if (message === undefined) message = rs.description !== undefined ? `${statusText}: ${rs.description}` : statusText;
    return this.failure(op, { kind: 'http', status, documented, body: documented ? value : undefined, code, message: this.scrub(message) });
  }

  catalogText(code) {
    const e = code === undefined || code === null ? undefined : this.provider.catalog[String(code)];
    return e !== undefined && hasOwn.call(this.provider.catalog, String(code)) ? e.message : undefined;
  }

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
    return this.failure(op, error);
  }

  failure(op, error) {
    error.operation = op.id;
    return { ok: false, error };
  }

  hook(fn, info) {
    try {
      fn(info);
    } catch {
      // A hook must not break the call.
    }
  }

  // ---- secrets ---------------------------------------------------------------------------------------

  /** Text with every known secret (passwords, keys, the session cookie) replaced. */
  scrub(text) {
    for (const s of this.secrets) if (text.includes(s)) text = text.split(s).join(REDACTED);
    return text;
  }

  scrubIssue(it) {
    const m = this.scrub(it.message);
    return m === it.message ? it : Object.assign({}, it, { message: m });
  }

  redactHeaders(h) {
    const out = {};
    const put = (v, k) => {
      const name = k.toLowerCase();
      out[name] = this.secretHeaders.has(name) ? REDACTED : this.scrub(String(v));
    };
    if (typeof h.forEach === 'function' && typeof h.get === 'function') h.forEach(put);
    else for (const k of Object.keys(h)) put(h[k], k);
    return out;
  }

  redactUrl(url) {
    return this.provider.secretQuery.length === 0 ? this.scrub(url) : this.scrub(url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep, k, v) => (this.provider.secretQuery.includes(decodeURIComponent(k)) ? `${sep}${k}=${REDACTED}` : m)));
  }
}

/**
 * The provider's default server URL with its variables filled: the caller's `serverVariables` over the spec's
 * defaults, each checked against its enum and kept to one URL piece (no `/?#@`, no spaces or braces).
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

/** Header names lower-cased (so a caller's `Content-Type` replaces ours instead of being sent twice). */
function lowerHeaders(h, what) {
  const out = {};
  if (h === undefined || h === null) return out;
  if (typeof h !== 'object') throw new TypeError(`${what} must be an object of strings`);
  let entries;
  if (Array.isArray(h)) entries = h;
  else if (typeof h.forEach === 'function') {
    entries = [];
    h.forEach((v, k) => entries.push([k, v]));
  } else entries = Object.entries(h);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new TypeError(`${what}: the value of ${JSON.stringify(String(k))} must be a string`);
    out[String(k).toLowerCase()] = v;
  }
  return out;
}

function mergeCookie(a, b) {
  return a === undefined || a === '' ? b : `${a}; ${b}`;
}

function splitSetCookie(v) {
  if (v === null) return [];
  // Without getSetCookie(), several Set-Cookie lines arrive joined by ", "; a date's comma is followed by a digit.
  return v.split(/,(?=\s*[^;,=\s]+=)/);
}

function prefixIssue(it, prefix) {
  return prefix === '' ? it : Object.assign({}, it, { path: prefix + it.path });
}

function pickBody(bodies, base, fmtName) {
  if (bodies.length === 1) return bodies[0];
  for (const b of bodies) if (b.type === base) return b;
  const kind = kindOf(base) || (fmtName === 'json' ? 'json' : 'xml');
  for (const b of bodies) if (b.kind === kind) return b;
  return bodies[0];
}

function issueText(errors) {
  const e = errors !== undefined ? errors[0] : undefined;
  return e === undefined ? 'the reply could not be read' : `the reply could not be read: ${e.message}`;
}

function errorText(e) {
  return e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(e);
}

function networkText(e) {
  // fetch() rejects with "fetch failed" and puts the reason (ECONNREFUSED, ...) in `cause`.
  const cause = e !== null && typeof e === 'object' ? e.cause : undefined;
  const detail = cause !== undefined && cause !== null ? errorText(cause) : '';
  const head = errorText(e);
  return detail !== '' && detail !== head ? `${head}: ${detail}` : head;
}

export { EACH_ITEM, EACH_VALUE };
