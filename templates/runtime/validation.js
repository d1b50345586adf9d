// Runtime helpers of the generated validators (validators.js of every provider). Hand-written, dependency-free and
// browser-safe; copied verbatim to generated/runtime/. The generated code does every check inline and calls in
// here only for what is shared: building issues, counting code points, deep equality, and format checks.

/** Adds an issue to `issues` (null until the first one) and returns the list. */
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

/** The issue list for an input the validator could not walk (a getter that threw, a cycle through a recursive schema). */
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
    return ({}).__proto__ === Object.prototype;
  } catch {
    return false;
  }
})();

/** True when the prototype of `x` (an object) is Object.prototype or null: its plain member reads are own reads. */
export function plainPrototype(x) {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Escapes one JSON pointer segment (RFC 6901); only called when an issue is reported. */
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

/** JSON equality: numbers by value (a bigint equals the same number), arrays by items, objects by own keys. */
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

/** True when `x` equals a member of `set` (scalars) or deep-equals one of `list` (arrays and objects). */
export function oneOfValues(set, list, x) {
  if (x === null || typeof x !== 'object') {
    if (set.has(x)) return true;
    return typeof x === 'bigint' && x >= -9007199254740991n && x <= 9007199254740991n && set.has(Number(x));
  }
  for (let i = 0; i < list.length; i++) if (equal(x, list[i])) return true;
  return false;
}

/** Index of the first item that repeats an earlier one, or -1. */
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
 */
export function isMultipleOf(x, m) {
  if (x % m === 0) return true;
  const q = x / m;
  if (Number.isInteger(q)) return true;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= Math.abs(q) * 4 * Number.EPSILON;
}

/** Digits after the decimal point of a finite number or bigint (XSD fractionDigits). */
export function fractionDigits(x) {
  if (typeof x === 'bigint' || Number.isInteger(x)) return 0;
  const [mantissa, exp] = String(x).split('e');
  const dot = mantissa.indexOf('.');
  const frac = dot === -1 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - Number(exp || 0));
}

/** Significant decimal digits of a finite number or bigint (XSD totalDigits). */
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

/** The two ASCII digits at `i` as a number, or -1 (also past the end, where charCodeAt gives NaN). */
function d2(s, i) {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** RFC 3339 full-date at `i` (10 characters). */
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

/** RFC 3339 full-time from `i` to the end; a leap second only where it falls at 23:59:60 UTC. */
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

/** RFC 3339 full-date. */
export function isDate(s) {
  return s.length === 10 && dateAt(s, 0);
}

/** RFC 3339 full-time (with offset). */
export function isTime(s) {
  return s.length >= 9 && timeAt(s, 0);
}

/**
 * RFC 3339 date-time. The same rules as `dateAt` + `timeAt`, written out flat: date-times are the most common
 * format in the specs, and one function with fixed positions reads each character once, with no call on the
 * common path. `(c - 48) >>> 0 > k` is "not a digit from 0 to k" in one comparison.
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

const EMAIL_LOCAL = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")$/;
const HOST_LABELS = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** RFC 5321 mailbox: dot-atom or quoted local part; a host name or an address literal as domain. */
export function isEmail(s) {
  const at = s.lastIndexOf('@');
  if (at < 1 || s.length > 320) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return false;
  if (domain.charCodeAt(0) === 91 && domain.charCodeAt(domain.length - 1) === 93) {
    const lit = domain.slice(1, -1);
    return lit.slice(0, 5).toLowerCase() === 'ipv6:' ? isIpv6(lit.slice(5)) : isIpv4(lit);
  }
  return HOST_LABELS.test(domain);
}

/** RFC 1123 host name. */
export function isHostname(s) {
  return HOST_LABELS.test(s);
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIpv4(s) {
  return IPV4.test(s);
}

const HEX16 = /^[0-9A-Fa-f]{1,4}$/;

/** RFC 4291 text form, with an optional trailing dotted IPv4 part; no zone id. */
export function isIpv6(s) {
  if (s.length < 2 || s.length > 45) return false;
  let addr = s;
  if (s.indexOf('.') !== -1) {
    // A dotted IPv4 tail stands for the last two groups.
    const colon = s.lastIndexOf(':');
    if (colon === -1 || !isIpv4(s.slice(colon + 1))) return false;
    addr = s.slice(0, colon + 1) + '0:0';
  }
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length < 2 || halves[1] === '' ? [] : halves[1].split(':');
  for (const g of head) if (!HEX16.test(g)) return false;
  for (const g of tail) if (!HEX16.test(g)) return false;
  return halves.length === 2 ? head.length + tail.length <= 7 : head.length === 8;
}

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export function isUuid(s) {
  return UUID.test(s);
}

// RFC 3986 URI: scheme ":" hier-part [ "?" query ] [ "#" fragment ], with percent-encodings checked.
const PCT_OR_CHAR = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=:@])";
const AUTHORITY = "(?:(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=:])*@)?(?:\\[[0-9A-Fa-f:.]+\\]|\\[v[0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~!$&'()*+,;=:]+\\]|(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=])*)(?::\\d*)?";
const PATH_ABEMPTY = `(?:/${PCT_OR_CHAR}*)*`;
const PATH_ROOTLESS = `${PCT_OR_CHAR}+(?:/${PCT_OR_CHAR}*)*`;
const QUERY = `(?:\\?(?:${PCT_OR_CHAR}|[/?])*)?(?:#(?:${PCT_OR_CHAR}|[/?])*)?`;
const HIER = `(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${PATH_ROOTLESS})?|${PATH_ROOTLESS}|)`;
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${HIER}${QUERY}$`);
const RELATIVE = new RegExp(`^(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${PATH_ROOTLESS})?|(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=@])+(?:/${PCT_OR_CHAR}*)*|)${QUERY}$`);

function ipLiteralOk(s) {
  const open = s.indexOf('//[');
  if (open === -1) return true;
  const close = s.indexOf(']', open);
  const lit = s.slice(open + 3, close);
  return lit.startsWith('v') || isIpv6(lit);
}

/** RFC 3986 absolute URI. */
export function isUri(s) {
  return URI.test(s) && ipLiteralOk(s);
}

/** RFC 3986 URI reference (absolute or relative). */
export function isUriReference(s) {
  return (URI.test(s) || RELATIVE.test(s)) && ipLiteralOk(s);
}
