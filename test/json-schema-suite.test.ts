/**
 * Conformance: the official JSON Schema Test Suite (draft 2020-12), read from ../shared (never copied into the
 * repository). Each test group's schema goes through the JSON Schema reader and the validators emitter; the
 * generated module is loaded and every case is run, in all-issues and in first-error mode. Every case of the
 * supported keyword files must pass. Files (or, in `ref.json`, groups) that need what the generator does not
 * support are excluded and printed with the reason, and so are the `format.json` cases that expect a format
 * the generator checks to be an annotation only. Unknown formats are annotations, as the suite expects.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../generator/diagnostics.ts';
import { readJsonSchema } from '../generator/readers/jsonschema.ts';
import { Diagnostics } from '../generator/diagnostics.ts';
import { repoRoot, sharedAbsent } from './support/paths.ts';
import { generateValidators, importValidatorModule, providerOf, removeValidatorsTmpRoot } from './support/validators.ts';
import { STRING_FORMATS } from '../generator/emit/validators.ts';

const suiteDir = path.resolve(repoRoot, '../shared/json-schema-test-suite');
const draftDir = path.join(suiteDir, 'tests/draft2020-12');
const present = existsSync(draftDir);

/** Whole files left out, with the reason. */
const EXCLUDED_FILES: Record<string, string> = {
  'anchor.json': '$anchor needs URI resolution (not supported)',
  'defs.json': 'validates against the remote 2020-12 meta-schema (remote $ref not supported)',
  'dynamicRef.json': '$dynamicRef / $dynamicAnchor are not supported',
  'refRemote.json': 'remote $ref is not supported',
  'vocabulary.json': '$vocabulary / custom meta-schemas are not supported',
  'unevaluatedItems.json': 'unevaluatedItems is not supported',
  'unevaluatedProperties.json': 'unevaluatedProperties is not supported',
};

/** Files where single groups may be excluded because they use unsupported features (printed). */
const PARTIAL_FILES = new Set(['ref.json', 'not.json']);

/**
 * Single cases left out, with the reason (printed). `format.json` expects every format to be an annotation:
 * the generator asserts the formats it knows (OpenAPI use), so their "invalid string is only an annotation"
 * cases are left out; every other case of the file runs, unknown formats (annotations here too) included.
 */
function excludedCase(file: string, group: TestGroup, test: TestCase): string | undefined {
  const format = (group.schema as { format?: unknown } | null)?.format;
  if (file === 'format.json' && typeof format === 'string' && Object.hasOwn(STRING_FORMATS, format) && test.valid && typeof test.data === 'string') {
    return `format "${format}" is checked by design`;
  }
  return undefined;
}

/**
 * From optional/: the format files for the formats the generator checks, and a few others that pass.
 * `format/hostname.json` is left out: hostname is checked by RFC 1123 syntax only, not by IDNA rules for
 * A-labels (punycode), which that file tests.
 */
const OPTIONAL_FILES = [
  'format/date-time.json', 'format/date.json', 'format/time.json', 'format/email.json',
  'format/ipv4.json', 'format/ipv6.json', 'format/uuid.json', 'format/uri.json', 'format/uri-reference.json',
  'format/unknown.json', 'non-bmp-regex.json', 'float-overflow.json', 'no-schema.json',
];

interface TestCase {
  description: string;
  data: unknown;
  valid: boolean;
}
interface TestGroup {
  description: string;
  schema: unknown;
  tests: TestCase[];
}

interface FileResult {
  ran: number;
  failures: string[];
  excludedGroups: string[];
  excludedCases: string[];
}

async function runFile(rel: string, allowGroupExclusion: boolean): Promise<FileResult> {
  const groups = JSON.parse(readFileSync(path.join(draftDir, rel), 'utf8')) as TestGroup[];
  const out: FileResult = { ran: 0, failures: [], excludedGroups: [], excludedCases: [] };
  for (const group of groups) {
    const diagnostics = new Diagnostics();
    const { models } = readJsonSchema(group.schema, rel, diagnostics);
    const gen = diagnostics.hasErrors ? undefined : generateValidators(providerOf(models));
    const problems = [...diagnostics.items, ...(gen?.diagnostics.items ?? [])].filter((d) => d.severity === 'error');
    if (problems.length > 0) {
      const why = problems.map(formatDiagnostic).join('; ');
      if (allowGroupExclusion) out.excludedGroups.push(`${rel} "${group.description}": ${why}`);
      else out.failures.push(`${rel} "${group.description}": not generated: ${why}`);
      continue;
    }
    const mod = await importValidatorModule(gen!.js);
    const validate = mod.validators[gen!.names.modelName('#').name]!;
    const guard = mod.guards[gen!.names.modelName('#').name]!;
    for (const t of group.tests) {
      const why = excludedCase(rel, group, t);
      if (why !== undefined) {
        out.excludedCases.push(`${rel} "${group.description}" / "${t.description}": ${why}`);
        continue;
      }
      out.ran++;
      const all = validate(t.data);
      const first = validate(t.data, { firstError: true });
      const label = `${rel} "${group.description}" / "${t.description}"`;
      if (all.valid !== t.valid) out.failures.push(`${label}: expected ${t.valid ? 'valid' : 'invalid'}, got ${JSON.stringify(all)}`);
      else if (first.valid !== t.valid) out.failures.push(`${label}: firstError mode disagrees`);
      else if (!first.valid && first.issues.length !== 1) out.failures.push(`${label}: firstError mode gave ${first.issues.length} issues`);
      else if (guard(t.data) !== t.valid) out.failures.push(`${label}: the type guard disagrees`);
    }
  }
  return out;
}

describe.skipIf(!present)('JSON Schema Test Suite (draft 2020-12)', () => {
  it('passes every case of the supported keyword files', async () => {
    const files = readdirSync(draftDir).filter((f) => f.endsWith('.json')).sort();
    let ran = 0;
    const failures: string[] = [];
    const excludedGroups: string[] = [];
    const excludedCases: string[] = [];
    const included: string[] = [];
    for (const f of files) {
      if (Object.hasOwn(EXCLUDED_FILES, f)) continue;
      const r = await runFile(f, PARTIAL_FILES.has(f));
      ran += r.ran;
      failures.push(...r.failures);
      excludedGroups.push(...r.excludedGroups);
      excludedCases.push(...r.excludedCases);
      included.push(f);
    }
    for (const f of OPTIONAL_FILES) {
      const r = await runFile(path.join('optional', f), false);
      ran += r.ran;
      failures.push(...r.failures);
      included.push(`optional/${f}`);
    }
    const lines = [
      `JSON Schema Test Suite: ${ran} cases ran, ${ran - failures.length} passed, in ${included.length} files`,
      `included: ${included.join(', ')}`,
      'excluded files:',
      ...Object.entries(EXCLUDED_FILES).map(([f, why]) => `  ${f}: ${why}`),
      `excluded groups (${excludedGroups.length}):`,
      ...excludedGroups.map((g) => `  ${g}`),
      `excluded cases (${excludedCases.length}):`,
      ...excludedCases.map((c) => `  ${c}`),
    ];
    console.log(lines.join('\n'));
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    expect(ran).toBeGreaterThan(800);
  });
});

afterAll(() => removeValidatorsTmpRoot());

if (!present) sharedAbsent('JSON Schema Test Suite', draftDir);
