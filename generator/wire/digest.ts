/**
 * Wire kind: HTTP Digest (`type: http, scheme: digest`, RFC 7616), as MongoDB Atlas's Admin API and many device
 * APIs use it. The client sends its first call without credentials, answers the server's challenge (realm,
 * nonce, qop `auth`, algorithm MD5 or SHA-256, with or without `-sess`) from `auth.username` and
 * `auth.password`, and reuses the nonce with a growing nonce count until the server calls it stale. Runtime
 * halves: templates/runtime/auth/digest.js (`digestAuth`: the challenge and the response per call; `checkDigest`:
 * the mock challenges with MD5 and checks the response against the accepted users).
 */
import type { SchemeKind } from './kind.ts';

/** An HTTP Digest scheme: nothing more to know (the server's challenge says the rest). */
export interface DigestAuth {
  kind: 'digest';
}

export const digest: SchemeKind<DigestAuth> = {
  kind: 'digest',
  doc: {
    kind: 'digest',
    spec: '`type: http`, `scheme: digest`',
    client: '`auth.username`, `auth.password`: the first call goes without, the 401 challenge is answered (RFC 7616: MD5, SHA-256, `-sess`, qop `auth`) and its nonce reused with a growing count',
    mock: 'challenges with MD5 and qop `auth` (always, whatever `wwwAuthenticate` says: Digest cannot work without it) and checks the response against the accepted users',
  },
  runtime: { client: { module: 'auth/digest.js', name: 'digestAuth' }, mock: { module: 'auth/digest.js', name: 'checkDigest' } },
  examples: [{ name: 'digest', scheme: { type: 'http', scheme: 'Digest' }, auth: { kind: 'digest' }, clientArgs: [], mock: { type: 'digest' } }],
  read(raw) {
    return raw.type === 'http' && String(raw.scheme).toLowerCase() === 'digest' ? { kind: 'digest' } : undefined;
  },
  client() {
    return {
      args: [],
      fields: [
        { field: 'username', secret: false, doc: 'HTTP Digest user name.' },
        { field: 'password', secret: true, doc: 'HTTP Digest password (never sent: the client sends a hash of it with the server\'s nonce).' },
      ],
      secretHeaders: ['authorization'],
      tokenPerCall: true,
    };
  },
  mock(s, ctx) {
    const [user, password] = Object.entries(ctx.users)[0] ?? ['', ''];
    return { def: { type: 'digest' }, doc: `Scheme ${s.key}: HTTP Digest (MD5, qop auth) against the accepted users.`, clientAuth: { username: user, password } };
  },
};
