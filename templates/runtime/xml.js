// XML runtime of the generated codecs (xml.js of each provider): a strict, namespace-aware XML 1.0 parser,
// escaping, the scalar formats of XML Schema, and SOAP 1.2 envelopes. Hand-written, dependency-free and
// browser-safe (no Node Buffer). Generated code calls the helpers below; the exported API is documented in
// xml.d.ts.
//
// Safety: a DOCTYPE is refused, so there is no DTD, no external entity and no entity expansion (no XXE, no
// "billion laughs"). Only the five predefined entities and character references to legal XML characters are
// decoded. Input length, element depth and attributes per element are limited. Decoded objects never take
// their keys from the document except for map-like schemas, and those keys are defined as own data
// properties, so `__proto__` or `constructor` in a document cannot reach a prototype.

/** @typedef {import('./xml.js').XmlIssue} XmlIssue */
/** @typedef {import('./xml.js').XmlDecodeOptions} XmlDecodeOptions */
/** @typedef {import('./xml.js').XmlReadContext} XmlReadContext */
/** @typedef {import('./xml.js').SoapFaultInit} SoapFaultInit */
/** @typedef {import('./xml.js').QName} QName */
/** @typedef {import('./xml.js').SoapFaultDetail} SoapFaultDetail */
/** @typedef {import('./xml.js').XmlFormatter} XmlFormatter */
/**
 * @template T
 * @typedef {import('./xml.js').XmlReader<T>} XmlReader
 */
/**
 * @template T
 * @typedef {import('./xml.js').XmlResult<T>} XmlResult
 */
/**
 * @template T
 * @typedef {{ ok: true, value: T, warnings: XmlIssue[] } | { ok: false, errors: XmlIssue[], fault?: SoapFault }} SoapResult
 */
/** @typedef {import('./xml.js').SoapFaultFields} SoapFaultFields */

/** @type {'http://www.w3.org/2001/XMLSchema-instance'} */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** @type {'http://www.w3.org/XML/1998/namespace'} */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** @type {'http://www.w3.org/2003/05/soap-envelope'} */
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Limits applied when a decode call does not give its own. */
export const DEFAULT_LIMITS = Object.freeze({ maxLength: 8 * 1024 * 1024, maxDepth: 64, maxAttributes: 256 });

/** @type {'<?xml version="1.0" encoding="UTF-8"?>'} */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// ---------------------------------------------------------------------------------------------------------
// Errors

/** A problem with a document or a value, with the place it happened. */
export class XmlError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {string} [path]
   * @param {number} [line]
   * @param {number} [column]
   */
  constructor(code, message, path, line, column) {
    const where = [path, line !== undefined ? `line ${line}, column ${column}` : undefined].filter(Boolean).join(', ');
    super(where ? `${message} (${where})` : message);
    this.name = 'XmlError';
    /** @type {string} */
    this.code = code;
    Object.defineProperty(this, 'reason', { value: message, enumerable: false });
    /** @type {string} */
    this.path = path ?? '';
    if (line !== undefined) {
      /** @type {number | undefined} */
      this.line = line;
      /** @type {number | undefined} */
      this.column = column;
    }
  }

  /**
   * The plain issue object results carry.
   * @returns {XmlIssue}
   */
  toIssue() {
    /** @type {XmlIssue} */
    // @ts-expect-error -- `reason` is defined (not enumerable) by the constructor.
    const issue = { code: this.code, message: this.reason, path: this.path };
    if (this.line !== undefined) {
      issue.line = this.line;
      // @ts-expect-error -- set with `line` (exactOptionalPropertyTypes: the constructor's parameter is optional).
      issue.column = this.column;
    }
    return issue;
  }
}

/** Internal: a decode failure that knows its node; turned into an XmlError with path and line at the top. */
class Fail {
  /**
   * @param {string} code
   * @param {string} message
   * @param {XmlNode | null | undefined} node
   * @param {string} [attr]
   */
  constructor(code, message, node, attr) {
    this.code = code;
    this.message = message;
    this.node = node;
    this.attr = attr;
  }
}

/**
 * @param {string} text
 * @param {number} pos
 * @returns {[number, number]}
 */
function lineCol(text, pos) {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return [line, pos - last];
}

/**
 * `/account/contact/address/@city`, with `[n]` (1-based) where an element has same-named siblings.
 * @param {XmlNode} node
 * @param {string} [attr]
 * @returns {string}
 */
export function pathOf(node, attr) {
  const steps = [];
  for (let /** @type {XmlNode | null} */ n = node; n; n = n.parent) {
    let step = n.name;
    /** @type {XmlNode | null} */
    const p = n.parent;
    if (p && p.children !== null) {
      let count = 0;
      let index = 0;
      for (const c of p.children) {
        if (c.name === n.name) {
          count++;
          if (c === n) index = count;
        }
      }
      if (count > 1) step += `[${index}]`;
    }
    steps.push(step);
  }
  let path = '/' + steps.reverse().join('/');
  if (attr !== undefined) path += `/@${attr}`;
  return path;
}

/**
 * @param {Fail} f
 * @param {string} text
 * @returns {XmlError}
 */
function toXmlError(f, text) {
  if (!f.node) return new XmlError(f.code, f.message, '');
  const [line, column] = lineCol(text, f.node.pos);
  return new XmlError(f.code, f.message, pathOf(f.node, f.attr), line, column);
}

/**
 * @param {number} cp
 * @returns {string}
 */
function codePointName(cp) {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

// ---------------------------------------------------------------------------------------------------------
// Parser

/** One element of a parsed document. Attributes are a flat [name, value, name, value, ...] array or null. */
export class XmlNode {
  /**
   * @param {string} name
   * @param {string} local
   * @param {string} ns
   * @param {string[] | null} attrs
   * @param {XmlNode | null} parent
   * @param {number} pos
   * @param {ReadonlyMap<string, string> | null} scope
   */
  constructor(name, local, ns, attrs, parent, pos, scope) {
    /** Qualified name as written. */
    this.name = name;
    this.local = local;
    /** Namespace URI, '' for none. */
    this.ns = ns;
    this.attrs = attrs;
    /**
     * Child elements in document order, or null when there are none.
     * @type {XmlNode[] | null}
     */
    this.children = null;
    /** Character data (text and CDATA) directly inside the element, concatenated. */
    this.text = '';
    this.parent = parent;
    /** Offset of the start tag in the document. */
    this.pos = pos;
    /** In-scope namespace bindings (Map prefix -> URI, '' for the default namespace), or null when none. */
    this.scope = scope;
  }
}

// 0: not a name character, 1: name character, 2: name start character (ASCII only; others go the slow way).
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME_CHAR[c] = 2;
  else if (/[0-9.-]/.test(ch)) NAME_CHAR[c] = 1;
}
const NAME_START_RE =
  /[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDB7F][\uDC00-\uDFFF]/y;
const NAME_REST_RE =
  /(?:[-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDB7F][\uDC00-\uDFFF])*/y;
/** An XML NCName (a name without colon): what a map key must be to become an element name. */
const NCNAME_RE =
  /^(?:[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDB7F][\uDC00-\uDFFF])(?:[-.0-9A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDB7F][\uDC00-\uDFFF])*$/;

/** Characters XML 1.0 cannot carry: C0 controls other than tab, LF, CR; U+FFFE, U+FFFF; lone surrogates. */
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])([\uDC00-\uDFFF])/;
const ILLEGAL_CTRL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const hasWellFormed = typeof ''.isWellFormed === 'function';

/**
 * @param {string} s
 * @returns {number}
 */
function findIllegal(s) {
  const m = ILLEGAL_CTRL.exec(s);
  if (m === null && (!hasWellFormed || s.isWellFormed())) return -1;
  const m2 = ILLEGAL_CHAR.exec(s);
  if (m2 === null) return -1;
  return m2[1] !== undefined ? m2.index + m2[0].length - 1 : m2.index;
}

const XML_DECL_RE = /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*$/;
const ATTR_SPECIAL = /[\t\n\r&]/;
/** @type {Record<string, string>} */
const PREDEFINED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * @param {number} cp
 * @returns {boolean}
 */
function isXmlChar(cp) {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Parses a document into XmlNode elements and returns the root. Throws XmlError (with line and column) on
 * anything that is not well-formed, namespace-well-formed XML 1.0, on a DOCTYPE, and when a limit is passed.
 * @param {string} input
 * @param {Pick<XmlDecodeOptions, 'maxLength' | 'maxDepth' | 'maxAttributes'>} [options]
 * @returns {XmlNode}
 */
export function parseXml(input, options) {
  const maxLength = options?.maxLength ?? DEFAULT_LIMITS.maxLength;
  if (typeof input !== 'string') throw new XmlError('not-text', 'the document must be given as a string');
  if (input.length > maxLength) {
    throw new XmlError('too-large', `the document has ${input.length} characters, more than the limit of ${maxLength} (option maxLength)`);
  }
  const p = new Parser(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, options);
  if (!p.intern) {
    p.checkChars();
    return p.document();
  }
  try {
    p.checkChars();
    return p.document();
  } finally {
    // Long names are slices of their document: forget them rather than keep the document alive.
    NAMES.fill('');
  }
}

/**
 * Names already made in a big document (its element and attribute names repeat): a name is looked up by its
 * first character and length before a new string is cut for it, which saves the garbage collector copying
 * one string per element and attribute. Small documents skip it (cutting is cheaper than looking up).
 */
const NAME_SLOTS = 256;
const NAMES = new Array(NAME_SLOTS).fill('');
const INTERN_FROM = 16 * 1024;

/**
 * `xmlns` or `xmlns:p`: a namespace declaration, not an attribute.
 * @param {string} a
 * @returns {boolean}
 */
function isXmlns(a) {
  return a.charCodeAt(0) === 120 && a.startsWith('xmlns') && (a.length === 5 || a.charCodeAt(5) === 58);
}

/**
 * The parser's state over one document. Each markup construct has its own method; the position `i` is
 * passed in and the position after the construct returned.
 */
class Parser {
  /**
   * @param {string} s
   * @param {Pick<XmlDecodeOptions, 'maxDepth' | 'maxAttributes'> | undefined} options
   */
  constructor(s, options) {
    this.s = s;
    this.n = s.length;
    this.maxDepth = options?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.maxAttributes = options?.maxAttributes ?? DEFAULT_LIMITS.maxAttributes;
    this.hasCR = false;
    /**
     * The open element (null outside the root), the root once seen, nesting depth, in-scope bindings.
     * @type {XmlNode | null}
     */
    this.cur = null;
    /** @type {XmlNode | null} */
    this.root = null;
    this.depth = 0;
    /** @type {ReadonlyMap<string, string> | null} */
    this.scope = null;
    /** Whether names go through the cache (big documents). */
    this.intern = s.length >= INTERN_FROM;
    /** Set by attributes(): an attribute of the tag has a prefix or declares a namespace. */
    this.qualified = false;
  }

  /**
   * @param {string} code
   * @param {string} message
   * @param {number} pos
   * @returns {never}
   */
  fail(code, message, pos) {
    const [line, column] = lineCol(this.s, pos);
    throw new XmlError(code, message, this.cur ? pathOf(this.cur) : '', line, column);
  }

  /** Refuses characters XML 1.0 cannot carry (anywhere in the document). */
  checkChars() {
    const bad = findIllegal(this.s);
    // @ts-expect-error -- `bad` is an index into the text, so there is a code point there.
    if (bad !== -1) this.fail('illegal-char', `character ${codePointName(this.s.codePointAt(bad))} is not allowed in an XML 1.0 document`, bad);
    this.hasCR = this.s.indexOf('\r') !== -1;
  }

  /**
   * The whole document: the XML declaration, then markup and text up to the end; returns the root.
   * @returns {XmlNode}
   */
  document() {
    const s = this.s;
    const n = this.n;
    let i = this.declaration();
    while (i < n) {
      const lt = s.indexOf('<', i);
      const textEnd = lt === -1 ? n : lt;
      if (textEnd > i) this.text(i, textEnd);
      if (lt === -1) break;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47) i = this.endTag(lt);
      else if (c1 === 33) i = this.markup(lt);
      else if (c1 === 63) i = this.instruction(lt);
      else i = this.startTag(lt);
    }
    if (this.cur !== null) this.fail('not-well-formed', `unclosed element <${this.cur.name}>`, n);
    if (this.root === null) this.fail('not-well-formed', 'no root element', n);
    return this.root;
  }

  /**
   * `<?xml ...?>` at the very start, checked; returns where the content begins.
   * @returns {number}
   */
  declaration() {
    const s = this.s;
    if (!s.startsWith('<?xml', 0) || !/[ \t\r\n]/.test(s.charAt(5))) return 0;
    const end = s.indexOf('?>', 5);
    if (end === -1) this.fail('not-well-formed', 'unclosed XML declaration', 0);
    if (!XML_DECL_RE.test(s.slice(5, end))) this.fail('not-well-formed', 'malformed XML declaration', 0);
    return end + 2;
  }

  /**
   * Character data from `i` to `end`: whitespace only outside the root, else added to the open element.
   * @param {number} i
   * @param {number} end
   */
  text(i, end) {
    const s = this.s;
    const cur = this.cur;
    if (cur === null) {
      for (let k = i; k < end; k++) {
        const c = s.charCodeAt(k);
        if (c !== 32 && c !== 10 && c !== 9 && c !== 13) this.fail('not-well-formed', this.root === null ? 'text before the root element' : 'text after the root element', k);
      }
      return;
    }
    let t = s.slice(i, end);
    if (this.hasCR && t.indexOf('\r') !== -1) t = t.replace(/\r\n?/g, '\n');
    if (t.indexOf('&') !== -1) t = this.decodeRefs(t, i);
    else if (t.indexOf(']]>') !== -1) this.fail('not-well-formed', '"]]>" is not allowed in text', i);
    cur.text = cur.text === '' ? t : cur.text + t;
  }

  /**
   * `</name>` at `i`, which must close the open element.
   * @param {number} i
   * @returns {number}
   */
  endTag(i) {
    const s = this.s;
    const cur = this.cur;
    if (cur === null) this.fail('not-well-formed', 'end tag without a start tag', i);
    const name = cur.name;
    let j = i + 2;
    if (!s.startsWith(name, j)) this.fail('not-well-formed', `end tag does not match <${name}>`, i);
    j += name.length;
    let c = s.charCodeAt(j);
    while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++j);
    if (c !== 62) this.fail('not-well-formed', `end tag does not match <${name}>`, i);
    this.cur = cur.parent;
    this.scope = this.cur === null ? null : this.cur.scope;
    this.depth--;
    return j + 1;
  }

  /**
   * `<!` at `i`: a comment or a CDATA section; a DOCTYPE and other declarations are refused.
   * @param {number} i
   * @returns {number}
   */
  markup(i) {
    const s = this.s;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end === -1) this.fail('not-well-formed', 'unclosed comment', i);
      const dd = s.indexOf('--', i + 4);
      if (dd < end) this.fail('not-well-formed', '"--" is not allowed inside a comment', dd);
      return end + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const cur = this.cur;
      if (cur === null) this.fail('not-well-formed', 'CDATA outside the root element', i);
      const end = s.indexOf(']]>', i + 9);
      if (end === -1) this.fail('not-well-formed', 'unclosed CDATA section', i);
      let t = s.slice(i + 9, end);
      if (this.hasCR && t.indexOf('\r') !== -1) t = t.replace(/\r\n?/g, '\n');
      cur.text = cur.text === '' ? t : cur.text + t;
      return end + 3;
    }
    if (s.startsWith('<!DOCTYPE', i)) this.fail('doctype', 'a DOCTYPE is refused: DTDs, external entities and entity declarations are not processed', i);
    return this.fail('not-well-formed', 'markup declarations are not allowed', i);
  }

  /**
   * A processing instruction at `i` (skipped; `<?xml` is only allowed as the declaration).
   * @param {number} i
   * @returns {number}
   */
  instruction(i) {
    const s = this.s;
    const end = s.indexOf('?>', i + 2);
    if (end === -1) this.fail('not-well-formed', 'unclosed processing instruction', i);
    const te = this.readName(i + 2);
    const target = s.slice(i + 2, te);
    if (target === '' || target.toLowerCase() === 'xml') this.fail('not-well-formed', 'the XML declaration is only allowed at the very start', i);
    return end + 2;
  }

  /**
   * A start tag at `i`: reads its name and attributes, binds namespaces, adds the element; returns the end.
   * @param {number} i
   * @returns {number}
   */
  startTag(i) {
    const s = this.s;
    if (this.cur === null && this.root !== null) this.fail('not-well-formed', 'a second root element', i);
    const j0 = this.readName(i + 1);
    if (j0 === i + 1) this.fail('not-well-formed', 'expected an element name after "<"', i);
    const qname = this.name(i + 1, j0);
    const node = new XmlNode(qname, qname, '', null, this.cur, i, this.scope);
    this.qualified = false;
    const j = this.attributes(node, j0);
    const selfClose = s.charCodeAt(j - 2) === 47;
    const qualified = this.qualified;
    if (qualified) this.declareNamespaces(node);
    if (qname.indexOf(':') !== -1) this.resolvePrefixed(node);
    else if (this.scope !== null) node.ns = this.scope.get('') ?? '';
    if (qualified) this.checkAttributePrefixes(node);
    const cur = this.cur;
    if (cur === null) this.root = node;
    else if (cur.children === null) cur.children = [node];
    else cur.children.push(node);
    if (!selfClose) {
      if (++this.depth > this.maxDepth) this.fail('limit', `elements nested deeper than ${this.maxDepth} (option maxDepth)`, j);
      this.cur = node;
    } else this.scope = cur === null ? null : cur.scope;
    return j;
  }

  /**
   * The attributes of `node`'s start tag from `j` (just after its name) to its `>` or `/>`: sets node.attrs
   * (null when none) and returns the position after the tag. Values are normalised and references decoded.
   * @param {XmlNode} node
   * @param {number} j
   * @returns {number}
   */
  attributes(node, j) {
    const s = this.s;
    const n = this.n;
    let attrs = null;
    for (;;) {
      let c = s.charCodeAt(j);
      const ws = c === 32 || c === 10 || c === 9 || c === 13;
      while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++j);
      if (c === 62) break;
      if (c === 47) {
        if (s.charCodeAt(j + 1) !== 62) this.fail('not-well-formed', 'expected ">" after "/"', j);
        j++;
        break;
      }
      if (j >= n) this.fail('not-well-formed', `unclosed start tag <${node.name}>`, node.pos);
      if (!ws) this.fail('not-well-formed', `expected whitespace before an attribute of <${node.name}>`, j);
      const as = j;
      j = this.readName(j);
      if (j === as) this.fail('not-well-formed', `expected an attribute name in <${node.name}>`, as);
      const aname = this.name(as, j);
      c = s.charCodeAt(j);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++j);
      if (c !== 61) this.fail('not-well-formed', `expected "=" after attribute ${aname}`, j);
      c = s.charCodeAt(++j);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++j);
      if (c !== 34 && c !== 39) this.fail('not-well-formed', `the value of attribute ${aname} must be quoted`, j);
      const q = s.indexOf(c === 34 ? '"' : "'", j + 1);
      if (q === -1) this.fail('not-well-formed', `unterminated value of attribute ${aname}`, j);
      const v = this.attributeValue(j, q, aname);
      j = q + 1;
      if (attrs === null) attrs = [aname, v];
      else {
        for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === aname) this.fail('not-well-formed', `duplicate attribute ${aname}`, as);
        if (attrs.length >= this.maxAttributes * 2) this.fail('limit', `more than ${this.maxAttributes} attributes on one element (option maxAttributes)`, as);
        attrs.push(aname, v);
      }
      if (isXmlns(aname)) this.qualified = true;
      else if (aname.indexOf(':') !== -1) {
        this.qualified = true;
        this.checkQName(aname, as);
      }
    }
    node.attrs = attrs;
    return j + 1;
  }

  /**
   * The value of an attribute quoted at `j` and `q`: normalised (line ends and tabs become spaces), references decoded.
   * @param {number} j
   * @param {number} q
   * @param {string} aname
   * @returns {string}
   */
  attributeValue(j, q, aname) {
    let v = this.s.slice(j + 1, q);
    if (v.indexOf('<') !== -1) this.fail('not-well-formed', `"<" is not allowed in the value of attribute ${aname}`, j);
    if (ATTR_SPECIAL.test(v)) {
      if (this.hasCR) v = v.replace(/\r\n?/g, '\n');
      v = v.replace(/[\t\n]/g, ' ');
      if (v.indexOf('&') !== -1) v = this.decodeRefs(v, j);
    }
    return v;
  }

  /**
   * Namespace declarations among `node`'s attributes (xmlns, xmlns:p) open a new scope for it and below.
   * @param {XmlNode} node
   */
  declareNamespaces(node) {
    /** @type {string[]} */
    // @ts-expect-error -- called for a tag with attributes (a namespace declaration or a prefixed name).
    const attrs = node.attrs;
    let scope = this.scope;
    for (let k = 0; k < attrs.length; k += 2) {
      const a = attrs[k];
      if (!isXmlns(a)) continue;
      if (scope === this.scope) scope = scope === null ? new Map() : new Map(scope);
      const uri = attrs[k + 1];
      if (a.length === 5) {
        if (uri === XML_NS || uri === XMLNS_NS) this.fail('namespace', `${uri} cannot be the default namespace`, node.pos);
        // @ts-expect-error -- the first declaration made `scope` a Map of its own.
        scope.set('', uri);
        continue;
      }
      const p = a.slice(6);
      if (p === '' || p.indexOf(':') !== -1) this.fail('namespace', `"${a}" is not a valid namespace declaration`, node.pos);
      if (uri === '') this.fail('namespace', `prefix ${p} cannot be undeclared in XML 1.0`, node.pos);
      if (p === 'xmlns' || (p === 'xml') !== (uri === XML_NS) || uri === XMLNS_NS) this.fail('namespace', `prefix ${p} cannot be bound to ${uri}`, node.pos);
      // @ts-expect-error -- as above.
      scope.set(p, uri);
    }
    node.scope = this.scope = scope;
  }

  /**
   * Prefixed attributes must be bound too (checked here so that decoders can rely on it).
   * @param {XmlNode} node
   */
  checkAttributePrefixes(node) {
    /** @type {string[]} */
    // @ts-expect-error -- called for a tag with attributes (a prefixed one).
    const attrs = node.attrs;
    const scope = this.scope;
    for (let k = 0; k < attrs.length; k += 2) {
      const a = attrs[k];
      const ac = a.indexOf(':');
      if (ac === -1 || isXmlns(a)) continue;
      const p = a.slice(0, ac);
      if (p !== 'xml' && (scope === null || !scope.has(p))) this.fail('namespace', `namespace prefix "${p}" of attribute ${a} is not declared`, node.pos);
    }
  }

  /**
   * The local name and namespace of element `node` from its prefixed name and the scope.
   * @param {XmlNode} node
   */
  resolvePrefixed(node) {
    const qname = node.name;
    const colon = qname.indexOf(':');
    this.checkQName(qname, node.pos);
    const p = qname.slice(0, colon);
    node.local = qname.slice(colon + 1);
    const uri = p === 'xml' ? XML_NS : this.scope === null ? undefined : this.scope.get(p);
    if (uri === undefined) this.fail('namespace', `namespace prefix "${p}" of <${qname}> is not declared`, node.pos);
    node.ns = uri;
  }

  /**
   * A qualified name has at most one colon, not at either end, and a name start character after it.
   * @param {string} name
   * @param {number} pos
   */
  checkQName(name, pos) {
    const colon = name.indexOf(':');
    if (colon === -1) return;
    if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1 || NAME_CHAR[name.charCodeAt(colon + 1)] === 1) {
      this.fail('not-well-formed', `"${name}" is not a valid qualified name`, pos);
    }
  }

  /**
   * The name between `i` and `j`, the same string as the last one of that shape when the text matches.
   * @param {number} i
   * @param {number} j
   * @returns {string}
   */
  name(i, j) {
    const s = this.s;
    if (!this.intern) return s.slice(i, j);
    const slot = (s.charCodeAt(i) * 31 + j - i) & (NAME_SLOTS - 1);
    const known = NAMES[slot];
    if (known.length === j - i && s.startsWith(known, i)) return known;
    const fresh = s.slice(i, j);
    NAMES[slot] = fresh;
    return fresh;
  }

  /**
   * The end of the XML name starting at `i` (`i` itself when there is none).
   * @param {number} i
   * @returns {number}
   */
  readName(i) {
    const s = this.s;
    const n = this.n;
    let c = s.charCodeAt(i);
    if (c < 128) {
      if (NAME_CHAR[c] !== 2) return i;
    } else {
      NAME_START_RE.lastIndex = i;
      if (!NAME_START_RE.test(s)) return i;
      NAME_REST_RE.lastIndex = NAME_START_RE.lastIndex;
      NAME_REST_RE.test(s);
      return NAME_REST_RE.lastIndex;
    }
    let j = i + 1;
    while (j < n) {
      c = s.charCodeAt(j);
      if (c < 128) {
        if (NAME_CHAR[c] === 0) return j;
        j++;
      } else {
        NAME_REST_RE.lastIndex = j;
        NAME_REST_RE.test(s);
        return NAME_REST_RE.lastIndex;
      }
    }
    return j;
  }

  /**
   * Text `v` with its references decoded: the five predefined entities and character references only.
   * @param {string} v
   * @param {number} pos
   * @returns {string}
   */
  decodeRefs(v, pos) {
    let out = '';
    let last = 0;
    let amp = v.indexOf('&');
    while (amp !== -1) {
      const semi = v.indexOf(';', amp + 1);
      const ref = semi === -1 ? '' : v.slice(amp + 1, semi);
      let ch = PREDEFINED[ref];
      if (ch === undefined || !Object.hasOwn(PREDEFINED, ref)) ch = this.characterReference(ref, pos);
      out += v.slice(last, amp) + ch;
      last = semi + 1;
      amp = v.indexOf('&', last);
    }
    return out + v.slice(last);
  }

  /**
   * The character of reference `&ref;` (ref without & and ;); entity references and a bare & are refused.
   * @param {string} ref
   * @param {number} pos
   * @returns {string}
   */
  characterReference(ref, pos) {
    if (/^#[0-9]+$|^#x[0-9A-Fa-f]+$/.test(ref)) {
      const cp = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(cp)) this.fail('illegal-char', `character reference &${ref.length > 12 ? ref.slice(0, 12) + '...' : ref}; is not a legal XML 1.0 character`, pos);
      return String.fromCodePoint(cp);
    }
    if (/^[A-Za-z_:][-A-Za-z0-9._:]*$/.test(ref)) {
      this.fail('entity', `entity reference &${ref.slice(0, 40)}; is refused: only &lt; &gt; &amp; &quot; &apos; and character references are decoded (no DTD entities)`, pos);
    }
    return this.fail('not-well-formed', 'a bare "&" must be written &amp;', pos);
  }
}

/**
 * The namespace URI of a prefixed attribute name of `node` ('' for an unprefixed one).
 * @param {XmlNode} node
 * @param {string} name
 * @returns {string}
 */
export function attributeNs(node, name) {
  const c = name.indexOf(':');
  if (c === -1) return '';
  const p = name.slice(0, c);
  if (p === 'xml') return XML_NS;
  if (p === 'xmlns') return XMLNS_NS;
  return node.scope?.get(p) ?? '';
}

// ---------------------------------------------------------------------------------------------------------
// Escaping and formatting (encode side)

const TEXT_SPECIAL = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTR_SPECIAL_OUT = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Replacements of the characters below `?` (63): a string to write instead, `undefined` to keep the
 * character, `null` for a character XML 1.0 cannot carry. Text keeps tab and LF; attributes write them (and
 * CR) as references, so they survive attribute-value normalisation.
 * @type {(string | null | undefined)[]}
 */
const TEXT_REPLACE = [];
/** @type {(string | null | undefined)[]} */
const ATTR_REPLACE = [];
for (let c = 0; c < 63; c++) {
  const r = c === 38 ? '&amp;' : c === 60 ? '&lt;' : c === 62 ? '&gt;' : c === 34 ? '&quot;' : c === 39 ? '&apos;' : c === 13 ? '&#13;' : c < 32 && c !== 9 && c !== 10 ? null : undefined;
  TEXT_REPLACE.push(r);
  ATTR_REPLACE.push(c === 9 ? '&#9;' : c === 10 ? '&#10;' : r);
}

/**
 * `s` with its markup characters replaced (`TEXT_REPLACE` or `ATTR_REPLACE`); called only for the strings
 * the fast check found something in. Throws XmlError (path `p` + `step`, built only then) on a character XML
 * 1.0 cannot carry: a control character, a lone surrogate, U+FFFE or U+FFFF.
 * @param {string} s
 * @param {readonly (string | null | undefined)[]} table
 * @param {string} [p]
 * @param {string} [step]
 * @returns {string}
 */
function escapeSlow(s, table, p, step) {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 63) {
      if (c < 0xd800) continue;
      if (c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      } else if (c >= 0xe000 && c < 0xfffe) continue;
      const what = c <= 0xdfff ? `lone surrogate ${codePointName(c)}` : `character ${codePointName(c)}`;
      throw new XmlError('illegal-char', `${what} cannot be written in XML 1.0`, at(p ?? '', step));
    }
    const rep = table[c];
    if (rep === undefined) continue;
    if (rep === null) throw new XmlError('illegal-char', `character ${codePointName(c)} cannot be written in XML 1.0`, at(p ?? '', step));
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Escapes character data: & < > " ' and CR (kept as &#13;). Throws XmlError on a character XML cannot carry.
 * @param {string} s
 * @returns {string}
 */
export function escapeText(s) {
  return TEXT_SPECIAL.test(s) ? escapeSlow(s, TEXT_REPLACE) : s;
}

/**
 * Escapes an attribute value: & < > " ' and tab, LF, CR (as references, so they survive normalisation).
 * @param {string} s
 * @returns {string}
 */
export function escapeAttribute(s) {
  return ATTR_SPECIAL_OUT.test(s) ? escapeSlow(s, ATTR_REPLACE) : s;
}

/**
 * `s` as one flat string: reading a character makes the engine copy a rope (what `+=` leaves) into one
 * string, after which its pieces are garbage. Generated writers call it on every ~16 Ki characters of array
 * items (see generator/emit/xml.ts, `itemLoop`).
 * @param {string} s
 * @returns {string}
 */
export function flat(s) {
  s.charCodeAt(0);
  return s;
}

/**
 * Puts `step` in front of the path of an XmlError thrown while writing a child element (generated writers
 * carry no path, so the happy path builds none; see generator/emit/xml.ts); anything else passes unchanged.
 * @template E
 * @param {E} err
 * @param {string} step
 * @returns {E}
 */
export function within(err, step) {
  if (err instanceof XmlError) {
    err.path = step + err.path;
    // @ts-expect-error -- `reason` is defined (not enumerable) by the constructor.
    err.message = `${err.reason} (${err.path})`;
  }
  return err;
}

/**
 * @param {string} p
 * @param {string | undefined} step
 * @returns {string}
 */
function at(p, step) {
  return step === undefined ? p : `${p}/${step}`;
}

/**
 * @param {unknown} v
 * @param {string} want
 * @param {string} p
 * @param {string} [step]
 * @returns {never}
 */
function wrongType(v, want, p, step) {
  const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  throw new XmlError('type', `expected ${want}, got ${got}`, at(p, step));
}

/**
 * Text content of a string value (checked).
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function esc(v, p, step) {
  if (typeof v !== 'string') wrongType(v, 'a string', p, step);
  return TEXT_SPECIAL.test(v) ? escapeSlow(v, TEXT_REPLACE, p, step) : v;
}

/**
 * Attribute value of a string value (checked).
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function escA(v, p, step) {
  if (typeof v !== 'string') wrongType(v, 'a string', p, step);
  return ATTR_SPECIAL_OUT.test(v) ? escapeSlow(v, ATTR_REPLACE, p, step) : v;
}

/**
 * A string value, unescaped (for xs:list items, which are escaped as a whole).
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtStr(v, p, step) {
  if (typeof v !== 'string') wrongType(v, 'a string', p, step);
  return v;
}

/**
 * xs:int / integer: a JS number that is an integer (a bigint is accepted too).
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtInt(v, p, step) {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return '' + v;
    if (Number.isInteger(v)) return BigInt(v).toString();
  } else if (typeof v === 'bigint') return v.toString();
  return wrongType(v, 'an integer', p, step);
}

/** xs:long / int64: a safe-integer number or a bigint. */
export const fmtLong = fmtInt;

/**
 * xs:double / number: INF, -INF and NaN for the non-finite values, "-0" for negative zero.
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtNum(v, p, step) {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : '' + v;
    return v !== v ? 'NaN' : v > 0 ? 'INF' : '-INF';
  }
  if (typeof v === 'bigint') return v.toString();
  return wrongType(v, 'a number', p, step);
}

/**
 * xs:decimal: finite, written without an exponent.
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtDec(v, p, step) {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'number' || !Number.isFinite(v)) return wrongType(v, 'a finite number', p, step);
  if (Object.is(v, -0)) return '-0';
  const s = '' + v;
  const e = s.indexOf('e');
  if (e === -1) return s;
  // 1.5e-7 -> 0.00000015, 1e+21 -> 1000000000000000000000
  const neg = s.charCodeAt(0) === 45;
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = parseInt(s.slice(e + 1), 10);
  const dot = mant.indexOf('.');
  const digits = dot === -1 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const intLen = (dot === -1 ? mant.length : dot) + exp;
  let out;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return neg ? '-' + out : out;
}

/**
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtBool(v, p, step) {
  if (v === true) return 'true';
  if (v === false) return 'false';
  return wrongType(v, 'a boolean', p, step);
}

/**
 * xs:list: items (already formatted) joined by single spaces.
 * @param {readonly unknown[]} v
 * @param {XmlFormatter} fmt
 * @param {string} p
 * @param {string} [step]
 * @returns {string}
 */
export function fmtList(v, fmt, p, step) {
  if (!Array.isArray(v)) wrongType(v, 'an array', p, step);
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const t = fmt(v[i], p, step);
    if (t === '' || /[ \t\r\n]/.test(t)) throw new XmlError('type', 'an xs:list item cannot be empty or contain whitespace', at(p, step));
    out += i === 0 ? t : ' ' + t;
  }
  return out;
}

/**
 * @param {unknown} v
 * @param {string} p
 */
export function checkObject(v, p) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) wrongType(v, 'an object', p);
}

/**
 * @param {unknown} v
 * @param {string} p
 * @param {string} [step]
 */
export function checkArray(v, p, step) {
  if (!Array.isArray(v)) wrongType(v, 'an array', p, step);
}

/**
 * @param {string} p
 * @param {string} step
 * @returns {never}
 */
export function missingValue(p, step) {
  throw new XmlError('missing', `required ${step.startsWith('@') ? 'attribute' : 'element'} ${step.replace(/^@/, '')} is missing`, p);
}

/**
 * @param {string} p
 * @param {string} step
 * @returns {never}
 */
export function nullAttribute(p, step) {
  throw new XmlError('type', 'an attribute cannot be null (XML has no null attribute)', at(p, step));
}

/**
 * A map key (additionalProperties) as an element name.
 * @param {string} k
 * @param {string} p
 * @returns {string}
 */
export function keyName(k, p) {
  if (!NCNAME_RE.test(k)) throw new XmlError('name', `key ${JSON.stringify(k)} is not a valid XML element name`, p);
  return k;
}

export const NIL = ' xsi:nil="true"';
export const XSI_DECL = ` xmlns:xsi="${XSI_NS}"`;

/**
 * Writes any JSON-like value as an element (schemas without a type): objects as child elements by key.
 * @param {any} v
 * @param {string} tag
 * @param {string} p
 * @returns {string}
 */
export function writeAny(v, tag, p) {
  if (v === undefined) return '';
  if (v === null) return '<' + tag + NIL + XSI_DECL + '/>';
  switch (typeof v) {
    case 'string':
      return v === '' ? '<' + tag + '/>' : '<' + tag + '>' + esc(v, p) + '</' + tag + '>';
    case 'number':
      return '<' + tag + '>' + fmtNum(v, p) + '</' + tag + '>';
    case 'bigint':
      return '<' + tag + '>' + v.toString() + '</' + tag + '>';
    case 'boolean':
      return '<' + tag + '>' + (v ? 'true' : 'false') + '</' + tag + '>';
    case 'object': {
      if (Array.isArray(v)) {
        let s = '';
        for (let i = 0; i < v.length; i++) s += writeAny(v[i], tag, `${p}[${i + 1}]`);
        return s;
      }
      let c = '';
      for (const k of Object.keys(v)) c += writeAny(v[k], keyName(k, p), `${p}/${k}`);
      return c === '' ? '<' + tag + '/>' : '<' + tag + '>' + c + '</' + tag + '>';
    }
    default:
      return wrongType(v, 'a JSON value', p);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Decode helpers (called by generated decoders; `o` is the decode context)

/** @type {Record<string, number>} */
const UNKNOWN_MODES = { error: 0, report: 1, ignore: 2 };

/**
 * @param {XmlDecodeOptions | undefined} options
 * @returns {number}
 */
function unknownMode(options) {
  const mode = options?.unknown ?? 'error';
  const u = Object.hasOwn(UNKNOWN_MODES, mode) ? UNKNOWN_MODES[mode] : undefined;
  if (u === undefined) throw new XmlError('option', `option unknown must be "error", "report" or "ignore", got ${JSON.stringify(mode)}`);
  return u;
}

/**
 * @param {XmlReadContext} o
 * @param {Fail} f
 */
function report(o, f) {
  if (o.u === 0) throw f;
  if (o.u === 1) o.w.push(toXmlError(f, o.s).toIssue());
}

/**
 * An element the schema does not have at this place.
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 */
export function otherElement(e, o) {
  report(o, new Fail('unknown-element', `element <${e.name}>${e.ns ? ` (namespace ${e.ns})` : ''} is not part of the schema here`, e));
}

/**
 * An attribute the schema does not have: namespace declarations and xsi:/xml: attributes are not data.
 * @param {XmlNode} n
 * @param {number} i
 * @param {XmlReadContext} o
 */
export function otherAttribute(n, i, o) {
  // @ts-expect-error -- `i` indexes the element's attributes, so it has some.
  const a = n.attrs[i];
  const ns = attributeNs(n, a);
  if (ns === XMLNS_NS || a === 'xmlns' || ns === XML_NS) return;
  if (ns === XSI_NS) {
    // @ts-expect-error -- as above.
    if (a.slice(a.indexOf(':') + 1) === 'nil' && isTrue(n.attrs[i + 1])) {
      throw new Fail('nil', `<${n.name}> is not nillable (xsi:nil)`, n);
    }
    return;
  }
  report(o, new Fail('unknown-attribute', `attribute ${a} is not part of the schema here`, n, a));
}

/**
 * Non-whitespace text in an element that holds only elements.
 * @param {XmlNode} n
 * @param {XmlReadContext} o
 */
export function otherText(n, o) {
  const t = n.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) {
      report(o, new Fail('unknown-text', `text ${JSON.stringify(t.trim().slice(0, 40))} is not allowed in <${n.name}>, which holds elements`, n));
      return;
    }
  }
}

/**
 * @param {XmlNode} e
 * @returns {never}
 */
export function duplicate(e) {
  throw new Fail('duplicate', `<${e.name}> appears more than once, but the schema allows it once`, e);
}

/**
 * @param {XmlNode} n
 * @param {string} name
 * @param {boolean} [attr]
 * @returns {never}
 */
export function missing(n, name, attr) {
  throw new Fail('missing', `required ${attr ? 'attribute' : 'element'} ${name} is missing`, n);
}

/**
 * @param {string} v
 * @returns {boolean}
 */
function isTrue(v) {
  const t = v.trim();
  return t === 'true' || t === '1';
}

/**
 * True when the element carries xsi:nil="true".
 * @param {XmlNode} e
 * @returns {boolean}
 */
export function isNil(e) {
  const a = e.attrs;
  if (a === null) return false;
  for (let i = 0; i < a.length; i += 2) {
    const name = a[i];
    if (name.endsWith(':nil') && attributeNs(e, name) === XSI_NS) return isTrue(a[i + 1]);
  }
  return false;
}

/**
 * The null of an xsi:nil element (which must be empty).
 * @param {XmlNode} e
 * @returns {null}
 */
export function nil(e) {
  if (e.children !== null || e.text !== '') throw new Fail('nil', `<${e.name}> has xsi:nil="true" but is not empty`, e);
  return null;
}

/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 */
function scalarAttrs(e, o) {
  const a = e.attrs;
  // @ts-expect-error -- called for an element with attributes.
  for (let i = 0; i < a.length; i += 2) otherAttribute(e, i, o);
}

/**
 * Text of an element of simple type (no child elements; xsi:nil refused).
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {string}
 */
export function text(e, o) {
  if (e.attrs !== null) scalarAttrs(e, o);
  if (e.children !== null) for (const c of e.children) otherElement(c, o);
  return e.text;
}

/**
 * Text of a nillable element of simple type: null when xsi:nil="true".
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {string | null}
 */
export function textOrNil(e, o) {
  if (e.attrs !== null) {
    if (isNil(e)) return nil(e);
    scalarAttrs(e, o);
  }
  if (e.children !== null) for (const c of e.children) otherElement(c, o);
  return e.text;
}

/**
 * Like textOrNil, and an empty element is null too (nullable numbers and booleans).
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {string | null}
 */
export function textOrNull(e, o) {
  const t = textOrNil(e, o);
  return t === '' ? null : t;
}

const INT_RE = /^[ \t\r\n]*([+-]?[0-9]+)[ \t\r\n]*$/;
const DEC_RE = /^[ \t\r\n]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*$/;
const DBL_RE = /^[ \t\r\n]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|-?INF|\+INF|NaN)[ \t\r\n]*$/;

/**
 * @param {string} t
 * @param {string} what
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {Fail}
 */
function badValue(t, what, e, attr) {
  return new Fail('value', `${JSON.stringify(t.length > 40 ? t.slice(0, 40) + '...' : t)} is not ${what}`, e, attr);
}

/**
 * `t` as a number when it is only digits (an optional "-" before them), at most 15: the common case, read without a regex.
 * @param {string} t
 * @returns {number | undefined}
 */
function plainInt(t) {
  const n = t.length;
  if (n === 0 || n > 15) return undefined;
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return undefined;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const v = +t;
  return v === 0 ? 0 : v;
}

/**
 * int32 / integer: a JS number; a value beyond 2^53 is refused (it could not be held exactly).
 * @param {string} t
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {number}
 */
export function toInt(t, e, attr) {
  const p = plainInt(t);
  if (p !== undefined) return p;
  const m = INT_RE.exec(t);
  if (m === null) throw badValue(t, 'an integer', e, attr);
  const v = +m[1];
  if (!Number.isSafeInteger(v)) throw new Fail('range', `${m[1]} is beyond 2^53 and cannot be held exactly; the schema should say int64`, e, attr);
  return v === 0 ? 0 : v;
}

/**
 * int64: a JS number when it is a safe integer, else a bigint.
 * @param {string} t
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {number | bigint}
 */
export function toLong(t, e, attr) {
  const p = plainInt(t);
  if (p !== undefined) return p;
  const m = INT_RE.exec(t);
  if (m === null) throw badValue(t, 'an integer', e, attr);
  const d = m[1];
  if (d.length <= 16) {
    const v = +d;
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  }
  const b = BigInt(d);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/**
 * xs:double / float / number: INF, -INF and NaN included.
 * @param {string} t
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {number}
 */
export function toNum(t, e, attr) {
  const m = DBL_RE.exec(t);
  if (m === null) throw badValue(t, 'a number', e, attr);
  const d = m[1];
  if (d === 'INF' || d === '+INF') return Infinity;
  if (d === '-INF') return -Infinity;
  return d === 'NaN' ? NaN : +d;
}

/**
 * xs:decimal: no exponent, no INF/NaN.
 * @param {string} t
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {number}
 */
export function toDec(t, e, attr) {
  const m = DEC_RE.exec(t);
  if (m === null) throw badValue(t, 'a decimal number', e, attr);
  return +m[1];
}

/**
 * xs:boolean: true, false, 1, 0 (surrounding whitespace allowed).
 * @param {string} t
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {boolean}
 */
export function toBool(t, e, attr) {
  switch (t) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
  }
  const c = t.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (c === 'true' || c === '1') return true;
  if (c === 'false' || c === '0') return false;
  throw badValue(t, 'a boolean (true, false, 1 or 0)', e, attr);
}

/**
 * xs:list: whitespace-separated items.
 * @param {string} t
 * @returns {string[]}
 */
export function toList(t) {
  const c = t.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return c === '' ? [] : c.split(/[ \t\r\n]+/);
}

/**
 * xs:list: whitespace-separated items, each converted with `conv` (strings when it is undefined).
 * @param {string} t
 * @template [T=string]
 * @param {((t: string, e: XmlNode, attr?: string) => T) | undefined} conv
 * @param {XmlNode} e
 * @param {string} [attr]
 * @returns {T[]}
 */
export function readList(t, conv, e, attr) {
  /** @type {any[]} */
  const items = toList(t);
  if (conv !== undefined) for (let i = 0; i < items.length; i++) items[i] = conv(items[i], e, attr);
  return items;
}

// Element readers per scalar type; the N forms accept xsi:nil="true" (and an empty element for non-strings) as null.
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {string}
 */
export function readStr(e, o) {
  return text(e, o);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {string | null}
 */
export function readStrN(e, o) {
  return textOrNil(e, o);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number}
 */
export function readInt(e, o) {
  return toInt(text(e, o), e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number | null}
 */
export function readIntN(e, o) {
  const t = textOrNull(e, o);
  return t === null ? null : toInt(t, e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number | bigint}
 */
export function readLong(e, o) {
  return toLong(text(e, o), e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number | bigint | null}
 */
export function readLongN(e, o) {
  const t = textOrNull(e, o);
  return t === null ? null : toLong(t, e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number}
 */
export function readNum(e, o) {
  return toNum(text(e, o), e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number | null}
 */
export function readNumN(e, o) {
  const t = textOrNull(e, o);
  return t === null ? null : toNum(t, e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number}
 */
export function readDec(e, o) {
  return toDec(text(e, o), e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {number | null}
 */
export function readDecN(e, o) {
  const t = textOrNull(e, o);
  return t === null ? null : toDec(t, e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {boolean}
 */
export function readBool(e, o) {
  return toBool(text(e, o), e);
}
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {boolean | null}
 */
export function readBoolN(e, o) {
  const t = textOrNull(e, o);
  return t === null ? null : toBool(t, e);
}

/**
 * Defines an own, enumerable data property (safe for any key, `__proto__` included).
 * @param {object} obj
 * @param {string} key
 * @param {unknown} value
 */
export function setKey(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Reads an element of unknown shape: text when it has no child elements or data attributes, else an object
 * keyed by attribute and child local names (a name repeated among the children becomes an array, and
 * non-whitespace text beside them is kept under "#text"). Keys are defined as own data properties. */
/**
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 * @returns {unknown}
 */
export function readAny(e, o) {
  if (isNil(e)) return nil(e);
  const c = e.children;
  const a = e.attrs;
  /** @type {number[] | null} */
  let data = null;
  if (a !== null) {
    for (let i = 0; i < a.length; i += 2) {
      const ns = attributeNs(e, a[i]);
      if (a[i] === 'xmlns' || ns === XMLNS_NS || ns === XSI_NS || ns === XML_NS) continue;
      (data ??= []).push(i);
    }
  }
  if (c === null && data === null) return e.text;
  /** @type {Record<string, unknown>} */
  const v = {};
  // @ts-expect-error -- `data` lists attributes, so there are some.
  if (data !== null) for (const i of data) setKey(v, a[i].slice(a[i].indexOf(':') + 1), a[i + 1]);
  if (c !== null) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const ch of c) counts.set(ch.local, (counts.get(ch.local) ?? 0) + 1);
    /** @type {Map<string, unknown[]>} */
    const lists = new Map();
    for (const ch of c) {
      const val = readAny(ch, o);
      // @ts-expect-error -- every child was counted just above.
      if (counts.get(ch.local) > 1) {
        let list = lists.get(ch.local);
        if (list === undefined) {
          list = [];
          lists.set(ch.local, list);
          setKey(v, ch.local, list);
        }
        list.push(val);
      } else setKey(v, ch.local, val);
    }
  }
  if (/[^ \t\r\n]/.test(e.text)) setKey(v, '#text', e.text);
  return v;
}

/**
 * Adds child `e` read as any content to map `v`; a repeated name turns the entry into an array.
 * @param {Record<string, any>} v
 * @param {XmlNode} e
 * @param {XmlReadContext} o
 */
export function addAny(v, e, o) {
  const val = readAny(e, o);
  const k = e.local;
  if (!Object.hasOwn(v, k)) setKey(v, k, val);
  else if (Array.isArray(v[k])) v[k].push(val);
  else setKey(v, k, [v[k], val]);
}

// ---------------------------------------------------------------------------------------------------------
// Documents

/**
 * @param {unknown} f
 * @param {XmlReadContext} o
 * @returns {{ ok: false, errors: XmlIssue[] }}
 */
function finish(f, o) {
  if (f instanceof Fail) return { ok: false, errors: [toXmlError(f, o.s).toIssue()] };
  if (f instanceof XmlError) return { ok: false, errors: [f.toIssue()] };
  throw f;
}

/**
 * Decodes a document whose root element is {ns}local with `read`, the generated reader of the root type.
 * `dns` is the namespace of elements the schema gives no namespace of their own.
 * @template T
 * @param {string} text
 * @param {XmlDecodeOptions | undefined} options
 * @param {string} local
 * @param {string} ns
 * @param {string} dns
 * @param {XmlReader<T>} read
 * @returns {XmlResult<T>}
 */
export function decodeDocument(text, options, local, ns, dns, read) {
  const o = { u: 0, w: [], d: dns, s: typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  try {
    o.u = unknownMode(options);
    const root = parseXml(text, options);
    if (root.local !== local || root.ns !== ns) {
      throw new Fail('root', `expected root element <${local}>${ns ? ` in namespace ${ns}` : ''}, got <${root.name}>${root.ns ? ` in namespace ${root.ns}` : ''}`, root);
    }
    const value = read(root, o);
    return { ok: true, value, warnings: o.w };
  } catch (f) {
    return finish(f, o);
  }
}

/**
 * The UTF-8 document text for a root element written by a generated writer.
 * @param {string} body
 * @returns {string}
 */
export function document(body) {
  return XML_DECLARATION + body;
}

// ---------------------------------------------------------------------------------------------------------
// SOAP 1.2

/**
 * `application/soap+xml; charset=utf-8; action="..."` (the action parameter only when an action is given).
 * @param {string} [action]
 * @returns {string}
 */
export function soapContentType(action) {
  if (action === undefined || action === '') return 'application/soap+xml; charset=utf-8';
  if (/[\u0000-\u001F\u007F]/.test(action)) throw new XmlError('value', 'a SOAP action cannot contain control characters');
  return `application/soap+xml; charset=utf-8; action="${action.replace(/["\\]/g, '\\$&')}"`;
}

/** A SOAP 1.2 Fault received in a reply. */
export class SoapFault extends Error {
  /** @param {SoapFaultFields} fault */
  constructor(fault) {
    super(fault.reason || `SOAP fault ${fault.code}`);
    this.name = 'SoapFault';
    this.code = fault.code;
    this.codeNamespace = fault.codeNamespace;
    this.subcodes = fault.subcodes ?? [];
    this.reason = fault.reason ?? '';
    this.reasons = fault.reasons ?? [];
    if (fault.node !== undefined) this.node = fault.node;
    if (fault.role !== undefined) this.role = fault.role;
    if (fault.detail !== undefined) this.detail = fault.detail;
  }
}

/**
 * @param {XmlNode} e
 * @returns {XmlNode[]}
 */
function soapChildren(e) {
  return e.children ?? [];
}

/**
 * @param {XmlNode} e
 * @param {string} raw
 * @returns {QName}
 */
function qnameValue(e, raw) {
  const t = raw.trim();
  const c = t.indexOf(':');
  const prefix = c === -1 ? '' : t.slice(0, c);
  const local = c === -1 ? t : t.slice(c + 1);
  const ns = e.scope?.get(prefix) ?? (prefix === 'xml' ? XML_NS : '');
  return { namespace: ns, local };
}

/**
 * @param {XmlNode} f
 * @returns {SoapFault}
 */
function readFault(f) {
  let code = '';
  let codeNamespace = '';
  /** @type {QName[]} */
  const subcodes = [];
  /** @type {{ lang: string, text: string }[]} */
  const reasons = [];
  /** @type {string | undefined} */
  let node;
  /** @type {string | undefined} */
  let role;
  /** @type {SoapFaultDetail[] | undefined} */
  let detail;
  for (const c of soapChildren(f)) {
    if (c.ns !== SOAP12_NS) continue;
    if (c.local === 'Code') {
      /** @type {XmlNode | undefined} */
      let cur = c;
      let first = true;
      while (cur) {
        const kids = soapChildren(cur);
        const value = kids.find((k) => k.ns === SOAP12_NS && k.local === 'Value');
        if (value) {
          const q = qnameValue(value, value.text);
          if (first) {
            code = q.local;
            codeNamespace = q.namespace;
          } else subcodes.push(q);
        }
        first = false;
        cur = kids.find((k) => k.ns === SOAP12_NS && k.local === 'Subcode');
      }
    } else if (c.local === 'Reason') {
      for (const t of soapChildren(c)) {
        if (t.ns !== SOAP12_NS || t.local !== 'Text') continue;
        let lang = '';
        const a = t.attrs;
        if (a !== null) for (let i = 0; i < a.length; i += 2) if (attributeNs(t, a[i]) === XML_NS && a[i].endsWith(':lang')) lang = a[i + 1];
        reasons.push({ lang, text: t.text });
      }
    } else if (c.local === 'Node') node = c.text.trim();
    else if (c.local === 'Role') role = c.text.trim();
    else if (c.local === 'Detail') detail = soapChildren(c).map((d) => ({ name: d.local, namespace: d.ns, value: readAny(d, { u: 2, w: [], d: '', s: '' }) }));
  }
  /** @type {SoapFaultFields} */
  const fault = { code, codeNamespace, subcodes, reasons, reason: reasons.find((r) => r.lang.toLowerCase().startsWith('en'))?.text ?? reasons[0]?.text ?? '' };
  if (node !== undefined) fault.node = node;
  if (role !== undefined) fault.role = role;
  if (detail !== undefined) fault.detail = detail;
  return new SoapFault(fault);
}

/**
 * Decodes a SOAP 1.2 envelope: Body/{ns}wrapper/{ns}element read with `read` (child elements without a
 * namespace of their own are in `ns`). A Fault in the Body becomes `{ ok: false, fault, errors }`.
 * @template T
 * @param {string} text
 * @param {XmlDecodeOptions | undefined} options
 * @param {string} ns
 * @param {string} wrapper
 * @param {string} element
 * @param {XmlReader<T>} read
 * @returns {SoapResult<T>}
 */
export function decodeSoap(text, options, ns, wrapper, element, read) {
  const o = { u: 0, w: [], d: ns, s: typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  try {
    o.u = unknownMode(options);
    const env = parseXml(text, options);
    if (env.local !== 'Envelope' || env.ns !== SOAP12_NS) {
      const why = env.local === 'Envelope' && env.ns === SOAP11_NS ? 'a SOAP 1.1 envelope; this operation speaks SOAP 1.2' : `<${env.name}> in namespace ${env.ns || '(none)'}`;
      throw new Fail('soap', `expected a SOAP 1.2 Envelope (${SOAP12_NS}), got ${why}`, env);
    }
    let body;
    for (const c of soapChildren(env)) {
      if (c.ns === SOAP12_NS && c.local === 'Body' && body === undefined) body = c;
      else if (!(c.ns === SOAP12_NS && c.local === 'Header')) otherElement(c, o);
    }
    if (body === undefined) throw new Fail('soap', 'the SOAP envelope has no Body', env);
    const parts = soapChildren(body);
    const fault = parts.find((c) => c.ns === SOAP12_NS && c.local === 'Fault');
    if (fault) {
      const err = readFault(fault);
      const issue = toXmlError(new Fail('soap-fault', `SOAP fault ${err.code}${err.subcodes.length ? ` (${err.subcodes.map((q) => q.local).join(', ')})` : ''}: ${err.reason}`, fault), o.s).toIssue();
      return { ok: false, errors: [issue], fault: err };
    }
    let wrap;
    for (const c of parts) {
      if (c.ns === ns && c.local === wrapper && wrap === undefined) wrap = c;
      else otherElement(c, o);
    }
    if (wrap === undefined) throw new Fail('soap', `the SOAP Body has no <${wrapper}> in namespace ${ns}`, body);
    otherText(body, o);
    let part;
    if (wrap.attrs !== null) for (let i = 0; i < wrap.attrs.length; i += 2) otherAttribute(wrap, i, o);
    for (const c of soapChildren(wrap)) {
      if (c.ns === ns && c.local === element && part === undefined) part = c;
      else otherElement(c, o);
    }
    otherText(wrap, o);
    if (part === undefined) throw new Fail('missing', `<${wrapper}> has no <${element}>`, wrap);
    const value = read(part, o);
    return { ok: true, value, warnings: o.w };
  } catch (f) {
    return finish(f, o);
  }
}

/**
 * A SOAP 1.2 envelope around `{ns}wrapper` holding `inner` (XML already written, its elements unprefixed so
 * they are in `ns`). `decls` are extra namespace declarations for the Envelope.
 * @param {string} ns
 * @param {string} wrapper
 * @param {string} inner
 * @param {string} decls
 * @returns {string}
 */
export function soapEnvelope(ns, wrapper, inner, decls) {
  return (
    XML_DECLARATION +
    '<soap:Envelope xmlns:soap="' +
    SOAP12_NS +
    '"' +
    decls +
    '><soap:Body><' +
    wrapper +
    ' xmlns="' +
    escapeAttribute(ns) +
    '">' +
    inner +
    '</' +
    wrapper +
    '></soap:Body></soap:Envelope>'
  );
}

/**
 * A SOAP 1.2 Fault envelope (for servers and mocks). `code` is Sender, Receiver, MustUnderstand,
 * VersionMismatch or DataEncodingUnknown; `detail` is written as child elements of Detail by key.
 * @param {SoapFaultInit} fault
 * @returns {string}
 */
export function encodeSoapFault(fault) {
  const codes = ['VersionMismatch', 'MustUnderstand', 'DataEncodingUnknown', 'Sender', 'Receiver'];
  if (!codes.includes(fault.code)) throw new XmlError('value', `SOAP 1.2 fault code must be one of ${codes.join(', ')}`);
  let sub = '';
  let close = '';
  for (const q of fault.subcodes ?? []) {
    const local = keyName(q.local, '/Fault/Code');
    sub += '<soap:Subcode><soap:Value' + (q.namespace ? ' xmlns:s="' + escapeAttribute(q.namespace) + '">s:' : '>') + local + '</soap:Value>';
    close += '</soap:Subcode>';
  }
  let detail = '';
  if (fault.detail !== undefined) {
    let c = '';
    for (const k of Object.keys(fault.detail)) c += writeAny(fault.detail[k], keyName(k, '/Fault/Detail'), `/Fault/Detail/${k}`);
    detail = '<soap:Detail>' + c + '</soap:Detail>';
  }
  return (
    XML_DECLARATION +
    '<soap:Envelope xmlns:soap="' +
    SOAP12_NS +
    '"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:' +
    fault.code +
    '</soap:Value>' +
    sub +
    close +
    '</soap:Code><soap:Reason><soap:Text xml:lang="' +
    escapeAttribute(fault.lang ?? 'en') +
    '">' +
    escapeText(fault.reason) +
    '</soap:Text></soap:Reason>' +
    (fault.node !== undefined ? '<soap:Node>' + escapeText(fault.node) + '</soap:Node>' : '') +
    (fault.role !== undefined ? '<soap:Role>' + escapeText(fault.role) + '</soap:Role>' : '') +
    detail +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}
