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
import { checkJsOptions, generatedRoots, strictOptions, typecheck } from './support/typecheck.ts';

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
