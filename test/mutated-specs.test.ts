/**
 * Mutated specs: every spec under specs/ and test/fixtures/vendors/, broken at random places (a member deleted,
 * replaced by a value of another kind, a schema's type changed, a `$ref` pointed elsewhere, a node copied over
 * another), 1 to 3 mutations at a time. Whatever the mutation, a run ends in one of two ways: located problems
 * (a SpecError whose every diagnostic names its file and JSON pointer), or output whose every module loads, and
 * whose first few outputs typecheck strictly with checkJs. Never a crash, never output that does not load. The
 * random sequence is seeded: a failure names the seed, the case and its mutations, and replays exactly.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { joinPointer, SpecError } from '../generator/diagnostics.ts';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';
import { seeded } from './support/seeded.ts';
import { checkJsOptions, generatedRoots, typecheck } from './support/typecheck.ts';

const SEED = 20261203;
const CASES = 120;
const TYPECHECKED = 4;

/** Each folder holding an `openapi.yaml`, under the given roots. */
const specFolders = ['specs', 'test/fixtures/vendors'].flatMap((root) =>
  readdirSync(path.join(repoRoot, root))
    .map((p) => path.join(repoRoot, root, p))
    .filter((dir) => existsSync(path.join(dir, 'openapi.yaml'))),
);

type Node = { path: (string | number)[]; value: unknown };

function nodesOf(v: unknown, at: (string | number)[] = [], out: Node[] = []): Node[] {
  out.push({ path: at, value: v });
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) nodesOf((v as Record<string, unknown>)[k], [...at, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

const VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [1], { type: 'object' }, { $ref: '#/nope' }, { type: 'string', format: 'date-time' }, 'string', 'integer', 'array'];
const TYPES: unknown[] = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null', 'weird', ['string', 'null']];
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One mutation kind per row: what it does to the node at `n` (its parent and key given). */
const MUTATIONS: Record<string, (doc: any, n: Node, parent: any, key: string | number, rnd: () => number) => void> = {
  delete: (_doc, _n, parent, key) => {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  },
  replace: (_doc, _n, parent, key, rnd) => {
    parent[key] = structuredClone(VALUES[Math.floor(rnd() * VALUES.length)]);
  },
  type: (_doc, n, parent, key, rnd) => {
    if (isRecord(n.value)) n.value.type = structuredClone(TYPES[Math.floor(rnd() * TYPES.length)]);
    else parent[key] = structuredClone(VALUES[Math.floor(rnd() * VALUES.length)]);
  },
  ref: (doc, n, _parent, _key, rnd) => {
    if (!isRecord(n.value)) return;
    const names = Object.keys(doc.components?.schemas ?? {});
    const targets = ['#/nope', 'other.yaml#/x', '#', '#/paths', ...names.map((s) => `#/components/schemas/${s}`)];
    n.value.$ref = targets[Math.floor(rnd() * targets.length)];
  },
  copy: (doc, _n, parent, key, rnd) => {
    const all = nodesOf(doc);
    parent[key] = structuredClone(all[Math.floor(rnd() * all.length)]!.value);
  },
};

function mutate(doc: unknown, rnd: () => number): string {
  const all = nodesOf(doc).filter((n) => n.path.length > 0);
  const n = all[Math.floor(rnd() * all.length)]!;
  let parent: any = doc;
  for (const k of n.path.slice(0, -1)) parent = parent[k];
  const names = Object.keys(MUTATIONS);
  const kind = names[Math.floor(rnd() * names.length)]!;
  MUTATIONS[kind]!(doc, n, parent, n.path[n.path.length - 1]!, rnd);
  return `${kind} ${joinPointer('', ...n.path)}`;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'provgen-mutated-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('mutated specs', () => {
  it(`${CASES} seeded cases: located problems, or output that loads (and typechecks)`, async () => {
    expect(specFolders.length).toBeGreaterThan(0);
    const rnd = seeded(SEED);
    const failures: string[] = [];
    let generated = 0;
    let refused = 0;
    let typechecked = 0;
    for (let i = 0; i < CASES; i++) {
      const folder = specFolders[Math.floor(rnd() * specFolders.length)]!;
      const name = path.basename(folder);
      const doc = YAML.parse(readFileSync(path.join(folder, 'openapi.yaml'), 'utf8'));
      const count = 1 + Math.floor(rnd() * 3);
      const applied: string[] = [];
      for (let j = 0; j < count; j++) applied.push(mutate(doc, rnd));
      const label = `seed ${SEED} case ${i} (${name}: ${applied.join('; ')})`;
      const dir = path.join(scratch, String(i));
      cpSync(folder, path.join(dir, 'specs', name), { recursive: true });
      writeFileSync(path.join(dir, 'specs', name, 'openapi.yaml'), YAML.stringify(doc, { aliasDuplicateObjects: false }));
      try {
        let files;
        try {
          files = (await generate(path.join(dir, 'specs'))).files;
        } catch (e) {
          if (!(e instanceof SpecError)) {
            failures.push(`${label}: crashed: ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 3).join(' | ') : String(e)}`);
            continue;
          }
          refused++;
          for (const d of e.diagnostics) {
            if (d.file === '' || typeof d.pointer !== 'string') failures.push(`${label}: a problem without its place: ${JSON.stringify(d)}`);
          }
          continue;
        }
        generated++;
        const out = path.join(dir, 'out');
        writeOutput(out, files);
        for (const f of [...files.keys()].filter((f) => f.endsWith('.js'))) {
          try {
            await import(pathToFileURL(path.join(out, f)).href);
          } catch (e) {
            failures.push(`${label}: ${f} does not load: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (typechecked < TYPECHECKED) {
          typechecked++;
          for (const p of typecheck(generatedRoots([out]), checkJsOptions, out)) failures.push(`${label}: ${p}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(`mutated specs: ${generated} generated and loaded (${typechecked} typechecked), ${refused} refused with located problems`);
    expect(failures).toEqual([]);
    // Both outcomes are exercised: a run where every mutation was refused (or none was) would test half of this.
    expect(generated).toBeGreaterThan(CASES / 10);
    expect(refused).toBeGreaterThan(CASES / 10);
  }, 240_000);
});
