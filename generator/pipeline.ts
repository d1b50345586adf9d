/**
 * The run: read specs -> IR -> passes -> emitters -> a map of output files. Pure apart from reading the specs
 * and templates; writing is output.ts's job, so a failed run never touches the output folder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { Diagnostics, SpecError } from './diagnostics.ts';
import type { IRDocument, IRProvider } from './ir/types.ts';
import { readSpecs, type ReadOptions } from './readers/index.ts';
import { loadSpecText } from './readers/openapi/load.ts';
import { checkRequiredCycles } from './passes/required-cycles.ts';
import { markBodyFiles } from './passes/body-files.ts';
import { factsOf, wireFactsPass } from './passes/wire-facts.ts';
import { checkFieldPaths } from './passes/error-fields.ts';
import { allocateProviderNames, type ProviderNames } from './emit/provider-names.ts';
import { emitModelsDts, emitModelsJs } from './emit/types.ts';
import { emitOperationsDts } from './emit/operations.ts';
import { emitValidators } from './emit/validators.ts';
import { emitXml } from './emit/xml.ts';
import { emitMock } from './emit/mock.ts';
import { emitClient } from './emit/client.ts';
import { lit } from './emit/code.ts';
import { docRows } from './wire/index.ts';
import type { DocRow } from './wire/kind.ts';
import { MANIFEST, inputFingerprint, manifestFor } from './manifest.ts';

/** The options that change what a run produces (part of the manifest's input fingerprint). */
export function fingerprintOptions(opts: ReadOptions): Record<string, unknown> {
  return { skipValidation: opts.skipValidation === true, only: opts.only ?? null, ...(opts.mocks === 'all' ? { mocks: 'all' } : {}), ...(opts.refuseUnsupported ? { refuseUnsupported: true } : {}) };
}

export const PACKAGE_NAME = '@provgen/vendors';
const here = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATES_DIR = path.resolve(here, '../templates');

export interface ProviderEmitContext {
  provider: IRProvider;
  names: ProviderNames;
  diagnostics: Diagnostics;
  /** Write a mock server even where the spec has no `x-mock` (the `mocks: 'all'` option). */
  mockAll?: boolean;
  /** The file header; an emitter that builds its file after it says so with `headed` (one string, no copy). */
  header?: string;
}

/** An emitter declares what it writes for one provider; the pipeline owns the loop and the files. */
export interface Emitter {
  name: string;
  emit(ctx: ProviderEmitContext): { file: string; content: string; headed?: boolean }[];
}

export const emitters: Emitter[] = [
  {
    name: 'models',
    emit: (ctx) => [
      { file: 'models.d.ts', content: emitModelsDts(ctx.provider, ctx), headed: true },
      { file: 'models.js', content: emitModelsJs(ctx.provider, ctx), headed: true },
    ],
  },
  {
    name: 'operations',
    emit: (ctx) => [{ file: 'operations.d.ts', content: emitOperationsDts(ctx.provider, ctx), headed: true }],
  },
  {
    name: 'validators',
    emit: (ctx) => {
      const { js, dts } = emitValidators(ctx);
      return [
        { file: 'validators.js', content: js, headed: true },
        { file: 'validators.d.ts', content: dts, headed: true },
      ];
    },
  },
  {
    name: 'xml',
    emit: (ctx) => {
      const out = emitXml(ctx.provider, ctx.names, { diagnostics: ctx.diagnostics });
      return out ? [{ file: 'xml.js', content: out.js }, { file: 'xml.d.ts', content: out.dts }] : [];
    },
  },
  {
    name: 'mock',
    emit: (ctx) => {
      // A mock server needs behaviour no OpenAPI document states (x-mock); the wire-facts pass says whether
      // (with the `mocks: 'all'` option every provider gets one).
      if (!factsOf(ctx.provider).outputs.mock) return [];
      const out = emitMock(ctx);
      return out ? [{ file: 'mock.js', content: out.js, headed: true }, { file: 'mock.d.ts', content: out.dts }] : [];
    },
  },
  {
    name: 'client',
    emit: (ctx) => {
      const { js, dts } = emitClient(ctx);
      return [
        { file: 'client.js', content: js, headed: true },
        { file: 'client.d.ts', content: dts, headed: true },
      ];
    },
  },
];

export type OutputFiles = Map<string, string>;

export interface GenerateResult {
  files: OutputFiles;
  ir: IRDocument;
  diagnostics: Diagnostics;
}

/** `inputs`: the input fingerprint when the caller has just taken it (otherwise it is taken here). */
export async function generate(specsDir: string, opts: ReadOptions = {}, inputs?: string): Promise<GenerateResult> {
  const { ir, diagnostics, validated } = await readSpecs(specsDir, opts);
  // The structural check's problems are added after the passes and emitters ran (so they report theirs too),
  // and a Swagger document's validation runs in a worker meanwhile; nothing is decided before both are done.
  let files: OutputFiles | undefined;
  let emitError: unknown;
  if (opts.refuseUnsupported) {
    for (const p of ir.providers) for (const op of p.operations) op.wire.refuse ??= { constructs: ['security', 'requestBody'], source: op.source };
  }
  runPasses(ir, diagnostics, { mockAll: opts.mocks === 'all' });
  if (!diagnostics.hasErrors) {
    try {
      files = emitAll(ir, diagnostics, { mockAll: opts.mocks === 'all' });
    } catch (e) {
      emitError = e;
    }
  }
  await validated();
  diagnostics.fillLines((file) => linesOf(specsDir, file));
  if (diagnostics.hasErrors) throw new SpecError(diagnostics.sorted());
  if (emitError !== undefined || files === undefined) throw emitError;
  files.set(MANIFEST, manifestFor(inputs ?? inputFingerprint(specsDir, fingerprintOptions(opts)), files));
  return { files: new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), ir, diagnostics };
}

/**
 * The passes, in order, before any emitter runs: checks that span models, then the facts several emitters
 * share (generator/passes/wire-facts.ts), stored in `provider.facts`.
 */
export function runPasses(ir: IRDocument, diagnostics: Diagnostics, options: { mockAll?: boolean } = {}): void {
  for (const provider of ir.providers) {
    checkRequiredCycles(provider, diagnostics);
    markBodyFiles(provider);
    checkFieldPaths(provider, diagnostics);
    provider.facts = wireFactsPass(provider, options);
  }
}

/** Emits every file for an IR document. Keys are paths relative to the output folder, sorted. */
export function emitAll(ir: IRDocument, diagnostics: Diagnostics, options: { mockAll?: boolean } = {}): OutputFiles {
  const out = new Map<string, string>();
  const templates = loadTemplates();
  for (const provider of ir.providers) {
    const names = allocateProviderNames(provider, diagnostics);
    const header = fileHeader(provider);
    const ctx: ProviderEmitContext = options.mockAll ? { provider, names, diagnostics, mockAll: true, header } : { provider, names, diagnostics, header };
    const produced: string[] = [];
    for (const emitter of emitters) {
      for (const f of emitter.emit(ctx)) {
        out.set(`${provider.id}/${f.file}`, f.headed ? f.content : header + f.content);
        produced.push(f.file);
      }
    }
    const outputs = factsOf(provider).outputs;
    const view = { header, hasValidators: outputs.validators, hasClient: outputs.client, hasXml: outputs.xml };
    for (const [file, has] of [['validators.js', outputs.validators], ['client.js', outputs.client], ['xml.js', outputs.xml], ['mock.js', outputs.mock]] as const) {
      if (has !== produced.includes(file)) throw new Error(`internal: the wire-facts pass and the emitters disagree about ${provider.id}/${file}`);
    }
    out.set(`${provider.id}/index.js`, templates.indexJs(view));
    out.set(`${provider.id}/index.d.ts`, templates.indexDts(view));
  }
  for (const f of listRuntime()) out.set(`runtime/${f}`, readFileSync(path.join(TEMPLATES_DIR, 'runtime', f), 'utf8'));
  out.set('package.json', packageJson(ir, new Set(ir.providers.filter((p) => out.has(`${p.id}/mock.js`)).map((p) => p.id))));
  out.set('README.md', templates.readme({ name: PACKAGE_NAME, providers: ir.providers.map((p) => ({ id: p.id, title: p.title, version: p.version, files: p.files.join(', ') })), wire: docRows() }));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The pointer -> line lookup of a YAML spec file under `specsDir` (JSON documents have no line map). */
function linesOf(specsDir: string, file: string): ((pointer: string) => number | undefined) | undefined {
  if (!/\.ya?ml$/i.test(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(path.resolve(specsDir, file), 'utf8');
  } catch {
    return undefined;
  }
  const loaded = loadSpecText(file, text, new Diagnostics());
  return loaded ? (p) => loaded.lineOf(p) : undefined;
}

function fileHeader(provider: IRProvider): string {
  // Paths are relative to the specs folder: no absolute paths, no timestamps (same bytes on every machine).
  const from = provider.files.map((f) => `specs/${f}`.replace(/[\r\n\u2028\u2029]/g, '?')).join(', ');
  return `// Generated by provgen from ${from}. Do not edit: change the spec and run \`npm run generate\`.\n`.replace(/\*\//g, '*\\/');
}

/** The runtime's files (`.js`, `.d.ts`), with those of its folders (`auth/basic.js`), as paths under runtime/. */
function listRuntime(): string[] {
  const root = path.join(TEMPLATES_DIR, 'runtime');
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(js|d\.ts)$/.test(e.name)) out.push(p);
    }
  };
  try {
    walk('');
  } catch {
    return [];
  }
  return out.sort();
}

function packageJson(ir: IRDocument, withMock: Set<string>): string {
  const exports: Record<string, { types: string; default: string }> = {};
  for (const p of ir.providers) exports[`./${p.id}`] = { types: `./${p.id}/index.d.ts`, default: `./${p.id}/index.js` };
  // Mock servers need node:http, so they are a subpath of their own and never reach a browser bundle.
  for (const p of ir.providers) {
    if (withMock.has(p.id)) exports[`./${p.id}/mock`] = { types: `./${p.id}/mock.d.ts`, default: `./${p.id}/mock.js` };
  }
  const pkg = {
    name: PACKAGE_NAME,
    version: '0.1.0',
    description: 'Typed models, validators, clients and mock servers for vendor account-provisioning APIs, generated by provgen.',
    type: 'module',
    engines: { node: '>=20' },
    sideEffects: false,
    exports,
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

interface IndexView {
  header: string;
  hasValidators: boolean;
  hasClient: boolean;
  hasXml: boolean;
}

function loadTemplates(): {
  indexJs: (v: IndexView) => string;
  indexDts: (v: IndexView) => string;
  readme: (v: { name: string; providers: { id: string; title: string; version: string; files: string }[]; wire: DocRow[] }) => string;
} {
  // Templates hold only the fixed skeleton; no spec string is ever inserted raw into code through them
  // (the header is built by fileHeader, README values are Markdown text, not code).
  const hb = Handlebars.create();
  hb.registerHelper('lit', (v: unknown) => new hb.SafeString(lit(v)));
  const compile = (name: string) => hb.compile(readFileSync(path.join(TEMPLATES_DIR, name), 'utf8'), { noEscape: true, strict: true });
  return { indexJs: compile('provider-index.js.hbs'), indexDts: compile('provider-index.d.ts.hbs'), readme: compile('package-readme.md.hbs') };
}
