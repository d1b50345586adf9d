/**
 * Names are never fatal: every kind of clash in test/fixtures/name-clashes is resolved the same way every run,
 * with a `name-collision` warning that names both sources, and the module generated from it typechecks (with
 * checkJs) and loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOutput } from '../generator/output.ts';
import { generate, type GenerateResult } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';
import { generatedRoots, typecheck } from './support/typecheck.ts';

const specs = path.join(repoRoot, 'test/fixtures/name-clashes');
let out: string;
let result: GenerateResult;

beforeAll(async () => {
  result = await generate(specs);
  out = mkdtempSync(path.join(tmpdir(), 'provgen-names-'));
  writeOutput(out, result.files);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

// [pointer, the name it wanted, the name it got, the other source named in the message]
const clashes: [string, string, string, string][] = [
  ['/paths/~1rules~1all/get/operationId', 'listRules', 'listRules2', 'operationId "List Rules"'],
  ['/paths/~1customers/post', 'CreateCustomerInput', 'CreateCustomerInput2', 'schema "CreateCustomerInput" (clashes/openapi.yaml:36'],
  ['/components/schemas/Client', 'Client', 'Client2', `the module's own export "Client"`],
  ['/components/schemas/ClientOptions', 'ClientOptions', 'ClientOptions2', `the module's own export "ClientOptions"`],
  ['/components/schemas/Email', 'isEmail', 'isEmail2', 'the runtime helper "isEmail" (runtime/validation.js)'],
  ['/components/schemas/DateTime', 'isDateTime', 'isDateTime2', 'the runtime helper "isDateTime" (runtime/validation.js)'],
  ['/components/schemas/Soap', 'decodeSoap', 'decodeSoap2', 'the runtime helper "decodeSoap" (runtime/xml.js)'],
  ['/components/schemas/PullRequest', 'PullRequest', 'PullRequest2', 'schema "pull_request" (clashes/openapi.yaml:40'],
  ['/components/schemas/User/properties/status', 'UserStatus', 'UserStatus2', 'schema "UserStatus" (clashes/openapi.yaml:42'],
];

describe('name clashes', () => {
  it('each clash is one warning on the later source, naming both, with the name it got', () => {
    const warnings = result.diagnostics.sorted().filter((d) => d.code === 'name-collision');
    expect(warnings.every((d) => d.severity === 'warning' && d.file === 'clashes/openapi.yaml' && d.line !== undefined)).toBe(true);
    expect(warnings.map((d) => d.pointer).sort()).toEqual(clashes.map(([p]) => p).sort());
    for (const [pointer, wanted, got, other] of clashes) {
      const d = warnings.find((w) => w.pointer === pointer)!;
      expect(d.message).toContain(`"${wanted}"`);
      expect(d.message).toContain(`"${got}"`);
      expect(d.message).toContain(other);
    }
  });

  it('is deterministic', async () => {
    const again = await generate(specs);
    expect([...again.files]).toEqual([...result.files]);
  });

  it('the module typechecks (declarations and checkJs) and loads, with the resolved names', async () => {
    expect(typecheck(generatedRoots([out]), undefined, out)).toEqual([]);
    const m = (await import(pathToFileURL(path.join(out, 'clashes/index.js')).href)) as Record<string, unknown>;
    expect(typeof m.createClient).toBe('function');
    const isEmail2 = m.isEmail2 as (v: unknown) => boolean;
    expect([isEmail2('a@example.test'), isEmail2('nope')]).toEqual([true, false]);
    expect(typeof m.decodeSoap2).toBe('function');
    expect(typeof m.validateClient2).toBe('function');
    expect(m.isClient).toBeUndefined();
    expect(m.UserStatus2).toEqual({ On: 'on', Off: 'off' });
    const client = (m.createClient as (o: { baseUrl: string; fetch: typeof fetch }) => Record<string, unknown>)({ baseUrl: 'http://127.0.0.1:1', fetch: (async () => new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch });
    expect(typeof client.listRules).toBe('function');
    expect(typeof client.listRules2).toBe('function');
  });
});
