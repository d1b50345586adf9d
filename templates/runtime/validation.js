// Runtime helpers of the generated validators (validators.js of every provider). Hand-written, dependency-free and
// browser-safe; copied verbatim to generated/runtime/. The generated code does every check inline and calls in
// here only for what is shared: building issues, counting code points, deep equality, and format checks.

/** @typedef {import('./validation.js').ValidationIssue} ValidationIssue */

/**
 * Adds an issue to `issues` (null until the first one) and returns the list.
 * @param {ValidationIssue[] | null} issues
 * @param {string} path
 * @param {string} keyword
 * @param {string} message
 * @param {string | number} [code]
 * @param {string} [vendorMessage]
 * @returns {ValidationIssue[]}
 */
export function issue(issues, path, keyword, message, code, vendorMessage) {
  const item = code === undefined
    ? { path, keyword, message }
    : vendorMessage === undefined
      ? { path, keyword, message, code }
      : { path, keyword, message, code, vendorMessage };
  if (issues === null) return [item];
  issues.push(item);
  return issues;
}

/**
 * The issue list for an input the validator could not walk (a getter that threw, a cycle through a recursive schema).
 * @param {unknown} error
 * @returns {ValidationIssue[]}
 */
export function failure(error) {
  let keyword = 'exception';
  let message = 'value could not be read';
  try {
    if (error instanceof RangeError) {
      keyword = 'depth';
      message = 'value is nested too deeply or is cyclic';
    } else if (error instanceof Error) {
      message += ': ' + String(error.message);
    }
  } catch {
    // Even the thrown value may be hostile (a proxy); the generic message stands.
  }
  return [{ path: '', keyword, message }];
}

/**
 * True where `x.__proto__` reads the prototype. Generated code reads it as the fast test for "the prototype is
 * Object.prototype"; where the accessor is removed or throws (node --disable-proto, Deno) it is never read and
 * `Object.getPrototypeOf` answers instead.
 */
export const protoReadable = (() => {
  try {
    // @ts-expect-error -- __proto__ is the Annex B accessor, which lib.d.ts does not declare.
    return ({}).__proto__ === Object.prototype;
  } catch {
    return false;
  }
})();

/**
 * True when the prototype of `x` (an object) is Object.prototype or null: its plain member reads are own reads.
 * @param {object} x
 * @returns {boolean}
 */
export function plainPrototype(x) {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Escapes one JSON pointer segment (RFC 6901); only called when an issue is reported.
 * @param {string} key
 * @returns {string}
 */
export function esc(key) {
  return key.indexOf('~') === -1 && key.indexOf('/') === -1 ? key : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A surrogate pair, as UTF-16 units (no `u` flag). */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/**
 * Length in Unicode code points: a surrogate pair counts once, a lone surrogate once. Generated code calls this
 * only when the UTF-16 length is within a factor of two of a limit (the code point count lies in [len/2, len]).
 * Most strings have no pair at all, which one native regular-expression scan finds far faster than a loop of
 * charCodeAt; only strings with pairs are counted unit by unit.
 * @param {string} s
 * @returns {number}
 */
export function ucs2length(s) {
  if (!SURROGATE_PAIR.test(s)) return s.length;
  const len = s.length;
  let n = len;
  for (let i = 0; i < len - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * JSON equality: numbers by value (a bigint equals the same number), arrays by items, objects by own keys.
 * @param {any} a
 * @param {any} b
 * @returns {boolean}
 */
export function equal(a, b) {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) {
    // 1 and 1n are the same JSON number; == compares number and bigint exactly.
    return (ta === 'bigint' && tb === 'number') || (ta === 'number' && tb === 'bigint') ? a == b : false;
  }
  const arr = Array.isArray(a);
  if (arr !== Array.isArray(b)) return false;
  if (arr) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  let n = 0;
  for (const k in a) {
    if (!hasOwn.call(a, k)) continue;
    if (!hasOwn.call(b, k) || !equal(a[k], b[k])) return false;
    n++;
  }
  for (const k in b) if (hasOwn.call(b, k)) n--;
  return n === 0;
}

/**
 * True when `x` equals a member of `set` (scalars) or deep-equals one of `list` (arrays and objects).
 * @param {ReadonlySet<unknown>} set
 * @param {readonly unknown[]} list
 * @param {unknown} x
 * @returns {boolean}
 */
export function oneOfValues(set, list, x) {
  if (x === null || typeof x !== 'object') {
    if (set.has(x)) return true;
    return typeof x === 'bigint' && x >= -9007199254740991n && x <= 9007199254740991n && set.has(Number(x));
  }
  for (let i = 0; i < list.length; i++) if (equal(x, list[i])) return true;
  return false;
}

/**
 * Index of the first item that repeats an earlier one, or -1.
 * @param {readonly unknown[]} items
 * @returns {number}
 */
export function duplicateIndex(items) {
  const n = items.length;
  if (n < 2) return -1;
  let simple = true;
  for (let i = 0; i < n; i++) {
    const t = typeof items[i];
    if ((t === 'object' && items[i] !== null) || t === 'bigint') {
      simple = false;
      break;
    }
  }
  if (simple) {
    // Scalars: a Set keyed by value (typeof keeps "1" and 1 apart; -0 and 0 are one JSON number, as in Set).
    const seen = new Set();
    for (let i = 0; i < n; i++) {
      if (seen.has(items[i])) return i;
      seen.add(items[i]);
    }
    return -1;
  }
  for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) if (equal(items[i], items[j])) return j;
  return -1;
}

/**
 * `x` is a multiple of a fractional `m`: exactly (remainder or quotient), or within the rounding error of the
 * division, since decimal divisors such as 0.01 have no exact binary form (19.99 / 0.01 is 1998.9999999999998).
 * @param {number} x
 * @param {number} m
 * @returns {boolean}
 */
export function isMultipleOf(x, m) {
  if (x % m === 0) return true;
  const q = x / m;
  if (Number.isInteger(q)) return true;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= Math.abs(q) * 4 * Number.EPSILON;
}

/**
 * Digits after the decimal point of a finite number or bigint (XSD fractionDigits).
 * @param {number | bigint} x
 * @returns {number}
 */
export function fractionDigits(x) {
  if (typeof x === 'bigint' || Number.isInteger(x)) return 0;
  const [mantissa, exp] = String(x).split('e');
  const dot = mantissa.indexOf('.');
  const frac = dot === -1 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - Number(exp || 0));
}

/**
 * Significant decimal digits of a finite number or bigint (XSD totalDigits).
 * @param {number | bigint} x
 * @returns {number}
 */
export function totalDigits(x) {
  if (typeof x === 'bigint') return String(x < 0n ? -x : x).length;
  const [mantissa, exp] = String(Math.abs(x)).split('e');
  const e = Number(exp || 0);
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  const dot = mantissa.indexOf('.');
  const intDigits = (dot === -1 ? mantissa.length : dot) + e;
  const fracDigits = Math.max(0, (dot === -1 ? 0 : mantissa.length - dot - 1) - e);
  return Math.max(digits.length, intDigits > 0 ? intDigits + fracDigits : fracDigits, 1);
}

// ---- formats ----------------------------------------------------------------------------------------------

const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Dates and times are read with charCodeAt, without a regular expression or substrings: no allocation.

/**
 * The two ASCII digits at `i` as a number, or -1 (also past the end, where charCodeAt gives NaN).
 * @param {string} s
 * @param {number} i
 * @returns {number}
 */
function d2(s, i) {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * RFC 3339 full-date at `i` (10 characters).
 * @param {string} s
 * @param {number} i
 * @returns {boolean}
 */
function dateAt(s, i) {
  const c = d2(s, i);
  const y = d2(s, i + 2);
  const mo = d2(s, i + 5);
  const d = d2(s, i + 8);
  if (c < 0 || y < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || mo < 1 || mo > 12 || d < 1 || d > DAYS[mo]) return false;
  if (mo !== 2 || d < 29) return true;
  const year = c * 100 + y;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * RFC 3339 full-time from `i` to the end; a leap second only where it falls at 23:59:60 UTC.
 * @param {string} s
 * @param {number} i
 * @returns {boolean}
 */
function timeAt(s, i) {
  const h = d2(s, i);
  const mi = d2(s, i + 3);
  const sec = d2(s, i + 6);
  if (h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return false;
  if (h > 23 || mi > 59 || sec > 60) return false;
  let j = i + 8;
  if (s.charCodeAt(j) === 46) {
    const from = ++j;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j === from) return false;
  }
  let offset = 0;
  const z = s.charCodeAt(j);
  if (z === 90 || z === 122) {
    if (j + 1 !== s.length) return false;
  } else if (z === 43 || z === 45) {
    const oh = d2(s, j + 1);
    const om = d2(s, j + 4);
    if (j + 6 !== s.length || oh < 0 || om < 0 || s.charCodeAt(j + 3) !== 58 || oh > 23 || om > 59) return false;
    offset = (z === 43 ? -1 : 1) * (oh * 60 + om);
  } else return false;
  if (sec < 60) return true;
  return (((h * 60 + mi + offset) % 1440) + 1440) % 1440 === 1439;
}

/**
 * RFC 3339 full-date.
 * @param {string} s
 * @returns {boolean}
 */
export function isDate(s) {
  return s.length === 10 && dateAt(s, 0);
}

/**
 * RFC 3339 full-time (with offset).
 * @param {string} s
 * @returns {boolean}
 */
export function isTime(s) {
  return s.length >= 9 && timeAt(s, 0);
}

/**
 * RFC 3339 date-time. The same rules as `dateAt` + `timeAt`, written out flat: date-times are the most common
 * format in the specs, and one function with fixed positions reads each character once, with no call on the
 * common path. `(c - 48) >>> 0 > k` is "not a digit from 0 to k" in one comparison.
 * @param {string} s
 * @returns {boolean}
 */
export function isDateTime(s) {
  const n = s.length;
  if (n < 20) return false;
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  const t = s.charCodeAt(10);
  const h0 = s.charCodeAt(11) - 48;
  const h1 = s.charCodeAt(12) - 48;
  const i0 = s.charCodeAt(14) - 48;
  const i1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48;
  const s1 = s.charCodeAt(18) - 48;
  if (
    y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 1 || m1 >>> 0 > 9 || d0 >>> 0 > 3 ||
    d1 >>> 0 > 9 || h0 >>> 0 > 2 || h1 >>> 0 > 9 || i0 >>> 0 > 5 || i1 >>> 0 > 9 || s0 >>> 0 > 6 || s1 >>> 0 > 9 ||
    s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58
  ) {
    return false;
  }
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const sec = s0 * 10 + s1;
  if (month === 0 || month > 12 || day === 0 || day > DAYS[month] || hour > 23 || sec > 60) return false;
  if (month === 2 && day === 29) {
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    if (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0)) return false;
  }
  let j = 19;
  let z = s.charCodeAt(19);
  if (z === 46) {
    // A fraction has at least one digit.
    j = 20;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      j++;
    }
    if (j === 20) return false;
    z = s.charCodeAt(j);
  }
  let offset = 0;
  if (z === 90 || z === 122) {
    if (j + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    if (j + 6 !== n) return false;
    const a = s.charCodeAt(j + 1) - 48;
    const b = s.charCodeAt(j + 2) - 48;
    const c = s.charCodeAt(j + 4) - 48;
    const d = s.charCodeAt(j + 5) - 48;
    if (a >>> 0 > 2 || b >>> 0 > 9 || c >>> 0 > 5 || d >>> 0 > 9 || s.charCodeAt(j + 3) !== 58) return false;
    const oh = a * 10 + b;
    if (oh > 23) return false;
    offset = (z === 43 ? -1 : 1) * (oh * 60 + c * 10 + d);
  } else return false;
  if (sec < 60) return true;
  // A leap second only where it falls at 23:59:60 UTC.
  return (((hour * 60 + i0 * 10 + i1 + offset) % 1440) + 1440) % 1440 === 1439;
}

// The formats below are read the same way: a scan with charCodeAt over the string, a table of character classes
// for ASCII, no regular expression, no substring, no allocation.

// Character classes of ASCII, as bits of CLASS[c].
/** RFC 3986 unreserved and sub-delims: what a reg-name holds besides percent-encodings. */
const REG = 1;
/** ":" */
const COLON = 2;
/** "@" */
const AT = 4;
/** "/" */
const SLASH = 8;
/** "?" */
const QMARK = 16;
/** A hex digit. */
const HEX = 32;
/** A character of a URI scheme after the first (ALPHA / DIGIT / "+" / "-" / "."). */
const SCHEME = 64;
/** RFC 5322 atext (a character of a dot-atom). */
const ATEXT = 128;
/** A letter or a digit. */
const ALNUM = 256;

const USERINFO = REG | COLON;
const PCHAR = REG | COLON | AT;
const PATH = PCHAR | SLASH;
const QUERY = PATH | QMARK;

const CLASS = (() => {
  const t = new Uint16Array(128);
  /**
   * @param {string} chars
   * @param {number} bit
   */
  const add = (chars, bit) => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] |= bit;
  };
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const alnum = upper + upper.toLowerCase() + '0123456789';
  add(alnum, REG | SCHEME | ATEXT | ALNUM);
  add("-._~!$&'()*+,;=", REG);
  add(':', COLON);
  add('@', AT);
  add('/', SLASH);
  add('?', QMARK);
  add('0123456789ABCDEFabcdef', HEX);
  add('+-.', SCHEME);
  add("!#$%&'*+/=?^_`{|}~-", ATEXT);
  return t;
})();

/**
 * True when `c` (a char code, or NaN past the end) is in one of the classes of `mask`.
 * @param {number} c
 * @param {number} mask
 * @returns {boolean}
 */
function isClass(c, mask) {
  return c < 128 && (CLASS[c] & mask) !== 0;
}

/**
 * Index of the first character from `i` that is neither in `mask` nor part of a percent-encoding ("%" and two hex
 * digits); `n` when there is none; -1 at a "%" not followed by two hex digits.
 * @param {string} s
 * @param {number} i
 * @param {number} n
 * @param {number} mask
 * @returns {number}
 */
function scanAt(s, i, n, mask) {
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && (CLASS[c] & mask) !== 0) continue;
    if (c !== 37) return i;
    if (!isClass(s.charCodeAt(i + 1), HEX) || !isClass(s.charCodeAt(i + 2), HEX)) return -1;
    i += 2;
  }
  return n;
}

/**
 * RFC 3986 dec-octet "." dec-octet "." dec-octet "." dec-octet, exactly the characters from `i` to `end`.
 * @param {string} s
 * @param {number} i
 * @param {number} end
 * @returns {boolean}
 */
function ipv4At(s, i, end) {
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= end || s.charCodeAt(i) !== 46) return false;
      i++;
    }
    const start = i;
    let v = 0;
    while (i < end) {
      const d = s.charCodeAt(i) - 48;
      if (d >>> 0 > 9) break;
      if (i - start === 3) return false;
      v = v * 10 + d;
      i++;
    }
    // A dec-octet has no leading zero.
    if (i === start || v > 255 || (i - start > 1 && s.charCodeAt(start) === 48)) return false;
  }
  return i === end;
}

/**
 * RFC 4291 / RFC 3986 IPv6address, exactly the characters from `i` to `end`: up to 8 groups of 1-4 hex digits,
 * at most one "::" (standing for one or more zero groups), optionally ending in a dotted IPv4 address (two
 * groups). No zone id.
 * @param {string} s
 * @param {number} i
 * @param {number} end
 * @returns {boolean}
 */
function ipv6At(s, i, end) {
  if (i >= end) return false;
  let groups = 0;
  let compressed = false;
  if (s.charCodeAt(i) === 58) {
    if (i + 1 >= end || s.charCodeAt(i + 1) !== 58) return false;
    compressed = true;
    i += 2;
    if (i === end) return true;
  }
  for (;;) {
    const start = i;
    while (i < end && isClass(s.charCodeAt(i), HEX) && i - start < 5) i++;
    if (i < end && s.charCodeAt(i) === 46) return (compressed ? groups <= 5 : groups === 6) && ipv4At(s, start, end);
    if (i === start || i - start > 4 || groups === 8) return false;
    groups++;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i === end) return false;
    if (s.charCodeAt(i) === 58) {
      if (compressed) return false;
      compressed = true;
      i++;
      if (i === end) break;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/**
 * RFC 1123 host name from `i` to `end`: dot-separated labels of letters, digits and inner hyphens, 1-63 long, 253 in all.
 * @param {string} s
 * @param {number} i
 * @param {number} end
 * @returns {boolean}
 */
function hostnameAt(s, i, end) {
  if (end - i < 1 || end - i > 253) return false;
  let label = i;
  let prev = 46;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (prev === 46 || prev === 45 || i - label > 63) return false;
      label = i + 1;
    } else if (c === 45) {
      if (prev === 46) return false;
    } else if (!isClass(c, ALNUM)) return false;
    prev = c;
  }
  return prev !== 46 && prev !== 45 && end - label <= 63;
}

/**
 * RFC 5321 mailbox: a dot-atom or quoted-string local part (at most 64 characters), "@", and a host name or an
 * address literal (`[192.0.2.1]`, `[IPv6:...]`); 320 characters in all.
 * @param {string} s
 * @returns {boolean}
 */
export function isEmail(s) {
  const n = s.length;
  if (n < 3 || n > 320) return false;
  let i = 0;
  if (s.charCodeAt(0) === 34) {
    // "quoted": printable ASCII except '"' and '\', or '\' and any printable ASCII.
    for (i = 1; ; i++) {
      if (i >= n) return false;
      let c = s.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) c = s.charCodeAt(++i);
      if (c < 32 || c > 126) return false;
    }
    i++;
  } else {
    // dot-atom: atoms of atext joined by single dots.
    let atom = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 128 && (CLASS[c] & ATEXT) !== 0) continue;
      if (c !== 46 || i === atom) break;
      atom = i + 1;
    }
    if (i === atom) return false;
  }
  if (i > 64 || s.charCodeAt(i) !== 64) return false;
  i++;
  if (s.charCodeAt(i) !== 91) return hostnameAt(s, i, n);
  if (s.charCodeAt(n - 1) !== 93) return false;
  // "IPv6:" in any case.
  if ((s.charCodeAt(i + 1) | 32) === 105 && (s.charCodeAt(i + 2) | 32) === 112 && (s.charCodeAt(i + 3) | 32) === 118 &&
    s.charCodeAt(i + 4) === 54 && s.charCodeAt(i + 5) === 58) {
    return ipv6At(s, i + 6, n - 1);
  }
  return ipv4At(s, i + 1, n - 1);
}

/**
 * RFC 1123 host name.
 * @param {string} s
 * @returns {boolean}
 */
export function isHostname(s) {
  return hostnameAt(s, 0, s.length);
}

/**
 * Dotted-decimal IPv4 address, no leading zeros.
 * @param {string} s
 * @returns {boolean}
 */
export function isIpv4(s) {
  return ipv4At(s, 0, s.length);
}

/**
 * RFC 4291 text form, with an optional trailing dotted IPv4 part; no zone id.
 * @param {string} s
 * @returns {boolean}
 */
export function isIpv6(s) {
  return ipv6At(s, 0, s.length);
}

/**
 * RFC 4122 text form: 8-4-4-4-12 hex digits.
 * @param {string} s
 * @returns {boolean}
 */
export function isUuid(s) {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 45 : !isClass(c, HEX)) return false;
  }
  return true;
}

/**
 * RFC 3986 IP-literal between "[" and "]": an IPv6 address or "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
 * @param {string} s
 * @param {number} i
 * @param {number} end
 * @returns {boolean}
 */
function ipLiteralAt(s, i, end) {
  if ((s.charCodeAt(i) | 32) !== 118) return ipv6At(s, i, end);
  let j = i + 1;
  while (j < end && isClass(s.charCodeAt(j), HEX)) j++;
  if (j === i + 1 || j >= end - 1 || s.charCodeAt(j) !== 46) return false;
  for (j++; j < end; j++) if (!isClass(s.charCodeAt(j), USERINFO)) return false;
  return true;
}

/**
 * RFC 3986 host [ ":" port ] from `i`, which must end where the authority ends ("/", "?", "#" or the end of the
 * string): the index of that end, or -1.
 * @param {string} s
 * @param {number} i
 * @param {number} n
 * @returns {number}
 */
function hostPortAt(s, i, n) {
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i + 1);
    if (close === -1 || !ipLiteralAt(s, i + 1, close)) return -1;
    i = close + 1;
  } else {
    // A reg-name (an IPv4 address is one too).
    i = scanAt(s, i, n, REG);
    if (i === -1) return -1;
  }
  if (i === n) return n;
  let c = s.charCodeAt(i);
  if (c === 58) {
    for (i++; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
    }
    if (i === n) return n;
  }
  return c === 47 || c === 63 || c === 35 ? i : -1;
}

/**
 * RFC 3986 authority from `i` (after "//"): the index where it ends, or -1.
 * @param {string} s
 * @param {number} i
 * @param {number} n
 * @returns {number}
 */
function authorityAt(s, i, n) {
  // Most authorities have no userinfo: read as host and port first, and as userinfo "@" host only when that fails.
  const end = hostPortAt(s, i, n);
  if (end !== -1) return end;
  const at = scanAt(s, i, n, USERINFO);
  if (at === -1 || at === n || s.charCodeAt(at) !== 64) return -1;
  return hostPortAt(s, at + 1, n);
}

/**
 * RFC 3986 [ "?" query ] [ "#" fragment ] from `i` to the end.
 * @param {string} s
 * @param {number} i
 * @param {number} n
 * @returns {boolean}
 */
function queryFragmentAt(s, i, n) {
  if (i === n) return true;
  let c = s.charCodeAt(i);
  if (c === 63) {
    i = scanAt(s, i + 1, n, QUERY);
    if (i === n) return true;
    if (i === -1) return false;
    c = s.charCodeAt(i);
  }
  return c === 35 && scanAt(s, i + 1, n, QUERY) === n;
}

/**
 * RFC 3986 hier-part (or relative-part) and what follows it, from `i`: "//" authority path-abempty, or a path that
 * does not start with "//" (path-absolute, path-rootless, path-empty); then query and fragment.
 * @param {string} s
 * @param {number} i
 * @param {number} n
 * @returns {boolean}
 */
function hierAt(s, i, n) {
  if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 47) {
    i = authorityAt(s, i + 2, n);
    if (i === -1) return false;
  }
  i = scanAt(s, i, n, PATH);
  return i !== -1 && queryFragmentAt(s, i, n);
}

/**
 * Length of the scheme at the start of `s` (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ":"), or 0.
 * @param {string} s
 * @param {number} n
 * @returns {number}
 */
function schemeLength(s, n) {
  if (((s.charCodeAt(0) | 32) - 97) >>> 0 > 25) return 0;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && (CLASS[c] & SCHEME) !== 0) continue;
    return c === 58 ? i : 0;
  }
  return 0;
}

/**
 * The common shape of a URI, without percent-encodings, userinfo or IP literals: scheme "://" reg-name [":" port]
 * [path-abempty] [query] [fragment], or scheme ":" and a path that does not start with "//". Everything it accepts
 * is an RFC 3986 URI (it may refuse one, which the scanner then decides). One regular expression is the fast path
 * here, not a charCodeAt loop: measured in instructions, V8 runs a character class over a 50-character URI at about
 * 10 per character in its compiled regular-expression code, and charCodeAt in optimized JavaScript at about 26
 * (each call dispatches on the string's representation), which outweighs the fixed cost of a `test`.
 *
 * The expression is written negated, `^(?!shape$)`: it matches (an empty match) exactly when the string is NOT of
 * the common shape, so a common URI makes `test` fail. A failing `test` skips what a successful one must do
 * afterwards (record the match in the RegExp's last-match state), about 160 of the 910 instructions a GitHub URI
 * cost in the positive form. "http" and "https" come first as literal schemes (read four characters per compare),
 * and the path after an authority is matched as "/" + characters rather than behind a lookahead.
 */
const U = "A-Za-z0-9\\-._~!$&'()*+,;=";
/**
 * `[c]*` written as `(?:[c][c][c][c])*[c]{0,3}` (the same strings): V8 then tests four characters per turn of
 * the loop, about 8% fewer instructions per URI of GitHub's payloads (976 against 1,058 for 48 characters).
 * @param {string} c
 * @returns {string}
 */
const star4 = (c) => `(?:${c}${c}${c}${c})*${c}{0,3}`;
const PCHARS = star4(`[${U}:@/]`);
const NOT_COMMON_URI = new RegExp(
  `^(?!(?:https?|[A-Za-z][A-Za-z0-9+.\\-]*):(?://${star4(`[${U}]`)}(?::[0-9]*)?(?:/${PCHARS})?|(?!//)${PCHARS})` +
    `(?:\\?[${U}:@/?]*)?(?:#[${U}:@/?]*)?$)`,
);

/**
 * RFC 3986 URI: scheme ":" hier-part [ "?" query ] [ "#" fragment ].
 * @param {string} s
 * @returns {boolean}
 */
export function isUri(s) {
  if (!NOT_COMMON_URI.test(s)) return true;
  const n = s.length;
  const k = schemeLength(s, n);
  return k !== 0 && hierAt(s, k + 1, n);
}

/**
 * RFC 3986 URI-reference: a URI, or a relative reference (whose first path segment has no ":").
 * @param {string} s
 * @returns {boolean}
 */
export function isUriReference(s) {
  if (!NOT_COMMON_URI.test(s)) return true;
  const n = s.length;
  const k = schemeLength(s, n);
  if (k !== 0) return hierAt(s, k + 1, n);
  if (s.charCodeAt(0) === 47) return hierAt(s, 0, n);
  // path-noscheme (or path-empty): the first segment has no ":".
  let i = scanAt(s, 0, n, REG | AT);
  if (i === -1 || s.charCodeAt(i) === 58) return false;
  i = scanAt(s, i, n, PATH);
  return i !== -1 && queryFragmentAt(s, i, n);
}
