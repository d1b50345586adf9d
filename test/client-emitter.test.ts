/**
 * The client emitter on small inline specs: how security schemes and extensions become credentials and
 * descriptors, where error codes are found in error schemas, and the diagnostics for malformed extensions.
 */
import { describe, expect, it } from 'vitest';
import { emitClient, findErrorFields } from '../generator/emit/client.ts';
import { optionName } from '../generator/wire/session.ts';
import { irFromYaml } from './support/ir.ts';

function spec(extra: { op?: object; components?: object; root?: object; path?: string; params?: object[] } = {}): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    paths: {
      [extra.path ?? '/things']: {
        post: {
          operationId: 'makeThing',
          parameters: extra.params ?? [],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Req' } } } },
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } } },
            '400': { description: 'bad', content: { 'application/json': { schema: { $ref: '#/components/schemas/Err' } } } },
          },
          ...(extra.op ?? {}),
        },
      },
    },
    components: {
      schemas: {
        Req: { type: 'object', properties: { name: { type: 'string' }, creds: { type: 'object' }, op: { type: 'string' } } },
        Res: { type: 'object', properties: { id: { type: 'integer' } } },
        Err: { type: 'object', properties: { errorCode: { type: 'string' }, errorMessage: { type: 'string' } } },
      },
      ...(extra.components ?? {}),
    },
    ...(extra.root ?? {}),
  });
}

function emit(text: string): { js: string; dts: string; diagnostics: string[] } {
  const { provider, names, diagnostics } = irFromYaml(text, 'p');
  const out = emitClient({ provider, names, diagnostics });
  return { ...out, diagnostics: diagnostics.items.map((d) => `${d.code} ${d.pointer}: ${d.message}`) };
}

describe('credentials from security schemes and extensions', () => {
  const cases: { name: string; text: string; auth: string; applier: string; scheme?: string }[] = [
    {
      name: 'HTTP Basic',
      text: spec({ root: { security: [{ b: [] }] }, components: { securitySchemes: { b: { type: 'http', scheme: 'basic' } } } }),
      auth: 'username: string;\n  /**\n   * HTTP Basic password.\n   */\n  password: string;',
      applier: 'auth: ["b"],',
      scheme: 'b: $authBasic.basicAuth(),',
    },
    {
      name: 'apiKey header named by the scheme key',
      text: spec({ root: { security: [{ 'my-key': [] }] }, components: { securitySchemes: { 'my-key': { type: 'apiKey', in: 'header', name: 'X-Key' } } } }),
      auth: '"my-key": string;',
      applier: 'auth: ["my-key"],',
      scheme: '"my-key": $authApiKey.apiKeyAuth("header", "X-Key", "my-key"),',
    },
    {
      name: 'apiKey renamed by x-auth-option',
      text: spec({ root: { security: [{ k: [] }] }, components: { securitySchemes: { k: { type: 'apiKey', in: 'query', name: 'key', 'x-auth-option': 'apiKey' } } } }),
      auth: 'apiKey: string;',
      applier: 'auth: ["k"],',
      scheme: 'k: $authApiKey.apiKeyAuth("query", "key", "apiKey"),',
    },
    {
      name: 'credentials inside the body',
      text: spec({ op: { 'x-body-credentials': { property: 'creds', username: 'user', password: 'pw' } } }),
      auth: 'username: string;',
      applier: 'body(input, auth) { return { ...input.body, creds: { user: auth.username, pw: auth.password } }; },',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = emit(c.text);
      expect(out.diagnostics).toEqual([]);
      expect(out.dts).toContain(c.auth);
      expect(out.js).toContain(c.applier);
      if (c.scheme !== undefined) expect(out.js).toContain(c.scheme);
    });
  }

  it('x-rpc-operation fills a body member and the caller body type omits it', () => {
    const out = emit(spec({ op: { 'x-rpc-operation': { property: 'op', value: 'make' }, 'x-body-credentials': { property: 'creds', username: 'u', password: 'p' } } }));
    expect(out.js).toContain('creds: { u: auth.username, p: auth.password }, op: "make" }');
    expect(out.dts).toContain('body: Omit<Req, "creds" | "op">;');
  });

  it('a single-value parameter is optional and filled in; the path is encoded', () => {
    const out = emit(spec({ path: '/v{n}/things/{id}', params: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', enum: [3] } }, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }));
    expect(out.js).toContain('path(input) { return "/v" + $rt.pathParam(input.n === undefined ? 3 : input.n, "n") + "/things/" + $rt.pathParam(input.id, "id"); },');
    expect(out.dts).toMatch(/n\?: 3;/);
    expect(out.dts).toMatch(/id: string;/);
  });

  describe('safe to repeat: what the descriptor and the method docs say', () => {
    const key = { name: 'Idempotency-KEY', in: 'header', required: true, schema: { type: 'string' } };
    const cases: { name: string; op?: object; params?: object[]; js: string[]; notJs?: string[]; doc: RegExp; dts?: string }[] = [
      { name: 'a POST without a key is not', js: [], notJs: ['idempotent:', 'idempotencyHeader:'], doc: /Not safe to repeat/ },
      { name: 'x-idempotent: true', op: { 'x-idempotent': true }, js: ['idempotent: true,'], doc: /Safe to repeat \(the spec marks it idempotent/ },
      {
        name: 'an Idempotency-Key header parameter (any case) is filled in and optional',
        params: [key],
        js: ['idempotencyHeader: "idempotency-key",', 'h["idempotency-key"] = $rt.headerValue(h0, "/Idempotency-KEY");'],
        doc: /every retry carries the same idempotency key \(`Idempotency-KEY`\)/,
        dts: '"Idempotency-KEY"?: string;',
      },
      { name: 'x-idempotency-header names another header', op: { 'x-idempotency-header': 'X-Request-Id' }, js: ['idempotencyHeader: "x-request-id",'], doc: /same idempotency key \(`x-request-id`\)/ },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const out = emit(spec({ ...(c.op ? { op: c.op } : {}), ...(c.params ? { params: c.params } : {}) }));
        expect(out.diagnostics).toEqual([]);
        for (const j of c.js) expect(out.js).toContain(j);
        for (const j of c.notJs ?? []) expect(out.js).not.toContain(j);
        expect(out.dts).toMatch(c.doc);
        if (c.dts) expect(out.dts).toContain(c.dts);
      });
    }
    it('malformed: x-idempotent not a boolean, a header name that is not a token, a key parameter that is not a string', () => {
      const out = emit(spec({ op: { 'x-idempotent': 'yes', 'x-idempotency-header': 'bad header' } }));
      expect(out.diagnostics.map((d) => d.split(':')[0])).toEqual(['extension-invalid /paths/~1things/post/x-idempotent', 'extension-invalid /paths/~1things/post/x-idempotency-header']);
      const num = emit(spec({ params: [{ ...key, schema: { type: 'integer' } }] }));
      expect(num.diagnostics.map((d) => d.split(':')[0])).toEqual(['extension-invalid /paths/~1things/post/parameters']);
    });
  });

  it('malformed extensions are diagnostics, not crashes', () => {
    const out = emit(spec({ op: { 'x-body-credentials': { property: 'nope', username: 'u', password: 'p' }, 'x-rpc-operation': 'x', 'x-vendor-status': { successField: 1 }, 'x-formats': { parameter: 'missing' } } }));
    expect(out.diagnostics.every((d) => d.startsWith('extension-invalid'))).toBe(true);
    expect(out.diagnostics.map((d) => d.split(':')[0])).toEqual([
      'extension-invalid /paths/~1things/post/x-body-credentials/property',
      'extension-invalid /paths/~1things/post/x-rpc-operation',
      'extension-invalid /paths/~1things/post/x-vendor-status',
      'extension-invalid /paths/~1things/post/x-formats',
    ]);
  });

  it('spec strings reach code only as literals', () => {
    const evil = 'a"b`${c}*/\u2028';
    const out = emit(spec({ root: { servers: [{ url: `https://x.test/${evil}` }] }, op: { 'x-rpc-operation': { property: 'op', value: evil } } }));
    expect(out.js).toContain('op: "a\\"b`${c}*/\\u2028"');
    expect(out.js).toContain('baseUrl: "https://x.test/a\\"b`${c}*/\\u2028"');
    expect(out.dts).not.toContain('\u2028');
  });
});

describe('error fields found in error schemas', () => {
  const fields = (schemas: object, root: string, withCodes = true) => {
    const { provider } = irFromYaml(JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }), 'p');
    return findErrorFields({ ref: `#/components/schemas/${root}`, meta: {}, source: { file: '', pointer: '' } }, provider, withCodes);
  };
  const cases: { name: string; schemas: object; root: string; withCodes?: boolean; want: unknown }[] = [
    { name: 'flat code and message', schemas: { E: { type: 'object', properties: { errorCode: { type: 'string' }, errorMessage: { type: 'string' } } } }, root: 'E', want: { at: [], code: 'errorCode', message: 'errorMessage' } },
    {
      name: 'a list of errors below links with descriptions (code wins)',
      schemas: {
        R: { type: 'object', properties: { links: { type: 'array', items: { type: 'object', properties: { linkDescription: { type: 'string' } } } }, errors: { $ref: '#/components/schemas/Es' } } },
        Es: { type: 'object', properties: { error: { type: 'array', items: { type: 'object', properties: { errorNumber: { type: 'string' }, errorDescription: { type: 'string' } } } } } },
      },
      root: 'R',
      want: { at: ['errors', 'error', 0], code: 'errorNumber', message: 'errorDescription' },
    },
    {
      name: 'a map of field states (ModelState)',
      schemas: { M: { type: 'object', additionalProperties: { type: 'object', properties: { errors: { type: 'array', items: { type: 'object', properties: { errorMessage: { type: 'string' } } } } } } } },
      root: 'M',
      want: { at: [1, 'errors', 0], message: 'errorMessage' },
    },
    { name: 'no catalog: a statusCode is not a vendor code', schemas: { G: { type: 'object', properties: { statusCode: { type: 'integer' }, message: { type: 'string' } } } }, root: 'G', withCodes: false, want: { at: [], message: 'message' } },
    { name: 'phoneNumber is not a code', schemas: { P: { type: 'object', properties: { phoneNumber: { type: 'string' } } } }, root: 'P', want: undefined },
    { name: 'a cycle ends', schemas: { C: { type: 'object', properties: { next: { $ref: '#/components/schemas/C' } } } }, root: 'C', want: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(fields(c.schemas, c.root, c.withCodes ?? true)).toEqual(c.want));
});

describe('optionName', () => {
  for (const [from, to] of [['APIKey', 'apiKey'], ['Password', 'password'], ['URL', 'url'], ['userName', 'userName'], ['X2Token', 'x2Token']] as const) {
    it(`${from} -> ${to}`, () => expect(optionName(from)).toBe(to));
  }
});
