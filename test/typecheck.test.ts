/**
 * `tsc --noEmit` over generated/ (with the strictest flags a consumer may use) and over a consumer file that
 * imports every provider subpath, so the declarations are proven usable, not just parseable.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../generator/output.ts';
import { generatedDir, repoRoot } from './support/paths.ts';

const strict: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  skipLibCheck: false,
};

function check(files: string[], options: ts.CompilerOptions = strict): string[] {
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(repoRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('typecheck', () => {
  it('generated declarations compile under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess', () => {
    const dts = listFiles(generatedDir).filter((f) => f.endsWith('.d.ts')).map((f) => path.join(generatedDir, f));
    expect(dts.length).toBeGreaterThan(0);
    expect(check(dts)).toEqual([]);
  });

  it('generated JavaScript is valid ES2022 module code (checked with allowJs)', () => {
    const js = listFiles(generatedDir).filter((f) => f.endsWith('.js')).map((f) => path.join(generatedDir, f));
    const diags = check(js, { ...strict, allowJs: true, checkJs: false });
    expect(diags).toEqual([]);
  });

  it('a consumer using every provider typechecks', () => {
    expect(check([path.join(repoRoot, 'test/consumer/usage.ts')], { ...strict, allowImportingTsExtensions: true })).toEqual([]);
  });
});
