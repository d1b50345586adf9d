/**
 * Security alternatives and every key location, end to end: a generated client against a recording server on
 * 127.0.0.1 and against its generated mock. The client uses the first alternative whose options are all given;
 * createClient refuses, naming every alternative, when none is complete; AND-combined requirements send every
 * credential; API keys go in a header, a query parameter and a cookie, beside a cookie parameter.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const SPEC = `openapi: 3.1.0
info: { title: Keyring, version: '1' }
servers: [{ url: https://keyring.example.com }]
components:
  securitySchemes:
    basicAuth: { type: http, scheme: basic }
    bearerAuth: { type: http, scheme: bearer, x-auth-option: token }
    keyHeader: { type: apiKey, in: header, name: X-Key, x-auth-option: headerKey }
    keyQuery: { type: apiKey, in: query, name: api_token, x-auth-option: queryKey }
    keyCookie: { type: apiKey, in: cookie, name: sid, x-auth-option: cookieKey }
  schemas:
    Thing:
      type: object
      required: [name]
      properties: { name: { type: string, minLength: 1 } }
security:
  - basicAuth: []
  - bearerAuth: []
x-mock: {}
paths:
  /things:
    post:
      operationId: createThing
      x-mock: { reply: { name: { $from: request.name } } }
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '201': { description: Created, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
        '401': { description: No }
  /keys:
    post:
      operationId: createKeyed
      x-mock: { reply: { name: { $from: request.name } } }
      security:
        - keyHeader: []
          keyQuery: []
          keyCookie: []
      parameters:
        - { name: tenant, in: cookie, required: true, schema: { type: string } }
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '201': { description: Created, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
        '400': { description: Bad }
        '401': { description: No }
`;

let pkg: FixturePackage;
let mod: any;
let mockMod: any;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: ReturnType<typeof createServer>;
let base: string;

beforeAll(async () => {
  pkg = await fixturePackage([], {}, { keyring: SPEC });
  mod = await pkg.load('keyring/client.js');
  mockMod = await pkg.load('keyring/mock.js');
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"name":"x"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  pkg?.remove();
  await new Promise((r) => server?.close(r));
});

const keys = { headerKey: 'hk-1', queryKey: 'q k&2', cookieKey: 'ck3' };

describe('security alternatives', () => {
  it('Basic when username and password are given', async () => {
    seen.length = 0;
    const c = mod.createClient({ baseUrl: base, auth: { username: 'ann', password: 'pw', ...keys } });
    expect((await c.createThing({ body: { name: 'a' } })).ok).toBe(true);
    expect(seen[0]!.headers.authorization).toBe('Basic ' + Buffer.from('ann:pw').toString('base64'));
  });

  it('Bearer when only the token is given', async () => {
    seen.length = 0;
    const c = mod.createClient({ baseUrl: base, auth: { token: 'tok-9', ...keys } });
    expect((await c.createThing({ body: { name: 'a' } })).ok).toBe(true);
    expect(seen[0]!.headers.authorization).toBe('Bearer tok-9');
  });

  it('the first complete alternative wins when both are given', async () => {
    seen.length = 0;
    const c = mod.createClient({ baseUrl: base, auth: { username: 'ann', password: 'pw', token: 'tok-9', ...keys } });
    await c.createThing({ body: { name: 'a' } });
    expect(seen[0]!.headers.authorization).toMatch(/^Basic /);
  });

  it('none complete: one error naming every alternative and its options, no secret in it', () => {
    expect(() => mod.createClient({ baseUrl: base, auth: { username: 'ann', ...keys } })).toThrow(
      'createClient(keyring): auth must hold the options of one of these security alternatives: basicAuth ({ username, password }); bearerAuth ({ token })',
    );
    let text = '';
    try {
      mod.createClient({ baseUrl: base, auth: { password: 'sekrit-pw', ...keys } });
    } catch (e) {
      text = String(e);
    }
    expect(text).toContain('security alternatives');
    expect(text).not.toContain('sekrit-pw');
  });

  it('AND-combined keys in header, query and cookie, with a cookie parameter, all sent', async () => {
    seen.length = 0;
    const c = mod.createClient({ baseUrl: base, auth: { token: 't', ...keys } });
    expect((await c.createKeyed({ tenant: 'acme co', body: { name: 'a' } })).ok).toBe(true);
    const h = seen[0]!;
    expect(h.headers['x-key']).toBe('hk-1');
    expect(h.url).toBe('/keys?api_token=q%20k%262');
    expect(h.headers.cookie).toBe('sid=ck3; tenant=acme%20co');
    // A call's own Cookie header does not displace them.
    seen.length = 0;
    await c.createKeyed({ tenant: 't2', body: { name: 'a' } }, { headers: { cookie: 'other=1' } });
    expect(seen[0]!.headers.cookie).toBe('sid=ck3; tenant=t2');
  });
});

describe('against the generated mock', () => {
  it('accepts each alternative with valid credentials, refuses wrong or missing ones, checks the cookie parameter', async () => {
    const mock = await mockMod.startMockServer({ credentials: { users: { ann: 'pw' }, apiKeys: { bearerAuth: ['tok-9'], keyHeader: ['hk-1'], keyQuery: ['q k&2'], keyCookie: ['ck3'] } } });
    try {
      const basic = mod.createClient({ baseUrl: mock.url, auth: { username: 'ann', password: 'pw', ...keys } });
      const bearer = mod.createClient({ baseUrl: mock.url, auth: { token: 'tok-9', ...keys } });
      const wrong = mod.createClient({ baseUrl: mock.url, auth: { token: 'nope', ...keys, cookieKey: 'bad' } });
      expect((await basic.createThing({ body: { name: 'a' } })).ok).toBe(true);
      expect((await bearer.createThing({ body: { name: 'a' } })).ok).toBe(true);
      expect((await wrong.createThing({ body: { name: 'a' } })).error).toMatchObject({ kind: 'http', status: 401 });
      expect((await bearer.createKeyed({ tenant: 'acme', body: { name: 'a' } })).ok).toBe(true);
      expect((await wrong.createKeyed({ tenant: 'acme', body: { name: 'a' } })).error).toMatchObject({ kind: 'http', status: 401 });
      const noTenant = await fetch(`${mock.url}/keys?api_token=${encodeURIComponent('q k&2')}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-key': 'hk-1', cookie: 'sid=ck3' }, body: '{"name":"a"}' });
      expect(noTenant.status).toBe(400);
      const none = await fetch(`${mock.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' });
      expect(none.status).toBe(401);
    } finally {
      await mock.close();
    }
  });
});
