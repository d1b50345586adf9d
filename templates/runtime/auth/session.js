// A session logon (generator/wire/session.ts). The client half is part of ClientCore in client.js (it logs on with
// the logon operation, keeps the cookie and logs on again once when a reply says the session is gone). Mock half:
// the cookie against the sessions the mock's logon issued.

/** @typedef {import('../mock.js').SchemeCheck} SchemeCheck */

/** @type {SchemeCheck} */
export function checkSession(s, key, req, ctx) {
  const token = req.cookies.get(/** @type {string} */ (s.cookie));
  const expires = token !== undefined ? ctx.sessions.get(token) : undefined;
  if (expires === undefined || (expires !== Infinity && expires <= Date.now())) {
    if (token !== undefined) ctx.sessions.delete(token);
    return { deny: 'missing', detail: 'a session cookie from logon is required', code: /** @type {string | number} */ (s.code) };
  }
  return undefined;
}
