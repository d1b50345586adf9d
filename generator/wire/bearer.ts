/**
 * Wire kind: bearer token (`type: http, scheme: bearer`). Runtime halves: templates/runtime/client.js
 * (`applyAuth`, type "bearer": `Authorization: Bearer <auth option>`) and templates/runtime/mock.js.
 */
import type { SchemeKind } from './kind.ts';

export const bearer: SchemeKind = {
  kind: 'bearer',
  doc: {
    kind: 'bearer',
    spec: '`type: http`, `scheme: bearer` (option: `x-auth-option` or the scheme key)',
    client: 'the option as `Authorization: Bearer ...`',
    mock: 'not checked: calls secured only by it are refused',
  },
  runtime: { client: 'templates/runtime/client.js (applyAuth)', mock: 'templates/runtime/mock.js (checkSchemes)' },
  examples: [
    { name: 'bearer, option named by the scheme key', scheme: { type: 'http', scheme: 'bearer' }, auth: { kind: 'bearer' }, applier: { type: 'bearer', field: 's' }, mock: undefined },
    { name: 'bearer renamed by x-auth-option', scheme: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', 'x-auth-option': 'token' }, auth: { kind: 'bearer' }, applier: { type: 'bearer', field: 'token' }, mock: undefined },
  ],
  read(raw) {
    return raw.type === 'http' && String(raw.scheme).toLowerCase() === 'bearer' ? { kind: 'bearer' } : undefined;
  },
  client(s) {
    return {
      applier: { type: 'bearer', field: s.option },
      fields: [{ field: s.option, secret: true, doc: 'Bearer token (`Authorization: Bearer ...`).' }],
      secretHeaders: ['authorization'],
    };
  },
  mock() {
    return undefined;
  },
};
