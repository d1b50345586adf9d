/**
 * The validators emitter: table-driven keyword tests (given a small schema and a value, want these issues),
 * the vendor codes of the real specs, first-error mode, the number policy, code-point lengths, hostile keys and
 * inputs, fast-check properties (never throws; the specs' own examples pass), and generation errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../generator/diagnostics.ts';
import type { IRModel, IRProvider, IRSchema } from '../generator/ir/types.ts';
import { readJsonSchema } from '../generator/readers/jsonschema.ts';
import * as runtime from '../templates/runtime/validation.js';
import { specsDir } from './support/paths.ts';
import { generateValidators, importValidatorModule, importValidators, loadSpecValidators, providerOf, removeValidatorsTmpRoot, validatorsTmpRoot, type Guard, type Validate, type ValidationIssue } from './support/validators.ts';

afterAll(() => removeValidatorsTmpRoot());

// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = (formatsPlugin as unknown as { default: (a: Ajv2020, formats: string[]) => void }).default;

/** The root validator of a small JSON Schema document. */
/** The validator of a schema, with its type guard. */
async function compileBoth(schema: unknown): Promise<{ validate: Validate; guard: Guard }> {
  const diagnostics = new Diagnostics();
  const { models } = readJsonSchema(schema, 'test.json', diagnostics);
  expect(diagnostics.items).toEqual([]);
  const gen = generateValidators(providerOf(models));
  // An unknown format is a warning (not checked); anything else would be a problem with the table.
  expect(gen.diagnostics.items.filter((d) => d.code !== 'format-unchecked')).toEqual([]);
  const mod = await importValidatorModule(gen.js);
  const name = gen.names.modelName('#').name;
  return { validate: mod.validators[name]!, guard: mod.guards[name]! };
}

async function compile(schema: unknown): Promise<Validate> {
  return (await compileBoth(schema)).validate;
}

function summary(issues: ValidationIssue[]): [string, string][] {
  return issues.map((i) => [i.path, i.keyword]);
}

interface Row {
  name: string;
  schema: unknown;
  value: unknown;
  /** [path, keyword] of every expected issue, in order; [] for valid. */
  want: [string, string][];
}

const rows: Row[] = [
  // type
  { name: 'type string ok', schema: { type: 'string' }, value: 'a', want: [] },
  { name: 'type string vs number', schema: { type: 'string' }, value: 1, want: [['', 'type']] },
  { name: 'type integer vs 1.5', schema: { type: 'integer' }, value: 1.5, want: [['', 'type']] },
  { name: 'type integer accepts 1.0', schema: { type: 'integer' }, value: 1.0, want: [] },
  { name: 'type number rejects NaN', schema: { type: 'number' }, value: NaN, want: [['', 'type']] },
  { name: 'type number rejects Infinity', schema: { type: 'number' }, value: Infinity, want: [['', 'type']] },
  { name: 'type list with null', schema: { type: ['string', 'null'] }, value: null, want: [] },
  { name: 'type object vs array', schema: { type: 'object' }, value: [], want: [['', 'type']] },
  { name: 'type array vs object', schema: { type: 'array' }, value: {}, want: [['', 'type']] },
  { name: 'type null vs undefined', schema: { type: 'null' }, value: undefined, want: [['', 'type']] },
  { name: 'type list, checks for two types, first', schema: { type: ['string', 'integer'], minLength: 2, minimum: 0 }, value: 'abc', want: [] },
  { name: 'type list, checks for two types, second', schema: { type: ['string', 'integer'], minLength: 2, minimum: 0 }, value: 5, want: [] },
  { name: 'type list, checks for two types, string issue', schema: { type: ['string', 'integer'], minLength: 2, minimum: 0 }, value: 'a', want: [['', 'minLength']] },
  { name: 'type list, checks for two types, number issue', schema: { type: ['string', 'integer'], minLength: 2, minimum: 0 }, value: -1, want: [['', 'minimum']] },
  { name: 'type list, checks for two types, neither', schema: { type: ['string', 'integer'], minLength: 2, minimum: 0 }, value: true, want: [['', 'type']] },
  { name: 'boolean schema false', schema: false, value: 1, want: [['', 'false']] },
  // required / properties / additionalProperties
  { name: 'required missing', schema: { required: ['a', 'b'] }, value: { a: 1 }, want: [['/b', 'required']] },
  { name: 'required ignores non-objects', schema: { required: ['a'] }, value: 'x', want: [] },
  {
    name: 'properties nested path',
    schema: { properties: { a: { properties: { 'b/c~d': { type: 'string' } } } } },
    value: { a: { 'b/c~d': 1 } },
    want: [['/a/b~1c~0d', 'type']],
  },
  {
    name: 'additionalProperties false',
    schema: { properties: { a: {} }, additionalProperties: false },
    value: { a: 1, b: 2, 'x/y': 3 },
    want: [['/b', 'additionalProperties'], ['/x~1y', 'additionalProperties']],
  },
  {
    name: 'additionalProperties schema',
    schema: { properties: { a: {} }, additionalProperties: { type: 'integer' } },
    value: { a: 'x', b: 'y' },
    want: [['/b', 'type']],
  },
  {
    name: 'patternProperties and additionalProperties',
    schema: { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false },
    value: { 'x-a': 'ok', 'x-b': 1, c: 1 },
    want: [['/x-b', 'type'], ['/c', 'additionalProperties']],
  },
  {
    name: 'patternProperties on a declared name',
    schema: { properties: { 'x-a': { type: 'string' } }, patternProperties: { '^x-': { minLength: 3 } } },
    value: { 'x-a': 'ab' },
    want: [['/x-a', 'minLength']],
  },
  { name: 'propertyNames', schema: { propertyNames: { maxLength: 2 } }, value: { ab: 1, abc: 2 }, want: [['/abc', 'propertyNames']] },
  { name: 'minProperties', schema: { minProperties: 2 }, value: { a: 1 }, want: [['', 'minProperties']] },
  { name: 'maxProperties', schema: { maxProperties: 1 }, value: { a: 1, b: 2 }, want: [['', 'maxProperties']] },
  // enum / const
  { name: 'enum strings', schema: { enum: ['a', 'b'] }, value: 'c', want: [['', 'enum']] },
  { name: 'enum numbers equal 1.0', schema: { enum: [1, 2] }, value: 1.0, want: [] },
  { name: 'enum false is not 0', schema: { enum: [false] }, value: 0, want: [['', 'enum']] },
  { name: 'enum objects', schema: { enum: [{ a: [1] }] }, value: { a: [1] }, want: [] },
  { name: 'enum large set', schema: { enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }, value: 'z', want: [['', 'enum']] },
  { name: 'const object with a __proto__ key', schema: JSON.parse('{"const": {"__proto__": 1}}'), value: JSON.parse('{"__proto__": 1}'), want: [] },
  { name: 'const object differs', schema: JSON.parse('{"const": {"__proto__": 1}}'), value: {}, want: [['', 'const']] },
  { name: 'const scalar', schema: { const: 'x' }, value: 'y', want: [['', 'const']] },
  // the enum fast path (every member passes the other checks): members pass, the rest get the full checks
  { name: 'fast enum int32 member', schema: { type: 'integer', format: 'int32', enum: [1, 2, 11] }, value: 11, want: [] },
  { name: 'fast enum int32 not a member', schema: { type: 'integer', format: 'int32', enum: [1, 2, 11] }, value: 3, want: [['', 'enum']] },
  { name: 'fast enum int32 string', schema: { type: 'integer', format: 'int32', enum: [1, 2, 11] }, value: '1', want: [['', 'type'], ['', 'enum']] },
  { name: 'fast enum int32 fraction', schema: { type: 'integer', format: 'int32', enum: [1, 2, 11] }, value: 1.5, want: [['', 'type'], ['', 'enum']] },
  { name: 'fast enum int32 too large', schema: { type: 'integer', format: 'int32', enum: [1, 2, 11] }, value: 2 ** 31, want: [['', 'format'], ['', 'enum']] },
  { name: 'fast enum int32 -0 is 0', schema: { type: 'integer', format: 'int32', enum: [0] }, value: -0, want: [] },
  { name: 'fast enum strings with facets', schema: { type: 'string', maxLength: 3, pattern: '^[a-c]+$', enum: ['a', 'bb', 'ccc'] }, value: 'dddd', want: [['', 'maxLength'], ['', 'pattern'], ['', 'enum']] },
  { name: 'fast enum nullable', schema: { type: ['string', 'null'], enum: ['a', null] }, value: null, want: [] },
  { name: 'fast enum large set', schema: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }, value: 1, want: [['', 'type'], ['', 'enum']] },
  { name: 'fast const', schema: { type: 'string', maxLength: 3, const: 'abc' }, value: 'abcd', want: [['', 'maxLength'], ['', 'const']] },
  { name: 'fast const and enum', schema: { type: 'integer', const: 2, enum: [1, 2] }, value: 1, want: [['', 'const']] },
  { name: 'fast enum inside anyOf', schema: { anyOf: [{ type: 'integer', format: 'int32', enum: [1, 2] }, { type: 'string', enum: ['a'] }] }, value: 'b', want: [['', 'anyOf']] },
  { name: 'fast enum inside anyOf, member', schema: { anyOf: [{ type: 'integer', format: 'int32', enum: [1, 2] }, { type: 'string', enum: ['a'] }] }, value: 2, want: [] },
  { name: 'fast enum inside not', schema: { not: { type: 'integer', enum: [1, 2] } }, value: 1, want: [['', 'not']] },
  // no fast path: a member fails another check, which is then reported for it
  { name: 'enum member too long', schema: { type: 'string', maxLength: 2, enum: ['a', 'abc'] }, value: 'abc', want: [['', 'maxLength']] },
  { name: 'enum member of the wrong type', schema: { type: 'integer', enum: [1, 'a'] }, value: 'a', want: [['', 'type']] },
  { name: 'enum member out of int32', schema: { type: 'integer', format: 'int32', enum: [1, 2 ** 31] }, value: 2 ** 31, want: [['', 'format']] },
  { name: 'enum member below minimum', schema: { type: 'integer', minimum: 1, enum: [0, 1] }, value: 0, want: [['', 'minimum']] },
  { name: 'enum member not a date', schema: { type: 'string', format: 'date', enum: ['2024-02-30', '2024-02-29'] }, value: '2024-02-30', want: [['', 'format']] },
  { name: 'const not in enum', schema: { const: 3, enum: [1, 2] }, value: 3, want: [['', 'enum']] },
  // strings
  { name: 'minLength', schema: { minLength: 2 }, value: 'a', want: [['', 'minLength']] },
  { name: 'maxLength', schema: { maxLength: 2 }, value: 'abc', want: [['', 'maxLength']] },
  { name: 'maxLength counts an emoji once', schema: { maxLength: 2 }, value: '😀😀', want: [] },
  { name: 'minLength counts an emoji once', schema: { minLength: 3 }, value: '😀😀', want: [['', 'minLength']] },
  { name: 'maxLength lone surrogate is one', schema: { maxLength: 1 }, value: '\ud800', want: [] },
  { name: 'length keywords ignore non-strings', schema: { maxLength: 1 }, value: 12345, want: [] },
  { name: 'pattern', schema: { pattern: '^[a-z]+$' }, value: 'aB', want: [['', 'pattern']] },
  { name: 'pattern unicode', schema: { pattern: '^\\p{L}$' }, value: 'é', want: [] },
  // formats
  { name: 'format email ok', schema: { format: 'email' }, value: 'a@example.com', want: [] },
  { name: 'format email bad', schema: { format: 'email' }, value: 'a@', want: [['', 'format']] },
  { name: 'format date-time ok', schema: { format: 'date-time' }, value: '2030-12-31T00:00:00Z', want: [] },
  { name: 'format date-time bad day', schema: { format: 'date-time' }, value: '2030-02-30T00:00:00Z', want: [['', 'format']] },
  { name: 'format date', schema: { format: 'date' }, value: '2024-02-29', want: [] },
  { name: 'format time', schema: { format: 'time' }, value: '25:00:00Z', want: [['', 'format']] },
  { name: 'format uri ok', schema: { format: 'uri' }, value: 'https://example.com/a?b#c', want: [] },
  { name: 'format uri relative', schema: { format: 'uri' }, value: '/a/b', want: [['', 'format']] },
  { name: 'format int32 range', schema: { type: 'integer', format: 'int32' }, value: 2 ** 31, want: [['', 'format']] },
  { name: 'format int32 ok', schema: { type: 'integer', format: 'int32' }, value: -(2 ** 31), want: [] },
  { name: 'format int32 top', schema: { type: 'integer', format: 'int32' }, value: 2 ** 31 - 1, want: [] },
  { name: 'format int32 below', schema: { type: 'integer', format: 'int32' }, value: -(2 ** 31) - 1, want: [['', 'format']] },
  { name: 'format int32 -0', schema: { type: 'integer', format: 'int32' }, value: -0, want: [] },
  { name: 'format int32 fraction is a type issue', schema: { type: 'integer', format: 'int32' }, value: 1.5, want: [['', 'type']] },
  { name: 'format int32 numeric string', schema: { type: 'integer', format: 'int32' }, value: '1', want: [['', 'type']] },
  { name: 'format int32 with minimum', schema: { type: 'integer', format: 'int32', minimum: 0 }, value: -1, want: [['', 'minimum']] },
  { name: 'format int32 too large and below minimum', schema: { type: 'integer', format: 'int32', minimum: 0 }, value: -(2 ** 40), want: [['', 'format'], ['', 'minimum']] },
  { name: 'format int32 on number', schema: { type: 'number', format: 'int32' }, value: 1.5, want: [['', 'format']] },
  { name: 'format int32 without type', schema: { format: 'int32' }, value: 1.5, want: [['', 'format']] },
  { name: 'format int32 without type ignores strings', schema: { format: 'int32' }, value: 'x', want: [] },
  { name: 'unknown format is not checked', schema: { type: 'string', format: 'uri-template' }, value: 'not {a template', want: [] },
  { name: 'unknown format on any type', schema: { format: 'unknown' }, value: 12, want: [] },
  { name: 'annotation format binary', schema: { type: 'string', format: 'binary' }, value: '\u0000', want: [] },
  // numbers
  { name: 'minimum', schema: { minimum: 1 }, value: 0, want: [['', 'minimum']] },
  { name: 'exclusiveMinimum', schema: { exclusiveMinimum: 1 }, value: 1, want: [['', 'exclusiveMinimum']] },
  { name: 'maximum', schema: { maximum: 1 }, value: 2, want: [['', 'maximum']] },
  { name: 'exclusiveMaximum', schema: { exclusiveMaximum: 1 }, value: 1, want: [['', 'exclusiveMaximum']] },
  { name: 'multipleOf integer', schema: { multipleOf: 3 }, value: 7, want: [['', 'multipleOf']] },
  { name: 'multipleOf fraction', schema: { multipleOf: 0.01 }, value: 19.99, want: [] },
  { name: 'multipleOf fraction bad', schema: { multipleOf: 0.01 }, value: 19.995, want: [['', 'multipleOf']] },
  // arrays
  { name: 'minItems', schema: { minItems: 1 }, value: [], want: [['', 'minItems']] },
  { name: 'maxItems', schema: { maxItems: 1 }, value: [1, 2], want: [['', 'maxItems']] },
  { name: 'uniqueItems scalars', schema: { uniqueItems: true }, value: [1, '1', 1], want: [['', 'uniqueItems']] },
  { name: 'uniqueItems objects', schema: { uniqueItems: true }, value: [{ a: 1, b: 2 }, { b: 2, a: 1 }], want: [['', 'uniqueItems']] },
  { name: 'uniqueItems 1 and 1.0', schema: { uniqueItems: true }, value: [1, 1.0], want: [['', 'uniqueItems']] },
  { name: 'items path', schema: { items: { type: 'string' } }, value: ['a', 2, 'c', 4], want: [['/1', 'type'], ['/3', 'type']] },
  { name: 'prefixItems', schema: { prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }, value: ['a', 'b'], want: [['/1', 'type']] },
  { name: 'prefixItems with items false', schema: { prefixItems: [{}], items: false }, value: [1, 2], want: [['', 'items']] },
  { name: 'contains', schema: { contains: { type: 'string' } }, value: [1, 2], want: [['', 'contains']] },
  { name: 'minContains', schema: { contains: { const: 1 }, minContains: 2 }, value: [1, 2], want: [['', 'minContains']] },
  { name: 'maxContains', schema: { contains: { const: 1 }, maxContains: 1 }, value: [1, 1], want: [['', 'maxContains']] },
  // combinators
  { name: 'allOf reports inner issues', schema: { allOf: [{ minimum: 2 }, { maximum: 0 }] }, value: 1, want: [['', 'minimum'], ['', 'maximum']] },
  { name: 'anyOf ok', schema: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, value: 1, want: [] },
  { name: 'anyOf fails', schema: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, value: 1.5, want: [['', 'anyOf']] },
  { name: 'oneOf none', schema: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, value: null, want: [['', 'oneOf']] },
  { name: 'oneOf several', schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] }, value: 1, want: [['', 'oneOf']] },
  { name: 'oneOf one', schema: { oneOf: [{ type: 'number' }, { type: 'string' }] }, value: 1, want: [] },
  { name: 'not', schema: { not: { type: 'string' } }, value: 'a', want: [['', 'not']] },
  {
    name: 'if/then',
    schema: { if: { properties: { a: { const: 1 } } }, then: { required: ['b'] }, else: { required: ['c'] } },
    value: { a: 1 },
    want: [['/b', 'required']],
  },
  {
    name: 'if/else',
    schema: { if: { properties: { a: { const: 1 } } }, then: { required: ['b'] }, else: { required: ['c'] } },
    value: { a: 2 },
    want: [['/c', 'required']],
  },
  { name: 'dependentRequired', schema: { dependentRequired: { a: ['b', 'c'] } }, value: { a: 1, c: 1 }, want: [['/b', 'dependentRequired']] },
  { name: 'dependentSchemas', schema: { dependentSchemas: { a: { required: ['b'] } } }, value: { a: 1 }, want: [['/b', 'required']] },
  // $ref
  {
    name: 'recursive $ref',
    schema: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } } },
    value: { name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] },
    want: [['/children/0/children/0/name', 'type']],
  },
  {
    name: '$ref to $defs with siblings',
    schema: { $defs: { s: { type: 'string' } }, properties: { a: { $ref: '#/$defs/s', maxLength: 1 } } },
    value: { a: 'ab' },
    want: [['/a', 'maxLength']],
  },
  {
    name: 'mutually recursive $defs inside anyOf',
    schema: {
      $defs: { a: { anyOf: [{ type: 'integer' }, { type: 'array', items: { $ref: '#/$defs/b' } }] }, b: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/a' }] } },
      $ref: '#/$defs/a',
    },
    value: [['x', [1, null]]],
    want: [['', 'anyOf']],
  },
];

describe('keywords (table)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const { validate, guard } = await compileBoth(row.schema);
      const r = validate(row.value);
      expect(r.valid ? [] : summary(r.issues)).toEqual(row.want);
      if (row.want.length === 0) expect(r).toEqual({ valid: true, value: row.value });
      expect(guard(row.value)).toBe(row.want.length === 0);
    });
  }
});

describe('function size', () => {
  it('a model stops inlining referenced models at 200 schema nodes, and calls them instead (V8 optimizes no bigger function)', async () => {
    // `part` has 61 nodes and is referenced five times: three copies fit beside the root's own six nodes.
    const part = { type: 'object', properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, { type: 'string', format: 'uri' }])) };
    const schema = { $defs: { part }, type: 'object', properties: Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, { $ref: '#/$defs/part' }])) };
    const diagnostics = new Diagnostics();
    const { models } = readJsonSchema(schema, 'test.json', diagnostics);
    const gen = generateValidators(providerOf(models));
    const partFn = `check${gen.names.modelName('#/$defs/part').name}`;
    const root = gen.js.slice(gen.js.indexOf(`function check${gen.names.modelName('#').name}(`));
    const rootBody = root.slice(0, root.indexOf('\n}\n'));
    expect(rootBody.split(`${partFn}(`).length - 1).toBe(2);
    expect(rootBody.split('isUri(').length - 1).toBe(180);
    const { validate, guard } = await compileBoth(schema);
    const ok = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, 'http://a/']));
    const value = { a: ok, b: ok, c: ok, d: ok, e: { ...ok, p59: 'not a uri' } };
    expect(summary((validate(value) as { issues: ValidationIssue[] }).issues)).toEqual([['/e/p59', 'format']]);
    expect(guard(value)).toBe(false);
    expect(guard({ ...value, e: ok })).toBe(true);
  });
});

describe('the type guard puts off code-point counts', () => {
  // A string 1 to m units over a maxLength of m fits only if it holds enough surrogate pairs; a guard's first
  // pass takes it as fitting, and an exact second pass counts it only when nothing else failed.
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', maxLength: 3 },
      inner: { $ref: '#/$defs/inner' },
      tags: { type: 'array', maxItems: 1, items: { type: 'string', maxLength: 2 } },
    },
    $defs: { inner: { type: 'object', properties: { note: { type: 'string', maxLength: 2 } } } },
  };
  const rows: { name: string; value: unknown; valid: boolean }[] = [
    { name: 'a string over the limit in units only (pairs)', value: { name: '😀😀😀' }, valid: true },
    { name: 'a string over the limit in code points, nothing else wrong', value: { name: 'abcd' }, valid: false },
    { name: 'one pair short of fitting', value: { name: '😀abcd' }, valid: false },
    { name: 'over the limit in a referenced model', value: { inner: { note: 'abc' } }, valid: false },
    { name: 'pairs in a referenced model', value: { inner: { note: '😀😀' } }, valid: true },
    { name: 'over the limit in an array item', value: { tags: ['abc'] }, valid: false },
    { name: 'a put-off string and a later failure', value: { name: 'abcd', tags: ['a', 'b'] }, valid: false },
    { name: 'a put-off string that fits and a later failure', value: { name: '😀😀😀', tags: ['a', 'b'] }, valid: false },
    { name: 'a put-off string and an undeclared member', value: { name: '😀😀😀', other: 1 }, valid: false },
  ];
  it.each(rows)('$name', async ({ value, valid }) => {
    const { validate, guard } = await compileBoth(schema);
    expect(validate(value).valid).toBe(valid);
    expect(guard(value)).toBe(valid);
    // The first-error mode counts at once and agrees.
    expect(validate(value, { firstError: true }).valid).toBe(valid);
  });
  it('a guard called from a getter during another guard does not hide the outer one\'s put-off count', async () => {
    const { guard } = await compileBoth(schema);
    // The getter runs a guard on a valid value after `name` (too long by code points) was put off.
    const value = {
      name: 'abcd',
      get inner() {
        expect(guard({ name: 'ab' })).toBe(true);
        return { note: 'a' };
      },
    };
    expect(guard(value)).toBe(false);
  });
  it('a closed object reads its declared members before it looks for undeclared ones', async () => {
    const { validate } = await compileBoth(schema);
    const result = validate({ other: 1, name: 'abcd' });
    expect(summary((result as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'maxLength'], ['/other', 'additionalProperties']]);
  });
});

describe('the enum and int32 fast paths agree with Ajv', () => {
  it('on random small schemas and values: validity, and the keywords of the issues', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv, ['date']);
    ajv.addFormat('int32', { type: 'number', validate: (x: number) => Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31 });
    const pool = [0, 1, 2, 11, -1, 2 ** 31, 1.5, 'a', 'bb', 'ccc', '2024-02-29', '2024-02-30', null, true];
    const values = [...pool, -0, '1', 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, {}, [], false];
    const schemaArb = fc.record(
      {
        type: fc.constantFrom('integer', 'number', 'string', ['integer', 'string'], ['string', 'null'], ['integer', 'null']),
        format: fc.constantFrom('int32', 'date'),
        enum: fc.subarray(pool, { minLength: 1 }),
        const: fc.constantFrom(...pool),
        minimum: fc.constantFrom(0, 1),
        maxLength: fc.constantFrom(1, 2),
      },
      { requiredKeys: [] },
    );
    // Schemas whose members all pass the other keywords (the fast path), with a few keywords around them.
    const fastArb = fc.oneof(
      fc.record({ type: fc.constantFrom('integer', ['integer', 'null']), format: fc.constant('int32'), enum: fc.subarray([0, 1, 2, 11, -1, null], { minLength: 1 }), minimum: fc.constant(-1) }, { requiredKeys: ['type', 'enum'] }),
      fc.record({ type: fc.constantFrom('string', ['string', 'null']), enum: fc.subarray(['a', 'bb', null], { minLength: 1 }), maxLength: fc.constant(2) }, { requiredKeys: ['type', 'enum'] }),
      fc.record({ type: fc.constant('string'), format: fc.constant('date'), const: fc.constant('2024-02-29'), enum: fc.constant(['2024-02-29', 'a']) }, { requiredKeys: ['type', 'const'] }),
    );
    const schemas = [
      ...fc.sample(schemaArb.filter((x) => x.enum !== undefined || x.const !== undefined), { numRuns: 50, seed: 2020 }),
      ...fc.sample(fastArb, { numRuns: 30, seed: 2020 }),
    ];
    let fast = 0;
    for (const schema of schemas) {
      const gen = generateValidators(providerOf(readJsonSchema(schema, 'oracle.json', new Diagnostics()).models));
      if (/if \(v0 !== |if \(!values\d+\.has\(v0\)|if \(!equal\(v0, /.test(gen.js.split('function checkRoot')[1]!.split('\n')[1]!)) fast++;
      const ours = (await importValidators(gen.js)).Root!;
      const theirs = ajv.compile(schema);
      for (const value of values) {
        const r = ours(value);
        const label = `${JSON.stringify(schema)} on ${JSON.stringify(value)}`;
        expect(r.valid, label).toBe(theirs(value));
        // Where the type is wrong Ajv still applies keywords of other types (a string format to a string that
        // should have been an integer); ours does not, so then only type, enum and const are compared.
        const typeWrong = (theirs.errors ?? []).some((e) => e.keyword === 'type');
        const keywords = (list: string[]): string[] => list.filter((k) => !typeWrong || ['type', 'enum', 'const'].includes(k)).sort();
        expect(keywords(r.valid ? [] : r.issues.map((i) => i.keyword)), label).toEqual(keywords((theirs.errors ?? []).map((e) => e.keyword)));
        const first = ours(value, { firstError: true });
        expect(first.valid ? 0 : first.issues.length, label).toBe(r.valid ? 0 : 1);
      }
    }
    // The sample exercises the fast path, not only the general one.
    expect(fast).toBeGreaterThan(30);
  });
});

describe('runtime helpers', () => {
  it('isDateTime (written out flat) agrees with isDate + "T" + isTime on mutated date-times', () => {
    const seeds = [
      '2030-12-31T00:00:00Z', '2024-02-29T23:59:60.5-01:30', '1998-12-31T23:59:60Z', '2000-02-29t12:00:00+14:00',
      // Leap seconds at 23:59:60 UTC through an offset, and one minute off.
      '1998-12-31T15:59:60.123-08:00', '1999-01-01T05:29:60+05:30', '1999-01-01T05:30:60+05:30',
    ];
    const reference = (s: string): boolean => s.length >= 20 && (s[10] === 'T' || s[10] === 't') && runtime.isDate(s.slice(0, 10)) && runtime.isTime(s.slice(11));
    const edit = fc.tuple(fc.nat(), fc.constantFrom(...'0123456789-:.+TtZz /\u0000\uffff'), fc.constantFrom('replace', 'insert', 'delete'));
    // Fields a little past their ranges, so every bound is crossed.
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    const built = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }), t: fc.constantFrom('T', 't', ' '),
        h: fc.integer({ min: 0, max: 25 }), mi: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constant(59)), s: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constant(60)),
        frac: fc.constantFrom('', '.5', '.123456', '.'),
        zone: fc.oneof(
          fc.constantFrom('Z', 'z', '', 'X'),
          fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constant(0))).map(([sign, oh, om]) => `${sign}${pad(oh, 2)}:${pad(om, 2)}`),
        ),
      })
      .map((f) => `${pad(f.y, 4)}-${pad(f.mo, 2)}-${pad(f.d, 2)}${f.t}${pad(f.h, 2)}:${pad(f.mi, 2)}:${pad(f.s, 2)}${f.frac}${f.zone}`);
    fc.assert(
      fc.property(built, (s) => {
        expect(runtime.isDateTime(s), JSON.stringify(s)).toBe(reference(s));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...seeds), built), fc.array(edit, { maxLength: 3 }), (seed, edits) => {
        let s = seed;
        for (const [at, ch, op] of edits) {
          const i = at % (s.length + 1);
          s = op === 'replace' ? s.slice(0, i) + ch + s.slice(i + 1) : op === 'insert' ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
        }
        expect(runtime.isDateTime(s), JSON.stringify(s)).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('ucs2length counts code points, a lone surrogate as one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\u00e9', '\ud83d', '\ude00', '\ud800', '\udc00', '\ud83d\ude00') }), (s) => {
        expect(runtime.ucs2length(s)).toBe([...s].length);
      }),
    );
  });
});

describe('number policy (int64)', () => {
  let validate: Validate;
  beforeAll(async () => {
    validate = await compile({ type: 'integer', format: 'int64', minimum: 0 });
  });
  it('accepts a safe integer number and a bigint', () => {
    expect(validate(9007199254740991).valid).toBe(true);
    expect(validate(9223372036854775807n).valid).toBe(true);
  });
  it('rejects an unsafe integer number (not lossless)', () => {
    expect(summary((validate(2 ** 53) as { issues: ValidationIssue[] }).issues)).toEqual([['', 'format']]);
  });
  it('rejects a bigint outside the int64 range, and applies minimum to bigints', () => {
    expect(validate(9223372036854775808n).valid).toBe(false);
    expect(summary((validate(-1n) as { issues: ValidationIssue[] }).issues)).toEqual([['', 'minimum']]);
  });
  it('does not accept a bigint where the schema is not int64', async () => {
    const plain = await compile({ type: 'integer' });
    expect(plain(1n).valid).toBe(false);
  });
  it('compares bigints with number enum members and multipleOf', async () => {
    expect((await compile({ type: 'integer', format: 'int64', enum: [1, 2] }))(2n).valid).toBe(true);
    expect((await compile({ type: 'integer', format: 'int64', multipleOf: 2 }))(3n).valid).toBe(false);
  });
});

describe('the generated validators of the specs', () => {
  const byProvider: Record<string, Record<string, Validate>> = {};
  let provider: Record<string, IRProvider> = {};
  beforeAll(async () => {
    const loaded = await loadSpecValidators(specsDir);
    provider = Object.fromEntries(loaded.providers.map((p) => [p.id, p]));
    Object.assign(byProvider, loaded.validators);
  });

  const customer = (): Record<string, unknown> => ({
    name: 'Acme Customer',
    accountName: 'Acme',
    shipToBillAddress: true,
  });
  const tier3 = (): Record<string, unknown> => ({
    ParentAlias: '1000', Location: 'WA1', BusinessName: 'Demo Biz', Address1: '110 110th Avenue', City: 'Bellevue',
    StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '877-388-4373', ShareParentNetworks: true,
    BillingResponsibilityID: 2,
  });
  const issuesOf = (r: ReturnType<Validate>): ValidationIssue[] => (r.valid ? [] : r.issues);

  it('has a validator for every model of every provider', () => {
    for (const [id, p] of Object.entries(provider)) expect(Object.keys(byProvider[id]!).length, id).toBe(p.models.length);
  });

  it('Jasper: a customer name of 61 characters gives 10000582', () => {
    const r = byProvider.jasper!.CreateCustomerRequest!({ ...customer(), name: 'x'.repeat(61) });
    expect(issuesOf(r)).toEqual([
      {
        path: '/name',
        keyword: 'maxLength',
        message: 'must be at most 60 characters long',
        code: '10000582',
        vendorMessage: 'Invalid customer name. Number of characters allowed 1 - 60.',
      },
    ]);
  });

  it('Jasper: 60 emoji are 60 characters (code points), 61 are too many', () => {
    expect(byProvider.jasper!.CreateCustomerRequest!({ ...customer(), name: '😀'.repeat(60) }).valid).toBe(true);
    expect(issuesOf(byProvider.jasper!.CreateCustomerRequest!({ ...customer(), name: '😀'.repeat(61) })).map((i) => i.code)).toEqual(['10000582']);
  });

  it('Jasper: five contacts give 10000588', () => {
    const r = byProvider.jasper!.CreateCustomerRequest!({ ...customer(), contacts: [{}, {}, {}, {}, {}] });
    expect(issuesOf(r).map((i) => [i.path, i.keyword, i.code])).toEqual([['/contacts', 'maxItems', '10000588']]);
  });

  it('Jasper: a security question without an answer gives 10000584 (and the reverse 10000585)', () => {
    const q = issuesOf(byProvider.jasper!.CreateCustomerRequest!({ ...customer(), securityQuestion: 'Pet?' }));
    expect(q.map((i) => [i.path, i.keyword, i.code, i.vendorMessage])).toEqual([['/securityAnswer', 'dependentRequired', '10000584', 'Security answer missing.']]);
    const a = issuesOf(byProvider.jasper!.CreateCustomerRequest!({ ...customer(), securityAnswer: 'Rex' }));
    expect(a.map((i) => i.code)).toEqual(['10000585']);
  });

  it('Jasper: missing name, missing body, and the shipping-address rule', () => {
    const { name: _n, ...rest } = customer();
    expect(issuesOf(byProvider.jasper!.CreateCustomerRequest!(rest)).map((i) => [i.path, i.code])).toEqual([['/name', '10000581']]);
    expect(issuesOf(byProvider.jasper!.CreateCustomerRequest!(null)).map((i) => i.code)).toEqual(['10000580']);
    const noShip = issuesOf(byProvider.jasper!.CreateCustomerRequest!({ name: 'a', accountName: 'b' }));
    expect(noShip.map((i) => [i.path, i.keyword])).toEqual([['/shippingAddress', 'required']]);
  });

  it('Tier 3: a request without BusinessName gives 1602', () => {
    const { BusinessName: _b, ...rest } = tier3();
    const r = byProvider.tier3!.CreateAccountRequest!(rest);
    expect(issuesOf(r)).toEqual([
      {
        path: '/BusinessName',
        keyword: 'required',
        message: 'must have required property "BusinessName"',
        code: 1602,
        vendorMessage: 'Business Name Required. \u00a0You must provide a business name when calling this method.',
      },
    ]);
  });

  it('Tier 3: the vendor example as written (strings for a boolean and an integer) is rejected with 1616', () => {
    const r = issuesOf(byProvider.tier3!.CreateAccountRequest!({ ...tier3(), ShareParentNetworks: 'true', BillingResponsibilityID: '2' }));
    expect(r.map((i) => [i.path, i.keyword, i.code])).toEqual([
      ['/ShareParentNetworks', 'type', undefined],
      ['/BillingResponsibilityID', 'type', 1616],
      ['/BillingResponsibilityID', 'enum', 1616],
    ]);
  });

  it('Tier 3: a billing responsibility that is an integer but not 1 or 2 gives 1616 once (the enum fast path)', () => {
    const r = issuesOf(byProvider.tier3!.CreateAccountRequest!({ ...tier3(), BillingResponsibilityID: 3 }));
    expect(r.map((i) => [i.path, i.keyword, i.code])).toEqual([['/BillingResponsibilityID', 'enum', 1616]]);
    const first = issuesOf(byProvider.tier3!.CreateAccountRequest!({ ...tier3(), BillingResponsibilityID: 1.5 }, { firstError: true }));
    expect(first.map((i) => [i.path, i.keyword, i.code])).toEqual([['/BillingResponsibilityID', 'type', 1616]]);
    expect(byProvider.tier3!.CreateAccountRequest!({ ...tier3(), BillingResponsibilityID: 1 }).valid).toBe(true);
  });

  it('QuickHelp: int32 members and enums (the fast paths) report what is wrong, in order', () => {
    const valid = {
      companyName: 'Contoso Ltd', eula: 3, accountType: 4, contractStatus: 1, domains: ['contoso.com'], expirationDate: '2030-12-31T00:00:00Z',
      licenses: 250, skUs: [{ licenseCount: 100, skuId: 1 }],
    };
    expect(byProvider.quickhelp!.AccountCreationDto!(valid)).toEqual({ valid: true, value: valid });
    const r = issuesOf(byProvider.quickhelp!.AccountCreationDto!({
      ...valid, eula: 1.5, accountType: 9, contractStatus: 2 ** 31, expirationDate: '2030-02-30T00:00:00Z', licenses: 2 ** 31, domains: ['contoso.com', 7], skUs: [{ skuId: 1 }],
    }));
    expect(r.map((i) => [i.path, i.keyword])).toEqual([
      ['/eula', 'type'],
      ['/accountType', 'enum'],
      ['/contractStatus', 'format'],
      ['/contractStatus', 'enum'],
      ['/domains/1', 'type'],
      ['/expirationDate', 'format'],
      ['/licenses', 'format'],
      ['/skUs/0/licenseCount', 'required'],
    ]);
  });

  it('reports every issue by default and only the first with { firstError: true }', () => {
    const bad = { ...customer(), name: '', contacts: [{}, {}, {}, {}, { phone: 'x'.repeat(26) }], securityQuestion: 'q', extra: 1 };
    const all = issuesOf(byProvider.jasper!.CreateCustomerRequest!(bad));
    expect(all.map((i) => i.code ?? i.keyword)).toEqual(['10000582', '10000588', '10000591', 'additionalProperties', '10000584']);
    const first = issuesOf(byProvider.jasper!.CreateCustomerRequest!(bad, { firstError: true }));
    expect(first).toEqual([all[0]]);
  });

  it('every JSON example in the specs passes its validator', () => {
    let checked = 0;
    for (const p of Object.values(provider)) {
      for (const op of p.operations) {
        const contents = [...(op.requestBody?.contents ?? []), ...op.responses.flatMap((r) => r.contents)];
        for (const c of contents) {
          if (!c.mediaType.includes('json') || c.schema.ref === undefined) continue;
          const model = p.models.find((m) => m.key === c.schema.ref)!;
          const validate = Object.entries(byProvider[p.id]!).find(([, v]) => v.name === `validate${model.name}`)?.[1];
          for (const ex of c.examples) {
            const r = validate!(ex.value);
            expect(r, `${p.id} ${ex.source.pointer}`).toEqual({ valid: true, value: ex.value });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('never throws on arbitrary values, at the root and nested in valid-looking objects', () => {
    const all = Object.values(byProvider).flatMap((vs) => Object.values(vs));
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withObjectString: true, withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, maxDepth: 4 }), (value) => {
        for (const validate of all) {
          const r = validate(value);
          const r2 = validate({ ...customer(), ...tier3(), contacts: [value], billingAddress: value, AccountDetails: value, skUs: [value] });
          for (const res of [r, r2]) {
            if (!res.valid) for (const i of res.issues) expect(typeof i.path === 'string' && typeof i.message === 'string').toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('wrong types at every level of a valid value are reported, never thrown', () => {
    const valid = { ...customer(), contacts: [{ name: 'A', phone: '1' }], billingAddress: { city: 'X' } };
    const oddities: unknown[] = [undefined, null, 0, -0, NaN, 1n, '', 'x'.repeat(1e6), [], {}, () => 1, Symbol('s'), new Date(0), Object.create(null)];
    fc.assert(
      fc.property(fc.constantFrom(...oddities), fc.constantFrom('name', 'contacts', 'billingAddress', 'shipToBillAddress'), (odd, key) => {
        const r = byProvider.jasper!.CreateCustomerRequest!({ ...valid, [key]: odd });
        expect(typeof r.valid).toBe('boolean');
      }),
    );
  });
});

describe('hostile keys and inputs', () => {
  it('reads own properties only: __proto__, constructor and polluted prototypes', async () => {
    // JSON.parse: a `__proto__` key in an object literal would set the prototype instead of declaring a member.
    const validate = await compile(JSON.parse('{"type":"object","required":["name","constructor"],"properties":{"name":{"type":"string"},"constructor":{"type":"string"},"__proto__":{"type":"integer"}}}'));
    expect(summary((validate({}) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required'], ['/constructor', 'required']]);
    expect(validate(JSON.parse('{"name":"a","constructor":"b","__proto__":5}')).valid).toBe(true);
    expect(summary((validate(JSON.parse('{"name":"a","constructor":"b","__proto__":"x"}')) as { issues: ValidationIssue[] }).issues)).toEqual([['/__proto__', 'type']]);
    expect(validate(Object.assign(Object.create(null), { name: 'a', constructor: 'b' })).valid).toBe(true);
    // A property inherited from a polluted Object.prototype is not a member of the object.
    const proto = Object.prototype as Record<string, unknown>;
    proto.name = 'polluted';
    try {
      expect(summary((validate({ constructor: 'b' }) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
    } finally {
      delete proto.name;
    }
    expect(validate(Object.create({ name: 'a', constructor: 'b' })).valid).toBe(false);
  });

  it('a prototype polluted after the validator is hot, or with a non-enumerable member, supplies no member', async () => {
    const validate = await compile({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, nick: { type: 'integer' } } });
    // Hot first: an optimizing engine folds the prototype reads, and must drop that code once the prototype changes.
    for (let i = 0; i < 50_000; i++) if (!validate({ name: 'a' }).valid) throw new Error('warm-up');
    const proto = Object.prototype as Record<string, unknown>;
    proto.name = 'polluted';
    try {
      expect(summary((validate({}) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
    } finally {
      delete proto.name;
    }
    Object.defineProperty(Object.prototype, 'nick', { value: 'not an integer', enumerable: false, configurable: true, writable: true });
    try {
      expect(validate({ name: 'a' }).valid).toBe(true);
      expect(summary((validate({ name: 'a', nick: 'x' }) as { issues: ValidationIssue[] }).issues)).toEqual([['/nick', 'type']]);
      expect(summary((validate({}) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
    } finally {
      delete proto.nick;
    }
    expect(validate({ name: 'a' }).valid).toBe(true);
    expect(summary((validate({ nick: 1 }) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
  });

  it('a closed object (the for...in pass) skips inherited and polluted members too', async () => {
    const validate = await compile({ type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false });
    const proto = Object.prototype as Record<string, unknown>;
    proto.name = 'polluted';
    proto.extra = 1;
    try {
      expect(summary((validate({}) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
      expect(validate({ name: 'a' }).valid).toBe(true);
    } finally {
      delete proto.name;
      delete proto.extra;
    }
    expect(summary((validate(Object.create({ name: 'a' })) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
  });

  it('an object with its own __proto__ member, or a class instance, takes the hasOwn path', async () => {
    const validate = await compile({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, age: { type: 'integer' } } });
    class Person {
      get name(): string {
        return 'inherited';
      }
    }
    expect(summary((validate(new Person()) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
    const tricky = Object.create({ name: 'inherited', age: 'x' }) as Record<string, unknown>;
    Object.defineProperty(tricky, '__proto__', { value: { a: 1 }, enumerable: true });
    expect(summary((validate(tricky) as { issues: ValidationIssue[] }).issues)).toEqual([['/name', 'required']]);
    expect(validate(JSON.parse('{"__proto__": {"name": 1}, "name": "own"}')).valid).toBe(true);
  });

  it('checks additionalProperties on __proto__ and constructor keys', async () => {
    const validate = await compile({ properties: { a: {} }, additionalProperties: false });
    const r = validate(JSON.parse('{"a":1,"__proto__":{},"constructor":1}'));
    expect(summary((r as { issues: ValidationIssue[] }).issues)).toEqual([['/__proto__', 'additionalProperties'], ['/constructor', 'additionalProperties']]);
  });

  it('survives cyclic values (recursive schema, uniqueItems) and a throwing getter', async () => {
    const tree = await compile({ type: 'object', properties: { child: { $ref: '#' } } });
    const cyclic: Record<string, unknown> = {};
    cyclic.child = cyclic;
    const r = tree(cyclic);
    expect(r.valid).toBe(false);
    expect((r as { issues: ValidationIssue[] }).issues[0]!.keyword).toBe('depth');
    const unique = await compile({ uniqueItems: true });
    const a: unknown[] = [];
    a.push(a);
    expect(unique([a, a]).valid).toBe(false);
    const getter = Object.defineProperty({}, 'child', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(tree(getter)).toMatchObject({ valid: false, issues: [{ keyword: 'exception' }] });
  });

  it('survives hostile thrown values and options', async () => {
    const validate = await compile({ type: 'object', properties: { a: { type: 'string' } } });
    const hostileError = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); }, get: () => { throw new Error('trap'); } });
    const value = Object.defineProperty({}, 'a', { enumerable: true, get: () => { throw hostileError; } });
    expect(validate(value)).toMatchObject({ valid: false, issues: [{ keyword: 'exception' }] });
    const options = Object.defineProperty({}, 'firstError', { get: () => { throw new Error('options'); } });
    expect(validate({ a: 'x' }, options as { firstError?: boolean }).valid).toBe(false);
  });

  it('works where the __proto__ accessor throws (node --disable-proto=throw)', async () => {
    const gen = generateValidators(providerOf(readJsonSchema({ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, 't', new Diagnostics()).models));
    const dir = path.join(validatorsTmpRoot(), 'disable-proto');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'validators.js'), gen.js);
    writeFileSync(
      path.join(dir, 'main.mjs'),
      'import { validators, guards } from "./validators.js";\n' +
        'const inputs = [{ a: "x" }, {}, Object.create({ a: "x" }), Object.assign(Object.create(null), { a: "x" })];\n' +
        'console.log(JSON.stringify([inputs.map((v) => validators.Root(v).valid), inputs.map((v) => guards.Root(v))]));\n',
    );
    const out = execFileSync(process.execPath, ['--disable-proto=throw', path.join(dir, 'main.mjs')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([[true, false, false, true], [true, false, false, true]]);
  });

  it('does not choke on very long strings', async () => {
    const validate = await compile({ type: 'string', maxLength: 10, pattern: '^a' });
    const long = 'a'.repeat(5_000_000);
    const started = performance.now();
    expect(summary((validate(long) as { issues: ValidationIssue[] }).issues)).toEqual([['', 'maxLength']]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never throws for arbitrary JSON against arbitrary small schemas of the table; the guard agrees', async () => {
    const compiled = await Promise.all(rows.slice(0, 40).map((r) => compileBoth(r.schema)));
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const { validate, guard } of compiled) expect(guard(value)).toBe(validate(value).valid);
      }),
      { numRuns: 200 },
    );
  });

  it('the type guard never throws either: cyclic values, throwing getters, hostile proxies', async () => {
    const { guard } = await compileBoth({ type: 'object', properties: { child: { $ref: '#' }, a: { type: 'string' } } });
    const cyclic: Record<string, unknown> = {};
    cyclic.child = cyclic;
    expect(guard(cyclic)).toBe(false);
    expect(guard(Object.defineProperty({}, 'a', { enumerable: true, get: () => { throw new Error('boom'); } }))).toBe(false);
    expect(guard(new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); } }))).toBe(false);
    expect(guard({ a: 'x', child: { a: 'y' } })).toBe(true);
  });
});

describe('generation', () => {
  const schema = (extra: Partial<IRSchema>): IRSchema => ({ meta: {}, source: { file: 'p/openapi.yaml', pointer: '/components/schemas/A', line: 7 }, ...extra });

  const at = (file: string, pointer: string, line?: number): IRSchema['source'] => (line === undefined ? { file, pointer } : { file, pointer, line });
  const str = (source: IRSchema['source'], format: string): IRSchema => ({ types: ['string'], string: { format }, meta: {}, source });
  const model = (key: string, name: string, s: IRSchema): IRModel => ({ key, name, schema: s, source: s.source });
  const object = (source: IRSchema['source'], props: [string, IRSchema][]): IRSchema => ({
    types: ['object'],
    object: { properties: props.map(([name, s]) => ({ name, schema: s, required: false })) },
    meta: {},
    source,
  });

  it('an unknown format is a warning, once per file and format, naming the first place and how many there are', () => {
    const a = '/components/schemas/A';
    const models = [
      model('#/components/schemas/A', 'A', object(at('p/openapi.yaml', a, 3), [
        ['x', str(at('p/openapi.yaml', `${a}/properties/x`, 14), 'uri-template')],
        ['y', str(at('p/openapi.yaml', `${a}/properties/y`, 9), 'uri-template')],
        ['z', str(at('p/openapi.yaml', `${a}/properties/z`, 20), 'uri-template')],
        ['w', str(at('p/openapi.yaml', `${a}/properties/w`, 22), 'color')],
      ])),
      model('#/components/schemas/B', 'B', str(at('q/other.yaml', '/components/schemas/B', 5), 'uri-template')),
    ];
    const gen = generateValidators(providerOf(models));
    expect(gen.diagnostics.hasErrors).toBe(false);
    expect(gen.diagnostics.sorted()).toMatchObject([
      { code: 'format-unchecked', severity: 'warning', file: 'p/openapi.yaml', pointer: `${a}/properties/y/format`, line: 9 },
      { code: 'format-unchecked', severity: 'warning', file: 'p/openapi.yaml', pointer: `${a}/properties/w/format`, line: 22 },
      { code: 'format-unchecked', severity: 'warning', file: 'q/other.yaml', pointer: '/components/schemas/B/format', line: 5 },
    ]);
    const [first, color, other] = gen.diagnostics.sorted();
    expect(first!.message).toContain('"uri-template" is not checked');
    expect(first!.message).toContain('used in 3 places in this file, the first here');
    expect(color!.message).toContain('"color" is not checked');
    expect(color!.message).toContain('used only here');
    expect(other!.message).toContain('used only here');
  });

  it('an unknown format is not checked: any value of the type passes', async () => {
    const a = '/components/schemas/A';
    const gen = generateValidators(providerOf([model('#/components/schemas/A', 'A', object(at('p/openapi.yaml', a), [['u', str(at('p/openapi.yaml', `${a}/properties/u`), 'uri-template')]]))]));
    const validators = await importValidators(gen.js);
    expect(validators.A!({ u: 'not {a template' })).toEqual({ valid: true, value: { u: 'not {a template' } });
    expect(validators.A!({ u: 1 }).valid).toBe(false);
  });

  it("OpenAPI's annotation formats (binary, byte, password, float, double) are neither checked nor reported", async () => {
    const a = '/components/schemas/A';
    const num = (pointer: string, format: string): IRSchema => ({ types: ['number'], number: { format }, meta: {}, source: at('p/openapi.yaml', pointer) });
    const gen = generateValidators(providerOf([model('#/components/schemas/A', 'A', object(at('p/openapi.yaml', a), [
      ['b', str(at('p/openapi.yaml', `${a}/properties/b`), 'binary')],
      ['y', str(at('p/openapi.yaml', `${a}/properties/y`), 'byte')],
      ['p', str(at('p/openapi.yaml', `${a}/properties/p`), 'password')],
      ['f', num(`${a}/properties/f`, 'float')],
      ['d', num(`${a}/properties/d`, 'double')],
    ]))]));
    expect(gen.diagnostics.items).toEqual([]);
    const value = { b: '\u0000\u00ff', y: 'not base64!', p: '', f: 1e300, d: 0.1 };
    expect((await importValidators(gen.js)).A!(value)).toEqual({ valid: true, value });
  });

  it('a node inlined in several places is reported once: unsupported keywords stay errors, formats count one place', () => {
    const u = '/components/schemas/U';
    const shared: IRSchema = {
      types: ['object'],
      object: { properties: [{ name: 'f', schema: str(at('p/openapi.yaml', `${u}/properties/f`, 4), 'uri-template'), required: false }], unevaluatedProperties: { bool: false, meta: {}, source: at('p/openapi.yaml', `${u}/unevaluatedProperties`, 5) } },
      meta: {},
      source: at('p/openapi.yaml', u, 2),
    };
    const ref = (name: string): [string, IRSchema] => [name, { ref: '#/components/schemas/U', meta: {}, source: at('p/openapi.yaml', `/components/schemas/A/properties/${name}`) }];
    const gen = generateValidators(providerOf([
      model('#/components/schemas/U', 'U', shared),
      model('#/components/schemas/A', 'A', object(at('p/openapi.yaml', '/components/schemas/A', 10), [ref('a'), ref('b'), ref('c')])),
    ]));
    expect(gen.diagnostics.sorted()).toMatchObject([
      { code: 'validator-unsupported', severity: 'error', pointer: `${u}/unevaluatedProperties`, line: 2 },
      { code: 'format-unchecked', severity: 'warning', pointer: `${u}/properties/f/format`, line: 4 },
    ]);
    expect(gen.diagnostics.items).toHaveLength(2);
    expect(gen.diagnostics.items[1]!.message).toContain('used only here');
  });

  it('is deterministic and never puts spec text into code unescaped', () => {
    const hostile = 'a"b\\c*/${x}\u2028';
    const models = [{
      key: '#/components/schemas/A',
      name: 'A',
      schema: schema({ types: ['object'], object: { properties: [{ name: hostile, required: true, schema: schema({ types: ['string'], string: { pattern: hostile.replace('\\', '\\\\') } }) }] }, meta: { vendorErrors: { required: { [hostile]: { code: hostile, message: hostile } } } } }),
      source: { file: 'p/openapi.yaml', pointer: '/components/schemas/A' },
    }];
    const a = generateValidators(providerOf(models));
    const b = generateValidators(providerOf(models));
    expect(a.js).toBe(b.js);
    expect(a.js).not.toContain('\u2028');
    expect(() => new Function(a.js.replace(/^import .*$/m, '').replace(/export /g, ''))).not.toThrow();
  });

  it('the hostile model validates by its own rules', async () => {
    const validators = await importValidators(generateValidators(providerOf([{
      key: 'k',
      name: 'A',
      schema: schema({ types: ['object'], object: { properties: [{ name: 'a"b*/', required: true, schema: schema({ types: ['string'] }) }] } }),
      source: { file: 'f', pointer: '' },
    }])).js);
    expect(validators.A!({ 'a"b*/': 'x' }).valid).toBe(true);
    expect(validators.A!({}).valid).toBe(false);
  });
});
