/**
 * Installs the corpus packages into .cache/corpus (once; exact versions) and lays the documents out as a specs
 * folder: one provider folder per document (a multi-file document's folder copied whole).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENTS, PACKAGES, type CorpusDocument } from './documents.ts';

export function corpusCache(repoRoot: string): string {
  return path.join(repoRoot, '.cache/corpus');
}

function installedVersion(cache: string, name: string): string | undefined {
  const pj = path.join(cache, 'node_modules', name, 'package.json');
  if (!existsSync(pj)) return undefined;
  return (JSON.parse(readFileSync(pj, 'utf8')) as { version?: string }).version;
}

/** Installs whatever is missing. Throws when npm fails (no network, unknown version). */
export function installCorpus(repoRoot: string): void {
  const cache = corpusCache(repoRoot);
  mkdirSync(cache, { recursive: true });
  const missing = PACKAGES.filter((p) => installedVersion(cache, p.name) !== p.version);
  if (missing.length === 0) return;
  if (!existsSync(path.join(cache, 'package.json'))) writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...missing.map((p) => `${p.name}@${p.version}`)], { cwd: cache, stdio: 'pipe' });
}

export function documentFile(repoRoot: string, d: CorpusDocument): string {
  return path.join(corpusCache(repoRoot), 'node_modules', d.package, d.path);
}

/** Writes specs/<id>/ for each document; returns the root file of each, relative to the specs folder. */
export function layOut(repoRoot: string, specsDir: string, docs: CorpusDocument[] = DOCUMENTS): Map<string, string> {
  const roots = new Map<string, string>();
  for (const d of docs) {
    const src = documentFile(repoRoot, d);
    const text = readFileSync(src, 'utf8');
    const ext = path.extname(src) === '.json' ? 'json' : 'yaml';
    const swagger = ext === 'json' ? /^\s*\{\s*"swagger"\s*:/.test(text) || /"swagger"\s*:\s*"2/.test(text.slice(0, 2000)) : /^swagger\s*:/m.test(text);
    const name = `${swagger ? 'swagger' : 'openapi'}.${ext}`;
    const dir = path.join(specsDir, d.id);
    if (d.folder) {
      const folder = path.join(corpusCache(repoRoot), 'node_modules', d.package, d.folder);
      cpSync(folder, dir, { recursive: true });
      const rel = path.relative(folder, src);
      const target = path.join(dir, path.dirname(rel), name);
      if (path.dirname(rel) !== '.') throw new Error(`${d.id}: the root must sit at the top of its folder`);
      if (path.basename(rel) !== name) writeFileSync(target, text);
    } else {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    roots.set(d.id, `${d.id}/${name}`);
  }
  return roots;
}
