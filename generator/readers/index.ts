/**
 * Reads the specs folder: one provider per sub-folder, its `openapi.yaml` (validated by a maintained OpenAPI
 * library first) and any `.xsd` files beside it, into one IR document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { Diagnostics, SpecError } from '../diagnostics.ts';
import type { IRDocument, IRProvider } from '../ir/types.ts';
import { loadSpecText, type LoadedSpec } from './openapi/load.ts';
import { readOpenApi } from './openapi/reader.ts';
import { readXsd } from './xsd/index.ts';

const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

export interface ReadOptions {
  /** Skip the OpenAPI schema validation (it dereferences the whole document; slow on huge specs). */
  skipValidation?: boolean;
  /** Only these provider folders (default: all). */
  only?: string[];
}

export async function readSpecs(specsDir: string, opts: ReadOptions = {}): Promise<{ ir: IRDocument; diagnostics: Diagnostics }> {
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
  for (const id of entries) {
    const p = await readProvider(specsDir, id, diagnostics, opts);
    if (p) providers.push(p);
  }
  if (entries.length === 0) diagnostics.error('specs-empty', specsDir, '', 'no provider folders under the specs folder');
  return { ir: { providers }, diagnostics };
}

export async function readProvider(specsDir: string, id: string, diagnostics: Diagnostics, opts: ReadOptions = {}): Promise<IRProvider | undefined> {
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
  if (!loaded) return undefined;

  if (!opts.skipValidation) {
    const before = diagnostics.items.length;
    await validateOpenApi(loaded, diagnostics);
    // A document that fails the OpenAPI schema is still read, so every problem surfaces in one run.
    void before;
  }

  const xsdFiles = names.filter((n) => n.endsWith('.xsd')).map((n) => path.resolve(dir, n));
  const xsd = xsdFiles.length > 0 ? readXsd(xsdFiles, { root: path.resolve(specsDir), diagnostics }) : undefined;
  const read = readOpenApi(loaded, diagnostics, {
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
    files: [rel, ...(xsd?.files ?? [])].sort(),
  };
  if (read.description !== undefined) provider.description = read.description;
  return provider;
}

async function validateOpenApi(spec: LoadedSpec, diagnostics: Diagnostics): Promise<void> {
  try {
    // The library dereferences in place: give it a copy.
    const result = await validate(structuredClone(spec.value) as never, { validate: { errors: { colorize: false } } });
    if (!result.valid) {
      for (const e of result.errors) {
        // Our reader reports these itself, with the exact pointer and line.
        if (/Missing \$ref pointer|operationId .* is duplicated/.test(e.message)) continue;
        const pointer = pointerFromMessage(e.message);
        diagnostics.error('openapi-invalid', spec.file, pointer, oneLine(e.message), spec.lineOf(pointer));
      }
    }
  } catch (e) {
    const msg = oneLine((e as Error).message ?? String(e));
    // Dangling or cyclic $refs and similar are reported by our own reader with a pointer; keep the library's
    // word only when it is about something else.
    if (!/\$ref|pointer|resolve/i.test(msg)) diagnostics.error('openapi-invalid', spec.file, '', msg);
  }
}

/** The validator's messages name locations like `/paths/~1customers/post`; pick one out where present. */
function pointerFromMessage(message: string): string {
  const m = /(?:^|\s|")(\/(?:[^\s"'`]*))/.exec(message);
  return m?.[1] && m[1].length > 1 ? m[1] : '';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
