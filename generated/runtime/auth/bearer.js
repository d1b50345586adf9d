// Bearer token (generator/wire/bearer.ts). Client half: the scheme's `auth` option as `Authorization: Bearer ...`.
// Mock half: the token against the scheme's accepted tokens (RFC 6750 section 2.1), with their roles.
import { headerCredential } from '../client.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */

/**
 * The client half of a bearer scheme whose token is the `auth` option `field`.
 * @param {string} field
 * @returns {SchemeApplier}
 */
export function bearerAuth(field) {
  return {
    apply(core, out) {
      out.headers.authorization = `Bearer ${headerCredential(core.auth, field)}`;
    },
  };
}

const CHALLENGE = Object.freeze({ 'www-authenticate': 'Bearer realm="mock"' });
const NONE = Object.freeze({});
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** @type {SchemeCheck} */
export function checkBearer(s, key, req, ctx) {
  const m = BEARER.exec(req.headers.authorization ?? '');
  const headers = ctx.challenge ? CHALLENGE : NONE;
  if (m === null) return { deny: 'missing', detail: 'a bearer token is required', headers };
  const accepted = ctx.keys(key);
  const role = accepted.get(m[1]);
  if (role === undefined) return { deny: 'invalid', detail: 'the bearer token is not valid', headers };
  return { role };
}
