/**
 * OpenAPI document (3.0 or 3.1, already loaded) -> IR provider parts: models, operations, security schemes,
 * error catalog. `$ref`s to `#/components/schemas/<Name>` become model references; every other local `$ref`
 * (parameters, responses, request bodies, examples, deep schema pointers) is read in place.
 */
import { joinPointer, type Diagnostics } from '../../diagnostics.ts';
import type {
  IRErrorCode,
  IRExample,
  IRMediaContent,
  IRModel,
  IROperation,
  IRParameter,
  IRResponse,
  IRSchema,
  IRSecurityScheme,
  JsonValue,
} from '../../ir/types.ts';
import type { LoadedSpec } from './load.ts';
import { readSchema, type SchemaContext } from './schema.ts';
import { getAt } from '../pointer.ts';

export interface OpenApiReadResult {
  title: string;
  version: string;
  description?: string;
  servers: { url: string; description?: string }[];
  securitySchemes: IRSecurityScheme[];
  models: IRModel[];
  operations: IROperation[];
  errorCatalog: IRErrorCode[];
  extensions: Record<string, JsonValue>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const SCHEMA_PREFIX = '#/components/schemas/';

export function readOpenApi(
  spec: LoadedSpec,
  diagnostics: Diagnostics,
  xsd: { resolveElement(file: string, element: string): string | undefined },
): OpenApiReadResult {
  const doc = spec.value;
  const file = spec.file;
  const lineOf = spec.lineOf;
  const err = (code: string, pointer: string, message: string): void => diagnostics.error(code, file, pointer, message, lineOf(pointer));
  const root = isObj(doc) ? doc : {};
  const openapi = typeof root.openapi === 'string' ? root.openapi : '';
  if (!/^3\.[01]\./.test(openapi)) err('openapi-version', '/openapi', `unsupported OpenAPI version ${JSON.stringify(root.openapi)} (3.0 and 3.1 are read)`);
  const version: '3.0' | '3.1' = openapi.startsWith('3.0') ? '3.0' : '3.1';

  const errorCatalog = readCatalog(root['x-error-catalog'], err);
  const catalogByCode = new Map(errorCatalog.map((e) => [String(e.code), e.message]));

  const schemas = isObj(root.components) && isObj(root.components.schemas) ? root.components.schemas : {};
  const inlining: string[] = [];
  const ctx: SchemaContext = {
    file,
    version,
    diagnostics,
    lineOf,
    catalogMessage: (c) => catalogByCode.get(String(c)),
    resolveRef(ref, pointer) {
      if (!ref.startsWith('#')) {
        err('ref-external', pointer, `external $ref "${ref}" is not supported; bundle the spec into one file`);
        return undefined;
      }
      const target = getAt(doc, ref);
      if (target === undefined) {
        err('ref-dangling', pointer, `$ref "${ref}" points at nothing`);
        return undefined;
      }
      if (ref.startsWith(SCHEMA_PREFIX) && !ref.slice(SCHEMA_PREFIX.length).includes('/')) {
        return { ref: ref, meta: {}, source: { file, pointer } };
      }
      if (inlining.includes(ref)) {
        err('ref-cycle', pointer, `$ref "${ref}" refers to itself through a location outside components/schemas`);
        return undefined;
      }
      inlining.push(ref);
      try {
        return readSchema(target, ctx, ref.slice(1));
      } finally {
        inlining.pop();
      }
    },
    resolveXsd(ref, pointer) {
      const m = /^([^#]+)#(.+)$/.exec(ref);
      if (!m) {
        err('xsd-ref-invalid', pointer, `x-xsd must look like "file.xsd#element", got "${ref}"`);
        return undefined;
      }
      const key = xsd.resolveElement(m[1]!, m[2]!);
      if (key === undefined) err('xsd-ref-dangling', pointer, `no global element "${m[2]}" in ${m[1]}`);
      return key;
    },
  };

  const models: IRModel[] = [];
  for (const [name, node] of Object.entries(schemas)) {
    const pointer = joinPointer('/components/schemas', name);
    const schema = readSchema(node, ctx, pointer);
    const xmlName = schema.xml?.name;
    const model: IRModel = { key: SCHEMA_PREFIX + name.replace(/~/g, '~0').replace(/\//g, '~1'), name, schema, source: schema.source };
    if (xmlName !== undefined) model.xmlRoot = schema.xml?.namespace ? { name: xmlName, namespace: schema.xml.namespace } : { name: xmlName };
    models.push(model);
  }

  /** Follows `$ref` chains for non-schema objects (parameters, responses, ...). */
  const deref = (node: unknown, pointer: string): { node: unknown; pointer: string } => {
    const seen = new Set<string>();
    let cur = node;
    let p = pointer;
    while (isObj(cur) && typeof cur.$ref === 'string') {
      const ref = cur.$ref;
      if (seen.has(ref) || !ref.startsWith('#')) {
        err(ref.startsWith('#') ? 'ref-cycle' : 'ref-external', joinPointer(p, '$ref'), `cannot follow $ref "${ref}"`);
        return { node: undefined, pointer: p };
      }
      seen.add(ref);
      const next = getAt(doc, ref);
      if (next === undefined) {
        err('ref-dangling', joinPointer(p, '$ref'), `$ref "${ref}" points at nothing`);
        return { node: undefined, pointer: p };
      }
      cur = next;
      p = ref.slice(1);
    }
    return { node: cur, pointer: p };
  };

  const readExamples = (media: Record<string, unknown>, pointer: string): IRExample[] => {
    const out: IRExample[] = [];
    if ('example' in media) out.push({ name: 'example', value: media.example as JsonValue, source: { file, pointer: joinPointer(pointer, 'example') } });
    if (isObj(media.examples)) {
      for (const [name, raw] of Object.entries(media.examples)) {
        const { node, pointer: p } = deref(raw, joinPointer(pointer, 'examples', name));
        if (!isObj(node)) continue;
        const line = lineOf(joinPointer(p, 'value'));
        const ex: IRExample = { name, value: node.value as JsonValue, source: line === undefined ? { file, pointer: joinPointer(p, 'value') } : { file, pointer: joinPointer(p, 'value'), line } };
        if (typeof node.summary === 'string') ex.summary = node.summary;
        if (node['x-invalid'] === true) continue; // documented vendor mistakes are kept in the spec but not checked
        out.push(ex);
      }
    }
    return out;
  };

  const readContents = (content: unknown, pointer: string): IRMediaContent[] => {
    if (!isObj(content)) return [];
    return Object.entries(content).map(([mediaType, m]) => {
      const p = joinPointer(pointer, mediaType);
      const media = isObj(m) ? m : {};
      const schema: IRSchema = media.schema === undefined ? { bool: true, meta: {}, source: { file, pointer: p } } : readSchema(media.schema, ctx, joinPointer(p, 'schema'));
      return { mediaType, schema, examples: readExamples(media, p) };
    });
  };

  const readParameter = (raw: unknown, pointer: string): IRParameter | undefined => {
    const { node, pointer: p } = deref(raw, pointer);
    if (!isObj(node)) return undefined;
    const where = node.in;
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') {
      err('parameter-invalid', joinPointer(p, 'in'), `parameter location ${JSON.stringify(where)} is not one of path, query, header, cookie`);
      return undefined;
    }
    const schema = node.schema !== undefined ? readSchema(node.schema, ctx, joinPointer(p, 'schema')) : { types: ['string' as const], meta: {}, source: { file, pointer: p } };
    const out: IRParameter = { name: String(node.name), in: where, required: node.required === true || where === 'path', schema, source: { file, pointer: p } };
    if (typeof node.description === 'string') out.description = node.description;
    return out;
  };

  const globalSecurity = readSecurityRequirements(root.security);
  const operations: IROperation[] = [];
  const seenIds = new Map<string, string>();
  const paths = isObj(root.paths) ? root.paths : {};
  for (const [path, itemRaw] of Object.entries(paths)) {
    const itemPointer = joinPointer('/paths', path);
    const { node: item } = deref(itemRaw, itemPointer);
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const opRaw = item[method];
      if (!isObj(opRaw)) continue;
      const p = joinPointer(itemPointer, method);
      const operationId = typeof opRaw.operationId === 'string' ? opRaw.operationId : synthOperationId(method, path);
      const prev = seenIds.get(operationId);
      if (prev !== undefined) err('operation-id-duplicate', joinPointer(p, 'operationId'), `operationId "${operationId}" is also used at ${prev}`);
      else seenIds.set(operationId, p);

      const params = new Map<string, IRParameter>();
      shared.forEach((raw, i) => {
        const prm = readParameter(raw, joinPointer(itemPointer, 'parameters', i));
        if (prm) params.set(`${prm.in}:${prm.name}`, prm);
      });
      (Array.isArray(opRaw.parameters) ? opRaw.parameters : []).forEach((raw, i) => {
        const prm = readParameter(raw, joinPointer(p, 'parameters', i));
        if (prm) params.set(`${prm.in}:${prm.name}`, prm);
      });

      const op: IROperation = {
        operationId,
        method,
        path,
        parameters: [...params.values()],
        responses: [],
        security: opRaw.security !== undefined ? readSecurityRequirements(opRaw.security) : globalSecurity,
        errorCodes: [],
        extensions: {},
        source: lineOf(p) === undefined ? { file, pointer: p } : { file, pointer: p, line: lineOf(p)! },
      };
      if (typeof opRaw.summary === 'string') op.summary = opRaw.summary;
      if (typeof opRaw.description === 'string') op.description = opRaw.description;
      if (opRaw.deprecated === true) op.deprecated = true;
      if (opRaw.requestBody !== undefined) {
        const { node: rb, pointer: rbp } = deref(opRaw.requestBody, joinPointer(p, 'requestBody'));
        if (isObj(rb)) {
          op.requestBody = { required: rb.required === true, contents: readContents(rb.content, joinPointer(rbp, 'content')) };
          if (typeof rb.description === 'string') op.requestBody.description = rb.description;
        }
      }
      if (isObj(opRaw.responses)) {
        for (const [status, rRaw] of Object.entries(opRaw.responses)) {
          const { node: r, pointer: rp } = deref(rRaw, joinPointer(p, 'responses', status));
          if (!isObj(r)) continue;
          const resp: IRResponse = { status, contents: readContents(r.content, joinPointer(rp, 'content')), headers: [], source: { file, pointer: rp } };
          if (typeof r.description === 'string') resp.description = r.description;
          if (isObj(r.headers)) {
            for (const [hn, hRaw] of Object.entries(r.headers)) {
              const { node: h, pointer: hp } = deref(hRaw, joinPointer(rp, 'headers', hn));
              if (!isObj(h)) continue;
              const header: IRResponse['headers'][number] = {
                name: hn,
                required: h.required === true,
                schema: h.schema !== undefined ? readSchema(h.schema, ctx, joinPointer(hp, 'schema')) : { types: ['string'], meta: {}, source: { file, pointer: hp } },
              };
              if (typeof h.description === 'string') header.description = h.description;
              resp.headers.push(header);
            }
          }
          op.responses.push(resp);
        }
      }
      const codes = opRaw['x-error-codes'];
      if (codes !== undefined) {
        if (!Array.isArray(codes)) err('extension-invalid', joinPointer(p, 'x-error-codes'), 'x-error-codes must be a list of catalog codes');
        else {
          codes.forEach((c, i) => {
            if ((typeof c === 'string' || typeof c === 'number') && catalogByCode.has(String(c))) op.errorCodes.push(c);
            else err('error-code-unknown', joinPointer(p, 'x-error-codes', i), `code ${JSON.stringify(c)} is not in x-error-catalog`);
          });
        }
      }
      for (const [k, v] of Object.entries(opRaw)) if (k.startsWith('x-') && k !== 'x-error-codes') op.extensions[k] = v as JsonValue;
      operations.push(op);
    }
  }

  const securitySchemes: IRSecurityScheme[] = [];
  const schemes = isObj(root.components) && isObj(root.components.securitySchemes) ? root.components.securitySchemes : {};
  for (const [key, raw] of Object.entries(schemes)) {
    const { node: s } = deref(raw, joinPointer('/components/securitySchemes', key));
    if (!isObj(s)) continue;
    const scheme: IRSecurityScheme = { key, type: 'other', extensions: {} };
    if (s.type === 'http' && String(s.scheme).toLowerCase() === 'basic') scheme.type = 'http-basic';
    else if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') scheme.type = 'http-bearer';
    else if (s.type === 'apiKey') {
      scheme.type = 'apiKey';
      if (s.in === 'header' || s.in === 'query' || s.in === 'cookie') scheme.in = s.in;
      if (typeof s.name === 'string') scheme.paramName = s.name;
    }
    if (typeof s.description === 'string') scheme.description = s.description;
    for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) scheme.extensions[k] = v as JsonValue;
    securitySchemes.push(scheme);
  }
  for (const op of operations) {
    for (const alt of op.security) {
      for (const k of alt) {
        if (!securitySchemes.some((s) => s.key === k)) err('security-unknown', op.source.pointer, `security scheme "${k}" is not declared`);
      }
    }
  }

  const info = isObj(root.info) ? root.info : {};
  const servers = (Array.isArray(root.servers) ? root.servers : []).filter(isObj).map((s) => {
    const out: { url: string; description?: string } = { url: String(s.url) };
    if (typeof s.description === 'string') out.description = s.description;
    return out;
  });
  const extensions: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(root)) if (k.startsWith('x-') && k !== 'x-error-catalog') extensions[k] = v as JsonValue;
  const result: OpenApiReadResult = {
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : '',
    servers,
    securitySchemes,
    models,
    operations,
    errorCatalog,
    extensions,
  };
  if (typeof info.description === 'string') result.description = info.description;
  return result;
}

function readSecurityRequirements(v: unknown): string[][] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((req) => Object.keys(req));
}

function synthOperationId(method: string, path: string): string {
  return method + path.replace(/[{}]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean).map((s) => s[0]!.toUpperCase() + s.slice(1)).join('');
}

function readCatalog(v: unknown, err: (code: string, pointer: string, message: string) => void): IRErrorCode[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    err('extension-invalid', '/x-error-catalog', 'x-error-catalog must be a list of { code, httpStatus?, message }');
    return [];
  }
  const out: IRErrorCode[] = [];
  const seen = new Set<string>();
  v.forEach((e, i) => {
    const p = joinPointer('/x-error-catalog', i);
    if (!isObj(e) || (typeof e.code !== 'string' && typeof e.code !== 'number') || typeof e.message !== 'string') {
      err('extension-invalid', p, 'a catalog entry needs a code (string or number) and a message');
      return;
    }
    if (seen.has(String(e.code))) {
      err('error-code-duplicate', joinPointer(p, 'code'), `code ${JSON.stringify(e.code)} appears twice in x-error-catalog`);
      return;
    }
    seen.add(String(e.code));
    const entry: IRErrorCode = { code: e.code, message: e.message };
    if (typeof e.httpStatus === 'number') entry.httpStatus = e.httpStatus;
    if (typeof e.description === 'string') entry.description = e.description;
    out.push(entry);
  });
  return out;
}
