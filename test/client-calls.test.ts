/**
 * Calls under faults, over real HTTP on 127.0.0.1: retries (which failures, how often, how long, only when the
 * call is safe to repeat), Retry-After, idempotency keys (client and mock), per-attempt timeouts and the overall
 * deadline, the streamed size limit, `headers` and `attempts` on every result, and input that must never reach
 * the wire. A fixture spec (below) declares what no vendor spec does: an `Idempotency-Key` header parameter,
 * `x-idempotency-header`, `x-idempotent`, a PUT with path, query and header parameters. Jasper and Tier 3 (their
 * stand-ins in support/vendor-servers.ts) show the same rules on vendor operations. Delays are shortened by
 * options: no test sleeps for seconds.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { FaultServer } from './support/fault-server.ts';
import { specsDir } from './support/paths.ts';
import { closedPort, jasperServer, tier3Server, type Tier3Server, type VendorServer } from './support/vendor-servers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyResult = { ok: true; status: number; data: any; headers: Record<string, string>; attempts: number } | { ok: false; error: any; headers: Record<string, string>; attempts: number };

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ordered = { required: true, content: json(ref('NewOrder')) };
const orderReply = (status: string) => ({
  [status]: { description: 'the order', content: { 'application/json': { schema: ref('Order'), examples: { one: { value: { id: 1, name: 'one' } } } } } },
});

/** The fixture spec: one operation per way of being safe (or not) to repeat. */
const FIXTURE = {
  openapi: '3.1.0',
  info: { title: 'Calls fixture', version: '1' },
  servers: [{ url: 'http://127.0.0.1:9' }],
  security: [{ key: [] }],
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        parameters: [{ name: 'idempotency-key', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: ordered,
        responses: { ...orderReply('201'), '409': { description: 'the key was used for another request' } },
        'x-mock': { collection: 'orders', id: { start: 1 }, reply: { id: { $from: 'id' }, name: { $from: 'request.name' } } },
      },
    },
    '/notes': { post: { operationId: 'createNote', requestBody: ordered, responses: orderReply('201') } },
    '/jobs': { post: { operationId: 'runJob', 'x-idempotent': true, responses: orderReply('200') } },
    '/payments': {
      post: {
        operationId: 'pay',
        'x-idempotency-header': 'X-Request-Id',
        requestBody: ordered,
        responses: orderReply('200'),
        'x-mock': { collection: 'payments', id: { start: 100 }, reply: { id: { $from: 'id' }, name: { $from: 'request.name' } } },
      },
    },
    '/items/{id}': {
      put: {
        operationId: 'putItem',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
        ],
        requestBody: ordered,
        responses: orderReply('200'),
      },
      get: { operationId: 'getItem', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: orderReply('200') },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    schemas: {
      NewOrder: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      Order: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    },
  },
};

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FAST = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

let work: string;
let calls: { createClient: (o: any) => any };
let callsMock: { startMockServer: (o?: any) => Promise<any> };
let jasper: { createClient: (o: any) => any };
let tier3: { createClient: (o: any) => any };
let rt: any;
const fault = new FaultServer();
let jasperSrv: VendorServer;
let t3: Tier3Server;
const JASPER = { username: 'calls-user', password: 'calls-pässword' };
const T3 = { apiKey: 'calls-t3-key', password: 'calls-t3-pw' };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'provgen-calls-'));
  const specs = path.join(work, 'specs');
  mkdirSync(path.join(specs, 'calls'), { recursive: true });
  writeFileSync(path.join(specs, 'calls', 'openapi.yaml'), JSON.stringify(FIXTURE, null, 2));
  const fixtureOut = path.join(work, 'fixture');
  writeOutput(fixtureOut, (await generate(specs)).files);
  calls = await import(pathToFileURL(path.join(fixtureOut, 'calls', 'index.js')).href);
  callsMock = await import(pathToFileURL(path.join(fixtureOut, 'calls', 'mock.js')).href);
  rt = await import(pathToFileURL(path.join(fixtureOut, 'runtime', 'client.js')).href);
  const vendorOut = path.join(work, 'vendors');
  writeOutput(vendorOut, (await generate(specsDir)).files);
  jasper = await import(pathToFileURL(path.join(vendorOut, 'jasper', 'index.js')).href);
  tier3 = await import(pathToFileURL(path.join(vendorOut, 'tier3', 'index.js')).href);
  await fault.start();
  jasperSrv = await jasperServer(JASPER).start();
  t3 = await tier3Server(T3).start();
}, 120_000);

afterAll(async () => {
  await Promise.all([fault.close(), jasperSrv?.close(), t3?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  fault.reset();
  jasperSrv.reset();
  t3.reset();
});

const client = (o: object = {}) => calls.createClient({ baseUrl: fault.origin, auth: { key: 'k-1' }, retry: FAST, ...o });
const jasperClient = (o: object = {}) => jasper.createClient({ baseUrl: jasperSrv.origin, auth: JASPER, retry: FAST, ...o });
const order = { body: { name: 'Widget' } };
const customer = { body: { name: 'Acme Retry', accountName: 'Acme', shipToBillAddress: true } };
const JSON_200 = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":7,"name":"ok"}' };

// ---- retries ---------------------------------------------------------------------------------------------

describe('retries', () => {
  it('429 with Retry-After (delta-seconds) then 200: retried even for a POST without a key, hooks see each attempt', async () => {
    jasperSrv.next({ status: 429, headers: { 'retry-after': '0', 'content-type': 'text/plain' }, body: 'slow down' });
    const log: any[] = [];
    const r: AnyResult = await jasperClient({ onRequest: (i: any) => log.push(['req', i.attempt]), onResponse: (i: any) => log.push(['res', i.attempt, i.status]) }).createCustomer(customer);
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(2);
    expect(jasperSrv.requests).toHaveLength(2);
    expect(log).toEqual([['req', 1], ['res', 1, 429], ['req', 2], ['res', 2, 200]]);
  });

  it('503 then 200: a POST without a key is not repeated; a key, x-idempotent or PUT makes it safe', async () => {
    jasperSrv.next({ status: 503, headers: { 'content-type': 'text/plain' }, body: 'down' });
    const unsafe: AnyResult = await jasperClient().createCustomer(customer);
    expect(!unsafe.ok && unsafe.error).toMatchObject({ kind: 'http', status: 503 });
    expect(unsafe.attempts).toBe(1);
    expect(jasperSrv.requests).toHaveLength(1);

    const c = client();
    const safe: [string, (c: any) => Promise<AnyResult>][] = [
      ['createOrder (Idempotency-Key)', (x) => x.createOrder(order)],
      ['pay (x-idempotency-header)', (x) => x.pay(order)],
      ['runJob (x-idempotent)', (x) => x.runJob()],
      ['putItem (PUT)', (x) => x.putItem({ id: 'a1', ...order })],
      ['getItem (GET)', (x) => x.getItem({ id: 'a1' })],
    ];
    for (const [name, call] of safe) {
      fault.reset();
      fault.next({ status: 503, headers: { 'content-type': 'text/plain' } }, { status: 502 });
      const r = await call(c);
      expect(r.ok, name).toBe(true);
      expect(r.attempts, name).toBe(3);
      expect(fault.seen, name).toHaveLength(3);
    }
    fault.reset();
    fault.next({ status: 503 });
    const note: AnyResult = await c.createNote(order);
    expect(!note.ok && note.error).toMatchObject({ kind: 'http', status: 503 });
    expect(fault.seen).toHaveLength(1);
  });

  it('one idempotency key per call, the same on every retry; a caller key is sent as given', async () => {
    const c = client();
    fault.next({ status: 503 }, 'reset');
    expect((await c.createOrder(order)).ok).toBe(true);
    const keys = fault.seen.map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(1);

    fault.reset();
    await c.createOrder(order);
    expect(fault.seen[0]!.headers['idempotency-key']).toMatch(UUID_V4);
    expect(fault.seen[0]!.headers['idempotency-key']).not.toBe(keys[0]);

    fault.reset();
    fault.next({ status: 503 });
    await c.createOrder({ ...order, 'idempotency-key': 'caller-key-1' });
    await c.pay(order, { idempotencyKey: 'caller-key-2' });
    expect(fault.seen.map((s) => s.headers['idempotency-key'] ?? s.headers['x-request-id'])).toEqual(['caller-key-1', 'caller-key-1', 'caller-key-2']);

    const none: AnyResult = await c.createNote(order, { idempotencyKey: 'k' });
    expect(!none.ok && none.error).toMatchObject({ kind: 'validation', issues: [{ keyword: 'idempotencyKey' }] });
  });

  it('a reset after a POST went out: repeated only with an idempotency key (count what the server received)', async () => {
    const c = client();
    fault.next('reset');
    const note: AnyResult = await c.createNote(order);
    expect(!note.ok && note.error.kind).toBe('network');
    expect(note.attempts).toBe(1);
    expect(fault.seen).toHaveLength(1);

    fault.reset();
    fault.next('reset');
    const created: AnyResult = await c.createOrder(order);
    expect(created.ok).toBe(true);
    expect(created.attempts).toBe(2);
    expect(fault.seen).toHaveLength(2);
    expect(fault.seen[0]!.headers['idempotency-key']).toBe(fault.seen[1]!.headers['idempotency-key']);

    jasperSrv.next('drop');
    const vendor: AnyResult = await jasperClient().createCustomer(customer);
    expect(!vendor.ok && vendor.error.kind).toBe('network');
    expect(jasperSrv.requests).toHaveLength(1);
  });

  it('nothing sent (connection refused): always retried, up to `retries`, with the error of the last attempt', async () => {
    const port = await closedPort();
    const log: number[] = [];
    const dead = calls.createClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { key: 'k' }, retry: { retries: 3, baseDelayMs: 1 }, onRequest: (i: any) => log.push(i.attempt) });
    const r: AnyResult = await dead.createNote(order);
    expect(!r.ok && r.error).toMatchObject({ kind: 'network', message: expect.stringMatching(/ECONNREFUSED/) });
    expect(r.attempts).toBe(4);
    expect(log).toEqual([1, 2, 3, 4]);
    expect(r.headers).toEqual({});
    const off: AnyResult = await dead.createNote(order, { retry: false });
    expect(off.attempts).toBe(1);
  });

  it('a pooled connection the server closed while idle costs no attempt and no duplicate', async () => {
    const idle = await new FaultServer().start(40);
    try {
      const c = calls.createClient({ baseUrl: idle.origin, auth: { key: 'k' } });
      expect((await c.createNote(order)).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 120));
      const again: AnyResult = await c.createNote(order);
      expect(again.ok).toBe(true);
      expect(again.attempts).toBe(1);
      expect(idle.seen).toHaveLength(2);
      expect(idle.connections).toBe(2);
    } finally {
      await idle.close();
    }
  });

  it('Retry-After as an HTTP-date; one beyond maxRetryAfterMs ends the retries and is reported', async () => {
    const c = client();
    fault.next({ status: 503, headers: { 'retry-after': new Date(Date.now() - 5000).toUTCString() } });
    expect((await c.putItem({ id: 'd', ...order })).attempts).toBe(2);

    fault.reset();
    fault.next({ status: 429, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() } });
    const later: AnyResult = await c.putItem({ id: 'd', ...order });
    expect(later.attempts).toBe(1);
    expect(!later.ok && later.error.retryAfterMs).toBeGreaterThan(3_590_000);
    expect(!later.ok && later.error.retryAfterMs).toBeLessThanOrEqual(3_600_000);

    fault.reset();
    fault.next({ status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '1' } });
    const capped: AnyResult = await c.putItem({ id: 'd', ...order }, { retry: { maxRetryAfterMs: 500 } });
    expect(!capped.ok && capped.error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 1000 });
    expect(capped.attempts).toBe(1);

    fault.reset();
    fault.next({ status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } });
    const last: AnyResult = await c.putItem({ id: 'd', ...order });
    expect(last.attempts).toBe(3);
    expect(!last.ok && last.error.retryAfterMs).toBe(0);
  });

  it('backoff: full jitter below min(maxDelayMs, baseDelayMs * 2^(n-1))', async () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      const c = client({ retry: { retries: 2, baseDelayMs: 40, maxDelayMs: 60 } });
      fault.next({ status: 503 }, { status: 503 });
      const t0 = performance.now();
      expect((await c.getItem({ id: 'x' })).ok).toBe(true);
      const took = performance.now() - t0;
      expect(took).toBeGreaterThanOrEqual(95); // about 40 + 60 (capped from 80)
      spy.mockReturnValue(0);
      fault.next({ status: 503 }, { status: 503 });
      const t1 = performance.now();
      expect((await c.getItem({ id: 'x' })).attempts).toBe(3);
      expect(performance.now() - t1).toBeLessThan(took);
    } finally {
      spy.mockRestore();
    }
  });

  it('the wait before a retry ends at once when the call is aborted', async () => {
    fault.next({ status: 503, headers: { 'retry-after': '30' } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = performance.now();
    const r: AnyResult = await client().putItem({ id: 'w', ...order }, { signal: ac.signal });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(!r.ok && r.error).toMatchObject({ kind: 'aborted', message: 'putItem: aborted while waiting to retry' });
    expect(r.attempts).toBe(1);
    expect(fault.seen).toHaveLength(1);
  });

  it('Tier 3: the re-logon stays once per call and composes with retries', async () => {
    const c = tier3.createClient({ baseUrl: t3.origin, auth: T3, retry: FAST });
    expect((await c.logon()).ok).toBe(true);
    const logons = t3.logons;
    t3.expireSessions();
    // create -> 429, create -> StatusCode 100 (session gone), logon, create -> 429, create -> ok
    t3.next({ status: 429, headers: { 'retry-after': '0' } });
    t3.next('pass');
    t3.next('pass');
    t3.next({ status: 429, headers: { 'retry-after': '0' } });
    const r: AnyResult = await c.createAccount({ body: t3Account('Composed') });
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(4);
    expect(t3.logons).toBe(logons + 1);
    expect(t3.requests.map((q) => q.url)).toEqual([
      '/REST/Auth/Logon/', '/REST/Account/CreateAccount/JSON', '/REST/Account/CreateAccount/JSON', '/REST/Auth/Logon/', '/REST/Account/CreateAccount/JSON', '/REST/Account/CreateAccount/JSON',
    ]);

    t3.alwaysExpired = true;
    try {
      const before = t3.logons;
      const expired: AnyResult = await c.createAccount({ body: t3Account('Never') });
      expect(!expired.ok && expired.error).toMatchObject({ kind: 'vendor', code: 100 });
      expect(t3.logons).toBe(before + 1);
      expect(expired.attempts).toBe(2);
    } finally {
      t3.alwaysExpired = false;
    }
  });
});

const t3Account = (business: string) => ({
  ParentAlias: '1000', AccountAlias: 'DEMO', Location: 'WA1', BusinessName: business, Address1: '110 110th Avenue', City: 'Bellevue',
  StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '877-388-4373', ShareParentNetworks: true, BillingResponsibilityID: 2,
});

// ---- timeouts ------------------------------------------------------------------------------------------

describe('timeouts', () => {
  it('a stalled reply ends at timeoutMs; a POST without a key is not repeated, a PUT is', async () => {
    jasperSrv.next('hang');
    const t0 = performance.now();
    const r: AnyResult = await jasperClient({ timeoutMs: 100 }).createCustomer(customer);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(!r.ok && r.error).toMatchObject({ kind: 'timeout', message: 'createCustomer: no complete reply within 100 ms' });
    expect(r.attempts).toBe(1);
    expect(jasperSrv.requests).toHaveLength(1);

    fault.next('hang', 'stall-body');
    const put: AnyResult = await client({ timeoutMs: 100 }).putItem({ id: 't', ...order });
    expect(put.ok).toBe(true);
    expect(put.attempts).toBe(3);
  });

  it('a body that stalls after the headers times out too, with and without the caller\'s signal', async () => {
    for (const init of [{}, { signal: new AbortController().signal }]) {
      fault.next('stall-body');
      const r: AnyResult = await client({ timeoutMs: 100 }).createNote(order, init);
      expect(!r.ok && r.error.kind).toBe('timeout');
    }
  });

  it('one timer watches every attempt: a shorter limit that starts later still ends first, a longer one keeps its own', async () => {
    fault.next('hang', 'hang', 'hang');
    const long = new AbortController();
    const t0 = performance.now();
    const a: Promise<AnyResult> = client({ timeoutMs: 30_000 }).createNote(order, { signal: long.signal });
    const b: Promise<AnyResult> = client({ timeoutMs: 100 }).createNote(order);
    const c: Promise<AnyResult> = client({ timeoutMs: 250 }).createNote(order, { signal: new AbortController().signal });
    let aDone = false;
    void a.then(() => (aDone = true));
    const rb = await b;
    expect(!rb.ok && rb.error).toMatchObject({ kind: 'timeout', message: 'createNote: no complete reply within 100 ms' });
    const rc = await c;
    expect(!rc.ok && rc.error).toMatchObject({ kind: 'timeout', message: 'createNote: no complete reply within 250 ms' });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(aDone).toBe(false);
    long.abort();
    const ra = await a;
    expect(!ra.ok && ra.error.kind).toBe('aborted');
  });

  it('the timer does not keep a finished program running for the 60 s of the default limit', async () => {
    const index = pathToFileURL(path.join(work, 'fixture', 'calls', 'index.js')).href;
    const program = `
      import http from 'node:http';
      import { createClient } from ${JSON.stringify(index)};
      const srv = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id":1,"name":"a"}'); }); });
      await new Promise((r) => srv.listen(0, '127.0.0.1', r));
      const c = createClient({ baseUrl: 'http://127.0.0.1:' + srv.address().port, auth: { key: 'k' } });
      const r = await c.createNote({ body: { name: 'a' } });
      srv.close();
      srv.closeAllConnections();
      console.log(r.ok);
    `;
    const t0 = performance.now();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', program], { timeout: 30_000 }, (e, stdout) => (e ? reject(e) : resolve(stdout)));
    });
    expect(out.trim()).toBe('true');
    expect(performance.now() - t0).toBeLessThan(15_000);
   }, 40_000);

  it('defaults: 60 s per attempt, 16 MiB, two retries', () => {
    expect(rt.DEFAULT_TIMEOUT_MS).toBe(60_000);
    expect(rt.DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
    expect(rt.DEFAULT_RETRY).toEqual({ retries: 2, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 });
  });

  it('deadlineMs bounds the whole call, retries included', async () => {
    fault.next('hang', 'hang', 'hang');
    const t0 = performance.now();
    const r: AnyResult = await client({ timeoutMs: 0 }).getItem({ id: 'dl' }, { deadlineMs: 150 });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(!r.ok && r.error).toMatchObject({ kind: 'timeout', message: 'getItem: no reply within the deadline of 150 ms' });
    expect(r.attempts).toBe(1);
  });

  it("a caller's AbortSignal.timeout() is a timeout; a plain abort is aborted", async () => {
    fault.next('hang');
    const r: AnyResult = await client().createNote(order, { signal: AbortSignal.timeout(60) });
    expect(!r.ok && r.error).toMatchObject({ kind: 'timeout', message: "createNote: the caller's signal timed out" });
    const pre: AnyResult = await client().createNote(order, { signal: AbortSignal.abort() });
    expect(!pre.ok && pre.error).toMatchObject({ kind: 'aborted', message: 'createNote: aborted before sending' });
    expect(pre.attempts).toBe(0);
  });
});

// ---- limits and metadata ---------------------------------------------------------------------------------

describe('reply size limit', () => {
  it('is enforced while the body streams in: the reply is cancelled, not read to the end', async () => {
    fault.next({ stream: 32 * 1024 * 1024 });
    const r: AnyResult = await client({ maxResponseBytes: 256 * 1024 }).getItem({ id: 'big' });
    expect(!r.ok && r.error).toMatchObject({ kind: 'too-large', status: 200, limit: 256 * 1024 });
    expect(r.attempts).toBe(1);
    await new Promise((res) => setTimeout(res, 50));
    expect(fault.streamDone).toBe(false);
    expect(fault.streamed).toBeLessThan(16 * 1024 * 1024);
  });

  it('a declared Content-Length beyond the limit is refused before reading', async () => {
    fault.next({ status: 200, headers: { 'content-type': 'application/json', 'content-length': '2048' }, body: ' '.repeat(2048) });
    const r: AnyResult = await client({ maxResponseBytes: 1024 }).getItem({ id: 'cl' });
    expect(!r.ok && r.error.kind).toBe('too-large');
    fault.next({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":1,"name":"' + 'x'.repeat(900) + '"}' });
    expect((await client({ maxResponseBytes: 1024 }).getItem({ id: 'ok' })).ok).toBe(true);
  });
});

describe('headers and attempts on every result', () => {
  it('ok, http, network and validation results', async () => {
    const c = client();
    fault.next({ status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' }, body: '{"id":1,"name":"n"}' });
    const ok: AnyResult = await c.getItem({ id: 'h' });
    expect(ok).toMatchObject({ ok: true, attempts: 1, headers: { 'x-request-id': 'r-1', 'content-type': 'application/json' } });
    // Built when first read, yet an own, enumerable member like the others.
    expect(Object.keys(ok)).toContain('headers');
    expect(JSON.parse(JSON.stringify(ok)).headers['x-request-id']).toBe('r-1');
    expect({ ...ok }.headers).toBe(ok.headers);
    // Nothing else shows: the members, in this order, and deep equality with a plain object.
    expect(Object.keys(ok)).toEqual(['ok', 'status', 'data', 'attempts', 'headers']);
    expect(ok).toStrictEqual({ ok: true, status: 200, data: { id: 1, name: 'n' }, attempts: 1, headers: { ...ok.headers } });
    fault.next({ status: 404, headers: { 'x-request-id': 'r-2' } });
    const nf: AnyResult = await c.getItem({ id: 'h' });
    expect(nf).toMatchObject({ ok: false, attempts: 1, headers: { 'x-request-id': 'r-2' }, error: { kind: 'http', status: 404 } });
    // Each result its own headers; assigning replaces them on that result only (the results share one accessor).
    expect(ok.headers['x-request-id']).toBe('r-1');
    nf.headers = { replaced: 'yes' };
    expect(nf.headers).toEqual({ replaced: 'yes' });
    expect(ok.headers['x-request-id']).toBe('r-1');
    fault.next({ status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'r-3' }, body: '{"id":1,"name":"n"}' });
    const unread: AnyResult = await c.getItem({ id: 'h' });
    unread.headers = { early: 'set before any read' };
    expect(unread.headers).toEqual({ early: 'set before any read' });
    const bad: AnyResult = await c.getItem({});
    expect(bad).toMatchObject({ ok: false, attempts: 0, headers: {}, error: { kind: 'validation' } });
  });

  it('the session cookie is redacted in the logon result', async () => {
    const r: AnyResult = await tier3.createClient({ baseUrl: t3.origin, auth: T3 }).logon();
    expect(r.ok && r.headers['set-cookie']).toBe('[redacted]');
  });
});

// ---- input that never reaches the wire ---------------------------------------------------------------------

describe('input that never reaches the wire', () => {
  const sent: string[] = [];
  const spy = async (url: string, init: RequestInit) => {
    sent.push(`${url} ${JSON.stringify(init.headers)}`);
    return new Response('{"id":1,"name":"n"}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const spyClient = (o: object = {}) => calls.createClient({ baseUrl: 'https://calls.example', auth: { key: 'k' }, fetch: spy, ...o });
  beforeEach(() => {
    sent.length = 0;
  });

  const cases: { name: string; call: (c: any) => Promise<AnyResult>; path: string; keyword: string }[] = [
    { name: 'path "."', call: (c) => c.getItem({ id: '.' }), path: '/id', keyword: 'pathSegment' },
    { name: 'path ".."', call: (c) => c.getItem({ id: '..' }), path: '/id', keyword: 'pathSegment' },
    { name: 'path "%2e"', call: (c) => c.getItem({ id: '%2e' }), path: '/id', keyword: 'pathSegment' },
    { name: 'path "%2E%2e"', call: (c) => c.getItem({ id: '%2E%2e' }), path: '/id', keyword: 'pathSegment' },
    { name: 'path ".%2E"', call: (c) => c.getItem({ id: '.%2E' }), path: '/id', keyword: 'pathSegment' },
    { name: 'path ""', call: (c) => c.getItem({ id: '' }), path: '/id', keyword: 'pathSegment' },
    { name: 'lone surrogate in a path parameter', call: (c) => c.getItem({ id: 'a\ud800' }), path: '/id', keyword: 'wellFormed' },
    { name: 'lone surrogate in a query parameter', call: (c) => c.putItem({ id: 'a', q: '\udc00x', ...order }), path: '/q', keyword: 'wellFormed' },
    { name: 'lone surrogate in a header parameter', call: (c) => c.putItem({ id: 'a', 'X-Trace': '\ud83d', ...order }), path: '/X-Trace', keyword: 'headerValue' },
    { name: 'CR LF in a header parameter', call: (c) => c.putItem({ id: 'a', 'X-Trace': 'x\r\nX-Admin: 1', ...order }), path: '/X-Trace', keyword: 'headerValue' },
    { name: 'NUL in a header parameter', call: (c) => c.putItem({ id: 'a', 'X-Trace': 'x\u0000', ...order }), path: '/X-Trace', keyword: 'headerValue' },
    { name: 'LF in the idempotency key parameter', call: (c) => c.createOrder({ 'idempotency-key': 'a\nb', ...order }), path: '/idempotency-key', keyword: 'headerValue' },
    { name: 'CR in a call header', call: (c) => c.getItem({ id: 'a' }, { headers: { 'x-note': 'a\rb' } }), path: '', keyword: 'headerValue' },
    { name: 'a call header name that is not a token', call: (c) => c.getItem({ id: 'a' }, { headers: { 'x note': 'a' } }), path: '', keyword: 'headerName' },
    { name: 'LF in idempotencyKey', call: (c) => c.pay(order, { idempotencyKey: 'k\n' }), path: '', keyword: 'headerValue' },
  ];
  for (const t of cases) {
    it(`${t.name} is a validation failure and fetch never sees it`, async () => {
      for (const validateRequest of [true, false]) {
        const r = await t.call(spyClient({ validateRequest }));
        expect(!r.ok && r.error, t.name).toMatchObject({ kind: 'validation', issues: [{ path: t.path, keyword: t.keyword }] });
        expect(r.attempts).toBe(0);
      }
      expect(sent).toEqual([]);
    });
  }

  it('ordinary values still go out, encoded', async () => {
    const r: AnyResult = await spyClient().putItem({ id: 'a/.b', q: 'x y', 'X-Trace': 'tr-1', ...order });
    expect(r.ok).toBe(true);
    expect(sent[0]).toMatch(/^https:\/\/calls\.example\/items\/a%2F\.b\?q=x%20y /);
    expect(sent[0]).toContain('"x-trace":"tr-1"');
  });

  it('a credential or client header that would break a header: refused too', async () => {
    const r: AnyResult = await calls.createClient({ baseUrl: 'https://calls.example', auth: { key: 'k\r\nx: 1' }, fetch: spy }).getItem({ id: 'a' });
    expect(!r.ok && r.error).toMatchObject({ kind: 'validation', issues: [{ keyword: 'headerValue' }] });
    expect(!r.ok && r.error.message).not.toContain('k\r\n');
    expect(() => calls.createClient({ baseUrl: 'https://calls.example', auth: { key: 'k' }, headers: { 'x-a': 'a\nb' } })).toThrow(/CR, LF or NUL/);
    expect(sent).toEqual([]);
  });
});

// ---- runtime pieces ------------------------------------------------------------------------------------------

describe('runtime pieces', () => {
  it('Retry-After: delta-seconds and the three HTTP-date forms', () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 30);
    const cases: [string | null, number | undefined][] = [
      ['0', 0], ['7', 7000], [' 120 ', 120_000], ['Sun, 06 Nov 1994 08:49:37 GMT', 7000], ['Sunday, 06-Nov-94 08:49:37 GMT', 7000],
      ['Sun Nov  6 08:49:37 1994', 7000], ['Sun, 06 Nov 1994 08:49:00 GMT', 0], ['-1', undefined], ['1.5', undefined], ['soon', undefined],
      ['2024-01-01', undefined], ['Sun, 06 Nov 1994 08:49:37', undefined], [null, undefined],
    ];
    for (const [v, want] of cases) expect(rt.retryAfterMs(v, now), String(v)).toBe(want);
  });

  it('"never sent" is only a failure to connect', async () => {
    const port = await closedPort();
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(rt.neverSent(refused)).toBe(true);
    const srv = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const reset = await fetch(`http://127.0.0.1:${(srv.address() as any).port}/`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
      expect(rt.neverSent(reset)).toBe(false);
    } finally {
      srv.close();
    }
    expect(rt.neverSent(new TypeError('Failed to fetch'))).toBe(false);
    expect(rt.neverSent(Object.assign(new Error('x'), { cause: { code: 'ECONNRESET', syscall: 'connect' } }))).toBe(true);
    expect(rt.neverSent(Object.assign(new Error('x'), { cause: { code: 'ECONNRESET', syscall: 'read' } }))).toBe(false);
    expect(rt.neverSent(Object.assign(new Error('x'), { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(false);
    expect(rt.neverSent(Object.assign(new Error('x'), { cause: { code: 'ENOTFOUND', syscall: 'getaddrinfo' } }))).toBe(false);
  });

  it('UUIDs are version 4, also without crypto.randomUUID', () => {
    expect(rt.randomUuid()).toMatch(UUID_V4);
    const saved = Object.getOwnPropertyDescriptor(globalThis.crypto, 'randomUUID');
    const proto = Object.getPrototypeOf(globalThis.crypto);
    const protoSaved = Object.getOwnPropertyDescriptor(proto, 'randomUUID');
    try {
      Object.defineProperty(proto, 'randomUUID', { value: undefined, configurable: true });
      if (saved) Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
      const ids = new Set(Array.from({ length: 50 }, () => rt.randomUuid()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(UUID_V4);
    } finally {
      if (protoSaved) Object.defineProperty(proto, 'randomUUID', protoSaved);
      if (saved) Object.defineProperty(globalThis.crypto, 'randomUUID', saved);
    }
    expect(rt.randomUuid()).toMatch(UUID_V4);
  });

  it('bad retry and limit options: a TypeError from createClient, a validation failure per call', async () => {
    expect(() => client({ retry: { retries: 1.5 } })).toThrow(/retries must be a whole number/);
    expect(() => client({ timeoutMs: -1 })).toThrow(/timeoutMs must be a number >= 0/);
    const r: AnyResult = await client().getItem({ id: 'a' }, { retry: 'often' });
    expect(!r.ok && r.error).toMatchObject({ kind: 'validation', issues: [{ keyword: 'options' }] });
  });
});

// ---- the mock's side of idempotency --------------------------------------------------------------------------

describe('mock: idempotency keys', () => {
  it('the same key and body replays the stored reply and stores nothing; another body gets 409', async () => {
    const mock = await callsMock.startMockServer({ credentials: { apiKeys: { key: ['k-1'] } }, validateReplies: true });
    try {
      const c = calls.createClient({ baseUrl: mock.url, auth: { key: 'k-1' } });
      const first: AnyResult = await c.createOrder({ 'idempotency-key': 'same', body: { name: 'One' } });
      const again: AnyResult = await c.createOrder({ 'idempotency-key': 'same', body: { name: 'One' } });
      expect(first).toMatchObject({ ok: true, status: 201, data: { id: 1, name: 'One' } });
      expect(again).toMatchObject({ ok: true, status: 201, data: { id: 1, name: 'One' } });
      expect(mock.records('orders')).toHaveLength(1);
      const other: AnyResult = await c.createOrder({ 'idempotency-key': 'same', body: { name: 'Two' } });
      expect(!other.ok && other.error).toMatchObject({ kind: 'http', status: 409, documented: true });
      expect(mock.records('orders')).toHaveLength(1);
      const fresh: AnyResult = await c.createOrder({ body: { name: 'One' } });
      expect(fresh.ok && fresh.data.id).toBe(2);
      // x-idempotency-header names the header of `pay`.
      await c.pay({ body: { name: 'P' } }, { idempotencyKey: 'p-1' });
      await c.pay({ body: { name: 'P' } }, { idempotencyKey: 'p-1' });
      expect(mock.records('payments')).toHaveLength(1);
      expect(mock.problems).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
