/**
 * The naming pass: every TypeScript/JavaScript name a provider module exports is allocated here, once, in
 * declaration order, before any emitter runs: model types, enum constants, validators and guards, XML codecs,
 * SOAP envelope functions, the client's derived types (`<Op>Input`, `<Op>Error`, `<Op>Result`, ...), the runtime
 * names a module re-exports, and the method names of the client. Emitters only look names up; the module scope
 * is frozen once the pass is done, so no name is ever made up (or silently suffixed) during emission.
 *
 * A name is never fatal: when two sources want the same identifier after sanitising (schemas `pull_request`
 * and `PullRequest`, operationIds "List Rules" and "List rules", a schema called `Client`, a model named
 * `CreateCustomerInput` beside the derived input type of `createCustomer`, a schema `Email` whose guard would be
 * the runtime's `isEmail`), the first keeps it, the later one gets the next free numbered name, and a
 * `name-collision` warning names both sources. Sources are taken in document order, so the result is stable.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinPointer, type Diagnostics } from '../diagnostics.ts';
import type { IRModel, IROperation, IRProvider, IRSchema, SourceLoc as SourceRef } from '../ir/types.ts';
import type { Ident } from './code.ts';
import { NameScope, camelCase, pascalCase } from './names.ts';
import { factsOf } from '../passes/wire-facts.ts';

export interface EnumSite {
  /** The exported constant (and type) name. */
  name: Ident;
  schema: IRSchema;
}

export interface ProviderNames {
  /** Type name per model key. */
  models: Map<string, Ident>;
  /** Named enum constants: model-level enums use the model's name, inline ones `<Model><Property>`. */
  enums: EnumSite[];
  /** Method name per operationId. */
  operations: Map<string, Ident>;
  /** The module's top-level scope, frozen: emitters look names up by key (an unknown key is an internal error). */
  scope: NameScope;
  /** Resolves a model reference to its type name. */
  modelName(key: string): Ident;
}

/** Names the module itself exports under fixed names; spec-derived names cannot take them. */
export const MODULE_EXPORTS: Record<string, string> = {
  ErrorCode: 'models.js (the union of catalog codes)',
  errorCatalog: 'models.js (the error catalog)',
  Operations: 'operations.d.ts',
  createClient: 'client.js',
  Client: 'client.d.ts (the client type)',
  ClientOptions: 'client.d.ts',
  validators: 'validators.js',
  guards: 'validators.js',
  parameterValidators: 'validators.js',
  schemas: 'validators.js',
  startMockServer: 'mock.js',
  ValidationIssue: 'validators.d.ts',
  ValidationResult: 'validators.d.ts',
  ValidateOptions: 'validators.d.ts',
  Int64: 'models.d.ts',
};

/** Runtime names a provider module re-exports under their own name (allocated like every other export). */
export const CLIENT_REEXPORTS = ['Result', 'RequestInfo', 'ResponseInfo', 'FetchLike', 'RetryOptions'];
const XML_REEXPORT_VALUES = ['XmlError', 'soapContentType'];
const XML_REEXPORT_SOAP_VALUES = ['SoapFault', 'encodeSoapFault'];
const XML_REEXPORT_TYPES = ['XmlDecodeOptions', 'XmlIssue', 'XmlResult'];
const XML_REEXPORT_SOAP_TYPES = ['SoapResult', 'SoapFaultInit'];
const REEXPORTED = new Set([...CLIENT_REEXPORTS, ...XML_REEXPORT_VALUES, ...XML_REEXPORT_SOAP_VALUES, ...XML_REEXPORT_TYPES, ...XML_REEXPORT_SOAP_TYPES]);

const RUNTIME_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates/runtime');
let runtimeExportsCache: Map<string, string> | undefined;

/**
 * Every value a runtime module exports, read from the runtime files themselves (no hand-kept list): generated
 * modules import runtime helpers by name, so an export of the same name would not load.
 */
export function runtimeExports(): Map<string, string> {
  if (runtimeExportsCache) return runtimeExportsCache;
  const out = new Map<string, string>();
  for (const f of readdirSync(RUNTIME_DIR).filter((n) => n.endsWith('.js')).sort()) {
    const text = readFileSync(path.join(RUNTIME_DIR, f), 'utf8');
    const add = (n: string): void => {
      if (!out.has(n)) out.set(n, `the runtime helper "${n}" (runtime/${f})`);
    };
    for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s*([A-Za-z_$][\w$]*)/gm)) add(m[1]!);
    for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm)) {
      for (const part of m[1]!.split(',')) {
        const n = part.trim().split(/\s+as\s+/).pop()?.trim();
        if (n) add(n);
      }
    }
  }
  runtimeExportsCache = out;
  return out;
}

/** `file:line pointer` of a source, where it is written (a bundled or converted spec is relocated). */
function where(diagnostics: Diagnostics, source: SourceRef): string {
  const s = diagnostics.locate(source.file, source.pointer, source.line);
  return `${s.file}${s.line !== undefined ? `:${s.line}` : ''} ${s.pointer || '#'}`;
}

export interface NamingOptions {
  /** The models xml.js writes codecs for (default: the models sent or received as XML, see xmlRootKeys). */
  xmlRoots?: string[];
}

export function allocateProviderNames(provider: IRProvider, diagnostics: Diagnostics, opts: NamingOptions = {}): ProviderNames {
  const reserved: [string, string][] = Object.entries(MODULE_EXPORTS).map(([n, f]) => [n, `the module's own export "${n}" (${f})`]);
  for (const [n, holder] of runtimeExports()) if (!REEXPORTED.has(n) && !(n in MODULE_EXPORTS)) reserved.push([n, holder]);
  const scope = new NameScope(reserved);
  const modelSource = new Map<string, SourceRef>();

  /** Allocates in the module scope; a clash is a warning on `at`, naming both holders. */
  const take = (key: string, desired: string, what: string, at: SourceRef): Ident =>
    scope.allocate(
      key,
      desired,
      (taken, holder, given) =>
        diagnostics.warn('name-collision', at.file, at.pointer, `${what} would be named "${taken}", which is already ${holder}; it is exported as "${given}"`, at.line),
      `${what} (${where(diagnostics, at)})`,
    );

  const models = new Map<string, Ident>();
  for (const m of provider.models) {
    modelSource.set(m.key, m.source);
    models.set(m.key, take(m.key, pascalCase(m.name), `the type of schema "${m.name}"`, m.source));
  }
  const enums: EnumSite[] = [];
  for (const m of provider.models) collectEnums(m, take, models, enums);

  const opScope = new NameScope();
  const operations = new Map<string, Ident>();
  for (const op of provider.operations) {
    const at: SourceRef = op.source.line === undefined ? { file: op.source.file, pointer: joinPointer(op.source.pointer, 'operationId') } : { file: op.source.file, pointer: joinPointer(op.source.pointer, 'operationId'), line: op.source.line };
    operations.set(
      op.operationId,
      opScope.allocate(
        op.operationId,
        camelCase(op.operationId),
        (taken, holder, given) =>
          diagnostics.warn('name-collision', at.file, at.pointer, `operationId "${op.operationId}" would be the client method "${taken}", which is already ${holder}; it is "${given}"`, at.line),
        `the client method of operationId "${op.operationId}" (${where(diagnostics, at)})`,
      ),
    );
  }

  const names: ProviderNames = {
    models,
    enums,
    operations,
    scope,
    modelName(key) {
      const n = models.get(key);
      if (!n) throw new Error(`internal: no model ${key}`);
      return n;
    },
  };

  // validators.js: validate<Type> and is<Type> for every model.
  for (const m of provider.models) {
    const type = models.get(m.key)!.name;
    take(`validate:${m.key}`, `validate${type}`, `the validator of schema "${m.name}"`, m.source);
    take(`guard:${m.key}`, `is${type}`, `the type guard of schema "${m.name}"`, m.source);
  }

  // xml.js: codecs of the XML document models, SOAP envelope functions, re-exported runtime names.
  const facts = factsOf(provider);
  const soap = facts.soap;
  const roots = opts.xmlRoots ?? facts.xmlRoots;
  if (roots.length > 0 || soap.length > 0) {
    for (const key of roots) {
      const type = models.get(key)!.name;
      const src = modelSource.get(key)!;
      take(`xml:encode:${key}`, `encode${type}`, `the XML encoder of ${type}`, src);
      take(`xml:decode:${key}`, `decode${type}`, `the XML decoder of ${type}`, src);
    }
    for (const b of soap) allocateSoap(b.operation, names, take);
    const values = [...XML_REEXPORT_VALUES, ...(soap.length > 0 ? XML_REEXPORT_SOAP_VALUES : [])];
    const types = [...XML_REEXPORT_TYPES, ...(soap.length > 0 ? XML_REEXPORT_SOAP_TYPES : [])];
    for (const n of [...values, ...types]) take(`xml:runtime:${n}`, n, `the runtime name "${n}" that xml.js re-exports`, { file: provider.files[0] ?? provider.id, pointer: '' });
  }

  const providerSource: SourceRef = { file: provider.files[0] ?? provider.id, pointer: '' };
  // client.d.ts: the client's own types, then per operation its input, error and result types.
  take('client:auth', 'ClientAuth', 'the client credentials type "ClientAuth"', providerSource);
  take('client:callOptions', 'CallOptions', 'the call options type "CallOptions"', providerSource);
  take('client:format', 'WireFormat', 'the wire format type "WireFormat"', providerSource);
  for (const op of provider.operations) {
    const base = pascalCase(operations.get(op.operationId)!.name);
    const src = op.source;
    take(`client:input:${op.operationId}`, `${base}Input`, `the input type of operation "${op.operationId}"`, src);
    take(`client:error:${op.operationId}`, `${base}Error`, `the error type of operation "${op.operationId}"`, src);
    take(`client:result:${op.operationId}`, `${base}Result`, `the result type of operation "${op.operationId}"`, src);
  }
  for (const n of CLIENT_REEXPORTS) take(`client:runtime:${n}`, n, `the runtime type "${n}" that client.d.ts re-exports`, providerSource);

  // mock.js / mock.d.ts (allocated last: their names give way to every other export). Allocated even where the
  // pipeline writes no mock (the emitter can still be run alone); a clash is only reported where a mock is written.
  const mockTake: Take = hasMock(provider) ? take : (key, desired, what) => scope.allocate(key, desired, undefined, what);
  mockTake('mock:info', 'mockInfo', 'the mock description "mockInfo"', providerSource);
  for (const t of ['MockCredentials', 'MockRecord', 'MockServer', 'MockServerOptions']) mockTake(`mock:runtime:${t}`, t, `the runtime type "${t}" that mock.d.ts re-exports`, providerSource);
  mockTake('mock:collections', 'MockCollections', 'the mock type "MockCollections"', providerSource);
  mockTake('mock:state', 'MockState', 'the mock type "MockState"', providerSource);
  mockTake('mock:options', 'MockOptions', 'the mock type "MockOptions"', providerSource);

  scope.freeze();
  return names;
}

/** A mock server needs behaviour no OpenAPI document states (`x-mock`); the wire-facts pass says whether. */
export function hasMock(p: IRProvider): boolean {
  return factsOf(p).outputs.mock;
}

type Take = (key: string, desired: string, what: string, at: SourceRef) => Ident;

function allocateSoap(op: IROperation, names: ProviderNames, take: Take): void {
  const method = names.operations.get(op.operationId)?.name ?? op.operationId;
  const base = pascalCase(method);
  const key = `xml:soap:${op.operationId}`;
  const what = `the SOAP envelope function of operation "${op.operationId}"`;
  take(`${key}:encodeRequest`, `encode${base}Soap`, what, op.source);
  take(`${key}:decodeResponse`, `decode${base}Soap`, what, op.source);
  take(`${key}:encodeResponse`, `encode${base}SoapResponse`, what, op.source);
  take(`${key}:decodeRequest`, `decode${base}SoapRequest`, what, op.source);
  take(`${key}:binding`, `${method}SoapBinding`, `the SOAP binding constant of operation "${op.operationId}"`, op.source);
}

function isEnumSchema(s: IRSchema): boolean {
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => v === null || typeof v !== 'object');
}

function collectEnums(model: IRModel, take: Take, models: Map<string, Ident>, out: EnumSite[]): void {
  if (isEnumSchema(model.schema)) {
    out.push({ name: models.get(model.key)!, schema: model.schema });
  }
  const base = models.get(model.key)!.name;
  const walk = (s: IRSchema, prefix: string): void => {
    for (const p of s.object?.properties ?? []) {
      let target = p.schema;
      if (target.array?.items && !target.ref) target = target.array.items;
      if (target.ref) continue;
      const name = prefix + pascalCase(p.name);
      if (isEnumSchema(target)) {
        out.push({ name: take(`${model.key}${target.source.pointer}`, name, `the enum constant of property "${p.name}" of schema "${model.name}"`, target.source), schema: target });
      }
      walk(target, name);
    }
  };
  walk(model.schema, base);
}

/*
 * Look-ups of names one emitter exports and others import (the client and mock use the validators and XML
 * codecs). All were allocated by the pass above; asking for one that was not is an internal error.
 */

/** `validate<Type>` in validators.js. */
export function validatorName(names: ProviderNames, key: string): Ident {
  return names.scope.allocate(`validate:${key}`, '');
}

/** `is<Type>` in validators.js: the type guard. */
export function guardName(names: ProviderNames, key: string): Ident {
  return names.scope.allocate(`guard:${key}`, '');
}

/** `encode<Type>` / `decode<Type>` in xml.js. */
export function xmlCodecNames(names: ProviderNames, key: string): { encode: Ident; decode: Ident } {
  return {
    encode: names.scope.allocate(`xml:encode:${key}`, ''),
    decode: names.scope.allocate(`xml:decode:${key}`, ''),
  };
}

export interface SoapNames {
  encodeRequest: Ident;
  decodeResponse: Ident;
  encodeResponse: Ident;
  decodeRequest: Ident;
  binding: Ident;
}

/** The SOAP envelope functions and binding constant of an `x-soap` operation in xml.js. */
export function soapNames(names: ProviderNames, op: IROperation): SoapNames {
  const key = `xml:soap:${op.operationId}`;
  return {
    encodeRequest: names.scope.allocate(`${key}:encodeRequest`, ''),
    decodeResponse: names.scope.allocate(`${key}:decodeResponse`, ''),
    encodeResponse: names.scope.allocate(`${key}:encodeResponse`, ''),
    decodeRequest: names.scope.allocate(`${key}:decodeRequest`, ''),
    binding: names.scope.allocate(`${key}:binding`, ''),
  };
}
