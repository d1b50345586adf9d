import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specsDir = path.join(repoRoot, 'specs');
export const generatedDir = path.join(repoRoot, 'generated');
/** `../shared` beside the repository: vendor documents, the real XSD bundle, the JSON Schema Test Suite. */
export const sharedDir = path.resolve(repoRoot, '../shared');
export const hasShared = existsSync(sharedDir);

/** Says why a test that needs ../shared is skipped (CI has the folder, so there it runs). */
export function noteSharedMissing(what: string): void {
  if (!hasShared) console.warn(`[skip] ${what}: ${sharedDir} is absent on this machine`);
}

/**
 * For tests that need something under ../shared: when it is absent, a test of its own fails under `CI=true`
 * (CI has the folder, so its absence there is a broken setup) and is skipped with the reason printed elsewhere.
 * Call at the top level of the test file, with the folder the tests need.
 */
export function sharedAbsent(what: string, where: string): void {
  describe(`${what} (absent)`, () => {
    it(`needs ${where}`, (ctx) => {
      if (process.env.CI === 'true') throw new Error(`${what}: ${where} is absent, and under CI=true it must be there`);
      console.warn(`[skip] ${what}: ${where} is absent on this machine (CI has it)`);
      ctx.skip();
    });
  });
}
