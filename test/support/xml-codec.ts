/**
 * Builds a provider's XML codec module (generator/emit/xml.ts) from IR, writes it beside a copy of the XML
 * runtime in a temp folder and imports it, so tests run the generated code as a consumer would. Also reads IR
 * from inline XSD text and from the vendor's real XSD bundle, and canonicalises XML for comparisons.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostics } from '../../generator/diagnostics.ts';
import { allocateProviderNames, type ProviderNames } from '../../generator/emit/provider-names.ts';
import { emitXml } from '../../generator/emit/xml.ts';
import type { IRModel, IRProvider } from '../../generator/ir/types.ts';
import { readSpecs } from '../../generator/readers/index.ts';
import { readXsd } from '../../generator/readers/xsd/index.ts';
import { repoRoot, sharedDir, specsDir } from './paths.ts';

import type { XmlIssue } from '../../templates/runtime/xml.js';

export type { XmlIssue };

/** The runtime's own API, as tests use it (it is plain JS; these are the parts tests touch). */
export type XmlResult = { ok: true; value: unknown; warnings: XmlIssue[] } | { ok: false; errors: XmlIssue[]; fault?: SoapFaultLike };
export interface SoapFaultLike extends Error {
  code: string;
  codeNamespace: string;
  subcodes: { namespace: string; local: string }[];
  reason: string;
  reasons: { lang: string; text: string }[];
  node?: string;
  role?: string;
  detail?: { name: string; namespace: string; value: unknown }[];
}
export interface DecodeOptions {
  unknown?: 'error' | 'report' | 'ignore';
  maxLength?: number;
  maxDepth?: number;
  maxAttributes?: number;
}
export type Encode = (value: unknown) => string;
export type Decode = (text: string, options?: DecodeOptions) => XmlResult;

export interface XmlNodeLike {
  name: string;
  local: string;
  ns: string;
  attrs: string[] | null;
  children: XmlNodeLike[] | null;
  text: string;
  scope: ReadonlyMap<string, string> | null;
}

export interface XmlRuntime {
  parseXml(text: string, options?: DecodeOptions): XmlNodeLike;
  attributeNs(node: XmlNodeLike, name: string): string;
  escapeText(s: string): string;
  escapeAttribute(s: string): string;
  soapContentType(action?: string): string;
  encodeSoapFault(fault: Record<string, unknown>): string;
  XmlError: new (...args: never[]) => Error & { code: string; path: string };
}

export interface LoadedCodec {
  mod: Record<string, unknown>;
  js: string;
  dts: string;
  names: ProviderNames;
  diagnostics: Diagnostics;
  encode(name: string): Encode;
  decode(name: string): Decode;
}

let workDir: string | undefined;
let counter = 0;

function work(): string {
  if (!workDir) {
    workDir = mkdtempSync(path.join(tmpdir(), 'provgen-xml-'));
    mkdirSync(path.join(workDir, 'runtime'));
    copyFileSync(path.join(repoRoot, 'templates/runtime/xml.js'), path.join(workDir, 'runtime/xml.js'));
  }
  return workDir;
}

/** Deletes the temp folder of the generated modules (call once the test file is done). */
export function removeWorkDir(): void {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

/** The runtime module, loaded from the same temp copy the generated modules import. */
export async function loadRuntime(): Promise<XmlRuntime> {
  return (await import(pathToFileURL(path.join(work(), 'runtime/xml.js')).href)) as XmlRuntime;
}

/** Emits the XML module of `provider` (optionally for the given root model keys) and imports it. */
export async function loadCodec(provider: IRProvider, roots?: string[]): Promise<LoadedCodec> {
  const diagnostics = new Diagnostics();
  const names = allocateProviderNames(provider, diagnostics, roots ? { xmlRoots: roots } : {});
  const out = emitXml(provider, names, roots ? { roots, diagnostics } : { diagnostics });
  if (!out) throw new Error(`no XML codec for ${provider.id}`);
  const dir = path.join(work(), `${provider.id}-${++counter}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'xml.js'), out.js);
  writeFileSync(path.join(dir, 'xml.d.ts'), out.dts);
  const mod = (await import(pathToFileURL(path.join(dir, 'xml.js')).href)) as Record<string, unknown>;
  const fn = <T>(name: string): T => {
    const f = mod[name];
    if (typeof f !== 'function') throw new Error(`${provider.id}: no export ${name} (has ${Object.keys(mod).join(', ')})`);
    return f as T;
  };
  return { mod, js: out.js, dts: out.dts, names, diagnostics, encode: (n) => fn<Encode>(n), decode: (n) => fn<Decode>(n) };
}

/** The IR of the providers under specs/ (OpenAPI validation skipped: the reader tests cover it). */
export async function specProviders(only: string[]): Promise<Map<string, IRProvider>> {
  const { ir, diagnostics } = await readSpecs(specsDir, { skipValidation: true, only });
  if (diagnostics.hasErrors) throw new Error(diagnostics.sorted().map((d) => d.message).join('\n'));
  return new Map(ir.providers.map((p) => [p.id, p]));
}

export function providerOf(id: string, models: IRModel[], files: string[] = []): IRProvider {
  return { id, title: id, version: '1', servers: [], securitySchemes: [], models, operations: [], errorCatalog: [], extensions: {}, files };
}

/** IR from in-memory XSD files (`name -> text`); returns the provider and the global element model keys. */
export function irFromXsd(files: Record<string, string>, entries: string[] = Object.keys(files), id = 'xsd-fixture'): { provider: IRProvider; elements: string[]; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const root = '/virtual';
  const r = readXsd(
    entries.map((e) => path.posix.join(root, e)),
    { root, diagnostics, readFile: (abs) => files[path.posix.relative(root, abs)] },
  );
  return { provider: providerOf(id, r.models, r.files), elements: [...r.elements.values()], diagnostics };
}

/** The vendor's real XSD bundle: path.resolve(repoRoot, '../shared/real-specs/portfolio-manager-17.0'). */
export const realPmDir = path.join(sharedDir, 'real-specs/portfolio-manager-17.0');
export const hasRealPm = existsSync(realPmDir);

/** IR of the vendor's real account.xsd and response.xsd (from ../shared/real-specs). */
export function realPmProvider(): { provider: IRProvider; elements: Map<string, string>; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const r = readXsd([path.join(realPmDir, 'account/account.xsd'), path.join(realPmDir, 'response/response.xsd')], { root: realPmDir, diagnostics });
  return { provider: providerOf('pm-real', r.models, r.files), elements: r.elements, diagnostics };
}

/**
 * A comparable form of a document: namespace-resolved names `{ns}local`, attributes sorted (namespace
 * declarations dropped), whitespace-only text between child elements dropped, and children ordered by name
 * (stable, so same-named siblings keep their order; xs:all allows any order of different names).
 */
export interface Canonical {
  name: string;
  attrs: [string, string][];
  text?: string;
  children: Canonical[];
}

export function canonical(rt: XmlRuntime, node: XmlNodeLike): Canonical {
  const attrs: [string, string][] = [];
  const a = node.attrs ?? [];
  for (let i = 0; i < a.length; i += 2) {
    const name = a[i]!;
    const ns = rt.attributeNs(node, name);
    if (name === 'xmlns' || ns === 'http://www.w3.org/2000/xmlns/') continue;
    attrs.push([`{${ns}}${name.slice(name.indexOf(':') + 1)}`, a[i + 1]!]);
  }
  attrs.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const children = (node.children ?? []).map((c) => canonical(rt, c));
  children.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const out: Canonical = { name: `{${node.ns}}${node.local}`, attrs, children };
  if (children.length === 0) out.text = node.text;
  else if (node.text.trim() !== '') out.text = node.text;
  return out;
}

export async function canonicalText(text: string): Promise<Canonical> {
  const rt = await loadRuntime();
  return canonical(rt, rt.parseXml(text));
}
