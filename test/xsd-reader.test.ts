import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, Diagnostics } from '../generator/diagnostics.ts';
import type { IRModel, IRSchema } from '../generator/ir/types.ts';
import { readXsd, type XsdReadResult } from '../generator/readers/xsd/index.ts';
import { sharedAbsent } from './support/paths.ts';

// ---- helpers ---------------------------------------------------------------------------------------------

const ROOT = '/virtual/specs';
const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

/** A schema document around `body`; the body starts on line 3. */
const xsd = (body: string, attrs = ''): string => `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema ${XS}${attrs}>\n${body}\n</xs:schema>\n`;

function read(files: Record<string, string>, entries: string[] = ['main.xsd']): { result: XsdReadResult; diagnostics: Diagnostic[] } {
  const diagnostics = new Diagnostics();
  const result = readXsd(entries, {
    root: ROOT,
    diagnostics,
    readFile: (abs) => files[path.relative(ROOT, abs).split(path.sep).join('/')],
  });
  return { result, diagnostics: diagnostics.sorted() };
}

function model(result: XsdReadResult, key: string): IRModel {
  const m = result.models.find((x) => x.key === key);
  if (!m) throw new Error(`no model ${key}; have ${result.models.map((x) => x.key).join(', ')}`);
  return m;
}

/** `{ required: [names] }` as the reader writes it in a choice's oneOf. */
const req = (...names: string[]) => ({ object: { properties: [], extraRequired: names } });

// ---- 1. one row per construct ----------------------------------------------------------------------------

interface Row {
  name: string;
  /** main.xsd body, or every file by path. */
  given: string | Record<string, string>;
  key: string;
  /** Matched with toMatchObject: objects partially, arrays element by element and in full length. */
  want: Partial<IRSchema> | Record<string, unknown>;
  /** Extra assertions (absence of keys, etc.). */
  check?: (m: IRModel, r: XsdReadResult) => void;
}

const rows: Row[] = [
  {
    name: 'sequence: properties in order, required by default',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:element name="b" type="xs:string"/><xs:element name="a" type="xs:int"/>
    </xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      types: ['object'],
      xml: { order: 'sequence' },
      object: { properties: [{ name: 'b', required: true, schema: { types: ['string'] } }, { name: 'a', required: true, schema: { types: ['integer'] } }] },
    },
  },
  {
    name: 'all',
    given: `<xs:complexType name="t"><xs:all><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" minOccurs="0"/></xs:all></xs:complexType>`,
    key: 'xsd:type:t',
    want: { xml: { order: 'all' }, object: { properties: [{ name: 'a', required: true }, { name: 'b', required: false }] } },
  },
  {
    name: 'choice: children optional, oneOf of single-required alternatives',
    given: `<xs:complexType name="t"><xs:choice><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/></xs:choice></xs:complexType>`,
    key: 'xsd:type:t',
    want: { xml: { order: 'choice' }, object: { properties: [{ name: 'a', required: false }, { name: 'b', required: false }] }, oneOf: [req('a'), req('b')] },
  },
  {
    name: 'optional choice: adds a "none present" alternative',
    given: `<xs:complexType name="t"><xs:choice minOccurs="0"><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/></xs:choice></xs:complexType>`,
    key: 'xsd:type:t',
    want: { oneOf: [req('a'), req('b'), { not: { anyOf: [req('a'), req('b')] } }] },
  },
  {
    name: 'choice of sequences: each branch requires its required elements',
    given: `<xs:complexType name="t"><xs:choice>
      <xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/><xs:element name="c" type="xs:string" minOccurs="0"/></xs:sequence>
      <xs:element name="d" type="xs:string"/>
    </xs:choice></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'a', required: false }, { name: 'b', required: false }, { name: 'c', required: false }, { name: 'd', required: false }] }, oneOf: [req('a', 'b'), req('d')] },
  },
  {
    name: 'repeating choice: any mix, arrays, no oneOf',
    given: `<xs:complexType name="t"><xs:choice maxOccurs="unbounded"><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/></xs:choice></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'a', required: false, schema: { types: ['array'], xml: { wrapped: false } } }, { name: 'b', required: false, schema: { types: ['array'] } }] } },
    check: (m) => expect(m.schema.oneOf).toBeUndefined(),
  },
  {
    name: 'two choices in one sequence: allOf of oneOfs',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:choice><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/></xs:choice>
      <xs:choice><xs:element name="c" type="xs:string"/><xs:element name="d" type="xs:string"/></xs:choice>
    </xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: { allOf: [{ oneOf: [req('a'), req('b')] }, { oneOf: [req('c'), req('d')] }] },
  },
  {
    name: 'attributes: use="required" is required, otherwise optional; after the elements',
    given: `<xs:complexType name="t"><xs:sequence><xs:element name="e" type="xs:string"/></xs:sequence>
      <xs:attribute name="r" type="xs:string" use="required"/><xs:attribute name="o" type="xs:long"/><xs:attribute name="x" type="xs:string" use="optional"/><xs:attribute name="gone" type="xs:string" use="prohibited"/>
    </xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          { name: 'e', required: true },
          { name: 'r', required: true, schema: { xml: { attribute: true, xsdType: 'xs:string' } } },
          { name: 'o', required: false, schema: { types: ['integer'], xml: { attribute: true, xsdType: 'xs:long' } } },
          { name: 'x', required: false },
        ],
      },
    },
    check: (m) => expect(m.schema.xml?.order).toBe('sequence'),
  },
  {
    name: 'attribute with no type: string (xs:anySimpleType)',
    given: `<xs:complexType name="t"><xs:attribute name="hint"/></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'hint', required: false, schema: { types: ['string'], xml: { attribute: true, xsdType: 'xs:anySimpleType' } } }] } },
    check: (m) => expect(m.schema.xml).toBeUndefined(),
  },
  {
    name: 'minOccurs="0" optional; maxOccurs="unbounded" array; 2..5 bounds',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:element name="opt" type="xs:string" minOccurs="0"/>
      <xs:element name="many" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="some" type="xs:int" minOccurs="2" maxOccurs="5"/>
      <xs:element name="once" type="xs:int" minOccurs="1" maxOccurs="1"/>
    </xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          { name: 'opt', required: false, schema: { types: ['string'] } },
          { name: 'many', required: false, schema: { types: ['array'], array: { items: { types: ['string'], xml: { xsdType: 'xs:string' } } }, xml: { wrapped: false } } },
          { name: 'some', required: true, schema: { types: ['array'], array: { items: { types: ['integer'] }, minItems: 2, maxItems: 5 }, xml: { wrapped: false } } },
          { name: 'once', required: true, schema: { types: ['integer'] } },
        ],
      },
    },
    check: (m) => {
      const many = m.schema.object?.properties[1]?.schema.array;
      expect(many?.minItems).toBeUndefined();
      expect(many?.maxItems).toBeUndefined();
    },
  },
  {
    name: 'nested sequence: optionality and repetition multiply along the path',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:element name="a" type="xs:string"/>
      <xs:sequence minOccurs="0"><xs:element name="b" type="xs:string"/></xs:sequence>
      <xs:sequence maxOccurs="3"><xs:element name="c" type="xs:string"/></xs:sequence>
    </xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          { name: 'a', required: true },
          { name: 'b', required: false, schema: { types: ['string'] } },
          { name: 'c', required: true, schema: { types: ['array'], array: { minItems: 1, maxItems: 3 } } },
        ],
      },
    },
  },
  {
    name: 'nested choice inside a sequence: flattened, with its oneOf on the object',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:element name="a" type="xs:string"/>
      <xs:choice><xs:element name="b" type="xs:string"/><xs:element name="c" type="xs:string"/></xs:choice>
    </xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: { xml: { order: 'sequence' }, object: { properties: [{ name: 'a', required: true }, { name: 'b', required: false }, { name: 'c', required: false }] }, oneOf: [req('b'), req('c')] },
  },
  {
    name: 'facets: minLength / maxLength',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="60"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['string'], string: { minLength: 1, maxLength: 60 }, xml: { xsdType: 'xs:string' } },
  },
  {
    name: 'facets: length',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { string: { minLength: 2, maxLength: 2 } },
  },
  {
    name: 'facets: pattern (anchored, as XSD patterns match the whole value)',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}\\d+"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { string: { pattern: '^(?:(?:[A-Z]{2}\\d+))$' } },
  },
  {
    name: 'facets: several patterns in one step are alternatives',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="a+"/><xs:pattern value="b+"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { string: { pattern: '^(?:(?:a+)|(?:b+))$' } },
  },
  {
    name: 'facets: enumeration',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:enumeration value="Ok"/><xs:enumeration value="Error"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['string'], enum: ['Ok', 'Error'] },
    check: (m) => expect(m.schema.meta.enumDescriptions).toBeUndefined(),
  },
  {
    name: 'facets: enumeration with per-value documentation',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:string">
      <xs:enumeration value="AK"><xs:annotation><xs:documentation>Alaska in
        United States</xs:documentation></xs:annotation></xs:enumeration>
      <xs:enumeration value="XX"/>
    </xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { enum: ['AK', 'XX'], meta: { enumDescriptions: ['Alaska in United States', ''] } },
  },
  {
    name: 'facets: enumeration of a numeric type gives numbers',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:int"><xs:enumeration value="1"/><xs:enumeration value="20"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['integer'], enum: [1, 20] },
  },
  {
    name: 'facets: minInclusive / maxInclusive override the built-in bounds',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:int"><xs:minInclusive value="0"/><xs:maxInclusive value="100"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['integer'], number: { format: 'int32', minimum: 0, maximum: 100 }, xml: { xsdType: 'xs:int' } },
  },
  {
    name: 'facets: minExclusive / maxExclusive',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:decimal"><xs:minExclusive value="0.5"/><xs:maxExclusive value="99.5"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['number'], number: { exclusiveMinimum: 0.5, exclusiveMaximum: 99.5 } },
  },
  {
    name: 'facets: totalDigits / fractionDigits',
    given: `<xs:simpleType name="s"><xs:restriction base="xs:decimal"><xs:totalDigits value="10"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:s',
    want: { types: ['number'], number: { totalDigits: 10, fractionDigits: 2 }, xml: { xsdType: 'xs:decimal' } },
  },
  {
    name: 'restriction of a named simple type inherits and narrows (base declared later)',
    given: `<xs:simpleType name="short"><xs:restriction base="name"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="name"><xs:annotation><xs:documentation>A name.</xs:documentation></xs:annotation>
        <xs:restriction base="xs:token"><xs:minLength value="1"/><xs:maxLength value="100"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:short',
    want: { types: ['string'], string: { minLength: 1, maxLength: 10 }, xml: { xsdType: 'xs:token' }, meta: {} },
    check: (m) => expect(m.schema.meta.description).toBeUndefined(),
  },
  {
    name: 'union: anyOf of memberTypes then inline members',
    given: `<xs:simpleType name="u"><xs:union memberTypes="xs:gYearMonth e"><xs:simpleType><xs:restriction base="xs:decimal"/></xs:simpleType></xs:union></xs:simpleType>
      <xs:simpleType name="e"><xs:restriction base="xs:string"><xs:enumeration value=""/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:u',
    want: { anyOf: [{ types: ['string'], xml: { xsdType: 'xs:gYearMonth' } }, { ref: 'xsd:type:e' }, { types: ['number'], xml: { xsdType: 'xs:decimal' } }] },
    check: (m) => expect(m.schema.types).toBeUndefined(),
  },
  {
    name: 'list: array of the item type marked xs:list (space-separated in XML); length facets count items',
    given: `<xs:simpleType name="l"><xs:list itemType="xs:int"/></xs:simpleType>
      <xs:simpleType name="l2"><xs:restriction base="l"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>`,
    key: 'xsd:type:l2',
    want: { types: ['array'], array: { items: { types: ['integer'], xml: { xsdType: 'xs:int' } }, maxItems: 3 }, xml: { xsdType: 'xs:list' } },
  },
  {
    name: 'simpleContent extension: text property "value" first, then attributes',
    given: `<xs:complexType name="t"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="uom" type="xs:string" use="required"/></xs:extension></xs:simpleContent></xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      types: ['object'],
      object: {
        properties: [
          { name: 'value', required: true, schema: { types: ['number'], xml: { text: true, xsdType: 'xs:decimal' } } },
          { name: 'uom', required: true, schema: { xml: { attribute: true } } },
        ],
      },
    },
  },
  {
    name: 'simpleContent: the text property becomes "_value" when an attribute is named "value"',
    given: `<xs:complexType name="t"><xs:simpleContent><xs:extension base="xs:string"><xs:attribute name="value" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: '_value', schema: { xml: { text: true } } }, { name: 'value', schema: { xml: { attribute: true } } }] } },
  },
  {
    name: 'simpleContent restriction of a simpleContent type narrows the text and keeps the attributes',
    given: `<xs:complexType name="base"><xs:simpleContent><xs:extension base="xs:string"><xs:attribute name="lang" type="xs:language"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:complexType name="t"><xs:simpleContent><xs:restriction base="base"><xs:maxLength value="5"/></xs:restriction></xs:simpleContent></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'value', schema: { types: ['string'], string: { maxLength: 5 }, xml: { text: true } } }, { name: 'lang', schema: { xml: { attribute: true } } }] } },
  },
  {
    name: 'complexContent extension: base properties first (base declared later, two levels)',
    given: `<xs:complexType name="leaf"><xs:complexContent><xs:extension base="mid"><xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence><xs:attribute name="z" type="xs:string"/></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="mid"><xs:complexContent><xs:extension base="root"><xs:sequence><xs:element name="b" type="xs:string" minOccurs="0"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="root" abstract="true"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence><xs:attribute name="id" type="xs:long"/></xs:complexType>`,
    key: 'xsd:type:leaf',
    want: {
      types: ['object'],
      xml: { order: 'sequence' },
      object: {
        properties: [
          { name: 'a', required: true },
          { name: 'id', required: false, schema: { xml: { attribute: true } } },
          { name: 'b', required: false },
          { name: 'c', required: true },
          { name: 'z', required: false, schema: { xml: { attribute: true } } },
        ],
      },
    },
  },
  {
    name: 'complexContent restriction: restated content, base attributes narrowed or prohibited',
    given: `<xs:complexType name="base"><xs:sequence><xs:element name="a" type="xs:string" minOccurs="0"/><xs:element name="b" type="xs:string" minOccurs="0"/></xs:sequence>
        <xs:attribute name="x" type="xs:string"/><xs:attribute name="y" type="xs:string"/></xs:complexType>
      <xs:complexType name="t"><xs:complexContent><xs:restriction base="base"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
        <xs:attribute name="x" type="xs:string" use="required"/><xs:attribute name="y" use="prohibited"/></xs:restriction></xs:complexContent></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'a', required: true }, { name: 'x', required: true, schema: { xml: { attribute: true } } }] } },
  },
  {
    name: 'group ref: the group particles are inlined with the ref occurrence',
    given: `<xs:group name="g"><xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" minOccurs="0"/></xs:sequence></xs:group>
      <xs:complexType name="t"><xs:sequence><xs:element name="first" type="xs:string"/><xs:group ref="g"/><xs:group ref="g2" minOccurs="0"/></xs:sequence></xs:complexType>
      <xs:group name="g2"><xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence></xs:group>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'first', required: true }, { name: 'a', required: true }, { name: 'b', required: false }, { name: 'c', required: false }] } },
  },
  {
    name: 'attributeGroup ref: attributes inlined',
    given: `<xs:attributeGroup name="ag"><xs:attribute name="p" type="xs:string" use="required"/><xs:attribute name="q" type="xs:int"/></xs:attributeGroup>
      <xs:complexType name="t"><xs:attributeGroup ref="ag"/></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'p', required: true, schema: { xml: { attribute: true } } }, { name: 'q', required: false, schema: { types: ['integer'] } }] } },
  },
  {
    name: 'include: the included file joins the schema set',
    given: {
      'main.xsd': xsd(`<xs:include schemaLocation="sub/types.xsd"/><xs:element name="root" type="t"/>`),
      'sub/types.xsd': xsd(`<xs:include schemaLocation="../common/c.xsd"/><xs:complexType name="t"><xs:sequence><xs:element name="c" type="c"/></xs:sequence></xs:complexType>`),
      'common/c.xsd': xsd(`<xs:simpleType name="c"><xs:restriction base="xs:string"/></xs:simpleType>`),
    },
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'c', schema: { ref: 'xsd:type:c' } }] }, source: { file: 'sub/types.xsd', pointer: '/xs:schema/xs:complexType[name=t]', line: 3 } },
    check: (_m, r) => {
      expect(r.files).toEqual(['common/c.xsd', 'main.xsd', 'sub/types.xsd']);
      // Reached order: main, then what it includes depth-first.
      expect(r.models.map((m) => m.key)).toEqual(['xsd:element:root', 'xsd:type:t', 'xsd:type:c']);
    },
  },
  {
    name: 'targetNamespace: recorded on types, roots and qualified local elements',
    given: { 'main.xsd': xsd(`<xs:element name="r" type="tns:t"/><xs:complexType name="t"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>`, ` xmlns:tns="urn:x" targetNamespace="urn:x" elementFormDefault="qualified"`) },
    key: 'xsd:type:t',
    want: { xml: { namespace: 'urn:x', order: 'sequence' }, object: { properties: [{ name: 'a', schema: { xml: { namespace: 'urn:x' } } }] } },
    check: (_m, r) => expect(model(r, 'xsd:element:r')).toMatchObject({ xmlRoot: { name: 'r', namespace: 'urn:x' }, schema: { ref: 'xsd:type:t' } }),
  },
  {
    name: "element ref: the global element's type (named) or its model (anonymous)",
    given: `<xs:element name="named" type="xs:long"><xs:annotation><xs:documentation>Global doc.</xs:documentation></xs:annotation></xs:element>
      <xs:element name="anon"><xs:complexType><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="typed" type="t2"/><xs:complexType name="t2"/>
      <xs:complexType name="t"><xs:sequence><xs:element ref="named"/><xs:element ref="anon" minOccurs="0" maxOccurs="unbounded"/><xs:element ref="typed"/></xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          { name: 'named', required: true, schema: { types: ['integer'], xml: { xsdType: 'xs:long' }, meta: { description: 'Global doc.' } } },
          { name: 'anon', required: false, schema: { types: ['array'], array: { items: { ref: 'xsd:element:anon' } } } },
          { name: 'typed', required: true, schema: { ref: 'xsd:type:t2' } },
        ],
      },
    },
  },
  {
    name: 'nillable, default and fixed',
    given: `<xs:complexType name="t"><xs:sequence>
      <xs:element name="n" type="xs:string" nillable="true" minOccurs="0"/>
      <xs:element name="d" type="xs:boolean" default="true" minOccurs="0"/>
      <xs:element name="f" type="xs:int" fixed="7"/>
      <xs:element name="nd" type="flag" default="0"/>
    </xs:sequence><xs:attribute name="v" type="xs:string" fixed="1.0"/></xs:complexType>
    <xs:simpleType name="flag"><xs:restriction base="xs:decimal"/></xs:simpleType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          { name: 'n', schema: { xml: { nillable: true } } },
          { name: 'd', schema: { meta: { default: true } } },
          { name: 'f', schema: { const: { value: 7 } } },
          { name: 'nd', schema: { ref: 'xsd:type:flag', meta: { default: 0 } } },
          { name: 'v', schema: { const: { value: '1.0' }, xml: { attribute: true } } },
        ],
      },
    },
  },
  {
    name: 'global element: a model with xmlRoot, schema a ref to its type',
    given: `<xs:element name="account" type="accountType"><xs:annotation><xs:documentation>  An
      account. </xs:documentation></xs:annotation></xs:element><xs:complexType name="accountType"/>`,
    key: 'xsd:element:account',
    want: { ref: 'xsd:type:accountType', meta: { description: 'An account.' } },
    check: (m, r) => {
      expect(m.xmlRoot).toEqual({ name: 'account' });
      expect(m.source).toEqual({ file: 'main.xsd', pointer: '/xs:schema/xs:element[name=account]', line: 3 });
      expect([...r.elements]).toEqual([['account', 'xsd:element:account']]);
    },
  },
  {
    name: 'global element with an inline type: the model schema is that type',
    given: `<xs:element name="wrap"><xs:complexType><xs:sequence><xs:element name="a" type="xs:date"/></xs:sequence></xs:complexType></xs:element>`,
    key: 'xsd:element:wrap',
    want: { types: ['object'], object: { properties: [{ name: 'a', schema: { types: ['string'], string: { format: 'date' } } }] } },
  },
  {
    name: 'element with no type and no content: any, tagged xs:anyType',
    given: `<xs:complexType name="t"><xs:sequence><xs:element name="anything"/></xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'anything', required: true, schema: { meta: {}, xml: { xsdType: 'xs:anyType' } } }] } },
    check: (m) => expect(m.schema.object?.properties[0]?.schema.types).toBeUndefined(),
  },
  {
    name: 'documentation: trimmed and whitespace-normalised, on types and properties',
    given: `<xs:complexType name="t"><xs:annotation><xs:documentation>
        A  type,
        described.
      </xs:documentation></xs:annotation>
      <xs:sequence><xs:element name="a" type="xs:string"><xs:annotation><xs:documentation>Uses &amp; &lt;escapes&gt;</xs:documentation></xs:annotation></xs:element></xs:sequence></xs:complexType>`,
    key: 'xsd:type:t',
    want: { meta: { description: 'A type, described.' }, object: { properties: [{ name: 'a', schema: { meta: { description: 'Uses & <escapes>' } } }] } },
  },
  {
    name: 'pointer and line of a nested declaration',
    given: `<xs:complexType name="t">
  <xs:sequence>
    <xs:element name="a">
      <xs:complexType><xs:sequence><xs:element name="deep" type="xs:string"/></xs:sequence></xs:complexType>
    </xs:element>
  </xs:sequence>
</xs:complexType>`,
    key: 'xsd:type:t',
    want: {
      object: {
        properties: [
          {
            name: 'a',
            schema: {
              source: { file: 'main.xsd', line: 5, pointer: '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:element[name=a]' },
              object: { properties: [{ name: 'deep', schema: { source: { line: 6, pointer: '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:element[name=a]/xs:complexType/xs:sequence/xs:element[name=deep]' } } }] },
            },
          },
        ],
      },
    },
  },
  {
    name: 'another prefix for the XSD namespace',
    given: { 'main.xsd': `<schema xmlns="http://www.w3.org/2001/XMLSchema"><complexType name="t"><sequence><element name="a" type="long"/></sequence></complexType></schema>` },
    key: 'xsd:type:t',
    want: { object: { properties: [{ name: 'a', schema: { types: ['integer'], xml: { xsdType: 'xs:long' } } }] }, source: { pointer: '/xs:schema/xs:complexType[name=t]' } },
  },
];

describe('readXsd: one construct per row', () => {
  it.each(rows)('$name', (row) => {
    const files = typeof row.given === 'string' ? { 'main.xsd': xsd(row.given) } : row.given;
    const { result, diagnostics } = read(files);
    expect(diagnostics).toEqual([]);
    const m = model(result, row.key);
    expect(m.schema).toMatchObject(row.want);
    row.check?.(m, result);
  });
});

// ---- built-in types --------------------------------------------------------------------------------------

const builtins: [string, Partial<IRSchema>][] = [
  ['string', { types: ['string'] }],
  ['normalizedString', { types: ['string'] }],
  ['token', { types: ['string'] }],
  ['Name', { types: ['string'] }],
  ['NCName', { types: ['string'] }],
  ['ID', { types: ['string'] }],
  ['IDREF', { types: ['string'] }],
  ['language', { types: ['string'] }],
  ['boolean', { types: ['boolean'] }],
  ['int', { types: ['integer'], number: { format: 'int32', minimum: -2147483648, maximum: 2147483647 } }],
  ['short', { types: ['integer'], number: { minimum: -32768, maximum: 32767 } }],
  ['byte', { types: ['integer'], number: { minimum: -128, maximum: 127 } }],
  ['unsignedShort', { types: ['integer'], number: { minimum: 0, maximum: 65535 } }],
  ['unsignedByte', { types: ['integer'], number: { minimum: 0, maximum: 255 } }],
  ['long', { types: ['integer'], number: { format: 'int64' } }],
  ['unsignedInt', { types: ['integer'], number: { format: 'int64', minimum: 0, maximum: 4294967295 } }],
  ['unsignedLong', { types: ['integer'], number: { format: 'int64', minimum: 0 } }],
  ['integer', { types: ['integer'], number: { format: 'int64' } }],
  ['nonNegativeInteger', { types: ['integer'], number: { format: 'int64', minimum: 0 } }],
  ['positiveInteger', { types: ['integer'], number: { format: 'int64', minimum: 1 } }],
  ['negativeInteger', { types: ['integer'], number: { format: 'int64', maximum: -1 } }],
  ['nonPositiveInteger', { types: ['integer'], number: { format: 'int64', maximum: 0 } }],
  ['decimal', { types: ['number'] }],
  ['double', { types: ['number'], number: { format: 'double' } }],
  ['float', { types: ['number'], number: { format: 'float' } }],
  ['date', { types: ['string'], string: { format: 'date' } }],
  ['dateTime', { types: ['string'], string: { format: 'date-time' } }],
  ['time', { types: ['string'], string: { format: 'time' } }],
  ['anyURI', { types: ['string'], string: { format: 'uri-reference' } }],
  ['base64Binary', { types: ['string'] }],
  ['hexBinary', { types: ['string'] }],
  ['anySimpleType', { types: ['string'] }],
  ['gYearMonth', { types: ['string'] }],
];

describe('readXsd: built-in types', () => {
  it.each(builtins)('xs:%s', (local, want) => {
    const { result, diagnostics } = read({ 'main.xsd': xsd(`<xs:element name="e" type="xs:${local}"/>`) });
    expect(diagnostics).toEqual([]);
    const { source: _source, ...schema } = model(result, 'xsd:element:e').schema;
    // Exactly these keys: no stray facets.
    expect(schema).toEqual({ ...want, meta: {}, xml: { xsdType: `xs:${local}` } });
  });
});

// ---- diagnostics -----------------------------------------------------------------------------------------

describe('readXsd: diagnostics', () => {
  it('unknown type, group, element and attribute group: xsd-unknown-type with file, line, pointer; reading goes on', () => {
    const { result, diagnostics } = read({
      'main.xsd': xsd(`<xs:complexType name="t">
  <xs:sequence>
    <xs:element name="a" type="nope"/>
    <xs:group ref="noGroup"/>
    <xs:element ref="noElement"/>
  </xs:sequence>
  <xs:attributeGroup ref="noAttrs"/>
  <xs:attribute name="z" type="xs:nothing"/>
</xs:complexType>
<xs:complexType name="ok"/>`),
    });
    expect(diagnostics).toEqual([
      { code: 'xsd-unknown-type', severity: 'error', file: 'main.xsd', line: 5, pointer: '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:element[name=a]', message: expect.stringContaining('type="nope"') },
      { code: 'xsd-unknown-type', severity: 'error', file: 'main.xsd', line: 6, pointer: '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:group[ref=noGroup]', message: expect.stringContaining('noGroup') },
      { code: 'xsd-unknown-type', severity: 'error', file: 'main.xsd', line: 7, pointer: '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:element[ref=noElement]', message: expect.stringContaining('noElement') },
      { code: 'xsd-unknown-type', severity: 'error', file: 'main.xsd', line: 9, pointer: '/xs:schema/xs:complexType[name=t]/xs:attributeGroup[ref=noAttrs]', message: expect.stringContaining('noAttrs') },
      { code: 'xsd-unknown-type', severity: 'error', file: 'main.xsd', line: 10, pointer: '/xs:schema/xs:complexType[name=t]/xs:attribute[name=z]', message: expect.stringContaining('xs:nothing') },
    ]);
    expect(result.models.map((m) => m.key)).toEqual(['xsd:type:t', 'xsd:type:ok']);
    // The broken references read as "any" so the rest of the type is still usable.
    expect(model(result, 'xsd:type:t').schema.object?.properties.map((p) => p.name)).toEqual(['a', 'noElement', 'z']);
  });

  it('missing include: xsd-include-missing naming the including file, its line and the missing path', () => {
    const { result, diagnostics } = read({
      'main.xsd': xsd(`<xs:include schemaLocation="a.xsd"/>\n<xs:include schemaLocation="gone/missing.xsd"/>`),
      'a.xsd': xsd(`<xs:simpleType name="s"><xs:restriction base="xs:string"/></xs:simpleType>`),
    });
    expect(diagnostics).toEqual([
      { code: 'xsd-include-missing', severity: 'error', file: 'main.xsd', line: 4, pointer: '/xs:schema/xs:include[schemaLocation=gone/missing.xsd]', message: expect.stringContaining('gone/missing.xsd') },
    ]);
    expect(result.files).toEqual(['a.xsd', 'main.xsd']);
    expect(result.models.map((m) => m.key)).toEqual(['xsd:type:s']);
  });

  it('malformed XML: xsd-parse with the line; other files are still read', () => {
    const { result, diagnostics } = read(
      {
        'main.xsd': xsd(`<xs:complexType name="t">\n  <xs:sequence>\n  </xs:all>\n</xs:complexType>`),
        'ok.xsd': xsd(`<xs:complexType name="fine"/>`),
      },
      ['main.xsd', 'ok.xsd'],
    );
    expect(diagnostics).toEqual([{ code: 'xsd-parse', severity: 'error', file: 'main.xsd', line: 5, pointer: '', message: expect.stringContaining('</xs:all>') }]);
    expect(result.files).toEqual(['main.xsd', 'ok.xsd']);
    expect(result.models.map((m) => m.key)).toEqual(['xsd:type:fine']);
  });

  it.each([
    ['DOCTYPE is refused', `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<xs:schema ${XS}/>`, 2, 'DOCTYPE'],
    ['undeclared entity', `<xs:schema ${XS}>\n<xs:annotation><xs:documentation>&e;</xs:documentation></xs:annotation>\n</xs:schema>`, 2, '&e;'],
    ['unbound prefix', `<xs:schema ${XS}>\n\n<foo:bar/>\n</xs:schema>`, 3, 'foo'],
    ['duplicate attribute', `<xs:schema ${XS}>\n<xs:element name="a" name="b"/>\n</xs:schema>`, 2, 'duplicate attribute'],
    ['unclosed element (reported where it opened)', `<xs:schema ${XS}>\n<xs:element name="a">\n`, 2, 'unclosed element <xs:element>'],
    ['unquoted attribute', `<xs:schema ${XS}>\n<xs:element name=a/>\n</xs:schema>`, 2, 'quoted'],
    ['text after the root', `<xs:schema ${XS}/>\ntrailing`, 2, 'after the root'],
  ])('malformed XML: %s', (_name, text, line, fragment) => {
    const { diagnostics } = read({ 'main.xsd': text });
    expect(diagnostics).toEqual([{ code: 'xsd-parse', severity: 'error', file: 'main.xsd', line, pointer: '', message: expect.stringContaining(fragment) }]);
  });

  it('unsupported constructs are warnings, not silent drops', () => {
    const { result, diagnostics } = read({
      'main.xsd': xsd(`<xs:import namespace="urn:other" schemaLocation="other.xsd"/>
<xs:complexType name="t"><xs:sequence><xs:element name="a" type="xs:string"/><xs:any/></xs:sequence><xs:anyAttribute/></xs:complexType>
<xs:element name="sub" type="t" substitutionGroup="head"/>`),
    });
    expect(diagnostics.map((d) => [d.severity, d.code, d.line, d.pointer])).toEqual([
      ['warning', 'xsd-unsupported', 3, '/xs:schema/xs:import[schemaLocation=other.xsd]'],
      ['warning', 'xsd-unsupported', 4, '/xs:schema/xs:complexType[name=t]/xs:anyAttribute'],
      ['warning', 'xsd-unsupported', 4, '/xs:schema/xs:complexType[name=t]/xs:sequence/xs:any'],
      ['warning', 'xsd-unsupported', 5, '/xs:schema/xs:element[name=sub]'],
    ]);
    expect(model(result, 'xsd:type:t').schema.object?.properties.map((p) => p.name)).toEqual(['a']);
  });

  it('derivation and group cycles: xsd-cycle, no crash', () => {
    const { result, diagnostics } = read({
      'main.xsd': xsd(`<xs:complexType name="a"><xs:complexContent><xs:extension base="b"/></xs:complexContent></xs:complexType>
<xs:complexType name="b"><xs:complexContent><xs:extension base="a"/></xs:complexContent></xs:complexType>
<xs:group name="g"><xs:sequence><xs:element name="x" type="xs:string"/><xs:group ref="g"/></xs:sequence></xs:group>
<xs:complexType name="c"><xs:sequence><xs:group ref="g"/></xs:sequence></xs:complexType>`),
    });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      // Found while reading a (through b): reported at b's extension, which closes the loop.
      ['xsd-cycle', 4],
      ['xsd-cycle', 5],
    ]);
    expect(result.models.map((m) => m.key)).toEqual(['xsd:type:a', 'xsd:type:b', 'xsd:type:c']);
    expect(model(result, 'xsd:type:c').schema.object?.properties.map((p) => p.name)).toEqual(['x']);
  });

  it('duplicate global declarations: xsd-duplicate, the first is kept', () => {
    const { result, diagnostics } = read(
      { 'main.xsd': xsd(`<xs:simpleType name="s"><xs:restriction base="xs:string"/></xs:simpleType>`), 'b.xsd': xsd(`<xs:complexType name="s"/>`) },
      ['main.xsd', 'b.xsd'],
    );
    expect(diagnostics).toEqual([{ code: 'xsd-duplicate', severity: 'error', file: 'b.xsd', line: 3, pointer: '/xs:schema/xs:complexType[name=s]', message: expect.stringContaining('main.xsd:3') }]);
    expect(result.models).toHaveLength(1);
    expect(result.models[0]?.schema.types).toEqual(['string']);
  });

  it('missing entry file: xsd-file-missing', () => {
    const { result, diagnostics } = read({}, ['nope.xsd']);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['xsd-file-missing', 'nope.xsd']]);
    expect(result).toEqual({ models: [], elements: new Map(), files: [] });
  });
});

// ---- 3. determinism --------------------------------------------------------------------------------------

describe('readXsd: determinism', () => {
  it('reading the same input twice gives deep-equal, byte-equal results', () => {
    const files = {
      'main.xsd': xsd(`<xs:include schemaLocation="b.xsd"/>
<xs:element name="r" type="t"/>
<xs:complexType name="t"><xs:complexContent><xs:extension base="base"><xs:choice><xs:element name="a" type="xs:string"/><xs:element name="b" type="e"/></xs:choice></xs:extension></xs:complexContent></xs:complexType>`),
      'b.xsd': xsd(`<xs:complexType name="base"><xs:attribute name="id" type="xs:long" use="required"/></xs:complexType>
<xs:simpleType name="e"><xs:restriction base="xs:string"><xs:enumeration value="x"/></xs:restriction></xs:simpleType>`),
    };
    const a = read(files);
    const b = read(files);
    expect(a).toEqual(b);
    expect(JSON.stringify(a.result.models)).toBe(JSON.stringify(b.result.models));
  });
});

// ---- 2. the real Portfolio Manager bundle ----------------------------------------------------------------

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.resolve(repoRoot, '../shared/real-specs/portfolio-manager-17.0');
const haveBundle = existsSync(bundle);
if (!haveBundle) sharedAbsent('readXsd on the Portfolio Manager 17.0 bundle', bundle);

/** The fast-xml-parser view (preserveOrder) of one XML element. */
type FxNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const tagOf = (n: FxNode): string => Object.keys(n).find((k) => k !== ':@') ?? '';
const kids = (n: FxNode): FxNode[] => (n[tagOf(n)] as FxNode[] | undefined) ?? [];
const attr = (n: FxNode, a: string): string | undefined => n[':@']?.[a];

interface ExpectedMember {
  name: string;
  required: boolean;
  enumValues?: string[];
}
interface ExpectedType {
  order?: string;
  attributes: ExpectedMember[];
  elements: ExpectedMember[];
}

/**
 * Reads complexTypes of the given files independently of the reader, with fast-xml-parser. Only the
 * shapes these files use are understood (one flat particle, local elements and attributes); anything else
 * fails the test so it cannot pass by accident.
 */
function expectedFromFiles(files: string[]): Map<string, ExpectedType> {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false });
  const schemas = files.map((f) => (parser.parse(readFileSync(path.join(bundle, f), 'utf8')) as FxNode[]).find((n) => tagOf(n) === 'xs:schema')!);
  const simpleEnums = new Map<string, string[]>();
  const enumsOf = (restrictionParent: FxNode): string[] | undefined => {
    const r = kids(restrictionParent).find((k) => tagOf(k) === 'xs:restriction');
    const values = r ? kids(r).filter((k) => tagOf(k) === 'xs:enumeration').map((k) => attr(k, 'value')!) : [];
    return values.length > 0 ? values : undefined;
  };
  for (const s of schemas) for (const n of kids(s)) if (tagOf(n) === 'xs:simpleType') simpleEnums.set(attr(n, 'name')!, enumsOf(n) ?? []);
  const memberEnums = (n: FxNode): string[] | undefined => {
    const inline = kids(n).find((k) => tagOf(k) === 'xs:simpleType');
    if (inline) return enumsOf(inline);
    const type = attr(n, 'type');
    const e = type !== undefined && !type.startsWith('xs:') ? simpleEnums.get(type) : undefined;
    return e && e.length > 0 ? e : undefined;
  };
  const member = (n: FxNode, required: boolean): ExpectedMember => {
    const e = memberEnums(n);
    return e ? { name: attr(n, 'name')!, required, enumValues: e } : { name: attr(n, 'name')!, required };
  };
  const out = new Map<string, ExpectedType>();
  for (const s of schemas) {
    for (const ct of kids(s).filter((n) => tagOf(n) === 'xs:complexType')) {
      const t: ExpectedType = { attributes: [], elements: [] };
      for (const c of kids(ct)) {
        const tag = tagOf(c);
        if (tag === 'xs:annotation' || tag === '#text') continue;
        if (tag === 'xs:attribute') t.attributes.push(member(c, attr(c, 'use') === 'required'));
        else if (tag === 'xs:sequence' || tag === 'xs:all') {
          t.order = tag.slice(3);
          for (const e of kids(c)) {
            if (tagOf(e) === '#text') continue;
            expect(tagOf(e), `${attr(ct, 'name')}: the test reads flat content models only`).toBe('xs:element');
            t.elements.push(member(e, attr(e, 'minOccurs') !== '0'));
          }
        } else throw new Error(`${attr(ct, 'name')}: ${tag} is not understood by this test`);
      }
      out.set(attr(ct, 'name')!, t);
    }
  }
  return out;
}

describe.skipIf(!haveBundle)('readXsd: the Portfolio Manager 17.0 bundle', () => {
  const allXsd = haveBundle ? (readdirSync(bundle, { recursive: true }) as string[]).filter((f) => f.endsWith('.xsd')).map((f) => f.split(path.sep).join('/')).sort() : [];
  const run = (): { result: XsdReadResult; diagnostics: Diagnostic[] } => {
    const diagnostics = new Diagnostics();
    const result = readXsd(['main.xsd', ...allXsd], { root: bundle, diagnostics });
    return { result, diagnostics: diagnostics.sorted() };
  };
  const { result, diagnostics } = haveBundle ? run() : { result: { models: [], elements: new Map(), files: [] }, diagnostics: [] };

  const resolveEnum = (s: IRSchema): unknown[] | undefined => (s.ref !== undefined ? model(result, s.ref).schema.enum : s.enum);

  it('reads all 82 files', () => {
    expect(result.files).toHaveLength(82);
    expect(result.files).toEqual(allXsd);
  });

  it('the dangling include in main.xsd is the one and only diagnostic (no xsd-unknown-type, no warnings)', () => {
    expect(diagnostics).toEqual([
      { code: 'xsd-include-missing', severity: 'error', file: 'main.xsd', line: 18, pointer: '/xs:schema/xs:include[schemaLocation=account/searchResults.xsd]', message: expect.stringContaining('account/searchResults.xsd') },
    ]);
  });

  const checked = ['account/account.xsd', 'response/response.xsd', 'common/address.xsd', 'common/links.xsd'];
  const expected = haveBundle ? expectedFromFiles(checked) : new Map<string, ExpectedType>();

  it('has a model for every complexType of account.xsd, response.xsd, address.xsd and links.xsd', () => {
    expect(expected.size).toBeGreaterThanOrEqual(10);
    const fromThoseFiles = result.models.filter((m) => checked.includes(m.source.file) && m.key.startsWith('xsd:type:') && m.schema.types?.[0] === 'object');
    expect(fromThoseFiles.map((m) => m.name).sort()).toEqual([...expected.keys()].sort());
  });

  it.each([...expected.keys()])('complexType %s: exactly its attributes and elements, in order', (name) => {
    const want = expected.get(name)!;
    const m = model(result, `xsd:type:${name}`);
    const props = m.schema.object?.properties ?? [];
    const view = (p: (typeof props)[number]): ExpectedMember => {
      const e = resolveEnum(p.schema);
      return e ? { name: p.name, required: p.required, enumValues: e as string[] } : { name: p.name, required: p.required };
    };
    expect(props.filter((p) => p.schema.xml?.attribute).map(view)).toEqual(want.attributes);
    expect(props.filter((p) => !p.schema.xml?.attribute).map(view)).toEqual(want.elements);
    // Elements come first, then attributes, as declared.
    expect(props.map((p) => p.name)).toEqual([...want.elements, ...want.attributes].map((x) => x.name));
    expect(m.schema.xml?.order).toBe(want.order);
  });

  it('key facts, hard-coded', () => {
    const props = (key: string) => model(result, key).schema.object?.properties ?? [];
    const byName = (key: string, n: string) => props(key).find((p) => p.name === n)!;

    const org = props('xsd:type:organizationType');
    expect(org.filter((p) => p.schema.xml?.attribute).map((p) => p.name)).toEqual(['name']);
    expect(org.filter((p) => !p.schema.xml?.attribute).map((p) => p.name)).toEqual(['primaryBusiness', 'otherBusinessDescription', 'energyStarPartner', 'energyStarPartnerType', 'otherPartnerDescription']);
    expect(resolveEnum(byName('xsd:type:organizationType', 'primaryBusiness').schema)).toContain('Architecture/Design Firm');

    const addr = props('xsd:type:addressType');
    expect(addr.every((p) => p.schema.xml?.attribute)).toBe(true);
    expect(byName('xsd:type:addressType', 'address1')).toMatchObject({ required: true, schema: { types: ['string'], string: { minLength: 1, maxLength: 100 } } });
    expect(byName('xsd:type:addressType', 'city').required).toBe(true);
    expect(byName('xsd:type:addressType', 'postalCode').required).toBe(true);
    const state = byName('xsd:type:addressType', 'state');
    expect(state.required).toBe(false);
    expect(state.schema.enum).toContain('AK');
    expect(state.schema.meta.enumDescriptions?.[0]).toBe('Alaska in United States');
    expect(byName('xsd:type:addressType', 'country')).toMatchObject({ required: true, schema: { ref: 'xsd:type:countryList' } });
    expect(resolveEnum(byName('xsd:type:addressType', 'country').schema)).toContain('US');

    const resp = model(result, 'xsd:type:responseType');
    expect(resp.schema.xml?.order).toBe('sequence');
    expect(props('xsd:type:responseType').map((p) => [p.name, p.required, !!p.schema.xml?.attribute])).toEqual([
      ['id', false, false],
      ['links', false, false],
      ['errors', false, false],
      ['warnings', false, false],
      ['status', true, true],
    ]);
    expect(byName('xsd:type:responseType', 'id').schema).toMatchObject({ types: ['integer'], number: { format: 'int64' }, xml: { xsdType: 'xs:long' } });
    expect(resolveEnum(byName('xsd:type:responseType', 'status').schema)).toEqual(['Ok', 'Error']);
    expect(byName('xsd:type:errorsType', 'error')).toMatchObject({ required: false, schema: { types: ['array'], array: { items: { ref: 'xsd:type:errorType' } }, xml: { wrapped: false } } });

    expect(model(result, 'xsd:type:accountType').schema.xml?.order).toBe('all');
    expect(model(result, 'xsd:element:account')).toMatchObject({ xmlRoot: { name: 'account' }, schema: { ref: 'xsd:type:accountType' }, source: { file: 'account/account.xsd', line: 8 } });
    expect(result.elements.get('response')).toBe('xsd:element:response');
  });

  it('constructs used elsewhere in the bundle', () => {
    // complexContent extension of an abstract base.
    expect(model(result, 'xsd:type:useYesNoType').schema.object?.properties.map((p) => p.name)).toEqual(['audit', 'id', 'currentAsOf', 'temporary', 'default', 'value']);
    // simpleContent.
    const customField = model(result, 'xsd:element:customFieldList').schema.object?.properties[0]?.schema.array?.items;
    expect(customField?.object?.properties.map((p) => [p.name, p.schema.xml?.text ?? false, p.schema.xml?.attribute ?? false])).toEqual([
      ['value', true, false],
      ['name', false, true],
    ]);
    // Union.
    expect(model(result, 'xsd:type:allMeterTypes').schema.anyOf?.map((s) => s.ref)).toEqual(['xsd:type:typeOfMeter', 'xsd:type:wasteMeterType']);
    // Repeating group of a choice of element refs.
    const useDetails = model(result, 'xsd:element:useDetails').schema;
    expect(useDetails.oneOf).toBeUndefined();
    expect(useDetails.object?.properties.at(-1)?.name).toBe('links');
    expect(useDetails.object?.properties.slice(0, -1).every((p) => !p.required && p.schema.types?.[0] === 'array')).toBe(true);
    // default on an element.
    const meter = model(result, 'xsd:type:meterType').schema.object?.properties.find((p) => p.name === 'metered');
    expect(meter?.schema.meta.default).toBe(true);
  });

  it('sources are relative, forward-slashed and name files that were read', () => {
    const seen = new Set<string>();
    const walk = (s: IRSchema | undefined): void => {
      if (!s) return;
      seen.add(s.source.file);
      for (const p of s.object?.properties ?? []) walk(p.schema);
      walk(s.array?.items);
      for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(x);
    };
    for (const m of result.models) {
      seen.add(m.source.file);
      walk(m.schema);
    }
    for (const f of seen) expect(result.files).toContain(f);
  });

  it('is deterministic', () => {
    const again = run();
    expect(again).toEqual({ result, diagnostics });
    expect(JSON.stringify(again.result.models)).toBe(JSON.stringify(result.models));
  });
});
