/**
 * Raw-byte request bodies, the body kind generator/wire/binary.ts with its runtime halves in
 * templates/runtime/bytes.js. The fixture vendor test/fixtures/vendors/assets/, modelled on GitHub's "Upload a release asset" (an `application/octet-stream`
 * body of `format: binary`, the asset's name in the query) plus an `image/*` upload written the OpenAPI 3.1 way
 * (a `contentMediaType` string), generated into a temp folder, typechecked as a consumer, and called over HTTP on
 * 127.0.0.1: against a stand-in that records the exact bytes and Content-Type, and against the generated mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { typecheckConsumer } from './support/typecheck.ts';
import { VendorServer } from './support/vendor-servers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */

let pkg: FixturePackage;
let mod: any;
let mockMod: any;

beforeAll(async () => {
  pkg = await fixturePackage(['assets']);
  mod = await pkg.load('assets/client.js');
  mockMod = await pkg.load('assets/mock.js');
}, 60_000);

afterAll(() => pkg?.remove());

const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80]);

it('the generated package typechecks, with the bodies typed Blob', () => {
  expect(
    typecheckConsumer(pkg.dir, [
      "import { createClient } from './assets/index.js';",
      "const client = createClient({ baseUrl: 'https://uploads.example.com', auth: { token: 'tok-1234' } });",
      'async function run(): Promise<void> {',
      "  const r = await client.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 1, name: 'a.zip', body: new Blob(['x']) });",
      '  if (r.ok) console.log(r.data.id);',
      "  await client.setAvatar({ user: 'u', body: new File(['x'], 'me.png', { type: 'image/png' }) });",
      '  // @ts-expect-error a string is not bytes',
      "  await client.setAvatar({ user: 'u', body: 'not a file' });",
      '}',
      'export { run };',
    ]),
  ).toEqual([]);
}, 60_000);

describe('against a stand-in', () => {
  let server: VendorServer;
  let status = 201;
  beforeAll(async () => {
    server = await new VendorServer((req) => {
      if (req.url.startsWith('/avatars/')) return { status: 204 };
      if (req.url.startsWith('/covers/')) return { status: 202 };
      return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 7, name: 'a.zip', size: req.raw.length }) };
    }).start();
  });
  afterAll(() => server?.close());

  const client = (): any => mod.createClient({ baseUrl: server.origin, auth: { token: 'tok-1234' }, retry: { retries: 1, baseDelayMs: 1 } });

  it('sends the Blob\'s exact bytes as application/octet-stream, and the same bytes again on a retry', async () => {
    server.reset();
    server.next({ status: 503 });
    const r = await client().uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'a.zip', body: new Blob([bytes]) });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.attempts).toBe(2);
    expect(server.requests.map((q) => [q.method, q.url, q.headers['content-type'], [...q.raw]])).toEqual([
      ['POST', '/repos/o/r/releases/9/assets?name=a.zip', 'application/octet-stream', [...bytes]],
      ['POST', '/repos/o/r/releases/9/assets?name=a.zip', 'application/octet-stream', [...bytes]],
    ]);
  });

  it('an image/* body goes with the File\'s own type', async () => {
    server.reset();
    const r = await client().setAvatar({ user: 'u', body: new File([bytes], 'me.png', { type: 'image/png' }) });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect([server.requests[0]!.headers['content-type'], [...server.requests[0]!.raw]]).toEqual(['image/png', [...bytes]]);
  });

  it('a string the document says is encoded (format: byte) is sent as that text, with the media type', async () => {
    server.reset();
    const r = await client().setCover({ id: 'c1', body: '/9j/2wCEABoZ' });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect([server.requests[0]!.url, server.requests[0]!.headers['content-type'], server.requests[0]!.body]).toEqual(['/covers/c1', 'image/jpeg', '/9j/2wCEABoZ']);
    const blob = await client().setCover({ id: 'c1', body: new Blob(['x']) });
    expect([blob.ok, blob.error.kind]).toEqual([false, 'validation']);
    expect(server.requests).toHaveLength(1);
  });

  it('anything but a Blob is a validation failure and nothing is sent', async () => {
    server.reset();
    for (const body of ['text', { a: 1 }, bytes]) {
      const r = await client().uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'a.zip', body });
      expect([r.ok, r.error.kind]).toEqual([false, 'validation']);
    }
    const unchecked = mod.createClient({ baseUrl: server.origin, auth: { token: 'tok-1234' }, validateRequest: false });
    // Without validation too: a string, or an object that only looks like a Blob (fetch would send it as the text
    // "[object Object]").
    for (const body of ['text', { size: 3, type: '', arrayBuffer: async () => new ArrayBuffer(3) }]) {
      const r = await unchecked.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'a.zip', body });
      expect([r.ok, r.error.kind]).toEqual([false, 'validation']);
      expect(r.error.message).toMatch(/binary body must be a Blob/);
    }
    expect(server.requests).toEqual([]);
  });
});

describe('against the generated mock', () => {
  it('reads the bytes back into a Blob and stores them', async () => {
    const mock = await mockMod.startMockServer();
    try {
      const client = mod.createClient({ baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth });
      const r = await client.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'a.zip', body: new Blob([bytes], { type: 'application/zip' }) });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.data).toEqual({ id: 1, name: 'a.zip' });
      const stored = mock.records('assets')[0].request;
      expect(stored).toBeInstanceOf(Blob);
      expect([stored.type, [...new Uint8Array(await stored.arrayBuffer())]]).toEqual(['application/octet-stream', [...bytes]]);
      // A declared range (image/*) takes any image type, and nothing else.
      const avatar = await client.setAvatar({ user: 'u', body: new File([bytes], 'me.png', { type: 'image/png' }) });
      expect([avatar.ok, avatar.status]).toEqual([true, 204]);
      const text = await fetch(`${mock.url}/avatars/u`, { method: 'PUT', headers: { authorization: 'Bearer mock-token', 'content-type': 'text/plain' }, body: 'x' });
      expect(text.status).toBe(415);
      // No body at all is refused as malformed.
      const empty = await fetch(`${mock.url}/repos/o/r/releases/9/assets?name=b.zip`, { method: 'POST', headers: { authorization: 'Bearer mock-token', 'content-type': 'application/octet-stream' } });
      expect(empty.status).toBe(400);
      expect(mock.problems).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
