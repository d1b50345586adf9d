// A bearer token the caller supplies (generator/wire/token.ts): OAuth 2.0 flows the client cannot run itself and
// OpenID Connect. Client half: `auth.token`, a string or a function giving one (or a promise of one), called
// before every request and once more after a 401. Mock half: the bearer check (bearer.js).
import { errorText } from '../client.js';

/** @typedef {import('../client.js').SchemeApplier} SchemeApplier */
/** @typedef {import('../client.js').SchemeHost} SchemeHost */
/** @typedef {import('../client.js').CallAuthorizer} CallAuthorizer */
/** @typedef {import('../client.js').AuthError} AuthError */

/** @implements {CallAuthorizer} */
class CallerToken {
  /**
   * @param {SchemeHost} core
   * @param {string} field
   */
  constructor(core, field) {
    this.core = core;
    this.field = field;
    /** @type {unknown} */
    this.given = core.auth[field];
    /** The last token a function gave, redacted in messages until it changes. @type {string | undefined} */
    this.last = undefined;
  }

  /** @returns {Promise<{ value: string, error?: undefined } | { value?: undefined, error: AuthError }>} */
  async authorize() {
    const given = this.given;
    if (typeof given !== 'function') return { value: `Bearer ${given}` };
    let t;
    try {
      t = await given();
    } catch (e) {
      return { error: { kind: 'auth', status: 0, code: undefined, message: this.core.scrub(`auth.${this.field}() failed: ${errorText(e)}`) } };
    }
    if (typeof t !== 'string' || t === '') return { error: { kind: 'auth', status: 0, code: undefined, message: `auth.${this.field}() did not give a token (a non-empty string)` } };
    if (t !== this.last) {
      if (this.last !== undefined) this.core.forget(this.last);
      this.last = t;
      this.core.remember(t);
    }
    return { value: `Bearer ${t}` };
  }

  /** A function may give a fresh token: the call is retried once. */
  refused() {
    return typeof this.given === 'function';
  }
}

/**
 * The client half of a caller-supplied token held by the `auth` option `field`.
 * @param {string} field
 * @returns {SchemeApplier}
 */
export function callerTokenAuth(field) {
  return {
    init(core) {
      if (core.auth[field] !== undefined) core.schemeState[`token:${field}`] = new CallerToken(core, field);
    },
    apply(core, out) {
      out.perCall = /** @type {CallAuthorizer} */ (core.schemeState[`token:${field}`]);
    },
  };
}
