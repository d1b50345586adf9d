/**
 * Loads a YAML or JSON spec file into a plain value plus a JSON-pointer -> line map, so every later
 * diagnostic can name the line. YAML syntax errors become diagnostics (with line), never exceptions.
 */
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import { Diagnostics, joinPointer } from '../../diagnostics.ts';

/** The YAML parser, loaded on the first YAML file (a JSON document never needs it). */
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

export interface LoadedSpec {
  file: string;
  value: unknown;
  /** Line (1-based) of the node at a JSON pointer; falls back to the nearest ancestor's line. */
  lineOf(pointer: string): number | undefined;
  /**
   * Set when external `$ref`s were followed (bundle.ts): any that is still external could not be, and that
   * was reported where it is written.
   */
  refsFollowed?: boolean;
}

export function loadSpecText(file: string, text: string, diagnostics: Diagnostics): LoadedSpec | undefined {
  // JSON is YAML; one parser gives line numbers for both. Big JSON files skip the CST walk (see lineOf).
  const isJson = file.endsWith('.json');
  if (isJson) {
    try {
      const value: unknown = JSON.parse(text);
      return { file, value, lineOf: () => undefined };
    } catch (e) {
      const m = /position (\d+)/.exec(String((e as Error).message));
      const line = m ? lineAt(text, Number(m[1])) : undefined;
      diagnostics.error('spec-syntax', file, '', `invalid JSON: ${(e as Error).message}`, line);
      return undefined;
    }
  }
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line;
      diagnostics.error('spec-syntax', file, '', `YAML ${err.code}: ${firstLine(err.message)}`, line);
    }
    return undefined;
  }
  const lines = new Map<string, number>();
  const visit = (node: YamlNode | null | undefined, pointer: string): void => {
    if (!node) return;
    if (node.range) lines.set(pointer, lineCounter.linePos(node.range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = joinPointer(pointer, key);
        if (isScalar(pair.key) && pair.key.range) lines.set(child, lineCounter.linePos(pair.key.range[0]).line);
        visit(pair.value as YamlNode, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as YamlNode, joinPointer(pointer, i)));
    }
  };
  visit(doc.contents as YamlNode, '');
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    file,
    value,
    lineOf(pointer) {
      let p = pointer;
      for (;;) {
        const l = lines.get(p);
        if (l !== undefined) return l;
        if (p === '') return undefined;
        p = p.slice(0, p.lastIndexOf('/'));
      }
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
