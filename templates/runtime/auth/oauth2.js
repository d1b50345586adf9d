// OAuth 2.0 client credentials (generator/wire/oauth2.ts). Client half: a token source per client (../oauth.js:
// the token request, the cache, one request for concurrent callers, a new token after a 401), sent as
// `Authorization: Bearer ...`. Mock half: the token against the tokens the mock's token endpoint issued and that
// have not expired (the endpoint itself is part of mock.js).
import { TokenSource } from '../oauth.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../client.js').CallAuthorizer} CallAuthorizer */
/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */

/**
 * The client half of the OAuth 2.0 client-credentials scheme `key`.
 * @param {string} key
 * @param {{ tokenUrl: string, clientAuth: 'client_secret_basic' | 'client_secret_post' }} scheme
 * @returns {SchemeApplier}
 */
export function oauth2Auth(key, scheme) {
  const slot = `oauth2:${key}`;
  return {
    init(core) {
      if (core.auth.clientId === undefined) return;
      let src;
      try {
        src = new TokenSource(key, scheme, core.auth, core.base);
      } catch {
        throw new TypeError(`createClient(${core.provider.id}): auth.tokenUrl is not a usable URL`);
      }
      /** @type {CallAuthorizer} */
      const authorizer = {
        async authorize(host) {
          const t = await src.get(host);
          return t.error !== undefined ? { error: t.error } : { value: `Bearer ${t.token}` };
        },
        // The token is dropped, so the next call asks for a new one; this call is sent once more with it.
        refused: (value) => (value === undefined ? false : src.refused(value.slice('Bearer '.length))),
      };
      core.schemeState[slot] = authorizer;
    },
    apply(core, out) {
      out.perCall = /** @type {CallAuthorizer} */ (core.schemeState[slot]);
    },
  };
}

const NONE = Object.freeze({});
const ASK = Object.freeze({ 'www-authenticate': 'Bearer' });
const INVALID = Object.freeze({ 'www-authenticate': 'Bearer error="invalid_token"' });
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** @type {SchemeCheck} */
export function checkOAuth2(s, key, req, ctx) {
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (m === null) return { deny: 'missing', detail: 'a bearer token from the token endpoint is required', headers: ctx.challenge ? ASK : NONE };
  const until = ctx.tokens.get(m[1]);
  if (until === undefined || until <= Date.now()) {
    ctx.tokens.delete(m[1]);
    return { deny: 'invalid', detail: 'the bearer token is not valid or has expired', headers: ctx.challenge ? INVALID : NONE };
  }
  return undefined;
}

/**
 * The mock's token endpoint (RFC 6749 §4.4 and §5), served at the scheme's `tokenUrl`: a form body with
 * `grant_type=client_credentials`, the client authenticated the way the scheme says (HTTP Basic of the
 * form-encoded id and secret, or both in the body), an optional `scope` of the scheme's scopes; a JSON token, or a
 * JSON error with `error` and `error_description`.
 * @type {import('../mock.js').SchemeEndpoint}
 */
export const tokenEndpoint = {
  path(s, basePath) {
    return new URL(String(s.tokenUrl), `http://mock.invalid${basePath}/`).pathname;
  },
  answer(s, req, bytes, ctx) {
    /**
     * @param {number} status
     * @param {object} body
     * @param {Record<string, string>} [extra]
     */
    const answer = (status, body, extra = {}) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra }, body: JSON.stringify(body) });
    /**
     * @param {number} status
     * @param {string} error
     * @param {string} description
     * @param {Record<string, string>} [extra]
     */
    const refuse = (status, error, description, extra) => answer(status, { error, error_description: description }, extra);
    const clientAuth = s.clientAuth === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic';
    const scopes = /** @type {string[]} */ (s.scopes ?? []);
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return refuse(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(new TextDecoder().decode(bytes));
    for (const k of new Set(form.keys())) if (form.getAll(k).length > 1) return refuse(400, 'invalid_request', `${k} is repeated`);
    if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    let id;
    let secret;
    const basicGiven = /^Basic\s/i.test(req.headers.authorization ?? '');
    const postGiven = form.has('client_id') || form.has('client_secret');
    const challenge = ctx.challenge && clientAuth === 'client_secret_basic' ? { 'www-authenticate': 'Basic realm="token"' } : {};
    if (clientAuth === 'client_secret_basic') {
      if (postGiven) return refuse(401, 'invalid_client', 'client credentials must be sent with HTTP Basic (client_secret_basic)', challenge);
      const b = ctx.basicCredentials(req.headers.authorization);
      if (b) {
        try {
          id = decodeURIComponent(b.username.replace(/\+/g, ' '));
          secret = decodeURIComponent(b.password.replace(/\+/g, ' '));
        } catch {
          return refuse(400, 'invalid_request', 'the Basic credentials are not form-encoded');
        }
      }
    } else {
      if (basicGiven) return refuse(401, 'invalid_client', 'client credentials must be sent in the body (client_secret_post)');
      id = form.get('client_id') ?? undefined;
      secret = form.get('client_secret') ?? undefined;
    }
    if (id === undefined || secret === undefined) return refuse(401, 'invalid_client', 'client authentication is required', challenge);
    if (!ctx.clientOk(id, secret)) return refuse(401, 'invalid_client', 'client authentication failed', challenge);
    const scope = form.get('scope');
    if (scope !== null) {
      const unknown = scope.split(' ').filter((x) => x !== '' && !scopes.includes(x));
      if (unknown.length > 0) return refuse(400, 'invalid_scope', `unknown scope ${unknown.join(' ')}`);
    }
    const issued = ctx.issueToken();
    /** @type {{ access_token: string, token_type: string, expires_in: number, scope?: string }} */
    const body = { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn };
    if (scope !== null) body.scope = scope;
    return answer(200, body);
  },
};
