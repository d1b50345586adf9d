/**
 * Validators: the generated validators against Ajv 8 (compiled, allErrors on and off), TypeBox's TypeCompiler
 * and zod 4, on the same schemas (Jasper CreateCustomerRequest, QuickHelp AccountCreationDto; GitHub's
 * full-repository, issue and pull-request, see bench/_github-schemas.ts, without zod) and the same payloads (one
 * valid, one invalid each), in the same process. `BENCH_VALIDATORS=github` runs only the cases whose id starts so. Ajv and TypeBox get the JSON Schema of the spec
 * (TypeBox through a small converter to its builders, since it compiles its own kinds only); the zod schemas
 * are written by hand to say the same. Each ratio is the median of 41 back-to-back pairs of runs (see
 * `pairedRatio`); each `ops` figure the median of 5 interleaved rounds. Time is the wall clock (`BENCH_CLOCK=cpu`:
 * this process's CPU time, steadier on a loaded machine).
 *
 * Prints `ratio <name> <ours/theirs>` (above 1: ours is faster) and `ops <name> <ops/s>` for every contender.
 * Comparisons are like for like, by what a call returns:
 * - a yes/no answer: our type guard `is<Model>` (`oursGuard`) against Ajv's compiled function (on a valid
 *   payload it records no error) and TypeBox's `Check`;
 * - the first problem: `validate<Model>(x, { firstError: true })` (`oursFirst`) against Ajv without allErrors;
 * - every problem: `validate<Model>(x)` (`ours`) against Ajv with allErrors and zod's `safeParse`, both of
 *   which, like ours, build a result or an error list.
 * On a valid payload `validate` also returns a result object (`{ valid: true, value }`), which the guard
 * does not build; its throughput is printed as `ops <case>-valid-ours`.
 *
 * Every contender does the same work:
 * - formats: Ajv gets ajv-formats in its default "full" mode, which checks what ours checks (`date-time` parsed
 *   and range-checked with leap seconds, `uri` by the RFC 3986 grammar, `int32` as a number range; its "fast"
 *   mode checks `uri` by a loose shape only and would not be like for like); TypeBox checks no format it has
 *   not been given (an unregistered one fails), so `date-time`, `uri` and `email` are registered with the
 *   runtime's own checks (both sides then run the same format code) and `int32` becomes an integer with the
 *   int32 bounds; zod uses `z.iso.datetime({ offset: true })` and `z.int32()`.
 * - members: ours reads own members only (a polluted Object.prototype cannot supply a missing one); Ajv
 *   (without `ownProperties`) and TypeBox read inherited ones too. Ours gets the guarantee at no cost on the
 *   valid path (see emitObjectLookups in generator/emit/validators.ts).
 * - loading: the generated modules are written with a `package.json` saying `"type": "module"`, as in the
 *   generated package. Without it tsx would turn them into CommonJS, whose export getters tax every call into
 *   the runtime (an issue, a format check), which is not how a consumer runs them.
 * - order: each round starts with the next contender, so none always runs right after zod (whose garbage the
 *   next one would collect) or always first.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { FormatRegistry, Kind, Type, TypeRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { parse } from 'yaml';
import { z } from 'zod';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { emitValidators } from '../generator/emit/validators.ts';
import { readSpecs } from '../generator/readers/index.ts';
import { GITHUB_MODELS, githubCases } from './_github-schemas.ts';
import { median } from './_stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specsDir = path.join(root, 'specs');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
type Check = (value: unknown) => boolean;

// ---- the JSON Schema of a spec model, for Ajv and TypeBox -----------------------------------------------------

/** components.schemas with `x-` extensions and `xml` dropped and refs pointed at `$defs`, rooted at `model`. */
function jsonSchemaOf(provider: string, model: string): Obj {
  const doc = parse(readFileSync(path.join(specsDir, provider, 'openapi.yaml'), 'utf8')) as { components: { schemas: Obj } };
  const clean = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(clean);
    if (v === null || typeof v !== 'object') return v;
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('x-') || k === 'xml' || k === 'example') continue;
      out[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/$defs/') : clean(x);
    }
    return out;
  };
  return { $defs: clean(doc.components.schemas) as Obj, $ref: `#/$defs/${model}` };
}

// ---- TypeBox from the same JSON Schema -------------------------------------------------------------------------

let typeboxReady = false;
/** TypeBox checks a format only when it is registered: it gets the runtime's own checks, so both sides run the same. */
function typeboxSetup(runtime: Runtime): void {
  if (typeboxReady) return;
  typeboxReady = true;
  FormatRegistry.Set('date-time', runtime.isDateTime);
  FormatRegistry.Set('uri', runtime.isUri);
  FormatRegistry.Set('email', runtime.isEmail);
  // TypeBox has no dependentRequired or if/then; custom kinds check them, as a TypeBox user would.
  TypeRegistry.Set('DependentRequired', (schema: { deps: Record<string, string[]> }, value) => {
    if (typeof value !== 'object' || value === null) return true;
    for (const [p, reqs] of Object.entries(schema.deps)) {
      if (Object.hasOwn(value, p) && reqs.some((r) => !Object.hasOwn(value, r))) return false;
    }
    return true;
  });
  TypeRegistry.Set('IfPropertyConstThenRequired', (schema: { property: string; value: unknown; required: string[] }, value) => {
    if (typeof value !== 'object' || value === null) return true;
    const v = value as Record<string, unknown>;
    const cond = !Object.hasOwn(v, schema.property) || v[schema.property] === schema.value;
    return !cond || schema.required.every((r) => Object.hasOwn(v, r));
  });
}

function toTypeBox(s: Obj, defs: Obj): TSchema {
  if (typeof s.$ref === 'string') return toTypeBox(defs[s.$ref.replace('#/$defs/', '')] as Obj, defs);
  if (Array.isArray(s.enum)) return Type.Union(s.enum.map((v) => (v === null ? Type.Null() : Type.Literal(v as string | number))));
  if (Array.isArray(s.type)) {
    // [t, "null"], as a 3.0 `nullable` reads.
    return Type.Union((s.type as string[]).map((t) => (t === 'null' ? Type.Null() : toTypeBox({ ...s, type: t }, defs))));
  }
  // TypeBox has no oneOf: a union (anyOf), which on GitHub's schemas (disjoint branches) accepts the same values.
  const branches = (s.oneOf ?? s.anyOf) as Obj[] | undefined;
  if (s.type === undefined && branches) return Type.Union(branches.map((b) => toTypeBox(b, defs)));
  const opt = (keys: string[]): Record<string, unknown> => Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  let t: TSchema;
  switch (s.type) {
    case undefined:
      t = Type.Unknown();
      break;
    case 'string':
      t = Type.String(opt(['minLength', 'maxLength', 'format', 'pattern']));
      break;
    case 'integer':
      t = s.format === 'int32' ? Type.Integer({ minimum: -2147483648, maximum: 2147483647 }) : Type.Integer(opt(['minimum', 'maximum']));
      break;
    case 'number':
      t = Type.Number(opt(['minimum', 'maximum']));
      break;
    case 'boolean':
      t = Type.Boolean();
      break;
    case 'array':
      t = Type.Array(s.items === undefined ? Type.Unknown() : toTypeBox(s.items as Obj, defs), opt(['minItems', 'maxItems']));
      break;
    case 'object': {
      const required = new Set((s.required as string[] | undefined) ?? []);
      const props: Record<string, TSchema> = {};
      for (const [k, p] of Object.entries((s.properties as Obj | undefined) ?? {})) {
        const pt = toTypeBox(p as Obj, defs);
        props[k] = required.has(k) ? pt : Type.Optional(pt);
      }
      const ap = s.additionalProperties;
      t = Type.Object(props, ap === false ? { additionalProperties: false } : ap !== undefined && ap !== true ? { additionalProperties: toTypeBox(ap as Obj, defs) } : {});
      break;
    }
    default:
      throw new Error(`bench: no TypeBox mapping for ${JSON.stringify(s).slice(0, 80)}`);
  }
  const extra: TSchema[] = [];
  if (s.dependentRequired) extra.push(Type.Unsafe({ [Kind]: 'DependentRequired', deps: s.dependentRequired }));
  const iff = s.if as { properties?: Record<string, { const: unknown }> } | undefined;
  if (iff?.properties && s.then) {
    const [property, c] = Object.entries(iff.properties)[0]!;
    extra.push(Type.Unsafe({ [Kind]: 'IfPropertyConstThenRequired', property, value: c.const, required: (s.then as { required: string[] }).required }));
  }
  return extra.length === 0 ? t : Type.Intersect([t, ...extra]);
}

// ---- zod, by hand ----------------------------------------------------------------------------------------------

function zodJasper(): z.ZodType {
  const s = (max: number) => z.string().max(max).optional();
  const address = z.strictObject({ addressLine1: s(40), addressLine2: s(40), city: s(40), state: s(40), country: s(100), postalCode: s(15) });
  const contact = z.strictObject({ name: s(40), title: s(40), phone: s(25), mobile: s(25), email: s(320) });
  return z
    .strictObject({
      name: z.string().min(1).max(60),
      accountName: z.string(),
      securityQuestion: s(100),
      securityAnswer: s(100),
      shipToBillAddress: z.boolean().optional(),
      contacts: z.array(contact).max(4).optional(),
      billingAddress: address.optional(),
      shippingAddress: address.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.securityQuestion !== undefined && v.securityAnswer === undefined) ctx.addIssue({ code: 'custom', path: ['securityAnswer'], message: 'Security answer missing.' });
      if (v.securityAnswer !== undefined && v.securityQuestion === undefined) ctx.addIssue({ code: 'custom', path: ['securityQuestion'], message: 'Security question missing.' });
      if (v.shipToBillAddress !== true && v.shippingAddress === undefined) ctx.addIssue({ code: 'custom', path: ['shippingAddress'], message: 'required' });
    });
}

function zodQuickHelp(): z.ZodType {
  const i32 = z.int32().optional();
  const contact = z.looseObject({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() });
  const support = z.looseObject({ website: z.string().optional(), email: z.string().optional(), phone: z.string().optional() });
  const lit = <T extends number>(vs: readonly T[]) => z.union(vs.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>]);
  return z.looseObject({
    companyName: z.string().optional(),
    eula: i32,
    templateId: i32,
    accountType: lit([1, 2, 3, 4, 5, 6, 7, 11, 12, 13] as const).optional(),
    contractStatus: lit([1, 2] as const).optional(),
    routeURL: z.string().optional(),
    domains: z.array(z.string()).optional(),
    primaryContact: contact.optional(),
    expirationDate: z.iso.datetime({ offset: true }).optional(),
    licenses: i32,
    timeZone: i32,
    supportInfo: support.optional(),
    partnerId: i32,
    ae: i32,
    csm: i32,
    suppressUserCreation: z.boolean().optional(),
    isEulaAccepted: z.boolean().optional(),
    sandBoxModeOn: z.boolean().optional(),
    skUs: z.array(z.looseObject({ licenseCount: z.int32(), skuId: i32 })).optional(),
  });
}

// ---- payloads --------------------------------------------------------------------------------------------------

const contact = (n: number): Obj => ({ name: `Contact ${n}`, title: 'Manager', phone: '+1 555 0100', mobile: '+1 555 0101', email: `c${n}@example.com` });
const jasperValid: Obj = {
  name: 'Acme Customer', accountName: 'Acme', securityQuestion: 'FirstConcert', securityAnswer: 'Journey', shipToBillAddress: true,
  contacts: [contact(1), contact(2)],
  billingAddress: { addressLine1: '123 Main', addressLine2: 'Suite 5', city: 'Anytown', state: 'FLA', country: 'USA', postalCode: '36301' },
};
// The three vendor-coded mistakes: a 61-character name (10000582), five contacts (10000588), a question without an answer (10000584).
const jasperInvalid: Obj = {
  name: 'N'.repeat(61), accountName: 'Acme', securityQuestion: 'FirstConcert', shipToBillAddress: true,
  contacts: [contact(1), contact(2), contact(3), contact(4), contact(5)],
  billingAddress: { addressLine1: '123 Main', city: 'Anytown', state: 'FLA', country: 'USA', postalCode: '36301' },
};
const quickValid: Obj = {
  companyName: 'Contoso Ltd', eula: 3, templateId: 12, accountType: 4, contractStatus: 1, routeURL: 'contoso',
  domains: ['contoso.com', 'contoso.net'], primaryContact: { name: 'Pat Doe', email: 'pat@contoso.com', phone: '+1 555 0100' },
  expirationDate: '2030-12-31T00:00:00Z', licenses: 250, timeZone: 35,
  supportInfo: { website: 'https://help.contoso.com', email: 'help@contoso.com', phone: '+1 555 0199' },
  partnerId: 77, ae: 5, csm: 9, suppressUserCreation: false, isEulaAccepted: true, sandBoxModeOn: false,
  skUs: [{ licenseCount: 100, skuId: 1 }, { licenseCount: 150, skuId: 2 }],
};
const quickInvalid: Obj = {
  ...quickValid,
  accountType: 9, expirationDate: '2030-02-30T00:00:00Z', licenses: 2 ** 31, domains: ['contoso.com', 7],
  skUs: [{ skuId: 1 }, { licenseCount: 150, skuId: 2 }],
};

// ---- measurement -----------------------------------------------------------------------------------------------

/**
 * `BENCH_CLOCK=cpu` divides by the process's CPU time instead of the wall clock: on a shared machine the time
 * this process is not running then counts for no one (the CPU time of V8's helper threads, such as concurrent
 * GC, still counts for the contender that caused it).
 */
const cpuClock = process.env.BENCH_CLOCK === 'cpu';

function opsPerSecond(check: Check, payload: unknown, ms: number): number {
  let n = 0;
  let sink = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) sink += check(payload) ? 1 : 0;
    n += 200;
    now = performance.now();
  }
  if (sink < 0) console.log(sink);
  if (!cpuClock) return (n / (now - start)) * 1000;
  const used = process.cpuUsage(cpu);
  return (n / (used.user + used.system)) * 1e6;
}

const ROUNDS = 5;
const PAIRS = 41;

/** ops/s of every contender in each of 5 rounds of 60 ms (after a warm-up), each round starting one contender later. */
function measure(contenders: Record<string, Check>, payload: unknown): Record<string, number[]> {
  const names = Object.keys(contenders);
  for (const n of names) opsPerSecond(contenders[n]!, payload, 150);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(round + j) % names.length]!;
      samples[n]!.push(opsPerSecond(contenders[n]!, payload, 60));
    }
  }
  return samples;
}

/**
 * One comparison: 41 pairs of 10 ms runs, ours and theirs back to back (which one goes first alternates), and
 * the median of the ratios within a pair. Both runs of a pair see the same state of the shared machine, whose
 * speed here swings by 2x within seconds; separate medians, or pairs further apart, would read that as a
 * difference between the contenders.
 */
function pairedRatio(ours: Check, theirs: Check, payload: unknown): number {
  const ratios: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      const o = opsPerSecond(ours, payload, 10);
      ratios.push(o / opsPerSecond(theirs, payload, 10));
    } else {
      const t = opsPerSecond(theirs, payload, 10);
      ratios.push(opsPerSecond(ours, payload, 10) / t);
    }
  }
  return median(ratios);
}

type ValidateFn = (value: unknown, options?: { firstError?: boolean }) => { valid: boolean };
type GeneratedModule = { validators: Record<string, ValidateFn>; guards: Record<string, Check> };
type Runtime = { isDateTime: (s: string) => boolean; isUri: (s: string) => boolean; isEmail: (s: string) => boolean };

/** One schema with its payloads and every contender's check, all agreeing on both payloads. */
export interface BenchCase {
  id: string;
  valid: unknown;
  invalid: unknown;
  contenders: Record<string, Check>;
}

function contendersOf(id: string, mod: GeneratedModule, typeName: string, schema: Obj, zod: z.ZodType | undefined): Record<string, Check> {
  const ajvFirst = new Ajv2020({ strict: false });
  const ajvAll = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default export is the module object. No options: "full" mode.
  const addFormats = (formatsPlugin as unknown as { default: (a: Ajv2020) => void }).default;
  addFormats(ajvFirst);
  addFormats(ajvAll);
  const af = ajvFirst.compile(schema);
  const aa = ajvAll.compile(schema);
  const tb = TypeCompiler.Compile(toTypeBox(schema, schema.$defs as Obj));
  const ours = mod.validators[typeName];
  const guard = mod.guards[typeName];
  if (!ours || !guard) throw new Error(`bench: no validator for ${id} (${typeName})`);
  const contenders: Record<string, Check> = {
    ours: (v) => ours(v).valid,
    oursFirst: (v) => ours(v, { firstError: true }).valid,
    oursGuard: (v) => guard(v),
    ajv: (v) => af(v),
    ajvAllErrors: (v) => aa(v),
    typebox: (v) => tb.Check(v),
  };
  if (zod) contenders.zod = (v) => zod.safeParse(v).success;
  return contenders;
}

/**
 * Generates the modules (only the validators emitter runs, not the whole pipeline; each module is written beside
 * a copy of the runtime, loaded, and the files removed) and builds every case. `only` picks cases by id prefix.
 */
export async function prepareCases(only?: string): Promise<BenchCase[]> {
  const want = (id: string): boolean => only === undefined || id.startsWith(only);
  const { ir, diagnostics } = await readSpecs(specsDir, { only: ['jasper', 'quickhelp'], skipValidation: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'provgen-bench-validators-'));
  try {
    mkdirSync(path.join(dir, 'runtime'));
    // ES modules, as in the generated package (see the header).
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    const runtimeFile = path.join(root, 'templates/runtime/validation.js');
    copyFileSync(runtimeFile, path.join(dir, 'runtime/validation.js'));
    for (const p of ir.providers) {
      const { js } = emitValidators({ provider: p, names: allocateProviderNames(p, diagnostics), diagnostics });
      mkdirSync(path.join(dir, p.id));
      writeFileSync(path.join(dir, p.id, 'validators.js'), js);
    }
    if (diagnostics.hasErrors) throw new Error('bench: the specs do not generate');
    const load = async (file: string): Promise<GeneratedModule> => (await import(pathToFileURL(file).href)) as GeneratedModule;
    const jasper = await load(path.join(dir, 'jasper', 'validators.js'));
    const quickhelp = await load(path.join(dir, 'quickhelp', 'validators.js'));
    const runtime = (await import(pathToFileURL(path.join(dir, 'runtime/validation.js')).href)) as Runtime;
    typeboxSetup(runtime);

    const cases: BenchCase[] = [];
    const vendor = [
      { id: 'jasper', model: 'CreateCustomerRequest', mod: jasper, zod: zodJasper, valid: jasperValid, invalid: jasperInvalid },
      { id: 'quickhelp', model: 'AccountCreationDto', mod: quickhelp, zod: zodQuickHelp, valid: quickValid, invalid: quickInvalid },
    ];
    for (const c of vendor) {
      if (!want(c.id)) continue;
      cases.push({ id: c.id, valid: c.valid, invalid: c.invalid, contenders: contendersOf(c.id, c.mod, c.model, jsonSchemaOf(c.id, c.model), c.zod()) });
    }
    if (GITHUB_MODELS.some((m) => want(`github-${m}`))) {
      const gh = await githubCases(path.join(dir, 'github'), runtimeFile);
      // The GitHub module imports its own copy of the runtime: the format checks TypeBox was given are the same
      // functions (same source), but not the same closures; both are hot after the warm-up.
      const mod = await load(gh.moduleFile);
      for (const c of gh.cases) {
        const id = `github-${c.id}`;
        if (want(id)) cases.push({ id, valid: c.valid, invalid: c.invalid, contenders: contendersOf(id, mod, c.typeName, c.schema, undefined) });
      }
    }
    // Every contender must agree on both payloads before its speed means anything.
    for (const c of cases) {
      for (const [name, check] of Object.entries(c.contenders)) {
        if (check(c.valid) !== true || check(c.invalid) !== false) {
          throw new Error(`bench: ${name} disagrees on the ${c.id} payloads (valid: ${check(c.valid)}, invalid: ${check(c.invalid)})`);
        }
      }
    }
    return cases;
  } finally {
    // Loaded modules stay in memory; the files are not needed any more.
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  for (const c of await prepareCases(process.env.BENCH_VALIDATORS)) {
    const k = c.contenders;
    const r = (ours: Check, theirs: Check, payload: unknown): string => pairedRatio(ours, theirs, payload).toFixed(2);
    // The valid payload first, the invalid one after: each is measured as it would be met first.
    const valid = measure(k, c.valid);
    for (const [name, v] of Object.entries(valid)) console.log(`ops ${c.id}-valid-${name} ${Math.round(median(v))}`);
    console.log(`ratio ${c.id}-valid-vs-ajv ${r(k.oursGuard!, k.ajv!, c.valid)}`);
    console.log(`ratio ${c.id}-valid-vs-ajv-allErrors ${r(k.oursGuard!, k.ajvAllErrors!, c.valid)}`);
    console.log(`ratio ${c.id}-valid-vs-typebox ${r(k.oursGuard!, k.typebox!, c.valid)}`);
    if (k.zod) console.log(`ratio ${c.id}-valid-vs-zod ${r(k.ours!, k.zod, c.valid)}`);
    const invalid = measure(k, c.invalid);
    for (const [name, v] of Object.entries(invalid)) console.log(`ops ${c.id}-invalid-${name} ${Math.round(median(v))}`);
    console.log(`ratio ${c.id}-invalid-vs-ajv-allErrors ${r(k.ours!, k.ajvAllErrors!, c.invalid)}`);
    console.log(`ratio ${c.id}-invalid-firstError-vs-ajv ${r(k.oursFirst!, k.ajv!, c.invalid)}`);
    console.log(`ratio ${c.id}-invalid-vs-typebox ${r(k.oursGuard!, k.typebox!, c.invalid)}`);
    if (k.zod) console.log(`ratio ${c.id}-invalid-vs-zod ${r(k.ours!, k.zod, c.invalid)}`);
  }
}

// `tsx bench/validators.ts` runs this module alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
