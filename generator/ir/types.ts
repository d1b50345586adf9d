/**
 * The intermediate representation (IR). Every reader (OpenAPI, XSD) produces it; every emitter reads only it.
 *
 * A schema node is a normalised JSON Schema (draft 2020-12 semantics) whose keywords are grouped by the
 * instance type they constrain. That keeps typeless keyword schemas (`{ minLength: 2 }`, which constrains
 * strings only) expressible, and lets the type, validator and XML emitters each read the group they need.
 * XML facts (element vs attribute, order, occurrence, namespace, text content) live in `xml`.
 */

/** Where a node came from: the spec file (relative to the specs root), a JSON pointer and, where known, a line. */
export interface SourceLoc {
  file: string;
  pointer: string;
  line?: number;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A vendor error code tied to one rule of a schema (the `x-vendor-errors` extension). */
export interface IRVendorError {
  code: string | number;
  /** The vendor's own text for the code, from the provider's error catalog. */
  message?: string;
}

export interface IRStringFacets {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** Annotations (JSON Schema 2020-12 `contentMediaType`, `contentEncoding`): in OpenAPI 3.1 they mark file content. */
  contentMediaType?: string;
  contentEncoding?: string;
}

export interface IRNumberFacets {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  /** OpenAPI `format` for numbers: int32, int64, float, double. */
  format?: string;
  /** XSD fractionDigits / totalDigits, kept for XML and validation. */
  fractionDigits?: number;
  totalDigits?: number;
}

export interface IRArrayFacets {
  items?: IRSchema;
  prefixItems?: IRSchema[];
  contains?: IRSchema;
  minContains?: number;
  maxContains?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  unevaluatedItems?: IRSchema;
}

export interface IRProperty {
  name: string;
  schema: IRSchema;
  required: boolean;
}

export interface IRObjectFacets {
  /** Declaration order is kept: it is the XML `xs:sequence` order and the order of emitted members. */
  properties: IRProperty[];
  /** Required names that have no entry in `properties` (JSON Schema allows them). */
  extraRequired?: string[];
  additionalProperties?: IRSchema;
  patternProperties?: { pattern: string; schema: IRSchema }[];
  propertyNames?: IRSchema;
  minProperties?: number;
  maxProperties?: number;
  dependentRequired?: { property: string; requires: string[] }[];
  dependentSchemas?: { property: string; schema: IRSchema }[];
  unevaluatedProperties?: IRSchema;
}

/** XML mapping, the union of what the OpenAPI `xml` object and XSD say. */
export interface IRXml {
  /** Element or attribute name when it differs from the property name. */
  name?: string;
  namespace?: string;
  prefix?: string;
  /** This property is an XML attribute of its parent element. */
  attribute?: boolean;
  /** Arrays: items wrapped in an element of the property's name (true) or repeated bare (false). */
  wrapped?: boolean;
  /** This property is the element's text content (XSD simpleContent). */
  text?: boolean;
  /** Objects: how child elements are ordered, from the XSD group kind. `sequence` when unstated. */
  order?: 'sequence' | 'all' | 'choice';
  /** The element may be sent as `xsi:nil="true"`. */
  nillable?: boolean;
  /** XSD built-in type the value maps to (`xs:long`, `xs:boolean`, ...), where it came from XSD. */
  xsdType?: string;
}

export interface IRMeta {
  title?: string;
  description?: string;
  default?: JsonValue;
  examples?: JsonValue[];
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** Names for enum members (`x-enum-varnames`), same order as `enum`. */
  enumNames?: string[];
  /** Descriptions for enum members (`x-enum-descriptions`), same order as `enum`. */
  enumDescriptions?: string[];
  /** Vendor codes by keyword; object keywords that name a property (`required`, `dependentRequired`) key by it. */
  vendorErrors?: Record<string, IRVendorError | Record<string, IRVendorError>>;
}

/**
 * One schema. Absent groups mean "no constraint of that kind". `types` absent means any JSON type.
 * `bool` is a boolean schema (`true` accepts all, `false` rejects all) and, when set, nothing else is.
 */
export interface IRSchema {
  bool?: boolean;
  /**
   * A file's bytes, sent and received as a `Blob` (a `format: binary` member of a multipart body, a raw-byte
   * body; set by passes/body-files.ts through each body kind's `files`). When set, the other keywords describe the file and are not checked.
   */
  blob?: true;
  types?: JsonType[];
  /** A reference to a named model of the same provider (by model key). */
  ref?: string;
  enum?: JsonValue[];
  const?: { value: JsonValue };
  string?: IRStringFacets;
  number?: IRNumberFacets;
  array?: IRArrayFacets;
  object?: IRObjectFacets;
  allOf?: IRSchema[];
  anyOf?: IRSchema[];
  oneOf?: IRSchema[];
  not?: IRSchema;
  if?: IRSchema;
  then?: IRSchema;
  else?: IRSchema;
  xml?: IRXml;
  meta: IRMeta;
  source: SourceLoc;
}

/** A named schema: an OpenAPI component or an XSD complex/simple type or global element. */
export interface IRModel {
  /** Unique key inside the provider: `#/components/schemas/Customer` or `account.xsd#type:accountType`. */
  key: string;
  /** The name the spec gives it; the emitters allocate the TypeScript name from it. */
  name: string;
  schema: IRSchema;
  /** When the model is an XML document root: its element name and namespace. */
  xmlRoot?: { name: string; namespace?: string };
  source: SourceLoc;
}

export interface IRExample {
  name: string;
  summary?: string;
  /** JSON value, or for XML media types the document text. */
  value: JsonValue;
  source: SourceLoc;
}

export interface IRMediaContent {
  mediaType: string;
  /** The body encoding of the media type (its wire kind, generator/wire/: the registered ones), absent when none speaks it. */
  encoding?: import('../wire/index.ts').BodyEncoding;
  schema: IRSchema;
  examples: IRExample[];
  /**
   * Form and multipart bodies: the media type's OpenAPI `encoding` map, how each top-level member is written,
   * checked by the body kind's module (wire/form.ts, wire/multipart.ts).
   */
  parts?: Record<string, IRPartEncoding>;
  /** What of this media type its wire kind cannot honour: the client emitter refuses it (an error, or per call). */
  problems?: IRWireProblem[];
}

/** One entry of a media type's `encoding` map, as far as the body kinds read it. */
export interface IRPartEncoding {
  /** Form bodies: the serialisation style (default `form`). */
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  /** Form bodies: default true for style form, false otherwise. */
  explode?: boolean;
  /** Multipart bodies: the part's media type, where the spec gives one. */
  contentType?: string;
  source: SourceLoc;
}

/** A construct a wire kind cannot honour, located where the spec writes it. */
export interface IRWireProblem {
  what: string;
  source: SourceLoc;
  /** Nothing is sent wrong because of it (an `encoding` entry for no member): a warning, never a refusal. */
  harmless?: true;
}

export interface IRParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: IRSchema;
  source: SourceLoc;
}

export interface IRResponse {
  /** `200`, `4XX`, `default`. */
  status: string;
  description?: string;
  contents: IRMediaContent[];
  headers: { name: string; required: boolean; description?: string; schema: IRSchema }[];
  /** `x-error-fields` on the response: where its error body keeps the code and text (replaces the inference). */
  errorFields?: IRDeclaredErrorFields;
  source: SourceLoc;
}

/**
 * How a security scheme puts credentials on the wire, read once by its wire module (generator/wire/): the union
 * of what the registered scheme kinds read (each module declares its own member, such as `ApiKeyAuth`), so a
 * new kind adds its member by being listed in `schemeKinds`. `unsupported` keeps the OpenAPI type so emitters
 * can say what they cannot honour.
 */
export type IRAuth = import('../wire/index.ts').SchemeAuth | import('../wire/kind.ts').UnsupportedAuth;

/** What the mock accepts for a scheme (`x-mock` on the scheme), checked by the reader. */
export interface IRSchemeMock {
  /** Accepted keys, each with its role or null; absent means one generated key. */
  keys?: Record<string, string | null>;
  /** Role names, lowest first. */
  roles?: string[];
  /** Error specs (the x-mock error-spec object, compiled by the mock emitter) for an absent / unknown credential. */
  missing?: JsonValue;
  invalid?: JsonValue;
}

export interface IRSecurityScheme {
  key: string;
  type: 'http-basic' | 'http-bearer' | 'apiKey' | 'other';
  in?: 'header' | 'query' | 'cookie';
  /** Header, query or cookie name for apiKey schemes. */
  paramName?: string;
  description?: string;
  /** The wire kind, typed. */
  auth: IRAuth;
  /** The client's `auth` option for a key or token (`x-auth-option`, else the scheme key). */
  option: string;
  mock?: IRSchemeMock;
  source: SourceLoc;
  /** `x-` extensions the generator does not interpret (annotations for other tools); emitters never read them. */
  extensions: Record<string, JsonValue>;
}

/** `x-body-credentials`: a body member the client fills with `auth.username` / `auth.password`. */
export interface IRBodyCredentials {
  property: string;
  username: string;
  password: string;
  source: SourceLoc;
}

/** `x-rpc-operation`: a body member with a fixed value the client fills. */
export interface IRRpcOperation {
  property: string;
  value: string | number | boolean | null;
  source: SourceLoc;
}

/** `x-session-logon`: this operation issues the session cookie other operations are secured by. */
export interface IRSessionLogon {
  cookie: string;
  successField: string;
  statusField: string;
  reauthStatus: string | number;
  source: SourceLoc;
}

/**
 * Where a value sits in a decoded body: member names from the root (an array is stepped into by a decimal
 * index). Written in a spec as a member name (`errorCode`) or a JSON pointer (`/errors/error/0/errorNumber`).
 */
export type IRFieldPath = string[];

/**
 * `x-vendor-status` (top level or on an operation): a 2xx reply whose `field` does not equal `success` is a
 * failure, with its code and text at `code` / `message`. `failure` is what the mock writes into `field` for one.
 */
export interface IRVendorStatus {
  field: IRFieldPath;
  success: string | number | boolean;
  failure: string | number | boolean;
  code?: IRFieldPath;
  message?: IRFieldPath;
  source: SourceLoc;
}

/** `x-error-fields` (on a response, or in the top-level `x-errors`): where an error body keeps its code and text. */
export interface IRDeclaredErrorFields {
  code?: IRFieldPath;
  message?: IRFieldPath;
  source: SourceLoc;
}

/**
 * `x-errors` at the top level: the provider's error shape. `fields` replace the inference for every error body
 * the shape covers; `contents` is the body an error reply may carry whatever its status (a status listed without
 * a body, or not listed), read when it has that media type and validates.
 */
export interface IRErrorShape {
  fields?: IRDeclaredErrorFields;
  contents: IRMediaContent[];
  source: SourceLoc;
}

/** `x-formats`: a path parameter that selects the wire format, with its value per format. */
export interface IRFormatSwitch {
  parameter: string;
  values: { json?: string; xml?: string };
  source: SourceLoc;
}

/** `x-soap`: the SOAP 1.2 binding of an operation. */
export interface IRSoapBinding {
  version: '1.2';
  path: string;
  action: string;
  namespace: string;
  requestWrapper: string;
  requestElement: string;
  responseWrapper: string;
  resultElement: string;
  /** The vendor's SOAP examples, kept for tests and docs. */
  examples?: JsonValue;
  source: SourceLoc;
}

/**
 * `x-mock` of an operation: behaviour no vendor document states. Members are checked for shape by the reader;
 * the template language (`reply`) and its paths are compiled, with located diagnostics, by the mock emitter,
 * the only output that uses them.
 */
export interface IRMockOperation {
  collection?: JsonValue;
  id?: JsonValue;
  parent?: JsonValue;
  unique?: JsonValue;
  invalidCode?: JsonValue;
  requiresRole?: JsonValue;
  /** On a logon operation: the body members checked against the accepted users. */
  credentials?: { username: string; password: string };
  reply?: JsonValue;
  errors?: JsonValue;
  /** A list operation: `{ collection, paging? }` (the collection a create operation stores into). */
  list?: JsonValue;
  source: SourceLoc;
}

/** `x-mock` at the top level of a spec. */
export interface IRMockProvider {
  authOrder?: string[];
  users?: Record<string, string>;
  errors?: JsonValue;
  errorReply?: { status?: number; body: JsonValue };
  source: SourceLoc;
}

/** The wire facts of one operation, typed; each from its wire module. */
/** The header that carries an operation's idempotency key (wire/idempotency.ts). */
export interface IRIdempotencyKey {
  /** The header name, lower-cased. */
  header: string;
  /** The header parameter that carries the key, when the spec declares one. */
  param?: IRParameter;
}

export interface IROperationWire {
  bodyCredentials?: IRBodyCredentials;
  rpc?: IRRpcOperation;
  sessionLogon?: IRSessionLogon;
  vendorStatus?: IRVendorStatus;
  formats?: IRFormatSwitch;
  soap?: IRSoapBinding;
  mock?: IRMockOperation;
  /** `x-refuse-unsupported`: constructs the client cannot honour that the spec accepts as refused at call time. */
  refuse?: { constructs: ('security' | 'requestBody')[]; source: SourceLoc };
  /** `x-idempotent: true`: safe to repeat (wire/idempotency.ts). */
  idempotent?: boolean;
  /** The idempotency key header (`x-idempotency-header`, or an `Idempotency-Key` header parameter). */
  idempotencyKey?: IRIdempotencyKey;
}

export interface IROperation {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
  path: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters: IRParameter[];
  requestBody?: { required: boolean; description?: string; contents: IRMediaContent[] };
  responses: IRResponse[];
  /** Alternatives (outer) of all-of requirements (inner), by scheme key; `[]` means no auth. */
  security: string[][];
  /** Vendor codes this operation can answer with (`x-error-codes`), each from the provider catalog. */
  errorCodes: (string | number)[];
  /** The operation's wire facts (project extensions), typed and checked by the reader. */
  wire: IROperationWire;
  /** `x-` extensions the generator does not interpret (annotations for other tools); emitters never read them. */
  extensions: Record<string, JsonValue>;
  source: SourceLoc;
}

export interface IRErrorCode {
  code: string | number;
  /** The HTTP status the vendor answers with, where the vendor ties one to the code. */
  httpStatus?: number;
  message: string;
  description?: string;
}

export interface IRProvider {
  /** Folder name under specs/, and the subpath export of the generated package. */
  id: string;
  title: string;
  version: string;
  description?: string;
  servers: IRServer[];
  securitySchemes: IRSecurityScheme[];
  /** Named models in declaration order (OpenAPI components first, then XSD models by file). */
  models: IRModel[];
  operations: IROperation[];
  errorCatalog: IRErrorCode[];
  /** `x-mock` at the top level, typed (present: the provider gets a mock server). */
  mock?: IRMockProvider;
  /** `x-errors` at the top level: the provider's error shape. */
  errorShape?: IRErrorShape;
  /** `x-` extensions the generator does not interpret; emitters never read them. */
  extensions: Record<string, JsonValue>;
  /** Facts computed by the passes (generator/passes/) before any emitter runs. */
  facts?: ProviderFacts;
  /** Spec files that fed this provider, relative to the specs root, sorted. */
  files: string[];
}

/** A server: its URL, with `{name}` placeholders for its variables (wire/servers.ts). */
export interface IRServer {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
}

export interface IRDocument {
  providers: IRProvider[];
}

/** What the passes (generator/passes/wire-facts.ts) compute once for every emitter. */
export interface ProviderFacts {
  /** Operations with a SOAP binding, with the request and success-reply model keys. */
  soap: IRSoapOperation[];
  /** Models that are XML document roots (sent or received as XML, or in a SOAP envelope), declaration order. */
  xmlRoots: string[];
  /** The session logon, when an operation carries one and a cookie scheme is issued by it. */
  session?: { op: IROperation; logon: IRSessionLogon; schemes: string[] };
  /** Where each error body keeps the vendor's code and text (by response media content). */
  errorFields: Map<IRMediaContent, IRErrorFields>;
  /** Which files the provider module has: emitters link to each other only through these. */
  outputs: { validators: boolean; xml: boolean; mock: boolean; client: boolean };
  /**
   * Form and multipart request bodies (by media content): how the client writes them and the mock reads them
   * back (wire/form.ts, wire/multipart.ts), and what of the media type cannot be honoured.
   */
  requestBodies: Map<IRMediaContent, IRRequestBodyPlan>;
}

/**
 * How a request body of a kind the runtime does not write itself (form, multipart) travels: its body kind's
 * runtime halves (generator/wire/<kind>.ts `request.runtime`) with the arguments of each, and what of the media
 * type cannot be honoured.
 */
export interface IRRequestBodyPlan {
  runtime: { client: { module: string; name: string }; mock: { module: string; name: string } };
  client: JsonValue[];
  mock: JsonValue[];
  problems: IRWireProblem[];
}

export interface IRSoapOperation {
  operation: IROperation;
  binding: IRSoapBinding;
  /** Model keys of the request body and the success reply. */
  request?: string;
  response?: string;
}

/** Path steps: member names, 0 (every array item) and 1 (every map value, key kept). */
export type IRFieldStep = string | 0 | 1;
export interface IRErrorFields {
  at: IRFieldStep[];
  code?: string;
  message?: string;
  /** Declared (`x-error-fields`, `x-errors`): exact paths from the body's root, used instead of `at`. */
  codePath?: IRFieldPath;
  messagePath?: IRFieldPath;
}
