/**
 * The generated package as a consumer gets it: packed, installed into a fresh folder with npm, and imported
 * by plain Node (no TypeScript loader) through each provider's subpath export.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedDir, specsDir } from './support/paths.ts';

const pkg = JSON.parse(readFileSync(path.join(generatedDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
const subpaths = Object.keys(pkg.exports).map((k) => k.replace(/^\.\//, ''));
const providers = subpaths.filter((k) => !k.endsWith('/mock'));
const mocks = subpaths.filter((k) => k.endsWith('/mock'));
/** One provider per folder of specs/. */
const specProviders = readdirSync(specsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
let consumer: string;

beforeAll(() => {
  consumer = mkdtempSync(path.join(tmpdir(), 'provgen-consumer-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: generatedDir, encoding: 'utf8' });
  const tarball = path.join(consumer, out.trim().split('\n').pop()!);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: consumer, stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe('installed package', () => {
  it('exports every provider of specs/', () => {
    expect(providers.sort()).toEqual(specProviders);
  });
  for (const id of specProviders) {
    it(`node imports ${pkg.name}/${id} without a TypeScript loader`, () => {
      const script = `const m = await import(${JSON.stringify(`${pkg.name}/${id}`)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, encoding: 'utf8' });
      const names = JSON.parse(out) as string[];
      expect(names).toContain('errorCatalog');
    });
  }
  for (const sub of mocks) {
    it(`node starts and closes the mock server of ${pkg.name}/${sub}`, () => {
      const script =
        `const { startMockServer } = await import(${JSON.stringify(`${pkg.name}/${sub}`)}); ` +
        `const s = await startMockServer(); const r = await fetch(s.url + '/no-such-route'); await s.close(); ` +
        `console.log(JSON.stringify({ url: s.url, status: r.status }));`;
      const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, encoding: 'utf8', timeout: 30_000 })) as { url: string; status: number };
      expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out.status).toBe(404);
    });
  }
  it('keeps node:http out of the provider entry points (mock servers are their own subpath)', () => {
    for (const id of providers) {
      const index = readFileSync(path.join(generatedDir, id, 'index.js'), 'utf8');
      expect(index).not.toMatch(/mock/);
    }
  });
});
