/**
 * Body encoding: XML (`application/xml`, `text/xml`, any `+xml`) for a named model with an XML mapping (OpenAPI
 * `xml` objects or an XSD). The codecs are generated per model by emit/xml.ts (the roots come from the
 * wire-facts pass); runtime halves: templates/runtime/xml.js (parser, escaping, scalars), used by
 * templates/runtime/client.js and templates/runtime/mock.js through the generated codecs.
 */
import type { BodyKind } from './json.ts';

/** True for application/xml, text/xml and any `+xml` media type (parameters ignored). */
export function isXmlMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/xml' || base === 'text/xml' || base.endsWith('+xml');
}

export const xml: BodyKind<'xml'> = {
  kind: 'xml',
  doc: { kind: 'XML body', spec: '`application/xml`, `text/xml`, `*/*+xml` with a named model', client: 'generated encoder and decoder per root model, validated', mock: 'decoded and encoded with the same codecs' },
  runtime: { client: 'templates/runtime/xml.js via generated xml.js', mock: 'templates/runtime/xml.js via generated xml.js' },
  matches: isXmlMediaType,
  examples: { takes: ['application/xml', 'text/xml; charset=utf-8', 'application/soap+xml', 'application/atom+xml'], leaves: ['application/json', 'text/html', 'application/xml-dtd'] },
};
