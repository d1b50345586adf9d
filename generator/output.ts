/**
 * Writing and checking the output folder. A run writes the whole new tree beside the old one and swaps the
 * two with renames, so a failed or interrupted run leaves the previous output in place. When nothing changed,
 * nothing is written at all.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputFiles } from './pipeline.ts';

/** Every file under `dir`, as forward-slash paths relative to it. Skips node_modules. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(path.join(dir, rel));
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      if (e === 'node_modules') continue;
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
}

export interface Diff {
  changed: string[];
  added: string[];
  removed: string[];
  unchanged: string[];
}

export function diffOutput(outDir: string, files: OutputFiles): Diff {
  const d: Diff = { changed: [], added: [], removed: [], unchanged: [] };
  const onDisk = new Set(existsSync(outDir) ? listFiles(outDir) : []);
  for (const [f, content] of files) {
    if (!onDisk.has(f)) d.added.push(f);
    else if (readFileSync(path.join(outDir, f), 'utf8') !== content) d.changed.push(f);
    else d.unchanged.push(f);
    onDisk.delete(f);
  }
  d.removed = [...onDisk].sort();
  return d;
}

/** Replaces `outDir` with exactly `files`. Returns the diff against what was there. */
export function writeOutput(outDir: string, files: OutputFiles): Diff {
  const diff = diffOutput(outDir, files);
  if (diff.changed.length + diff.added.length + diff.removed.length === 0) return diff;
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(outDir);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const retired = path.join(parent, `.${base}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [f, content] of files) {
      const target = path.join(staging, f);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    // A consumer may have installed dependencies inside the output folder; carry them over untouched.
    if (existsSync(path.join(outDir, 'node_modules'))) renameSync(path.join(outDir, 'node_modules'), path.join(staging, 'node_modules'));
    if (existsSync(outDir)) renameSync(outDir, retired);
    renameSync(staging, outDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(outDir) && existsSync(retired)) renameSync(retired, outDir);
    throw e;
  }
  rmSync(retired, { recursive: true, force: true });
  return diff;
}
