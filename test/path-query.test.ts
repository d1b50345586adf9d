/**
 * A query string in a path template (`/uploads?convert={convert}`) is read as the path plus query parameters;
 * what cannot be read that way is a located warning, never a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { repoRoot } from './support/paths.ts';

describe('query string in a path template', () => {
  it('becomes query parameters; a fixed or undeclared part is a located warning; the client sends the query', async () => {
    const result = await generate(path.join(repoRoot, 'test/fixtures/path-query'));
    expect(result.diagnostics.sorted().map((d) => [d.severity, d.code, d.file, d.line, d.pointer])).toEqual([
      ['warning', 'path-query', 'uploads/openapi.yaml', 7, '/paths/~1uploads?convert={convert}&mode={mode}/post'],
      ['warning', 'path-query', 'uploads/openapi.yaml', 16, '/paths/~1files~1{id}?action=delete/post'],
    ]);
    const op = result.ir.providers[0]!.operations[0]!;
    expect(op.path).toBe('/uploads');
    expect(op.parameters.map((p) => [p.in, p.name, p.required])).toEqual([['query', 'convert', true], ['query', 'mode', false]]);
    const out = mkdtempSync(path.join(tmpdir(), 'provgen-path-query-'));
    try {
      writeOutput(out, result.files);
      const m = (await import(pathToFileURL(path.join(out, 'uploads/index.js')).href)) as { createClient: (o: object) => { upload(i: object): Promise<unknown> } };
      const urls: string[] = [];
      const fetch = async (url: string | URL | Request): Promise<Response> => {
        urls.push(String(url instanceof Request ? url.url : url));
        return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
      };
      await m.createClient({ baseUrl: 'http://127.0.0.1:9', fetch }).upload({ convert: true, mode: 'fast', body: {} });
      expect(urls).toEqual(['http://127.0.0.1:9/uploads?convert=true&mode=fast']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
