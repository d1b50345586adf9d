/**
 * Multi-file specs: follows relative external `$ref`s (`./schemas/Pet.yaml`, `common.json#/components/schemas/Id`,
 * `../openapi.yaml#/components/schemas/Tag` back into the root) and builds one document the reader reads as
 * usual, while remembering where every part came from, so that a diagnostic about any node names the file, the
 * line and the pointer in the file where it is written (see `locate`).
 *
 * How references are placed in the one document:
 * - a reference in a schema position (under `schema`, `properties`, `items`, `allOf`, components' `schemas`,
 *   Swagger `definitions`, ...) to another file becomes a named schema under `components/schemas` (Swagger 2.0:
 *   `definitions`), named after the target (`Pet` for `#/components/schemas/Pet` or `Pet.yaml`). Root entries
 *   that only point elsewhere (`Pet: { $ref: ./Pet.yaml }`) give the target their name. Circular references
 *   between files work, as with local ones.
 * - any other reference (a path item, parameter, response, example, ...) is read in place.
 * - a reference back into the root document stays a local reference.
 *
 * Every file must lie inside the specs folder (so `--watch`, `--check` and the manifest, which cover that
 * folder, cover every file a spec uses); remote (http) references are refused. Files are loaded by the same
 * loader as the root (YAML CST for lines), each once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinPointer, pointerSegment, type Diagnostics } from '../../diagnostics.ts';
import { decodeSegment } from '../pointer.ts';
import { loadSpecText, type LoadedSpec } from './load.ts';

export interface Located {
  file: string;
  pointer: string;
  line?: number;
}

export interface BundledSpec extends LoadedSpec {
  /** Every file the spec uses, the root first then in discovery order (relative to the specs folder). */
  files: string[];
  /** The file, pointer and line a pointer of the bundled document comes from. */
  locate(pointer: string): Located;
}

/**
 * What a node is, as far as placing references goes: a schema, a map or list of schemas, or anything else.
 * Decided by the key a value sits under (the OpenAPI / JSON Schema structure).
 */
type Mode = 'schema' | 'schemaMap' | 'schemaList' | 'other';
const SCHEMA_VALUE = new Set([
  'schema', 'items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties',
  'unevaluatedItems', 'additionalItems',
]);
const SCHEMA_MAP = new Set(['schemas', 'definitions', 'properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

function childMode(mode: Mode, key: string): Mode {
  if (mode === 'schemaMap' || mode === 'schemaList') return 'schema';
  if (SCHEMA_VALUE.has(key)) return 'schema';
  if (SCHEMA_MAP.has(key)) return 'schemaMap';
  if (SCHEMA_LIST.has(key)) return 'schemaList';
  return 'other';
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the text may hold a `$ref` to another file (a cheap test so one-file specs skip the walk). */
export function mayHaveExternalRefs(text: string): boolean {
  return /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]/.test(text);
}

/**
 * Loads `rel` (relative to `specsDir`) and every file it references. Problems (a missing file, a reference out
 * of the specs folder, a cycle through non-schema objects, a syntax error in a referenced file) are diagnostics
 * located at the reference or in the file where they are.
 */
export function bundleSpec(specsDir: string, root: LoadedSpec, rootText: string, diagnostics: Diagnostics): BundledSpec {
  const docs = new Map<string, LoadedSpec | null>([[root.file, root]]);
  const files = [root.file];
  const rootValue = root.value;
  const plain = (): BundledSpec => ({ ...root, files, locate: (p) => withLine(root, p) });
  if (!isObj(rootValue) || !mayHaveExternalRefs(rootText)) return plain();

  const swagger = typeof rootValue.swagger === 'string';
  const schemaHome = swagger ? ['definitions'] : ['components', 'schemas'];
  /** Bundled schema name -> where its content is written. */
  const hoisted = new Map<string, Located>();
  /** `file#pointer` of a hoisted target -> its bundled name. */
  const hoistedByTarget = new Map<string, string>();
  /** Per file: local pointer of a reference read in place -> where the content is written. */
  const inlined = new Map<string, Map<string, Located>>();
  /** `file#pointer` targets whose references were already rewritten. */
  const walked = new Set<string>();

  const home = (): Record<string, unknown> => {
    let cur = rootValue as Record<string, unknown>;
    for (const k of schemaHome) {
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k] as Record<string, unknown>;
    }
    return cur;
  };

  const errAt = (code: string, at: Located, message: string): void => {
    const doc = docs.get(at.file);
    diagnostics.error(code, at.file, at.pointer, message, doc ? doc.lineOf(at.pointer) : undefined);
  };

  const load = (file: string, site: Located): LoadedSpec | undefined => {
    if (docs.has(file)) return docs.get(file) ?? undefined;
    const abs = path.join(specsDir, file);
    if (!existsSync(abs)) {
      docs.set(file, null);
      errAt('ref-file-missing', site, `$ref names the file ${file}, which does not exist`);
      return undefined;
    }
    const loaded = loadSpecText(file, readFileSync(abs, 'utf8'), diagnostics) ?? null;
    docs.set(file, loaded);
    if (loaded) files.push(file);
    return loaded ?? undefined;
  };

  /** Resolves a `$ref` written in `file` to a (file, pointer) target; undefined (after a diagnostic) if it cannot be. */
  const target = (ref: string, file: string, site: Located, quiet = false): { file: string; pointer: string } | undefined => {
    const err = quiet ? () => {} : errAt;
    const hash = ref.indexOf('#');
    const loc = hash === -1 ? ref : ref.slice(0, hash);
    const frag = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]*:/i.test(loc)) {
      err('ref-remote', site, `$ref "${ref}" is remote; only files inside the specs folder are read (download it beside the spec)`);
      return undefined;
    }
    let decoded = loc;
    try {
      decoded = decodeURI(loc);
    } catch {
      // keep as written
    }
    const resolved = loc === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decoded.replace(/\\/g, '/')));
    if (resolved.startsWith('../') || path.posix.isAbsolute(resolved)) {
      err('ref-outside', site, `$ref "${ref}" points outside the specs folder`);
      return undefined;
    }
    if (frag !== '' && !frag.startsWith('/')) {
      err('ref-invalid', site, `$ref "${ref}" has a fragment that is not a JSON pointer`);
      return undefined;
    }
    return { file: resolved, pointer: frag };
  };

  const valueAt = (doc: LoadedSpec, pointer: string): unknown => {
    let cur: unknown = doc.value;
    for (const raw of pointer.split('/').slice(1)) {
      const k = decodeSegment(raw);
      if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(k)) cur = cur[Number(k)];
      else if (isObj(cur) && Object.hasOwn(cur, k)) cur = cur[k];
      else return undefined;
    }
    return cur;
  };

  const schemaName = (t: { file: string; pointer: string }): string => {
    const segs = t.pointer.split('/').filter(Boolean).map(decodeSegment);
    const base = segs.length > 0 ? segs[segs.length - 1]! : path.posix.basename(t.file).replace(/\.(ya?ml|json)$/i, '');
    const taken = home();
    let name = base;
    for (let i = 2; Object.hasOwn(taken, name) || hoisted.has(name); i++) name = `${base}${i}`;
    return name;
  };

  const inlineStack: string[] = [];
  /** References in other files that are read against the root document (see ref-root-fallback). */
  const rootLocal = new WeakSet<object>();

  /** Rewrites every reference inside `node` (written in `file` at `pointer`). */
  const walk = (node: unknown, file: string, pointer: string, mode: Mode, replace: (v: unknown) => void): void => {
    if (Array.isArray(node)) {
      if (placed.has(node)) return;
      placed.add(node);
      node.forEach((item, i) => walk(item, file, `${pointer}/${i}`, mode === 'schemaList' ? 'schema' : mode === 'schema' ? 'other' : mode, (v) => (node[i] = v)));
      return;
    }
    if (!isObj(node) || placed.has(node)) return;
    placed.add(node);
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const site: Located = { file, pointer: joinPointer(pointer, '$ref') };
      if (ref.startsWith('#') && (file === root.file || rootLocal.has(node))) return; // a local reference of the root: as written
      const t = target(ref, file, site);
      if (!t) return;
      if (t.file === root.file) {
        node.$ref = '#' + t.pointer;
        return;
      }
      const doc = load(t.file, site);
      if (!doc) return;
      const content = valueAt(doc, t.pointer);
      if (content === undefined && ref.startsWith('#') && valueAt(root, t.pointer) !== undefined) {
        // Some multi-file tooling resolves a local reference in an included file against the root document.
        const rel = path.posix.relative(path.posix.dirname(file), root.file);
        diagnostics.warn('ref-root-fallback', site.file, site.pointer, `$ref "${ref}" points at nothing in ${t.file}; it is read from the root document, where it exists (write "${rel}${ref}" to say so)`, docs.get(file)?.lineOf(site.pointer));
        rootLocal.add(node);
        return;
      }
      if (content === undefined) {
        errAt('ref-dangling', site, `$ref "${ref}" points at nothing in ${t.file}`);
        return;
      }
      const key = `${t.file}#${t.pointer}`;
      const isSchema = mode === 'schema' || (mode === 'other' && /^\/(components\/schemas|definitions)\/[^/]+$/.test(t.pointer));
      if (isSchema) {
        let name = hoistedByTarget.get(key);
        if (name === undefined) {
          name = schemaName(t);
          hoistedByTarget.set(key, name);
          hoisted.set(name, { file: t.file, pointer: t.pointer });
          home()[name] = content;
          walkTarget(key, content, t.file, t.pointer, 'schema', (v) => (home()[name!] = v));
        }
        node.$ref = '#/' + [...schemaHome, name].map(pointerSegment).join('/');
        return;
      }
      if (inlineStack.includes(key)) {
        errAt('ref-cycle', site, `$ref "${ref}" refers to itself through objects that are read in place (not schemas)`);
        return;
      }
      let map = inlined.get(file);
      if (!map) inlined.set(file, (map = new Map()));
      map.set(pointer, { file: t.file, pointer: t.pointer });
      inlineStack.push(key);
      try {
        walkTarget(key, content, t.file, t.pointer, mode, () => {});
      } finally {
        inlineStack.pop();
      }
      const siblings = Object.keys(node).filter((k) => k !== '$ref');
      replace(siblings.length > 0 && isObj(content) ? { ...content, ...Object.fromEntries(siblings.map((k) => [k, node[k]])) } : content);
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      walk(v, file, joinPointer(pointer, k), childMode(mode, k), (nv) => (node[k] = nv));
    }
  };

  /** Every object walked: each is walked once, in the file it is written in (never again as part of the root). */
  const placed = new WeakSet<object>();
  const walkTarget = (key: string, content: unknown, file: string, pointer: string, mode: Mode, replace: (v: unknown) => void): void => {
    if (walked.has(key)) return;
    walked.add(key);
    walk(content, file, pointer, mode, replace);
  };

  // The schemas' home (`components` / `components/schemas` / `definitions`) may itself be written in another
  // file: it is read in place first, so its entries keep their names.
  let homeAt: Located = { file: root.file, pointer: '/' + schemaHome.join('/') };
  {
    let parent = rootValue as Record<string, unknown>;
    let file = root.file;
    let ptr = '';
    for (const k of schemaHome) {
      const v = parent[k];
      ptr = joinPointer(ptr, k);
      if (isObj(v) && typeof v.$ref === 'string' && Object.keys(v).length === 1) {
        const site: Located = { file, pointer: joinPointer(ptr, '$ref') };
        const t = target(v.$ref, file, site);
        const doc = t && t.file !== root.file ? load(t.file, site) : undefined;
        const content = doc && t ? valueAt(doc, t.pointer) : undefined;
        if (!t || !doc || !isObj(content)) break;
        let map = inlined.get(root.file);
        if (!map) inlined.set(root.file, (map = new Map()));
        map.set(homePointerOf(schemaHome, k), { file: t.file, pointer: t.pointer });
        parent[k] = content;
        file = t.file;
        ptr = t.pointer;
      }
      if (!isObj(parent[k])) break;
      parent = parent[k] as Record<string, unknown>;
    }
    homeAt = { file, pointer: ptr };
  }
  // Root entries that only point elsewhere give the target their own name.
  const entries = isObj(valueAtRoot(rootValue, schemaHome)) ? (valueAtRoot(rootValue, schemaHome) as Record<string, unknown>) : {};
  for (const [name, v] of Object.entries(entries)) {
    if (!isObj(v) || typeof v.$ref !== 'string' || v.$ref.startsWith('#') || Object.keys(v).length !== 1) continue;
    const site: Located = { file: homeAt.file, pointer: joinPointer(homeAt.pointer, name, '$ref') };
    const t = target(v.$ref, homeAt.file, site, true);
    if (!t || t.file === root.file || !existsSync(path.join(specsDir, t.file))) continue; // reported by the walk below
    const doc = load(t.file, site);
    if (!doc) continue;
    const content = valueAt(doc, t.pointer);
    if (content === undefined) continue; // reported by the walk below
    const key = `${t.file}#${t.pointer}`;
    if (hoistedByTarget.has(key)) continue;
    hoistedByTarget.set(key, name);
    hoisted.set(name, { file: t.file, pointer: t.pointer });
    entries[name] = content;
  }
  for (const [name, at] of [...hoisted]) walkTarget(`${at.file}#${at.pointer}`, entries[name], at.file, at.pointer, 'schema', (v) => (entries[name] = v));
  if (homeAt.file !== root.file) walkTarget(`${homeAt.file}#${homeAt.pointer}`, entries, homeAt.file, homeAt.pointer, 'schemaMap', () => {});
  walk(rootValue, root.file, '', 'other', () => {});

  const locate = (pointer: string): Located => {
    let cur: Located = { file: root.file, pointer };
    const segs = pointer.split('/');
    const homeDepth = schemaHome.length + 1;
    if (segs.length > homeDepth && segs.slice(1, homeDepth).join('/') === schemaHome.join('/')) {
      const at = hoisted.get(decodeSegment(segs[homeDepth]!));
      if (at) cur = { file: at.file, pointer: at.pointer + segs.slice(homeDepth + 1).map((s) => '/' + s).join('') };
    }
    for (let guard = 0; guard < 64; guard++) {
      const map = inlined.get(cur.file);
      if (!map) break;
      const parts = cur.pointer.split('/');
      let hit: Located | undefined;
      let rest = '';
      for (let n = parts.length; n >= 1; n--) {
        const prefix = parts.slice(0, n).join('/');
        const t = map.get(prefix);
        if (t) {
          hit = t;
          rest = parts.slice(n).map((s) => '/' + s).join('');
          break;
        }
      }
      if (!hit) break;
      cur = { file: hit.file, pointer: hit.pointer + rest };
    }
    const doc = docs.get(cur.file);
    return doc ? withLine(doc, cur.pointer, cur.file) : cur;
  };

  if (files.length === 1) return { ...plain(), refsFollowed: true };
  return { file: root.file, value: rootValue, files, locate, lineOf: (p) => locate(p).line, refsFollowed: true };
}

/** The root pointer of `schemaHome` up to and including `key`. */
function homePointerOf(schemaHome: string[], key: string): string {
  return '/' + schemaHome.slice(0, schemaHome.indexOf(key) + 1).map(pointerSegment).join('/');
}

function valueAtRoot(root: Record<string, unknown>, keys: string[]): unknown {
  let cur: unknown = root;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
}

function withLine(doc: LoadedSpec, pointer: string, file = doc.file): Located {
  const line = doc.lineOf(pointer);
  return line === undefined ? { file, pointer } : { file, pointer, line };
}
