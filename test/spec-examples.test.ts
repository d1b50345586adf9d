/**
 * Every example in every spec checked against its own schema. JSON examples are checked with Ajv (draft
 * 2020-12) straight from the YAML, an oracle independent of our reader and validators; XML examples are
 * checked by the XML codec tests (test/xml-codec.test.ts), and here for well-formedness and root element.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { specsDir } from './support/paths.ts';

interface Found {
  pointer: string;
  mediaType: string;
  schemaPointer: string;
  value: unknown;
  invalid: boolean;
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function at(doc: unknown, ref: string): any {
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o: any, k) => o?.[k], doc);
}

/** Every media-type example in a document, with the pointer of the schema it belongs to. */
function collect(doc: Record<string, any>): Found[] {
  const out: Found[] = [];
  const media = (content: Record<string, any> | undefined, base: string): void => {
    for (const [mt, m] of Object.entries(content ?? {})) {
      const p = `${base}/content/${escape(mt)}`;
      if (m.example !== undefined) out.push({ pointer: `${p}/example`, mediaType: mt, schemaPointer: `${p}/schema`, value: m.example, invalid: false });
      for (const [name, raw] of Object.entries<any>(m.examples ?? {})) {
        const ex = typeof raw.$ref === 'string' ? at(doc, raw.$ref) : raw;
        out.push({ pointer: `${p}/examples/${escape(name)}`, mediaType: mt, schemaPointer: `${p}/schema`, value: ex.value, invalid: ex['x-invalid'] === true });
      }
    }
  };
  for (const [route, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (typeof op !== 'object' || !op || !('responses' in op)) continue;
      const base = `/paths/${escape(route)}/${method}`;
      if (op.requestBody) media(op.requestBody.content, `${base}/requestBody`);
      for (const [status, r] of Object.entries<any>(op.responses ?? {})) media(r.content, `${base}/responses/${status}`);
      for (const [name, ex] of Object.entries<any>(op['x-soap']?.examples ?? {})) {
        out.push({ pointer: `${base}/x-soap/examples/${escape(name)}`, mediaType: ex.mediaType ?? 'application/soap+xml', schemaPointer: '', value: ex.value, invalid: false });
      }
    }
  }
  return out;
}

const providers = readdirSync(specsDir).filter((p) => !p.startsWith('.')).sort();

describe.each(providers)('examples of %s', (provider) => {
  const doc = parse(readFileSync(path.join(specsDir, provider, 'openapi.yaml'), 'utf8')) as Record<string, any>;
  const examples = collect(doc);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
  const addFormats = (formatsPlugin as unknown as { default: (a: Ajv2020) => void }).default;
  addFormats(ajv);
  ajv.addSchema(doc, 'spec');

  it('has request and response examples for every operation', () => {
    for (const [route, item] of Object.entries<any>(doc.paths ?? {})) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (typeof op !== 'object' || !op?.responses) continue;
        const base = `/paths/${escape(route)}/${method}`;
        expect(examples.some((e) => e.pointer.startsWith(`${base}/requestBody`)), `${base} request example`).toBe(true);
        expect(examples.some((e) => e.pointer.startsWith(`${base}/responses`)), `${base} response example`).toBe(true);
      }
    }
  });

  const json = examples.filter((e) => /json/.test(e.mediaType));
  const xml = examples.filter((e) => /xml/.test(e.mediaType));
  it.each(json.map((e) => [e.pointer, e] as const))('JSON %s matches its schema', (_p, e) => {
    const validate = ajv.getSchema(`spec#${e.schemaPointer}`);
    expect(validate, `no schema at ${e.schemaPointer}`).toBeDefined();
    const ok = validate!(e.value);
    if (e.invalid) expect(ok, 'an example marked x-invalid must really be invalid').toBe(false);
    else expect(validate!.errors ?? [], JSON.stringify(validate!.errors)).toEqual([]);
  });
  it.each(xml.map((e) => [e.pointer, e] as const))('XML %s is well-formed', (_p, e) => {
    expect(typeof e.value).toBe('string');
    expect(XMLValidator.validate(e.value as string)).toBe(true);
  });
});

/**
 * The same examples through the generated code: XML examples decoded by the generated codec, then every
 * example (JSON and XML) checked by the generated validator of its model.
 */
describe('examples through the generated codec and validators', async () => {
  const { readSpecs } = await import('../generator/readers/index.ts');
  const { allocateProviderNames } = await import('../generator/emit/provider-names.ts');
  const { Diagnostics } = await import('../generator/diagnostics.ts');
  const { freshPackage } = await import('./support/fresh-package.ts');
  const { ir } = await readSpecs(specsDir, { skipValidation: true });
  const pkg = await freshPackage();
  afterAll(() => pkg.remove());
  const rows: [string, string, string, string, unknown][] = [];
  for (const provider of ir.providers) {
    const names = allocateProviderNames(provider, new Diagnostics());
    const contents = provider.operations.flatMap((op) => [...(op.requestBody?.contents ?? []), ...op.responses.flatMap((r) => r.contents)]);
    for (const c of contents) {
      if (c.schema.ref === undefined) continue;
      const type = names.modelName(c.schema.ref).name;
      for (const ex of c.examples) rows.push([provider.id, `${ex.source.pointer}`, c.mediaType, type, ex.value]);
    }
  }

  it('covers every provider', () => {
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(providers));
  });

  it.each(rows)('%s %s (%s) is a valid %s', async (provider, _pointer, mediaType, type, value) => {
    const index = await pkg.load<Record<string, any>>(`${provider}/index.js`);
    let data = value;
    if (/xml/.test(mediaType)) {
      const decoded = index[`decode${type}`](value as string, { unknown: 'error' });
      expect(decoded.ok ? [] : decoded.errors).toEqual([]);
      data = decoded.value;
    }
    const result = index[`validate${type}`](data);
    expect(result.valid ? [] : result.issues).toEqual([]);
    expect(index[`is${type}`](data)).toBe(true);
  });
});
