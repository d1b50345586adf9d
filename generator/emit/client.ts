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
import { joinPointer, type Diagnostics } from '../diagnostics.ts';
import type { IRErrorFields, IRMediaContent, IROperation, IRParameter, IRProvider, IRSchema, IRSoapOperation, IRWireProblem, JsonValue, ProviderFacts, SourceLoc } from '../ir/types.ts';
import { mediaBase, objectProperties } from '../ir/walk.ts';
import { factsOf } from '../passes/wire-facts.ts';
import * as bodyCredentials from '../wire/body-credentials.ts';
import { IDEMPOTENT_METHODS, callSafety, type CallSafety } from '../wire/idempotency.ts';
import { bodyKinds, schemeKind } from '../wire/index.ts';
import type { AuthField, ClientAuthPart, RuntimeExport } from '../wire/kind.ts';
import * as session from '../wire/session.ts';
import { Code, FileBuilder, Ident, dataLit, jsDoc, lit, member, objKey, propKey } from './code.ts';
import { NameScope, pascalCase } from './names.ts';
import { CLIENT_REEXPORTS, soapNames, validatorName, xmlCodecNames, type ProviderNames } from './provider-names.ts';
import { paren, tsType, typeOf, type TsType, type TypeContext } from './types.ts';
import { callerParams, type CallerParam } from './params.ts';

export { findErrorFields } from '../passes/error-fields.ts';

export interface ClientEmitContext {
  provider: IRProvider;
  names: ProviderNames;
  diagnostics: Diagnostics;
  /** Text put before the file's content (the pipeline's file header), so the file is built as one string. */
  header?: string;
}

const RUNTIME = '../runtime/client.js';
/** The runtime's namespace in generated files: `$` keeps it apart from every name a spec can produce. */
const RT = '$rt';

type FormatName = 'json' | 'xml' | 'soap';

// ---- plan ------------------------------------------------------------------------------------------------

type InputParam = CallerParam;

interface BodyPlan {
  type: string;
  kind: 'json' | 'xml';
  modelKey?: string;
  schema: IRSchema;
  fields?: IRErrorFields;
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
  encodeModel?: string;
  soap?: IRSoapOperation;
}

interface OpPlan {
  op: IROperation;
  method: Ident;
  params: InputParam[];
  formatParam?: { name: string; values: Partial<Record<FormatName, string>> };
  /** Body members filled from `auth`: the property, then [member of it, auth field]. */
  bodyCredentials?: { property: string; members: [string, string][] };
  rpc?: { property: string; value: JsonValue };
  /** The session logon: its whole body comes from `auth`, [member, auth field]. */
  logonBody?: [string, string][];
  requestSchema?: IRSchema;
  requestKey?: string;
  bodyRequired: boolean;
  /** The security schemes (keys) whose credentials travel, when no alternative applies. */
  auth: string[];
  /** Some scheme of the operation gets its token per call, which can fail before sending (AuthFailure). */
  tokenPerCall: boolean;
  /** Two or more security alternatives the client can meet: the runtime uses the first whose options are given. */
  alternatives?: AltPlan[];
  session: boolean;
  /** The client cannot honour the operation and the spec accepts that (x-refuse-unsupported): every call is refused. */
  refuse?: string;
  formats: FormatPlan[];
  responses: ResponsePlan[];
  vendor?: { field: string[]; success: string | number | boolean; code?: string[]; message?: string[] };
  safety: CallSafety;
  /** A form or multipart request body: how the runtime writes it (wire/form.ts, wire/multipart.ts). */
  send?: { runtime: RuntimeExport; args: JsonValue[] };
}

interface AltPlan {
  schemes: string;
  fields: string[];
  auth: string[];
}

interface ProviderPlan {
  ops: OpPlan[];
  /** The provider's error shape (`x-errors.content`): read from error replies of statuses declared without a body, or not declared. */
  errorShape: BodyPlan[];
  /** Some declaration (`x-vendor-status`, `x-error-fields`, `x-errors`) says where a code sits. */
  declaredCodes: boolean;
  /** Per distinct list of alternatives: what createClient checks (one alternative complete). */
  requirements: { schemes: string; fields: string[] }[][];
  auth: AuthField[];
  /** The client half of each scheme an operation uses, by key: the kind's runtime factory and its arguments. */
  schemes: Map<string, { runtime: RuntimeExport; args: JsonValue[] }>;
  secretHeaders: string[];
  secretQuery: string[];
  formats: FormatName[];
  session?: { op: OpPlan; cookie: string; status: string; reauth: string | number };
  catalogCodes: 'string' | 'number' | 'mixed' | 'none';
  xmlRoots: Set<string>;
}

class Planner {
  private readonly auth = new Map<string, AuthField>();
  private readonly secretHeaders = new Set<string>();
  private readonly secretQuery = new Set<string>();
  private readonly schemes = new Map<string, { runtime: RuntimeExport; args: JsonValue[] }>();
  private readonly facts: ProviderFacts;
  private readonly xml: boolean;

  constructor(readonly ctx: ClientEmitContext) {
    this.facts = factsOf(ctx.provider);
    this.xml = this.facts.outputs.xml;
  }

  warn(op: IROperation, pointer: string, code: string, message: string): void {
    this.ctx.diagnostics.warn(code, op.source.file, pointer, message, op.source.line);
  }

  addAuth(f: AuthField): void {
    const prev = this.auth.get(f.field);
    if (prev) {
      if (f.secret && !prev.secret) prev.secret = true;
      // Needed by some operation without an alternative: required.
      if (!f.optional && prev.optional) delete prev.optional;
      return;
    }
    this.auth.set(f.field, { ...f });
  }

  plan(): ProviderPlan {
    const { provider } = this.ctx;
    const xmlRoots = new Set(this.xml ? this.facts.xmlRoots : []);
    const logon = this.facts.session;
    const ops = provider.operations.map((op) => this.planOp(op, xmlRoots));
    let sessionPlan: ProviderPlan['session'];
    if (logon) {
      const logonOp = ops.find((o) => o.op === logon.op)!;
      sessionPlan = { op: logonOp, cookie: logon.logon.cookie, status: logon.logon.statusField, reauth: logon.logon.reauthStatus };
      logonOp.vendor ??= { field: [logon.logon.successField], success: true, code: [logon.logon.statusField] };
    }
    const formats: FormatName[] = [];
    for (const o of ops) for (const f of o.formats) if (!formats.includes(f.name)) formats.push(f.name);
    const kinds = new Set(provider.errorCatalog.map((e) => typeof e.code));
    const catalogCodes = kinds.size === 0 ? 'none' : kinds.size === 2 ? 'mixed' : kinds.has('number') ? 'number' : 'string';
    const requirements = new Map<string, { schemes: string; fields: string[] }[]>();
    for (const o of ops) {
      if (!o.alternatives) continue;
      const r = o.alternatives.map((a) => ({ schemes: a.schemes, fields: a.fields }));
      requirements.set(JSON.stringify(r), r);
    }
    const errorShape = this.bodies(provider.errorShape?.contents ?? []);
    const declaredCodes = [...this.facts.errorFields.values()].some((f) => f.codePath !== undefined) || ops.some((o) => o.vendor?.code !== undefined);
    return {
      ops,
      errorShape,
      declaredCodes,
      requirements: [...requirements.values()],
      auth: [...this.auth.values()],
      schemes: new Map([...this.schemes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      secretHeaders: [...this.secretHeaders].sort(),
      secretQuery: [...this.secretQuery].sort(),
      formats,
      catalogCodes,
      xmlRoots,
      ...(sessionPlan ? { session: sessionPlan } : {}),
    };
  }

  private planOp(op: IROperation, xmlRoots: Set<string>): OpPlan {
    const method = this.ctx.names.operations.get(op.operationId)!;
    const safety = callSafety(op);
    const plan: OpPlan = { op, method, params: [], bodyRequired: op.requestBody?.required ?? false, auth: [], tokenPerCall: false, session: false, formats: [], responses: [], safety };
    const xf = op.wire.formats;
    if (xf) plan.formatParam = { name: xf.parameter, values: { ...xf.values } };
    this.params(op, plan);
    const reqSchema = this.requestContent(op)?.schema;
    if (reqSchema) {
      plan.requestSchema = reqSchema;
      if (reqSchema.ref !== undefined) plan.requestKey = reqSchema.ref;
    }
    this.bodyFill(op, plan);
    this.security(op, plan);
    this.formats(op, plan, xmlRoots);
    this.responses(op, plan);
    const vs = op.wire.vendorStatus;
    if (vs) {
      plan.vendor = { field: vs.field, success: vs.success };
      if (vs.code) plan.vendor.code = vs.code;
      if (vs.message) plan.vendor.message = vs.message;
    }
    return plan;
  }

  /** The caller's parameters; the `x-formats` one follows the wire format instead. */
  private params(op: IROperation, plan: OpPlan): void {
    for (const p of op.parameters) {
      if (p.name === 'body') {
        this.ctx.diagnostics.error('name-collision', op.source.file, joinPointer(op.source.pointer, 'parameters'), 'a parameter named "body" clashes with the request body in the client\'s call argument', op.source.line);
        continue;
      }
    }
    plan.params.push(...callerParams(op));
  }

  /** Body members the client fills: credentials (wire/body-credentials.ts), the RPC name, a logon body. */
  private bodyFill(op: IROperation, plan: OpPlan): void {
    const bc = op.wire.bodyCredentials;
    if (bc) {
      for (const f of bodyCredentials.clientFields(bc)) this.addAuth(f);
      plan.bodyCredentials = { property: bc.property, members: bodyCredentials.clientMembers(bc) };
    }
    if (op.wire.rpc) plan.rpc = { property: op.wire.rpc.property, value: op.wire.rpc.value };
    if (op.wire.sessionLogon && plan.requestSchema) {
      const members = objectProperties(plan.requestSchema, this.ctx.provider).map((p) => p.name);
      if (members.length > 0) {
        const { body, fields } = session.clientLogonBody(members, op.operationId);
        for (const f of fields) this.addAuth(f);
        plan.logonBody = body;
      }
    }
  }

  /** Security: the first alternative whose schemes this client can apply (each through its wire kind). */
  private security(op: IROperation, plan: OpPlan): void {
    const schemes = this.ctx.provider.securitySchemes;
    const sessionSchemes = this.facts.session?.schemes ?? [];
    const usable: { alt: string[]; parts: (ClientAuthPart & { key: string; runtime: RuntimeExport })[]; session: boolean }[] = [];
    for (const alt of op.security) {
      const parts = [];
      let isSession = false;
      let ok = true;
      for (const key of alt) {
        const s = schemes.find((x) => x.key === key);
        if (s && sessionSchemes.includes(key)) {
          isSession = true;
          continue;
        }
        const kind = s ? schemeKind(s) : undefined;
        if (!s || !kind) {
          ok = false;
          break;
        }
        parts.push({ ...kind.client(s), key, runtime: kind.runtime.client });
      }
      if (ok) usable.push({ alt, parts, session: isSession });
    }
    // Several alternatives (none a session): the caller's options pick one; each one's options become optional.
    const several = usable.length > 1 && !usable.some((u) => u.session);
    for (const u of several ? usable : usable.slice(0, 1)) {
      for (const part of u.parts) {
        this.schemes.set(part.key, { runtime: part.runtime, args: part.args });
        for (const f of part.fields) this.addAuth(several ? { ...f, optional: true } : f);
        for (const h of part.secretHeaders ?? []) this.secretHeaders.add(h);
        for (const q of part.secretQuery ?? []) this.secretQuery.add(q);
      }
    }
    if (usable.length > 0) {
      plan.auth = usable[0]!.parts.map((p) => p.key);
      plan.tokenPerCall = (several ? usable : usable.slice(0, 1)).some((u) => u.parts.some((p) => p.tokenPerCall === true));
      plan.session = usable[0]!.session;
      if (several) {
        plan.alternatives = usable.map((u) => ({
          schemes: u.alt.join(' + '),
          fields: u.parts.flatMap((p) => p.fields.filter((f) => !f.optional).map((f) => f.field)),
          auth: u.parts.map((p) => p.key),
        }));
      }
      return;
    }
    if (op.security.length > 0) {
      const what = op.security.map((alt) => alt.map((k) => { const s = schemes.find((x) => x.key === k); return `${k} (${s ? (s.auth.kind === 'unsupported' ? s.auth.what : s.auth.kind) : 'undeclared'})`; }).join(' + ')).join(', ');
      this.unsupported(op, plan, 'security', joinPointer(op.source.pointer, 'security'), `no security requirement of ${op.operationId} can be met by the client: ${what}`);
    }
  }

  /**
   * A construct the client cannot honour: an error, or with x-refuse-unsupported a warning and a method that
   * refuses. `at`: where the spec writes it, when that is not the operation itself.
   */
  private unsupported(op: IROperation, plan: OpPlan, construct: 'security' | 'requestBody', pointer: string, what: string, at?: SourceLoc, code?: string): void {
    const file = at?.file ?? op.source.file;
    const line = at ? at.line : op.source.line;
    if (op.wire.refuse?.constructs.includes(construct)) {
      plan.refuse ??= `${what}; the call is refused (x-refuse-unsupported)`;
      this.ctx.diagnostics.warn('client-refused', file, pointer, `${what}; calls to it are refused (x-refuse-unsupported: ${construct})`, line);
    } else {
      this.ctx.diagnostics.error(code ?? (construct === 'security' ? 'security-unsupported' : 'body-unsupported'), file, pointer, `${what}. Add x-refuse-unsupported: [${construct}] to the operation to generate a method that refuses every call instead`, line);
    }
  }

  /**
   * The request body media type the client writes: JSON, else XML (with XML codecs), else the first of a body
   * kind with runtime halves of its own (form before multipart, the registry's order), else the first.
   */
  private requestContent(op: IROperation): IRMediaContent | undefined {
    const cs = op.requestBody?.contents ?? [];
    const planned = this.facts.requestBodies;
    const byKind = bodyKinds.flatMap((k) => (k.request === undefined ? [] : cs.filter((c) => c.encoding === k.kind && planned.has(c))));
    return cs.find((c) => c.encoding === 'json') ?? (this.xml ? cs.find((c) => c.encoding === 'xml') : undefined) ?? byKind[0] ?? cs[0];
  }

  /** A form or multipart body (when no JSON or XML one is offered): how it is written, or why it cannot be. */
  private sendPlan(op: IROperation, plan: OpPlan, c: IRMediaContent): void {
    // The wire-facts pass worked out how the body travels (wire/form.ts, wire/multipart.ts).
    const body = this.facts.requestBodies.get(c)!;
    const problems: IRWireProblem[] = body.problems;
    const send: OpPlan['send'] = { runtime: body.runtime.client, args: body.client };
    for (const p of problems.filter((x) => x.harmless)) this.ctx.diagnostics.warn('encoding-unused', p.source.file, p.source.pointer, `the request body of ${op.operationId}: ${p.what}`, p.source.line);
    const refused = problems.filter((x) => !x.harmless);
    if (refused.length === 0) {
      plan.send = send;
      return;
    }
    for (const p of refused) this.unsupported(op, plan, 'requestBody', p.source.pointer, `the request body of ${op.operationId}: ${p.what}`, p.source, 'body-encoding-unsupported');
  }

  /** Wire formats: JSON and XML bodies by media type, SOAP from the binding. */
  private formats(op: IROperation, plan: OpPlan, xmlRoots: Set<string>): void {
    const addFormat = (f: FormatPlan): void => {
      if (!plan.formats.some((x) => x.name === f.name)) plan.formats.push(f);
    };
    const reqContents = op.requestBody?.contents ?? [];
    const respContents = op.responses.flatMap((r) => r.contents);
    for (const c of [...reqContents, ...respContents]) {
      if (c.encoding === 'json') {
        const req = reqContents.find((x) => x.encoding === 'json');
        const res = respContents.find((x) => x.encoding === 'json');
        addFormat({ name: 'json', type: mediaBase((req ?? c).mediaType), accept: mediaBase((res ?? c).mediaType) });
      } else if (c.encoding === 'xml' && this.xml) {
        const req = reqContents.find((x) => x.encoding === 'xml');
        const res = respContents.find((x) => x.encoding === 'xml');
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
    const b = this.xml ? this.facts.soap.find((s) => s.operation === op) : undefined;
    if (b) addFormat({ name: 'soap', type: '', accept: 'application/soap+xml', soap: b });
    if (reqContents.length > 0 && !b && !reqContents.some((c) => c.encoding === 'json' || (c.encoding === 'xml' && this.xml))) {
      const c = this.requestContent(op)!;
      // A body kind with runtime halves of its own (form, multipart): planned by the wire-facts pass.
      if (this.facts.requestBodies.has(c)) this.sendPlan(op, plan, c);
      else this.unsupported(op, plan, 'requestBody', joinPointer(op.source.pointer, 'requestBody', 'content'), `the request body of ${op.operationId} is ${reqContents.map((c) => c.mediaType).join(', ')}, which the client cannot write`);
    }
    if (plan.formats.length === 0) plan.formats.push({ name: 'json', type: 'application/json', accept: 'application/json' });
  }

  private responses(op: IROperation, plan: OpPlan): void {
    for (const r of op.responses) {
      const rp: ResponsePlan = { status: r.status, bodies: this.bodies(r.contents) };
      if (r.description !== undefined) rp.description = r.description;
      plan.responses.push(rp);
    }
  }

  /** The bodies the client reads of a response (or of the provider's error shape). */
  bodies(contents: IRMediaContent[]): BodyPlan[] {
    const out: BodyPlan[] = [];
    for (const c of contents) {
      const kind = c.encoding;
      if (kind !== 'json' && kind !== 'xml') continue;
      if (kind === 'xml' && !this.xml) continue;
      const bp: BodyPlan = { type: mediaBase(c.mediaType), kind, schema: c.schema };
      if (c.schema.ref !== undefined) bp.modelKey = c.schema.ref;
      const fields = this.facts.errorFields.get(c);
      if (fields) bp.fields = fields;
      out.push(bp);
    }
    return out;
  }
}


// ---- names -----------------------------------------------------------------------------------------------

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

/** What the pieces of client.js share: the file (body and import symbols) and the sibling modules' names. */
interface JsFile {
  file: FileBuilder;
  ctx: ClientEmitContext;
  plan: ProviderPlan;
  validators: boolean;
  opConst: Map<OpPlan, Ident>;
}

/** The local name of a sibling module's export, imported on first use. */
function validatorRef(f: JsFile, key: string | undefined): string | undefined {
  if (!f.validators || key === undefined) return undefined;
  return f.file.import(validatorName(f.ctx.names, key).name, './validators.js');
}

function xmlRef(f: JsFile, name: Ident): string {
  return f.file.import(name.name, './xml.js');
}

function emitClientJs(ctx: ClientEmitContext, plan: ProviderPlan): string {
  const local = new NameScope([RT, 'errorCatalog', 'createClient']);
  const opConst = new Map<OpPlan, Ident>();
  for (const o of plan.ops) opConst.set(o, local.allocate(`op:${o.op.operationId}`, `${o.method.name}Operation`));
  const providerConst = local.allocate('provider', 'provider');
  const file = new FileBuilder(['createClient', providerConst.name, ...[...opConst.values()].map((i) => i.name)]);
  file.importNamespace(RUNTIME, RT);
  const f: JsFile = { file, ctx, plan, validators: factsOf(ctx.provider).outputs.validators, opConst };
  const catalog = file.import('errorCatalog', './models.js');
  plan.ops.forEach((o, index) => emitOperationConst(f, o, index));
  emitProviderConst(f, providerConst, catalog);
  emitCreateClient(f, providerConst);
  return file.toString(ctx.header);
}

function emitOperationConst(f: JsFile, o: OpPlan, index: number): void {
  const body = f.file.code;
  body.raw(jsDoc([`${o.op.operationId}: \`${o.op.method.toUpperCase()} ${o.op.path}\``], '', [{ tag: 'type', type: f.file.jsDocType('OperationDescriptor', RUNTIME) }]));
  body.block(`const ${f.opConst.get(o)!.name} = {`, () => {
    body.line(`id: ${lit(o.op.operationId)},`);
    body.line(`index: ${index},`);
    body.line(`method: ${lit(o.op.method.toUpperCase())},`);
    body.line(`input: ${o.logonBody ? 'false' : 'true'},`);
    body.line(`hasBody: ${o.op.requestBody ? 'true' : 'false'},`);
    body.line(`bodyPath: ${lit(o.logonBody ? '' : '/body')},`);
    body.line(`format: ${lit(o.formats[0]!.name)},`);
    body.line(`session: ${o.session ? 'true' : 'false'},`);
    if (o.refuse !== undefined) body.line(`refuse: ${lit(o.refuse)},`);
    if (o.safety.idempotent) body.line('idempotent: true,');
    if (o.safety.keyHeader !== undefined) body.line(`idempotencyHeader: ${lit(o.safety.keyHeader)},`);
    body.line(`auth: [${o.auth.map((k) => lit(k)).join(', ')}],`);
    if (o.alternatives) {
      body.block('alternatives: [', () => {
        for (const a of o.alternatives!) body.line(`{ fields: [${a.fields.map((x) => lit(x)).join(', ')}], auth: [${a.auth.map((k) => lit(k)).join(', ')}] },`);
      }, '],');
    }
    emitPathFn(body, o);
    if (o.params.length > 0 && f.validators) body.line(`params: ${member(f.file.import('parameterValidators', './validators.js'), o.op.operationId)},`);
    emitHeadersFn(body, o);
    emitBodyFn(body, o);
    if (o.send) body.line(`send: ${sendLit(f, o.send)},`);
    const v = validatorRef(f, o.requestKey);
    if (v !== undefined) body.line(`validate: ${v},`);
    body.block('formats: {', () => {
      for (const fm of o.formats) body.line(`${fm.name}: { ${formatFields(f, o, fm).join(', ')} },`);
    }, '},');
    body.block('responses: {', () => {
      for (const r of o.responses) emitResponse(f, r);
    }, '},');
    const success = o.op.responses.find((r) => /^2/.test(r.status));
    body.line(`success: ${lit(success?.status ?? '200')},`);
    if (o.vendor) {
      const vs = [`field: ${lit(o.vendor.field)}`, `success: ${lit(o.vendor.success)}`];
      if (o.vendor.code !== undefined) vs.push(`code: ${lit(o.vendor.code)}`);
      if (o.vendor.message !== undefined) vs.push(`message: ${lit(o.vendor.message)}`);
      body.line(`vendor: { ${vs.join(', ')} },`);
    }
  }, '};');
  body.line();
}

/** One wire format of an operation: media types, and the codecs and validator of XML and SOAP. */
function formatFields(f: JsFile, o: OpPlan, fm: FormatPlan): string[] {
  const names = f.ctx.names;
  if (fm.soap) {
    const sn = soapNames(names, o.op);
    const binding = xmlRef(f, sn.binding);
    const fields = [`type: ${binding}.contentType`, `accept: ${lit(fm.accept)}`, `path: ${binding}.path`, `encode: ${xmlRef(f, sn.encodeRequest)}`, `decode: ${xmlRef(f, sn.decodeResponse)}`];
    const rv = validatorRef(f, fm.soap.response);
    if (rv !== undefined) fields.push(`validate: ${rv}`);
    return fields;
  }
  const fields = [`type: ${lit(fm.type)}`];
  if (fm.accept !== undefined) fields.push(`accept: ${lit(fm.accept)}`);
  if (fm.encodeModel !== undefined) fields.push(`encode: ${xmlRef(f, xmlCodecNames(names, fm.encodeModel).encode)}`);
  return fields;
}

function emitResponse(f: JsFile, r: ResponsePlan): void {
  const body = f.file.code;
  body.block(`${objKey(r.status)}: {`, () => {
    if (r.description !== undefined) body.line(`description: ${lit(oneLine(r.description))},`);
    body.block('bodies: [', () => {
      for (const b of r.bodies) body.line(`${bodyLit(f, b)},`);
    }, '],');
  }, '},');
}

/** A response body descriptor: media type, codec, validator, where its code and text sit. */
function bodyLit(f: JsFile, b: BodyPlan): string {
  const fields = [`type: ${lit(b.type)}`, `kind: ${lit(b.kind)}`];
  if (b.kind === 'xml' && b.modelKey !== undefined && f.plan.xmlRoots.has(b.modelKey)) fields.push(`decode: ${xmlRef(f, xmlCodecNames(f.ctx.names, b.modelKey).decode)}`);
  const v = validatorRef(f, b.modelKey);
  if (v !== undefined) fields.push(`validate: ${v}`);
  if (b.fields) fields.push(`fields: ${fieldsLit(b.fields)}`);
  return `{ ${fields.join(', ')} }`;
}

function emitProviderConst(f: JsFile, providerConst: Ident, catalog: string): void {
  const { ctx, plan } = f;
  const body = f.file.code;
  body.raw(jsDoc([`${ctx.provider.title}: what the runtime needs to know about the provider.`], '', [{ tag: 'type', type: f.file.jsDocType('ProviderDescriptor', RUNTIME) }]));
  body.block(`const ${providerConst.name} = {`, () => {
    body.line(`id: ${lit(ctx.provider.id)},`);
    body.line(`baseUrl: ${ctx.provider.servers[0] ? lit(ctx.provider.servers[0].url) : 'undefined'},`);
    const vars = ctx.provider.servers[0]?.variables;
    if (vars) {
      body.line(`serverVariables: { ${Object.entries(vars).map(([k, v]) => `${objKey(k)}: { default: ${lit(v.default)}${v.enum ? `, enum: ${lit(v.enum)}` : ''} }`).join(', ')} },`);
    }
    body.line(`formats: [${plan.formats.map((x) => lit(x)).join(', ')}],`);
    body.line(`auth: [${plan.auth.map(authFieldLit).join(', ')}],`);
    if (plan.requirements.length > 0) {
      body.line(`requirements: [${plan.requirements.map((r) => `[${r.map((a) => `{ schemes: ${lit(a.schemes)}, fields: [${a.fields.map((x) => lit(x)).join(', ')}] }`).join(', ')}]`).join(', ')}],`);
    }
    body.block('schemes: {', () => {
      for (const [key, s] of plan.schemes) body.line(`${objKey(key)}: ${f.file.runtimeExport(s.runtime)}(${s.args.map((a) => dataLit(a)).join(', ')}),`);
    }, '},');
    body.line(`secretHeaders: [${plan.secretHeaders.map((h) => lit(h)).join(', ')}],`);
    body.line(`secretQuery: [${plan.secretQuery.map((h) => lit(h)).join(', ')}],`);
    body.line(`catalog: ${catalog},`);
    if (plan.session) {
      const s = plan.session;
      body.line(`session: { op: ${f.opConst.get(s.op)!.name}, cookie: ${lit(s.cookie)}, status: ${lit(s.status)}, reauth: ${lit(s.reauth)} },`);
    } else body.line('session: undefined,');
    if (plan.errorShape.length > 0) {
      body.block('errorShape: [', () => {
        for (const b of plan.errorShape) body.line(`${bodyLit(f, b)},`);
      }, '],');
    }
  }, '};');
  body.line();
}

function emitCreateClient(f: JsFile, providerConst: Ident): void {
  const body = f.file.code;
  body.raw(jsDoc([`A client for ${f.ctx.provider.title}. See client.d.ts for the options and methods.`]));
  body.block('export function createClient(options) {', () => {
    body.line(`const core = new ${RT}.ClientCore(${providerConst.name}, options);`);
    body.block('return Object.freeze({', () => {
      for (const o of f.plan.ops) {
        const c = f.opConst.get(o)!.name;
        if (o.logonBody) body.line(`${objKey(o.method.name)}: (init) => core.call(${c}, undefined, init),`);
        else body.line(`${objKey(o.method.name)}: (input, init) => core.call(${c}, input, init),`);
      }
    }, '});');
  });
}

/** The operation's `send`: its body kind's writer (templates/runtime/form.js `formBody`, `multipartBody`). */
function sendLit(f: JsFile, send: NonNullable<OpPlan['send']>): string {
  return `${f.file.runtimeExport(send.runtime)}(${send.args.map((a) => dataLit(a)).join(', ')})`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function authFieldLit(a: AuthField): string {
  const parts = [`field: ${lit(a.field)}`, `secret: ${a.secret}`];
  if (a.type !== undefined && a.type !== 'string') parts.push(`type: ${lit(a.type)}`);
  if (a.optional) parts.push('optional: true');
  return `{ ${parts.join(', ')} }`;
}

function fieldsLit(f: IRErrorFields): string {
  if (f.codePath !== undefined || f.messagePath !== undefined) {
    const exact = [];
    if (f.codePath !== undefined) exact.push(`codePath: ${lit(f.codePath)}`);
    if (f.messagePath !== undefined) exact.push(`messagePath: ${lit(f.messagePath)}`);
    return `{ ${exact.join(', ')} }`;
  }
  const parts = [`at: [${f.at.map((s) => (typeof s === 'number' ? (s === 0 ? `${RT}.EACH_ITEM` : `${RT}.EACH_VALUE`) : lit(s))).join(', ')}]`];
  if (f.code !== undefined) parts.push(`code: ${lit(f.code)}`);
  if (f.message !== undefined) parts.push(`message: ${lit(f.message)}`);
  return `{ ${parts.join(', ')} }`;
}

/** `path(input, format)`: the operation path with its path parameters encoded and query parameters appended. */
function emitPathFn(c: Code, o: OpPlan): void {
  const path = o.op.path === '/' ? '' : o.op.path;
  const pieces: string[] = [];
  let usesFormat = false;
  let usesInput = false;
  let last = 0;
  const re = /\{([^{}]+)\}/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m.index > last) pieces.push(lit(path.slice(last, m.index)));
    const name = m[1]!;
    if (o.formatParam?.name === name) {
      const entries = Object.entries(o.formatParam.values) as [FormatName, string][];
      let expr = lit(entries.at(-1)?.[1] ?? '');
      for (const [f, v] of entries.slice(0, -1).reverse()) expr = `format === ${lit(f)} ? ${lit(v)} : ${expr}`;
      if (entries.length > 1) usesFormat = true;
      pieces.push(`${RT}.pathParam(${expr}, ${lit(name)})`);
    } else {
      const ip = o.params.find((p) => p.param.name === name && p.param.in === 'path');
      if (ip) usesInput = true;
      pieces.push(`${RT}.pathParam(${ip ? valueExpr(ip, true) : lit('')}, ${lit(name)})`);
    }
    last = m.index + m[0].length;
  }
  if (last < path.length) pieces.push(lit(path.slice(last)));
  const q = o.params.filter((p) => p.param.in === 'query');
  if (q.length > 0) {
    usesInput = true;
    pieces.push(`${RT}.query([${q.map((p) => `${lit(p.param.name)}, ${valueExpr(p)}`).join(', ')}])`);
  }
  const args = usesFormat ? 'input, format' : usesInput ? 'input' : '';
  c.line(`path(${args}) { return ${pieces.length > 0 ? pieces.join(' + ') : '""'}; },`);
}

function valueExpr(p: InputParam, bare = false): string {
  const v = member('input', p.param.name);
  if (p.fill === undefined) return v;
  const e = `${v} === undefined ? ${lit(p.fill)} : ${v}`;
  return bare ? e : `(${e})`;
}

function emitHeadersFn(c: Code, o: OpPlan): void {
  const hs = o.params.filter((p) => p.param.in === 'header');
  const cs = o.params.filter((p) => p.param.in === 'cookie');
  if (hs.length === 0 && cs.length === 0) return;
  c.block('headers(input, h) {', () => {
    hs.forEach((p, i) => {
      c.line(`const h${i} = ${valueExpr(p)};`);
      c.line(`if (h${i} !== undefined) h[${lit(p.param.name.toLowerCase())}] = ${RT}.headerValue(h${i}, ${lit(`/${p.param.name.replace(/~/g, '~0').replace(/\//g, '~1')}`)});`);
    });
    // Cookie parameters join the credentials' cookies (form style: the value percent-encoded).
    cs.forEach((p, i) => {
      c.line(`const c${i} = ${valueExpr(p)};`);
      c.line(`if (c${i} !== undefined) h.cookie = (h.cookie === undefined ? "" : h.cookie + "; ") + ${lit(p.param.name + '=')} + encodeURIComponent(String(c${i}));`);
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

/** What the pieces of client.d.ts share. */
interface DtsFile {
  c: Code;
  ctx: ClientEmitContext;
  plan: ProviderPlan;
  ex: ExportNames;
  tctx: TypeContext;
  codeType: string;
  hasCatalog: boolean;
}

function emitClientDts(ctx: ClientEmitContext, plan: ProviderPlan, ex: ExportNames): string {
  const used = new Set<string>();
  const file = new FileBuilder();
  const hasCatalog = plan.catalogCodes !== 'none';
  if (hasCatalog) used.add('ErrorCode');
  const d: DtsFile = { c: file.code, ctx, plan, ex, tctx: { names: ctx.names, used }, codeType: wireCodeType(plan), hasCatalog };
  file.importNamespace(RUNTIME, RT, { type: true });
  // The runtime types a consumer names re-exported under names the naming pass allocated.
  const reexports = CLIENT_REEXPORTS.map((n) => {
    const as = ctx.names.scope.allocate(`client:runtime:${n}`, n).name;
    return as === n ? n : `${n} as ${as}`;
  });
  d.c.line(`export type { ${reexports.join(', ')} } from ${lit(RUNTIME)};`);
  d.c.line();
  emitAuthDts(d);
  emitOptionsDts(d);
  const inputOptional = new Set<OpPlan>();
  for (const o of plan.ops) if (emitOperationDts(d, o)) inputOptional.add(o);
  emitClientInterface(d, inputOptional);
  // Model types named above, imported as type symbols (the naming pass keeps them apart from local names).
  for (const m of ctx.provider.models) {
    const n = ctx.names.modelName(m.key).name;
    if (used.has(n)) file.import(n, './models.js', { type: true, as: n });
  }
  if (used.has('ErrorCode')) file.import('ErrorCode', './models.js', { type: true, as: 'ErrorCode' });
  return file.toString(ctx.header);
}

function emitAuthDts(d: DtsFile): void {
  const { c, ctx, plan, ex } = d;
  const alts = plan.requirements.map((r) => `One of: ${r.map((a) => `{ ${a.fields.join(', ')} } (${a.schemes})`).join(', or ')}; the first complete one is used.`);
  c.raw(jsDoc([`Credentials of ${ctx.provider.title}, as its security schemes and extensions ask for them. They never appear in errors, hook output or logs.`, ...alts]));
  if (plan.auth.length === 0) c.line(`export type ${ex.auth.name} = Record<string, never>;`);
  else {
    c.block(`export interface ${ex.auth.name} {`, () => {
      for (const a of plan.auth) {
        c.raw(jsDoc([a.doc]));
        const t = a.type === 'token' ? 'string | (() => string | Promise<string>)' : a.type === 'strings' ? `${a.of && a.of.length > 0 ? `(${a.of.map((x) => lit(x)).join(' | ')})` : 'string'}[]` : 'string';
        c.line(`${propKey(a.field)}${a.optional ? '?' : ''}: ${t};`);
      }
    });
  }
  c.line();
}

function emitOptionsDts(d: DtsFile): void {
  const { c, ctx, plan, ex } = d;
  const multi = plan.formats.length > 1;
  if (multi) {
    c.raw(jsDoc(['Wire formats this API offers. An operation that does not offer the chosen one uses its first.']));
    c.line(`export type ${ex.format.name} = ${plan.formats.map((f) => lit(f)).join(' | ')};`);
    c.line();
  }
  const server = ctx.provider.servers[0];
  c.raw(jsDoc([`Options of \`createClient\`.`]));
  c.block(`export interface ClientOptions extends ${RT}.CommonOptions {`, () => {
    const serverDocs = ctx.provider.servers.map((s) => `\`${s.url}\`${s.description ? `: ${s.description}` : ''}`);
    c.raw(jsDoc([
      "The vendor's URL (origin and base path); operation paths are appended to it.",
      server ? `Default: \`${server.url}\`.` : 'The spec names no server: it must be given.',
      serverDocs.length > 0 ? `Servers in the spec:\n${serverDocs.map((s) => `- ${s}`).join('\n')}` : undefined,
    ]));
    c.line(`baseUrl${server ? '?' : ''}: string;`);
    if (server?.variables) {
      c.raw(jsDoc([`Values of the variables of the default server URL \`${server.url}\` (each defaults to the spec's default). Not used with \`baseUrl\`.`]));
      c.block('serverVariables?: {', () => {
        for (const [k, v] of Object.entries(server.variables!)) {
          c.raw(jsDoc([v.description, `Default: \`${v.default}\`.`]));
          c.line(`${propKey(k)}?: ${v.enum ? v.enum.map((x) => lit(x)).join(' | ') : 'string'};`);
        }
      }, '};');
    }
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
    c.block(`export interface ${ex.callOptions.name} extends ${RT}.CommonCallOptions {`, () => {
      c.raw(jsDoc(['Wire format of this call.']));
      c.line(`format?: ${ex.format.name};`);
    });
  } else c.line(`export type ${ex.callOptions.name} = ${RT}.CommonCallOptions;`);
  c.line();
}

/** The input, error and result types of one operation; true when its input may be left out. */
function emitOperationDts(d: DtsFile, o: OpPlan): boolean {
  const { c, ex, tctx } = d;
  const n = ex.perOp.get(o)!;
  const optional = o.logonBody ? true : emitInputDts(d, o, n.input);
  const members: string[] = [`${RT}.ValidationFailure<${d.hasCatalog ? 'ErrorCode' : 'never'}>`];
  for (const r of o.responses) {
    if (/^2/.test(r.status)) continue;
    const status = /^\d{3}$/.test(r.status) ? r.status : 'number';
    const shape = d.plan.errorShape.map((x) => typeOf(x.schema, tctx, '  '));
    const b = r.bodies.length > 0 ? union(r.bodies.map((x) => typeOf(x.schema, tctx, '  '))).text : shape.length > 0 ? union([UNDEFINED, ...shape]).text : 'undefined';
    members.push(`${RT}.DocumentedHttpFailure<${status}, ${b}, ${d.codeType}>`);
  }
  if (d.plan.errorShape.length > 0) members.push(`${RT}.ShapedHttpFailure<${union(d.plan.errorShape.map((x) => typeOf(x.schema, tctx, '  '))).text}, ${d.codeType}>`);
  const data = successType(o, tctx);
  if (o.vendor) members.push(`${RT}.VendorFailure<${data}, ${d.hasCatalog ? d.codeType : 'string | number'}>`);
  if (o.tokenPerCall) members.push(`${RT}.AuthFailure`);
  if (o.refuse !== undefined) members.push(`${RT}.UnsupportedFailure`);
  members.push(`${RT}.CommonFailure`);
  c.raw(jsDoc([`How \`${o.method.name}\` can fail: \`error.kind\` tells which, \`error.code\` and \`error.message\` carry the vendor's code and text where it sends them.`]));
  c.line(`export type ${n.error.name} =\n${members.map((m) => `  | ${m}`).join('\n')};`);
  c.line();
  c.raw(jsDoc([`What \`${o.method.name}\` resolves to.`]));
  c.line(`export type ${n.result.name} = ${RT}.Result<${data}, ${n.error.name}>;`);
  c.line();
  return optional;
}

/** `<Op>Input`: parameters by name and the body (without what the client fills); true when all are optional. */
function emitInputDts(d: DtsFile, o: OpPlan, name: Ident): boolean {
  const { c, tctx } = d;
  let optional = true;
  c.raw(jsDoc([`The argument of \`${o.method.name}\`: its parameters by name and its request body.`]));
  c.block(`export interface ${name.name} {`, () => {
    for (const p of o.params) {
      const docs = [p.param.description, `In ${p.param.in}.`];
      if (p.fill !== undefined) docs.push(`Default: ${JSON.stringify(p.fill)} (filled in when left out).`);
      if (p.idempotencyKey) docs.push('The idempotency key: when left out, the client sends a random UUID, the same on every retry of the call.');
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
  return optional;
}

function emitClientInterface(d: DtsFile, inputOptional: Set<OpPlan>): void {
  const { c, ctx, plan, ex } = d;
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
}

function methodDocs(o: OpPlan, plan: ProviderPlan): string[] {
  const docs: (string | undefined)[] = [o.op.summary, o.op.description, `\`${o.op.method.toUpperCase()} ${o.op.path}\``];
  const notes: string[] = [];
  if (o.logonBody) notes.push(`Takes no argument: sends the credentials given to \`createClient\` (${o.logonBody.map(([m, f]) => `\`${f}\` as ${m}`).join(', ')}) and keeps the session cookie for later calls.`);
  if (o.session && plan.session) notes.push(`Needs the session of \`${plan.session.op.method.name}\`: the client logs on first when there is none, and once more (then retries once) when the reply's ${plan.session.status} is ${JSON.stringify(plan.session.reauth)}.`);
  if (o.bodyCredentials) notes.push(`The credentials go into the body as \`${o.bodyCredentials.property}\`.`);
  if (o.vendor) {
    const v = o.vendor;
    const where = [v.code ? `its code from ${fieldText(v.code)}` : undefined, v.message ? `its message from ${fieldText(v.message)}` : undefined].filter((x) => x !== undefined);
    notes.push(`A 2xx reply whose ${fieldText(v.field)} is not ${JSON.stringify(v.success)} is a \`vendor\` failure${where.length > 0 ? ` with ${where.join(' and ')}` : ''}.`);
  }
  if (o.formats.length > 1) notes.push(`Formats: ${o.formats.map((f) => f.name + (f.soap ? ` (SOAP 1.2 at ${f.soap.binding.path})` : '')).join(', ')}.`);
  if (o.op.errorCodes.length > 0) notes.push(`Vendor codes: ${o.op.errorCodes.map((x) => JSON.stringify(x)).join(', ')}.`);
  notes.push(retryNote(o));
  if (o.op.deprecated) notes.push('@deprecated');
  return [...docs, ...notes].filter((x): x is string => x !== undefined);
}

/** What the method's retries may repeat (docs/decisions.md, retries). */
function retryNote(o: OpPlan): string {
  const why = IDEMPOTENT_METHODS.includes(o.op.method)
    ? `${o.op.method.toUpperCase()} is idempotent`
    : o.safety.idempotent
      ? 'the spec marks it idempotent (`x-idempotent`)'
      : o.safety.keyHeader !== undefined
        ? `every retry carries the same idempotency key (\`${o.safety.keyParam?.name ?? o.safety.keyHeader}\`)`
        : undefined;
  if (why !== undefined) return `Safe to repeat (${why}): retried after connection failures, timeouts and 408, 429, 502, 503 or 504.`;
  return 'Not safe to repeat: retried only when the request cannot have reached the server (no connection) or on 408 and 429; a timeout, a reset after sending or a 502-504 is returned as is.';
}

function fieldText(path: string[]): string {
  return path.length === 1 ? path[0]! : '/' + path.join('/');
}

function successType(o: OpPlan, tctx: TypeContext): string {
  const ok = o.responses.filter((r) => /^2/.test(r.status));
  if (ok.length === 0) return 'unknown';
  const types = ok.map((r) => (r.bodies.length > 0 ? union(r.bodies.map((b) => typeOf(b.schema, tctx, '  '))) : UNDEFINED));
  return union(types).text;
}

function bodyType(contents: IRMediaContent[], tctx: TypeContext): string {
  return union(contents.map((m) => typeOf(m.schema, tctx, '  '))).text;
}

const UNDEFINED: TsType = { text: 'undefined' };

/** A union of body types; members that are unions or intersections themselves keep their parentheses. */
function union(types: TsType[]): TsType {
  const seen = new Set<string>();
  const uniq = types.filter((t) => (seen.has(t.text) ? false : (seen.add(t.text), true)));
  if (uniq.length === 1) return uniq[0]!;
  const members = uniq.map(paren);
  return { text: members.join(' | '), op: '|', members };
}

function wireCodeType(plan: ProviderPlan): string {
  switch (plan.catalogCodes) {
    case 'none':
      return plan.declaredCodes ? 'string | number' : 'never';
    case 'string':
      return 'ErrorCode | (string & {})';
    case 'number':
      return 'ErrorCode | (number & {})';
    case 'mixed':
      return 'ErrorCode | (string & {}) | (number & {})';
  }
}

