/**
 * The command line as a build step uses it: real subprocesses on temp folders. A failed run leaves the output
 * byte-identical; --check names stale files; no stack traces for problems in specs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../generator/output.ts';
import { repoRoot, specsDir } from './support/paths.ts';

/** The providers in specs/ (one folder each), whatever they are. */
const providerCount = readdirSync(specsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).length;

const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const cli = path.join(repoRoot, 'generator/cli.ts');
let work: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [cli, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'provgen-cli-'));
  cpSync(specsDir, path.join(work, 'specs'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cli', () => {
  it('--help prints usage and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--check');
    expect(r.stdout).toContain('--watch');
  });

  it('generates, then reports a no-op run in a one-line summary', () => {
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^provgen: ${providerCount} providers, \\d+ files written, 0 unchanged, 0 removed in [\\d.]+s\\n$`));
    const second = run();
    expect(second.stdout).toMatch(new RegExp(`^provgen: ${providerCount} providers, 0 files written, \\d+ unchanged, 0 removed in [\\d.]+s \\(up to date\\)\\n$`));
    expect(second.stdout).not.toMatch(/\x1b\[/); // no colour codes when not on a TTY
  });

  it('--check passes on fresh output and names every stale file otherwise', () => {
    expect(run('--check').status).toBe(0);
    const out = path.join(work, 'generated');
    writeFileSync(path.join(out, 'jasper/models.js'), '// edited by hand\n');
    writeFileSync(path.join(out, 'extra.txt'), 'x');
    rmSync(path.join(out, 'tier3/models.d.ts'));
    const before = snapshot(out);
    const r = run('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('generated/jasper/models.js (changed)');
    expect(r.stderr).toContain('generated/tier3/models.d.ts (missing)');
    expect(r.stderr).toContain('generated/extra.txt (extra)');
    expect(snapshot(out)).toEqual(before); // --check writes nothing
    // The hand edits above invalidate the manifest, so this run regenerates in full and repairs everything.
    const repair = run();
    expect(repair.status).toBe(0);
    expect(repair.stdout).toMatch(/2 files written, \d+ unchanged, 1 removed/);
    expect(run('--check').status).toBe(0);
  });

  it('a broken spec fails with file:line, pointer and code, no stack trace, output untouched', () => {
    const out = path.join(work, 'generated');
    const before = snapshot(out);
    const spec = path.join(work, 'specs/jasper/openapi.yaml');
    const good = readFileSync(spec, 'utf8');
    try {
      writeFileSync(spec, good.replace("$ref: '#/components/schemas/Contact'", "$ref: '#/components/schemas/Kontakt'").replace('maxLength: 60', 'maxLength: sixty'));
      const r = run();
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/jasper\/openapi\.yaml:\d+ \/components\/schemas\/CreateCustomerRequest\/properties\/contacts\/items\/\$ref error ref-dangling/);
      expect(r.stderr).toMatch(/schema-invalid: maxLength must be a non-negative integer/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(out)).toEqual(before);
    } finally {
      writeFileSync(spec, good);
    }
  });

  it('reads a config file for folders', () => {
    writeFileSync(path.join(work, 'cfg.json'), JSON.stringify({ specs: 'specs', out: 'out2' }));
    const r = run('--config', 'cfg.json');
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(path.join(work, 'out2')).length).toBeGreaterThan(10);
    writeFileSync(path.join(work, 'bad.json'), JSON.stringify({ spec: 'typo' }));
    const bad = run('--config', 'bad.json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown key "spec"');
  });

  it('rejects an unknown option', () => {
    const r = run('--frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --frobnicate');
  });
});


describe('--watch', () => {
  it('regenerates on change, survives a broken save, recovers on the next good one', async () => {
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(path.join(tmpdir(), 'provgen-watch-'));
    cpSync(path.join(specsDir, 'avvio'), path.join(dir, 'specs/avvio'), { recursive: true });
    const child = spawn(tsx, [cli, '--watch', '--specs', 'specs', '--out', 'out'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = async (cond: () => boolean, what: string): Promise<void> => {
      for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!cond()) throw new Error(`timed out waiting for ${what}\nstdout:${stdout}\nstderr:${stderr}`);
    };
    try {
      await until(() => stdout.includes('watching'), 'the first run');
      const spec = path.join(dir, 'specs/avvio/openapi.yaml');
      const good = readFileSync(spec, 'utf8');
      const models = path.join(dir, 'out/avvio/models.d.ts');
      const before = readFileSync(models, 'utf8');

      writeFileSync(spec, good + '\n  broken: [\n');
      await until(() => stderr.includes('spec-syntax'), 'the broken save to be reported');
      expect(readFileSync(models, 'utf8')).toBe(before);

      writeFileSync(spec, good.replace(/Title of the account holder[^\n]*/, 'Honorific, rewritten by the watch test.'));
      await until(() => readFileSync(models, 'utf8').includes('rewritten by the watch test'), 'the recovery');
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
