/**
 * A small, strict XML parser for schema documents. Written here rather than using fast-xml-parser because
 * every element must carry its line (diagnostics and `source.line` point at declarations) and its in-scope
 * namespace bindings (QName values such as `type="xs:long"` resolve against them); neither survives a
 * generic parse. It refuses DOCTYPE (so no entity expansion of any kind), unbound prefixes, mismatched tags,
 * duplicate attributes and undeclared entity references; the first such problem ends the parse of that file.
 */

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** Qualified name as written (`xs:element`). */
  name: string;
  local: string;
  /** Resolved namespace URI; undefined for no namespace. */
  ns: string | undefined;
  /** Attributes by qualified name as written. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Child elements and text in document order (documentation may hold mixed content). */
  nodes: (XmlElement | string)[];
  line: number;
  /** In-scope prefix bindings, '' for the default namespace. */
  scope: ReadonlyMap<string, string>;
  /** Pointer-like path: `/xs:schema/xs:complexType[name=accountType]/xs:all/xs:element[name=id]`. */
  pointer: string;
  /** File relative to the reader's root, forward slashes. */
  file: string;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; message: string; line: number };

class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses one document; `file` is stamped on every element so schema code can cite it. */
export function parseXml(input: string, file: string): XmlParseResult {
  // XML end-of-line handling: every CR LF and lone CR is read as LF, which also makes line counting simple.
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  try {
    const root = new Parser(text, file).document();
    assignPointers(root, '/' + stepName(root));
    return { ok: true, root };
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, message: e.message, line: e.line };
    throw e;
  }
}

class Parser {
  private pos = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  document(): XmlElement {
    if (this.text.startsWith('<?xml') && /\s/.test(this.text.charAt(5))) this.pi();
    this.misc();
    if (this.text.startsWith('<!DOCTYPE', this.pos)) this.fail('DOCTYPE is not allowed in a schema file (entities are refused)');
    if (this.text.charAt(this.pos) !== '<') this.fail(this.pos >= this.text.length ? 'no root element' : 'content before the root element');
    const root = this.element(undefined);
    this.misc();
    if (this.pos < this.text.length) this.fail('content after the root element');
    return root;
  }

  /** Comments, processing instructions and whitespace outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('<!--', this.pos)) this.comment();
      else if (this.text.startsWith('<?', this.pos)) this.pi();
      else return;
    }
  }

  private element(parent: XmlElement | undefined): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    let current = this.startTag(parent);
    if (current.selfClosing) return current.el;
    stack.push(current.el);
    root = current.el;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) this.fail(`unclosed element <${top.name}> (opened on line ${top.line})`);
      if (lt > this.pos) {
        const line = this.line;
        this.addText(top, this.decode(this.take(lt), line));
      }
      if (this.text.startsWith('</', this.pos)) {
        const line = this.line;
        this.advance(2);
        const name = this.name();
        this.skipSpace();
        this.expect('>');
        if (name !== top.name) throw new XmlError(`end tag </${name}> does not match <${top.name}> (opened on line ${top.line})`, line);
        stack.pop();
      } else if (this.text.startsWith('<!--', this.pos)) {
        this.comment();
      } else if (this.text.startsWith('<![CDATA[', this.pos)) {
        this.advance(9);
        const end = this.text.indexOf(']]>', this.pos);
        if (end < 0) this.fail('unclosed CDATA section');
        this.addText(top, this.take(end));
        this.advance(3);
      } else if (this.text.startsWith('<?', this.pos)) {
        this.pi();
      } else if (this.text.startsWith('<!', this.pos)) {
        this.fail('markup declarations are not allowed here');
      } else {
        current = this.startTag(top);
        top.children.push(current.el);
        top.nodes.push(current.el);
        if (!current.selfClosing) stack.push(current.el);
      }
    }
    return root;
  }

  private startTag(parent: XmlElement | undefined): { el: XmlElement; selfClosing: boolean } {
    const line = this.line;
    this.expect('<');
    const name = this.name();
    const attrs = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.text.startsWith('/>', this.pos)) {
        this.advance(2);
        selfClosing = true;
        break;
      }
      if (this.text.charAt(this.pos) === '>') {
        this.advance(1);
        break;
      }
      if (this.pos >= this.text.length) this.fail(`unclosed start tag <${name}>`);
      if (!hadSpace) this.fail(`expected whitespace before an attribute in <${name}>`);
      const attrLine = this.line;
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const value = this.attrValue();
      if (attrs.has(attr)) throw new XmlError(`duplicate attribute ${attr} on <${name}>`, attrLine);
      attrs.set(attr, value);
    }
    const scope = bindings(parent?.scope, attrs);
    const [prefix, local] = splitName(name);
    const ns = prefix === '' ? scope.get('') || undefined : scope.get(prefix);
    if (prefix !== '' && ns === undefined) throw new XmlError(`namespace prefix "${prefix}" of <${name}> is not declared`, line);
    for (const key of attrs.keys()) {
      const [p] = splitName(key);
      if (p !== '' && p !== 'xmlns' && !scope.has(p)) throw new XmlError(`namespace prefix "${p}" of attribute ${key} is not declared`, line);
    }
    const el: XmlElement = { name, local, ns, attrs, children: [], nodes: [], line, scope, pointer: '', file: this.file };
    return { el, selfClosing };
  }

  private attrValue(): string {
    const quote = this.text.charAt(this.pos);
    if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
    this.advance(1);
    const end = this.text.indexOf(quote, this.pos);
    if (end < 0) this.fail('unterminated attribute value');
    const raw = this.text.slice(this.pos, end);
    if (raw.includes('<')) this.fail('"<" is not allowed in an attribute value');
    const line = this.line;
    this.take(end);
    this.advance(1);
    // Attribute-value normalisation: literal whitespace becomes a space; character references survive.
    return this.decode(raw.replace(/[\t\n]/g, ' '), line);
  }

  private comment(): void {
    this.advance(4);
    const end = this.text.indexOf('-->', this.pos);
    if (end < 0) this.fail('unclosed comment');
    if (this.text.slice(this.pos, end).includes('--')) this.fail('"--" is not allowed inside a comment');
    this.take(end);
    this.advance(3);
  }

  private pi(): void {
    const start = this.pos;
    this.advance(2);
    const target = this.name();
    if (target.toLowerCase() === 'xml' && start !== 0) this.fail('XML declaration is only allowed at the start of the file');
    const end = this.text.indexOf('?>', this.pos);
    if (end < 0) this.fail('unclosed processing instruction');
    this.take(end);
    this.advance(2);
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail(this.pos >= this.text.length ? 'unexpected end of file' : `expected a name at "${this.text.slice(this.pos, this.pos + 10)}"`);
    this.advance(m[0].length);
    return m[0];
  }

  private decode(s: string, line = this.line): string {
    if (!s.includes('&')) return s;
    return s.replace(/&([^;&\s<]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw new XmlError(`"&" must start an entity reference ending in ";"`, line);
      if (ref.startsWith('#')) {
        const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
        if (!Number.isInteger(code) || code < 1 || code > 0x10ffff) throw new XmlError(`invalid character reference &${ref};`, line);
        return String.fromCodePoint(code);
      }
      const v = PREDEFINED[ref];
      if (v === undefined) throw new XmlError(`undeclared entity &${ref}; (only the five predefined entities are allowed)`, line);
      return v;
    });
  }

  private addText(el: XmlElement, s: string): void {
    const last = el.nodes[el.nodes.length - 1];
    if (typeof last === 'string') el.nodes[el.nodes.length - 1] = last + s;
    else el.nodes.push(s);
  }

  /** Returns the text from the cursor to `end` and moves there, counting lines. */
  private take(end: number): string {
    const s = this.text.slice(this.pos, end);
    this.advance(end - this.pos);
    return s;
  }

  private advance(n: number): void {
    for (let i = this.pos; i < this.pos + n; i++) if (this.text.charCodeAt(i) === 10) this.line++;
    this.pos += n;
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && /[ \t\n]/.test(this.text.charAt(this.pos))) this.advance(1);
    return this.pos > start;
  }

  private expect(s: string): void {
    if (!this.text.startsWith(s, this.pos)) this.fail(`expected "${s}"`);
    this.advance(s.length);
  }

  private fail(message: string): never {
    throw new XmlError(message, this.line);
  }
}

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function bindings(parent: ReadonlyMap<string, string> | undefined, attrs: Map<string, string>): ReadonlyMap<string, string> {
  let scope: Map<string, string> | undefined;
  for (const [key, value] of attrs) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    scope ??= new Map(parent ?? [['xml', XML_NS]]);
    scope.set(key === 'xmlns' ? '' : key.slice(6), value);
  }
  return scope ?? parent ?? new Map([['xml', XML_NS]]);
}

/** Resolves a QName attribute value against the element's bindings; undefined when its prefix is unbound. */
export function resolveQName(el: XmlElement, value: string): { ns: string | undefined; local: string } | undefined {
  const [prefix, local] = splitName(value.trim());
  if (prefix === '') return { ns: el.scope.get('') || undefined, local };
  const ns = el.scope.get(prefix);
  return ns === undefined ? undefined : { ns, local };
}

/**
 * Steps name XSD elements `xs:<local>` whatever prefix the file uses, keyed by the attribute that identifies
 * them (`name`, `ref`, `schemaLocation`), else by 1-based position among same-named siblings when ambiguous.
 */
function assignPointers(el: XmlElement, pointer: string): void {
  el.pointer = pointer;
  const counts = new Map<string, number>();
  for (const c of el.children) counts.set(stepName(c), (counts.get(stepName(c)) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const c of el.children) {
    const step = stepName(c);
    const n = (seen.get(step) ?? 0) + 1;
    seen.set(step, n);
    const id = (['name', 'ref', 'schemaLocation'] as const).find((a) => c.attrs.has(a));
    const key = id !== undefined ? `[${id}=${c.attrs.get(id)}]` : (counts.get(step) ?? 0) > 1 ? `[${n}]` : '';
    assignPointers(c, `${pointer}/${step}${key}`);
  }
}

function stepName(el: XmlElement): string {
  return el.ns === XSD_NS ? `xs:${el.local}` : el.name;
}

/** All text below the element, in document order. */
export function textContent(el: XmlElement): string {
  return el.nodes.map((n) => (typeof n === 'string' ? n : textContent(n))).join('');
}
