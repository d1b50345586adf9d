/**
 * `tsc --noEmit` over generated/ (with the strictest flags a consumer may use): the declarations, and the
 * emitted JavaScript with `checkJs` against the runtime's declarations (an import of an undeclared runtime
 * export, a duplicate declaration or a call with the wrong arity fails here, not in a consumer's app); a
 * consumer file that imports every provider subpath; and every generated module is imported for real.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../generator/output.ts';
import { generatedDir, repoRoot } from './support/paths.ts';
import { checkJsOptions, generatedRoots, strictOptions, typecheck, typecheckRuntime } from './support/typecheck.ts';

describe('typecheck', () => {
  it('generated declarations and JavaScript (checkJs) compile under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess', () => {
    const roots = generatedRoots([generatedDir]);
    expect(roots.some((f) => f.endsWith('.js'))).toBe(true);
    expect(roots.some((f) => f.endsWith('.d.ts'))).toBe(true);
    expect(typecheck(roots, checkJsOptions, repoRoot)).toEqual([]);
  });

  it('a consumer using every provider typechecks', () => {
    expect(typecheck([path.join(repoRoot, 'test/consumer/usage.ts')], { ...strictOptions, allowImportingTsExtensions: true }, repoRoot)).toEqual([]);
  });

  // The descriptors a generated client.js and mock.js hand to the runtime carry `@type` annotations, so checkJs
  // checks them against the runtime's declarations: one wrong member in an otherwise generated module fails.
  // Each case is the real emitted tier3 module (session, SOAP, XML: the most members) with one edit.
  const wrongDescriptors: { name: string; file: 'client.js' | 'mock.js'; from: string; to: string; want: RegExp }[] = [
    { name: 'a misspelt operation member', file: 'client.js', from: 'hasBody: true,', to: 'hasBdy: true,', want: /'hasBdy' does not exist in type 'OperationDescriptor'/ },
    { name: 'an unknown body kind', file: 'client.js', from: 'kind: "json"', to: 'kind: "jsn"', want: /Type '"jsn"' is not assignable to type '"json" \| "xml"'/ },
    { name: 'a method that is not a string', file: 'client.js', from: 'method: "POST",', to: 'method: 1,', want: /Type 'number' is not assignable to type 'string'/ },
    { name: 'a security scheme given as an object instead of its key', file: 'client.js', from: 'auth: [],', to: 'auth: [{ type: "header", field: "apiKey" }],', want: /not assignable to type 'string'/ },
    { name: 'a session that names its logon instead of referring to it', file: 'client.js', from: 'session: { op: logonOperation,', to: 'session: { op: "logon",', want: /'string' is not assignable to type 'OperationDescriptor'/ },
    { name: 'a misspelt provider member', file: 'client.js', from: 'secretQuery: [],', to: 'secretQueries: [],', want: /'secretQueries' does not exist in type 'ProviderDescriptor'/ },
    { name: 'a mock scheme whose check is not a function', file: 'mock.js', from: 'check: $authSession.checkSession', to: 'check: "session"', want: /not assignable to type 'SchemeCheck'/ },
    { name: 'a mock scheme without its check', file: 'mock.js', from: ', check: $authSession.checkSession', to: '', want: /'check' is missing/ },
    { name: 'a misspelt route member', file: 'mock.js', from: 'success: "200",', to: 'succes: "200",', want: /'succes' does not exist in type 'MockOperation'/ },
    { name: 'a parameter in the body', file: 'mock.js', from: 'in: "path"', to: 'in: "body"', want: /Type '"body"' is not assignable to type '(?:"path"|"query"|"header"|"cookie"| \| )+'/ },
  ];

  it('a generated descriptor with one wrong member fails the typecheck', () => {
    const dir = path.join(generatedDir, 'tier3');
    const virtual = new Map<string, string>();
    const roots: string[] = [];
    const add = (name: string, text: string): void => {
      const f = path.join(dir, name);
      virtual.set(f, text);
      roots.push(f);
    };
    for (const file of ['client.js', 'mock.js']) add(`unchanged-${file}`, readFileSync(path.join(dir, file), 'utf8'));
    wrongDescriptors.forEach((c, i) => {
      const text = readFileSync(path.join(dir, c.file), 'utf8');
      expect(text, c.name).toContain(c.from);
      add(`wrong-${i}-${c.file}`, text.replace(c.from, c.to));
    });
    const problems = typecheck(roots, { ...checkJsOptions, skipLibCheck: true }, repoRoot, virtual);
    expect(problems.filter((p) => p.includes('unchanged-'))).toEqual([]);
    wrongDescriptors.forEach((c, i) => {
      const mine = problems.filter((p) => p.startsWith(`generated/tier3/wrong-${i}-`));
      expect(mine.length, `${c.name}: ${problems.join('\n')}`).toBeGreaterThan(0);
      expect(mine.join('\n'), c.name).toMatch(c.want);
    });
  });

  it('the runtime JavaScript typechecks (strict checkJs, templates/runtime/tsconfig.json) and meets its .d.ts', () => {
    const { problems, modules } = typecheckRuntime(path.join(repoRoot, 'templates/runtime'), repoRoot);
    expect(modules).toEqual(expect.arrayContaining(['client', 'mock', 'auth/basic', 'auth/oauth2']));
    expect(modules).toEqual(readdirSync(path.join(repoRoot, 'templates/runtime'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3).split(path.sep).join('/')).sort());
    expect(problems).toEqual([]);
  });

  it('a .d.ts that promises what the runtime JavaScript does not do fails the runtime typecheck', () => {
    const dir = path.join(repoRoot, 'templates/runtime');
    const dts = path.join(dir, 'client.d.ts');
    const js = path.join(dir, 'validation.js');
    const virtual = new Map([
      // An export the JavaScript lacks, and a JSDoc type the implementation does not meet.
      [dts, readFileSync(dts, 'utf8') + '\nexport declare function notImplemented(): void;\n'],
      [js, readFileSync(js, 'utf8').replace(' * @param {string} key\n * @returns {string}\n */\nexport function esc(key) {', ' * @param {string} key\n * @returns {number}\n */\nexport function esc(key) {')],
    ]);
    expect(virtual.get(js)).toContain('@returns {number}');
    const problems = typecheckRuntime(dir, repoRoot, virtual).problems.join('\n');
    expect(problems).toMatch(/Property 'notImplemented' is missing/);
    expect(problems).toMatch(/templates\/runtime\/validation\.js:\d+ TS2322 Type 'string' is not assignable to type 'number'/);
  });

  it('every value a runtime module exports is declared in its .d.ts', () => {
    const dir = path.join(repoRoot, 'templates/runtime');
    const missing: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      const js = readFileSync(path.join(dir, f), 'utf8');
      const dts = readFileSync(path.join(dir, f.replace(/\.js$/, '.d.ts')), 'utf8');
      const exported = [...js.matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?|const|let|class)\s*([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
      for (const m of js.matchAll(/^export\s*\{([^}]*)\}/gm)) exported.push(...m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!.trim()).filter(Boolean));
      for (const n of exported) {
        const declared = new RegExp(`^export\\s+(?:declare\\s+)?(?:function|const|let|class|abstract class)\\s+${n.replace(/\$/g, '\\$')}\\b|^export\\s*\\{[^}]*\\b${n}\\b[^}]*\\}`, 'm').test(dts);
        if (!declared) missing.push(`${f}: ${n}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every generated module loads', async () => {
    const modules = listFiles(generatedDir).filter((f) => f.endsWith('.js'));
    expect(modules.length).toBeGreaterThan(0);
    const failed: string[] = [];
    for (const f of modules) {
      try {
        await import(pathToFileURL(path.join(generatedDir, f)).href);
      } catch (e) {
        failed.push(`${f}: ${(e as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
  });
});
