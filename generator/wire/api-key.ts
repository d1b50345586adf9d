/**
 * Wire kind: API key in a header, a query parameter or a cookie (`type: apiKey`, `in`, `name`). Runtime
 * halves: templates/runtime/auth/api-key.js (`apiKeyAuth(in, name, option)`; `checkApiKey`: the key against the
 * accepted keys, with roles).
 * A cookie issued by an `x-session-logon` operation is the session kind instead (session.ts).
 */
import type { SchemeKind } from './kind.ts';

/** An API key: where it travels and under which name. */
export interface ApiKeyAuth {
  kind: 'apiKey';
  in: 'header' | 'query' | 'cookie';
  name: string;
}

export const apiKey: SchemeKind<ApiKeyAuth> = {
  kind: 'apiKey',
  doc: {
    kind: 'apiKey (header, query, cookie)',
    spec: '`type: apiKey`, `in`, `name` (option: `x-auth-option` or the scheme key)',
    client: 'the option as that header, query parameter or cookie',
    mock: 'the key against the accepted keys (`credentials.apiKeys`), with roles from the scheme\'s `x-mock`',
  },
  runtime: { client: { module: 'auth/api-key.js', name: 'apiKeyAuth' }, mock: { module: 'auth/api-key.js', name: 'checkApiKey' } },
  examples: [
    { name: 'header', scheme: { type: 'apiKey', in: 'header', name: 'X-Key' }, auth: { kind: 'apiKey', in: 'header', name: 'X-Key' }, clientArgs: ['header', 'X-Key', 's'], sends: { headers: { 'x-key': 's-value' } }, mock: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    { name: 'query, renamed', scheme: { type: 'apiKey', in: 'query', name: 'api_token', 'x-auth-option': 'apiToken' }, auth: { kind: 'apiKey', in: 'query', name: 'api_token' }, clientArgs: ['query', 'api_token', 'apiToken'], sends: { query: 'api_token=apiToken-value' }, mock: { type: 'apiKey', in: 'query', name: 'api_token' } },
    {
      name: 'cookie with roles',
      scheme: { type: 'apiKey', in: 'cookie', name: 'sid', 'x-mock': { roles: ['Low', 'High'], keys: { k: 'High' } } },
      auth: { kind: 'apiKey', in: 'cookie', name: 'sid' },
      clientArgs: ['cookie', 'sid', 's'],
      sends: { cookie: 'sid=s-value' },
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
      args: [a.in, a.name, s.option],
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
