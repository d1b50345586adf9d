/**
 * The runtime's format checks (templates/runtime/validation.js), one table per format with edge cases beyond the
 * JSON Schema Test Suite, and fast-check agreement with references: the RFC 3986 grammar written as one regular
 * expression (the runtime's previous implementation) for `uri` and `uri-reference`, and ajv-formats in its
 * "full" mode wherever its rules are the same as ours (each difference is named where it is filtered out).
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as runtime from '../templates/runtime/validation.js';

type Check = (s: string) => boolean;

function table(name: string, check: Check, valid: string[], invalid: string[]): void {
  describe(name, () => {
    it.each(valid)('accepts %j', (s) => expect(check(s)).toBe(true));
    it.each(invalid)('rejects %j', (s) => expect(check(s)).toBe(false));
  });
}

table(
  'date-time',
  runtime.isDateTime,
  [
    '2030-12-31T00:00:00Z', '2030-12-31t00:00:00z', '2024-02-29T12:00:00+14:00', '2000-02-29T00:00:00Z', '0000-01-01T00:00:00Z',
    '2030-12-31T23:59:59.123456789-00:00', '1998-12-31T23:59:60Z', '1998-12-31T15:59:60.5-08:00', '1999-01-01T05:29:60+05:30',
    '2011-04-10T20:09:31Z',
  ],
  [
    '', '2030-12-31', '2030-12-31T00:00:00', '2030-12-31 00:00:00Z', '2030-12-31T00:00Z', '2030-12-31T00:00:00+0100', '2030-12-31T00:00:00+01',
    '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2030-04-31T00:00:00Z', '2030-13-01T00:00:00Z', '2030-00-01T00:00:00Z', '2030-01-00T00:00:00Z',
    '2030-01-01T24:00:00Z', '2030-01-01T00:60:00Z', '2030-01-01T00:00:61Z', '2030-01-01T00:00:00.Z', '2030-01-01T00:00:00+24:00', '2030-01-01T00:00:00+01:60',
    // A leap second only at 23:59:60 UTC.
    '1998-12-31T23:58:60Z', '1998-12-31T22:59:60Z', '1999-01-01T05:30:60+05:30', '1998-12-31T23:59:60+01:00',
    '2030-12-31T00:00:00Z ', ' 2030-12-31T00:00:00Z', '2030-12-31T00:00:00\u0000', '\uff12030-12-31T00:00:00Z', '2030-12-31T00:00:00ZZ',
  ],
);

table(
  'uri',
  runtime.isUri,
  [
    'https://api.github.com/repos/octocat/Hello-World/issues/1347', 'http://example.com', 'http://example.com:', 'http://example.com:8080/',
    'HTTP://EXAMPLE.COM/A', 'http:///path', 'a:', 'a+b-c.d:x', 'urn:isbn:0451450523', 'mailto:John.Doe@example.com', 'file:///etc/hosts',
    'http://user:pass@example.com/', 'http://@example.com', 'http://a/b?c=d&e=f#g', 'http://a/?#', 'http://a/??/#/?',
    'http://example.com/%20%2F%aF', 'http://%41%42.example/', 'http://user%40x@example.com',
    'http://[::1]/', 'http://[2001:db8::7]:80/c', 'http://[::ffff:192.168.0.1]', 'http://[1:2:3:4:5:6:7:8]', 'http://[v1.fe80::a+en1]/',
    'http://[V7.x]', 'http://127.0.0.1/', 'http://999.999.999.999/', 'tag:a/b//c', 'a:/b/c', 'a:b/c:d@e',
    // Shapes next to the literal "http(s)" fast path: empty parts, a port without a path, query or fragment straight after the host.
    'https:', 'https:/', 'https://', 'https:////a', 'https://a:', 'https://a:/b', 'https://a?b', 'https://a#b', 'https://a:8?b#c', 'httpsx://a',
    'https:a/b:c', 'https://a/b@c:d', 'http+s://a', 'https:://a',
  ],
  [
    '', 'example.com', '//example.com', '/abc', '1http://a', ':a', 'ht_tp://a', 'http://exa mple.com', 'http://a/b c', 'http://a/\u00e9',
    'http://a/%', 'http://a/%4', 'http://a/%4g', 'http://a/%%41', 'http://a:b/', 'http://a:80b/', 'http://a@b@c/', 'http://[::1', 'http://[::1]x/',
    'http://[::1]:x', 'http://[1:2:3:4:5:6:7:8:9]/', 'http://[::ffff:01.2.3.4]', 'http://[::ffff:192.168.0.256]', 'http://[12345::]',
    'http://[fe80::a%25eth0]/', 'http://[v.x]', 'http://[vg.x]', 'http://[v1.]', 'http://[v1]', 'http:/[::1]', 'http://a/[b]', 'http://a/#b#c',
    'http://a/?b#c#d', 'http://a/{b}', 'http://a/b|c', 'http://a/b\\c', 'http://a/"b"', 'http://a/<b>', 'http://a/^', 'http://a/`',
    'a://b\u0000', 'https://api.github.com/repos/octocat/Hello-World/issues/1347/labels{/name}',
    'https//a', 'https://a:1:2/', 'https://a:b', 'https://a@b@c', 'https://a b', 'https://a/b c', 'https://a/%', 'https://\u00e9',
    'https:\u0000', 'https://a/b#c#d', 'https://a/b?c#d e', 'https:\\\\a', 'https://a/b\n', 'https://a\u0000/b', 'https ://a', 'https://a/<',
  ],
);

table(
  'uri-reference',
  runtime.isUriReference,
  ['', 'a', './this:that', 'a/b:c', '/a:b', '//a:1/b', '//', '?q', '#f', '#', 'a?b#c', '%41', 'http://a/b', 'a@b', '../..'],
  ['a:b:c d', '1:b', 'a%', 'a b', ':', '//a@b@c', '/[::1]', '//[::1', '#a#b', '\\\\a', 'a\u00e9'],
);

table(
  'email',
  runtime.isEmail,
  [
    'a@b', 'joe.bloggs@example.com', "!#$%&'*+/=?^_`{|}~-@example.com", '"joe bloggs"@example.com', '"a\\"b"@example.com', '"a@b"@example.com',
    '""@example.com', 'a@[127.0.0.1]', 'a@[IPv6:::1]', 'a@[ipv6:2001:db8::1]', `${'a'.repeat(64)}@example.com`, `a@${'b'.repeat(63)}.com`,
  ],
  [
    '', '@', 'a@', '@b', 'a', '.a@b', 'a.@b', 'a..b@c', 'a b@c', '"a@b', '"a"b@c', '"a\u0001"@b', 'a@b.', 'a@.b', 'a@-b', 'a@b-', 'a@b_c',
    'a@[127.0.0.300]', 'a@[IPv6:::g]', 'a@[::1]', 'a@[127.0.0.1', `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(64)}.com`,
    `a@${'b.'.repeat(127)}b`, 'a@b@c', 'a@b c', '\u00e9@b', 'a@\u00e9',
  ],
);

table('hostname', runtime.isHostname, ['a', 'a-b.c', 'xn--nw2a.xn--j6w193g', '1.2.3.4', 'a'.repeat(63)], ['', '.', 'a.', '-a', 'a-', 'a..b', 'a_b', 'a'.repeat(64), `${'a.'.repeat(127)}a`]);
table('ipv4', runtime.isIpv4, ['0.0.0.0', '255.255.255.255', '192.168.0.1'], ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.1.1.1', '1.1.1.1 ', '1..1.1', '1.1.1.1000', '١.1.1.1']);
table(
  'ipv6',
  runtime.isIpv6,
  ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '1::8', '1:2:3:4:5:6::8', '::2:3:4:5:6:7:8', 'ABCD:ef01::', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1::1.2.3.4'],
  [
    '', ':', ':::', '1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '1:', ':1', '1:2:3:4:5:6:7::8', '12345::', '::g', '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3', '::01.2.3.4', '::1.2.3.4:5', 'fe80::1%eth0', '[::1]', ' ::1',
  ],
);
table('uuid', runtime.isUuid, ['123e4567-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000000', 'ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB'], ['', '123e4567e89b12d3a456426614174000', '123e4567-e89b-12d3-a456-42661417400g', '123e4567-e89b-12d3-a456_426614174000', '{123e4567-e89b-12d3-a456-426614174000}']);

// ---- agreement with references ---------------------------------------------------------------------------

/** The RFC 3986 grammar as regular expressions (the runtime's previous implementation, the IPv6 check aside). */
const PCT_OR_CHAR = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=:@])";
const AUTHORITY = "(?:(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=:])*@)?(?:\\[[0-9A-Fa-f:.]+\\]|\\[[vV][0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~!$&'()*+,;=:]+\\]|(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=])*)(?::\\d*)?";
const PATH_ABEMPTY = `(?:/${PCT_OR_CHAR}*)*`;
const PATH_ROOTLESS = `${PCT_OR_CHAR}+(?:/${PCT_OR_CHAR}*)*`;
const QUERY = `(?:\\?(?:${PCT_OR_CHAR}|[/?])*)?(?:#(?:${PCT_OR_CHAR}|[/?])*)?`;
const HIER = `(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${PATH_ROOTLESS})?|${PATH_ROOTLESS}|)`;
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${HIER}${QUERY}$`);
const RELATIVE = new RegExp(`^(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${PATH_ROOTLESS})?|(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\\-._~!$&'()*+,;=@])+(?:/${PCT_OR_CHAR}*)*|)${QUERY}$`);
/** The bracketed IPv6 literal of an authority (the regular expressions only check its characters). */
function literalOk(s: string): boolean {
  const open = s.indexOf('//[');
  if (open === -1 || s.indexOf(']', open) === -1) return true;
  const lit = s.slice(open + 3, s.indexOf(']', open));
  return lit.startsWith('v') || lit.startsWith('V') || runtime.isIpv6(lit);
}
const referenceUri = (s: string): boolean => URI.test(s) && literalOk(s);
const referenceUriRef = (s: string): boolean => (URI.test(s) || RELATIVE.test(s)) && literalOk(s);

/** URI-shaped strings from the characters that matter, in the places that matter, plus random edits. */
const uriPiece = fc.constantFrom(
  'http', 'a', '1', ':', '//', '/', '?', '#', '@', '[', ']', '%', '%4', '%41', '%zz', 'example.com', ':80', '::1', 'v1.x', '1.2.3.4', '.', '-', '+',
  '~', '!', "'", '(', '=', ' ', '"', '{', '\\', '|', '^', '\u00e9', 'user:pw', 'ffff:', '01', '',
);
const uriLike = fc.oneof(
  fc.array(uriPiece, { maxLength: 12 }).map((p) => p.join('')),
  fc.tuple(fc.constantFrom('http:', 'https:', 'a:', 'urn:', ''), fc.constantFrom('//', ''), fc.array(uriPiece, { maxLength: 10 })).map(([a, b, p]) => a + b + p.join('')),
);

describe('format checks agree with references', () => {
  it('uri and uri-reference agree with the RFC 3986 grammar as regular expressions', () => {
    fc.assert(
      fc.property(uriLike, (s) => {
        expect(runtime.isUri(s), JSON.stringify(s)).toBe(referenceUri(s));
        expect(runtime.isUriReference(s), JSON.stringify(s)).toBe(referenceUriRef(s));
      }),
      { numRuns: 20000 },
    );
  });

  it('uri agrees with ajv-formats (full mode) on absolute URIs with an authority', () => {
    // ajv-formats also reads "scheme:/" + authority as an authority, so "http://a:b" passes there as "http:/",
    // an empty authority and the path "/a:b" (RFC 3986: a port is digits), and "http://a@b@c" likewise; here
    // every string is "http://" and a rest without ":", "@" or brackets.
    const ajvUri = fullFormats.uri as (s: string) => boolean;
    fc.assert(
      fc.property(uriLike.filter((s) => !/[:@[\]]/.test(s)), (raw) => {
        const s = `http://${raw}`;
        expect(runtime.isUri(s), JSON.stringify(s)).toBe(ajvUri(s));
      }),
      { numRuns: 20000 },
    );
  });

  it('date-time agrees with ajv-formats (full mode) on "T"-separated date-times with a colon offset', () => {
    // ajv-formats also takes a space for "T" and offsets without a colon or minutes ("+01", "+0100"), which
    // RFC 3339's grammar does not; those shapes are not generated.
    const ajvDateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    // ajv-formats' leap-second branch also lets an hour of 24 or a minute of 60 through when the offset brings
    // the UTC time to 23:59 (for example "T24:03:00+00:04"); RFC 3339 allows neither, so those shapes are
    // checked against the grammar alone.
    const built = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }), t: fc.constantFrom('T', 't'),
        h: fc.integer({ min: 0, max: 24 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constant(60)),
        frac: fc.constantFrom('', '.5', '.123456'),
        zone: fc.oneof(
          fc.constantFrom('Z', 'z'),
          fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([sign, oh, om]) => `${sign}${pad(oh, 2)}:${pad(om, 2)}`),
        ),
      })
      .map((f) => `${pad(f.y, 4)}-${pad(f.mo, 2)}-${pad(f.d, 2)}${f.t}${pad(f.h, 2)}:${pad(f.mi, 2)}:${pad(f.s, 2)}${f.frac}${f.zone}`);
    fc.assert(
      fc.property(built, (s) => {
        const outOfRange = Number(s.slice(11, 13)) > 23 || Number(s.slice(14, 16)) > 59;
        expect(runtime.isDateTime(s), s).toBe(outOfRange ? false : ajvDateTime(s));
      }),
      { numRuns: 20000 },
    );
  });

  it('email agrees with ajv-formats (full mode) on dot-atom addresses at dotted host names', () => {
    // ajv-formats knows no quoted local parts or address literals, needs a dot in the domain and has no length
    // limits; the generated addresses stay within those.
    const ajvEmail = fullFormats.email as RegExp;
    const atom = fc.string({ unit: fc.constantFrom(...'ab9!#~-_.'), minLength: 0, maxLength: 6 });
    const label = fc.string({ unit: fc.constantFrom(...'ab9-_'), minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(atom, fc.array(label, { minLength: 2, maxLength: 4 }), (local, labels) => {
        const s = `${local}@${labels.join('.')}`;
        expect(runtime.isEmail(s), s).toBe(ajvEmail.test(s));
      }),
      { numRuns: 20000 },
    );
  });

  it('ipv4, ipv6 and hostname agree with ajv-formats (full mode)', () => {
    const ajvIpv4 = fullFormats.ipv4 as RegExp;
    const ajvIpv6 = fullFormats.ipv6 as RegExp;
    const group = fc.constantFrom('0', '1', 'ff', 'abcd', '12345', 'g', '');
    const ipv6 = fc.array(fc.oneof(group, fc.constant(''), fc.constant('1.2.3.4'), fc.constant('01.2.3.4')), { maxLength: 10 }).map((g) => g.join(':'));
    const octet = fc.constantFrom('0', '1', '01', '255', '256', '99', '');
    const ipv4 = fc.array(octet, { minLength: 1, maxLength: 5 }).map((o) => o.join('.'));
    fc.assert(
      fc.property(ipv6, ipv4, (a, b) => {
        expect(runtime.isIpv6(a), a).toBe(ajvIpv6.test(a));
        expect(runtime.isIpv4(b), b).toBe(ajvIpv4.test(b));
      }),
      { numRuns: 20000 },
    );
  });

  it('never throws on any string', () => {
    const checks = [runtime.isDateTime, runtime.isDate, runtime.isTime, runtime.isUri, runtime.isUriReference, runtime.isEmail, runtime.isHostname, runtime.isIpv4, runtime.isIpv6, runtime.isUuid];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        for (const c of checks) expect(typeof c(s)).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
