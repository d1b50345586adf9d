/**
 * Hostile strings (`*\/`, backticks, `${`, quotes, backslashes, CRLF, U+2028/9, NUL, emoji, RTL, reserved and
 * prototype property names) in every place a spec carries text: the output compiles, and the values come back
 * exactly when the generated code is imported and run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';

const specs = path.join(repoRoot, 'test/fixtures/hostile/specs');
const spec = JSON.parse(readFileSync(path.join(specs, 'hostile/openapi.yaml'), 'utf8').replace(/^#.*\n/, '')) as any;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'provgen-hostile-'));
  writeOutput(out, (await generate(specs)).files);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('hostile strings', () => {
  it('the output typechecks strictly', () => {
    const files = ['models.d.ts', 'operations.d.ts', 'index.d.ts'].map((f) => path.join(out, 'hostile', f));
    const program = ts.createProgram(files, { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diags).toEqual([]);
  });

  it('enum values and catalog messages come back exactly', async () => {
    const m = await import(pathToFileURL(path.join(out, 'hostile/models.js')).href);
    expect(Object.values(m.Mode)).toEqual(spec.components.schemas.Mode.enum);
    expect(Object.values(m.Class)).toEqual([1, -2]);
    expect(m.errorCatalog['E*/1'].message).toBe(spec['x-error-catalog'][0].message);
    expect(Object.getPrototypeOf(m.errorCatalog)).toBe(Object.prototype);
    expect(Object.keys(m.errorCatalog)).toEqual(['7', 'E*/1', '__proto__']);
    // A code named __proto__ is a data member, not the object's prototype.
    expect(Object.hasOwn(m.errorCatalog, '__proto__')).toBe(true);
    expect(m.errorCatalog['__proto__'].message).toBe('proto');
  });

  it('no raw line separator or bidi control reaches the output', () => {
    for (const f of ['models.js', 'models.d.ts', 'operations.d.ts']) {
      const text = readFileSync(path.join(out, 'hostile', f), 'utf8');
      expect(/[\u2028\u2029\u202A-\u202E\u2066-\u2069\u0000]/.test(text), f).toBe(false);
    }
  });

  it('`*/` in descriptions is broken up inside comments', () => {
    const dts = readFileSync(path.join(out, 'hostile/models.d.ts'), 'utf8');
    expect(dts).toContain(' * end *\\/ `tick` ${x}');
  });

  it('property names that are reserved words or prototype keys are quoted or kept as plain members', () => {
    const dts = readFileSync(path.join(out, 'hostile/models.d.ts'), 'utf8');
    expect(dts).toContain('  constructor: string;');
    expect(dts).toContain('  "__proto__"?: string;');
    expect(dts).toContain('  "weird key"?: string;');
    expect(dts).toContain('  "*/"?: string;');
  });
});
