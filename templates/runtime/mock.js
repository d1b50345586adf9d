// Runtime of the generated mock servers (mock.js of every provider). Hand-written, Node-only (node:http), and
// copied verbatim to generated/runtime/. A generated mock.js describes its vendor as a plain definition object
// (routes, security schemes, media types with the generated codecs and validators, error catalog, the compiled
// x-mock templates); this file runs it: listening, routing, body reading with a size limit, cookies, auth,
// decoding, validation, the in-memory store and the vendor-shaped replies. Nothing here knows a vendor.

import { createServer } from 'node:http';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {import('node:http').OutgoingHttpHeaders} OutgoingHttpHeaders */
/** @typedef {import('./mock.js').MockDefinition} MockDefinition */
/** @typedef {import('./mock.js').MockOperation} MockOperation */
/** @typedef {import('./mock.js').MockMedia} MockMedia */
/** @typedef {import('./mock.js').MockStore} MockStore */
/** @typedef {import('./mock.js').MockErrorSpec} MockErrorSpec */
/** @typedef {import('./mock.js').MockErrorItem} MockErrorItem */
/** @typedef {import('./mock.js').MockDecodeResult} MockDecodeResult */
/** @typedef {import('./mock.js').MockNow} MockNow */
/** @typedef {import('./mock.js').MockReplyContext} MockReplyContext */
/** @typedef {import('./mock.js').MockServerOptions} MockServerOptions */
/** @typedef {import('./mock.js').MockCredentials} MockCredentials */
/** @typedef {import('./mock.js').MockServer} MockServer */
/** @typedef {import('./mock.js').MockRecord<unknown, unknown>} StoredRecord */
/** @typedef {import('./mock.js').SchemeContext} SchemeContext */
/** A route: an operation (or its SOAP endpoint) and its path matcher. */
/** @typedef {{ op: MockOperation, match: (p: string) => Record<string, string> | null, soap: boolean }} Route */
/** A route that matched a request's path: its operation, whether it is the SOAP endpoint, the path parameters. */
/** @typedef {{ op: MockOperation, soap: boolean, params: Record<string, string> }} Matched */
/**
 * What the request path needs of an operation (serve's factsOf): the media types of its success reply, its
 * security alternatives with their schemes in the order they are checked, and the reply types negotiated so far
 * (by preferred type and Accept header).
 * @typedef {{ okMedia: string[], security: string[][], negotiated: Map<string, string | undefined> }} OperationFacts
 */
/** A request body as read: its bytes, or why there are none. */
/** @typedef {Buffer | typeof TOO_LARGE | typeof ABORTED} ReadBody */
/**
 * One request being answered: the route it matched and what was read of it so far.
 * @typedef {{ op: MockOperation, soap: boolean, params: Record<string, any>, query: URLSearchParams, cookies: Map<string, string>,
 *   method: string, target: string, headers: import('node:http').IncomingHttpHeaders, replyMedia: string | undefined, body: unknown, fingerprint?: string | undefined }} Turn
 */
/** A problem to report (failWith): the vendor code, readable text, and where. */
/** @typedef {{ code?: string | number | undefined, detail: string, path?: string, value?: unknown }} Problem */
/** Why a security requirement alternative refused the call. */
/** @typedef {{ spec: MockErrorSpec, detail: string, headers?: Record<string, string>, kind?: string }} Denial */
/** The accepted credentials: users, keys per scheme (key -> role), OAuth clients. */
/** @typedef {{ users: Map<string, string>, apiKeys: Map<string, Map<string, string | null>>, clients: Map<string, string> }} Credentials */
import { parseJson, stringifyJson } from './client.js';

/** Default request body limit (bytes). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const hasOwn = Object.prototype.hasOwnProperty;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// JSON under the number policy (docs/decisions.md): the client runtime's reader and writer, so a mock and a
// client can never disagree on how an int64 travels.
export { parseJson, stringifyJson };

// ---------------------------------------------------------------------------------------------------------
// Template helpers (the compiled x-mock templates call these)

/**
 * Reads `keys` down from `value`, own properties only; undefined when any step is missing.
 * @param {unknown} value
 * @param {readonly (string | number)[]} keys
 * @returns {any}
 */
export function path(value, keys) {
  /** @type {any} */
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || !hasOwn.call(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * An object of the members of `source` named in `names` that are present (own, not undefined).
 * @param {any} source
 * @param {readonly string[]} names
 * @returns {Record<string, unknown>}
 */
export function copy(source, names) {
  /** @type {Record<string, unknown>} */
  const out = {};
  if (source === null || typeof source !== 'object') return out;
  for (const k of names) if (hasOwn.call(source, k) && source[k] !== undefined) setData(out, k, source[k]);
  return out;
}

/**
 * `obj` without its undefined members (so optional members are absent, not present-and-undefined).
 * @template {Record<string, unknown>} T
 * @param {T} obj
 * @returns {T}
 */
export function defined(obj) {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}

/**
 * Builds an object from a list of [key, value] pairs (keys from data, so `__proto__` stays a data key).
 * @template T
 * @param {readonly T[] | undefined} list
 * @param {(item: T) => unknown} key
 * @param {(item: T) => unknown} value
 * @returns {Record<string, unknown>}
 */
export function entries(list, key, value) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const item of list ?? []) {
    const k = key(item);
    if (k !== undefined) setData(out, String(k), value(item));
  }
  return out;
}

/**
 * Sets the value at a path of member names, making the objects (or arrays, for decimal steps) on the way.
 * @param {Record<string, any>} obj
 * @param {readonly string[]} keys
 * @param {unknown} v
 */
function setPath(obj, keys, v) {
  let o = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (o[k] === null || typeof o[k] !== 'object' || !hasOwn.call(o, k)) setData(o, k, /^(0|[1-9][0-9]*)$/.test(keys[i + 1]) ? [] : {});
    o = o[k];
  }
  setData(o, keys[keys.length - 1], v);
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} k
 * @param {unknown} v
 */
function setData(obj, k, v) {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  else obj[k] = v;
}

/**
 * Text for a `$format` placeholder: bigints and numbers as digits, absent as "".
 * @param {unknown} v
 * @returns {string}
 */
export function text(v) {
  return v === undefined || v === null ? '' : String(v);
}

// ---------------------------------------------------------------------------------------------------------
// HTTP helpers

/**
 * The media type of a Content-Type or Accept item, lower-cased, without parameters.
 * @param {string | undefined} v
 * @returns {string}
 */
function baseType(v) {
  return (v ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * A pure function of one string argument, remembered for the last few hundred arguments: the headers a
 * mock reads on every request (Content-Type, Authorization) repeat from call to call.
 * @template {string | undefined} A
 * @template R
 * @param {(v: A) => R} fn
 * @returns {(v: A) => R}
 */
function remembered(fn) {
  /** @type {Map<A, R>} */
  const seen = new Map();
  return (v) => {
    if (typeof v === 'string' && v.length > 1024) return fn(v);
    let r = seen.get(v);
    if (r === undefined && !seen.has(v)) {
      r = fn(v);
      if (seen.size >= 256) seen.clear();
      seen.set(v, r);
    }
    return /** @type {R} */ (r);
  };
}

const requestType = remembered(baseType);

/**
 * @param {string | undefined} v
 * @returns {Record<string, string>}
 */
function params(v) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of (v ?? '').split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    let val = part.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    out[part.slice(0, eq).trim().toLowerCase()] = val;
  }
  return out;
}

/**
 * Parses a Cookie header into name -> value (first occurrence wins).
 * @param {string | undefined} header
 * @returns {Map<string, string>}
 */
export function parseCookies(header) {
  const out = new Map();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name !== '' && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * username/password of an `Authorization: Basic` header, or undefined.
 * @param {string | undefined} header
 * @returns {{ username: string, password: string } | undefined}
 */
export function parseBasic(header) {
  return basicOf(header ?? '');
}

/** parseBasic's work, remembered per header. */
const basicOf = remembered((/** @type {string} */ header) => {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return Object.freeze({ username: decoded.slice(0, colon), password: decoded.slice(colon + 1) });
});

/** UTF-8 bytes of a secret (the accepted ones and what clients send repeat from call to call). */
const bytesOf = remembered((/** @type {string} */ s) => Buffer.from(s));

/**
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function sameSecret(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = bytesOf(a);
  const y = bytesOf(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The declared media range (`image/*`, then `*` + `/*`) a request's Content-Type falls in, when no media type is
 * declared exactly.
 * @param {Record<string, unknown>} media
 * @param {string} contentType
 * @returns {string | undefined}
 */
function mediaRange(media, contentType) {
  const slash = contentType.indexOf('/');
  if (slash <= 0) return undefined;
  const range = contentType.slice(0, slash) + '/*';
  if (hasOwn.call(media, range)) return range;
  return hasOwn.call(media, '*/*') ? '*/*' : undefined;
}

/**
 * Picks the reply media type: an Accept match among `offered`, else `preferred` if offered, else the first.
 * @param {string | undefined} accept
 * @param {string[]} offered
 * @param {string | undefined} preferred
 * @returns {string | undefined}
 */
function negotiate(accept, offered, preferred) {
  if (offered.length === 0) return undefined;
  if (accept) {
    const items = accept
      .split(',')
      .map((a, i) => ({ type: baseType(a), q: Number(params(a).q ?? '1'), i }))
      .filter((a) => a.type !== '' && a.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const a of items) {
      if (a.type === '*/*') break;
      const exact = offered.find((o) => o === a.type);
      if (exact) return exact;
      if (a.type.endsWith('/*')) {
        const family = a.type.slice(0, -1);
        const pref = preferred !== undefined && preferred.startsWith(family) && offered.includes(preferred) ? preferred : undefined;
        const hit = pref ?? offered.find((o) => o.startsWith(family));
        if (hit) return hit;
      }
    }
  }
  return preferred !== undefined && offered.includes(preferred) ? preferred : offered[0];
}

/**
 * Compiles `/rws/api/v{apiVersion}/customers` into a matcher that returns the path parameters or null.
 * @param {string} template
 * @returns {(p: string) => Record<string, string> | null}
 */
function compilePath(template) {
  /** @type {string[]} */
  const names = [];
  let re = '^';
  let last = 0;
  const rx = /\{([^{}]+)\}/g;
  for (let m = rx.exec(template); m !== null; m = rx.exec(template)) {
    re += escapeRe(template.slice(last, m.index)) + '([^/]+)';
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  re += escapeRe(template.slice(last)) + '$';
  const compiled = new RegExp(re);
  return (p) => {
    const m = compiled.exec(p);
    if (!m) return null;
    /** @type {Record<string, string>} */
    const out = {};
    names.forEach((n, i) => {
      let v = m[i + 1];
      try {
        v = decodeURIComponent(v);
      } catch {
        /* keep the raw segment */
      }
      setData(out, n, v);
    });
    return out;
  };
}

/**
 * @param {string} s
 * @returns {string}
 */
function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------
// Store

/**
 * @param {unknown[]} values
 * @returns {string | undefined}
 */
function keyOf(values) {
  return stringifyJson(values);
}

class Collection {
  /**
   * @param {string} name
   * @param {MockStore} store
   */
  constructor(name, store) {
    this.name = name;
    this.store = store;
    /** @type {StoredRecord[]} */
    this.records = [];
    /** @type {Set<number | bigint | string>} */
    this.ids = new Set();
    /** @type {Map<string | undefined, StoredRecord>[]} */
    this.unique = store.unique.map(() => new Map());
    /** @type {number | bigint} */
    this.next = store.id.start ?? 1;
    this.aliasCounter = 0;
  }

  /**
   * The value of an id (number, bigint or string) as a Set key.
   * @param {number | bigint | string} id
   * @returns {number | bigint | string}
   */
  static idKey(id) {
    return typeof id === 'bigint' && id <= MAX_SAFE && id >= -MAX_SAFE ? Number(id) : id;
  }

  /**
   * The key of `request` under each unique rule (undefined where a value is missing or empty).
   * @param {unknown} request
   * @returns {(string | undefined)[]}
   */
  uniqueKeys(request) {
    return this.store.unique.map((rule) => {
      const values = rule.paths.map((p) => path(request, p));
      return values.some((v) => v === undefined || v === null || v === '') ? undefined : keyOf(values);
    });
  }

  /**
   * Checks the unique rules (`keys` from uniqueKeys); returns the violated rule or undefined.
   * @param {readonly (string | undefined)[]} keys
   * @returns {MockStore['unique'][number] | undefined}
   */
  duplicate(keys) {
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined && this.unique[i].has(keys[i])) return this.store.unique[i];
    return undefined;
  }

  /**
   * @param {unknown} request
   * @returns {number | bigint | string}
   */
  allocateId(request) {
    const spec = this.store.id;
    if (spec.field !== undefined) {
      const given = path(request, spec.field);
      if (given !== undefined && given !== null && given !== '') return given;
      const alphabet = spec.alphabet;
      const n = alphabet.length;
      const total = n ** spec.length;
      for (let tries = 0; tries < total; tries++) {
        let x = this.aliasCounter++ % total;
        let s = '';
        for (let k = 0; k < spec.length; k++) {
          s = alphabet[x % n] + s;
          x = Math.floor(x / n);
        }
        if (!this.ids.has(s)) return s;
      }
      throw new Error(`mock: no free ${spec.length}-character id left in collection ${this.name}`);
    }
    let id = this.next;
    if (typeof id === 'number' && id >= Number.MAX_SAFE_INTEGER) id = BigInt(id);
    this.next = typeof id === 'bigint' ? id + 1n : id + 1;
    const norm = Collection.idKey(id);
    if (this.ids.has(norm)) return this.allocateId(request);
    return norm;
  }

  /**
   * Stores a record created at `createdAt` (ISO 8601); `keys` are uniqueKeys(request).
   * @param {number | bigint | string} id
   * @param {unknown} request
   * @param {unknown} reply
   * @param {string} createdAt
   * @param {(string | undefined)[]} [keys]
   * @returns {StoredRecord}
   */
  insert(id, request, reply, createdAt, keys = this.uniqueKeys(request)) {
    const record = { id, seq: this.records.length + 1, createdAt, request, reply };
    this.records.push(record);
    this.ids.add(Collection.idKey(id));
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) this.unique[i].set(keys[i], record);
    return record;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The server

class MockProblem extends Error {}

/**
 * One running mock: its options, the credentials it accepts, what it issued (sessions, tokens, nonces), its
 * collections and idempotency records, and the HTTP server. `serve` makes one and listens; the request path
 * is `handle` -> `afterBody` -> `restRequest` / `soapRequest` -> `run`, and replies go out through `reply`,
 * `failWith` and `send`.
 */
class MockService {
  /**
   * @param {MockDefinition} def
   * @param {MockServerOptions & { credentials?: MockCredentials, state?: Record<string, any> }} options
   */
  constructor(def, options) {
    this.def = def;
    this.o = options ?? {};
    this.clock = typeof this.o.clock === 'function' ? this.o.clock : () => new Date();
    this.maxBody = this.o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.latency = this.o.latencyMs ?? 0;
    this.basePath = (this.o.basePath ?? '').replace(/\/+$/, '');
    this.ttl = this.o.sessionTtlMs;
    this.checkReplies = this.o.validateReplies === true;
    this.challenge = this.o.wwwAuthenticate !== false;
    this.cors = corsPolicy(this.def, this.o.cors);
    this.timeouts = serverTimeouts(this.o);
    this.creds = resolveCredentials(this.def, this.o.credentials);
    /** @type {string[]} */
    this.problems = [];
    this.stats = { requests: 0, validatedReplies: 0, abortedRequests: 0 };
    /** @type {Map<string, number>} */
    this.sessions = new Map();
    // OAuth 2.0: issued token -> expiry (ms since the epoch), and the token endpoints by path.
    /** @type {Map<string, number>} */
    this.tokens = new Map();
    this.tokensIssued = 0;
    this.tokenTtl = this.o.tokenTtlSeconds ?? 3600;
    // Routes the schemes serve themselves (the OAuth 2.0 token endpoint), by path.
    /** @type {Map<string, import('./mock.js').MockScheme & { endpoint: import('./mock.js').SchemeEndpoint }>} */
    this.schemeEndpoints = new Map();
    for (const s of Object.values(this.def.schemes)) if (s.endpoint !== undefined) this.schemeEndpoints.set(s.endpoint.path(s, this.basePath), /** @type {any} */ (s));
    /** @type {Map<string, Map<string, unknown>>} */
    this.schemeStores = new Map();
    /**
     * What the schemes' mock halves may use: the accepted credentials, the sessions and tokens the mock issued.
     * @type {SchemeContext}
     */
    this.schemeContext = {
      challenge: this.challenge,
      basicCredentials: parseBasic,
      userOk: (username, password) => this.checkUser(username, password),
      users: this.creds.users,
      keys: (key) => this.creds.apiKeys.get(key) ?? NO_KEYS,
      tokens: this.tokens,
      sessions: this.sessions,
      clientOk: (id, secret) => sameSecret(this.creds.clients.get(id), secret),
      issueToken: () => {
        const token = `mock-token-${randomUUID()}`;
        this.tokens.set(token, Date.now() + this.tokenTtl * 1000);
        this.tokensIssued++;
        return { token, expiresIn: this.tokenTtl };
      },
      store: (key) => {
        let m = this.schemeStores.get(key);
        if (m === undefined) this.schemeStores.set(key, (m = new Map()));
        return m;
      },
    };
    // nowOf's ISO text of the last millisecond asked for: requests arrive many to a millisecond.
    this.isoMillis = NaN;
    this.isoText = '';
    /** @type {Map<string, Collection>} */
    this.collections = new Map();
    /** @type {Route[]} */
    this.routes = this.def.operations.map((op) => ({ op, match: compilePath(op.path), soap: false }));
    for (const op of this.def.operations) if (op.soap) this.routes.push({ op, match: compilePath(op.soap.path), soap: true });

    // Parents are per operation; seeded from the spec's list or the caller's state.
    /** @type {Map<MockOperation, Set<string>>} */
    this.parents = new Map();
    this.state = this.o.state ?? {};
    for (const op of this.def.operations) {
      if (!op.store) continue;
      if (!this.collections.has(op.store.collection)) this.collections.set(op.store.collection, new Collection(op.store.collection, op.store));
      if (op.store.parent) this.parents.set(op, new Set((this.state.parents ?? op.store.parent.known).map(String)));
    }
    if (this.state.nextId !== undefined) for (const c of this.collections.values()) if (c.store.id.field === undefined) c.next = this.state.nextId;
    for (const op of this.def.operations) {
      if (!op.store) continue;
      const c = this.collections.get(op.store.collection);
      const validate = op.request ? Object.values(op.request.media)[0]?.validate : undefined;
      (this.state[op.store.collection] ?? []).forEach((/** @type {any} */ request, /** @type {number} */ i) => {
        // Seeds are checked like requests (with the members the client fills in added), then stored without them.
        if (validate) {
          const full = { ...request };
          if (op.bodyCredentials) setData(full, op.bodyCredentials.property, { [op.bodyCredentials.username]: 'seed', [op.bodyCredentials.password]: 'seed' });
          if (op.rpc) setData(full, op.rpc.property, op.rpc.value);
          const v = validate(full);
          // @ts-expect-error -- the loop skipped operations without a store.
          if (!v.valid) throw new TypeError(`mock: state.${op.store.collection}[${i}] is not a valid request: ${v.issues.map((x) => `${x.path || '/'} ${x.message}`).join('; ')}`);
        }
        request = stripCredentials(op, request);
        /** @type {MockReplyContext} */
        const ctx = { request, params: {}, now: this.nowOf(this.clock()) };
        // @ts-expect-error -- the first loop made a collection for every store.
        ctx.id = c.allocateId(request);
        ctx.now = this.nowOf(this.clock());
        // @ts-expect-error -- as above.
        c.insert(ctx.id, request, op.reply(ctx), this.clock().toISOString());
      });
    }

    /**
     * The media types of a response or request body (the keys of its media map), listed once per map.
     * @type {Map<Record<string, MockMedia>, string[]>}
     */
    this.mediaLists = new Map();

    /** @type {Map<string, string>} */
    this.contentTypes = new Map();

    /**
     * What the request path needs of an operation, worked out on its first request.
     * @type {Map<MockOperation, OperationFacts>}
     */
    this.facts = new Map();

    // ---- idempotency keys -----------------------------------------------------------------------------------

    /**
     * Per operation and key: the request's fingerprint and the reply it got (undefined while it is made).
     * @type {Map<string, { fingerprint: string, reply: { status: number | string, headers: OutgoingHttpHeaders, body: string | undefined } | undefined }>}
     */
    this.keyed = new Map();
    /**
     * The entry a reply being sent is stored in.
     * @type {WeakMap<ServerResponse, { fingerprint: string, reply: { status: number | string, headers: OutgoingHttpHeaders, body: string | undefined } | undefined }>}
     */
    this.recording = new WeakMap();

    // ---- server ---------------------------------------------------------------------------------------------

    this.server = createServer(
      { keepAliveTimeout: 5000, headersTimeout: this.timeouts.headers, requestTimeout: this.timeouts.request, connectionsCheckingInterval: this.timeouts.checkEvery },
      (req, res) => {
        this.conns.request(res);
        if (this.cors !== undefined && this.cors.apply(req, res)) return;
        try {
          this.rejected(res, this.handle(req, res));
        } catch (e) {
          this.failed(res, e);
        }
      },
    );
    this.conns = trackConnections(this.server);
    this.server.on('clientError', answerClientError);
  }

  /**
   * Listens, then gives the running server's handle.
   * @returns {Promise<MockServer>}
   */
  async listen() {
    const self = this;

    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port ?? 0, this.o.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        // @ts-expect-error -- a Promise<void>: nothing to resolve with.
        resolve();
      });
    });
    /** @type {any} A listening TCP server's AddressInfo. */
    const addr = this.server.address();
    const host = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
    const url = `http://${host}:${addr.port}${this.basePath}`;

    return {
      url,
      port: addr.port,
      problems: this.problems,
      stats: this.stats,
      records(collection) {
        const c = self.collections.get(collection);
        if (!c) throw new Error(`mock: no collection ${String(collection)} (have ${[...self.collections.keys()].join(', ')})`);
        return c.records.slice();
      },
      expireSessions() {
        self.sessions.clear();
      },
      expireTokens() {
        self.tokens.clear();
      },
      get tokensIssued() {
        return self.tokensIssued;
      },
      close() {
        return self.conns.close();
      },
    };
  }

  /**
   * @param {Date} d
   * @returns {MockNow}
   */
  nowOf(d) {
    const ms = d.getTime();
    if (ms !== this.isoMillis) {
      this.isoText = d.toISOString();
      this.isoMillis = ms;
    }
    return { date: d, iso: this.isoText, epochSeconds: Math.floor(ms / 1000), epochMillis: ms };
  }

  // ---- replies ----------------------------------------------------------------------------------------

  /**
   * @param {ServerResponse} res
   * @param {number | string} status
   * @param {OutgoingHttpHeaders} headers
   * @param {string | undefined} body
   */
  send(res, status, headers, body) {
    this.sendOwn(res, status, { ...headers }, body);
  }

  /**
   * `send` with a header object of the reply's own (made for it, so it is completed in place).
   * @param {ServerResponse} res
   * @param {number | string} status
   * @param {OutgoingHttpHeaders} h
   * @param {string | undefined} body
   */
  sendOwn(res, status, h, body) {
    h['content-length'] = body !== undefined ? Buffer.byteLength(body) : 0;
    if (this.keyed.size > 0) {
      const entry = this.recording.get(res);
      if (entry !== undefined) entry.reply = { status, headers: h, body };
    }
    if (this.latency > 0) setTimeout(() => this.write(res, status, h, body), this.latency).unref?.();
    else this.write(res, status, h, body);
  }

  /**
   * Writes a reply unless the client is gone.
   * @param {ServerResponse} res
   * @param {number | string} status
   * @param {OutgoingHttpHeaders} h
   * @param {string | undefined} body
   */
  write(res, status, h, body) {
    if (res.destroyed) return;
    // While closing, no reply invites the client to reuse its connection.
    if (this.conns.closing) h.connection = 'close';
    // @ts-expect-error -- a status may be the spec's text ("200"); writeHead reads it as a number (statusCode |= 0).
    res.writeHead(status, h);
    res.end(body);
  }

  /**
   * @param {ServerResponse} res
   * @param {number} status
   * @param {string} message
   * @param {OutgoingHttpHeaders} [extra]
   */
  plain(res, status, message, extra = {}) {
    this.send(res, status, { 'content-type': 'text/plain; charset=utf-8', ...extra }, message);
  }

  /**
   * Looks up a response by status: exact, then `4XX`, then `default`.
   * @param {MockOperation} op
   * @param {number | string} status
   * @returns {Record<string, MockMedia> | undefined}
   */
  responseFor(op, status) {
    const s = String(status);
    return op.responses[s] ?? op.responses[`${s[0]}XX`] ?? op.responses.default;
  }

  /**
   * Serializes `value` for response `status` of `op` in media type `media` (checked first when asked to).
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {number | string} status
   * @param {unknown} value
   * @param {OutgoingHttpHeaders} [headers]
   */
  reply(res, t, status, value, headers = {}) {
    /** @type {any} */
    const r = this.responseFor(t.op, status);
    /** @type {(string | undefined)[]} */
    const offered = r ? this.mediaOf(r) : [];
    if (value === undefined || offered.length === 0) return this.send(res, status, headers, undefined);
    const media = offered.includes(t.replyMedia) ? t.replyMedia : offered[0];
    // @ts-expect-error -- `media` is undefined only when nothing is offered, which returned above.
    const codec = r[media];
    if (this.checkReplies && codec.validate) {
      const v = codec.validate(value);
      this.stats.validatedReplies++;
      if (!v.valid) throw new MockProblem(`reply ${status} of ${t.op.id} (${media}) is not a valid ${codec.model}: ${JSON.stringify(v.issues)}`);
    }
    if (t.soap) {
      // @ts-expect-error -- a SOAP route belongs to an operation with `soap`.
      return this.send(res, status, { ...headers, 'content-type': 'application/soap+xml; charset=utf-8' }, t.op.soap.encode(value));
    }
    const body = codec.kind === 'json' ? stringifyJson(value) : codec.encode(value);
    const h = { ...headers };
    // @ts-expect-error -- as above: `media` is undefined only when nothing is offered.
    h['content-type'] = this.contentTypeOf(media);
    this.sendOwn(res, status, h, body);
  }
  /**
   * @param {Record<string, MockMedia>} map
   * @returns {string[]}
   */
  mediaOf(map) {
    let list = this.mediaLists.get(map);
    if (list === undefined) this.mediaLists.set(map, (list = Object.keys(map)));
    return list;
  }
  /**
   * The Content-Type of a reply in `media` (made once per type).
   * @param {string} media
   * @returns {string}
   */
  contentTypeOf(media) {
    let v = this.contentTypes.get(media);
    if (v === undefined) this.contentTypes.set(media, (v = `${media}; charset=utf-8`));
    return v;
  }

  /**
   * A SOAP 1.2 fault (env:Sender -> 400, others -> 500, as the SOAP 1.2 HTTP binding says).
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {'Sender' | 'Receiver' | 'VersionMismatch'} code
   * @param {string} reason
   */
  fault(res, t, code, reason) {
    const status = code === 'Sender' ? 400 : 500;
    // @ts-expect-error -- a definition with SOAP routes has its fault writer.
    this.send(res, status, { 'content-type': 'application/soap+xml; charset=utf-8' }, this.def.encodeSoapFault({ code, reason }));
  }

  /**
   * The error spec of a class: operation-level, then provider-level.
   * @param {MockOperation} op
   * @param {string} kind
   * @returns {MockErrorSpec | undefined}
   */
  errorSpec(op, kind) {
    return op.errors?.[kind] ?? this.def.errors?.[kind];
  }

  /**
   * Answers a failure in the vendor's shape. `errors` are `{ code?, detail, path? }`; `spec` may fix the status,
   * code, message or body (an example, or none).
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {string} kind
   * @param {Problem[]} errors
   * @param {MockErrorSpec | undefined} [spec]
   * @param {OutgoingHttpHeaders} [headers]
   */
  failWith(res, t, kind, errors, spec = this.errorSpec(t.op, kind), headers = {}) {
    const op = t.op;
    const items = errors.map((e) => {
      const code = e.code ?? spec?.code ?? op.invalidCode;
      const entry = code !== undefined ? this.def.catalog[String(code)] : undefined;
      /** @type {any} A MockErrorItem once its members below are set. */
      const out = { detail: e.detail ?? spec?.message ?? entry?.message ?? kind, path: e.path ?? '', field: fieldOf(e.path ?? '') };
      out.summary = out.field === '' ? out.detail : `${out.field}: ${out.detail}`;
      if (code !== undefined) out.code = entry ? entry.code : code;
      out.message = spec?.message ?? entry?.message ?? out.summary;
      if (e.value !== undefined) out.value = e.value;
      return out;
    });
    if (items.length === 0) items.push({ detail: spec?.message ?? kind, summary: spec?.message ?? kind, message: spec?.message ?? kind, path: '', field: '' });
    const first = items[0];
    const ctx = { error: first, errors: items, fields: groupFields(items), params: t.params ?? {}, request: t.body, now: this.nowOf(this.clock()), kind };
    if (spec?.example !== undefined) return this.reply(res, t, spec.status, spec.example(), headers);
    if (spec?.body === 'none') return this.send(res, spec.status ?? 400, headers, undefined);
    if (op.vendorStatus && !(spec?.status !== undefined && spec.status !== 200)) {
      const vs = op.vendorStatus;
      /** @type {Record<string, unknown>} */
      const value = {};
      setPath(value, vs.field, vs.failure);
      if (vs.message !== undefined) setPath(value, vs.message, first.message);
      // Without a code of its own the failure carries 0 where the field is a number (Tier 3's StatusCode), else none.
      if (vs.code !== undefined && (first.code !== undefined || vs.numericCode)) setPath(value, vs.code, first.code ?? 0);
      return this.reply(res, t, op.success, value, headers);
    }
    const entry = first.code !== undefined ? this.def.catalog[String(first.code)] : undefined;
    const status = spec?.status ?? entry?.httpStatus ?? (kind === 'unauthenticated' ? 401 : this.def.errorStatus ?? 400);
    const body = this.def.errorReply ? this.def.errorReply(ctx) : undefined;
    return this.reply(res, t, status, body, headers);
  }

  // ---- auth -----------------------------------------------------------------------------------------------

  /**
   * Checks one security requirement alternative (its schemes in the order they are checked, `factsOf`);
   * returns undefined when it passes, else the failure.
   * @param {IncomingMessage} req
   * @param {Turn} t
   * @param {readonly string[]} order
   * @returns {Denial | undefined}
   */
  checkSchemes(req, t, order) {
    let role;
    for (const key of order) {
      const s = this.def.schemes[key];
      // A scheme the mock cannot check (generation warned) never lets a call through.
      if (!s) return { spec: { ...(this.def.errors?.unauthenticated ?? {}) }, detail: `the mock cannot check security scheme ${key}` };
      // The scheme kind's mock half (templates/runtime/auth/*.js).
      const v = s.check(s, key, t, this.schemeContext);
      if (v === undefined) continue;
      if (v.deny === undefined) {
        if (s.roles !== undefined && v.role !== null) role = { role: v.role, roles: s.roles };
        continue;
      }
      const spec = { ...(this.def.errors?.unauthenticated ?? {}), ...(v.code !== undefined ? { code: v.code } : {}), ...(s[v.deny] ?? {}) };
      return v.headers !== undefined ? { spec, detail: v.detail, headers: v.headers } : { spec, detail: v.detail };
    }
    if (t.op.requiresRole !== undefined) {
      const roles = role?.roles ?? [];
      const have = role ? roles.indexOf(role.role) : -1;
      if (have < roles.indexOf(t.op.requiresRole)) return { spec: this.errorSpec(t.op, 'forbidden') ?? { status: 403, body: 'none' }, detail: `account type ${t.op.requiresRole} or above is required`, kind: 'forbidden' };
    }
    return undefined;
  }

  /**
   * @param {string} key
   * @returns {number}
   */
  rank(key) {
    const i = (this.def.authOrder ?? []).indexOf(key);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  }

  /**
   * @param {IncomingMessage} req
   * @param {Turn} t
   * @returns {Denial | undefined}
   */
  authenticate(req, t) {
    const alts = this.factsOf(t.op).security;
    if (alts.length === 0) return undefined;
    let firstFailure;
    for (const alt of alts) {
      const f = this.checkSchemes(req, t, alt);
      if (!f) return undefined;
      firstFailure ??= f;
    }
    return firstFailure;
  }

  /**
   * @param {unknown} username
   * @param {unknown} password
   * @returns {boolean}
   */
  checkUser(username, password) {
    return typeof username === 'string' && sameSecret(this.creds.users.get(username), password);
  }

  // ---- one request ----------------------------------------------------------------------------------------

  /**
   * One request, up to reading its body; what follows runs when the body is in (`afterBody`). Whatever it
   * throws (or a promise it returns rejects with) is answered by `failed`.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @returns {void | Promise<void>}
   */
  handle(req, res) {
    this.stats.requests++;
    const target = req.url ?? '/';
    // A plain path (no query, no escapes, no dot segments) is its own pathname: no URL object for it.
    const plainPath = PLAIN_PATH.test(target);
    const url = plainPath ? undefined : new URL(target, 'http://mock.invalid');
    let p = url === undefined ? target : url.pathname;
    const endpointOf = this.schemeEndpoints.get(p);
    if (endpointOf !== undefined) {
      if ((req.method ?? 'GET').toUpperCase() !== 'POST') return this.plain(res, 405, 'Method Not Allowed', { allow: 'POST' });
      return this.readBody(req, this.maxBody, (body) => {
        if (body === ABORTED) {
          this.stats.abortedRequests++;
          return undefined;
        }
        if (body === TOO_LARGE) return this.plain(res, 413, 'Payload Too Large', { connection: 'close' });
        const r = endpointOf.endpoint.answer(endpointOf, req, body, this.schemeContext);
        return this.send(res, r.status, r.headers, r.body);
      }, res);
    }
    if (this.basePath !== '') {
      if (!p.startsWith(this.basePath + '/') && p !== this.basePath) return this.plain(res, 404, 'Not Found');
      p = p.slice(this.basePath.length) || '/';
    }
    const method = (req.method ?? 'GET').toUpperCase();
    /** @type {Matched[]} */
    const matched = [];
    for (const r of this.routes) {
      const m = r.match(p);
      if (m) matched.push({ op: r.op, soap: r.soap, params: m });
    }
    if (matched.length === 0) return this.plain(res, 404, 'Not Found');
    const candidates = matched.filter((r) => r.op.method === method && !(r.soap && method !== 'POST'));
    if (candidates.length === 0) {
      const allow = [...new Set(matched.map((r) => r.op.method))].join(', ');
      return this.plain(res, 405, 'Method Not Allowed', { allow });
    }
    return this.readBody(req, this.maxBody, (raw) => this.afterBody(req, res, url, candidates, raw), res);
  }

  /**
   * The rest of a request once its body is in: a SOAP endpoint's or an operation's.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {URL | undefined} url
   * @param {Matched[]} candidates
   * @param {ReadBody} raw
   * @returns {void | Promise<void>}
   */
  afterBody(req, res, url, candidates, raw) {
    if (raw === ABORTED) {
      // The client went away mid-upload: nobody is left to answer, and it is not a failure of the mock.
      this.stats.abortedRequests++;
      return undefined;
    }
    if (raw === TOO_LARGE) return this.plain(res, 413, 'Payload Too Large', { connection: 'close' });
    const first = candidates[0];
    const cookie = req.headers.cookie;
    const t = {
      op: first.op,
      soap: first.soap,
      params: first.params,
      query: url !== undefined ? url.searchParams : NO_QUERY,
      cookies: cookie ? parseCookies(cookie) : NO_COOKIES,
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: req.headers,
      replyMedia: undefined,
      body: undefined,
    };
    return first.soap ? this.soapRequest(req, res, t, raw) : this.restRequest(req, res, t, candidates, raw);
  }
  /**
   * @param {MockOperation} op
   * @returns {OperationFacts}
   */
  factsOf(op) {
    let f = this.facts.get(op);
    if (f === undefined) {
      const ok = this.responseFor(op, op.success);
      f = {
        okMedia: ok ? this.mediaOf(ok) : [],
        // Each security alternative's schemes in the order they are checked.
        security: op.security.map((keys) => [...keys].sort((a, b) => this.rank(a) - this.rank(b))),
        // Accept header and preferred type -> the negotiated reply type.
        negotiated: new Map(),
      };
      this.facts.set(op, f);
    }
    return f;
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {Matched[]} candidates
   * @param {Buffer} raw
   * @returns {void | Promise<void>}
   */
  restRequest(req, res, t, candidates, raw) {
    const op = t.op;
    const f = this.factsOf(op);
    // Path and query parameters (a format selector first: an unknown format is an unknown resource).
    /** @type {string | undefined} */
    let requestMedia;
    if (op.formats) {
      requestMedia = op.formats.media[t.params[op.formats.parameter]];
      if (requestMedia === undefined) return this.plain(res, 404, 'Not Found');
    }
    const okMedia = f.okMedia;
    const contentType = requestType(req.headers['content-type']);
    if (requestMedia === undefined && op.request) {
      requestMedia = hasOwn.call(op.request.media, contentType) ? contentType : mediaRange(op.request.media, contentType);
    }
    if (op.formats) t.replyMedia = requestMedia;
    else {
      const preferred = requestMedia ?? (okMedia.includes(contentType) ? contentType : undefined);
      const accept = req.headers.accept;
      const key = `${preferred ?? '\u0000'}\u0000${accept ?? '\u0000'}`;
      let media = f.negotiated.get(key);
      if (media === undefined) {
        media = negotiate(accept, okMedia, preferred);
        if (f.negotiated.size >= 256) f.negotiated.clear();
        f.negotiated.set(key, media);
      }
      t.replyMedia = media;
    }

    const paramIssues = this.checkParams(op, t);
    if (paramIssues.length > 0) return this.failWith(res, t, 'invalid', paramIssues);

    if (op.request && requestMedia === undefined) {
      const spec = this.errorSpec(op, 'unsupportedMediaType') ?? { status: 415, body: 'none' };
      return this.failWith(res, t, 'unsupportedMediaType', [{ detail: `Content-Type ${contentType || '(none)'} is not accepted` }], spec);
    }

    const denied = this.authenticate(req, t);
    if (denied) return this.failWith(res, t, denied.kind ?? 'unauthenticated', [{ detail: denied.detail }], denied.spec, denied.headers);

    if (op.request) {
      // @ts-expect-error -- a request body without a media type was refused above.
      const media = op.request.media[requestMedia];
      if (op.formats && contentType !== '' && !Object.keys(op.request.media).includes(contentType)) {
        return this.failWith(res, t, 'malformed', [{ detail: `Content-Type ${contentType} is not a format this call reads` }]);
      }
      if (op.formats && contentType !== '' && contentType !== requestMedia) {
        return this.failWith(res, t, 'malformed', [{ detail: `the ${t.params[op.formats.parameter]} endpoint was sent ${contentType}` }]);
      }
      if (raw.length === 0 && op.request.required) return this.failWith(res, t, 'malformed', [{ detail: 'the request has no body' }]);
      if (media.read !== undefined) {
        // The body kind's reader (form, multipart: templates/runtime/form.js); a multipart body is read later.
        const read = media.read(raw, req.headers['content-type']);
        if (read instanceof Promise) return read.then((decoded) => this.decodedBody(res, t, candidates, requestMedia, decoded));
        return this.decodedBody(res, t, candidates, requestMedia, read);
      }
      return this.decodedBody(res, t, candidates, requestMedia, this.decode(media, raw.toString('utf8')));
    }
    return this.dispatch(res, t, candidates, undefined, requestMedia);
  }

  /**
   * A request body decoded (or not): refused when it could not be read, else dispatched.
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {Matched[]} candidates
   * @param {string | undefined} requestMedia
   * @param {import('./mock.js').MockBodyRead} decoded
   * @returns {void}
   */
  decodedBody(res, t, candidates, requestMedia, decoded) {
    if (!decoded.ok) return this.failWith(res, t, 'malformed', [{ detail: decoded.detail }]);
    const body = decoded.value;
    t.body = body;
    // Files are Blobs, which JSON leaves empty: a repeated idempotency key is compared by the bytes sent.
    if (decoded.fingerprint !== undefined) t.fingerprint = decoded.fingerprint;
    return this.dispatch(res, t, candidates, body, requestMedia);
  }

  /**
   * Picks the operation among those sharing the route (RPC), then runs it.
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {Matched[]} candidates
   * @param {unknown} body
   * @param {string | undefined} requestMedia
   * @returns {void}
   */
  dispatch(res, t, candidates, body, requestMedia) {
    const op = t.op;
    // RPC dispatch: operations that share the route are told apart by a body field.
    if (op.rpc || candidates.length > 1) {
      const hit = candidates.find((c) => c.op.rpc && path(body, [c.op.rpc.property]) === c.op.rpc.value) ?? (candidates.length === 1 && !op.rpc ? candidates[0] : undefined);
      if (!hit) return this.failWith(res, t, 'unknownOperation', [{ detail: 'the operation named in the body is not known', path: op.rpc ? `/${op.rpc.property}` : '' }]);
      t.op = hit.op;
    }
    return this.run(res, t, body, requestMedia);
  }

  /**
   * A SOAP 1.2 request. The envelope is read and checked before anything else (credentials, action, the
   * store): a body that is not a SOAP 1.2 envelope around this operation's element is answered with a SOAP
   * Fault, never with the operation's reply.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {Buffer} raw
   * @returns {void}
   */
  soapRequest(req, res, t, raw) {
    const op = t.op;
    const ct = req.headers['content-type'];
    if (baseType(ct) !== 'application/soap+xml') {
      return this.plain(res, 415, 'Unsupported Media Type: SOAP 1.2 requests are application/soap+xml');
    }
    t.replyMedia = 'application/soap+xml';
    // @ts-expect-error -- a SOAP route belongs to an operation with `soap`.
    const decoded = op.soap.decode(raw.toString('utf8'));
    const envelopeOk = decoded.ok || decoded.errors.every(insideOperation);
    if (!envelopeOk) return this.envelopeFault(res, t, decoded);
    const action = params(ct).action;
    // @ts-expect-error -- as above.
    if (action !== undefined && action !== op.soap.action) return this.fault(res, t, 'Sender', `Unknown SOAP action ${action}`);
    const denied = this.authenticate(req, t);
    if (denied) return this.failWith(res, t, 'unauthenticated', [{ detail: denied.detail }], denied.spec, denied.headers);
    // A good envelope around a request that cannot be read is the vendor's failure, inside the envelope.
    if (!decoded.ok) return this.failWith(res, t, 'malformed', [{ detail: decoded.errors.map((e) => e.message).join('; ') }]);
    t.body = decoded.value;
    return this.run(res, t, decoded.value, undefined);
  }

  /**
   * The fault for an envelope that could not be read: env:Sender (HTTP 400), except a SOAP 1.1 envelope,
   * which SOAP 1.2 answers with env:VersionMismatch (HTTP 500 under its HTTP binding).
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {{ errors?: { code: string, message: string }[] }} decoded
   */
  envelopeFault(res, t, decoded) {
    const e = decoded.errors?.[0];
    const versionMismatch = e !== undefined && e.code === 'soap' && /SOAP 1\.1/.test(e.message);
    return this.fault(res, t, versionMismatch ? 'VersionMismatch' : 'Sender', e ? e.message : 'the request could not be read');
  }

  /**
   * @param {MockMedia} media
   * @param {string} textBody
   * @returns {import('./mock.js').MockBodyRead}
   */
  decode(media, textBody) {
    if (media.kind === 'json') {
      try {
        return { ok: true, value: parseJson(textBody) };
      } catch (/** @type {any} */ e) {
        return { ok: false, detail: `the body is not valid JSON: ${e.message}` };
      }
    }
    // @ts-expect-error -- an XML media type of a request has its reader (the emitter writes none without one).
    const r = media.decode(textBody);
    return r.ok ? { ok: true, value: r.value } : { ok: false, detail: r.errors.map((e) => e.message).join('; ') };
  }

  /**
   * The parameters: present when required and of their type (query, path, header and cookie values are text),
   * then every constraint of their schemas, by the generated parameter validator (vendor codes included).
   * @param {MockOperation} op
   * @param {Turn} t
   * @returns {Problem[]}
   */
  checkParams(op, t) {
    const out = [];
    /** @type {Record<string, unknown>} */
    const values = {};
    for (const prm of op.params) {
      const rawV = prm.in === 'path' ? t.params[prm.name] : prm.in === 'query' ? t.query.get(prm.name) ?? undefined : prm.in === 'cookie' ? cookieValue(t.cookies.get(prm.name)) : headerValue(t.headers[prm.name.toLowerCase()]);
      if (rawV === undefined) {
        if (prm.required) out.push({ code: prm.code, detail: `parameter ${prm.name} is required`, path: '' });
        continue;
      }
      let v = rawV;
      if (prm.type === 'integer' || prm.type === 'number') {
        v = prm.type === 'integer' ? (/^-?\d+$/.test(rawV) ? Number(rawV) : NaN) : rawV.trim() === '' ? NaN : Number(rawV);
        if (Number.isNaN(v)) {
          out.push({ code: prm.code, detail: `parameter ${prm.name} must be ${prm.type === 'integer' ? 'an integer' : 'a number'}`, path: '' });
          continue;
        }
      } else if (prm.type === 'boolean') {
        if (rawV !== 'true' && rawV !== 'false') {
          out.push({ code: prm.code, detail: `parameter ${prm.name} must be true or false`, path: '' });
          continue;
        }
        v = rawV === 'true';
      }
      if (op.validateParams === undefined && prm.enum && !prm.enum.includes(v)) out.push({ code: prm.code, detail: `parameter ${prm.name} must be one of ${prm.enum.join(', ')}`, path: '' });
      t.params[prm.name] = v;
      setData(values, prm.name, v);
    }
    if (out.length === 0 && op.validateParams !== undefined) {
      const r = op.validateParams(values);
      if (!r.valid) {
        for (const i of r.issues) {
          const name = i.path.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
          // Accept, Content-Type and Authorization header parameters are not the mock's to check (op.params leaves them out).
          if (!op.params.some((p) => p.name === name)) continue;
          /** @type {Problem} */
          const e = { detail: `parameter ${name}: ${i.message}`, path: '' };
          const code = i.code ?? op.params.find((p) => p.name === name)?.code;
          if (code !== undefined) e.code = code;
          out.push(e);
        }
        // The vendor reports the first rule it ties a code to.
        out.sort((a, b) => (a.code === undefined ? 1 : 0) - (b.code === undefined ? 1 : 0));
      }
    }
    return out;
  }

  /**
   * Everything after decoding: credentials in the body, validation, the store and the reply.
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {unknown} body
   * @param {string | undefined} requestMedia
   */
  run(res, t, body, requestMedia) {
    const op = t.op;
    if (op.bodyCredentials) {
      const bc = op.bodyCredentials;
      const auth = path(body, [bc.property]);
      if (!this.checkUser(path(auth, [bc.username]), path(auth, [bc.password]))) {
        return this.failWith(res, t, 'unauthenticated', [{ detail: 'the credentials in the body are not valid', path: `/${bc.property}` }]);
      }
    }
    if (op.request) {
      // @ts-expect-error -- no media type: a SOAP request, whose operation has `soap`.
      const validate = requestMedia !== undefined ? op.request.media[requestMedia].validate : op.soap.validate;
      // @ts-expect-error -- every request body media type has its validator (the emitter warns and leaves out one without).
      const v = validate(body);
      if (!v.valid) {
        const errs = v.issues.map((i) => {
          /** @type {Problem} */
          const e = { detail: i.message, path: i.path, value: valueAt(body, i.path) };
          if (i.code !== undefined) e.code = i.code;
          return e;
        });
        // The vendor reports the first rule it ties a code to; issues without a code follow.
        errs.sort((a, b) => (a.code === undefined ? 1 : 0) - (b.code === undefined ? 1 : 0));
        return this.failWith(res, t, 'invalid', errs);
      }
    }
    if (op.logon) {
      const lg = op.logon;
      if (!this.checkUser(path(body, [lg.username]), path(body, [lg.password]))) {
        return this.failWith(res, t, 'unauthenticated', [{ detail: 'the logon credentials are not valid' }], { ...(this.errorSpec(op, 'unauthenticated') ?? {}), code: lg.code });
      }
    }
    if (op.idempotency !== undefined && this.replayed(res, t, body)) return undefined;
    /** @type {MockReplyContext} */
    const ctx = { request: body, params: t.params, now: this.nowOf(this.clock()), id: undefined };
    if (op.list) {
      const page = pageOf(op.list, this.collections.get(op.list.collection)?.records ?? [], t.params);
      if (page.error !== undefined) return this.failWith(res, t, 'invalid', [{ detail: page.error }]);
      ctx.page = page;
      return this.reply(res, t, op.success, op.reply(ctx), {});
    }
    /** @type {OutgoingHttpHeaders} */
    const headers = {};
    if (op.store) {
      const st = op.store;
      const c = this.collections.get(st.collection);
      if (st.parent) {
        const parent = path(body, st.parent.path);
        const known = this.parents.get(op);
        // @ts-expect-error -- serve() made a collection for every store and a parent set for every operation with a parent.
        const ok = known.has(String(parent)) || (st.parent.created && c.ids.has(Collection.idKey(parent)));
        if (!ok) return this.failWith(res, t, 'parentNotFound', [{ code: st.parent.code, detail: `${String(parent)} does not exist`, path: '/' + st.parent.path.join('/') }]);
      }
      // @ts-expect-error -- as above.
      const keys = c.uniqueKeys(body);
      // @ts-expect-error -- as above.
      const dup = c.duplicate(keys);
      if (dup) {
        return this.failWith(res, t, 'duplicate', [{ code: dup.code, detail: dup.message ?? 'duplicate', path: '/' + dup.paths[dup.paths.length - 1].join('/') }]);
      }
      // @ts-expect-error -- as above.
      ctx.id = c.allocateId(body);
      const value = op.reply(ctx);
      const stored = stripCredentials(op, body);
      // @ts-expect-error -- as above.
      c.insert(ctx.id, stored, value, ctx.now.iso, stored === body ? keys : undefined);
      return this.reply(res, t, op.success, value, headers);
    }
    if (op.logon) {
      const token = randomBytes(24).toString('hex');
      this.sessions.set(token, this.ttl !== undefined ? Date.now() + this.ttl : Infinity);
      headers['set-cookie'] = `${op.logon.cookie}=${token}; path=/; HttpOnly`;
    }
    return this.reply(res, t, op.success, op.reply(ctx), headers);
  }

  /**
   * An operation with an idempotency key header (`op.idempotency`): the first request with a key is served and
   * its reply kept; the same key with the same body gets that reply again and nothing new is stored; the same key
   * with another body is `keyReused` (HTTP 409 without a body unless x-mock says otherwise). Keys are per
   * operation; a request without a key is served as usual. True when it answered.
   * @param {ServerResponse} res
   * @param {Turn} t
   * @param {unknown} body
   * @returns {boolean}
   */
  replayed(res, t, body) {
    const name = t.op.idempotency;
    if (name === undefined) return false;
    const key = t.headers[name];
    if (typeof key !== 'string' || key === '') return false;
    const id = `${t.op.id} ${key}`;
    const fingerprint = t.fingerprint ?? stringifyJson(body) ?? '';
    const seen = this.keyed.get(id);
    if (seen === undefined) {
      const entry = { fingerprint, reply: undefined };
      this.keyed.set(id, entry);
      this.recording.set(res, entry);
      return false;
    }
    if (seen.fingerprint !== fingerprint || seen.reply === undefined) {
      const detail = seen.reply === undefined ? 'a request with this idempotency key is still being answered' : 'the idempotency key was used for another request';
      this.failWith(res, t, 'keyReused', [{ detail }], this.errorSpec(t.op, 'keyReused') ?? { status: 409, body: 'none' });
      return true;
    }
    this.send(res, seen.reply.status, seen.reply.headers, seen.reply.body);
    return true;
  }

  /**
   * Answers with `failed` if `r` is a promise (a multipart body is read asynchronously) that rejects.
   * @param {ServerResponse} res
   * @param {void | Promise<void>} r
   */
  rejected(res, r) {
    if (r !== undefined && typeof r.then === 'function') r.then(undefined, (e) => this.failed(res, e));
  }

  /**
   * A failure of the mock itself: recorded in `problems`, logged, and answered 500 if nothing was sent.
   * @param {ServerResponse} res
   * @param {any} e what was thrown
   */
  failed(res, e) {
    const msg = e instanceof MockProblem ? e.message : `mock failure: ${e && e.stack ? e.stack : String(e)}`;
    this.problems.push(msg);
    if (typeof this.o.log === 'function') this.o.log(msg);
    if (!res.headersSent && !res.destroyed) this.plain(res, 500, msg);
    else res.destroy();
  }

  /**
   * Reads the body of `req`, then runs `next(body)` (a Buffer, TOO_LARGE or ABORTED); what that throws is
   * answered by `failed`. Callbacks rather than a promise: the reply goes out in the same turn as the body's
   * last bytes, without the microtasks an await costs.
   * @param {IncomingMessage} req
   * @param {number} limit
   * @param {(body: ReadBody) => void | Promise<void>} next
   * @param {ServerResponse} res
   */
  readBody(req, limit, next, res) {
    readBodyThen(req, limit, (body) => {
      try {
        this.rejected(res, next(body));
      } catch (e) {
        this.failed(res, e);
      }
    });
  }
}

/**
 * Starts the mock described by `def` (a generated definition) with the caller's options.
 * Resolves when it listens.
 * @param {MockDefinition} def
 * @param {MockServerOptions & { credentials?: MockCredentials, state?: Record<string, any> }} [options]
 * @returns {Promise<MockServer>}
 */
export async function serve(def, options = {}) {
  return new MockService(def, options).listen();
}

/** @type {ReadonlyMap<string, string | null>} */
const NO_KEYS = new Map();

// ---------------------------------------------------------------------------------------------------------
// Connections: timeouts, client errors, and a close() that waits for every socket

/** Default time a client has to send its request headers (ms). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Default time a client has to send its whole request (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long close() lets replies in flight finish before it destroys their sockets (ms). */
const CLOSE_GRACE_MS = 2000;

/**
 * node:http's timeouts from the options, checked; `checkEvery` makes a short timeout take effect promptly.
 * @param {MockServerOptions} o
 * @returns {{ headers: number, request: number, checkEvery: number }}
 */
function serverTimeouts(o) {
  /**
   * @param {unknown} v
   * @param {string} name
   * @param {number} dflt
   * @returns {number}
   */
  const ms = (v, name, dflt) => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new TypeError(`mock: ${name} must be a positive integer (milliseconds)`);
    return v;
  };
  const headers = ms(o.headersTimeoutMs, 'headersTimeoutMs', DEFAULT_HEADERS_TIMEOUT_MS);
  const request = ms(o.requestTimeoutMs, 'requestTimeoutMs', Math.max(DEFAULT_REQUEST_TIMEOUT_MS, headers));
  if (request < headers) throw new TypeError('mock: requestTimeoutMs must be at least headersTimeoutMs');
  return { headers, request, checkEvery: Math.max(10, Math.min(1000, Math.floor(headers / 4))) };
}

/**
 * What node:http could not parse or a client too slow to send: answered with a bare status line and the
 * socket closed (a reset connection gets nothing).
 * @param {Error & { code?: string }} err
 * @param {import('node:stream').Duplex} socket
 */
function answerClientError(err, socket) {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/**
 * Every socket of `server` and the replies in flight. `close()` stops listening, closes idle keep-alive
 * sockets at once, lets replies in flight finish (they say `Connection: close`) for up to CLOSE_GRACE_MS,
 * then destroys what is left, and resolves only when every socket is closed, one event-loop turn later, so a
 * client in the same process has seen the end of its pooled connections before a new server takes the port.
 * @param {import('node:http').Server} server
 */
function trackConnections(server) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let inFlight = 0;
  /** @type {Promise<void> | undefined} */
  let closing;
  /** @type {(() => void) | undefined} */
  let onSettled;
  const settle = () => {
    if (onSettled !== undefined && inFlight === 0) for (const s of sockets) s.destroy();
    if (onSettled !== undefined && sockets.size === 0) onSettled();
  };
  // A response emits 'close' once (one listener shared by all of them).
  const replied = () => {
    inFlight--;
    settle();
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => {
      sockets.delete(s);
      settle();
    });
    if (closing !== undefined) s.destroy();
  });
  return {
    get closing() {
      return closing !== undefined;
    },
    /** @param {ServerResponse} res */
    request(res) {
      inFlight++;
      res.on('close', replied);
    },
    close() {
      closing ??= new Promise((resolve) => {
        let listening = true;
        /** @type {NodeJS.Timeout | undefined} */
        let timer;
        const done = () => {
          if (listening || sockets.size > 0) return;
          onSettled = undefined;
          clearTimeout(timer);
          setImmediate(resolve);
        };
        server.close(() => {
          listening = false;
          done();
        });
        server.closeIdleConnections();
        timer = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, CLOSE_GRACE_MS);
        onSettled = done;
        settle();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// CORS (docs/decisions.md): off unless asked for

/**
 * Response headers the client runtime reads and a browser would hide without Access-Control-Expose-Headers
 * (WWW-Authenticate: the challenge an HTTP Digest client answers).
 */
const CLIENT_READS = ['Retry-After', 'WWW-Authenticate'];
/** Never exposable to a page, whatever a spec declares. */
const NEVER_EXPOSED = new Set(['set-cookie', 'set-cookie2']);

/**
 * The CORS policy for `cors` (true: any origin except "null"; a list: those origins), or undefined when
 * CORS is off. Allowed origins are echoed with `Vary: Origin` and credentials allowed (cookie sessions);
 * methods and request headers come from the definition (every header the spec sends, with Accept,
 * Authorization and Content-Type), and the exposed headers are the ones the spec declares on replies plus what
 * the client reads. A disallowed origin gets no CORS header at all.
 * @param {MockDefinition} def
 * @param {unknown} option
 */
function corsPolicy(def, option) {
  if (option === undefined || option === false || option === null) return undefined;
  /** @type {Set<string> | undefined} */
  let allowed;
  if (Array.isArray(option)) allowed = new Set(option.map(originOf));
  else if (option !== true) throw new TypeError('mock: cors must be true or a list of origins such as "http://127.0.0.1:5173"');
  const methods = [...new Set(def.operations.flatMap((op) => (op.soap ? [op.method, 'POST'] : [op.method])))].sort().join(', ');
  const requestHeaders = uniqueHeaders(['Accept', 'Authorization', 'Content-Type', ...(def.headers?.request ?? [])]);
  const exposed = uniqueHeaders([...CLIENT_READS, ...(def.headers?.response ?? [])]).filter((h) => !NEVER_EXPOSED.has(h.toLowerCase()));
  const allowHeaders = requestHeaders.join(', ');
  const exposeHeaders = exposed.join(', ');
  return {
    methods,
    allowHeaders,
    exposeHeaders,
    /** Sets the CORS headers of `req`'s reply; answers a preflight itself (returns true then). */
    /**
     * @param {IncomingMessage} req
     * @param {ServerResponse} res
     * @returns {boolean}
     */
    apply(req, res) {
      res.setHeader('vary', 'Origin');
      const origin = req.headers.origin;
      const ok = typeof origin === 'string' && origin !== '' && (allowed !== undefined ? allowed.has(origin) : origin !== 'null');
      if (!ok) return false;
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        res.writeHead(204, {
          'access-control-allow-methods': methods,
          'access-control-allow-headers': allowHeaders,
          'access-control-max-age': '600',
          'content-length': 0,
        });
        res.end();
        return true;
      }
      if (exposeHeaders !== '') res.setHeader('access-control-expose-headers', exposeHeaders);
      return false;
    },
  };
}

/**
 * `http://host:port` from an origin given in `cors`; anything that is not an http(s) origin is an error.
 * @param {unknown} given
 * @returns {string}
 */
function originOf(given) {
  let u;
  try {
    u = typeof given === 'string' ? new URL(given) : undefined;
  } catch {
    u = undefined;
  }
  if (u === undefined || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '' || u.pathname !== '/') {
    throw new TypeError(`mock: cors lists origins (scheme://host[:port]); ${JSON.stringify(given)} is not one`);
  }
  return u.origin;
}

/**
 * Header names without case-insensitive repeats, first spelling kept.
 * @param {string[]} names
 * @returns {string[]}
 */
function uniqueHeaders(names) {
  const seen = new Set();
  return names.filter((n) => {
    const k = n.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * True for a decoding issue inside the operation's element (Envelope/Body/wrapper/element and below): the
 * envelope itself was read. Issues of the envelope, its Body or the wrapper are not.
 * @param {{ code: string, path?: unknown }} issue
 * @returns {boolean}
 */
function insideOperation(issue) {
  if (issue.code === 'soap' || issue.code === 'soap-fault' || typeof issue.path !== 'string') return false;
  let steps = 0;
  for (const seg of issue.path.split('/')) if (seg !== '' && !seg.startsWith('@')) steps++;
  return steps >= 4;
}

/**
 * One page of a list operation's records: from the offset (or the cursor, which the mock issues as the next
 * offset, base64url-encoded), at most the page size (the limit parameter, else its default, else every record).
 * `next` / `cursor` are absent on the last page.
 * @param {import('./mock.js').MockList} list
 * @param {StoredRecord[]} all
 * @param {Record<string, any>} params
 * @returns {(import('./mock.js').MockPage & { error?: undefined }) | { error: string }}
 */
function pageOf(list, all, params) {
  let start = 0;
  if (list.cursor !== undefined && params[list.cursor] !== undefined) {
    const m = /^o:(0|[1-9][0-9]*)$/.exec(Buffer.from(String(params[list.cursor]), 'base64url').toString('utf8'));
    if (!m) return { error: `${list.cursor} is not a cursor this server issued` };
    start = Number(m[1]);
  } else if (list.offset !== undefined && params[list.offset] !== undefined) start = Number(params[list.offset]);
  if (!Number.isSafeInteger(start) || start < 0) return { error: `${list.offset ?? list.cursor} must be a non-negative integer` };
  const given = list.limit !== undefined ? params[list.limit] : undefined;
  const limit = given !== undefined ? Number(given) : list.defaultLimit ?? Math.max(all.length - start, 0);
  if (!Number.isSafeInteger(limit) || limit < 0) return { error: `${list.limit} must be a non-negative integer` };
  const items = all.slice(start, start + limit);
  const more = start + items.length < all.length;
  /** @type {import('./mock.js').MockPage} */
  const page = { items, start, limit, total: all.length, more, count: items.length };
  if (more) {
    page.next = start + items.length;
    page.cursor = Buffer.from(`o:${page.next}`).toString('base64url');
  }
  return page;
}

/**
 * The body without what the client fills in for the caller (x-body-credentials, x-rpc-operation).
 * @param {MockOperation} op
 * @param {unknown} body
 * @returns {unknown}
 */
function stripCredentials(op, body) {
  const drop = [op.bodyCredentials?.property, op.rpc?.property].filter((k) => k !== undefined);
  if (drop.length === 0 || body === null || typeof body !== 'object' || !drop.some((k) => hasOwn.call(body, k))) return body;
  /** @type {Record<string, unknown>} */
  const out = { ...body };
  for (const k of drop) delete out[k];
  return out;
}

/**
 * The value at a JSON pointer (for error replies that echo what was sent).
 * @param {unknown} root
 * @param {string} pointer
 * @returns {unknown}
 */
function valueAt(root, pointer) {
  if (pointer === '') return root;
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path(root, keys);
}

/**
 * `/skUs/0/licenseCount` -> `skUs[0].licenseCount` (the field-path form ASP.NET-style errors use).
 * @param {string} pointer
 * @returns {string}
 */
export function fieldOf(pointer) {
  if (pointer === '') return '';
  let out = '';
  for (const seg of pointer.split('/').slice(1)) {
    const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(k) ? `[${k}]` : out === '' ? k : `.${k}`;
  }
  return out;
}

/**
 * Errors grouped by field, in first-seen order: `[{ field, errors: [...] }]`.
 * @param {MockErrorItem[]} items
 * @returns {{ field: string, errors: MockErrorItem[] }[]}
 */
function groupFields(items) {
  /** @type {Map<string, { field: string, errors: MockErrorItem[] }>} */
  const by = new Map();
  for (const e of items) {
    let g = by.get(e.field);
    if (!g) by.set(e.field, (g = { field: e.field, errors: [] }));
    g.errors.push(e);
  }
  return [...by.values()];
}

/** A request target that is its own pathname: segments of unreserved characters, no dot segments, no query. */
const PLAIN_PATH = /^\/(?:(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+(?:\/|$))*$/;
/** The query and cookies of a request without any (never written to). */
const NO_QUERY = new URLSearchParams();
/** @type {Map<string, string>} */
const NO_COOKIES = new Map();

const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

/**
 * Calls `done` once with the request body, TOO_LARGE beyond `limit` (read to the end and dropped), or ABORTED
 * when the client left.
 * @param {IncomingMessage} req
 * @param {number} limit
 * @param {(body: ReadBody) => void} done
 */
function readBodyThen(req, limit, done) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  let over = false;
  let settled = false;
  /** @param {ReadBody} v */
  const settle = (v) => {
    if (settled) return;
    settled = true;
    done(v);
  };
  req.on('data', (c) => {
    if (over) return;
    size += c.length;
    if (size > limit) {
      over = true;
      chunks.length = 0;
      return;
    }
    chunks.push(c);
  });
  // node:http hands each chunk of the body over in a buffer of its own: one chunk is the body as it is.
  req.on('end', () => settle(over ? TOO_LARGE : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  req.on('error', () => settle(ABORTED));
  req.on('close', () => {
    if (!req.complete) settle(ABORTED);
  });
}

/**
 * @param {string | undefined} v
 * @returns {string | undefined}
 */
function cookieValue(v) {
  if (v === undefined) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * @param {string | string[] | undefined} v
 * @returns {string | undefined}
 */
function headerValue(v) {
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * @param {MockDefinition} def
 * @param {MockCredentials | undefined} given
 * @returns {Credentials}
 */
function resolveCredentials(def, given) {
  const users = new Map(Object.entries(given?.users ?? def.defaults.users ?? {}));
  const apiKeys = new Map();
  for (const [scheme, keys] of Object.entries(def.defaults.apiKeys ?? {})) apiKeys.set(scheme, new Map(Object.entries(keys)));
  for (const [scheme, keys] of Object.entries(given?.apiKeys ?? {})) {
    apiKeys.set(scheme, Array.isArray(keys) ? new Map(keys.map((k) => [k, null])) : new Map(Object.entries(keys)));
  }
  const clients = new Map(Object.entries(given?.clients ?? def.defaults.clients ?? {}));
  return { users, apiKeys, clients };
}

