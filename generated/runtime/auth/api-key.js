// API key in a header, a query parameter or a cookie (generator/wire/api-key.ts). Client half: the scheme's
// `auth` option there. Mock half: the key against the scheme's accepted keys, with their roles.
import { headerCredential } from '../client.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */

/**
 * The client half of an API key sent `where` under `name`, from the `auth` option `field`.
 * @param {'header' | 'query' | 'cookie'} where
 * @param {string} name
 * @param {string} field
 * @returns {SchemeApplier}
 */
export function apiKeyAuth(where, name, field) {
  if (where === 'header') {
    const header = name.toLowerCase();
    return {
      apply(core, out) {
        out.headers[header] = headerCredential(core.auth, field);
      },
    };
  }
  if (where === 'query') {
    const k = encodeURIComponent(name) + '=';
    return {
      apply(core, out) {
        out.query += (out.query === '' ? '' : '&') + k + encodeURIComponent(core.auth[field]);
      },
    };
  }
  return {
    apply(core, out) {
      const pair = `${name}=${headerCredential(core.auth, field)}`;
      out.cookie = out.cookie === undefined ? pair : `${out.cookie}; ${pair}`;
    },
  };
}

/** @type {SchemeCheck} */
export function checkApiKey(s, key, req, ctx) {
  const name = /** @type {string} */ (s.name);
  const given = s.in === 'header' ? req.headers[name.toLowerCase()] : s.in === 'query' ? req.query.get(name) : req.cookies.get(name);
  if (given === undefined || given === null || given === '') return { deny: 'missing', detail: `${name} is required` };
  const role = typeof given === 'string' ? ctx.keys(key).get(given) : undefined;
  if (role === undefined) return { deny: 'invalid', detail: `${name} is not valid` };
  return { role };
}
