/**
 * Reading the schema set: every entry file and, depth-first in document order, what it includes (each file
 * once), then indexing the global declarations of all files, so a reference may point forward or into a
 * file read later.
 */
import path from 'node:path';
import type { Decl, Ctx, SchemaFile } from './context.ts';
import { isXsd, report, unsupported } from './context.ts';
import { parseXml, type XmlElement } from './xml.ts';

export interface LoadOptions {
  root: string;
  readFile: (absPath: string) => string | undefined;
}

/** Returns the parsed files in the order reached, and every file read (parsed or not), relative to the root. */
export function loadSchemaSet(ctx: Ctx, entryFiles: string[], opts: LoadOptions): { files: SchemaFile[]; read: string[] } {
  const files: SchemaFile[] = [];
  const read: string[] = [];
  const visited = new Set<string>();
  const rel = (abs: string): string => path.relative(opts.root, abs).split(path.sep).join('/');

  const visit = (abs: string, includer?: { file: SchemaFile; el: XmlElement; location: string }): void => {
    if (visited.has(abs)) return;
    const text = opts.readFile(abs);
    if (text === undefined) {
      // Not marked visited: every include of a missing file is its own problem.
      if (includer) report(ctx, 'error', 'xsd-include-missing', includer.el, `${includer.file.rel} includes "${includer.location}", but ${rel(abs)} does not exist`);
      else ctx.diagnostics.error('xsd-file-missing', rel(abs), '', `schema file ${rel(abs)} does not exist`);
      return;
    }
    visited.add(abs);
    read.push(rel(abs));
    const parsed = parseXml(text, rel(abs));
    if (!parsed.ok) {
      ctx.diagnostics.error('xsd-parse', rel(abs), '', `malformed XML: ${parsed.message}`, parsed.line);
      return;
    }
    const root = parsed.root;
    if (!isXsd(root, 'schema')) {
      report(ctx, 'error', 'xsd-invalid', root, `the root element is <${root.name}>, not an XML Schema xs:schema`);
      return;
    }
    const tns = root.attrs.get('targetNamespace') ?? includer?.file.targetNamespace;
    const file: SchemaFile = { rel: rel(abs), root, elementFormQualified: root.attrs.get('elementFormDefault') === 'qualified' };
    if (tns !== undefined) file.targetNamespace = tns;
    files.push(file);
    ctx.files.set(file.rel, file);
    for (const c of root.children) {
      if (!isXsd(c)) continue;
      if (c.local === 'include') {
        const location = c.attrs.get('schemaLocation');
        if (location === undefined) report(ctx, 'error', 'xsd-invalid', c, 'xs:include needs a schemaLocation');
        else visit(path.resolve(path.dirname(abs), location), { file, el: c, location });
      } else if (c.local === 'import' || c.local === 'redefine' || c.local === 'override') {
        unsupported(ctx, c, `xs:${c.local}`);
      }
    }
  };

  for (const entry of entryFiles) visit(path.resolve(opts.root, entry));
  for (const f of files) indexDeclarations(ctx, f);
  return { files, read: [...read].sort() };
}

const SPACES = { complexType: 'types', simpleType: 'types', element: 'elements', group: 'groups', attributeGroup: 'attributeGroups', attribute: 'attributes' } as const;

function indexDeclarations(ctx: Ctx, file: SchemaFile): void {
  for (const c of file.root.children) {
    if (!isXsd(c) || !Object.hasOwn(SPACES, c.local)) continue;
    const space: Map<string, Decl> = ctx[SPACES[c.local as keyof typeof SPACES]];
    const name = c.attrs.get('name');
    if (name === undefined) {
      report(ctx, 'error', 'xsd-invalid', c, `a global xs:${c.local} needs a name`);
      continue;
    }
    const first = space.get(name);
    if (first) {
      report(ctx, 'error', 'xsd-duplicate', c, `${c.local === 'simpleType' || c.local === 'complexType' ? 'type' : c.local} "${name}" is already declared at ${first.el.file}:${first.el.line}; this declaration is ignored`);
      continue;
    }
    space.set(name, { el: c, file });
  }
}
