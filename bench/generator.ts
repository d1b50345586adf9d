/**
 * Scale: generation on GitHub's REST API description (`@octokit/openapi`, api.github.com.json, 13 MB,
 * OpenAPI 3.0) against openapi-typescript's CLI on the same file, in the same run (the description is installed
 * on demand into .cache/, see bench/_octokit.ts).
 * Prints wall time and peak memory of each (median of 3, interleaved), the no-op regeneration time, and
 * whether our output typechecks.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { listFiles } from '../generator/output.ts';
import { ensureGithubSpec } from './_octokit.ts';
import { median } from './_stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.cache/bench-generator');

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


export async function run(): Promise<void> {
  const spec = ensureGithubSpec();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'specs/github'), { recursive: true });
  cpSync(spec, path.join(work, 'specs/github/openapi.json'));
  const ours = path.join(work, 'out');
  const theirsOut = path.join(work, 'openapi-typescript.d.ts');
  const oursArgs = [path.join(root, 'generator/cli.ts'), '--specs', path.join(work, 'specs'), '--out', ours, '--quiet'];
  const theirsArgs = [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), spec, '-o', theirsOut];

  const a: Measure[] = [];
  const b: Measure[] = [];
  const noop: Measure[] = [];
  for (let i = 0; i < 3; i++) {
    rmSync(ours, { recursive: true, force: true });
    a.push(measured(oursArgs));
    noop.push(measured(oursArgs)); // nothing changed: the second run writes nothing
    b.push(measured(theirsArgs));
  }
  const files = listFiles(ours);
  const oursMs = median(a.map((m) => m.ms));
  const theirsMs = median(b.map((m) => m.ms));
  const oursMem = median(a.map((m) => m.maxRssKiB));
  const theirsMem = median(b.map((m) => m.maxRssKiB));
  const noopMs = median(noop.map((m) => m.ms));
  console.log(`github: ours ${oursMs.toFixed(0)} ms ${(oursMem / 1024).toFixed(0)} MiB (${files.length} files: ${files.filter((f) => f.startsWith('github/')).join(', ')})`);
  console.log(`github: openapi-typescript ${theirsMs.toFixed(0)} ms ${(theirsMem / 1024).toFixed(0)} MiB (types only)`);
  console.log(`github: no-op regeneration ${noopMs.toFixed(0)} ms (${((noopMs / oursMs) * 100).toFixed(0)}% of a full run)`);
  console.log(`ratio generate-github-wall-vs-openapi-typescript ${(theirsMs / oursMs).toFixed(2)}`);
  console.log(`ratio generate-github-peak-memory-vs-openapi-typescript ${(theirsMem / oursMem).toFixed(2)}`);
  console.log(`ratio generate-github-noop-vs-full ${(oursMs / noopMs).toFixed(2)}`);

  const dts = files.filter((f) => f.endsWith('.d.ts')).map((f) => path.join(ours, f));
  const t0 = performance.now();
  const program = ts.createProgram(dts, { strict: true, noEmit: true, skipLibCheck: false, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const diags = ts.getPreEmitDiagnostics(program);
  console.log(`github: output typecheck ${diags.length === 0 ? 'ok' : `FAILED (${diags.length} errors)`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const d of diags.slice(0, 5)) console.log(`  ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
