/**
 * The output manifest (`.provgen.json` in the output folder): a fingerprint of every input of a run (spec
 * files, generator sources, templates, the lockfile, options) and a hash of every file written. A regeneration
 * whose inputs match and whose files on disk are untouched has nothing to do, so it stops before reading the
 * specs. `--check` never trusts it: it always regenerates in full and compares bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './output.ts';

export const MANIFEST = '.provgen.json';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

interface Manifest {
  inputs: string;
  files: Record<string, string>;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Line endings are normalised so a checkout with CRLF gives the same fingerprint. A file without CR is hashed
 * as its bytes, without decoding a 13 MB spec into a string and encoding it again.
 */
function hashFile(h: ReturnType<typeof createHash>, label: string, file: string): void {
  const bytes = readFileSync(file);
  h.update(label).update('\0').update(bytes.indexOf(13) === -1 ? bytes : bytes.toString('utf8').replace(/\r\n/g, '\n')).update('\0');
}

function walk(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${e}` : e;
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

/** Fingerprint of everything that decides the output. Paths are relative, so it is the same on every machine. */
export function inputFingerprint(specsDir: string, options: Record<string, unknown>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(options));
  for (const f of walk(specsDir)) hashFile(h, `specs/${f}`, path.join(specsDir, f));
  for (const dir of ['generator', 'templates']) for (const f of walk(path.join(root, dir))) hashFile(h, `${dir}/${f}`, path.join(root, dir, f));
  for (const f of ['package-lock.json']) if (existsSync(path.join(root, f))) hashFile(h, f, path.join(root, f));
  return h.digest('hex');
}

/** The manifest text for a set of output files (added to the output as one more file). */
export function manifestFor(inputs: string, files: Map<string, string>): string {
  const m: Manifest = { inputs, files: {} };
  for (const [f, content] of files) if (f !== MANIFEST) m.files[f] = sha(content);
  return JSON.stringify(m, null, 2) + '\n';
}

/** True when the output folder was written from exactly these inputs and nobody has touched it since. */
export function isUpToDate(outDir: string, inputs: string): { upToDate: boolean; files: number; providers: number } {
  const file = path.join(outDir, MANIFEST);
  if (!existsSync(file)) return { upToDate: false, files: 0, providers: 0 };
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return { upToDate: false, files: 0, providers: 0 };
  }
  if (m.inputs !== inputs || typeof m.files !== 'object' || m.files === null) return { upToDate: false, files: 0, providers: 0 };
  const listed = Object.keys(m.files);
  const onDisk = listFiles(outDir).filter((f) => f !== MANIFEST);
  if (onDisk.length !== listed.length) return { upToDate: false, files: 0, providers: 0 };
  for (const f of onDisk) {
    const want = m.files[f];
    if (want === undefined || sha(readFileSync(path.join(outDir, f), 'utf8')) !== want) return { upToDate: false, files: 0, providers: 0 };
  }
  const providers = new Set(onDisk.filter((f) => f.includes('/') && !f.startsWith('runtime/')).map((f) => f.slice(0, f.indexOf('/'))));
  return { upToDate: true, files: onDisk.length + 1, providers: providers.size };
}
