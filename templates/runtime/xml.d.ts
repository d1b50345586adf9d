// Declarations of the XML runtime (xml.js). Generated providers re-export the public part from their xml.js.

/** Options of every decode function. */
export interface XmlDecodeOptions {
  /**
   * Elements, attributes and text the schema has no place for: `'error'` (default) fails the decode,
   * `'report'` skips them and lists them in `warnings`, `'ignore'` skips them silently. They never land in
   * another field. Namespace declarations and `xsi:` / `xml:` attributes are not data and are never unknown.
   */
  unknown?: 'error' | 'report' | 'ignore';
  /** Longest accepted document, in UTF-16 code units (default 8388608). */
  maxLength?: number;
  /** Deepest accepted element nesting (default 64). */
  maxDepth?: number;
  /** Most attributes on one element (default 256). */
  maxAttributes?: number;
}

/** One problem found while decoding, with where it is. */
export interface XmlIssue {
  /**
   * `not-well-formed`, `doctype`, `entity`, `illegal-char`, `namespace`, `limit`, `too-large`, `root`,
   * `unknown-element`, `unknown-attribute`, `unknown-text`, `duplicate`, `missing`, `value`, `range`, `nil`,
   * `soap`, `soap-fault`, ...
   */
  code: string;
  message: string;
  /** Element path such as `/account/contact/address/@city` (`[n]` marks the n-th of same-named siblings). */
  path: string;
  line?: number;
  column?: number;
}

export type XmlResult<T> = { ok: true; value: T; warnings: XmlIssue[] } | { ok: false; errors: XmlIssue[] };

/** A SOAP decode: like XmlResult, and a SOAP Fault in the Body comes back as `fault`. */
export type SoapResult<T> = { ok: true; value: T; warnings: XmlIssue[] } | { ok: false; errors: XmlIssue[]; fault?: SoapFault };

/** Thrown by encoders (and by parseXml): a value that does not fit the schema, or a character XML cannot carry. */
export declare class XmlError extends Error {
  constructor(code: string, message: string, path?: string, line?: number, column?: number);
  readonly code: string;
  readonly path: string;
  /** Where in the document, for a problem found while parsing (absent otherwise). */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  toIssue(): XmlIssue;
}

/** An expanded name: namespace URI ('' for none) and local part. */
export interface QName {
  namespace: string;
  local: string;
}

/** A child of a fault's Detail, read as any content (text, or an object by child name). */
export interface SoapFaultDetail {
  name: string;
  namespace: string;
  value: unknown;
}

/** What a SoapFault is made from: the parts of a Fault element as read. */
export interface SoapFaultFields {
  code: string;
  codeNamespace: string;
  subcodes?: QName[];
  reason?: string;
  reasons?: { lang: string; text: string }[];
  node?: string;
  role?: string;
  detail?: SoapFaultDetail[];
}

/** A SOAP 1.2 Fault received in a reply (Code/Value, Subcode chain, Reason/Text, Node, Role, Detail). */
export declare class SoapFault extends Error {
  constructor(fault: SoapFaultFields);
  /** Local part of Code/Value: VersionMismatch, MustUnderstand, DataEncodingUnknown, Sender or Receiver. */
  readonly code: 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown' | 'Sender' | 'Receiver' | (string & {});
  readonly codeNamespace: string;
  /** Subcode values, outermost first. */
  readonly subcodes: QName[];
  /** The English reason text if there is one, else the first. */
  readonly reason: string;
  readonly reasons: { lang: string; text: string }[];
  /** Node, Role and Detail when the fault has them (absent otherwise). */
  readonly node?: string | undefined;
  readonly role?: string | undefined;
  readonly detail?: SoapFaultDetail[] | undefined;
}

/** What encodeSoapFault writes. */
export interface SoapFaultInit {
  code: 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown' | 'Sender' | 'Receiver';
  subcodes?: { namespace?: string; local: string }[];
  reason: string;
  /** Language of the reason (default "en"). */
  lang?: string;
  node?: string;
  role?: string;
  /** Written as child elements of Detail, by key. */
  detail?: Record<string, unknown>;
}

/** `application/soap+xml; charset=utf-8; action="<action>"` (no action parameter when action is absent). */
export declare function soapContentType(action?: string): string;

/** A SOAP 1.2 envelope holding a Fault (for servers and mocks). */
export declare function encodeSoapFault(fault: SoapFaultInit): string;

export declare const XSI_NS: 'http://www.w3.org/2001/XMLSchema-instance';
export declare const XML_NS: 'http://www.w3.org/XML/1998/namespace';
export declare const SOAP12_NS: 'http://www.w3.org/2003/05/soap-envelope';
export declare const XML_DECLARATION: '<?xml version="1.0" encoding="UTF-8"?>';
export declare const DEFAULT_LIMITS: Readonly<{ maxLength: number; maxDepth: number; maxAttributes: number }>;

/** One element of a parsed document. */
export declare class XmlNode {
  constructor(name: string, local: string, ns: string, attrs: string[] | null, parent: XmlNode | null, pos: number, scope: ReadonlyMap<string, string> | null);
  /** Qualified name as written. */
  readonly name: string;
  readonly local: string;
  /** Namespace URI, '' for none. */
  readonly ns: string;
  /** Attributes as a flat [name, value, name, value, ...] array, or null. */
  readonly attrs: string[] | null;
  readonly children: XmlNode[] | null;
  /** Character data directly inside the element (text and CDATA, references decoded). */
  readonly text: string;
  readonly parent: XmlNode | null;
  /** Offset of the start tag in the document. */
  readonly pos: number;
  readonly scope: ReadonlyMap<string, string> | null;
}

/**
 * Parses a document (strict XML 1.0 with namespaces; DOCTYPE refused; only the predefined entities and
 * character references decoded). Throws XmlError with line and column.
 */
export declare function parseXml(text: string, options?: Pick<XmlDecodeOptions, 'maxLength' | 'maxDepth' | 'maxAttributes'>): XmlNode;

/** The namespace URI of attribute `name` of `node` ('' for an unprefixed name). */
export declare function attributeNs(node: XmlNode, name: string): string;

/** `/a/b[2]/@c` for a node (and attribute). */
export declare function pathOf(node: XmlNode, attr?: string): string;

/** Escapes character data (& < > " ' and CR). Throws XmlError on a character XML 1.0 cannot carry. */
export declare function escapeText(s: string): string;

/** Escapes an attribute value (& < > " ' and tab, LF, CR). Throws XmlError on a character XML 1.0 cannot carry. */
export declare function escapeAttribute(s: string): string;

// ---------------------------------------------------------------------------------------------------------
// Helpers the generated xml.js modules call. Not part of a provider's public surface (providers do not
// re-export them); declared so the generated JavaScript typechecks against the runtime it imports.

/** The decode state the generated readers pass along (unknown-content mode, warnings, default namespace). */
export interface XmlReadContext {
  u: number;
  w: XmlIssue[];
  d: string;
  s: string;
}
/** A generated reader of one type. */
export type XmlReader<T> = (e: XmlNode, o: XmlReadContext) => T;
/** A generated formatter of one scalar (value, path of the parent, step of the value). */
export type XmlFormatter = (v: unknown, p: string, step?: string) => string;

export declare const NIL: ' xsi:nil="true"';
export declare const XSI_DECL: string;

export declare function esc(v: unknown, p: string, step?: string): string;
export declare function escA(v: unknown, p: string, step?: string): string;
export declare function fmtStr(v: unknown, p: string, step?: string): string;
export declare function fmtInt(v: unknown, p: string, step?: string): string;
export declare function fmtLong(v: unknown, p: string, step?: string): string;
export declare function fmtNum(v: unknown, p: string, step?: string): string;
export declare function fmtDec(v: unknown, p: string, step?: string): string;
export declare function fmtBool(v: unknown, p: string, step?: string): string;
export declare function fmtList(v: readonly unknown[], fmt: XmlFormatter, p: string, step?: string): string;
export declare function checkObject(v: unknown, p: string): void;
export declare function checkArray(v: unknown, p: string, step?: string): void;
export declare function missingValue(p: string, step: string): never;
export declare function nullAttribute(p: string, step: string): never;
export declare function keyName(k: string, p: string): string;
export declare function writeAny(v: unknown, tag: string, p: string): string;
/** `s` as one flat string (generated writers flatten every ~16 Ki characters of array items). */
export declare function flat(s: string): string;
/** Puts `step` in front of the path of an XmlError thrown while writing a child element; anything else passes. */
export declare function within<E>(err: E, step: string): E;

export declare function otherElement(e: XmlNode, o: XmlReadContext): void;
export declare function otherAttribute(n: XmlNode, i: number, o: XmlReadContext): void;
export declare function otherText(n: XmlNode, o: XmlReadContext): void;
export declare function duplicate(e: XmlNode): never;
export declare function missing(n: XmlNode, name: string, attr?: boolean): never;
export declare function isNil(e: XmlNode): boolean;
export declare function nil(e: XmlNode): null;
export declare function text(e: XmlNode, o: XmlReadContext): string;
export declare function textOrNil(e: XmlNode, o: XmlReadContext): string | null;
export declare function textOrNull(e: XmlNode, o: XmlReadContext): string | null;

export declare function toInt(t: string, e: XmlNode, attr?: string): number;
export declare function toLong(t: string, e: XmlNode, attr?: string): number | bigint;
export declare function toNum(t: string, e: XmlNode, attr?: string): number;
export declare function toDec(t: string, e: XmlNode, attr?: string): number;
export declare function toBool(t: string, e: XmlNode, attr?: string): boolean;
export declare function toList(t: string): string[];
export declare function readList<T = string>(t: string, conv: ((t: string, e: XmlNode, attr?: string) => T) | undefined, e: XmlNode, attr?: string): T[];

export declare function readStr(e: XmlNode, o: XmlReadContext): string;
export declare function readStrN(e: XmlNode, o: XmlReadContext): string | null;
export declare function readInt(e: XmlNode, o: XmlReadContext): number;
export declare function readIntN(e: XmlNode, o: XmlReadContext): number | null;
export declare function readLong(e: XmlNode, o: XmlReadContext): number | bigint;
export declare function readLongN(e: XmlNode, o: XmlReadContext): number | bigint | null;
export declare function readNum(e: XmlNode, o: XmlReadContext): number;
export declare function readNumN(e: XmlNode, o: XmlReadContext): number | null;
export declare function readDec(e: XmlNode, o: XmlReadContext): number;
export declare function readDecN(e: XmlNode, o: XmlReadContext): number | null;
export declare function readBool(e: XmlNode, o: XmlReadContext): boolean;
export declare function readBoolN(e: XmlNode, o: XmlReadContext): boolean | null;
export declare function setKey(obj: object, key: string, value: unknown): void;
export declare function readAny(e: XmlNode, o: XmlReadContext): unknown;
export declare function addAny(v: object, e: XmlNode, o: XmlReadContext): void;

export declare function decodeDocument<T>(text: string, options: XmlDecodeOptions | undefined, local: string, ns: string, dns: string, read: XmlReader<T>): XmlResult<T>;
export declare function document(body: string): string;
export declare function decodeSoap<T>(text: string, options: XmlDecodeOptions | undefined, ns: string, wrapper: string, element: string, read: XmlReader<T>): SoapResult<T>;
/** `decls`: namespace declarations for the Envelope, each with its leading space ("" for none). */
export declare function soapEnvelope(ns: string, wrapper: string, inner: string, decls: string): string;
