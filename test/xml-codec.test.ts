/**
 * The XML/SOAP codecs (generator/emit/xml.ts + templates/runtime/xml.js), run as generated code:
 * - table-driven unit tests per construct on small OpenAPI and XSD fixtures (attribute, element, order,
 *   wrapped/unwrapped and single-item arrays, simpleContent, xs:list, nillable, namespaces, maps, escaping,
 *   illegal characters, DOCTYPE/entity refusal, limits, `__proto__` names, unknown content, number policy);
 * - golden tests: every XML example of every spec (and Tier 3's x-soap examples) decodes to the expected
 *   values and encodes back to equivalent XML (compared canonicalised);
 * - SOAP 1.2: envelope, Content-Type, reply unwrapping, Fault parsing;
 * - lossless round trips by property tests for every XML model of the three providers and for the vendor's
 *   real account.xsd and response.xsd.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitXml, xmlRootKeys } from '../generator/emit/xml.ts';
import type { IRProvider, JsonValue } from '../generator/ir/types.ts';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { Diagnostics } from '../generator/diagnostics.ts';
import { emitModelsDts } from '../generator/emit/types.ts';
import { repoRoot } from './support/paths.ts';
import { irFromYaml, withSchemas } from './support/ir.ts';
import { contextOf, modelArb } from './support/xml-arbitrary.ts';
import { bigPmMetrics, bigPmResponse, PM_METRICS_XSD } from './support/xml-big.ts';
import {
  canonical,
  hasRealPm,
  irFromXsd,
  loadCodec,
  loadRuntime,
  realPmDir,
  removeWorkDir,
  realPmProvider,
  specProviders,
  type LoadedCodec,
  type SoapFaultLike,
  type XmlResult,
  type XmlRuntime,
} from './support/xml-codec.ts';
import { strictOptions } from './support/typecheck.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSI_DECL = ` xmlns:xsi="${XSI}"`;
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** Builds an object with own data properties (so `__proto__` is a key, not the prototype). */
function own(entries: Record<string, unknown> | [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Array.isArray(entries) ? entries : Object.entries(entries)) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function body(xml: string): string {
  expect(xml.startsWith(DECL)).toBe(true);
  return xml.slice(DECL.length);
}

function ok(r: XmlResult): unknown {
  if (!r.ok) throw new Error(`decode failed: ${JSON.stringify(r.errors)}`);
  return r.value;
}

function failure(r: XmlResult): { code: string; path: string; message: string } {
  if (r.ok) throw new Error(`decode succeeded: ${JSON.stringify(r.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.errors[0]!;
}

function thrown(f: () => unknown): { code: string; path: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { code: string; path: string; message: string };
  }
  throw new Error('did not throw');
}

// ---- fixtures ----------------------------------------------------------------------------------------------

const SHOP = withSchemas({
  Order: {
    type: 'object',
    xml: { name: 'order' },
    required: ['id', 'items'],
    properties: {
      id: { type: 'integer', format: 'int64', xml: { attribute: true } },
      status: { type: 'string', xml: { attribute: true, name: 'state' } },
      note: { type: 'string' },
      count: { type: 'integer', format: 'int32' },
      ratio: { type: 'number' },
      big: { type: 'integer', format: 'int64' },
      flag: { type: 'boolean' },
      items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
      tags: { type: 'array', xml: { wrapped: true, name: 'tagList' }, items: { type: 'string', xml: { name: 'tag' } } },
      fax: { type: ['string', 'null'] },
      extra: { anyOf: [{ $ref: '#/components/schemas/Item' }, { type: 'null' }] },
    },
  },
  Item: {
    type: 'object',
    xml: { name: 'item' },
    required: ['sku'],
    properties: { sku: { type: 'string', xml: { attribute: true } }, qty: { type: 'integer' } },
  },
  Ns: {
    type: 'object',
    xml: { name: 'root', namespace: 'urn:root' },
    properties: {
      a: { type: 'string' },
      b: { type: 'string', xml: { namespace: 'urn:b', prefix: 'b' } },
      c: { type: 'string', xml: { attribute: true, namespace: 'urn:b', prefix: 'b' } },
    },
  },
  Prefixed: { type: 'object', xml: { name: 'doc', namespace: 'urn:p', prefix: 'p' }, properties: { a: { type: 'string' } } },
  Bag: { type: 'object', xml: { name: 'bag' }, additionalProperties: { type: 'integer' } },
  Proto: {
    type: 'object',
    xml: { name: 'proto' },
    // A computed key: a literal `__proto__:` would set the prototype instead of defining a property.
    properties: { ['__proto__']: { type: 'string' }, constructor: { type: 'string' }, toString: { type: 'string', xml: { attribute: true } } },
  },
  Anything: { type: 'object', xml: { name: 'anything' }, properties: { raw: {} } },
});

const PRICE_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="price" type="priceType"/>
  <xs:complexType name="priceType">
    <xs:sequence>
      <xs:element name="amount" type="amountType"/>
      <xs:element name="codes" type="codeList" minOccurs="0"/>
      <xs:element name="comment" type="xs:string" nillable="true" minOccurs="0"/>
      <xs:element name="line" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="qty" type="xs:int" nillable="true" minOccurs="0"/>
      <xs:element name="when" type="xs:dateTime" minOccurs="0"/>
    </xs:sequence>
    <xs:attribute name="id" type="xs:long" use="required"/>
  </xs:complexType>
  <xs:complexType name="amountType">
    <xs:simpleContent>
      <xs:extension base="xs:decimal">
        <xs:attribute name="currency" type="xs:string" use="required"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:simpleType name="codeList"><xs:list itemType="xs:int"/></xs:simpleType>
</xs:schema>
`;

const noteXsd = (form: 'qualified' | 'unqualified'): string => `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="${form}">
  <xs:element name="note" type="t:noteType"/>
  <xs:complexType name="noteType">
    <xs:sequence><xs:element name="to" type="xs:string"/></xs:sequence>
    <xs:attribute name="lang" type="xs:string"/>
  </xs:complexType>
</xs:schema>
`;

let rt: XmlRuntime;
let shop: LoadedCodec;
let price: LoadedCodec;
let qualified: LoadedCodec;
let unqualified: LoadedCodec;

afterAll(() => removeWorkDir());

beforeAll(async () => {
  rt = await loadRuntime();
  const { provider, diagnostics } = irFromYaml(SHOP, 'shop');
  expect(diagnostics.items).toEqual([]);
  shop = await loadCodec(provider, provider.models.map((m) => m.key));
  const p = irFromXsd({ 'price.xsd': PRICE_XSD });
  expect(p.diagnostics.items).toEqual([]);
  price = await loadCodec(p.provider, p.elements);
  const q = irFromXsd({ 'note.xsd': noteXsd('qualified') });
  qualified = await loadCodec(q.provider, q.elements);
  const u = irFromXsd({ 'note.xsd': noteXsd('unqualified') });
  unqualified = await loadCodec(u.provider, u.elements);
});

// ---- writing -----------------------------------------------------------------------------------------------

describe('encode: one construct at a time', () => {
  const cases: [string, string, () => unknown, string][] = [
    ['attribute (and a required empty array)', 'Order', () => ({ id: 7, items: [] }), `<order${XSI_DECL} id="7"/>`],
    ['attribute renamed by xml.name', 'Order', () => ({ id: 7, status: 'open', items: [] }), `<order${XSI_DECL} id="7" state="open"/>`],
    ['element', 'Order', () => ({ id: 1, note: 'hi', items: [] }), `<order${XSI_DECL} id="1"><note>hi</note></order>`],
    [
      'declaration order, whatever the key order of the value',
      'Order',
      () => ({ flag: true, count: 3, note: 'n', items: [], id: 1 }),
      `<order${XSI_DECL} id="1"><note>n</note><count>3</count><flag>true</flag></order>`,
    ],
    [
      'unwrapped array: items repeat, named by the item model',
      'Order',
      () => ({ id: 1, items: [{ sku: 'A' }, { sku: 'B', qty: 2 }] }),
      `<order${XSI_DECL} id="1"><item sku="A"/><item sku="B"><qty>2</qty></item></order>`,
    ],
    ['single-item array', 'Order', () => ({ id: 1, items: [{ sku: 'A' }] }), `<order${XSI_DECL} id="1"><item sku="A"/></order>`],
    [
      'wrapped array',
      'Order',
      () => ({ id: 1, items: [], tags: ['x', 'y'] }),
      `<order${XSI_DECL} id="1"><tagList><tag>x</tag><tag>y</tag></tagList></order>`,
    ],
    ['empty wrapped array', 'Order', () => ({ id: 1, items: [], tags: [] }), `<order${XSI_DECL} id="1"><tagList/></order>`],
    ['null as xsi:nil', 'Order', () => ({ id: 1, items: [], fax: null, extra: null }), `<order${XSI_DECL} id="1"><fax xsi:nil="true"/><extra xsi:nil="true"/></order>`],
    ['empty string', 'Order', () => ({ id: 1, items: [], fax: '' }), `<order${XSI_DECL} id="1"><fax></fax></order>`],
    [
      'numbers: int64 beyond 2^53 as bigint, doubles, -0',
      'Order',
      () => ({ id: 9223372036854775807n, items: [], big: -9007199254740993n, ratio: -0, count: -2147483648 }),
      `<order${XSI_DECL} id="9223372036854775807"><count>-2147483648</count><ratio>-0</ratio><big>-9007199254740993</big></order>`,
    ],
    ['large double', 'Order', () => ({ id: 1, items: [], ratio: 1e21 }), `<order${XSI_DECL} id="1"><ratio>1e+21</ratio></order>`],
    [
      'escaping in text and attributes',
      'Order',
      () => ({ id: 1, status: `a"b'c<d>&\t\n\r`, note: `a"b'c<d>&\t\n\r]]>`, items: [] }),
      `<order${XSI_DECL} id="1" state="a&quot;b&apos;c&lt;d&gt;&amp;&#9;&#10;&#13;"><note>a&quot;b&apos;c&lt;d&gt;&amp;\t\n&#13;]]&gt;</note></order>`,
    ],
    ['astral characters pass as they are', 'Order', () => ({ id: 1, note: '😀é', items: [] }), `<order${XSI_DECL} id="1"><note>😀é</note></order>`],
    [
      'namespaces: default for the root, prefixes for the rest',
      'Ns',
      () => ({ a: '1', b: '2', c: '3' }),
      '<root xmlns="urn:root" xmlns:b="urn:b" b:c="3"><a>1</a><b:b>2</b:b></root>',
    ],
    ['a prefixed root: its plain children are in no namespace', 'Prefixed', () => ({ a: '1' }), '<p:doc xmlns:p="urn:p"><a>1</a></p:doc>'],
    ['map (additionalProperties)', 'Bag', () => ({ x: 1, y: 2 }), '<bag><x>1</x><y>2</y></bag>'],
    [
      '__proto__ / constructor / toString as property names',
      'Proto',
      () => own([['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]),
      '<proto toString="t"><__proto__>p</__proto__><constructor>c</constructor></proto>',
    ],
    ['inherited constructor/toString are not values', 'Proto', () => ({}), '<proto/>'],
    ['any content', 'Anything', () => ({ raw: { a: 'x', b: ['1', '2'] } }), '<anything><raw><a>x</a><b>1</b><b>2</b></raw></anything>'],
  ];
  it.each(cases)('%s', (_name, model, value, want) => {
    expect(body(shop.encode(`encode${model}`)(value()))).toBe(want);
  });

  const xsdCases: [string, unknown, string][] = [
    [
      'simpleContent (text plus attribute), xs:list, sequence order',
      { codes: [1, 2, 3], id: 5, amount: { value: 12.5, currency: 'EUR' } },
      '<price id="5"><amount currency="EUR">12.5</amount><codes>1 2 3</codes></price>',
    ],
    ['nillable elements', { id: 1, amount: { value: 0, currency: 'X' }, comment: null, qty: null }, `<price${XSI_DECL} id="1"><amount currency="X">0</amount><comment xsi:nil="true"/><qty xsi:nil="true"/></price>`],
    ['xs:decimal never uses an exponent', { id: 1, amount: { value: 1.5e-7, currency: 'X' } }, '<price id="1"><amount currency="X">0.00000015</amount></price>'],
    ['maxOccurs unbounded with one item', { id: 1, amount: { value: 1, currency: 'X' }, line: ['only'] }, '<price id="1"><amount currency="X">1</amount><line>only</line></price>'],
  ];
  it.each(xsdCases)('XSD: %s', (_name, value, want) => {
    const xml = body(price.encode('encodePrice')(value));
    // The document element declares xsi only where nil can appear; compare without that declaration.
    expect(xml.replace(XSI_DECL, '')).toBe(want.replace(XSI_DECL, ''));
  });

  it('XSD target namespace: qualified locals share the root namespace, unqualified ones have none', () => {
    expect(body(qualified.encode('encodeNote')({ to: 'x', lang: 'en' }))).toBe('<ns1:note xmlns:ns1="urn:t" lang="en"><ns1:to>x</ns1:to></ns1:note>');
    expect(body(unqualified.encode('encodeNote')({ to: 'x' }))).toBe('<ns1:note xmlns:ns1="urn:t"><to>x</to></ns1:note>');
  });
});

describe('encode: arrays longer than one chunk (writers flatten array items every ~16 Ki characters)', () => {
  // 3,000 items of 20-odd characters: several chunks, the boundaries at different places in the two arrays.
  const n = 3000;
  const items = Array.from({ length: n }, (_, i) => ({ sku: `A${i}&`, qty: i % 3 === 0 ? undefined : i }));
  const tags = Array.from({ length: n }, (_, i) => `t<${i}>`);
  const itemXml = items.map((it) => `<item sku="${it.sku.replace('&', '&amp;')}"${it.qty === undefined ? '/>' : `><qty>${it.qty}</qty></item>`}`).join('');
  const tagXml = `<tagList>${tags.map((t) => `<tag>${t.replace('<', '&lt;').replace('>', '&gt;')}</tag>`).join('')}</tagList>`;
  const cases: [string, () => unknown, string][] = [
    ['unwrapped items after an element', () => ({ id: 1, items, note: 'first' }), `<order${XSI_DECL} id="1"><note>first</note>${itemXml}</order>`],
    ['wrapped items between elements', () => ({ id: 2, note: 'a', items: [], tags, fax: null }), `<order${XSI_DECL} id="2"><note>a</note>${tagXml}<fax xsi:nil="true"/></order>`],
    ['an item with no content after many', () => ({ id: 4, items: [...items, { sku: 'last' }] }), `<order${XSI_DECL} id="4">${itemXml}<item sku="last"/></order>`],
    ['both arrays', () => ({ id: 3, items, tags }), `<order${XSI_DECL} id="3">${itemXml}${tagXml}</order>`],
  ];
  it.each(cases)('%s: the same text as written in one piece, and it reads back', (_name, value, want) => {
    const xml = shop.encode('encodeOrder')(value());
    expect(body(xml)).toBe(want);
    expect(shop.encode('encodeOrder')(ok(shop.decode('decodeOrder')(xml)))).toBe(xml);
  });

  const errors: [string, () => unknown, string][] = [
    ['an unwrapped item past the first chunks', () => ({ id: 1, items: items.map((it, i) => (i === 2999 ? { sku: 7 } : it)) }), '/order/item[3000]/@sku'],
    ['a wrapped item past the first chunks', () => ({ id: 1, items: [], tags: tags.map((t, i) => (i === 2500 ? 't\u0001' : t)) }), '/order/tagList/tag[2501]'],
  ];
  it.each(errors)('%s: the error names it', (_name, value, path) => {
    expect(thrown(() => shop.encode('encodeOrder')(value())).path).toBe(path);
  });
});

describe('encode: refusals', () => {
  const cases: [string, string, () => unknown, string, string][] = [
    ['U+0000 in text', 'Order', () => ({ id: 1, note: 'a\u0000b', items: [] }), 'illegal-char', '/order/note'],
    ['a C0 control in an attribute', 'Order', () => ({ id: 1, status: 'a\u0001', items: [] }), 'illegal-char', '/order/@state'],
    ['a lone high surrogate', 'Order', () => ({ id: 1, note: 'a\uD800', items: [] }), 'illegal-char', '/order/note'],
    ['a lone low surrogate', 'Order', () => ({ id: 1, note: '\uDC00b', items: [] }), 'illegal-char', '/order/note'],
    ['U+FFFE', 'Order', () => ({ id: 1, note: '\uFFFE', items: [] }), 'illegal-char', '/order/note'],
    ['a missing required attribute', 'Order', () => ({ items: [] }), 'missing', '/order'],
    ['a string for an int64', 'Order', () => ({ id: '7', items: [] }), 'type', '/order/@id'],
    ['a fraction for an int32', 'Order', () => ({ id: 1, count: 1.5, items: [] }), 'type', '/order/count'],
    ['null for an attribute', 'Order', () => ({ id: 1, status: null, items: [] }), 'type', '/order/@state'],
    ['null for a non-nullable element', 'Order', () => ({ id: 1, note: null, items: [] }), 'type', '/order/note'],
    ['a non-array for an array', 'Order', () => ({ id: 1, items: {} }), 'type', '/order/item'],
    ['a wrong item deep down', 'Order', () => ({ id: 1, items: [{ sku: 'A' }, { sku: 5 }] }), 'type', '/order/item[2]/@sku'],
    ['a map key that is no XML name', 'Bag', () => ({ 'a b': 1 }), 'name', '/bag'],
    ['a wrong map value', 'Bag', () => ({ a: 1, b: 'x' }), 'type', '/bag/b'],
    ['a wrapped item of the wrong type', 'Order', () => ({ id: 1, items: [], tags: ['a', 'b', 3] }), 'type', '/order/tagList/tag[3]'],
    ['a non-array for a wrapped array', 'Order', () => ({ id: 1, items: [], tags: 'a' }), 'type', '/order/tagList'],
    ['an item that is no object', 'Order', () => ({ id: 1, items: [{ sku: 'A' }, { sku: 'B' }, 'C'] }), 'type', '/order/item[3]'],
    ['a missing attribute of the 2nd item', 'Order', () => ({ id: 1, items: [{ sku: 'A' }, {}] }), 'missing', '/order/item[2]'],
    ['a wrong member of a nullable child', 'Order', () => ({ id: 1, items: [], extra: { sku: 'A', qty: 'many' } }), 'type', '/order/extra/qty'],
    ['a root that is no object', 'Order', () => 'order', 'type', '/order'],
  ];
  it.each(cases)('%s', (_name, model, value, code, path) => {
    const e = thrown(() => shop.encode(`encode${model}`)(value()));
    expect(e).toBeInstanceOf(rt.XmlError);
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    // The message names the place too (the path is added on the way out of the nested writers).
    expect(e.message.endsWith(`(${path})`)).toBe(true);
  });

  it('an error that is not an XmlError (a throwing getter) passes through unchanged', () => {
    const boom = new TypeError('boom');
    const item = { sku: 'A' };
    Object.defineProperty(item, 'qty', { enumerable: true, get: () => { throw boom; } });
    expect(thrown(() => shop.encode('encodeOrder')({ id: 1, items: [{ sku: 'Z' }, item] }))).toBe(boom);
    expect(boom.message).toBe('boom');
  });

  it('a failed encode leaves the next one unaffected (no state kept between calls)', () => {
    thrown(() => shop.encode('encodeOrder')({ id: 1, items: [{ sku: 'A' }, { sku: 5 }] }));
    expect(body(shop.encode('encodeOrder')({ id: 2, items: [{ sku: 'A' }] }))).toBe(`<order${XSI_DECL} id="2"><item sku="A"/></order>`);
  });
});

// ---- reading -----------------------------------------------------------------------------------------------

describe('decode: one construct at a time', () => {
  const o = (s: string): string => `<order id="1">${s}</order>`;
  const cases: [string, string, string, unknown][] = [
    ['attribute and element become plain properties', 'Order', '<order id="3" state="s"><note>n</note></order>', { id: 3, status: 's', note: 'n', items: [] }],
    ['a required repeated element absent is []', 'Order', '<order id="1"/>', { id: 1, items: [] }],
    ['one repeated element is still an array', 'Order', o('<item sku="A"/>'), { id: 1, items: [{ sku: 'A' }] }],
    ['children in any order', 'Order', o('<flag>0</flag><item sku="B"/><note>x</note><item sku="C"/>'), { id: 1, flag: false, note: 'x', items: [{ sku: 'B' }, { sku: 'C' }] }],
    ['wrapped array, one item', 'Order', o('<tagList><tag>x</tag></tagList>'), { id: 1, items: [], tags: ['x'] }],
    ['wrapped array, empty', 'Order', o('<tagList/>'), { id: 1, items: [], tags: [] }],
    ['empty element of a string: ""', 'Order', o('<note/><fax></fax>'), { id: 1, items: [], note: '', fax: '' }],
    ['xsi:nil: null', 'Order', o(`<fax xmlns:i="${XSI}" i:nil="true"/><extra xmlns:xsi="${XSI}" xsi:nil="1"/>`), { id: 1, items: [], fax: null, extra: null }],
    ['xsi:nil="false" is a value', 'Order', o(`<fax xmlns:xsi="${XSI}" xsi:nil="false">f</fax>`), { id: 1, items: [], fax: 'f' }],
    ['text kept exactly (whitespace, leading zeros, exponents)', 'Order', o('<note>  02134 \n</note>'), { id: 1, items: [], note: '  02134 \n' }],
    ['a string is never a number', 'Order', o('<note>1e5</note>'), { id: 1, items: [], note: '1e5' }],
    ['CDATA', 'Order', o('<note><![CDATA[<b>&amp;</b>]]></note>'), { id: 1, items: [], note: '<b>&amp;</b>' }],
    ['entities and character references', 'Order', o('<note>&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;</note>'), { id: 1, items: [], note: `<>&"'A😀` }],
    ['comments and processing instructions are skipped', 'Order', o('<note>a<!-- c -->b<?pi x?>c</note>'), { id: 1, items: [], note: 'abc' }],
    ['CR LF in text reads as LF; &#13; stays CR', 'Order', o('<note>a\r\nb\rc&#13;</note>'), { id: 1, items: [], note: 'a\nb\nc\r' }],
    ['attribute value normalisation; references survive', 'Order', '<order id="1" state="a\nb\tc&#10;d"/>', { id: 1, status: 'a b c\nd', items: [] }],
    ['namespaces by URI, whatever the prefixes', 'Ns', '<r:root xmlns:r="urn:root" xmlns:x="urn:b" x:c="3"><r:a>1</r:a><x:b>2</x:b></r:root>', { a: '1', b: '2', c: '3' }],
    ['default namespace', 'Ns', '<root xmlns="urn:root"><a>1</a><b xmlns="urn:b">2</b></root>', { a: '1', b: '2' }],
    ['map entries', 'Bag', '<bag><x>1</x><y> 2 </y></bag>', { x: 1, y: 2 }],
    ['any content: text, objects, repeats as arrays', 'Anything', '<anything><raw><a>x</a><b>1</b><b>2</b></raw></anything>', { raw: { a: 'x', b: ['1', '2'] } }],
  ];
  it.each(cases)('%s', (_name, model, xml, want) => {
    expect(ok(shop.decode(`decode${model}`)(xml))).toEqual(want);
  });

  const xsdCases: [string, string, unknown][] = [
    ['simpleContent: text plus attribute', '<price id="1"><amount currency="EUR">12.50</amount></price>', { id: 1, amount: { value: 12.5, currency: 'EUR' } }],
    ['xs:list', '<price id="1"><amount currency="X">1</amount><codes> 1  2\n3 </codes></price>', { id: 1, amount: { value: 1, currency: 'X' }, codes: [1, 2, 3] }],
    ['nillable string: empty is "", nil is null', `<price id="1" xmlns:xsi="${XSI}"><amount currency="X">1</amount><comment/></price>`, { id: 1, amount: { value: 1, currency: 'X' }, comment: '' }],
    ['nillable string: nil', `<price id="1" xmlns:xsi="${XSI}"><amount currency="X">1</amount><comment xsi:nil="true"/></price>`, { id: 1, amount: { value: 1, currency: 'X' }, comment: null }],
    ['nillable int: empty is null', '<price id="1"><amount currency="X">1</amount><qty/></price>', { id: 1, amount: { value: 1, currency: 'X' }, qty: null }],
    ['maxOccurs unbounded: one arrives, an array it is', '<price id="1"><amount currency="X">1</amount><line>a</line></price>', { id: 1, amount: { value: 1, currency: 'X' }, line: ['a'] }],
    ['dateTime stays text', '<price id="1"><amount currency="X">1</amount><when>2030-12-31T00:00:00Z</when></price>', { id: 1, amount: { value: 1, currency: 'X' }, when: '2030-12-31T00:00:00Z' }],
  ];
  it.each(xsdCases)('XSD: %s', (_name, xml, want) => {
    expect(ok(price.decode('decodePrice')(xml))).toEqual(want);
  });

  it('XSD target namespace: a default-namespace document and a prefixed one read the same', () => {
    expect(ok(qualified.decode('decodeNote')('<note xmlns="urn:t"><to>x</to></note>'))).toEqual({ to: 'x' });
    expect(ok(qualified.decode('decodeNote')('<t:note xmlns:t="urn:t"><t:to>x</t:to></t:note>'))).toEqual({ to: 'x' });
    expect(ok(unqualified.decode('decodeNote')('<t:note xmlns:t="urn:t"><to>x</to></t:note>'))).toEqual({ to: 'x' });
    expect(failure(unqualified.decode('decodeNote')('<note xmlns="urn:t"><to>x</to></note>')).code).toBe('unknown-element');
  });
});

describe('decode: number policy', () => {
  const o = (s: string): string => `<order id="1">${s}</order>`;
  const cases: [string, string, Record<string, unknown>][] = [
    ['int64 that is a safe integer: number', o('<big>8796093023822</big>'), { big: 8796093023822 }],
    ['int64 at 2^53 - 1: number', o('<big>9007199254740991</big>'), { big: 9007199254740991 }],
    ['int64 beyond 2^53: bigint', o('<big>9007199254740993</big>'), { big: 9007199254740993n }],
    ['int64 minimum: bigint', o('<big>-9223372036854775808</big>'), { big: -9223372036854775808n }],
    ['int64 attribute beyond 2^53: bigint', '<order id="18446744073709551615"/>', { id: 18446744073709551615n }],
    ['int32 with leading zeros (it is a number type)', o('<count>02134</count>'), { count: 2134 }],
    ['int32 with a sign and whitespace', o('<count> +7 </count>'), { count: 7 }],
    ['number with an exponent', o('<ratio>1e5</ratio>'), { ratio: 100000 }],
    ['number INF / NaN', o('<ratio>-INF</ratio>'), { ratio: -Infinity }],
    ['boolean 1', o('<flag>1</flag>'), { flag: true }],
    ['boolean 0', o('<flag>0</flag>'), { flag: false }],
    ['boolean with whitespace', o('<flag> true\n</flag>'), { flag: true }],
    // Plain digits take a fast path; these sit on its edges.
    ['int32 -0 is 0', o('<count>-0</count>'), { count: 0 }],
    ['int32 negative', o('<count>-2147483648</count>'), { count: -2147483648 }],
    ['int64 with 15 digits', o('<big>999999999999999</big>'), { big: 999999999999999 }],
    ['int64 with 16 digits', o('<big>9007199254740990</big>'), { big: 9007199254740990 }],
    ['int64 with leading zeros', o('<big>-000000000000000000042</big>'), { big: -42 }],
    ['int64 attribute negative', '<order id="-17"/>', { id: -17 }],
  ];
  it.each(cases)('%s', (_name, xml, want) => {
    expect(ok(shop.decode('decodeOrder')(xml))).toEqual({ id: 1, items: [], ...want });
  });

  const bad: [string, string, string][] = [
    ['int32 with a fraction', o('<count>1.5</count>'), 'value'],
    ['int32 with an exponent', o('<count>1e5</count>'), 'value'],
    ['int32 that is a lone minus', o('<count>-</count>'), 'value'],
    ['int64 that is a lone minus', '<order id="-"/>', 'value'],
    ['int32 with two signs', o('<count>--1</count>'), 'value'],
    ['integer beyond 2^53 where no int64 is declared', '<order id="1"><item sku="A"><qty>9007199254740993</qty></item></order>', 'range'],
    ['int64 with a fraction', o('<big>1.0</big>'), 'value'],
    ['an empty int32', o('<count/>'), 'value'],
    ['boolean yes', o('<flag>yes</flag>'), 'value'],
    ['boolean TRUE', o('<flag>TRUE</flag>'), 'value'],
    ['number 0x10', o('<ratio>0x10</ratio>'), 'value'],
    ['number Infinity (JS spelling)', o('<ratio>Infinity</ratio>'), 'value'],
  ];
  it.each(bad)('refuses %s', (_name, xml, code) => {
    expect(failure(shop.decode('decodeOrder')(xml)).code).toBe(code);
  });
});

describe('decode: structure errors and unknown content', () => {
  const cases: [string, string, string, string][] = [
    ['an unknown element', '<order id="1"><zzz/></order>', 'unknown-element', '/order/zzz'],
    ['an unknown attribute', '<order id="1" zz="1"/>', 'unknown-attribute', '/order/@zz'],
    ['text in an element-only element', '<order id="1">stray</order>', 'unknown-text', '/order'],
    ['child elements in a string element', '<order id="1"><note><b/></note></order>', 'unknown-element', '/order/note/b'],
    ['a single element twice', '<order id="1"><note>a</note><note>b</note></order>', 'duplicate', '/order/note[2]'],
    ['a missing required attribute', '<order/>', 'missing', '/order'],
    ['a missing required attribute deeper', '<order id="1"><item/></order>', 'missing', '/order/item'],
    ['the wrong root element', '<orders id="1"/>', 'root', '/orders'],
    ['xsi:nil on an element that is not nillable', `<order id="1" xmlns:xsi="${XSI}"><note xsi:nil="true"/></order>`, 'nil', '/order/note'],
    ['xsi:nil with content', `<order id="1" xmlns:xsi="${XSI}"><fax xsi:nil="true">x</fax></order>`, 'nil', '/order/fax'],
    ['an element of the wrong namespace', '<order id="1"><note xmlns="urn:x">a</note></order>', 'unknown-element', '/order/note'],
  ];
  it.each(cases)('%s', (_name, xml, code, path) => {
    const e = failure(shop.decode('decodeOrder')(xml));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).not.toContain(' (/');
  });

  it('reports line and column', () => {
    const e = failure(shop.decode('decodeOrder')('<order id="1">\n  <note>a</note>\n  <zzz/>\n</order>'));
    expect(e).toMatchObject({ code: 'unknown-element', line: 3, column: 3 });
  });

  it('unknown: "ignore" skips unknown content, "report" lists it, neither puts it in a field', () => {
    const xml = '<order id="1" zz="1"><zzz>9</zzz><note>a</note>stray</order>';
    const ignored = shop.decode('decodeOrder')(xml, { unknown: 'ignore' });
    expect(ok(ignored)).toEqual({ id: 1, note: 'a', items: [] });
    expect(ignored.ok && ignored.warnings).toEqual([]);
    const reported = shop.decode('decodeOrder')(xml, { unknown: 'report' });
    expect(ok(reported)).toEqual({ id: 1, note: 'a', items: [] });
    expect(reported.ok && reported.warnings.map((w) => [w.code, w.path])).toEqual([
      ['unknown-attribute', '/order/@zz'],
      ['unknown-element', '/order/zzz'],
      ['unknown-text', '/order'],
    ]);
    expect(failure(shop.decode('decodeOrder')(xml, { unknown: 'error' })).code).toBe('unknown-attribute');
  });

  it('refuses an unknown option value', () => {
    expect(failure(shop.decode('decodeOrder')('<order id="1"/>', { unknown: 'keep' as never })).code).toBe('option');
  });

  it('namespace declarations and xsi:/xml: attributes are not data', () => {
    const xml = `<order id="1" xmlns:xsi="${XSI}" xsi:schemaLocation="x y" xml:lang="en" xmlns:q="urn:q"/>`;
    expect(ok(shop.decode('decodeOrder')(xml))).toEqual({ id: 1, items: [] });
  });
});

// ---- safety ------------------------------------------------------------------------------------------------

describe('decode: hostile documents', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<order id="1"><note>&lol2;</note></order>`;
  const xxe = `<?xml version="1.0"?>
<!DOCTYPE order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<order id="1"><note>&xxe;</note></order>`;
  const deep = (n: number): string => `<order id="1"><extra sku="a">${'<qty>'.repeat(1)}1</qty></extra>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</order>`;
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['billion laughs (DOCTYPE with entities)', laughs, {}, 'doctype'],
    ['external entity (XXE)', xxe, {}, 'doctype'],
    ['a DOCTYPE without entities', '<!DOCTYPE order><order id="1"/>', {}, 'doctype'],
    ['an undeclared entity', '<order id="1"><note>&ent;</note></order>', {}, 'entity'],
    ['an entity in an attribute', '<order id="1" state="&ent;"/>', {}, 'entity'],
    ['a bare ampersand', '<order id="1"><note>a & b</note></order>', {}, 'not-well-formed'],
    ['a character reference to U+0000', '<order id="1"><note>&#0;</note></order>', {}, 'illegal-char'],
    ['a character reference to a surrogate', '<order id="1"><note>&#xD800;</note></order>', {}, 'illegal-char'],
    ['a character reference beyond U+10FFFF', '<order id="1"><note>&#x110000;</note></order>', {}, 'illegal-char'],
    ['a character reference to U+FFFF', '<order id="1"><note>&#65535;</note></order>', {}, 'illegal-char'],
    ['a raw U+0001', '<order id="1"><note>\u0001</note></order>', {}, 'illegal-char'],
    ['a raw lone surrogate', '<order id="1"><note>\uDC00</note></order>', {}, 'illegal-char'],
    ['nesting deeper than maxDepth', deep(10), { maxDepth: 8 }, 'limit'],
    ['nesting deeper than the default limit (64)', deep(100), {}, 'limit'],
    ['a document longer than maxLength', `<order id="1"><note>${'x'.repeat(200)}</note></order>`, { maxLength: 100 }, 'too-large'],
    ['more attributes than maxAttributes', `<order ${Array.from({ length: 10 }, (_, i) => `a${i}="1"`).join(' ')}/>`, { maxAttributes: 5 }, 'limit'],
    ['a duplicate attribute', '<order id="1" id="2"/>', {}, 'not-well-formed'],
    ['mismatched tags', '<order id="1"><note>a</nope></order>', {}, 'not-well-formed'],
    ['an unclosed element', '<order id="1"><note>a</note>', {}, 'not-well-formed'],
    ['two root elements', '<order id="1"/><order id="2"/>', {}, 'not-well-formed'],
    ['an unbound prefix', '<order id="1"><q:note>a</q:note></order>', {}, 'namespace'],
    ['"--" in a comment', '<order id="1"><!-- a -- b --></order>', {}, 'not-well-formed'],
    ['an XML declaration in the middle', '<order id="1"><?xml version="1.0"?></order>', {}, 'not-well-formed'],
  ];
  it.each(cases)('refuses %s', (_name, xml, options, code) => {
    expect(failure(shop.decode('decodeOrder')(xml, options)).code).toBe(code);
  });

  it('accepts a document at the limits', () => {
    const xml = `<order id="1"><note>${'x'.repeat(50)}</note></order>`;
    expect(ok(shop.decode('decodeOrder')(xml, { maxLength: xml.length }))).toMatchObject({ id: 1 });
  });

  it('__proto__ and constructor elements cannot pollute objects', () => {
    const polluted = '<order id="1"><__proto__><polluted>1</polluted></__proto__><constructor><prototype><polluted>1</polluted></prototype></constructor></order>';
    expect(failure(shop.decode('decodeOrder')(polluted)).code).toBe('unknown-element');
    const value = ok(shop.decode('decodeOrder')(polluted, { unknown: 'ignore' })) as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['id', 'items']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const bag = ok(shop.decode('decodeBag')('<bag><__proto__>5</__proto__><constructor>6</constructor><toString>7</toString></bag>')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(bag, '__proto__')?.value).toBe(5);
    expect(Object.getOwnPropertyDescriptor(bag, 'constructor')?.value).toBe(6);
    expect(Object.keys(bag)).toEqual(['__proto__', 'constructor', 'toString']);

    const anything = ok(shop.decode('decodeAnything')('<anything><raw><__proto__><polluted>1</polluted></__proto__></raw></anything>')) as { raw: Record<string, unknown> };
    expect(Object.getPrototypeOf(anything.raw)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(anything.raw, '__proto__')?.value).toEqual({ polluted: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const proto = ok(shop.decode('decodeProto')('<proto toString="t"><__proto__>p</__proto__><constructor>c</constructor></proto>')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toBe('p');
    expect(proto.constructor).toBe('c');
    expect(Object.hasOwn(proto, 'toString')).toBe(true);
    // An element named like a prototype member is duplicated only by itself, not by the inherited member.
    expect(ok(shop.decode('decodeProto')('<proto><constructor>c</constructor></proto>'))).toEqual(own({ constructor: 'c' }));
  });
});

describe('runtime escaping', () => {
  const cases: [string, string, string, string][] = [
    ['markup characters', `a&b<c>d"e'f`, 'a&amp;b&lt;c&gt;d&quot;e&apos;f', 'a&amp;b&lt;c&gt;d&quot;e&apos;f'],
    ['CR (would be normalised away)', 'a\rb', 'a&#13;b', 'a&#13;b'],
    ['tab and LF (kept in text, referenced in attributes)', 'a\tb\nc', 'a\tb\nc', 'a&#9;b&#10;c'],
    ['"]]>" in text', ']]>', ']]&gt;', ']]&gt;'],
    ['astral and non-ASCII characters', '😀ü\u2028', '😀ü\u2028', '😀ü\u2028'],
    ['plain text is returned as it is', 'plain', 'plain', 'plain'],
  ];
  it.each(cases)('%s', (_name, input, text, attr) => {
    expect(rt.escapeText(input)).toBe(text);
    expect(rt.escapeAttribute(input)).toBe(attr);
  });
  it.each([['\u0000'], ['\u0008'], ['\u001F'], ['\uD800'], ['x\uDFFFy'], ['\uFFFE'], ['\uFFFF']])('refuses %j', (input) => {
    expect(thrown(() => rt.escapeText(input)).code).toBe('illegal-char');
    expect(thrown(() => rt.escapeAttribute(input)).code).toBe('illegal-char');
  });
});

// ---- the specs' own examples -------------------------------------------------------------------------------

interface Golden {
  provider: string;
  model: string;
  where: string;
  xml: string;
  json?: JsonValue;
}

function xmlExamples(p: IRProvider): Golden[] {
  const out: Golden[] = [];
  for (const op of p.operations) {
    const groups = [
      { where: `${op.operationId} request`, contents: op.requestBody?.contents ?? [] },
      ...op.responses.map((r) => ({ where: `${op.operationId} ${r.status}`, contents: r.contents })),
    ];
    for (const g of groups) {
      for (const c of g.contents) {
        if (!/xml/.test(c.mediaType) || c.schema.ref === undefined) continue;
        const jsonTwin = g.contents.find((j) => j.mediaType === 'application/json' && j.schema.ref === c.schema.ref);
        for (const e of c.examples) {
          if (typeof e.value !== 'string') continue;
          const twin = jsonTwin?.examples.find((j) => j.name === e.name)?.value;
          out.push({ provider: p.id, model: c.schema.ref, where: `${g.where} ${c.mediaType} ${e.name}`, xml: e.value, ...(twin !== undefined ? { json: twin } : {}) });
        }
      }
    }
  }
  return out;
}

const TIER3_DETAILS = {
  AccountAlias: '1001',
  ParentAlias: '1000',
  Location: 'WA1',
  TimeZone: 'Pacific Standard Time',
  Status: 1,
  ShareParentNetworks: true,
  BusinessName: 'Demo Biz',
  Address1: '110 110th Avenue',
  Address2: 'Suite 520',
  City: 'Bellevue',
  StateProvince: 'WA',
  PostalCode: '98004',
  Country: 'USA',
  Telephone: '877-388-4373',
  Fax: '',
};
const TIER3_REPLY = { Success: true, Message: 'Account successfully created.', StatusCode: 0, AccountDetails: TIER3_DETAILS };
const TIER3_REQUEST = {
  ParentAlias: '1000',
  AccountAlias: '1001',
  Location: 'QA1',
  BusinessName: 'Demo Biz',
  Address1: '110 110th Avenue',
  Address2: 'Suite 520',
  City: 'Bellevue',
  StateProvince: 'WA',
  PostalCode: '98004',
  Country: 'USA',
  Telephone: '877-388-4373',
  Fax: '',
  TimeZone: 'Pacific Standard Time',
  ShareParentNetworks: true,
  BillingResponsibilityID: 2,
};
const PM_ACCOUNT = {
  username: 'acme_customer',
  password: 'PA$sw0r6',
  webserviceUser: true,
  searchable: false,
  contact: {
    firstName: 'Jack',
    lastName: 'Brown',
    address: { address1: '123 South St', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' },
    email: 'jack_brown@acme.com',
    jobTitle: 'Building Administrator Data Exchange User',
    phone: '703-555-2121',
  },
  organization: {
    name: 'ACME Corporation',
    primaryBusiness: 'Other',
    otherBusinessDescription: 'other',
    energyStarPartner: true,
    energyStarPartnerType: 'Service and Product Providers',
  },
};

/** Expected values written out, by provider and `where` (the rest are checked against their JSON twin or round trip). */
const EXPECTED: Record<string, unknown> = {
  'portfolio-manager|createCustomer request application/xml acmeCustomer': PM_ACCOUNT,
  'portfolio-manager|createCustomer 201 application/xml created': {
    status: 'Ok',
    id: 23421,
    links: { link: [{ httpMethod: 'GET', link: '/customer/23421', linkDescription: 'This is the GET url for this Customer.' }] },
  },
  'tier3|logon request application/xml logon': { APIKey: 'apikey', Password: 'password' },
  'tier3|logon 200 application/xml loggedOn': { Success: true, Message: 'Login Successful', StatusCode: 0 },
  'tier3|createAccount request application/xml createAccount': TIER3_REQUEST,
  'tier3|createAccount 200 application/xml created': TIER3_REPLY,
  'quickhelp|createCustomerAccount 400 application/xml vendorExample': {},
  'quickhelp|createCustomerAccount 400 text/xml vendorExample': {},
};

describe('golden: every XML example of every spec', () => {
  let providers: Map<string, IRProvider>;
  const codecs = new Map<string, LoadedCodec>();
  const all: Golden[] = [];

  beforeAll(async () => {
    providers = await specProviders(['portfolio-manager', 'quickhelp', 'tier3']);
    for (const [id, p] of providers) {
      codecs.set(id, await loadCodec(p));
      all.push(...xmlExamples(p));
    }
  });

  it('finds the examples (each provider has some)', () => {
    const per = new Map<string, number>();
    for (const g of all) per.set(g.provider, (per.get(g.provider) ?? 0) + 1);
    expect(Object.fromEntries(per)).toEqual({ 'portfolio-manager': 2, quickhelp: 6, tier3: 4 });
    for (const key of Object.keys(EXPECTED)) expect(all.some((g) => `${g.provider}|${g.where}` === key), key).toBe(true);
  });

  it('each parses into the expected values and serializes back to equivalent XML', () => {
    for (const g of all) {
      const codec = codecs.get(g.provider)!;
      const typeName = codec.names.modelName(g.model).name;
      const value = ok(codec.decode(`decode${typeName}`)(g.xml));
      const key = `${g.provider}|${g.where}`;
      if (key in EXPECTED) expect(value, key).toEqual(EXPECTED[key]);
      else if (g.json !== undefined) expect(value, `${key} (against its JSON twin)`).toEqual(g.json);
      else throw new Error(`no expectation for ${key}`);
      const again = codec.encode(`encode${typeName}`)(value);
      expect(canonical(rt, rt.parseXml(again)), key).toEqual(canonical(rt, rt.parseXml(g.xml)));
      expect(ok(codec.decode(`decode${typeName}`)(again)), key).toEqual(value);
    }
  });

  it('the PM account keeps contact.address attributes and the organization name attribute as plain properties', () => {
    const g = all.find((x) => x.provider === 'portfolio-manager' && x.where.includes('request'))!;
    const v = ok(codecs.get('portfolio-manager')!.decode('decodeAccount')(g.xml)) as typeof PM_ACCOUNT;
    expect(v.contact.address.city).toBe('Arlington');
    expect(v.contact.address.postalCode).toBe('22201');
    expect(v.organization.name).toBe('ACME Corporation');
  });

  it('the Tier 3 reply keeps its attributes (Success, StatusCode, Status) typed and its children as text', () => {
    const g = all.find((x) => x.provider === 'tier3' && x.where === 'createAccount 200 application/xml created')!;
    const v = ok(codecs.get('tier3')!.decode('decodeAccountDetailsResponse')(g.xml)) as typeof TIER3_REPLY;
    expect(v.Success).toBe(true);
    expect(v.StatusCode).toBe(0);
    expect(v.AccountDetails.Status).toBe(1);
    expect(v.AccountDetails.ShareParentNetworks).toBe(true);
    expect(v.AccountDetails.PostalCode).toBe('98004');
    expect(v.AccountDetails.Fax).toBe('');
  });

  describe('Tier 3 SOAP 1.2 (x-soap)', () => {
    const soapExample = (name: string): string => {
      const op = providers.get('tier3')!.operations.find((o) => o.operationId === 'createAccount')!;
      const soap = op.wire.soap as unknown as { examples: Record<string, { value: string; mediaType: string }> };
      expect(soap.examples[name]!.mediaType).toBe('application/soap+xml');
      return soap.examples[name]!.value;
    };

    it('the request example decodes (server side) and encodes back to an equivalent envelope', () => {
      const t3 = codecs.get('tier3')!;
      const xml = soapExample('request');
      const value = ok(t3.decode('decodeCreateAccountSoapRequest')(xml));
      expect(value).toEqual({ ...TIER3_REQUEST, Location: 'WA' });
      const again = t3.encode('encodeCreateAccountSoap')(value);
      expect(canonical(rt, rt.parseXml(again))).toEqual(canonical(rt, rt.parseXml(xml)));
    });

    it('the reply example unwraps into the same typed value as the REST reply', () => {
      const t3 = codecs.get('tier3')!;
      const xml = soapExample('response');
      const value = ok(t3.decode('decodeCreateAccountSoap')(xml));
      expect(value).toEqual(TIER3_REPLY);
      const rest = all.find((x) => x.provider === 'tier3' && x.where === 'createAccount 200 application/xml created')!;
      expect(value).toEqual(ok(t3.decode('decodeAccountDetailsResponse')(rest.xml)));
      const again = t3.encode('encodeCreateAccountSoapResponse')(value);
      expect(canonical(rt, rt.parseXml(again))).toEqual(canonical(rt, rt.parseXml(xml)));
    });

    it('the envelope: SOAP 1.2 namespace, Body/CreateAccount/request in the service namespace', () => {
      const xml = codecs.get('tier3')!.encode('encodeCreateAccountSoap')(TIER3_REQUEST);
      const env = rt.parseXml(xml);
      expect([env.ns, env.local]).toEqual(['http://www.w3.org/2003/05/soap-envelope', 'Envelope']);
      const bodyEl = env.children![0]!;
      expect([bodyEl.ns, bodyEl.local]).toEqual(['http://www.w3.org/2003/05/soap-envelope', 'Body']);
      const wrapper = bodyEl.children![0]!;
      expect([wrapper.ns, wrapper.local]).toEqual(['http://www.tier3.com/', 'CreateAccount']);
      const request = wrapper.children![0]!;
      expect([request.ns, request.local]).toEqual(['http://www.tier3.com/', 'request']);
      expect(request.children!.map((c) => c.ns)).toEqual(request.children!.map(() => 'http://www.tier3.com/'));
      expect(request.children!.map((c) => c.local)).toEqual(Object.keys(TIER3_REQUEST));
    });

    it('the Content-Type carries the action, and the builder is exported', () => {
      const t3 = codecs.get('tier3')!;
      const binding = t3.mod.createAccountSoapBinding as Record<string, string>;
      expect(binding).toEqual({
        version: '1.2',
        path: '/SOAP/Account.asmx',
        action: 'http://www.tier3.com/CreateAccount',
        namespace: 'http://www.tier3.com/',
        contentType: 'application/soap+xml; charset=utf-8; action="http://www.tier3.com/CreateAccount"',
      });
      const build = t3.mod.soapContentType as (a?: string) => string;
      expect(build('urn:a"b\\c')).toBe('application/soap+xml; charset=utf-8; action="urn:a\\"b\\\\c"');
      expect(build()).toBe('application/soap+xml; charset=utf-8');
    });

    it('a SOAP Fault becomes a typed error (Code/Value, Subcode, Reason/Text, Node, Role, Detail)', () => {
      const t3 = codecs.get('tier3')!;
      const fault = `<?xml version="1.0"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:t="http://www.tier3.com/">
  <env:Body>
    <env:Fault>
      <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>t:DuplicateAccount</env:Value></env:Subcode></env:Code>
      <env:Reason><env:Text xml:lang="fr">Compte en double</env:Text><env:Text xml:lang="en">Duplicate Account</env:Text></env:Reason>
      <env:Node>http://api.tier3.com/node</env:Node>
      <env:Role>http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver</env:Role>
      <env:Detail><t:StatusCode>1611</t:StatusCode><t:Info><t:Alias>1001</t:Alias></t:Info></env:Detail>
    </env:Fault>
  </env:Body>
</env:Envelope>`;
      const r = t3.decode('decodeCreateAccountSoap')(fault);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors[0]!.code).toBe('soap-fault');
      const f = r.fault as SoapFaultLike;
      expect(f).toBeInstanceOf(t3.mod.SoapFault as new () => Error);
      expect(f).toBeInstanceOf(Error);
      expect({ code: f.code, codeNamespace: f.codeNamespace, subcodes: f.subcodes, reason: f.reason, reasons: f.reasons, node: f.node, role: f.role, detail: f.detail }).toEqual({
        code: 'Sender',
        codeNamespace: 'http://www.w3.org/2003/05/soap-envelope',
        subcodes: [{ namespace: 'http://www.tier3.com/', local: 'DuplicateAccount' }],
        reason: 'Duplicate Account',
        reasons: [
          { lang: 'fr', text: 'Compte en double' },
          { lang: 'en', text: 'Duplicate Account' },
        ],
        node: 'http://api.tier3.com/node',
        role: 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver',
        detail: [
          { name: 'StatusCode', namespace: 'http://www.tier3.com/', value: '1611' },
          { name: 'Info', namespace: 'http://www.tier3.com/', value: { Alias: '1001' } },
        ],
      });
      expect(f.message).toBe('Duplicate Account');
    });

    it('encodeSoapFault writes a Fault that reads back', () => {
      const t3 = codecs.get('tier3')!;
      const xml = (t3.mod.encodeSoapFault as (f: unknown) => string)({
        code: 'Receiver',
        subcodes: [{ namespace: 'urn:x', local: 'Busy' }],
        reason: 'Try <later> & again',
        detail: { StatusCode: 2 },
      });
      const r = t3.decode('decodeCreateAccountSoap')(xml);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const f = r.fault!;
      expect([f.code, f.subcodes, f.reason, f.detail]).toEqual(['Receiver', [{ namespace: 'urn:x', local: 'Busy' }], 'Try <later> & again', [{ name: 'StatusCode', namespace: '', value: '2' }]]);
    });

    it.each([
      ['a SOAP 1.1 envelope', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>', 'soap', /SOAP 1\.1/],
      ['no Body', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"/>', 'soap', /no Body/],
      ['another wrapper', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Other xmlns="http://www.tier3.com/"/></s:Body></s:Envelope>', 'unknown-element', /Other/],
      ['no result element', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><CreateAccountResponse xmlns="http://www.tier3.com/"/></s:Body></s:Envelope>', 'missing', /CreateAccountResult/],
      ['the result in no namespace', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><t:CreateAccountResponse xmlns:t="http://www.tier3.com/"><CreateAccountResult/></t:CreateAccountResponse></s:Body></s:Envelope>', 'unknown-element', /CreateAccountResult/],
    ])('refuses %s', (_name, xml, code, message) => {
      const e = failure(codecs.get('tier3')!.decode('decodeCreateAccountSoap')(xml));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    });
  });
});

// ---- lossless round trips ----------------------------------------------------------------------------------

const RUNS = Number(process.env.XML_ROUND_TRIP_RUNS ?? 150);

function roundTrip(codec: LoadedCodec, encode: string, decode: string, arb: fc.Arbitrary<unknown>): void {
  const enc = codec.encode(encode);
  const dec = codec.decode(decode);
  fc.assert(
    fc.property(arb, (value) => {
      const xml = enc(value);
      const back = dec(xml);
      if (!back.ok) throw new Error(`${JSON.stringify(back.errors)}\n${xml}`);
      expect(back.value).toEqual(value);
    }),
    { numRuns: RUNS },
  );
}

describe('big documents', () => {
  let pm: LoadedCodec;
  let metrics: LoadedCodec;
  beforeAll(async () => {
    pm = await loadCodec((await specProviders(['portfolio-manager'])).get('portfolio-manager')!);
    const m = irFromXsd(PM_METRICS_XSD, ['propertyMetricsList.xsd'], 'pm-metrics');
    expect(m.diagnostics.items).toEqual([]);
    metrics = await loadCodec(m.provider, m.elements);
  });

  // Seeded documents of a few hundred KB with thousands of repeated elements, every character class the
  // builders mix in (markup characters, quotes, CR/LF/tab, non-ASCII, astral), nil and empty values, bigints.
  const docs: [string, () => LoadedCodec, string, (chars: number, seed: number) => unknown][] = [
    ['a Portfolio Manager response of repeated links', () => pm, 'ResponseModel', (chars, seed) => bigPmResponse(chars, { seed, spice: 0.2, controls: 0.1 })],
    ['a property metrics list (repeated metric, monthlyMetric and nillable value elements)', () => metrics, 'PropertyMetricsList', (chars, seed) => bigPmMetrics(chars, { seed, spice: 0.2, controls: 0.1 })],
  ];
  it.each(docs)('decode(encode(x)) is x, and encodes back to the same text: %s', (_name, codec, model, build) => {
    const enc = codec().encode(`encode${model}`);
    const dec = codec().decode(`decode${model}`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 20_000, max: 300_000 }), (seed, chars) => {
        const value = build(chars, seed);
        const xml = enc(value);
        expect(xml.length).toBeGreaterThan(chars * 0.9);
        const back = dec(xml);
        if (!back.ok) throw new Error(JSON.stringify(back.errors));
        expect(back.value).toEqual(value);
        expect(enc(back.value)).toBe(xml);
      }),
      { numRuns: 6 },
    );
  });

  it('a 1 MB document at the default limits, and an error deep inside it has its path and line', () => {
    const enc = pm.encode('encodeResponseModel');
    const dec = pm.decode('decodeResponseModel');
    const value = bigPmResponse(1024 * 1024, { seed: 7, spice: 0.1, controls: 0.05 }) as { links: { link: { id?: unknown }[] } };
    const xml = enc(value);
    expect(ok(dec(xml))).toEqual(value);
    // The 5000th link gets an id that is no integer: the error names that link.
    const links = value.links.link;
    expect(links.length).toBeGreaterThan(5000);
    let at = -1;
    for (let k = 0; k < 5000; k++) at = xml.indexOf('<link ', at + 1);
    expect(xml.startsWith('<link id="', at)).toBe(links[4999]!.id !== undefined);
    const broken = xml.slice(0, at) + '<link id="x" ' + xml.slice(at + '<link '.length).replace(/^id="[^"]*" /, '');
    const f = failure(dec(broken));
    expect(f.code).toBe('value');
    expect(f.path).toBe('/response/links/link[5000]/@id');
    const badEncode = thrown(() => enc({ ...value, links: { link: links.map((l, i) => (i === 4999 ? { ...l, hint: 'bell\u0007' } : l)) } }));
    expect(badEncode.code).toBe('illegal-char');
    expect(badEncode.path).toBe('/response/links/link[5000]/@hint');
  });

  it('repeated names read back exactly, whatever they share (first character, length)', async () => {
    const rt2 = await loadRuntime();
    const name = fc.stringMatching(/^[a-e][a-e0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.uniqueArray(name, { maxLength: 4 })), { minLength: 1, maxLength: 60 }), (elements) => {
        const xml = '<r>' + elements.map(([el, attrs]) => `<${el}${attrs.map((a, i) => ` ${a}="${i}"`).join('')}/>`).join('') + '</r>';
        const root = rt2.parseXml(xml);
        expect(root.children!.map((c) => [c.name, c.local, (c.attrs ?? []).filter((_, i) => i % 2 === 0)])).toEqual(elements.map(([el, attrs]) => [el, el, attrs]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('round trip: any valid value -> XML -> the same value', () => {
  describe.each(['portfolio-manager', 'quickhelp', 'tier3'])('%s', (id) => {
    let provider: IRProvider;
    let codec: LoadedCodec;
    beforeAll(async () => {
      provider = (await specProviders([id])).get(id)!;
      codec = await loadCodec(provider);
    });
    it('every XML model', () => {
      const keys = xmlRootKeys(provider);
      expect(keys.length).toBeGreaterThan(0);
      const ctx = contextOf(provider.models);
      for (const key of keys) {
        const name = codec.names.modelName(key).name;
        roundTrip(codec, `encode${name}`, `decode${name}`, modelArb(key, ctx));
      }
    });
    if (id === 'tier3') {
      it('the SOAP envelopes (request and reply)', () => {
        const ctx = contextOf(provider.models);
        roundTrip(codec, 'encodeCreateAccountSoap', 'decodeCreateAccountSoapRequest', modelArb('#/components/schemas/CreateAccountRequest', ctx));
        roundTrip(codec, 'encodeCreateAccountSoapResponse', 'decodeCreateAccountSoap', modelArb('#/components/schemas/AccountDetailsResponse', ctx));
      });
    }
  });

  it('the unit-test fixtures (attributes, wrapped arrays, namespaces, maps, __proto__ keys, simpleContent, xs:list, nillable)', () => {
    const { provider } = irFromYaml(SHOP, 'shop');
    const ctx = contextOf(provider.models);
    for (const m of provider.models) roundTrip(shop, `encode${shop.names.modelName(m.key).name}`, `decode${shop.names.modelName(m.key).name}`, modelArb(m.key, ctx));
    const p = irFromXsd({ 'price.xsd': PRICE_XSD });
    roundTrip(price, 'encodePrice', 'decodePrice', modelArb('xsd:element:price', contextOf(p.provider.models)));
    for (const [codec, form] of [[qualified, 'qualified'], [unqualified, 'unqualified']] as const) {
      const q = irFromXsd({ 'note.xsd': noteXsd(form) });
      roundTrip(codec, 'encodeNote', 'decodeNote', modelArb('xsd:element:note', contextOf(q.provider.models)));
    }
  });

  describe("the vendor's real account.xsd and response.xsd", () => {
    if (!hasRealPm) {
      it.skip(`needs ${realPmDir}`, () => {});
      console.warn(`[skip] real Portfolio Manager XSDs: ${realPmDir} is absent on this machine`);
      return;
    }
    it('round-trips account and response values', async () => {
      const { provider, elements, diagnostics } = realPmProvider();
      expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
      const roots = [elements.get('account')!, elements.get('response')!];
      const codec = await loadCodec(provider, roots);
      const ctx = contextOf(provider.models);
      for (const key of roots) {
        const name = codec.names.modelName(key).name;
        roundTrip(codec, `encode${name}`, `decode${name}`, modelArb(key, ctx));
      }
    });
  });
});

// ---- the emitter itself ------------------------------------------------------------------------------------

describe('emitter', () => {
  it('is deterministic and emits nothing for providers without XML', async () => {
    const providers = await specProviders(['avvio', 'jasper', 'tier3']);
    for (const [id, p] of providers) {
      const a = emitXml(p, allocateProviderNames(p, new Diagnostics()));
      const b = emitXml(p, allocateProviderNames(p, new Diagnostics()));
      expect(a, id).toEqual(b);
      if (id !== 'tier3') expect(a, id).toBeUndefined();
      else expect(a).toBeDefined();
    }
  });

  it('never writes a spec string raw into code (names and namespaces go through literals)', () => {
    const { provider } = irFromYaml(
      withSchemas({
        Evil: {
          type: 'object',
          xml: { name: 'evil', namespace: 'urn:"x"\n*/${a}' },
          properties: { 'a"b': { type: 'string', xml: { name: 'ab' } }, ['x*/y']: { type: 'string', xml: { attribute: true, name: 'xy' } } },
        },
      }),
      'evil',
    );
    const roots = provider.models.map((m) => m.key);
    const names = allocateProviderNames(provider, new Diagnostics(), { xmlRoots: roots });
    const out = emitXml(provider, names, { roots })!;
    expect(() => new Function(out.js.replace(/^import .*$/gm, '').replace(/^export \{.*$/gm, '').replace(/^export /gm, ''))).not.toThrow();
    expect(out.js).toContain('v["a\\"b"]');
    expect(out.js).toContain('"urn:\\"x\\"\\n*/${a}"');
    // In comments the terminator is broken up.
    expect(out.js.split('\n').filter((l) => l.trimStart().startsWith('*') && l.includes('*/') && !l.trim().endsWith('*/'))).toEqual([]);
  });

  it('reports two members that map to one XML name', () => {
    const { provider } = irFromYaml(withSchemas({ Clash: { type: 'object', xml: { name: 'clash' }, properties: { a: { type: 'string', xml: { name: 'x' } }, b: { type: 'string', xml: { name: 'x' } } } } }), 'clash');
    const diagnostics = new Diagnostics();
    emitXml(provider, allocateProviderNames(provider, diagnostics, { xmlRoots: provider.models.map((m) => m.key) }), { roots: provider.models.map((m) => m.key), diagnostics });
    expect(diagnostics.items.map((d) => d.code)).toEqual(['xml-name-clash']);
  });

  it('reports names that are not XML names', () => {
    const { provider } = irFromYaml(withSchemas({ Bad: { type: 'object', xml: { name: 'bad' }, properties: { 'a b': { type: 'string' } } } }), 'bad');
    const diagnostics = new Diagnostics();
    emitXml(provider, allocateProviderNames(provider, diagnostics, { xmlRoots: provider.models.map((m) => m.key) }), { roots: provider.models.map((m) => m.key), diagnostics });
    expect(diagnostics.items.map((d) => d.code)).toContain('xml-name-invalid');
  });
});

describe('declarations', () => {
  it('xml.d.ts compiles under strict settings and types a consumer (Account, SOAP result, fault, options)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'provgen-xml-dts-'));
    try {
      mkdirSync(path.join(dir, 'runtime'));
      copyFileSync(path.join(repoRoot, 'templates/runtime/xml.d.ts'), path.join(dir, 'runtime/xml.d.ts'));
      const providers = await specProviders(['portfolio-manager', 'tier3', 'quickhelp']);
      for (const [id, p] of providers) {
        const names = allocateProviderNames(p, new Diagnostics());
        mkdirSync(path.join(dir, id));
        writeFileSync(path.join(dir, id, 'models.d.ts'), emitModelsDts(p, { names }));
        writeFileSync(path.join(dir, id, 'xml.d.ts'), emitXml(p, names)!.dts);
      }
      writeFileSync(
        path.join(dir, 'consumer.ts'),
        [
          "import { decodeAccount, encodeAccount, XmlError, type XmlDecodeOptions } from './portfolio-manager/xml.js';",
          "import { createAccountSoapBinding, decodeCreateAccountSoap, encodeCreateAccountSoap, SoapFault, soapContentType, encodeSoapFault } from './tier3/xml.js';",
          "import { decodeAccountCreationDto } from './quickhelp/xml.js';",
          "const options: XmlDecodeOptions = { unknown: 'report', maxDepth: 16, maxLength: 1 << 20, maxAttributes: 32 };",
          "const r = decodeAccount('<account/>', options);",
          'if (r.ok) {',
          '  const city: string = r.value.contact.address.city;',
          '  const org: string | undefined = r.value.organization.name;',
          '  const id: number | bigint | undefined = r.value.id;',
          '  const w: string[] = r.warnings.map((x) => x.path);',
          '  const xml: string = encodeAccount(r.value);',
          '  void city, org, id, w, xml;',
          '} else {',
          '  const first: string | undefined = r.errors[0]?.message;',
          '  void first;',
          '}',
          "const s = decodeCreateAccountSoap('');",
          'if (s.ok) {',
          '  const status: number = s.value.StatusCode;',
          '  const fax: string | null | undefined = s.value.AccountDetails?.Fax;',
          '  void status, fax;',
          '} else if (s.fault) {',
          '  const f: SoapFault = s.fault;',
          '  const parts: string[] = [f.code, f.reason, ...f.subcodes.map((q) => q.local)];',
          '  void parts;',
          '}',
          "const envelope: string = encodeCreateAccountSoap({ ParentAlias: 'P', Location: 'WA1', BusinessName: 'B', Address1: 'A', City: 'C', StateProvince: 'S', PostalCode: '1', Country: 'US', Telephone: 'T', ShareParentNetworks: true, BillingResponsibilityID: 2 });",
          'const ct: string = createAccountSoapBinding.contentType;',
          "const path: '/SOAP/Account.asmx' = createAccountSoapBinding.path;",
          "const built: string = soapContentType(createAccountSoapBinding.action) + encodeSoapFault({ code: 'Sender', reason: 'r' });",
          "const q = decodeAccountCreationDto('');",
          'if (q.ok) { const domains: string[] | undefined = q.value.domains; void domains; }',
          'const e: unknown = new XmlError(\'type\', \'m\');',
          'void envelope, ct, path, built, e;',
          '',
        ].join('\n'),
      );
      const program = ts.createProgram([path.join(dir, 'consumer.ts')], { ...strictOptions, types: [] });
      const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(dir, d.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diags).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
