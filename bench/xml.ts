/**
 * XML codecs: the generated encoders/decoders (portfolio-manager account, Tier 3 AccountDetailsResponse reply)
 * against fast-xml-parser in the same process. fast-xml-parser is configured for the same output: attributes
 * kept (`@_` prefix), no number or value parsing (`parseTagValue`/`parseAttributeValue` off), entities decoded;
 * its builder writes the same document from its own object form. Ours parse straight into typed values
 * (booleans, int64, arrays decided by the schema), so the parse comparison is typed-decode vs plain parse.
 *
 * Each measurement: one warm-up round, then 5 rounds of ~250 ms each, ours and theirs interleaved (alternating
 * which goes first); the ratio is the median of the ratios within a round, the ops/s figures are medians.
 * `ratio <name> <ours/theirs>`: above 1 means ours is faster.
 * Targets: serialize >= 2x, parse >= 1.0x.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { allocateProviderNames } from '../generator/emit/provider-names.ts';
import { emitXml } from '../generator/emit/xml.ts';
import { readSpecs } from '../generator/readers/index.ts';
import { median, ratioWithinRounds } from './_stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.cache/bench-xml');

type Decode = (text: string) => { ok: boolean; value?: unknown; errors?: unknown };
type Encode = (value: unknown) => string;

interface Case {
  name: string;
  doc: string;
  encode: Encode;
  decode: Decode;
}


/** Ops per second of `fn` over about `ms` milliseconds (batches of 64 calls; the result is kept alive). */
let sink: unknown;
function throughput(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 64; i++) sink = fn();
    n += 64;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function compare(name: string, ours: () => unknown, theirs: () => unknown): number {
  throughput(ours, 150);
  throughput(theirs, 150);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 5; round++) {
    // Which side goes first alternates; the ratio is taken within a round, where both saw the same machine.
    if (round % 2 === 0) {
      a.push(throughput(ours, 250));
      b.push(throughput(theirs, 250));
    } else {
      b.push(throughput(theirs, 250));
      a.push(throughput(ours, 250));
    }
  }
  const ratio = ratioWithinRounds(a, b);
  console.log(`ratio ${name} ${ratio.toFixed(2)}`);
  console.log(`  ours ${Math.round(median(a)).toLocaleString('en-US')} ops/s, fast-xml-parser ${Math.round(median(b)).toLocaleString('en-US')} ops/s`);
  return ratio;
}

/** Emits the two providers' XML codecs (only those: the other emitters play no part) and imports them. */
async function loadCodecs(): Promise<{ pm: Record<string, unknown>; tier3: Record<string, unknown>; examples: Map<string, string> }> {
  const { ir, diagnostics } = await readSpecs(path.join(root, 'specs'), { skipValidation: true, only: ['portfolio-manager', 'tier3'] });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'runtime'), { recursive: true });
  copyFileSync(path.join(root, 'templates/runtime/xml.js'), path.join(out, 'runtime/xml.js'));
  const examples = new Map<string, string>();
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
  return { pm, tier3, examples };
}

export async function run(): Promise<void> {
  const { pm, tier3, examples } = await loadCodecs();
  const cases: Case[] = [
    {
      name: 'portfolio-manager account',
      doc: examples.get('portfolio-manager:xsd:element:account')!,
      encode: pm.encodeAccount as Encode,
      decode: pm.decodeAccount as Decode,
    },
    {
      name: 'tier3 AccountDetailsResponse',
      doc: examples.get('tier3:#/components/schemas/AccountDetailsResponse')!,
      encode: tier3.encodeAccountDetailsResponse as Encode,
      decode: tier3.decodeAccountDetailsResponse as Decode,
    },
  ];
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false });
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
  const ratios: Record<string, number> = {};
  for (const c of cases) {
    const decoded = c.decode(c.doc);
    if (!decoded.ok) throw new Error(`${c.name}: the example does not decode: ${JSON.stringify(decoded.errors)}`);
    const value = decoded.value;
    const ours = c.encode(value);
    const theirsObj = parser.parse(ours) as unknown;
    const theirs = builder.build(theirsObj) as string;
    console.log(`# ${c.name}: ${c.doc.length} chars in, ${ours.length} chars out (fast-xml-parser writes ${theirs.length})`);
    const slug = c.name.split(' ')[0]!;
    ratios[`xml-serialize-${slug}`] = compare(`xml-serialize-${slug}`, () => c.encode(value), () => builder.build(theirsObj));
    ratios[`xml-parse-${slug}`] = compare(`xml-parse-${slug}`, () => c.decode(c.doc), () => parser.parse(c.doc));
  }
  const serialize = Math.min(...Object.entries(ratios).filter(([k]) => k.startsWith('xml-serialize')).map(([, v]) => v));
  const parse = Math.min(...Object.entries(ratios).filter(([k]) => k.startsWith('xml-parse')).map(([, v]) => v));
  console.log(`targets: serialize >= 2x (min ${serialize.toFixed(2)}) ${serialize >= 2 ? 'met' : 'MISSED'}, parse >= 1.0x (min ${parse.toFixed(2)}) ${parse >= 1 ? 'met' : 'MISSED'}`);
  void sink;
}
