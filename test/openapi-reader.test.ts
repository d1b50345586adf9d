/** OpenAPI reader: 3.1 and 3.0 input into the IR, one row per construct. */
import { describe, expect, it } from 'vitest';
import type { IRSchema } from '../generator/ir/types.ts';
import { irFromYaml, withSchemas } from './support/ir.ts';

function schemaOf(schema: unknown, version = '3.1.0'): IRSchema {
  const { provider, diagnostics } = irFromYaml(withSchemas({ T: schema }, version));
  expect(diagnostics.items).toEqual([]);
  return provider.models[0]!.schema;
}

/** The IR without its source locations, for compact expectations. */
function strip(s: unknown): unknown {
  return JSON.parse(JSON.stringify(s, (k, v) => (k === 'source' ? undefined : v)));
}

describe('3.0 input is normalised to 3.1', () => {
  const rows: [string, unknown, unknown][] = [
    ['nullable', { type: 'string', nullable: true }, { types: ['string', 'null'], meta: {} }],
    ['exclusiveMinimum: true', { type: 'number', minimum: 0, exclusiveMinimum: true }, { types: ['number'], number: { exclusiveMinimum: 0 }, meta: {} }],
    ['exclusiveMaximum: false', { type: 'number', maximum: 9, exclusiveMaximum: false }, { types: ['number'], number: { maximum: 9 }, meta: {} }],
    ['example', { type: 'string', example: 'x' }, { types: ['string'], meta: { examples: ['x'] } }],
    ['tuple items', { type: 'array', items: [{ type: 'string' }], additionalItems: false }, { types: ['array'], array: { prefixItems: [{ types: ['string'], meta: {} }], items: { bool: false, meta: {} } }, meta: {} }],
  ];
  it.each(rows)('%s', (_n, given, want) => {
    expect(strip(schemaOf(given, '3.0.3'))).toEqual(want);
  });
});

describe('3.1 keywords', () => {
  const rows: [string, unknown, unknown][] = [
    ['type list', { type: ['integer', 'null'], format: 'int64' }, { types: ['integer', 'null'], number: { format: 'int64' }, meta: {} }],
    ['string facets', { type: 'string', minLength: 1, maxLength: 60, pattern: '^a', format: 'email' }, { types: ['string'], string: { minLength: 1, maxLength: 60, pattern: '^a', format: 'email' }, meta: {} }],
    ['const', { const: 'createAccount' }, { const: { value: 'createAccount' }, meta: {} }],
    ['dependentRequired', { dependentRequired: { a: ['b'] } }, { object: { properties: [], dependentRequired: [{ property: 'a', requires: ['b'] }] }, meta: {} }],
    ['if/then', { if: { required: ['a'] }, then: { required: ['b'] } }, { if: { object: { properties: [], extraRequired: ['a'] }, meta: {} }, then: { object: { properties: [], extraRequired: ['b'] }, meta: {} }, meta: {} }],
    ['xml object', { type: 'string', xml: { attribute: true, name: 'A', namespace: 'urn:x', prefix: 'p' } }, { types: ['string'], xml: { name: 'A', namespace: 'urn:x', prefix: 'p', attribute: true }, meta: {} }],
    ['enum names', { type: 'integer', enum: [1, 2], 'x-enum-varnames': ['One', 'Two'] }, { types: ['integer'], enum: [1, 2], meta: { enumNames: ['One', 'Two'] } }],
    ['property order kept', { type: 'object', required: ['b'], properties: { b: { type: 'string' }, a: { type: 'string' } } }, { types: ['object'], object: { properties: [{ name: 'b', schema: { types: ['string'], meta: {} }, required: true }, { name: 'a', schema: { types: ['string'], meta: {} }, required: false }] }, meta: {} }],
  ];
  it.each(rows)('%s', (_n, given, want) => {
    expect(strip(schemaOf(given))).toEqual(want);
  });
});

describe('operations', () => {
  const doc = `
openapi: 3.0.3
info: { title: t, version: "2" }
servers: [{ url: 'https://api.example.test' }]
security: [{ basic: [] }]
x-error-catalog:
  - { code: "E1", httpStatus: 400, message: "Name too long." }
paths:
  /things/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    post:
      operationId: createThing
      x-error-codes: [E1]
      x-custom: { a: 1 }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                name: { type: string, maxLength: 3, x-vendor-errors: { maxLength: E1 } }
            example: { name: abc }
      responses:
        '200': { $ref: '#/components/responses/Ok' }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
  parameters:
    Id: { name: id, in: path, required: true, schema: { type: integer } }
  responses:
    Ok:
      description: fine
      headers: { X-Rate: { schema: { type: integer } } }
      content: { application/json: { schema: { type: object } } }
`;
  const { provider, diagnostics } = irFromYaml(doc);
  const op = provider.operations[0]!;
  it('reads without problems', () => expect(diagnostics.items).toEqual([]));
  it('resolves parameter and response $refs, keeps path-level parameters', () => {
    expect(op.parameters.map((p) => [p.name, p.in, p.required])).toEqual([['id', 'path', true]]);
    expect(op.responses[0]!.description).toBe('fine');
    expect(op.responses[0]!.headers.map((h) => h.name)).toEqual(['X-Rate']);
  });
  it('inherits global security, keeps extensions and catalog codes', () => {
    expect(op.security).toEqual([['basic']]);
    expect(provider.securitySchemes.map((s) => [s.key, s.type])).toEqual([['basic', 'http-basic']]);
    expect(op.extensions).toEqual({ 'x-custom': { a: 1 } });
    expect(op.errorCodes).toEqual(['E1']);
  });
  it('ties vendor codes to rules with the vendor message', () => {
    const name = op.requestBody!.contents[0]!.schema.object!.properties[0]!.schema;
    expect(name.meta.vendorErrors).toEqual({ maxLength: { code: 'E1', message: 'Name too long.' } });
  });
  it('keeps the example and the line of each node', () => {
    expect(op.requestBody!.contents[0]!.examples.map((e) => e.value)).toEqual([{ name: 'abc' }]);
    expect(op.source.line).toBe(13);
  });
  it('reports a vendor code missing from the catalog', () => {
    const bad = irFromYaml(doc.replace('maxLength: E1 }', 'maxLength: E9 }'));
    expect(bad.diagnostics.items.map((d) => [d.code, d.pointer])).toEqual([
      ['error-code-unknown', '/paths/~1things~1{id}/post/requestBody/content/application~1json/schema/properties/name/x-vendor-errors/maxLength'],
    ]);
  });
});
