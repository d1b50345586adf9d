/**
 * Fixture vendors (test/fixtures/vendors/<id>/): specs written from public vendor documents that are not
 * shipped in generated/. `fixturePackage` generates them, optionally changed first (a variant of a spec), into a
 * temp folder and imports the result as a consumer would; `remove()` deletes the folder.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/pipeline.ts';
import { repoRoot } from './paths.ts';

export const fixtureVendorsDir = path.join(repoRoot, 'test/fixtures/vendors');

export interface FixturePackage {
  dir: string;
  load<T = Record<string, unknown>>(file: string): Promise<T>;
  remove(): void;
}

/** Generates `ids` (each spec changed by `edit[id]` when given), and the `inline` specs by id, into a temp folder. */
export async function fixturePackage(ids: string[], edit: Record<string, (yaml: string) => string> = {}, inline: Record<string, string> = {}): Promise<FixturePackage> {
  const dir = mkdtempSync(path.join(tmpdir(), 'provgen-fixture-'));
  try {
    const specs = path.join(dir, 'specs');
    for (const [id, yaml] of Object.entries(inline)) {
      mkdirSync(path.join(specs, id), { recursive: true });
      writeFileSync(path.join(specs, id, 'openapi.yaml'), yaml);
    }
    for (const id of ids) {
      cpSync(path.join(fixtureVendorsDir, id), path.join(specs, id), { recursive: true });
      const e = edit[id];
      if (e) {
        const f = path.join(specs, id, 'openapi.yaml');
        writeFileSync(f, e(readFileSync(f, 'utf8')));
      }
    }
    const { files } = await generate(specs);
    const out = path.join(dir, 'pkg');
    for (const [rel, content] of files) {
      const target = path.join(out, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    return {
      dir: out,
      load: async <T,>(file: string) => (await import(pathToFileURL(path.join(out, file)).href)) as T,
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
