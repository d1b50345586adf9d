import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
