/** Table-driven: one row per schema kind, given a schema, want the TypeScript type the models emitter writes. */
import { describe, expect, it } from 'vitest';
import { tsType, emitModelsDts, emitModelsJs } from '../generator/emit/types.ts';
import { irFromYaml, withSchemas } from './support/ir.ts';

function typeOf(schema: unknown, version = '3.1.0', extra: Record<string, unknown> = {}): string {
  const { provider, names, diagnostics } = irFromYaml(withSchemas({ T: schema, ...extra }, version));
  expect(diagnostics.items).toEqual([]);
  return tsType(provider.models[0]!.schema, { names });
}

const rows: [string, unknown, string][] = [
  ['string', { type: 'string' }, 'string'],
  ['integer', { type: 'integer', format: 'int32' }, 'number'],
  ['int64 (lossless policy)', { type: 'integer', format: 'int64' }, 'number | bigint'],
  ['number', { type: 'number' }, 'number'],
  ['boolean', { type: 'boolean' }, 'boolean'],
  ['null', { type: 'null' }, 'null'],
  ['type list', { type: ['string', 'null'] }, 'string | null'],
  ['string enum', { type: 'string', enum: ['a', 'b'] }, '"a" | "b"'],
  ['enum (quotes)', { enum: ['it\'s', 'say "hi"'] }, '"it\'s" | "say \\"hi\\""'],
  ['enum (UTF-8 and U+2028)', { enum: ['😀', 'a\u2028b'] }, '"😀" | "a\\u2028b"'],
  ['integer enum', { type: 'integer', enum: [1, 2, 11] }, '1 | 2 | 11'],
  ['negative enum', { enum: [-1, 0] }, '-1 | 0'],
  ['const', { const: 'createAccount' }, '"createAccount"'],
  ['array', { type: 'array', items: { type: 'string' } }, 'string[]'],
  ['array of union', { type: 'array', items: { type: ['string', 'number'] } }, '(string | number)[]'],
  ['tuple', { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false }, '[string, number]'],
  ['open tuple', { type: 'array', prefixItems: [{ type: 'string' }] }, '[string, ...unknown[]]'],
  ['ref', { $ref: '#/components/schemas/U' }, 'U'],
  ['anyOf', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'string | number'],
  ['oneOf', { oneOf: [{ $ref: '#/components/schemas/U' }, { type: 'null' }] }, 'U | null'],
  ['allOf', { allOf: [{ $ref: '#/components/schemas/U' }, { $ref: '#/components/schemas/U' }] }, 'U & U'],
  ['nullable (3.0)', { type: 'string', nullable: true }, 'string | null'],
  ['true schema', true, 'unknown'],
  ['false schema', false, 'never'],
  ['empty schema', {}, 'unknown'],
  ['map', { type: 'object', additionalProperties: { type: 'integer' } }, '{\n  [key: string]: number;\n}'],
  ['closed empty object', { type: 'object', additionalProperties: false }, 'Record<string, never>'],
  ['open empty object', { type: 'object' }, '{ [key: string]: unknown }'],
];

describe('tsType per schema kind', () => {
  it.each(rows)('%s', (_name, schema, want) => {
    const version = _name.includes('3.0') ? '3.0.3' : '3.1.0';
    expect(typeOf(schema, version, { U: { type: 'string' } })).toBe(want);
  });

  it('object: required vs optional, quoted keys, docs', () => {
    const t = typeOf({
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string', description: 'has */ inside', maxLength: 4 },
        'b-c': { type: 'boolean' },
        __proto__x: { type: 'string' },
      },
    });
    expect(t).toBe(
      [
        '{',
        '  /**',
        '   * has *\\/ inside',
        '   *',
        '   * @maxLength 4',
        '   */',
        '  a: string;',
        '  "b-c"?: boolean;',
        '  __proto__x?: string;',
        '}',
      ].join('\n'),
    );
  });
});

describe('enum constants', () => {
  it('named members from x-enum-varnames, values as literals', () => {
    const { provider, names } = irFromYaml(
      withSchemas({ AccountType: { type: 'integer', enum: [1, 11], 'x-enum-varnames': ['CustomerAccount', 'CieBootcamp'] } }),
    );
    const js = emitModelsJs(provider, { names });
    expect(js).toContain('export const AccountType = Object.freeze({\n  CustomerAccount: 1,\n  CieBootcamp: 11,\n});');
    const dts = emitModelsDts(provider, { names });
    expect(dts).toContain('export type AccountType = 1 | 11;');
    expect(dts).toContain('readonly CustomerAccount: 1;');
  });

  it('derives member names from string values, keeping signs apart', () => {
    const { provider, names } = irFromYaml(withSchemas({ Tz: { type: 'string', enum: ['UTC-11', 'UTC+12', 'UTC', 'Pacific Standard Time (Mexico)'] } }));
    const js = emitModelsJs(provider, { names });
    expect(js).toContain('UTCMinus11: "UTC-11"');
    expect(js).toContain('UTCPlus12: "UTC+12"');
    expect(js).toContain('UTC: "UTC"');
    expect(js).toContain('PacificStandardTimeMexico: "Pacific Standard Time (Mexico)"');
  });

  it('inline property enums get <Model><Property> constants', () => {
    const { provider, names } = irFromYaml(withSchemas({ Req: { type: 'object', properties: { status: { type: 'integer', enum: [0, 1], 'x-enum-varnames': ['Inactive', 'Active'] } } } }));
    const js = emitModelsJs(provider, { names });
    expect(js).toContain('export const ReqStatus = Object.freeze({\n  Inactive: 0,\n  Active: 1,\n});');
  });
});

describe('names', () => {
  it('reports two schemas that collide after sanitising', () => {
    const { diagnostics } = irFromYaml(withSchemas({ 'pull-request': { type: 'string' }, pull_request: { type: 'string' } }));
    expect(diagnostics.items.map((d) => [d.code, d.pointer])).toEqual([['name-collision', '/components/schemas/pull_request']]);
  });
  it('never emits a reserved word as a name', () => {
    const { provider, names } = irFromYaml(withSchemas({ default: { type: 'string' }, constructor: { type: 'string' } }));
    expect(provider.models.map((m) => names.modelName(m.key).name)).toEqual(['Default', 'Constructor']);
  });
});

describe('parenthesising', () => {
  it('wraps a nullable object in an array', () => {
    expect(typeOf({ type: 'array', items: { type: ['object', 'null'], properties: { a: { type: 'string' } } } })).toBe(
      '({\n  a?: string;\n} | null)[]',
    );
  });
  it('leaves a string literal with a pipe alone', () => {
    expect(typeOf({ type: 'array', items: { const: 'a|b' } })).toBe('"a|b"[]');
  });
});
