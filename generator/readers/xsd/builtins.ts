/**
 * XSD built-in datatypes as IR schema fragments. Every fragment records the built-in in `xml.xsdType`, so the
 * XML emitter can format values exactly (`xs:decimal` vs `xs:double`) whatever the JSON type says.
 */
import type { IRNumberFacets, IRSchema, IRStringFacets, JsonType, SourceLoc } from '../../ir/types.ts';

interface Builtin {
  types?: JsonType[];
  string?: IRStringFacets;
  number?: IRNumberFacets;
}

const str: Builtin = { types: ['string'] };
const int = (number: IRNumberFacets): Builtin => ({ types: ['integer'], number });

/**
 * Bounds are given where a double holds them exactly. xs:long's maximum (2^63-1) and xs:unsignedLong's
 * (2^64-1) are not doubles, and a rounded bound would be a wrong constraint, so those carry only `format`.
 * xs:unsignedLong is still tagged int64 (as asked of the reader); its real range is [0, 2^64-1].
 */
const BUILTINS: Record<string, Builtin> = {
  string: str,
  normalizedString: str,
  token: str,
  language: str,
  Name: str,
  NCName: str,
  NMTOKEN: str,
  NMTOKENS: str,
  ID: str,
  IDREF: str,
  IDREFS: str,
  ENTITY: str,
  ENTITIES: str,
  QName: str,
  NOTATION: str,
  anySimpleType: str,
  anyURI: { types: ['string'], string: { format: 'uri-reference' } },
  base64Binary: str,
  hexBinary: str,
  boolean: { types: ['boolean'] },
  decimal: { types: ['number'] },
  double: { types: ['number'], number: { format: 'double' } },
  float: { types: ['number'], number: { format: 'float' } },
  integer: int({ format: 'int64' }),
  nonNegativeInteger: int({ format: 'int64', minimum: 0 }),
  positiveInteger: int({ format: 'int64', minimum: 1 }),
  nonPositiveInteger: int({ format: 'int64', maximum: 0 }),
  negativeInteger: int({ format: 'int64', maximum: -1 }),
  long: int({ format: 'int64' }),
  unsignedLong: int({ format: 'int64', minimum: 0 }),
  unsignedInt: int({ format: 'int64', minimum: 0, maximum: 4294967295 }),
  int: int({ format: 'int32', minimum: -2147483648, maximum: 2147483647 }),
  short: int({ minimum: -32768, maximum: 32767 }),
  byte: int({ minimum: -128, maximum: 127 }),
  unsignedShort: int({ minimum: 0, maximum: 65535 }),
  unsignedByte: int({ minimum: 0, maximum: 255 }),
  date: { types: ['string'], string: { format: 'date' } },
  dateTime: { types: ['string'], string: { format: 'date-time' } },
  dateTimeStamp: { types: ['string'], string: { format: 'date-time' } },
  time: { types: ['string'], string: { format: 'time' } },
  duration: str,
  dayTimeDuration: str,
  yearMonthDuration: str,
  gYearMonth: str,
  gYear: str,
  gMonthDay: str,
  gDay: str,
  gMonth: str,
  // Any content at all: no JSON type constraint.
  anyType: {},
};

export function isBuiltin(local: string): boolean {
  return Object.hasOwn(BUILTINS, local);
}

/** A fresh schema for built-in `local` (caller checked `isBuiltin`), sourced where it is used. */
export function builtinSchema(local: string, source: SourceLoc): IRSchema {
  const b = BUILTINS[local] ?? {};
  const schema: IRSchema = { meta: {}, source: { ...source } };
  if (b.types) schema.types = [...b.types];
  if (b.string) schema.string = { ...b.string };
  if (b.number) schema.number = { ...b.number };
  schema.xml = { xsdType: `xs:${local}` };
  return schema;
}
