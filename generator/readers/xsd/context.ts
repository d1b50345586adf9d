/**
 * The schema set (every file reached, declarations indexed by name) and the helpers all construct functions
 * share: diagnostics with de-duplication, child lookup, occurrences, documentation and source locations.
 */
import type { Diagnostics } from '../../diagnostics.ts';
import type { IRMeta, IRProperty, IRSchema, SourceLoc } from '../../ir/types.ts';
import { textContent, XSD_NS, type XmlElement } from './xml.ts';

export interface SchemaFile {
  /** Relative to the reader's root, forward slashes. */
  rel: string;
  root: XmlElement;
  /** Own targetNamespace, else the includer's (chameleon include). */
  targetNamespace?: string;
  elementFormQualified: boolean;
}

export interface Decl {
  el: XmlElement;
  file: SchemaFile;
}

/** A complex type's content flattened to properties, plus the choice constraints that tie them. */
export interface Shape {
  properties: IRProperty[];
  /** One entry per exclusive choice: the `oneOf` alternatives. */
  choices: IRSchema[][];
  order?: 'sequence' | 'all' | 'choice';
}

export interface Ctx {
  diagnostics: Diagnostics;
  /** complexType and simpleType share one symbol space in XSD. */
  types: Map<string, Decl>;
  elements: Map<string, Decl>;
  groups: Map<string, Decl>;
  attributeGroups: Map<string, Decl>;
  attributes: Map<string, Decl>;
  /** Parsed files by relative path. */
  files: Map<string, SchemaFile>;
  /** Memoised results and in-progress marks for named constructs (cycle detection). */
  shapes: Map<string, Shape>;
  flatSimples: Map<string, IRSchema>;
  busy: Set<string>;
  reported: Set<string>;
}

export function newCtx(diagnostics: Diagnostics): Ctx {
  return {
    diagnostics,
    types: new Map(),
    elements: new Map(),
    groups: new Map(),
    attributeGroups: new Map(),
    attributes: new Map(),
    files: new Map(),
    shapes: new Map(),
    flatSimples: new Map(),
    busy: new Set(),
    reported: new Set(),
  };
}

/**
 * Diagnostic codes: xsd-parse, xsd-include-missing, xsd-file-missing, xsd-unknown-type, xsd-unsupported,
 * xsd-cycle, xsd-duplicate, xsd-invalid. A group inlined at several places would report its own problems
 * once per use; identical reports are kept once.
 */
export function report(ctx: Ctx, severity: 'error' | 'warning', code: string, el: XmlElement, message: string): void {
  const id = `${severity}|${code}|${el.file}|${el.line}|${el.pointer}|${message}`;
  if (ctx.reported.has(id)) return;
  ctx.reported.add(id);
  if (severity === 'error') ctx.diagnostics.error(code, el.file, el.pointer, message, el.line);
  else ctx.diagnostics.warn(code, el.file, el.pointer, message, el.line);
}

export function unsupported(ctx: Ctx, el: XmlElement, what: string): void {
  report(ctx, 'warning', 'xsd-unsupported', el, `${what} is not supported and was left out of the model`);
}

export function isXsd(el: XmlElement, local?: string): boolean {
  return el.ns === XSD_NS && (local === undefined || el.local === local);
}

/** XSD children other than annotations, in order. Foreign-namespace children are extensions and ignored. */
export function xsdChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c) => c.ns === XSD_NS && c.local !== 'annotation');
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => isXsd(c, local));
}

export function sourceOf(el: XmlElement): SourceLoc {
  return { file: el.file, pointer: el.pointer, line: el.line };
}

/** `xs:annotation/xs:documentation` text, whitespace-normalised; several documentation elements are joined. */
export function documentation(el: XmlElement): string | undefined {
  const texts: string[] = [];
  for (const a of el.children) {
    if (!isXsd(a, 'annotation')) continue;
    for (const d of a.children) if (isXsd(d, 'documentation')) texts.push(textContent(d));
  }
  // XML whitespace only: a no-break space in the vendor's text is content.
  const s = texts.join(' ').replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
  return s === '' ? undefined : s;
}

export function metaOf(el: XmlElement): IRMeta {
  const description = documentation(el);
  return description === undefined ? {} : { description };
}

export const UNBOUNDED = Number.POSITIVE_INFINITY;

/** minOccurs / maxOccurs of a particle (defaults 1); bad values are reported and read as the default. */
export function occurs(ctx: Ctx, el: XmlElement): { min: number; max: number } {
  const read = (attr: 'minOccurs' | 'maxOccurs'): number => {
    const v = el.attrs.get(attr)?.trim();
    if (v === undefined) return 1;
    if (attr === 'maxOccurs' && v === 'unbounded') return UNBOUNDED;
    if (/^\d+$/.test(v)) return Number(v);
    report(ctx, 'error', 'xsd-invalid', el, `${attr}="${v}" is not a non-negative integer${attr === 'maxOccurs' ? ' or "unbounded"' : ''}`);
    return 1;
  };
  return { min: read('minOccurs'), max: read('maxOccurs') };
}
