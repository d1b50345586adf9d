/**
 * Wire kind: a bearer token the caller supplies, for every OAuth 2.0 flow the client cannot run itself
 * (authorization code, implicit, password, device) and for OpenID Connect (`type: openIdConnect`). The option
 * is `auth.token`: a string, or a function returning a string or a promise of one, called before every request
 * so it can refresh; when the API answers 401 the function is called once more and the call retried once.
 * Runtime halves: templates/runtime/auth/token.js (`callerTokenAuth`) and templates/runtime/auth/bearer.js
 * (`checkBearer`: the token against the accepted keys).
 * OAuth 2.0 client credentials is oauth2.ts; a scheme with both flows is read there.
 */
import { isObj, type SchemeKind } from './kind.ts';

/** Any other OAuth 2.0 flow, or OpenID Connect: the caller supplies the bearer token (`auth.token`). */
export interface TokenAuth {
  kind: 'token';
  what: string;
}

export const token: SchemeKind<TokenAuth> = {
  kind: 'token',
  doc: {
    kind: 'oauth2 (other flows), openIdConnect',
    spec: '`type: oauth2` without `clientCredentials`, `type: openIdConnect`',
    client: '`auth.token`: a string, or a function returning one (or a promise), called per request and once more after a 401, sent as `Authorization: Bearer ...`',
    mock: 'the token against the accepted keys (`credentials.apiKeys.<scheme>`)',
  },
  runtime: { client: { module: 'auth/token.js', name: 'callerTokenAuth' }, mock: { module: 'auth/bearer.js', name: 'checkBearer' } },
  examples: [
    {
      name: 'authorization code flow',
      scheme: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token', scopes: {} } } },
      auth: { kind: 'token', what: 'OAuth 2.0 authorizationCode flow' },
      clientArgs: ['token'],
      mock: { type: 'bearer' },
    },
    { name: 'OpenID Connect', scheme: { type: 'openIdConnect', openIdConnectUrl: 'https://a.test/.well-known/openid-configuration' }, auth: { kind: 'token', what: 'OpenID Connect' }, clientArgs: ['token'], mock: { type: 'bearer' } },
  ],
  read(raw) {
    if (raw.type === 'openIdConnect') return { kind: 'token', what: 'OpenID Connect' };
    if (raw.type !== 'oauth2' || !isObj(raw.flows) || isObj(raw.flows.clientCredentials)) return undefined;
    const flows = Object.keys(raw.flows);
    return flows.length === 0 ? undefined : { kind: 'token', what: `OAuth 2.0 ${flows.join(', ')} flow` };
  },
  client(s) {
    const what = s.auth.kind === 'token' ? s.auth.what : 'OAuth 2.0';
    return {
      args: ['token'],
      fields: [{ field: 'token', secret: true, type: 'token', doc: `Bearer token (${what}), sent as \`Authorization: Bearer ...\`: a string, or a function returning one (or a promise of one), called before every request and once more after a 401.` }],
      secretHeaders: ['authorization'],
      tokenPerCall: true,
    };
  },
  mock(s, ctx) {
    const keys = Object.keys(ctx.keys(s));
    return { def: { type: 'bearer' }, doc: `Scheme ${s.key}: \`Authorization: Bearer\` must carry an accepted token.`, clientAuth: keys[0] !== undefined ? { token: keys[0] } : {}, keyed: true };
  },
};
