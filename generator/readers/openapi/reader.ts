/**
 * OpenAPI document (3.0 or 3.1, already loaded) -> IR provider parts: models, operations, security schemes,
 * error catalog. `$ref`s to `#/components/schemas/<Name>` become model references; every other local `$ref`
 * (parameters, responses, request bodies, examples, deep schema pointers) is read in place.
 */
import { joinPointer, type Diagnostics } from '../../diagnostics.ts';
import type {
  IRErrorCode,
  IRErrorShape,
  IRMockProvider,
  SourceLoc,
  IRExample,
  IRMediaContent,
  IRModel,
  IROperation,
  IRParameter,
  IRResponse,
  IRSchema,
  IRSecurityScheme,
  IRServer,
  JsonValue,
} from '../../ir/types.ts';
import type { LoadedSpec } from './load.ts';
import { readSchema, type SchemaContext } from './schema.ts';
import { getAt } from '../pointer.ts';
import { objectProperties } from '../../ir/walk.ts';
import { bodyKindOf, readOperationWire, readScheme } from '../../wire/index.ts';
import { WireReader } from '../../wire/kind.ts';
import { readProviderMock } from '../../wire/mock-ext.ts';
import { readServers } from '../../wire/servers.ts';
import { readErrorFields, readVendorStatus } from '../../wire/extensions.ts';

export interface OpenApiReadResult {
  title: string;
  version: string;
  description?: string;
  servers: IRServer[];
  securitySchemes: IRSecurityScheme[];
  models: IRModel[];
  operations: IROperation[];
  errorCatalog: IRErrorCode[];
  mock?: IRMockProvider;
  errorShape?: IRErrorShape;
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
  return new OpenApiReader(spec, diagnostics, xsd).read();
}

/** One document's reading: each part of the document has its own method; `read` runs them in order. */
class OpenApiReader {
  private readonly doc: unknown;
  private readonly file: string;
  private readonly root: Record<string, unknown>;
  private readonly wire: WireReader;
  private readonly inlining: string[] = [];
  private ctx!: SchemaContext;
  private catalogByCode = new Map<string, string>();
  private models: IRModel[] = [];

  constructor(
    private readonly spec: LoadedSpec,
    private readonly diagnostics: Diagnostics,
    private readonly xsd: { resolveElement(file: string, element: string): string | undefined },
  ) {
    this.doc = spec.value;
    this.file = spec.file;
    this.root = isObj(spec.value) ? spec.value : {};
    this.wire = new WireReader(spec.file, diagnostics, spec.lineOf);
  }

  private err(code: string, pointer: string, message: string): void {
    this.diagnostics.error(code, this.file, pointer, message, this.spec.lineOf(pointer));
  }

  private loc(pointer: string): SourceLoc {
    const line = this.spec.lineOf(pointer);
    return line === undefined ? { file: this.file, pointer } : { file: this.file, pointer, line };
  }

  read(): OpenApiReadResult {
    const root = this.root;
    const openapi = typeof root.openapi === 'string' ? root.openapi : '';
    if (!/^3\.[01]\./.test(openapi)) this.err('openapi-version', '/openapi', `unsupported OpenAPI version ${JSON.stringify(root.openapi)} (OpenAPI 3.0 and 3.1 are read, and Swagger 2.0 after conversion)`);
    const version: '3.0' | '3.1' = openapi.startsWith('3.0') ? '3.0' : '3.1';
    const errorCatalog = readCatalog(root['x-error-catalog'], (c, p, m) => this.err(c, p, m));
    this.catalogByCode = new Map(errorCatalog.map((e) => [String(e.code), e.message]));
    this.ctx = this.schemaContext(version);
    this.models = this.readModels();
    const securitySchemes = this.readSecuritySchemes();
    const operations = this.readOperations();
    this.applyVendorStatus(operations);
    this.checkSecurity(operations, securitySchemes);
    this.checkSessions(operations, errorCatalog);

    const info = isObj(root.info) ? root.info : {};
    const extensions: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(root)) if (k.startsWith('x-') && !['x-error-catalog', 'x-mock', 'x-vendor-status', 'x-errors'].includes(k)) extensions[k] = v as JsonValue;
    const result: OpenApiReadResult = {
      title: typeof info.title === 'string' ? info.title : '',
      version: typeof info.version === 'string' ? info.version : '',
      servers: this.readServers(),
      securitySchemes,
      models: this.models,
      operations,
      errorCatalog,
      extensions,
    };
    const mock = readProviderMock(root['x-mock'], '/x-mock', this.wire, securitySchemes.map((s) => s.key));
    if (mock) result.mock = mock;
    const shape = this.readErrorShape();
    if (shape) result.errorShape = shape;
    if (typeof info.description === 'string') result.description = info.description;
    return result;
  }

  /** A top-level `x-vendor-status` applies to every operation with a 2xx body that has none of its own. */
  private applyVendorStatus(operations: IROperation[]): void {
    if (this.root['x-vendor-status'] === undefined) return;
    const vs = readVendorStatus(this.root['x-vendor-status'], '/x-vendor-status', this.wire);
    if (!vs) return;
    for (const op of operations) {
      if (op.wire.vendorStatus || op.wire.sessionLogon) continue;
      if (op.responses.some((r) => /^2/.test(r.status) && r.contents.length > 0)) op.wire.vendorStatus = vs;
    }
  }

  /** `x-errors`: `{ code?, message?, content? }`, the provider's error shape. */
  private readErrorShape(): IRErrorShape | undefined {
    const raw = this.root['x-errors'];
    if (raw === undefined) return undefined;
    const fields = readErrorFields(raw, '/x-errors', this.wire, ['content']);
    if (!isObj(raw)) return undefined;
    const out: IRErrorShape = { contents: [], source: this.loc('/x-errors') };
    if (fields) out.fields = fields;
    if (raw.content !== undefined) {
      if (!isObj(raw.content) || Object.keys(raw.content).length === 0) this.wire.error('/x-errors/content', 'content must map media types to { schema } as a response content does');
      else {
        out.contents = this.readContents(raw.content, '/x-errors/content');
        for (const c of out.contents) {
          if (c.encoding !== 'json' && c.encoding !== 'xml') this.wire.error(joinPointer('/x-errors/content', c.mediaType), `the client cannot read ${c.mediaType} error bodies (JSON and XML media types only)`);
        }
      }
    }
    if (!fields && out.contents.length === 0) {
      if (raw.content === undefined && raw.code === undefined && raw.message === undefined) this.wire.error('/x-errors', 'x-errors names neither code, message nor content');
      return undefined;
    }
    return out;
  }

  private schemaContext(version: '3.0' | '3.1'): SchemaContext {
    const { file, doc } = this;
    const err = this.err.bind(this);
    const ctx: SchemaContext = {
      file,
      version,
      diagnostics: this.diagnostics,
      lineOf: this.spec.lineOf,
      catalogMessage: (c) => this.catalogByCode.get(String(c)),
      resolveRef: (ref, pointer) => {
        if (!ref.startsWith('#')) {
          // External references were followed by bundle.ts; one still here could not be, and was reported.
          if (!this.spec.refsFollowed) err('ref-external', pointer, `$ref "${ref}" could not be followed`);
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
        if (this.inlining.includes(ref)) {
          err('ref-cycle', pointer, `$ref "${ref}" refers to itself through a location outside components/schemas`);
          return undefined;
        }
        this.inlining.push(ref);
        try {
          return readSchema(target, ctx, ref.slice(1));
        } finally {
          this.inlining.pop();
        }
      },
      resolveXsd: (ref, pointer) => {
        const m = /^([^#]+)#(.+)$/.exec(ref);
        if (!m) {
          err('xsd-ref-invalid', pointer, `x-xsd must look like "file.xsd#element", got "${ref}"`);
          return undefined;
        }
        const key = this.xsd.resolveElement(m[1]!, m[2]!);
        if (key === undefined) err('xsd-ref-dangling', pointer, `no global element "${m[2]}" in ${m[1]}`);
        return key;
      },
    };
    return ctx;
  }

  private readModels(): IRModel[] {
    const root = this.root;
    const schemas = isObj(root.components) && isObj(root.components.schemas) ? root.components.schemas : {};
    const models: IRModel[] = [];
    for (const [name, node] of Object.entries(schemas)) {
      const pointer = joinPointer('/components/schemas', name);
      const schema = readSchema(node, this.ctx, pointer);
      const xmlName = schema.xml?.name;
      const model: IRModel = { key: SCHEMA_PREFIX + name.replace(/~/g, '~0').replace(/\//g, '~1'), name, schema, source: schema.source };
      if (xmlName !== undefined) model.xmlRoot = schema.xml?.namespace ? { name: xmlName, namespace: schema.xml.namespace } : { name: xmlName };
      models.push(model);
    }
    return models;
  }

  /** Follows `$ref` chains for non-schema objects (parameters, responses, ...). */
  private deref(node: unknown, pointer: string): { node: unknown; pointer: string } {
    const seen = new Set<string>();
    let cur = node;
    let p = pointer;
    while (isObj(cur) && typeof cur.$ref === 'string') {
      const ref = cur.$ref;
      if (seen.has(ref) || !ref.startsWith('#')) {
        if (ref.startsWith('#') || !this.spec.refsFollowed) this.err(ref.startsWith('#') ? 'ref-cycle' : 'ref-external', joinPointer(p, '$ref'), `cannot follow $ref "${ref}"`);
        return { node: undefined, pointer: p };
      }
      seen.add(ref);
      const next = getAt(this.doc, ref);
      if (next === undefined) {
        this.err('ref-dangling', joinPointer(p, '$ref'), `$ref "${ref}" points at nothing`);
        return { node: undefined, pointer: p };
      }
      cur = next;
      p = ref.slice(1);
    }
    return { node: cur, pointer: p };
  }

  private readExamples(media: Record<string, unknown>, pointer: string): IRExample[] {
    const out: IRExample[] = [];
    if ('example' in media) out.push({ name: 'example', value: media.example as JsonValue, source: { file: this.file, pointer: joinPointer(pointer, 'example') } });
    if (isObj(media.examples)) {
      for (const [name, raw] of Object.entries(media.examples)) {
        const { node, pointer: p } = this.deref(raw, joinPointer(pointer, 'examples', name));
        if (!isObj(node)) continue;
        const ex: IRExample = { name, value: node.value as JsonValue, source: this.loc(joinPointer(p, 'value')) };
        if (typeof node.summary === 'string') ex.summary = node.summary;
        if (node['x-invalid'] === true) continue; // documented vendor mistakes are kept in the spec but not checked
        out.push(ex);
      }
    }
    return out;
  }

  private readContents(content: unknown, pointer: string): IRMediaContent[] {
    if (!isObj(content)) return [];
    return Object.entries(content).map(([mediaType, m]) => {
      const p = joinPointer(pointer, mediaType);
      const media = isObj(m) ? m : {};
      const schema: IRSchema = media.schema === undefined ? { bool: true, meta: {}, source: { file: this.file, pointer: p } } : readSchema(media.schema, this.ctx, joinPointer(p, 'schema'));
      const out: IRMediaContent = { mediaType, schema, examples: this.readExamples(media, p) };
      const kind = bodyKindOf(mediaType);
      if (kind) {
        out.encoding = kind.kind;
        if (kind.read) Object.assign(out, kind.read(media, p, this.wire));
      }
      return out;
    });
  }

  private readParameter(raw: unknown, pointer: string): IRParameter | undefined {
    const { node, pointer: p } = this.deref(raw, pointer);
    if (!isObj(node)) return undefined;
    const where = node.in;
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') {
      this.err('parameter-invalid', joinPointer(p, 'in'), `parameter location ${JSON.stringify(where)} is not one of path, query, header, cookie`);
      return undefined;
    }
    const schema = node.schema !== undefined ? readSchema(node.schema, this.ctx, joinPointer(p, 'schema')) : { types: ['string' as const], meta: {}, source: { file: this.file, pointer: p } };
    const out: IRParameter = { name: String(node.name), in: where, required: node.required === true || where === 'path', schema, source: { file: this.file, pointer: p } };
    if (typeof node.description === 'string') out.description = node.description;
    return out;
  }

  private readOperations(): IROperation[] {
    const globalSecurity = readSecurityRequirements(this.root.security);
    const operations: IROperation[] = [];
    const seenIds = new Map<string, string>();
    const paths = isObj(this.root.paths) ? this.root.paths : {};
    for (const [path, itemRaw] of Object.entries(paths)) {
      const itemPointer = joinPointer('/paths', path);
      const { node: item } = this.deref(itemRaw, itemPointer);
      if (!isObj(item)) continue;
      for (const method of METHODS) {
        const opRaw = item[method];
        if (!isObj(opRaw)) continue;
        const p = joinPointer(itemPointer, method);
        const operationId = typeof opRaw.operationId === 'string' ? opRaw.operationId : synthOperationId(method, path);
        const prev = seenIds.get(operationId);
        if (prev !== undefined) this.err('operation-id-duplicate', joinPointer(p, 'operationId'), `operationId "${operationId}" is also used at ${prev}`);
        else seenIds.set(operationId, p);
        operations.push(this.readOperation(opRaw, p, { path, method, operationId, item, itemPointer, globalSecurity }));
      }
    }
    return operations;
  }

  private readOperation(
    opRaw: Record<string, unknown>,
    p: string,
    at: { path: string; method: IROperation['method']; operationId: string; item: Record<string, unknown>; itemPointer: string; globalSecurity: string[][] },
  ): IROperation {
    const params = new Map<string, IRParameter>();
    const addParams = (list: unknown, base: string): void =>
      (Array.isArray(list) ? list : []).forEach((raw, i) => {
        const prm = this.readParameter(raw, joinPointer(base, 'parameters', i));
        if (prm) params.set(`${prm.in}:${prm.name}`, prm);
      });
    addParams(at.item.parameters, at.itemPointer);
    addParams(opRaw.parameters, p);
    const opPath = readPathQuery(at.path, params, this.file, p, (pointer, message) => this.diagnostics.warn('path-query', this.file, pointer, message, this.spec.lineOf(pointer)));
    const op: IROperation = {
      operationId: at.operationId,
      method: at.method,
      path: opPath,
      parameters: [...params.values()],
      responses: [],
      security: opRaw.security !== undefined ? readSecurityRequirements(opRaw.security) : at.globalSecurity,
      errorCodes: [],
      wire: {},
      extensions: {},
      source: this.loc(p),
    };
    if (typeof opRaw.summary === 'string') op.summary = opRaw.summary;
    if (typeof opRaw.description === 'string') op.description = opRaw.description;
    if (opRaw.deprecated === true) op.deprecated = true;
    if (opRaw.requestBody !== undefined) {
      const { node: rb, pointer: rbp } = this.deref(opRaw.requestBody, joinPointer(p, 'requestBody'));
      if (isObj(rb)) {
        op.requestBody = { required: rb.required === true, contents: this.readContents(rb.content, joinPointer(rbp, 'content')) };
        if (typeof rb.description === 'string') op.requestBody.description = rb.description;
      }
    }
    if (isObj(opRaw.responses)) {
      for (const [status, rRaw] of Object.entries(opRaw.responses)) {
        const r = this.readResponse(status, rRaw, joinPointer(p, 'responses', status));
        if (r) op.responses.push(r);
      }
    }
    this.readErrorCodes(op, opRaw['x-error-codes'], p);
    const requestContents = op.requestBody?.contents ?? [];
    const body = requestContents[0]?.schema;
    const { wire, other } = readOperationWire(opRaw, p, this.wire, {
      parameters: op.parameters,
      requestContents,
      successContents: op.responses.find((r) => /^2\d\d$/.test(r.status))?.contents ?? [],
      bodyMembers: body ? objectProperties(body, { models: this.models }).map((m) => m.name) : undefined,
    });
    op.wire = wire;
    op.extensions = other;
    return op;
  }

  private readResponse(status: string, rRaw: unknown, pointer: string): IRResponse | undefined {
    const { node: r, pointer: rp } = this.deref(rRaw, pointer);
    if (!isObj(r)) return undefined;
    const resp: IRResponse = { status, contents: this.readContents(r.content, joinPointer(rp, 'content')), headers: [], source: { file: this.file, pointer: rp } };
    if (typeof r.description === 'string') resp.description = r.description;
    if (r['x-error-fields'] !== undefined) {
      const f = readErrorFields(r['x-error-fields'], joinPointer(rp, 'x-error-fields'), this.wire);
      if (f) resp.errorFields = f;
      if (/^2/.test(status)) this.wire.error(joinPointer(rp, 'x-error-fields'), 'x-error-fields is for error responses; a 2xx failure is declared with x-vendor-status');
    }
    if (isObj(r.headers)) {
      for (const [hn, hRaw] of Object.entries(r.headers)) {
        const { node: h, pointer: hp } = this.deref(hRaw, joinPointer(rp, 'headers', hn));
        if (!isObj(h)) continue;
        const header: IRResponse['headers'][number] = {
          name: hn,
          required: h.required === true,
          schema: h.schema !== undefined ? readSchema(h.schema, this.ctx, joinPointer(hp, 'schema')) : { types: ['string'], meta: {}, source: { file: this.file, pointer: hp } },
        };
        if (typeof h.description === 'string') header.description = h.description;
        resp.headers.push(header);
      }
    }
    return resp;
  }

  private readErrorCodes(op: IROperation, codes: unknown, p: string): void {
    if (codes === undefined) return;
    if (!Array.isArray(codes)) {
      this.err('extension-invalid', joinPointer(p, 'x-error-codes'), 'x-error-codes must be a list of catalog codes');
      return;
    }
    codes.forEach((c, i) => {
      if ((typeof c === 'string' || typeof c === 'number') && this.catalogByCode.has(String(c))) op.errorCodes.push(c);
      else this.err('error-code-unknown', joinPointer(p, 'x-error-codes', i), `code ${JSON.stringify(c)} is not in x-error-catalog`);
    });
  }

  private readSecuritySchemes(): IRSecurityScheme[] {
    const root = this.root;
    const out: IRSecurityScheme[] = [];
    const schemes = isObj(root.components) && isObj(root.components.securitySchemes) ? root.components.securitySchemes : {};
    for (const [key, raw] of Object.entries(schemes)) {
      const { node: s, pointer } = this.deref(raw, joinPointer('/components/securitySchemes', key));
      if (!isObj(s)) continue;
      out.push(readScheme(key, s, pointer, this.wire));
    }
    return out;
  }

  private checkSecurity(operations: IROperation[], schemes: IRSecurityScheme[]): void {
    for (const op of operations) {
      for (const alt of op.security) {
        for (const k of alt) {
          if (!schemes.some((s) => s.key === k)) this.err('security-unknown', op.source.pointer, `security scheme "${k}" is not declared`);
        }
      }
    }
  }

  /** At most one logon operation; its re-logon status is a catalog code where the spec has a catalog. */
  private checkSessions(operations: IROperation[], catalog: IRErrorCode[]): void {
    let first: IROperation | undefined;
    for (const op of operations) {
      const logon = op.wire.sessionLogon;
      if (!logon) continue;
      if (first) {
        this.wire.error(logon.source.pointer, `only one operation can carry x-session-logon (${first.operationId} already does)`);
        delete op.wire.sessionLogon;
        continue;
      }
      first = op;
      if (catalog.length > 0 && !catalog.some((e) => e.code === logon.reauthStatus)) {
        this.wire.error(joinPointer(logon.source.pointer, 'reauthStatus'), `code ${JSON.stringify(logon.reauthStatus)} is not in x-error-catalog`, 'error-code-unknown');
      }
    }
  }

  private readServers(): IRServer[] {
    return readServers(this.root.servers, this.wire);
  }
}

/**
 * A path template with a query string (`/uploads?convert={convert}`): the path part is the operation's path;
 * each `name={param}` becomes a query parameter `name` (the declared path parameter `param` moves to the
 * query, or a string query parameter is added). Anything else in the query string (a fixed `name=value`, a
 * bare word) cannot be sent as written and is a warning; nothing of it is fatal.
 */
function readPathQuery(template: string, params: Map<string, IRParameter>, file: string, pointer: string, warn: (pointer: string, message: string) => void): string {
  const q = template.indexOf('?');
  if (q === -1) return template;
  const path = template.slice(0, q);
  for (const part of template.slice(q + 1).split('&')) {
    if (part === '') continue;
    const m = /^([^=]+)=\{([^{}]+)\}$/.exec(part);
    if (!m) {
      warn(pointer, `the path template's query part "${part}" is not of the form name={parameter}; it is not sent (declare it as a query parameter)`);
      continue;
    }
    const name = decodeURIComponentSafe(m[1]!);
    const declared = params.get(`path:${m[2]}`);
    if (params.has(`query:${name}`)) {
      if (declared) params.delete(`path:${m[2]}`);
      continue;
    }
    if (declared) {
      params.delete(`path:${m[2]}`);
      params.set(`query:${name}`, { ...declared, name, in: 'query' });
    } else {
      warn(pointer, `the path template's query part "${part}" names no declared parameter "${m[2]}"; it is read as an optional string query parameter "${name}"`);
      params.set(`query:${name}`, { name, in: 'query', required: false, schema: { types: ['string'], meta: {}, source: { file, pointer } }, source: { file, pointer } });
    }
  }
  return path;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
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
