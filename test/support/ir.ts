/** Builds IR from a small inline OpenAPI document, for table-driven tests of one construct at a time. */
import { Diagnostics } from '../../generator/diagnostics.ts';
import type { IRProvider } from '../../generator/ir/types.ts';
import { loadSpecText } from '../../generator/readers/openapi/load.ts';
import { readOpenApi } from '../../generator/readers/openapi/reader.ts';
import { allocateProviderNames, type ProviderNames } from '../../generator/emit/provider-names.ts';

export function irFromYaml(text: string, id = 'fixture'): { provider: IRProvider; names: ProviderNames; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const loaded = loadSpecText(`${id}/openapi.yaml`, text, diagnostics);
  if (!loaded) return { provider: emptyProvider(id), names: allocateProviderNames(emptyProvider(id), diagnostics), diagnostics };
  const r = readOpenApi(loaded, diagnostics, { resolveElement: () => undefined });
  const provider: IRProvider = {
    id,
    title: r.title,
    version: r.version,
    servers: r.servers,
    securitySchemes: r.securitySchemes,
    models: r.models,
    operations: r.operations,
    errorCatalog: r.errorCatalog,
    extensions: r.extensions,
    ...(r.mock ? { mock: r.mock } : {}),
    files: [`${id}/openapi.yaml`],
  };
  return { provider, names: allocateProviderNames(provider, diagnostics), diagnostics };
}

/** A document with the given component schemas (YAML text, indented under `schemas:`). */
export function withSchemas(schemas: Record<string, unknown>, version = '3.1.0'): string {
  return JSON.stringify({ openapi: version, info: { title: 't', version: '1' }, paths: {}, components: { schemas } });
}

function emptyProvider(id: string): IRProvider {
  return { id, title: '', version: '', servers: [], securitySchemes: [], models: [], operations: [], errorCatalog: [], extensions: {}, files: [] };
}
