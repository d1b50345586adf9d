/**
 * Wire kind: bearer token (`type: http, scheme: bearer`). Runtime halves: templates/runtime/auth/bearer.js
 * (`bearerAuth`: `Authorization: Bearer <auth option>`; `checkBearer`: the token against the scheme's accepted
 * tokens, RFC 6750 section 2.1).
 */
import type { SchemeKind } from './kind.ts';

/** A bearer scheme: nothing more to know (the token is the caller's option). */
export interface BearerAuth {
  kind: 'bearer';
}

export const bearer: SchemeKind<BearerAuth> = {
  kind: 'bearer',
  doc: {
    kind: 'bearer',
    spec: '`type: http`, `scheme: bearer` (option: `x-auth-option` or the scheme key)',
    client: 'the option as `Authorization: Bearer ...`',
    mock: 'the token against the accepted tokens (`credentials.apiKeys`), with roles from the scheme\'s `x-mock`',
  },
  runtime: { client: { module: 'auth/bearer.js', name: 'bearerAuth' }, mock: { module: 'auth/bearer.js', name: 'checkBearer' } },
  examples: [
    { name: 'bearer, option named by the scheme key', scheme: { type: 'http', scheme: 'bearer' }, auth: { kind: 'bearer' }, clientArgs: ['s'], sends: { headers: { authorization: 'Bearer s-value' } }, mock: { type: 'bearer' } },
    { name: 'bearer renamed by x-auth-option', scheme: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', 'x-auth-option': 'token' }, auth: { kind: 'bearer' }, clientArgs: ['token'], sends: { headers: { authorization: 'Bearer token-value' } }, mock: { type: 'bearer' } },
  ],
  read(raw) {
    return raw.type === 'http' && String(raw.scheme).toLowerCase() === 'bearer' ? { kind: 'bearer' } : undefined;
  },
  client(s) {
    return {
      args: [s.option],
      fields: [{ field: s.option, secret: true, doc: 'Bearer token (`Authorization: Bearer ...`).' }],
      secretHeaders: ['authorization'],
    };
  },
  mock(s, ctx) {
    const roles = s.mock?.roles;
    const keys = Object.entries(ctx.keys(s));
    // The client option gets the token of the highest role.
    const rank = (r: string | null): number => (r === null ? -1 : (roles ?? []).indexOf(r));
    keys.sort(([, a], [, b]) => rank(b) - rank(a));
    return {
      def: roles ? { type: 'bearer', roles } : { type: 'bearer' },
      doc: `Scheme ${s.key}: \`Authorization: Bearer\` must carry an accepted token${roles ? `; roles, lowest first: ${roles.join(', ')}` : ''}.`,
      clientAuth: keys[0] ? { [s.option]: keys[0][0] } : {},
      keyed: true,
    };
  },
};
