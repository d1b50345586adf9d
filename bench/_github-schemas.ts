/**
 * GitHub's `full-repository`, `issue` and `pull-request` component schemas (with everything they reference) from
 * the `@octokit/openapi` description, for the validators bench: a provider with just those components is written
 * to a temp folder, read and emitted (generating the whole 13 MB description takes tens of seconds), and the
 * same schemas are turned into JSON Schema 2020-12 for Ajv and TypeBox. Valid payloads are the description's own
 * examples of those schemas (`components.examples`); each invalid one changes one field deep inside its example.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { emitValidators } from '../generator/emit/validators.ts';
import { readSpecs } from '../generator/readers/index.ts';
import { ensureGithubSpec } from './_octokit.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const GITHUB_MODELS = ['full-repository', 'issue', 'pull-request'] as const;

/**
 * The examples predate members the schemas have since made required (Ajv and ours both name them): each is added
 * with a value of its documented type, so the valid payload is the example and nothing else.
 */
const MISSING: Record<(typeof GITHUB_MODELS)[number], { path: string[]; value: Json }[]> = {
  'full-repository': [{ path: ['has_discussions'], value: true }],
  issue: [],
  'pull-request': [{ path: ['requested_teams', '0', 'type'], value: 'organization' }],
};

/** One wrong field deep in each example: a wrong type, an impossible date, a string that is no URI. */
const MISTAKES: Record<(typeof GITHUB_MODELS)[number], { path: string[]; value: Json }> = {
  'full-repository': { path: ['source', 'owner', 'id'], value: '1' },
  issue: { path: ['milestone', 'closed_at'], value: '2013-02-30T13:22:01Z' },
  'pull-request': { path: ['base', 'repo', 'owner', 'avatar_url'], value: 'not a uri' },
};

export interface GithubCase {
  id: string;
  /** The model's type name in the generated module (`FullRepository`). */
  typeName: string;
  /** JSON Schema 2020-12: `$defs` of every component in the closure, `$ref` to this one. */
  schema: Obj;
  valid: Json;
  invalid: Json;
}

const REF = '#/components/schemas/';

/** Component names reachable from `roots` through `$ref`. */
function closure(schemas: Obj, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    walk(schemas[name]!);
  };
  const walk = (x: Json): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      if (typeof x.$ref === 'string' && x.$ref.startsWith(REF)) visit(x.$ref.slice(REF.length));
      for (const v of Object.values(x)) walk(v);
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/**
 * OpenAPI 3.0 schema -> JSON Schema 2020-12, as our reader reads it: `nullable: true` adds "null" to `type`
 * (and does nothing without `type`); `example`, `x-` extensions and annotations go; refs point at `$defs`.
 */
function toJsonSchema(v: Json, inSchema = true): Json {
  if (Array.isArray(v)) return v.map((x) => toJsonSchema(x, inSchema));
  if (v === null || typeof v !== 'object') return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (!inSchema) {
      out[k] = toJsonSchema(x, true);
      continue;
    }
    if (k.startsWith('x-') || k === 'example' || k === 'nullable' || k === 'deprecated' || k === 'description' || k === 'title') continue;
    if (k === '$ref' && typeof x === 'string') out[k] = x.replace(REF, '#/$defs/');
    else if (k === 'enum' || k === 'default' || k === 'const' || k === 'required') out[k] = x;
    else if (k === 'properties') out[k] = toJsonSchema(x, false);
    else out[k] = toJsonSchema(x, true);
  }
  if (inSchema && v.nullable === true && typeof v.type === 'string') out.type = [v.type, 'null'];
  return out;
}

/** A copy of `example` with `value` at `at`; `replace`: the member must already be there, else must not. */
function withValue(example: Json, at: string[], value: Json, replace: boolean): Json {
  const copy = structuredClone(example) as Obj;
  let o = copy;
  for (const k of at.slice(0, -1)) o = o[k] as Obj;
  if (Object.hasOwn(o, at.at(-1)!) !== replace) throw new Error(`bench: the example ${replace ? 'has no' : 'already has'} ${at.join('/')}`);
  o[at.at(-1)!] = value;
  return copy;
}

export interface GithubModule {
  validators: Record<string, (value: unknown, options?: { firstError?: boolean }) => { valid: boolean }>;
  guards: Record<string, (value: unknown) => boolean>;
}

/**
 * Writes the sliced description as a provider `github` under `dir/specs`, emits its validators into
 * `dir/out/github/validators.js` (beside a copy of the runtime) and returns the cases; the caller imports the
 * module and removes `dir`.
 */
export async function githubCases(dir: string, runtimeFile: string): Promise<{ cases: GithubCase[]; moduleFile: string; runtimeCopy: string }> {
  const doc = JSON.parse(readFileSync(ensureGithubSpec(), 'utf8')) as { components: { schemas: Obj; examples: Record<string, { value: Json }> } };
  const names = closure(doc.components.schemas, GITHUB_MODELS);
  const schemas: Obj = Object.fromEntries(names.map((n) => [n, doc.components.schemas[n]!]));
  const specDir = path.join(dir, 'specs/github');
  mkdirSync(specDir, { recursive: true });
  const sliced = { openapi: '3.0.3', info: { title: 'GitHub (three schemas)', version: '1' }, paths: {}, components: { schemas } };
  writeFileSync(path.join(specDir, 'openapi.json'), JSON.stringify(sliced));
  const { ir, diagnostics } = await readSpecs(path.join(dir, 'specs'), { only: ['github'], skipValidation: true });
  const provider = ir.providers[0]!;
  const providerNames = allocateProviderNames(provider, diagnostics);
  const { js } = emitValidators({ provider, names: providerNames, diagnostics });
  if (diagnostics.hasErrors) throw new Error('bench: the GitHub schemas do not generate');
  const out = path.join(dir, 'out');
  mkdirSync(path.join(out, 'github'), { recursive: true });
  mkdirSync(path.join(out, 'runtime'));
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(out, 'runtime/validation.js'), readFileSync(runtimeFile));
  writeFileSync(path.join(out, 'github/validators.js'), js);
  const defs = toJsonSchema(schemas, false) as Obj;
  const cases = GITHUB_MODELS.map((id) => {
    let example = doc.components.examples[id]!.value;
    for (const add of MISSING[id]) example = withValue(example, add.path, add.value, false);
    const m = MISTAKES[id];
    return {
      id,
      typeName: providerNames.modelName(REF + id).name,
      schema: { $defs: defs, $ref: `#/$defs/${id}` },
      valid: example,
      invalid: withValue(example, m.path, m.value, true),
    };
  });
  return { cases, moduleFile: path.join(out, 'github/validators.js'), runtimeCopy: path.join(out, 'runtime/validation.js') };
}
