/**
 * A strict stand-in of an OAuth 2.0 client-credentials API on 127.0.0.1 (Salesforce-style: a token endpoint and
 * POST /services/data/v60.0/sobjects/Account). It checks every wire detail the way RFC 6749 and the vendor say
 * (form-encoded token request, grant_type, client authentication by the configured method with the id and
 * secret form-encoded before Basic, the bearer header) and records what it saw, so tests can assert both the
 * results and the requests.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequestSeen {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface OAuthStandIn {
  url: string;
  /** The base URL of the API (the server URL with the My Domain part replaced by this host). */
  apiBase: string;
  tokenRequests: TokenRequestSeen[];
  apiCalls: { authorization: string | undefined; body: string }[];
  /** Per token request, the reply: defaults to a fresh token with `expiresIn`. */
  config: { clientAuth: 'client_secret_basic' | 'client_secret_post'; clientId: string; clientSecret: string; expiresIn?: number; tokenDelayMs: number; refuseAll: boolean; tokenReply?: { status: number; body: unknown } };
  /** Ends every issued token (the API answers 401 as if it expired). */
  revokeAll(): void;
  /** A live token issued without a token request (as another flow would have issued it). */
  issue(): string;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** application/x-www-form-urlencoded encoding as RFC 6749 §2.3.1 asks (the WHATWG serializer). */
export function formEncode(s: string): string {
  return new URLSearchParams([['', s]]).toString().slice(1);
}

export async function oauthStandIn(config: OAuthStandIn['config']): Promise<OAuthStandIn> {
  const live = new Set<string>();
  let n = 0;
  const tokenRequests: TokenRequestSeen[] = [];
  const apiCalls: OAuthStandIn['apiCalls'] = [];
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      if (req.method === 'POST' && req.url === '/services/oauth2/token') {
        tokenRequests.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
        if (config.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, config.tokenDelayMs));
        if (config.tokenReply) return json(res, config.tokenReply.status, config.tokenReply.body);
        if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(res, 400, { error: 'invalid_request', error_description: 'not a form' });
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
        let id: string | null = null;
        let secret: string | null = null;
        if (config.clientAuth === 'client_secret_post') {
          if (req.headers.authorization !== undefined) return json(res, 400, { error: 'invalid_request', error_description: 'unexpected Authorization' });
          id = form.get('client_id');
          secret = form.get('client_secret');
        } else {
          if (form.has('client_id') || form.has('client_secret')) return json(res, 400, { error: 'invalid_request', error_description: 'credentials in the body' });
          const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
          if (m) {
            const pair = Buffer.from(m[1]!, 'base64').toString('utf8');
            const [a, b] = pair.split(':');
            // Each half is form-encoded: no raw ':' can remain inside either.
            if (pair.split(':').length === 2) {
              id = decodeURIComponent(a!.replace(/\+/g, ' '));
              secret = decodeURIComponent(b!.replace(/\+/g, ' '));
            }
          }
        }
        if (id !== config.clientId || secret !== config.clientSecret) return json(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
        const token = `00Dtoken!${++n}.${'x'.repeat(20)}`;
        live.add(token);
        const reply: Record<string, unknown> = { access_token: token, token_type: 'Bearer', scope: form.get('scope') ?? 'api', instance_url: apiBaseOf() };
        if (config.expiresIn !== undefined) reply.expires_in = config.expiresIn;
        return json(res, 200, reply);
      }
      if (req.method === 'POST' && req.url === '/services/data/v60.0/sobjects/Account') {
        apiCalls.push({ authorization: req.headers.authorization, body });
        const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        if (config.refuseAll || !m || !live.has(m[1]!)) return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
        if (req.headers['content-type'] !== 'application/json') return json(res, 415, [{ message: 'bad type', errorCode: 'UNSUPPORTED_MEDIA_TYPE' }]);
        const b = JSON.parse(body) as { Name?: string };
        if (!b.Name) return json(res, 400, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
        return json(res, 201, { id: '001D000000IqhSLIAZ', errors: [], success: true });
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  function apiBaseOf(): string {
    return `${url}/services/data/v60.0`;
  }
  return {
    url,
    apiBase: apiBaseOf(),
    tokenRequests,
    apiCalls,
    config,
    revokeAll: () => live.clear(),
    issue: () => {
      const t = `00Dtoken!${++n}.${'y'.repeat(20)}`;
      live.add(t);
      return t;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
