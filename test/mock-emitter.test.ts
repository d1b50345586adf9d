/**
 * The mock emitter over small inline specs: every x-mock mistake is a diagnostic with its pointer (collected,
 * not thrown), and templates compile to expressions that build exactly the value written, hostile strings and
 * prototype keys included.
 */
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../generator/diagnostics.ts';
import { compileTemplate, emitMock, Schemas, vendorHeaders, Where, type Root } from '../generator/emit/mock.ts';
import type { IRSchema, JsonValue } from '../generator/ir/types.ts';
import { copy, defined, entries, path, text } from '../templates/runtime/mock.js';
import { irFromYaml } from './support/ir.ts';

function spec(op: Record<string, unknown>, top: Record<string, unknown> = {}, schemes: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Made' } } } } },
          ...op,
        },
      },
    },
    components: {
      ...(Object.keys(schemes).length > 0 ? { securitySchemes: schemes } : {}),
      schemas: {
        Thing: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, owner: { type: 'object', properties: { email: { type: 'string' } } } } },
        Made: { type: 'object', additionalProperties: false, properties: { id: { type: 'integer' }, name: { type: 'string' } } },
      },
    },
    'x-error-catalog': [{ code: 'E1', httpStatus: 409, message: 'Exists.' }],
    ...top,
  });
}

/** Every problem of a spec's x-mock: its shape is checked by the reader, its templates and codes by the emitter. */
function diagnose(text: string): string[] {
  const { provider, names, diagnostics } = irFromYaml(text);
  emitMock({ provider, names, diagnostics });
  return diagnostics.sorted().map((x) => `${x.severity} ${x.code} ${x.pointer}: ${x.message}`);
}

describe('x-mock diagnostics', () => {
  const cases: [string, string, RegExp][] = [
    ['a valid x-mock', spec({ 'x-mock': { collection: 'things', unique: [{ fields: ['name'], code: 'E1' }], reply: { id: { $from: 'id' }, name: { $from: 'request.name' } } } }), /^$/],
    ['unknown member', spec({ 'x-mock': { colection: 'x' } }), /x-mock\/colection: unknown member "colection"/],
    ['code not in the catalog', spec({ 'x-mock': { collection: 'things', unique: [{ fields: ['name'], code: 'E2' }] } }), /unique\/0\/code: code "E2" is not in x-error-catalog/],
    ['code with the wrong type', spec({ 'x-mock': { invalidCode: 1 } }), /invalidCode: code 1 is not in x-error-catalog/],
    ['unique field not in the request', spec({ 'x-mock': { collection: 'things', unique: [{ fields: ['owner.phone'], code: 'E1' }] } }), /fields\/0: the request body has no field "owner.phone"/],
    ['unique without code or message', spec({ 'x-mock': { collection: 'things', unique: [{ fields: ['name'] }] } }), /needs a message/],
    ['template path outside the request', spec({ 'x-mock': { reply: { name: { $from: 'request.nope' } } } }), /reply\/name\/\$from: "request.nope": the schema has no property "nope"/],
    ['unknown template root', spec({ 'x-mock': { reply: { name: { $from: 'secret.x' } } } }), /unknown name "secret"/],
    ['unknown directive', spec({ 'x-mock': { reply: { name: { $eval: 'x' } } } }), /unknown template directive \$eval/],
    ['member the reply does not have', spec({ 'x-mock': { reply: { nope: 1 } } }), /reply\/nope: the reply schema has no member "nope"/],
    ['unknown error class', spec({ 'x-mock': { errors: { teapot: { status: 418 } } } }), /errors\/teapot: unknown error class/],
    ['bad error status', spec({ 'x-mock': { errors: { invalid: { status: 42 } } } }), /errors\/invalid\/status: status must be an HTTP status/],
    ['role no scheme declares', spec({ 'x-mock': { requiresRole: 'Admin' } }), /requiresRole must be one of/],
    ['key with an undeclared role', spec({ security: [{ k: [] }] }, {}, { k: { type: 'apiKey', in: 'header', name: 'K', 'x-mock': { roles: ['A'], keys: { x: 'B' } } } }), /keys\/x: role "B" is not one of roles/],
    ['example that does not exist', spec({ 'x-mock': { errors: { unauthenticated: { status: 401, example: 'nope' } } } }), /no JSON example "nope" on a 401 response/],
    ['logon without credentials', spec({ 'x-session-logon': { cookie: 'c', successField: 'ok', statusField: 'code', reauthStatus: 'E1' } }), /needs x-mock.credentials/],
    ['authOrder naming no scheme', spec({}, { 'x-mock': { authOrder: ['ghost'] } }), /authOrder: "ghost" is not a security scheme/],
    ['list of a collection nobody stores into', spec({ 'x-mock': { list: { collection: 'ghosts' } } }), /x-mock\/list\/collection: no operation stores into a collection "ghosts"/],
    ['list that is no object', spec({ 'x-mock': { list: 'things' } }), /x-mock\/list: list must be \{ collection, paging\?/],
    ['list paging naming no query parameter', spec({ 'x-mock': { collection: 'things', list: { collection: 'things', paging: { limit: 'n' } } } }), /x-mock\/list\/paging\/limit: limit must name a query parameter of createThing/],
    ['list paging with an unknown member', spec({ 'x-mock': { collection: 'things', list: { collection: 'things', paging: { page: 'p' } } } }), /x-mock\/list\/paging\/page: unknown member "page" of paging/],
    ['an operation that stores and lists', spec({ 'x-mock': { collection: 'things', list: { collection: 'things' } } }), /x-mock\/list: an operation either stores into a collection or lists one/],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    const got = diagnose(text).join('\n');
    expect(got).toMatch(want);
  });

  it('collects every problem of one spec instead of stopping at the first', () => {
    const got = diagnose(spec({ 'x-mock': { colection: 'x', invalidCode: 'E9', reply: { nope: 1 } } }));
    expect(got.length).toBe(3);
  });
});

describe('template compilation', () => {
  const hostile = 'end */ `tick` ${x} "dq" \'sq\' back\\slash\r\nLS\u2028PS\u2029 \u0000 😀 \u202eRTL';
  const { provider } = irFromYaml(spec({}));
  const schemas = new Schemas(provider);
  const made = provider.models.find((mo) => mo.name === 'Made')!.schema;
  const thing = provider.models.find((mo) => mo.name === 'Thing')!.schema;
  function run(t: JsonValue, ctx: Record<string, unknown>, target: IRSchema | null = made): unknown {
    const d = new Diagnostics();
    const roots = new Map<string, Root>([
      ['request', { expr: 'ctx.request', schema: thing, checked: true }],
      ['id', { expr: 'ctx.id', checked: false }],
      ['errors', { expr: 'ctx.errors', checked: false }],
    ]);
    const expr = compileTemplate(t, target ?? undefined, { roots, schemas, depth: 0 }, new Where(d, 'f', ''));
    expect(d.sorted()).toEqual([]);
    // The expression is plain JS over the runtime helpers: evaluate it the way the generated module does.
    return new Function('ctx', 'path', 'copy', 'defined', 'entries', 'text', `return (${expr});`)(ctx, path, copy, defined, entries, text);
  }

  it('keeps hostile literals exact', () => {
    expect(run({ name: hostile }, {})).toEqual({ name: hostile });
    const braces = hostile.replace(/[{}]/g, (b) => b + b);
    expect(run({ name: { $format: `${braces}{id}` } }, { id: 7 })).toEqual({ name: `${hostile}7` });
  });

  it('reads request paths as own properties only and leaves absent members out', () => {
    expect(run({ name: { $from: 'request.name' } }, { request: {} })).toEqual({});
    expect(Object.keys(run({ name: { $from: 'request.name' } }, { request: {} }) as object)).toEqual([]);
    expect(run({ name: { $from: 'request.name', default: 'd' } }, { request: {} })).toEqual({ name: 'd' });
    expect(run({ name: { $from: 'request.owner.email' } }, { request: { owner: Object.create({ email: 'inherited' }) } })).toEqual({});
  });

  it('copies only what the target schema declares', () => {
    expect(run({ $copy: 'request', id: { $from: 'id' } }, { request: { name: 'n', owner: { email: 'e' } }, id: 3 })).toEqual({ name: 'n', id: 3 });
  });

  it('builds arrays and keyed objects; __proto__ stays a data key', () => {
    const errors = [{ field: '__proto__', m: 'a' }, { field: 'x', m: 'b' }];
    const out = run({ $entries: 'errors', key: 'field', value: { m: { $from: 'entry.m' } } }, { errors }, null) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'x']);
    expect(run({ $each: 'errors', item: { m: { $from: 'item.m' } } }, { errors }, null)).toEqual([{ m: 'a' }, { m: 'b' }]);
    const literal = run({ ['__proto__']: { polluted: true } } as unknown as JsonValue, {}, null) as Record<string, unknown>;
    expect(Object.keys(literal)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('what the definition tells the runtime and mockInfo about the wire', () => {
  const REPLY = { reply: { id: 1 } };
  /** The JS of the mock for a spec. */
  function emitted(text: string): string {
    const { provider, names, diagnostics } = irFromYaml(text);
    const d = new Diagnostics();
    const out = emitMock({ provider, names, diagnostics: d });
    expect(d.sorted().filter((x) => x.severity === 'error').map((x) => `${x.pointer}: ${x.message}`)).toEqual([]);
    return out!.js;
  }

  it('lists the header names the spec has travel (schemes, header parameters, reply headers), first spelling kept', () => {
    const { provider } = irFromYaml(
      spec(
        {
          security: [{ key: [] }],
          parameters: [
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
            { name: 'x-api-key', in: 'header', schema: { type: 'string' } },
            { name: 'q', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'ok', headers: { 'Set-Cookie': { schema: { type: 'string' } }, 'X-RateLimit-Remaining': { schema: { type: 'integer' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Made' } } } },
          },
        },
        {},
        { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, session: { type: 'apiKey', in: 'cookie', name: 'sid' } },
      ),
    );
    expect(vendorHeaders(provider)).toEqual({
      request: ['X-Api-Key', 'Idempotency-Key', 'X-Trace'],
      response: ['Idempotency-Key', 'Set-Cookie', 'X-RateLimit-Remaining'],
    });
    expect(emitted(spec({ 'x-mock': REPLY }))).toContain('headers: { request: [], response: [] },');
  });

  it('allows and exposes the idempotency key header the reader resolved, and no other header by its name alone', () => {
    const named = irFromYaml(spec({ 'x-idempotency-header': 'X-Request-Id', parameters: [{ name: 'X-Idempotency-Note', in: 'header', schema: { type: 'string' } }] })).provider;
    expect(vendorHeaders(named)).toEqual({ request: ['X-Idempotency-Note', 'x-request-id'], response: ['x-request-id'] });
  });

  const cases: [string, string, Record<string, string>][] = [
    ['HTTP Basic: the first default user', spec({ security: [{ basic: [] }], 'x-mock': REPLY }, { 'x-mock': { users: { ann: 'pw1', bob: 'pw2' } } }, { basic: { type: 'http', scheme: 'basic' } }), { username: 'ann', password: 'pw1' }],
    [
      'apiKey schemes: x-auth-option or the scheme key, and the key of the highest role',
      spec({ security: [{ partner: [], sub: [] }], 'x-mock': REPLY }, {}, {
        partner: { type: 'apiKey', in: 'header', name: 'Authorization', 'x-auth-option': 'apiKey', 'x-mock': { roles: ['Low', 'High'], keys: { 'low-key': 'Low', 'high-key': 'High' } } },
        sub: { type: 'apiKey', in: 'query', name: 'sub' },
      }),
      { apiKey: 'high-key', sub: 'mock-sub' },
    ],
    ['credentials in the body', spec({ 'x-body-credentials': { property: 'owner', username: 'email', password: 'email' }, 'x-mock': REPLY }), { username: 'mock-user', password: 'mock-password' }],
  ];
  it.each(cases)('mockInfo.clientAuth: %s', (_name, text, want) => {
    const js = emitted(text);
    const m = /clientAuth: Object\.freeze\((\{.*?\})\) \}\);/.exec(js);
    expect(m).not.toBeNull();
    expect(Function(`return (${m![1]});`)()).toEqual(want);
  });
});
