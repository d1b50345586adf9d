/**
 * The wire model: every kind of the registry (generator/wire/) against its own given/want cases; project
 * extensions read once (one malformed extension is one diagnostic, whichever outputs use it); each emitter run
 * alone on each provider gives the bytes the whole run gives; emitters never read raw extensions or each
 * other's internals; the file builder's import symbols.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics, SpecError, type Diagnostic } from '../generator/diagnostics.ts';
import { FileBuilder, jsDoc } from '../generator/emit/code.ts';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { emitters, generate } from '../generator/pipeline.ts';
import { readSpecs } from '../generator/readers/index.ts';
import { bodyKinds, docRows, schemeKinds } from '../generator/wire/index.ts';
import { markBodyFiles } from '../generator/passes/body-files.ts';
import { irFromYaml } from './support/ir.ts';
import type { PreparedAuth, SchemeApplier, SchemeHost } from '../templates/runtime/client.js';
import type { MockScheme, SchemeCheck, SchemeContext, SchemeEndpoint } from '../templates/runtime/mock.js';
import type { IRAuth, IRMediaContent } from '../generator/ir/types.ts';
import { repoRoot, specsDir } from './support/paths.ts';

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** A one-operation spec with the given security scheme. */
function schemeSpec(scheme: object): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    security: [{ s: [] }],
    paths: { '/x': { post: { operationId: 'op', responses: { '200': { description: 'ok' } } } } },
    components: { securitySchemes: { s: scheme } },
  });
}

describe('scheme kinds of the registry, each against its own cases', () => {
  const cases = schemeKinds.flatMap((k) => k.examples.map((e) => ({ kind: k, ...e })));
  it.each(cases.map((c) => [`${c.kind.kind}: ${c.name}`, c] as const))('%s', (_n, c) => {
    const { provider, diagnostics } = irFromYaml(schemeSpec(c.scheme));
    expect(diagnostics.items).toEqual([]);
    const s = provider.securitySchemes[0]!;
    expect(s.auth).toEqual(c.auth);
    expect(c.kind.client(s).args).toEqual(c.clientArgs);
    expect(c.kind.mock(s, { users: { u: 'p' }, keys: () => ({ k: null }) })?.def).toEqual(c.mock);
  });

  // Each kind's runtime halves (templates/runtime/auth/), run on their own: the client half on a stand-in client
  // with the example's credentials, the mock half on a request without any.
  it.each(cases.map((c) => [`${c.kind.kind}: ${c.name}`, c] as const))('runtime halves of %s', async (_n, c) => {
    const { provider } = irFromYaml(schemeSpec(c.scheme));
    const s = provider.securitySchemes[0]!;
    const client = (await import(path.join(repoRoot, 'templates/runtime', c.kind.runtime.client.module))) as Record<string, unknown>;
    const factory = client[c.kind.runtime.client.name] as (...args: unknown[]) => SchemeApplier;
    expect(typeof factory).toBe('function');
    const applier = factory(...c.kind.client(s).args);
    const auth = Object.fromEntries(c.kind.client(s).fields.map((f) => [f.field, f.type === 'strings' ? [] : `${f.field}-value`]));
    const host = { provider: { id: 'unit' }, auth, base: 'https://api.test', schemeState: {}, remember() {}, forget() {}, scrub: (t: string) => t } as unknown as SchemeHost;
    applier.init?.(host);
    const out: PreparedAuth = { headers: {}, query: '', cookie: undefined, perCall: undefined };
    applier.apply(host, out);
    if (c.sends !== undefined) expect({ headers: out.headers, query: out.query, cookie: out.cookie, perCall: out.perCall !== undefined }).toEqual({ headers: {}, query: '', cookie: undefined, perCall: false, ...c.sends });
    else expect(out.perCall, 'a kind without `sends` gets its token per call').toBeDefined();
    if (c.mock === undefined) return;
    const mock = (await import(path.join(repoRoot, 'templates/runtime', c.kind.runtime.mock.module))) as Record<string, unknown>;
    const check = mock[c.kind.runtime.mock.name] as SchemeCheck;
    const ctx: SchemeContext = { challenge: false, basicCredentials: () => undefined, userOk: () => false, users: new Map(), keys: () => new Map(), tokens: new Map(), sessions: new Map(), store: () => new Map(), clientOk: () => false, issueToken: () => ({ token: 't', expiresIn: 1 }) };
    const verdict = check({ ...c.mock, check } as MockScheme, 's', { method: 'POST', target: '/x', headers: {}, query: new URLSearchParams(), cookies: new Map() }, ctx);
    expect(verdict?.deny).toBe('missing');
    // A route of the kind's own: its path under the mock's base path, and an answer to an empty request.
    const ep = c.kind.runtime.endpoint;
    if (ep !== undefined) {
      const endpoint = ((await import(path.join(repoRoot, 'templates/runtime', ep.module))) as Record<string, SchemeEndpoint>)[ep.name]!;
      expect(endpoint.path({ ...c.mock, check } as MockScheme, '/base')).toMatch(/^\//);
      expect(endpoint.answer({ ...c.mock, check } as MockScheme, { headers: {} }, new Uint8Array(), ctx).status).toBe(400);
    }
  });

  it('IRAuth and body encodings are the unions of the registered kinds (checked by the compiler: narrow, every kind in it)', () => {
    // Compile-time: `string` is not assignable to the union (it did not widen), and every registered kind is in it.
    type Wide = string extends IRAuth['kind'] ? true : false;
    const wide: Wide = false;
    // The same for body encodings: IRMediaContent.encoding is the union of the registered body kinds.
    type WideBody = string extends NonNullable<IRMediaContent['encoding']> ? true : false;
    const wideBody: WideBody = false;
    const encodings: NonNullable<IRMediaContent['encoding']>[] = bodyKinds.map((k) => k.kind);
    expect([wideBody, encodings.length]).toEqual([false, bodyKinds.length]);
    const kinds: IRAuth['kind'][] = schemeKinds.map((k) => k.kind);
    expect(wide).toBe(false);
    expect(new Set(kinds).size).toBe(schemeKinds.length);
  });

  it('a scheme no kind reads is `unsupported`, named by its OpenAPI type', () => {
    const { provider } = irFromYaml(schemeSpec({ type: 'mutualTLS' }));
    expect(provider.securitySchemes[0]!.auth).toEqual({ kind: 'unsupported', what: 'mutualTLS' });
  });

  it('an apiKey scheme without `in` or `name` is a located error', () => {
    const { diagnostics } = irFromYaml(schemeSpec({ type: 'apiKey', name: 'k' }));
    expect(diagnostics.items.map((d) => `${d.code} ${d.pointer}`)).toEqual(['security-invalid /components/securitySchemes/s/in']);
  });

  it('x-auth-option must be an identifier', () => {
    const { diagnostics } = irFromYaml(schemeSpec({ type: 'http', scheme: 'bearer', 'x-auth-option': 'not an identifier' }));
    expect(diagnostics.items.map((d) => `${d.code} ${d.pointer}`)).toEqual(['extension-invalid /components/securitySchemes/s/x-auth-option']);
  });
});

describe('body kinds of the registry', () => {
  for (const k of bodyKinds) {
    it(`${k.kind} takes its media types and leaves the others`, () => {
      for (const m of k.examples.takes) expect(k.matches(m), m).toBe(true);
      for (const m of k.examples.leaves) expect(k.matches(m), m).toBe(false);
    });
  }
  it('the reader records each media type\'s encoding in the IR', () => {
    const content = Object.fromEntries(['application/json', 'application/problem+json', 'text/xml; charset=utf-8', 'text/plain'].map((m) => [m, { schema: { type: 'string' } }]));
    const { provider } = irFromYaml(JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { post: { requestBody: { content }, responses: { '200': { description: 'ok' } } } } } }));
    expect(provider.operations[0]!.requestBody!.contents.map((c) => [c.mediaType, c.encoding ?? null])).toEqual([
      ['application/json', 'json'],
      ['application/problem+json', 'json'],
      ['text/xml; charset=utf-8', 'xml'],
      ['text/plain', null],
    ]);
  });

  it('form and multipart media types keep their encoding map; the file members of multipart bodies only become Blobs', () => {
    const file = { type: 'string', format: 'binary' };
    const op = (content: unknown) => ({ post: { requestBody: { content }, responses: { '200': { description: 'ok' } } } });
    const { provider } = irFromYaml(JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/form': op({ 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { m: { type: 'object' } } }, encoding: { m: { style: 'deepObject', explode: true } } } }),
        '/multi': op({ 'multipart/form-data': { schema: { type: 'object', properties: { f: file, fs: { type: 'array', items: file }, meta: { type: 'object' }, png: { type: 'string', contentMediaType: 'image/png' }, b64: { type: 'string', contentMediaType: 'image/png', contentEncoding: 'base64' } } }, encoding: { meta: { contentType: 'application/json' } } } }),
        '/json': op({ 'application/json': { schema: { type: 'object', properties: { f: file } } } }),
      },
    }));
    markBodyFiles(provider);
    const [form, multi, json] = provider.operations.map((o) => o.requestBody!.contents[0]!);
    expect(form!.encoding).toBe('form');
    expect(Object.entries(form!.parts!).map(([k, v]) => [k, v.style, v.explode, v.source.pointer])).toEqual([['m', 'deepObject', true, '/paths/~1form/post/requestBody/content/application~1x-www-form-urlencoded/encoding/m']]);
    expect(multi!.encoding).toBe('multipart');
    expect(multi!.parts!.meta!.contentType).toBe('application/json');
    const props = (c: typeof multi) => Object.fromEntries(c!.schema.object!.properties.map((p) => [p.name, p.schema]));
    expect(props(multi).f!.blob).toBe(true);
    expect(props(multi).fs!.array!.items!.blob).toBe(true);
    expect(props(multi).meta!.blob).toBeUndefined();
    // OpenAPI 3.1: raw bytes of a media type are a file; base64 text is not.
    expect(props(multi).png!.blob).toBe(true);
    expect(props(multi).b64!.blob).toBeUndefined();
    // In a JSON body format: binary stays an annotation on a string.
    expect(props(json).f!.blob).toBeUndefined();
  });

  it('no media type is taken by two kinds', () => {
    for (const k of bodyKinds) for (const m of k.examples.takes) expect(bodyKinds.filter((x) => x.matches(m)).length, m).toBe(1);
  });
});

describe('the docs table lists every kind', () => {
  it('the generated package README has one row per wire kind', () => {
    const readme = readFileSync(path.join(repoRoot, 'generated/README.md'), 'utf8');
    for (const r of docRows()) expect(readme).toContain(`| ${r.kind} | ${r.spec} | ${r.client} | ${r.mock} |`);
  });
});

// ---- read once -------------------------------------------------------------------------------------------

/** A provider folder in a temp specs root, generated; the diagnostics of the run (empty when it succeeds). */
async function run(spec: object): Promise<{ diagnostics: Diagnostic[]; files: Map<string, string> | undefined }> {
  const root = mkdtempSync(path.join(tmpdir(), 'provgen-wire-'));
  temp.push(root);
  mkdirSync(path.join(root, 'w'));
  writeFileSync(path.join(root, 'w', 'openapi.yaml'), JSON.stringify(spec));
  try {
    const r = await generate(root, { skipValidation: true });
    return { diagnostics: r.diagnostics.items, files: r.files };
  } catch (e) {
    if (e instanceof SpecError) return { diagnostics: e.diagnostics, files: undefined };
    throw e;
  }
}

/** Avvio's shape: an RPC body with credentials inside, mocked. */
function rpcSpec(op: object): object {
  return {
    openapi: '3.1.0',
    info: { title: 'W', version: '1' },
    paths: {
      '/': {
        post: {
          operationId: 'create',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Req' } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } } } },
          'x-mock': { reply: { ok: true, code: 0 } },
          ...op,
        },
      },
    },
    components: {
      schemas: {
        Req: { type: 'object', properties: { auth: { type: 'object', properties: { user: { type: 'string' }, pass: { type: 'string' } } }, name: { type: 'string' } } },
        Res: { type: 'object', properties: { ok: { type: 'boolean' }, code: { type: 'integer' }, text: { type: 'string' } } },
      },
    },
  };
}

describe('extensions are read once', () => {
  const at = (ds: Diagnostic[], pointer: string) => ds.filter((d) => d.severity === 'error' && d.pointer.startsWith(pointer));

  it('x-body-credentials with keys beyond username and password: one diagnostic, though client and mock both use it', async () => {
    const r = await run(rpcSpec({ 'x-body-credentials': { property: 'auth', username: 'user', password: 'pass', token: 'tok' } }));
    expect(at(r.diagnostics, '/paths/~1/post/x-body-credentials').map((d) => `${d.code} ${d.pointer} ${d.line}`)).toEqual(['extension-invalid /paths/~1/post/x-body-credentials/token 1']);
  });

  it('x-vendor-status without messageField: accepted by every output', async () => {
    const r = await run(rpcSpec({ 'x-vendor-status': { successField: 'ok', codeField: 'code' } }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.files!.get('w/client.js')).toContain('vendor: { field: ["ok"], success: true, code: ["code"] },');
    expect(r.files!.get('w/mock.js')).toContain('vendorStatus: { field: ["ok"], failure: false, code: ["code"], numericCode: true },');
  });

  it.each([
    ['a field equal to a string', { field: 'text', success: 'fine', failure: 'bad', code: 'code', message: 'text' }, 'vendor: { field: ["text"], success: "fine", code: ["code"], message: ["text"] },', 'vendorStatus: { field: ["text"], failure: "bad", code: ["code"], numericCode: true, message: ["text"] },'],
    ['a boolean field by pointer', { field: '/ok', message: '/text' }, 'vendor: { field: ["ok"], success: true, message: ["text"] },', 'vendorStatus: { field: ["ok"], failure: false, message: ["text"] },'],
  ])('x-vendor-status, general form (%s): read into the IR for client and mock', async (_name, decl, client, mock) => {
    const r = await run(rpcSpec({ 'x-vendor-status': decl }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.files!.get('w/client.js')).toContain(client);
    expect(r.files!.get('w/mock.js')).toContain(mock);
  });

  it.each([
    ['fields and content', { code: 'code', message: '/text', content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } } }, []],
    ['content only', { content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } } }, []],
    ['neither', {}, ['extension-invalid /x-errors']],
    ['an unknown member', { code: 'code', shape: 1 }, ['extension-invalid /x-errors/shape']],
    ['a media type the client cannot read', { content: { 'text/plain': { schema: { type: 'string' } } } }, ['extension-invalid /x-errors/content/text~1plain']],
    ['a code the shape lacks', { code: 'errno', content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } } }, ['field-unknown /x-errors/code']],
  ])('x-errors (%s): read into the IR, or located errors', async (_name, decl, want) => {
    const spec = rpcSpec({}) as Record<string, unknown>;
    const r = await run({ ...spec, 'x-errors': decl });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.pointer}`)).toEqual(want);
    if (want.length === 0 && 'content' in decl) expect(r.files!.get('w/client.js')).toContain('errorShape: [');
  });

  it.each([
    ['no field', { code: 'code' }, ['extension-invalid /paths/~1/post/x-vendor-status']],
    ['unknown member', { field: 'ok', sucess: true }, ['extension-invalid /paths/~1/post/x-vendor-status/sucess']],
    ['a string success without failure', { field: 'text', success: 'fine' }, ['extension-invalid /paths/~1/post/x-vendor-status']],
    ['failure equal to success', { field: 'text', success: 'a', failure: 'a' }, ['extension-invalid /paths/~1/post/x-vendor-status/failure']],
    ['a pointer with an empty segment', { field: '/ok//x' }, ['extension-invalid /paths/~1/post/x-vendor-status/field']],
    ['a field the reply lacks', { field: 'done', code: '/code' }, ['field-unknown /paths/~1/post/x-vendor-status/field']],
    ['a success value of another type', { field: 'ok', success: 'yes', failure: 'no' }, ['field-unknown /paths/~1/post/x-vendor-status/failure', 'field-unknown /paths/~1/post/x-vendor-status/success']],
  ])('x-vendor-status, malformed (%s): located errors', async (_name, decl, want) => {
    const r = await run(rpcSpec({ 'x-vendor-status': decl }));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.pointer}`)).toEqual(want);
  });

  it('a malformed x-soap: one diagnostic (the XML, client and mock outputs all need the binding)', async () => {
    const r = await run(rpcSpec({ 'x-soap': { path: '/soap', action: 'a', namespace: 'urn:x', requestWrapper: 'bad name', requestElement: 'r', responseWrapper: 'R', resultElement: 'x' } }));
    expect(at(r.diagnostics, '/paths/~1/post/x-soap').map((d) => `${d.code} ${d.pointer}`)).toEqual(['soap-binding-invalid /paths/~1/post/x-soap/requestWrapper']);
  });

  it('a malformed x-session-logon: one diagnostic', async () => {
    const r = await run(rpcSpec({ 'x-session-logon': { cookie: 'sid' } }));
    expect(at(r.diagnostics, '/paths/~1/post/x-session-logon').map((d) => `${d.code} ${d.pointer}`)).toEqual(['extension-invalid /paths/~1/post/x-session-logon']);
  });
});

// ---- emitters alone ----------------------------------------------------------------------------------------

describe('each emitter alone on each provider', async () => {
  const whole = await generate(specsDir, { skipValidation: true });
  const { ir } = await readSpecs(specsDir, { skipValidation: true });
  for (const provider of ir.providers) {
    for (const emitter of emitters) {
      it(`${emitter.name} on ${provider.id}: no passes run before, same bytes as the whole run`, () => {
        delete provider.facts;
        const diagnostics = new Diagnostics();
        const names = allocateProviderNames(provider, diagnostics);
        const out = emitter.emit({ provider, names, diagnostics });
        expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
        for (const f of out) {
          const generated = whole.files.get(`${provider.id}/${f.file}`);
          expect(generated, f.file).toBeDefined();
          expect(generated!.slice(generated!.indexOf('\n') + 1)).toBe(f.content);
        }
      });
    }
  }
});

// ---- emitters read only the IR -----------------------------------------------------------------------------

describe('emitters', () => {
  const dir = path.join(repoRoot, 'generator/emit');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')] as const);
  it('never read raw `x-` extensions', () => {
    for (const [f, text] of sources) {
      expect(text.match(/\.extensions\b|'x-[a-z-]+'\]/g) ?? [], f).toEqual([]);
    }
  });
  it('do not import each other (the client, mock, XML and validator emitters)', () => {
    const emitterFiles = ['client.ts', 'mock.ts', 'xml.ts', 'validators.ts'];
    for (const [f, text] of sources) {
      if (!emitterFiles.includes(f)) continue;
      const imports = [...text.matchAll(/^import[^;]*from '\.\/([a-z-]+\.ts)'/gm)].map((m) => m[1]);
      expect(imports.filter((i) => emitterFiles.includes(i!)), f).toEqual([]);
    }
  });
});

// ---- the file builder --------------------------------------------------------------------------------------

describe('FileBuilder imports', () => {
  it('de-duplicates, sorts modules and names, merges type and value uses', () => {
    const f = new FileBuilder();
    f.import('b', './m.js');
    f.import('a', './m.js', { type: true });
    f.import('b', './m.js', { type: true });
    f.import('T', './types.js', { type: true });
    f.importNamespace('../runtime/client.js', '$rt');
    f.code.line('const x = 1;');
    expect(f.toString()).toBe(['import * as $rt from "../runtime/client.js";', 'import { type a, b } from "./m.js";', 'import type { T } from "./types.js";', '', 'const x = 1;', ''].join('\n'));
  });

  it('aliases a name that clashes with a declaration of the file or another import', () => {
    const f = new FileBuilder(['isEmail']);
    expect(f.import('isEmail', '../runtime/validation.js')).toBe('isEmail2');
    expect(f.import('isEmail', './other.js')).toBe('isEmail3');
    expect(f.import('isEmail', '../runtime/validation.js')).toBe('isEmail2');
    expect(f.renderImports()).toBe('import { isEmail as isEmail2 } from "../runtime/validation.js";\nimport { isEmail as isEmail3 } from "./other.js";\n');
  });

  it('imports under a name the naming pass allocated, and refuses one the file already declares', () => {
    const f = new FileBuilder(['Account']);
    expect(f.import('MockServer', '../runtime/mock.js', { type: true, as: 'MockServer2' })).toBe('MockServer2');
    expect(f.renderImports()).toBe('import type { MockServer as MockServer2 } from "../runtime/mock.js";\n');
    expect(() => f.import('Account', './models.js', { type: true, as: 'Account' })).toThrow(/already declared/);
  });

  it('a namespace import keeps its name unless the file declares it', () => {
    expect(new FileBuilder().importNamespace('./x.js', '$rt')).toBe('$rt');
    expect(new FileBuilder(['$rt']).importNamespace('./x.js', '$rt')).toBe('$rt2');
  });

  it('JSDoc type tags name a runtime type through the namespace import, or import("...") without one', () => {
    const f = new FileBuilder(['$rt']);
    const ns = f.importNamespace('../runtime/client.js', '$rt');
    expect(f.jsDocType('OperationDescriptor', '../runtime/client.js').text).toBe(`${ns}.OperationDescriptor`);
    expect(f.jsDocType('MockDefinition', '../runtime/mock.js').text).toBe('import("../runtime/mock.js").MockDefinition');
    expect(() => f.jsDocType('Not a name', '../runtime/mock.js')).toThrow(/not a type name/);
    const tag = { tag: 'type', type: f.jsDocType('OperationDescriptor', '../runtime/client.js') } as const;
    expect(jsDoc(['op: `POST /a`  */ evil'], '', [tag])).toBe('/**\n * op: `POST /a`  *\\/ evil\n * @type {$rt2.OperationDescriptor}\n */\n');
    expect(jsDoc([], '  ', [tag])).toBe('  /**\n   * @type {$rt2.OperationDescriptor}\n   */\n');
  });
});
