/**
 * The naming pass: every TypeScript/JavaScript name a provider module exports is allocated here, once, in
 * declaration order, before any emitter runs. Emitters only look names up.
 */
import { joinPointer, type Diagnostics } from '../diagnostics.ts';
import type { IRModel, IRProvider, IRSchema } from '../ir/types.ts';
import type { Ident } from './code.ts';
import { NameScope, camelCase, pascalCase } from './names.ts';
import type { IROperation } from '../ir/types.ts';

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
  /** The module's top-level scope (for emitters that add exports such as `ErrorCode`). */
  scope: NameScope;
  /** Resolves a model reference to its type name. */
  modelName(key: string): Ident;
}

/** Names the module itself exports; models cannot take them. */
export const MODULE_EXPORTS = [
  'ErrorCode', 'errorCatalog', 'Operations', 'createClient', 'Client', 'ClientOptions', 'validators', 'guards', 'schemas',
  'startMockServer', 'ValidationIssue', 'ValidationResult', 'ValidateOptions', 'Int64',
];

export function allocateProviderNames(provider: IRProvider, diagnostics: Diagnostics): ProviderNames {
  const scope = new NameScope(MODULE_EXPORTS);
  const models = new Map<string, Ident>();
  for (const m of provider.models) {
    models.set(
      m.key,
      scope.allocate(m.key, pascalCase(m.name), (taken) =>
        diagnostics.error(
          'name-collision',
          m.source.file,
          m.source.pointer,
          `schema "${m.name}" and another schema both become the TypeScript name "${taken}"; rename one`,
          m.source.line,
        ),
      ),
    );
  }
  const enums: EnumSite[] = [];
  for (const m of provider.models) collectEnums(m, scope, models, enums);

  const opScope = new NameScope();
  const operations = new Map<string, Ident>();
  for (const op of provider.operations) {
    operations.set(
      op.operationId,
      opScope.allocate(op.operationId, camelCase(op.operationId), (taken) =>
        diagnostics.error(
          'name-collision',
          op.source.file,
          joinPointer(op.source.pointer, 'operationId'),
          `operationId "${op.operationId}" and another operation both become the method name "${taken}"`,
          op.source.line,
        ),
      ),
    );
  }
  return {
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
}

function isEnumSchema(s: IRSchema): boolean {
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => v === null || typeof v !== 'object');
}

function collectEnums(model: IRModel, scope: NameScope, models: Map<string, Ident>, out: EnumSite[]): void {
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
        out.push({ name: scope.allocate(`${model.key}${target.source.pointer}`, name), schema: target });
      }
      walk(target, name);
    }
  };
  walk(model.schema, base);
}

/*
 * Names one emitter exports and others import (the client and mock use the validators and XML codecs). They
 * are allocated here, under one key each, so every emitter that asks gets the same identifier.
 */

/** `validate<Type>` in validators.js. */
export function validatorName(names: ProviderNames, key: string): Ident {
  return names.scope.allocate(`validate:${key}`, `validate${names.modelName(key).name}`);
}

/** `is<Type>` in validators.js: the type guard. */
export function guardName(names: ProviderNames, key: string): Ident {
  return names.scope.allocate(`guard:${key}`, `is${names.modelName(key).name}`);
}

/** `encode<Type>` / `decode<Type>` in xml.js. */
export function xmlCodecNames(names: ProviderNames, key: string): { encode: Ident; decode: Ident } {
  const type = names.modelName(key).name;
  return {
    encode: names.scope.allocate(`xml:encode:${key}`, `encode${type}`),
    decode: names.scope.allocate(`xml:decode:${key}`, `decode${type}`),
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
  const method = names.operations.get(op.operationId)?.name ?? op.operationId;
  const base = pascalCase(method);
  const key = `xml:soap:${op.operationId}`;
  return {
    encodeRequest: names.scope.allocate(`${key}:encodeRequest`, `encode${base}Soap`),
    decodeResponse: names.scope.allocate(`${key}:decodeResponse`, `decode${base}Soap`),
    encodeResponse: names.scope.allocate(`${key}:encodeResponse`, `encode${base}SoapResponse`),
    decodeRequest: names.scope.allocate(`${key}:decodeRequest`, `decode${base}SoapRequest`),
    binding: names.scope.allocate(`${key}:binding`, `${method}SoapBinding`),
  };
}
