/**
 * Form and multipart request bodies end to end (generator/wire/form.ts, generator/wire/multipart.ts,
 * templates/runtime/form.js): the Stripe-style fixture vendor (test/fixtures/vendors/stripe) generated into a
 * temp folder, typechecked strictly as a consumer uses it, and its client run against a strict stand-in server
 * on 127.0.0.1 that checks every wire detail (the exact form bytes with bracketed keys, the content type, Basic
 * with the key as username or Bearer, the Idempotency-Key kept across a retry, the multipart boundary, parts,
 * file name and JSON part), then against its generated mock (success, validation before sending, the mock
 * refusing a body, wrong credentials, the idempotency key). A table sends one body per form encoding style.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { typecheckConsumer } from './support/typecheck.ts';
import { VendorServer, type Recorded, type Reply } from './support/vendor-servers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let pkg: FixturePackage;
let clientMod: any;
let mockMod: any;

beforeAll(async () => {
  pkg = await fixturePackage(['stripe']);
  clientMod = await pkg.load('stripe/client.js');
  mockMod = await pkg.load('stripe/mock.js');
}, 60_000);

afterAll(() => pkg?.remove());

// ---- a strict stand-in server ---------------------------------------------------------------------------

const CUSTOMER = { id: 'cus_NffrFeUfNV2Hib', object: 'customer', created: 1680893993, livemode: false, email: 'jennyrosen@example.com', metadata: { order_id: '6735' }, preferred_locales: ['en', 'fr'] };
const FILE = { id: 'file_1Mr4LDLkdIwHu7ixFCz0dZiH', object: 'file', created: 1680116847, purpose: 'dispute_evidence', filename: 'evidence.txt', size: 12 };

/** A JSON reply (Stripe answers every route in JSON). */
function json(status: number, body: unknown = {}): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Stripe's customer and file routes on a VendorServer: either credential form, each route's success reply. */
function standIn(): VendorServer {
  return new VendorServer((req) => {
    const auth = req.headers.authorization;
    if (auth !== `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` && auth !== `Bearer ${KEY}`) {
      return json(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } });
    }
    if (req.method === 'POST' && req.url === '/v1/customers') return json(200, CUSTOMER);
    if (req.method === 'POST' && req.url === '/v1/files') return json(200, FILE);
    return json(404, { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } });
  });
}

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** A strict multipart/form-data reader (RFC 7578): CRLF line ends, the boundary of the Content-Type, a closing delimiter. */
function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const m = /^multipart\/form-data; boundary=(.+)$/.exec(contentType ?? '');
  if (!m) throw new Error(`not multipart/form-data with a boundary: ${contentType}`);
  const boundary = m[1]!;
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  if (!text.startsWith(`${delimiter}\r\n`)) throw new Error('the body does not open with the boundary');
  if (!text.endsWith(`\r\n${delimiter}--\r\n`)) throw new Error('the body does not close with the boundary');
  const inner = text.slice(delimiter.length + 2, text.length - (delimiter.length + 6));
  return inner.split(`\r\n${delimiter}\r\n`).map((raw) => {
    const end = raw.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of raw.slice(0, end).split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, body: Buffer.from(raw.slice(end + 4), 'latin1') };
  });
}

// ---- generated code ---------------------------------------------------------------------------------------

describe('generated code', () => {
  it('typechecks strictly (declarations and checkJs), and a consumer sees the form and multipart bodies typed', () => {
    expect(
      typecheckConsumer(pkg.dir, [
        "import { createClient, type CustomerCreate, type FileCreate } from './stripe/index.js';",
        "const viaBasic = createClient({ auth: { username: 'sk_test_x', password: '' } });",
        "const viaBearer = createClient({ auth: { secretKey: 'sk_test_x' } });",
        "const body: CustomerCreate = { email: 'a@example.com', metadata: { order_id: '6735' }, preferred_locales: ['en'], address: { city: 'Oslo' }, balance: 1200, tax_exempt: 'none' };",
        "const upload: FileCreate = { purpose: 'dispute_evidence', file: new File(['x'], 'x.txt'), file_link_data: { create: true } };",
        "const asBlob: FileCreate = { purpose: 'pdf', file: new Blob(['%PDF']) };",
        "// @ts-expect-error a file member is a Blob, not text",
        "const wrongFile: FileCreate = { purpose: 'pdf', file: 'not a file' };",
        "// @ts-expect-error metadata values are strings",
        "const wrongMeta: CustomerCreate = { metadata: { n: 1 } };",
        "// @ts-expect-error purpose is one of the spec's values",
        "const wrongPurpose: FileCreate = { purpose: 'nope', file: new Blob([]) };",
        'async function run(): Promise<void> {',
        "  const r = await viaBasic.createCustomer({ body, 'Idempotency-Key': 'k1' });",
        '  if (r.ok) console.log(r.data.id, r.data.metadata);',
        '  else if (r.error.kind === "http" && r.error.documented && r.error.status === 400) console.log(r.error.body.error.param, r.error.code);',
        '  const f = await viaBearer.createFile({ body: upload });',
        '  if (f.ok) console.log(f.data.purpose);',
        '  await viaBearer.createFile({ body: asBlob }, { idempotencyKey: "k2" });',
        '}',
        'export { run, wrongFile, wrongMeta, wrongPurpose };',
      ]),
    ).toEqual([]);
  }, 60_000);

  it('an encoding entry for a member the body does not have is a warning, not a refusal', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync: write, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { generate } = await import('../generator/pipeline.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'provgen-unused-'));
    try {
      mkdirSync(path.join(dir, 'p'));
      write(
        path.join(dir, 'p/openapi.yaml'),
        `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /a:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: { type: object, properties: { name: { type: string } } }
            encoding: { gone: { contentType: text/plain } }
      responses: { '204': { description: ok } }
`,
      );
      const r = await generate(dir);
      expect(r.diagnostics.items.map((d) => [d.code, d.severity, d.pointer, d.line, d.message])).toEqual([
        ['encoding-unused', 'warning', '/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/gone', 11, 'the request body of upload: the encoding names "gone", which is not a member of the multipart body; the entry is not used'],
      ]);
      expect(r.files.get('p/client.js')).toContain('send: $form.multipartBody({ name: "text" }),');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each operation says how its body is written', async () => {
    const { readFileSync } = await import('node:fs');
    const js = readFileSync(path.join(pkg.dir, 'stripe/client.js'), 'utf8');
    expect(js).toContain('send: $form.formBody({ address: { style: "deepObject", explode: true }, metadata: { style: "deepObject", explode: true }, preferred_locales: { style: "deepObject", explode: true } }),');
    expect(js).toContain('send: $form.multipartBody({ file: "binary", purpose: "text", file_link_data: "json" }),');
  });
});

// ---- against the stand-in ---------------------------------------------------------------------------------

describe('against a strict stand-in server', () => {
  let server: VendorServer;
  beforeAll(async () => {
    server = await standIn().start();
  });
  afterAll(() => server?.close());

  const basic = () => clientMod.createClient({ baseUrl: server.origin, auth: { username: KEY, password: '' }, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  const bearer = () => clientMod.createClient({ baseUrl: server.origin, auth: { secretKey: KEY }, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  const take = (): Recorded[] => server.requests.splice(0);

  const body = {
    email: 'jennyrosen@example.com',
    name: 'Jenny Rosen',
    metadata: { order_id: '6735', 'note & more': 'a=b' },
    preferred_locales: ['en', 'fr'],
    address: { line1: '510 Townsend St', city: 'San Francisco', postal_code: '94103', country: 'US' },
    balance: -1200,
    tax_exempt: 'none',
  };
  const wantBody =
    'email=jennyrosen%40example.com&name=Jenny%20Rosen&metadata[order_id]=6735&metadata[note%20%26%20more]=a%3Db' +
    '&preferred_locales[0]=en&preferred_locales[1]=fr&address[line1]=510%20Townsend%20St&address[city]=San%20Francisco' +
    '&address[postal_code]=94103&address[country]=US&balance=-1200&tax_exempt=none';

  it('create customer: the exact form body with bracketed keys, its content type, Basic with the key as username and an empty password', async () => {
    const r = await basic().createCustomer({ body });
    expect(r.ok).toBe(true);
    expect(r.data).toEqual(CUSTOMER);
    const [req, ...rest] = take();
    expect(rest).toEqual([]);
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/v1/customers');
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString('base64')}`);
    expect(req!.headers['idempotency-key']).toMatch(UUID);
    expect(req!.body).toBe(wantBody);
  });

  it('the bearer alternative sends Authorization: Bearer with the key', async () => {
    const r = await bearer().createCustomer({ body: { email: 'a@example.com' } });
    expect(r.ok).toBe(true);
    const [req] = take();
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body).toBe('email=a%40example.com');
  });

  it('a retried create carries the same Idempotency-Key on every attempt; a key the caller gives is the one sent', async () => {
    server.next(json(503));
    server.next(json(503));
    const r = await basic().createCustomer({ body: { email: 'a@example.com' } });
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(3);
    const reqs = take();
    expect(reqs).toHaveLength(3);
    const keys = reqs.map((x) => x.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(reqs.map((x) => x.body)).size).toBe(1);

    await basic().createCustomer({ body: { email: 'a@example.com' }, 'Idempotency-Key': 'order-6735' });
    expect(take()[0]!.headers['idempotency-key']).toBe('order-6735');
  });

  it("Stripe's error shape: code and message from {error: {type, code, message, param}}", async () => {
    server.next(json(400, { error: { type: 'invalid_request_error', code: 'email_invalid', message: 'Invalid email address: nope', param: 'email' } }));
    const r = await basic().createCustomer({ body: { email: 'a@example.com' } });
    take();
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ kind: 'http', status: 400, documented: true, code: 'email_invalid', message: 'Invalid email address: nope' });
    expect(r.error.body.error.param).toBe('email');
    const wrong = await clientMod.createClient({ baseUrl: server.origin, auth: { secretKey: 'sk_test_wrong' } }).createCustomer({ body: {} });
    take();
    expect(wrong.error).toMatchObject({ kind: 'http', status: 401, message: 'Invalid API Key provided: sk_test_****' });
  });

  it('a body that fails the schema is refused before anything is sent', async () => {
    const r = await basic().createCustomer({ body: { email: 'not an email', balance: 1.5, colour: 'red' } });
    expect(r.ok).toBe(false);
    expect(r.attempts).toBe(0);
    expect(r.error.kind).toBe('validation');
    expect(r.error.issues.map((i: any) => [i.path, i.code])).toEqual(
      expect.arrayContaining([['/body/email', 'email_invalid'], ['/body/balance', 'parameter_invalid_integer'], ['/body/colour', 'parameter_unknown']]),
    );
    const f = await bearer().createFile({ body: { purpose: 'dispute_evidence', file: 'text is not a file' } });
    expect(f.error.kind).toBe('validation');
    expect(f.error.issues[0]).toMatchObject({ path: '/body/file', keyword: 'type' });
    expect(take()).toEqual([]);
  });

  it('create file: multipart with the boundary of its Content-Type, a text part, the file part with its name and type, a JSON part', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x00, 0xff, 0x2d, 0x2d, 0x0a, 0x41]);
    const file = new File([bytes], 'evidence "1".pdf', { type: 'application/pdf' });
    const r = await bearer().createFile({ body: { purpose: 'dispute_evidence', file, file_link_data: { create: true, expires_at: 1680116847, metadata: { case: 'dp_1' } } } });
    expect(r.ok).toBe(true);
    expect(r.data).toEqual(FILE);
    const [req] = take();
    expect(req!.url).toBe('/v1/files');
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['idempotency-key']).toMatch(UUID);
    const parts = parseMultipart(req!.headers['content-type'], req!.raw);
    expect(parts.map((p) => p.headers['content-disposition'])).toEqual([
      'form-data; name="purpose"',
      'form-data; name="file"; filename="evidence %221%22.pdf"',
      'form-data; name="file_link_data"; filename="blob"',
    ]);
    expect(parts[0]!.headers['content-type']).toBeUndefined();
    expect(parts[0]!.body.toString('utf8')).toBe('dispute_evidence');
    expect(parts[1]!.headers['content-type']).toBe('application/pdf');
    expect(new Uint8Array(parts[1]!.body)).toEqual(bytes);
    expect(parts[2]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(parts[2]!.body.toString('utf8'))).toEqual({ create: true, expires_at: 1680116847, metadata: { case: 'dp_1' } });
  });

  it('a multipart create retried after a 503 sends the same parts and key again (new boundary)', async () => {
    server.next(json(503));
    const r = await basic().createFile({ body: { purpose: 'pdf', file: new Blob(['%PDF-1.7'], { type: 'application/pdf' }) } });
    expect(r.ok).toBe(true);
    const reqs = take();
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.headers['idempotency-key']).toBe(reqs[1]!.headers['idempotency-key']);
    const [a, b] = reqs.map((x) => parseMultipart(x.headers['content-type'], x.raw).map((p) => [p.headers['content-disposition'], p.body.toString('latin1')]));
    expect(a).toEqual(b);
    expect(a).toEqual([['form-data; name="purpose"', 'pdf'], ['form-data; name="file"; filename="blob"', '%PDF-1.7']]);
  });
});

// ---- one body per form encoding style ----------------------------------------------------------------------

describe('form encoding styles, as the generated client sends them', () => {
  const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
  const members: { name: string; schema: string; encoding?: string; value: unknown; want: string }[] = [
    { name: 'scalar', schema: '{ type: string }', value: 'a b&c', want: 'scalar=a%20b%26c' },
    { name: 'number', schema: '{ type: number }', value: 2.5, want: 'number=2.5' },
    { name: 'flag', schema: '{ type: boolean }', value: false, want: 'flag=false' },
    { name: 'tags', schema: '{ type: array, items: { type: string } }', value: ['x', 'y z'], want: 'tags=x&tags=y%20z' },
    { name: 'csv', schema: '{ type: array, items: { type: integer } }', encoding: '{ style: form, explode: false }', value: [1, 2], want: 'csv=1%2C2' },
    { name: 'spaced', schema: '{ type: array, items: { type: string } }', encoding: '{ style: spaceDelimited, explode: false }', value: ['a', 'b'], want: 'spaced=a%20b' },
    { name: 'piped', schema: '{ type: array, items: { type: string } }', encoding: '{ style: pipeDelimited }', value: ['a', 'b'], want: 'piped=a%7Cb' },
    { name: 'point', schema: '{ type: object, properties: { x: { type: integer }, y: { type: integer } } }', value: { x: 1, y: 2 }, want: 'x=1&y=2' },
    { name: 'pair', schema: '{ type: object, properties: { k: { type: string }, v: { type: string } } }', encoding: '{ style: form, explode: false }', value: { k: 'a', v: 'b' }, want: 'pair=k%2Ca%2Cv%2Cb' },
    { name: 'deep', schema: '{ type: object, properties: { a: { type: object, properties: { b: { type: array, items: { type: integer } } } } } }', encoding: '{ style: deepObject, explode: true }', value: { a: { b: [7, 8] } }, want: 'deep[a][b][0]=7&deep[a][b][1]=8' },
    { name: 'items', schema: '{ type: array, items: { type: object, properties: { price: { type: string }, quantity: { type: integer } } } }', encoding: '{ style: deepObject }', value: [{ price: 'price_1', quantity: 2 }], want: 'items[0][price]=price_1&items[0][quantity]=2' },
  ];
  const spec = `openapi: 3.1.0
info: { title: Styles, version: '1' }
servers: [{ url: https://styles.example.com }]
components:
  schemas:
${members.map((m) => `    B_${m.name}: { type: object, additionalProperties: false, properties: { ${m.name}: ${m.schema} } }`).join('\n')}
    Echo: { type: object, properties: { ok: { type: boolean } } }
x-mock: {}
paths:
${members
  .map(
    (m) => `  /${m.name}:
    post:
      operationId: send${cap(m.name)}
      x-mock: { reply: { ok: true } }
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: { $ref: '#/components/schemas/B_${m.name}' }
${m.encoding ? `            encoding: { ${m.name}: ${m.encoding} }\n` : ''}      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Echo' } } } } }`,
  )
  .join('\n')}
`;
  let styles: FixturePackage;
  let server: VendorServer;
  let mock: any;
  beforeAll(async () => {
    styles = await fixturePackage([], {}, { styles: spec });
    server = await standIn().start();
    mock = await (await styles.load<any>('styles/mock.js')).startMockServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await mock?.close();
    styles?.remove();
  });

  it.each(members)('$name: sent as $want, read back by the mock into the same value', async (m) => {
    const mod = await styles.load<any>('styles/client.js');
    server.next(json(200, { ok: true }));
    const r = await mod.createClient({ baseUrl: server.origin })[`send${cap(m.name)}`]({ body: { [m.name]: m.value } });
    expect(r.ok).toBe(true);
    const [req] = server.requests.splice(0);
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.body).toBe(m.want);
    const viaMock = await mod.createClient({ baseUrl: mock.url })[`send${cap(m.name)}`]({ body: { [m.name]: m.value } });
    expect(viaMock.ok, JSON.stringify(viaMock.error)).toBe(true);
  });
});

// ---- against the generated mock -----------------------------------------------------------------------------

describe('against the generated mock', () => {
  let mock: any;
  beforeAll(async () => {
    mock = await mockMod.startMockServer();
  });
  afterAll(() => mock?.close());

  const client = (auth: Record<string, string> = mockMod.mockInfo.clientAuth, more: Record<string, unknown> = {}) => clientMod.createClient({ baseUrl: mock.url, auth, ...more });

  it('the mock accepts the key the way Stripe does: Basic username with an empty password, or Bearer', () => {
    expect(mockMod.mockInfo.clientAuth).toEqual({ username: 'sk_test_mock', password: '' });
  });

  it('decodes the form body into the typed value (integers, nested brackets, lists) and answers the customer', async () => {
    const body = { email: 'jenny@example.com', balance: 1200, metadata: { order_id: '6735' }, preferred_locales: ['en', 'fr'], address: { city: 'Oslo', country: 'NO' } };
    const r = await client().createCustomer({ body });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data).toMatchObject({ object: 'customer', email: 'jenny@example.com', balance: 1200, metadata: { order_id: '6735' }, preferred_locales: ['en', 'fr'], address: { city: 'Oslo', country: 'NO' } });
    expect(r.data.id).toMatch(/^cus_mock\d+$/);
    const stored = mock.records('customers').at(-1);
    expect(stored.request).toEqual(body);
    const viaBearer = await client({ secretKey: 'sk_test_mock' }).createCustomer({ body: { name: 'B' } });
    expect(viaBearer.ok).toBe(true);
  });

  it('the client refuses an invalid body before sending; the mock refuses it in the vendor\'s error shape', async () => {
    const before = await client().createCustomer({ body: { balance: 'lots' } as any });
    expect(before).toMatchObject({ ok: false, attempts: 0, error: { kind: 'validation', code: 'parameter_invalid_integer' } });
    const r = await client(undefined, { validateRequest: false }).createCustomer({ body: { balance: 'lots' } as any });
    expect(r.error).toMatchObject({ kind: 'http', status: 400, documented: true, code: 'parameter_invalid_integer', message: 'Invalid integer.' });
    expect(r.error.body).toEqual({ error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', message: 'Invalid integer.', param: 'balance' } });
    const unknown = await client(undefined, { validateRequest: false }).createCustomer({ body: { colour: 'red' } as any });
    expect(unknown.error).toMatchObject({ status: 400, code: 'parameter_unknown' });
  });

  it('a form body that cannot be read is malformed; another content type is refused', async () => {
    const auth = { authorization: `Basic ${Buffer.from('sk_test_mock:').toString('base64')}` };
    const bad = await fetch(`${mock.url}/v1/customers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=%E0%A4%A' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/percent-encoding|not valid/);
    const twice = await fetch(`${mock.url}/v1/customers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.c&email=d%40e.f' });
    expect(twice.status).toBe(400);
    const json = await fetch(`${mock.url}/v1/customers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"email":"a@b.c"}' });
    expect(json.status).toBe(415);
  });

  it('wrong credentials are answered 401 in the vendor\'s error shape', async () => {
    for (const auth of [{ username: 'sk_test_wrong', password: '' }, { secretKey: 'sk_test_wrong' }]) {
      const r = await client(auth).createCustomer({ body: { name: 'A' } });
      expect(r.error).toMatchObject({ kind: 'http', status: 401, documented: true, message: 'Invalid API Key provided.' });
      expect(r.error.body.error.type).toBe('invalid_request_error');
    }
  });

  it('an idempotency key replays the first reply for the same body and is refused (409) for another', async () => {
    const c = client();
    const a = await c.createCustomer({ body: { name: 'Same' }, 'Idempotency-Key': 'key-1' });
    const b = await c.createCustomer({ body: { name: 'Same' }, 'Idempotency-Key': 'key-1' });
    expect(b.data.id).toBe(a.data.id);
    const other = await c.createCustomer({ body: { name: 'Other' }, 'Idempotency-Key': 'key-1' });
    expect(other.error).toMatchObject({ kind: 'http', status: 409, code: 'idempotency_key_in_use' });
  });

  it('reads a multipart upload (text, file and JSON parts), validates it and stores the file as a Blob', async () => {
    const file = new File(['%PDF-1.7 mock'], 'evidence.pdf', { type: 'application/pdf' });
    const r = await client({ secretKey: 'sk_test_mock' }).createFile({ body: { purpose: 'dispute_evidence', file, file_link_data: { create: true, expires_at: 1680116847 } } });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data).toMatchObject({ object: 'file', purpose: 'dispute_evidence' });
    const stored = mock.records('files').at(-1).request;
    expect(stored.purpose).toBe('dispute_evidence');
    expect(stored.file_link_data).toEqual({ create: true, expires_at: 1680116847 });
    expect(stored.file).toBeInstanceOf(Blob);
    expect(stored.file.name).toBe('evidence.pdf');
    expect(await stored.file.text()).toBe('%PDF-1.7 mock');
  });

  it('refuses a multipart body without its file, with a text where the file goes, or with a JSON part that does not parse', async () => {
    const auth = { authorization: `Bearer sk_test_mock` };
    const post = async (fd: FormData) => {
      const res = await fetch(`${mock.url}/v1/files`, { method: 'POST', headers: auth, body: fd });
      return { status: res.status, body: (await res.json()) as any };
    };
    const noFile = new FormData();
    noFile.append('purpose', 'pdf');
    expect(await post(noFile)).toMatchObject({ status: 400, body: { error: { code: 'parameter_missing', param: 'file' } } });
    const textFile = new FormData();
    textFile.append('purpose', 'pdf');
    textFile.append('file', 'plain text');
    expect((await post(textFile)).status).toBe(400);
    const badJson = new FormData();
    badJson.append('purpose', 'pdf');
    badJson.append('file', new Blob(['x']), 'x.txt');
    badJson.append('file_link_data', new Blob(['{not json'], { type: 'application/json' }));
    const r = await post(badJson);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBeDefined();
    const notMultipart = await fetch(`${mock.url}/v1/files`, { method: 'POST', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' });
    expect(notMultipart.status).toBe(400);
  });

  it('the same upload with the same key is replayed; another file under that key is refused', async () => {
    const c = client();
    const one = await c.createFile({ body: { purpose: 'pdf', file: new File(['A'], 'a.pdf') }, 'Idempotency-Key': 'upload-1' });
    const again = await c.createFile({ body: { purpose: 'pdf', file: new File(['A'], 'a.pdf') }, 'Idempotency-Key': 'upload-1' });
    expect(again.data.id).toBe(one.data.id);
    const other = await c.createFile({ body: { purpose: 'pdf', file: new File(['B'], 'a.pdf') }, 'Idempotency-Key': 'upload-1' });
    expect(other.error).toMatchObject({ status: 409, code: 'idempotency_key_in_use' });
  });
});
