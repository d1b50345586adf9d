/**
 * Wire kind: OAuth 2.0 client credentials (`type: oauth2` with `flows.clientCredentials`, RFC 6749 §4.4).
 * The client takes `auth.clientId`, `auth.clientSecret` (and optionally `auth.scopes`, `auth.tokenUrl`), fetches
 * the token itself and sends it as `Authorization: Bearer ...`. Runtime halves: templates/runtime/auth/oauth2.js
 * (`oauth2Auth`: a token source per client from templates/runtime/oauth.js, with the token request, the cache,
 * one request for concurrent callers, the refresh on a 401; `checkOAuth2`: a live token; `tokenEndpoint`: the
 * mock's token endpoint, which issues expiring opaque tokens to the accepted clients).
 *
 * Client authentication at the token endpoint is `client_secret_basic` (RFC 6749 §2.3.1) unless the scheme says
 * `x-token-auth: client_secret_post`.
 */
import type { IRSecurityScheme } from '../ir/types.ts';
import { isObj, type RawObject, type SchemeKind, type WireReader } from './kind.ts';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post'] as const;
type ClientAuth = (typeof CLIENT_AUTH)[number];

/** The default client the mock accepts (replace with the mock's `credentials.clients`). */
export const MOCK_CLIENT = { id: 'mock-client', secret: 'mock-client-secret' };

function readClientAuth(raw: RawObject, pointer: string, r: WireReader): ClientAuth {
  const v = raw['x-token-auth'];
  if (v === undefined) return 'client_secret_basic';
  if (typeof v === 'string' && (CLIENT_AUTH as readonly string[]).includes(v)) return v as ClientAuth;
  r.error(r.at(pointer, 'x-token-auth'), `x-token-auth must be ${CLIENT_AUTH.join(' or ')}`);
  return 'client_secret_basic';
}

/** True for a token URL the client can use: absolute http(s), or a reference relative to the server. */
function tokenUrlOk(u: string): boolean {
  if (u === '' || /\s/.test(u)) return false;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u)) return !u.startsWith('//');
  try {
    const p = new URL(u).protocol;
    return p === 'https:' || p === 'http:';
  } catch {
    return false;
  }
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4): the client fetches and caches the token itself. */
export interface OAuth2Auth {
  kind: 'oauth2';
  tokenUrl: string;
  scopes: string[];
  clientAuth: ClientAuth;
}

export const oauth2: SchemeKind<OAuth2Auth> = {
  kind: 'oauth2',
  doc: {
    kind: 'oauth2 client credentials',
    spec: '`type: oauth2`, `flows.clientCredentials` (`tokenUrl` absolute or relative to the server, `scopes`); `x-token-auth: client_secret_post` to send the client id and secret in the token request body',
    client: '`auth.clientId`, `auth.clientSecret`, `auth.scopes?`: POST tokenUrl (form, `grant_type=client_credentials`), token cached until `expires_in` minus a margin, one token request for concurrent calls, one refresh and retry on a 401, then `Authorization: Bearer ...`',
    mock: 'its own token endpoint checks the client id and secret (`credentials.clients`) and issues expiring opaque tokens (`expireTokens()`); API calls need a live token',
  },
  runtime: { client: { module: 'auth/oauth2.js', name: 'oauth2Auth' }, mock: { module: 'auth/oauth2.js', name: 'checkOAuth2' }, endpoint: { module: 'auth/oauth2.js', name: 'tokenEndpoint' } },
  examples: [
    {
      name: 'client credentials, relative token URL',
      scheme: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: { api: 'REST API' } } } },
      auth: { kind: 'oauth2', tokenUrl: '/oauth2/token', scopes: ['api'], clientAuth: 'client_secret_basic' },
      clientArgs: ['s', { tokenUrl: '/oauth2/token', clientAuth: 'client_secret_basic' }],
      mock: { type: 'oauth2', tokenUrl: '/oauth2/token', clientAuth: 'client_secret_basic', scopes: ['api'] },
    },
    {
      name: 'client credentials, secret in the body',
      scheme: { type: 'oauth2', 'x-token-auth': 'client_secret_post', flows: { clientCredentials: { tokenUrl: 'https://login.example.com/token', scopes: {} } } },
      auth: { kind: 'oauth2', tokenUrl: 'https://login.example.com/token', scopes: [], clientAuth: 'client_secret_post' },
      clientArgs: ['s', { tokenUrl: 'https://login.example.com/token', clientAuth: 'client_secret_post' }],
      mock: { type: 'oauth2', tokenUrl: 'https://login.example.com/token', clientAuth: 'client_secret_post', scopes: [] },
    },
  ],
  read(raw, pointer, r) {
    if (raw.type !== 'oauth2') return undefined;
    const flows = raw.flows;
    const fp = r.at(pointer, 'flows');
    if (!isObj(flows) || Object.keys(flows).length === 0) {
      r.error(fp, 'an oauth2 scheme needs `flows`', 'security-invalid');
      return { kind: 'unsupported', what: 'oauth2 without flows' };
    }
    const cc = flows.clientCredentials;
    // Other flows are the caller's token (token.ts).
    if (!isObj(cc)) return undefined;
    const cp = r.at(fp, 'clientCredentials');
    if (typeof cc.tokenUrl !== 'string' || !tokenUrlOk(cc.tokenUrl)) {
      r.error(r.at(cp, 'tokenUrl'), 'the client credentials flow needs a `tokenUrl`: an http(s) URL or a path relative to the server', 'security-invalid');
      return { kind: 'unsupported', what: 'OAuth 2.0 client credentials without a token URL' };
    }
    const scopes = isObj(cc.scopes) ? Object.keys(cc.scopes) : [];
    if (cc.scopes !== undefined && !isObj(cc.scopes)) r.error(r.at(cp, 'scopes'), 'scopes must be a map of scope name to description', 'security-invalid');
    return { kind: 'oauth2', tokenUrl: cc.tokenUrl, scopes, clientAuth: readClientAuth(raw, pointer, r) };
  },
  client(s) {
    const a = oauthOf(s);
    return {
      args: [s.key, { tokenUrl: a.tokenUrl, clientAuth: a.clientAuth }],
      fields: [
        { field: 'clientId', secret: false, doc: 'OAuth 2.0 client id (client credentials flow).' },
        { field: 'clientSecret', secret: true, doc: 'OAuth 2.0 client secret.' },
        {
          field: 'scopes',
          secret: false,
          type: 'strings',
          optional: true,
          ...(a.scopes.length > 0 ? { of: a.scopes } : {}),
          doc: 'Scopes to ask the token endpoint for (sent as `scope`, space-separated). Default: none named, the server grants its default.',
        },
        { field: 'tokenUrl', secret: false, optional: true, doc: `The token endpoint, absolute or relative to \`baseUrl\`. Default: \`${a.tokenUrl}\`.` },
      ],
      secretHeaders: ['authorization'],
      tokenPerCall: true,
    };
  },
  mock(s) {
    const a = oauthOf(s);
    return {
      def: { type: 'oauth2', tokenUrl: a.tokenUrl, clientAuth: a.clientAuth, scopes: a.scopes },
      doc: `Scheme ${s.key}: OAuth 2.0 client credentials; the token endpoint \`${a.tokenUrl}\` (${a.clientAuth}) issues tokens to the accepted clients (\`credentials.clients\`, default \`${MOCK_CLIENT.id}\` / \`${MOCK_CLIENT.secret}\`), \`expireTokens()\` ends them.`,
      clientAuth: { clientId: MOCK_CLIENT.id, clientSecret: MOCK_CLIENT.secret },
      clients: { [MOCK_CLIENT.id]: MOCK_CLIENT.secret },
    };
  },
};

function oauthOf(s: IRSecurityScheme): OAuth2Auth {
  if (s.auth.kind !== 'oauth2') throw new Error('internal: not an oauth2 scheme');
  return s.auth;
}
