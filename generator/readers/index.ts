/**
 * Reads the specs folder: one provider per sub-folder, its `openapi.yaml` (checked against the OpenAPI structure
 * as written, `openapi/structure.ts`; a Swagger 2.0 document by the OpenAPI library) and any `.xsd` files beside
 * it, into one IR document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Diagnostics, SpecError } from '../diagnostics.ts';
import type { IRDocument, IRProvider } from '../ir/types.ts';
import { loadSpecText, type LoadedSpec } from './openapi/load.ts';
import { readOpenApi } from './openapi/reader.ts';
import { bundleSpec } from './openapi/bundle.ts';
import { convertSwagger, swaggerPointer } from './openapi/swagger.ts';
import { readXsd } from './xsd/index.ts';
import { checkStructure, type StructureProblem } from './openapi/structure.ts';

const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json', 'swagger.yaml', 'swagger.yml', 'swagger.json'];

export interface ReadOptions {
  /** Skip the structural check of OpenAPI documents (and the OpenAPI library's validation of Swagger 2.0 ones). */
  skipValidation?: boolean;
  /** Only these provider folders (default: all). */
  only?: string[];
  /**
   * Which providers get a mock server: `x-mock` (default) only those whose spec has an `x-mock` extension;
   * `all` every provider (operations without `x-mock` reply with the first example of their success response).
   */
  mocks?: 'x-mock' | 'all';
  /**
   * Every operation as if it said `x-refuse-unsupported: [security, requestBody]`: what the client cannot honour
   * is a warning and a method that refuses every call, not a generation error (for documents one cannot edit).
   */
  refuseUnsupported?: boolean;
}

export interface ReadResult {
  ir: IRDocument;
  diagnostics: Diagnostics;
  /**
   * Adds the structural check's problems and, for Swagger 2.0 documents, waits for the OpenAPI library's
   * validation (in a worker thread, so it overlaps reading and emitting). Callers call it after their own
   * passes and emitters have run, before deciding the run succeeded, so one run reports every problem.
   */
  validated(): Promise<void>;
}

export async function readSpecs(specsDir: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const diagnostics = new Diagnostics();
  let entries: string[];
  try {
    entries = readdirSync(specsDir).filter((e) => statSync(path.join(specsDir, e)).isDirectory()).sort();
  } catch {
    diagnostics.error('specs-missing', specsDir, '', 'the specs folder does not exist or cannot be read');
    throw new SpecError(diagnostics.sorted());
  }
  if (opts.only) entries = entries.filter((e) => opts.only!.includes(e));
  const providers: IRProvider[] = [];
  const validation = opts.skipValidation ? undefined : new ValidationWorker(diagnostics);
  const late: (() => void)[] = [];
  for (const id of entries) {
    const p = await readProvider(specsDir, id, diagnostics, validation, opts.skipValidation === true, late);
    if (p) providers.push(p);
  }
  if (entries.length === 0) diagnostics.error('specs-empty', specsDir, '', 'no provider folders under the specs folder');
  const validated = async (): Promise<void> => {
    if (validation) await validation.finish();
    for (const f of late) f();
  };
  return { ir: { providers }, diagnostics, validated };
}

/** Reads one provider folder; its OpenAPI document is queued on `validation` (a document that fails the
 * OpenAPI schema is still read, so every problem surfaces in one run). */
export async function readProvider(
  specsDir: string,
  id: string,
  diagnostics: Diagnostics,
  validation?: ValidationWorker,
  skipValidation = false,
  late?: (() => void)[],
): Promise<IRProvider | undefined> {
  const dir = path.join(specsDir, id);
  const names = readdirSync(dir).sort();
  const specName = SPEC_NAMES.find((n) => names.includes(n));
  if (!/^[a-z][a-z0-9-]*$/.test(id)) {
    diagnostics.error('provider-id', id, '', 'a provider folder name must be lower-case letters, digits and dashes (it becomes a package subpath)');
    return undefined;
  }
  if (!specName) {
    diagnostics.error('spec-missing', `${id}/`, '', `no ${SPEC_NAMES.join(' / ')} in the provider folder`);
    return undefined;
  }
  const rel = `${id}/${specName}`;
  const text = readFileSync(path.join(dir, specName), 'utf8');
  const loaded: LoadedSpec | undefined = loadSpecText(rel, text, diagnostics);
  if (!loaded) return undefined; // the syntax error is reported by our loader, with its line

  // Relative external $refs: one document for the reader, every diagnostic moved to the file it is about.
  const bundled = bundleSpec(specsDir, loaded, text, diagnostics);
  if (bundled.files.length > 1) diagnostics.relocate(rel, bundled.locate);
  let spec: LoadedSpec = bundled;
  let structure: StructureProblem[] = [];
  if (isObj(bundled.value) && typeof bundled.value.swagger === 'string') {
    // Swagger 2.0: the original is validated by the OpenAPI library (in a worker, while the conversion and the
    // reader run), then converted to OpenAPI 3.0; problems are moved back into the Swagger document.
    const original = bundled.value;
    if (validation) validation.add(rel, bundled.files.length > 1 || !rel.endsWith('.json') ? JSON.stringify(original) : text, true).lineOf = bundled.lineOf;
    let converted: unknown;
    try {
      converted = await convertSwagger(original, text);
    } catch (e) {
      diagnostics.error('swagger-convert', rel, '', `the Swagger 2.0 document could not be converted to OpenAPI 3.0: ${oneLine(String((e as Error).message ?? e))}`, 1);
      return undefined;
    }
    const locate = (p: string) => bundled.locate(swaggerPointer(p, original));
    diagnostics.relocate(rel, locate);
    spec = { file: rel, value: converted, lineOf: (p) => locate(p).line };
  } else if (!skipValidation) {
    // OpenAPI 3.0 / 3.1: our own structural check of the document as written (structure.ts), on the main
    // thread over the value the reader reads, so the document is neither parsed nor held twice.
    structure = checkStructure(bundled.value);
  }

  const xsdFiles = names.filter((n) => n.endsWith('.xsd')).map((n) => path.resolve(dir, n));
  const xsd = xsdFiles.length > 0 ? readXsd(xsdFiles, { root: path.resolve(specsDir), diagnostics }) : undefined;
  const read = readOpenApi(spec, diagnostics, {
    resolveElement(_file, element) {
      // xs:include merges every file into one schema set, so the file part only documents where it lives.
      return xsd?.elements.get(element);
    },
  });
  const provider: IRProvider = {
    id,
    title: read.title,
    version: read.version,
    servers: read.servers,
    securitySchemes: read.securitySchemes,
    models: [...read.models, ...(xsd?.models ?? [])],
    operations: read.operations,
    errorCatalog: read.errorCatalog,
    extensions: read.extensions,
    ...(read.mock ? { mock: read.mock } : {}),
    ...(read.errorShape ? { errorShape: read.errorShape } : {}),
    files: [...bundled.files, ...(xsd?.files ?? [])].sort(),
  };
  if (read.description !== undefined) provider.description = read.description;
  if (structure.length > 0) {
    // Added once the passes and emitters have run too (as the library's word was, from its worker), so a run
    // still reports every problem; where one of them reported an error at the same node (a schema keyword, a
    // type, a body encoding), its more specific word is the one kept.
    const lineOf = bundled.lineOf;
    const add = (): void => {
      const taken = new Set(diagnostics.items.filter((d) => d.severity === 'error').map((d) => `${d.file}\0${d.pointer}`));
      for (const s of structure) {
        const at = diagnostics.locate(rel, s.pointer, lineOf(s.pointer));
        if (!taken.has(`${at.file}\0${at.pointer}`)) diagnostics.error('openapi-invalid', rel, s.pointer, s.message, lineOf(s.pointer));
      }
    };
    if (late) late.push(add);
    else add();
  }
  return provider;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const WORKER = new URL('./openapi/validate-worker.mjs', import.meta.url);

interface ValidationJob {
  file: string;
  lineOf: LoadedSpec['lineOf'];
  /** The file did not load (our own diagnostic says why): the validator's word on it is dropped. */
  ignore: boolean;
}

/**
 * The OpenAPI validation of every document, in one worker thread started with the first document. The main
 * thread keeps only the file name and the line lookup of each job (not the document), so the parsed document
 * is not held twice while the emitters run.
 */
class ValidationWorker {
  private worker: Worker | undefined;
  private readonly jobs = new Map<string, ValidationJob>();
  private left = 0;
  private stopped = false;
  private done: (() => void) | undefined;

  constructor(private readonly diagnostics: Diagnostics) {}

  add(file: string, text: string, json = file.endsWith('.json')): ValidationJob {
    const job: ValidationJob = { file, lineOf: () => undefined, ignore: false };
    this.jobs.set(file, job);
    this.left++;
    if (!this.worker) this.start();
    this.worker!.postMessage({ file, text, json });
    return job;
  }

  /** Settles when every document added so far has its diagnostics (or the worker stopped). */
  finish(): Promise<void> {
    if (!this.worker || this.left === 0 || this.stopped) return this.close();
    return new Promise((resolve) => {
      this.done = () => void this.close().then(resolve);
    });
  }

  private close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  }

  private settle(): void {
    const d = this.done;
    this.done = undefined;
    d?.();
  }

  private start(): void {
    // No execArgv: the worker is plain JavaScript, and inheriting the parent's `--import tsx` would put every
    // module the validator requires through the TypeScript loader (about half a second on GitHub's document).
    // A young generation of 8 MB instead of V8's default (up to 48 MB): the validator's garbage is short-lived,
    // and the smaller nursery took about 20 MB off the peak memory of a run at no measurable cost in time.
    const worker = new Worker(WORKER, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker = worker;
    const diagnostics = this.diagnostics;
    worker.on('message', (m: { file: string; errors: string[]; thrown?: string }) => {
      const spec = this.jobs.get(m.file)!;
      if (!spec.ignore) {
        for (const message of m.errors) {
          // Our reader reports these itself, with the exact pointer and line.
          if (/Missing \$ref pointer|operationId .* is duplicated/.test(message)) continue;
          // A query string in a path template is read by our reader (as query parameters, or a warning).
          if (/path parameter/.test(message) && /\/paths\/[^\s`'"]*\?/.test(message)) continue;
          const pointer = pointerFromMessage(message);
          diagnostics.error('openapi-invalid', spec.file, pointer, withoutCodeFrame(message), spec.lineOf(pointer));
        }
        // Dangling or cyclic $refs and similar are reported by our own reader with a pointer; keep the
        // library's word only when it is about something else.
        if (m.thrown !== undefined && !/\$ref|pointer|resolve/i.test(m.thrown)) diagnostics.error('openapi-invalid', spec.file, '', oneLine(m.thrown));
      }
      if (--this.left === 0) this.settle();
    });
    worker.on('error', (e) => {
      diagnostics.error('openapi-validator-failed', [...this.jobs.keys()][0]!, '', `the OpenAPI validator stopped: ${oneLine(String(e.message))}`);
      this.stopped = true;
      this.settle();
    });
    worker.on('exit', () => {
      this.stopped = true;
      this.settle();
    });
  }
}

/** The validator's messages name locations like `/paths/~1customers/post`; pick one out where present. */
function pointerFromMessage(message: string): string {
  const m = /(?:^|\s|")(\/(?:[^\s"'`]*))/.exec(message);
  return m?.[1] && m[1].length > 1 ? m[1] : '';
}

/** The library appends a code frame of the document as JSON; our diagnostics name file and line instead. */
function withoutCodeFrame(message: string): string {
  const frame = message.search(/\n\s*>?\s*\d+ \|/);
  return oneLine(frame === -1 ? message : message.slice(0, frame));
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
