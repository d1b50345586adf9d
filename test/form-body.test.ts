/**
 * The application/x-www-form-urlencoded writer and reader (templates/runtime/form.js), table-driven. The
 * deepObject expectations are what the `qs` library writes with `{ arrayFormat: 'indices', encodeValuesOnly:
 * true }` (brackets literal, RFC 3986 percent-encoding of values), written out by hand, except that names are
 * percent-encoded too and null members are left out (docs/decisions.md); the other styles follow the OpenAPI
 * style table for form bodies.
 */
import { describe, expect, it } from 'vitest';
import { decodeForm, decodeMultipart, encodeForm, encodeMultipart, formComponent, type FormEncoding, type PartKind } from '../templates/runtime/form.js';

const deep: FormEncoding = { style: 'deepObject', explode: true };

describe('encodeForm', () => {
  const cases: { name: string; body: Record<string, unknown>; encoding?: Record<string, FormEncoding>; want: string }[] = [
    { name: 'scalars as text', body: { email: 'jenny@example.com', balance: 1200, vip: true, big: 9007199254740993n, rate: 0.5 }, want: 'email=jenny%40example.com&balance=1200&vip=true&big=9007199254740993&rate=0.5' },
    { name: 'null and undefined members left out', body: { a: null, b: undefined, c: '' }, want: 'c=' },
    { name: 'Stripe metadata and locales (deepObject)', body: { metadata: { order_id: '6735' }, preferred_locales: ['en', 'fr'] }, encoding: { metadata: deep, preferred_locales: deep }, want: 'metadata[order_id]=6735&preferred_locales[0]=en&preferred_locales[1]=fr' },
    { name: 'deepObject nests any depth, arrays of objects by index', body: { a: { b: [{ c: 1 }, { d: [true] }] } }, encoding: { a: deep }, want: 'a[b][0][c]=1&a[b][1][d][0]=true' },
    { name: 'deepObject leaves out null members and empty containers', body: { a: { x: null, y: [], z: {}, w: 'v' } }, encoding: { a: deep }, want: 'a[w]=v' },
    { name: 'names inside brackets and values are percent-encoded, brackets are not', body: { metadata: { 'a b[c]': "it's 100%!", 'é': '&=+' } }, encoding: { metadata: deep }, want: "metadata[a%20b%5Bc%5D]=it%27s%20100%25%21&metadata[%C3%A9]=%26%3D%2B" },
    { name: 'form explode (default): repeated keys', body: { tags: ['a', 'b c'] }, want: 'tags=a&tags=b%20c' },
    { name: 'form explode object: members as their own keys', body: { address: { city: 'Oslo', zip: 150 } }, want: 'city=Oslo&zip=150' },
    { name: 'form no explode: comma separated', body: { tags: ['a', 'b'], pt: { x: 1, y: 2 } }, encoding: { tags: { style: 'form', explode: false }, pt: { explode: false } }, want: 'tags=a%2Cb&pt=x%2C1%2Cy%2C2' },
    { name: 'spaceDelimited', body: { ids: [1, 2, 3] }, encoding: { ids: { style: 'spaceDelimited' } }, want: 'ids=1%202%203' },
    { name: 'pipeDelimited', body: { ids: ['x', 'y'] }, encoding: { ids: { style: 'pipeDelimited', explode: false } }, want: 'ids=x%7Cy' },
    { name: 'empty array is not written', body: { tags: [], a: 1 }, want: 'a=1' },
  ];
  for (const c of cases) it(c.name, () => expect(encodeForm(c.body, c.encoding)).toBe(c.want));

  const refused: { name: string; body: Record<string, unknown>; encoding?: Record<string, FormEncoding>; error: RegExp }[] = [
    { name: 'an object in an array under style form', body: { items: [{ a: 1 }] }, error: /items\[0\] is not a scalar; only style deepObject/ },
    { name: 'a nested object under form explode', body: { a: { b: { c: 1 } } }, error: /a\.b is not a scalar/ },
    { name: 'a non-finite number', body: { n: Number.NaN }, error: /n is NaN/ },
    { name: 'a function', body: { f: () => 1 }, error: /f is a function/ },
    { name: 'an unknown style', body: { a: [1] }, encoding: { a: { style: 'matrix' as never } }, error: /style matrix/ },
    { name: 'a body that is not an object', body: ['x'] as never, error: /must be an object/ },
  ];
  for (const c of refused) it(`throws for ${c.name}`, () => expect(() => encodeForm(c.body, c.encoding)).toThrow(c.error));

  it('formComponent keeps only RFC 3986 unreserved characters', () => {
    expect(formComponent("AZaz09-._~ !'()*[]")).toBe("AZaz09-._~%20%21%27%28%29%2A%5B%5D");
  });
});

describe('decodeForm', () => {
  const schema = {
    type: 'object',
    properties: {
      email: { type: 'string' },
      balance: { type: 'integer' },
      rate: { type: 'number' },
      vip: { type: 'boolean' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
      preferred_locales: { type: 'array', items: { type: 'string' } },
      ids: { type: 'array', items: { type: 'integer' } },
      tags: { type: 'array', items: { type: 'string' } },
      address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'integer' } } },
    },
  };
  const enc = { metadata: deep, preferred_locales: deep, ids: { style: 'pipeDelimited' as const, explode: false } };
  const cases: { name: string; text: string; want: unknown }[] = [
    { name: 'Stripe body, brackets literal', text: 'email=j%40x.io&metadata[order_id]=6735&preferred_locales[0]=en&preferred_locales[1]=fr', want: { email: 'j@x.io', metadata: { order_id: '6735' }, preferred_locales: ['en', 'fr'] } },
    { name: 'brackets percent-encoded read the same', text: 'metadata%5Border_id%5D=6735&preferred_locales%5B0%5D=en', want: { metadata: { order_id: '6735' }, preferred_locales: ['en'] } },
    { name: 'numbers, bigints and booleans per the schema; + as space', text: 'balance=12&rate=0.25&vip=false&email=a+b', want: { balance: 12, rate: 0.25, vip: false, email: 'a b' } },
    { name: 'integer beyond 2^53 as bigint', text: 'balance=9007199254740993', want: { balance: 9007199254740993n } },
    { name: 'text that is not the schema type stays text', text: 'balance=twelve&vip=yes', want: { balance: 'twelve', vip: 'yes' } },
    { name: 'repeated keys of an exploded form array', text: 'tags=a&tags=b', want: { tags: ['a', 'b'] } },
    { name: 'one repeated key is still an array', text: 'tags=a', want: { tags: ['a'] } },
    { name: 'pipeDelimited split and typed', text: 'ids=1%7C2', want: { ids: [1, 2] } },
    { name: 'form exploded object gathered from its members', text: 'city=Oslo&zip=150', want: { address: { city: 'Oslo', zip: 150 } } },
    { name: 'indices that are not 0..n-1 stay an object (the validator refuses it)', text: 'preferred_locales[1]=en', want: { preferred_locales: { 1: 'en' } } },
  ];
  for (const c of cases) it(c.name, () => expect(decodeForm(c.text, schema, enc)).toEqual(c.want));

  it('round-trips what encodeForm writes', () => {
    const body = { email: 'x y@z', balance: 7, vip: true, metadata: { a: '1', 'b]': '[2]' }, preferred_locales: ['en', 'de'], ids: [3, 4], tags: ['t'], address: { city: 'Rome', zip: 100 } };
    expect(decodeForm(encodeForm(body, enc), schema, enc)).toEqual(body);
  });

  it('a member named __proto__ stays a member', () => {
    const got = decodeForm('metadata[__proto__]=x', schema, enc) as { metadata: object };
    expect(Object.keys(got.metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(got.metadata)).toBe(Object.prototype);
  });

  const refused: { name: string; text: string; error: RegExp }[] = [
    { name: 'a key given twice', text: 'email=a&email=b', error: /email is given twice/ },
    { name: 'a value and brackets under one name', text: 'metadata=a&metadata[b]=c', error: /both as a value and with brackets/ },
    { name: 'bad percent-encoding', text: 'email=%zz', error: /not valid percent-encoding/ },
  ];
  for (const c of refused) it(`throws for ${c.name}`, () => expect(() => decodeForm(c.text, schema, enc)).toThrow(c.error));
});

/** A FormData's entries as [name, text or [file name, type, bytes as text]]. */
async function entries(fd: FormData): Promise<unknown[]> {
  const list: [string, FormDataEntryValue][] = [];
  fd.forEach((v, k) => list.push([k, v]));
  const out: unknown[] = [];
  for (const [k, v] of list) out.push([k, typeof v === 'string' ? v : [v.name, v.type, await v.text()]]);
  return out;
}

describe('encodeMultipart', () => {
  const pdf = new File(['%PDF'], 'a.pdf', { type: 'application/pdf' });
  const cases: { name: string; body: Record<string, unknown>; parts?: Record<string, PartKind>; want: unknown[] }[] = [
    { name: 'text parts: scalars as their text', body: { purpose: 'pdf', n: 3, ok: true, big: 9007199254740993n }, parts: { purpose: 'text' }, want: [['purpose', 'pdf'], ['n', '3'], ['ok', 'true'], ['big', '9007199254740993']] },
    { name: 'a file part keeps its name and type', body: { file: pdf }, parts: { file: 'binary' }, want: [['file', ['a.pdf', 'application/pdf', '%PDF']]] },
    { name: 'a bare Blob is named "blob" by FormData', body: { file: new Blob(['x']) }, parts: { file: 'binary' }, want: [['file', ['blob', '', 'x']]] },
    { name: 'a list of files: one part each', body: { files: [pdf, new File(['y'], 'b.txt', { type: 'text/plain' })] }, parts: { files: 'binary' }, want: [['files', ['a.pdf', 'application/pdf', '%PDF']], ['files', ['b.txt', 'text/plain', 'y']]] },
    { name: 'a JSON part: one application/json part with the whole value', body: { meta: { a: [1, 2], b: null } }, parts: { meta: 'json' }, want: [['meta', ['blob', 'application/json', '{"a":[1,2],"b":null}']]] },
    { name: 'a list of text values: one part each', body: { tags: ['a', 'b'] }, parts: { tags: 'text' }, want: [['tags', 'a'], ['tags', 'b']] },
    { name: 'members without an entry: by their value', body: { f: pdf, o: { x: 1 }, s: 's' }, want: [['f', ['a.pdf', 'application/pdf', '%PDF']], ['o', ['blob', 'application/json', '{"x":1}']], ['s', 's']] },
    { name: 'null and undefined members left out', body: { a: null, b: undefined, c: '' }, want: [['c', '']] },
  ];
  for (const c of cases) it(c.name, async () => expect(await entries(encodeMultipart(c.body, c.parts))).toEqual(c.want));

  const refused: { name: string; body: Record<string, unknown>; parts: Record<string, PartKind>; error: RegExp }[] = [
    { name: 'text where a file goes', body: { file: 'x' }, parts: { file: 'binary' }, error: /file must be a Blob or File/ },
    { name: 'an object as a text part', body: { a: { b: 1 } }, parts: { a: 'text' }, error: /a is a object, not a scalar/ },
    { name: 'a value with no JSON text', body: { a: () => 1 }, parts: { a: 'json' }, error: /a has no JSON text/ },
  ];
  for (const c of refused) it(`throws for ${c.name}`, () => expect(() => encodeMultipart(c.body, c.parts)).toThrow(c.error));
});

describe('decodeMultipart', () => {
  const shape = {
    type: 'object',
    properties: { file: { blob: true }, files: { type: 'array', items: { blob: true } }, n: { type: 'integer' }, ok: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } }, meta: { type: 'object' } },
  };
  const parts: Record<string, PartKind> = { file: 'binary', files: 'binary', n: 'text', ok: 'text', tags: 'text', meta: 'json' };

  it('reads back what encodeMultipart writes, through the platform parser', async () => {
    const body = { file: new File(['%PDF'], 'a.pdf', { type: 'application/pdf' }), files: [new File(['1'], '1.txt')], n: 42, ok: false, tags: ['x', 'y'], meta: { a: 1 } };
    const req = new Request('http://x/', { method: 'POST', body: encodeMultipart(body, parts) });
    const got = (await decodeMultipart(await req.formData(), shape, parts)) as Record<string, any>;
    expect({ ...got, file: undefined, files: undefined }).toEqual({ n: 42, ok: false, tags: ['x', 'y'], meta: { a: 1 }, file: undefined, files: undefined });
    expect(got.file).toBeInstanceOf(Blob);
    expect([got.file.name, got.file.type, await got.file.text()]).toEqual(['a.pdf', 'application/pdf', '%PDF']);
    expect(await Promise.all(got.files.map((f: Blob) => f.text()))).toEqual(['1']);
  });

  it('text that is not the schema type stays text; a repeated scalar and bad JSON are refused', async () => {
    const fd = new FormData();
    fd.append('n', 'many');
    expect(await decodeMultipart(fd, shape, parts)).toEqual({ n: 'many' });
    fd.append('n', '2');
    await expect(decodeMultipart(fd, shape, parts)).rejects.toThrow(/"n" is given twice/);
    const bad = new FormData();
    bad.append('meta', new Blob(['{'], { type: 'application/json' }));
    await expect(decodeMultipart(bad, shape, parts)).rejects.toThrow(/"meta" is not valid JSON/);
  });
});
