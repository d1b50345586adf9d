/**
 * Operation extensions that are wire facts but no auth or body kind of their own: `x-rpc-operation`,
 * `x-vendor-status`, `x-formats`. Read here once into the IR, each with located diagnostics.
 */
import type { IRDeclaredErrorFields, IRFieldPath, IRFormatSwitch, IRMediaContent, IRParameter, IRRpcOperation, IRVendorStatus } from '../ir/types.ts';
import { isObj, type DocRow, type WireReader } from './kind.ts';
import { json } from './json.ts';
import { xml } from './xml.ts';

export const docs: DocRow[] = [
  { kind: 'RPC operation name', spec: '`x-rpc-operation: { property, value }`', client: 'fills `body[property] = value`', mock: 'strips it before storing' },
  {
    kind: '2xx failure',
    spec: '`x-vendor-status: { field, success?, failure?, code?, message? }` at the top level or on an operation (Tier 3\'s `{ successField, codeField, messageField? }` too)',
    client: 'a 2xx whose `field` is not `success` (default true) is a `vendor` failure with the code and message found at `code` / `message`',
    mock: 'answers errors as HTTP 200 with `field` set to `failure` (default false), the code and the message',
  },
  {
    kind: 'error fields',
    spec: '`x-error-fields: { code?, message? }` on a response; `x-errors: { code?, message?, content? }` at the top level',
    client: 'reads the code and message there instead of inferring them; `content` is the error shape any error status may carry',
    mock: 'writes errors with `x-mock.errorReply` as before',
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

/**
 * A member name (`errorCode`) or a JSON pointer (`/errors/error/0/errorNumber`) -> the path of member names
 * (array indexes as decimal strings). Undefined (with a diagnostic) for anything else.
 */
export function readFieldPath(raw: unknown, pointer: string, r: WireReader): IRFieldPath | undefined {
  if (typeof raw !== 'string' || raw === '' || raw === '/') {
    r.error(pointer, 'a field is a member name (errorCode) or a JSON pointer (/error/code)');
    return undefined;
  }
  if (!raw.startsWith('/')) return [raw];
  const segs = raw.slice(1).split('/');
  if (segs.some((x) => x === '' || /~(?![01])/.test(x))) {
    r.error(pointer, `${JSON.stringify(raw)} is not a JSON pointer to a member (empty segment, or ~ not followed by 0 or 1)`);
    return undefined;
  }
  return segs.map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const SCALAR = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * `x-vendor-status`: `{ field, success?, failure?, code?, message? }`, or Tier 3's original form
 * `{ successField, codeField, messageField? }` (a boolean success field).
 */
export function readVendorStatus(raw: unknown, pointer: string, r: WireReader): IRVendorStatus | undefined {
  const usage = 'x-vendor-status must be { field, success?, failure?, code?, message? } (or { successField, codeField, messageField? })';
  if (!isObj(raw)) {
    r.error(pointer, usage);
    return undefined;
  }
  if (raw.successField !== undefined) {
    if (typeof raw.successField !== 'string' || typeof raw.codeField !== 'string' || (raw.messageField !== undefined && typeof raw.messageField !== 'string')) {
      r.error(pointer, 'x-vendor-status must be { successField, codeField, messageField? }');
      return undefined;
    }
    for (const k of Object.keys(raw)) if (!['successField', 'codeField', 'messageField'].includes(k)) r.error(r.at(pointer, k), `unknown member "${k}" of x-vendor-status (the form with successField takes successField, codeField, messageField)`);
    const out: IRVendorStatus = { field: [raw.successField], success: true, failure: false, code: [raw.codeField], source: r.loc(pointer) };
    if (typeof raw.messageField === 'string') out.message = [raw.messageField];
    return out;
  }
  let ok = true;
  for (const k of Object.keys(raw)) {
    if (!['field', 'success', 'failure', 'code', 'message'].includes(k)) {
      r.error(r.at(pointer, k), `unknown member "${k}" of x-vendor-status (known: field, success, failure, code, message)`);
      ok = false;
    }
  }
  if (raw.field === undefined) {
    r.error(pointer, `${usage}: field is missing`);
    return undefined;
  }
  const field = readFieldPath(raw.field, r.at(pointer, 'field'), r);
  const success = raw.success ?? true;
  if (!SCALAR(success)) {
    r.error(r.at(pointer, 'success'), 'success must be the string, number or boolean the field holds on success');
    ok = false;
  }
  let failure = raw.failure;
  if (failure === undefined) {
    if (success === true) failure = false;
    else if (SCALAR(success)) {
      r.error(pointer, 'failure is required when success is not true: the value the mock writes into the field for a failure');
      ok = false;
    }
  } else if (!SCALAR(failure) || failure === success) {
    r.error(r.at(pointer, 'failure'), 'failure must be a string, number or boolean other than success');
    ok = false;
  }
  const code = raw.code !== undefined ? readFieldPath(raw.code, r.at(pointer, 'code'), r) : undefined;
  const message = raw.message !== undefined ? readFieldPath(raw.message, r.at(pointer, 'message'), r) : undefined;
  if (!field || !ok || (raw.code !== undefined && !code) || (raw.message !== undefined && !message)) return undefined;
  const out: IRVendorStatus = { field, success: success as string | number | boolean, failure: failure as string | number | boolean, source: r.loc(pointer) };
  if (code) out.code = code;
  if (message) out.message = message;
  return out;
}

/** `x-error-fields` / the fields of `x-errors`: `{ code?, message? }`, at least one. `extra`: other members allowed. */
export function readErrorFields(raw: unknown, pointer: string, r: WireReader, extra: string[] = []): IRDeclaredErrorFields | undefined {
  const what = pointer.endsWith('x-errors') ? 'x-errors' : 'x-error-fields';
  if (!isObj(raw)) {
    r.error(pointer, `${what} must be an object: { code?, message?${extra.map((x) => `, ${x}?`).join('')} }`);
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(raw)) {
    if (k !== 'code' && k !== 'message' && !extra.includes(k)) {
      r.error(r.at(pointer, k), `unknown member "${k}" of ${what} (known: code, message${extra.map((x) => `, ${x}`).join('')})`);
      ok = false;
    }
  }
  const code = raw.code !== undefined ? readFieldPath(raw.code, r.at(pointer, 'code'), r) : undefined;
  const message = raw.message !== undefined ? readFieldPath(raw.message, r.at(pointer, 'message'), r) : undefined;
  if ((raw.code !== undefined && !code) || (raw.message !== undefined && !message) || !ok) return undefined;
  if (!code && !message) {
    if (extra.length === 0) r.error(pointer, `${what} names neither code nor message`);
    return undefined;
  }
  const out: IRDeclaredErrorFields = { source: r.loc(pointer) };
  if (code) out.code = code;
  if (message) out.message = message;
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
