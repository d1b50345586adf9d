/**
 * Nothing silent: a construct the client cannot honour fails generation (test/bad-specs.test.ts); with
 * `x-refuse-unsupported` it is a warning that says the calls are refused, and the generated method does refuse
 * them, sending nothing. The mock refuses a call it cannot authenticate with 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { generate } from '../generator/pipeline.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const SPEC = `openapi: 3.1.0
info: { title: Refusals, version: '1' }
servers: [{ url: https://refusals.example.com }]
components:
  securitySchemes:
    tls: { type: mutualTLS }
x-mock: {}
paths:
  /upload:
    post:
      operationId: upload
      x-refuse-unsupported: [requestBody]
      requestBody: { content: { text/csv: { schema: { type: string } } } }
      responses: { '204': { description: ok } }
  /search:
    post:
      operationId: search
      x-refuse-unsupported: [requestBody]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, properties: { filter: { type: object, properties: { name: { type: string } } } } }
            encoding: { filter: { style: deepObject, explode: false } }
      responses: { '204': { description: ok } }
  /tls:
    get:
      operationId: viaTls
      x-refuse-unsupported: [security]
      security: [{ tls: [] }]
      x-mock: { reply: { ok: true } }
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object, properties: { ok: { type: boolean } } } } } }, '401': { description: no } }
`;

let pkg: FixturePackage;
beforeAll(async () => {
  pkg = await fixturePackage([], {}, { refusals: SPEC });
}, 60_000);
afterAll(() => pkg?.remove());

describe('x-refuse-unsupported', () => {
  it('turns the errors into warnings that say the calls are refused', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'provgen-refuse-'));
    try {
      mkdirSync(path.join(dir, 'refusals'));
      writeFileSync(path.join(dir, 'refusals/openapi.yaml'), SPEC);
      const r = await generate(dir);
      const refused = r.diagnostics.items.filter((d: any) => d.code === 'client-refused').map((d: any) => `${d.pointer}: ${d.message}`);
      expect(refused).toEqual([
        '/paths/~1upload/post/requestBody/content: the request body of upload is text/csv, which the client cannot write; calls to it are refused (x-refuse-unsupported: requestBody)',
        '/paths/~1search/post/requestBody/content/application~1x-www-form-urlencoded/encoding/filter/explode: the request body of search: form member "filter": style deepObject is defined only with explode true; calls to it are refused (x-refuse-unsupported: requestBody)',
        '/paths/~1tls/get/security: no security requirement of viaTls can be met by the client: tls (mutualTLS); calls to it are refused (x-refuse-unsupported: security)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the generated methods refuse every call and send nothing', async () => {
    const mod: any = await pkg.load('refusals/client.js');
    let sent = 0;
    const c = mod.createClient({ fetch: async () => (sent++, new Response(null, { status: 204 })) });
    const a = await c.upload({ body: 'a,b' });
    expect(a).toEqual({ ok: false, error: { kind: 'unsupported', operation: 'upload', message: 'upload: the request body of upload is text/csv, which the client cannot write; the call is refused (x-refuse-unsupported)' }, headers: {}, attempts: 0 });
    const s = await c.search({ body: { filter: { name: 'x' } } });
    expect(s.error).toEqual({ kind: 'unsupported', operation: 'search', message: 'search: the request body of search: form member "filter": style deepObject is defined only with explode true; the call is refused (x-refuse-unsupported)' });
    const b = await c.viaTls();
    expect(b.error.kind).toBe('unsupported');
    expect(sent).toBe(0);
  });

  it('the mock refuses a call secured by a scheme it cannot check, with 401', async () => {
    const mock: any = await (await pkg.load<any>('refusals/mock.js')).startMockServer();
    try {
      const res = await fetch(`${mock.url}/tls`);
      expect(res.status).toBe(401);
    } finally {
      await mock.close();
    }
  });
});
