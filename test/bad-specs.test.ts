/**
 * The bad-spec corpus (test/fixtures/bad-specs/<case>/): each case must fail with every problem reported,
 * each with a stable code, the file, the line where known and a JSON pointer (never a crash).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError, type Diagnostic } from '../generator/diagnostics.ts';
import { generate } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';

const corpus = path.join(repoRoot, 'test/fixtures/bad-specs');

async function problems(name: string): Promise<[string, string, number | undefined, string][]> {
  try {
    await generate(path.join(corpus, name));
  } catch (e) {
    if (e instanceof SpecError) return e.diagnostics.map((d: Diagnostic) => [d.code, d.file, d.line, d.pointer]);
    throw e;
  }
  throw new Error(`${name} generated without an error`);
}

const cases: [string, [string, string, number | undefined, string][]][] = [
  ['yaml-syntax', [['spec-syntax', 'p/openapi.yaml', 9, '']]],
  ['openapi-invalid', [['openapi-invalid', 'p/openapi.yaml', 2, '/info']]],
  [
    'dangling-ref',
    [
      ['ref-dangling', 'p/openapi.yaml', 9, '/components/schemas/A/properties/b/$ref'],
      ['ref-dangling', 'p/openapi.yaml', 10, '/components/schemas/A/properties/c/$ref'],
    ],
  ],
  [
    'required-cycle',
    [
      ['ref-cycle-required', 'p/openapi.yaml', 7, '/components/schemas/Parent'],
      ['ref-cycle-required', 'p/openapi.yaml', 12, '/components/schemas/Child'],
    ],
  ],
  [
    'unknown-type',
    [
      ['unknown-type', 'p/openapi.yaml', 6, '/components/schemas/A/type'],
      ['unknown-type', 'p/openapi.yaml', 7, '/components/schemas/B/type/1'],
    ],
  ],
  ['duplicate-operation-id', [['operation-id-duplicate', 'p/openapi.yaml', 10, '/paths/~1b/post/operationId']]],
  [
    'unsupported-keyword',
    [
      ['unsupported-keyword', 'p/openapi.yaml', 8, '/components/schemas/A/$dynamicRef'],
      ['unsupported-keyword', 'p/openapi.yaml', 10, '/components/schemas/A/properties/b/$anchor'],
    ],
  ],
  [
    'server-variable-unknown',
    // The structural check objects too (an empty `paths` is no entry); ours names the URL and the variable.
    [
      ['openapi-invalid', 'p/openapi.yaml', 1, ''],
      ['server-variable-unknown', 'p/openapi.yaml', 4, '/servers/0/url'],
    ],
  ],
  ['security-unsupported', [['security-unsupported', 'p/openapi.yaml', 9, '/paths/~1a/get/security']]],
  // An x-mock member the mock emitter reads (not the reader): an unknown one is refused, with the line it is on.
  ['mock-store-invalid', [['extension-invalid', 'p/openapi.yaml', 9, '/paths/~1things/post/x-mock/id/format']]],
  ['body-unsupported', [['body-unsupported', 'p/openapi.yaml', 6, '/paths/~1customers/post/requestBody/content']]],
  [
    'form-encoding-unsupported',
    // The structural check objects to style matrix too, at the same node; the client emitter's word, which names
    // the member and the style, is the one kept.
    [
      ['body-encoding-unsupported', 'p/openapi.yaml', 15, '/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/address'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 16, '/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/metadata'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 19, '/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/tags/style'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 20, '/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/filter/explode'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 21, '/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/note/contentType'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 35, '/paths/~1files/post/requestBody/content/multipart~1form-data/encoding/file/headers'],
      ['body-encoding-unsupported', 'p/openapi.yaml', 36, '/paths/~1files/post/requestBody/content/multipart~1form-data/encoding/meta'],
    ],
  ],
  [
    'failure-rule-invalid',
    // x-vendor-status and x-error-fields: malformed declarations, and fields the replies do not have.
    [
      ['extension-invalid', 'p/openapi.yaml', 3, '/x-vendor-status'],
      ['extension-invalid', 'p/openapi.yaml', 8, '/paths/~1a/get/x-vendor-status/code'],
      ['field-unknown', 'p/openapi.yaml', 17, '/paths/~1a/get/responses/400/x-error-fields/code'],
      ['field-unknown', 'p/openapi.yaml', 17, '/paths/~1a/get/responses/400/x-error-fields/message'],
      ['field-unknown', 'p/openapi.yaml', 24, '/paths/~1b/get/x-vendor-status/failure'],
      ['field-unknown', 'p/openapi.yaml', 24, '/paths/~1b/get/x-vendor-status/success'],
    ],
  ],
  [
    'multi-file',
    [
      ['ref-file-missing', 'p/openapi.yaml', 9, '/components/schemas/Gone/$ref'],
      ['ref-remote', 'p/openapi.yaml', 10, '/components/schemas/Remote/$ref'],
      ['ref-outside', 'p/openapi.yaml', 11, '/components/schemas/Outside/$ref'],
      ['ref-dangling', 'p/paths.yaml', 8, '/get/responses/200/content/application~1json/schema/$ref'],
      ['unknown-type', 'p/schemas/a.yaml', 5, '/properties/c/type'],
      ['spec-syntax', 'p/schemas/b.yaml', 4, ''],
    ],
  ],
  [
    'swagger',
    [
      ['unknown-type', 'p/swagger.yaml', 13, '/paths/~1a/get/responses/200/schema/properties/n/type'],
      ['ref-dangling', 'p/swagger.yaml', 18, '/definitions/A/properties/b/$ref'],
    ],
  ],
  ['xsd-include-missing', [['xsd-include-missing', 'p/a.xsd', 3, '/xs:schema/xs:include[schemaLocation=nowhere/b.xsd]']]],
  ['xsd-unknown-type', [['xsd-unknown-type', 'p/a.xsd', 6, '/xs:schema/xs:complexType[name=aType]/xs:sequence/xs:element[name=b]']]],
  [
    'many-problems',
    [
      ['ref-dangling', 'p/openapi.yaml', 10, '/paths/~1a/post/requestBody/content/application~1json/schema/$ref'],
      ['schema-invalid', 'p/openapi.yaml', 14, '/components/schemas/A/minLength'],
      ['unknown-type', 'p/openapi.yaml', 14, '/components/schemas/A/type'],
      ['schema-invalid', 'p/openapi.yaml', 15, '/components/schemas/B/required'],
    ],
  ],
];

describe('bad specs', () => {
  it.each(cases)('%s: every problem, with code, file, line and pointer', async (name, want) => {
    expect(await problems(name)).toEqual(want);
  });

  it('form-encoding-unsupported: each diagnostic names the operation, the member and what cannot be written', async () => {
    try {
      await generate(path.join(corpus, 'form-encoding-unsupported'));
      throw new Error('generated without an error');
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      const messages = e.diagnostics.filter((d) => d.code === 'body-encoding-unsupported').map((d) => d.message.replace(/\. Add x-refuse-unsupported.*$/, ''));
      expect(messages).toEqual([
        'the request body of createCustomer: form member "address" has the nested member "geo", which style form (explode) cannot write (style deepObject can)',
        "the request body of createCustomer: form member \"metadata\" has free-form members, which style form with explode writes as the body's own keys, where they cannot be told apart (style deepObject keeps them in brackets)",
        'the request body of createCustomer: form member "tags" has style "matrix"; a form body is written with style form, spaceDelimited, pipeDelimited or deepObject',
        'the request body of createCustomer: form member "filter": style deepObject is defined only with explode true',
        'the request body of createCustomer: form member "note" as application/json: the client writes form members as text only',
        'the request body of createFile: multipart member "file" declares part headers (X-Checksum), which the client cannot send',
        'the request body of createFile: multipart member "meta" as application/xml: the client sends files (format: binary), JSON and text parts',
      ]);
    }
  });
});

describe('bad specs through the command line', () => {
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  const cli = path.join(repoRoot, 'generator/cli.ts');
  it.each(cases.map(([name]) => name))('%s: exit 1, one line per problem, no stack trace, output untouched', (name) => {
    const out = mkdtempSync(path.join(tmpdir(), 'provgen-bad-'));
    try {
      mkdirSync(path.join(out, 'previous'), { recursive: true });
      writeFileSync(path.join(out, 'previous/kept.js'), 'export const kept = 1;\n');
      const r = spawnSync(tsx, [cli, '--specs', path.join(corpus, name), '--out', out], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^provgen: \d+ problem\(s\) in the specs; .* left as it was$/);
      for (const l of lines.slice(0, -1)) expect(l).toMatch(/^\S+ \S+ (error|warning) [a-z0-9-]+: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path.join(out, 'previous/kept.js'), 'utf8')).toBe('export const kept = 1;\n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
