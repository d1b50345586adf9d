/**
 * One file snapshot per generated file, and the committed `generated/` folder equal to what the specs produce.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../generator/output.ts';
import { generate, type OutputFiles } from '../generator/pipeline.ts';
import { generatedDir, specsDir } from './support/paths.ts';

let files: OutputFiles;
beforeAll(async () => {
  files = (await generate(specsDir)).files;
});

const expected = listFiles(generatedDir);

describe('file snapshot per generated file', () => {
  it('generates the files that are committed', () => {
    expect([...files.keys()]).toEqual(expected);
  });
  for (const f of expected) {
    it(f, async () => {
      const content = files.get(f);
      expect(content, `${f} is not generated any more`).toBeDefined();
      await expect(content).toMatchFileSnapshot(path.join('__snapshots__', 'generated', `${f}.snap`));
      expect(readFileSync(path.join(generatedDir, f), 'utf8'), `generated/${f} is stale: run npm run generate`).toBe(content);
    });
  }
});

describe('determinism', () => {
  it('produces the same bytes on a second run', async () => {
    const again = (await generate(specsDir)).files;
    expect([...again.entries()]).toEqual([...files.entries()]);
  });
  it('does not depend on where the specs live (no absolute paths)', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'provgen-specs-'));
    try {
      cpSync(specsDir, copy, { recursive: true });
      const elsewhere = (await generate(copy)).files;
      expect([...elsewhere.entries()]).toEqual([...files.entries()]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
