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
