/**
 * The structural check of an OpenAPI 3.0 / 3.1 document, as written: every object of the document is checked
 * once against what the OpenAPI Specification allows there (the fixed fields and their types, required fields,
 * `x-` extensions, the enumerations, the one-of rules: schema or content, example or examples, a security
 * scheme's members for its type), following the official JSON Schemas of the specification
 * (`schemas/v3.0/schema.json`, `schemas/v3.1/schema.json`), plus the rules those schemas cannot state (path
 * parameters and the path template, duplicate parameters, arrays without `items`, component names).
 * A `$ref` is checked where it points: a target outside its own components section (a parameter reference
 * into another operation's list, a schema reference into a property) is checked as the kind of object the
 * referring place expects. Each problem is an `openapi-invalid` diagnostic at the pointer of the node.
 *
 * It replaces validating the dereferenced document with a JSON Schema validator (see docs/decisions.md,
 * section 7): that expanded every shared subtree at every place it is reachable, so its cost grew with how
 * often models are reused; this walk costs one visit per node.
 */
import { pointerSegment } from '../../diagnostics.ts';
import { getAt } from '../pointer.ts';

type Version = '3.0' | '3.1';

/** One problem: where (JSON pointer) and what. */
export interface StructureProblem {
  pointer: string;
  message: string;
}

type Check = (c: Checker, v: unknown, p: string) => void;

interface ObjectSpec {
  /** Name used in messages ("a Parameter Object"). */
  name: string;
  fields: Record<string, Check>;
  required?: string[];
  /** Patterned fields (after the fixed ones). */
  patterns?: [RegExp, Check][];
  /** Whether members other than fixed, patterned and `x-` ones are allowed (Reference and Callback objects). */
  open?: boolean;
  /** Rules across members (one-of, dependent members). */
  rules?: ((c: Checker, o: Record<string, unknown>, p: string) => void) | undefined;
}

const has = Object.prototype.hasOwnProperty;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function child(p: string, key: string | number): string {
  return typeof key === 'number' || (key.indexOf('~') === -1 && key.indexOf('/') === -1) ? `${p}/${key}` : `${p}/${pointerSegment(key)}`;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

// ---- value checks -------------------------------------------------------------------------------------------

const any: Check = () => {};
const str: Check = (c, v, p) => {
  if (typeof v !== 'string') c.err(p, `must be a string, not ${typeName(v)}`);
};
const bool: Check = (c, v, p) => {
  if (typeof v !== 'boolean') c.err(p, `must be a boolean, not ${typeName(v)}`);
};
const num: Check = (c, v, p) => {
  if (typeof v !== 'number') c.err(p, `must be a number, not ${typeName(v)}`);
};
const nonNegInt: Check = (c, v, p) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) c.err(p, 'must be a non-negative integer');
};
const positive: Check = (c, v, p) => {
  if (typeof v !== 'number' || !(v > 0)) c.err(p, 'must be a number greater than 0');
};
function oneOfValues(values: readonly unknown[]): Check {
  return (c, v, p) => {
    if (!values.includes(v)) c.err(p, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, not ${JSON.stringify(v) ?? typeName(v)}`);
  };
}
function arr(item: Check, opts: { minItems?: number; unique?: boolean } = {}): Check {
  return (c, v, p) => {
    if (!Array.isArray(v)) return c.err(p, `must be an array, not ${typeName(v)}`);
    if (opts.minItems !== undefined && v.length < opts.minItems) c.err(p, `must have at least ${opts.minItems} item(s)`);
    if (opts.unique && v.length > 1 && v.every((x) => typeof x === 'string') && new Set(v).size !== v.length) c.err(p, 'must not have duplicate items');
    for (let i = 0; i < v.length; i++) item(c, v[i], child(p, i));
  };
}
function map(value: Check, opts: { minProperties?: number; maxProperties?: number; names?: RegExp } = {}): Check {
  return (c, v, p) => {
    if (!isObj(v)) return c.err(p, `must be an object, not ${typeName(v)}`);
    const keys = Object.keys(v);
    if (opts.minProperties !== undefined && keys.length < opts.minProperties) c.err(p, `must have at least ${opts.minProperties} member(s)`);
    if (opts.maxProperties !== undefined && keys.length > opts.maxProperties) c.err(p, `must have at most ${opts.maxProperties} member(s)`);
    for (const k of keys) {
      if (opts.names && !opts.names.test(k)) c.err(child(p, k), `the name ${JSON.stringify(k)} is not a valid component name (letters, digits, ".", "-" and "_")`);
      value(c, v[k], child(p, k));
    }
  };
}
const strArr = arr(str);
const strMap = map(str);

function object(spec: ObjectSpec): Check {
  const fields = new Map(Object.entries(spec.fields));
  return (c, v, p) => {
    if (!isObj(v)) return c.err(p, `must be ${article(spec.name)} (an object), not ${typeName(v)}`);
    for (const r of spec.required ?? []) if (!has.call(v, r)) c.err(p, `${article(spec.name)} must have the member "${r}"`);
    for (const k in v) {
      const f = fields.get(k);
      if (f !== undefined) {
        f(c, v[k], child(p, k));
        continue;
      }
      if (k.charCodeAt(0) === 120 && k.charCodeAt(1) === 45) continue; // x-
      const pat = spec.patterns?.find(([re]) => re.test(k));
      if (pat) pat[1](c, v[k], child(p, k));
      else if (!spec.open) c.err(child(p, k), `${article(spec.name)} has no member "${k}" (extensions start with x-)`);
    }
    spec.rules?.(c, v, p);
  };
}

function article(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** `$ref` or the object itself; a reference that points outside `section` is checked there as `kind`. */
function orRef(kind: () => Check, section: string): Check {
  const self: Check = (c, v, p) => {
    // The target may itself be a reference (followed in turn, each once).
    if (isObj(v) && has.call(v, '$ref')) return c.ref(v, p, section, self);
    kind()(c, v, p);
  };
  return self;
}

// ---- the specification's objects ----------------------------------------------------------------------------

const COMPONENT_NAME = /^[a-zA-Z0-9.\-_]+$/;
const STATUS = /^[1-5](?:\d{2}|XX)$/;

/** The object checks of one version of the specification. */
class Spec {
  readonly root: Check;
  readonly schema: Check;
  readonly parameter: Check;
  readonly pathItem: Check;

  constructor(readonly version: Version) {
    const v31 = version === '3.1';
    const S = this;
    const schemaOrRef = orRef(() => S.schema, 'schemas');
    const externalDocs = object({ name: 'External Documentation Object', fields: { description: str, url: str }, required: ['url'] });
    const serverVariable = object({ name: 'Server Variable Object', fields: { enum: arr(str, v31 ? { minItems: 1 } : {}), default: str, description: str }, required: ['default'] });
    const server = object({ name: 'Server Object', fields: { url: str, description: str, variables: map(serverVariable) }, required: ['url'] });
    const servers = arr(server);
    const exampleOrRef = orRef(() => example, 'examples');
    const example = object({
      name: 'Example Object',
      fields: { summary: str, description: str, value: any, externalValue: str },
      rules: v31 ? (c, o, p) => void (has.call(o, 'value') && has.call(o, 'externalValue') && c.err(p, 'an Example Object has either "value" or "externalValue", not both')) : undefined,
    });
    const examples = map(exampleOrRef);
    const exampleXorExamples = (c: Checker, o: Record<string, unknown>, p: string): void => {
      if (has.call(o, 'example') && has.call(o, 'examples')) c.err(p, 'has both "example" and "examples"; use one');
    };
    const headerOrRef = orRef(() => header, 'headers');
    const encoding = object({
      name: 'Encoding Object',
      fields: { contentType: str, headers: map(headerOrRef), style: oneOfValues(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']), explode: bool, allowReserved: bool },
    });
    const mediaType = object({
      name: 'Media Type Object',
      fields: { schema: v31 ? (c, v, p) => S.schema(c, v, p) : schemaOrRef, example: any, examples, encoding: map(encoding) },
      rules: exampleXorExamples,
    });
    const content = map(mediaType);
    const oneContent = map(mediaType, { minProperties: 1, maxProperties: 1 });
    const schemaXorContent = (c: Checker, o: Record<string, unknown>, p: string, what: string): void => {
      const s = has.call(o, 'schema');
      const k = has.call(o, 'content');
      if (s === k) c.err(p, `${what} must have either "schema" or "content"${s ? ', not both' : ''}`);
      if (k && !s && !v31) for (const m of ['style', 'explode', 'allowReserved', 'example', 'examples']) if (has.call(o, m)) c.err(child(p, m), `"${m}" goes with "schema", not "content"`);
    };
    const header = object({
      name: 'Header Object',
      fields: {
        description: str, required: bool, deprecated: bool, allowEmptyValue: bool, style: oneOfValues(['simple']), explode: bool,
        allowReserved: bool, schema: v31 ? (c, v, p) => S.schema(c, v, p) : schemaOrRef, content: oneContent, example: any, examples,
      },
      rules: (c, o, p) => {
        exampleXorExamples(c, o, p);
        schemaXorContent(c, o, p, 'a Header Object');
      },
    });
    const STYLES: Record<string, string[]> = { path: ['matrix', 'label', 'simple'], query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'], header: ['simple'], cookie: ['form'] };
    const parameter = object({
      name: 'Parameter Object',
      fields: {
        name: str, in: oneOfValues(['query', 'header', 'path', 'cookie']), description: str, required: bool, deprecated: bool, allowEmptyValue: bool,
        style: str, explode: bool, allowReserved: bool, schema: v31 ? (c, v, p) => S.schema(c, v, p) : schemaOrRef, content: oneContent, example: any, examples,
      },
      required: ['name', 'in'],
      rules: (c, o, p) => {
        exampleXorExamples(c, o, p);
        schemaXorContent(c, o, p, 'a Parameter Object');
        const styles = typeof o.in === 'string' ? STYLES[o.in] : undefined;
        if (styles && typeof o.style === 'string' && !styles.includes(o.style)) c.err(child(p, 'style'), `style ${JSON.stringify(o.style)} is not one of ${styles.map((s) => JSON.stringify(s)).join(', ')} for a parameter in ${o.in}`);
        if (o.in === 'path' && o.required !== true) {
          c.err(p, `Path parameters cannot be optional. Set \`required=true\` for the \`${String(o.name)}\` parameter.`);
        }
      },
    });
    const parameterOrRef = orRef(() => parameter, 'parameters');
    const requestBody = object({ name: 'Request Body Object', fields: { description: str, content, required: bool }, required: ['content'] });
    const linkOrRef = orRef(() => link, 'links');
    const link = object({
      name: 'Link Object',
      fields: { operationId: str, operationRef: str, parameters: v31 ? strMap : map(any), requestBody: any, description: str, server },
      rules: (c, o, p) => {
        const a = has.call(o, 'operationId');
        const b = has.call(o, 'operationRef');
        if (a && b) c.err(p, 'a Link Object has either "operationId" or "operationRef", not both');
        else if (v31 && !a && !b) c.err(p, 'a Link Object must have "operationId" or "operationRef"');
      },
    });
    const response = object({
      name: 'Response Object',
      fields: { description: str, headers: map(headerOrRef), content, links: map(linkOrRef) },
      required: ['description'],
    });
    const responseOrRef = orRef(() => response, 'responses');
    const responses = object({
      name: 'Responses Object',
      fields: { default: responseOrRef },
      patterns: [[STATUS, responseOrRef]],
      rules: (c, o, p) => {
        if (!Object.keys(o).some((k) => k === 'default' || STATUS.test(k))) c.err(p, 'a Responses Object must have at least one response');
      },
    });
    const securityRequirement = map(strArr);
    const callbackOrRef = orRef(() => callback, 'callbacks');
    const callback = object({ name: 'Callback Object', fields: {}, patterns: [[/^/, (c, v, p) => S.pathItem(c, v, p)]] });
    const operation = object({
      name: 'Operation Object',
      fields: {
        tags: strArr, summary: str, description: str, externalDocs, operationId: str, parameters: arr(parameterOrRef), requestBody: orRef(() => requestBody, 'requestBodies'),
        responses, callbacks: map(callbackOrRef), deprecated: bool, security: arr(securityRequirement), servers,
      },
      required: v31 ? [] : ['responses'],
    });
    const pathItemFields: Record<string, Check> = { $ref: str, summary: str, description: str, servers, parameters: arr(parameterOrRef) };
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) pathItemFields[m] = operation;
    this.pathItem = object({ name: 'Path Item Object', fields: pathItemFields });
    const flow = (name: string, required: string[]): Check =>
      object({ name: `${name} OAuth Flow Object`, fields: { authorizationUrl: str, tokenUrl: str, refreshUrl: str, scopes: strMap }, required: [...required, 'scopes'], rules: (c, o, p) => {
        for (const k of ['authorizationUrl', 'tokenUrl']) if (has.call(o, k) && !required.includes(k)) c.err(child(p, k), `the ${name} flow has no "${k}"`);
      } });
    const flows = object({
      name: 'OAuth Flows Object',
      fields: {
        implicit: flow('implicit', ['authorizationUrl']), password: flow('password', ['tokenUrl']), clientCredentials: flow('clientCredentials', ['tokenUrl']),
        authorizationCode: flow('authorizationCode', ['authorizationUrl', 'tokenUrl']),
      },
    });
    const securityScheme = securitySchemeCheck(v31, flows);
    const tag = object({ name: 'Tag Object', fields: { name: str, description: str, externalDocs }, required: ['name'] });
    const sections: Record<string, Check> = {
      schemas: map(v31 ? (c, v, p) => S.schema(c, v, p) : schemaOrRef, { names: COMPONENT_NAME }),
      responses: map(responseOrRef, { names: COMPONENT_NAME }),
      parameters: map(parameterOrRef, { names: COMPONENT_NAME }),
      examples: map(exampleOrRef, { names: COMPONENT_NAME }),
      requestBodies: map(orRef(() => requestBody, 'requestBodies'), { names: COMPONENT_NAME }),
      headers: map(headerOrRef, { names: COMPONENT_NAME }),
      securitySchemes: map(orRef(() => securityScheme, 'securitySchemes'), { names: COMPONENT_NAME }),
      links: map(linkOrRef, { names: COMPONENT_NAME }),
      callbacks: map(callbackOrRef, { names: COMPONENT_NAME }),
    };
    if (v31) sections.pathItems = map((c, v, p) => S.pathItem(c, v, p), { names: COMPONENT_NAME });
    const components = object({ name: 'Components Object', fields: sections });
    const license = object({
      name: 'License Object',
      fields: v31 ? { name: str, identifier: str, url: str } : { name: str, url: str },
      required: ['name'],
      rules: v31 ? (c, o, p) => void (has.call(o, 'identifier') && has.call(o, 'url') && c.err(p, 'a License Object has either "identifier" or "url", not both')) : undefined,
    });
    const info = object({
      name: 'Info Object',
      fields: {
        title: str, description: str, termsOfService: str, version: str, ...(v31 ? { summary: str } : {}),
        contact: object({ name: 'Contact Object', fields: { name: str, url: str, email: str } }), license,
      },
      required: ['title', 'version'],
    });
    const paths = object({ name: 'Paths Object', fields: {}, patterns: [[/^\//, (c, v, p) => S.pathItem(c, v, p)]] });
    this.parameter = parameter;
    this.root = object({
      name: 'OpenAPI Object',
      fields: {
        openapi: str, info, externalDocs, servers, security: arr(securityRequirement), tags: arr(tag), paths, components,
        ...(v31 ? { webhooks: map((c, v, p) => S.pathItem(c, v, p)), jsonSchemaDialect: str } : {}),
      },
      required: v31 ? ['openapi', 'info'] : ['openapi', 'info', 'paths'],
      rules: (c, o, p) => {
        // An empty map counts as none, as in the OpenAPI library this check replaces.
        const entries = (k: string): boolean => isObj(o[k]) && Object.keys(o[k]).length > 0;
        if (v31 && !entries('paths') && !entries('webhooks') && !entries('components')) {
          c.err(p, 'OpenAPI 3.1 definitions must contain at least one entry in either `paths`, `webhooks`, or `components`.');
        }
      },
    });
    // OpenAPI 3.1 schemas are JSON Schema 2020-12: the specification's own schema asks only for an object or a
    // boolean, and the schema reader checks every keyword it reads. OpenAPI 3.0 has its own Schema Object.
    this.schema = v31
      ? (c, v, p) => {
          if (typeof v !== 'boolean' && !isObj(v)) c.err(p, `must be a Schema Object (an object or a boolean), not ${typeName(v)}`);
        }
      : schema30(schemaOrRef, externalDocs);
  }
}

function schema30(schemaOrRef: Check, externalDocs: Check): Check {
  return object({
    name: 'Schema Object',
    fields: {
      title: str, multipleOf: positive, maximum: num, exclusiveMaximum: bool, minimum: num, exclusiveMinimum: bool, maxLength: nonNegInt,
      minLength: nonNegInt, pattern: str, maxItems: nonNegInt, minItems: nonNegInt, uniqueItems: bool, maxProperties: nonNegInt,
      minProperties: nonNegInt, required: arr(str, { minItems: 1, unique: true }), enum: arr(any, { minItems: 1 }),
      type: oneOfValues(['array', 'boolean', 'integer', 'number', 'object', 'string']), not: schemaOrRef, allOf: arr(schemaOrRef),
      oneOf: arr(schemaOrRef), anyOf: arr(schemaOrRef), items: schemaOrRef, properties: map(schemaOrRef),
      additionalProperties: (c, v, p) => (typeof v === 'boolean' ? undefined : schemaOrRef(c, v, p)), description: str, format: str,
      default: any, nullable: bool, discriminator: object({ name: 'Discriminator Object', fields: { propertyName: str, mapping: strMap }, required: ['propertyName'], open: true }),
      readOnly: bool, writeOnly: bool, example: any, externalDocs, deprecated: bool,
      xml: object({ name: 'XML Object', fields: { name: str, namespace: str, prefix: str, attribute: bool, wrapped: bool } }),
    },
  });
}

function securitySchemeCheck(v31: boolean, flows: Check): Check {
  // By `type`, so a malformed scheme gets one message per problem (the schemas' one-of over every kind would
  // report every kind's failure).
  const KINDS: Record<string, { required: string[]; fields: Record<string, Check> }> = {
    apiKey: { required: ['name', 'in'], fields: { name: str, in: oneOfValues(['query', 'header', 'cookie']) } },
    http: { required: ['scheme'], fields: { scheme: str, bearerFormat: str } },
    oauth2: { required: ['flows'], fields: { flows } },
    openIdConnect: { required: ['openIdConnectUrl'], fields: { openIdConnectUrl: str } },
    ...(v31 ? { mutualTLS: { required: [], fields: {} } } : {}),
  };
  const types = Object.keys(KINDS);
  const byKind = new Map(Object.entries(KINDS).map(([k, d]) => [k, object({ name: `${k} Security Scheme Object`, fields: { type: str, description: str, ...d.fields }, required: d.required })]));
  return (c, v, p) => {
    if (!isObj(v)) return c.err(p, `must be a Security Scheme Object (an object), not ${typeName(v)}`);
    const type = v.type;
    if (type === undefined) return c.err(p, `a Security Scheme Object must have the member "type" (one of ${types.join(', ')})`);
    const check = typeof type === 'string' ? byKind.get(type) : undefined;
    if (!check) return c.err(child(p, 'type'), type === 'basic' ? '`type: basic` is Swagger 2.0; in OpenAPI 3 use `type: http` with `scheme: basic`' : `type must be one of ${types.join(', ')}, not ${JSON.stringify(type)}`);
    check(c, v, p);
    if (type === 'http' && has.call(v, 'bearerFormat') && typeof v.scheme === 'string' && !/^bearer$/i.test(v.scheme)) c.err(child(p, 'bearerFormat'), '"bearerFormat" goes with `scheme: bearer` only');
  };
}

// ---- the walk ----------------------------------------------------------------------------------------------

const SPECS = new Map<Version, Spec>();

class Checker {
  readonly problems: StructureProblem[] = [];
  /** References already followed (target pointer and kind), so shared and circular targets are checked once. */
  private readonly followed = new Set<string>();

  constructor(readonly root: unknown) {}

  err(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }

  /** A Reference Object at `p`; its target is checked as `kind` unless it sits in its own components section. */
  ref(o: Record<string, unknown>, p: string, section: string, kind: Check): void {
    const ref = o.$ref;
    if (typeof ref !== 'string') return this.err(child(p, '$ref'), `must be a string, not ${typeName(ref)}`);
    if (!ref.startsWith('#')) return; // other files are bundled before this check, remote ones refused by the reader
    const pointer = decodeFragment(ref.slice(1));
    if (pointer === undefined) return;
    if (pointer.startsWith(`/components/${section}/`) && pointer.indexOf('/', section.length + 13) === -1) return;
    const key = `${section} ${pointer}`;
    if (this.followed.has(key)) return;
    this.followed.add(key);
    // Resolved as the reader resolves it, so the check follows exactly the references the reader will.
    const target = getAt(this.root, ref);
    // A dangling reference is reported by the reader, at the reference, where it reads it.
    if (target !== undefined) kind(this, target, pointer);
  }
}

function decodeFragment(fragment: string): string | undefined {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}

/** Follows local references (for the rules over parameters), at most a few steps. */
function deref(root: unknown, v: unknown): unknown {
  for (let i = 0; i < 8 && isObj(v) && typeof v.$ref === 'string'; i++) {
    if (!v.$ref.startsWith('#')) return undefined;
    v = getAt(root, v.$ref);
  }
  return isObj(v) && typeof v.$ref === 'string' ? undefined : v;
}

/**
 * Checks an OpenAPI 3.0 or 3.1 document as written. Returns no problems for other versions (the reader
 * reports an unsupported version itself).
 */
export function checkStructure(doc: unknown): StructureProblem[] {
  if (!isObj(doc) || typeof doc.openapi !== 'string') {
    if (!isObj(doc)) return [{ pointer: '', message: 'the document must be an object' }];
    return [{ pointer: has.call(doc, 'openapi') ? '/openapi' : '', message: has.call(doc, 'openapi') ? 'openapi must be a version string' : 'the document has no "openapi" member (an OpenAPI version such as "3.1.0")' }];
  }
  const version: Version | undefined = doc.openapi.startsWith('3.0.') ? '3.0' : doc.openapi.startsWith('3.1.') ? '3.1' : undefined;
  if (!version) return [];
  let spec = SPECS.get(version);
  if (!spec) SPECS.set(version, (spec = new Spec(version)));
  const c = new Checker(doc);
  const pattern = version === '3.0' ? /^3\.0\.\d(-.+)?$/ : /^3\.1\.\d+(-.+)?$/;
  if (!pattern.test(doc.openapi)) c.err('/openapi', `${JSON.stringify(doc.openapi)} is not an OpenAPI ${version} version (${pattern.source})`);
  spec.root(c, doc, '');
  checkPaths(c, spec, doc);
  return c.problems;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The rules the specification states in prose: each `{name}` of a path template has exactly one path
 * parameter and each path parameter a `{name}`; no two parameters of one list share name and location;
 * an array schema of a parameter, header or response has `items` (3.0, where `items` is required).
 */
function checkPaths(c: Checker, spec: Spec, doc: Record<string, unknown>): void {
  const paths = doc.paths;
  if (!isObj(paths)) return;
  for (const path of Object.keys(paths)) {
    const item = paths[path];
    if (!path.startsWith('/') || !isObj(item)) continue;
    const pathPointer = child('/paths', path);
    // A query string in a path template is read by the reader (as query parameters, or a warning).
    const checkTemplate = !path.includes('?');
    const shared = parameterList(c, doc, item.parameters, child(pathPointer, 'parameters'));
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const opPointer = child(pathPointer, m);
      const own = parameterList(c, doc, op.parameters, child(opPointer, 'parameters'));
      const all = [...own];
      for (const s of shared) if (!own.some((o) => o.param.in === s.param.in && o.param.name === s.param.name)) all.push(s);
      if (checkTemplate) {
        const placeholders = [...new Set(path.match(/\{([^/}]+)}/g) ?? [])];
        for (const { param, pointer } of all) {
          if (param.in !== 'path') continue;
          const i = placeholders.indexOf(`{${String(param.name)}}`);
          if (i === -1) c.err(pointer, `\`${opPointer}\` has a path parameter named \`${String(param.name)}\`, but there is no corresponding \`{${String(param.name)}}\` in the path string.`);
          else placeholders.splice(i, 1);
        }
        if (placeholders.length > 0) c.err(opPointer, `\`${opPointer}\` is missing path parameter(s) for ${placeholders.map((x) => `\`${x}\``).join(', ')}.`);
      }
      {
        for (const { param, pointer } of all) arrayItems(c, doc, param.schema, child(pointer, 'schema'));
        const responses = op.responses;
        if (isObj(responses)) {
          for (const code of Object.keys(responses)) {
            const r = responses[code];
            if (!isObj(r) || has.call(r, '$ref')) continue;
            const rp = child(child(opPointer, 'responses'), code);
            if (isObj(r.headers)) for (const h of Object.keys(r.headers)) {
              const header = r.headers[h];
              if (isObj(header) && !has.call(header, '$ref')) arrayItems(c, doc, header.schema, child(child(child(rp, 'headers'), h), 'schema'));
            }
            if (isObj(r.content)) for (const t of Object.keys(r.content)) {
              const mt = r.content[t];
              if (isObj(mt)) arrayItems(c, doc, mt.schema, child(child(child(rp, 'content'), t), 'schema'));
            }
          }
        }
      }
    }
  }
}

function parameterList(c: Checker, doc: unknown, list: unknown, p: string): { param: Record<string, unknown>; pointer: string }[] {
  if (!Array.isArray(list)) return [];
  const out: { param: Record<string, unknown>; pointer: string }[] = [];
  for (let i = 0; i < list.length; i++) {
    const param = deref(doc, list[i]);
    if (!isObj(param)) continue;
    const pointer = child(p, i);
    if (out.some((o) => o.param.name === param.name && o.param.in === param.in)) {
      c.err(pointer, `Found multiple \`${String(param.in)}\` parameters named \`${String(param.name)}\` in \`${p.slice(0, -'/parameters'.length)}\`.`);
      continue;
    }
    out.push({ param, pointer });
  }
  return out;
}

function arrayItems(c: Checker, doc: unknown, schema: unknown, p: string): void {
  if (!isObj(schema) || has.call(schema, '$ref')) return;
  if (schema.type === 'array' && !has.call(schema, 'items')) c.err(p, 'an array schema must include an `items` schema');
}
