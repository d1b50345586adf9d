/**
 * The real-world corpus (test/corpus/documents.ts): public OpenAPI 3.0 / 3.1, Swagger 2.0 and multi-file
 * documents from npm packages, installed on demand into .cache/corpus. Every document generates (with a mock
 * server for every provider, `--mocks all`), the whole output typechecks in one program (declarations and
 * checkJs), every generated module loads, and a client call runs against the generated mock for the documents
 * that name one. Generation runs in two processes side by side.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../generator/output.ts';
import { DOCUMENTS, PACKAGES, type CorpusDocument } from './corpus/documents.ts';
import { documentFile, installCorpus, layOut } from './corpus/prepare.ts';
import { repoRoot } from './support/paths.ts';
import { generatedRoots, typecheck } from './support/typecheck.ts';

let skip: string | undefined;
try {
  installCorpus(repoRoot);
} catch (e) {
  if (process.env.CI === 'true') throw e;
  skip = `the corpus packages could not be installed (${(e as Error).message.split('\n')[0]})`;
  console.log(`corpus test skipped: ${skip}`);
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function generateIn(specs: string, out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'generator/cli.ts'), '--specs', specs, '--out', out, '--mocks', 'all', '--refuse-unsupported', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Two groups of about equal total size (largest first), one per core. */
function split(docs: CorpusDocument[]): CorpusDocument[][] {
  const groups: { docs: CorpusDocument[]; size: number }[] = [{ docs: [], size: 0 }, { docs: [], size: 0 }];
  const sized = docs.map((d) => ({ d, size: statSync(documentFile(repoRoot, d)).size })).sort((a, b) => b.size - a.size || (a.d.id < b.d.id ? -1 : 1));
  for (const { d, size } of sized) {
    const g = groups[0]!.size <= groups[1]!.size ? groups[0]! : groups[1]!;
    g.docs.push(d);
    g.size += size;
  }
  return groups.map((g) => g.docs);
}

describe.skipIf(skip !== undefined)('real-world corpus', () => {
  it('has the required mix of documents', () => {
    const text = (d: CorpusDocument) => readFileSync(documentFile(repoRoot, d), 'utf8').slice(0, 4000);
    const v31 = DOCUMENTS.filter((d) => /["']?openapi["']?\s*:\s*["']?3\.1/.test(text(d)));
    const swagger = DOCUMENTS.filter((d) => /["']?swagger["']?\s*:\s*["']?2\.0/.test(text(d)));
    const multi = DOCUMENTS.filter((d) => d.folder !== undefined);
    const big = DOCUMENTS.filter((d) => statSync(documentFile(repoRoot, d)).size > 1024 * 1024);
    expect(DOCUMENTS.length).toBeGreaterThanOrEqual(25);
    expect(v31.length).toBeGreaterThanOrEqual(3);
    expect(swagger.length).toBeGreaterThanOrEqual(2);
    expect(multi.length).toBeGreaterThanOrEqual(2);
    expect(big.length).toBeGreaterThanOrEqual(3);
    expect(DOCUMENTS.filter((d) => d.mockCall).length).toBeGreaterThanOrEqual(5);
    expect(new Set(DOCUMENTS.map((d) => d.package))).toEqual(new Set(PACKAGES.map((p) => p.name)));
  });

  it('every document generates, typechecks (checkJs), loads, and the named calls run against its mock', { timeout: 900_000 }, async () => {
    const started = performance.now();
    const groups = split(DOCUMENTS);
    const outs: string[] = [];
    const runs = groups.map((docs, i) => {
      const specs = mkdtempSync(path.join(tmpdir(), `provgen-corpus-specs-${i}-`));
      const out = mkdtempSync(path.join(tmpdir(), `provgen-corpus-out-${i}-`));
      temps.push(specs, out);
      outs.push(out);
      layOut(repoRoot, specs, docs);
      return generateIn(specs, out);
    });
    const results = await Promise.all(runs);
    const generatedAt = performance.now();
    console.log(`corpus: generated in ${((generatedAt - started) / 1000).toFixed(1)}s`);
    const problems = results.flatMap((r) => (r.code === 0 ? [] : r.stderr.split('\n').filter((l) => / error /.test(l) || /internal error/.test(l))));
    expect(problems).toEqual([]);
    expect(results.map((r) => r.code)).toEqual(groups.map(() => 0));

    const diags = typecheck(generatedRoots(outs), undefined, tmpdir());
    const typecheckedAt = performance.now();
    console.log(`corpus: typechecked in ${((typecheckedAt - generatedAt) / 1000).toFixed(1)}s`);
    expect(diags.slice(0, 30)).toEqual([]);

    const failed: string[] = [];
    let modules = 0;
    for (const out of outs) {
      for (const f of listFiles(out).filter((x) => x.endsWith('.js') && !x.startsWith('runtime/'))) {
        try {
          await import(pathToFileURL(path.join(out, f)).href);
          modules++;
        } catch (e) {
          failed.push(`${f}: ${(e as Error).message}`);
        }
      }
    }
    expect(failed).toEqual([]);

    const calls: string[] = [];
    for (const d of DOCUMENTS.filter((x) => x.mockCall)) {
      const out = outs.find((o) => existsSync(path.join(o, d.id)))!;
      const mock = (await import(pathToFileURL(path.join(out, d.id, 'mock.js')).href)) as {
        startMockServer(o?: object): Promise<{ url: string; problems: string[]; stats: { requests: number }; close(): Promise<void> }>;
        mockInfo: { clientAuth: Record<string, string> };
      };
      const api = (await import(pathToFileURL(path.join(out, d.id, 'index.js')).href)) as { createClient(o: object): Record<string, (input?: object) => Promise<{ ok: boolean; status?: number; error?: unknown }>> };
      const server = await mock.startMockServer();
      try {
        const client = api.createClient({ baseUrl: server.url, auth: mock.mockInfo.clientAuth });
        const call = client[d.mockCall!.method];
        expect(call, `${d.id}: no client method ${d.mockCall!.method}`).toBeTypeOf('function');
        const res = await call!(d.mockCall!.input ?? {});
        expect(res, `${d.id}.${d.mockCall!.method}: ${JSON.stringify(res.error)}`).toMatchObject({ ok: true });
        expect(server.problems).toEqual([]);
        expect(server.stats.requests).toBe(1);
        calls.push(`${d.id}.${d.mockCall!.method} -> ${res.status}`);
      } finally {
        await server.close();
      }
    }
    const secs = (ms: number) => (ms / 1000).toFixed(1);
    const done = performance.now();
    console.log(
      `corpus: ${DOCUMENTS.length} documents generated in ${secs(generatedAt - started)}s (2 processes), typechecked in ${secs(typecheckedAt - generatedAt)}s, ` +
        `${modules} modules loaded, ${calls.length} mock calls (${calls.join(', ')}); total ${secs(done - started)}s`,
    );
    expect(calls.length).toBeGreaterThanOrEqual(5);
  });
});
