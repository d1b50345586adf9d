/**
 * Typechecking a generated output folder the way a consumer's compiler sees it: every declaration file, and
 * every generated provider module's JavaScript with `checkJs` (strict flags; implicit `any` allowed because the
 * emitted JavaScript carries no JSDoc types), against the runtime's declarations. The runtime's own JavaScript
 * is represented by its `.d.ts` (what a consumer's compiler reads for it).
 */
import { readdirSync, writeFileSync } from 'node:fs';
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

/**
 * Writes `consumer.ts` (the given lines) into a generated package folder and typechecks it together with the whole
 * package (declarations and the emitted JavaScript with checkJs); the problems, [] when none.
 */
export function typecheckConsumer(dir: string, lines: string[]): string[] {
  const consumer = path.join(dir, 'consumer.ts');
  writeFileSync(consumer, [...lines, ''].join('\n'));
  return typecheck([...generatedRoots([dir]), consumer], checkJsOptions, dir);
}

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

/**
 * The runtime's own JavaScript (templates/runtime/*.js) under its tsconfig (strict checkJs), and each module's
 * exports against what its .d.ts declares: a virtual module assigns the implementation's namespace (imported
 * as `./<name>.js?impl`, which this host resolves to the .js file instead of the .d.ts) to `typeof` the declared
 * one, so an export the .d.ts declares that the JavaScript lacks, or whose signature it does not meet, fails.
 * Returns `file:line TSnnnn message` per problem and the modules compared. `virtual`: file texts (by path) read
 * instead of the files on disk.
 */
export function typecheckRuntime(runtimeDir: string, base = process.cwd(), virtual: ReadonlyMap<string, string> = new Map()): { problems: string[]; modules: string[] } {
  const configPath = path.join(runtimeDir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  if (read.error) return { problems: [ts.flattenDiagnosticMessageText(read.error.messageText, '\n')], modules: [] };
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, runtimeDir, undefined, configPath);
  // Every module, those of the wire kinds' folder (auth/basic.js) too.
  const modules = readdirSync(runtimeDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3).split(path.sep).join('/')).sort();
  const conformance = path.join(runtimeDir, '__conformance.ts');
  const text = modules
    .map((m, i) => `import type * as D${i} from './${m}.js';\nimport * as I${i} from './${m}.js?impl';\nexport const ${m.replace(/\W/g, '_')}: typeof D${i} = I${i};\n`)
    .join('');
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const files = new Map(virtual);
  files.set(conformance, text);
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
  host.readFile = (f) => files.get(path.resolve(f)) ?? readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const t = files.get(path.resolve(f));
    return t !== undefined ? ts.createSourceFile(f, t, lang) : getSourceFile(f, lang, onError, create);
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts) =>
    literals.map((lit) => {
      if (lit.text.endsWith('?impl')) {
        const resolvedFileName = path.resolve(path.dirname(containingFile), lit.text.slice(0, -'?impl'.length));
        return { resolvedModule: { resolvedFileName, extension: ts.Extension.Js, isExternalLibraryImport: false } };
      }
      return ts.resolveModuleName(lit.text, containingFile, opts, host, undefined, redirected);
    });
  const program = ts.createProgram([...config.fileNames, conformance], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(base, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  return { problems, modules };
}
