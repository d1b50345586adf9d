/**
 * Typechecking a generated output folder the way a consumer's compiler sees it: every declaration file, and
 * every generated provider module's JavaScript with `checkJs` (strict flags; implicit `any` allowed because the
 * emitted JavaScript carries no JSDoc types), against the runtime's declarations. The runtime's own JavaScript
 * is represented by its `.d.ts` (what a consumer's compiler reads for it).
 */
import path from 'node:path';
import ts from 'typescript';
import { listFiles } from '../../generator/output.ts';

export const strictOptions: ts.CompilerOptions = {
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

export const checkJsOptions: ts.CompilerOptions = { ...strictOptions, allowJs: true, checkJs: true, noImplicitAny: false };

/** Declarations and provider JavaScript of one or more output folders (runtime JS left to its .d.ts). */
export function generatedRoots(dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const f of listFiles(dir)) {
      if (f.endsWith('.d.ts') || (f.endsWith('.js') && !f.startsWith('runtime/'))) out.push(path.join(dir, f));
    }
  }
  return out;
}

/**
 * `file:line TSnnnn message` per problem, file relative to `base`. One program for all roots. `virtual`: files
 * that exist only in memory (path -> text), read as if they were on disk (they may be roots, and import real files).
 */
export function typecheck(files: string[], options: ts.CompilerOptions = checkJsOptions, base = process.cwd(), virtual?: ReadonlyMap<string, string>): string[] {
  let host: ts.CompilerHost | undefined;
  if (virtual !== undefined && virtual.size > 0) {
    const h = ts.createCompilerHost(options);
    const fileExists = h.fileExists.bind(h);
    const readFile = h.readFile.bind(h);
    const getSourceFile = h.getSourceFile.bind(h);
    h.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists(f);
    h.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile(f);
    h.getSourceFile = (f, lang, onError, create) => {
      const text = virtual.get(path.resolve(f));
      return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, onError, create);
    };
    host = h;
  }
  const program = ts.createProgram(files, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(base, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
