/**
 * Big Portfolio Manager-shaped values for the XML bench and the big-document tests: a `response` as Portfolio
 * Manager's list calls return it (one `link` per property or meter, with its id, URL, method and hint), plus
 * errors and warnings. Deterministic (seeded), sized by the length of the encoded document, and varied the way
 * real replies are: ids of every width (including ones beyond 2^53, which decode as bigint), descriptions with
 * markup characters, quotes, line ends, non-ASCII and astral characters, some attributes left out.
 */

import { seeded } from './seeded.ts';


const KINDS = ['property', 'meter', 'building', 'account', 'customer', 'connection', 'share', 'group'];
const METHODS = ['GET', 'PUT', 'POST', 'DELETE'];
const WORDS = ['Main', 'Street', 'Annex', 'Tower', 'School', 'Campus', 'Plant', 'Office', 'Depot', 'Clinic', 'Hall', 'North', 'South', 'Wing', 'Centre'];
/** Text that must be escaped or normalised, and characters beyond ASCII, mixed into some values. */
const SPICE = [' & ', ' <East> ', ' "Old" ', " O'Hara ", ' \u00e9t\u00e9 ', ' \u4e2d\u6587 ', ' \u{1f3e2} ', ' 50% > 40% ', ' ]]> '];
/** Line ends and tabs: an encoder writes them in attributes as character references (&#10;), which
 * fast-xml-parser does not decode, so the bench leaves them out to compare like with like. */
const CONTROLS = ['\n', '\t', '\r\n', '\r'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function phrase(r: () => number, words: number, o: Required<BigOptions>): string {
  let s = pick(r, WORDS);
  for (let i = 1; i < words; i++) {
    const x = r();
    s += (x < o.spice ? pick(r, SPICE) : x < o.spice + o.controls ? pick(r, CONTROLS) : ' ') + pick(r, WORDS);
  }
  return s;
}

export interface BigOptions {
  seed?: number;
  /** Share of word gaps holding a character to escape (& < > " ') or beyond ASCII. */
  spice?: number;
  /** Share of word gaps holding a line end or tab. */
  controls?: number;
}

function id(r: () => number): number | bigint {
  const x = r();
  if (x < 0.02) return 9007199254740993n + BigInt(Math.floor(r() * 1e6));
  if (x < 0.5) return Math.floor(r() * 1e5);
  return Math.floor(r() * 1e12);
}

export interface Link {
  id?: number | bigint;
  linkDescription?: string;
  link?: string;
  httpMethod?: string;
  hint?: string;
}

export interface PmResponse {
  status: string;
  id?: number | bigint;
  links?: { link?: Link[] };
  errors?: { error?: { errorNumber?: string; errorDescription?: string }[] };
  warnings?: { warning?: { warningNumber?: string; warningDescription?: string }[] };
}

/**
 * A `response` value whose encoded document is about `chars` UTF-16 code units long (within a few per cent):
 * links make up most of it, with an error and a warning about every 40 links.
 */
export function bigPmResponse(chars: number, options: BigOptions = {}): PmResponse {
  const o: Required<BigOptions> = { seed: options.seed ?? 1, spice: options.spice ?? 0.05, controls: options.controls ?? 0 };
  const r = seeded(o.seed);
  const links: Link[] = [];
  const errors: { errorNumber?: string; errorDescription?: string }[] = [];
  const warnings: { warningNumber?: string; warningDescription?: string }[] = [];
  // Rough per-item sizes of the encoded elements, to stop near the target without encoding on the way.
  let size = 200;
  while (size < chars) {
    const kind = pick(r, KINDS);
    const n = id(r);
    const l: Link = {};
    if (r() < 0.97) l.id = n;
    l.linkDescription = `${r() < 0.5 ? 'Get' : 'Update'} ${kind} ${phrase(r, 1 + Math.floor(r() * 5), o)}`;
    l.link = `/${kind}/${n}${r() < 0.3 ? `/${pick(r, KINDS)}/list?page=${Math.floor(r() * 9)}&size=20` : ''}`;
    l.httpMethod = pick(r, METHODS);
    if (r() < 0.6) l.hint = phrase(r, 1 + Math.floor(r() * 3), o);
    links.push(l);
    size += 60 + l.linkDescription.length + l.link.length + (l.hint?.length ?? 0) + String(n).length;
    if (r() < 0.025) {
      errors.push({ errorNumber: String(-100 * (1 + Math.floor(r() * 9))), errorDescription: phrase(r, 4 + Math.floor(r() * 8), o) });
      size += 60 + errors[errors.length - 1]!.errorDescription!.length;
    }
    if (r() < 0.025) {
      warnings.push({ warningNumber: String(Math.floor(r() * 1000)), warningDescription: phrase(r, 3 + Math.floor(r() * 6), o) });
      size += 64 + warnings[warnings.length - 1]!.warningDescription!.length;
    }
  }
  const out: PmResponse = { status: errors.length > 0 ? 'Error' : 'Ok', id: 12345678, links: { link: links } };
  if (errors.length > 0) out.errors = { error: errors };
  if (warnings.length > 0) out.warnings = { warning: warnings };
  return out;
}

/**
 * Portfolio Manager's property metrics reply (`GET /property/{id}/metrics`, many properties in a list), as in
 * the vendor's propertyMetrics.xsd and propertyMetricsList.xsd (schema version 17.0; transcribed without the
 * documentation, and with the list's type renamed propertyMetricsListType: the vendor gives the element and its
 * type one name, which the generator reports as a clash of TypeScript names): element-heavy, with repeated
 * `metric`, `monthlyMetric` and nillable `value` elements.
 */
export const PM_METRICS_XSD: Record<string, string> = {
  'propertyMetrics.xsd': `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified" version="17.0">
  <xs:element name="propertyMetrics" type="propertyMetricsType"/>
  <xs:complexType name="propertyMetricsType">
    <xs:sequence>
      <xs:element name="metric" type="metric" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="year" type="xs:integer"/>
    <xs:attribute name="month">
      <xs:simpleType>
        <xs:restriction base="xs:integer">
          <xs:minInclusive value="1"/>
          <xs:maxInclusive value="12"/>
        </xs:restriction>
      </xs:simpleType>
    </xs:attribute>
    <xs:attribute name="propertyId" type="xs:long"/>
  </xs:complexType>
  <xs:complexType name="metric">
    <xs:sequence>
      <xs:element name="monthlyMetric" type="reportMetricValuesWs" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="value" nillable="true" type="xs:string" minOccurs="0"/>
    </xs:sequence>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="uom" type="xs:string"/>
    <xs:attribute name="dataType" type="dataType"/>
  </xs:complexType>
  <xs:complexType name="reportMetricValuesWs">
    <xs:sequence>
      <xs:element name="value" type="xs:string" nillable="true" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="month" type="xs:string"/>
    <xs:attribute name="year" type="xs:string"/>
  </xs:complexType>
  <xs:simpleType name="dataType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="date"/>
      <xs:enumeration value="numeric"/>
      <xs:enumeration value="string"/>
    </xs:restriction>
  </xs:simpleType>
</xs:schema>
`,
  'propertyMetricsList.xsd': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xs:schema version="17.0" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="propertyMetrics.xsd"/>
  <xs:element name="propertyMetricsList" type="propertyMetricsListType"/>
  <xs:complexType name="propertyMetricsListType">
    <xs:sequence>
      <xs:element ref="propertyMetrics" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
`,
};

const METRICS: [string, string, string][] = [
  ['score', '', 'numeric'],
  ['siteTotal', 'kBtu', 'numeric'],
  ['sourceTotal', 'kBtu', 'numeric'],
  ['siteIntensity', 'kBtu/ft\u00b2', 'numeric'],
  ['sourceIntensity', 'kBtu/ft\u00b2', 'numeric'],
  ['totalGHGEmissions', 'Metric Tons CO2e', 'numeric'],
  ['medianScore', '', 'numeric'],
  ['energyCost', '$', 'numeric'],
  ['waterUse', 'kgal', 'numeric'],
  ['propGrossFloorArea', 'ft\u00b2', 'numeric'],
  ['energyDataQualityStatus', '', 'string'],
  ['lastModifiedDate', '', 'date'],
  ['nationalMedianSourceEui', 'kBtu/ft\u00b2', 'numeric'],
  ['notes', '', 'string'],
];

export interface MetricsList {
  propertyMetrics?: {
    year?: number;
    month?: number;
    propertyId?: number | bigint;
    metric?: { name?: string; uom?: string; dataType?: string; monthlyMetric?: { month?: string; year?: string; value?: (string | null)[] }[]; value?: string | null }[];
  }[];
}

function metricValue(r: () => number, dataType: string, o: Required<BigOptions>): string | null {
  const x = r();
  if (x < 0.06) return null;
  if (x < 0.08) return '';
  if (dataType === 'date') return `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`;
  if (dataType === 'string') return phrase(r, 1 + Math.floor(r() * 6), o);
  return (r() * 10 ** Math.floor(r() * 7)).toFixed(Math.floor(r() * 4));
}

/**
 * A `propertyMetricsList` value whose encoded document is about `chars` code units long: properties with the
 * metrics above, most as a single `value`, some as twelve `monthlyMetric` elements of one value each; a few
 * values nil (xsi:nil) or empty.
 */
export function bigPmMetrics(chars: number, options: BigOptions = {}): MetricsList {
  const o: Required<BigOptions> = { seed: options.seed ?? 1, spice: options.spice ?? 0.05, controls: options.controls ?? 0 };
  const r = seeded(o.seed);
  const list: NonNullable<MetricsList['propertyMetrics']> = [];
  let size = 120;
  while (size < chars) {
    const pm: NonNullable<MetricsList['propertyMetrics']>[number] = { year: 2010 + Math.floor(r() * 15), month: 1 + Math.floor(r() * 12), propertyId: id(r), metric: [] };
    size += 70 + String(pm.propertyId).length;
    for (const [name, uom, dataType] of METRICS) {
      const m: NonNullable<typeof pm.metric>[number] = { name, dataType };
      if (uom !== '') m.uom = uom;
      size += 37 + name.length + dataType.length + (uom === '' ? 0 : 7 + uom.length);
      if (dataType === 'numeric' && r() < 0.25) {
        m.monthlyMetric = [];
        for (let month = 1; month <= 12; month++) {
          const v = metricValue(r, dataType, o);
          m.monthlyMetric.push({ month: String(month), year: String(pm.year), value: [v] });
          size += 53 + String(month).length + (v === null ? 23 : 15 + v.length);
        }
      } else {
        m.value = metricValue(r, dataType, o);
        size += m.value === null ? 23 : 15 + m.value.length;
      }
      pm.metric!.push(m);
    }
    list.push(pm);
  }
  return { propertyMetrics: list };
}
