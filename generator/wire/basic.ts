/**
 * Wire kind: HTTP Basic (`type: http, scheme: basic`). Runtime halves: templates/runtime/client.js
 * (`applyAuth`, type "basic": `Authorization: Basic base64(user:password)`, UTF-8) and templates/runtime/mock.js
 * (`checkSchemes`, type "basic": the pair against the accepted users).
 */
import type { SchemeKind } from './kind.ts';

export const basic: SchemeKind = {
  kind: 'basic',
  doc: {
    kind: 'basic',
    spec: '`type: http`, `scheme: basic`',
    client: '`auth.username`, `auth.password` as `Authorization: Basic ...`',
    mock: 'the pair against the accepted users (`credentials.users`)',
  },
  runtime: { client: 'templates/runtime/client.js (applyAuth)', mock: 'templates/runtime/mock.js (checkSchemes)' },
  examples: [
    { name: 'basic', scheme: { type: 'http', scheme: 'basic' }, auth: { kind: 'basic' }, applier: { type: 'basic' }, mock: { type: 'basic' } },
    { name: 'scheme names are case-insensitive', scheme: { type: 'http', scheme: 'Basic' }, auth: { kind: 'basic' }, applier: { type: 'basic' }, mock: { type: 'basic' } },
  ],
  read(raw) {
    return raw.type === 'http' && String(raw.scheme).toLowerCase() === 'basic' ? { kind: 'basic' } : undefined;
  },
  client() {
    return {
      applier: { type: 'basic' },
      fields: [
        { field: 'username', secret: false, doc: 'HTTP Basic user name.' },
        { field: 'password', secret: true, doc: 'HTTP Basic password.' },
      ],
      secretHeaders: ['authorization'],
      basic: true,
    };
  },
  mock(s, ctx) {
    const [user, password] = Object.entries(ctx.users)[0] ?? ['', ''];
    return { def: { type: 'basic' }, doc: `Scheme ${s.key}: HTTP Basic against the accepted users.`, clientAuth: { username: user, password } };
  },
};
