/**
 * OAuth 2.0 client credentials end to end (generator/wire/oauth2.ts, templates/runtime/oauth.js): the
 * Salesforce-style fixture vendor's generated client against a strict stand-in server over HTTP on 127.0.0.1
 * (the token request form, both client authentication methods, the bearer header, caching, expiry, one token
 * request for concurrent calls, one refresh and retry on a 401, token-endpoint errors, secrets kept out of
 * errors and hooks) and against its generated mock (token endpoint, expiring tokens, 401 in the vendor's shape).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { formEncode, oauthStandIn, type OAuthStandIn } from './support/oauth-server.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = { createClient: (options: any) => any };

const ID = '3MVG9 client:id/ü';
const SECRET = 's3cr+t/&=é!*';
const ACCOUNT = { Name: 'Express Logistics and Transport', Phone: '(503) 421-7800' };

let post: FixturePackage;
let basic: FixturePackage;
let postClient: Mod;
let basicClient: Mod;
let mockMod: any;
let basicMockMod: any;

beforeAll(async () => {
  post = await fixturePackage(['salesforce']);
  // The same vendor with the default client authentication (client_secret_basic).
  basic = await fixturePackage(['salesforce'], { salesforce: (y) => y.replace(/^\s*x-token-auth: client_secret_post\n/m, '\n') });
  postClient = await post.load<Mod>('salesforce/client.js');
  basicClient = await basic.load<Mod>('salesforce/client.js');
  mockMod = await post.load('salesforce/mock.js');
  basicMockMod = await basic.load('salesforce/mock.js');
}, 60_000);

afterAll(() => {
  post?.remove();
  basic?.remove();
});

describe('generated code', () => {
  it('the variant really differs only in client authentication', async () => {
    const { readFileSync } = await import('node:fs');
    const a = readFileSync(`${post.dir}/salesforce/client.js`, 'utf8');
    const b = readFileSync(`${basic.dir}/salesforce/client.js`, 'utf8');
    expect(a).toContain('clientAuth: "client_secret_post"');
    expect(b).toContain('clientAuth: "client_secret_basic"');
    expect(a.replace('client_secret_post', 'client_secret_basic')).toBe(b);
  });

  it('the auth option is typed: clientId, clientSecret, scopes of the spec, tokenUrl', async () => {
    const { readFileSync } = await import('node:fs');
    const dts = readFileSync(`${post.dir}/salesforce/client.d.ts`, 'utf8');
    expect(dts).toContain('clientId: string;');
    expect(dts).toContain('clientSecret: string;');
    expect(dts).toContain('scopes?: ("api")[];');
    expect(dts).toContain('tokenUrl?: string;');
    expect(dts).toContain('$rt.AuthFailure');
  });

  it('only clients with an OAuth 2.0 scheme load the token runtime (auth/oauth2.js, oauth.js): the generic client does not import it', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    expect(readFileSync(`${post.dir}/salesforce/client.js`, 'utf8')).toContain('import * as $authOauth2 from "../runtime/auth/oauth2.js";');
    expect(readFileSync(`${post.dir}/runtime/auth/oauth2.js`, 'utf8')).toMatch(/^import .*'\.\.\/oauth\.js'/m);
    expect(readFileSync(`${post.dir}/runtime/client.js`, 'utf8')).not.toMatch(/^import .*(oauth|auth\/)/m);
    // Providers of the package without such a scheme (none here has one) never name it.
    const { generatedDir } = await import('./support/paths.ts');
    for (const p of readdirSync(generatedDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'runtime')) {
      const client = `${generatedDir}/${p.name}/client.js`;
      const text = readFileSync(client, 'utf8');
      if (!text.includes('oauth2Auth(')) expect(text, client).not.toMatch(/oauth2?\.js/);
    }
  });
});

describe('against a strict stand-in server', () => {
  let server: OAuthStandIn;
  const seen: unknown[] = [];
  const hooks = { onRequest: (i: unknown) => seen.push(i), onResponse: (i: unknown) => seen.push(i) };

  async function withServer(config: Partial<OAuthStandIn['config']>, fn: (s: OAuthStandIn) => Promise<void>): Promise<void> {
    server = await oauthStandIn({ clientAuth: 'client_secret_post', clientId: ID, clientSecret: SECRET, tokenDelayMs: 0, refuseAll: false, ...config });
    try {
      await fn(server);
    } finally {
      await server.close();
    }
  }

  afterAll(() => {
    // Nothing a caller could see (results, hook output) ever carried the secret or a token.
    const text = JSON.stringify(seen);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(formEncode(SECRET));
    expect(text).not.toMatch(/00Dtoken!/);
  });

  it('client_secret_post: the token request form, then the bearer header', async () => {
    await withServer({}, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET, scopes: ['api'] }, ...hooks });
      const r = await c.createAccount({ body: ACCOUNT });
      seen.push(r);
      expect(r).toEqual({ ok: true, status: 201, data: { id: '001D000000IqhSLIAZ', errors: [], success: true }, headers: expect.any(Object), attempts: 1 });
      expect(s.tokenRequests).toEqual([{ authorization: undefined, contentType: 'application/x-www-form-urlencoded', body: `grant_type=client_credentials&scope=api&client_id=${formEncode(ID)}&client_secret=${formEncode(SECRET)}` }]);
      expect(s.apiCalls).toHaveLength(1);
      expect(s.apiCalls[0]!.authorization).toBe('Bearer 00Dtoken!1.xxxxxxxxxxxxxxxxxxxx');
      expect(JSON.parse(s.apiCalls[0]!.body)).toEqual(ACCOUNT);
    });
  });

  it('client_secret_basic: id and secret form-encoded before Basic (RFC 6749 §2.3.1), nothing in the body', async () => {
    await withServer({ clientAuth: 'client_secret_basic' }, async (s) => {
      const c = basicClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      const r = await c.createAccount({ body: ACCOUNT });
      seen.push(r);
      expect(r.ok).toBe(true);
      const want = 'Basic ' + Buffer.from(`${formEncode(ID)}:${formEncode(SECRET)}`, 'utf8').toString('base64');
      expect(s.tokenRequests).toEqual([{ authorization: want, contentType: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials' }]);
      // The raw pair would not do: the id holds a ':' and non-ASCII.
      expect(want).not.toBe('Basic ' + Buffer.from(`${ID}:${SECRET}`, 'utf8').toString('base64'));
    });
  });

  it('the token is kept between calls; concurrent first calls share one token request', async () => {
    await withServer({ tokenDelayMs: 50, expiresIn: 3600 }, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      const rs = await Promise.all(Array.from({ length: 5 }, () => c.createAccount({ body: ACCOUNT })));
      seen.push(rs);
      expect(rs.every((r: any) => r.ok)).toBe(true);
      expect(s.tokenRequests).toHaveLength(1);
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(s.tokenRequests).toHaveLength(1);
      expect(new Set(s.apiCalls.map((a) => a.authorization)).size).toBe(1);
    });
  });

  it('a token past expires_in minus the margin is replaced before it is used', async () => {
    await withServer({ expiresIn: 1 }, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(s.tokenRequests).toHaveLength(1);
      // expires_in 1 s: the margin (half a lifetime this short) ends it after 0.5 s.
      await new Promise((r) => setTimeout(r, 600));
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(s.tokenRequests).toHaveLength(2);
      expect(s.apiCalls.map((a) => a.authorization)).toEqual(['Bearer 00Dtoken!1.xxxxxxxxxxxxxxxxxxxx', 'Bearer 00Dtoken!1.xxxxxxxxxxxxxxxxxxxx', 'Bearer 00Dtoken!2.xxxxxxxxxxxxxxxxxxxx']);
    });
  });

  it('a 401 from the API gets one new token and one retry', async () => {
    await withServer({}, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      s.revokeAll();
      const r = await c.createAccount({ body: ACCOUNT });
      seen.push(r);
      expect(r.ok).toBe(true);
      expect(s.tokenRequests).toHaveLength(2);
      expect(s.apiCalls).toHaveLength(3);
    });
  });

  it('a 401 that persists is returned after exactly one retry, in the vendor error shape', async () => {
    await withServer({ refuseAll: true }, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      const r = await c.createAccount({ body: ACCOUNT });
      seen.push(r);
      expect(r.ok).toBe(false);
      expect(r.error).toMatchObject({ kind: 'http', status: 401, documented: true, code: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });
      expect(s.apiCalls).toHaveLength(2);
      expect(s.tokenRequests).toHaveLength(2);
    });
  });

  it.each([
    ['wrong secret', { clientId: ID, clientSecret: 'wrong' }, undefined, { status: 400, code: 'invalid_client', message: 'invalid client credentials' }],
    ['error without description', { clientId: ID, clientSecret: SECRET }, { status: 401, body: { error: 'unauthorized_client' } }, { status: 401, code: 'unauthorized_client', message: 'the token endpoint refused the client: unauthorized_client' }],
    ['not JSON', { clientId: ID, clientSecret: SECRET }, { status: 503, body: 'down' }, { status: 503, code: undefined, message: 'the token endpoint answered HTTP 503' }],
    ['no access_token', { clientId: ID, clientSecret: SECRET }, { status: 200, body: { token_type: 'Bearer' } }, { status: 200, code: undefined, message: 'the token endpoint answered without an access_token' }],
    ['not a bearer token', { clientId: ID, clientSecret: SECRET }, { status: 200, body: { access_token: 'abc', token_type: 'mac' } }, { status: 200, code: undefined, message: 'the token endpoint issued a mac token; only bearer tokens are supported' }],
  ])('token endpoint failure (%s): error.kind auth, no API call', async (_name, auth, tokenReply, want) => {
    await withServer(tokenReply ? { tokenReply } : {}, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth, ...hooks });
      const r = await c.createAccount({ body: ACCOUNT });
      seen.push(r);
      expect(r).toEqual({ ok: false, error: { kind: 'auth', operation: 'createAccount', ...want }, headers: {}, attempts: 0 });
      expect(s.apiCalls).toHaveLength(0);
    });
  });

  it('an invalid body is refused before any request, the token request included', async () => {
    await withServer({}, async (s) => {
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, ...hooks });
      const r = await c.createAccount({ body: { Phone: '1' } });
      seen.push(r);
      expect(r.ok).toBe(false);
      expect(r.error.kind).toBe('validation');
      expect(s.tokenRequests).toHaveLength(0);
      expect(s.apiCalls).toHaveLength(0);
    });
  });

  it('hooks see the token request and the call with the credentials redacted', async () => {
    await withServer({}, async (s) => {
      const infos: any[] = [];
      const c = postClient.createClient({ baseUrl: s.apiBase, auth: { clientId: ID, clientSecret: SECRET }, onRequest: (i: unknown) => infos.push(i) });
      await c.createAccount({ body: ACCOUNT });
      seen.push(infos);
      expect(infos.map((i) => i.operation)).toEqual(['token request (clientCredentials)', 'createAccount']);
      // Every RequestInfo carries its attempt, the token request's too (client.d.ts declares it).
      expect(infos.map((i) => i.attempt)).toEqual([1, 1]);
      expect(infos[1].headers.authorization).toBe('[redacted]');
    });
  });

  it('createClient checks the auth option', () => {
    expect(() => postClient.createClient({ baseUrl: 'http://127.0.0.1:9', auth: { clientId: ID } })).toThrow(/auth\.clientSecret must be a string/);
    expect(() => postClient.createClient({ baseUrl: 'http://127.0.0.1:9', auth: { clientId: ID, clientSecret: SECRET, scopes: 'api' } })).toThrow(/auth\.scopes must be a list of strings/);
    let msg = '';
    try {
      postClient.createClient({ baseUrl: 'http://127.0.0.1:9', auth: { clientId: ID, clientSecret: 7 } });
    } catch (e) {
      msg = String(e);
    }
    expect(msg).not.toContain(SECRET);
  });
});

describe('against the generated mock', () => {
  it('success, expiry and refresh, concurrent first calls, wrong credentials, no token', async () => {
    const mock = await mockMod.startMockServer({ validateReplies: true });
    try {
      const auth = mockMod.mockInfo.clientAuth;
      expect(auth).toEqual({ clientId: 'mock-client', clientSecret: 'mock-client-secret' });
      const c = postClient.createClient({ baseUrl: mock.url, auth: { ...auth, scopes: ['api'] } });
      const rs = await Promise.all([c.createAccount({ body: ACCOUNT }), c.createAccount({ body: { Name: 'B' } })]);
      expect(rs.map((r: any) => r.ok && r.data.success)).toEqual([true, true]);
      expect(mock.tokensIssued).toBe(1);
      expect(mock.records('accounts')).toHaveLength(2);
      mock.expireTokens();
      const again = await c.createAccount({ body: { Name: 'C' } });
      expect(again.ok).toBe(true);
      expect(mock.tokensIssued).toBe(2);

      const wrong = postClient.createClient({ baseUrl: mock.url, auth: { clientId: 'mock-client', clientSecret: 'nope' } });
      const w = await wrong.createAccount({ body: ACCOUNT });
      expect(w).toEqual({ ok: false, error: { kind: 'auth', operation: 'createAccount', status: 401, code: 'invalid_client', message: 'client authentication failed' }, headers: {}, attempts: 0 });

      const badScope = postClient.createClient({ baseUrl: mock.url, auth: { ...auth, scopes: ['full'] } });
      expect((await badScope.createAccount({ body: ACCOUNT })).error).toMatchObject({ kind: 'auth', code: 'invalid_scope' });

      // The mock refuses calls without a live token, in the vendor's error shape.
      for (const authorization of [undefined, 'Bearer made-up']) {
        const res = await fetch(`${mock.url}/sobjects/Account`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(ACCOUNT) });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
      // The mock's token endpoint follows the spec's client authentication: Basic is refused here.
      const viaBasic = await fetch(`${mock.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + Buffer.from('mock-client:mock-client-secret').toString('base64') }, body: 'grant_type=client_credentials' });
      expect(viaBasic.status).toBe(401);
      expect(await viaBasic.json()).toMatchObject({ error: 'invalid_client' });
      const grant = await fetch(`${mock.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&client_id=mock-client&client_secret=mock-client-secret' });
      expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
      // Invalid bodies are refused by the client before anything is sent.
      const before = mock.stats.requests;
      expect((await c.createAccount({ body: { Name: '' } })).error.kind).toBe('validation');
      expect(mock.stats.requests).toBe(before);
      expect(mock.problems).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('short-lived tokens are replaced by the client before they expire', async () => {
    const mock = await mockMod.startMockServer({ tokenTtlSeconds: 1 });
    try {
      const c = postClient.createClient({ baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 600));
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(mock.tokensIssued).toBe(2);
    } finally {
      await mock.close();
    }
  });

  it('client_secret_basic against its mock, with credentials the caller chose', async () => {
    const mock = await basicMockMod.startMockServer({ credentials: { clients: { [ID]: SECRET } } });
    try {
      const c = basicClient.createClient({ baseUrl: mock.url, auth: { clientId: ID, clientSecret: SECRET } });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      const d = basicClient.createClient({ baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth });
      expect((await d.createAccount({ body: ACCOUNT })).error).toMatchObject({ kind: 'auth', code: 'invalid_client' });
    } finally {
      await mock.close();
    }
  });
});

describe('other OAuth 2.0 flows and OpenID Connect: the caller supplies the token', () => {
  let pkg: FixturePackage;
  let client: Mod;
  let mod: any;
  beforeAll(async () => {
    // The same vendor, secured by the authorization-code flow the client cannot run itself.
    pkg = await fixturePackage(['salesforce'], {
      salesforce: (y) => y.replace(/x-token-auth: client_secret_post\n(\s+)flows:\n\s+clientCredentials:\n/, (_m, ind: string) => `flows:\n${ind}  authorizationCode:\n${ind}    authorizationUrl: /services/oauth2/authorize\n`),
    });
    client = await pkg.load<Mod>('salesforce/client.js');
    mod = await pkg.load('salesforce/mock.js');
  }, 60_000);
  afterAll(() => pkg?.remove());

  it('the option is auth.token: a string or a function', async () => {
    const { readFileSync } = await import('node:fs');
    const dts = readFileSync(`${pkg.dir}/salesforce/client.d.ts`, 'utf8');
    expect(dts).toContain('token: string | (() => string | Promise<string>);');
    expect(dts).not.toContain('clientSecret');
  });

  it('a string token is sent as is; a 401 is not retried with the same string', async () => {
    const s = await oauthStandIn({ clientAuth: 'client_secret_post', clientId: ID, clientSecret: SECRET, tokenDelayMs: 0, refuseAll: false });
    try {
      const t = s.issue();
      const c = client.createClient({ baseUrl: s.apiBase, auth: { token: t } });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(s.apiCalls[0]!.authorization).toBe(`Bearer ${t}`);
      s.revokeAll();
      const r = await c.createAccount({ body: ACCOUNT });
      expect(r.error).toMatchObject({ kind: 'http', status: 401 });
      expect(JSON.stringify(r)).not.toContain(t);
      expect(s.apiCalls).toHaveLength(2);
      expect(s.tokenRequests).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it('a token function is called per request, and once more after a 401', async () => {
    const s = await oauthStandIn({ clientAuth: 'client_secret_post', clientId: ID, clientSecret: SECRET, tokenDelayMs: 0, refuseAll: false });
    try {
      let current = s.issue();
      let calls = 0;
      const c = client.createClient({ baseUrl: s.apiBase, auth: { token: async () => (calls++, current) } });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(calls).toBe(2);
      s.revokeAll();
      const stale = current;
      const fresh = s.issue();
      let first = true;
      const d = client.createClient({ baseUrl: s.apiBase, auth: { token: () => (first ? ((first = false), stale) : fresh) } });
      const r = await d.createAccount({ body: ACCOUNT });
      expect(r.ok).toBe(true);
      expect(s.apiCalls.slice(-2).map((a) => a.authorization)).toEqual([`Bearer ${stale}`, `Bearer ${fresh}`]);
      current = '';
      const e = await c.createAccount({ body: ACCOUNT });
      expect(e.error).toMatchObject({ kind: 'auth', message: 'auth.token() did not give a token (a non-empty string)' });
      const thrower = client.createClient({ baseUrl: s.apiBase, auth: { token: () => Promise.reject(new Error('vault down')) } });
      expect((await thrower.createAccount({ body: ACCOUNT })).error).toMatchObject({ kind: 'auth', message: 'auth.token() failed: vault down' });
    } finally {
      await s.close();
    }
  });

  it('the mock checks the bearer token against its accepted keys', async () => {
    const mock = await mod.startMockServer();
    try {
      expect(mod.mockInfo.clientAuth).toEqual({ token: 'mock-clientCredentials' });
      const ok = client.createClient({ baseUrl: mock.url, auth: mod.mockInfo.clientAuth });
      expect((await ok.createAccount({ body: ACCOUNT })).ok).toBe(true);
      const bad = client.createClient({ baseUrl: mock.url, auth: { token: () => 'wrong' } });
      expect((await bad.createAccount({ body: ACCOUNT })).error).toMatchObject({ kind: 'http', status: 401, code: 'INVALID_SESSION_ID' });
    } finally {
      await mock.close();
    }
  });
});

describe('server variables', () => {
  /** A fetch that records the URL it was asked for and hands the request to the stand-in on 127.0.0.1. */
  function relay(s: OAuthStandIn, urls: string[]) {
    return (url: string, init: RequestInit) => {
      urls.push(url);
      const u = new URL(url);
      return fetch(s.url + u.pathname + u.search, init);
    };
  }

  it('the default URL gets the spec default; serverVariables fill it; the token URL follows', async () => {
    const s = await oauthStandIn({ clientAuth: 'client_secret_post', clientId: ID, clientSecret: SECRET, tokenDelayMs: 0, refuseAll: false });
    try {
      const urls: string[] = [];
      const c = postClient.createClient({ auth: { clientId: ID, clientSecret: SECRET }, fetch: relay(s, urls) });
      expect((await c.createAccount({ body: ACCOUNT })).ok).toBe(true);
      const d = postClient.createClient({ serverVariables: { mydomain: 'acme' }, auth: { clientId: ID, clientSecret: SECRET }, fetch: relay(s, urls) });
      expect((await d.createAccount({ body: ACCOUNT })).ok).toBe(true);
      expect(urls).toEqual([
        'https://example-dev-ed.my.salesforce.com/services/oauth2/token',
        'https://example-dev-ed.my.salesforce.com/services/data/v60.0/sobjects/Account',
        'https://acme.my.salesforce.com/services/oauth2/token',
        'https://acme.my.salesforce.com/services/data/v60.0/sobjects/Account',
      ]);
    } finally {
      await s.close();
    }
  });

  it.each([
    [{ serverVariables: { mydomain: 'a/b' } }, 'serverVariables.mydomain must not contain'],
    [{ serverVariables: { mydomain: '' } }, 'serverVariables.mydomain must be a non-empty string'],
    [{ serverVariables: { region: 'eu' } }, 'unknown server variable "region" (have mydomain)'],
    [{ baseUrl: 'https://{mydomain}.my.salesforce.com' }, 'baseUrl has an unfilled server variable ({mydomain})'],
  ])('refused at createClient: %j', (opts, msg) => {
    expect(() => postClient.createClient({ auth: { clientId: ID, clientSecret: SECRET }, ...opts })).toThrow(msg);
  });

  it('the option is typed with the variable names', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${post.dir}/salesforce/client.d.ts`, 'utf8')).toContain('mydomain?: string;');
  });
});
