/**
 * Wire kind: HTTP Basic (`type: http, scheme: basic`). Runtime halves: templates/runtime/auth/basic.js
 * (`basicAuth`: `Authorization: Basic base64(user:password)`, UTF-8; `checkBasic`: the pair against the accepted
 * users).
 */
import type { SchemeKind } from './kind.ts';

/** An HTTP Basic scheme: nothing more to know. */
export interface BasicAuth {
  kind: 'basic';
}

export const basic: SchemeKind<BasicAuth> = {
  kind: 'basic',
  doc: {
    kind: 'basic',
    spec: '`type: http`, `scheme: basic`',
    client: '`auth.username`, `auth.password` as `Authorization: Basic ...`',
    mock: 'the pair against the accepted users (`credentials.users`)',
  },
  runtime: { client: { module: 'auth/basic.js', name: 'basicAuth' }, mock: { module: 'auth/basic.js', name: 'checkBasic' } },
  examples: [
    { name: 'basic', scheme: { type: 'http', scheme: 'basic' }, auth: { kind: 'basic' }, clientArgs: [], sends: { headers: { authorization: 'Basic dXNlcm5hbWUtdmFsdWU6cGFzc3dvcmQtdmFsdWU=' } }, mock: { type: 'basic' } },
    { name: 'scheme names are case-insensitive', scheme: { type: 'http', scheme: 'Basic' }, auth: { kind: 'basic' }, clientArgs: [], sends: { headers: { authorization: 'Basic dXNlcm5hbWUtdmFsdWU6cGFzc3dvcmQtdmFsdWU=' } }, mock: { type: 'basic' } },
  ],
  read(raw) {
    return raw.type === 'http' && String(raw.scheme).toLowerCase() === 'basic' ? { kind: 'basic' } : undefined;
  },
  client() {
    return {
      args: [],
      fields: [
        { field: 'username', secret: false, doc: 'HTTP Basic user name.' },
        { field: 'password', secret: true, doc: 'HTTP Basic password.' },
      ],
      secretHeaders: ['authorization'],
    };
  },
  mock(s, ctx) {
    const [user, password] = Object.entries(ctx.users)[0] ?? ['', ''];
    return { def: { type: 'basic' }, doc: `Scheme ${s.key}: HTTP Basic against the accepted users.`, clientAuth: { username: user, password } };
  },
};
