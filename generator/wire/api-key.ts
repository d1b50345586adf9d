/**
 * Wire kind: API key in a header, a query parameter or a cookie (`type: apiKey`, `in`, `name`). Runtime
 * halves: templates/runtime/client.js (`applyAuth`, types "header" / "query" / "cookie") and
 * templates/runtime/mock.js (`checkSchemes`, type "apiKey": the key against the accepted keys, with roles).
 * A cookie issued by an `x-session-logon` operation is the session kind instead (session.ts).
 */
import type { SchemeKind } from './kind.ts';

export const apiKey: SchemeKind = {
  kind: 'apiKey',
  doc: {
    kind: 'apiKey (header, query, cookie)',
    spec: '`type: apiKey`, `in`, `name` (option: `x-auth-option` or the scheme key)',
    client: 'the option as that header, query parameter or cookie',
    mock: 'the key against the accepted keys (`credentials.apiKeys`), with roles from the scheme\'s `x-mock`',
  },
  runtime: { client: 'templates/runtime/client.js (applyAuth)', mock: 'templates/runtime/mock.js (checkSchemes)' },
  examples: [
    { name: 'header', scheme: { type: 'apiKey', in: 'header', name: 'X-Key' }, auth: { kind: 'apiKey', in: 'header', name: 'X-Key' }, applier: { type: 'header', name: 'X-Key', field: 's' }, mock: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    { name: 'query, renamed', scheme: { type: 'apiKey', in: 'query', name: 'api_token', 'x-auth-option': 'apiToken' }, auth: { kind: 'apiKey', in: 'query', name: 'api_token' }, applier: { type: 'query', name: 'api_token', field: 'apiToken' }, mock: { type: 'apiKey', in: 'query', name: 'api_token' } },
    {
      name: 'cookie with roles',
      scheme: { type: 'apiKey', in: 'cookie', name: 'sid', 'x-mock': { roles: ['Low', 'High'], keys: { k: 'High' } } },
      auth: { kind: 'apiKey', in: 'cookie', name: 'sid' },
      applier: { type: 'cookie', name: 'sid', field: 's' },
      mock: { type: 'apiKey', in: 'cookie', name: 'sid', roles: ['Low', 'High'] },
    },
  ],
  read(raw, pointer, r) {
    if (raw.type !== 'apiKey') return undefined;
    if (raw.in !== 'header' && raw.in !== 'query' && raw.in !== 'cookie') {
      r.error(r.at(pointer, 'in'), 'an apiKey scheme needs `in`: header, query or cookie', 'security-invalid');
      return { kind: 'unsupported', what: 'apiKey without a location' };
    }
    if (typeof raw.name !== 'string' || raw.name === '') {
      r.error(r.at(pointer, 'name'), 'an apiKey scheme needs the `name` of its header, query parameter or cookie', 'security-invalid');
      return { kind: 'unsupported', what: 'apiKey without a name' };
    }
    return { kind: 'apiKey', in: raw.in, name: raw.name };
  },
  client(s) {
    if (s.auth.kind !== 'apiKey') throw new Error('internal: not an apiKey scheme');
    const a = s.auth;
    return {
      applier: { type: a.in, name: a.name, field: s.option },
      fields: [{ field: s.option, secret: true, doc: [s.description, `Sent as the ${a.in} \`${a.name}\`.`].filter(Boolean).join(' ') }],
      ...(a.in === 'header' ? { secretHeaders: [a.name.toLowerCase()] } : {}),
      ...(a.in === 'query' ? { secretQuery: [a.name] } : {}),
    };
  },
  mock(s, ctx) {
    if (s.auth.kind !== 'apiKey') throw new Error('internal: not an apiKey scheme');
    const roles = s.mock?.roles;
    const keys = Object.entries(ctx.keys(s));
    const def: { [key: string]: string | string[] } = { type: 'apiKey', in: s.auth.in, name: s.auth.name };
    if (roles) def.roles = roles;
    // The client option gets the key of the highest role.
    const rank = (r: string | null): number => (r === null ? -1 : (roles ?? []).indexOf(r));
    keys.sort(([, a], [, b]) => rank(b) - rank(a));
    return {
      def,
      doc: `Scheme ${s.key}: \`${s.auth.name}\` (${s.auth.in}) must be an accepted key${roles ? `; roles, lowest first: ${roles.join(', ')}` : ''}.`,
      clientAuth: keys[0] ? { [s.option]: keys[0][0] } : {},
      keyed: true,
    };
  },
};
