/**
 * Mock-server emitter: `mock.js` + `mock.d.ts` per provider. The JS is one definition object the hand-written
 * runtime (templates/runtime/mock.js) serves: routes, parameters, security schemes, the request and reply media
 * types wired to the generated validators and XML codecs, the error catalog, and the x-mock templates compiled
 * to plain expressions. Everything comes from the IR:
 *
 * - security schemes: HTTP Basic, apiKey (header, query, cookie), and a cookie apiKey that an operation's
 *   `x-session-logon` issues becomes a session check answering `reauthStatus`;
 * - `x-body-credentials`, `x-rpc-operation`, `x-session-logon`, `x-vendor-status`, `x-soap`, `x-formats`;
 * - `x-error-catalog` (codes, messages, HTTP status) and `x-vendor-errors` (through the validators' issues);
 * - `x-mock` (docs/spec-conventions.md) for what no vendor document states: the record a create call stores,
 *   its id, duplicate keys, parent references, the reply template and how errors are written.
 *
 * One pure function per spec object: `schemeDef`, `operationDef`, `paramDef`, `mediaDefs`, `storeDef`,
 * `errorSpecDef`, and `compileTemplate` for the x-mock template language.
 */
import { Diagnostics, joinPointer } from '../diagnostics.ts';
import type { IRErrorCode, IRMediaContent, IRMockOperation, IRMockProvider, IROperation, IRProvider, IRResponse, IRSchema, IRSecurityScheme, JsonValue, ProviderFacts } from '../ir/types.ts';
import { vendorError } from '../ir/walk.ts';
import { factsOf, servedWithoutXMock } from '../passes/wire-facts.ts';
import { schemasAt } from '../passes/error-fields.ts';
import * as bodyCredentials from '../wire/body-credentials.ts';
import { callSafety } from '../wire/idempotency.ts';
import { schemeKind } from '../wire/index.ts';
import type { MockAuthContext, RuntimeExport } from '../wire/kind.ts';
import * as session from '../wire/session.ts';
import { Code, FileBuilder, dataLit, jsDoc, lit, member, objKey, propKey } from './code.ts';
import { paramsSchema } from './params.ts';
import { soapNames, xmlCodecNames, type ProviderNames } from './provider-names.ts';
import { tsType } from './types.ts';

export interface MockEmitContext {
  provider: IRProvider;
  names: ProviderNames;
  diagnostics: Diagnostics;
  /** A mock is written although the spec has no `x-mock` (generate's `mocks: 'all'`). */
  mockAll?: boolean;
  /** Text put before the file's content (the pipeline's file header), so the file is built as one string. */
  header?: string;
}

/**
 * Without any `x-mock` in the spec (a mock asked for with `mocks: 'all'`), an operation is served only when the
 * document states what to answer: a success reply without content, or with a JSON example. The others are left
 * out of the mock (it answers them as unknown operations), each with a warning.
 */
function servedProvider(ctx: MockEmitContext): IRProvider {
  const p = ctx.provider;
  if (ctx.mockAll !== true || p.mock !== undefined || p.operations.some((op) => op.wire.mock !== undefined)) return p;
  const operations = p.operations.filter((op) => {
    const served = servedWithoutXMock(op);
    if (!served) {
      ctx.diagnostics.warn('mock-operation-skipped', op.source.file, op.source.pointer, `${op.operationId} is not served by the mock: the spec has no x-mock and its success reply no JSON example to answer with`, op.source.line);
    }
    return served;
  });
  // The wire facts are computed again for the operations served.
  const { facts: _facts, ...rest } = p;
  return { ...rest, operations };
}

/** Where generated mocks import the runtime from (generated/<provider>/ -> generated/runtime/). */
export const MOCK_RUNTIME = '../runtime/mock.js';
const XML_RUNTIME = '../runtime/xml.js';

/** Error classes the runtime raises; `x-mock.errors` may say how each is answered. */
export const ERROR_CLASSES = [
  'unauthenticated', 'forbidden', 'invalid', 'malformed', 'duplicate', 'parentNotFound', 'unsupportedMediaType', 'unknownOperation', 'keyReused',
] as const;

const DEFAULT_USERS: Record<string, string> = { 'mock-user': 'mock-password' };

/** The runtime's namespace in mock.js: `$` keeps it apart from every name a spec can produce. */
const RT = '$rt';

type Obj = { [key: string]: JsonValue };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Problems with x-mock and the extensions it reads; each with file and pointer. */
export class Where {
  constructor(
    private readonly diagnostics: Diagnostics,
    readonly file: string,
    readonly pointer: string,
  ) {}
  at(...segments: (string | number)[]): Where {
    return new Where(this.diagnostics, this.file, joinPointer(this.pointer, ...segments));
  }
  error(message: string): void {
    this.diagnostics.error('extension-invalid', this.file, this.pointer, message);
  }
  warn(message: string): void {
    this.diagnostics.warn('mock-unsupported', this.file, this.pointer, message);
  }
}

// ---- schema lookups ----------------------------------------------------------------------------------------

export class Schemas {
  constructor(private readonly provider: IRProvider) {}

  model(key: string): IRSchema | undefined {
    return this.provider.models.find((m) => m.key === key)?.schema;
  }

  /** The object schemas a value of `s` may be: through refs, allOf, and the object branches of anyOf/oneOf. */
  objects(s: IRSchema | undefined, depth = 0): IRSchema[] {
    if (!s || depth > 32) return [];
    const out: IRSchema[] = [];
    if (s.object) out.push(s);
    if (s.ref !== undefined) out.push(...this.objects(this.model(s.ref), depth + 1));
    for (const sub of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...this.objects(sub, depth + 1));
    return out;
  }

  /** Property names an object value of `s` declares, in declaration order. */
  propertyNames(s: IRSchema | undefined): string[] {
    const names: string[] = [];
    for (const o of this.objects(s)) for (const p of o.object!.properties) if (!names.includes(p.name)) names.push(p.name);
    return names;
  }

  property(s: IRSchema | undefined, name: string): IRSchema | undefined {
    for (const o of this.objects(s)) {
      const p = o.object!.properties.find((x) => x.name === name);
      if (p) return p.schema;
    }
    for (const o of this.objects(s)) if (o.object!.additionalProperties && o.object!.additionalProperties.bool !== false) return o.object!.additionalProperties;
    return undefined;
  }

  /** True when an object of `s` takes members it does not declare. */
  open(s: IRSchema | undefined): boolean {
    const objs = this.objects(s);
    return objs.length === 0 || objs.some((o) => o.object!.additionalProperties?.bool !== false);
  }

  items(s: IRSchema | undefined, depth = 0): IRSchema | undefined {
    if (!s || depth > 32) return undefined;
    if (s.array?.items) return s.array.items;
    if (s.ref !== undefined) return this.items(this.model(s.ref), depth + 1);
    for (const sub of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      const i = this.items(sub, depth + 1);
      if (i) return i;
    }
    return undefined;
  }

  additional(s: IRSchema | undefined): IRSchema | undefined {
    for (const o of this.objects(s)) if (o.object!.additionalProperties && o.object!.additionalProperties.bool !== false) return o.object!.additionalProperties;
    return undefined;
  }
}

// ---- the x-mock template language --------------------------------------------------------------------------

/** What a template root name means: the JS expression for it and, where known, its schema. */
export interface Root {
  expr: string;
  schema?: IRSchema;
  /** Paths below it are checked against `schema` (request bodies); others are taken as written. */
  checked: boolean;
}

export interface TemplateScope {
  roots: Map<string, Root>;
  schemas: Schemas;
  /** Counter for the parameter names of nested `$each` / `$entries` functions. */
  depth: number;
  /** The runtime namespace the helpers are called through (`$rt`); bare helper names when absent. */
  rt?: string;
}

/** A runtime helper of compiled templates (`copy`, `defined`, `entries`, `path`, `text`). */
function helper(scope: TemplateScope, name: 'copy' | 'defined' | 'entries' | 'path' | 'text'): string {
  return scope.rt === undefined ? name : `${scope.rt}.${name}`;
}

function splitPath(raw: JsonValue | undefined): string[] | undefined {
  if (typeof raw === 'string' && raw !== '') return raw.split('.');
  if (Array.isArray(raw) && raw.length > 0 && raw.every((s) => typeof s === 'string' && s !== '')) return raw as string[];
  return undefined;
}

/** The JS expression reading a template path (`request.accountInformation.email`) and the schema it reaches. */
function pathExpr(raw: JsonValue | undefined, scope: TemplateScope, w: Where): { expr: string; schema?: IRSchema } {
  const parts = splitPath(raw);
  if (!parts) {
    w.error('a path must be a non-empty dotted string such as "request.name"');
    return { expr: 'undefined' };
  }
  const root = scope.roots.get(parts[0]!);
  if (!root) {
    w.error(`unknown name "${parts[0]}" (known here: ${[...scope.roots.keys()].join(', ')})`);
    return { expr: 'undefined' };
  }
  let schema = root.schema;
  if (root.checked) {
    for (const p of parts.slice(1)) {
      const next = scope.schemas.property(schema, p);
      if (!next && !scope.schemas.open(schema)) {
        w.error(`"${parts.join('.')}": the schema has no property "${p}"`);
        return { expr: 'undefined' };
      }
      schema = next;
    }
  } else schema = undefined;
  const rest = parts.slice(1);
  const expr = rest.length === 0 ? root.expr : `${helper(scope, 'path')}(${root.expr}, ${lit(rest)})`;
  return schema ? { expr, schema } : { expr };
}

const DIRECTIVES = new Set(['$from', '$format', '$copy', '$each', '$entries']);

/**
 * Compiles a template into a JS expression. `target` is the schema of the value being built (for `$copy` and
 * for checking member names); `w` says where the template is in the spec.
 */
export function compileTemplate(t: JsonValue, target: IRSchema | undefined, scope: TemplateScope, w: Where): string {
  if (t === null || typeof t !== 'object') return lit(t);
  if (Array.isArray(t)) return `[${t.map((x, i) => compileTemplate(x, scope.schemas.items(target), scope, w.at(i))).join(', ')}]`;
  const directives = Object.keys(t).filter((k) => k.startsWith('$'));
  for (const d of directives) if (!DIRECTIVES.has(d)) w.at(d).error(`unknown template directive ${d} (known: ${[...DIRECTIVES].join(', ')})`);
  if (t.$from !== undefined) {
    const p = pathExpr(t.$from, scope, w.at('$from'));
    const extra = Object.keys(t).filter((k) => k !== '$from' && k !== 'default');
    if (extra.length > 0) w.error(`$from takes only "default" beside it, not ${extra.join(', ')}`);
    return t.default !== undefined ? `(${p.expr} ?? ${compileTemplate(t.default, target, scope, w.at('default'))})` : p.expr;
  }
  if (t.$format !== undefined) {
    if (typeof t.$format !== 'string') {
      w.at('$format').error('$format must be a string with {path} placeholders');
      return '""';
    }
    // `{path}` is a placeholder; `{{` and `}}` are literal braces.
    const pieces: string[] = [];
    let buf = '';
    const rx = /\{\{|\}\}|\{([^{}]*)\}|[^{}]+|[{}]/g;
    for (let m = rx.exec(t.$format); m !== null; m = rx.exec(t.$format)) {
      if (m[0] === '{{' || m[0] === '}}') buf += m[0][0];
      else if (m[1] !== undefined) {
        if (buf !== '') pieces.push(lit(buf));
        buf = '';
        pieces.push(`${helper(scope, 'text')}(${pathExpr(m[1], scope, w.at('$format')).expr})`);
      } else if (m[0] === '{' || m[0] === '}') w.at('$format').error('a lone brace in $format: write {{ or }} for a literal one');
      else buf += m[0];
    }
    if (buf !== '') pieces.push(lit(buf));
    return pieces.length === 0 ? '""' : pieces.join(' + ');
  }
  if (t.$each !== undefined) {
    const p = pathExpr(t.$each, scope, w.at('$each'));
    const v = `item${scope.depth}`;
    const inner: TemplateScope = { ...scope, roots: new Map(scope.roots).set('item', { expr: v, ...(p.schema ? { schema: scope.schemas.items(p.schema)! } : {}), checked: p.schema !== undefined }), depth: scope.depth + 1 };
    if (t.item === undefined) w.error('$each needs an "item" template');
    const body = compileTemplate(t.item ?? null, scope.schemas.items(target), inner, w.at('item'));
    return `(${p.expr} ?? []).map((${v}) => (${body}))`;
  }
  if (t.$entries !== undefined) {
    const p = pathExpr(t.$entries, scope, w.at('$entries'));
    const v = `entry${scope.depth}`;
    const inner: TemplateScope = { ...scope, roots: new Map(scope.roots).set('entry', { expr: v, checked: false }), depth: scope.depth + 1 };
    const key = splitPath(t.key);
    if (!key) w.at('key').error('$entries needs "key": the path inside each entry that names it');
    if (t.value === undefined) w.error('$entries needs a "value" template');
    const body = compileTemplate(t.value ?? null, scope.schemas.additional(target), inner, w.at('value'));
    return `${helper(scope, 'entries')}(${p.expr}, (${v}) => ${helper(scope, 'path')}(${v}, ${lit(key ?? [])}), (${v}) => (${body}))`;
  }
  // A plain object, optionally starting from `$copy`.
  const members: string[] = [];
  if (t.$copy !== undefined) {
    const p = pathExpr(t.$copy, scope, w.at('$copy'));
    const declared = scope.schemas.propertyNames(target);
    if (declared.length === 0) w.at('$copy').error('$copy needs a target object schema that declares properties');
    const from = p.schema ? scope.schemas.propertyNames(p.schema) : declared;
    const names = declared.filter((n) => from.includes(n) && !Object.hasOwn(t, n));
    members.push(`...${helper(scope, 'copy')}(${p.expr}, ${lit(names)})`);
  }
  const declared = scope.schemas.propertyNames(target);
  for (const [k, v] of Object.entries(t)) {
    if (k.startsWith('$')) continue;
    if (target && !scope.schemas.open(target) && !declared.includes(k)) w.at(k).error(`the reply schema has no member "${k}"`);
    members.push(`${objKey(k)}: ${compileTemplate(v, scope.schemas.property(target, k), scope, w.at(k))}`);
  }
  if (members.length === 0) return '{}';
  // Only a `$from` without a default can be undefined; `defined` then drops the member so it is absent.
  const mayBeUndefined = Object.entries(t).some(([k, v]) => !k.startsWith('$') && isObj(v) && v.$from !== undefined && v.default === undefined);
  const literal = `{ ${members.join(', ')} }`;
  return mayBeUndefined ? `${helper(scope, 'defined')}(${literal})` : literal;
}

// ---- the definition --------------------------------------------------------------------------------------

interface Built {
  js: string;
  dts: string;
}

/** `mock.js` and `mock.d.ts` of one provider, or undefined when it has no operations. */
export function emitMock(given: MockEmitContext): Built | undefined {
  const ctx: MockEmitContext = { ...given, provider: servedProvider(given) };
  const { provider, names } = ctx;
  if (provider.operations.length === 0) return undefined;
  const file = provider.files.find((f) => f.endsWith('openapi.yaml')) ?? provider.operations[0]!.source.file;
  const top = new Where(ctx.diagnostics, file, '');
  const xm: Partial<IRMockProvider> = provider.mock ?? {};
  const out = new FileBuilder(['definition', 'startMockServer']);
  const info = names.scope.allocate('mock:info', 'mockInfo').name;
  out.reserve(info);
  const gen = new Gen(ctx, new Schemas(provider), out);
  const c = out.code;
  c.raw(jsDoc([`What the ${provider.title} mock serves: routes, security, codecs, validators and the x-mock behaviour.`], '', [{ tag: 'type', type: out.jsDocType('MockDefinition', MOCK_RUNTIME) }]));
  c.block('const definition = {', () => gen.definition(xm, top.at('x-mock')), '};');
  c.line();
  const routes = provider.operations.flatMap((op) => {
    const rows: JsonValue[] = [{ method: op.method.toUpperCase(), path: op.path, operationId: op.operationId }];
    if (op.wire.soap) rows.push({ method: 'POST', path: op.wire.soap.path, operationId: op.operationId, soap: true });
    return rows;
  });
  c.raw(jsDoc(['The routes this mock serves and the credentials it accepts by default.']));
  c.line(`export const ${info} = Object.freeze({ provider: ${lit(provider.id)}, routes: ${gen.literal(routes)}, credentials: definition.defaults, clientAuth: Object.freeze(${gen.literal(gen.clientAuth())}) });`);
  c.line();
  c.raw(jsDoc([`Starts a local ${provider.title} mock server (node:http) on 127.0.0.1; resolves once it listens.`]));
  c.block('export function startMockServer(options) {', () => {
    c.line(`return ${RT}.serve(definition, options);`);
  });
  return { js: out.toString(ctx.header), dts: gen.dts(xm) };
}

/**
 * The header names the spec has travel, for the runtime's CORS answers: `request` are the apiKey schemes sent
 * in a header and the header parameters (a browser's preflight must allow them); `response` are the headers the
 * replies declare and an idempotency key header (exposed to pages). Spec spelling, first occurrence, in
 * declaration order.
 */
export function vendorHeaders(provider: IRProvider): { request: string[]; response: string[] } {
  const request: string[] = [];
  const response: string[] = [];
  const add = (list: string[], name: string): void => {
    if (!list.some((x) => x.toLowerCase() === name.toLowerCase())) list.push(name);
  };
  for (const s of provider.securitySchemes) if (s.type === 'apiKey' && s.in === 'header' && s.paramName !== undefined) add(request, s.paramName);
  for (const op of provider.operations) {
    for (const p of op.parameters) {
      if (p.in !== 'header') continue;
      add(request, p.name);
    }
    // The idempotency key header as the reader resolved it (a parameter or `x-idempotency-header`): sent by
    // the client, so a preflight must allow it, and echoed by the mock, so pages may read it.
    const key = op.wire.idempotencyKey;
    if (key !== undefined) {
      const name = key.param?.name ?? key.header;
      add(request, name);
      add(response, name);
    }
    for (const r of op.responses) for (const h of r.headers) add(response, h.name);
  }
  return { request, response };
}

/** The store definition of one operation being built. */
interface Store {
  op: IROperation;
  w: Where;
  reqSchema: IRSchema | undefined;
  parts: string[];
}

interface Collection {
  name: string;
  request?: string;
  reply?: string;
  idType: string;
  /** Body members the client fills in (credentials, RPC operation name): not stored, not seeded. */
  stripped?: string[];
  parent?: { field: string; known: string[] };
  idField?: string;
  idStart?: JsonValue;
}

class Gen {
  private readonly provider: IRProvider;
  private readonly names: ProviderNames;
  private readonly facts: ProviderFacts;
  private readonly xmlRoots: Set<string>;
  readonly collections: Collection[] = [];
  private readonly docs: string[] = [];
  private users: Record<string, string> = DEFAULT_USERS;

  constructor(
    private readonly ctx: MockEmitContext,
    private readonly schemas: Schemas,
    private readonly file: FileBuilder,
  ) {
    this.provider = ctx.provider;
    this.names = ctx.names;
    this.facts = factsOf(ctx.provider);
    this.xmlRoots = new Set(this.facts.xmlRoots);
    file.importNamespace(MOCK_RUNTIME, RT);
  }

  private where(op: IROperation, ...segments: (string | number)[]): Where {
    return new Where(this.ctx.diagnostics, op.source.file, joinPointer(op.source.pointer, ...segments));
  }

  /** The sibling modules, imported on first use. */
  private get validators(): string {
    return this.file.import('validators', './validators.js');
  }

  private get xml(): string {
    return this.file.importNamespace('./xml.js', 'xml');
  }

  /** The catalog entry for a code written in x-mock, or a diagnostic. */
  private code(raw: JsonValue | undefined, w: Where): IRErrorCode | undefined {
    if (raw === undefined) return undefined;
    const e = this.provider.errorCatalog.find((x) => x.code === raw);
    if (!e) w.error(`code ${JSON.stringify(raw)} is not in x-error-catalog (codes are written as they travel: ${this.provider.errorCatalog.slice(0, 3).map((x) => JSON.stringify(x.code)).join(', ')}...)`);
    return e;
  }

  /** The members of the definition object. */
  definition(xm: Partial<IRMockProvider>, w: Where): void {
    const c = this.file.code;
    const provider = this.provider;
    c.line(`provider: ${lit(provider.id)},`);
    c.line(`defaults: ${this.defaults(xm)},`);
    const schemes = provider.securitySchemes.flatMap((s) => {
      const d = this.schemeDef(s);
      return d === undefined ? [] : [`${objKey(s.key)}: ${d},`];
    });
    if (schemes.length === 0) c.line('schemes: {},');
    else c.block('schemes: {', () => schemes.forEach((l) => c.line(l)), '},');
    if (xm.authOrder !== undefined) c.line(`authOrder: ${lit(xm.authOrder)},`);
    c.line(`headers: ${this.literal(vendorHeaders(provider))},`);
    c.line(`catalog: ${this.file.import('errorCatalog', './models.js')},`);
    c.line(`errors: ${this.errorSpecs(xm.errors, undefined, w.at('errors'))},`);
    const er = xm.errorReply;
    if (er !== undefined) {
      if (er.status !== undefined) c.line(`errorStatus: ${lit(er.status)},`);
      c.line(`errorReply: (ctx) => (${this.errorTemplate(er.body, er.status ?? 400, w.at('errorReply', 'body'))}),`);
    }
    if (this.facts.soap.length > 0) {
      const fault = this.file.import('encodeSoapFault', XML_RUNTIME);
      c.line(fault === 'encodeSoapFault' ? 'encodeSoapFault,' : `encodeSoapFault: ${fault},`);
    }
    c.block('operations: [', () => {
      for (const op of provider.operations) this.operationDef(c, op);
    }, '],');
  }

  // -- credentials and schemes --

  defaults(xm: Partial<IRMockProvider>): string {
    const users = xm.users ?? DEFAULT_USERS;
    this.users = users;
    this.docs.push(`Accepted users by default: ${Object.keys(users).map((u) => `\`${u}\` / \`${users[u]}\``).join(', ')} (HTTP Basic, credentials in the body, logon); replace them with \`credentials.users\`.`);
    const apiKeys: string[] = [];
    for (const s of this.provider.securitySchemes) {
      if (this.sessionOf(s) !== undefined || !this.mockPart(s)?.keyed) continue;
      const keys = this.keys(s);
      apiKeys.push(`${objKey(s.key)}: ${this.literal(keys)}`);
      this.docs.push(`Accepted \`${s.auth.kind === 'apiKey' ? s.auth.name : s.key}\` keys (scheme ${s.key}) by default: ${Object.entries(keys).map(([k, r]) => (r === null ? `\`${k}\`` : `\`${k}\` (${r})`)).join(', ')}; replace them with \`credentials.apiKeys.${s.key}\`.`);
    }
    const clients: Record<string, string> = {};
    for (const s of this.provider.securitySchemes) Object.assign(clients, this.mockPart(s)?.clients ?? {});
    const withClients = Object.keys(clients).length > 0 ? `, clients: ${this.literal(clients)}` : '';
    return `{ users: ${this.literal(users)}, apiKeys: ${apiKeys.length === 0 ? '{}' : `{ ${apiKeys.join(', ')} }`}${withClients} }`;
  }

  /** The default accepted keys of a key or token scheme: its x-mock keys, or one named after it. */
  private keys(s: IRSecurityScheme): Record<string, string | null> {
    if (s.mock?.keys) return s.mock.keys;
    const roles = s.mock?.roles;
    return { [`mock-${s.key}`]: roles ? roles[roles.length - 1]! : null };
  }

  private authContext(): MockAuthContext {
    return { users: this.users, keys: (s) => this.keys(s) };
  }

  /** The scheme's wire kind's mock part (undefined: the mock cannot check it). */
  private mockPart(s: IRSecurityScheme): ReturnType<NonNullable<ReturnType<typeof schemeKind>>['mock']> {
    return schemeKind(s)?.mock(s, this.authContext());
  }

  /**
   * The generated client's `auth` option that the mock accepts with its default credentials, named as the
   * client names them (each wire kind's mock part says how). Call after `defaults`.
   */
  clientAuth(): Record<string, string> {
    const out: Record<string, string> = {};
    const schemes = this.provider.securitySchemes;
    for (const op of this.provider.operations) {
      if (op.wire.bodyCredentials) Object.assign(out, bodyCredentials.mockPart(op.wire.bodyCredentials, this.users).clientAuth);
      const alt = op.security.find((keys) => keys.every((k) => schemes.some((s) => s.key === k && (this.sessionOf(s) !== undefined || this.mockPart(s) !== undefined))));
      for (const key of alt ?? []) {
        const s = schemes.find((x) => x.key === key)!;
        const logon = this.sessionOf(s);
        if (logon) Object.assign(out, session.mockLogon(logon.logon, logon.op.wire.mock, this.users)?.clientAuth ?? {});
        else Object.assign(out, this.mockPart(s)?.clientAuth ?? {});
      }
    }
    return out;
  }

  /** The logon that issues this cookie scheme, if any (the wire-facts pass found it). */
  private sessionOf(s: IRSecurityScheme): ProviderFacts['session'] {
    const f = this.facts.session;
    return f && f.schemes.includes(s.key) ? f : undefined;
  }

  schemeDef(s: IRSecurityScheme): string | undefined {
    const w = new Where(this.ctx.diagnostics, s.source.file, joinPointer(s.source.pointer, 'x-mock'));
    const extra: string[] = [];
    for (const which of ['missing', 'invalid'] as const) {
      const spec = s.mock?.[which];
      if (spec !== undefined) extra.push(`${which}: ${this.errorSpec(spec, undefined, w.at(which))}`);
    }
    const logon = this.sessionOf(s);
    const part = logon ? session.mockScheme(s, logon.logon, logon.op.operationId) : this.mockPart(s);
    const runtime: { mock: RuntimeExport; endpoint?: RuntimeExport } | undefined = logon ? session.runtime : schemeKind(s)?.runtime;
    if (!part) {
      this.ctx.diagnostics.warn('mock-unsupported', s.source.file, s.source.pointer, `the mock does not check ${s.auth.kind === 'unsupported' ? s.auth.what : s.auth.kind} schemes; calls secured only by it are refused`);
      return undefined;
    }
    this.docs.push(part.doc);
    const fields = Object.entries(part.def).map(([k, v]) => `${objKey(k)}: ${this.literal(v)}`);
    // The kind's mock half, which the runtime calls to check a request, and a route it serves itself, if any.
    fields.push(`check: ${this.file.runtimeExport(runtime!.mock)}`);
    if (runtime?.endpoint !== undefined) fields.push(`endpoint: ${this.file.runtimeExport(runtime.endpoint)}`);
    return `{ ${[...fields, ...extra].join(', ')} }`;
  }

  // -- error specs --

  /** `{ status?, code?, message?, example?, body?: none }` for one error class. */
  private errorSpec(raw: JsonValue, op: IROperation | undefined, w: Where): string {
    if (!isObj(raw)) {
      w.error('an error spec is an object: { status?, code?, message?, example?, body?: none }');
      return '{}';
    }
    const parts: string[] = [];
    for (const k of Object.keys(raw)) if (!['status', 'code', 'message', 'example', 'body'].includes(k)) w.at(k).error(`unknown member "${k}" of an error spec`);
    if (raw.status !== undefined) {
      if (typeof raw.status !== 'number' || !Number.isInteger(raw.status) || raw.status < 100 || raw.status > 599) w.at('status').error('status must be an HTTP status');
      else parts.push(`status: ${lit(raw.status)}`);
    }
    if (raw.code !== undefined && this.code(raw.code, w.at('code'))) parts.push(`code: ${lit(raw.code)}`);
    if (raw.message !== undefined) {
      if (typeof raw.message !== 'string') w.at('message').error('message must be a string');
      else parts.push(`message: ${lit(raw.message)}`);
    }
    if (raw.body !== undefined) {
      if (raw.body !== 'none') w.at('body').error('body can only be "none" (no reply body)');
      else parts.push('body: "none"');
    }
    if (raw.example !== undefined) {
      const ex = this.findExample(raw.example, typeof raw.status === 'number' ? raw.status : undefined, op, w.at('example'));
      if (ex !== undefined) parts.push(`example: () => (${this.literal(ex)})`);
    }
    return `{ ${parts.join(', ')} }`;
  }

  /** A JSON example of a response with this status, by name (the operation's, or any operation's). */
  private findExample(name: JsonValue, status: number | undefined, op: IROperation | undefined, w: Where): JsonValue | undefined {
    if (typeof name !== 'string' || status === undefined) {
      w.error('example needs a status and the name of an example of that response');
      return undefined;
    }
    for (const o of op ? [op] : this.provider.operations) {
      const r = o.responses.find((x) => x.status === String(status));
      for (const c of r?.contents ?? []) {
        const ex = c.examples.find((e) => e.name === name);
        if (ex && c.encoding === 'json') return ex.value;
      }
    }
    w.error(`no JSON example "${name}" on a ${status} response`);
    return undefined;
  }

  errorSpecs(raw: JsonValue | undefined, op: IROperation | undefined, w: Where): string {
    if (raw === undefined) return '{}';
    if (!isObj(raw)) {
      w.error('errors must map error classes to error specs');
      return '{}';
    }
    const parts: string[] = [];
    for (const [k, v] of Object.entries(raw)) {
      if (!(ERROR_CLASSES as readonly string[]).includes(k)) w.at(k).error(`unknown error class "${k}" (known: ${ERROR_CLASSES.join(', ')})`);
      else parts.push(`${objKey(k)}: ${this.errorSpec(v, op, w.at(k))}`);
    }
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }

  /** The provider's error template, compiled against the error body schema of `status`. */
  errorTemplate(body: JsonValue, status: number, w: Where): string {
    let target: IRSchema | undefined;
    for (const op of this.provider.operations) {
      const r = responseFor(op, status);
      const ref = r?.contents.find((x) => x.schema.ref !== undefined)?.schema;
      if (ref) {
        target = ref;
        break;
      }
    }
    const roots = new Map<string, Root>([
      ['error', { expr: 'ctx.error', checked: false }],
      ['errors', { expr: 'ctx.errors', checked: false }],
      ['fields', { expr: 'ctx.fields', checked: false }],
      ['params', { expr: 'ctx.params', checked: false }],
      ['now', { expr: 'ctx.now', checked: false }],
      ['kind', { expr: 'ctx.kind', checked: false }],
    ]);
    return compileTemplate(body, target, { roots, schemas: this.schemas, depth: 0, rt: RT }, w);
  }

  // -- operations --

  operationDef(c: Code, op: IROperation): void {
    const xm: Partial<IRMockOperation> = op.wire.mock ?? {};
    const xw = this.where(op, 'x-mock');
    const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
    const requestModel = op.requestBody?.contents.find((x) => x.schema.ref !== undefined)?.schema.ref;
    const replyModel = success?.contents.find((x) => x.schema.ref !== undefined)?.schema.ref;

    c.block('{', () => {
      c.line(`id: ${lit(op.operationId)},`);
      c.line(`method: ${lit(op.method.toUpperCase())},`);
      c.line(`path: ${lit(op.path)},`);
      c.line(`params: [${op.parameters.filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'cookie' || (p.in === 'header' && !['accept', 'content-type', 'authorization'].includes(p.name.toLowerCase()))).map((p) => this.paramDef(p.name, p.in, p.required, p.schema)).join(', ')}],`);
      c.line(`security: ${lit(op.security)},`);
      if (paramsSchema(op) !== undefined) c.line(`validateParams: ${member(this.file.import('parameterValidators', './validators.js'), op.operationId)},`);
      const formats = this.formatsDef(op);
      if (formats) c.line(`formats: ${formats},`);
      this.extensionLines(c, op);
      // The idempotency key header, as the client sends it.
      const keyHeader = callSafety(op).keyHeader;
      if (keyHeader !== undefined) c.line(`idempotency: ${lit(keyHeader)},`);
      if (xm.requiresRole !== undefined) {
        const roles = this.provider.securitySchemes.flatMap((s) => s.mock?.roles ?? []);
        if (typeof xm.requiresRole !== 'string' || !roles.includes(xm.requiresRole)) xw.at('requiresRole').error(`requiresRole must be one of the schemes' roles (${roles.join(', ') || 'none declared'})`);
        else c.line(`requiresRole: ${lit(xm.requiresRole)},`);
      }
      if (xm.invalidCode !== undefined && this.code(xm.invalidCode, xw.at('invalidCode'))) c.line(`invalidCode: ${lit(xm.invalidCode)},`);
      if (op.requestBody) {
        c.block('request: {', () => {
          c.line(`required: ${lit(op.requestBody!.required)},`);
          c.line(`media: ${this.mediaDefs(op.requestBody!.contents, 'decode', this.where(op, 'requestBody'))},`);
        }, '},');
      }
      c.line(`success: ${lit(success?.status ?? '200')},`);
      c.block('responses: {', () => {
        for (const r of op.responses) c.line(`${objKey(r.status)}: ${this.mediaDefs(r.contents, 'encode', this.where(op, 'responses', r.status))},`);
      }, '},');
      const soap = this.soapDef(op, requestModel, replyModel);
      if (soap) c.line(`soap: ${soap},`);
      c.line(`errors: ${this.errorSpecs(xm.errors, op, xw.at('errors'))},`);
      const store = this.storeDef(op, xm, xw, requestModel, replyModel);
      if (store) c.line(`store: ${store},`);
      const list = this.listDef(op, xm, xw);
      if (list) c.line(`list: ${list},`);
      c.line(`reply: (ctx) => (${this.replyTemplate(op, xm, xw, success, requestModel)}),`);
    }, '},');
  }

  private paramDef(name: string, where: string, required: boolean, s: IRSchema): string {
    const t = s.types?.[0] ?? (s.ref !== undefined ? this.schemas.model(s.ref)?.types?.[0] : undefined) ?? 'string';
    const enumValues = s.enum ?? (s.ref !== undefined ? this.schemas.model(s.ref)?.enum : undefined);
    const code = vendorError(s, 'enum') ?? vendorError(s, 'type');
    const parts = [`name: ${lit(name)}`, `in: ${lit(where)}`, `required: ${lit(required)}`, `type: ${lit(t)}`];
    if (enumValues) parts.push(`enum: ${lit(enumValues)}`);
    if (code) parts.push(`code: ${lit(code.code)}`);
    return `{ ${parts.join(', ')} }`;
  }

  /** `x-formats`: the path parameter value that selects each wire format -> the media type it means. */
  private formatsDef(op: IROperation): string | undefined {
    const xf = op.wire.formats;
    if (!xf) return undefined;
    const contents = op.requestBody?.contents ?? success(op)?.contents ?? [];
    const media: string[] = [];
    for (const [kind, v] of Object.entries(xf.values)) {
      const mt = contents.find((x) => x.encoding === kind)?.mediaType;
      if (v !== undefined && mt !== undefined) media.push(`${objKey(v)}: ${lit(mt)}`);
    }
    return `{ parameter: ${lit(xf.parameter)}, media: { ${media.join(', ')} } }`;
  }

  /** The wire facts the runtime acts on for this operation: body credentials, RPC name, 2xx failures, logon. */
  private extensionLines(c: Code, op: IROperation): void {
    const { bodyCredentials: bc, rpc, vendorStatus: vs, sessionLogon: logon } = op.wire;
    if (bc) c.line(`bodyCredentials: ${this.literal(bodyCredentials.mockPart(bc, this.users).def)},`);
    if (rpc) c.line(`rpc: ${this.literal({ property: rpc.property, value: rpc.value })},`);
    if (vs) {
      const v: Obj = { field: vs.field, failure: vs.failure };
      if (vs.code !== undefined) {
        v.code = vs.code;
        const codeSchemas = (success(op)?.contents ?? []).flatMap((x) => schemasAt(x.schema, vs.code!, this.provider));
        if (codeSchemas.some((x) => [...(x.types ?? []), ...(x.ref !== undefined ? (this.schemas.model(x.ref)?.types ?? []) : [])].some((t) => t === 'integer' || t === 'number'))) v.numericCode = true;
      }
      if (vs.message !== undefined) v.message = vs.message;
      c.line(`vendorStatus: ${this.literal(v)},`);
    }
    if (logon) {
      const part = session.mockLogon(logon, op.wire.mock, this.users);
      if (!part) this.where(op, 'x-mock', 'credentials').error('a logon operation needs x-mock.credentials: { username, password } (the body members checked against the accepted users)');
      else {
        c.line(`logon: ${this.literal(part.def)},`);
        this.docs.push(`${op.operationId} ${part.doc}`);
      }
    }
  }

  /** Codec and validator per media type of a request body or a response. */
  private mediaDefs(contents: IRMediaContent[], dir: 'encode' | 'decode', w: Where): string {
    const parts: string[] = [];
    for (const m of contents) {
      const ref = m.schema.ref;
      const fields: string[] = [];
      const typeName = ref !== undefined ? this.names.modelName(ref).name : undefined;
      const kind = m.encoding;
      if (kind === 'json') fields.push('kind: "json"');
      else if (kind === 'xml') {
        fields.push('kind: "xml"');
        if (ref === undefined || !this.xmlRoots.has(ref)) {
          w.at('content', m.mediaType).warn(`the mock cannot ${dir} ${m.mediaType} without a named XML model`);
          continue;
        }
        const fn = xmlCodecNames(this.names, ref)[dir];
        fields.push(`${dir}: ${this.xml}.${fn.name}`);
      } else if (dir === 'decode' && this.facts.requestBodies.has(m)) {
        // The body kind's reader (the wire-facts pass's plan), then validated like a JSON body.
        const plan = this.facts.requestBodies.get(m)!;
        fields.push(`kind: ${lit(kind)}`, `read: ${this.file.runtimeExport(plan.runtime.mock)}(${plan.mock.map((a) => this.literal(a)).join(', ')})`);
      } else {
        w.at('content', m.mediaType).warn(`the mock does not speak ${m.mediaType}`);
        continue;
      }
      if (ref !== undefined) fields.push(`validate: ${this.validatorRef(typeName!)}`, `model: ${lit(typeName)}`);
      else w.at('content', m.mediaType).warn('an inline schema has no generated validator; the mock does not check this body');
      parts.push(`${lit(m.mediaType.split(';')[0]!.trim().toLowerCase())}: { ${fields.join(', ')} }`);
    }
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }

  private soapDef(op: IROperation, requestModel: string | undefined, replyModel: string | undefined): string | undefined {
    const b = this.facts.soap.find((x) => x.operation === op)?.binding;
    if (!b) return undefined;
    const { decodeRequest: decode, encodeResponse: encode } = soapNames(this.names, op);
    if (requestModel === undefined || replyModel === undefined) {
      this.where(op, 'x-soap').warn('a SOAP binding needs named request and reply models to be mocked');
      return undefined;
    }
    this.docs.push(`${op.operationId} is also served as SOAP 1.2 at \`POST ${b.path}\` (action ${b.action}); envelopes that cannot be read get a SOAP Fault.`);
    return `{ path: ${lit(b.path)}, action: ${lit(b.action)}, decode: ${this.xml}.${decode.name}, encode: ${this.xml}.${encode.name}, validate: ${this.validatorRef(this.names.modelName(requestModel).name)} }`;
  }

  private validatorRef(typeName: string): string {
    const v = this.validators;
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(typeName) ? `${v}.${typeName}` : `${v}[${lit(typeName)}]`;
  }

  // -- the store --

  private storeDef(op: IROperation, xm: Partial<IRMockOperation>, w: Where, requestModel: string | undefined, replyModel: string | undefined): string | undefined {
    if (xm.collection === undefined) {
      for (const k of ['id', 'parent', 'unique'] as const) if (xm[k] !== undefined) w.at(k).error(`${k} needs a collection`);
      return undefined;
    }
    if (typeof xm.collection !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(xm.collection)) {
      w.at('collection').error('collection must be a simple name');
      return undefined;
    }
    if (requestModel === undefined) {
      w.error('a collection needs a named request body model');
      return undefined;
    }
    const store: Store = { op, w, reqSchema: this.schemas.model(requestModel), parts: [`collection: ${lit(xm.collection)}`] };
    const col: Collection = { name: xm.collection, request: requestModel, idType: 'number | bigint' };
    if (replyModel !== undefined) col.reply = replyModel;
    this.storeId(store, col, xm.id ?? {});
    if (xm.parent !== undefined) this.storeParent(store, col, xm.parent);
    if (xm.unique !== undefined) this.storeUnique(store, xm.unique);
    else store.parts.push('unique: []');
    const filled = [op.wire.bodyCredentials?.property, op.wire.rpc?.property].filter((x): x is string => x !== undefined);
    if (filled.length > 0) col.stripped = filled;
    this.collections.push(col);
    return `{ ${store.parts.join(', ')} }`;
  }

  /**
   * `list: { collection, paging? }`: the operation answers with the records of a collection another operation
   * stores into, a page at a time. The paging parameters are the query parameters `paging` names
   * (`{ offset?, limit?, cursor? }`), else those named like them: offset `offset`, `start` or `skip`; limit
   * `limit`, `per_page`, `page_size` or `pageSize`; cursor `cursor` or `after`.
   */
  private listDef(op: IROperation, xm: Partial<IRMockOperation>, w: Where): string | undefined {
    const raw = xm.list;
    if (raw === undefined) return undefined;
    const lw = w.at('list');
    if (!isObj(raw) || typeof raw.collection !== 'string') {
      lw.error('list must be { collection, paging?: { offset?, limit?, cursor? } }');
      return undefined;
    }
    for (const k of Object.keys(raw)) if (k !== 'collection' && k !== 'paging') lw.at(k).error(`unknown member "${k}" of list (known: collection, paging)`);
    if (xm.collection !== undefined) lw.error('an operation either stores into a collection or lists one, not both');
    const stores = this.provider.operations.some((o) => o.wire.mock?.collection === raw.collection);
    if (!stores) lw.at('collection').error(`no operation stores into a collection "${raw.collection}" (x-mock.collection)`);
    const query = op.parameters.filter((p) => p.in === 'query');
    const named: Record<'offset' | 'limit' | 'cursor', string | undefined> = { offset: undefined, limit: undefined, cursor: undefined };
    if (raw.paging !== undefined) {
      if (!isObj(raw.paging)) lw.at('paging').error('paging must be { offset?, limit?, cursor? }: the query parameters that page');
      else {
        for (const [k, v] of Object.entries(raw.paging)) {
          if (k !== 'offset' && k !== 'limit' && k !== 'cursor') lw.at('paging', k).error(`unknown member "${k}" of paging (known: offset, limit, cursor)`);
          else if (typeof v !== 'string' || !query.some((p) => p.name === v)) lw.at('paging', k).error(`${k} must name a query parameter of ${op.operationId}`);
          else named[k] = v;
        }
      }
    } else {
      const find = (names: string[]): string | undefined => query.find((p) => names.includes(p.name))?.name;
      named.offset = find(['offset', 'start', 'skip']);
      named.limit = find(['limit', 'per_page', 'page_size', 'pageSize']);
      named.cursor = find(['cursor', 'after']);
    }
    const parts = [`collection: ${lit(raw.collection)}`];
    for (const k of ['offset', 'limit', 'cursor'] as const) if (named[k] !== undefined) parts.push(`${k}: ${lit(named[k])}`);
    const limitParam = query.find((p) => p.name === named.limit);
    const dflt = limitParam?.schema.meta.default;
    if (typeof dflt === 'number' && Number.isInteger(dflt) && dflt > 0) parts.push(`defaultLimit: ${lit(dflt)}`);
    const how = [named.offset && `\`${named.offset}\` (offset)`, named.limit && `\`${named.limit}\` (page size${typeof dflt === 'number' ? `, default ${dflt}` : ''})`, named.cursor && `\`${named.cursor}\` (cursor)`].filter(Boolean);
    this.docs.push(`${op.operationId} lists the \`${raw.collection}\` records${how.length > 0 ? `, paged by ${how.join(', ')}` : ''}.`);
    return `{ ${parts.join(', ')} }`;
  }

  /** A dotted path into the request body, checked against its schema. */
  private field(store: Store, raw: JsonValue | undefined, at: Where): string[] | undefined {
    const p = splitPath(raw);
    if (!p) {
      at.error('a field is a dotted path into the request body');
      return undefined;
    }
    let s = store.reqSchema;
    for (const seg of p) {
      const next = this.schemas.property(s, seg);
      if (!next) {
        at.error(`the request body has no field "${p.join('.')}"`);
        return undefined;
      }
      s = next;
    }
    return p;
  }

  /** `id`: increasing integers from `start`, or a string drawn from `alphabet` into `field`. */
  private storeId(store: Store, col: Collection, id: JsonValue): void {
    const w = store.w;
    if (!isObj(id)) {
      w.at('id').error('id must be { start } or { field, alphabet, length }');
      return;
    }
    const known = id.field !== undefined ? ['field', 'alphabet', 'length'] : ['start'];
    for (const k of Object.keys(id)) if (!known.includes(k)) w.at('id', k).error(`unknown member "${k}" of id (${id.field !== undefined ? 'with field: alphabet, length' : 'start, or field with alphabet and length'})`);
    if (id.field !== undefined) {
      const f = this.field(store, id.field, w.at('id', 'field'));
      const alphabet = id.alphabet;
      const length = id.length;
      if (typeof alphabet !== 'string' || alphabet.length < 2 || new Set(alphabet).size !== alphabet.length) w.at('id', 'alphabet').error('alphabet must be a string of at least two distinct characters');
      else if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > 12) w.at('id', 'length').error('length must be an integer from 1 to 12');
      else if (f) {
        store.parts.push(`id: ${this.literal({ field: f, alphabet, length })}`);
        col.idType = 'string';
        col.idField = f.join('.');
      }
    } else {
      const start = id.start ?? 1;
      if (typeof start !== 'number' || !Number.isSafeInteger(start)) w.at('id', 'start').error('start must be an integer');
      else store.parts.push(`id: { start: ${lit(start)} }`);
      col.idStart = start;
    }
  }

  /** `parent`: a request field that must name a known (or earlier created) parent. */
  private storeParent(store: Store, col: Collection, p: JsonValue): void {
    const w = store.w;
    if (!isObj(p)) {
      w.at('parent').error('parent must be { field, code, known, created? }');
      return;
    }
    const f = this.field(store, p.field, w.at('parent', 'field'));
    const known = Array.isArray(p.known) ? p.known.map((k) => String(k)) : [];
    if (!Array.isArray(p.known)) w.at('parent', 'known').error('known must list the parent keys that exist from the start');
    const code = this.code(p.code, w.at('parent', 'code'));
    if (p.code === undefined) w.at('parent').error('parent needs the code answered for an unknown parent');
    if (p.created !== undefined && typeof p.created !== 'boolean') w.at('parent', 'created').error('created must be true or false');
    if (f && code) {
      store.parts.push(`parent: ${this.literal({ path: f, code: code.code, known, created: p.created === true })}`);
      col.parent = { field: f.join('.'), known };
      this.docs.push(`${store.op.operationId}: \`${f.join('.')}\` must name a known parent (${known.map((k) => `\`${k}\``).join(', ')}${p.created === true ? ', or a record created earlier' : ''}; set \`state.parents\`), else code ${JSON.stringify(code.code)}.`);
    }
  }

  /** `unique`: rules naming the fields whose values together may not repeat. */
  private storeUnique(store: Store, unique: JsonValue): void {
    const w = store.w;
    if (!Array.isArray(unique)) {
      w.at('unique').error('unique must be a list of { fields, code?, message? }');
      return;
    }
    const rules: string[] = [];
    unique.forEach((u, i) => {
      const uw = w.at('unique', i);
      if (!isObj(u) || !Array.isArray(u.fields) || u.fields.length === 0) {
        uw.error('a unique rule is { fields: [...], code?, message? }');
        return;
      }
      const paths = u.fields.map((f, j) => this.field(store, f, uw.at('fields', j)));
      if (paths.some((p) => p === undefined)) return;
      const code = u.code !== undefined ? this.code(u.code, uw.at('code')) : undefined;
      if (u.code === undefined && typeof u.message !== 'string') uw.error('a unique rule without a code needs a message');
      const r: Obj = { paths: paths as string[][] };
      if (code) r.code = code.code;
      if (typeof u.message === 'string') r.message = u.message;
      rules.push(this.literal(r));
      this.docs.push(`${store.op.operationId}: a second record with the same ${(paths as string[][]).map((p) => `\`${p.join('.')}\``).join(' + ')} is a duplicate${code ? ` (code ${JSON.stringify(code.code)})` : ''}.`);
    });
    store.parts.push(`unique: [${rules.join(', ')}]`);
  }

  private replyTemplate(op: IROperation, xm: Partial<IRMockOperation>, w: Where, ok: IRResponse | undefined, requestModel: string | undefined): string {
    const target = ok?.contents.find((x) => x.schema.ref !== undefined)?.schema;
    if (xm.reply === undefined) {
      const ex = ok?.contents.find((x) => x.encoding === 'json')?.examples[0];
      if (ex) return this.literal(ex.value);
      if (ok && ok.contents.length > 0) w.error(`${op.operationId} needs x-mock.reply: its success reply has no JSON example to answer with`);
      return 'undefined';
    }
    const roots = new Map<string, Root>([
      ['request', { expr: 'ctx.request', ...(requestModel !== undefined ? { schema: this.schemas.model(requestModel)! } : {}), checked: requestModel !== undefined }],
      ['id', { expr: 'ctx.id', checked: false }],
      ['now', { expr: 'ctx.now', checked: false }],
      ['params', { expr: 'ctx.params', checked: false }],
      ['page', { expr: 'ctx.page', checked: false }],
    ]);
    return compileTemplate(xm.reply, target, { roots, schemas: this.schemas, depth: 0, rt: RT }, w.at('reply'));
  }

  /** A JS literal for JSON data (objects keep `__proto__` a data key). */
  literal(v: JsonValue): string {
    return dataLit(v);
  }

  // -- declarations --

  dts(xm: Partial<IRMockProvider>): string {
    const file = new FileBuilder();
    const c = file.code;
    const scope = this.names.scope;
    const n = (key: string, desired: string): string => scope.allocate(`mock:${key}`, desired).name;
    const runtimeTypes = ['MockCredentials', 'MockRecord', 'MockServer', 'MockServerOptions'];
    const local = new Map(runtimeTypes.map((t) => [t, n(`runtime:${t}`, t)] as const));
    const collectionsName = n('collections', 'MockCollections');
    const stateName = n('state', 'MockState');
    const optionsName = n('options', 'MockOptions');
    const used = new Set<string>();
    const tctx = { names: this.names, used };
    const model = (key: string | undefined): string => (key === undefined ? 'unknown' : tsType({ ref: key, meta: {}, source: { file: '', pointer: '' } }, tctx));
    const lines: string[] = [];
    const stateLines: string[] = [];
    for (const col of this.collections) {
      const req = col.stripped !== undefined ? `Omit<${model(col.request)}, ${col.stripped.map((k) => lit(k)).join(' | ')}>` : model(col.request);
      lines.push(`${jsDoc([`Records created by the ${col.name} collection.`], '  ').trimEnd()}\n  ${propKey(col.name)}: ${local.get('MockRecord')}<${req}, ${model(col.reply)}, ${col.idType}>[];`);
      stateLines.push(`${jsDoc([`${col.name} that exist from the start, created in this order (ids allocated as usual).`], '  ').trimEnd()}\n  ${propKey(col.name)}?: ${req}[];`);
    }
    const parentDocs = this.collections.filter((x) => x.parent).map((x) => `\`${x.parent!.field}\`; replaces ${x.parent!.known.map((k) => JSON.stringify(k)).join(', ')}`);
    if (parentDocs.length > 0) stateLines.push(`${jsDoc([`Known parents (${parentDocs.join('; ')}).`], '  ').trimEnd()}\n  parents?: string[];`);
    const starts = this.collections.filter((x) => x.idStart !== undefined).map((x) => `${x.name}: ${JSON.stringify(x.idStart)}`);
    if (starts.length > 0) stateLines.push(`${jsDoc([`The next integer id (default: ${starts.join(', ')}); a bigint beyond 2^53 is kept exactly.`], '  ').trimEnd()}\n  nextId?: number | bigint;`);

    // Runtime types under the names the naming pass allocated; model types as the naming pass named them.
    for (const t of runtimeTypes) file.import(t, MOCK_RUNTIME, { type: true, as: local.get(t)! });
    for (const m of this.provider.models) {
      const name = this.names.modelName(m.key).name;
      if (used.has(name)) file.import(name, './models.js', { type: true, as: name });
    }
    c.line(`export type { ${runtimeTypes.map((t) => (local.get(t) === t ? t : `${t} as ${local.get(t)}`)).join(', ')} } from ${lit(MOCK_RUNTIME)};`);
    c.line();
    c.raw(jsDoc(['Records the mock keeps, by collection.']));
    if (lines.length === 0) c.line(`export type ${collectionsName} = Record<string, never>;`);
    else c.raw(`export interface ${collectionsName} {\n${lines.join('\n')}\n}`);
    c.line();
    c.raw(jsDoc(['Initial state of the mock.']));
    if (stateLines.length === 0) c.line(`export type ${stateName} = Record<string, never>;`);
    else c.raw(`export interface ${stateName} {\n${stateLines.join('\n')}\n}`);
    c.line();
    c.raw(jsDoc(['Options of startMockServer.']));
    c.block(`export interface ${optionsName} extends ${local.get('MockServerOptions')} {`, () => {
      c.raw(jsDoc(['Credentials the mock accepts (defaults: see startMockServer).']));
      c.line(`credentials?: ${local.get('MockCredentials')};`);
      c.line(`state?: ${stateName};`);
    });
    c.line();
    const routes = this.provider.operations.map((op) => `\`${op.method.toUpperCase()} ${op.path}\` (${op.operationId})`);
    const er = xm.errorReply ? 'Errors are written with the provider\'s x-mock.errorReply template' : undefined;
    c.raw(jsDoc([
      `Starts a local mock of ${this.provider.title} on 127.0.0.1 (a free port unless \`port\` is given) and resolves once it listens.`,
      `Routes: ${routes.join(', ')}.`,
      ...this.docs,
      er,
      'Requests are decoded and checked with the generated codecs and validators and failures are answered in the vendor\'s error shape with its codes; created records are kept in memory (`records(collection)`). Close it with `close()`.',
    ]));
    c.line(`export declare function startMockServer(options?: ${optionsName}): Promise<${local.get('MockServer')}<${collectionsName}>>;`);
    c.line();
    c.raw(jsDoc(['The routes this mock serves and the credentials it accepts by default.']));
    c.block(`export declare const ${scope.allocate('mock:info', 'mockInfo').name}: {`, () => {
      c.line('readonly provider: string;');
      c.line('readonly routes: readonly { method: string; path: string; operationId: string; soap?: true }[];');
      c.line('readonly credentials: { users: Record<string, string>; apiKeys: Record<string, Record<string, string | null>>; clients?: Record<string, string> };');
      c.raw(jsDoc(['The generated client\'s `auth` option that this mock accepts with its default credentials.']));
      c.line('readonly clientAuth: Readonly<Record<string, string>>;');
    }, '};');
    return file.toString();
  }
}

function success(op: IROperation): IRResponse | undefined {
  return op.responses.find((r) => /^2\d\d$/.test(r.status));
}

function responseFor(op: IROperation, status: number): IRResponse | undefined {
  const s = String(status);
  return op.responses.find((r) => r.status === s) ?? op.responses.find((r) => r.status === `${s[0]}XX`) ?? op.responses.find((r) => r.status === 'default');
}

