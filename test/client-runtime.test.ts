/**
 * The client runtime driven by hand-written descriptors, typed by templates/runtime/client.d.ts (the same types
 * the generated descriptors are checked against): cases no vendor spec reaches. The fetch is a function that
 * answers in memory; nothing goes on the network.
 */
import { describe, expect, it } from 'vitest';
import { ClientCore, type OperationDescriptor, type ProviderDescriptor } from '../templates/runtime/client.js';

const provider: ProviderDescriptor = {
  id: 'unit',
  baseUrl: 'http://127.0.0.1:9',
  formats: ['json'],
  auth: [],
  schemes: {},
  secretHeaders: [],
  secretQuery: [],
  catalog: { '7': { message: 'code seven, from the catalog' } },
  session: undefined,
};

/** A GET whose 200 reply is a vendor failure unless `ok` is true (x-vendor-status without a message member). */
const op: OperationDescriptor = {
  id: 'getThing',
  index: 0,
  method: 'GET',
  input: true,
  hasBody: false,
  bodyPath: '/body',
  format: 'json',
  session: false,
  auth: [],
  path: () => '/thing',
  formats: { json: { type: 'application/json', accept: 'application/json' } },
  responses: { '200': { bodies: [{ type: 'application/json', kind: 'json' }] } },
  success: '200',
  vendor: { field: ['ok'], success: true, code: ['code'] },
};

function core(body: string): ClientCore {
  const fetch = async (): Promise<Response> => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  return new ClientCore(provider, { fetch, retry: false });
}

describe('x-vendor-status without a message member', () => {
  it('takes the message from the catalog, never from a member named "undefined"', async () => {
    const r = await core('{"ok":false,"code":7,"undefined":"not the message"}').call(op, {}, undefined);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ kind: 'vendor', code: 7, message: 'code seven, from the catalog' });
  });

  it('a code outside the catalog gets the generic text', async () => {
    const r = await core('{"ok":false,"code":8}').call(op, {}, undefined);
    expect(!r.ok && r.error).toMatchObject({ kind: 'vendor', code: 8, message: 'getThing: the vendor reports a failure' });
  });

  it('a reply whose success member is true is data', async () => {
    const r = await core('{"ok":true,"code":0}').call(op, {}, undefined);
    expect(r).toMatchObject({ ok: true, status: 200, data: { ok: true, code: 0 } });
  });
});
