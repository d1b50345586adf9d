/**
 * The registry of wire kinds. The OpenAPI reader reads every security scheme and project extension through it,
 * the emitters find each kind's client and mock parts through it, and the docs table of wire kinds is built
 * from it. Adding a kind: write its module beside these, add it to the list below.
 */
import type { IRMediaContent, IROperationWire, IRParameter, IRSecurityScheme, JsonValue } from '../ir/types.ts';
import { apiKey } from './api-key.ts';
import { basic } from './basic.ts';
import { binary } from './binary.ts';
import { bearer } from './bearer.ts';
import { digest } from './digest.ts';
import * as bodyCredentials from './body-credentials.ts';
import * as extensions from './extensions.ts';
import * as idempotency from './idempotency.ts';
import { form } from './form.ts';
import { json, type BodyKind } from './json.ts';
import { isObj, type DocRow, type RawObject, type SchemeKind, type UnsupportedAuth, type WireReader } from './kind.ts';
import { readOperationMock, readSchemeMock } from './mock-ext.ts';
import { multipart } from './multipart.ts';
import { oauth2 } from './oauth2.ts';
import { token } from './token.ts';
import * as servers from './servers.ts';
import * as session from './session.ts';
import * as soap from './soap.ts';
import { xml } from './xml.ts';

/** OpenAPI security scheme kinds, tried in order. */
export const schemeKinds = [basic, bearer, digest, apiKey, oauth2, token] as const;

/** What the registered scheme kinds read a security scheme into (`IRAuth` without `unsupported`). */
export type SchemeAuth = Exclude<ReturnType<(typeof schemeKinds)[number]['read']>, undefined | UnsupportedAuth>;

/** Body encodings by media type. SOAP (an operation extension) is `soap.ts`. */
export const bodyKinds = [json, xml, form, multipart, binary] as const;

/** The body encodings of the registered kinds (`IRMediaContent.encoding`). */
export type BodyEncoding = (typeof bodyKinds)[number]['kind'];

/** Every row of the wire-kind table, in the order of the docs. */
export function docRows(): DocRow[] {
  return [...schemeKinds.map((k) => k.doc), servers.doc, session.doc, bodyCredentials.doc, ...bodyKinds.map((k) => k.doc), soap.doc, ...extensions.docs, ...idempotency.docs];
}

export function schemeKind(s: IRSecurityScheme): SchemeKind | undefined {
  return schemeKinds.find((k) => k.kind === s.auth.kind);
}

export function bodyKindOf(mediaType: string): (typeof bodyKinds)[number] | undefined {
  return bodyKinds.find((k) => k.matches(mediaType));
}

const AUTH_OPTION = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An OpenAPI security scheme object -> its IR node. */
export function readScheme(key: string, raw: RawObject, pointer: string, r: WireReader): IRSecurityScheme {
  let auth: IRSecurityScheme['auth'] | undefined;
  for (const k of schemeKinds) {
    auth = k.read(raw, pointer, r);
    if (auth) break;
  }
  auth ??= { kind: 'unsupported', what: raw.type === 'http' ? `HTTP ${String(raw.scheme)}` : String(raw.type) };
  const scheme: IRSecurityScheme = { key, type: 'other', auth, option: key, source: r.loc(pointer), extensions: {} };
  // The OpenAPI view, kept for readers of the IR that think in OpenAPI terms.
  if (auth.kind === 'basic') scheme.type = 'http-basic';
  else if (auth.kind === 'bearer') scheme.type = 'http-bearer';
  else if (raw.type === 'apiKey') {
    scheme.type = 'apiKey';
    if (raw.in === 'header' || raw.in === 'query' || raw.in === 'cookie') scheme.in = raw.in;
    if (typeof raw.name === 'string') scheme.paramName = raw.name;
  }
  if (typeof raw.description === 'string') scheme.description = raw.description;
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('x-')) continue;
    const p = r.at(pointer, k);
    if (k === 'x-auth-option') {
      if (typeof v === 'string' && AUTH_OPTION.test(v)) scheme.option = v;
      else r.error(p, "x-auth-option must be an identifier (the name of the credential in the client's auth options)");
    } else if (k === 'x-token-auth') {
      // Read by the oauth2 kind (oauth2.ts).
    } else if (k === 'x-mock') {
      const m = readSchemeMock(v, p, r);
      if (m) scheme.mock = m;
    } else scheme.extensions[k] = v as JsonValue;
  }
  return scheme;
}

/** What the reader knows of an operation when its extensions are read. */
export interface OperationShape {
  parameters: IRParameter[];
  requestContents: IRMediaContent[];
  /** Success (2xx) reply media types. */
  successContents: IRMediaContent[];
  /** Declared members of the request body object (undefined: no object body). */
  bodyMembers: string[] | undefined;
}

/** Extensions the reader handles itself (not wire facts). */
const READER_EXTENSIONS = new Set(['x-error-codes']);

/** An operation's project extensions -> typed wire facts; the rest are returned as uninterpreted extensions. */
export function readOperationWire(raw: RawObject, pointer: string, r: WireReader, shape: OperationShape): { wire: IROperationWire; other: Record<string, JsonValue> } {
  const wire: IROperationWire = {};
  const other: Record<string, JsonValue> = {};
  let idempotencyHeader: string | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('x-') || READER_EXTENSIONS.has(k)) continue;
    const p = r.at(pointer, k);
    switch (k) {
      case 'x-body-credentials': {
        const x = bodyCredentials.read(v, p, r, shape.bodyMembers ?? []);
        if (x) wire.bodyCredentials = x;
        break;
      }
      case 'x-rpc-operation': {
        const x = extensions.readRpc(v, p, r, shape.bodyMembers ?? []);
        if (x) wire.rpc = x;
        break;
      }
      case 'x-session-logon': {
        const x = session.read(v, p, r);
        if (x) wire.sessionLogon = x;
        if (x && shape.requestContents.length > 0 && (shape.bodyMembers ?? []).length === 0) r.error(p, 'the logon body must be an object whose members are the credentials');
        break;
      }
      case 'x-vendor-status': {
        const x = extensions.readVendorStatus(v, p, r);
        if (x) wire.vendorStatus = x;
        break;
      }
      case 'x-formats': {
        const contents = shape.requestContents.length > 0 ? shape.requestContents : shape.successContents;
        const x = extensions.readFormats(v, p, r, shape.parameters, contents);
        if (x) wire.formats = x;
        break;
      }
      case 'x-soap': {
        const x = soap.read(v, p, r);
        if (x) wire.soap = x;
        break;
      }
      case 'x-refuse-unsupported': {
        const ok = Array.isArray(v) && v.length > 0 && v.every((x) => x === 'security' || x === 'requestBody');
        if (ok) wire.refuse = { constructs: v as ('security' | 'requestBody')[], source: r.loc(p) };
        else r.error(p, 'x-refuse-unsupported must be a list of: security, requestBody');
        break;
      }
      case 'x-mock': {
        const x = readOperationMock(v, p, r);
        if (x) wire.mock = x;
        break;
      }
      case 'x-idempotent': {
        const x = idempotency.readIdempotent(v, p, r);
        if (x !== undefined) wire.idempotent = x;
        break;
      }
      case 'x-idempotency-header': {
        const x = idempotency.readIdempotencyHeader(v, p, r);
        if (x !== undefined) idempotencyHeader = x;
        break;
      }
      default:
        other[k] = v as JsonValue;
    }
  }
  const key = idempotency.readIdempotencyKey(idempotencyHeader, shape.parameters, pointer, r);
  if (key) wire.idempotencyKey = key;
  return { wire, other };
}

export { isObj };
