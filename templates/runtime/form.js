// application/x-www-form-urlencoded and multipart/form-data bodies: the writers the generated clients use (an
// operation's `send`, generator/wire/form.ts and multipart.ts) and the readers the generated mocks use.
// Browser-safe like client.js (multipart uses the platform's FormData and Blob).
//
// Each top-level member of the body object is written by its OpenAPI `encoding` entry (style and explode; the
// default is style form, explode true, as OpenAPI says):
//   form, explode      arrays as repeated keys (tags=a&tags=b), an object's members as their own keys
//   form, no explode   tags=a,b ; an object as k=m1,v1,m2,v2
//   spaceDelimited     tags=a%20b          pipeDelimited   tags=a%7Cb   (arrays, no explode)
//   deepObject         bracketed keys, any depth, arrays by index: metadata[order_id]=6735, preferred_locales[0]=en
// deepObject is what Stripe reads and what the `qs` library writes with `arrayFormat: 'indices'` and
// `encodeValuesOnly: true`: brackets are left literal (Stripe's own examples send them so, and every form decoder,
// this one included, reads them percent-encoded too); key names (unlike that qs call) and values are
// percent-encoded by RFC 3986 (everything but A-Z a-z 0-9 - . _ ~, space as %20). Scalars: strings as they are, numbers, bigints and booleans
// as their text; null and undefined members are left out, as are empty arrays and objects (nothing to write).
// A value a style cannot write (an object inside an array under form, a nested object under a delimited style,
// a non-finite number, a function) throws a TypeError: it is never written wrong.

import { isBlob, sha256Hex, stringifyJson } from './client.js';

/** @typedef {import('./form.js').FormEncoding} FormEncoding */
/** A JSON Schema object as far as the form reader reads it (type, properties, items, additionalProperties). */
/** @typedef {import('./form.js').FormSchema} FormSchema */
/** Keys and values of a form body as read, before the schema shapes them. */
/** @typedef {{ [key: string]: string | string[] | FormTree }} FormTree */

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * RFC 3986 percent-encoding of one key name or value (the qs default format).
 * @param {string} s
 * @returns {string}
 */
export function formComponent(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * @param {unknown} v
 * @param {string} where
 * @returns {string}
 */
function scalarText(v, where) {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`form body: ${where} is ${v}, which has no form text`);
    return String(v);
  }
  throw new TypeError(`form body: ${where} is a ${v === null ? 'null' : typeof v}, not a scalar`);
}

/**
 * @param {unknown} v
 * @returns {v is string | number | boolean | bigint}
 */
function isScalar(v) {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * deepObject: `key[a][0]=v` pairs for any depth; `key` is already encoded.
 * @param {string[]} out
 * @param {string} key
 * @param {unknown} v
 * @param {string} where
 */
function deep(out, key, v, where) {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) deep(out, `${key}[${i}]`, v[i], `${where}[${i}]`);
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) deep(out, `${key}[${formComponent(k)}]`, v[k], `${where}.${k}`);
  } else out.push(key + '=' + formComponent(scalarText(v, where)));
}

/**
 * @param {readonly unknown[]} list
 * @param {string} where
 * @returns {string[]}
 */
function flatScalars(list, where) {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x === null || x === undefined) continue;
    if (!isScalar(x)) throw new TypeError(`form body: ${where}[${i}] is not a scalar; only style deepObject writes nested values`);
    out.push(scalarText(x, `${where}[${i}]`));
  }
  return out;
}

/**
 * @param {Record<string, unknown>} v
 * @param {string} where
 * @returns {[string, string][]}
 */
function objectPairs(v, where) {
  /** @type {[string, string][]} */
  const out = [];
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === null || x === undefined) continue;
    if (!isScalar(x)) throw new TypeError(`form body: ${where}.${k} is not a scalar; only style deepObject writes nested values`);
    out.push([k, scalarText(x, `${where}.${k}`)]);
  }
  return out;
}

/** @type {Record<string, string>} */
const DELIMITERS = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/**
 * The form text of a body object. `encoding`: the media type's encoding map, member name -> { style?, explode? }
 * (as the OpenAPI encoding object; only style and explode are read).
 * @param {unknown} body
 * @param {Record<string, FormEncoding>} [encoding]
 * @returns {string}
 */
export function encodeForm(body, encoding) {
  if (!isPlainObject(body)) throw new TypeError('form body: the body must be an object');
  const out = [];
  for (const name of Object.keys(body)) {
    const v = body[name];
    if (v === null || v === undefined) continue;
    const e = encoding !== undefined && hasOwn.call(encoding, name) ? encoding[name] : undefined;
    const style = e !== undefined && e.style !== undefined ? e.style : 'form';
    const explode = e !== undefined && e.explode !== undefined ? e.explode : style === 'form';
    const key = formComponent(name);
    if (style === 'deepObject') {
      deep(out, key, v, name);
      continue;
    }
    if (!hasOwn.call(DELIMITERS, style)) throw new TypeError(`form body: ${name} has style ${style}, which a form body cannot use`);
    if (isScalar(v)) {
      out.push(key + '=' + formComponent(scalarText(v, name)));
    } else if (Array.isArray(v)) {
      const items = flatScalars(v, name);
      if (items.length === 0) continue;
      if (explode && style === 'form') for (const x of items) out.push(key + '=' + formComponent(x));
      else out.push(key + '=' + items.map(formComponent).join(formComponent(DELIMITERS[style])));
    } else if (isPlainObject(v)) {
      const pairs = objectPairs(v, name);
      if (pairs.length === 0) continue;
      if (explode && style === 'form') for (const [k, x] of pairs) out.push(formComponent(k) + '=' + formComponent(x));
      else out.push(key + '=' + pairs.map(([k, x]) => formComponent(k) + formComponent(DELIMITERS[style]) + formComponent(x)).join(formComponent(DELIMITERS[style])));
    } else throw new TypeError(`form body: ${name} is a ${typeof v}, which has no form text`);
  }
  return out.join('&');
}

// ---- reading ----------------------------------------------------------------------------------------------

/**
 * @param {string} s
 * @returns {string}
 */
function decodeComponent(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new TypeError(`form body: ${JSON.stringify(s)} is not valid percent-encoding`);
  }
}

/**
 * `a[b][0]` -> ['a', 'b', '0']; a key without a well-formed bracket tail is one name.
 * @param {string} key
 * @returns {string[]}
 */
function keyPath(key) {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const path = [key.slice(0, open)];
  const re = /\[([^[\]]*)\]/y;
  re.lastIndex = open;
  let m;
  while ((m = re.exec(key)) !== null) {
    path.push(m[1]);
    if (re.lastIndex === key.length) return path;
  }
  return [key];
}

/**
 * @param {FormSchema | null | undefined} schema
 * @returns {string | undefined}
 */
function typeOf(schema) {
  if (schema === undefined || schema === null) return undefined;
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  return t;
}

/**
 * @param {FormSchema | null | undefined} schema
 * @param {string} name
 * @returns {FormSchema | undefined}
 */
function propSchema(schema, name) {
  return schema !== undefined && schema !== null && schema.properties !== undefined && hasOwn.call(schema.properties, name) ? schema.properties[name] : undefined;
}

/**
 * A decoded text as the schema's scalar: numbers (bigint beyond 2^53 for integers), booleans; else the text.
 * @param {string} text
 * @param {FormSchema | null | undefined} schema
 * @returns {string | number | bigint | boolean}
 */
function scalarOf(text, schema) {
  const t = typeOf(schema);
  if ((t === 'integer' || t === 'number') && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) {
    if (t === 'integer' && /^-?(0|[1-9][0-9]*)$/.test(text)) {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    return Number(text);
  }
  if (t === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Nested bracket tree -> the schema's shape: index-keyed objects become arrays where the schema says array.
 * @param {string | string[] | FormTree} v
 * @param {FormSchema | null | undefined} schema
 * @returns {unknown}
 */
function shape(v, schema) {
  if (typeof v === 'string') return scalarOf(v, schema);
  if (Array.isArray(v)) return v.map((x) => shape(x, schema !== undefined && schema !== null ? schema.items : undefined));
  const t = typeOf(schema);
  const keys = Object.keys(v);
  // @ts-expect-error -- typeOf gave a type, so `schema` is an object; TypeScript cannot follow that through typeOf.
  if (t === 'array' && keys.every((k, i) => k === String(i))) return keys.map((k) => shape(v[k], schema.items));
  const out = {};
  for (const k of keys) {
    const s = propSchema(schema, k) ?? (schema !== undefined && schema !== null && isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    // defineProperty: a member named __proto__ stays a member.
    Object.defineProperty(out, k, { value: shape(v[k], s), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * @param {FormTree} tree
 * @param {string[]} path
 * @param {string | string[] | FormTree} value
 */
function put(tree, path, value) {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const next = hasOwn.call(node, k) ? node[k] : undefined;
    if (typeof next === 'string') throw new TypeError(`form body: ${path.slice(0, i + 1).join('.')} is given both as a value and with brackets`);
    node = node[k] = next ?? Object.create(null);
  }
  const last = path[path.length - 1];
  if (hasOwn.call(node, last)) throw new TypeError(`form body: ${path.join('.')} is given twice`);
  node[last] = value;
}

/**
 * A form body -> the object its schema describes. `schema`: a JSON Schema object (properties, items, type);
 * `encoding` as for encodeForm. Repeated keys of an exploded form array collect into the array; delimited
 * styles are split; bracketed keys nest; scalars become numbers or booleans where the schema says so (text
 * that is not one stays text, for the validator to refuse).
 * @param {string} text
 * @param {FormSchema | null} [schema]
 * @param {Record<string, FormEncoding>} [encoding]
 * @returns {unknown}
 */
export function decodeForm(text, schema, encoding) {
  const tree = Object.create(null);
  const repeated = Object.create(null);
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const raw = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
    // Literal brackets are the structure and each name between them is decoded on its own (so an encoded
    // bracket inside a name stays text); a key with no literal bracket is decoded first, as qs reads it.
    const path = raw.includes('[') ? keyPath(raw).map(decodeComponent) : keyPath(decodeComponent(raw));
    const name = path[0];
    const e = encoding !== undefined && hasOwn.call(encoding, name) ? encoding[name] : undefined;
    const style = e !== undefined && e.style !== undefined ? e.style : 'form';
    const explode = e !== undefined && e.explode !== undefined ? e.explode : style === 'form';
    const t = typeOf(propSchema(schema, name));
    if (path.length === 1 && t === 'array' && style !== 'deepObject') {
      if (explode && style === 'form') (repeated[name] ??= []).push(value);
      else put(tree, path, value === '' ? [] : value.split(DELIMITERS[style] ?? ','));
    } else if (path.length === 1 && t === 'object' && style !== 'deepObject' && !(explode && style === 'form')) {
      const items = value === '' ? [] : value.split(DELIMITERS[style] ?? ',');
      const obj = Object.create(null);
      for (let i = 0; i + 1 < items.length; i += 2) obj[items[i]] = items[i + 1];
      put(tree, path, obj);
    } else put(tree, path, value);
  }
  for (const name of Object.keys(repeated)) put(tree, [name], repeated[name]);
  // form + explode objects: their members arrive as top-level keys; gather those the schema places in them.
  if (schema !== undefined && schema !== null && schema.properties !== undefined) {
    for (const name of Object.keys(schema.properties)) {
      const s = schema.properties[name];
      const e = encoding !== undefined && hasOwn.call(encoding, name) ? encoding[name] : undefined;
      const style = e !== undefined && e.style !== undefined ? e.style : 'form';
      const explode = e !== undefined && e.explode !== undefined ? e.explode : style === 'form';
      if (typeOf(s) !== 'object' || style !== 'form' || !explode || s.properties === undefined || hasOwn.call(tree, name)) continue;
      const obj = Object.create(null);
      for (const m of Object.keys(s.properties)) {
        if (hasOwn.call(tree, m) && !hasOwn.call(schema.properties, m)) {
          obj[m] = tree[m];
          delete tree[m];
        }
      }
      if (Object.keys(obj).length > 0) tree[name] = obj;
    }
  }
  return shape(tree, schema);
}

// ---- multipart/form-data ----------------------------------------------------------------------------------

/**
 * The FormData of a body object. `parts`: member -> 'binary' (a Blob or File, or a list of them: one file part
 * each), 'json' (one part of type application/json holding the member's JSON) or 'text' (a scalar, or a list:
 * one text part each). Members without an entry: a Blob is a file part, an object or list of objects a JSON
 * part, a scalar a text part. Null and undefined members are left out. fetch writes the boundary. `toJson`:
 * the JSON writer (the client passes its lossless one: integers beyond 2^53 as digits).
 * @param {unknown} body
 * @param {Record<string, import('./form.js').PartKind>} [parts]
 * @param {(value: unknown) => string | undefined} [toJson]
 * @returns {FormData}
 */
export function encodeMultipart(body, parts, toJson = JSON.stringify) {
  if (!isPlainObject(body)) throw new TypeError('multipart body: the body must be an object');
  const fd = new FormData();
  for (const name of Object.keys(body)) {
    const v = body[name];
    if (v === null || v === undefined) continue;
    let kind = parts !== undefined && hasOwn.call(parts, name) ? parts[name] : undefined;
    if (kind === undefined) kind = isBlob(v) || (Array.isArray(v) && v.length > 0 && v.every(isBlob)) ? 'binary' : typeof v === 'object' && !(Array.isArray(v) && v.every(isScalar)) ? 'json' : 'text';
    const list = Array.isArray(v) && kind !== 'json' ? v : [v];
    list.forEach((x, i) => {
      const where = list === v ? `${name}[${i}]` : name;
      if (x === null || x === undefined) return;
      if (kind === 'binary') {
        if (!isBlob(x)) throw new TypeError(`multipart body: ${where} must be a Blob or File`);
        // A File keeps its name; a bare Blob is sent as FormData names it ("blob").
        fd.append(name, x);
      } else if (kind === 'json') {
        const text = toJson(x);
        if (typeof text !== 'string') throw new TypeError(`multipart body: ${where} has no JSON text`);
        fd.append(name, new Blob([text], { type: 'application/json' }));
      } else fd.append(name, scalarText(x, where));
    });
  }
  return fd;
}

/**
 * A parsed multipart body (a FormData, from `Request.formData()`) -> the object its shape describes (as for
 * decodeForm, with `blob: true` for file members): file parts stay Blobs, JSON parts are parsed, text parts are
 * converted per the schema; a member the schema lists as an array collects every part of its name. A JSON part
 * that does not parse throws a TypeError.
 * @param {FormData} fd
 * @param {FormSchema | null} [schema]
 * @param {Record<string, import('./form.js').PartKind>} [parts]
 * @returns {Promise<Record<string, unknown>>}
 */
export async function decodeMultipart(fd, schema, parts) {
  /** @type {Record<string, any>} */
  const out = {};
  const seen = new Set();
  for (const [name, value] of fd.entries()) {
    const s = propSchema(schema, name) ?? (schema !== undefined && schema !== null && isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    const kind = parts !== undefined && hasOwn.call(parts, name) ? parts[name] : undefined;
    const array = typeOf(s) === 'array' && kind !== 'json';
    /** @type {FormSchema | undefined} */
    // @ts-expect-error -- `array`: typeOf found a type, so `s` is a schema.
    const itemSchema = array ? s.items : s;
    let v;
    if (kind === 'json' || (kind === undefined && isBlob(value) && /json/.test(value.type))) {
      const text = isBlob(value) ? await value.text() : value;
      try {
        v = JSON.parse(text);
      } catch {
        throw new TypeError(`multipart body: part ${JSON.stringify(name)} is not valid JSON`);
      }
    } else if (isBlob(value) && (kind === 'binary' || (itemSchema !== undefined && itemSchema !== null && itemSchema.blob === true) || kind === undefined)) {
      v = value;
    } else v = scalarOf(isBlob(value) ? await value.text() : value, itemSchema);
    if (array) {
      if (!hasOwn.call(out, name)) Object.defineProperty(out, name, { value: [], enumerable: true, writable: true, configurable: true });
      out[name].push(v);
    } else {
      if (seen.has(name)) throw new TypeError(`multipart body: part ${JSON.stringify(name)} is given twice`);
      Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
    }
    seen.add(name);
  }
  return out;
}

// ---- the kinds' halves, as the generated client and mock hand them to the runtime -----------------------------

/**
 * The client half of a form body: its media type and writer (an operation's `send`).
 * @param {Record<string, FormEncoding>} encoding
 * @returns {import('./client.js').BodyWriter}
 */
export function formBody(encoding) {
  return { type: 'application/x-www-form-urlencoded', what: 'a form body', encode: (body) => encodeForm(body, encoding) };
}

/**
 * The client half of a multipart body. No type: fetch writes multipart/form-data with the FormData's boundary.
 * JSON parts are written by the client's lossless JSON writer (integers beyond 2^53 as digits).
 * @param {Record<string, import('./form.js').PartKind>} parts
 * @returns {import('./client.js').BodyWriter}
 */
export function multipartBody(parts) {
  return { type: undefined, what: 'a multipart body', encode: (body) => encodeMultipart(body, parts, stringifyJson) };
}

/**
 * The mock half of a form body: the bytes read into `shape`.
 * @param {FormSchema} shape
 * @param {Record<string, FormEncoding>} encoding
 * @returns {import('./mock.js').BodyReader}
 */
export function formReader(shape, encoding) {
  return (bytes) => {
    try {
      return { ok: true, value: decodeForm(UTF8.decode(bytes), shape, encoding) };
    } catch (/** @type {any} */ e) {
      return { ok: false, detail: e.message };
    }
  };
}

/**
 * The mock half of a multipart body: parsed by the platform (`Request.formData()`), read into `shape`, with a
 * SHA-256 over the parts (names, texts, file names, types and bytes) to compare a repeated idempotency key by:
 * files are Blobs, which JSON leaves empty.
 * @param {FormSchema} shape
 * @param {Record<string, import('./form.js').PartKind>} parts
 * @returns {import('./mock.js').BodyReader}
 */
export function multipartReader(shape, parts) {
  return async (bytes, contentType) => {
    let fd;
    try {
      // @ts-expect-error -- the body bytes are backed by an ArrayBuffer, as BodyInit asks.
      fd = await new Request('http://mock.invalid/', { method: 'POST', headers: { 'content-type': contentType ?? '' }, body: bytes }).formData();
    } catch (/** @type {any} */ e) {
      return { ok: false, detail: `the body is not valid multipart/form-data: ${e.message}` };
    }
    try {
      const value = await decodeMultipart(fd, shape, parts);
      /** @type {BlobPart[]} */
      const seen = [];
      for (const [name, v] of fd.entries()) {
        seen.push(`${name}\u0000`);
        if (typeof v === 'string') seen.push(`s${v}\u0000`);
        else seen.push(`f${v.name}\u0000${v.type}\u0000`, v);
      }
      return { ok: true, value, fingerprint: await sha256Hex(await new Blob(seen).arrayBuffer()) };
    } catch (/** @type {any} */ e) {
      return { ok: false, detail: e.message };
    }
  };
}

const UTF8 = new TextDecoder();
