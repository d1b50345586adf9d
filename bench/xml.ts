/**
 * XML codecs: the generated encoders/decoders against fast-xml-parser in the same process, on the vendors' own
 * small examples (portfolio-manager account, Tier 3 AccountDetailsResponse reply) and on two 1 MB Portfolio
 * Manager documents built (seeded) by test/support/xml-big.ts: a `response` as its list calls return it
 * (thousands of repeated attribute-only `link` elements, some errors and warnings), and a property metrics
 * list from the vendor's propertyMetrics.xsd (repeated `metric`, `monthlyMetric` and `value` elements with
 * text, some nil).
 *
 * fast-xml-parser is configured for the same output: attributes kept (`@_` prefix), no number or value parsing
 * (`parseTagValue`/`parseAttributeValue` off), the five predefined entities decoded (its default
 * `processEntities`), repeated elements as arrays (its default); its builder writes the same document from its
 * own object form (`suppressEmptyNode`, and `suppressBooleanAttributes` off so that an attribute valued "true"
 * is written with its value, as XML requires). Both sides' text is read once inside the timed call, so the
 * rope that concatenation leaves is flattened there (a document is sent or hashed right after it is written). Before timing, each case checks that both sides carry the same
 * content: fast-xml-parser reads our document and its own to equal objects, and ours re-encodes its decoded
 * value to the same text. Ours parse straight into typed values (booleans, int64 as number or bigint, arrays
 * decided by the schema) and check well-formedness, namespaces and the schema, which fast-xml-parser does
 * not, so the parse comparison is typed, checked decode vs plain parse.
 *
 * Each measurement: one warm-up round, then 7 rounds of ~250 ms each, ours and theirs interleaved
 * (alternating which goes first); the ratio is the median of the ratios within a round, the ops/s figures are
 * medians. `ratio <name> <ours/theirs>`: above 1 means ours is faster.
 * Targets: small documents serialize >= 2x, parse >= 1.0x; the 1 MB document serialize >= 8x, parse >= 4x.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { emitXml } from '../generator/emit/xml.ts';
import { readSpecs } from '../generator/readers/index.ts';
import { bigPmMetrics, bigPmResponse, PM_METRICS_XSD } from '../test/support/xml-big.ts';
import { irFromXsd } from '../test/support/xml-codec.ts';
import { median, ratioWithinRounds } from './_stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.cache/bench-xml');

type Decode = (text: string) => { ok: boolean; value?: unknown; errors?: unknown };
type Encode = (value: unknown) => string;

interface Case {
  /** The ratio names are xml-serialize-<slug> and xml-parse-<slug>. */
  slug: string;
  name: string;
  doc: string;
  encode: Encode;
  decode: Decode;
  /** Calls between clock reads (1 for the big document, whose calls take milliseconds). */
  batch: number;
  /** Minimum ratios (serialize, parse). */
  targets: [number, number];
}

/** Ops per second of `fn` over about `ms` milliseconds (batches of `batch` calls; the result is kept alive). */
let sink: unknown;
function throughput(fn: () => unknown, ms: number, batch: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) sink = fn();
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * Reads one character from the middle of `s`: both sides build their text by concatenation, which leaves a
 * rope that is copied into one flat string only when first read. A document is read (sent, hashed) right
 * after it is written, so that copy is part of writing it.
 */
function flat(s: string): string {
  if (s.charCodeAt(s.length >> 1) < 0) throw new Error('unreachable');
  return s;
}

function compare(name: string, ours: () => unknown, theirs: () => unknown, batch: number): number {
  throughput(ours, 300, batch);
  throughput(theirs, 300, batch);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 7; round++) {
    // Which side goes first alternates; the ratio is taken within a round, where both saw the same machine.
    if (round % 2 === 0) {
      a.push(throughput(ours, 250, batch));
      b.push(throughput(theirs, 250, batch));
    } else {
      b.push(throughput(theirs, 250, batch));
      a.push(throughput(ours, 250, batch));
    }
  }
  const ratio = ratioWithinRounds(a, b);
  console.log(`ratio ${name} ${ratio.toFixed(2)}`);
  console.log(`  ours ${Math.round(median(a)).toLocaleString('en-US')} ops/s, fast-xml-parser ${Math.round(median(b)).toLocaleString('en-US')} ops/s`);
  return ratio;
}

/** Emits the two providers' XML codecs (only those: the other emitters play no part) and imports them. */
async function loadCodecs(): Promise<{ pm: Record<string, unknown>; tier3: Record<string, unknown>; metrics: Record<string, unknown>; examples: Map<string, string> }> {
  const { ir, diagnostics } = await readSpecs(path.join(root, 'specs'), { skipValidation: true, only: ['portfolio-manager', 'tier3'] });
  const m = irFromXsd(PM_METRICS_XSD, ['propertyMetricsList.xsd'], 'pm-metrics');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'runtime'), { recursive: true });
  copyFileSync(path.join(root, 'templates/runtime/xml.js'), path.join(out, 'runtime/xml.js'));
  const examples = new Map<string, string>();
  mkdirSync(path.join(out, 'pm-metrics'));
  writeFileSync(path.join(out, 'pm-metrics/xml.js'), emitXml(m.provider, allocateProviderNames(m.provider, m.diagnostics, { xmlRoots: m.elements }), { roots: m.elements, diagnostics: m.diagnostics })!.js);
  if (m.diagnostics.hasErrors) throw new Error(m.diagnostics.sorted().map((d) => d.message).join('\n'));
  for (const p of ir.providers) {
    const codec = emitXml(p, allocateProviderNames(p, diagnostics), { diagnostics });
    if (!codec) continue;
    mkdirSync(path.join(out, p.id));
    writeFileSync(path.join(out, p.id, 'xml.js'), codec.js);
    for (const op of p.operations) {
      const contents = [...(op.requestBody?.contents ?? []), ...op.responses.flatMap((r) => r.contents)];
      for (const c of contents) {
        if (c.mediaType !== 'application/xml') continue;
        for (const e of c.examples) if (typeof e.value === 'string') examples.set(`${p.id}:${c.schema.ref ?? ''}`, e.value);
      }
    }
  }
  const pm = (await import(pathToFileURL(path.join(out, 'portfolio-manager/xml.js')).href)) as Record<string, unknown>;
  const tier3 = (await import(pathToFileURL(path.join(out, 'tier3/xml.js')).href)) as Record<string, unknown>;
  const metrics = (await import(pathToFileURL(path.join(out, 'pm-metrics/xml.js')).href)) as Record<string, unknown>;
  return { pm, tier3, metrics, examples };
}

export async function run(): Promise<void> {
  const { pm, tier3, metrics, examples } = await loadCodecs();
  const bigLinks = (pm.encodeResponseModel as Encode)(bigPmResponse(1024 * 1024, { seed: 15 }));
  const bigMetrics = (metrics.encodePropertyMetricsList as Encode)(bigPmMetrics(1024 * 1024, { seed: 15 }));
  const cases: Case[] = [
    {
      slug: 'portfolio-manager',
      name: 'portfolio-manager account',
      doc: examples.get('portfolio-manager:xsd:element:account')!,
      encode: pm.encodeAccount as Encode,
      decode: pm.decodeAccount as Decode,
      batch: 64,
      targets: [2, 1],
    },
    {
      slug: 'tier3',
      name: 'tier3 AccountDetailsResponse',
      doc: examples.get('tier3:#/components/schemas/AccountDetailsResponse')!,
      encode: tier3.encodeAccountDetailsResponse as Encode,
      decode: tier3.decodeAccountDetailsResponse as Decode,
      batch: 64,
      targets: [2, 1],
    },
    {
      slug: 'portfolio-manager-1mb',
      name: 'portfolio-manager response, 1 MB of links',
      doc: bigLinks,
      encode: pm.encodeResponseModel as Encode,
      decode: pm.decodeResponseModel as Decode,
      batch: 1,
      targets: [8, 4],
    },
    {
      slug: 'pm-metrics-1mb',
      name: 'portfolio-manager propertyMetricsList, 1 MB of metrics',
      doc: bigMetrics,
      encode: metrics.encodePropertyMetricsList as Encode,
      decode: metrics.decodePropertyMetricsList as Decode,
      batch: 1,
      targets: [8, 4],
    },
  ];
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false });
  // suppressBooleanAttributes off: by default it writes an attribute whose value is "true" bare (`<a b>`),
  // which is not XML and not the same document.
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, suppressBooleanAttributes: false });
  const missed: string[] = [];
  for (const c of cases) {
    const decoded = c.decode(c.doc);
    if (!decoded.ok) throw new Error(`${c.name}: the example does not decode: ${JSON.stringify(decoded.errors)}`);
    const value = decoded.value;
    const ours = c.encode(value);
    const theirsObj = parser.parse(ours) as unknown;
    const theirs = builder.build(theirsObj) as string;
    // Like with like: both documents carry the same content (the examples are indented; ours are not).
    if (!isDeepStrictEqual(parser.parse(theirs), theirsObj)) {
      throw new Error(`${c.name}: fast-xml-parser and ours do not write the same content`);
    }
    if (c.batch === 1 && ours !== c.doc) throw new Error(`${c.name}: the decoded value does not encode back to the same document`);
    console.log(`# ${c.name}: ${c.doc.length} chars in, ${ours.length} chars out (fast-xml-parser writes ${theirs.length})`);
    const s = compare(`xml-serialize-${c.slug}`, () => flat(c.encode(value)), () => flat(builder.build(theirsObj) as string), c.batch);
    const p = compare(`xml-parse-${c.slug}`, () => c.decode(c.doc), () => parser.parse(c.doc), c.batch);
    if (s < c.targets[0]) missed.push(`xml-serialize-${c.slug} ${s.toFixed(2)} < ${c.targets[0]}`);
    if (p < c.targets[1]) missed.push(`xml-parse-${c.slug} ${p.toFixed(2)} < ${c.targets[1]}`);
  }
  console.log(`targets: ${missed.length === 0 ? 'met' : `MISSED (${missed.join(', ')})`}`);
  void sink;
}
