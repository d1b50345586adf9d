// HTTP Digest (RFC 7616; generator/wire/digest.ts). Browser-safe like client.js: MD5 is computed here (Web Crypto
// has none), SHA-256 with crypto.subtle.
//
// Client half: a call goes out without credentials until the server has challenged once; the 401's
// `WWW-Authenticate: Digest ...` is kept per client and each later call answers it with the next nonce count. A
// 401 with a new challenge (a stale nonce, another realm) is answered once more; a 401 to an answer with no new
// challenge is the caller's result.
// Mock half: a request without a valid answer gets a 401 with a fresh MD5 challenge; nonces live for the
// server's life, and a response must hash the accepted user's password with one of them and the request's own
// method and target. Each nonce count answers once: the same answer sent again is a replay and is refused.

import { hexOf, sha256Hex } from '../client.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../client.js').SchemeHost} SchemeHost */
/** @typedef {import('../client.js').CallAuthorizer} CallAuthorizer */
/** @typedef {import('../client.js').AuthError} AuthError */
/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */
/**
 * A server's challenge; `algorithm` as the server spells it (it is echoed back), `hash` its upper-case name.
 * @typedef {{ realm: string, nonce: string, opaque: string | undefined, qop: string | undefined, algorithm: string, hash: string, stale: boolean }} Challenge
 */

// ---- hashes -------------------------------------------------------------------------------------------

/** Per-round shift amounts of MD5 (RFC 1321). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** MD5's sine-derived constants. */
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;

/**
 * The MD5 of `text`'s UTF-8 bytes, in lower-case hex (RFC 1321).
 * @param {string} text
 * @returns {string}
 */
export function md5Hex(text) {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  const words = (((n + 8) >>> 6) + 1) * 16;
  const m = new Int32Array(words);
  for (let i = 0; i < n; i++) m[i >> 2] |= bytes[i] << ((i % 4) * 8);
  m[n >> 2] |= 0x80 << ((n % 4) * 8);
  m[words - 2] = n << 3;
  m[words - 1] = n >>> 29;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let off = 0; off < words; off += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const x = (a + f + K[i] + m[off + g]) | 0;
      const s = SHIFTS[(i >> 4) * 4 + (i % 4)];
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  let hex = '';
  for (const v of [a0, b0, c0, d0]) for (let j = 0; j < 4; j++) hex += ((v >>> (j * 8)) & 0xff).toString(16).padStart(2, '0');
  return hex;
}

/** The hash of each algorithm the client answers (RFC 7616 section 3.3; `-sess` variants use the same hash). */
const HASHES = /** @type {Record<string, (text: string) => Promise<string>>} */ ({
  MD5: async (t) => md5Hex(t),
  'SHA-256': sha256Hex,
});

// ---- challenge and answer --------------------------------------------------------------------------------

/** `name=value` or `name="quoted value"` pairs of an auth-param list. */
const PARAM = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

/**
 * The auth-params after `Digest` in a header value (a WWW-Authenticate may hold several challenges: the Digest
 * one's params end where the next scheme name starts).
 * @param {string} header
 * @returns {Map<string, string> | undefined}
 */
export function digestParams(header) {
  const at = header.search(/(?:^|[\s,])Digest\s/i);
  if (at === -1) return undefined;
  const rest = header.slice(header.toLowerCase().indexOf('digest', at) + 6);
  /** @type {Map<string, string>} */
  const params = new Map();
  PARAM.lastIndex = 0;
  let m;
  let end = 0;
  while ((m = PARAM.exec(rest)) !== null) {
    // Anything but commas and spaces between params is another scheme's challenge (`, Basic realm=...`): stop.
    if (/[^\s,]/.test(rest.slice(end, m.index))) break;
    params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
    end = PARAM.lastIndex;
  }
  return params;
}

/**
 * The Digest challenge of a WWW-Authenticate value, or undefined.
 * @param {string | undefined} header
 * @returns {Challenge | undefined}
 */
function challengeOf(header) {
  const p = header === undefined ? undefined : digestParams(header);
  if (p === undefined) return undefined;
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const qops = (p.get('qop') ?? '').split(',').map((q) => q.trim()).filter((q) => q !== '');
  return {
    realm,
    nonce,
    opaque: p.get('opaque'),
    // qop "auth" when offered; a challenge with only "auth-int" (a hash of the body) is refused in authorize.
    qop: qops.length === 0 ? undefined : qops.includes('auth') ? 'auth' : qops[0],
    algorithm: p.get('algorithm') ?? 'MD5',
    hash: (p.get('algorithm') ?? 'MD5').toUpperCase(),
    stale: (p.get('stale') ?? '').toLowerCase() === 'true',
  };
}

/**
 * A quoted-string (RFC 7230): backslash before `"` and `\`.
 * @param {string} s
 * @returns {string}
 */
function quoted(s) {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** @returns {string} 16 random bytes in hex. */
function cnonce() {
  return hexOf(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The request-target of a URL: path and query.
 * @param {string} url
 * @returns {string}
 */
function targetOf(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

/**
 * The response of RFC 7616 section 3.4.1 for one request.
 * @param {(text: string) => Promise<string>} hash
 * @param {{ username: string, password: string, realm: string, nonce: string, method: string, uri: string, qop: string | undefined, nc: string, cnonce: string, sess: boolean }} a
 * @returns {Promise<string>}
 */
export async function digestResponse(hash, a) {
  let ha1 = await hash(`${a.username}:${a.realm}:${a.password}`);
  if (a.sess) ha1 = await hash(`${ha1}:${a.nonce}:${a.cnonce}`);
  const ha2 = await hash(`${a.method}:${a.uri}`);
  return a.qop === undefined ? hash(`${ha1}:${a.nonce}:${ha2}`) : hash(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`);
}

/** @implements {CallAuthorizer} */
class DigestState {
  /** @param {SchemeHost} core */
  constructor(core) {
    this.username = String(core.auth.username);
    this.password = String(core.auth.password);
    /** @type {Challenge | undefined} */
    this.challenge = undefined;
    this.count = 0;
  }

  /**
   * @param {SchemeHost} core
   * @param {{ method: string, url: string }} request
   * @returns {Promise<{ value: string | undefined, error?: undefined } | { value?: undefined, error: AuthError }>}
   */
  async authorize(core, request) {
    const c = this.challenge;
    if (c === undefined) return { value: undefined };
    const sess = c.hash.endsWith('-SESS');
    const hash = HASHES[sess ? c.hash.slice(0, -5) : c.hash];
    if (hash === undefined) return { error: { kind: 'auth', status: 401, code: undefined, message: `the server asks for HTTP Digest with algorithm ${c.algorithm}; the client answers MD5 and SHA-256 (with or without -sess)` } };
    if (c.qop !== undefined && c.qop !== 'auth') return { error: { kind: 'auth', status: 401, code: undefined, message: `the server asks for HTTP Digest with qop ${c.qop}; the client answers qop auth` } };
    this.count++;
    const nc = this.count.toString(16).padStart(8, '0');
    const cn = cnonce();
    const uri = targetOf(request.url);
    const response = await digestResponse(hash, { username: this.username, password: this.password, realm: c.realm, nonce: c.nonce, method: request.method, uri, qop: c.qop, nc, cnonce: cn, sess });
    const parts = [`username=${quoted(this.username)}`, `realm=${quoted(c.realm)}`, `nonce=${quoted(c.nonce)}`, `uri=${quoted(uri)}`, `algorithm=${c.algorithm}`, `response=${quoted(response)}`];
    if (c.qop !== undefined) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quoted(cn)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quoted(c.opaque)}`);
    return { value: `Digest ${parts.join(', ')}` };
  }

  /**
   * A 401: worth one more try when it brings a challenge to answer (the first one, a stale or another nonce).
   * @param {string | undefined} value
   * @param {Readonly<Record<string, string>>} headers
   * @returns {boolean}
   */
  refused(value, headers) {
    const c = challengeOf(headers['www-authenticate']);
    if (c === undefined) return false;
    const old = this.challenge;
    this.challenge = c;
    this.count = 0;
    // Our answer to this very nonce was refused and the server does not call it stale: the credentials are wrong.
    return value === undefined || old === undefined || c.stale || c.nonce !== old.nonce;
  }
}

/**
 * The client half of an HTTP Digest scheme: `auth.username` and `auth.password`.
 * @returns {SchemeApplier}
 */
export function digestAuth() {
  return DIGEST;
}

/** @type {SchemeApplier} */
const DIGEST = {
  init(core) {
    if (core.auth.username !== undefined && core.auth.password !== undefined) core.schemeState.digest = new DigestState(core);
  },
  apply(core, out) {
    out.perCall = /** @type {CallAuthorizer} */ (core.schemeState.digest);
  },
};

// ---- mock half -------------------------------------------------------------------------------------------

/**
 * A fresh MD5 challenge, its nonce remembered in the scheme's store.
 * @param {Map<string, unknown>} nonces
 * @param {boolean} stale
 * @returns {Readonly<Record<string, string>>}
 */
function challenge(nonces, stale) {
  const nonce = cnonce();
  nonces.set(nonce, new NonceCounts());
  // Every refused request issues one: the oldest are forgotten (a client answering one gets a stale challenge).
  if (nonces.size > MAX_NONCES) {
    const oldest = nonces.keys().next().value;
    if (oldest !== undefined) nonces.delete(oldest);
  }
  return { 'www-authenticate': `Digest realm="mock", qop="auth", algorithm=MD5, nonce="${nonce}", opaque="mock"${stale ? ', stale=true' : ''}` };
}

/** How many issued nonces the mock remembers. */
const MAX_NONCES = 10000;

/** How far below the highest nonce count seen a count may still come (requests in flight arrive out of order). */
const NC_WINDOW = 1024;

/**
 * The nonce counts used with one nonce, to refuse a replayed answer (RFC 7616 §3.3: the same nc twice): the
 * highest count seen and a bitmap of the NC_WINDOW counts up to it, as IPsec's replay window keeps them.
 */
class NonceCounts {
  constructor() {
    this.high = 0;
    this.seen = new Uint8Array(NC_WINDOW / 8);
  }

  /**
   * Takes one use of count `nc`: false when it was used before, or is too far below the highest to tell.
   * @param {number} nc
   * @returns {boolean}
   */
  take(nc) {
    if (nc > this.high) {
      // The counts from high + 1 to nc enter the window: clear what their places held.
      if (nc - this.high >= NC_WINDOW) this.seen.fill(0);
      else for (let c = this.high + 1; c < nc; c++) this.seen[(c % NC_WINDOW) >> 3] &= ~(1 << (c & 7));
      this.high = nc;
    } else if (nc <= this.high - NC_WINDOW || (this.seen[(nc % NC_WINDOW) >> 3] & (1 << (nc & 7))) !== 0) return false;
    this.seen[(nc % NC_WINDOW) >> 3] |= 1 << (nc & 7);
    return true;
  }
}

/** @type {SchemeCheck} */
export function checkDigest(s, key, req, ctx) {
  const nonces = ctx.store(key);
  const header = req.headers.authorization;
  const p = header === undefined || !/^Digest\s/i.test(header) ? undefined : digestParams(header);
  if (p === undefined) return { deny: 'missing', detail: 'HTTP Digest credentials are required', headers: challenge(nonces, false) };
  const username = p.get('username') ?? '';
  const nonce = p.get('nonce') ?? '';
  const qop = p.get('qop');
  const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
  if (!nonces.has(nonce)) return { deny: 'invalid', detail: 'the HTTP Digest nonce is not one the server issued', headers: challenge(nonces, true) };
  const password = ctx.users.get(username);
  const fields = { realm: p.get('realm'), uri: p.get('uri'), response: p.get('response'), nc: p.get('nc') ?? '', cnonce: p.get('cnonce') ?? '' };
  let ok = password !== undefined && fields.realm === 'mock' && fields.uri === req.target && (algorithm === 'MD5' || algorithm === 'MD5-SESS') && (qop === undefined || qop === 'auth');
  if (ok) {
    const sess = algorithm === 'MD5-SESS';
    let ha1 = md5Hex(`${username}:mock:${password}`);
    if (sess) ha1 = md5Hex(`${ha1}:${nonce}:${fields.cnonce}`);
    const ha2 = md5Hex(`${req.method}:${fields.uri}`);
    const want = qop === undefined ? md5Hex(`${ha1}:${nonce}:${ha2}`) : md5Hex(`${ha1}:${nonce}:${fields.nc}:${fields.cnonce}:${qop}:${ha2}`);
    ok = fields.response === want;
  }
  if (!ok) return { deny: 'invalid', detail: 'the HTTP Digest credentials are not valid', headers: challenge(nonces, false) };
  // A valid answer may be used once: with qop, its nonce count must be new for the nonce (without qop there is none).
  if (qop !== undefined) {
    const nc = /^[0-9a-f]{8}$/i.test(fields.nc) ? parseInt(fields.nc, 16) : 0;
    if (nc === 0) return { deny: 'invalid', detail: `the HTTP Digest nonce count ${JSON.stringify(fields.nc)} is not 8 hex digits above 0`, headers: challenge(nonces, false) };
    const counts = /** @type {NonceCounts} */ (nonces.get(nonce));
    if (!counts.take(nc)) return { deny: 'invalid', detail: `the HTTP Digest nonce count ${fields.nc} was used before with this nonce (a replayed request)`, headers: challenge(nonces, false) };
  }
  return undefined;
}
