/**
 * Multi-file specs (relative external $refs, circular between files, back into the root) and Swagger 2.0
 * documents: they generate modules that typecheck and load; every file a spec uses is in the file header,
 * the manifest's fingerprint and `--check`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inputFingerprint } from '../generator/manifest.ts';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';
import { generatedRoots, typecheck } from './support/typecheck.ts';

const temps: string[] = [];
const temp = (name: string): string => {
  const d = mkdtempSync(path.join(tmpdir(), `provgen-${name}-`));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const PET_FILES = ['common/responses.yaml', 'openapi.yaml', 'paths/pet.yaml', 'paths/pets.yaml', 'schemas/defs.yaml', 'schemas/new-pet.yaml', 'schemas/owner.yaml', 'schemas/pet.yaml'].map((f) => `pets/${f}`);

describe('multi-file spec', () => {
  it('reads every file, keeps schema names, follows circular refs across files, and the module loads', async () => {
    const r = await generate(path.join(repoRoot, 'test/fixtures/multi-file'));
    expect(r.diagnostics.items).toEqual([]);
    const p = r.ir.providers[0]!;
    expect(p.files).toEqual(PET_FILES);
    expect(p.models.map((m) => m.name)).toEqual(['Pet', 'Error', 'owner', 'Tag', 'new-pet']);
    expect(p.operations.map((o) => o.operationId)).toEqual(['listPets', 'createPet', 'getPet']);
    // The model read from schemas/pet.yaml is located there.
    expect(p.models[0]!.source).toMatchObject({ file: 'pets/openapi.yaml', pointer: '/components/schemas/Pet' });
    const header = r.files.get('pets/models.d.ts')!.split('\n')[0]!;
    for (const f of PET_FILES) expect(header).toContain(`specs/${f}`);
    const dts = r.files.get('pets/models.d.ts')!;
    expect(dts).toContain('owner?: Owner;');
    expect(dts).toContain('pets?: Pet[];');
    expect(dts).toContain('related?: Tag[];');
    const out = temp('multi');
    writeOutput(out, r.files);
    expect(typecheck(generatedRoots([out]), undefined, out)).toEqual([]);
    const m = (await import(pathToFileURL(path.join(out, 'pets/index.js')).href)) as Record<string, (v: unknown) => boolean>;
    expect(m.isPet!({ id: '1', name: 'Rex', owner: { pets: [{ id: '2', name: 'Tom' }] }, tags: [{ label: 'a', related: [{ label: 'b' }] }] })).toBe(true);
    expect(m.isPet!({ id: '1', name: 'Rex', owner: { pets: [{ id: 2 }] } })).toBe(false);
  });

  it('a change in a referenced file changes the fingerprint and makes --check fail', () => {
    const specs = temp('multi-specs');
    cpSync(path.join(repoRoot, 'test/fixtures/multi-file'), specs, { recursive: true });
    const out = path.join(temp('multi-out'), 'out');
    const before = inputFingerprint(specs, {});
    const cli = (...args: string[]) => spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'generator/cli.ts'), '--specs', specs, '--out', out, '--quiet', ...args], { encoding: 'utf8' });
    expect(cli().status).toBe(0);
    expect(cli('--check').status).toBe(0);
    const owner = path.join(specs, 'pets/schemas/owner.yaml');
    writeFileSync(owner, readFileSync(owner, 'utf8').replace('name: { type: string }', 'name: { type: string }\n  nickname: { type: string }'));
    expect(inputFingerprint(specs, {})).not.toBe(before);
    const check = cli('--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('stale');
  });
});

describe('Swagger 2.0', () => {
  it('is converted and read: host and basePath as the server, body parameter as the request body', async () => {
    const r = await generate(path.join(repoRoot, 'test/fixtures/swagger'));
    expect(r.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    const p = r.ir.providers[0]!;
    expect(p.files).toEqual(['petstore2/swagger.yaml']);
    expect(p.servers[0]!.url).toBe('https://petstore.example.test/v2');
    expect(p.models.map((m) => m.name)).toEqual(['NewPet', 'Pet', 'Error']);
    const add = p.operations.find((o) => o.operationId === 'addPet')!;
    expect(add.requestBody?.contents[0]?.schema.ref).toBe('#/components/schemas/NewPet');
    expect(add.security).toEqual([['api_key']]);
    const out = temp('swagger');
    writeOutput(out, r.files);
    expect(typecheck(generatedRoots([out]), undefined, out)).toEqual([]);
    const m = (await import(pathToFileURL(path.join(out, 'petstore2/index.js')).href)) as { createClient: (o: object) => { addPet(i: object): Promise<{ ok: boolean; data?: unknown }> } };
    const seen: { url: string; key: string | null; body: string }[] = [];
    const client = m.createClient({
      baseUrl: 'http://127.0.0.1:9/v2',
      auth: { api_key: 'k1' },
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        seen.push({ url: String(url), key: new Headers(init?.headers).get('api_key'), body: String(init?.body) });
        return new Response('{"id":7,"name":"Rex"}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const res = await client.addPet({ body: { name: 'Rex' } });
    expect(res).toMatchObject({ ok: true, status: 200, data: { id: 7, name: 'Rex' } });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:9/v2/pets', key: 'k1', body: '{"name":"Rex"}' }]);
  });
});
