/**
 * The structural check of OpenAPI documents (generator/readers/openapi/structure.ts): each mistake is found at
 * the pointer of the node, and the OpenAPI library it replaced (still a dev dependency, used for Swagger 2.0)
 * agrees that the document is invalid; documents the specification allows pass both.
 */
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { checkStructure } from '../generator/readers/openapi/structure.ts';

type Doc = Record<string, unknown>;

const ok = { '200': { description: 'ok' } };
const v30 = (extra: Doc): Doc => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, ...extra });
const v31 = (extra: Doc): Doc => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: ok } } }, ...extra });
const get = (op: Doc, path = '/a'): Doc => ({ paths: { [path]: { get: { responses: ok, ...op } } } });

const invalid: [string, Doc, string, RegExp][] = [
  ['info without title', { openapi: '3.0.3', info: { version: '1' }, paths: {} }, '/info', /must have the member "title"/],
  ['3.1: version a number', v31({ info: { title: 't', version: 1 } }), '/info/version', /must be a string/],
  ['a parameter in body', v30(get({ parameters: [{ name: 'q', in: 'body', schema: { type: 'string' } }] })), '/paths/~1a/get/parameters/0/in', /must be one of/],
  ['an optional path parameter', v30(get({ parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }] }, '/a/{id}')), '/paths/~1a~1{id}/get/parameters/0', /cannot be optional/],
  ['a template name without parameter', v30(get({}, '/a/{id}')), '/paths/~1a~1{id}/get', /missing path parameter\(s\) for `\{id\}`/],
  ['a path parameter not in the template', v31(get({ parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] })), '/paths/~1a/get/parameters/0', /no corresponding `\{id\}`/],
  [
    'two query parameters of one name',
    v30(get({ parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }, { name: 'q', in: 'query', schema: { type: 'integer' } }] })),
    '/paths/~1a/get/parameters/1',
    /multiple `query` parameters named `q`/,
  ],
  ['an unknown member of an operation', v30(get({ summry: 'x' })), '/paths/~1a/get/summry', /has no member "summry"/],
  ['no responses', v30(get({ responses: {} })), '/paths/~1a/get/responses', /at least one response/],
  ['a response without description', v30(get({ responses: { '200': {} } })), '/paths/~1a/get/responses/200', /must have the member "description"/],
  ['a status code that is none', v30(get({ responses: { '200': { description: 'ok' }, '600': { description: 'x' } } })), '/paths/~1a/get/responses/600', /has no member "600"/],
  ['an apiKey scheme without in', v30({ components: { securitySchemes: { k: { type: 'apiKey', name: 'X-Key' } } } }), '/components/securitySchemes/k', /must have the member "in"/],
  ['a Swagger basic scheme', v30({ components: { securitySchemes: { k: { type: 'basic' } } } }), '/components/securitySchemes/k/type', /Swagger 2\.0/],
  ['an oauth2 flow without tokenUrl', v31({ components: { securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { scopes: {} } } } } } }), '/components/securitySchemes/o/flows/clientCredentials', /must have the member "tokenUrl"/],
  ['3.0: a JSON Schema keyword OpenAPI 3.0 has not', v30({ components: { schemas: { A: { type: 'string', const: 'x' } } } }), '/components/schemas/A/const', /has no member "const"/],
  ['3.0: a nested schema that is no object', v30({ components: { schemas: { A: { type: 'object', properties: { b: 'string' } } } } }), '/components/schemas/A/properties/b', /must be a Schema Object/],
  ['3.0: required empty', v30({ components: { schemas: { A: { type: 'object', required: [] } } } }), '/components/schemas/A/required', /at least 1 item/],
  ['schema and content both', v30(get({ parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, content: { 'application/json': {} } }] })), '/paths/~1a/get/parameters/0', /either "schema" or "content", not both/],
  [
    'a parameter reference that points at a schema',
    v30({ ...get({ parameters: [{ $ref: '#/components/schemas/S' }] }), components: { schemas: { S: { type: 'string' } } } }),
    '/components/schemas/S',
    /must have the member "name"/,
  ],
  ['a component name with a space', v30({ components: { schemas: { 'A B': { type: 'string' } } } }), '/components/schemas/A B', /not a valid component name/],
  ['an array parameter without items', v30(get({ parameters: [{ name: 'q', in: 'query', schema: { type: 'array' } }] })), '/paths/~1a/get/parameters/0/schema', /items/],
  ['example and examples', v30(get({ responses: { '200': { description: 'ok', content: { 'application/json': { example: 1, examples: {} } } } } })), '/paths/~1a/get/responses/200/content/application~1json', /both "example" and "examples"/],
  ['3.1: nothing to describe', { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }, '', /at least one entry/],
  ['a server without url', v31({ servers: [{ description: 'x' }] }), '/servers/0', /must have the member "url"/],
  ['3.1: a link with both targets', v31(get({ responses: { '200': { description: 'ok', links: { l: { operationId: 'a', operationRef: '#/x' } } } } })), '/paths/~1a/get/responses/200/links/l', /not both/],
  ['tags not a list', v30({ tags: { name: 'x' } }), '/tags', /must be an array/],
  ['a path that does not start with /', v30({ paths: { a: {} } }), '/paths/a', /has no member "a"/],
  ['3.0: a version the schema does not know', { openapi: '3.0.10', info: { title: 't', version: '1' }, paths: {} }, '/openapi', /not an OpenAPI 3\.0 version/],
];

const valid: [string, Doc][] = [
  ['3.1 with webhooks only', { openapi: '3.1.0', info: { title: 't', version: '1' }, webhooks: { w: { post: { responses: ok } } } }],
  ['extensions everywhere', v30({ 'x-a': 1, info: { title: 't', version: '1', 'x-b': 2 }, paths: { '/a': { 'x-d': 4, get: { 'x-e': 5, responses: { '200': { description: 'ok', 'x-g': 7 } } } } } })],
  ['3.0: a reference with a sibling', v30({ components: { schemas: { A: { type: 'string' }, B: { $ref: '#/components/schemas/A', description: 'x' } } } })],
  [
    'a shared path parameter by reference',
    v30({ paths: { '/a/{id}': { parameters: [{ $ref: '#/components/parameters/id' }], get: { responses: ok } } }, components: { parameters: { id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } } } }),
  ],
  ['3.1: any JSON Schema keyword', v31({ components: { schemas: { A: { const: 'x', $defs: { b: true }, prefixItems: [true] }, B: true } } })],
  ['3.1: mutualTLS and a bearer format', v31({ components: { securitySchemes: { m: { type: 'mutualTLS' }, b: { type: 'http', scheme: 'Bearer', bearerFormat: 'JWT' } } } })],
  ['a circular schema reference', v30({ components: { schemas: { N: { type: 'object', properties: { next: { $ref: '#/components/schemas/N/properties/next' } } } } } })],
];

async function libraryValid(doc: Doc): Promise<boolean> {
  return (await validate(structuredClone(doc) as unknown as Parameters<typeof validate>[0], { validate: { errors: { colorize: false } } })).valid;
}

describe('structural check of OpenAPI documents', () => {
  it.each(invalid)('%s: found at its pointer, and the OpenAPI library agrees it is invalid', async (_name, doc, pointer, message) => {
    const problems = checkStructure(structuredClone(doc));
    expect(problems.map((p) => p.pointer)).toContain(pointer);
    expect(problems.find((p) => p.pointer === pointer)!.message).toMatch(message);
    expect(await libraryValid(doc)).toBe(false);
  });

  it.each(valid)('%s: valid for both', async (_name, doc) => {
    expect(checkStructure(structuredClone(doc))).toEqual([]);
    expect(await libraryValid(doc)).toBe(true);
  });

  it('checks a target reached by several references once', () => {
    const doc = v30({
      ...get({ parameters: [{ $ref: '#/components/schemas/S' }], requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/S' } } } } }),
      components: { schemas: { S: { type: 'string' } } },
    });
    (doc.paths as Doc)['/b'] = { get: { responses: ok, parameters: [{ $ref: '#/components/schemas/S' }] } };
    const problems = checkStructure(doc).filter((p) => p.pointer === '/components/schemas/S');
    expect(problems.map((p) => p.message)).toEqual(['a Parameter Object must have the member "name"', 'a Parameter Object must have the member "in"', 'a Parameter Object must have either "schema" or "content"']);
  });
});
