/**
 * Client emitter: `client.js` + `client.d.ts` per provider. The JavaScript describes each operation as a plain
 * object (path builder, auth, wire formats, response bodies with their decoders, validators and error fields)
 * for the generic runtime (templates/runtime/client.js); the declarations give `createClient`, `ClientOptions`
 * and, per operation, its input, result and error types.
 *
 * Everything is read from the IR, never from provider names:
 * - security schemes -> credentials: HTTP Basic (`username`, `password`), apiKey in a header/query/cookie
 *   (the option is named by the scheme key), an apiKey cookie set by an `x-session-logon` operation (the
 *   options are that operation's body members, camelCased; the client logs on and re-logs on by itself);
 * - `x-body-credentials` / `x-rpc-operation`: body members the client fills (the caller's body type omits them);
 * - `x-vendor-status`: a 2xx reply whose success field is not true is a `vendor` failure with its code and text;
 * - `x-formats` (a path parameter chosen by the wire format) and `x-soap` (a SOAP 1.2 binding): `format`;
 * - error bodies: where the vendor puts its code and text is found in the schema (see `findErrorFields`).
 *
 * One pure function per concern: `planProvider` (IR -> plan, with diagnostics), `emitClientJs`, `emitClientDts`.
 */
import { Diagnostics, joinPointer } from '../diagnostics.ts';
import type { IRMediaContent, IROperation, IRParameter, IRProperty, IRProvider, IRSchema, IRSecurityScheme, JsonValue } from '../ir/types.ts';
import { Code, Ident, jsDoc, lit, member, objKey, propKey } from './code.ts';
import { NameScope, pascalCase } from './names.ts';
import { soapNames, validatorName, xmlCodecNames, type ProviderNames } from './provider-names.ts';
import { tsType, type TypeContext } from './types.ts';
import { Problems, isXmlMediaType, soapBindings, xmlRootKeys, type SoapBinding } from './xml.ts';

export interface ClientEmitContext {
  provider: IRProvider;
  names: ProviderNames;
  diagnostics: Diagnostics;
  /** Whether the provider module has `validators.js` (request and response checks). */
  validators: boolean;
  /** Whether the provider module has `xml.js` when something of it travels as XML. */
  xml: boolean;
}

const RUNTIME = '../runtime/client.js';

type FormatName = 'json' | 'xml' | 'soap';

/** True for application/json, text/json and any `+json` media type. */
export function isJsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base === 'text/json' || base.endsWith('+json');
}

// ---- plan ------------------------------------------------------------------------------------------------

interface AuthField {
  /** The option name in `auth`. */
  field: string;
  secret: boolean;
  doc: string;
}

type Applier =
  | { type: 'basic' }
  | { type: 'bearer'; field: string }
  | { type: 'header' | 'query' | 'cookie'; name: string; field: string };

interface InputParam {
  param: IRParameter;
  optional: boolean;
  /** The value filled in when the caller leaves the parameter out (single enum value, const or default). */
  fill?: JsonValue;
}

interface BodyPlan {
  type: string;
  kind: 'json' | 'xml';
  modelKey?: string;
  schema: IRSchema;
  fields?: ErrorFields;
}

interface ResponsePlan {
  status: string;
  description?: string;
  bodies: BodyPlan[];
}

interface FormatPlan {
  name: FormatName;
  type: string;
  accept?: string;
  /** A fixed path (SOAP). */
  path?: string;
  encodeModel?: string;
  soap?: SoapBinding;
}

interface OpPlan {
  op: IROperation;
  method: Ident;
  params: InputParam[];
  formatParam?: { name: string; values: Partial<Record<FormatName, string>> };
  /** Body members filled from `auth`: [member path (property, then nested name), auth field]. */
  bodyCredentials?: { property: string; members: [string, string][] };
  rpc?: { property: string; value: JsonValue };
  /** The session logon: its whole body comes from `auth`, [member, auth field]. */
  logonBody?: [string, string][];
  requestSchema?: IRSchema;
  requestKey?: string;
  bodyRequired: boolean;
  auth: Applier[];
  session: boolean;
  formats: FormatPlan[];
  responses: ResponsePlan[];
  vendor?: { success: string; code: string; message?: string };
}

interface ProviderPlan {
  ops: OpPlan[];
  auth: AuthField[];
  basic: boolean;
  secretHeaders: string[];
  secretQuery: string[];
  formats: FormatName[];
  session?: { op: OpPlan; cookie: string; status: string; reauth: string | number };
  catalogCodes: 'string' | 'number' | 'mixed' | 'none';
  xmlRoots: Set<string>;
}

function isObj(v: unknown): v is { [k: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `APIKey` -> `apiKey`, `Password` -> `password`: the credential option for a logon body member. */
export function optionName(member: string): string {
  const p = pascalCase(member).replace(/^_/, '');
  const lowered = p.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/, (m) => m.toLowerCase());
  return lowered.length > 0 ? lowered[0]!.toLowerCase() + lowered.slice(1) : '_';
}

const USER_FIELD = /^(user(name)?|login|account(name)?|client(id)?)$/i;

class Planner {
  private readonly auth = new Map<string, AuthField>();
  private readonly secretHeaders = new Set<string>();
  private readonly secretQuery = new Set<string>();
  basic = false;

  constructor(readonly ctx: ClientEmitContext) {}

  err(op: IROperation | undefined, pointer: string, message: string): void {
    const file = op?.source.file ?? this.ctx.provider.files.find((f) => f.endsWith('.yaml')) ?? this.ctx.provider.files[0] ?? this.ctx.provider.id;
    if (op?.source.line !== undefined) this.ctx.diagnostics.error('extension-invalid', file, pointer, message, op.source.line);
    else this.ctx.diagnostics.error('extension-invalid', file, pointer, message);
  }

  warn(op: IROperation, pointer: string, code: string, message: string): void {
    this.ctx.diagnostics.warn(code, op.source.file, pointer, message, op.source.line);
  }

  addAuth(field: string, secret: boolean, doc: string): void {
    const prev = this.auth.get(field);
    if (prev) {
      if (secret && !prev.secret) prev.secret = true;
      return;
    }
    this.auth.set(field, { field, secret, doc });
  }

  plan(): ProviderPlan {
    const { provider } = this.ctx;
    const soap = this.ctx.xml ? soapBindings(provider, new Problems(new Diagnostics())) : [];
    const xmlRoots = new Set(this.ctx.xml ? xmlRootKeys(provider, soap) : []);
    const sessionPlan = this.sessionLogon();
    const ops = provider.operations.map((op) => this.planOp(op, soap, xmlRoots, sessionPlan?.cookie));
    let session: ProviderPlan['session'];
    if (sessionPlan) {
      const logonOp = ops.find((o) => o.op === sessionPlan.op)!;
      session = { op: logonOp, cookie: sessionPlan.cookie, status: sessionPlan.status, reauth: sessionPlan.reauth };
      logonOp.vendor ??= { success: sessionPlan.success, code: sessionPlan.status };
    }
    const formats: FormatName[] = [];
    for (const o of ops) for (const f of o.formats) if (!formats.includes(f.name)) formats.push(f.name);
    const kinds = new Set(provider.errorCatalog.map((e) => typeof e.code));
    const catalogCodes = kinds.size === 0 ? 'none' : kinds.size === 2 ? 'mixed' : kinds.has('number') ? 'number' : 'string';
    return {
      ops,
      auth: [...this.auth.values()],
      basic: this.basic,
      secretHeaders: [...this.secretHeaders].sort(),
      secretQuery: [...this.secretQuery].sort(),
      formats,
      catalogCodes,
      xmlRoots,
      ...(session ? { session } : {}),
    };
  }

  /** The operation carrying `x-session-logon`, checked. */
  private sessionLogon(): { op: IROperation; cookie: string; success: string; status: string; reauth: string | number } | undefined {
    let found: { op: IROperation; cookie: string; success: string; status: string; reauth: string | number } | undefined;
    for (const op of this.ctx.provider.operations) {
      const raw = op.extensions['x-session-logon'];
      if (raw === undefined) continue;
      const where = joinPointer(op.source.pointer, 'x-session-logon');
      if (!isObj(raw) || typeof raw.cookie !== 'string' || raw.cookie === '' || typeof raw.successField !== 'string' || typeof raw.statusField !== 'string' || (typeof raw.reauthStatus !== 'number' && typeof raw.reauthStatus !== 'string')) {
        this.err(op, where, 'x-session-logon must be { cookie, successField, statusField, reauthStatus }');
        continue;
      }
      if (found) {
        this.err(op, where, `only one operation can carry x-session-logon (${found.op.operationId} already does)`);
        continue;
      }
      found = { op, cookie: raw.cookie, success: raw.successField, status: raw.statusField, reauth: raw.reauthStatus };
    }
    return found;
  }

  private planOp(op: IROperation, soap: SoapBinding[], xmlRoots: Set<string>, sessionCookie: string | undefined): OpPlan {
    const method = this.ctx.names.operations.get(op.operationId)!;
    const plan: OpPlan = { op, method, params: [], bodyRequired: op.requestBody?.required ?? false, auth: [], session: false, formats: [], responses: [] };

    // x-formats: a path parameter that follows the wire format; the caller never passes it.
    const xf = op.extensions['x-formats'];
    if (xf !== undefined) {
      const where = joinPointer(op.source.pointer, 'x-formats');
      if (!isObj(xf) || typeof xf.parameter !== 'string' || !op.parameters.some((p) => p.name === xf.parameter && p.in === 'path')) {
        this.err(op, where, 'x-formats must be { parameter: <a path parameter>, json?: <value>, xml?: <value> }');
      } else {
        const values: Partial<Record<FormatName, string>> = {};
        for (const [k, v] of Object.entries(xf)) {
          if (k === 'parameter') continue;
          if ((k !== 'json' && k !== 'xml') || typeof v !== 'string') this.err(op, joinPointer(where, k), 'x-formats maps json and xml to the parameter value of each');
          else values[k] = v;
        }
        plan.formatParam = { name: xf.parameter, values };
      }
    }

    for (const p of op.parameters) {
      if (plan.formatParam?.name === p.name && p.in === 'path') continue;
      if (p.in === 'cookie') {
        this.warn(op, joinPointer(op.source.pointer, 'parameters'), 'client-unsupported', `cookie parameter "${p.name}" is not sent by the client`);
        continue;
      }
      if (p.name === 'body') {
        this.ctx.diagnostics.error('name-collision', op.source.file, joinPointer(op.source.pointer, 'parameters'), 'a parameter named "body" clashes with the request body in the client\'s call argument', op.source.line);
        continue;
      }
      const fill = fillValue(p.schema);
      const ip: InputParam = { param: p, optional: !p.required || fill !== undefined };
      if (fill !== undefined) ip.fill = fill;
      plan.params.push(ip);
    }

    // The request body.
    const reqContents = op.requestBody?.contents ?? [];
    const reqSchema = reqContents[0]?.schema;
    if (reqSchema) {
      plan.requestSchema = reqSchema;
      if (reqSchema.ref !== undefined) plan.requestKey = reqSchema.ref;
    }
    this.bodyExtensions(op, plan);

    // Security: the first alternative whose schemes this client can apply.
    this.security(op, plan, sessionCookie);

    // Wire formats.
    const addFormat = (f: FormatPlan): void => {
      if (!plan.formats.some((x) => x.name === f.name)) plan.formats.push(f);
    };
    const respContents = op.responses.flatMap((r) => r.contents);
    for (const c of [...reqContents, ...respContents]) {
      if (isJsonMediaType(c.mediaType)) {
        const req = reqContents.find((x) => isJsonMediaType(x.mediaType));
        const res = respContents.find((x) => isJsonMediaType(x.mediaType));
        addFormat({ name: 'json', type: mediaBase((req ?? c).mediaType), accept: mediaBase((res ?? c).mediaType) });
      } else if (isXmlMediaType(c.mediaType) && this.ctx.xml) {
        const req = reqContents.find((x) => isXmlMediaType(x.mediaType));
        const res = respContents.find((x) => isXmlMediaType(x.mediaType));
        const f: FormatPlan = { name: 'xml', type: `${mediaBase((req ?? c).mediaType)}; charset=utf-8`, accept: mediaBase((res ?? c).mediaType) };
        if (req?.schema.ref !== undefined && xmlRoots.has(req.schema.ref)) f.encodeModel = req.schema.ref;
        else if (req) this.warn(op, op.source.pointer, 'client-unsupported', `the XML request body of ${op.operationId} has no XML writer (its schema is not a named model)`);
        addFormat(f);
      }
    }
    if (plan.formatParam) {
      // Only the formats x-formats names are offered over REST.
      plan.formats = plan.formats.filter((f) => plan.formatParam!.values[f.name as 'json' | 'xml'] !== undefined);
    }
    const b = soap.find((s) => s.operation === op);
    if (b) addFormat({ name: 'soap', type: '', accept: 'application/soap+xml', path: b.path, soap: b });
    if (plan.formats.length === 0) plan.formats.push({ name: 'json', type: 'application/json', accept: 'application/json' });

    // Responses.
    for (const r of op.responses) {
      const rp: ResponsePlan = { status: r.status, bodies: [] };
      if (r.description !== undefined) rp.description = r.description;
      const error = !/^2/.test(r.status);
      for (const c of r.contents) {
        const kind = isJsonMediaType(c.mediaType) ? 'json' : isXmlMediaType(c.mediaType) ? 'xml' : undefined;
        if (kind === undefined) continue;
        if (kind === 'xml' && !this.ctx.xml) continue;
        const bp: BodyPlan = { type: mediaBase(c.mediaType), kind, schema: c.schema };
        if (c.schema.ref !== undefined) bp.modelKey = c.schema.ref;
        if (error) {
          const fields = findErrorFields(c.schema, this.ctx.provider, this.ctx.provider.errorCatalog.length > 0);
          if (fields) bp.fields = fields;
        }
        rp.bodies.push(bp);
      }
      plan.responses.push(rp);
    }

    // x-vendor-status.
    const vs = op.extensions['x-vendor-status'];
    if (vs !== undefined) {
      if (!isObj(vs) || typeof vs.successField !== 'string' || typeof vs.codeField !== 'string' || (vs.messageField !== undefined && typeof vs.messageField !== 'string')) {
        this.err(op, joinPointer(op.source.pointer, 'x-vendor-status'), 'x-vendor-status must be { successField, codeField, messageField? }');
      } else {
        plan.vendor = { success: vs.successField, code: vs.codeField };
        if (typeof vs.messageField === 'string') plan.vendor.message = vs.messageField;
      }
    }
    return plan;
  }

  private bodyExtensions(op: IROperation, plan: OpPlan): void {
    const props = plan.requestSchema ? objectProperties(plan.requestSchema, this.ctx.provider) : [];
    const has = (name: string): boolean => props.some((p) => p.name === name);
    const bc = op.extensions['x-body-credentials'];
    if (bc !== undefined) {
      const where = joinPointer(op.source.pointer, 'x-body-credentials');
      if (!isObj(bc) || typeof bc.property !== 'string' || Object.entries(bc).some(([, v]) => typeof v !== 'string') || Object.keys(bc).length < 2) {
        this.err(op, where, 'x-body-credentials must be { property: <body member>, <auth option>: <member of it>, ... }');
      } else if (!has(bc.property)) {
        this.err(op, joinPointer(where, 'property'), `the request body has no member "${bc.property}"`);
      } else {
        const members: [string, string][] = [];
        for (const [k, v] of Object.entries(bc)) {
          if (k === 'property') continue;
          members.push([v as string, k]);
          this.addAuth(k, !USER_FIELD.test(k), `Put into the request body as \`${bc.property}.${v as string}\`.`);
        }
        plan.bodyCredentials = { property: bc.property, members };
      }
    }
    const rpc = op.extensions['x-rpc-operation'];
    if (rpc !== undefined) {
      const where = joinPointer(op.source.pointer, 'x-rpc-operation');
      if (!isObj(rpc) || typeof rpc.property !== 'string' || rpc.value === undefined || (rpc.value !== null && typeof rpc.value === 'object')) {
        this.err(op, where, 'x-rpc-operation must be { property: <body member>, value: <scalar> }');
      } else if (!has(rpc.property)) {
        this.err(op, joinPointer(where, 'property'), `the request body has no member "${rpc.property}"`);
      } else plan.rpc = { property: rpc.property, value: rpc.value };
    }
    if (op.extensions['x-session-logon'] !== undefined && isObj(op.extensions['x-session-logon'])) {
      if (props.length === 0) {
        if (op.requestBody) this.err(op, joinPointer(op.source.pointer, 'x-session-logon'), 'the logon body must be an object whose members are the credentials');
      } else {
        plan.logonBody = props.map((p) => {
          const field = optionName(p.name);
          this.addAuth(field, !USER_FIELD.test(field), `Sent by \`${op.operationId}\` as \`${p.name}\`.`);
          return [p.name, field] as [string, string];
        });
      }
    }
  }

  /** The `auth` option of a key or token scheme: `x-auth-option` where the spec names one, else the scheme key. */
  private optionOf(s: IRSecurityScheme): string {
    const o = s.extensions['x-auth-option'];
    if (o === undefined) return s.key;
    if (typeof o === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(o)) return o;
    this.err(undefined, `/components/securitySchemes/${s.key.replace(/~/g, '~0').replace(/\//g, '~1')}/x-auth-option`, 'x-auth-option must be an identifier (the name of the credential in the client\'s auth options)');
    return s.key;
  }

  private security(op: IROperation, plan: OpPlan, sessionCookie: string | undefined): void {
    const schemes = this.ctx.provider.securitySchemes;
    for (const alt of op.security) {
      const appliers: Applier[] = [];
      let session = false;
      let usable = true;
      for (const key of alt) {
        const s = schemes.find((x) => x.key === key);
        if (!s) {
          usable = false;
          break;
        }
        if (s.type === 'http-basic') {
          appliers.push({ type: 'basic' });
        } else if (s.type === 'http-bearer') {
          appliers.push({ type: 'bearer', field: this.optionOf(s) });
        } else if (s.type === 'apiKey' && s.paramName !== undefined && s.in !== undefined) {
          if (s.in === 'cookie' && sessionCookie !== undefined && s.paramName === sessionCookie) session = true;
          else appliers.push({ type: s.in, name: s.paramName, field: this.optionOf(s) });
        } else {
          usable = false;
          break;
        }
      }
      if (!usable) continue;
      for (const a of appliers) {
        if (a.type === 'basic') {
          this.basic = true;
          this.addAuth('username', false, 'HTTP Basic user name.');
          this.addAuth('password', true, 'HTTP Basic password.');
          this.secretHeaders.add('authorization');
        } else if (a.type === 'bearer') {
          this.addAuth(a.field, true, 'Bearer token (`Authorization: Bearer ...`).');
          this.secretHeaders.add('authorization');
        } else {
          const scheme = schemes.find((x) => x.type === 'apiKey' && x.paramName === a.name && x.in === a.type)!;
          this.addAuth(a.field, true, [scheme.description, `Sent as the ${a.type} \`${a.name}\`.`].filter(Boolean).join(' '));
          if (a.type === 'header') this.secretHeaders.add(a.name.toLowerCase());
          if (a.type === 'query') this.secretQuery.add(a.name);
        }
      }
      plan.auth = appliers;
      plan.session = session;
      return;
    }
    if (op.security.length > 0) {
      this.warn(op, joinPointer(op.source.pointer, 'security'), 'client-unsupported', `no security requirement of ${op.operationId} can be met by the client; it is sent without credentials`);
    }
  }
}

function mediaBase(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** A value the client fills in for a parameter the caller leaves out: a single enum value, a const, a default. */
function fillValue(s: IRSchema): JsonValue | undefined {
  if (s.const !== undefined && (s.const.value === null || typeof s.const.value !== 'object')) return s.const.value;
  if (s.enum && s.enum.length === 1 && (s.enum[0] === null || typeof s.enum[0] !== 'object')) return s.enum[0];
  const d = s.meta.default;
  if (d !== undefined && (d === null || typeof d !== 'object')) return d;
  return undefined;
}

/** The declared members of an object schema, through refs and allOf, in declaration order. */
function objectProperties(s: IRSchema, provider: IRProvider, depth = 0): IRProperty[] {
  if (depth > 16) return [];
  const out: IRProperty[] = [];
  const add = (ps: IRProperty[]): void => {
    for (const p of ps) if (!out.some((o) => o.name === p.name)) out.push(p);
  };
  if (s.ref !== undefined) {
    const m = provider.models.find((x) => x.key === s.ref);
    if (m) add(objectProperties(m.schema, provider, depth + 1));
  }
  add(s.object?.properties ?? []);
  for (const a of s.allOf ?? []) add(objectProperties(a, provider, depth + 1));
  return out;
}

// ---- error fields ----------------------------------------------------------------------------------------

/** Path steps: member names, EACH_ITEM (every array item) and EACH_VALUE (every map value, key kept). */
export type FieldStep = string | 0 | 1;
export interface ErrorFields {
  at: FieldStep[];
  code?: string;
  message?: string;
}

const CODE_NAME = /^(?:[a-z]*error|status|fault)?(?:code|number)$/i;
const MESSAGE_NAME = /^[a-z]*(?:message|description|reason|detail)$/i;

/**
 * Where an error body carries the vendor's code and text: the first object (depth first, declaration order,
 * through refs, allOf/anyOf, array items and map values) with a code-like member (`code`, `errorCode`,
 * `errorNumber`, `StatusCode`; only when the provider has an error catalog) and its text-like sibling
 * (`message`, `errorMessage`, `errorDescription`); without a code, the first object with a text-like member
 * (every such text is collected, each prefixed by its map key, like ASP.NET ModelState).
 */
export function findErrorFields(schema: IRSchema, provider: IRProvider, withCodes: boolean): ErrorFields | undefined {
  const candidates: ErrorFields[] = [];
  const visit = (s: IRSchema, at: FieldStep[], seen: string[]): void => {
    if (at.length > 8 || candidates.length > 16) return;
    const alts = expand(s, provider, seen);
    for (const { schema: x, seen: seen2 } of alts) {
      const props = objectProperties(x, provider);
      if (props.length > 0 || x.object) {
        let code: string | undefined;
        let message: string | undefined;
        for (const p of props) {
          const t = scalarTypes(p.schema, provider);
          if (withCodes && code === undefined && CODE_NAME.test(p.name) && (t.has('string') || t.has('integer') || t.has('number'))) code = p.name;
          if (message === undefined && MESSAGE_NAME.test(p.name) && t.has('string')) message = p.name;
        }
        if (code !== undefined || message !== undefined) {
          const f: ErrorFields = { at };
          if (code !== undefined) f.code = code;
          if (message !== undefined) f.message = message;
          candidates.push(f);
        }
        for (const p of props) {
          for (const { schema: ps, seen: s3 } of expand(p.schema, provider, seen2)) {
            if (ps.array?.items) visit(ps.array.items, [...at, p.name, 0], s3);
            else if (ps.object || ps.ref || ps.allOf) visit(ps, [...at, p.name], s3);
          }
        }
        const ap = x.object?.additionalProperties;
        if (ap && ap.bool === undefined) visit(ap, [...at, 1], seen2);
      }
      if (x.array?.items) visit(x.array.items, [...at, 0], seen2);
      // allOf members that bring no declared members (a named wrapper of a map, say) are walked on their own.
      if (props.length === 0) for (const a of x.allOf ?? []) visit(a, at, seen2);
    }
  };
  visit(schema, [], []);
  return candidates.find((c) => c.code !== undefined) ?? candidates.find((c) => c.message !== undefined);
}

/** A schema with its refs followed and anyOf/oneOf alternatives spread (cycles cut). */
function expand(s: IRSchema, provider: IRProvider, seen: string[]): { schema: IRSchema; seen: string[] }[] {
  if (s.ref !== undefined && !s.object && !s.allOf) {
    if (seen.includes(s.ref)) return [];
    const m = provider.models.find((x) => x.key === s.ref);
    return m ? expand(m.schema, provider, [...seen, s.ref]) : [];
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.flatMap((a) => expand(a, provider, seen));
  return [{ schema: s, seen }];
}

function scalarTypes(s: IRSchema, provider: IRProvider, depth = 0): Set<string> {
  const out = new Set<string>();
  if (depth > 8) return out;
  for (const t of s.types ?? []) out.add(t);
  if (s.enum) for (const v of s.enum) out.add(typeof v === 'number' ? 'number' : typeof v);
  if (s.ref !== undefined) {
    const m = provider.models.find((x) => x.key === s.ref);
    if (m) for (const t of scalarTypes(m.schema, provider, depth + 1)) out.add(t);
  }
  for (const a of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) for (const t of scalarTypes(a, provider, depth + 1)) out.add(t);
  return out;
}

// ---- names -----------------------------------------------------------------------------------------------

function xmlEncoderName(names: ProviderNames, key: string): Ident {
  return xmlCodecNames(names, key).encode;
}
function xmlDecoderName(names: ProviderNames, key: string): Ident {
  return xmlCodecNames(names, key).decode;
}
function clientSoapNames(names: ProviderNames, op: IROperation): { encode: Ident; decode: Ident; binding: Ident } {
  const n = soapNames(names, op);
  return { encode: n.encodeRequest, decode: n.decodeResponse, binding: n.binding };
}

interface ExportNames {
  auth: Ident;
  callOptions: Ident;
  format: Ident;
  perOp: Map<OpPlan, { input: Ident; error: Ident; result: Ident }>;
}

function exportNames(plan: ProviderPlan, names: ProviderNames): ExportNames {
  const s = names.scope;
  const perOp = new Map<OpPlan, { input: Ident; error: Ident; result: Ident }>();
  const auth = s.allocate('client:auth', 'ClientAuth');
  const callOptions = s.allocate('client:callOptions', 'CallOptions');
  const format = s.allocate('client:format', 'WireFormat');
  for (const o of plan.ops) {
    const base = pascalCase(o.method.name);
    perOp.set(o, {
      input: s.allocate(`client:input:${o.op.operationId}`, `${base}Input`),
      error: s.allocate(`client:error:${o.op.operationId}`, `${base}Error`),
      result: s.allocate(`client:result:${o.op.operationId}`, `${base}Result`),
    });
  }
  return { auth, callOptions, format, perOp };
}

// ---- entry -----------------------------------------------------------------------------------------------

export function emitClient(ctx: ClientEmitContext): { js: string; dts: string } {
  const plan = new Planner(ctx).plan();
  const exported = exportNames(plan, ctx.names);
  return { js: emitClientJs(ctx, plan), dts: emitClientDts(ctx, plan, exported) };
}

// ---- client.js -------------------------------------------------------------------------------------------

function emitClientJs(ctx: ClientEmitContext, plan: ProviderPlan): string {
  const { names } = ctx;
  const validatorImports = new Set<string>();
  const xmlImports = new Set<string>();
  const validator = (key: string | undefined): string | undefined => {
    if (!ctx.validators || key === undefined) return undefined;
    const n = validatorName(names, key).name;
    validatorImports.add(n);
    return n;
  };
  const local = new NameScope(['rt', 'errorCatalog', 'createClient']);
  const opConst = new Map<OpPlan, Ident>();
  for (const o of plan.ops) opConst.set(o, local.allocate(`op:${o.op.operationId}`, `${o.method.name}Operation`));
  const providerConst = local.allocate('provider', 'provider');

  const body = new Code();
  plan.ops.forEach((o, index) => {
    body.raw(jsDoc([`${o.op.operationId}: \`${o.op.method.toUpperCase()} ${o.op.path}\``]));
    body.block(`const ${opConst.get(o)!.name} = {`, () => {
      body.line(`id: ${lit(o.op.operationId)},`);
      body.line(`index: ${index},`);
      body.line(`method: ${lit(o.op.method.toUpperCase())},`);
      body.line(`input: ${o.logonBody ? 'false' : 'true'},`);
      body.line(`hasBody: ${o.op.requestBody ? 'true' : 'false'},`);
      body.line(`bodyPath: ${lit(o.logonBody ? '' : '/body')},`);
      body.line(`format: ${lit(o.formats[0]!.name)},`);
      body.line(`session: ${o.session ? 'true' : 'false'},`);
      body.line(`auth: [${o.auth.map(applierLit).join(', ')}],`);
      emitPathFn(body, o);
      emitCheckFn(body, o);
      emitHeadersFn(body, o);
      emitBodyFn(body, o);
      const v = validator(o.requestKey);
      if (v !== undefined) body.line(`validate: ${v},`);
      body.block('formats: {', () => {
        for (const f of o.formats) {
          const fields: string[] = [];
          if (f.soap) {
            const sn = clientSoapNames(names, o.op);
            xmlImports.add(sn.encode.name).add(sn.decode.name).add(sn.binding.name);
            fields.push(`type: ${sn.binding.name}.contentType`, `accept: ${lit(f.accept)}`, `path: ${sn.binding.name}.path`, `encode: ${sn.encode.name}`, `decode: ${sn.decode.name}`);
            const rv = validator(f.soap.response);
            if (rv !== undefined) fields.push(`validate: ${rv}`);
          } else {
            fields.push(`type: ${lit(f.type)}`);
            if (f.accept !== undefined) fields.push(`accept: ${lit(f.accept)}`);
            if (f.encodeModel !== undefined) {
              const n = xmlEncoderName(names, f.encodeModel).name;
              xmlImports.add(n);
              fields.push(`encode: ${n}`);
            }
          }
          body.line(`${f.name}: { ${fields.join(', ')} },`);
        }
      }, '},');
      body.block('responses: {', () => {
        for (const r of o.responses) {
          body.block(`${objKey(r.status)}: {`, () => {
            if (r.description !== undefined) body.line(`description: ${lit(oneLine(r.description))},`);
            body.block('bodies: [', () => {
              for (const b of r.bodies) {
                const fields = [`type: ${lit(b.type)}`, `kind: ${lit(b.kind)}`];
                if (b.kind === 'xml' && b.modelKey !== undefined && plan.xmlRoots.has(b.modelKey)) {
                  const n = xmlDecoderName(names, b.modelKey).name;
                  xmlImports.add(n);
                  fields.push(`decode: ${n}`);
                }
                const v2 = validator(b.modelKey);
                if (v2 !== undefined) fields.push(`validate: ${v2}`);
                if (b.fields) fields.push(`fields: ${fieldsLit(b.fields)}`);
                body.line(`{ ${fields.join(', ')} },`);
              }
            }, '],');
          }, '},');
        }
      }, '},');
      const success = o.op.responses.find((r) => /^2/.test(r.status));
      body.line(`success: ${lit(success?.status ?? '200')},`);
      if (o.vendor) {
        const v = [`success: ${lit(o.vendor.success)}`, `code: ${lit(o.vendor.code)}`];
        if (o.vendor.message !== undefined) v.push(`message: ${lit(o.vendor.message)}`);
        body.line(`vendor: { ${v.join(', ')} },`);
      }
    }, '};');
    body.line();
  });

  body.raw(jsDoc([`${ctx.provider.title}: what the runtime needs to know about the provider.`]));
  body.block(`const ${providerConst.name} = {`, () => {
    body.line(`id: ${lit(ctx.provider.id)},`);
    body.line(`baseUrl: ${ctx.provider.servers[0] ? lit(ctx.provider.servers[0].url) : 'undefined'},`);
    body.line(`formats: [${plan.formats.map((f) => lit(f)).join(', ')}],`);
    body.line(`auth: [${plan.auth.map((a) => `{ field: ${lit(a.field)}, secret: ${a.secret} }`).join(', ')}],`);
    body.line(`basic: ${plan.basic},`);
    body.line(`secretHeaders: [${plan.secretHeaders.map((h) => lit(h)).join(', ')}],`);
    body.line(`secretQuery: [${plan.secretQuery.map((h) => lit(h)).join(', ')}],`);
    body.line('catalog: errorCatalog,');
    if (plan.session) {
      const s = plan.session;
      body.line(`session: { op: ${opConst.get(s.op)!.name}, cookie: ${lit(s.cookie)}, status: ${lit(s.status)}, reauth: ${lit(s.reauth)} },`);
    } else body.line('session: undefined,');
  }, '};');
  body.line();

  body.raw(jsDoc([`A client for ${ctx.provider.title}. See client.d.ts for the options and methods.`]));
  body.block('export function createClient(options) {', () => {
    body.line(`const core = new rt.ClientCore(${providerConst.name}, options);`);
    body.block('return Object.freeze({', () => {
      for (const o of plan.ops) {
        const c = opConst.get(o)!.name;
        if (o.logonBody) body.line(`${objKey(o.method.name)}: (init) => core.call(${c}, undefined, init),`);
        else body.line(`${objKey(o.method.name)}: (input, init) => core.call(${c}, input, init),`);
      }
    }, '});');
  });

  const head = new Code();
  head.line(`import * as rt from ${lit(RUNTIME)};`);
  head.line("import { errorCatalog } from './models.js';");
  if (validatorImports.size > 0) head.line(`import { ${[...validatorImports].sort().join(', ')} } from './validators.js';`);
  if (xmlImports.size > 0) head.line(`import { ${[...xmlImports].sort().join(', ')} } from './xml.js';`);
  head.line();
  return head.toString() + '\n' + body.toString();
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function applierLit(a: Applier): string {
  if (a.type === 'basic') return '{ type: "basic" }';
  if (a.type === 'bearer') return `{ type: "bearer", field: ${lit(a.field)} }`;
  return `{ type: ${lit(a.type)}, name: ${lit(a.name)}, field: ${lit(a.field)} }`;
}

function fieldsLit(f: ErrorFields): string {
  const parts = [`at: [${f.at.map((s) => (typeof s === 'number' ? (s === 0 ? 'rt.EACH_ITEM' : 'rt.EACH_VALUE') : lit(s))).join(', ')}]`];
  if (f.code !== undefined) parts.push(`code: ${lit(f.code)}`);
  if (f.message !== undefined) parts.push(`message: ${lit(f.message)}`);
  return `{ ${parts.join(', ')} }`;
}

/** `path(input, format)`: the operation path with its path parameters encoded and query parameters appended. */
function emitPathFn(c: Code, o: OpPlan): void {
  const path = o.op.path === '/' ? '' : o.op.path;
  const pieces: string[] = [];
  let last = 0;
  const re = /\{([^{}]+)\}/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m.index > last) pieces.push(lit(path.slice(last, m.index)));
    const name = m[1]!;
    if (o.formatParam?.name === name) {
      const entries = Object.entries(o.formatParam.values) as [FormatName, string][];
      let expr = lit(entries.at(-1)?.[1] ?? '');
      for (const [f, v] of entries.slice(0, -1).reverse()) expr = `format === ${lit(f)} ? ${lit(v)} : ${expr}`;
      pieces.push(`rt.pathParam(${expr})`);
    } else {
      const ip = o.params.find((p) => p.param.name === name && p.param.in === 'path');
      pieces.push(`rt.pathParam(${ip ? valueExpr(ip, true) : lit('')})`);
    }
    last = m.index + m[0].length;
  }
  if (last < path.length) pieces.push(lit(path.slice(last)));
  const q = o.params.filter((p) => p.param.in === 'query');
  if (q.length > 0) pieces.push(`rt.query([${q.map((p) => `${lit(p.param.name)}, ${valueExpr(p)}`).join(', ')}])`);
  const uses = (s: string): boolean => pieces.some((p) => p.includes(s));
  const args = uses('format ===') ? 'input, format' : uses('input') ? 'input' : '';
  c.line(`path(${args}) { return ${pieces.length > 0 ? pieces.join(' + ') : '""'}; },`);
}

function valueExpr(p: InputParam, bare = false): string {
  const v = member('input', p.param.name);
  if (p.fill === undefined) return v;
  const e = `${v} === undefined ? ${lit(p.fill)} : ${v}`;
  return bare ? e : `(${e})`;
}

/** `check(input)`: type, enum and presence of the parameters (the body has its own validator). */
function emitCheckFn(c: Code, o: OpPlan): void {
  if (o.params.length === 0) return;
  c.block('check(input) {', () => {
    c.line('let issues = null;');
    o.params.forEach((p, i) => {
      const v = `v${i}`;
      const path = lit(`/${p.param.name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const s = p.param.schema;
      c.line(`const ${v} = ${member('input', p.param.name)};`);
      const push = (keyword: string, message: string): string => {
        const ve = s.meta.vendorErrors?.[keyword];
        const code = ve && 'code' in ve && (typeof ve.code === 'string' || typeof ve.code === 'number') ? ve : undefined;
        const args = [path, lit(keyword), lit(message)];
        if (code) {
          args.push(lit(code.code));
          if (code.message !== undefined) args.push(lit(code.message));
        }
        return `(issues ??= []).push(rt.paramIssue(${args.join(', ')}));`;
      };
      // Presence first (when required), then the type, then the allowed values: one issue per parameter.
      const arms: [string, string][] = [];
      const typeTest = typeCheck(v, s);
      if (typeTest !== undefined) arms.push([`!(${typeTest.test})`, push('type', `must be ${typeTest.what}`)]);
      const allowed = s.const ? [s.const.value] : s.enum;
      if (allowed && allowed.every((x) => x === null || typeof x !== 'object')) {
        arms.push([`!(${allowed.map((x) => `${v} === ${lit(x)}`).join(' || ')})`, push('enum', `must be ${allowed.map((x) => JSON.stringify(x)).join(' or ')}`)]);
      }
      const emitArms = (first: boolean): void =>
        arms.forEach(([cond, stmt], k) => {
          c.line(`${k === 0 && first ? '' : '} else '}if (${cond}) {`);
          c.line(`  ${stmt}`);
        });
      if (!p.optional) {
        c.line(`if (${v} === undefined) {`);
        c.line(`  ${push('required', `${JSON.stringify(p.param.name)} is required`)}`);
        emitArms(false);
        c.line('}');
      } else if (arms.length > 0) {
        c.block(`if (${v} !== undefined) {`, () => {
          emitArms(true);
          c.line('}');
        });
      }
    });
    c.line('return issues;');
  }, '},');
}

function typeCheck(v: string, s: IRSchema): { test: string; what: string } | undefined {
  const types = s.types;
  if (!types || types.length !== 1) return undefined;
  switch (types[0]) {
    case 'string':
      return { test: `typeof ${v} === "string"`, what: 'a string' };
    case 'integer':
      return { test: `Number.isInteger(${v}) || typeof ${v} === "bigint"`, what: 'an integer' };
    case 'number':
      return { test: `typeof ${v} === "number" && Number.isFinite(${v})`, what: 'a number' };
    case 'boolean':
      return { test: `typeof ${v} === "boolean"`, what: 'true or false' };
    default:
      return undefined;
  }
}

function emitHeadersFn(c: Code, o: OpPlan): void {
  const hs = o.params.filter((p) => p.param.in === 'header');
  if (hs.length === 0) return;
  c.block('headers(input, h) {', () => {
    hs.forEach((p, i) => {
      c.line(`const h${i} = ${valueExpr(p)};`);
      c.line(`if (h${i} !== undefined) h[${lit(p.param.name.toLowerCase())}] = String(h${i});`);
    });
  }, '},');
}

/** `body(input, auth)`: the caller's body plus what the client fills in (credentials, the RPC operation name). */
function emitBodyFn(c: Code, o: OpPlan): void {
  if (!o.op.requestBody) return;
  if (o.logonBody) {
    c.line(`body(input, auth) { return { ${o.logonBody.map(([m, f]) => `${objKey(m)}: ${member('auth', f)}`).join(', ')} }; },`);
    return;
  }
  const extra: string[] = [];
  if (o.bodyCredentials) {
    extra.push(`${objKey(o.bodyCredentials.property)}: { ${o.bodyCredentials.members.map(([m, f]) => `${objKey(m)}: ${member('auth', f)}`).join(', ')} }`);
  }
  if (o.rpc) extra.push(`${objKey(o.rpc.property)}: ${lit(o.rpc.value)}`);
  if (extra.length === 0) c.line('body(input) { return input.body; },');
  // The filled members come last so that they win over anything the caller put there.
  else c.line(`body(input, auth) { return { ...input.body, ${extra.join(', ')} }; },`);
}

// ---- client.d.ts -----------------------------------------------------------------------------------------

function emitClientDts(ctx: ClientEmitContext, plan: ProviderPlan, ex: ExportNames): string {
  const used = new Set<string>();
  const tctx: TypeContext = { names: ctx.names, used };
  const c = new Code();
  const codeType = wireCodeType(plan);
  const hasCatalog = plan.catalogCodes !== 'none';
  if (hasCatalog) used.add('ErrorCode');

  // Credentials.
  c.raw(jsDoc([`Credentials of ${ctx.provider.title}, as its security schemes and extensions ask for them. They never appear in errors, hook output or logs.`]));
  if (plan.auth.length === 0) c.line(`export type ${ex.auth.name} = Record<string, never>;`);
  else {
    c.block(`export interface ${ex.auth.name} {`, () => {
      for (const a of plan.auth) {
        c.raw(jsDoc([a.doc]));
        c.line(`${propKey(a.field)}: string;`);
      }
    });
  }
  c.line();

  const multi = plan.formats.length > 1;
  if (multi) {
    c.raw(jsDoc(['Wire formats this API offers. An operation that does not offer the chosen one uses its first.']));
    c.line(`export type ${ex.format.name} = ${plan.formats.map((f) => lit(f)).join(' | ')};`);
    c.line();
  }

  const server = ctx.provider.servers[0];
  c.raw(jsDoc([`Options of \`createClient\`.`]));
  c.block('export interface ClientOptions extends rt.CommonOptions {', () => {
    const serverDocs = ctx.provider.servers.map((s) => `\`${s.url}\`${s.description ? `: ${s.description}` : ''}`);
    c.raw(jsDoc([
      "The vendor's URL (origin and base path); operation paths are appended to it.",
      server ? `Default: \`${server.url}\`.` : 'The spec names no server: it must be given.',
      serverDocs.length > 0 ? `Servers in the spec:\n${serverDocs.map((s) => `- ${s}`).join('\n')}` : undefined,
    ]));
    c.line(`baseUrl${server ? '?' : ''}: string;`);
    if (plan.auth.length > 0) {
      c.raw(jsDoc(['Credentials.']));
      c.line(`auth: ${ex.auth.name};`);
    }
    if (multi) {
      c.raw(jsDoc([`Wire format of every call (default ${lit(plan.formats[0])}).`]));
      c.line(`format?: ${ex.format.name};`);
    }
  });
  c.line();
  c.raw(jsDoc(['Options of one call.']));
  if (multi) {
    c.block(`export interface ${ex.callOptions.name} extends rt.CommonCallOptions {`, () => {
      c.raw(jsDoc(['Wire format of this call.']));
      c.line(`format?: ${ex.format.name};`);
    });
  } else c.line(`export type ${ex.callOptions.name} = rt.CommonCallOptions;`);
  c.line();

  const inputOptional = new Set<OpPlan>();
  for (const o of plan.ops) {
    const n = ex.perOp.get(o)!;
    const hasInput = !o.logonBody;
    let optional = true;
    if (hasInput) {
      c.raw(jsDoc([`The argument of \`${o.method.name}\`: its parameters by name and its request body.`]));
      c.block(`export interface ${n.input.name} {`, () => {
        for (const p of o.params) {
          const docs = [p.param.description, `In ${p.param.in}.`];
          if (p.fill !== undefined) docs.push(`Default: ${JSON.stringify(p.fill)} (filled in when left out).`);
          c.raw(jsDoc(docs));
          c.line(`${propKey(p.param.name)}${p.optional ? '?' : ''}: ${tsType(p.param.schema, tctx, '  ')};`);
          if (!p.optional) optional = false;
        }
        if (o.op.requestBody) {
          const filled = [o.bodyCredentials?.property, o.rpc?.property].filter((x): x is string => x !== undefined);
          const docs = [o.op.requestBody.description];
          if (filled.length > 0) docs.push(`${filled.map((f) => `\`${f}\``).join(' and ')} ${filled.length > 1 ? 'are' : 'is'} filled in by the client.`);
          c.raw(jsDoc(docs));
          let t = bodyType(o.op.requestBody.contents, tctx);
          if (filled.length > 0) t = `Omit<${t}, ${filled.map((f) => lit(f)).join(' | ')}>`;
          c.line(`body${o.bodyRequired ? '' : '?'}: ${t};`);
          if (o.bodyRequired) optional = false;
        }
      });
      c.line();
    }

    // Errors.
    const members: string[] = [`rt.ValidationFailure<${hasCatalog ? 'ErrorCode' : 'never'}>`];
    for (const r of o.responses) {
      if (/^2/.test(r.status)) continue;
      const status = /^\d{3}$/.test(r.status) ? r.status : 'number';
      const b = r.bodies.length > 0 ? union(r.bodies.map((x) => tsType(x.schema, tctx, '  '))) : 'undefined';
      members.push(`rt.DocumentedHttpFailure<${status}, ${b}, ${codeType}>`);
    }
    const data = successType(o, tctx);
    if (o.vendor) members.push(`rt.VendorFailure<${data}, ${hasCatalog ? codeType : 'string | number'}>`);
    members.push('rt.CommonFailure');
    c.raw(jsDoc([`How \`${o.method.name}\` can fail: \`error.kind\` tells which, \`error.code\` and \`error.message\` carry the vendor's code and text where it sends them.`]));
    c.line(`export type ${n.error.name} =\n${members.map((m) => `  | ${m}`).join('\n')};`);
    c.line();
    c.raw(jsDoc([`What \`${o.method.name}\` resolves to.`]));
    c.line(`export type ${n.result.name} = rt.Result<${data}, ${n.error.name}>;`);
    c.line();
    if (optional) inputOptional.add(o);
  }

  c.raw(jsDoc([`${ctx.provider.title}: one method per operation. Methods never throw; they resolve to \`{ ok: true, status, data }\` or \`{ ok: false, error }\`.`]));
  c.block('export interface Client {', () => {
    for (const o of plan.ops) {
      const n = ex.perOp.get(o)!;
      c.raw(jsDoc(methodDocs(o, plan)));
      if (o.logonBody) c.line(`${propKey(o.method.name)}(init?: ${ex.callOptions.name}): Promise<${n.result.name}>;`);
      else {
        const opt = inputOptional.has(o) ? '?' : '';
        c.line(`${propKey(o.method.name)}(input${opt}: ${n.input.name}, init?: ${ex.callOptions.name}): Promise<${n.result.name}>;`);
      }
    }
  });
  c.line();
  c.raw(jsDoc([
    `Creates a client for ${ctx.provider.title}.`,
    '@throws {TypeError} only for unusable options (no baseUrl, missing credentials); the message never contains a secret.',
  ]));
  c.line('export declare function createClient(options: ClientOptions): Client;');

  const order = ctx.provider.models.map((m) => ctx.names.modelName(m.key).name).filter((n) => used.has(n));
  if (used.has('ErrorCode')) order.push('ErrorCode');
  const head = new Code();
  head.line(`import type * as rt from ${lit(RUNTIME)};`);
  if (order.length > 0) head.line(`import type { ${order.join(', ')} } from './models.js';`);
  head.line();
  const reexports = ['Result', 'RequestInfo', 'ResponseInfo', 'FetchLike'].map((n) => {
    const as = ctx.names.scope.allocate(`client:runtime:${n}`, n).name;
    return as === n ? n : `${n} as ${as}`;
  });
  head.line(`export type { ${reexports.join(', ')} } from ${lit(RUNTIME)};`);
  head.line();
  return head.toString() + '\n' + c.toString();
}

function methodDocs(o: OpPlan, plan: ProviderPlan): string[] {
  const docs: (string | undefined)[] = [o.op.summary, o.op.description, `\`${o.op.method.toUpperCase()} ${o.op.path}\``];
  const notes: string[] = [];
  if (o.logonBody) notes.push(`Takes no argument: sends the credentials given to \`createClient\` (${o.logonBody.map(([m, f]) => `\`${f}\` as ${m}`).join(', ')}) and keeps the session cookie for later calls.`);
  if (o.session && plan.session) notes.push(`Needs the session of \`${plan.session.op.method.name}\`: the client logs on first when there is none, and once more (then retries once) when the reply's ${plan.session.status} is ${JSON.stringify(plan.session.reauth)}.`);
  if (o.bodyCredentials) notes.push(`The credentials go into the body as \`${o.bodyCredentials.property}\`.`);
  if (o.vendor) notes.push(`A reply whose ${o.vendor.success} is not true is a \`vendor\` failure with its ${o.vendor.code}${o.vendor.message ? ` and ${o.vendor.message}` : ''}.`);
  if (o.formats.length > 1) notes.push(`Formats: ${o.formats.map((f) => f.name + (f.soap ? ` (SOAP 1.2 at ${f.soap.path})` : '')).join(', ')}.`);
  if (o.op.errorCodes.length > 0) notes.push(`Vendor codes: ${o.op.errorCodes.map((x) => JSON.stringify(x)).join(', ')}.`);
  if (o.op.deprecated) notes.push('@deprecated');
  return [...docs, ...notes].filter((x): x is string => x !== undefined);
}

function successType(o: OpPlan, tctx: TypeContext): string {
  const ok = o.responses.filter((r) => /^2/.test(r.status));
  if (ok.length === 0) return 'unknown';
  const types = ok.map((r) => (r.bodies.length > 0 ? union(r.bodies.map((b) => tsType(b.schema, tctx, '  '))) : 'undefined'));
  return union(types);
}

function bodyType(contents: IRMediaContent[], tctx: TypeContext): string {
  return union(contents.map((m) => tsType(m.schema, tctx, '  ')));
}

function union(types: string[]): string {
  const uniq = [...new Set(types)];
  if (uniq.length === 1) return uniq[0]!;
  return uniq.map((t) => (/[|&]/.test(t) ? `(${t})` : t)).join(' | ');
}

function wireCodeType(plan: ProviderPlan): string {
  switch (plan.catalogCodes) {
    case 'none':
      return 'never';
    case 'string':
      return 'ErrorCode | (string & {})';
    case 'number':
      return 'ErrorCode | (number & {})';
    case 'mixed':
      return 'ErrorCode | (string & {}) | (number & {})';
  }
}

