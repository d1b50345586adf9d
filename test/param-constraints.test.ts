/**
 * Parameter constraints (minimum, maximum, exclusive bounds, lengths, pattern, enum, format) on path, query,
 * header and cookie parameters: checked by the client before sending, with the parameter named in the issue
 * path and the vendor code where `x-vendor-errors` ties one, and by the mock on what arrives over HTTP; and a
 * list operation paged by a cursor. One inline spec, generated into a temp folder and imported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const SPEC = `
openapi: 3.1.0
info: { title: Params, version: '1' }
security: [{ key: [] }]
x-error-catalog:
  - { code: E_LIMIT, httpStatus: 422, message: The limit is out of range. }
  - { code: E_BAD, httpStatus: 400, message: The request is not valid. }
x-mock:
  errorReply:
    body: { code: { $from: error.code }, message: { $from: error.message }, detail: { $from: error.detail } }
  errors:
    invalid: { code: E_BAD }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key, x-mock: { keys: [k1] } }
  schemas:
    Item: { type: object, required: [name], properties: { name: { type: string } } }
    Made: { type: object, properties: { id: { type: integer }, name: { type: string } } }
    Items:
      type: object
      properties:
        items: { type: array, items: { $ref: '#/components/schemas/Made' } }
        next: { type: string }
    Err: { type: object, properties: { code: { type: string }, message: { type: string }, detail: { type: string } } }
paths:
  /shops/{shopId}/items:
    post:
      operationId: addItem
      parameters:
        - { name: shopId, in: path, required: true, schema: { type: string, pattern: '^[a-z]{2}[0-9]+$', maxLength: 6 } }
        - { name: X-Request-Id, in: header, schema: { type: string, format: uuid } }
        - { name: session, in: cookie, schema: { type: string, minLength: 8 } }
        - { name: ratio, in: query, schema: { type: number, exclusiveMinimum: 0, maximum: 1 } }
        - { name: since, in: query, schema: { type: string, format: date } }
      x-mock:
        collection: items
        reply: { id: { $from: id }, name: { $from: request.name } }
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Made' } } } }
        '400': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Err' } } } }
        '422': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Err' } } } }
    get:
      operationId: listItems
      parameters:
        - { name: shopId, in: path, required: true, schema: { type: string, pattern: '^[a-z]{2}[0-9]+$' } }
        - name: limit
          in: query
          schema: { type: integer, minimum: 1, exclusiveMaximum: 50, x-vendor-errors: { minimum: E_LIMIT, exclusiveMaximum: E_LIMIT } }
        - { name: cursor, in: query, schema: { type: string } }
        - { name: mode, in: query, schema: { type: string, enum: [fast, full] } }
      x-mock:
        list: { collection: items }
        reply:
          items: { $each: page.items, item: { $from: item.reply } }
          next: { $from: page.cursor }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Items' } } } }
        '400': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Err' } } } }
        '422': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Err' } } } }
`;

let pkg: FixturePackage;
let client: any;
let mock: any;
const sent: string[] = [];

beforeAll(async () => {
  pkg = await fixturePackage([], {}, { params: SPEC });
  const c = await pkg.load<any>('params/client.js');
  const m = await pkg.load<any>('params/mock.js');
  mock = await m.startMockServer({ validateReplies: true });
  const spy = (url: string, init: RequestInit) => {
    sent.push(url);
    return fetch(url, init);
  };
  client = c.createClient({ baseUrl: mock.url, auth: { key: 'k1' }, fetch: spy });
}, 60_000);

afterAll(async () => {
  if (mock) {
    expect(mock.problems).toEqual([]);
    await mock.close();
  }
  pkg?.remove();
});

const good = { shopId: 'ab12', body: { name: 'Lamp' } };

describe('the client checks every parameter before sending', () => {
  it.each([
    ['pattern (path)', { ...good, shopId: 'AB12' }, '/shopId', 'pattern', undefined],
    ['maxLength (path)', { ...good, shopId: 'ab12345' }, '/shopId', 'maxLength', undefined],
    ['format uuid (header)', { ...good, 'X-Request-Id': 'not-a-uuid' }, '/X-Request-Id', 'format', undefined],
    ['minLength (cookie)', { ...good, session: 'short' }, '/session', 'minLength', undefined],
    ['exclusiveMinimum (query)', { ...good, ratio: 0 }, '/ratio', 'exclusiveMinimum', undefined],
    ['maximum (query)', { ...good, ratio: 1.5 }, '/ratio', 'maximum', undefined],
    ['format date (query)', { ...good, since: '2024-02-30' }, '/since', 'format', undefined],
  ])('%s', async (_name, input, path, keyword, code) => {
    const before = sent.length;
    const r = await client.addItem(input);
    expect(r).toMatchObject({ ok: false, attempts: 0, error: { kind: 'validation', code, issues: [{ path, keyword }] } });
    expect(sent.length).toBe(before);
  });

  it('with the vendor code x-vendor-errors ties to the keyword', async () => {
    expect(await client.listItems({ shopId: 'ab1', limit: 0 })).toMatchObject({ ok: false, error: { kind: 'validation', code: 'E_LIMIT', message: '/limit: The limit is out of range.', issues: [{ path: '/limit', keyword: 'minimum', code: 'E_LIMIT' }] } });
    expect(await client.listItems({ shopId: 'ab1', limit: 50 })).toMatchObject({ ok: false, error: { code: 'E_LIMIT', issues: [{ keyword: 'exclusiveMaximum' }] } });
    expect(await client.listItems({ shopId: 'ab1', mode: 'slow' })).toMatchObject({ ok: false, error: { issues: [{ path: '/mode', keyword: 'enum' }] } });
  });

  it('valid values in every location go out', async () => {
    const r = await client.addItem({ ...good, 'X-Request-Id': '0b7f7c0e-3b5a-4f3e-9a51-6a1f0b9d2c11', session: 'long-enough', ratio: 1, since: '2024-02-29' });
    expect(r).toMatchObject({ ok: true, data: { id: 1, name: 'Lamp' } });
  });
});

describe('the mock checks them on what arrives', () => {
  const raw = (path: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(`${mock.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'x-key': 'k1', 'content-type': 'application/json', ...headers }, ...(body !== undefined ? { body } : {}) });

  it.each([
    ['pattern (path)', '/shops/AB12/items', {}, 400, 'E_BAD'],
    ['format (header)', '/shops/ab12/items', { 'x-request-id': 'nope' }, 400, 'E_BAD'],
    ['minLength (cookie)', '/shops/ab12/items', { cookie: 'session=short' }, 400, 'E_BAD'],
    ['exclusiveMinimum (query)', '/shops/ab12/items?ratio=0', {}, 400, 'E_BAD'],
  ])('POST %s', async (_name, path, headers, status, code) => {
    const r = await raw(path, headers, '{"name":"x"}');
    expect(r.status).toBe(status);
    expect((await r.json()).code).toBe(code);
  });

  it('a vendor code on the parameter answers with that code and its HTTP status', async () => {
    const r = await raw('/shops/ab12/items?limit=0');
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ code: 'E_LIMIT', message: 'The limit is out of range.' });
    expect((await raw('/shops/ab12/items?mode=slow')).status).toBe(400);
  });
});

describe('a list paged by a cursor (mock)', () => {
  it('walks every stored record a page at a time; a cursor it did not issue is refused', async () => {
    for (const n of ['A', 'B', 'C', 'D']) expect((await client.addItem({ ...good, body: { name: n } })).ok).toBe(true);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await client.listItems({ shopId: 'ab1', limit: 2, ...(cursor !== undefined ? { cursor } : {}) });
      expect(r.ok).toBe(true);
      names.push(...r.data.items.map((x: any) => x.name));
      cursor = r.data.next;
      pages++;
    } while (cursor !== undefined);
    expect([names, pages]).toEqual([['Lamp', 'A', 'B', 'C', 'D'], 3]);
    expect(await client.listItems({ shopId: 'ab1', cursor: 'forged' })).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'E_BAD' } });
  });
});

describe('operations whose parameters are checked alike', () => {
  const SHARED = `
openapi: 3.1.0
info: { title: Shared, version: '1' }
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
        - { name: q, in: query, schema: { type: string, maxLength: 4 } }
      responses: { '204': { description: none } }
  /b:
    get:
      operationId: listB
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
        - { name: q, in: query, schema: { type: string, maxLength: 4 } }
      responses: { '204': { description: none } }
  /c:
    get:
      operationId: listC
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 10 } }
      responses: { '204': { description: none } }
`;
  let shared: FixturePackage;
  beforeAll(async () => {
    shared = await fixturePackage([], {}, { shared: SHARED });
  });
  afterAll(() => shared?.remove());

  it('share one check function, and each still checks its own constraints', async () => {
    const text = readFileSync(path.join(shared.dir, 'shared/validators.js'), 'utf8');
    expect(text.match(/^function checkParameters\w*\(/gm)).toHaveLength(2);
    expect(text.match(/^function validateParameters\w*\(/gm)).toHaveLength(2);
    const { parameterValidators: pv } = await shared.load<any>('shared/validators.js');
    expect(pv.listA).toBe(pv.listB);
    expect(pv.listC).not.toBe(pv.listA);
    for (const id of ['listA', 'listB']) {
      expect(pv[id]({ limit: 50, q: 'abcd' }).valid).toBe(true);
      expect(pv[id]({ limit: 50, q: 'abcde' }).issues[0].path).toBe('/q');
    }
    expect(pv.listC({ limit: 50 }).issues[0]).toMatchObject({ path: '/limit', keyword: 'maximum' });
  });
});
