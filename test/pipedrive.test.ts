/**
 * The Pipedrive-style fixture vendor (test/fixtures/vendors/pipedrive/): an API token in the query, replies that
 * say `success` (a 2xx with `success: false` is a vendor failure, x-vendor-status), errors whose text sits in a
 * member named `error` (x-errors), a list operation paged by `start`/`limit`, and parameter constraints checked
 * before sending. Generated into a temp folder, typechecked strictly (declarations and checkJs), imported, and
 * called against a strict stand-in server over HTTP on 127.0.0.1 and against its own generated mock.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { generatedRoots, strictOptions, typecheck } from './support/typecheck.ts';
import { repoRoot } from './support/paths.ts';
import { VendorServer, type Reply } from './support/vendor-servers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = { createClient: (options: any) => any };

const TOKEN = 'pd-token-7f3a/ü';
let pkg: FixturePackage;
let mod: Mod;
let mockMod: any;

beforeAll(async () => {
  pkg = await fixturePackage(['pipedrive']);
  mod = await pkg.load<Mod>('pipedrive/client.js');
  mockMod = await pkg.load('pipedrive/mock.js');
}, 60_000);

afterAll(() => pkg?.remove());

// ---- a strict stand-in -------------------------------------------------------------------------------------

interface Org {
  id: number;
  name: string;
  owner_id: number;
  visible_to: string;
  active_flag: boolean;
}

const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

/** The query of a recorded request, every value of each key. */
function queryOf(url: string): Record<string, string[]> {
  const params = new URL(url, 'http://x').searchParams;
  const query: Record<string, string[]> = {};
  for (const k of new Set(params.keys())) query[k] = params.getAll(k);
  return query;
}

/** Pipedrive's organizations endpoint on a VendorServer: it checks every wire detail and records what broke. */
function standIn(): VendorServer {
  const orgs: Org[] = [];
  const send = (status: number, value: unknown): Reply => {
    const body = JSON.stringify(value);
    return { status, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body };
  };
  const refuse = (v: VendorServer, what: string, reply: Reply): Reply => (v.violate(what), reply);
  return new VendorServer((req, v) => {
    const { pathname } = new URL(req.url, 'http://x');
    const query = queryOf(req.url);
    if (pathname !== '/api/v1/organizations') return refuse(v, `path ${pathname}`, send(404, { success: false, error: 'not found', errorCode: 404 }));
    for (const [k, vals] of Object.entries(query)) if (vals.length > 1) v.violate(`query ${k} repeated`);
    if (req.headers.authorization !== undefined) v.violate('the token belongs in the query, not in Authorization');
    if (query.api_token?.[0] !== TOKEN) return send(401, { success: false, error: 'unauthorized access', errorCode: 401, error_info: ERROR_INFO });
    if (req.method === 'POST') {
      for (const k of Object.keys(query)) if (k !== 'api_token') v.violate(`POST with query ${k}`);
      if (req.headers['content-type'] !== 'application/json') v.violate(`content type ${req.headers['content-type']}`);
      let b: any;
      try {
        b = JSON.parse(req.body);
      } catch {
        return send(400, { success: false, error: 'Bad request', errorCode: 400, error_info: ERROR_INFO });
      }
      for (const k of Object.keys(b)) if (!['name', 'owner_id', 'visible_to', 'label_ids', 'add_time'].includes(k)) v.violate(`unknown member ${k}`);
      if (typeof b.name !== 'string' || b.name === '') return refuse(v, 'name', send(400, { success: false, error: 'Name must be given.', errorCode: 400, error_info: ERROR_INFO }));
      // Pipedrive's own way of refusing in a 2xx: the stand-in does it for one name.
      if (b.name === 'Refused Ltd') return send(200, { success: false, error: 'Organization limit reached for this plan.', errorCode: 402 });
      const org: Org = { id: orgs.length + 1, name: b.name, owner_id: b.owner_id ?? 1, visible_to: b.visible_to ?? '3', active_flag: true };
      orgs.push(org);
      return send(201, { success: true, data: org });
    }
    if (req.method === 'GET') {
      for (const k of Object.keys(query)) if (!['api_token', 'start', 'limit', 'sort'].includes(k)) v.violate(`GET with query ${k}`);
      for (const k of ['start', 'limit']) if (query[k] !== undefined && !/^(0|[1-9][0-9]*)$/.test(query[k]![0]!)) v.violate(`${k} is not an integer: ${query[k]![0]}`);
      const start = Number(query.start?.[0] ?? 0);
      const limit = Number(query.limit?.[0] ?? 100);
      if (limit > 500) v.violate('limit above 500');
      const data = orgs.slice(start, start + limit);
      const more = start + data.length < orgs.length;
      const pagination: Record<string, unknown> = { start, limit, more_items_in_collection: more };
      if (more) pagination.next_start = start + data.length;
      return send(200, { success: true, data, additional_data: { pagination } });
    }
    return refuse(v, `method ${req.method}`, send(405, { success: false, error: 'method not allowed', errorCode: 405 }));
  });
}

// ---- tests -------------------------------------------------------------------------------------------------

describe('generated code', () => {
  it('typechecks strictly (declarations and checkJs), and as a consumer uses it', () => {
    const consumer = path.join(pkg.dir, 'consumer.ts');
    writeFileSync(path.join(pkg.dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      consumer,
      [
        "import { createClient } from './pipedrive/client.js';",
        "import { startMockServer, mockInfo } from './pipedrive/mock.js';",
        'const mock = await startMockServer();',
        'const client = createClient({ baseUrl: mock.url, auth: { apiToken: mockInfo.clientAuth.apiToken ?? "" } });',
        "const r = await client.addOrganization({ body: { name: 'Acme', visible_to: '3' } });",
        'if (r.ok) { const id: number = r.data.data?.id ?? 0; void id; }',
        'else if (r.error.kind === "vendor") { const c: 400 | 401 | (number & {}) | undefined = r.error.code; void c; }',
        'else if (r.error.kind === "http" && r.error.documented && r.error.body !== undefined) { const m: string = r.error.body.error; void m; }',
        'const page = await client.getOrganizations({ start: 0, limit: 2 });',
        'if (page.ok) { const more: boolean | undefined = page.data.additional_data?.pagination?.more_items_in_collection; void more; }',
        '// @ts-expect-error: limit is a number',
        "void client.getOrganizations({ limit: '2' });",
        '// @ts-expect-error: visible_to is one of the spec\'s values',
        "void client.addOrganization({ body: { name: 'x', visible_to: '2' } });",
        'await mock.close();',
        '',
      ].join('\n'),
    );
    const files = [...generatedRoots([pkg.dir]), consumer];
    expect(typecheck(files, { ...strictOptions, allowJs: true, checkJs: true, noImplicitAny: false, typeRoots: [path.join(repoRoot, 'node_modules/@types')] }, pkg.dir)).toEqual([]);
  }, 120_000);

  it('reads the declarations into the client and the mock', async () => {
    const { readFileSync } = await import('node:fs');
    const js = readFileSync(path.join(pkg.dir, 'pipedrive/client.js'), 'utf8');
    expect(js).toContain('vendor: { field: ["success"], success: true, code: ["errorCode"], message: ["error"] },');
    expect(js).toContain('fields: { codePath: ["errorCode"], messagePath: ["error"] }');
    expect(readFileSync(path.join(pkg.dir, 'pipedrive/mock.js'), 'utf8')).toContain('list: { collection: "organizations", offset: "start", limit: "limit", defaultLimit: 100 },');
  });
});

describe('against a strict stand-in server', () => {
  let s: VendorServer;
  beforeAll(async () => {
    s = await standIn().start();
  });
  afterAll(async () => {
    expect(s.violations).toEqual([]);
    await s.close();
  });
  const client = (token = TOKEN) => mod.createClient({ baseUrl: `${s.origin}/api`, auth: { apiToken: token } });

  it('adds organizations: the token in the query (percent-encoded), the body as JSON', async () => {
    const r = await client().addOrganization({ body: { name: 'Acme', visible_to: '3' } });
    expect(r).toMatchObject({ ok: true, status: 201, data: { success: true, data: { id: 1, name: 'Acme', visible_to: '3' } } });
    const req = s.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/api/v1/organizations?api_token=${encodeURIComponent(TOKEN)}`);
    expect(JSON.parse(req.body)).toEqual({ name: 'Acme', visible_to: '3' });
    for (const n of ['Beta', 'Gamma']) expect((await client().addOrganization({ body: { name: n } })).ok).toBe(true);
  });

  it('lists a page at a time: start and limit in the query, the pagination from additional_data', async () => {
    const first = await client().getOrganizations({ limit: 2 });
    expect(queryOf(s.requests.at(-1)!.url)).toEqual({ start: ['0'], limit: ['2'], api_token: [TOKEN] });
    expect(first).toMatchObject({ ok: true, data: { data: [{ name: 'Acme' }, { name: 'Beta' }], additional_data: { pagination: { start: 0, limit: 2, more_items_in_collection: true, next_start: 2 } } } });
    const second = await client().getOrganizations({ start: first.data.additional_data.pagination.next_start, limit: 2 });
    expect(second.data.data.map((o: Org) => o.name)).toEqual(['Gamma']);
    expect(second.data.additional_data.pagination).toEqual({ start: 2, limit: 2, more_items_in_collection: false });
  });

  it('a wrong token is a 401 in the error shape: code from errorCode, message from error', async () => {
    const r = await client('wrong').getOrganizations();
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ kind: 'http', status: 401, documented: true, code: 401, message: 'unauthorized access', body: { success: false, error: 'unauthorized access' } });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('success false in a 2xx is a vendor failure, with the code and text of the reply', async () => {
    const r = await client().addOrganization({ body: { name: 'Refused Ltd' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'vendor', status: 200, code: 402, message: 'Organization limit reached for this plan.', body: { success: false } } });
  });

  it('an undeclared status whose reply is in the error shape is read; one that is not is only its status', async () => {
    s.next({ status: 409, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ success: false, error: 'Conflict with a merge in progress.', errorCode: 409 }) });
    expect((await client().getOrganizations()).error).toMatchObject({ kind: 'http', status: 409, documented: false, code: 409, message: 'Conflict with a merge in progress.' });
    s.next({ status: 409, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'no success member' }) });
    expect((await client().getOrganizations()).error).toMatchObject({ kind: 'http', status: 409, documented: false, code: undefined });
    s.next({ status: 403, headers: { 'content-type': 'text/html' }, body: '<html>forbidden</html>' });
    expect((await client().getOrganizations()).error).toMatchObject({ kind: 'http', status: 403, code: undefined });
  });

  it('parameter constraints are checked before sending, the parameter named in the issue path', async () => {
    const before = s.requests.length;
    const cases: [object, string, string][] = [
      [{ limit: 501 }, '/limit', 'maximum'],
      [{ limit: 0 }, '/limit', 'minimum'],
      [{ start: -1 }, '/start', 'minimum'],
      [{ limit: 2.5 }, '/limit', 'type'],
      [{ sort: 'name; DROP' }, '/sort', 'pattern'],
    ];
    for (const [input, at, keyword] of cases) {
      const r = await client().getOrganizations(input);
      expect(r).toMatchObject({ ok: false, attempts: 0, error: { kind: 'validation', issues: [{ path: at, keyword }] } });
    }
    expect(await client().addOrganization({ body: { name: '' } })).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: '/body/name', keyword: 'minLength' }] } });
    expect(s.requests.length).toBe(before);
    expect((await client().getOrganizations({ sort: 'name ASC, add_time DESC', limit: 500 })).ok).toBe(true);
  });
});

describe('against the generated mock', () => {
  let mock: any;
  beforeAll(async () => {
    mock = await mockMod.startMockServer({ validateReplies: true });
  });
  afterAll(async () => {
    expect(mock.problems).toEqual([]);
    await mock.close();
  });
  const client = (token: string = mockMod.mockInfo.clientAuth.apiToken) => mod.createClient({ baseUrl: mock.url, auth: { apiToken: token } });

  it('adds organizations and lists the stored records, paged by start and limit', async () => {
    for (const n of ['Acme', 'Beta', 'Gamma', 'Delta', 'Epsilon']) expect(await client().addOrganization({ body: { name: n, owner_id: 7 } })).toMatchObject({ ok: true, status: 201, data: { success: true, data: { name: n, owner_id: 7 } } });
    expect(mock.records('organizations').map((r: any) => r.request.name)).toEqual(['Acme', 'Beta', 'Gamma', 'Delta', 'Epsilon']);
    const names: string[] = [];
    let start: number | undefined = 0;
    let pages = 0;
    while (start !== undefined) {
      const r: any = await client().getOrganizations({ start, limit: 2 });
      expect(r.ok).toBe(true);
      names.push(...r.data.data.map((o: Org) => o.name));
      expect(r.data.additional_data.pagination).toMatchObject({ start, limit: 2 });
      start = r.data.additional_data.pagination.next_start;
      pages++;
    }
    expect([names, pages]).toEqual([['Acme', 'Beta', 'Gamma', 'Delta', 'Epsilon'], 3]);
    // Without paging parameters the client sends the defaults (start 0, limit 100): one page with everything.
    const all = await client().getOrganizations();
    expect(all.data.data.map((o: Org) => o.id)).toEqual([1, 2, 3, 4, 5]);
    expect(all.data.additional_data.pagination).toEqual({ start: 0, limit: 100, more_items_in_collection: false });
    const beyond = await client().getOrganizations({ start: 10 });
    expect(beyond.data.data).toEqual([]);
  });

  it('a wrong or missing token is a 401 in Pipedrive\'s error shape', async () => {
    const r = await client('wrong').getOrganizations();
    expect(r.error).toMatchObject({ kind: 'http', status: 401, documented: true, code: 401, message: 'unauthorized access', body: { success: false, error: 'unauthorized access', errorCode: 401 } });
    const raw = await fetch(`${mock.url}/v1/organizations`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ success: false, errorCode: 401, error: 'unauthorized access', error_info: ERROR_INFO });
  });

  it('success false in a 2xx (a name already taken) is a vendor failure', async () => {
    const r = await client().addOrganization({ body: { name: 'Acme' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'vendor', status: 201, message: 'name: An organization with this name already exists.', body: { success: false, errorCode: 0 } } });
    expect(mock.records('organizations')).toHaveLength(5);
  });

  it('parameter constraints: the client refuses before sending, the mock refuses what is sent anyway', async () => {
    const requests = mock.stats.requests;
    expect(await client().getOrganizations({ limit: 501 })).toMatchObject({ ok: false, attempts: 0, error: { kind: 'validation', issues: [{ path: '/limit', keyword: 'maximum' }] } });
    expect(mock.stats.requests).toBe(requests);
    const token = encodeURIComponent(mockMod.mockInfo.clientAuth.apiToken);
    for (const q of ['limit=501', 'limit=0', 'start=-1', 'limit=x', 'sort=nonsense']) {
      const raw = await fetch(`${mock.url}/v1/organizations?${q}&api_token=${token}`);
      expect([q, raw.status]).toEqual([q, 400]);
      const b = await raw.json();
      expect(b).toEqual({ success: false, errorCode: 400, error: 'Bad request', error_info: ERROR_INFO });
    }
    expect(mock.stats.requests).toBe(requests + 5);
  });
});
