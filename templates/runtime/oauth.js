// OAuth 2.0 client credentials for the generated clients (RFC 6749 §4.4), the runtime half of
// generator/wire/oauth2.ts. Browser-safe like client.js. A TokenSource belongs to one client and one security
// scheme: it asks the token endpoint for a token, keeps it until shortly before it expires, lets every call that
// needs one while the request is in flight wait for that same request, and forgets a token the API refused.

/** @typedef {import('./oauth.js').TokenClient} TokenClient */
/** @typedef {import('./oauth.js').TokenResult} TokenResult */
/** @typedef {{ tokenUrl: string, clientAuth: 'client_secret_basic' | 'client_secret_post' }} OAuth2SchemeDescriptor */

/** Seconds before `expires_in` runs out at which a cached token is no longer used (half the lifetime when shorter). */
export const TOKEN_MARGIN_SECONDS = 30;

const clock = typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/**
 * application/x-www-form-urlencoded encoding of one string (the WHATWG serializer: space as "+").
 * @param {string} s
 * @returns {string}
 */
export function formEncode(s) {
  return new URLSearchParams([['', s]]).toString().slice(1);
}

/**
 * `Basic ...` for client_secret_basic: id and secret are form-encoded first (RFC 6749 §2.3.1), then base64 of UTF-8.
 * @param {string} id
 * @param {string} secret
 * @returns {string}
 */
export function clientBasic(id, secret) {
  const bytes = new TextEncoder().encode(`${formEncode(id)}:${formEncode(secret)}`);
  let bin = '';
  // @ts-expect-error -- fromCharCode.apply takes any array-like of numbers; lib.d.ts asks for number[].
  for (let i = 0; i < bytes.length; i += 0x2000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000));
  return 'Basic ' + btoa(bin);
}

/**
 * The token endpoint URL: absolute, or resolved against the client's base URL (RFC 3986).
 * @param {string} tokenUrl
 * @param {string} base
 * @returns {string}
 */
export function resolveTokenUrl(tokenUrl, base) {
  return new URL(tokenUrl, base.endsWith('/') ? base : base + '/').href;
}

export class TokenSource {
  /**
   * `scheme`: `{ tokenUrl, clientAuth }` from the generated provider; `auth`: the client's credentials
   * (`clientId`, `clientSecret`, `scopes?`, `tokenUrl?`); `base`: the client's base URL.
   * @param {string} key
   * @param {OAuth2SchemeDescriptor} scheme
   * @param {Readonly<Record<string, any>>} auth
   * @param {string} base
   */
  constructor(key, scheme, auth, base) {
    this.key = key;
    this.url = resolveTokenUrl(auth.tokenUrl !== undefined ? auth.tokenUrl : scheme.tokenUrl, base);
    this.clientAuth = scheme.clientAuth;
    this.id = auth.clientId;
    this.secret = auth.clientSecret;
    this.scope = auth.scopes !== undefined && auth.scopes.length > 0 ? auth.scopes.join(' ') : undefined;
    /** @type {string | undefined} */
    this.token = undefined;
    /** @type {string | undefined} */
    this.last = undefined;
    this.until = 0;
    /** @type {Promise<TokenResult> | undefined} */
    this.pending = undefined;
  }

  /**
   * The cached token while it is fresh, else one token request shared by every caller waiting: `{ token }` or `{ error }`.
   * @param {TokenClient} core
   * @returns {Promise<TokenResult>}
   */
  get(core) {
    if (this.token !== undefined && clock() < this.until) return Promise.resolve({ token: this.token });
    if (this.pending === undefined) {
      this.pending = this.request(core).finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /**
   * The API refused `token` (401): the next get() asks for a new one, unless another caller already did; the
   * call is retried once.
   * @param {string} token
   */
  refused(token) {
    if (this.token === token) this.token = undefined;
    return true;
  }

  /**
   * @param {TokenClient} core
   * @returns {Promise<TokenResult>}
   */
  async request(core) {
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    let body = 'grant_type=client_credentials';
    if (this.scope !== undefined) body += '&scope=' + formEncode(this.scope);
    if (this.clientAuth === 'client_secret_post') body += '&client_id=' + formEncode(this.id) + '&client_secret=' + formEncode(this.secret);
    else headers.authorization = clientBasic(this.id, this.secret);
    const what = `token request (${this.key})`;
    const info = { operation: what, method: 'POST', url: core.scrub(this.url), attempt: 1 };
    if (core.onRequest !== undefined) core.hook(core.onRequest, Object.assign({ headers: core.redactHeaders(headers) }, info));
    const started = clock();
    /** @type {AbortController | undefined} */
    let ctl;
    let timer;
    if (core.timeoutMs > 0 && core.timeoutMs !== Infinity) {
      ctl = new AbortController();
      // @ts-expect-error -- ctl was assigned just above; TypeScript does not carry that into the closure.
      timer = setTimeout(() => ctl.abort(), core.timeoutMs);
    }
    let res;
    let text;
    try {
      // @ts-expect-error -- `signal` may be undefined, which fetch reads as absent (exactOptionalPropertyTypes).
      res = await core.fetch(this.url, { method: 'POST', headers, body, signal: ctl !== undefined ? ctl.signal : undefined });
      text = await res.text();
    } catch (/** @type {any} */ e) {
      const timedOut = ctl !== undefined && ctl.signal.aborted;
      if (core.onResponse !== undefined) core.hook(core.onResponse, Object.assign({ status: 0, durationMs: clock() - started, headers: {}, error: timedOut ? 'timeout' : 'network' }, info));
      const cause = e !== null && typeof e === 'object' && e.cause != null ? `: ${String(e.cause.message ?? e.cause)}` : '';
      return { error: timedOut ? { kind: 'timeout', message: `${what}: no reply within ${core.timeoutMs} ms` } : { kind: 'network', message: core.scrub(`${what}: ${e instanceof Error ? e.message : String(e)}${cause}`) } };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (core.onResponse !== undefined) core.hook(core.onResponse, Object.assign({ status: res.status, durationMs: clock() - started, headers: core.redactHeaders(res.headers) }, info));
    let value;
    try {
      value = text === '' ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
    if (res.status < 200 || res.status > 299) {
      // RFC 6749 §5.2: { error, error_description? }.
      const code = typeof o.error === 'string' && o.error !== '' ? o.error : undefined;
      const desc = typeof o.error_description === 'string' && o.error_description !== '' ? o.error_description : undefined;
      const message = desc ?? (code !== undefined ? `the token endpoint refused the client: ${code}` : `the token endpoint answered HTTP ${res.status}`);
      return { error: { kind: 'auth', status: res.status, code, message: core.scrub(message) } };
    }
    const token = o.access_token;
    if (typeof token !== 'string' || token === '') return { error: { kind: 'auth', status: res.status, code: undefined, message: 'the token endpoint answered without an access_token' } };
    if (o.token_type !== undefined && String(o.token_type).toLowerCase() !== 'bearer') {
      return { error: { kind: 'auth', status: res.status, code: undefined, message: core.scrub(`the token endpoint issued a ${String(o.token_type)} token; only bearer tokens are supported`) } };
    }
    const life = typeof o.expires_in === 'number' ? o.expires_in : typeof o.expires_in === 'string' ? Number(o.expires_in) : NaN;
    // Without expires_in the token is kept until the API refuses it.
    this.until = Number.isFinite(life) && life > 0 ? started + (life - Math.min(TOKEN_MARGIN_SECONDS, life / 2)) * 1000 : Infinity;
    if (this.last !== undefined) core.forget(this.last);
    this.token = this.last = token;
    core.remember(token);
    return { token };
  }
}
