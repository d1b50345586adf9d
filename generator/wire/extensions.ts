/**
 * Operation extensions that are wire facts but no auth or body kind of their own: `x-rpc-operation`,
 * `x-vendor-status`, `x-formats`. Read here once into the IR, each with located diagnostics.
 */
import type { IRFormatSwitch, IRMediaContent, IRParameter, IRRpcOperation, IRVendorStatus } from '../ir/types.ts';
import { isObj, type DocRow, type WireReader } from './kind.ts';
import { json } from './json.ts';
import { xml } from './xml.ts';

export const docs: DocRow[] = [
  { kind: 'RPC operation name', spec: '`x-rpc-operation: { property, value }`', client: 'fills `body[property] = value`', mock: 'strips it before storing' },
  {
    kind: '2xx failure',
    spec: '`x-vendor-status: { successField, codeField, messageField? }`',
    client: 'a 2xx whose success field is not true is a `vendor` failure with its code (and message)',
    mock: 'answers errors as HTTP 200 with the success field false, the code (and message)',
  },
  { kind: 'format in the path', spec: '`x-formats: { parameter, json?, xml? }`', client: 'fills the path parameter from the wire format', mock: 'picks the media type from the parameter' },
];

export function readRpc(raw: unknown, pointer: string, r: WireReader, members: string[] | undefined): IRRpcOperation | undefined {
  if (!isObj(raw) || typeof raw.property !== 'string' || raw.value === undefined || (raw.value !== null && typeof raw.value === 'object')) {
    r.error(pointer, 'x-rpc-operation must be { property: <body member>, value: <scalar> }');
    return undefined;
  }
  if (members !== undefined && !members.includes(raw.property)) {
    r.error(r.at(pointer, 'property'), `the request body has no member "${raw.property}"`);
    return undefined;
  }
  return { property: raw.property, value: raw.value as string | number | boolean | null, source: r.loc(pointer) };
}

export function readVendorStatus(raw: unknown, pointer: string, r: WireReader): IRVendorStatus | undefined {
  if (!isObj(raw) || typeof raw.successField !== 'string' || typeof raw.codeField !== 'string' || (raw.messageField !== undefined && typeof raw.messageField !== 'string')) {
    r.error(pointer, 'x-vendor-status must be { successField, codeField, messageField? }');
    return undefined;
  }
  const out: IRVendorStatus = { successField: raw.successField, codeField: raw.codeField, source: r.loc(pointer) };
  if (typeof raw.messageField === 'string') out.messageField = raw.messageField;
  return out;
}

/** `contents`: the media types the format values must be found among (request body, else success reply). */
export function readFormats(raw: unknown, pointer: string, r: WireReader, params: IRParameter[], contents: IRMediaContent[]): IRFormatSwitch | undefined {
  if (!isObj(raw) || typeof raw.parameter !== 'string' || !params.some((p) => p.name === raw.parameter && p.in === 'path')) {
    r.error(pointer, 'x-formats must be { parameter: <a path parameter>, json?: <value>, xml?: <value> }');
    return undefined;
  }
  const values: IRFormatSwitch['values'] = {};
  let ok = true;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'parameter') continue;
    const kind = k === 'json' ? json : k === 'xml' ? xml : undefined;
    if (kind === undefined || typeof v !== 'string') {
      r.error(r.at(pointer, k), 'x-formats maps json and xml to the parameter value of each');
      ok = false;
    } else if (!contents.some((c) => kind.matches(c.mediaType))) {
      r.error(r.at(pointer, k), `x-formats.${k}: the operation has no ${k} media type`);
      ok = false;
    } else values[k as 'json' | 'xml'] = v;
  }
  return ok ? { parameter: raw.parameter, values, source: r.loc(pointer) } : undefined;
}
