/**
 * Adding a vendor, as docs/adding-a-vendor.md tells it: a temporary specs folder with every provider of specs/
 * plus a new one (test/fixtures/new-vendor, which uses wire kinds none of the five uses: a bearer token, and an
 * API token in the query string), generated with the command line, typechecked as a consumer would use it,
 * imported by Node, and its client called against its own mock over HTTP on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, specsDir } from './support/paths.ts';
import { strictOptions } from './support/typecheck.ts';

const ID = 'orgbook';
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
let work: string;
let out: string;

type Result = { ok: boolean; status?: number; data?: unknown; error?: { kind: string; status?: number; message?: string } };
interface Mock {
  url: string;
  close(): Promise<void>;
  records(c: string): { request: unknown }[];
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'provgen-new-vendor-'));
  cpSync(specsDir, path.join(work, 'specs'), { recursive: true });
  mkdirSync(path.join(work, 'specs', ID));
  cpSync(path.join(repoRoot, 'test/fixtures/new-vendor/openapi.yaml'), path.join(work, 'specs', ID, 'openapi.yaml'));
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a new vendor from its spec to a client call against its mock', () => {
  it('generates with the command line, beside every provider already there', () => {
    const r = spawnSync(tsx, [path.join(repoRoot, 'generator/cli.ts'), '--specs', 'specs', '--out', 'out'], { cwd: work, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const count = readdirSync(path.join(work, 'specs'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    expect(r.stdout).toMatch(new RegExp(`^provgen: ${count} providers, `));
    expect(r.stderr).toBe('');
    out = path.join(work, 'out');
    for (const f of ['index.js', 'client.js', 'client.d.ts', 'mock.js', 'mock.d.ts', 'validators.js', 'models.d.ts']) expect(readdirSync(path.join(out, ID))).toContain(f);
  }, 120_000);

  it('typechecks as a consumer uses it (strict), and the wrong credentials do not', () => {
    const consumer = path.join(work, 'consumer.ts');
    writeFileSync(
      consumer,
      [
        `import { createClient, type NewOrganization } from './out/${ID}/index.js';`,
        `import { startMockServer, mockInfo } from './out/${ID}/mock.js';`,
        'const mock = await startMockServer();',
        "const client = createClient({ baseUrl: mock.url, auth: { token: 't', apiToken: 'k' } });",
        "const body: NewOrganization = { name: 'Acme', visibility: 3 };",
        'const r = await client.createOrganization({ body });',
        'if (r.ok) { const id: number | bigint = r.data.data.id; void id; } else if (r.error.kind === "http" && r.error.documented) { const m: string = r.error.body.errorMessage; void m; }',
        "const s = await client.searchOrganizations({ term: 'Ac' });",
        'void s; void mockInfo.clientAuth;',
        '// @ts-expect-error: the bearer token is a required credential',
        "createClient({ auth: { apiToken: 'k' } });",
        '// @ts-expect-error: the search term is required',
        'void client.searchOrganizations({});',
        'await mock.close();',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
    const program = ts.createProgram([consumer], { ...strictOptions, typeRoots: [path.join(repoRoot, 'node_modules/@types')] });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diags).toEqual([]);
  }, 120_000);

  it('its client calls its mock: bearer token and query token checked, records stored, wrong tokens refused', async () => {
    const index = (await import(pathToFileURL(path.join(out, ID, 'index.js')).href)) as { createClient(o: object): Record<string, (input?: object) => Promise<Result>> };
    const { startMockServer, mockInfo } = (await import(pathToFileURL(path.join(out, ID, 'mock.js')).href)) as {
      startMockServer(o?: object): Promise<Mock>;
      mockInfo: { clientAuth: Record<string, string> };
    };
    expect(mockInfo.clientAuth).toEqual({ token: 'mock-bearer-token', apiToken: 'mock-apiToken' });
    const seen: string[] = [];
    const fetchSpy = (url: string | URL, init?: RequestInit) => {
      seen.push(`${String(url)} ${JSON.stringify((init?.headers as Record<string, string> | undefined)?.authorization ?? null)}`);
      return fetch(url, init);
    };
    const mock = await startMockServer();
    try {
      const client = index.createClient({ baseUrl: mock.url, auth: mockInfo.clientAuth, fetch: fetchSpy });
      const made = await client.createOrganization!({ body: { name: 'Acme', visibility: 3 } });
      expect(made).toMatchObject({ ok: true, status: 201, data: { success: true, data: { id: 1, name: 'Acme' } } });
      expect(mock.records('organizations').map((r) => r.request)).toEqual([{ name: 'Acme', visibility: 3 }]);
      const found = await client.searchOrganizations!({ term: 'Ac' });
      expect(found).toMatchObject({ ok: true, status: 200, data: { success: true, data: [] } });
      expect(seen[0]).toMatch(/\/organizations "Bearer mock-bearer-token"$/);
      expect(seen[1]).toMatch(/\/organizations\/search\?term=Ac&api_token=mock-apiToken null$/);

      const wrong = index.createClient({ baseUrl: mock.url, auth: { token: 'nope', apiToken: 'nope' } });
      const refused = await wrong.createOrganization!({ body: { name: 'Other' } });
      expect(refused).toMatchObject({ ok: false, error: { kind: 'http', status: 401, message: 'the bearer token is not valid' } });
      expect(await wrong.searchOrganizations!({ term: 'Ac' })).toMatchObject({ ok: false, error: { kind: 'http', status: 401 } });
      expect(mock.records('organizations')).toHaveLength(1);
      const invalid = await client.createOrganization!({ body: { name: '' } });
      expect(invalid).toMatchObject({ ok: false, error: { kind: 'validation' } });
    } finally {
      await mock.close();
    }
  }, 60_000);
});
