/**
 * What a wire kind module supplies. A wire kind is one way a vendor puts something on the wire: an auth scheme
 * kind (HTTP Basic, bearer, API key, session logon, credentials in the body) or a body encoding (JSON, XML,
 * SOAP 1.2). Each lives in one module of this folder and supplies
 * - `read`: the spec construct (an OpenAPI security scheme, a media type, a project extension) into typed IR,
 *   checked here once, with located diagnostics;
 * - `client` / `mock`: its part of the client and mock descriptors the emitters write (plain data or code
 *   fragments built with the literal helpers);
 * - `doc`: its row in the table of wire kinds (docs/adding-a-vendor.md);
 * - `runtime`: its runtime halves, templates/runtime/auth/<kind>.js: the client part (a factory whose result
 *   puts the credential on requests) and the mock part (a check of a request), which the generated client and
 *   mock import and hand to the generic runtime in their descriptors.
 * `index.ts` lists them; the reader and the emitters only go through that list.
 */
import { joinPointer, type Diagnostics } from '../diagnostics.ts';
import type { IRSecurityScheme, JsonValue, SourceLoc } from '../ir/types.ts';

/** A row of the wire-kind table: the spec construct, what the client does, what the mock checks. */
export interface DocRow {
  kind: string;
  spec: string;
  client: string;
  mock: string;
}

/** Reading context: the spec file, line lookup and the diagnostics sink. */
export class WireReader {
  constructor(
    readonly file: string,
    readonly diagnostics: Diagnostics,
    private readonly lineOf: (pointer: string) => number | undefined,
  ) {}

  loc(pointer: string): SourceLoc {
    const line = this.lineOf(pointer);
    return line === undefined ? { file: this.file, pointer } : { file: this.file, pointer, line };
  }

  error(pointer: string, message: string, code = 'extension-invalid'): void {
    this.diagnostics.error(code, this.file, pointer, message, this.lineOf(pointer));
  }

  warn(pointer: string, message: string, code: string): void {
    this.diagnostics.warn(code, this.file, pointer, message, this.lineOf(pointer));
  }

  at(pointer: string, ...segments: (string | number)[]): string {
    return joinPointer(pointer, ...segments);
  }
}

export type RawObject = { [key: string]: unknown };

export function isObj(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonValueObject(v: unknown): v is { [key: string]: JsonValue } {
  return isObj(v);
}

/** A credential option of the client's `auth`. */
export interface AuthField {
  field: string;
  secret: boolean;
  doc: string;
  /** What the option holds (default: a string). `strings`: a list of strings (OAuth scopes, `of` names them). */
  type?: 'string' | 'strings' | 'token';
  /** The option may be left out. */
  optional?: boolean;
  /** For `strings`: the values the spec allows. */
  of?: string[];
}

/** An export of a runtime module (a path under templates/runtime/, as the generated package has it under runtime/). */
export interface RuntimeExport {
  module: string;
  name: string;
}

/** A security scheme kind's part of the client descriptor. */
export interface ClientAuthPart {
  /** The arguments of the kind's client factory (`runtime.client`), e.g. `bearerAuth(field)`: JSON values. */
  args: JsonValue[];
  fields: AuthField[];
  /** Header names whose value is secret (lower case), query names that are. */
  secretHeaders?: string[];
  secretQuery?: string[];
  /** The token is got per call and that can fail before anything is sent (the operation's result type has AuthFailure). */
  tokenPerCall?: boolean;
}

/** What the mock emitter gives a scheme kind: the default credentials it accepts. */
export interface MockAuthContext {
  /** The accepted users, first one first. */
  users: Record<string, string>;
  /** The default accepted keys of a key or token scheme (from its x-mock, or one generated key). */
  keys(s: IRSecurityScheme): Record<string, string | null>;
}

/** A security scheme kind's part of the mock descriptor. */
export interface MockAuthPart {
  /** The scheme definition its check (`runtime.mock`) reads: plain data, `type` first. */
  def: { [key: string]: JsonValue };
  /** One line of the mock's documentation. */
  doc: string;
  /** The client `auth` option the mock accepts with its default credentials. */
  clientAuth: Record<string, string>;
  /** Whether the scheme's default keys go into `credentials.apiKeys` (key and token schemes). */
  keyed?: boolean;
  /** OAuth 2.0 clients the mock's token endpoint accepts by default (`credentials.clients`: id -> secret). */
  clients?: Record<string, string>;
}

/** A given/want case of a scheme kind, run by test/wire.test.ts for every kind of the registry. */
export interface SchemeExample {
  name: string;
  /** The OpenAPI security scheme object (key `s`). */
  scheme: RawObject;
  auth: IRSecurityScheme['auth'];
  /** The arguments of the kind's client factory for the scheme. */
  clientArgs: ClientAuthPart['args'];
  /**
   * What the client half puts on a request when each credential option holds `<option>-value` (absent: the kind
   * gets a token per call instead).
   */
  sends?: { headers?: Record<string, string>; query?: string; cookie?: string };
  /** The mock's scheme definition, or undefined when the mock cannot check the kind. */
  mock: MockAuthPart['def'] | undefined;
}

/** A scheme no registered kind reads, or one malformed: the OpenAPI type or what is wrong, for messages. */
export interface UnsupportedAuth {
  kind: 'unsupported';
  what: string;
}

/** A kind of OpenAPI security scheme; `A` is what it reads a scheme into (its member of `IRAuth`). */
export interface SchemeKind<A extends { kind: string } = { kind: string }> {
  kind: A['kind'];
  doc: DocRow;
  /**
   * Its runtime halves (templates/runtime/auth/): the client factory, called with `client().args`, whose result
   * puts the credential on requests (a `SchemeApplier`), and the mock's check of a request (a `SchemeCheck`);
   * `endpoint`, a route the mock serves for the scheme (a `SchemeEndpoint`: the OAuth 2.0 token endpoint).
   */
  runtime: { client: RuntimeExport; mock: RuntimeExport; endpoint?: RuntimeExport };
  /** Its unit tests: given a scheme object, what the IR, the client and the mock get. */
  examples: SchemeExample[];
  /** The scheme's typed auth, or undefined when the scheme object is not of this kind. */
  read(raw: RawObject, pointer: string, r: WireReader): A | UnsupportedAuth | undefined;
  client(s: IRSecurityScheme): ClientAuthPart;
  /** Undefined: the mock cannot check it (the emitter reports that). */
  mock(s: IRSecurityScheme, ctx: MockAuthContext): MockAuthPart | undefined;
}
