// HTTP Basic (generator/wire/basic.ts). Client half: `Authorization: Basic base64(user:password)` (UTF-8) from
// `auth.username` and `auth.password`. Mock half: the pair against the accepted users.
import { basicAuthorization } from '../client.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */

/** @type {SchemeApplier} */
const BASIC = {
  init(core) {
    const user = core.auth.username;
    if (typeof user === 'string' && user.includes(':')) throw new TypeError(`createClient(${core.provider.id}): auth.username cannot contain ":" (HTTP Basic)`);
  },
  apply(core, out) {
    out.headers.authorization = basicAuthorization(core.auth.username, core.auth.password);
  },
};

/**
 * The client half of an HTTP Basic scheme.
 * @returns {SchemeApplier}
 */
export function basicAuth() {
  return BASIC;
}

const CHALLENGE = Object.freeze({ 'www-authenticate': 'Basic realm="mock"' });
const NONE = Object.freeze({});

/** @type {SchemeCheck} */
export function checkBasic(s, key, req, ctx) {
  const headers = ctx.challenge ? CHALLENGE : NONE;
  const given = ctx.basicCredentials(req.headers.authorization);
  if (given === undefined) return { deny: 'missing', detail: 'HTTP Basic credentials are required', headers };
  if (!ctx.userOk(given.username, given.password)) return { deny: 'invalid', detail: 'the HTTP Basic credentials are not valid', headers };
  return undefined;
}
