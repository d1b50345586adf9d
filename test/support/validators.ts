/**
 * Builds a provider's validators module from IR models, writes it beside a copy of the runtime in a temp folder
 * and imports it, so tests run the generated code exactly as a consumer would.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostics, formatDiagnostic } from '../../generator/diagnostics.ts';
import { readSpecs } from '../../generator/readers/index.ts';
import { emitValidators } from '../../generator/emit/validators.ts';
import { allocateProviderNames, type ProviderNames } from '../../generator/emit/provider-names.ts';
import type { IRModel, IRProvider } from '../../generator/ir/types.ts';
import { repoRoot } from './paths.ts';

// The runtime's own declarations: the issue shape tests check is the one the package publishes.
import type { ValidationIssue, ValidationResult as RuntimeResult } from '../../templates/runtime/validation.js';

export type { ValidationIssue };
export type ValidationResult = RuntimeResult<unknown>;
export type Validate = (value: unknown, options?: { firstError?: boolean }) => ValidationResult;

export interface LoadedValidators {
  validators: Record<string, Validate>;
  js: string;
  dts: string;
  names: ProviderNames;
  diagnostics: Diagnostics;
}

let tmpRoot: string | undefined;
let counter = 0;

/**
 * A temp folder with runtime/validation.js in it, made once per test process. Its package.json says
 * `"type": "module"`, as the generated package does, so the modules load as ES modules in any runner.
 */
export function validatorsTmpRoot(): string {
  if (tmpRoot === undefined) {
    tmpRoot = mkdtempSync(path.join(tmpdir(), 'provgen-validators-'));
    writeFileSync(path.join(tmpRoot, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(path.join(tmpRoot, 'runtime'));
    for (const f of ['validation.js', 'validation.d.ts']) {
      copyFileSync(path.join(repoRoot, 'templates/runtime', f), path.join(tmpRoot, 'runtime', f));
    }
  }
  return tmpRoot;
}

/** Deletes the temp folder (call from the test file's afterAll). */
export function removeValidatorsTmpRoot(): void {
  if (tmpRoot !== undefined) rmSync(tmpRoot, { recursive: true, force: true });
  tmpRoot = undefined;
}

export function providerOf(models: IRModel[], id = 'p'): IRProvider {
  return { id, title: id, version: '1', servers: [], securitySchemes: [], models, operations: [], errorCatalog: [], extensions: {}, files: [] };
}

/** Generates the module text only (no loading); diagnostics tell whether generation succeeded. */
export function generateValidators(provider: IRProvider): { js: string; dts: string; names: ProviderNames; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const names = allocateProviderNames(provider, diagnostics);
  const { js, dts } = emitValidators({ provider, names, diagnostics });
  return { js, dts, names, diagnostics };
}

export type Guard = (value: unknown) => boolean;

/** Writes a module text to the temp folder and imports it: its validators and type guards by model type name. */
export async function importValidatorModule(js: string): Promise<{ validators: Record<string, Validate>; guards: Record<string, Guard> }> {
  const dir = path.join(validatorsTmpRoot(), `m${++counter}`);
  mkdirSync(dir);
  const file = path.join(dir, 'validators.js');
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as { validators: Record<string, Validate>; guards: Record<string, Guard> };
}

export async function importValidators(js: string): Promise<Record<string, Validate>> {
  return (await importValidatorModule(js)).validators;
}

export async function loadValidators(provider: IRProvider): Promise<LoadedValidators> {
  const g = generateValidators(provider);
  if (g.diagnostics.hasErrors) return { validators: {}, ...g };
  return { validators: await importValidators(g.js), ...g };
}

/**
 * The validators of the spec providers, generated from the specs through the emitter (the pipeline's other
 * emitters are not involved) and loaded; by provider id.
 */
export async function loadSpecValidators(specsDir: string): Promise<{ providers: IRProvider[]; validators: Record<string, Record<string, Validate>> }> {
  const { ir, diagnostics } = await readSpecs(specsDir, { skipValidation: true });
  if (diagnostics.hasErrors) throw new Error(diagnostics.sorted().map(formatDiagnostic).join('\n'));
  const validators: Record<string, Record<string, Validate>> = {};
  for (const p of ir.providers) {
    const g = generateValidators(p);
    if (g.diagnostics.hasErrors) throw new Error(g.diagnostics.sorted().map(formatDiagnostic).join('\n'));
    validators[p.id] = await importValidators(g.js);
  }
  return { providers: ir.providers, validators };
}
