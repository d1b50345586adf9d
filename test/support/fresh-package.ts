/**
 * The generated package, produced from specs/ by the current generator into a temp folder, for tests that import
 * and run generated code (so they test this tree's generator even before generated/ is regenerated; the
 * snapshot test keeps generated/ equal to it). Set PROVGEN_PACKAGE to use an existing folder instead
 * (e.g. generated/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/pipeline.ts';
import { specsDir } from './paths.ts';

export interface FreshPackage {
  dir: string;
  /** Imports `<dir>/<file>` (e.g. `jasper/mock.js`). */
  load<T = Record<string, unknown>>(file: string): Promise<T>;
  remove(): void;
}

export async function freshPackage(): Promise<FreshPackage> {
  const given = process.env.PROVGEN_PACKAGE;
  let dir: string;
  let owned = false;
  if (given) dir = path.resolve(given);
  else {
    dir = mkdtempSync(path.join(tmpdir(), 'provgen-pkg-'));
    owned = true;
    const { files } = await generate(specsDir);
    for (const [rel, content] of files) {
      const target = path.join(dir, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  return {
    dir,
    load: async <T,>(file: string) => (await import(pathToFileURL(path.join(dir, file)).href)) as T,
    remove: () => {
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}
